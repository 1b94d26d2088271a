//! One ring's native state and the raw functions bound to it.
//!
//! [`crate::NativeRing::functions`] creates one JavaScript function per operation with the
//! ring's [`Engine`] as its data pointer, so a call reaches the engine without `napi_unwrap` or
//! napi-rs' per-call bookkeeping. Each function holds the `NativeRing` object in a hidden
//! property, so the engine (freed by that object's finalizer) outlives every function bound to it.

use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicI64, Ordering};

use chash_core::{Ring, NO_SLOT};
use napi::sys;

use crate::raw::{
    self, args, boolean, check, int32, integer_arg, key_arg, read_ascii, read_units, run,
    string_units, typed_array_of, u32_arg, uint32, with_key, JsError, JsResult, Key, Spill,
    SLOT_ARRAYS,
};
use crate::reclaim::{self, Registration};
use crate::utf16;

/// Above this capacity (bytes) the batch buffers are freed after a batch rather than kept.
const BATCH_KEEP: usize = 1 << 20;

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

/// The scratch buffers of batches of string keys: the keys' UTF-8, their UTF-16 units and byte
/// offsets.
#[derive(Default)]
pub(crate) struct BatchScratch {
    bytes: Vec<u8>,
    units: Vec<u16>,
    offsets: Vec<u32>,
}

impl BatchScratch {
    /// Frees the buffers that a large batch left large.
    fn trim(&mut self) {
        if self.bytes.capacity() > BATCH_KEEP {
            self.bytes = Vec::new();
        }
        if self.units.capacity() * 2 > BATCH_KEEP {
            self.units = Vec::new();
        }
        if self.offsets.capacity() * 4 > BATCH_KEEP {
            self.offsets = Vec::new();
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

/// The engine behind a bound function's data pointer.
///
/// # Safety
/// `data` must be the pointer [`bind`] gave the function, whose engine is alive (the function
/// keeps its `NativeRing` reachable); JavaScript is single-threaded and no callback re-enters,
/// so the reference is unique while the callback runs.
#[inline(always)]
unsafe fn engine<'a>(data: *mut c_void) -> &'a mut Engine {
    // SAFETY: see above.
    unsafe { &mut *data.cast::<Engine>() }
}

/// `setConsumer(slot, id: Uint8Array, points): void`
unsafe extern "C" fn set_consumer(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<3>(env, info)?;
            let slot = u32_arg(env, a.argv[0], "slot")?;
            let id = typed_array_of(
                env,
                a.argv[1],
                &[sys::TypedarrayType::uint8_array],
                "id must be a Uint8Array",
            )?;
            let points = u32_arg(env, a.argv[2], "points")?;
            engine(a.data)
                .ring
                .set_consumer(slot, id.slice::<u8>(), points)?;
            Ok(ptr::null_mut())
        })
    }
}

/// `dispose(): void` — frees the ring's memory now instead of when its object is collected
/// (`ConsistentHashRing#dispose`); the engine stays valid, as an empty ring.
unsafe extern "C" fn dispose(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<0>(env, info)?;
            let e = engine(a.data);
            reclaim::unregister(env, e);
            e.release(env);
            Ok(ptr::null_mut())
        })
    }
}

/// `removeConsumer(slot): boolean`
unsafe extern "C" fn remove_consumer(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<1>(env, info)?;
            let slot = u32_arg(env, a.argv[0], "slot")?;
            boolean(env, engine(a.data).ring.remove_consumer(slot))
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
            uint32(env, engine(a.data).ring.point_count())
        })
    }
}

/// `lookup(key: string | Uint8Array): number` — the owner's slot, or -1 on an empty ring.
unsafe extern "C" fn lookup(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<1>(env, info)?;
            let e = engine(a.data);
            let dirty = e.ring.is_dirty();
            let ring = &mut e.ring;
            let slot = with_key(env, a.argv[0], &mut e.spill, |key| ring.lookup(key))?;
            if dirty {
                e.report_memory(env);
            }
            // Slots are at most 2^24 - 1, so they fit; NO_SLOT becomes -1.
            int32(env, slot.map_or(-1, |s| s as i32))
        })
    }
}

/// `replicas(key, n, out: Uint32Array): number` — writes up to `min(n, out.length)` distinct
/// owners in ring order (docs/placement.md §6) and returns how many.
unsafe extern "C" fn replicas(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<3>(env, info)?;
            // n may exceed 2^32 (any non-negative integer is allowed); only min(n, out) counts.
            let n = integer_arg(env, a.argv[1], "n", f64::MAX)?;
            let out = typed_array_of(
                env,
                a.argv[2],
                &[sys::TypedarrayType::uint32_array],
                "out must be a Uint32Array",
            )?;
            let want = n.min(out.len as f64) as usize;
            let e = engine(a.data);
            let dirty = e.ring.is_dirty();
            let ring = &mut e.ring;
            let found = with_key(env, a.argv[0], &mut e.spill, |key| {
                if out.overlaps_bytes(key) {
                    return Err(JsError::Range(
                        "out must not share memory with the key".into(),
                    ));
                }
                Ok(ring.replicas_into(key, &mut out.slice_mut::<u32>()[..want]))
            })??;
            if dirty {
                e.report_memory(env);
            }
            uint32(env, found as u32)
        })
    }
}

/// `lookupMany(keys: string | Uint8Array, offsets: Uint32Array, count, out, outStart): void`
///
/// Key `k < count` is `keys[offsets[k] .. offsets[k + 1])`: UTF-16 units of a string (the keys
/// concatenated; each key is encoded on its own, so a surrogate pair split between two keys
/// gives two U+FFFD), or bytes of a `Uint8Array`. Its owner goes to `out[outStart + k]`
/// (an `Int32Array` or `Uint32Array`), -1 / 2^32 - 1 on an empty ring.
unsafe extern "C" fn lookup_many(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by Node with a valid env and info.
    unsafe {
        run(env, || {
            let a = args::<5>(env, info)?;
            let e = engine(a.data);
            let dirty = e.ring.is_dirty();
            let ring = &mut e.ring;
            batch_lookup(env, &a.argv, &mut e.batch, |bytes, offsets, out| {
                ring.lookup_many(bytes, offsets, out)
            })?;
            if dirty {
                e.report_memory(env);
            }
            Ok(ptr::null_mut())
        })
    }
}

/// Reads and checks the arguments `(keys, offsets, count, out, outStart)` of a `lookupMany`
/// (rings and ketama continuums alike) and calls `lookup` once with the keys as UTF-8 and the
/// part of `out` they fill.
///
/// # Safety
/// `env` and `argv` are the running callback's.
pub(crate) unsafe fn batch_lookup(
    env: sys::napi_env,
    argv: &[sys::napi_value; 5],
    batch: &mut BatchScratch,
    lookup: impl FnOnce(&[u8], &[u32], &mut [u32]) -> Result<(), chash_core::Error>,
) -> JsResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let keys = key_arg(env, argv[0])?;
        let offsets = typed_array_of(
            env,
            argv[1],
            &[sys::TypedarrayType::uint32_array],
            "offsets must be a Uint32Array",
        )?;
        let count = u32_arg(env, argv[2], "count")? as usize;
        let out = typed_array_of(
            env,
            argv[3],
            SLOT_ARRAYS,
            "out must be an Int32Array or a Uint32Array",
        )?;
        let start = u32_arg(env, argv[4], "outStart")? as usize;
        if count == 0 {
            return Ok(());
        }
        if offsets.len <= count {
            return Err(JsError::Range(
                format!(
                    "offsets must hold count + 1 = {} entries, got {}",
                    count + 1,
                    offsets.len
                )
                .into(),
            ));
        }
        if start + count > out.len {
            return Err(chash_core::Error::OutputTooShort {
                needed: start + count,
                got: out.len,
            }
            .into());
        }
        let shares = out.overlaps(&offsets) || matches!(&keys, Key::Bytes(b) if out.overlaps(b));
        if shares {
            return Err(JsError::Range(
                "out must not share memory with the keys or offsets".into(),
            ));
        }
        let offsets = &offsets.slice::<u32>()[..=count];
        let out = &mut out.slice_mut::<u32>()[start..start + count];
        match keys {
            Key::Bytes(bytes) => lookup(bytes.slice::<u8>(), offsets, out)?,
            Key::Str(value) => {
                let units = string_units(env, value)?;
                if read_ascii(env, value, units, &mut batch.bytes)? {
                    lookup(&batch.bytes, offsets, out)?;
                } else {
                    read_units(env, value, units, &mut batch.units)?;
                    encode_keys(&batch.units, offsets, &mut batch.bytes, &mut batch.offsets)?;
                    lookup(&batch.bytes, &batch.offsets, out)?;
                }
                batch.trim();
            }
        }
        Ok(())
    }
}

/// Encodes each key `units[offsets[k] .. offsets[k + 1])` to UTF-8 on its own, into `bytes`
/// with byte offsets in `byte_offsets`.
fn encode_keys(
    units: &[u16],
    offsets: &[u32],
    bytes: &mut Vec<u8>,
    byte_offsets: &mut Vec<u32>,
) -> JsResult<()> {
    bytes.clear();
    byte_offsets.clear();
    byte_offsets.push(0);
    for key in chash_core::packed::keys(units, offsets) {
        utf16::push_utf8(key?, bytes);
        let end = u32::try_from(bytes.len())
            .map_err(|_| JsError::Range("a batch of keys must stay under 4 GiB of UTF-8".into()))?;
        byte_offsets.push(end);
    }
    Ok(())
}

/// The functions bound to one ring, by JavaScript name.
const FUNCTIONS: &[(&str, raw::Callback)] = &[
    ("setConsumer", set_consumer),
    ("removeConsumer", remove_consumer),
    ("pointCount", point_count),
    ("lookup", lookup),
    ("lookupMany", lookup_many),
    ("replicas", replicas),
    ("dispose", dispose),
];

/// Creates `{ setConsumer, removeConsumer, pointCount, lookup, lookupMany, replicas, dispose }`
/// bound to `engine`, each function holding `owner` (the `NativeRing` object) in a hidden property.
///
/// # Safety
/// `engine` must stay valid for as long as `owner` is alive.
pub(crate) unsafe fn bind(
    env: sys::napi_env,
    owner: sys::napi_value,
    engine: *mut Engine,
) -> JsResult<sys::napi_value> {
    let mut object = ptr::null_mut();
    // SAFETY: plain object creation.
    check(unsafe { sys::napi_create_object(env, &mut object) })?;
    for &(name, cb) in FUNCTIONS {
        // SAFETY: forwarded; the hidden property keeps `owner` (and so `engine`) alive.
        unsafe {
            let f = raw::function(env, name, cb, engine.cast())?;
            raw::define_hidden(env, f, c"ring", owner)?;
            raw::set(env, object, name, f)?;
        }
    }
    Ok(object)
}

/// NO_SLOT as JavaScript sees it in an `Int32Array`.
const _: () = assert!(NO_SLOT as i32 == -1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_encoded_one_by_one() {
        // "a", "é", then a surrogate pair split over two keys, then an empty key.
        let units: Vec<u16> = vec![0x61, 0xE9, 0xD83D, 0xDE00];
        let (mut bytes, mut offs) = (Vec::new(), Vec::new());
        encode_keys(&units, &[0, 1, 2, 3, 4, 4], &mut bytes, &mut offs).unwrap();
        let fffd = "\u{FFFD}".as_bytes();
        assert_eq!(bytes, [&b"a"[..], "é".as_bytes(), fffd, fffd].concat());
        assert_eq!(offs, [0, 1, 3, 6, 9, 9]);
        assert!(encode_keys(&units, &[0, 5], &mut bytes, &mut offs).is_err());
        assert!(encode_keys(&units, &[2, 1], &mut bytes, &mut offs).is_err());
    }
}
