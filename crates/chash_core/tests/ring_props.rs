//! Behavioural and property-style tests of the ring against a naive reading of the contract.

mod common;

use chash_core::{Error, HashKind, KeyHasher, Ring, NO_SLOT};
use common::{NaiveRing, SplitMix64};

fn xxh3() -> KeyHasher {
    KeyHasher::new(HashKind::Xxh3, 0)
}

fn keys(n: usize) -> Vec<Vec<u8>> {
    (0..n).map(|k| format!("key-{k}").into_bytes()).collect()
}

fn ring_with(n: u32, points: u32, hasher: KeyHasher) -> Ring {
    let mut ring = Ring::new(hasher);
    for i in 0..n {
        ring.set_consumer(i, format!("node-{i}").as_bytes(), points)
            .unwrap();
    }
    ring
}

#[test]
fn replicas_properties() {
    for (n_consumers, points) in [(1u32, 160u32), (5, 160), (40, 10), (64, 3)] {
        let mut ring = ring_with(n_consumers, points, xxh3());
        let mut naive = NaiveRing::new(xxh3());
        for i in 0..n_consumers {
            naive.set(i, format!("node-{i}").as_bytes(), points);
        }
        let mut reps = Vec::new();
        let mut buf = vec![0u32; 100];
        for key in keys(150) {
            let owner = ring.lookup(&key).unwrap();
            for n in [0u32, 1, 2, 3, 17, 30, n_consumers, n_consumers + 1, 100] {
                ring.replicas(&key, n, &mut reps);
                let want = n.min(n_consumers) as usize;
                assert_eq!(reps.len(), want, "n={n}");
                if want > 0 {
                    assert_eq!(reps[0], owner, "first replica is the owner");
                }
                let mut sorted = reps.clone();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted.len(), reps.len(), "distinct");
                if n >= n_consumers {
                    assert_eq!(
                        sorted,
                        (0..n_consumers).collect::<Vec<_>>(),
                        "all consumers"
                    );
                }
                let got = ring.replicas_into(&key, &mut buf[..n as usize]);
                assert_eq!(&buf[..got], &reps[..]);
            }
            ring.replicas(&key, 100, &mut reps);
            assert_eq!(reps, naive.replicas(&key, 100), "matches the naive walk");
        }
    }
}

#[test]
fn replicas_reuse_the_output_vec() {
    let mut ring = ring_with(20, 50, xxh3());
    let mut reps = vec![99; 50];
    ring.replicas(b"k", 3, &mut reps);
    assert_eq!(reps.len(), 3);
    ring.replicas(b"k", 0, &mut reps);
    assert!(reps.is_empty());
    // Large n twice in a row: the dedupe bitmap must be reset between calls.
    ring.replicas(b"k", 20, &mut reps);
    let first = reps.clone();
    ring.replicas(b"k", 20, &mut reps);
    assert_eq!(reps, first);
    assert_eq!(reps.len(), 20);
}

#[test]
fn removal_moves_only_the_removed_consumers_keys_and_readd_restores() {
    for kind in [HashKind::Xxh3, HashKind::Xxh64] {
        let hasher = KeyHasher::new(kind, 0xDEAD_BEEF);
        let mut ring = ring_with(10, 160, hasher);
        let keys = keys(5000);
        let before: Vec<u32> = keys.iter().map(|k| ring.lookup(k).unwrap()).collect();

        assert!(ring.remove_consumer(4));
        assert!(!ring.remove_consumer(4));
        assert_eq!(ring.consumer_count(), 9);
        assert_eq!(ring.point_count(), 9 * 160);
        for (k, &b) in keys.iter().zip(&before) {
            let now = ring.lookup(k).unwrap();
            assert_ne!(now, 4);
            if b != 4 {
                assert_eq!(now, b, "a key not on the removed consumer moved");
            }
        }

        ring.set_consumer(4, b"node-4", 160).unwrap();
        let after: Vec<u32> = keys.iter().map(|k| ring.lookup(k).unwrap()).collect();
        assert_eq!(after, before, "re-adding restores the placement");

        // Re-adding the same id in another slot gives the same placement under the new slot.
        ring.remove_consumer(4);
        ring.set_consumer(77, b"node-4", 160).unwrap();
        for (k, &b) in keys.iter().zip(&before) {
            let want = if b == 4 { 77 } else { b };
            assert_eq!(ring.lookup(k).unwrap(), want);
        }
    }
}

#[test]
fn adding_moves_keys_only_to_the_new_consumer() {
    let mut ring = ring_with(8, 100, xxh3());
    let keys = keys(5000);
    let before: Vec<u32> = keys.iter().map(|k| ring.lookup(k).unwrap()).collect();
    ring.set_consumer(8, b"node-8", 100).unwrap();
    let mut moved = 0;
    for (k, &b) in keys.iter().zip(&before) {
        let now = ring.lookup(k).unwrap();
        if now != b {
            assert_eq!(now, 8);
            moved += 1;
        }
    }
    assert!(moved > 200 && moved < 1200, "moved {moved} of 5000");
}

/// Random interleavings of set / replace / re-weight / remove / lookup / flush agree with a ring
/// built from scratch and with the naive reference.
#[test]
fn lazy_flush_matches_from_scratch() {
    // Small point counts take the comparison-sort path, large ones the radix path.
    lazy_flush_property(60, 400);
    lazy_flush_property(500, 120);
}

#[test]
fn large_ring_matches_naive() {
    for hasher in [
        KeyHasher::new(HashKind::Xxh3, 5),
        KeyHasher::new(HashKind::Xxh64, 0),
    ] {
        let mut ring = Ring::new(hasher);
        let mut naive = NaiveRing::new(hasher);
        for i in 0..60u32 {
            let id = format!("server-{i}.example");
            let points = 50 + (i * 37) % 300;
            ring.set_consumer(i, id.as_bytes(), points).unwrap();
            naive.set(i, id.as_bytes(), points);
        }
        let naive_pts = naive.points();
        let (pos, slots) = ring.points();
        assert_eq!(pos, naive_pts.iter().map(|p| p.0).collect::<Vec<_>>());
        assert_eq!(slots, naive_pts.iter().map(|p| p.3).collect::<Vec<_>>());
        for key in keys(2000) {
            let h = hasher.hash(&key);
            let i = naive_pts.iter().position(|p| p.0 >= h).unwrap_or(0);
            assert_eq!(ring.lookup(&key), Some(naive_pts[i].3));
        }
    }
}

fn lazy_flush_property(max_points: u64, steps: usize) {
    let hashers = [
        KeyHasher::new(HashKind::Xxh3, 0),
        KeyHasher::new(HashKind::Xxh64, 12345),
        KeyHasher::new(HashKind::Xxh3, u64::MAX),
    ];
    let probe_keys = keys(300);
    for (round, &hasher) in hashers.iter().enumerate() {
        let mut rng = SplitMix64(0xC0FFEE + round as u64);
        let mut ring = Ring::new(hasher);
        let mut naive = NaiveRing::new(hasher);
        let mut reps = Vec::new();
        for step in 0..steps {
            let slot = rng.below(24) as u32;
            match rng.below(10) {
                0..=3 => {
                    let id = format!("c{}", rng.below(40));
                    let points = 1 + rng.below(max_points) as u32;
                    // Keep ids unique, as the binding layer does.
                    if naive
                        .consumers
                        .iter()
                        .any(|c| c.1 == id.as_bytes() && c.0 != slot)
                    {
                        continue;
                    }
                    ring.set_consumer(slot, id.as_bytes(), points).unwrap();
                    naive.set(slot, id.as_bytes(), points);
                }
                4 => {
                    // Re-weight an existing consumer (same id).
                    let existing = ring.consumer_id(slot).map(<[u8]>::to_vec);
                    if let Some(id) = existing {
                        let points = 1 + rng.below(max_points) as u32;
                        ring.set_consumer(slot, &id, points).unwrap();
                        naive.set(slot, &id, points);
                    }
                }
                5 | 6 => {
                    assert_eq!(ring.remove_consumer(slot), naive.remove(slot));
                }
                7 => ring.flush(),
                _ => {
                    let key = &probe_keys[rng.below(probe_keys.len() as u64) as usize];
                    assert_eq!(ring.lookup(key), naive.lookup(key), "step {step}");
                    ring.replicas(key, 3, &mut reps);
                    assert_eq!(reps, naive.replicas(key, 3), "step {step}");
                }
            }
            assert_eq!(ring.consumer_count() as usize, naive.consumers.len());
            let naive_points: u32 = naive.consumers.iter().map(|c| c.2).sum();
            assert_eq!(ring.point_count(), naive_points);

            if step % 25 == 24 {
                let mut scratch = Ring::new(hasher);
                for (slot, id, points) in &naive.consumers {
                    scratch.set_consumer(*slot, id, *points).unwrap();
                }
                let (p1, s1) = ring.points();
                let (p1, s1) = (p1.to_vec(), s1.to_vec());
                let (p2, s2) = scratch.points();
                assert_eq!(p1, p2, "positions at step {step}");
                assert_eq!(s1, s2, "slots at step {step}");
                let naive_pts = naive.points();
                assert_eq!(p1, naive_pts.iter().map(|p| p.0).collect::<Vec<_>>());
                assert_eq!(s1, naive_pts.iter().map(|p| p.3).collect::<Vec<_>>());
            }
        }
    }
}

#[test]
fn empty_ring() {
    let mut ring = Ring::new(xxh3());
    assert_eq!(ring.lookup(b"x"), None);
    assert_eq!(ring.lookup(b""), None);
    assert_eq!(ring.lookup_hash(0), None);
    assert_eq!((ring.consumer_count(), ring.point_count()), (0, 0));
    let mut reps = vec![1, 2, 3];
    ring.replicas(b"x", 3, &mut reps);
    assert!(reps.is_empty());
    assert_eq!(ring.replicas_into(b"x", &mut [0; 4]), 0);
    let mut out = [7u32; 3];
    ring.lookup_many(b"abc", &[0, 1, 2, 3], &mut out).unwrap();
    assert_eq!(out, [NO_SLOT; 3]);
    ring.lookup_hash_many(&[1, 2], &mut out).unwrap();
    assert_eq!(out, [NO_SLOT, NO_SLOT, NO_SLOT]);

    // Emptied again after having consumers.
    ring.set_consumer(3, b"a", 5).unwrap();
    assert_eq!(ring.lookup(b"x"), Some(3));
    ring.remove_consumer(3);
    assert_eq!(ring.lookup(b"x"), None);
    assert_eq!(ring.points().0.len(), 0);
}

#[test]
fn zero_byte_and_one_megabyte_keys() {
    let big: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
        .collect();
    for hasher in [
        KeyHasher::new(HashKind::Xxh3, 0),
        KeyHasher::new(HashKind::Xxh3, 0x9E37_79B9_7F4A_7C15),
        KeyHasher::new(HashKind::Xxh64, 99),
    ] {
        let mut ring = ring_with(7, 40, hasher);
        let mut naive = NaiveRing::new(hasher);
        for i in 0..7 {
            naive.set(i, format!("node-{i}").as_bytes(), 40);
        }
        for key in [&b""[..], &big[..], &big[..241], &big[..240]] {
            let owner = ring.lookup(key);
            assert!(owner.is_some());
            assert_eq!(owner, naive.lookup(key));
            assert_eq!(owner, ring.lookup_hash(hasher.hash(key)));
        }
        let mut buf = Vec::new();
        buf.extend_from_slice(&big);
        let offsets = [0u32, 0, big.len() as u32, big.len() as u32];
        let mut out = [0u32; 3];
        ring.lookup_many(&buf, &offsets, &mut out).unwrap();
        let e = ring.lookup(b"").unwrap();
        assert_eq!(out, [e, ring.lookup(&big).unwrap(), e]);
    }
}

#[test]
fn lookup_many_matches_lookup_and_checks_arguments() {
    let mut ring = ring_with(50, 160, KeyHasher::new(HashKind::Xxh64, 3));
    // Keys of varied lengths, more than one chunk.
    let keys: Vec<Vec<u8>> = (0..1000).map(|k| "x".repeat(k % 37).into_bytes()).collect();
    let mut buf = Vec::new();
    let mut offsets = vec![0u32];
    for k in &keys {
        buf.extend_from_slice(k);
        offsets.push(buf.len() as u32);
    }
    let mut out = vec![0u32; keys.len() + 2];
    ring.lookup_many(&buf, &offsets, &mut out).unwrap();
    for (k, &o) in keys.iter().zip(&out) {
        assert_eq!(Some(o), ring.lookup(k));
    }
    let hashes: Vec<u64> = keys.iter().map(|k| ring.hasher().hash(k)).collect();
    let mut out2 = vec![0u32; keys.len()];
    ring.lookup_hash_many(&hashes, &mut out2).unwrap();
    assert_eq!(out2, out[..keys.len()]);

    // No keys.
    ring.lookup_many(&buf, &[], &mut []).unwrap();
    ring.lookup_many(&buf, &[5], &mut []).unwrap();
    // Errors.
    assert_eq!(
        ring.lookup_many(&buf, &offsets, &mut out[..10]),
        Err(Error::OutputTooShort {
            needed: 1000,
            got: 10
        })
    );
    assert_eq!(
        ring.lookup_many(b"abcd", &[0, 2, 1, 4], &mut [0; 3]),
        Err(Error::InvalidOffsets { index: 2 })
    );
    assert_eq!(
        ring.lookup_many(b"abcd", &[0, 2, 5], &mut [0; 2]),
        Err(Error::InvalidOffsets { index: 2 })
    );
    assert_eq!(
        ring.lookup_hash_many(&[1, 2, 3], &mut [0; 2]),
        Err(Error::OutputTooShort { needed: 3, got: 2 })
    );
}

#[test]
fn errors_display_clearly() {
    let msgs = [
        Error::InvalidBuckets(0).to_string(),
        Error::WeightOutOfRange {
            weight: 0.001,
            vnodes: 160,
            count: 0.0,
        }
        .to_string(),
        Error::EmptyId.to_string(),
        Error::UnknownHash("md5".into()).to_string(),
    ];
    assert!(msgs[0].contains("buckets"));
    assert!(msgs[1].contains("weight"));
    assert!(msgs[2].contains("id"));
    assert!(msgs[3].contains("md5"));
    let e: Box<dyn std::error::Error> = Box::new(Error::EmptyId);
    assert!(!e.to_string().is_empty());
}
