//! One ring's native state and the raw functions bound to it.
//!
//! [`crate::NativeRing::functions`] binds [`FUNCTIONS`] to the ring's [`Engine`] (`raw::bind`), so
//! a call reaches the engine without `napi_unwrap` or napi-rs' per-call bookkeeping. Each function
//! holds the `NativeRing` object in a hidden property, so the engine (freed by that object's
//! finalizer) outlives every function bound to it.

use std::ptr;
use std::sync::atomic::{AtomicI64, Ordering};

use chash_core::{Ring, NO_SLOT};
use napi::sys;

use crate::batch::{batch_lookup, BatchScratch};
use crate::keys::{with_key, Spill};
use crate::raw::{
    boolean, callbacks, int32, integer_arg, typed_array_of, u32_arg, u32_out, uint32, JsError,
    JsResult, U8,
};
use crate::reclaim::{self, Registration};

/// A ring and the scratch buffers of its calls.
pub(crate) struct Engine {
    pub ring: Ring,
    /// Long single keys.
    spill: Spill,
    /// Batches of strings.
    batch: BatchScratch,
    /// Bytes reported to V8 with `napi_adjust_external_memory`.
    pub reported: i64,
    /// The weak reference to the `NativeRing` object, once [`reclaim::register`]ed.
    pub registration: Option<Registration>,
}

impl Engine {
    pub fn new(ring: Ring) -> Self {
        Engine {
            ring,
            spill: Spill::default(),
            batch: BatchScratch::default(),
            reported: 0,
            registration: None,
        }
    }

    /// Tells V8 how much memory the ring holds, so that its garbage collector weighs a ring by
    /// its real size, and lets [`reclaim`] release dead rings as this one grows. Called after a
    /// call that may have flushed changes.
    unsafe fn report_memory(&mut self, env: sys::napi_env) {
        let now = self.ring.memory_bytes() as i64;
        let delta = now - self.reported;
        if delta != 0 {
            // SAFETY: env is the callback's environment.
            unsafe { adjust_memory(env, delta) };
            self.reported = now;
        }
        if delta > 0 {
            // SAFETY: self is the running callback's engine, and no other engine is borrowed.
            unsafe { reclaim::note_growth(env, self, delta) };
        }
    }

    /// Frees the ring and the scratch buffers of an engine whose object was collected (see
    /// [`reclaim`]); the engine itself is freed later by the object's finalizer.
    ///
    /// # Safety
    /// `env` is the current callback's environment.
    pub unsafe fn release(&mut self, env: sys::napi_env) {
        self.ring.clear();
        self.spill = Spill::default();
        self.batch = BatchScratch::default();
        if self.reported != 0 {
            // SAFETY: forwarded.
            unsafe { adjust_memory(env, -self.reported) };
            self.reported = 0;
        }
    }
}

/// Reports `delta` bytes of ring memory to V8 and to [`native_memory`].
///
/// # Safety
/// `env` is a live environment of this thread.
pub(crate) unsafe fn adjust_memory(env: sys::napi_env, delta: i64) {
    let mut total = 0;
    // SAFETY: see above. Failure only skews GC heuristics.
    unsafe { sys::napi_adjust_external_memory(env, delta, &mut total) };
    NATIVE_MEMORY.fetch_add(delta, Ordering::Relaxed);
}

/// Ring memory reported by the engines alive (not released) in this process.
static NATIVE_MEMORY: AtomicI64 = AtomicI64::new(0);

/// Bytes of ring memory held by the engines alive in this process, as reported to V8.
pub(crate) fn native_memory() -> i64 {
    NATIVE_MEMORY.load(Ordering::Relaxed)
}

/// Reads the arguments `(key, n, out)` of a `replicas` call (rings and ketama continuums alike)
/// and calls `fill` with the key's bytes and the first `min(n, out.length)` entries of `out`;
/// returns what it returns.
///
/// # Safety
/// `env` and `argv` are the running callback's.
pub(crate) unsafe fn replicas_of(
    env: sys::napi_env,
    argv: &[sys::napi_value; 3],
    spill: &mut Spill,
    fill: impl FnOnce(&[u8], &mut [u32]) -> usize,
) -> JsResult<u32> {
    // SAFETY: forwarded.
    unsafe {
        // n may exceed 2^32 (any non-negative integer is allowed); only min(n, out) counts.
        let n = integer_arg(env, argv[1], "n", f64::MAX)?;
        let out = u32_out(env, argv[2])?;
        let want = n.min(out.len as f64) as usize;
        with_key(env, argv[0], spill, |key| {
            if out.overlaps_bytes(key) {
                return Err(JsError::Range(
                    "out must not share memory with the key".into(),
                ));
            }
            Ok(fill(key, &mut out.slice_mut::<u32>()[..want]) as u32)
        })?
    }
}

callbacks! {
    /// The functions bound to one ring, by JavaScript name.
    pub(crate) const FUNCTIONS;

    /// `setConsumer(slot, id: Uint8Array, points): void`
    fn setConsumer(env, argv[3], e: &mut Engine) {
        let slot = u32_arg(env, argv[0], "slot")?;
        let id = typed_array_of(env, argv[1], U8, "id must be a Uint8Array")?;
        let points = u32_arg(env, argv[2], "points")?;
        e.ring.set_consumer(slot, id.slice::<u8>(), points)?;
        Ok(ptr::null_mut())
    }

    /// `dispose(): void` — frees the ring's memory now instead of when its object is collected
    /// (`ConsistentHashRing#dispose`); the engine stays valid, as an empty ring.
    fn dispose(env, argv[0], e: &mut Engine) {
        reclaim::unregister(env, e);
        e.release(env);
        Ok(ptr::null_mut())
    }

    /// `removeConsumer(slot): boolean`
    fn removeConsumer(env, argv[1], e: &mut Engine) {
        let slot = u32_arg(env, argv[0], "slot")?;
        boolean(env, e.ring.remove_consumer(slot))
    }

    /// `pointCount(): number`
    fn pointCount(env, argv[0], e: &mut Engine) {
        uint32(env, e.ring.point_count())
    }

    /// `lookup(key: string | Uint8Array): number` — the owner's slot, or -1 on an empty ring.
    fn lookup(env, argv[1], e: &mut Engine) {
        let dirty = e.ring.is_dirty();
        let ring = &mut e.ring;
        let slot = with_key(env, argv[0], &mut e.spill, |key| ring.lookup(key))?;
        if dirty {
            e.report_memory(env);
        }
        // Slots are at most 2^24 - 1, so they fit; NO_SLOT becomes -1.
        int32(env, slot.map_or(-1, |s| s as i32))
    }

    /// `replicas(key, n, out: Uint32Array | ArrayBuffer): number` — writes up to
    /// `min(n, out.length)` distinct owners in ring order (docs/placement.md §6) and returns how
    /// many (an `ArrayBuffer` is read faster, see [`u32_out`]).
    fn replicas(env, argv[3], e: &mut Engine) {
        let dirty = e.ring.is_dirty();
        let ring = &mut e.ring;
        let found = replicas_of(env, &argv, &mut e.spill, |key, out| ring.replicas_into(key, out))?;
        if dirty {
            e.report_memory(env);
        }
        uint32(env, found)
    }

    /// `lookupMany(keys: string | Uint8Array, offsets: Uint32Array, count, out, outStart): void`
    /// (see [`batch_lookup`]); -1 / 2^32 - 1 on an empty ring.
    fn lookupMany(env, argv[5], e: &mut Engine) {
        let dirty = e.ring.is_dirty();
        let ring = &mut e.ring;
        batch_lookup(env, &argv, &mut e.batch, |bytes, offsets, out| {
            ring.lookup_many(bytes, offsets, out)
        })?;
        if dirty {
            e.report_memory(env);
        }
        Ok(ptr::null_mut())
    }
}

/// NO_SLOT as JavaScript sees it in an `Int32Array`.
const _: () = assert!(NO_SLOT as i32 == -1);
