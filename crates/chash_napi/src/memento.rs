//! [`NativeMemento`]: a MementoHash (docs/placement.md §8) whose state lives in Rust, with raw
//! Node-API functions bound to it as in `engine.rs` (one function per operation, the state as its
//! data pointer, the owning object in a hidden property). Its memory is a few bytes per removed
//! bucket, so unlike rings it reports nothing to V8 and needs no early reclaim.

use std::ffi::c_void;
use std::ptr::{self, NonNull};

use chash_core::{KeyHasher, Memento};
use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;

use crate::raw::{
    self, args, typed_array_of, u32_arg, uint32, with_key, JsError, Spill, SLOT_ARRAYS,
};

/// A MementoHash and the scratch buffer of its single-key calls.
struct State {
    memento: Memento,
    spill: Spill,
}

/// One MementoHash in Rust: bucket numbers in, bucket numbers out.
#[napi]
pub struct NativeMemento {
    /// Owned (`Box::into_raw`); shared with the bound functions as their data pointer.
    state: NonNull<State>,
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
        let state = Box::new(State {
            memento,
            spill: Spill::default(),
        });
        Ok(NativeMemento {
            state: NonNull::from(Box::leak(state)),
        })
    }

    /// `{ getBucket, getBucketMany, removeBucket, addBucket }` bound to this MementoHash; each
    /// keeps it alive.
    #[napi(ts_return_type = "NativeMementoFunctions")]
    pub fn functions<'e>(&self, env: &'e Env, this: This) -> Result<Unknown<'e>> {
        // SAFETY: the state lives until this object is dropped, and every bound function keeps
        // this object reachable.
        unsafe {
            let object =
                bind(env.raw(), this.raw(), self.state.as_ptr()).map_err(crate::to_napi)?;
            Ok(Unknown::from_raw_unchecked(env.raw(), object))
        }
    }
}

impl Drop for NativeMemento {
    fn drop(&mut self) {
        // SAFETY: created by Box::leak in `new`; dropped once, when no bound function can run.
        drop(unsafe { Box::from_raw(self.state.as_ptr()) });
    }
}

/// The state behind a bound function's data pointer.
///
/// # Safety
/// As `engine::engine`: `data` is the pointer [`bind`] gave the function, alive and not borrowed
/// elsewhere while the (single-threaded, non-reentrant) callback runs.
#[inline(always)]
unsafe fn state<'a>(data: *mut c_void) -> &'a mut State {
    // SAFETY: see above.
    unsafe { &mut *data.cast::<State>() }
}

/// `getBucket(key: string | Uint8Array): number`
unsafe extern "C" fn get_bucket(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        raw::run(env, || {
            let a = args::<1>(env, info)?;
            let s = state(a.data);
            let memento = &s.memento;
            let bucket = with_key(env, a.argv[0], &mut s.spill, |key| memento.get_bucket(key))?;
            uint32(env, bucket)
        })
    }
}

/// `getBucketMany(bytes: Uint8Array, offsets: Uint32Array, count, out: Int32Array): void` — key
/// `k < count` is `bytes[offsets[k] .. offsets[k + 1])`, its bucket goes to `out[k]`.
unsafe extern "C" fn get_bucket_many(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        raw::run(env, || {
            let a = args::<4>(env, info)?;
            let bytes = typed_array_of(
                env,
                a.argv[0],
                &[sys::TypedarrayType::uint8_array],
                "bytes must be a Uint8Array",
            )?;
            let offsets = typed_array_of(
                env,
                a.argv[1],
                &[sys::TypedarrayType::uint32_array],
                "offsets must be a Uint32Array",
            )?;
            let count = u32_arg(env, a.argv[2], "count")? as usize;
            let out = typed_array_of(
                env,
                a.argv[3],
                SLOT_ARRAYS,
                "out must be an Int32Array or a Uint32Array",
            )?;
            if count == 0 {
                return Ok(ptr::null_mut());
            }
            if offsets.len <= count || out.len < count {
                return Err(JsError::Range(
                    "offsets must hold count + 1 entries and out count".into(),
                ));
            }
            if out.overlaps(&bytes) || out.overlaps(&offsets) {
                return Err(JsError::Range(
                    "out must not share memory with the keys or offsets".into(),
                ));
            }
            state(a.data).memento.get_bucket_many(
                bytes.slice::<u8>(),
                &offsets.slice::<u32>()[..=count],
                &mut out.slice_mut::<u32>()[..count],
            )?;
            Ok(ptr::null_mut())
        })
    }
}

/// `removeBucket(bucket): void`
unsafe extern "C" fn remove_bucket(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        raw::run(env, || {
            let a = args::<1>(env, info)?;
            let bucket = u32_arg(env, a.argv[0], "bucket")?;
            state(a.data).memento.remove_bucket(bucket)?;
            Ok(ptr::null_mut())
        })
    }
}

/// `addBucket(): number`
unsafe extern "C" fn add_bucket(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        raw::run(env, || {
            let a = args::<0>(env, info)?;
            let bucket = state(a.data).memento.add_bucket()?;
            uint32(env, bucket)
        })
    }
}

/// The functions bound to one MementoHash, by JavaScript name.
const FUNCTIONS: &[(&str, raw::Callback)] = &[
    ("getBucket", get_bucket),
    ("getBucketMany", get_bucket_many),
    ("removeBucket", remove_bucket),
    ("addBucket", add_bucket),
];

/// Creates the object of [`FUNCTIONS`] bound to `state`, each holding `owner` in a hidden
/// property.
///
/// # Safety
/// `state` must stay valid for as long as `owner` is alive.
unsafe fn bind(
    env: sys::napi_env,
    owner: sys::napi_value,
    state: *mut State,
) -> raw::JsResult<sys::napi_value> {
    let mut object = ptr::null_mut();
    // SAFETY: plain object creation.
    raw::check(unsafe { sys::napi_create_object(env, &mut object) })?;
    for &(name, cb) in FUNCTIONS {
        // SAFETY: forwarded; the hidden property keeps `owner` (and so `state`) alive.
        unsafe {
            let f = raw::function(env, name, cb, state.cast())?;
            raw::define_hidden(env, f, c"memento", owner)?;
            raw::set(env, object, name, f)?;
        }
    }
    Ok(object)
}
