//! md5 of keys and point labels, by RustCrypto's `md-5`. A text that fits in one block (most keys
//! and every label) is padded here and given to the crate's block function: the `Digest` API
//! would copy it into its buffer, pad it there and serialise the state into bytes, a tenth or more
//! of one short key's md5 (bench/README.md, "KetamaRing single calls").

use md5::block_api::compress;
use md5::{Digest, Md5};

/// md5's initial state (RFC 1321 §3.3).
const INIT: [u32; 4] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476];

/// The longest text that fits in one 64-byte block with md5's padding: a 0x80 byte and the
/// 8-byte bit length.
const ONE_BLOCK: usize = 64 - 1 - 8;

/// md5 of `text` as its four little-endian words: digest bytes 0–3, 4–7, 8–11 and 12–15.
#[inline]
pub(super) fn md5_words(text: &[u8]) -> [u32; 4] {
    if text.len() > ONE_BLOCK {
        return md5_words_long(text);
    }
    let mut block = [0u8; 64];
    block[..text.len()].copy_from_slice(text);
    block[text.len()] = 0x80;
    block[56..].copy_from_slice(&(text.len() as u64 * 8).to_le_bytes());
    let mut state = INIT;
    compress(&mut state, &[block]);
    state
}

/// md5 of a text of more than one block, through the `Digest` API.
#[cold]
fn md5_words_long(text: &[u8]) -> [u32; 4] {
    let digest = Md5::digest(text);
    std::array::from_fn(|j| {
        let b = &digest[4 * j..4 * j + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_path_equals_the_digest_api() {
        // Every length around the one-block limit, with bytes of every value.
        for len in 0..=130usize {
            let text: Vec<u8> = (0..len).map(|i| (i * 151 + len * 7) as u8).collect();
            assert_eq!(md5_words(&text), md5_words_long(&text), "length {len}");
        }
        // RFC 1321's test suite: md5("abc") = 900150983cd24fb0d6963f7d28e17f72.
        assert_eq!(md5_words(b"abc")[0], 0x9850_0190);
    }
}
