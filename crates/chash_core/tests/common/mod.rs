//! Helpers shared by the integration tests: fixture loading and a naive reference ring.
#![allow(dead_code)]

use std::path::PathBuf;

use chash_core::{HashKind, KeyHasher};

/// `<repo>/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Parses `<repo>/fixtures/<name>`; panics with a clear message if it is missing or invalid.
pub fn load_fixture(name: &str) -> serde_json::Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("invalid JSON in {}: {e}", path.display()))
}

pub fn hex_u64(v: &serde_json::Value) -> u64 {
    let s = v.as_str().expect("hex string");
    u64::from_str_radix(s, 16).unwrap_or_else(|e| panic!("bad hex {s:?}: {e}"))
}

pub fn dec_u64(v: &serde_json::Value) -> u64 {
    match v {
        serde_json::Value::String(s) => s.parse().unwrap_or_else(|e| panic!("bad u64 {s:?}: {e}")),
        serde_json::Value::Number(n) => n.as_u64().expect("u64 number"),
        other => panic!("expected a u64, got {other}"),
    }
}

pub fn hash_kind(v: &serde_json::Value) -> HashKind {
    v.as_str().expect("hash name").parse().expect("known hash")
}

/// A deterministic PRNG (SplitMix64) for property-style tests.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// A deliberately naive reading of docs/placement.md §3–§6: every point with its id and index,
/// sorted with the full §4 comparator, searched linearly.
pub struct NaiveRing {
    pub hasher: KeyHasher,
    /// (slot, id, points)
    pub consumers: Vec<(u32, Vec<u8>, u32)>,
}

impl NaiveRing {
    pub fn new(hasher: KeyHasher) -> Self {
        NaiveRing {
            hasher,
            consumers: Vec::new(),
        }
    }

    pub fn set(&mut self, slot: u32, id: &[u8], points: u32) {
        self.remove(slot);
        self.consumers.push((slot, id.to_vec(), points));
    }

    pub fn remove(&mut self, slot: u32) -> bool {
        let before = self.consumers.len();
        self.consumers.retain(|c| c.0 != slot);
        before != self.consumers.len()
    }

    /// (position, id, index, slot) in ring order.
    pub fn points(&self) -> Vec<(u64, Vec<u8>, u32, u32)> {
        let mut pts = Vec::new();
        for (slot, id, n) in &self.consumers {
            for i in 0..*n {
                let mut b = id.clone();
                b.extend_from_slice(&i.to_le_bytes());
                pts.push((self.hasher.hash(&b), id.clone(), i, *slot));
            }
        }
        pts.sort();
        pts
    }

    pub fn lookup(&self, key: &[u8]) -> Option<u32> {
        self.replicas(key, 1).first().copied()
    }

    pub fn replicas(&self, key: &[u8], n: usize) -> Vec<u32> {
        let pts = self.points();
        let h = self.hasher.hash(key);
        let start = pts.iter().position(|p| p.0 >= h).unwrap_or(0);
        let mut out: Vec<u32> = Vec::new();
        for k in 0..pts.len() {
            if out.len() == n {
                break;
            }
            let s = pts[(start + k) % pts.len()].3;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}
