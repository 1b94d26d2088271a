//! Replicas (§6): up to `n` distinct consumers in ring order from a key's position.

use super::Ring;

/// Above this many wanted replicas, [`Ring::replicas`] dedupes with a bitmap instead of a scan.
const REPLICAS_LINEAR_MAX: usize = 16;

impl Ring {
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
