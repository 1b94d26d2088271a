//! The stateless module functions: `hash64`, `jump`, `jumpMany`, `jumpKey` and `jumpKeysMany`
//! (raw callbacks, see [`crate::raw`]), registered on the module's exports by [`register`].

use std::cell::RefCell;
use std::ptr;

use chash_core::jump::MAX_BUCKETS;
use chash_core::{jump_hash, jump_hash_many, jump_key, jump_keys_many, u64_from_halves, KeyHasher};
use napi::sys;

use crate::batch::{batch_lookup, BatchScratch};
use crate::keys::{with_key, Spill};
use crate::raw::{
    self, callbacks, hash_kind, typed_array_of, u32_arg, u32_out, uint32, JsError, U32,
};

/// Keys per step of `jumpMany` (2 KiB of stack).
const JUMP_CHUNK: usize = 256;

thread_local! {
    /// The scratch buffers of `jumpKeysMany` (one per thread: each has its own Node-API env).
    static JUMP_BATCH: RefCell<BatchScratch> = RefCell::default();
}

callbacks! {
    /// The module functions, by JavaScript name.
    const FUNCTIONS;

    /// `hash64(kind, seedHi, seedLo, key: string | Uint8Array, out: Uint32Array | ArrayBuffer): void` —
    /// `H(key)` (docs/placement.md §2) with kind 0 = XXH3, 1 = XXH64; out[0] = high, out[1] =
    /// low 32 bits. An `ArrayBuffer` is read faster (see [`u32_out`]).
    fn hash64(env, argv[5]) {
        let kind = hash_kind(u32_arg(env, argv[0], "kind")?, "kind")
            .map_err(|m| JsError::Range(m.into()))?;
        let hasher = KeyHasher::with_seed_halves(
            kind,
            u32_arg(env, argv[1], "seedHi")?,
            u32_arg(env, argv[2], "seedLo")?,
        );
        let out = u32_out(env, argv[4])?;
        if out.len < 2 {
            return Err(chash_core::Error::OutputTooShort {
                needed: 2,
                got: out.len,
            }
            .into());
        }
        // A key that shares memory with `out` is read before `out` is written.
        let h = with_key(env, argv[3], &mut Spill::default(), |key| hasher.hash(key))?;
        let out = out.ptr.as_ptr().cast::<u32>();
        out.write((h >> 32) as u32);
        out.add(1).write(h as u32);
        Ok(ptr::null_mut())
    }

    /// `jump(hi, lo, buckets): number` — jump hash (docs/placement.md §7) of the key
    /// `hi·2^32 + lo`.
    fn jump(env, argv[3]) {
        let key = u64_from_halves(u32_arg(env, argv[0], "hi")?, u32_arg(env, argv[1], "lo")?);
        let buckets = u32_arg(env, argv[2], "buckets")?;
        uint32(env, jump_hash(key, buckets)?)
    }

    /// `jumpMany(keys: Uint32Array, buckets, out: Uint32Array): void` — keys are (lo, hi) pairs,
    /// the layout of a `BigUint64Array` on a little-endian machine; out[i] = jump(keys[2i+1],
    /// keys[2i]).
    fn jumpMany(env, argv[3]) {
        let keys = typed_array_of(env, argv[0], U32, "keys must be a Uint32Array")?;
        let buckets = u32_arg(env, argv[1], "buckets")?;
        let out = typed_array_of(env, argv[2], U32, "out must be a Uint32Array")?;
        if buckets == 0 || buckets > MAX_BUCKETS {
            return Err(chash_core::Error::InvalidBuckets(u64::from(buckets)).into());
        }
        let count = keys.len / 2;
        if out.len < count {
            return Err(chash_core::Error::OutputTooShort {
                needed: count,
                got: out.len,
            }
            .into());
        }
        if keys.overlaps(&out) {
            return Err(JsError::Range(
                "out must not share memory with the keys".into(),
            ));
        }
        // The pairs go through a small u64 buffer (a Uint32Array need not be 8-byte aligned)
        // into jump_hash_many, which runs several keys in lockstep.
        let pairs = keys.slice::<u32>();
        let out = &mut out.slice_mut::<u32>()[..count];
        let mut words = [0u64; JUMP_CHUNK];
        for (pairs, out) in pairs.chunks(2 * JUMP_CHUNK).zip(out.chunks_mut(JUMP_CHUNK)) {
            let words = &mut words[..out.len()];
            for (w, pair) in words.iter_mut().zip(pairs.chunks_exact(2)) {
                *w = u64_from_halves(pair[1], pair[0]);
            }
            jump_hash_many(words, buckets, out)?;
        }
        Ok(ptr::null_mut())
    }

    /// `jumpKey(key: string | Uint8Array, buckets): number` — jump hash of the key's XXH3-64
    /// (seed 0) in one call (docs/placement.md §7).
    fn jumpKey(env, argv[2]) {
        let buckets = u32_arg(env, argv[1], "buckets")?;
        let bucket = with_key(env, argv[0], &mut Spill::default(), |key| jump_key(key, buckets))??;
        uint32(env, bucket)
    }

    /// `jumpKeysMany(keys: string | Uint8Array, offsets: Uint32Array, count, out, outStart,
    /// buckets): void` — `jumpKey` of each key of a batch packed as for a ring's `lookupMany`
    /// (see [`batch_lookup`]), its bucket into `out[outStart + k]`.
    fn jumpKeysMany(env, argv[6]) {
        let buckets = u32_arg(env, argv[5], "buckets")?;
        let [keys, offsets, count, out, start, _] = argv;
        JUMP_BATCH.with_borrow_mut(|batch| {
            batch_lookup(env, &[keys, offsets, count, out, start], batch, |bytes, offsets, out| {
                jump_keys_many(bytes, offsets, buckets, out)
            })
        })?;
        Ok(ptr::null_mut())
    }
}

/// Adds the stateless functions to the module's exports.
///
/// # Safety
/// `exports` must be the exports object of `env`.
pub(crate) unsafe fn register(env: sys::napi_env, exports: sys::napi_value) -> raw::JsResult<()> {
    for &(name, cb) in FUNCTIONS {
        // SAFETY: forwarded.
        unsafe {
            let f = raw::function(env, name, cb, ptr::null_mut())?;
            raw::set(env, exports, name, f)?;
        }
    }
    Ok(())
}
