//! The packed batch format that every batch entry point shares: key `k` of a batch is
//! `buf[offsets[k] .. offsets[k + 1]]`, so `offsets` has one entry more than there are keys and an
//! empty `offsets` means no keys. `buf` holds bytes here and UTF-16 units in the napi crate, hence
//! the generic element type.

use crate::Error;

/// The number of keys in a batch with these `offsets`, after checking that `out_len` results fit.
///
/// Errors: [`Error::OutputTooShort`] if `out_len` is below the number of keys.
pub fn key_count(offsets: &[u32], out_len: usize) -> Result<usize, Error> {
    let keys = offsets.len().saturating_sub(1);
    if out_len < keys {
        return Err(Error::OutputTooShort {
            needed: keys,
            got: out_len,
        });
    }
    Ok(keys)
}

/// The keys of a batch in order; a key whose offsets decrease or pass the end of `buf` is
/// [`Error::InvalidOffsets`] with the index of its end offset.
pub fn keys<'a, T>(
    buf: &'a [T],
    offsets: &'a [u32],
) -> impl Iterator<Item = Result<&'a [T], Error>> + 'a {
    offsets.windows(2).enumerate().map(move |(k, w)| {
        buf.get(w[0] as usize..w[1] as usize)
            .ok_or(Error::InvalidOffsets { index: k + 1 })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_checks() {
        let buf = b"abcdef";
        let got: Vec<_> = keys(buf, &[0, 1, 1, 6]).collect();
        assert_eq!(got, [Ok(&b"a"[..]), Ok(&b""[..]), Ok(&b"bcdef"[..])]);
        assert_eq!(keys(buf, &[]).count(), 0);
        assert_eq!(
            keys(buf, &[0, 2, 1]).nth(1),
            Some(Err(Error::InvalidOffsets { index: 2 }))
        );
        assert_eq!(
            keys(buf, &[0, 7]).next(),
            Some(Err(Error::InvalidOffsets { index: 1 }))
        );
        assert_eq!(key_count(&[0, 1, 2], 2), Ok(2));
        assert_eq!(key_count(&[], 0), Ok(0));
        assert_eq!(
            key_count(&[0, 1, 2], 1),
            Err(Error::OutputTooShort { needed: 2, got: 1 })
        );
    }
}
