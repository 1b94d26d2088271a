//! The ring's prefix table ([`crate::prefix`]) and the search for a hash's first point.

use super::Ring;

/// One prefix-table entry for about every 4–8 points ([`crate::prefix::table_bits`]). Sparser
/// than a ketama continuum's (2–4): the search reads 4 bytes a point (`positions`), so a bucket
/// and the window after it span one or two cache lines, and the smaller table stays in the
/// caches (bench/README.md § Native single calls, "the search reads 4 bytes a point").
pub(super) const TABLE_SPARSENESS: u32 = 2;

impl Ring {
    /// Rebuilds the prefix table over the current positions.
    pub(super) fn rebuild_table(&mut self) {
        // The table's prefixes are at most 30 bits: the high halves hold them.
        let tops = self
            .positions
            .high_halves()
            .iter()
            .map(|&h| u64::from(h) << 32);
        self.table.rebuild(tops, TABLE_SPARSENESS);
    }

    /// Index of the first point whose position is `>= h`, wrapping to 0 (§5). The ring must be
    /// flushed and non-empty.
    #[inline]
    pub(super) fn search(&self, h: u64) -> usize {
        let (lo, hi) = self.table.bounds(h);
        // The answer's slot is almost always in the cache line of slots[lo]: loading it now
        // overlaps that cache miss with the positions' instead of waiting for the search (a
        // cold lookup has three dependent misses: table, positions, slots).
        std::hint::black_box(self.slots.get(lo).copied());
        let i = self.positions.first_in_bucket(lo..hi, h);
        if i == self.positions.len() {
            0
        } else {
            i
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::hasher;
    use super::*;
    use crate::prefix::table_bits;

    #[test]
    fn prefix_table_is_consistent() {
        let mut ring = Ring::new(hasher());
        for n in [1u32, 2, 3, 5, 17, 100] {
            ring.set_consumer(n, format!("c{n}").as_bytes(), n * 13)
                .unwrap();
            ring.flush();
            let positions: Vec<u64> = ring.positions.iter().collect();
            let len = positions.len();
            let (starts, shift) = ring.table.starts();
            assert_eq!(starts.len(), (1 << table_bits(len, TABLE_SPARSENESS)) + 1);
            assert_eq!(*starts.last().unwrap() as usize, len);
            for (b, w) in starts.windows(2).enumerate() {
                assert!(w[0] <= w[1]);
                for p in &positions[w[0] as usize..w[1] as usize] {
                    assert_eq!((p >> shift) as usize, b);
                }
            }
            // search agrees with a plain binary search, including exact hits and wrap.
            let probes: Vec<u64> = positions
                .iter()
                .flat_map(|&p| [p, p.wrapping_add(1), p.wrapping_sub(1)])
                .chain([0, u64::MAX])
                .collect();
            for h in probes {
                let want = positions.partition_point(|&p| p < h) % len;
                assert_eq!(ring.search(h), want);
            }
        }
    }
}
