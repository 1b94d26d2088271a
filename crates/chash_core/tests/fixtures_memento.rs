//! `fixtures/memento.json`: MementoHash against the authors' C++ `MementoEngine` (g++, libxxhash).

mod common;

use chash_core::{HashKind, KeyHasher, Memento};
use common::{dec_u64, hash_kind, load_fixture};

#[test]
fn memento_fixture_scenarios() {
    let fx = load_fixture("memento.json");
    let hasher = KeyHasher::new(hash_kind(&fx["hash"]), dec_u64(&fx["seed"]));
    assert_eq!(
        hasher,
        KeyHasher::new(HashKind::Xxh64, 0),
        "the reference's hash"
    );
    let extra: Vec<&str> = fx["extra_keys"]
        .as_array()
        .expect("extra_keys")
        .iter()
        .map(|k| k.as_str().expect("key"))
        .collect();
    let scenarios = fx["scenarios"].as_array().expect("scenarios");
    assert_eq!(scenarios.len(), 8);
    let mut checked = 0;
    for sc in scenarios {
        let name = sc["name"].as_str().expect("name");
        let key_count = sc["key_count"].as_u64().expect("key_count");
        let keys: Vec<Vec<u8>> = (0..key_count)
            .map(|i| format!("key-{i}").into_bytes())
            .chain(extra.iter().map(|k| k.as_bytes().to_vec()))
            .collect();
        let (mut buf, mut offsets) = (Vec::new(), vec![0u32]);
        for k in &keys {
            buf.extend_from_slice(k);
            offsets.push(buf.len() as u32);
        }
        let mut m = Memento::new(hasher, sc["buckets"].as_u64().expect("buckets") as u32).unwrap();
        for (i, step) in sc["steps"].as_array().expect("steps").iter().enumerate() {
            if let Some(b) = step.get("remove") {
                m.remove_bucket(b.as_u64().unwrap() as u32).unwrap();
            } else if let Some(b) = step.get("add") {
                assert_eq!(
                    m.add_bucket(),
                    Ok(b.as_u64().unwrap() as u32),
                    "{name} step {i}"
                );
            } else {
                let want: Vec<u32> = step["check"]
                    .as_str()
                    .expect("check")
                    .split(' ')
                    .map(|b| b.parse().unwrap())
                    .collect();
                assert_eq!(want.len(), keys.len(), "{name} step {i}");
                for (k, w) in keys.iter().zip(&want) {
                    assert_eq!(
                        m.get_bucket(k),
                        *w,
                        "{name} step {i} key {:?}",
                        String::from_utf8_lossy(k)
                    );
                }
                let mut out = vec![0u32; keys.len()];
                m.get_bucket_many(&buf, &offsets, &mut out).unwrap();
                assert_eq!(out, want, "{name} step {i} batch");
                checked += want.len();
                continue;
            }
            assert_eq!(
                u64::from(m.size()),
                step["size"].as_u64().unwrap(),
                "{name} step {i} size"
            );
        }
        // Rebuilding from the removal order (what a snapshot holds) gives the same state.
        let mut again = Memento::new(hasher, m.b_array_size()).unwrap();
        for b in m.removed() {
            again.remove_bucket(b).unwrap();
        }
        assert_eq!((again.size(), again.removed()), (m.size(), m.removed()));
        for k in &keys {
            assert_eq!(again.get_bucket(k), m.get_bucket(k), "{name} rebuilt");
        }
    }
    assert_eq!(checked, 29_960);
}
