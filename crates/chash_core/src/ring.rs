//! The consistent-hash ring of docs/placement.md §3–§6.
//!
//! Consumers live in *slots*: `u32` indices chosen by the caller (the binding layers keep the
//! consumers' ids and payloads on the JavaScript side and hand the engine a slot, the id's bytes
//! and a point count). Results are slots.
//!
//! # Design
//!
//! * Per slot the ring keeps the consumer's id bytes and point count.
//! * The points are two sorted parallel arrays, positions (`u64`) and slots (`u32`): 12 bytes a
//!   point. A prefix table indexed by the top bits of a hash (one `u32` for every two to four
//!   points, under 2 bytes a point) narrows a lookup to a handful of candidates.
//! * Changes are lazy: [`Ring::set_consumer`] and [`Ring::remove_consumer`] only record what
//!   changed. The next lookup (or [`Ring::flush`]) applies all recorded changes at once: one pass
//!   drops the points of removed or replaced consumers, only the new points are generated and
//!   sorted, and they are merged into the existing arrays. Adding 1,000 consumers and then looking
//!   up costs one sort; one change between lookups costs O(points), not O(points · log points).

use std::cmp::Ordering;
use std::fmt;

use crate::hash::{HashKind, KeyHasher};
use crate::{packed, Error};

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

/// Keys hashed per chunk in batch lookups (hashes first, then searches, for memory parallelism).
const BATCH_CHUNK: usize = 64;

/// Point inputs generated per chunk when building (see `Ring::generate_points`).
const GEN_CHUNK: usize = 32;

/// Above this many wanted replicas, [`Ring::replicas`] dedupes with a bitmap instead of a scan.
const REPLICAS_LINEAR_MAX: usize = 16;

/// The number of points of a consumer of `weight` on a ring with `vnodes` (docs/placement.md §3):
/// `round(weight × vnodes)` in IEEE-754 double precision, halves rounded up.
///
/// Errors: [`Error::InvalidVnodes`] if `vnodes` is not in `1 ..= 2^20`, [`Error::InvalidWeight`]
/// if `weight` is not finite and greater than 0, [`Error::WeightOutOfRange`] if the count is not in
/// `1 ..= 2^20`.
///
/// ```
/// use chash_core::points_for;
/// assert_eq!(points_for(1.0, 160), Ok(160));
/// assert_eq!(points_for(0.5, 3), Ok(2)); // 1.5 rounds up
/// assert!(points_for(0.001, 160).is_err()); // 0.16 rounds to 0
/// ```
pub fn points_for(weight: f64, vnodes: u32) -> Result<u32, Error> {
    if vnodes == 0 || vnodes > MAX_VNODES {
        return Err(Error::InvalidVnodes(u64::from(vnodes)));
    }
    if !(weight.is_finite() && weight > 0.0) {
        return Err(Error::InvalidWeight(weight));
    }
    // For positive values f64::round (halves away from zero) equals JavaScript's Math.round
    // (halves toward +∞).
    let count = (weight * f64::from(vnodes)).round();
    if !(1.0..=f64::from(MAX_POINTS_PER_CONSUMER)).contains(&count) {
        return Err(Error::WeightOutOfRange {
            weight,
            vnodes,
            count,
        });
    }
    Ok(count as u32)
}

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
    positions: Vec<u64>,
    /// The slot of each point, parallel to `positions`.
    slots: Vec<u32>,
    /// `table[b]` = index of the first point whose position's top `64 - table_shift` bits are
    /// `>= b`; `2^bits + 1` entries, the last one is `positions.len()`.
    table: Vec<u32>,
    table_shift: u32,
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
            positions: Vec::new(),
            slots: Vec::new(),
            table: Vec::new(),
            table_shift: 63,
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

    /// Puts the consumer `id` with `points` points (see [`points_for`]) into `slot`, replacing the
    /// consumer that was there, if any. Setting the same id and point count again is a no-op.
    ///
    /// The change is applied lazily by the next lookup or [`Ring::flush`].
    ///
    /// Ids should be unique within a ring (the binding layer maps ids to slots); the engine does
    /// not check. Two slots with the same id are ordered by slot after §4's rules.
    ///
    /// Errors (the ring is unchanged): [`Error::SlotOutOfRange`] if `slot > MAX_SLOT`,
    /// [`Error::EmptyId`], [`Error::InvalidPointCount`] if `points` is not in `1 ..= 2^20`,
    /// [`Error::TooManyPoints`] if the ring would exceed `u32::MAX - 1` points,
    /// [`Error::OutOfMemory`] if the memory to build that many points cannot be allocated.
    pub fn set_consumer(&mut self, slot: u32, id: &[u8], points: u32) -> Result<(), Error> {
        if slot > MAX_SLOT {
            return Err(Error::SlotOutOfRange(slot));
        }
        if id.is_empty() {
            return Err(Error::EmptyId);
        }
        if points == 0 || points > MAX_POINTS_PER_CONSUMER {
            return Err(Error::InvalidPointCount(u64::from(points)));
        }
        let s = slot as usize;
        let old_points = match self.consumers.get(s) {
            Some(Some(c)) => {
                if c.points == points && *c.id == *id {
                    return Ok(());
                }
                u64::from(c.points)
            }
            _ => 0,
        };
        let total = self.total_points() - old_points + u64::from(points);
        if total > MAX_TOTAL_POINTS {
            return Err(Error::TooManyPoints(total));
        }
        crate::reserve::reserve_build(total)?;
        if s >= self.consumers.len() {
            self.consumers.resize(s + 1, None);
            self.flags.resize(s + 1, 0);
        }
        if self.consumers[s].is_some() {
            self.retire(slot);
        } else {
            self.consumer_count += 1;
        }
        self.consumers[s] = Some(Consumer {
            id: id.into(),
            points,
        });
        if self.flags[s] & PENDING == 0 {
            self.flags[s] |= PENDING;
            self.pending.push(slot);
        }
        self.pending_points += u64::from(points);
        self.dirty = true;
        Ok(())
    }

    /// Removes the consumer in `slot` and its points. Returns whether there was one.
    /// Applied lazily like [`Ring::set_consumer`].
    pub fn remove_consumer(&mut self, slot: u32) -> bool {
        match self.consumers.get(slot as usize) {
            Some(Some(_)) => {}
            _ => return false,
        }
        self.retire(slot);
        self.consumers[slot as usize] = None;
        self.consumer_count -= 1;
        self.dirty = true;
        true
    }

    /// Takes the current record of an occupied `slot` out of the ring's books: its points in the
    /// arrays become stale, or its pending addition is cancelled.
    fn retire(&mut self, slot: u32) {
        let s = slot as usize;
        let points = self.consumers[s]
            .as_ref()
            .map_or(0, |c| u64::from(c.points));
        let flags = self.flags[s];
        if flags & IN_RING != 0 {
            // IN_RING and STALE never hold together: a slot's points in the arrays are either
            // current or stale, and a re-set slot is PENDING, not IN_RING, until the next flush.
            self.flags[s] = (flags & !IN_RING) | STALE;
            self.stale.push(slot);
            self.stale_points += points;
        } else if flags & PENDING != 0 {
            self.flags[s] = flags & !PENDING;
            self.pending_points -= points;
        }
    }

    /// Removes every consumer and point.
    pub fn clear(&mut self) {
        #[cfg(test)]
        let position_fn = self.position_fn;
        *self = Ring::new(self.hasher);
        #[cfg(test)]
        {
            self.position_fn = position_fn;
        }
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

    /// The points in ring order (§4), as parallel slices of positions and slots. Flushes first.
    pub fn points(&mut self) -> (&[u64], &[u32]) {
        self.flush();
        (&self.positions, &self.slots)
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
            + self.positions.capacity() * size_of::<u64>()
            + self.slots.capacity() * size_of::<u32>()
            + self.table.capacity() * size_of::<u32>()
            + self.pending.capacity() * size_of::<u32>()
            + self.stale.capacity() * size_of::<u32>()
            + self.seen.capacity() * size_of::<u64>()
    }

    /// Applies all recorded changes now. Lookups call it themselves; calling it explicitly moves
    /// the cost out of the first lookup after a batch of changes.
    pub fn flush(&mut self) {
        if self.dirty {
            self.apply_changes();
        }
    }

    #[cold]
    #[inline(never)]
    fn apply_changes(&mut self) {
        self.dirty = false;

        // 1. Drop the points of removed and replaced consumers, in one pass.
        if !self.stale.is_empty() {
            // Branch-free compaction over local slices (stale points are few and scattered).
            let flags = &self.flags[..];
            let positions = &mut self.positions[..];
            let slots = &mut self.slots[..];
            let mut w = 0;
            for r in 0..positions.len() {
                let (p, s) = (positions[r], slots[r]);
                positions[w] = p;
                slots[w] = s;
                w += usize::from(flags[s as usize] & STALE == 0);
            }
            self.positions.truncate(w);
            self.slots.truncate(w);
            for &s in &self.stale {
                self.flags[s as usize] &= !STALE;
            }
            self.stale.clear();
            self.stale_points = 0;
        }

        // 2. Generate the new points, as parallel arrays like the ring's own (12 bytes a point:
        // at this size, touching fresh memory costs about as much as hashing and sorting).
        let mut new_pos: Vec<u64> = Vec::with_capacity(self.pending_points as usize);
        let mut new_slots: Vec<u32> = Vec::with_capacity(self.pending_points as usize);
        let mut buf: Vec<u8> = Vec::new();
        for &slot in &self.pending {
            let s = slot as usize;
            if self.flags[s] & PENDING == 0 {
                continue;
            }
            self.flags[s] = (self.flags[s] & !PENDING) | IN_RING;
            let c = self.consumers[s]
                .as_ref()
                .expect("a PENDING slot has a consumer");
            self.generate_points(&c.id, c.points, &mut buf, &mut new_pos);
            new_slots.resize(new_pos.len(), slot);
        }
        self.pending.clear();
        self.pending_points = 0;

        // 3. Sort them (§4) and merge them into the arrays.
        if !new_pos.is_empty() {
            sort_points(&mut new_pos, &mut new_slots, &self.consumers);
            self.merge(new_pos, new_slots);
        }

        // Keep the arrays tight (the 16 bytes/point memory budget).
        shrink_if_loose(&mut self.positions);
        shrink_if_loose(&mut self.slots);
        if self.pending.capacity() > 64 {
            self.pending = Vec::new();
        }
        if self.stale.capacity() > 64 {
            self.stale = Vec::new();
        }

        self.rebuild_table();
    }

    /// Appends `P(id, i)` for `i in 0..count` to `out`.
    fn generate_points(&self, id: &[u8], count: u32, buf: &mut Vec<u8>, out: &mut Vec<u64>) {
        #[cfg(test)]
        if let Some(f) = self.position_fn {
            out.extend((0..count).map(|i| f(id, i)));
            return;
        }
        // `buf` holds GEN_CHUNK inputs `id ‖ LE32(i)` side by side. The indices of a chunk are
        // written before any of its inputs is hashed: hashing an input right after writing its
        // last 4 bytes would make the hash's 8-byte loads wait for a failed store-to-load
        // forward (that costs about 4x on short ids).
        let n = id.len();
        let len = n + 4;
        buf.clear();
        buf.resize(GEN_CHUNK * len, 0);
        for input in buf.chunks_exact_mut(len) {
            input[..n].copy_from_slice(id);
        }
        let seed = self.hasher.seed;
        let mut first = 0u32;
        while first < count {
            let c = (count - first).min(GEN_CHUNK as u32) as usize;
            let chunk = &mut buf[..c * len];
            for (j, input) in chunk.chunks_exact_mut(len).enumerate() {
                input[n..].copy_from_slice(&(first + j as u32).to_le_bytes());
            }
            let inputs = chunk.chunks_exact(len);
            // One loop per hash kind, so the hash is inlined without a per-point match.
            match self.hasher.kind {
                HashKind::Xxh3 => {
                    out.extend(inputs.map(|b| xxhash_rust::xxh3::xxh3_64_with_seed(b, seed)))
                }
                HashKind::Xxh64 => out.extend(inputs.map(|b| xxhash_rust::xxh64::xxh64(b, seed))),
            }
            first += c as u32;
        }
    }

    /// Merges the sorted new points (parallel arrays) into the sorted arrays, in place.
    fn merge(&mut self, new_pos: Vec<u64>, new_slots: Vec<u32>) {
        let n = self.positions.len();
        let m = new_pos.len();
        if n == 0 {
            self.positions = new_pos;
            self.slots = new_slots;
            return;
        }
        self.positions.reserve_exact(m);
        self.slots.reserve_exact(m);
        self.positions.resize(n + m, 0);
        self.slots.resize(n + m, 0);
        let consumers = &self.consumers;
        let positions = &mut self.positions[..];
        let slots = &mut self.slots[..];
        // Whether the old point (op, os) comes after the new point (np, ns) in ring order.
        let after = |op: u64, os: u32, np: u64, ns: u32| {
            op > np || (op == np && cmp_ties(consumers, os, ns) == Ordering::Greater)
        };
        if m.saturating_mul(BLOCK_MERGE_RATIO) <= n {
            // Few new points: place each by binary search and shift the old points after it
            // with block moves (each old point moves once, at memmove speed).
            let mut hi = n; // old points [0, hi) are not placed yet
            for j in (0..m).rev() {
                let (np, ns) = (new_pos[j], new_slots[j]);
                // The first old point in [0, hi) that comes after the new one.
                let mut lo = positions[..hi].partition_point(|&op| op < np);
                while lo < hi && positions[lo] == np && !after(np, slots[lo], np, ns) {
                    lo += 1;
                }
                positions.copy_within(lo..hi, lo + j + 1);
                slots.copy_within(lo..hi, lo + j + 1);
                positions[lo + j] = np;
                slots[lo + j] = ns;
                hi = lo;
            }
            return;
        }
        // Many new points: one backward merge pass.
        let (mut i, mut j) = (n, m);
        let mut k = n + m;
        while j > 0 {
            let (np, ns) = (new_pos[j - 1], new_slots[j - 1]);
            k -= 1;
            if i > 0 {
                let (op, os) = (positions[i - 1], slots[i - 1]);
                if after(op, os, np, ns) {
                    positions[k] = op;
                    slots[k] = os;
                    i -= 1;
                    continue;
                }
            }
            positions[k] = np;
            slots[k] = ns;
            j -= 1;
        }
    }

    /// Rebuilds the prefix table over the current positions.
    fn rebuild_table(&mut self) {
        let n = self.positions.len();
        if n == 0 {
            self.table = Vec::new();
            self.table_shift = 63;
            return;
        }
        let bits = table_bits(n);
        let buckets = 1usize << bits;
        let shift = 64 - bits;
        // table[b + 1] = end of bucket b for every non-empty bucket (the last write for a bucket
        // wins, the positions being sorted), then a running maximum fills the empty buckets.
        // Branch-free, unlike a scan that stops at every bucket boundary.
        self.table.clear();
        self.table.resize(buckets + 1, 0);
        for (i, &p) in self.positions.iter().enumerate() {
            self.table[(p >> shift) as usize + 1] = i as u32 + 1;
        }
        let mut end = 0;
        for t in self.table.iter_mut() {
            end = end.max(*t);
            *t = end;
        }
        shrink_if_loose(&mut self.table);
        self.table_shift = shift;
    }

    /// Index of the first point whose position is `>= h`, wrapping to 0 (§5). The ring must be
    /// flushed and non-empty.
    #[inline]
    fn search(&self, h: u64) -> usize {
        let b = (h >> self.table_shift) as usize;
        let lo = self.table[b] as usize;
        let hi = self.table[b + 1] as usize;
        let i = lo + self.positions[lo..hi].partition_point(|&p| p < h);
        if i == self.positions.len() {
            0
        } else {
            i
        }
    }

    /// The slot owning `key` (docs/placement.md §5), or `None` if the ring is empty.
    #[inline]
    pub fn lookup(&mut self, key: &[u8]) -> Option<u32> {
        let h = self.hasher.hash(key);
        self.lookup_hash(h)
    }

    /// The slot owning a key whose hash `H(key)` is `h`, or `None` if the ring is empty.
    #[inline]
    pub fn lookup_hash(&mut self, h: u64) -> Option<u32> {
        self.flush();
        if self.positions.is_empty() {
            return None;
        }
        Some(self.slots[self.search(h)])
    }

    /// Batch lookup: key `k` is `buf[offsets[k] as usize .. offsets[k + 1] as usize]` (so
    /// `offsets` has one entry more than there are keys; an empty `offsets` means no keys), and
    /// its owner is written to `out[k]`, or [`NO_SLOT`] if the ring is empty.
    ///
    /// Errors: [`Error::OutputTooShort`] if `out` has fewer entries than there are keys;
    /// [`Error::InvalidOffsets`] if the offsets decrease or pass the end of `buf` (checked as the
    /// batch goes: results before the bad key are written).
    pub fn lookup_many(
        &mut self,
        buf: &[u8],
        offsets: &[u32],
        out: &mut [u32],
    ) -> Result<(), Error> {
        let keys = packed::key_count(offsets, out.len())?;
        self.flush();
        let empty = self.positions.is_empty();
        let mut hashes = [0u64; BATCH_CHUNK];
        let mut batch = packed::keys(buf, offsets);
        let mut start = 0;
        while start < keys {
            let end = (start + BATCH_CHUNK).min(keys);
            for (h, key) in hashes[..end - start].iter_mut().zip(&mut batch) {
                *h = self.hasher.hash(key?);
            }
            let dst = &mut out[start..end];
            if empty {
                dst.fill(NO_SLOT);
            } else {
                for (o, &h) in dst.iter_mut().zip(&hashes) {
                    *o = self.slots[self.search(h)];
                }
            }
            start = end;
        }
        Ok(())
    }

    /// Batch lookup of precomputed key hashes: `out[k]` = owner of the key whose hash is
    /// `hashes[k]`, or [`NO_SLOT`] if the ring is empty.
    ///
    /// Errors: [`Error::OutputTooShort`] if `out` is shorter than `hashes`.
    pub fn lookup_hash_many(&mut self, hashes: &[u64], out: &mut [u32]) -> Result<(), Error> {
        if out.len() < hashes.len() {
            return Err(Error::OutputTooShort {
                needed: hashes.len(),
                got: out.len(),
            });
        }
        self.flush();
        let dst = &mut out[..hashes.len()];
        if self.positions.is_empty() {
            dst.fill(NO_SLOT);
        } else {
            for (o, &h) in dst.iter_mut().zip(hashes) {
                *o = self.slots[self.search(h)];
            }
        }
        Ok(())
    }

    /// Up to `n` distinct consumers for `key` in ring order (docs/placement.md §6): `out` is
    /// cleared, then filled with `min(n, consumer_count())` slots, the first being
    /// [`Ring::lookup`]'s.
    pub fn replicas(&mut self, key: &[u8], n: u32, out: &mut Vec<u32>) {
        let h = self.hasher.hash(key);
        self.replicas_hash(h, n, out);
    }

    /// [`Ring::replicas`] for a key whose hash is `h`.
    pub fn replicas_hash(&mut self, h: u64, n: u32, out: &mut Vec<u32>) {
        self.flush();
        let want = n.min(self.consumer_count) as usize;
        out.clear();
        out.resize(want, 0);
        let got = self.replicas_into_flushed(h, out);
        debug_assert_eq!(got, want);
        out.truncate(got);
    }

    /// [`Ring::replicas`] into a slice: writes up to `out.len()` distinct consumers for `key` in
    /// ring order and returns how many were written (`min(out.len(), consumer_count())`).
    pub fn replicas_into(&mut self, key: &[u8], out: &mut [u32]) -> usize {
        let h = self.hasher.hash(key);
        self.replicas_hash_into(h, out)
    }

    /// [`Ring::replicas_into`] for a key whose hash is `h`.
    pub fn replicas_hash_into(&mut self, h: u64, out: &mut [u32]) -> usize {
        self.flush();
        self.replicas_into_flushed(h, out)
    }

    fn replicas_into_flushed(&mut self, h: u64, out: &mut [u32]) -> usize {
        let len = self.positions.len();
        let want = out.len().min(self.consumer_count as usize);
        if len == 0 || want == 0 {
            return 0;
        }
        let start = self.search(h);
        out[0] = self.slots[start];
        if want == 1 {
            return 1;
        }
        let slots = &self.slots[..];
        let mut i = start;
        let mut got = 1;
        if want <= REPLICAS_LINEAR_MAX {
            for _ in 1..len {
                i = if i + 1 == len { 0 } else { i + 1 };
                let s = slots[i];
                if !out[..got].contains(&s) {
                    out[got] = s;
                    got += 1;
                    if got == want {
                        break;
                    }
                }
            }
        } else {
            let words = self.consumers.len().div_ceil(64);
            if self.seen.len() < words {
                self.seen.resize(words, 0);
            }
            let seen = &mut self.seen;
            seen[out[0] as usize / 64] |= 1 << (out[0] % 64);
            for _ in 1..len {
                i = if i + 1 == len { 0 } else { i + 1 };
                let s = slots[i];
                let (w, bit) = (s as usize / 64, 1u64 << (s % 64));
                if seen[w] & bit == 0 {
                    seen[w] |= bit;
                    out[got] = s;
                    got += 1;
                    if got == want {
                        break;
                    }
                }
            }
            for &s in &out[..got] {
                seen[s as usize / 64] = 0;
            }
        }
        got
    }
}

/// Orders two points of equal position by §4: id bytes, then (ids being equal only by misuse)
/// slot. Points of the same slot compare equal; their order never changes a result.
#[inline]
fn cmp_ties(consumers: &[Option<Consumer>], a: u32, b: u32) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let id = |s: u32| consumers[s as usize].as_ref().map_or(&[][..], |c| &*c.id);
    id(a).cmp(id(b)).then(a.cmp(&b))
}

/// The full §4 order of two points `(position, slot)`.
#[inline]
fn cmp_points(consumers: &[Option<Consumer>], a: &(u64, u32), b: &(u64, u32)) -> Ordering {
    a.0.cmp(&b.0).then_with(|| cmp_ties(consumers, a.1, b.1))
}

/// Sorts new points, given as parallel arrays, into ring order (§4).
fn sort_points(pos: &mut Vec<u64>, slots: &mut Vec<u32>, consumers: &[Option<Consumer>]) {
    if pos.len() < RADIX_MIN {
        sort_run(pos, slots, consumers);
        return;
    }
    // Positions are hashes, so a radix sort on their top 33 bits leaves almost every point in
    // place; then sort each run of points sharing those bits (a run of 2 every few 10^5 points
    // when positions are random) with the full comparator, which also applies §4.2 to ties.
    radix_sort_top_bits(pos, slots);
    let len = pos.len();
    let mut i = 0;
    while i < len {
        let top = pos[i] >> RADIX_LOW_BIT;
        let mut j = i + 1;
        while j < len && pos[j] >> RADIX_LOW_BIT == top {
            j += 1;
        }
        if j - i > 1 {
            sort_run(&mut pos[i..j], &mut slots[i..j], consumers);
        }
        i = j;
    }
}

/// Comparison sort of a (short) run of points given as parallel slices.
fn sort_run(pos: &mut [u64], slots: &mut [u32], consumers: &[Option<Consumer>]) {
    let mut points: Vec<(u64, u32)> = pos.iter().copied().zip(slots.iter().copied()).collect();
    points.sort_unstable_by(|a, b| cmp_points(consumers, a, b));
    for ((p, s), (np, ns)) in pos.iter_mut().zip(slots.iter_mut()).zip(points) {
        *p = np;
        *s = ns;
    }
}

/// Below this many new points, [`sort_points`] uses a comparison sort.
const RADIX_MIN: usize = 2048;
/// Bits per radix digit.
const RADIX_BITS: u32 = 11;
/// The radix sort orders points by position bits `RADIX_LOW_BIT ..= 63`.
const RADIX_LOW_BIT: u32 = 64 - 3 * RADIX_BITS;
/// [`Ring::merge`] places new points one by one with block moves when
/// `new points × BLOCK_MERGE_RATIO <= old points`, and merges element by element otherwise.
const BLOCK_MERGE_RATIO: usize = 64;

/// Stable LSD radix sort of points (parallel arrays) by bits `RADIX_LOW_BIT ..= 63` of their
/// positions.
fn radix_sort_top_bits(pos: &mut Vec<u64>, slots: &mut Vec<u32>) {
    const BUCKETS: usize = 1 << RADIX_BITS;
    const MASK: u64 = BUCKETS as u64 - 1;
    const SHIFTS: [u32; 3] = [
        RADIX_LOW_BIT,
        RADIX_LOW_BIT + RADIX_BITS,
        RADIX_LOW_BIT + 2 * RADIX_BITS,
    ];
    let len = pos.len();
    let mut hist = vec![[0u32; BUCKETS]; SHIFTS.len()];
    for &p in pos.iter() {
        for (h, shift) in hist.iter_mut().zip(SHIFTS) {
            h[((p >> shift) & MASK) as usize] += 1;
        }
    }
    let mut tmp_pos: Vec<u64> = Vec::new();
    let mut tmp_slots: Vec<u32> = Vec::new();
    for (h, shift) in hist.iter_mut().zip(SHIFTS) {
        if h.iter().any(|&c| c as usize == len) {
            continue; // every point has the same digit: this pass would not move anything
        }
        if tmp_pos.is_empty() {
            tmp_pos = vec![0; len];
            tmp_slots = vec![0; len];
        }
        let mut sum = 0u32;
        for c in h.iter_mut() {
            let count = *c;
            *c = sum;
            sum += count;
        }
        for (&p, &s) in pos.iter().zip(slots.iter()) {
            let d = ((p >> shift) & MASK) as usize;
            let k = h[d] as usize;
            tmp_pos[k] = p;
            tmp_slots[k] = s;
            h[d] += 1;
        }
        std::mem::swap(pos, &mut tmp_pos);
        std::mem::swap(slots, &mut tmp_slots);
    }
}

/// Bits of the prefix table for `n > 0` points: about one entry for every 2–4 points.
#[inline]
fn table_bits(n: usize) -> u32 {
    (n.ilog2().saturating_sub(1)).clamp(1, 30)
}

fn shrink_if_loose<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() + v.len() / 8 + 16 {
        v.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> KeyHasher {
        KeyHasher::new(HashKind::Xxh3, 0)
    }

    /// Every consumer's point `i` sits at `1000 * (i + 1)`: all consumers tie at every position.
    fn tied(_id: &[u8], i: u32) -> u64 {
        1000 * (u64::from(i) + 1)
    }

    fn ids_in_order(ring: &mut Ring) -> Vec<(u64, Vec<u8>)> {
        let (pos, slots) = ring.points();
        let (pos, slots) = (pos.to_vec(), slots.to_vec());
        pos.iter()
            .zip(&slots)
            .map(|(&p, &s)| (p, ring.consumer_id(s).unwrap().to_vec()))
            .collect()
    }

    const TIE_IDS: [&[u8]; 6] = [b"b", b"ab", b"a", b"\xff", b"B", b"a\x00"];

    /// §4.2: equal positions are ordered by id bytes, unsigned, a proper prefix first.
    fn expected_tie_order(points: u32) -> Vec<(u64, Vec<u8>)> {
        let mut sorted: Vec<Vec<u8>> = TIE_IDS.iter().map(|i| i.to_vec()).collect();
        sorted.sort();
        assert_eq!(sorted[0], b"B");
        assert_eq!(&sorted[1..4], [&b"a"[..], b"a\x00", b"ab"]);
        assert_eq!(sorted[5], b"\xff");
        (0..points)
            .flat_map(|i| sorted.iter().map(move |id| (tied(id, i), id.clone())))
            .collect()
    }

    #[test]
    fn ties_ordered_by_id_bytes_in_one_flush() {
        let mut ring = Ring::with_position_fn(hasher(), tied);
        for (slot, id) in TIE_IDS.iter().enumerate() {
            ring.set_consumer(slot as u32, id, 3).unwrap();
        }
        assert_eq!(ids_in_order(&mut ring), expected_tie_order(3));
        // §5 on a tie: the first point with position >= h is the one with the smallest id.
        let slot_b_upper = 4;
        assert_eq!(ring.lookup_hash(0), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(1000), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(1001), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(3001), Some(slot_b_upper)); // wraps
        let mut reps = Vec::new();
        ring.replicas_hash(2000, 10, &mut reps);
        let ids: Vec<&[u8]> = reps.iter().map(|&s| ring.consumer_id(s).unwrap()).collect();
        assert_eq!(ids, [&b"B"[..], b"a", b"a\x00", b"ab", b"b", b"\xff"]);
    }

    #[test]
    fn ties_ordered_by_id_bytes_across_merges() {
        // One consumer per flush, in several orders: the merge path must apply §4.2 too.
        let orders: [[usize; 6]; 3] = [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [3, 0, 5, 1, 4, 2]];
        for order in orders {
            let mut ring = Ring::with_position_fn(hasher(), tied);
            for &k in &order {
                ring.set_consumer(10 + k as u32, TIE_IDS[k], 2).unwrap();
                ring.flush();
            }
            assert_eq!(
                ids_in_order(&mut ring),
                expected_tie_order(2),
                "order {order:?}"
            );
            // Replace and remove, then restore: still the same order.
            ring.set_consumer(10, b"zzz", 2).unwrap();
            ring.flush();
            ring.remove_consumer(12);
            ring.flush();
            ring.set_consumer(10, TIE_IDS[0], 2).unwrap();
            ring.set_consumer(12, TIE_IDS[2], 2).unwrap();
            assert_eq!(
                ids_in_order(&mut ring),
                expected_tie_order(2),
                "order {order:?}"
            );
        }
    }

    #[test]
    fn ties_ordered_by_id_bytes_in_the_radix_path() {
        let points = 400; // 6 × 400 points: above RADIX_MIN
        assert!(TIE_IDS.len() * points as usize >= RADIX_MIN);
        let mut ring = Ring::with_position_fn(hasher(), tied);
        for (slot, id) in TIE_IDS.iter().enumerate().rev() {
            ring.set_consumer(slot as u32, id, points).unwrap();
        }
        assert_eq!(ids_in_order(&mut ring), expected_tie_order(points));
    }

    #[test]
    fn ties_ordered_by_id_bytes_in_block_merges() {
        // A big consumer first, then small ones one flush at a time: few new points against
        // many old ones take the block-move merge.
        let mut ring = Ring::with_position_fn(hasher(), tied);
        let big = 1000;
        ring.set_consumer(0, TIE_IDS[0], big).unwrap();
        ring.flush();
        for k in [3usize, 1, 5, 2, 4] {
            assert!(3 * BLOCK_MERGE_RATIO <= ring.positions.len());
            ring.set_consumer(k as u32, TIE_IDS[k], 3).unwrap();
            ring.flush();
        }
        let got = ids_in_order(&mut ring);
        let mut want = expected_tie_order(3);
        want.extend((3..big).map(|i| (tied(b"", i), TIE_IDS[0].to_vec())));
        assert_eq!(got, want);
        // And replacing one of them in the middle keeps the order.
        ring.set_consumer(2, b"b\x00", 3).unwrap();
        ring.set_consumer(2, TIE_IDS[2], 3).unwrap();
        ring.flush();
        assert_eq!(ids_in_order(&mut ring), want);
    }

    /// Sorts `(position, slot)` points both ways and compares.
    fn check_sort(pts: Vec<(u64, u32)>, consumers: &[Option<Consumer>]) {
        let mut want = pts.clone();
        want.sort_by(|a, b| cmp_points(consumers, a, b));
        let mut pos: Vec<u64> = pts.iter().map(|p| p.0).collect();
        let mut slots: Vec<u32> = pts.iter().map(|p| p.1).collect();
        sort_points(&mut pos, &mut slots, consumers);
        let got: Vec<(u64, u32)> = pos.into_iter().zip(slots).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn radix_sort_matches_comparison_sort() {
        let consumers: Vec<Option<Consumer>> = [&b"m"[..], b"a", b"zz", b"a\x00", b"\x80"]
            .iter()
            .map(|id| {
                Some(Consumer {
                    id: (*id).into(),
                    points: 1,
                })
            })
            .collect();
        let mut x = 0x1234_5678_9ABC_DEF0u64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len in [0usize, 1, 2, 100, RADIX_MIN - 1, RADIX_MIN, 5000, 40_000] {
            // Random positions.
            let pts: Vec<(u64, u32)> = (0..len).map(|_| (rnd(), (rnd() % 5) as u32)).collect();
            check_sort(pts, &consumers);
            // Small positions: every radix digit is 0, the low bits decide.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| (rnd() >> 40, (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
            // Shared top bits, many exact ties between slots.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| ((0xABCD << 48) | (rnd() % 64), (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
            // Few distinct values in the top bits only.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| ((rnd() % 3) << 62 | (rnd() & 0xFF), (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
        }
    }

    #[test]
    fn ties_within_one_consumer_and_duplicate_ids() {
        fn constant(_id: &[u8], _i: u32) -> u64 {
            42
        }
        let mut ring = Ring::with_position_fn(hasher(), constant);
        ring.set_consumer(7, b"same", 4).unwrap();
        ring.set_consumer(3, b"same", 2).unwrap(); // misuse: duplicate id, ordered by slot
        ring.set_consumer(5, b"other", 1).unwrap();
        let (_, slots) = ring.points();
        assert_eq!(slots, [5, 3, 3, 7, 7, 7, 7]);
        assert_eq!(ring.lookup_hash(43), Some(5));
        let mut reps = Vec::new();
        ring.replicas_hash(0, 5, &mut reps);
        assert_eq!(reps, [5, 3, 7]);
    }

    #[test]
    fn points_for_rule() {
        assert_eq!(points_for(1.0, 160), Ok(160));
        assert_eq!(points_for(1.0125, 40), Ok(41)); // 40.5 exactly: halves up
        assert_eq!(points_for(0.5, 1), Ok(1)); // 0.5 rounds up to 1
        assert_eq!(points_for(2.5, 1), Ok(3));
        assert_eq!(points_for(1.0, MAX_VNODES), Ok(MAX_POINTS_PER_CONSUMER));
        let err = points_for(1e-300, 1).unwrap_err();
        assert!(matches!(err, Error::WeightOutOfRange { .. }));
        assert!(err.to_string().contains("weight"));
        assert!(matches!(
            points_for(0.49, 1),
            Err(Error::WeightOutOfRange { .. })
        ));
        assert!(matches!(
            points_for(2.0, MAX_VNODES),
            Err(Error::WeightOutOfRange { .. })
        ));
        assert!(matches!(
            points_for(1e300, 160),
            Err(Error::WeightOutOfRange { .. })
        ));
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0] {
            assert!(
                matches!(points_for(w, 160), Err(Error::InvalidWeight(_))),
                "{w}"
            );
        }
        assert_eq!(points_for(1.0, 0), Err(Error::InvalidVnodes(0)));
        assert_eq!(
            points_for(1.0, MAX_VNODES + 1),
            Err(Error::InvalidVnodes(u64::from(MAX_VNODES) + 1))
        );
    }

    #[test]
    fn set_consumer_errors_leave_ring_unchanged() {
        let mut ring = Ring::new(hasher());
        ring.set_consumer(0, b"a", 10).unwrap();
        let before = ring.lookup(b"k");
        assert_eq!(
            ring.set_consumer(MAX_SLOT + 1, b"x", 1),
            Err(Error::SlotOutOfRange(MAX_SLOT + 1))
        );
        assert_eq!(ring.set_consumer(1, b"", 1), Err(Error::EmptyId));
        assert_eq!(
            ring.set_consumer(0, b"b", 0),
            Err(Error::InvalidPointCount(0))
        );
        assert_eq!(
            ring.set_consumer(0, b"b", MAX_POINTS_PER_CONSUMER + 1),
            Err(Error::InvalidPointCount(
                u64::from(MAX_POINTS_PER_CONSUMER) + 1
            ))
        );
        assert!(!ring.is_dirty());
        assert_eq!(ring.consumer_count(), 1);
        assert_eq!(ring.point_count(), 10);
        assert_eq!(ring.lookup(b"k"), before);
        // Re-setting the same consumer is a no-op.
        ring.set_consumer(0, b"a", 10).unwrap();
        assert!(!ring.is_dirty());
    }

    #[test]
    fn bookkeeping_of_pending_and_stale_points() {
        let mut ring = Ring::new(hasher());
        ring.set_consumer(0, b"a", 10).unwrap();
        ring.set_consumer(0, b"a", 20).unwrap(); // replace while pending
        assert_eq!(ring.point_count(), 20);
        ring.flush();
        ring.set_consumer(0, b"a", 5).unwrap(); // replace while in ring
        ring.set_consumer(1, b"b", 7).unwrap();
        assert_eq!(ring.point_count(), 12);
        assert!(ring.remove_consumer(1)); // cancel a pending addition
        assert!(!ring.remove_consumer(1));
        assert!(ring.remove_consumer(0));
        assert_eq!(ring.point_count(), 0);
        assert_eq!(ring.consumer_count(), 0);
        ring.set_consumer(0, b"a", 3).unwrap(); // stale and pending at once
        assert_eq!(ring.point_count(), 3);
        let (pos, slots) = ring.points();
        assert_eq!((pos.len(), slots), (3, &[0u32, 0, 0][..]));
        assert_eq!(ring.flags[0], IN_RING);
        ring.clear();
        assert_eq!((ring.point_count(), ring.consumer_count()), (0, 0));
        assert_eq!(ring.lookup(b"x"), None);
    }

    #[test]
    fn prefix_table_is_consistent() {
        let mut ring = Ring::new(hasher());
        for n in [1u32, 2, 3, 5, 17, 100] {
            ring.set_consumer(n, format!("c{n}").as_bytes(), n * 13)
                .unwrap();
            ring.flush();
            let len = ring.positions.len();
            assert_eq!(ring.table.len(), (1 << table_bits(len)) + 1);
            assert_eq!(*ring.table.last().unwrap() as usize, len);
            for (b, w) in ring.table.windows(2).enumerate() {
                assert!(w[0] <= w[1]);
                for i in w[0] as usize..w[1] as usize {
                    assert_eq!((ring.positions[i] >> ring.table_shift) as usize, b);
                }
            }
            // search agrees with a plain binary search, including exact hits and wrap.
            let probes: Vec<u64> = ring
                .positions
                .iter()
                .flat_map(|&p| [p, p.wrapping_add(1), p.wrapping_sub(1)])
                .chain([0, u64::MAX])
                .collect();
            for h in probes {
                let want = ring.positions.partition_point(|&p| p < h) % len;
                assert_eq!(ring.search(h), want);
            }
        }
    }

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
