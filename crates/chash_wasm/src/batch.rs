//! Batch lookups in hash order.
//!
//! A lookup's cost on a large ring is its cache misses (prefix table, positions, slots), and
//! WebAssembly overlaps independent misses far less than native code does. Looking the keys of a
//! batch up in (roughly) ascending hash order turns those random accesses into a forward sweep
//! over the ring's arrays, which the caches and prefetchers handle well. The order only changes
//! which key is looked up when, never a result: every owner still comes from
//! [`Ring::lookup_hash_many`].

use chash_core::{packed, Error, Ring};

/// Batches of fewer keys are looked up in their own order: measured on a ring of 160,000
/// points, hash order saves about 10 % at 10,000 keys, nothing at 1,000 and costs 10 % at 256
/// (clearing and summing the bucket counts is a fixed cost per batch).
pub const SORTED_MIN_KEYS: usize = 2048;
/// Rings of fewer points are looked up in key order: their arrays stay in cache anyway.
pub const SORTED_MIN_POINTS: u32 = 1 << 15;
/// The keys are bucketed by the top `BUCKET_BITS` bits of their hashes (one counting-sort pass):
/// enough order for locality, and far cheaper than a full sort.
const BUCKET_BITS: u32 = 11;

/// Reused buffers of [`SortedBatch::lookup_many`].
#[derive(Default)]
pub struct SortedBatch {
    hashes: Vec<u64>,
    /// The hashes bucketed by their top bits, and where each came from.
    sorted: Vec<u64>,
    order: Vec<u32>,
    owners: Vec<u32>,
    counts: Vec<u32>,
}

impl SortedBatch {
    /// [`Ring::lookup_many`] with the same arguments, results and errors, done in hash order.
    /// `out` must have exactly as many entries as there are keys.
    pub fn lookup_many(
        &mut self,
        ring: &mut Ring,
        buf: &[u8],
        offsets: &[u32],
        out: &mut [u32],
    ) -> Result<(), Error> {
        let keys = packed::key_count(offsets, out.len())?;
        let hasher = ring.hasher();
        self.hashes.clear();
        for key in packed::keys(buf, offsets) {
            self.hashes.push(hasher.hash(key?));
        }
        // One counting-sort pass on the top bits.
        let shift = 64 - BUCKET_BITS;
        self.counts.clear();
        self.counts.resize(1 << BUCKET_BITS, 0);
        for &h in &self.hashes {
            self.counts[(h >> shift) as usize] += 1;
        }
        let mut sum = 0;
        for c in self.counts.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        self.sorted.resize(keys, 0);
        self.order.resize(keys, 0);
        self.owners.resize(keys, 0);
        for (k, &h) in self.hashes.iter().enumerate() {
            let at = &mut self.counts[(h >> shift) as usize];
            self.sorted[*at as usize] = h;
            self.order[*at as usize] = k as u32;
            *at += 1;
        }
        ring.lookup_hash_many(&self.sorted, &mut self.owners)?;
        for (&k, &owner) in self.order.iter().zip(&self.owners) {
            out[k as usize] = owner;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chash_core::{HashKind, KeyHasher, NO_SLOT};

    fn packed(keys: &[Vec<u8>]) -> (Vec<u8>, Vec<u32>) {
        let mut buf = Vec::new();
        let mut offsets = vec![0];
        for key in keys {
            buf.extend_from_slice(key);
            offsets.push(buf.len() as u32);
        }
        (buf, offsets)
    }

    #[test]
    fn same_results_as_lookup_many() {
        let mut ring = Ring::new(KeyHasher::new(HashKind::Xxh3, 99));
        for slot in 0..300u32 {
            ring.set_consumer(slot, format!("n{slot}").as_bytes(), 100 + slot % 7)
                .unwrap();
        }
        let keys: Vec<Vec<u8>> = (0..5000)
            .map(|k| format!("key-{k}-{}", "x".repeat(k % 40)).into_bytes())
            .chain([Vec::new(), vec![0xff; 300]])
            .collect();
        let (buf, offsets) = packed(&keys);
        let mut want = vec![0; keys.len()];
        ring.lookup_many(&buf, &offsets, &mut want).unwrap();
        let mut batch = SortedBatch::default();
        for _ in 0..2 {
            // twice: the buffers are reused
            let mut got = vec![7; keys.len()];
            batch
                .lookup_many(&mut ring, &buf, &offsets, &mut got)
                .unwrap();
            assert_eq!(got, want);
        }
        // Fewer keys after more: stale buffer contents must not leak into results.
        let mut got = vec![7; 10];
        batch
            .lookup_many(&mut ring, &buf, &offsets[..=10], &mut got)
            .unwrap();
        assert_eq!(got, want[..10]);
    }

    #[test]
    fn empty_ring_and_errors() {
        let mut ring = Ring::default();
        let mut batch = SortedBatch::default();
        let (buf, offsets) = packed(&[b"a".to_vec(), b"bc".to_vec()]);
        let mut out = [0; 2];
        batch
            .lookup_many(&mut ring, &buf, &offsets, &mut out)
            .unwrap();
        assert_eq!(out, [NO_SLOT; 2]);
        assert_eq!(
            batch.lookup_many(&mut ring, &buf, &[0, 5], &mut out),
            Err(Error::InvalidOffsets { index: 1 })
        );
        assert_eq!(
            batch.lookup_many(&mut ring, &buf, &offsets, &mut out[..1]),
            Err(Error::OutputTooShort { needed: 2, got: 1 })
        );
        batch.lookup_many(&mut ring, &buf, &[], &mut []).unwrap();
    }
}
