//! The ring order of points (§4): by position, ties by id bytes, then by slot.

use std::cmp::Ordering;

use super::Consumer;

/// Orders two points of equal position by §4: id bytes, then (ids being equal only by misuse)
/// slot. Points of the same slot compare equal; their order never changes a result.
#[inline]
pub(super) fn cmp_ties(consumers: &[Option<Consumer>], a: u32, b: u32) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let id = |s: u32| consumers[s as usize].as_ref().map_or(&[][..], |c| &*c.id);
    id(a).cmp(id(b)).then(a.cmp(&b))
}

/// The full §4 order of two points `(position, slot)`.
#[inline]
fn cmp_points(consumers: &[Option<Consumer>], a: &(u64, u32), b: &(u64, u32)) -> Ordering {
    a.0.cmp(&b.0).then_with(|| cmp_ties(consumers, a.1, b.1))
}

/// Sorts new points, given as parallel arrays, into ring order (§4).
pub(super) fn sort_points(
    pos: &mut Vec<u64>,
    slots: &mut Vec<u32>,
    consumers: &[Option<Consumer>],
) {
    if pos.len() < RADIX_MIN {
        sort_run(pos, slots, consumers);
        return;
    }
    // Positions are hashes, so a radix sort on their top 33 bits leaves almost every point in
    // place; then sort each run of points sharing those bits (a run of 2 every few 10^5 points
    // when positions are random) with the full comparator, which also applies §4.2 to ties.
    radix_sort_top_bits(pos, slots);
    let len = pos.len();
    let mut i = 0;
    while i < len {
        let top = pos[i] >> RADIX_LOW_BIT;
        let mut j = i + 1;
        while j < len && pos[j] >> RADIX_LOW_BIT == top {
            j += 1;
        }
        if j - i > 1 {
            sort_run(&mut pos[i..j], &mut slots[i..j], consumers);
        }
        i = j;
    }
}

/// Comparison sort of a (short) run of points given as parallel slices.
fn sort_run(pos: &mut [u64], slots: &mut [u32], consumers: &[Option<Consumer>]) {
    let mut points: Vec<(u64, u32)> = pos.iter().copied().zip(slots.iter().copied()).collect();
    points.sort_unstable_by(|a, b| cmp_points(consumers, a, b));
    for ((p, s), (np, ns)) in pos.iter_mut().zip(slots.iter_mut()).zip(points) {
        *p = np;
        *s = ns;
    }
}

/// Below this many new points, [`sort_points`] uses a comparison sort.
const RADIX_MIN: usize = 2048;
/// Bits per radix digit.
const RADIX_BITS: u32 = 11;
/// The radix sort orders points by position bits `RADIX_LOW_BIT ..= 63`.
const RADIX_LOW_BIT: u32 = 64 - 3 * RADIX_BITS;

/// Stable LSD radix sort of points (parallel arrays) by bits `RADIX_LOW_BIT ..= 63` of their
/// positions.
fn radix_sort_top_bits(pos: &mut Vec<u64>, slots: &mut Vec<u32>) {
    const BUCKETS: usize = 1 << RADIX_BITS;
    const MASK: u64 = BUCKETS as u64 - 1;
    const SHIFTS: [u32; 3] = [
        RADIX_LOW_BIT,
        RADIX_LOW_BIT + RADIX_BITS,
        RADIX_LOW_BIT + 2 * RADIX_BITS,
    ];
    let len = pos.len();
    let mut hist = vec![[0u32; BUCKETS]; SHIFTS.len()];
    for &p in pos.iter() {
        for (h, shift) in hist.iter_mut().zip(SHIFTS) {
            h[((p >> shift) & MASK) as usize] += 1;
        }
    }
    let mut tmp_pos: Vec<u64> = Vec::new();
    let mut tmp_slots: Vec<u32> = Vec::new();
    for (h, shift) in hist.iter_mut().zip(SHIFTS) {
        if h.iter().any(|&c| c as usize == len) {
            continue; // every point has the same digit: this pass would not move anything
        }
        if tmp_pos.is_empty() {
            tmp_pos = vec![0; len];
            tmp_slots = vec![0; len];
        }
        let mut sum = 0u32;
        for c in h.iter_mut() {
            let count = *c;
            *c = sum;
            sum += count;
        }
        for (&p, &s) in pos.iter().zip(slots.iter()) {
            let d = ((p >> shift) & MASK) as usize;
            let k = h[d] as usize;
            tmp_pos[k] = p;
            tmp_slots[k] = s;
            h[d] += 1;
        }
        std::mem::swap(pos, &mut tmp_pos);
        std::mem::swap(slots, &mut tmp_slots);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{expected_tie_order, hasher, ids_in_order, tied, TIE_IDS};
    use super::super::Ring;
    use super::*;

    #[test]
    fn ties_ordered_by_id_bytes_in_one_flush() {
        let mut ring = Ring::with_position_fn(hasher(), tied);
        for (slot, id) in TIE_IDS.iter().enumerate() {
            ring.set_consumer(slot as u32, id, 3).unwrap();
        }
        assert_eq!(ids_in_order(&mut ring), expected_tie_order(3));
        // §5 on a tie: the first point with position >= h is the one with the smallest id.
        let slot_b_upper = 4;
        assert_eq!(ring.lookup_hash(0), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(1000), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(1001), Some(slot_b_upper));
        assert_eq!(ring.lookup_hash(3001), Some(slot_b_upper)); // wraps
        let mut reps = Vec::new();
        ring.replicas_hash(2000, 10, &mut reps);
        let ids: Vec<&[u8]> = reps.iter().map(|&s| ring.consumer_id(s).unwrap()).collect();
        assert_eq!(ids, [&b"B"[..], b"a", b"a\x00", b"ab", b"b", b"\xff"]);
    }

    #[test]
    fn ties_ordered_by_id_bytes_in_the_radix_path() {
        let points = 400; // 6 × 400 points: above RADIX_MIN
        assert!(TIE_IDS.len() * points as usize >= RADIX_MIN);
        let mut ring = Ring::with_position_fn(hasher(), tied);
        for (slot, id) in TIE_IDS.iter().enumerate().rev() {
            ring.set_consumer(slot as u32, id, points).unwrap();
        }
        assert_eq!(ids_in_order(&mut ring), expected_tie_order(points));
    }

    /// Sorts `(position, slot)` points both ways and compares.
    fn check_sort(pts: Vec<(u64, u32)>, consumers: &[Option<Consumer>]) {
        let mut want = pts.clone();
        want.sort_by(|a, b| cmp_points(consumers, a, b));
        let mut pos: Vec<u64> = pts.iter().map(|p| p.0).collect();
        let mut slots: Vec<u32> = pts.iter().map(|p| p.1).collect();
        sort_points(&mut pos, &mut slots, consumers);
        let got: Vec<(u64, u32)> = pos.into_iter().zip(slots).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn radix_sort_matches_comparison_sort() {
        let consumers: Vec<Option<Consumer>> = [&b"m"[..], b"a", b"zz", b"a\x00", b"\x80"]
            .iter()
            .map(|id| {
                Some(Consumer {
                    id: (*id).into(),
                    points: 1,
                })
            })
            .collect();
        let mut x = 0x1234_5678_9ABC_DEF0u64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len in [0usize, 1, 2, 100, RADIX_MIN - 1, RADIX_MIN, 5000, 40_000] {
            // Random positions.
            let pts: Vec<(u64, u32)> = (0..len).map(|_| (rnd(), (rnd() % 5) as u32)).collect();
            check_sort(pts, &consumers);
            // Small positions: every radix digit is 0, the low bits decide.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| (rnd() >> 40, (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
            // Shared top bits, many exact ties between slots.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| ((0xABCD << 48) | (rnd() % 64), (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
            // Few distinct values in the top bits only.
            let pts: Vec<(u64, u32)> = (0..len)
                .map(|_| ((rnd() % 3) << 62 | (rnd() & 0xFF), (rnd() % 5) as u32))
                .collect();
            check_sort(pts, &consumers);
        }
    }

    #[test]
    fn ties_within_one_consumer_and_duplicate_ids() {
        fn constant(_id: &[u8], _i: u32) -> u64 {
            42
        }
        let mut ring = Ring::with_position_fn(hasher(), constant);
        ring.set_consumer(7, b"same", 4).unwrap();
        ring.set_consumer(3, b"same", 2).unwrap(); // misuse: duplicate id, ordered by slot
        ring.set_consumer(5, b"other", 1).unwrap();
        let (_, slots) = ring.points();
        assert_eq!(slots, [5, 3, 3, 7, 7, 7, 7]);
        assert_eq!(ring.lookup_hash(43), Some(5));
        let mut reps = Vec::new();
        ring.replicas_hash(0, 5, &mut reps);
        assert_eq!(reps, [5, 3, 7]);
    }
}
