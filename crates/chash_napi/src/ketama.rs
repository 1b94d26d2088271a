//! The native ketama continuum (docs/placement.md §9): [`NativeKetama`] owns a
//! [`chash_core::ketama::Ketama`] and binds raw Node-API functions to it, as [`crate::engine`]
//! does for rings (see `raw` for why). A continuum holds a few bytes per point and is freed with
//! its object; it reports no memory to V8.

use std::ptr;

use chash_core::ketama::{Compat, Ketama};
use chash_core::NO_SLOT;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::batch::{batch_lookup, BatchScratch};
use crate::engine::replicas_of;
use crate::keys::{with_key, Spill};
use crate::owned::Owned;
use crate::raw::{self, callbacks, int32, typed_array_of, u32_arg, uint32, U8};

/// A continuum and the scratch buffers of its calls.
struct KetamaEngine {
    ketama: Ketama,
    spill: Spill,
    batch: BatchScratch,
}

/// A ketama continuum in Rust whose servers are slots chosen by the caller.
#[napi]
pub struct NativeKetama {
    engine: Owned<KetamaEngine>,
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
                chash_core::Error::UnknownCompat(compat).to_string(),
            )
        })?;
        let ketama = Ketama::new(compat, vnodes, default_port)
            .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))?;
        Ok(NativeKetama {
            engine: Owned::new(KetamaEngine {
                ketama,
                spill: Spill::default(),
                batch: BatchScratch::default(),
            }),
        })
    }

    /// `{ setServer, removeServer, pointCount, lookup, lookupMany, replicas, dispose }` bound to
    /// this continuum, each keeping this object alive.
    #[napi(ts_return_type = "NativeKetamaFunctions")]
    pub fn functions<'e>(&self, env: &'e Env, this: This) -> Result<Unknown<'e>> {
        self.engine.bind(env, this, c"ketama", FUNCTIONS)
    }
}

callbacks! {
    /// The functions bound to one continuum, by JavaScript name.
    const FUNCTIONS;

    /// `setServer(slot, name: Uint8Array, weight: number): void`
    fn setServer(env, argv[3], e: &mut KetamaEngine) {
        let slot = u32_arg(env, argv[0], "slot")?;
        let name = typed_array_of(env, argv[1], U8, "name must be a Uint8Array")?;
        let mut weight = 0.0;
        raw::check(napi::sys::napi_get_value_double(env, argv[2], &mut weight))?;
        e.ketama.set_server(slot, name.slice::<u8>(), weight)?;
        Ok(ptr::null_mut())
    }

    /// `removeServer(slot): boolean`
    fn removeServer(env, argv[1], e: &mut KetamaEngine) {
        let slot = u32_arg(env, argv[0], "slot")?;
        raw::boolean(env, e.ketama.remove_server(slot))
    }

    /// `pointCount(): number`
    fn pointCount(env, argv[0], e: &mut KetamaEngine) {
        uint32(env, e.ketama.point_count() as u32)
    }

    /// `lookup(key: string | Uint8Array): number`: the owner's slot, or -1 without points.
    fn lookup(env, argv[1], e: &mut KetamaEngine) {
        let ketama = &mut e.ketama;
        let slot = with_key(env, argv[0], &mut e.spill, |key| ketama.lookup(key))?;
        int32(env, slot as i32)
    }

    /// `replicas(key, n, out: Uint32Array | ArrayBuffer): number`: up to `min(n, out.length)`
    /// distinct owners.
    fn replicas(env, argv[3], e: &mut KetamaEngine) {
        let ketama = &mut e.ketama;
        let found = replicas_of(env, &argv, &mut e.spill, |key, out| ketama.replicas(key, out))?;
        uint32(env, found)
    }

    /// `lookupMany(keys, offsets, count, out, outStart)`, as a ring's ([`batch_lookup`]).
    fn lookupMany(env, argv[5], e: &mut KetamaEngine) {
        let ketama = &mut e.ketama;
        batch_lookup(env, &argv, &mut e.batch, |bytes, offsets, out| {
            ketama.lookup_many(bytes, offsets, out)
        })?;
        Ok(ptr::null_mut())
    }

    /// `dispose(): void` — frees the continuum's memory now (`KetamaRing#dispose`); the engine
    /// stays valid, as an empty continuum.
    fn dispose(env, argv[0], e: &mut KetamaEngine) {
        e.ketama.clear();
        e.spill = Spill::default();
        e.batch = BatchScratch::default();
        Ok(ptr::null_mut())
    }
}

const _: () = assert!(NO_SLOT as i32 == -1);
