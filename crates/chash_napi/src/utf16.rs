//! UTF-16 → UTF-8 as docs/placement.md §1 wants it: surrogate pairs become one 4-byte sequence,
//! a lone surrogate becomes U+FFFD (EF BF BD), exactly as JavaScript's `TextEncoder` does.
//!
//! Strings are read out of V8 as UTF-16 (a plain copy of its characters, far cheaper than V8's
//! own UTF-8 writer for short strings) and encoded here.

use std::mem::MaybeUninit;

/// The most UTF-8 bytes one UTF-16 unit can turn into (a BMP character ≥ U+0800, or U+FFFD for a
/// lone surrogate). A surrogate pair is 2 units and 4 bytes, so `3 × units` always suffices.
pub const MAX_BYTES_PER_UNIT: usize = 3;

/// Encodes `src` as UTF-8 into the start of `dst` and returns the encoded bytes.
///
/// `dst` must hold at least `MAX_BYTES_PER_UNIT × src.len()` bytes; a shorter one panics.
pub fn encode_utf8<'a>(src: &[u16], dst: &'a mut [MaybeUninit<u8>]) -> &'a [u8] {
    assert!(
        dst.len() >= src.len() * MAX_BYTES_PER_UNIT,
        "UTF-8 buffer too short"
    );
    let n = src.len();
    let mut i = 0;
    let mut p = 0;
    // ASCII runs 8 units at a time: keys are mostly ASCII, and this loop vectorises.
    while i + 8 <= n {
        let chunk = &src[i..i + 8];
        if chunk.iter().fold(0, |acc, &u| acc | u) >= 0x80 {
            break;
        }
        for (d, &u) in dst[p..p + 8].iter_mut().zip(chunk) {
            d.write(u as u8);
        }
        i += 8;
        p += 8;
    }
    while i < n {
        let c = u32::from(src[i]);
        i += 1;
        if c < 0x80 {
            dst[p].write(c as u8);
            p += 1;
        } else if c < 0x800 {
            dst[p].write(0xC0 | (c >> 6) as u8);
            dst[p + 1].write(0x80 | (c & 0x3F) as u8);
            p += 2;
        } else if (0xD800..0xDC00).contains(&c)
            && i < n
            && (0xDC00..0xE000).contains(&u32::from(src[i]))
        {
            let cp = 0x10000 + ((c - 0xD800) << 10) + (u32::from(src[i]) - 0xDC00);
            i += 1;
            dst[p].write(0xF0 | (cp >> 18) as u8);
            dst[p + 1].write(0x80 | ((cp >> 12) & 0x3F) as u8);
            dst[p + 2].write(0x80 | ((cp >> 6) & 0x3F) as u8);
            dst[p + 3].write(0x80 | (cp & 0x3F) as u8);
            p += 4;
        } else {
            let c = if (0xD800..0xE000).contains(&c) {
                0xFFFD
            } else {
                c
            };
            dst[p].write(0xE0 | (c >> 12) as u8);
            dst[p + 1].write(0x80 | ((c >> 6) & 0x3F) as u8);
            dst[p + 2].write(0x80 | (c & 0x3F) as u8);
            p += 3;
        }
    }
    // SAFETY: the loops above wrote dst[..p].
    unsafe { std::slice::from_raw_parts(dst.as_ptr().cast::<u8>(), p) }
}

/// Appends the UTF-8 encoding of `src` to `out` (see [`encode_utf8`]).
pub fn push_utf8(src: &[u16], out: &mut Vec<u8>) {
    out.reserve(src.len() * MAX_BYTES_PER_UNIT);
    let len = out.len();
    let written = encode_utf8(src, out.spare_capacity_mut()).len();
    // SAFETY: encode_utf8 initialised `written` bytes of the spare capacity.
    unsafe { out.set_len(len + written) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(units: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        push_utf8(units, &mut out);
        out
    }

    #[test]
    fn matches_rust_for_valid_strings() {
        for s in [
            "",
            "a",
            "0000000000000000000042",
            "héllo wörld",
            "€uro and ∑ and 日本語",
            "emoji 🎉 pair 𝄞 and more text after it",
            "0123456789abcdef0123456789abcdefé",
        ] {
            let units: Vec<u16> = s.encode_utf16().collect();
            assert_eq!(encode(&units), s.as_bytes(), "{s:?}");
        }
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let fffd = "\u{FFFD}".as_bytes();
        assert_eq!(encode(&[0xD800]), fffd);
        assert_eq!(encode(&[0xDC00]), fffd);
        assert_eq!(encode(&[0xDC00, 0xD800]), [fffd, fffd].concat());
        assert_eq!(encode(&[0x61, 0xD83D]), [b"a", fffd].concat());
        // A high surrogate followed by a non-surrogate keeps that character.
        assert_eq!(encode(&[0xD83D, 0x62]), [fffd, b"b"].concat());
        // Past the 8-unit ASCII fast path too.
        let mut units = vec![0x61u16; 9];
        units.push(0xDFFF);
        assert_eq!(encode(&units), [&b"aaaaaaaaa"[..], fffd].concat());
    }

    #[test]
    fn worst_case_fits_the_bound() {
        let units = vec![0xFFFFu16; 100];
        let mut dst = vec![MaybeUninit::uninit(); 300];
        assert_eq!(encode_utf8(&units, &mut dst).len(), 300);
    }
}
