//! `chash_core::ketama` against fixtures/ketama.json (npm hashring, libketama, Debian's
//! libmemcached) and fixtures/ketama-published.json (node-hashring's published placements).

mod common;

use chash_core::ketama::{ketama_hash, Compat, Ketama};
use common::load_fixture;
use serde_json::Value;

fn compat(name: &str) -> Compat {
    let code = ["hashring", "hash_ring", "libketama", "libmemcached"]
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("unknown compat {name}"));
    Compat::from_code(code as u32).unwrap()
}

/// The continuum of a scenario or set, servers in slots 0, 1, … in order; and their names.
fn build(spec: &Value) -> (Ketama, Vec<String>) {
    let port = spec["defaultPort"].as_u64().unwrap_or(0) as u32;
    let vnodes = spec["vnodes"].as_u64().unwrap_or(40) as u32;
    let mode = spec["compat"].as_str().unwrap_or("libmemcached");
    let mut ring = Ketama::new(compat(mode), vnodes, port).unwrap();
    let mut names = Vec::new();
    for (slot, server) in spec["servers"].as_array().unwrap().iter().enumerate() {
        let name = server["server"].as_str().unwrap();
        let weight = server["weight"].as_f64().unwrap();
        ring.set_server(slot as u32, name.as_bytes(), weight)
            .unwrap();
        names.push(name.to_string());
    }
    (ring, names)
}

#[test]
fn every_scenario_places_every_key_as_its_reference() {
    let fixture = load_fixture("ketama.json");
    let scenarios = fixture["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 16);
    for scenario in scenarios {
        let name = scenario["name"].as_str().unwrap();
        let (mut ring, names) = build(scenario);
        if let Some(count) = scenario["point_count"].as_u64() {
            assert_eq!(ring.point_count() as u64, count, "{name}: point count");
        }
        let lookups = scenario["lookups"].as_array().unwrap();
        assert!(lookups.len() > 300, "{name}");
        for lookup in lookups {
            let key = lookup["key"].as_str().unwrap();
            assert_eq!(
                u64::from(ketama_hash(key.as_bytes())),
                lookup["hash"].as_u64().unwrap()
            );
            let owner = ring.lookup(key.as_bytes());
            assert_eq!(
                names[owner as usize],
                lookup["owner"].as_str().unwrap(),
                "{name}: key {key:?}"
            );
            if let Some(expected) = lookup["replicas3"].as_array() {
                let mut out = [0u32; 3];
                let found = ring.replicas(key.as_bytes(), &mut out);
                let got: Vec<&str> = out[..found]
                    .iter()
                    .map(|&s| names[s as usize].as_str())
                    .collect();
                let want: Vec<&str> = expected.iter().map(|v| v.as_str().unwrap()).collect();
                assert_eq!(got, want, "{name}: replicas of {key:?}");
            }
        }
    }
}

#[test]
fn node_hashring_published_placements() {
    let fixture = load_fixture("ketama-published.json");
    for set in fixture["sets"].as_array().unwrap() {
        let name = set["name"].as_str().unwrap();
        let (mut ring, _) = build(set);
        let owners = set["owners"].as_str().unwrap().as_bytes();
        assert_eq!(owners.len(), 100_000, "{name}");
        for (i, &owner) in owners.iter().enumerate() {
            let key = i.to_string();
            assert_eq!(
                ring.lookup(key.as_bytes()),
                u32::from(owner - b'0'),
                "{name}: key {key}"
            );
        }
    }
}

#[test]
fn libmemcached_ketama_test_cases() {
    let fixture = load_fixture("ketama-published.json");
    let spec = &fixture["libmemcached"];
    let (mut ring, names) = build(spec);
    let cases = spec["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 99);
    for case in cases {
        let key = case["key"].as_str().unwrap();
        assert_eq!(
            u64::from(ketama_hash(key.as_bytes())),
            case["hash"].as_u64().unwrap()
        );
        let owner = &names[ring.lookup(key.as_bytes()) as usize];
        let host = owner.split(':').next().unwrap();
        assert_eq!(host, case["host"].as_str().unwrap(), "key {key:?}");
        let point = ring
            .points()
            .find(|&(p, _)| p >= ketama_hash(key.as_bytes()));
        let point = point.map_or_else(|| ring.points().next().unwrap().0, |(p, _)| p);
        assert_eq!(
            u64::from(point),
            case["point"].as_u64().unwrap(),
            "key {key:?}"
        );
    }
}
