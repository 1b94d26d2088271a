//! `fixtures/xxhash.json`: XXH3 / XXH64, seed 0 and seeded, against Debian's xxhsum/libxxhash.

mod common;

use chash_core::{HashKind, KeyHasher};
use common::{hex_u64, load_fixture};

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| ((i * 31 + 7) % 256) as u8).collect()
}

#[test]
fn xxhash_fixture() {
    let fx = load_fixture("xxhash.json");
    let seed = hex_u64(&fx["seed"]);
    let cases = fx["cases"].as_array().expect("cases");
    assert!(cases.len() > 10, "suspiciously few cases");
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let len = case["len"].as_u64().expect("len") as usize;
        let input = match case.get("text") {
            Some(t) => t.as_str().expect("text").as_bytes().to_vec(),
            None => pattern(len),
        };
        assert_eq!(input.len(), len, "{name}: len");
        let checks = [
            ("xxh3", HashKind::Xxh3, 0),
            ("xxh3_seeded", HashKind::Xxh3, seed),
            ("xxh64", HashKind::Xxh64, 0),
            ("xxh64_seeded", HashKind::Xxh64, seed),
        ];
        for (field, kind, s) in checks {
            let want = hex_u64(&case[field]);
            let got = KeyHasher::new(kind, s).hash(&input);
            assert_eq!(
                got, want,
                "{name} {field}: got {got:016x}, want {want:016x}"
            );
        }
    }
}
