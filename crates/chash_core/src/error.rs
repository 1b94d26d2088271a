use std::fmt;

/// Everything that can go wrong in `chash_core`. Every variant is a caller error (an argument
/// outside the range the contract allows); the engine state is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Jump hash bucket count outside `1 ..= 2^31 - 1` (docs/placement.md §7).
    InvalidBuckets(u64),
    /// A consumer's point count outside `1 ..= 2^20` (docs/placement.md §3).
    InvalidPointCount(u64),
    /// `vnodes` outside `1 ..= 2^20` (docs/placement.md §3).
    InvalidVnodes(u64),
    /// A weight that is not a finite number greater than 0 (docs/placement.md §3).
    InvalidWeight(f64),
    /// `round(weight × vnodes)` outside `1 ..= 2^20` (docs/placement.md §3).
    WeightOutOfRange {
        /// The weight given.
        weight: f64,
        /// The ring's `vnodes`.
        vnodes: u32,
        /// `weight × vnodes` rounded (may be 0 or above 2^20).
        count: f64,
    },
    /// A consumer id of 0 bytes (ids are non-empty strings, docs/placement.md §3).
    EmptyId,
    /// A slot index above [`crate::MAX_SLOT`].
    SlotOutOfRange(u32),
    /// The ring would hold more points than a `u32` index can address.
    TooManyPoints(u64),
    /// The memory to build a ring of `points` points (`bytes`, see
    /// [`crate::BUILD_BYTES_PER_POINT`]) cannot be allocated.
    OutOfMemory {
        /// Points the ring would hold.
        points: u64,
        /// Bytes its build needs.
        bytes: u64,
    },
    /// An output buffer shorter than the number of results to write.
    OutputTooShort {
        /// Results to write.
        needed: usize,
        /// Length of the buffer given.
        got: usize,
    },
    /// Batch key offsets that are empty, decreasing, or point past the end of the key buffer.
    InvalidOffsets {
        /// Index in `offsets` of the first bad entry.
        index: usize,
    },
    /// A hash name other than `"xxh3"` or `"xxh64"`.
    UnknownHash(String),
    /// A MementoHash bucket to remove that is not working (removed, or never added).
    BucketNotWorking(u32),
    /// Removing the only working bucket of a MementoHash.
    LastBucket(u32),
    /// A hash kind code that [`crate::HashKind::from_code`] does not know, given as the
    /// argument `name` of a binding.
    UnknownHashCode {
        /// The argument's name in the binding.
        name: &'static str,
        /// The code given.
        code: u32,
    },
    /// A ketama mode code that [`crate::ketama::Compat::from_code`] does not know.
    UnknownCompat(u32),
}

impl Error {
    /// The message of every error whose fields are integers: all but [`Error::InvalidWeight`],
    /// [`Error::WeightOutOfRange`] and [`Error::UnknownHash`] (`None`). It is the text of
    /// `Display`, which uses it; the wasm build words its errors with it alone, so that float
    /// formatting and string escaping (about 20 KB) stay out of the module while every backend
    /// gives the same words.
    pub fn integer_message(&self) -> Option<String> {
        Some(match self {
            Error::InvalidBuckets(b) => {
                format!("buckets must be an integer in 1..=2147483647, got {b}")
            }
            Error::InvalidPointCount(p) => {
                format!("a consumer's point count must be in 1..=1048576, got {p}")
            }
            Error::InvalidVnodes(v) => format!("vnodes must be an integer in 1..=1048576, got {v}"),
            Error::EmptyId => "a consumer id must not be empty".to_owned(),
            Error::SlotOutOfRange(s) => {
                format!("slot {s} is out of range (max {})", crate::MAX_SLOT)
            }
            Error::TooManyPoints(n) => format!(
                "the ring would hold {n} points, more than the {} an engine can index",
                crate::ring::MAX_TOTAL_POINTS
            ),
            Error::OutOfMemory { points, bytes } => out_of_memory(*points, *bytes),
            Error::OutputTooShort { needed, got } => {
                format!("output buffer too short: {needed} results to write, length {got}")
            }
            Error::InvalidOffsets { index } => format!(
                "invalid key offsets at index {index}: offsets must hold keys + 1 \
                 non-decreasing entries within the key buffer"
            ),
            // Worded as @chash/core's MementoHash, which checks first on every backend.
            Error::BucketNotWorking(b) => {
                format!("bucket {b} is not a working bucket (removed, or never added)")
            }
            Error::LastBucket(b) => {
                format!("bucket {b} is the last working bucket and cannot be removed")
            }
            Error::UnknownHashCode { name, code } => {
                format!("{name} must be 0 (xxh3) or 1 (xxh64), got {code}")
            }
            Error::UnknownCompat(c) => format!("compat must be 0..3, got {c}"),
            Error::InvalidWeight(_) | Error::WeightOutOfRange { .. } | Error::UnknownHash(_) => {
                return None
            }
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(message) = self.integer_message() {
            return f.write_str(&message);
        }
        match self {
            Error::InvalidWeight(w) => {
                write!(f, "weight must be a finite number greater than 0, got {w}")
            }
            Error::WeightOutOfRange {
                weight,
                vnodes,
                count,
            } => write!(
                f,
                "weight {weight} with vnodes {vnodes} gives {count} points; \
                 round(weight × vnodes) must be in 1..=1048576"
            ),
            Error::UnknownHash(name) => {
                write!(f, "unknown hash {name:?}: expected \"xxh3\" or \"xxh64\"")
            }
            _ => unreachable!("integer_message words every other error"),
        }
    }
}

impl std::error::Error for Error {}

/// The message of [`Error::OutOfMemory`], which every backend gives word for word.
pub fn out_of_memory(points: u64, bytes: u64) -> String {
    format!(
        "the ring would hold {points} points, whose build needs {bytes} bytes, more memory than \
         the engine can allocate (WebAssembly memory is limited to 4 GiB); use fewer consumers \
         or a smaller vnodes or weight"
    )
}
