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

use crate::engine::encode_keys;
use crate::raw::{
    self, args, check, int32, integer_arg, key_arg, read_ascii, read_units, run, string_units,
    typed_array_of, u32_arg, uint32, with_key, JsError, Key, Spill, SLOT_ARRAYS,
};
use crate::to_napi;

/// A continuum and the scratch buffers of its calls.
struct KetamaEngine {
    ketama: Ketama,
    spill: Spill,
    batch_bytes: Vec<u8>,
    batch_units: Vec<u16>,
    batch_offsets: Vec<u32>,
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
            batch_bytes: Vec::new(),
            batch_units: Vec::new(),
            batch_offsets: Vec::new(),
        });
        Ok(NativeKetama {
            engine: NonNull::from(Box::leak(engine)),
        })
    }

    /// `{ setServer, removeServer, pointCount, lookup, lookupMany, replicas }` bound to this
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
            // The key is hashed before `out` is written, so even shared memory would be safe.
            let found = with_key(env, a.argv[0], &mut e.spill, |key| {
                ketama.replicas(key, &mut out.slice_mut::<u32>()[..want])
            })?;
            uint32(env, found as u32)
        })
    }
}

/// `lookupMany(keys: string | Uint8Array, offsets: Uint32Array, count, out: Int32Array, outStart)`,
/// keys packed as in `engine::lookup_many` (UTF-16 offsets into a joined string, or bytes); the
/// owner of key k goes to `out[outStart + k]`.
unsafe extern "C" fn lookup_many(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<5>(env, info)?;
            let keys = key_arg(env, a.argv[0])?;
            let offsets = typed_array_of(
                env,
                a.argv[1],
                &[sys::TypedarrayType::uint32_array],
                "offsets must be a Uint32Array",
            )?;
            let count = u32_arg(env, a.argv[2], "count")? as usize;
            let out = typed_array_of(env, a.argv[3], SLOT_ARRAYS, "out must be an Int32Array")?;
            let start = u32_arg(env, a.argv[4], "outStart")? as usize;
            if count == 0 {
                return Ok(ptr::null_mut());
            }
            if offsets.len <= count || out.len < start + count {
                return Err(JsError::Range(
                    "offsets must hold count + 1 entries and out count".into(),
                ));
            }
            let offsets = &offsets.slice::<u32>()[..=count];
            let out = &mut out.slice_mut::<u32>()[start..start + count];
            let e = engine(a.data);
            match keys {
                Key::Bytes(bytes) => e.ketama.lookup_many(bytes.slice::<u8>(), offsets, out)?,
                Key::Str(value) => {
                    let units = string_units(env, value)?;
                    if read_ascii(env, value, units, &mut e.batch_bytes)? {
                        e.ketama.lookup_many(&e.batch_bytes, offsets, out)?;
                    } else {
                        read_units(env, value, units, &mut e.batch_units)?;
                        encode_keys(
                            &e.batch_units,
                            offsets,
                            &mut e.batch_bytes,
                            &mut e.batch_offsets,
                        )?;
                        e.ketama
                            .lookup_many(&e.batch_bytes, &e.batch_offsets, out)?;
                    }
                }
            }
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
];

const _: () = assert!(NO_SLOT as i32 == -1);
