//! [`WasmMemento`]: a MementoHash (docs/placement.md §8) in wasm memory. Keys come through a
//! [`Scratch`] exactly as for [`crate::WasmRing`], and the methods have the ring's names
//! (`lookup`, `lookupMany`) so that the JavaScript runtime drives both the same way.

use chash_core::{KeyHasher, Memento};
use wasm_bindgen::prelude::*;

use crate::{hasher, js_error, Scratch, LIVE_RINGS};

/// One MementoHash: bucket numbers in, bucket numbers out.
#[wasm_bindgen]
pub struct WasmMemento {
    memento: Memento,
}

#[wasm_bindgen]
impl WasmMemento {
    /// Working buckets `0 .. buckets` with the hash `kind` (0 = XXH3, 1 = XXH64) and the seed
    /// `seed_hi·2^32 + seed_lo`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        kind: u32,
        seed_hi: u32,
        seed_lo: u32,
        buckets: u32,
    ) -> Result<WasmMemento, JsValue> {
        let hasher: KeyHasher = hasher(kind, seed_hi, seed_lo)?;
        let memento = Memento::new(hasher, buckets).map_err(js_error)?;
        LIVE_RINGS.set(LIVE_RINGS.get() + 1);
        Ok(WasmMemento { memento })
    }

    /// The bucket of the key in the first `len` bytes of `scratch`'s key region.
    pub fn lookup(&self, scratch: &Scratch, len: usize) -> u32 {
        self.memento.get_bucket(scratch.key(len))
    }

    /// Key `k` of `count` is `keys[offsets[k] .. offsets[k + 1]]` (the offsets region holds
    /// `count + 1` entries); its bucket goes to `out[k]`.
    #[wasm_bindgen(js_name = lookupMany)]
    pub fn lookup_many(&self, scratch: &mut Scratch, count: usize) -> Result<(), JsValue> {
        let b = scratch.batch(count);
        (self.memento.get_bucket_many(b.keys, b.offsets, b.out)).map_err(js_error)
    }

    /// Removes a working bucket that is not the only one.
    #[wasm_bindgen(js_name = removeBucket)]
    pub fn remove_bucket(&mut self, bucket: u32) -> Result<(), JsValue> {
        self.memento.remove_bucket(bucket).map_err(js_error)
    }

    /// Brings back the most recently removed bucket, else adds one at the end; returns it.
    #[wasm_bindgen(js_name = addBucket)]
    pub fn add_bucket(&mut self) -> Result<u32, JsValue> {
        self.memento.add_bucket().map_err(js_error)
    }
}

impl Drop for WasmMemento {
    fn drop(&mut self) {
        LIVE_RINGS.set(LIVE_RINGS.get() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chash_core::HashKind;

    #[test]
    fn memento_through_regions_matches_core() {
        let mut s = Scratch::new();
        let Ok(mut wasm) = WasmMemento::new(1, 0, 0, 20) else {
            panic!("kind 1 is XXH64")
        };
        let mut core = Memento::new(KeyHasher::new(HashKind::Xxh64, 0), 20).unwrap();
        for b in [3, 19, 7] {
            assert!(wasm.remove_bucket(b).is_ok());
            core.remove_bucket(b).unwrap();
        }
        let keys: Vec<String> = (0..100).map(|i| format!("key-{i}")).collect();
        crate::tests::put_batch(&mut s, &keys);
        assert!(wasm.lookup_many(&mut s, keys.len()).is_ok());
        for (k, key) in keys.iter().enumerate() {
            assert_eq!(s.out[k], core.get_bucket(key.as_bytes()), "{key}");
        }
        assert_eq!(wasm.lookup(&s, 5), core.get_bucket(&s.keys[..5]));
        assert_eq!(wasm.add_bucket().ok(), Some(7));
    }
}
