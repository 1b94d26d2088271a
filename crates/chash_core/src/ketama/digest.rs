//! md5 of keys and point labels, by RustCrypto's `md-5`: its block function on the text's whole
//! blocks, read in place, then on the padded tail. The `Digest` API would copy every byte into its
//! buffer, pad there and serialise the state into bytes, a tenth or more of one short key's md5
//! (bench/README.md, "KetamaRing single calls").

use md5::block_api::compress;

/// md5's initial state (RFC 1321 §3.3).
const INIT: [u32; 4] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476];

/// md5 of `text` as its four little-endian words: digest bytes 0–3, 4–7, 8–11 and 12–15.
#[inline]
pub(super) fn md5_words(text: &[u8]) -> [u32; 4] {
    let mut state = INIT;
    let mut blocks = text.chunks_exact(64);
    for block in &mut blocks {
        let block: &[u8; 64] = block.try_into().expect("chunks of 64 bytes");
        compress(&mut state, std::slice::from_ref(block));
    }
    // RFC 1321 §3.1–3.2: the rest, a 0x80 byte, zeros and the bit length in the last 8 bytes of
    // the tail's one block (rest < 56 bytes) or two.
    let rest = blocks.remainder();
    let mut tail = [[0u8; 64]; 2];
    let used = if rest.len() < 56 { 1 } else { 2 };
    let bytes = tail.as_flattened_mut();
    bytes[..rest.len()].copy_from_slice(rest);
    bytes[rest.len()] = 0x80;
    bytes[used * 64 - 8..used * 64].copy_from_slice(&(text.len() as u64 * 8).to_le_bytes());
    compress(&mut state, &tail[..used]);
    state
}

#[cfg(test)]
mod tests {
    use md5::{Digest, Md5};

    use super::*;

    #[test]
    fn equals_the_digest_api() {
        // Every length across the tail's one- and two-block cases and three whole blocks, with
        // bytes of every value.
        for len in 0..=200usize {
            let text: Vec<u8> = (0..len).map(|i| (i * 151 + len * 7) as u8).collect();
            let digest = Md5::digest(&text);
            let want: [u32; 4] = std::array::from_fn(|j| {
                u32::from_le_bytes(digest[4 * j..4 * j + 4].try_into().unwrap())
            });
            assert_eq!(md5_words(&text), want, "length {len}");
        }
        // RFC 1321's test suite: md5("abc") = 900150983cd24fb0d6963f7d28e17f72.
        assert_eq!(md5_words(b"abc")[0], 0x9850_0190);
    }
}
