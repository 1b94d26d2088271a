//! The native ketama continuum (docs/placement.md §9): [`NativeKetama`] owns a
//! [`chash_core::ketama::Ketama`] and binds raw Node-API functions to it, as [`crate::engine`]
//! does for rings (see `raw.rs` for why). A continuum holds a few bytes per point and is freed
//! with its object; it reports no memory to V8.

use std::ffi::c_void;
use std::ptr::{self, NonNull};

use chash_core::ketama::{Compat, Ketama};
use chash_core::NO_SLOT;
use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;

use crate::engine::{batch_lookup, BatchScratch};
use crate::raw::{
    self, args, check, int32, integer_arg, run, typed_array_of, u32_arg, uint32, with_key, JsError,
    Spill,
};
use crate::to_napi;

/// A continuum and the scratch buffers of its calls.
struct KetamaEngine {
    ketama: Ketama,
    spill: Spill,
    batch: BatchScratch,
}

/// A ketama continuum in Rust whose servers are slots chosen by the caller.
#[napi]
pub struct NativeKetama {
    /// Owned (`Box::into_raw`); the bound functions' data pointer.
    engine: NonNull<KetamaEngine>,
}

#[napi]
impl NativeKetama {
    /// An empty continuum: `compat` 0 = hashring, 1 = hash_ring, 2 = libketama, 3 = libmemcached;
    /// `vnodes` digests per server before weighting; `defaultPort` 0 for none.
    #[napi(constructor)]
    pub fn new(compat: u32, vnodes: u32, default_port: u32) -> Result<Self> {
        let compat = Compat::from_code(compat).ok_or_else(|| {
            Error::new(
                Status::InvalidArg,
                format!("compat must be 0..3, got {compat}"),
            )
        })?;
        let ketama = Ketama::new(compat, vnodes, default_port)
            .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))?;
        let engine = Box::new(KetamaEngine {
            ketama,
            spill: Spill::default(),
            batch: BatchScratch::default(),
        });
        Ok(NativeKetama {
            engine: NonNull::from(Box::leak(engine)),
        })
    }

    /// `{ setServer, removeServer, pointCount, lookup, lookupMany, replicas, dispose }` bound to this
    /// continuum, each keeping this object alive.
    #[napi(ts_return_type = "NativeKetamaFunctions")]
    pub fn functions<'e>(&self, env: &'e Env, this: This) -> Result<Unknown<'e>> {
        let mut object = ptr::null_mut();
        // SAFETY: plain object creation; each function holds `this` (and so the engine) in a
        // hidden property, and the engine lives until this object is dropped.
        unsafe {
            check(sys::napi_create_object(env.raw(), &mut object)).map_err(to_napi)?;
            for &(name, cb) in FUNCTIONS {
                let data: *mut c_void = self.engine.as_ptr().cast();
                let f = raw::function(env.raw(), name, cb, data).map_err(to_napi)?;
                raw::define_hidden(env.raw(), f, c"ketama", this.raw()).map_err(to_napi)?;
                raw::set(env.raw(), object, name, f).map_err(to_napi)?;
            }
            Ok(Unknown::from_raw_unchecked(env.raw(), object))
        }
    }
}

impl Drop for NativeKetama {
    fn drop(&mut self) {
        // SAFETY: created by Box::leak in `new`; dropped once, when no bound function can run.
        drop(unsafe { Box::from_raw(self.engine.as_ptr()) });
    }
}

/// The engine behind a bound function's data pointer.
///
/// # Safety
/// As `engine::engine`: the function keeps its `NativeKetama` reachable, JavaScript is
/// single-threaded and no callback re-enters.
#[inline(always)]
unsafe fn engine<'a>(data: *mut c_void) -> &'a mut KetamaEngine {
    // SAFETY: see above.
    unsafe { &mut *data.cast::<KetamaEngine>() }
}

/// `setServer(slot, name: Uint8Array, weight: number): void`
unsafe extern "C" fn set_server(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<3>(env, info)?;
            let slot = u32_arg(env, a.argv[0], "slot")?;
            let name = typed_array_of(
                env,
                a.argv[1],
                &[sys::TypedarrayType::uint8_array],
                "name must be a Uint8Array",
            )?;
            let mut weight = 0.0;
            check(sys::napi_get_value_double(env, a.argv[2], &mut weight))?;
            engine(a.data)
                .ketama
                .set_server(slot, name.slice::<u8>(), weight)?;
            Ok(ptr::null_mut())
        })
    }
}

/// `removeServer(slot): boolean`
unsafe extern "C" fn remove_server(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<1>(env, info)?;
            let slot = u32_arg(env, a.argv[0], "slot")?;
            raw::boolean(env, engine(a.data).ketama.remove_server(slot))
        })
    }
}

/// `pointCount(): number`
unsafe extern "C" fn point_count(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<0>(env, info)?;
            uint32(env, engine(a.data).ketama.point_count() as u32)
        })
    }
}

/// `lookup(key: string | Uint8Array): number`: the owner's slot, or -1 without points.
unsafe extern "C" fn lookup(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<1>(env, info)?;
            let e = engine(a.data);
            let ketama = &mut e.ketama;
            let slot = with_key(env, a.argv[0], &mut e.spill, |key| ketama.lookup(key))?;
            int32(env, slot as i32)
        })
    }
}

/// `replicas(key, n, out: Uint32Array): number`: up to `min(n, out.length)` distinct owners.
unsafe extern "C" fn replicas(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<3>(env, info)?;
            let n = integer_arg(env, a.argv[1], "n", f64::MAX)?;
            let out = typed_array_of(
                env,
                a.argv[2],
                &[sys::TypedarrayType::uint32_array],
                "out must be a Uint32Array",
            )?;
            let want = n.min(out.len as f64) as usize;
            let e = engine(a.data);
            let ketama = &mut e.ketama;
            let found = with_key(env, a.argv[0], &mut e.spill, |key| {
                if out.overlaps_bytes(key) {
                    return Err(JsError::Range(
                        "out must not share memory with the key".into(),
                    ));
                }
                Ok(ketama.replicas(key, &mut out.slice_mut::<u32>()[..want]))
            })??;
            uint32(env, found as u32)
        })
    }
}

/// `lookupMany(keys, offsets, count, out, outStart)`, as a ring's (`engine::batch_lookup`).
unsafe extern "C" fn lookup_many(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<5>(env, info)?;
            let e = engine(a.data);
            let ketama = &mut e.ketama;
            batch_lookup(env, &a.argv, &mut e.batch, |bytes, offsets, out| {
                ketama.lookup_many(bytes, offsets, out)
            })?;
            Ok(ptr::null_mut())
        })
    }
}

/// `dispose(): void` — frees the continuum's memory now (`KetamaRing#dispose`); the engine stays
/// valid, as an empty continuum.
unsafe extern "C" fn dispose(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<0>(env, info)?;
            let e = engine(a.data);
            e.ketama.clear();
            e.spill = Spill::default();
            e.batch = BatchScratch::default();
            Ok(ptr::null_mut())
        })
    }
}

/// The functions bound to one continuum, by JavaScript name.
const FUNCTIONS: &[(&str, raw::Callback)] = &[
    ("setServer", set_server),
    ("removeServer", remove_server),
    ("pointCount", point_count),
    ("lookup", lookup),
    ("lookupMany", lookup_many),
    ("replicas", replicas),
    ("dispose", dispose),
];

const _: () = assert!(NO_SLOT as i32 == -1);
