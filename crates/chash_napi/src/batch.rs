//! Batch lookups (`lookupMany`) of rings and ketama continuums: reading and checking the packed
//! keys (docs/placement.md §1: each key encoded on its own) and the scratch buffers they reuse.

use napi::sys;

use crate::keys::{key_arg, read_ascii, read_units, string_units, Key};
use crate::raw::{slot_array, typed_array_of, u32_arg, JsError, JsResult, U32};
use crate::utf16;

/// Above this capacity (bytes) the batch buffers are freed after a batch rather than kept.
const BATCH_KEEP: usize = 1 << 20;

/// The scratch buffers of batches of string keys: the keys' UTF-8, their UTF-16 units and byte
/// offsets.
#[derive(Default)]
pub(crate) struct BatchScratch {
    bytes: Vec<u8>,
    units: Vec<u16>,
    offsets: Vec<u32>,
}

impl BatchScratch {
    /// Frees the buffers that a large batch left large.
    fn trim(&mut self) {
        if self.bytes.capacity() > BATCH_KEEP {
            self.bytes = Vec::new();
        }
        if self.units.capacity() * 2 > BATCH_KEEP {
            self.units = Vec::new();
        }
        if self.offsets.capacity() * 4 > BATCH_KEEP {
            self.offsets = Vec::new();
        }
    }
}

/// Reads and checks the arguments `(keys, offsets, count, out, outStart)` of a `lookupMany`
/// (rings and ketama continuums alike) and calls `lookup` once with the keys as UTF-8 and the
/// part of `out` they fill.
///
/// Key `k < count` is `keys[offsets[k] .. offsets[k + 1])`: UTF-16 units of a string (the keys
/// concatenated; each key is encoded on its own, so a surrogate pair split between two keys
/// gives two U+FFFD), or bytes of a `Uint8Array`. Its owner goes to `out[outStart + k]`
/// (an `Int32Array` or `Uint32Array`), -1 / 2^32 - 1 when there is none.
///
/// # Safety
/// `env` and `argv` are the running callback's.
pub(crate) unsafe fn batch_lookup(
    env: sys::napi_env,
    argv: &[sys::napi_value; 5],
    batch: &mut BatchScratch,
    lookup: impl FnOnce(&[u8], &[u32], &mut [u32]) -> Result<(), chash_core::Error>,
) -> JsResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let keys = key_arg(env, argv[0])?;
        let offsets = typed_array_of(env, argv[1], U32, "offsets must be a Uint32Array")?;
        let count = u32_arg(env, argv[2], "count")? as usize;
        let out = slot_array(env, argv[3])?;
        let start = u32_arg(env, argv[4], "outStart")? as usize;
        if count == 0 {
            return Ok(());
        }
        if offsets.len <= count {
            return Err(JsError::Range(
                format!(
                    "offsets must hold count + 1 = {} entries, got {}",
                    count + 1,
                    offsets.len
                )
                .into(),
            ));
        }
        if start + count > out.len {
            return Err(chash_core::Error::OutputTooShort {
                needed: start + count,
                got: out.len,
            }
            .into());
        }
        let shares = out.overlaps(&offsets) || matches!(&keys, Key::Bytes(b) if out.overlaps(b));
        if shares {
            return Err(JsError::Range(
                "out must not share memory with the keys or offsets".into(),
            ));
        }
        let offsets = &offsets.slice::<u32>()[..=count];
        let out = &mut out.slice_mut::<u32>()[start..start + count];
        match keys {
            Key::Bytes(bytes) => lookup(bytes.slice::<u8>(), offsets, out)?,
            Key::Str(value) => {
                let units = string_units(env, value)?;
                if read_ascii(env, value, units, &mut batch.bytes)? {
                    lookup(&batch.bytes, offsets, out)?;
                } else {
                    read_units(env, value, units, &mut batch.units)?;
                    encode_keys(&batch.units, offsets, &mut batch.bytes, &mut batch.offsets)?;
                    lookup(&batch.bytes, &batch.offsets, out)?;
                }
                batch.trim();
            }
        }
        Ok(())
    }
}

/// Encodes each key `units[offsets[k] .. offsets[k + 1])` to UTF-8 on its own, into `bytes`
/// with byte offsets in `byte_offsets`.
fn encode_keys(
    units: &[u16],
    offsets: &[u32],
    bytes: &mut Vec<u8>,
    byte_offsets: &mut Vec<u32>,
) -> JsResult<()> {
    bytes.clear();
    byte_offsets.clear();
    byte_offsets.push(0);
    for key in chash_core::packed::keys(units, offsets) {
        utf16::push_utf8(key?, bytes);
        let end = u32::try_from(bytes.len())
            .map_err(|_| JsError::Range("a batch of keys must stay under 4 GiB of UTF-8".into()))?;
        byte_offsets.push(end);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_one_by_one() {
        // "a", "é", then a surrogate pair split over two keys, then an empty key.
        let units: Vec<u16> = vec![0x61, 0xE9, 0xD83D, 0xDE00];
        let (mut bytes, mut offs) = (Vec::new(), Vec::new());
        encode_keys(&units, &[0, 1, 2, 3, 4, 4], &mut bytes, &mut offs).unwrap();
        let fffd = "\u{FFFD}".as_bytes();
        assert_eq!(bytes, [&b"a"[..], "é".as_bytes(), fffd, fffd].concat());
        assert_eq!(offs, [0, 1, 3, 6, 9, 9]);
        assert!(encode_keys(&units, &[0, 5], &mut bytes, &mut offs).is_err());
        assert!(encode_keys(&units, &[2, 1], &mut bytes, &mut offs).is_err());
    }
}
