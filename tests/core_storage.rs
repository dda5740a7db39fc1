//! The stored state stays small and trustworthy: bounded no matter how long the visitor
//! browses, versioned, and refused (never half-read) when it is corrupt.

mod support;

use leadscore::core::ledger::{Corrupt, Ledger};
use leadscore::core::Value;
use serde_json::json;
use support::{engine, event, value, written};

/// The JSON text the browser would store for `v`.
fn json_text(v: &Value) -> String {
    support::json_of(v).to_string()
}

#[test]
fn the_stored_state_stays_under_4_kb_after_10_000_events() {
    let rules: Vec<serde_json::Value> = (0..20)
        .map(|i| json!({ "id": format!("rule-{i}"), "on": format!("event-{}", i % 5), "points": 3, "limit": 1000, "halfLifeDays": 30 }))
        .chain([json!({ "id": "pages", "on": "page_view", "points": 1, "limit": 100000 })])
        .collect();
    let mut engine = engine(json!({ "rules": rules }));
    let mut sizes = Vec::new();
    for i in 0..10_000u32 {
        let at = f64::from(i) * 61_000.0;
        let e = if i % 3 == 0 {
            event(
                "page_view",
                json!({ "path": "/a", "query": "?utm_source=newsletter&utm_campaign=spring" }),
            )
        } else {
            event(&format!("event-{}", i % 5), json!({}))
        };
        engine.handle(&e.view(), at);
        if i == 100 || i == 9_999 {
            sizes.push(
                json_text(&written(|w| {
                    engine.ledger().write(&engine.config().rules, w)
                }))
                .len(),
            );
        }
    }
    eprintln!("stored state after 100 and 10,000 events: {sizes:?} bytes");
    assert!(sizes[1] < 4096, "{} bytes after 10,000 events", sizes[1]);
    assert!(
        sizes[1] <= sizes[0] + 200,
        "it does not grow with events: {sizes:?}"
    );
}

#[test]
fn a_corrupt_or_foreign_entry_is_refused_whole() {
    let rules = support::config(json!({ "rules": [{ "id": "a", "on": "x", "points": 1 }] })).rules;
    let cases = [
        json!("not an object"),
        json!({ "v": 2, "rules": {} }),
        json!({ "v": 1, "rules": { "a": [1, 1, 0] }, "visit": "yesterday" }),
        json!({ "v": 1, "rules": { "a": [1, 1, 0] }, "utm": { "utm_source": 5 } }),
        json!({ "v": 1, "rules": { "a": [1, 2, 0] } }),
        json!({ "v": 1, "epoch": "x", "rules": {} }),
    ];
    for case in cases {
        assert_eq!(
            Ledger::decode(&value(case.clone()), &rules),
            Err(Corrupt),
            "{case}"
        );
    }
    // `forget` (src/js/storage.js) recognises the stored form by how its JSON starts.
    let stored = json_text(&written(|w| Ledger::new(1).write(&rules, w)));
    assert!(
        stored.starts_with("{\"v\":") && stored.contains("\"rules\":{"),
        "{stored}"
    );
}

#[test]
fn a_stored_state_without_the_newer_fields_still_reads() {
    // The first shape: tallies of three numbers, no epoch, visit or utm.
    let rules = support::config(json!({ "rules": [{ "id": "a", "on": "x", "points": 5 }] })).rules;
    let old = value(json!({ "v": 1, "rules": { "a": [2, 2, 1000] }, "qualifiedAt": null }));
    let ledger = Ledger::decode(&old, &rules).unwrap();
    assert_eq!((ledger.tallies[0].hits, ledger.tallies[0].refused), (2, 0));
    assert_eq!(ledger.session.visits, 0);
}
