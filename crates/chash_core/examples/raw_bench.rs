//! Raw speed of `chash_core`, without any binding layer.
//!
//! ```text
//! cargo run --release --manifest-path crates/Cargo.toml -p chash_core --example raw_bench [-- --quick]
//! ```
//!
//! Operations: `build` (set N consumers + flush, per ring), `replace_one` (replace one consumer
//! by another id + flush), `hash_xxh3` / `hash_xxh64` (the key hash alone), `lookup`,
//! `replicas3` (`replicas(key, 3)`), `lookup_many` (batches of 16,384 keys, per key), `jump` and
//! `jump_many` (buckets = N, per key); `ketama_hash` (md5 of the key, the ketama key hash) and
//! `ketama_lookup` (a ketama continuum in `hashring` mode of N servers `"node-0"` …, 40 vnodes:
//! 160 points a server).
//!
//! Prints one JSON document to stdout. Every figure is the median (`ns_per_op` / `ns_per_key`) and
//! the minimum (`min_…`) over several timed rounds, after one warm-up round, of nanoseconds per
//! operation (per key for batch operations). `--quick` runs 3 rounds instead of 11, still over all
//! 1,000,000 keys: the JavaScript contenders cycle through all of them, and a smaller set would sit
//! in the CPU cache for Rust alone.
//!
//! `--headline-lookup` times only `lookup` at 1,000 consumers and 22-byte keys, the divisor of the
//! single-call targets, in about a second: the benchmark runs it in each of its rounds, next to the
//! contenders it is compared with, so that a ratio to raw Rust compares figures timed seconds apart.
//!
//! Rings: N consumers with ids `"node-0"` … `"node-{N-1}"`, weight 1, vnodes 160, XXH3 seed 0.
//! Keys: key `k` of length `L` is the decimal `k` left-padded with `'0'` to `L` characters, for
//! `k` in `0 .. 1,000,000`, visited in order (the JS benchmarks use the same rule).

use std::hint::black_box;
use std::time::Instant;

use chash_core::ketama::{ketama_hash, Compat, Ketama};
use chash_core::{jump_hash, jump_hash_many, points_for, HashKind, KeyHasher, Ring};

const KEY_SET: usize = 1_000_000;
const BATCH: usize = 16_384;
const VNODES: u32 = 160;
const CONSUMERS: [u32; 3] = [10, 100, 1000];
const KEY_LENS: [usize; 3] = [8, 22, 100];

struct Config {
    rounds: usize,
    /// Keys visited per round (the first `ops` keys of the set).
    ops: usize,
}

impl Config {
    /// 11 rounds, or 3 with `--quick`, each over the whole key set.
    fn new(quick: bool) -> Self {
        Config {
            rounds: if quick { 3 } else { 11 },
            ops: KEY_SET,
        }
    }
}

/// Median and minimum over rounds, in nanoseconds per operation.
#[derive(Clone, Copy)]
struct Stat {
    median: f64,
    min: f64,
}

/// Runs `f` once to warm up, then `rounds` times; returns the median and minimum of
/// `elapsed / per_round` in nanoseconds.
fn measure(cfg: &Config, per_round: usize, mut f: impl FnMut()) -> Stat {
    f();
    let mut samples: Vec<f64> = (0..cfg.rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos() as f64 / per_round as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    let median = if samples.len() % 2 == 1 {
        samples[mid]
    } else {
        (samples[mid - 1] + samples[mid]) / 2.0
    };
    Stat {
        median,
        min: samples[0],
    }
}

/// The key set for length `len`: `KEY_SET` keys of exactly `len` bytes, back to back.
fn make_keys(len: usize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(KEY_SET * len);
    for k in 0..KEY_SET {
        let s = format!("{k:0>len$}");
        assert_eq!(s.len(), len, "key {k} does not fit in {len} characters");
        buf.extend_from_slice(s.as_bytes());
    }
    buf
}

/// Consumer ids `"node-0"` … `"node-{n-1}"`.
fn consumer_ids(n: u32) -> Vec<Vec<u8>> {
    (0..n).map(|i| format!("node-{i}").into_bytes()).collect()
}

/// Times `ring.lookup` of each key of `keys` (back to back, `len` bytes each).
fn time_lookup(cfg: &Config, ring: &mut Ring, keys: &[u8], len: usize) -> Stat {
    measure(cfg, cfg.ops, || {
        let mut acc = 0u32;
        for key in keys.chunks_exact(len) {
            acc ^= ring.lookup(black_box(key)).unwrap_or(0);
        }
        black_box(acc);
    })
}

fn build_ring(ids: &[Vec<u8>], points: u32) -> Ring {
    let mut ring = Ring::new(KeyHasher::new(HashKind::Xxh3, 0));
    for (slot, id) in ids.iter().enumerate() {
        ring.set_consumer(slot as u32, id, points)
            .expect("valid consumer");
    }
    ring.flush();
    ring
}

struct Row {
    op: &'static str,
    consumers: Option<u32>,
    key_len: Option<usize>,
    ns: Stat,
}

/// The ring size and key length of `--headline-lookup`.
const HEADLINE: (u32, usize) = (1000, 22);

fn main() {
    let has_flag = |flag: &str| std::env::args().skip(1).any(|a| a == flag);
    let quick = has_flag("--quick");
    if has_flag("--headline-lookup") {
        headline_lookup(quick);
        return;
    }
    let cfg = Config::new(quick);
    let points = points_for(1.0, VNODES).expect("valid weight");
    let mut rows: Vec<Row> = Vec::new();
    let row = |op, consumers, key_len, ns| Row {
        op,
        consumers,
        key_len,
        ns,
    };

    // Build: set all consumers + flush.
    for &n in &CONSUMERS {
        let ids = consumer_ids(n);
        let total_points = (n * points) as usize;
        let iters = (if quick { 400_000 } else { 2_000_000 } / total_points).max(3);
        let ns = measure(&cfg, iters, || {
            for _ in 0..iters {
                black_box(build_ring(black_box(&ids), points));
            }
        });
        rows.push(row("build", Some(n), None, ns));

        // One change between lookups: replace consumer 0 by a new id, then flush.
        let mut ring = build_ring(&ids, points);
        let alt = [b"node-0".to_vec(), b"node-0-replacement".to_vec()];
        let iters = 200;
        let mut flip = 0;
        let ns = measure(&cfg, iters, || {
            for _ in 0..iters {
                flip ^= 1;
                ring.set_consumer(0, &alt[flip], points)
                    .expect("valid consumer");
                ring.flush();
            }
        });
        rows.push(row("replace_one", Some(n), None, ns));
    }

    // Memory for N = 1000.
    let ids = consumer_ids(1000);
    let ring = build_ring(&ids, points);
    let memory = ring.memory_bytes();
    let mem_points = ring.point_count();

    let hasher = KeyHasher::new(HashKind::Xxh3, 0);
    let mut out = vec![0u32; BATCH];
    let mut reps: Vec<u32> = Vec::with_capacity(16);
    for &len in &KEY_LENS {
        let keys = make_keys(len);
        let keys = &keys[..cfg.ops * len];
        let offsets: Vec<u32> = (0..=BATCH).map(|i| (i * len) as u32).collect();

        for (op, kind) in [
            ("hash_xxh3", HashKind::Xxh3),
            ("hash_xxh64", HashKind::Xxh64),
        ] {
            let h = KeyHasher::new(kind, 0);
            let ns = measure(&cfg, cfg.ops, || {
                let mut acc = 0u64;
                for key in keys.chunks_exact(len) {
                    acc ^= h.hash(black_box(key));
                }
                black_box(acc);
            });
            rows.push(row(op, None, Some(len), ns));
        }

        let ns = measure(&cfg, cfg.ops, || {
            let mut acc = 0u32;
            for key in keys.chunks_exact(len) {
                acc ^= ketama_hash(black_box(key));
            }
            black_box(acc);
        });
        rows.push(row("ketama_hash", None, Some(len), ns));

        for &n in &CONSUMERS {
            let ids = consumer_ids(n);
            let mut ring = build_ring(&ids, points);

            let mut ketama = Ketama::new(Compat::Hashring, 40, 0).expect("valid options");
            for (slot, id) in ids.iter().enumerate() {
                ketama
                    .set_server(slot as u32, id, 1.0)
                    .expect("valid server");
            }
            let ns = measure(&cfg, cfg.ops, || {
                let mut acc = 0u32;
                for key in keys.chunks_exact(len) {
                    acc ^= ketama.lookup(black_box(key));
                }
                black_box(acc);
            });
            rows.push(row("ketama_lookup", Some(n), Some(len), ns));

            let ns = time_lookup(&cfg, &mut ring, keys, len);
            rows.push(row("lookup", Some(n), Some(len), ns));

            let ns = measure(&cfg, cfg.ops, || {
                let mut acc = 0u32;
                for key in keys.chunks_exact(len) {
                    ring.replicas(black_box(key), 3, &mut reps);
                    acc ^= reps[reps.len() - 1];
                }
                black_box(acc);
            });
            rows.push(row("replicas3", Some(n), Some(len), ns));

            let ns = measure(&cfg, cfg.ops, || {
                for batch in keys.chunks(BATCH * len) {
                    let k = batch.len() / len;
                    ring.lookup_many(batch, &offsets[..=k], &mut out[..k])
                        .expect("valid batch");
                    black_box(&out);
                }
            });
            rows.push(row("lookup_many", Some(n), Some(len), ns));
        }
    }

    // Jump hash: 64-bit keys (XXH3 of key k of length 22), buckets = N.
    let jump_keys: Vec<u64> = {
        let keys = make_keys(22);
        keys.chunks_exact(22)
            .take(cfg.ops)
            .map(|k| hasher.hash(k))
            .collect()
    };
    let mut jout = vec![0u32; BATCH];
    for &n in &CONSUMERS {
        let ns = measure(&cfg, cfg.ops, || {
            let mut acc = 0u32;
            for &k in &jump_keys {
                acc ^= jump_hash(black_box(k), n).expect("valid buckets");
            }
            black_box(acc);
        });
        rows.push(row("jump", Some(n), None, ns));
        let ns = measure(&cfg, cfg.ops, || {
            for batch in jump_keys.chunks(BATCH) {
                jump_hash_many(batch, n, &mut jout[..batch.len()]).expect("valid buckets");
                black_box(&jout);
            }
        });
        rows.push(row("jump_many", Some(n), None, ns));
    }

    print_document(quick, &cfg, (mem_points, memory), &rows);
}

/// `--headline-lookup`: `lookup` alone at [`HEADLINE`]'s size, 11 rounds (3 with `--quick`).
fn headline_lookup(quick: bool) {
    let cfg = Config::new(quick);
    let (n, len) = HEADLINE;
    let points = points_for(1.0, VNODES).expect("valid weight");
    let ids = consumer_ids(n);
    let mut ring = build_ring(&ids, points);
    let memory = (ring.point_count(), ring.memory_bytes());
    let ns = time_lookup(&cfg, &mut ring, &make_keys(len), len);
    let rows = [Row {
        op: "lookup",
        consumers: Some(n),
        key_len: Some(len),
        ns,
    }];
    print_document(quick, &cfg, memory, &rows);
}

/// Prints the JSON document (schema `chash-raw-bench/1`) of `rows`; `memory` is the point count
/// and bytes of a ring of 1,000 consumers.
fn print_document(quick: bool, cfg: &Config, memory: (u32, usize), rows: &[Row]) {
    let (mem_points, memory) = memory;
    let mut s = String::new();
    s.push_str("{\n");
    s.push_str("  \"schema\": \"chash-raw-bench/1\",\n");
    s.push_str(&format!(
        "  \"mode\": \"{}\",\n  \"rounds\": {},\n  \"keys_per_round\": {},\n  \"key_set\": {KEY_SET},\n  \"batch\": {BATCH},\n  \"vnodes\": {VNODES},\n  \"hash\": \"xxh3\",\n  \"arch\": \"{}\",\n",
        if quick { "quick" } else { "full" },
        cfg.rounds,
        cfg.ops,
        std::env::consts::ARCH,
    ));
    s.push_str(&format!(
        "  \"memory\": {{ \"consumers\": 1000, \"points\": {mem_points}, \"bytes\": {memory}, \"bytes_per_point\": {:.3} }},\n",
        memory as f64 / mem_points as f64
    ));
    s.push_str("  \"results\": [\n");
    for (i, r) in rows.iter().enumerate() {
        let mut fields = vec![format!("\"op\": \"{}\"", r.op)];
        if let Some(n) = r.consumers {
            fields.push(format!("\"consumers\": {n}"));
        }
        if let Some(l) = r.key_len {
            fields.push(format!("\"key_len\": {l}"));
        }
        let unit = if r.op.ends_with("_many") {
            "ns_per_key"
        } else {
            "ns_per_op"
        };
        fields.push(format!("\"{unit}\": {:.2}", r.ns.median));
        fields.push(format!("\"min_{unit}\": {:.2}", r.ns.min));
        let comma = if i + 1 < rows.len() { "," } else { "" };
        s.push_str(&format!("    {{ {} }}{comma}\n", fields.join(", ")));
    }
    s.push_str("  ]\n}\n");
    print!("{s}");
}
