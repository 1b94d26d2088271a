//! The prefix table of a sorted array of `u64` keys (a ring's positions, a ketama continuum's
//! points in their top 32 bits): indexed by a probe's top bits, it narrows the search for the
//! first key `>= probe` to the handful of keys sharing those bits, one cache miss instead of a
//! binary search's many.

/// `starts[b]` = index of the first key whose top `64 - shift` bits are `>= b`; `2^bits + 1`
/// entries, the last one is the number of keys.
#[derive(Clone, Debug)]
pub(crate) struct PrefixTable {
    starts: Vec<u32>,
    shift: u32,
}

impl Default for PrefixTable {
    fn default() -> Self {
        PrefixTable {
            starts: Vec::new(),
            shift: 63,
        }
    }
}

impl PrefixTable {
    /// Rebuilds the table over `keys`, sorted ascending (at most `u32::MAX` of them), with about
    /// one entry for every `2^sparseness` to `2^(sparseness + 1)` keys ([`table_bits`]).
    pub(crate) fn rebuild(&mut self, keys: impl ExactSizeIterator<Item = u64>, sparseness: u32) {
        let n = keys.len();
        if n == 0 {
            *self = PrefixTable::default();
            return;
        }
        let bits = table_bits(n, sparseness);
        let shift = 64 - bits;
        // starts[b + 1] = end of bucket b for every non-empty bucket (the last write for a bucket
        // wins, the keys being sorted), then a running maximum fills the empty buckets.
        // Branch-free, unlike a scan that stops at every bucket boundary.
        self.starts.clear();
        self.starts.resize((1usize << bits) + 1, 0);
        for (i, key) in keys.enumerate() {
            self.starts[(key >> shift) as usize + 1] = i as u32 + 1;
        }
        let mut end = 0;
        for s in self.starts.iter_mut() {
            end = end.max(*s);
            *s = end;
        }
        shrink_if_loose(&mut self.starts);
        self.shift = shift;
    }

    /// The range `lo..hi` of the keys that holds the first key `>= probe`, or whose end is it.
    /// The table must have been built over a non-empty array.
    #[inline]
    pub(crate) fn bounds(&self, probe: u64) -> (usize, usize) {
        let b = (probe >> self.shift) as usize;
        (self.starts[b] as usize, self.starts[b + 1] as usize)
    }

    /// The table's allocated bytes.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.starts.capacity() * std::mem::size_of::<u32>()
    }

    /// The entries (tests check their invariants).
    #[cfg(test)]
    pub(crate) fn starts(&self) -> (&[u32], u32) {
        (&self.starts, self.shift)
    }
}

/// Bits of the prefix table for `n > 0` keys with about one entry for every `2^sparseness` to
/// `2^(sparseness + 1)` keys.
#[inline]
pub(crate) fn table_bits(n: usize, sparseness: u32) -> u32 {
    (n.ilog2().saturating_sub(sparseness)).clamp(1, 30)
}

/// Drops spare capacity once it exceeds an eighth of the length (the 16 bytes/point budget).
pub(crate) fn shrink_if_loose<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() + v.len() / 8 + 16 {
        v.shrink_to_fit();
    }
}
