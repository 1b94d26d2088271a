//! `chash_core`: the placement engine of chash.
//!
//! This crate implements the normative placement contract of `docs/placement.md` in pure Rust:
//!
//! * [`hash`]: the key hash `H` (§2), XXH3-64 or XXH64 with a 64-bit seed;
//! * [`ring`]: the consistent-hash ring (§3–§6) with weighted consumers, lookups, replicas and
//!   batch lookups;
//! * [`jump`]: jump consistent hash (§7), Lamping & Veach 2014, bit for bit;
//! * [`ketama`]: ketama continuums identical to npm `hashring`, libketama and libmemcached (§9).
//!
//! It is written for the binding crates (napi-rs and wasm-bindgen) that wrap it: the API deals in
//! numbers, byte slices and *slot indices* (`u32` values chosen by the caller) that stand for
//! consumers; consumers' payloads stay on the JavaScript side. Every fallible call returns an
//! [`Error`] instead of panicking on bad input.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod hash;
pub mod jump;
pub mod ketama;
pub mod packed;
pub mod ring;

pub use error::Error;
pub use hash::{u64_from_halves, HashKind, KeyHasher};
pub use jump::{jump_hash, jump_hash_many, jump_hash_unchecked, MAX_BUCKETS};
pub use ring::{points_for, Ring, MAX_POINTS_PER_CONSUMER, MAX_SLOT, MAX_VNODES, NO_SLOT};
