//! Frees the points of rings whose JavaScript object was garbage collected, without waiting for
//! the object's finalizer.
//!
//! Node runs an addon's finalizers from the event loop, after the garbage collection that found
//! the object dead. A program that builds and drops rings in one synchronous stretch (a request
//! handler rebuilding its ring, a benchmark loop) would keep every dead ring's points until it
//! yields: 2.2 MB per 1,000-consumer ring, gigabytes within a second. So each registered engine
//! holds a weak reference to its `NativeRing` object. V8 clears that reference in the very
//! collection that frees the object, and the next ring that grows (after enough growth since the
//! last scan) walks the engines of this thread and releases those whose reference is gone. The
//! finalizer still frees the small rest later.
//!
//! A cleared reference means no bound function can run any more: each function holds the object
//! in a hidden property, so a reachable function would have kept it alive.

use std::cell::RefCell;
use std::collections::HashSet;
use std::ptr::{self, NonNull};

use napi::sys;

use crate::engine::Engine;

/// Growth (bytes of ring memory reported to V8) between two scans. V8 collects garbage about
/// every 64 MB of external growth, so scanning more often finds nothing new, and much less
/// often lets dead rings pile up.
const SCAN_EVERY_BYTES: i64 = 16 << 20;

/// The engines of this thread (one Node-API environment per thread) that have a weak reference.
#[derive(Default)]
struct Registry {
    engines: HashSet<NonNull<Engine>>,
    /// Bytes reported since the last scan.
    grown: i64,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::default();
}

/// A registered engine's weak reference to its `NativeRing` object.
pub(crate) struct Registration {
    owner: sys::napi_ref,
}

/// Registers `engine` with a weak reference to `owner`, its `NativeRing` object. An engine
/// registers once; later calls do nothing.
///
/// # Safety
/// `env` is the current callback's environment, `owner` the object whose finalizer frees
/// `engine`, and that finalizer calls [`unregister`] first.
pub(crate) unsafe fn register(
    env: sys::napi_env,
    owner: sys::napi_value,
    engine: NonNull<Engine>,
) -> sys::napi_status {
    // SAFETY: the caller holds no other reference to the engine while this runs.
    let e = unsafe { &mut *engine.as_ptr() };
    if e.registration.is_some() {
        return sys::Status::napi_ok;
    }
    let mut owner_ref = ptr::null_mut();
    // SAFETY: a weak (count 0) reference to a live object of this environment.
    let status = unsafe { sys::napi_create_reference(env, owner, 0, &mut owner_ref) };
    if status != sys::Status::napi_ok {
        return status;
    }
    e.registration = Some(Registration { owner: owner_ref });
    REGISTRY.with_borrow_mut(|r| r.engines.insert(engine));
    sys::Status::napi_ok
}

/// Removes `engine` from the registry and deletes its weak reference (from its finalizer, or
/// when it is released).
///
/// # Safety
/// `env` is the engine's environment; `engine` is not borrowed elsewhere.
pub(crate) unsafe fn unregister(env: sys::napi_env, engine: &mut Engine) {
    let Some(Registration { owner }) = engine.registration.take() else {
        return;
    };
    REGISTRY.with_borrow_mut(|r| r.engines.remove(&NonNull::from(&mut *engine)));
    // SAFETY: a reference of this environment, deleted once (the registration was taken).
    unsafe { sys::napi_delete_reference(env, owner) };
}

/// Counts `bytes` of new ring memory and, past [`SCAN_EVERY_BYTES`] since the last scan,
/// releases every engine of this thread whose object was collected. Returns how many.
///
/// # Safety
/// `env` is the current callback's environment; `current` is the engine of the running
/// callback (alive, so skipped), and no other engine is borrowed.
pub(crate) unsafe fn note_growth(env: sys::napi_env, current: *const Engine, bytes: i64) -> usize {
    let due = REGISTRY.with_borrow_mut(|r| {
        r.grown += bytes;
        r.grown >= SCAN_EVERY_BYTES
    });
    if due {
        // SAFETY: forwarded.
        unsafe { scan(env, current) }
    } else {
        0
    }
}

/// Releases every registered engine (but `current`) whose object was collected.
///
/// # Safety
/// As [`note_growth`].
pub(crate) unsafe fn scan(env: sys::napi_env, current: *const Engine) -> usize {
    let dead: Vec<NonNull<Engine>> = REGISTRY.with_borrow_mut(|r| {
        r.grown = 0;
        r.engines
            .iter()
            .copied()
            .filter(|&e| !ptr::eq(e.as_ptr(), current))
            .filter(|e| {
                // SAFETY: registered engines are alive; only the reference is read.
                let owner = unsafe { e.as_ref() }.registration.as_ref().map(|r| r.owner);
                let mut value = ptr::null_mut();
                // SAFETY: a reference of this environment; a collected object gives NULL.
                let status =
                    owner.map(|o| unsafe { sys::napi_get_reference_value(env, o, &mut value) });
                status == Some(sys::Status::napi_ok) && value.is_null()
            })
            .collect()
    });
    for &engine in &dead {
        // SAFETY: its object was collected, so no callback of it can run and nothing else
        // borrows it; it stays allocated until its finalizer runs.
        let e = unsafe { &mut *engine.as_ptr() };
        // SAFETY: forwarded.
        unsafe {
            unregister(env, e);
            e.release(env);
        }
    }
    dead.len()
}
