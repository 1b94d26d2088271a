//! The consistent-hash ring of docs/placement.md §3–§6.
//!
//! Consumers live in *slots*: `u32` indices chosen by the caller (the binding layers keep the
//! consumers' ids and payloads on the JavaScript side and hand the engine a slot, the id's bytes
//! and a point count). Results are slots.
//!
//! # Design
//!
//! * Per slot the ring keeps the consumer's id bytes and point count.
//! * The points are sorted parallel arrays of positions (`u64`, kept as two arrays of 32-bit
//!   halves, see `positions`) and slots (`u32`): 12 bytes a point. A prefix table indexed by the
//!   top bits of a hash (one `u32` for every four to eight points, at most 1 byte a point)
//!   narrows a lookup to a handful of candidates.
//! * Changes are lazy: [`Ring::set_consumer`] and [`Ring::remove_consumer`] only record what
//!   changed. The next lookup (or [`Ring::flush`]) applies all recorded changes at once: one pass
//!   drops the points of removed or replaced consumers, only the new points are generated and
//!   sorted, and they are merged into the existing arrays. Adding 1,000 consumers and then looking
//!   up costs one sort; one change between lookups costs O(points), not O(points · log points).
//!
//! # Files
//!
//! * `slots`: the per-slot records and the bookkeeping of recorded changes;
//! * `apply`: applying recorded changes (flush) and merging new points into the arrays;
//! * `points`: the point count of a weight and the generation of point positions `P(id, i)`;
//! * `sort`: the §4 order of points (radix sort plus the tie rule);
//! * `positions`: the positions as high and low halves;
//! * `table`: the prefix table and the search for a hash's first point;
//! * `lookup`: single and batch lookups (§5);
//! * `replicas`: distinct consumers in ring order (§6).

use std::fmt;

use crate::hash::KeyHasher;
use crate::prefix::PrefixTable;
use positions::Positions;

mod apply;
mod lookup;
mod points;
mod positions;
mod replicas;
mod slots;
mod sort;
mod table;
#[cfg(test)]
mod test_util;

pub use points::points_for;

/// The largest point count of one consumer, and the largest `vnodes`: 2^20 (docs/placement.md §3).
pub const MAX_POINTS_PER_CONSUMER: u32 = 1 << 20;

/// The largest `vnodes` option: 2^20 (docs/placement.md §3).
pub const MAX_VNODES: u32 = 1 << 20;

/// The largest slot index a ring accepts (2^24 − 1). An engine's per-slot memory grows with the
/// largest slot in use, so callers should reuse freed slots and keep them dense.
pub const MAX_SLOT: u32 = (1 << 24) - 1;

/// The slot written by batch lookups for "no consumer" (the ring is empty).
pub const NO_SLOT: u32 = u32::MAX;

/// The largest total number of points of one ring (point indices are `u32`).
pub(crate) const MAX_TOTAL_POINTS: u64 = u32::MAX as u64 - 1;

/// One consumer: its id's bytes and its number of points.
#[derive(Clone)]
struct Consumer {
    id: Box<[u8]>,
    points: u32,
}

/// Slot flag: the arrays hold this slot's points of its current record.
const IN_RING: u8 = 1;
/// Slot flag: the arrays hold points of this slot that the next flush must drop.
const STALE: u8 = 2;
/// Slot flag: the current record's points are not in the arrays yet.
const PENDING: u8 = 4;

/// A consistent-hash ring (docs/placement.md §3–§6) of consumers in caller-chosen slots.
///
/// ```
/// use chash_core::{points_for, HashKind, KeyHasher, Ring};
/// let mut ring = Ring::new(KeyHasher::new(HashKind::Xxh3, 0));
/// for (slot, id) in ["a", "b", "c"].iter().enumerate() {
///     ring.set_consumer(slot as u32, id.as_bytes(), points_for(1.0, 160)?)?;
/// }
/// let owner = ring.lookup(b"user:42").unwrap();
/// let mut replicas = Vec::new();
/// ring.replicas(b"user:42", 2, &mut replicas);
/// assert_eq!(replicas[0], owner);
/// # Ok::<(), chash_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Ring {
    hasher: KeyHasher,
    /// Consumer records, indexed by slot.
    consumers: Vec<Option<Consumer>>,
    /// `IN_RING | STALE | PENDING` bits, indexed by slot (same length as `consumers`).
    flags: Vec<u8>,
    consumer_count: u32,
    /// Point positions in ring order (§4).
    positions: Positions,
    /// The slot of each point, parallel to `positions`.
    slots: Vec<u32>,
    /// The prefix table over `positions`.
    table: PrefixTable,
    /// Slots whose PENDING flag was set (may repeat or be stale; the flag decides).
    pending: Vec<u32>,
    /// Slots whose STALE flag is set.
    stale: Vec<u32>,
    /// Points in the arrays that the next flush drops.
    stale_points: u64,
    /// Points the next flush adds.
    pending_points: u64,
    dirty: bool,
    /// Bitmap scratch for replicas with a large `n`.
    seen: Vec<u64>,
    /// Test hook: replaces `P(id, i)` to force equal positions.
    #[cfg(test)]
    position_fn: Option<fn(&[u8], u32) -> u64>,
}

impl fmt::Debug for Ring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ring")
            .field("hasher", &self.hasher)
            .field("consumer_count", &self.consumer_count)
            .field("point_count", &self.total_points())
            .field("dirty", &self.dirty)
            .finish_non_exhaustive()
    }
}

impl Default for Ring {
    /// An empty ring with XXH3 and seed 0.
    fn default() -> Self {
        Ring::new(KeyHasher::default())
    }
}

impl Ring {
    /// An empty ring whose positions and key hashes use `hasher`.
    pub fn new(hasher: KeyHasher) -> Self {
        Ring {
            hasher,
            consumers: Vec::new(),
            flags: Vec::new(),
            consumer_count: 0,
            positions: Positions::default(),
            slots: Vec::new(),
            table: PrefixTable::default(),
            pending: Vec::new(),
            stale: Vec::new(),
            stale_points: 0,
            pending_points: 0,
            dirty: false,
            seen: Vec::new(),
            #[cfg(test)]
            position_fn: None,
        }
    }

    /// A ring whose point positions come from `f(id, index)` instead of `P(id, i)`.
    #[cfg(test)]
    pub(crate) fn with_position_fn(hasher: KeyHasher, f: fn(&[u8], u32) -> u64) -> Self {
        let mut ring = Ring::new(hasher);
        ring.position_fn = Some(f);
        ring
    }

    /// The ring's key hasher.
    pub fn hasher(&self) -> KeyHasher {
        self.hasher
    }

    /// The number of consumers (pending changes included).
    pub fn consumer_count(&self) -> u32 {
        self.consumer_count
    }

    /// The number of points on the ring (pending changes included). Always below `u32::MAX`.
    pub fn point_count(&self) -> u32 {
        self.total_points() as u32
    }

    fn total_points(&self) -> u64 {
        self.positions.len() as u64 - self.stale_points + self.pending_points
    }

    /// The id bytes of the consumer in `slot`, if any.
    pub fn consumer_id(&self, slot: u32) -> Option<&[u8]> {
        self.consumers.get(slot as usize)?.as_ref().map(|c| &*c.id)
    }

    /// The point count of the consumer in `slot`, if any.
    pub fn consumer_points(&self, slot: u32) -> Option<u32> {
        self.consumers
            .get(slot as usize)?
            .as_ref()
            .map(|c| c.points)
    }

    /// Whether changes are recorded but not yet applied (the next lookup will flush them).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The points in ring order (§4), as parallel arrays of positions and slots. Flushes first.
    pub fn points(&mut self) -> (Vec<u64>, &[u32]) {
        self.flush();
        (self.positions.iter().collect(), &self.slots)
    }

    /// An estimate of the engine's heap and inline memory in bytes (allocated capacities, not
    /// lengths). Pending changes cost extra until flushed.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
        let ids: usize = self.consumers.iter().flatten().map(|c| c.id.len()).sum();
        size_of::<Ring>()
            + self.consumers.capacity() * size_of::<Option<Consumer>>()
            + ids
            + self.flags.capacity()
            + self.positions.memory_bytes()
            + self.slots.capacity() * size_of::<u32>()
            + self.table.memory_bytes()
            + self.pending.capacity() * size_of::<u32>()
            + self.stale.capacity() * size_of::<u32>()
            + self.seen.capacity() * size_of::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::hasher;
    use super::*;

    #[test]
    fn memory_at_most_16_bytes_per_point() {
        let mut ring = Ring::new(hasher());
        for i in 0..1000u32 {
            ring.set_consumer(i, format!("node-{i}").as_bytes(), 160)
                .unwrap();
        }
        ring.flush();
        let per_point = ring.memory_bytes() as f64 / ring.point_count() as f64;
        assert!(per_point <= 16.0, "{per_point} bytes per point");
        // Churn must not leave the arrays loose.
        for i in 0..1000u32 {
            if i % 3 == 0 {
                ring.remove_consumer(i);
                ring.flush();
            }
        }
        let per_point = ring.memory_bytes() as f64 / ring.point_count() as f64;
        assert!(
            per_point <= 16.0,
            "{per_point} bytes per point after removals"
        );
    }
}
