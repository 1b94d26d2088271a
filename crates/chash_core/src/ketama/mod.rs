//! Ketama rings that place keys exactly where other clients do (docs/placement.md §9): npm
//! `hashring` 3.x, its `hash_ring` compatibility (Python `hash_ring`), libketama and
//! libmemcached's weighted ketama with md5 (pylibmc, PHP's memcached).
//!
//! Every mode builds its continuum the same way: for each server, in the order it was first
//! added, `count` md5 digests of `"<label>-<i>"`, each giving `per_digest` little-endian 32-bit
//! points; points sorted by value, equal values in insertion order. A key's owner is the first
//! point `>= md5(key)[0..4]` (little-endian), wrapping to the first point. The modes differ only
//! in `count` (each library's weight formula, in its own float precision), `per_digest` and the
//! label. These formulas are not monotone, so the whole continuum is rebuilt after every change,
//! lazily, before the next lookup.
//!
//! This module holds the servers, lookups and replicas; `build` the labels, the weight formulas
//! and the sorted continuum; `digest` md5.

use crate::prefix::PrefixTable;
use crate::ring::MAX_TOTAL_POINTS;
use crate::{Error, MAX_SLOT, NO_SLOT};

mod build;
mod digest;

/// Which client's continuum to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    /// npm `hashring` 3.x defaults: f64 weight formula, 4 points per digest, `default port` label.
    Hashring,
    /// npm `hashring` with `compatibility: 'hash_ring'`: as `Hashring` with 3 points per digest.
    HashRing,
    /// libketama: its weight formula in single-precision float, the server string as label.
    Libketama,
    /// libmemcached `MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED`: its f32 formula, label without `:11211`.
    Libmemcached,
}

impl Compat {
    /// The integer that stands for each mode across the bindings (`KETAMA_COMPAT_CODE` in TS).
    pub fn from_code(code: u32) -> Option<Compat> {
        [
            Compat::Hashring,
            Compat::HashRing,
            Compat::Libketama,
            Compat::Libmemcached,
        ]
        .get(code as usize)
        .copied()
    }

    fn per_digest(self) -> u32 {
        if self == Compat::HashRing {
            3
        } else {
            4
        }
    }

    /// Whether weights must be integers `1..=u32::MAX` (the C libraries take integer weights).
    fn integer_weights(self) -> bool {
        matches!(self, Compat::Libketama | Compat::Libmemcached)
    }
}

/// libmemcached's default port: a server on it is labelled by its host alone.
pub const MEMCACHED_DEFAULT_PORT: u32 = 11211;

/// The hash of a key on every ketama continuum: md5's first 4 bytes, little-endian.
#[inline]
pub fn ketama_hash(key: &[u8]) -> u32 {
    digest::md5_words(key)[0]
}

struct Server {
    slot: u32,
    label: Vec<u8>,
    weight: f64,
    /// Points of the digests computed so far (`per_digest` per digest), kept across rebuilds.
    cached: Vec<u32>,
}

/// A ketama continuum of servers given as slots (see the crate docs).
pub struct Ketama {
    compat: Compat,
    vnodes: u32,
    default_port: u32,
    servers: Vec<Server>,
    dirty: bool,
    /// The continuum in order, each point with its owner: `point << 32 | slot`. One array, so
    /// that a lookup's point and owner share a cache line.
    entries: Vec<u64>,
    /// The prefix table over `entries`.
    table: PrefixTable,
}

impl Ketama {
    /// An empty continuum. `vnodes` (digests per server before weighting; the libraries' 40) is
    /// in `1..=2^20`; `default_port` (0 for none) only applies to `Hashring` and `HashRing`.
    pub fn new(compat: Compat, vnodes: u32, default_port: u32) -> Result<Ketama, Error> {
        if vnodes == 0 || vnodes > crate::MAX_VNODES {
            return Err(Error::InvalidVnodes(vnodes.into()));
        }
        Ok(Ketama {
            compat,
            vnodes,
            default_port,
            servers: Vec::new(),
            dirty: false,
            entries: Vec::new(),
            table: PrefixTable::default(),
        })
    }

    /// Adds the server `name` in `slot`, or changes the weight of the one there (keeping its
    /// place in the order). The state is unchanged on error.
    pub fn set_server(&mut self, slot: u32, name: &[u8], weight: f64) -> Result<(), Error> {
        if slot > MAX_SLOT {
            return Err(Error::SlotOutOfRange(slot));
        }
        if name.is_empty() {
            return Err(Error::EmptyId);
        }
        let integer = self.compat.integer_weights();
        if !weight.is_finite()
            || weight <= 0.0
            || (integer && (weight.fract() != 0.0 || weight > u32::MAX as f64))
        {
            return Err(Error::InvalidWeight(weight));
        }
        let label = self.label(name);
        match self.servers.iter_mut().find(|s| s.slot == slot) {
            Some(server) => {
                if server.label != label {
                    server.cached.clear();
                }
                server.label = label;
                server.weight = weight;
            }
            None => {
                // Each server has at most about vnodes·n digests (the weights' shares sum to 1).
                let n = self.servers.len() as u64 + 1;
                let bound = n * (u64::from(self.vnodes) + 1) * 4;
                if bound > MAX_TOTAL_POINTS {
                    return Err(Error::TooManyPoints(bound));
                }
                // Refused here, with the continuum unchanged, rather than aborting (native) or
                // trapping (wasm32) when the next lookup builds it.
                crate::reserve::reserve_build(bound)?;
                self.servers.push(Server {
                    slot,
                    label,
                    weight,
                    cached: Vec::new(),
                });
            }
        }
        self.dirty = true;
        Ok(())
    }

    /// Removes the server in `slot`; returns whether there was one.
    pub fn remove_server(&mut self, slot: u32) -> bool {
        let before = self.servers.len();
        self.servers.retain(|s| s.slot != slot);
        let removed = self.servers.len() != before;
        self.dirty |= removed;
        removed
    }

    /// Removes every server and frees the continuum's memory.
    pub fn clear(&mut self) {
        self.servers = Vec::new();
        self.entries = Vec::new();
        self.table = PrefixTable::default();
        self.dirty = false;
    }

    /// The number of servers.
    pub fn len(&self) -> usize {
        self.servers.len()
    }

    /// Whether there are no servers.
    pub fn is_empty(&self) -> bool {
        self.servers.is_empty()
    }

    /// The number of points on the continuum.
    pub fn point_count(&mut self) -> usize {
        self.build();
        self.entries.len()
    }

    /// The continuum in order: (point, slot).
    pub fn points(&mut self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.build();
        self.entries.iter().map(|&e| ((e >> 32) as u32, e as u32))
    }

    /// The slot owning `key`, or [`NO_SLOT`] on a continuum without points.
    #[inline]
    pub fn lookup(&mut self, key: &[u8]) -> u32 {
        self.build();
        match self.position(ketama_hash(key)) {
            Some(index) => self.entries[index] as u32,
            None => NO_SLOT,
        }
    }

    /// The owners of the packed keys `bytes[offsets[k] .. offsets[k + 1]]` into `out[k]` (see
    /// [`crate::packed`]); [`NO_SLOT`] without points. Checks every offset before writing.
    pub fn lookup_many(
        &mut self,
        bytes: &[u8],
        offsets: &[u32],
        out: &mut [u32],
    ) -> Result<(), Error> {
        let count = crate::packed::key_count(offsets, out.len())?;
        for key in crate::packed::keys(bytes, offsets) {
            key?;
        }
        for (k, key) in crate::packed::keys(bytes, offsets).enumerate().take(count) {
            out[k] = self.lookup(key?);
        }
        Ok(())
    }

    /// Writes up to `out.len()` distinct owners of `key` in continuum order from its owner (npm
    /// `hashring`'s `range(key, n, true)`) and returns how many.
    pub fn replicas(&mut self, key: &[u8], out: &mut [u32]) -> usize {
        self.build();
        let Some(start) = self.position(ketama_hash(key)) else {
            return 0;
        };
        let wanted = out.len().min(self.servers.len());
        let mut found = 0;
        let (tail, head) = self.entries.split_at(start);
        for slot in head.iter().chain(tail).map(|&e| e as u32) {
            if found == wanted {
                break;
            }
            if !out[..found].contains(&slot) {
                out[found] = slot;
                found += 1;
            }
        }
        found
    }

    /// The index of the first point `>= hash`, wrapping to 0; None without points.
    #[inline]
    fn position(&self, hash: u32) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        // An entry's point is below `hash` exactly when the entry is below `hash << 32`.
        let probe = u64::from(hash) << 32;
        let (lo, hi) = self.table.bounds(probe);
        let index = lo + self.entries[lo..hi].partition_point(|&e| e < probe);
        Some(if index == self.entries.len() {
            0
        } else {
            index
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A continuum of `servers` (name, weight) in slots 0, 1, … with 40 vnodes.
    pub(crate) fn ring(compat: Compat, servers: &[(&str, f64)]) -> Ketama {
        let mut ring = Ketama::new(compat, 40, 0).unwrap();
        for (slot, (name, weight)) in servers.iter().enumerate() {
            ring.set_server(slot as u32, name.as_bytes(), *weight)
                .unwrap();
        }
        ring
    }

    #[test]
    fn bad_input_leaves_the_ring_unchanged() {
        let mut r = ring(Compat::Libmemcached, &[("a", 1.0), ("b", 2.0)]);
        let before: Vec<_> = r.points().collect();
        assert_eq!(r.set_server(2, b"c", 1.5), Err(Error::InvalidWeight(1.5)));
        assert_eq!(r.set_server(2, b"", 1.0), Err(Error::EmptyId));
        assert!(r.set_server(2, b"c", f64::NAN).is_err());
        assert_eq!(r.points().collect::<Vec<_>>(), before);
        assert!(Ketama::new(Compat::Hashring, 0, 0).is_err());
    }

    #[test]
    fn prefix_table_search_equals_a_binary_search() {
        for n in [1usize, 2, 3, 7, 100] {
            let servers: Vec<(String, f64)> = (0..n).map(|i| (format!("s{i}"), 1.0)).collect();
            let refs: Vec<(&str, f64)> = servers.iter().map(|(s, w)| (s.as_str(), *w)).collect();
            let mut r = ring(Compat::Hashring, &refs);
            let points: Vec<u32> = r.points().map(|(p, _)| p).collect();
            // Every point, its neighbours and both ends: exact hits, gaps and the wrap.
            let probes = points
                .iter()
                .flat_map(|&p| [p, p.wrapping_add(1), p.wrapping_sub(1)])
                .chain([0, u32::MAX]);
            for h in probes {
                let want = points.partition_point(|&p| p < h) % points.len();
                assert_eq!(r.position(h), Some(want), "{n} servers, hash {h}");
            }
        }
    }

    #[test]
    fn lookup_wraps_and_replicas_are_distinct() {
        let mut r = ring(Compat::Hashring, &[("a", 1.0), ("b", 1.0), ("c", 1.0)]);
        let (first, first_owner) = r.points().next().unwrap();
        let last = r.points().last().unwrap().0;
        assert!(first < last);
        let mut out = [0u32; 5];
        let found = r.replicas(b"key", &mut out);
        assert_eq!(found, 3);
        assert_eq!(out[0], r.lookup(b"key"));
        assert_ne!(out[0], out[1]);
        assert_ne!(out[1], out[2]);
        assert_ne!(out[0], out[2]);
        assert_eq!(first_owner, r.entries[0] as u32);
        assert!(r.remove_server(0) && r.remove_server(1) && r.remove_server(2));
        assert_eq!(r.lookup(b"key"), NO_SLOT);
        assert_eq!(r.replicas(b"key", &mut out), 0);
    }
}
