//! `chash_napi`: the Node-API addon (napi-rs) behind `@chash/native`, the `native` backend of
//! `@chash/core`.
//!
//! It wraps [`chash_core`] in a small number-and-bytes API (docs/placement.md is the contract):
//!
//! * [`NativeRing`]: a ring engine whose state lives in Rust and is freed when the JavaScript
//!   object is garbage collected. Its operations are plain functions bound to it by
//!   [`NativeRing::functions`]: `setConsumer`, `removeConsumer`, `pointCount`, `lookup`,
//!   `lookupMany`, `replicas`, `dispose`.
//! * [`NativeMemento`]: a MementoHash, with `getBucket`, `getBucketMany`, `removeBucket`,
//!   `addBucket` bound to it the same way.
//! * [`NativeKetama`]: a ketama continuum (npm `hashring`, libketama, libmemcached), with
//!   `setServer`, `removeServer`, `pointCount`, `lookup`, `lookupMany`, `replicas`, `dispose`.
//! * `hash64`, `jump`, `jumpMany`: stateless functions.
//! * [`live_engines`]: how many engines are alive, for leak tests.
//!
//! The per-call functions are raw Node-API callbacks (`raw` explains why). No error or panic
//! crosses into Node: bad arguments throw `TypeError` / `RangeError`, `chash_core` errors throw
//! `RangeError` with their message, and a panic (a bug) throws an `Error`.
//!
//! Modules:
//!
//! * `raw`: Node-API plumbing: the `callback!` macro that defines a raw callback (`callbacks!`:
//!   several, and their list), arguments, results, exceptions, and binding functions to an engine
//!   (`raw::typed_array`: typed array arguments);
//! * `keys`: key decoding, a string or `Uint8Array` argument to the bytes hashed;
//! * `batch`: `lookupMany` of rings and continuums, and its scratch buffers;
//! * `owned`: an engine's state owned by its class object and shared with its bound functions;
//! * `engine`: a ring's state, its memory reporting and its bound functions;
//! * `reclaim`: freeing rings whose object is unreachable before their finalizer runs;
//! * `memento`, `ketama`: the MementoHash and ketama engines and their bound functions;
//! * `functions`: the stateless module functions;
//! * `utf16`: UTF-16 to UTF-8 as `TextEncoder` does it.
#![deny(clippy::all)]
#![warn(missing_docs)]

mod raw;

mod batch;
mod engine;
mod functions;
mod ketama;
mod keys;
mod memento;
mod owned;
mod reclaim;
mod utf16;

use std::sync::atomic::{AtomicI64, Ordering};

use chash_core::{KeyHasher, Ring};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use engine::Engine;
pub use ketama::NativeKetama;
pub use memento::NativeMemento;
use owned::Owned;

/// Engines created and not yet freed, across every thread.
static LIVE_ENGINES: AtomicI64 = AtomicI64::new(0);

/// The number of ring engines alive in this process (created and not yet garbage collected).
#[napi]
pub fn live_engines() -> i64 {
    LIVE_ENGINES.load(Ordering::Relaxed)
}

/// Bytes of ring memory (points, prefix table, consumers) held by the engines alive in this
/// process: what they reported to V8. Rings whose object was collected stop counting as soon as
/// their memory is released, before their finalizer runs.
#[napi]
pub fn native_memory() -> i64 {
    engine::native_memory()
}

/// Turns a raw-layer error into a napi-rs error (for the napi-rs entry points).
fn to_napi(error: raw::JsError) -> Error {
    match error {
        raw::JsError::Type(m) => Error::new(Status::InvalidArg, m.into_owned()),
        raw::JsError::Range(m) | raw::JsError::Plain(m) => {
            Error::new(Status::GenericFailure, m.into_owned())
        }
        raw::JsError::Pending => Error::new(Status::PendingException, "pending exception"),
    }
}

/// One ring (docs/placement.md §3–§6) in Rust. Consumers are slots chosen by the caller; their
/// ids and payloads stay in JavaScript.
#[napi(custom_finalize)]
pub struct NativeRing {
    engine: Owned<Engine>,
}

#[napi]
impl NativeRing {
    /// An empty ring whose key hash is `hashKind` (0 = XXH3, 1 = XXH64) with the 64-bit seed
    /// `seedHi·2^32 + seedLo`.
    #[napi(constructor)]
    pub fn new(hash_kind: u32, seed_hi: u32, seed_lo: u32) -> Result<Self> {
        let kind =
            raw::hash_kind(hash_kind, "hashKind").map_err(|m| Error::new(Status::InvalidArg, m))?;
        let hasher = KeyHasher::with_seed_halves(kind, seed_hi, seed_lo);
        LIVE_ENGINES.fetch_add(1, Ordering::Relaxed);
        Ok(NativeRing {
            engine: Owned::new(Engine::new(Ring::new(hasher))),
        })
    }

    /// The ring's operations as plain functions (the fast way to call them): see
    /// `NativeRingFunctions`. Each keeps this ring alive.
    #[napi(ts_return_type = "NativeRingFunctions")]
    pub fn functions<'e>(&self, env: &'e Env, this: This) -> Result<Unknown<'e>> {
        // SAFETY: the engine lives until this object is finalized.
        unsafe {
            raw::check(reclaim::register(
                env.raw(),
                this.raw(),
                self.engine.as_non_null(),
            ))
        }
        .map_err(to_napi)?;
        self.engine.bind(env, this, c"ring", engine::FUNCTIONS)
    }
}

impl ObjectFinalize for NativeRing {
    fn finalize(self, env: Env) -> Result<()> {
        // SAFETY: the object is being collected, so no bound function can run any more and
        // nothing else borrows the engine.
        unsafe {
            let engine = &mut *self.engine.as_ptr();
            reclaim::unregister(env.raw(), engine);
            engine.release(env.raw());
        }
        Ok(())
    }
}

impl Drop for NativeRing {
    /// The engine itself is freed with its [`Owned`] field.
    fn drop(&mut self) {
        LIVE_ENGINES.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Registers the raw module functions next to the napi-rs exports.
#[napi(module_exports)]
pub fn register_functions(exports: Object, env: Env) -> Result<()> {
    // SAFETY: exports is this module's exports object.
    unsafe { functions::register(env.raw(), exports.raw()) }.map_err(to_napi)
}
