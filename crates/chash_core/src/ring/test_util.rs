//! Helpers shared by the ring's unit tests.

use super::Ring;
use crate::hash::{HashKind, KeyHasher};

pub(super) fn hasher() -> KeyHasher {
    KeyHasher::new(HashKind::Xxh3, 0)
}

/// Every consumer's point `i` sits at `1000 * (i + 1)`: all consumers tie at every position.
pub(super) fn tied(_id: &[u8], i: u32) -> u64 {
    1000 * (u64::from(i) + 1)
}

pub(super) fn ids_in_order(ring: &mut Ring) -> Vec<(u64, Vec<u8>)> {
    let (pos, slots) = ring.points();
    let (pos, slots) = (pos.to_vec(), slots.to_vec());
    pos.iter()
        .zip(&slots)
        .map(|(&p, &s)| (p, ring.consumer_id(s).unwrap().to_vec()))
        .collect()
}

pub(super) const TIE_IDS: [&[u8]; 6] = [b"b", b"ab", b"a", b"\xff", b"B", b"a\x00"];

/// §4.2: equal positions are ordered by id bytes, unsigned, a proper prefix first.
pub(super) fn expected_tie_order(points: u32) -> Vec<(u64, Vec<u8>)> {
    let mut sorted: Vec<Vec<u8>> = TIE_IDS.iter().map(|i| i.to_vec()).collect();
    sorted.sort();
    assert_eq!(sorted[0], b"B");
    assert_eq!(&sorted[1..4], [&b"a"[..], b"a\x00", b"ab"]);
    assert_eq!(sorted[5], b"\xff");
    (0..points)
        .flat_map(|i| sorted.iter().map(move |id| (tied(id, i), id.clone())))
        .collect()
}
