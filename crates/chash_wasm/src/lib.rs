//! `chash_wasm`: the WebAssembly face of [`chash_core`] for `@chash/wasm` (built with wasm-pack).
//!
//! The API deals only in numbers, so that a call costs little more than a WebAssembly function
//! call: no strings, no objects and no copies made by wasm-bindgen's glue on the hot paths.
//!
//! * Keys travel through a [`Scratch`]: buffers ("regions") in wasm memory that the module owns
//!   and JavaScript writes into directly. `reserve` grows a region and returns its address.
//!   JavaScript encodes a key into the key region (`TextEncoder.encodeInto` or its own UTF-8
//!   loop) and passes only its length; a batch packs many keys there with offsets and crosses
//!   once; results that are not a single number land in the out region.
//! * Each JavaScript runtime that caches region addresses owns its own `Scratch`, so two users
//!   of one module instance (two copies of `@chash/core`, say) never move each other's regions.
//! * Growing a region (or a ring) may grow the wasm memory, which detaches every JavaScript view
//!   of `memory.buffer`: callers re-create their views after any call.
//! * [`WasmRing`] wraps a [`Ring`]; wasm-bindgen's glue frees it when its JavaScript object is
//!   garbage collected (FinalizationRegistry), and [`live_rings`] counts rings (and [`WasmMemento`]s)
//!   not yet freed.

//! * [`WasmMemento`] (MementoHash) and [`WasmKetama`] (a ketama continuum) read keys from a
//!   [`Scratch`] the same way.
//!
//! Slots are `u32` indices chosen by the caller, as in `chash_core`; a lookup on an empty ring
//! gives `-1` (`NO_SLOT` in `@chash/core`).

use std::cell::Cell;

use chash_core::{
    jump_hash_many, jump_hash_unchecked, jump_keys_many, Error, HashKind, KeyHasher, Ring,
    JUMP_KEY_HASHER, NO_SLOT,
};
use wasm_bindgen::prelude::*;

mod batch;
mod ketama;
mod memento;
pub use ketama::WasmKetama;
pub use memento::WasmMemento;

thread_local! {
    // wasm32-unknown-unknown without the atomics feature has one thread: a plain static.
    static LIVE_RINGS: Cell<u32> = const { Cell::new(0) };
}

/// The number of [`WasmRing`]s and [`WasmMemento`]s created and not yet freed (for leak tests).
#[wasm_bindgen(js_name = liveRings)]
pub fn live_rings() -> u32 {
    LIVE_RINGS.get()
}

/// Jump hash (docs/placement.md §7) of the key `hi·2^32 + lo` into `buckets` (the caller has
/// checked `1 ..= 2^31 − 1`).
#[wasm_bindgen]
pub fn jump(hi: u32, lo: u32, buckets: u32) -> u32 {
    jump_hash_unchecked((u64::from(hi) << 32) | u64::from(lo), buckets)
}

/// Grows `v` to at least `len` elements (never shrinks) and returns its address.
fn reserve<T: Copy + Default>(v: &mut Vec<T>, len: usize) -> usize {
    if v.len() < len {
        v.resize(len, T::default());
    }
    v.as_ptr() as usize
}

/// The hasher for a hash kind code ([`HashKind::from_code`]: 0 = XXH3, 1 = XXH64) and a seed in
/// two halves.
fn hasher(kind: u32, seed_hi: u32, seed_lo: u32) -> Result<KeyHasher, JsValue> {
    let kind = HashKind::from_code(kind).ok_or(Error::UnknownHashCode {
        name: "kind",
        code: kind,
    });
    Ok(KeyHasher::with_seed_halves(
        kind.map_err(js_error)?,
        seed_hi,
        seed_lo,
    ))
}

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `RangeError`: every [`Error`] is an argument or a request out of range, and
    /// napi throws them as `RangeError` too (wasm-bindgen's `JsError` is a plain `Error`).
    #[wasm_bindgen(js_name = RangeError)]
    type JsRangeError;
    #[wasm_bindgen(constructor, js_class = "RangeError")]
    fn new(message: &str) -> JsRangeError;
}

/// A JavaScript `RangeError` for `e`, in chash_core's words ([`Error::integer_message`], which
/// leaves float formatting out of the module).
fn js_error(e: Error) -> JsValue {
    // Only `points_for` (InvalidWeight, WeightOutOfRange), `HashKind::from_str` (UnknownHash) and
    // `Ketama::set_server` (InvalidWeight) return the others: this crate calls only the last, and
    // @chash/core checks a server's weight before it gets here.
    let message = e
        .integer_message()
        .unwrap_or_else(|| "invalid argument".to_owned());
    JsRangeError::new(&message).into()
}

/// The regions one JavaScript runtime reads and writes. Each is a `Vec` of its element type, so
/// a region's address is aligned for its JavaScript view (`Uint32Array` needs 4, `u64` pairs 8).
#[wasm_bindgen]
#[derive(Default)]
pub struct Scratch {
    /// Key bytes: one key, or a batch packed end to end.
    keys: Vec<u8>,
    /// Batch key offsets: key `k` is `keys[offsets[k] .. offsets[k + 1]]`.
    offsets: Vec<u32>,
    /// Results: batch owners, replicas, hash halves, jump buckets.
    out: Vec<u32>,
    /// 64-bit inputs: jump keys.
    words: Vec<u64>,
    /// Working memory of batch lookups in hash order (not seen by JavaScript).
    sorted: batch::SortedBatch,
}

/// The regions of [`Scratch::reserve`], by code.
const KEYS: u32 = 0;
const OFFSETS: u32 = 1;
const OUT: u32 = 2;

#[wasm_bindgen]
impl Scratch {
    /// Empty regions.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// Makes a region hold at least `len` elements and returns its address: `region` 0 = keys
    /// (bytes), 1 = offsets, 2 = out (`u32`s), 3 = words (`u64`s). May grow the memory.
    pub fn reserve(&mut self, region: u32, len: usize) -> usize {
        match region {
            KEYS => reserve(&mut self.keys, len),
            OFFSETS => reserve(&mut self.offsets, len),
            OUT => reserve(&mut self.out, len),
            _ => reserve(&mut self.words, len),
        }
    }

    /// Hashes the first `len` bytes of the key region with the hash `kind` (0 = XXH3,
    /// 1 = XXH64) and the seed `seed_hi·2^32 + seed_lo`; writes the high half to `out[0]` and
    /// the low half to `out[1]` (the out region must hold 2).
    pub fn hash64(
        &mut self,
        kind: u32,
        seed_hi: u32,
        seed_lo: u32,
        len: usize,
    ) -> Result<(), JsValue> {
        let h = hasher(kind, seed_hi, seed_lo)?.hash(&self.keys[..len]);
        self.out[..2].copy_from_slice(&[(h >> 32) as u32, h as u32]);
        Ok(())
    }

    /// Jump hash (docs/placement.md §7) of the key in the first `len` bytes of the key region,
    /// hashed with XXH3-64 (seed 0), into `buckets` (the caller has checked `1 ..= 2^31 − 1`):
    /// the hash and the jump in one call.
    #[wasm_bindgen(js_name = jumpKey)]
    pub fn jump_key(&self, len: usize, buckets: u32) -> u32 {
        jump_hash_unchecked(JUMP_KEY_HASHER.hash(self.key(len)), buckets)
    }

    /// `jumpKey` of each of the `count` keys packed in the key and offsets regions (as for
    /// `WasmRing::lookupMany`) into `out[0 .. count]`.
    #[wasm_bindgen(js_name = jumpKeysMany)]
    pub fn jump_keys_many(&mut self, count: usize, buckets: u32) -> Result<(), JsValue> {
        let b = self.batch(count);
        jump_keys_many(b.keys, b.offsets, buckets, b.out).map_err(js_error)
    }

    /// Jump hash of the first `count` keys of the words region into `out[0 .. count]`.
    #[wasm_bindgen(js_name = jumpMany)]
    pub fn jump_many(&mut self, count: usize, buckets: u32) -> Result<(), JsValue> {
        jump_hash_many(&self.words[..count], buckets, &mut self.out[..count]).map_err(js_error)
    }
}

/// A batch as the engines read it from a [`Scratch`].
struct Batch<'a> {
    keys: &'a [u8],
    /// `count + 1` offsets into `keys`.
    offsets: &'a [u32],
    /// `count` results.
    out: &'a mut [u32],
    sorted: &'a mut batch::SortedBatch,
}

impl Scratch {
    /// The key in the first `len` bytes of the key region.
    fn key(&self, len: usize) -> &[u8] {
        &self.keys[..len]
    }

    /// The key in the first `len` bytes of the key region and the first `n` results.
    fn key_and_out(&mut self, len: usize, n: usize) -> (&[u8], &mut [u32]) {
        (&self.keys[..len], &mut self.out[..n])
    }

    /// The batch of `count` keys packed in the key and offsets regions.
    fn batch(&mut self, count: usize) -> Batch<'_> {
        Batch {
            keys: &self.keys,
            offsets: &self.offsets[..=count],
            out: &mut self.out[..count],
            sorted: &mut self.sorted,
        }
    }
}

/// A consistent-hash ring (docs/placement.md §3–§6) whose consumers are slots. Keys are read
/// from a [`Scratch`]'s key region.
#[wasm_bindgen]
pub struct WasmRing {
    ring: Ring,
}

#[wasm_bindgen]
impl WasmRing {
    /// An empty ring with the hash `kind` (0 = XXH3, 1 = XXH64) and the seed
    /// `seed_hi·2^32 + seed_lo`.
    #[wasm_bindgen(constructor)]
    pub fn new(kind: u32, seed_hi: u32, seed_lo: u32) -> Result<WasmRing, JsValue> {
        let ring = Ring::new(hasher(kind, seed_hi, seed_lo)?);
        LIVE_RINGS.set(LIVE_RINGS.get() + 1);
        Ok(WasmRing { ring })
    }

    /// Puts the consumer `id` (UTF-8 bytes) with `points` points into `slot`, replacing the one
    /// there. The change is applied at the next lookup; a ring whose build would not fit in
    /// memory is refused here with a `RangeError` (chash_core reserves the build's memory).
    #[wasm_bindgen(js_name = setConsumer)]
    pub fn set_consumer(&mut self, slot: u32, id: &[u8], points: u32) -> Result<(), JsValue> {
        self.ring.set_consumer(slot, id, points).map_err(js_error)
    }

    /// Removes the consumer in `slot`; returns whether there was one.
    #[wasm_bindgen(js_name = removeConsumer)]
    pub fn remove_consumer(&mut self, slot: u32) -> bool {
        self.ring.remove_consumer(slot)
    }

    /// The number of points on the ring.
    #[wasm_bindgen(js_name = pointCount)]
    pub fn point_count(&self) -> u32 {
        self.ring.point_count()
    }

    /// The slot owning the key in the first `len` bytes of `scratch`'s key region, or -1 on an
    /// empty ring. May grow the memory (it applies pending changes).
    pub fn lookup(&mut self, scratch: &Scratch, len: usize) -> i32 {
        // Slots are at most 2^24 − 1, so they fit in an i32.
        self.ring.lookup(scratch.key(len)).map_or(-1, |s| s as i32)
    }

    /// Batch lookup: key `k` of `count` is `keys[offsets[k] .. offsets[k + 1]]` (the offsets
    /// region holds `count + 1` entries); its owner goes to `out[k]`, `u32::MAX` (-1 as an
    /// `Int32Array`) on an empty ring. Large batches on large rings are looked up in hash order
    /// (see `batch`), with the same results. May grow the memory.
    #[wasm_bindgen(js_name = lookupMany)]
    pub fn lookup_many(&mut self, scratch: &mut Scratch, count: usize) -> Result<(), JsValue> {
        let b = scratch.batch(count);
        if count >= batch::SORTED_MIN_KEYS && self.ring.point_count() >= batch::SORTED_MIN_POINTS {
            b.sorted
                .lookup_many(&mut self.ring, b.keys, b.offsets, b.out)
        } else {
            self.ring.lookup_many(b.keys, b.offsets, b.out)
        }
        .map_err(js_error)
    }

    /// Up to `n` distinct owners, in ring order (docs/placement.md §6), of the key in the first
    /// `len` bytes of the key region, written to `out[0 ..]` (the out region must hold `n`);
    /// returns how many. May grow the memory.
    pub fn replicas(&mut self, scratch: &mut Scratch, len: usize, n: usize) -> usize {
        let (key, out) = scratch.key_and_out(len, n);
        self.ring.replicas_into(key, out)
    }
}

impl Drop for WasmRing {
    fn drop(&mut self) {
        LIVE_RINGS.set(LIVE_RINGS.get() - 1);
    }
}

// Batches write NO_SLOT (u32::MAX) for "no owner"; read through an Int32Array it is -1, the
// same as `lookup`'s.
const _: () = assert!(NO_SLOT as i32 == -1);

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn put_key(scratch: &mut Scratch, key: &[u8]) -> usize {
        scratch.reserve(KEYS, key.len());
        scratch.keys[..key.len()].copy_from_slice(key);
        key.len()
    }

    /// Packs `keys` into the key and offsets regions, with room for as many results.
    pub(crate) fn put_batch(scratch: &mut Scratch, keys: &[String]) {
        let packed: Vec<u8> = keys.iter().flat_map(|k| k.bytes()).collect();
        put_key(scratch, &packed);
        scratch.reserve(OFFSETS, keys.len() + 1);
        scratch.reserve(OUT, keys.len());
        let mut at = 0;
        for (k, key) in keys.iter().enumerate() {
            at += key.len() as u32;
            scratch.offsets[k + 1] = at;
        }
    }

    #[test]
    fn ring_through_regions_matches_core() {
        let mut s = Scratch::new();
        let Ok(mut wasm) = WasmRing::new(1, 0, 7) else {
            panic!("kind 1 is XXH64")
        };
        let mut core = Ring::new(KeyHasher::new(HashKind::Xxh64, 7));
        for (slot, id) in ["a", "b", "c", "d"].iter().enumerate() {
            wasm.set_consumer(slot as u32, id.as_bytes(), 50).unwrap();
            core.set_consumer(slot as u32, id.as_bytes(), 50).unwrap();
        }
        assert_eq!(live_rings(), 1);
        assert_eq!(wasm.point_count(), 200);
        let keys: Vec<String> = (0..100).map(|i| format!("key-{i}")).collect();
        s.reserve(OUT, 3);
        for key in &keys {
            let len = put_key(&mut s, key.as_bytes());
            let want = core.lookup(key.as_bytes()).map_or(-1, |s| s as i32);
            assert_eq!(wasm.lookup(&s, len), want, "{key}");
            let n = wasm.replicas(&mut s, len, 3);
            let mut want = Vec::new();
            core.replicas(key.as_bytes(), 3, &mut want);
            assert_eq!(&s.out[..n], &want[..]);
        }
        // The batch: all keys packed, one call.
        put_batch(&mut s, &keys);
        wasm.lookup_many(&mut s, keys.len()).unwrap();
        for (k, key) in keys.iter().enumerate() {
            assert_eq!(Some(s.out[k]), core.lookup(key.as_bytes()));
        }
        drop(wasm);
        assert_eq!(live_rings(), 0);
    }

    #[test]
    fn empty_ring_gives_minus_one() {
        let mut s = Scratch::new();
        let Ok(mut ring) = WasmRing::new(0, 0, 0) else {
            panic!("kind 0 is XXH3")
        };
        let len = put_key(&mut s, b"k");
        assert_eq!(ring.lookup(&s, len), -1);
        assert_eq!(ring.replicas(&mut s, len, 0), 0);
        s.reserve(OFFSETS, 2);
        s.reserve(OUT, 1);
        s.offsets[..2].copy_from_slice(&[0, 1]);
        ring.lookup_many(&mut s, 1).unwrap();
        assert_eq!(s.out[0] as i32, -1);
    }

    #[test]
    fn hash_and_jump() {
        let mut s = Scratch::new();
        let len = put_key(&mut s, b"hello");
        s.reserve(OUT, 2);
        assert!(s.hash64(0, 0, 0, len).is_ok());
        let h = KeyHasher::new(HashKind::Xxh3, 0).hash(b"hello");
        assert_eq!(s.out[..2], [(h >> 32) as u32, h as u32]);
        assert_eq!(jump(0, 7, 3), 0);
        s.reserve(3, 7);
        s.reserve(OUT, 7);
        for (i, w) in s.words[..7].iter_mut().enumerate() {
            *w = i as u64 + 1;
        }
        s.jump_many(7, 3).unwrap();
        assert_eq!(s.out[..7], [0, 0, 2, 1, 1, 2, 0]);
        // docs/placement.md §7's "hello world": XXH3 d447b1ea40e6988b, bucket 913 of 1000.
        let len = put_key(&mut s, b"hello world");
        assert_eq!(s.jump_key(len, 1000), 913);
        put_batch(&mut s, &["hello world".into(), String::new(), "a".into()]);
        s.jump_keys_many(3, 1000).unwrap();
        let want: Vec<u32> = [&b"hello world"[..], b"", b"a"]
            .iter()
            .map(|k| chash_core::jump_key(k, 1000).unwrap())
            .collect();
        assert_eq!(s.out[..3], want[..]);
    }

    #[test]
    fn regions_grow_and_keep_their_alignment() {
        let mut s = Scratch::new();
        let a = s.reserve(KEYS, 10);
        assert_eq!(s.reserve(KEYS, 5), a); // never shrinks or moves without growing
        assert!(s.keys.len() >= 10);
        assert_eq!(s.reserve(OUT, 100) % 4, 0);
        assert_eq!(s.reserve(OFFSETS, 100) % 4, 0);
        assert_eq!(s.reserve(3, 100) % 8, 0);
    }

    #[test]
    fn unknown_codes_are_worded_by_chash_core() {
        let kind = Error::UnknownHashCode {
            name: "kind",
            code: 2,
        };
        assert_eq!(
            kind.to_string(),
            "kind must be 0 (xxh3) or 1 (xxh64), got 2"
        );
        assert_eq!(
            Error::UnknownCompat(4).to_string(),
            "compat must be 0..3, got 4"
        );
    }
}
