//! The prefix table: indexed by a hash's top bits, it narrows a search to a handful of points.

use super::{shrink_if_loose, Ring};

impl Ring {
    /// Rebuilds the prefix table over the current positions.
    pub(super) fn rebuild_table(&mut self) {
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
    pub(super) fn search(&self, h: u64) -> usize {
        let b = (h >> self.table_shift) as usize;
        let lo = self.table[b] as usize;
        let hi = self.table[b + 1] as usize;
        // The answer's slot is almost always in the cache line of slots[lo]: loading it now
        // overlaps that cache miss with the positions' instead of waiting for the search (a
        // cold lookup has three dependent misses: table, positions, slots).
        std::hint::black_box(self.slots.get(lo).copied());
        let i = lo + self.positions[lo..hi].partition_point(|&p| p < h);
        if i == self.positions.len() {
            0
        } else {
            i
        }
    }
}

/// Bits of the prefix table for `n > 0` points: about one entry for every 2–4 points.
#[inline]
fn table_bits(n: usize) -> u32 {
    (n.ilog2().saturating_sub(1)).clamp(1, 30)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::hasher;
    use super::*;

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
}
