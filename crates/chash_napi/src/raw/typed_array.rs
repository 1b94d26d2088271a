//! Typed array arguments: their memory, element kind and the checks every callback makes.

use std::ptr::{self, NonNull};

use napi::sys;

use super::{check, JsError, JsResult};

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
unsafe fn typed_array(env: sys::napi_env, value: sys::napi_value) -> JsResult<Option<TypedArray>> {
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

/// A `Uint32Array` argument `out`, or an `ArrayBuffer` taken as one (whole `u32`s from byte 0).
///
/// Node-API reads an `ArrayBuffer` for a fraction of what a typed array costs:
/// `napi_get_typedarray_info` tests the array's kind against each kind in turn and materialises its
/// buffer, so per-call outputs (a ring's `replicas`) are best passed as a buffer.
#[inline(always)]
pub(crate) unsafe fn u32_out(env: sys::napi_env, value: sys::napi_value) -> JsResult<TypedArray> {
    let mut data = ptr::null_mut();
    let mut bytes = 0;
    // SAFETY: value belongs to env.
    let status = unsafe { sys::napi_get_arraybuffer_info(env, value, &mut data, &mut bytes) };
    if status == sys::Status::napi_invalid_arg {
        // SAFETY: forwarded.
        return unsafe {
            typed_array_of(
                env,
                value,
                U32,
                "out must be a Uint32Array or an ArrayBuffer",
            )
        };
    }
    check(status)?;
    // A detached or empty buffer may report a null pointer.
    let (ptr, len) = match NonNull::new(data.cast::<u8>()) {
        Some(p) if bytes >= 4 => (p, bytes / 4),
        _ => (NonNull::<u32>::dangling().cast(), 0),
    };
    if ptr.as_ptr() as usize % 4 != 0 {
        return Err(JsError::Range("typed array memory is misaligned".into()));
    }
    Ok(TypedArray {
        kind: sys::TypedarrayType::uint32_array,
        ptr,
        len,
        bytes: len * 4,
    })
}

/// The kind of a `Uint8Array`, for [`typed_array_of`].
pub(crate) const U8: &[sys::napi_typedarray_type] = &[sys::TypedarrayType::uint8_array];

/// The kind of a `Uint32Array`, for [`typed_array_of`].
pub(crate) const U32: &[sys::napi_typedarray_type] = &[sys::TypedarrayType::uint32_array];

/// An `Int32Array` or `Uint32Array` argument `out` for slots.
#[inline(always)]
pub(crate) unsafe fn slot_array(
    env: sys::napi_env,
    value: sys::napi_value,
) -> JsResult<TypedArray> {
    // SAFETY: forwarded.
    unsafe {
        typed_array_of(
            env,
            value,
            SLOT_ARRAYS,
            "out must be an Int32Array or a Uint32Array",
        )
    }
}

/// Which `Int32Array` / `Uint32Array` kinds are accepted for slot outputs.
const SLOT_ARRAYS: &[sys::napi_typedarray_type] = &[
    sys::TypedarrayType::int32_array,
    sys::TypedarrayType::uint32_array,
];
