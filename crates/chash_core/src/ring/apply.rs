//! Applying recorded changes: dropping stale points, adding new ones and merging them into the
//! sorted arrays.

use std::cmp::Ordering;

use super::sort::{cmp_ties, sort_points};
use super::{Ring, IN_RING, PENDING, STALE};
use crate::prefix::shrink_if_loose;

/// [`Ring::merge`] places new points one by one with block moves when
/// `new points × BLOCK_MERGE_RATIO <= old points`, and merges element by element otherwise.
const BLOCK_MERGE_RATIO: usize = 64;

impl Ring {
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
            let flags = &self.flags[..];
            self.positions
                .retain_with_slots(&mut self.slots, |s| flags[s as usize] & STALE == 0);
            for &s in &self.stale {
                self.flags[s as usize] &= !STALE;
            }
            self.stale.clear();
            self.stale_points = 0;
        }

        // 2. Generate the new points, as parallel arrays like the ring's own (12 bytes a point:
        // at this size, touching fresh memory costs about as much as hashing and sorting).
        // A ring built from nothing allocates its high halves and slots before the build's
        // transient arrays, and its low halves (in `merge`) once the sort has freed its buffers.
        // Allocated after all of them, its arrays left holes in wasm memory: recovery.test.ts's
        // build-and-drop loop grew it by 67.6 MB, against 57.2 MB with positions in one `u64`
        // array; in this order by 61.3 MB. Reserving the low halves early too (58.9 MB) would
        // hold 32 bytes a point at once, over `BUILD_BYTES_PER_POINT`.
        let pending = self.pending_points as usize;
        let mut new_slots: Vec<u32> = if self.positions.is_empty() {
            self.positions.reserve_high_exact(pending);
            let mut slots = std::mem::take(&mut self.slots);
            slots.reserve_exact(pending);
            slots
        } else {
            Vec::with_capacity(pending)
        };
        let mut new_pos: Vec<u64> = Vec::with_capacity(pending);
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
        self.positions.shrink_if_loose();
        shrink_if_loose(&mut self.slots);
        if self.pending.capacity() > 64 {
            self.pending = Vec::new();
        }
        if self.stale.capacity() > 64 {
            self.stale = Vec::new();
        }

        self.rebuild_table();
    }

    /// Merges the sorted new points (parallel arrays) into the sorted arrays, in place.
    fn merge(&mut self, new_pos: Vec<u64>, new_slots: Vec<u32>) {
        let n = self.positions.len();
        let m = new_pos.len();
        if n == 0 {
            self.positions.reserve_exact(m);
            self.positions.extend_from(&new_pos);
            self.slots = new_slots;
            return;
        }
        self.positions.grow_exact(n + m);
        self.slots.reserve_exact(m);
        self.slots.resize(n + m, 0);
        let consumers = &self.consumers;
        let positions = &mut self.positions;
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
                let mut lo = positions.first_at_or_after(0..hi, np);
                while lo < hi && positions.get(lo) == np && !after(np, slots[lo], np, ns) {
                    lo += 1;
                }
                positions.copy_within(lo..hi, lo + j + 1);
                slots.copy_within(lo..hi, lo + j + 1);
                positions.set(lo + j, np);
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
                let (op, os) = (positions.get(i - 1), slots[i - 1]);
                if after(op, os, np, ns) {
                    positions.set(k, op);
                    slots[k] = os;
                    i -= 1;
                    continue;
                }
            }
            positions.set(k, np);
            slots[k] = ns;
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{expected_tie_order, hasher, ids_in_order, tied, TIE_IDS};
    use super::*;

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
}
