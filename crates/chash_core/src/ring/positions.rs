//! The points' positions in ring order, kept as two arrays of 32-bit halves.
//!
//! A search compares the high halves only, and reads a low half only when a high half equals the
//! hash's (one search in about 2^32 / points). It touches 4 bytes a point instead of 8, so more of
//! a big ring stays in the caches between two single lookups: 1,000 consumers × 160 points make
//! 1.4 MB of prefix table, high halves and slots instead of 2.2 MB (bench/README.md § Native
//! single calls). The memory is the same 8 bytes a point; the js engine keeps its points the same
//! way.

use std::ops::Range;

use crate::prefix::shrink_if_loose;

/// The high halves [`Positions::first_in_bucket`] compares at once.
const WINDOW: usize = 16;

/// Positions in ring order: `hi[i] << 32 | lo[i]` is the position of point `i`.
#[derive(Clone, Debug, Default)]
pub(super) struct Positions {
    hi: Vec<u32>,
    lo: Vec<u32>,
}

impl Positions {
    /// Reserves room for exactly `more` positions beyond the current ones.
    pub(super) fn reserve_exact(&mut self, more: usize) {
        self.hi.reserve_exact(more);
        self.lo.reserve_exact(more);
    }

    /// Reserves room for exactly `more` high halves beyond the current ones.
    pub(super) fn reserve_high_exact(&mut self, more: usize) {
        self.hi.reserve_exact(more);
    }

    /// Appends the positions of `v`, in its order.
    pub(super) fn extend_from(&mut self, v: &[u64]) {
        self.hi.extend(v.iter().map(|&p| (p >> 32) as u32));
        self.lo.extend(v.iter().map(|&p| p as u32));
    }

    /// The number of positions.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.hi.len()
    }

    /// Whether there are none.
    #[inline]
    pub(super) fn is_empty(&self) -> bool {
        self.hi.is_empty()
    }

    /// Position `i`.
    #[inline]
    pub(super) fn get(&self, i: usize) -> u64 {
        (u64::from(self.hi[i]) << 32) | u64::from(self.lo[i])
    }

    /// Sets position `i` to `p`.
    #[inline]
    pub(super) fn set(&mut self, i: usize, p: u64) {
        self.hi[i] = (p >> 32) as u32;
        self.lo[i] = p as u32;
    }

    /// The positions in order.
    pub(super) fn iter(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        self.hi
            .iter()
            .zip(&self.lo)
            .map(|(&h, &l)| (u64::from(h) << 32) | u64::from(l))
    }

    /// The first index in `range` whose position is `>= h` (`range.end` if none), the range being
    /// sorted.
    #[inline]
    pub(super) fn first_at_or_after(&self, range: Range<usize>, h: u64) -> usize {
        let (start, end) = (range.start, range.end);
        let top = (h >> 32) as u32;
        let mut i = start + self.hi[start..end].partition_point(|&p| p < top);
        let Some(last) = self.hi.len().checked_sub(1) else {
            return i;
        };
        // Equal high halves (rare): the low halves decide. The equality is tested first, at `i`
        // clamped into the array, because `i < end` is unpredictable (i == end whenever the
        // answer starts the next bucket), and a mispredicted branch costs an independent lookup
        // loop its overlap of cache misses (24 → 30 ns a lookup at 1,000 consumers).
        while self.hi[i.min(last)] == top && i < end && self.lo[i] < h as u32 {
            i += 1;
        }
        i
    }

    /// The first index in `bucket` whose position is `>= h`, where `bucket` is a prefix-table
    /// bucket holding `h`'s prefix: every position after it has a larger prefix, so a larger
    /// high half than `h`'s.
    ///
    /// Counts the high halves below `h`'s in a fixed window of [`WINDOW`] from the bucket's start
    /// instead of bisecting the bucket: no branch depends on the bucket's length (4–8 points on
    /// average), so batches of lookups do not stall on mispredicted search loops. Positions past
    /// the bucket in the window count nothing, by the precondition.
    #[inline]
    pub(super) fn first_in_bucket(&self, bucket: Range<usize>, h: u64) -> usize {
        let (start, end) = (bucket.start, bucket.end);
        let top = (h >> 32) as u32;
        match self.hi.get(start..start + WINDOW) {
            Some(window) if end - start <= WINDOW => {
                let below: usize = window.iter().map(|&p| usize::from(p < top)).sum();
                let mut i = start + below;
                // Equal high halves (rare): the low halves decide, within the bucket.
                while i < end && self.hi[i] == top && self.lo[i] < h as u32 {
                    i += 1;
                }
                i
            }
            // A long bucket, or one within WINDOW of the end.
            _ => self.first_at_or_after(bucket, h),
        }
    }

    /// Keeps the points whose slot passes `keep`, in order: the positions and `slots`, their
    /// parallel array, together.
    pub(super) fn retain_with_slots(&mut self, slots: &mut Vec<u32>, keep: impl Fn(u32) -> bool) {
        let (hi, lo) = (&mut self.hi[..], &mut self.lo[..]);
        let n = slots.len().min(hi.len()).min(lo.len());
        let mut w = 0;
        // Branch-free over local slices (stale points are few and scattered).
        for r in 0..n {
            let (h, l, s) = (hi[r], lo[r], slots[r]);
            hi[w] = h;
            lo[w] = l;
            slots[w] = s;
            w += usize::from(keep(s));
        }
        self.hi.truncate(w);
        self.lo.truncate(w);
        slots.truncate(w);
    }

    /// The high halves, in order.
    pub(super) fn high_halves(&self) -> &[u32] {
        &self.hi
    }

    /// Grows to `n` positions (new ones are 0), reserving exactly what is missing.
    pub(super) fn grow_exact(&mut self, n: usize) {
        self.reserve_exact(n.saturating_sub(self.len()));
        self.hi.resize(n, 0);
        self.lo.resize(n, 0);
    }

    /// Copies the positions of `src` to start at `dest` (as [`slice::copy_within`]).
    pub(super) fn copy_within(&mut self, src: Range<usize>, dest: usize) {
        self.hi.copy_within(src.clone(), dest);
        self.lo.copy_within(src, dest);
    }

    /// Frees spare capacity once it is loose (the 16 bytes/point budget).
    pub(super) fn shrink_if_loose(&mut self) {
        shrink_if_loose(&mut self.hi);
        shrink_if_loose(&mut self.lo);
    }

    /// The allocated bytes.
    pub(super) fn memory_bytes(&self) -> usize {
        (self.hi.capacity() + self.lo.capacity()) * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefix::PrefixTable;

    #[test]
    fn halves_round_trip() {
        let v = [0, 1, u64::from(u32::MAX), 1 << 32, (7 << 32) | 9, u64::MAX];
        let mut p = Positions::default();
        p.extend_from(&v);
        assert_eq!(p.iter().collect::<Vec<_>>(), v);
        assert_eq!((0..v.len()).map(|i| p.get(i)).collect::<Vec<_>>(), v);
        p.set(1, (5 << 32) | 6);
        assert_eq!(p.get(1), (5 << 32) | 6);
    }

    #[test]
    fn first_at_or_after_matches_a_plain_search() {
        // Runs of equal high halves whose low halves decide, and equal positions.
        let mut v: Vec<u64> = Vec::new();
        for hi in [0u64, 3, 4, u64::from(u32::MAX)] {
            for lo in [0u64, 1, 1, 2, 0x8000_0000, u64::from(u32::MAX)] {
                v.push((hi << 32) | lo);
            }
        }
        let mut p = Positions::default();
        p.extend_from(&v);
        let mut probes: Vec<u64> = v
            .iter()
            .flat_map(|&x| [x.wrapping_sub(1), x, x.wrapping_add(1)])
            .collect();
        probes.extend([0, 2 << 32, u64::MAX]);
        for &h in &probes {
            for start in 0..v.len() {
                for end in start..=v.len() {
                    let want = start + v[start..end].partition_point(|&x| x < h);
                    assert_eq!(
                        p.first_at_or_after(start..end, h),
                        want,
                        "{h:#x} in {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn first_in_bucket_matches_a_plain_search() {
        // Sorted positions with every case of the window: short buckets, buckets longer than
        // WINDOW (a cluster under one prefix), runs of equal high halves whose low halves decide,
        // equal positions, and buckets within WINDOW of the end.
        let mut v: Vec<u64> = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            v.push(x);
        }
        for i in 0..40u64 {
            v.push((0x1234_5678 << 32) | (i * 7)); // one high half, 40 low halves
            v.push((0x4000_0000 << 32) | (i << 20)); // a long bucket of distinct high halves
        }
        v.extend([u64::MAX - 1, u64::MAX, u64::MAX, 5, 5]);
        v.sort_unstable();
        let mut p = Positions::default();
        p.extend_from(&v);
        let mut probes: Vec<u64> = v
            .iter()
            .flat_map(|&x| [x.wrapping_sub(1), x, x.wrapping_add(1), x ^ 0xffff_ffff])
            .collect();
        probes.extend([0, 1 << 63, u64::MAX]);
        for sparseness in [0, 1, 2, 3, 6] {
            let mut table = PrefixTable::default();
            table.rebuild(v.iter().copied(), sparseness);
            for &h in &probes {
                let (lo, hi) = table.bounds(h);
                let want = v.partition_point(|&x| x < h);
                assert_eq!(
                    p.first_in_bucket(lo..hi, h),
                    want,
                    "{h:#x}, sparseness {sparseness}"
                );
            }
        }
    }
}
