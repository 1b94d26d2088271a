//! [`Owned`]: an engine's state, owned by its napi-rs class object and shared with the raw
//! functions bound to it (`crate::raw::bind`) as their data pointer.

use std::ffi::CStr;
use std::ptr::NonNull;

use napi::bindgen_prelude::*;

use crate::raw::{self, Functions};

/// A heap value owned by one JavaScript object and freed when that object is.
///
/// It is never turned back into a `Box` or a `&mut` while the object lives: the bound functions
/// hold the same pointer.
pub(crate) struct Owned<T>(NonNull<T>);

impl<T> Owned<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Self {
        Owned(NonNull::from(Box::leak(Box::new(value))))
    }

    /// The pointer the bound functions receive.
    pub fn as_non_null(&self) -> NonNull<T> {
        self.0
    }

    /// [`Owned::as_non_null`] as a raw pointer.
    pub fn as_ptr(&self) -> *mut T {
        self.0.as_ptr()
    }

    /// `functions` bound to this value, each holding `this` (the owner) in the hidden property
    /// `hidden`, so that the value outlives them.
    pub fn bind<'e>(
        &self,
        env: &'e Env,
        this: This,
        hidden: &'static CStr,
        functions: &Functions,
    ) -> Result<Unknown<'e>> {
        // SAFETY: `this` owns the value and frees it only when it is collected, which the hidden
        // property prevents while any bound function is reachable.
        unsafe {
            let object = raw::bind(
                env.raw(),
                this.raw(),
                self.as_ptr().cast(),
                hidden,
                functions,
            )
            .map_err(crate::to_napi)?;
            Ok(Unknown::from_raw_unchecked(env.raw(), object))
        }
    }
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: created by Box::leak in `new`; dropped once, with its owner, when no bound
        // function can run any more.
        drop(unsafe { Box::from_raw(self.0.as_ptr()) });
    }
}
