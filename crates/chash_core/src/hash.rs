//! The key hash `H` of docs/placement.md §2.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// Which 64-bit hash a ring uses (docs/placement.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HashKind {
    /// `XXH3_64bits_withSeed` (xxHash ≥ 0.8.0). The default.
    #[default]
    Xxh3,
    /// `XXH64`.
    Xxh64,
}

impl HashKind {
    /// The number that stands for the hash where the bindings pass it as an integer:
    /// 0 = XXH3, 1 = XXH64.
    pub fn code(self) -> u32 {
        match self {
            HashKind::Xxh3 => 0,
            HashKind::Xxh64 => 1,
        }
    }

    /// The hash whose [`HashKind::code`] is `code`, if any.
    pub fn from_code(code: u32) -> Option<Self> {
        match code {
            0 => Some(HashKind::Xxh3),
            1 => Some(HashKind::Xxh64),
            _ => None,
        }
    }

    /// The contract's name of the hash: `"xxh3"` or `"xxh64"`.
    pub fn name(self) -> &'static str {
        match self {
            HashKind::Xxh3 => "xxh3",
            HashKind::Xxh64 => "xxh64",
        }
    }
}

impl fmt::Display for HashKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashKind {
    type Err = Error;

    /// Parses `"xxh3"` or `"xxh64"`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "xxh3" => Ok(HashKind::Xxh3),
            "xxh64" => Ok(HashKind::Xxh64),
            other => Err(Error::UnknownHash(other.to_owned())),
        }
    }
}

/// The 64-bit integer `hi·2^32 + lo` (how the bindings pass 64-bit values: two 32-bit halves).
pub const fn u64_from_halves(hi: u32, lo: u32) -> u64 {
    ((hi as u64) << 32) | lo as u64
}

/// A seeded 64-bit key hash: `H(bytes)` of docs/placement.md §2.
///
/// ```
/// use chash_core::{HashKind, KeyHasher};
/// let h = KeyHasher::new(HashKind::Xxh3, 0);
/// assert_eq!(h.hash(b""), 0x2D06800538D394C2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyHasher {
    /// The hash function.
    pub kind: HashKind,
    /// The 64-bit seed (`0` is the default; XXH3 with seed 0 equals `XXH3_64bits`).
    pub seed: u64,
}

impl KeyHasher {
    /// A hasher of the given kind and seed.
    pub const fn new(kind: HashKind, seed: u64) -> Self {
        KeyHasher { kind, seed }
    }

    /// A hasher whose seed is `seed_hi·2^32 + seed_lo`, the two halves in which JavaScript
    /// passes a 64-bit seed.
    pub const fn with_seed_halves(kind: HashKind, seed_hi: u32, seed_lo: u32) -> Self {
        KeyHasher::new(kind, u64_from_halves(seed_hi, seed_lo))
    }

    /// `H(bytes)`: `XXH3_64bits_withSeed(bytes, seed)` or `XXH64(bytes, seed)`.
    #[inline]
    pub fn hash(&self, bytes: &[u8]) -> u64 {
        match self.kind {
            HashKind::Xxh3 => crate::xxh3::xxh3_64_with_seed(bytes, self.seed),
            HashKind::Xxh64 => xxhash_rust::xxh64::xxh64(bytes, self.seed),
        }
    }

    /// The position `P(id, i) = H(id ‖ LE32(i))` of point `i` of the consumer `id`
    /// (docs/placement.md §3).
    pub fn point_position(&self, id: &[u8], index: u32) -> u64 {
        let mut buf = Vec::with_capacity(id.len() + 4);
        buf.extend_from_slice(id);
        buf.extend_from_slice(&index.to_le_bytes());
        self.hash(&buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_and_seed_halves() {
        for kind in [HashKind::Xxh3, HashKind::Xxh64] {
            assert_eq!(HashKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(HashKind::from_code(2), None);
        assert_eq!(
            u64_from_halves(0x9e37_79b9, 0x7f4a_7c15),
            0x9e37_79b9_7f4a_7c15
        );
        assert_eq!(
            KeyHasher::with_seed_halves(HashKind::Xxh64, 1, 2),
            KeyHasher::new(HashKind::Xxh64, (1 << 32) | 2)
        );
    }

    #[test]
    fn known_values() {
        // Reference values from xxHash's own documentation / xxhsum.
        assert_eq!(
            KeyHasher::new(HashKind::Xxh3, 0).hash(b""),
            0x2D06_8005_38D3_94C2
        );
        assert_eq!(
            KeyHasher::new(HashKind::Xxh64, 0).hash(b""),
            0xEF46_DB37_51D8_E999
        );
        // XXH3 with seed 0 is XXH3_64bits.
        let data = b"hello world";
        assert_eq!(
            KeyHasher::new(HashKind::Xxh3, 0).hash(data),
            xxhash_rust::xxh3::xxh3_64(data)
        );
    }

    #[test]
    fn names_round_trip() {
        for k in [HashKind::Xxh3, HashKind::Xxh64] {
            assert_eq!(k.name().parse::<HashKind>().unwrap(), k);
            assert_eq!(k.to_string(), k.name());
        }
        assert!(matches!(
            "md5".parse::<HashKind>(),
            Err(Error::UnknownHash(_))
        ));
        assert_eq!(HashKind::default(), HashKind::Xxh3);
    }

    #[test]
    fn point_position_is_id_then_le32() {
        let h = KeyHasher::new(HashKind::Xxh64, 7);
        let mut buf = b"node-1".to_vec();
        buf.extend_from_slice(&[3, 1, 0, 0]);
        assert_eq!(h.point_position(b"node-1", 259), h.hash(&buf));
    }
}
