//! Hand-written Node-API callbacks and their helpers.
//!
//! napi-rs 3's generated glue costs 150–300 ns a call (argument conversion, borrow tracking,
//! type-tag checks); a raw callback costs about 13 ns. The calls made once per key (lookups,
//! replicas, jump, hashes) are therefore raw `extern "C"` functions over `napi::sys`. Each one
//! runs its body under [`run`], which turns errors into JavaScript exceptions and catches panics
//! so that none crosses into Node.

use std::borrow::Cow;
use std::ffi::{c_void, CString};
use std::mem::MaybeUninit;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::{self, NonNull};

use chash_core::HashKind;
use napi::sys;

use crate::utf16;

/// A JavaScript exception to throw.
#[derive(Debug)]
pub(crate) enum JsError {
    /// A `TypeError`.
    Type(Cow<'static, str>),
    /// A `RangeError`.
    Range(Cow<'static, str>),
    /// An `Error`.
    Plain(Cow<'static, str>),
    /// A Node-API call failed and left its own exception pending.
    Pending,
}

impl From<chash_core::Error> for JsError {
    /// Every `chash_core` error is an argument outside its allowed range.
    fn from(e: chash_core::Error) -> Self {
        JsError::Range(e.to_string().into())
    }
}

impl JsError {
    /// Throws this error into `env` (unless an exception is already pending).
    unsafe fn throw(self, env: sys::napi_env) {
        let mut pending = false;
        // SAFETY: env is the callback's environment.
        if unsafe { sys::napi_is_exception_pending(env, &mut pending) } == sys::Status::napi_ok
            && pending
        {
            return;
        }
        let text = |m: &str| CString::new(m.replace('\0', "\\0")).unwrap_or_default();
        // Called in each arm, not through a fn pointer: with napi-rs's dyn-symbols (Windows) these
        // are Rust functions, elsewhere `extern "C"` ones.
        // SAFETY: a valid env and NUL-terminated messages; a null code means "no code".
        unsafe {
            match self {
                JsError::Type(m) => sys::napi_throw_type_error(env, ptr::null(), text(&m).as_ptr()),
                JsError::Range(m) => {
                    sys::napi_throw_range_error(env, ptr::null(), text(&m).as_ptr())
                }
                JsError::Plain(m) => sys::napi_throw_error(env, ptr::null(), text(&m).as_ptr()),
                JsError::Pending => sys::napi_throw_error(
                    env,
                    ptr::null(),
                    text("chash native: a Node-API call failed").as_ptr(),
                ),
            }
        };
    }
}

/// The hash a kind argument `name` stands for ([`HashKind::from_code`]), or the message saying
/// what `name` must be.
pub(crate) fn hash_kind(code: u32, name: &str) -> Result<HashKind, String> {
    HashKind::from_code(code)
        .ok_or_else(|| format!("{name} must be 0 (xxh3) or 1 (xxh64), got {code}"))
}

/// The result of a callback body.
pub(crate) type JsResult<T> = Result<T, JsError>;

/// Turns a Node-API status into a result: `ok`, or [`JsError::Pending`].
#[inline]
pub(crate) fn check(status: sys::napi_status) -> JsResult<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(JsError::Pending)
    }
}

/// Runs a callback body: its value is returned to JavaScript, its error thrown, its panic (a bug)
/// reported as an `Error` instead of unwinding into Node.
#[inline(always)]
pub(crate) unsafe fn run(
    env: sys::napi_env,
    body: impl FnOnce() -> JsResult<sys::napi_value>,
) -> sys::napi_value {
    let error = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            JsError::Plain(format!("chash native: internal error: {detail}").into())
        }
    };
    // SAFETY: env is the callback's environment.
    unsafe { error.throw(env) };
    ptr::null_mut()
}

/// The arguments of a call (missing ones are `undefined`) and the function's data pointer.
pub(crate) struct Args<const N: usize> {
    pub argv: [sys::napi_value; N],
    pub data: *mut c_void,
}

/// Reads up to `N` arguments of the current call.
#[inline(always)]
pub(crate) unsafe fn args<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> JsResult<Args<N>> {
    let mut argc = N;
    let mut argv = [ptr::null_mut(); N];
    let mut data = ptr::null_mut();
    // SAFETY: argv has room for argc values; Node fills missing ones with undefined.
    check(unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            &mut data,
        )
    })?;
    Ok(Args { argv, data })
}

/// A JavaScript number (`int32`).
#[inline(always)]
pub(crate) unsafe fn int32(env: sys::napi_env, value: i32) -> JsResult<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: plain value creation.
    check(unsafe { sys::napi_create_int32(env, value, &mut out) })?;
    Ok(out)
}

/// A JavaScript number (`uint32`).
#[inline(always)]
pub(crate) unsafe fn uint32(env: sys::napi_env, value: u32) -> JsResult<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: plain value creation.
    check(unsafe { sys::napi_create_uint32(env, value, &mut out) })?;
    Ok(out)
}

/// A JavaScript boolean.
pub(crate) unsafe fn boolean(env: sys::napi_env, value: bool) -> JsResult<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: plain value lookup.
    check(unsafe { sys::napi_get_boolean(env, value, &mut out) })?;
    Ok(out)
}

/// A number argument that must be an integer in `0 ..= max`.
#[inline(always)]
pub(crate) unsafe fn integer_arg(
    env: sys::napi_env,
    value: sys::napi_value,
    name: &'static str,
    max: f64,
) -> JsResult<f64> {
    let mut x = 0.0;
    // SAFETY: value belongs to env.
    let status = unsafe { sys::napi_get_value_double(env, value, &mut x) };
    if status == sys::Status::napi_number_expected {
        return Err(JsError::Type(format!("{name} must be a number").into()));
    }
    check(status)?;
    // `!(..)` so that NaN fails too.
    if !(x >= 0.0 && x <= max && x.fract() == 0.0) {
        return Err(JsError::Range(
            format!("{name} must be an integer in 0..{max}, got {x}").into(),
        ));
    }
    Ok(x)
}

/// A `u32` argument (an integer in `0 ..= 2^32 - 1`).
#[inline(always)]
pub(crate) unsafe fn u32_arg(
    env: sys::napi_env,
    value: sys::napi_value,
    name: &'static str,
) -> JsResult<u32> {
    // SAFETY: forwarded.
    Ok(unsafe { integer_arg(env, value, name, f64::from(u32::MAX)) }? as u32)
}

/// The memory of a typed array argument.
#[derive(Clone, Copy)]
pub(crate) struct TypedArray {
    pub kind: sys::napi_typedarray_type,
    pub ptr: NonNull<u8>,
    /// Length in elements.
    pub len: usize,
    /// Length in bytes.
    pub bytes: usize,
}

impl TypedArray {
    /// Whether the memory of `self` and `other` overlaps.
    pub fn overlaps(&self, other: &TypedArray) -> bool {
        let (a, b) = (self.ptr.as_ptr() as usize, other.ptr.as_ptr() as usize);
        self.bytes > 0 && other.bytes > 0 && a < b + other.bytes && b < a + self.bytes
    }

    /// Whether the memory of `self` and `bytes` (a key being read) overlaps.
    pub fn overlaps_bytes(&self, bytes: &[u8]) -> bool {
        let (a, b) = (self.ptr.as_ptr() as usize, bytes.as_ptr() as usize);
        self.bytes > 0 && !bytes.is_empty() && a < b + bytes.len() && b < a + self.bytes
    }

    /// The elements as `T` (which must be the element type of `kind`).
    ///
    /// # Safety
    /// No other live reference may alias the memory; JavaScript must not run while it is used.
    pub unsafe fn slice<'a, T>(&self) -> &'a [T] {
        // SAFETY: V8 keeps typed array memory aligned for its element type; ptr is non-null
        // (dangling for an empty array).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr().cast::<T>(), self.len) }
    }

    /// The elements as mutable `T` (see [`TypedArray::slice`]).
    ///
    /// # Safety
    /// As [`TypedArray::slice`].
    pub unsafe fn slice_mut<'a, T>(&self) -> &'a mut [T] {
        // SAFETY: as slice.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr().cast::<T>(), self.len) }
    }
}

/// Reads a typed array argument, or `Ok(None)` if `value` is not a typed array.
#[inline(always)]
pub(crate) unsafe fn typed_array(
    env: sys::napi_env,
    value: sys::napi_value,
) -> JsResult<Option<TypedArray>> {
    let mut kind = 0;
    let mut len = 0;
    let mut data = ptr::null_mut();
    // SAFETY: value belongs to env; the buffer and offset outputs are optional.
    let status = unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if status == sys::Status::napi_invalid_arg {
        return Ok(None); // not a typed array
    }
    check(status)?;
    let size = match kind {
        sys::TypedarrayType::int8_array
        | sys::TypedarrayType::uint8_array
        | sys::TypedarrayType::uint8_clamped_array => 1,
        sys::TypedarrayType::int16_array | sys::TypedarrayType::uint16_array => 2,
        sys::TypedarrayType::int32_array
        | sys::TypedarrayType::uint32_array
        | sys::TypedarrayType::float32_array => 4,
        _ => 8,
    };
    // An empty or detached array may report a null pointer.
    let ptr = match NonNull::new(data.cast::<u8>()) {
        Some(p) if len > 0 => p,
        _ => {
            return Ok(Some(TypedArray {
                kind,
                ptr: NonNull::<u64>::dangling().cast(),
                len: 0,
                bytes: 0,
            }))
        }
    };
    if ptr.as_ptr() as usize % size != 0 {
        return Err(JsError::Range("typed array memory is misaligned".into()));
    }
    Ok(Some(TypedArray {
        kind,
        ptr,
        len,
        bytes: len * size,
    }))
}

/// A typed array argument of one of `kinds`; `what` names it in the TypeError otherwise.
#[inline(always)]
pub(crate) unsafe fn typed_array_of(
    env: sys::napi_env,
    value: sys::napi_value,
    kinds: &[sys::napi_typedarray_type],
    what: &'static str,
) -> JsResult<TypedArray> {
    // SAFETY: forwarded.
    match unsafe { typed_array(env, value) }? {
        Some(array) if kinds.contains(&array.kind) => Ok(array),
        _ => Err(JsError::Type(what.into())),
    }
}

/// Which `Int32Array` / `Uint32Array` kinds are accepted for slot outputs.
pub(crate) const SLOT_ARRAYS: &[sys::napi_typedarray_type] = &[
    sys::TypedarrayType::int32_array,
    sys::TypedarrayType::uint32_array,
];

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
    let bytes =
        unsafe { typed_array_of(env, value, &[sys::TypedarrayType::uint8_array], KEY_TYPE) }?;
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
    let bytes =
        unsafe { typed_array_of(env, value, &[sys::TypedarrayType::uint8_array], KEY_TYPE) }?;
    Ok(Key::Bytes(bytes))
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

/// The callback type of Node-API functions.
pub(crate) type Callback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Creates a JavaScript function named `name` that calls `cb` with `data`.
pub(crate) unsafe fn function(
    env: sys::napi_env,
    name: &str,
    cb: Callback,
    data: *mut c_void,
) -> JsResult<sys::napi_value> {
    let mut f = ptr::null_mut();
    // SAFETY: name is passed with its length (no NUL needed).
    check(unsafe {
        sys::napi_create_function(
            env,
            name.as_ptr().cast(),
            name.len() as isize,
            Some(cb),
            data,
            &mut f,
        )
    })?;
    Ok(f)
}

/// Sets `object[name] = value` (a plain, enumerable data property).
pub(crate) unsafe fn set(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &str,
    value: sys::napi_value,
) -> JsResult<()> {
    let mut key = ptr::null_mut();
    // SAFETY: name is passed with its length.
    check(unsafe {
        sys::napi_create_string_utf8(env, name.as_ptr().cast(), name.len() as isize, &mut key)
    })?;
    // SAFETY: object is an object of env.
    check(unsafe { sys::napi_set_property(env, object, key, value) })
}

/// Defines a hidden (non-enumerable, read-only) property `object[name] = value`.
pub(crate) unsafe fn define_hidden(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &'static std::ffi::CStr,
    value: sys::napi_value,
) -> JsResult<()> {
    let property = sys::napi_property_descriptor {
        utf8name: name.as_ptr(),
        name: ptr::null_mut(),
        method: None,
        getter: None,
        setter: None,
        value,
        attributes: sys::PropertyAttributes::default,
        data: ptr::null_mut(),
    };
    // SAFETY: one valid descriptor.
    check(unsafe { sys::napi_define_properties(env, object, 1, &property) })
}
