//! What one lookup costs when nothing overlaps it: the floor of a single call.
//!
//! ```text
//! cargo run --release --manifest-path crates/Cargo.toml -p chash_core --example lookup_latency
//! ```
//!
//! raw_bench's `lookup` loop hashes and searches independent keys one after another, so the CPU
//! runs several iterations at once and their cache misses overlap. A program that asks for one
//! owner per request (every `getConsumer` call from JavaScript, with hundreds of instructions of
//! binding between two lookups) gets no such overlap. This example times the same keys and rings
//! twice: independent iterations as raw_bench does, and a chain in which each key's address
//! depends on the previous lookup's result, so each lookup waits for the one before it.
//!
//! Keys and rings as raw_bench (1,000,000 keys of 22 bytes, `"node-{i}"`, 160 points per
//! consumer, XXH3 seed 0); prints the best of 7 rounds in ns per lookup.

use std::hint::black_box;
use std::time::Instant;

use chash_core::{points_for, HashKind, KeyHasher, Ring};

const KEY_SET: usize = 1_000_000;
const KEY_LEN: usize = 22;
const ROUNDS: usize = 7;

fn main() {
    let mut keys = Vec::with_capacity(KEY_SET * KEY_LEN);
    for k in 0..KEY_SET {
        keys.extend_from_slice(format!("{k:0>KEY_LEN$}").as_bytes());
    }
    let points = points_for(1.0, 160).expect("valid weight");
    for consumers in [10u32, 100, 1000] {
        let mut ring = Ring::new(KeyHasher::new(HashKind::Xxh3, 0));
        for slot in 0..consumers {
            ring.set_consumer(slot, format!("node-{slot}").as_bytes(), points)
                .expect("valid consumer");
        }
        ring.flush();
        let (mut independent, mut chained) = (f64::MAX, f64::MAX);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            let mut acc = 0u32;
            for key in keys.chunks_exact(KEY_LEN) {
                acc ^= ring.lookup(black_box(key)).unwrap_or(0);
            }
            black_box(acc);
            independent = independent.min(per_key(start));

            let start = Instant::now();
            let mut previous = 0u32;
            for k in 0..KEY_SET {
                // Slots are below 2^31, so this adds 0; the compiler cannot know it, and the
                // CPU cannot start this key's hash before the previous lookup has returned.
                let at = (k + (previous & 0x8000_0000) as usize) * KEY_LEN;
                previous = ring.lookup(black_box(&keys[at..at + KEY_LEN])).unwrap_or(0);
            }
            black_box(previous);
            chained = chained.min(per_key(start));
        }
        println!(
            "{consumers} consumers, {KEY_LEN}-byte keys: independent {independent:.1} ns, chained {chained:.1} ns"
        );
    }
}

/// Nanoseconds per key since `start`.
fn per_key(start: Instant) -> f64 {
    start.elapsed().as_nanos() as f64 / KEY_SET as f64
}
