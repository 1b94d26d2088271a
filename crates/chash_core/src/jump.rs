//! Jump consistent hash (docs/placement.md §7).

use crate::{packed, Error, HashKind, KeyHasher};

/// The largest bucket count jump hash accepts: `2^31 - 1` (the algorithm works on signed
/// 32-bit bucket numbers).
pub const MAX_BUCKETS: u32 = i32::MAX as u32;

/// Jump consistent hash of Lamping & Veach, *A Fast, Minimal Memory, Consistent Hash Algorithm*
/// (2014), Figure 1, bit for bit: maps `key` to a bucket in `0 .. buckets`.
///
/// `buckets` must be in `1 ..= 2^31 - 1`, otherwise [`Error::InvalidBuckets`].
///
/// ```
/// let got: Vec<u32> = (1..=7).map(|k| chash_core::jump_hash(k, 3).unwrap()).collect();
/// assert_eq!(got, [0, 0, 2, 1, 1, 2, 0]);
/// ```
pub fn jump_hash(key: u64, buckets: u32) -> Result<u32, Error> {
    check_buckets(buckets)?;
    Ok(jump_hash_unchecked(key, buckets))
}

/// [`jump_hash`] without the range check on `buckets`, for hot loops whose caller has checked
/// it once. With `buckets` in range the result is the same; with `buckets == 0` it returns
/// `u32::MAX` (the paper's `-1`); bucket counts above `2^31 - 1` give unspecified (but memory-safe)
/// results.
#[inline]
pub fn jump_hash_unchecked(mut key: u64, buckets: u32) -> u32 {
    let num_buckets = i64::from(buckets);
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < num_buckets {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        // (b + 1) * (double(1LL << 31) / double((key >> 33) + 1)), truncated to int64 as in C++.
        // The product is at most 2^31 * 2^31, so the conversion never saturates.
        j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as u32
}

/// Jump hash of many keys: `out[i] = jump_hash(keys[i], buckets)` for every `i < keys.len()`.
///
/// Errors: [`Error::InvalidBuckets`], or [`Error::OutputTooShort`] if `out` is shorter than
/// `keys`. Entries of `out` past `keys.len()` are left alone.
pub fn jump_hash_many(keys: &[u64], buckets: u32, out: &mut [u32]) -> Result<(), Error> {
    check_buckets(buckets)?;
    if out.len() < keys.len() {
        return Err(Error::OutputTooShort {
            needed: keys.len(),
            got: out.len(),
        });
    }
    let out = &mut out[..keys.len()];
    let mut key_chunks = keys.chunks_exact(LANES);
    let mut out_chunks = out.chunks_exact_mut(LANES);
    for (k, o) in (&mut key_chunks).zip(&mut out_chunks) {
        jump_lanes(k.try_into().expect("LANES keys"), buckets, o);
    }
    for (o, &k) in out_chunks
        .into_remainder()
        .iter_mut()
        .zip(key_chunks.remainder())
    {
        *o = jump_hash_unchecked(k, buckets);
    }
    Ok(())
}

/// The hash of a jump key given as bytes (docs/placement.md §7): XXH3-64 with seed 0.
pub const JUMP_KEY_HASHER: KeyHasher = KeyHasher::new(HashKind::Xxh3, 0);

/// Jump hash of a key given as bytes: [`jump_hash`] of its [`JUMP_KEY_HASHER`] hash.
///
/// ```
/// // docs/placement.md §7: "hello world" hashes to d447b1ea40e6988b, bucket 913 of 1000.
/// assert_eq!(chash_core::jump_key(b"hello world", 1000), Ok(913));
/// ```
pub fn jump_key(key: &[u8], buckets: u32) -> Result<u32, Error> {
    jump_hash(JUMP_KEY_HASHER.hash(key), buckets)
}

/// Keys hashed per step of [`jump_keys_many`] (2 KiB of stack) before they jump in lockstep.
const KEY_CHUNK: usize = 256;

/// [`jump_key`] of a packed batch ([`packed`]): key `k` is `buf[offsets[k] .. offsets[k + 1]]`
/// and its bucket goes to `out[k]`.
///
/// Errors: [`Error::InvalidBuckets`], [`Error::OutputTooShort`] if `out` has fewer entries than
/// there are keys, [`Error::InvalidOffsets`] for a key outside `buf` (the keys before it are
/// written).
pub fn jump_keys_many(
    buf: &[u8],
    offsets: &[u32],
    buckets: u32,
    out: &mut [u32],
) -> Result<(), Error> {
    check_buckets(buckets)?;
    let count = packed::key_count(offsets, out.len())?;
    let mut keys = packed::keys(buf, offsets);
    let mut words = [0u64; KEY_CHUNK];
    for out in out[..count].chunks_mut(KEY_CHUNK) {
        let words = &mut words[..out.len()];
        for (w, key) in words.iter_mut().zip(&mut keys) {
            *w = JUMP_KEY_HASHER.hash(key?);
        }
        jump_hash_many(words, buckets, out)?;
    }
    Ok(())
}

/// Keys that [`jump_hash_many`] runs in lockstep.
const LANES: usize = 8;

/// [`jump_hash_unchecked`] of `LANES` keys at once, branch-free per lane: every lane runs the
/// same step until all have finished, and a finished lane keeps its values. The loop-exit branch
/// of one key is unpredictable; eight independent chains of multiplications and divisions keep
/// the CPU busy instead (about 2–3× faster per key than one key at a time).
#[inline]
fn jump_lanes(keys: [u64; LANES], buckets: u32, out: &mut [u32]) {
    let num_buckets = i64::from(buckets);
    let mut key = keys;
    let mut b = [-1i64; LANES];
    let mut j = [0i64; LANES];
    loop {
        let mut active = false;
        for l in 0..LANES {
            let run = j[l] < num_buckets;
            active |= run;
            let next_key = key[l]
                .wrapping_mul(2_862_933_555_777_941_757)
                .wrapping_add(1);
            let next_j =
                ((j[l] + 1) as f64 * ((1u64 << 31) as f64 / ((next_key >> 33) + 1) as f64)) as i64;
            b[l] = if run { j[l] } else { b[l] };
            key[l] = if run { next_key } else { key[l] };
            j[l] = if run { next_j } else { j[l] };
        }
        if !active {
            break;
        }
    }
    for (o, b) in out.iter_mut().zip(b) {
        *o = b as u32;
    }
}

#[inline]
fn check_buckets(buckets: u32) -> Result<(), Error> {
    if buckets == 0 || buckets > MAX_BUCKETS {
        return Err(Error::InvalidBuckets(u64::from(buckets)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_example() {
        let got: Vec<u32> = (1..=7).map(|k| jump_hash(k, 3).unwrap()).collect();
        assert_eq!(got, [0, 0, 2, 1, 1, 2, 0]);
    }

    #[test]
    fn bucket_range() {
        assert_eq!(jump_hash(42, 0), Err(Error::InvalidBuckets(0)));
        assert_eq!(
            jump_hash(42, MAX_BUCKETS + 1),
            Err(Error::InvalidBuckets(u64::from(MAX_BUCKETS) + 1))
        );
        assert_eq!(jump_hash(42, 1), Ok(0));
        assert!(jump_hash(u64::MAX, MAX_BUCKETS).unwrap() < MAX_BUCKETS);
        assert_eq!(jump_hash_unchecked(42, 0), u32::MAX);
    }

    #[test]
    fn keys_as_bytes_hash_then_jump() {
        let keys: [&[u8]; 4] = [b"", b"a", b"hello world", &[0xff; 300]];
        // 301 keys: more than one chunk, and a remainder of the lockstep lanes.
        let mut buf = Vec::new();
        let mut offsets = vec![0];
        for key in keys.iter().cycle().take(301) {
            buf.extend_from_slice(key);
            offsets.push(buf.len() as u32);
        }
        let mut out = vec![7; 301];
        for buckets in [1, 10, MAX_BUCKETS] {
            jump_keys_many(&buf, &offsets, buckets, &mut out).unwrap();
            for (k, key) in keys.iter().cycle().take(301).enumerate() {
                assert_eq!(Ok(out[k]), jump_key(key, buckets), "key {k}");
            }
        }
        assert_eq!(jump_key(b"a", 0), Err(Error::InvalidBuckets(0)));
        assert_eq!(
            jump_keys_many(&buf, &[0, 1], 0, &mut out),
            Err(Error::InvalidBuckets(0))
        );
        assert_eq!(
            jump_keys_many(&buf, &[0, 1, 2], 3, &mut out[..1]),
            Err(Error::OutputTooShort { needed: 2, got: 1 })
        );
        assert_eq!(
            jump_keys_many(&buf, &[0, u32::MAX], 3, &mut out),
            Err(Error::InvalidOffsets { index: 1 })
        );
        assert_eq!(jump_keys_many(&buf, &[], 3, &mut []), Ok(()));
    }

    #[test]
    fn monotone_and_in_range() {
        // A key only ever moves to the newly added bucket.
        for key in 0..2000u64 {
            let key = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut prev = jump_hash(key, 1).unwrap();
            for n in 2..=64 {
                let b = jump_hash(key, n).unwrap();
                assert!(b < n);
                assert!(b == prev || b == n - 1);
                prev = b;
            }
        }
    }

    #[test]
    fn lanes_match_single_for_all_batch_sizes() {
        let mut x = 0x0123_4567_89AB_CDEFu64;
        let keys: Vec<u64> = (0..203)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                x
            })
            .chain([0, 1, u64::MAX, u64::MAX - 1])
            .collect();
        for buckets in [1, 2, 3, 10, 1000, 65_536, 1 << 30, MAX_BUCKETS] {
            for len in [0, 1, 7, 8, 9, 16, 17, keys.len()] {
                let mut out = vec![u32::MAX; len];
                jump_hash_many(&keys[..len], buckets, &mut out).unwrap();
                for (k, o) in keys[..len].iter().zip(&out) {
                    assert_eq!(
                        *o,
                        jump_hash_unchecked(*k, buckets),
                        "key {k} buckets {buckets}"
                    );
                }
            }
        }
    }

    #[test]
    fn many_matches_single() {
        let keys: Vec<u64> = (0..1000u64)
            .map(|k| k.wrapping_mul(0xDEAD_BEEF_1234_5677))
            .collect();
        let mut out = vec![0u32; keys.len() + 1];
        out[keys.len()] = 77;
        jump_hash_many(&keys, 1000, &mut out).unwrap();
        for (k, o) in keys.iter().zip(&out) {
            assert_eq!(*o, jump_hash(*k, 1000).unwrap());
        }
        assert_eq!(out[keys.len()], 77);
        assert_eq!(
            jump_hash_many(&keys, 10, &mut out[..5]),
            Err(Error::OutputTooShort {
                needed: 1000,
                got: 5
            })
        );
        assert_eq!(
            jump_hash_many(&keys, 0, &mut out),
            Err(Error::InvalidBuckets(0))
        );
    }
}
