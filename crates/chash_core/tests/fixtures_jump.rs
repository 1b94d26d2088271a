//! `fixtures/jump.json`: jump hash against the paper's C++ compiled with g++.

mod common;

use chash_core::{jump_hash, jump_hash_many, jump_key, jump_keys_many, HashKind, KeyHasher};
use common::{dec_u64, hex_u64, load_fixture};

#[test]
fn jump_fixture_cases() {
    let fx = load_fixture("jump.json");
    let cases = fx["cases"].as_array().expect("cases");
    assert!(!cases.is_empty());
    for case in cases {
        let key = dec_u64(&case["key"]);
        let buckets = case["buckets"].as_u64().expect("buckets") as u32;
        let want = case["bucket"].as_u64().expect("bucket") as u32;
        assert_eq!(
            jump_hash(key, buckets),
            Ok(want),
            "key {key} buckets {buckets}"
        );
        let mut out = [0u32; 1];
        jump_hash_many(&[key], buckets, &mut out).unwrap();
        assert_eq!(out[0], want, "batch: key {key} buckets {buckets}");
    }
}

#[test]
fn jump_fixture_batches_by_bucket_count() {
    let fx = load_fixture("jump.json");
    let cases = fx["cases"].as_array().expect("cases");
    let mut by_buckets: std::collections::BTreeMap<u32, (Vec<u64>, Vec<u32>)> = Default::default();
    for case in cases {
        let e = by_buckets
            .entry(case["buckets"].as_u64().unwrap() as u32)
            .or_default();
        e.0.push(dec_u64(&case["key"]));
        e.1.push(case["bucket"].as_u64().unwrap() as u32);
    }
    for (buckets, (keys, want)) in by_buckets {
        let mut out = vec![u32::MAX; keys.len()];
        jump_hash_many(&keys, buckets, &mut out).unwrap();
        assert_eq!(out, want, "buckets {buckets}");
    }
}

#[test]
fn jump_fixture_string_cases() {
    let fx = load_fixture("jump.json");
    let cases = fx["string_cases"].as_array().expect("string_cases");
    let hasher = KeyHasher::new(HashKind::Xxh3, 0);
    for case in cases {
        let text = case["text"].as_str().expect("text");
        let h = hasher.hash(text.as_bytes());
        assert_eq!(h, hex_u64(&case["xxh3"]), "xxh3 of {text:?}");
        let buckets = case["buckets"].as_u64().expect("buckets") as u32;
        let want = case["bucket"].as_u64().expect("bucket") as u32;
        assert_eq!(jump_hash(h, buckets), Ok(want), "{text:?} into {buckets}");
        assert_eq!(
            jump_key(text.as_bytes(), buckets),
            Ok(want),
            "{text:?} as bytes"
        );
        let (bytes, offsets) = (text.as_bytes(), [0, text.len() as u32]);
        let mut out = [u32::MAX];
        jump_keys_many(bytes, &offsets, buckets, &mut out).unwrap();
        assert_eq!(out, [want], "{text:?} in a batch");
    }
}
