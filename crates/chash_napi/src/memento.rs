//! [`NativeMemento`]: a MementoHash (docs/placement.md §8) whose state lives in Rust, with raw
//! Node-API functions bound to it as in `engine.rs` (one function per operation, the state as its
//! data pointer, the owning object in a hidden property). Its memory is a few bytes per removed
//! bucket, so unlike rings it reports nothing to V8 and needs no early reclaim.

use std::ptr;

use chash_core::{KeyHasher, Memento};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::keys::{with_key, Spill};
use crate::owned::Owned;
use crate::raw::{self, callbacks, slot_array, typed_array_of, u32_arg, uint32, U32, U8};

/// A MementoHash and the scratch buffer of its single-key calls.
struct State {
    memento: Memento,
    spill: Spill,
}

/// One MementoHash in Rust: bucket numbers in, bucket numbers out.
#[napi]
pub struct NativeMemento {
    state: Owned<State>,
}

#[napi]
impl NativeMemento {
    /// Working buckets `0 .. buckets` with the hash `hashKind` (0 = XXH3, 1 = XXH64) and the
    /// seed `seedHi·2^32 + seedLo`.
    #[napi(constructor)]
    pub fn new(hash_kind: u32, seed_hi: u32, seed_lo: u32, buckets: u32) -> Result<Self> {
        let kind =
            raw::hash_kind(hash_kind, "hashKind").map_err(|m| Error::new(Status::InvalidArg, m))?;
        let memento = Memento::new(KeyHasher::with_seed_halves(kind, seed_hi, seed_lo), buckets)
            .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
        Ok(NativeMemento {
            state: Owned::new(State {
                memento,
                spill: Spill::default(),
            }),
        })
    }

    /// `{ getBucket, getBucketMany, removeBucket, addBucket }` bound to this MementoHash; each
    /// keeps it alive.
    #[napi(ts_return_type = "NativeMementoFunctions")]
    pub fn functions<'e>(&self, env: &'e Env, this: This) -> Result<Unknown<'e>> {
        self.state.bind(env, this, c"memento", FUNCTIONS)
    }
}

callbacks! {
    /// The functions bound to one MementoHash, by JavaScript name.
    const FUNCTIONS;

    /// `getBucket(key: string | Uint8Array): number`
    fn getBucket(env, argv[1], s: &mut State) {
        let memento = &s.memento;
        let bucket = with_key(env, argv[0], &mut s.spill, |key| memento.get_bucket(key))?;
        uint32(env, bucket)
    }

    /// `getBucketMany(bytes: Uint8Array, offsets: Uint32Array, count, out: Int32Array): void` —
    /// key `k < count` is `bytes[offsets[k] .. offsets[k + 1])`, its bucket goes to `out[k]`.
    fn getBucketMany(env, argv[4], s: &mut State) {
        let bytes = typed_array_of(env, argv[0], U8, "bytes must be a Uint8Array")?;
        let offsets = typed_array_of(env, argv[1], U32, "offsets must be a Uint32Array")?;
        let count = u32_arg(env, argv[2], "count")? as usize;
        let out = slot_array(env, argv[3])?;
        if count == 0 {
            return Ok(ptr::null_mut());
        }
        if offsets.len <= count || out.len < count {
            return Err(raw::JsError::Range(
                "offsets must hold count + 1 entries and out count".into(),
            ));
        }
        if out.overlaps(&bytes) || out.overlaps(&offsets) {
            return Err(raw::JsError::Range(
                "out must not share memory with the keys or offsets".into(),
            ));
        }
        s.memento.get_bucket_many(
            bytes.slice::<u8>(),
            &offsets.slice::<u32>()[..=count],
            &mut out.slice_mut::<u32>()[..count],
        )?;
        Ok(ptr::null_mut())
    }

    /// `removeBucket(bucket): void`
    fn removeBucket(env, argv[1], s: &mut State) {
        let bucket = u32_arg(env, argv[0], "bucket")?;
        s.memento.remove_bucket(bucket)?;
        Ok(ptr::null_mut())
    }

    /// `addBucket(): number`
    fn addBucket(env, argv[0], s: &mut State) {
        uint32(env, s.memento.add_bucket()?)
    }
}
