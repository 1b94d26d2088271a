//! Lookups (§5): one key, one hash, and batches of either.

use super::{Ring, NO_SLOT};
use crate::{packed, Error};

/// Keys hashed per chunk in batch lookups (hashes first, then searches, for memory parallelism).
const BATCH_CHUNK: usize = 64;

impl Ring {
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
}
