//! `chash_core`: the placement engine of chash.
//!
//! This crate implements the normative placement contract of `docs/placement.md` in pure Rust:
//!
//! * [`hash`]: the key hash `H` (§2), XXH3-64 or XXH64 with a 64-bit seed;
//! * [`ring`]: the consistent-hash ring (§3–§6) with weighted consumers, lookups, replicas and
//!   batch lookups;
//! * [`jump`]: jump consistent hash (§7), Lamping & Veach 2014, bit for bit;
//! * [`memento`]: MementoHash (§8), jump hash that can remove any bucket;
//! * [`ketama`]: ketama continuums identical to npm `hashring`, libketama and libmemcached (§9);
//! * [`packed`]: the packed batch format (`buf` plus `offsets`) shared by every batch entry point;
//! * `prefix`: the prefix table that narrows a search over sorted points (rings and ketama);
//! * `reserve`: the fallible reservation of a ring's build memory ([`Error::OutOfMemory`]);
//! * `error`: the [`Error`] every fallible call returns.
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
pub mod memento;
pub mod packed;
mod prefix;
mod reserve;
pub mod ring;
mod xxh3;

pub use error::{out_of_memory, Error};
pub use hash::{u64_from_halves, HashKind, KeyHasher};
pub use jump::{
    jump_hash, jump_hash_many, jump_hash_unchecked, jump_key, jump_keys_many, JUMP_KEY_HASHER,
    MAX_BUCKETS,
};
pub use memento::Memento;
pub use reserve::BUILD_BYTES_PER_POINT;
pub use ring::{points_for, Ring, MAX_POINTS_PER_CONSUMER, MAX_SLOT, MAX_VNODES, NO_SLOT};
