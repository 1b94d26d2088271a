//! MementoHash (docs/placement.md §8): jump hash that can remove any bucket, after Coluzzi,
//! Brocco, Antonucci, Leidi, *MementoHash: A Stateful, Minimal Memory, Best Performing Consistent
//! Hash Algorithm* (IEEE/ACM ToN 2024, arXiv 2306.09783). With XXH64 and seed 0 it is bit for bit
//! the authors' `MementoEngine` (slashdotted/cpp-consistent-hashing-algorithms), which
//! `fixtures/memento.json` checks; unlike the reference, every removal is validated.

use rustc_hash::FxHashMap;

use crate::jump::{jump_hash_many, jump_hash_unchecked, MAX_BUCKETS};
use crate::{packed, Error, KeyHasher};

/// Keys per chunk of [`Memento::get_bucket_many`] (their hashes sit on the stack).
const CHUNK: usize = 64;

/// An offsets error of a chunk starting at key `start`, renumbered for the whole batch.
fn shift_offsets(e: Error, start: usize) -> Error {
    match e {
        Error::InvalidOffsets { index } => Error::InvalidOffsets {
            index: index + start,
        },
        other => other,
    }
}

/// What the memory keeps for one removed bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// The bucket that replaces it, which is also the number of working buckets right after it
    /// was removed.
    replacer: u32,
    /// The bucket removed before it (the removal order, to restore in reverse).
    prev_removed: u32,
}

/// The MementoHash state: the b-array size (jump's bucket count) and the memory of removals.
///
/// ```
/// use chash_core::{HashKind, KeyHasher, Memento};
/// let mut m = Memento::new(KeyHasher::new(HashKind::Xxh64, 0), 10).unwrap();
/// m.remove_bucket(3).unwrap();
/// assert_ne!(m.get_bucket(b"key"), 3);
/// assert_eq!(m.add_bucket(), Ok(3));
/// ```
#[derive(Debug, Clone)]
pub struct Memento {
    hasher: KeyHasher,
    b_array_size: u32,
    /// The most recently removed bucket still in the memory, or `b_array_size` if none.
    last_removed: u32,
    /// Removed buckets; a plain Fx map because the keys are small integers we choose, not input.
    table: FxHashMap<u32, Entry>,
}

impl Memento {
    /// `buckets` working buckets `0 .. buckets`; `buckets` must be in `1 ..= 2^31 - 1`, otherwise
    /// [`Error::InvalidBuckets`].
    pub fn new(hasher: KeyHasher, buckets: u32) -> Result<Self, Error> {
        if buckets == 0 || buckets > MAX_BUCKETS {
            return Err(Error::InvalidBuckets(u64::from(buckets)));
        }
        Ok(Memento {
            hasher,
            b_array_size: buckets,
            last_removed: buckets,
            table: FxHashMap::default(),
        })
    }

    /// The key hash.
    pub fn hasher(&self) -> KeyHasher {
        self.hasher
    }

    /// The number of working buckets.
    pub fn size(&self) -> u32 {
        self.b_array_size - self.table.len() as u32
    }

    /// The b-array size: one more than the highest bucket number ever working and not shrunk away.
    pub fn b_array_size(&self) -> u32 {
        self.b_array_size
    }

    /// Whether `bucket` is a working bucket.
    pub fn is_working(&self, bucket: u32) -> bool {
        bucket < self.b_array_size && !self.table.contains_key(&bucket)
    }

    /// The removed buckets the memory holds, oldest removal first. Removing them in this order
    /// from a fresh `Memento` of [`Memento::b_array_size`] buckets rebuilds this exact state.
    pub fn removed(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.table.len());
        let mut b = self.last_removed;
        while let Some(e) = self.table.get(&b) {
            out.push(b);
            b = e.prev_removed;
        }
        out.reverse();
        out
    }

    #[inline]
    fn replacer(&self, bucket: u32) -> Option<u32> {
        self.table.get(&bucket).map(|e| e.replacer)
    }

    /// The working bucket of `key` (docs/placement.md §8).
    #[inline]
    pub fn get_bucket(&self, key: &[u8]) -> u32 {
        let b = jump_hash_unchecked(self.hasher.hash(key), self.b_array_size);
        if self.table.is_empty() {
            return b;
        }
        self.follow(key, b)
    }

    /// The replacement walk of the reference's `getBucket`, from jump's bucket `b`.
    fn follow(&self, key: &[u8], mut b: u32) -> u32 {
        let mut replacer = self.replacer(b);
        while let Some(rep) = replacer {
            // Rehash with the removed bucket as the seed (XOR the ring's seed, 0 in the reference),
            // into the buckets that were working when `b` was removed.
            let h = KeyHasher::new(self.hasher.kind, self.hasher.seed ^ u64::from(b)).hash(key);
            b = (h % u64::from(rep)) as u32;
            // A removed bucket replaced by one at or above `rep` was removed later: follow it.
            let mut r = self.replacer(b);
            while let Some(next) = r.filter(|&r| r >= rep) {
                b = next;
                r = self.replacer(b);
            }
            replacer = r;
        }
        b
    }

    /// `out[k]` = [`Memento::get_bucket`] of key `k` = `buf[offsets[k] .. offsets[k + 1]]`.
    ///
    /// Errors: [`Error::OutputTooShort`], [`Error::InvalidOffsets`] (what `out` holds is then
    /// unspecified).
    pub fn get_bucket_many(
        &self,
        buf: &[u8],
        offsets: &[u32],
        out: &mut [u32],
    ) -> Result<(), Error> {
        let count = packed::key_count(offsets, out.len())?;
        // Hash a chunk, run jump on it in lanes (jump_hash_many), then walk the few keys that
        // landed on a removed bucket: jump's lanes beat one key at a time.
        let mut hashes = [0u64; CHUNK];
        let mut start = 0;
        while start < count {
            let n = CHUNK.min(count - start);
            let offs = &offsets[start..=start + n];
            for (h, key) in hashes.iter_mut().zip(packed::keys(buf, offs)) {
                *h = self.hasher.hash(key.map_err(|e| shift_offsets(e, start))?);
            }
            let chunk = &mut out[start..start + n];
            jump_hash_many(&hashes[..n], self.b_array_size, chunk)?;
            if !self.table.is_empty() {
                for (k, b) in chunk.iter_mut().enumerate() {
                    if self.table.contains_key(b) {
                        *b = self.follow(&buf[offs[k] as usize..offs[k + 1] as usize], *b);
                    }
                }
            }
            start += n;
        }
        Ok(())
    }

    /// Removes the working bucket `bucket`. Its keys move to the other working buckets; no other
    /// key moves.
    ///
    /// Errors (state unchanged): [`Error::BucketNotWorking`] if `bucket` is not working (removed
    /// or at or above the b-array size), [`Error::LastBucket`] if it is the only working bucket.
    pub fn remove_bucket(&mut self, bucket: u32) -> Result<(), Error> {
        if !self.is_working(bucket) {
            return Err(Error::BucketNotWorking(bucket));
        }
        if self.size() == 1 {
            return Err(Error::LastBucket(bucket));
        }
        if self.table.is_empty() && bucket == self.b_array_size - 1 {
            // Nothing remembered and the highest bucket: plain jump hash shrinks.
            self.b_array_size = bucket;
            self.last_removed = bucket;
            return Ok(());
        }
        let entry = Entry {
            replacer: self.size() - 1,
            prev_removed: self.last_removed,
        };
        self.table.insert(bucket, entry);
        self.last_removed = bucket;
        Ok(())
    }

    /// Brings back the most recently removed bucket, else adds a new one at the end; returns it.
    ///
    /// Errors: [`Error::InvalidBuckets`] if a new bucket would pass `2^31 - 1` (state unchanged).
    pub fn add_bucket(&mut self) -> Result<u32, Error> {
        let bucket = self.last_removed;
        match self.table.remove(&bucket) {
            Some(e) => self.last_removed = e.prev_removed,
            None => {
                if bucket >= MAX_BUCKETS {
                    return Err(Error::InvalidBuckets(u64::from(bucket) + 1));
                }
                self.b_array_size = bucket + 1;
                self.last_removed = bucket + 1;
            }
        }
        Ok(bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HashKind;

    fn memento(n: u32) -> Memento {
        Memento::new(KeyHasher::new(HashKind::Xxh64, 0), n).unwrap()
    }

    #[test]
    fn bad_input_leaves_state_alone() {
        assert_eq!(
            Memento::new(KeyHasher::default(), 0).unwrap_err(),
            Error::InvalidBuckets(0)
        );
        assert!(Memento::new(KeyHasher::default(), MAX_BUCKETS + 1).is_err());
        let mut m = memento(3);
        m.remove_bucket(1).unwrap();
        assert_eq!(m.remove_bucket(1), Err(Error::BucketNotWorking(1)));
        assert_eq!(m.remove_bucket(3), Err(Error::BucketNotWorking(3)));
        m.remove_bucket(2).unwrap();
        assert_eq!(m.remove_bucket(0), Err(Error::LastBucket(0)));
        assert_eq!((m.size(), m.removed()), (1, vec![1, 2]));
        let mut top = memento(MAX_BUCKETS);
        assert_eq!(
            top.add_bucket(),
            Err(Error::InvalidBuckets(u64::from(MAX_BUCKETS) + 1))
        );
        assert_eq!(top.size(), MAX_BUCKETS);
    }

    #[test]
    fn shrink_restore_and_removed_order() {
        let mut m = memento(10);
        m.remove_bucket(9).unwrap(); // shrinks, remembers nothing
        assert_eq!((m.b_array_size(), m.removed()), (9, vec![]));
        m.remove_bucket(4).unwrap();
        m.remove_bucket(8).unwrap(); // highest, but remembered after an earlier removal
        assert_eq!(
            (m.b_array_size(), m.size(), m.removed()),
            (9, 7, vec![4, 8])
        );
        assert_eq!(m.add_bucket(), Ok(8));
        assert_eq!(m.add_bucket(), Ok(4));
        assert_eq!(m.add_bucket(), Ok(9));
        assert_eq!(m.add_bucket(), Ok(10));
        assert_eq!(m.size(), 11);
    }

    #[test]
    fn removal_moves_only_the_removed_buckets_keys() {
        let mut m = memento(20);
        let keys: Vec<Vec<u8>> = (0..2000).map(|i| format!("k{i}").into_bytes()).collect();
        for victim in [7, 3, 19, 11] {
            let before: Vec<u32> = keys.iter().map(|k| m.get_bucket(k)).collect();
            m.remove_bucket(victim).unwrap();
            for (k, &b) in keys.iter().zip(&before) {
                let now = m.get_bucket(k);
                assert!(m.is_working(now));
                if b != victim {
                    assert_eq!(now, b);
                }
            }
        }
    }

    #[test]
    fn batch_matches_single() {
        let mut m = memento(50);
        for b in [3, 49, 10] {
            m.remove_bucket(b).unwrap();
        }
        let buf = b"abcdefghij";
        let offsets = [0, 1, 3, 3, 10];
        let mut out = [u32::MAX; 5];
        m.get_bucket_many(buf, &offsets, &mut out).unwrap();
        for k in 0..4 {
            assert_eq!(
                out[k],
                m.get_bucket(&buf[offsets[k] as usize..offsets[k + 1] as usize])
            );
        }
        assert_eq!(out[4], u32::MAX);
        assert_eq!(
            m.get_bucket_many(buf, &[0, 11], &mut out),
            Err(Error::InvalidOffsets { index: 1 })
        );
        assert!(m.get_bucket_many(buf, &offsets, &mut out[..3]).is_err());
        // Across chunks: 200 keys of one byte each, the 150th's end offset past the buffer.
        let bytes: Vec<u8> = (0..200u32).map(|i| i as u8).collect();
        let mut offs: Vec<u32> = (0..=200).collect();
        let mut many = vec![0u32; 200];
        m.get_bucket_many(&bytes, &offs, &mut many).unwrap();
        for (k, b) in many.iter().enumerate() {
            assert_eq!(*b, m.get_bucket(&bytes[k..k + 1]), "key {k}");
        }
        offs[150] = 500;
        assert_eq!(
            m.get_bucket_many(&bytes, &offs, &mut many),
            Err(Error::InvalidOffsets { index: 150 })
        );
    }
}
