//! `fixtures/ring.json`: ring placement against the independent Python reference of
//! docs/placement.md (fixtures/generators/ring_reference.py).

mod common;

use chash_core::{points_for, KeyHasher, Ring, NO_SLOT};
use common::{dec_u64, hash_kind, hex_u64, load_fixture};
use serde_json::Value;

struct Scenario {
    name: String,
    hasher: KeyHasher,
    vnodes: u32,
    /// (id, weight)
    consumers: Vec<(String, f64)>,
    lookups: Vec<Value>,
    points: Vec<Value>,
    point_count: u64,
}

fn scenarios() -> Vec<Scenario> {
    let fx = load_fixture("ring.json");
    let list = fx["scenarios"].as_array().expect("scenarios");
    assert!(!list.is_empty());
    list.iter()
        .map(|s| Scenario {
            name: s["name"].as_str().expect("name").to_owned(),
            hasher: KeyHasher::new(hash_kind(&s["hash"]), dec_u64(&s["seed"])),
            vnodes: s["vnodes"].as_u64().expect("vnodes") as u32,
            consumers: s["consumers"]
                .as_array()
                .expect("consumers")
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().expect("id").to_owned(),
                        c["weight"].as_f64().expect("weight"),
                    )
                })
                .collect(),
            lookups: s["lookups"].as_array().expect("lookups").clone(),
            points: s["points"].as_array().cloned().unwrap_or_default(),
            point_count: s["point_count"].as_u64().expect("point_count"),
        })
        .collect()
}

/// Fixture keys are strings; a number key would be its decimal form (§1).
fn key_bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Number(n) => n.to_string().into_bytes(),
        other => panic!("unexpected key {other}"),
    }
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("id list")
        .iter()
        .map(|x| x.as_str().expect("id").to_owned())
        .collect()
}

/// Builds the scenario's ring with the consumers in `slots[i]`, inserted in `order`.
fn build(sc: &Scenario, slots: &[u32], order: &[usize], flush_every: usize) -> Ring {
    let mut ring = Ring::new(sc.hasher);
    for (n, &i) in order.iter().enumerate() {
        let (id, weight) = &sc.consumers[i];
        let points = points_for(*weight, sc.vnodes).expect("valid weight");
        ring.set_consumer(slots[i], id.as_bytes(), points).unwrap();
        if flush_every > 0 && n % flush_every == 0 {
            ring.flush();
        }
    }
    ring
}

fn slot_id(sc: &Scenario, slots: &[u32], slot: u32) -> String {
    let i = slots.iter().position(|&s| s == slot).expect("known slot");
    sc.consumers[i].0.clone()
}

fn check(sc: &Scenario, ring: &mut Ring, slots: &[u32], how: &str) {
    let name = format!("{} ({how})", sc.name);
    assert_eq!(
        u64::from(ring.point_count()),
        sc.point_count,
        "{name}: point_count"
    );
    assert_eq!(ring.consumer_count() as usize, sc.consumers.len(), "{name}");

    // The first points in ring order.
    let hasher = sc.hasher;
    let (positions, point_slots) = ring.points();
    assert_eq!(positions.len() as u64, sc.point_count, "{name}: points");
    for (k, p) in sc.points.iter().enumerate() {
        let pos = hex_u64(&p["position"]);
        let id = p["id"].as_str().expect("id");
        let index = p["index"].as_u64().expect("index") as u32;
        assert_eq!(positions[k], pos, "{name}: point {k} position");
        assert_eq!(
            slot_id(sc, slots, point_slots[k]),
            id,
            "{name}: point {k} id"
        );
        assert_eq!(
            hasher.point_position(id.as_bytes(), index),
            pos,
            "{name}: point {k} P(id, index)"
        );
    }
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{name}: sorted");

    let mut reps = Vec::new();
    let mut keybuf = Vec::new();
    let mut offsets = vec![0u32];
    let mut owners = Vec::new();
    for l in &sc.lookups {
        let key = key_bytes(&l["key"]);
        let owner = l["owner"].as_str().map(str::to_owned);
        let got = ring.lookup(&key).map(|s| slot_id(sc, slots, s));
        assert_eq!(got, owner, "{name}: owner of {:?}", l["key"]);
        assert_eq!(
            ring.lookup_hash(hasher.hash(&key)),
            ring.lookup(&key),
            "{name}"
        );

        ring.replicas(&key, 3, &mut reps);
        let got: Vec<String> = reps.iter().map(|&s| slot_id(sc, slots, s)).collect();
        assert_eq!(
            got,
            ids(&l["replicas3"]),
            "{name}: replicas3 of {:?}",
            l["key"]
        );
        if let Some(r10) = l.get("replicas10") {
            ring.replicas(&key, 10, &mut reps);
            let got: Vec<String> = reps.iter().map(|&s| slot_id(sc, slots, s)).collect();
            assert_eq!(got, ids(r10), "{name}: replicas10 of {:?}", l["key"]);
        }

        keybuf.extend_from_slice(&key);
        offsets.push(keybuf.len() as u32);
        owners.push(ring.lookup(&key).unwrap_or(NO_SLOT));
    }
    let mut out = vec![0u32; owners.len()];
    ring.lookup_many(&keybuf, &offsets, &mut out).unwrap();
    assert_eq!(out, owners, "{name}: lookup_many");
}

#[test]
fn ring_fixture_dense_slots() {
    for sc in scenarios() {
        let n = sc.consumers.len();
        let slots: Vec<u32> = (0..n as u32).collect();
        let order: Vec<usize> = (0..n).collect();
        let mut ring = build(&sc, &slots, &order, 0);
        check(&sc, &mut ring, &slots, "dense slots, in order");
    }
}

/// §8: slot numbers, insertion order and flush timing never change a result.
#[test]
fn ring_fixture_other_slots_order_and_flushes() {
    for sc in scenarios() {
        let n = sc.consumers.len();
        let slots: Vec<u32> = (0..n as u32).map(|i| 1000 - 7 * i).collect();
        let order: Vec<usize> = (0..n).rev().collect();
        let mut ring = build(&sc, &slots, &order, 2);
        check(
            &sc,
            &mut ring,
            &slots,
            "sparse slots, reverse order, flush every 2",
        );
    }
}

/// Replacing consumers (other ids first, then the right ones) and removing extras ends in the
/// same placement.
#[test]
fn ring_fixture_after_churn() {
    for sc in scenarios() {
        let n = sc.consumers.len();
        let slots: Vec<u32> = (0..n as u32).map(|i| 2 * i).collect();
        let mut ring = Ring::new(sc.hasher);
        for (i, &slot) in slots.iter().enumerate() {
            ring.set_consumer(slot, format!("decoy-{i}").as_bytes(), 17)
                .unwrap();
            ring.set_consumer(slot + 1, format!("extra-{i}").as_bytes(), 5)
                .unwrap();
        }
        let _ = ring.lookup(b"flush");
        for (i, (id, weight)) in sc.consumers.iter().enumerate() {
            let points = points_for(*weight, sc.vnodes).unwrap();
            ring.set_consumer(slots[i], id.as_bytes(), points).unwrap();
            if i % 2 == 0 {
                let _ = ring.lookup(b"flush");
            }
            assert!(ring.remove_consumer(slots[i] + 1));
        }
        check(&sc, &mut ring, &slots, "after churn");
    }
}
