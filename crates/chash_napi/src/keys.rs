//! Key decoding: a key argument (a JavaScript string or a `Uint8Array`) turned into the bytes
//! that are hashed (docs/placement.md §1), without allocating for the common short key.

use std::mem::MaybeUninit;
use std::ptr;

use napi::sys;

use crate::raw::{check, typed_array_of, JsResult, TypedArray, U8};
use crate::utf16;

/// UTF-16 units read into the stack buffer; longer strings use [`Spill`].
const STACK_UNITS: usize = 256;

/// Heap buffers for keys too long for the stack, kept between calls and trimmed when large.
#[derive(Default)]
pub(crate) struct Spill {
    units: Vec<u16>,
    bytes: Vec<u8>,
}

/// Above this capacity (bytes) a [`Spill`] buffer is freed after use rather than kept.
const SPILL_KEEP: usize = 64 * 1024;

impl Spill {
    fn trim(&mut self) {
        if self.units.capacity() * 2 > SPILL_KEEP {
            self.units = Vec::new();
        }
        if self.bytes.capacity() > SPILL_KEEP {
            self.bytes = Vec::new();
        }
    }
}

/// The message for a key of the wrong type.
const KEY_TYPE: &str = "key must be a string or a Uint8Array";

/// A key argument: a string (its UTF-8 bytes, docs/placement.md §1) or a `Uint8Array`.
pub(crate) enum Key {
    /// A string; `read_string` turns it into bytes.
    Str(sys::napi_value),
    /// The memory of a `Uint8Array`.
    Bytes(TypedArray),
}

/// Calls `f` with the bytes of a key argument (a string or a `Uint8Array`, anything else is a
/// TypeError).
///
/// A string of under 255 UTF-16 units is read into a stack buffer and encoded to UTF-8 on the
/// stack, so the common lookup allocates nothing.
#[inline(always)]
pub(crate) unsafe fn with_key<R>(
    env: sys::napi_env,
    value: sys::napi_value,
    spill: &mut Spill,
    f: impl FnOnce(&[u8]) -> R,
) -> JsResult<R> {
    let mut units = [MaybeUninit::<u16>::uninit(); STACK_UNITS];
    let mut len = 0;
    // SAFETY: the buffer holds STACK_UNITS units; Node writes at most STACK_UNITS - 1 plus a NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf16(
            env,
            value,
            units.as_mut_ptr().cast(),
            STACK_UNITS,
            &mut len,
        )
    };
    if status == sys::Status::napi_ok {
        if len < STACK_UNITS - 1 {
            // SAFETY: Node initialised the first `len` units.
            let units = unsafe { std::slice::from_raw_parts(units.as_ptr().cast::<u16>(), len) };
            let mut bytes = [MaybeUninit::<u8>::uninit(); STACK_UNITS * utf16::MAX_BYTES_PER_UNIT];
            return Ok(f(utf16::encode_utf8(units, &mut bytes)));
        }
        // Possibly cut short: read the whole string into the heap.
        // SAFETY: forwarded.
        unsafe { read_long_string(env, value, spill) }?;
        let result = f(&spill.bytes);
        spill.trim();
        return Ok(result);
    }
    if status != sys::Status::napi_string_expected {
        check(status)?;
    }
    // SAFETY: forwarded.
    let bytes = unsafe { typed_array_of(env, value, U8, KEY_TYPE) }?;
    // SAFETY: JavaScript does not run during `f`; nothing else references this memory.
    Ok(f(unsafe { bytes.slice::<u8>() }))
}

/// Reads a whole string into `spill.bytes` as UTF-8.
unsafe fn read_long_string(
    env: sys::napi_env,
    value: sys::napi_value,
    spill: &mut Spill,
) -> JsResult<()> {
    let mut total = 0;
    // SAFETY: a null buffer asks for the length in units.
    check(unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut total) })?;
    spill.units.clear();
    spill.units.reserve(total + 1);
    let mut len = 0;
    // SAFETY: the spare capacity holds total + 1 units.
    check(unsafe {
        sys::napi_get_value_string_utf16(env, value, spill.units.as_mut_ptr(), total + 1, &mut len)
    })?;
    // SAFETY: Node initialised `len` units.
    unsafe { spill.units.set_len(len) };
    spill.bytes.clear();
    utf16::push_utf8(&spill.units, &mut spill.bytes);
    Ok(())
}

/// Reads a key argument without converting it (strings stay JavaScript values).
pub(crate) unsafe fn key_arg(env: sys::napi_env, value: sys::napi_value) -> JsResult<Key> {
    let mut kind = 0;
    // SAFETY: value belongs to env.
    check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
    if kind == sys::ValueType::napi_string {
        return Ok(Key::Str(value));
    }
    // SAFETY: forwarded.
    Ok(Key::Bytes(unsafe {
        typed_array_of(env, value, U8, KEY_TYPE)
    }?))
}

/// The length of a string in UTF-16 units.
pub(crate) unsafe fn string_units(env: sys::napi_env, value: sys::napi_value) -> JsResult<usize> {
    let mut len = 0;
    // SAFETY: a null buffer asks for the length.
    check(unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut len) })?;
    Ok(len)
}

/// Reads a string as UTF-8 into `out` if it is pure ASCII (then its UTF-16 offsets are byte
/// offsets) and returns whether it was; `units` is its length in UTF-16 units.
///
/// V8 writes UTF-8 of a long flat string faster than it copies UTF-16 out, so batches try this
/// first.
pub(crate) unsafe fn read_ascii(
    env: sys::napi_env,
    value: sys::napi_value,
    units: usize,
    out: &mut Vec<u8>,
) -> JsResult<bool> {
    out.clear();
    out.reserve(units + 1);
    let mut written = 0;
    // SAFETY: the spare capacity holds units + 1 bytes (Node adds a NUL).
    check(unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            out.as_mut_ptr().cast(),
            units + 1,
            &mut written,
        )
    })?;
    // SAFETY: Node initialised `written` bytes.
    unsafe { out.set_len(written) };
    // Any non-ASCII character makes the UTF-8 longer than the UTF-16, so `units` ASCII bytes
    // are the whole string.
    Ok(written == units && out.is_ascii())
}

/// Reads a whole string as UTF-16 units into `out`.
pub(crate) unsafe fn read_units(
    env: sys::napi_env,
    value: sys::napi_value,
    units: usize,
    out: &mut Vec<u16>,
) -> JsResult<()> {
    out.clear();
    out.reserve(units + 1);
    let mut len = 0;
    // SAFETY: the spare capacity holds units + 1 units.
    check(unsafe {
        sys::napi_get_value_string_utf16(env, value, out.as_mut_ptr(), units + 1, &mut len)
    })?;
    // SAFETY: Node initialised `len` units.
    unsafe { out.set_len(len) };
    Ok(())
}
