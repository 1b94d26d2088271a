//! [`WasmKetama`]: a ketama continuum (docs/placement.md §9) whose keys are read from a
//! [`Scratch`]'s regions, like [`crate::WasmRing`].

use chash_core::ketama::{Compat, Ketama};
use wasm_bindgen::prelude::*;

use chash_core::Error;

use crate::{js_error, Scratch};

/// A continuum reproducing npm hashring, libketama or libmemcached; servers are slots.
#[wasm_bindgen]
pub struct WasmKetama {
    ketama: Ketama,
}

#[wasm_bindgen]
impl WasmKetama {
    /// An empty continuum: `compat` 0 = hashring, 1 = hash_ring, 2 = libketama,
    /// 3 = libmemcached; `vnodes` digests per server before weighting; `default_port` 0 for none.
    #[wasm_bindgen(constructor)]
    pub fn new(compat: u32, vnodes: u32, default_port: u32) -> Result<WasmKetama, JsValue> {
        let compat = Compat::from_code(compat).ok_or(Error::UnknownCompat(compat));
        let compat = compat.map_err(js_error)?;
        let ketama = Ketama::new(compat, vnodes, default_port).map_err(js_error)?;
        Ok(WasmKetama { ketama })
    }

    /// Adds server `name` (UTF-8) in `slot` after the others, or sets the weight of the one there.
    #[wasm_bindgen(js_name = setServer)]
    pub fn set_server(&mut self, slot: u32, name: &[u8], weight: f64) -> Result<(), JsValue> {
        self.ketama.set_server(slot, name, weight).map_err(js_error)
    }

    /// Removes the server in `slot`; returns whether there was one.
    #[wasm_bindgen(js_name = removeServer)]
    pub fn remove_server(&mut self, slot: u32) -> bool {
        self.ketama.remove_server(slot)
    }

    /// The number of points (rebuilding the continuum if it changed).
    #[wasm_bindgen(js_name = pointCount)]
    pub fn point_count(&mut self) -> u32 {
        self.ketama.point_count() as u32
    }

    /// The slot owning the key in the first `len` bytes of the key region, or -1 without points.
    pub fn lookup(&mut self, scratch: &Scratch, len: usize) -> i32 {
        self.ketama.lookup(scratch.key(len)) as i32
    }

    /// Batch lookup of `count` keys packed in the key and offsets regions into `out[0 .. count]`.
    #[wasm_bindgen(js_name = lookupMany)]
    pub fn lookup_many(&mut self, scratch: &mut Scratch, count: usize) -> Result<(), JsValue> {
        let b = scratch.batch(count);
        (self.ketama.lookup_many(b.keys, b.offsets, b.out)).map_err(js_error)
    }

    /// Up to `n` distinct owners of the key in the first `len` bytes of the key region, written
    /// to `out[0 ..]`; returns how many.
    pub fn replicas(&mut self, scratch: &mut Scratch, len: usize, n: usize) -> usize {
        let (key, out) = scratch.key_and_out(len, n);
        self.ketama.replicas(key, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuum_through_regions_matches_core() {
        let mut s = Scratch::new();
        let Ok(mut wasm) = WasmKetama::new(3, 40, 0) else {
            panic!("3 is libmemcached")
        };
        let mut core = Ketama::new(Compat::Libmemcached, 40, 0).unwrap();
        for (slot, name) in ["a:11211", "b:11212", "c"].iter().enumerate() {
            wasm.set_server(slot as u32, name.as_bytes(), 1.0 + slot as f64)
                .unwrap();
            core.set_server(slot as u32, name.as_bytes(), 1.0 + slot as f64)
                .unwrap();
        }
        assert_eq!(wasm.point_count(), core.point_count() as u32);
        s.reserve(crate::OUT, 3);
        for i in 0..200 {
            let key = format!("key-{i}");
            crate::tests::put_key(&mut s, key.as_bytes());
            assert_eq!(
                wasm.lookup(&s, key.len()),
                core.lookup(key.as_bytes()) as i32
            );
            let n = wasm.replicas(&mut s, key.len(), 3);
            assert_eq!(n, 3);
            assert_eq!(s.out[0] as i32, core.lookup(key.as_bytes()) as i32);
        }
    }
}
