//! Node-API plumbing for the hand-written callbacks: the [`callback!`] macro that defines one
//! ([`callbacks!`]: several, and the list of them), [`run`] and [`args`], argument and result values, and [`bind`], which makes JavaScript functions
//! of them bound to one engine. Key decoding is in `crate::keys`, typed arrays in [`typed_array`].
//!
//! napi-rs 3's generated glue costs 150–300 ns a call (argument conversion, borrow tracking,
//! type-tag checks); a raw callback costs about 13 ns. The calls made once per key (lookups,
//! replicas, jump, hashes) are therefore raw `extern "C"` functions over `napi::sys`. Each one
//! runs its body under [`run`], which turns errors into JavaScript exceptions and catches panics
//! so that none crosses into Node.

use std::borrow::Cow;
use std::ffi::{c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use chash_core::HashKind;
use napi::sys;

mod typed_array;

pub(crate) use typed_array::{slot_array, typed_array_of, u32_out, TypedArray, U32, U8};

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

/// The hash a kind argument `name` stands for ([`HashKind::from_code`]), or chash_core's message
/// saying what `name` must be (the wasm build words it the same way).
pub(crate) fn hash_kind(code: u32, name: &'static str) -> Result<HashKind, String> {
    HashKind::from_code(code)
        .ok_or_else(|| chash_core::Error::UnknownHashCode { name, code }.to_string())
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

/// The callback type of Node-API functions.
pub(crate) type Callback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Defines a raw Node-API callback as a constant `(JavaScript name, callback)` for [`bind`]:
/// `fn jsName(env, argv[N], state: &mut State) { body }` runs `body` under [`run`] with the call's
/// environment, its first `N` arguments (missing ones are `undefined`) and the engine that [`bind`]
/// gave the function; `fn jsName(env, argv[N]) { body }` is a function with no engine. The body
/// returns [`JsResult`]`<napi_value>` (null for `undefined`) and may call unsafe helpers.
///
/// Everything is inlined into the callback, so a call costs what a hand-written one does.
macro_rules! callback {
    ($(#[$doc:meta])* fn $name:ident($env:ident, $argv:ident[$n:literal], $state:ident: &mut $State:ty) $body:block) => {
        $crate::raw::callback!(@fn $(#[$doc])* $name, $env, $argv, $n, call, {
            // The data pointer is the one `bind` gave this function: a live engine (the function
            // keeps its owner reachable) that nothing else borrows while the callback runs
            // (JavaScript is single-threaded and no callback re-enters).
            let $state: &mut $State = &mut *call.data.cast::<$State>();
        } $body);
    };
    ($(#[$doc:meta])* fn $name:ident($env:ident, $argv:ident[$n:literal]) $body:block) => {
        $crate::raw::callback!(@fn $(#[$doc])* $name, $env, $argv, $n, call, {} $body);
    };
    (@fn $(#[$doc:meta])* $name:ident, $env:ident, $argv:ident, $n:literal, $call:ident, {$($state:tt)*} $body:block) => {
        $(#[$doc])*
        #[allow(non_upper_case_globals)]
        const $name: (&str, $crate::raw::Callback) = (stringify!($name), {
            unsafe extern "C" fn callback(
                $env: ::napi::sys::napi_env,
                info: ::napi::sys::napi_callback_info,
            ) -> ::napi::sys::napi_value {
                // SAFETY: Node calls this with a valid env and info (and the data pointer, above).
                unsafe {
                    $crate::raw::run($env, || {
                        let $call = $crate::raw::args::<$n>($env, info)?;
                        #[allow(unused_variables)]
                        let $argv = $call.argv;
                        $($state)*
                        $body
                    })
                }
            }
            callback
        });
    };
}
pub(crate) use callback;

/// Defines [`callback!`]s and, after them, a constant listing them all in definition order (a
/// [`Functions`] for [`bind`]): `callbacks! { pub(crate) const FUNCTIONS; fn a(…) {…} fn b(…) {…} }`.
/// Adding a function is then one block.
macro_rules! callbacks {
    ($(#[$list_doc:meta])* $vis:vis const $list:ident; $($(#[$doc:meta])* fn $name:ident $args:tt $body:block)*) => {
        $($crate::raw::callback! { $(#[$doc])* fn $name $args $body })*
        $(#[$list_doc])*
        $vis const $list: &$crate::raw::Functions = &[$($name),*];
    };
}
pub(crate) use callbacks;

/// JavaScript functions by name, each a [`Callback`].
pub(crate) type Functions = [(&'static str, Callback)];

/// Creates an object of `functions`, each bound to `data` and holding `owner` (the object that
/// frees `data`) in the hidden property `hidden`, so that `data` outlives every function.
///
/// # Safety
/// `data` must stay valid for as long as `owner` is alive.
pub(crate) unsafe fn bind(
    env: sys::napi_env,
    owner: sys::napi_value,
    data: *mut c_void,
    hidden: &'static CStr,
    functions: &Functions,
) -> JsResult<sys::napi_value> {
    let mut object = ptr::null_mut();
    // SAFETY: plain object creation.
    check(unsafe { sys::napi_create_object(env, &mut object) })?;
    for &(name, cb) in functions {
        // SAFETY: forwarded.
        unsafe {
            let f = function(env, name, cb, data)?;
            define_hidden(env, f, hidden, owner)?;
            set(env, object, name, f)?;
        }
    }
    Ok(object)
}

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
unsafe fn define_hidden(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &'static CStr,
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
