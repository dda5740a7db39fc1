//! Property tests of the core's invariants, over random rule sets and event streams: the score
//! is what the ledger says, no rule exceeds its limit, no group its cap, no score `maxScore`;
//! decay never adds points; a stored ledger reproduces the state; merging loses nothing.
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency

mod support;

use leadscore::core::ledger::Ledger;
use leadscore::core::Engine;
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use support::{config, event, page_view, written, OwnedEvent};

const PATHS: [&str; 3] = ["/", "/pricing", "/blog/post"];
const NAMES: [&str; 3] = ["a", "b", "c"];
const DAY: f64 = 86_400_000.0;

fn rule_strategy(allow_negative: bool) -> impl Strategy<Value = Json> {
    let points = if allow_negative {
        -50i32..100
    } else {
        0i32..100
    };
    (
        0usize..5,
        points,
        1u32..5,
        0usize..3,
        prop::option::of(1u32..60),
        0usize..3,
    )
        .prop_map(|(kind, points, limit, group, half_life, which)| {
            let mut rule = match kind {
                0 => json!({ "on": "page_view", "url": PATHS[which] }),
                1 => json!({ "on": "dwell", "seconds": 10 * (which + 1) }),
                _ => json!({ "on": NAMES[which] }),
            };
            rule["points"] = json!(points);
            rule["limit"] = json!(limit);
            if group > 0 {
                rule["group"] = json!(if group == 1 { "fit" } else { "engagement" });
            }
            if let Some(days) = half_life {
                rule["halfLifeDays"] = json!(days);
            }
            rule
        })
}

fn config_strategy(allow_negative: bool) -> impl Strategy<Value = Json> {
    (
        prop::collection::vec(rule_strategy(allow_negative), 1..8),
        prop::option::of(20u32..200),
        20u32..150,
    )
        .prop_map(|(rules, max_score, threshold)| {
            let rules: Vec<Json> = rules
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    r["id"] = json!(format!("r{i}"));
                    r
                })
                .collect();
            let mut c = json!({
                "threshold": threshold,
                "groups": { "fit": { "max": 40 }, "engagement": { "max": 80 } },
                "rules": rules,
            });
            if let Some(m) = max_score {
                c["maxScore"] = json!(m);
            }
            c
        })
}

/// Events with the milliseconds since the previous one.
fn events_strategy() -> impl Strategy<Value = Vec<(OwnedEvent, f64)>> {
    let one = (0usize..3, 0usize..3, 0u64..(3 * DAY as u64)).prop_map(|(kind, which, gap)| {
        let e = match kind {
            0 => page_view(PATHS[which]),
            1 => event(
                "dwell",
                json!({ "seconds": 10 * (which + 1), "path": PATHS[which] }),
            ),
            _ => event(NAMES[which], json!({})),
        };
        (e, gap as f64)
    });
    prop::collection::vec(one, 0..40)
}

/// Runs the events; returns the engine and the time of the last one.
fn run(c: &Json, events: &[(OwnedEvent, f64)]) -> (Engine, f64) {
    let parsed = config(c.clone());
    let ledger = Ledger::new(parsed.rules.len());
    let mut engine = Engine::new(parsed, ledger, 0.0);
    let mut now = 0.0;
    for (e, gap) in events {
        now += gap;
        engine.handle(&e.view(), now);
    }
    (engine, now)
}

proptest! {
    #[test]
    fn the_score_is_what_the_ledger_says(c in config_strategy(true), events in events_strategy()) {
        let (engine, now) = run(&c, &events);
        let state = engine.state(now);
        let entries = engine.explain(now);
        let parsed = engine.config();
        // Recompute the score from explain() alone: groups capped, then maxScore.
        let mut groups = [0.0f64; 2];
        let mut ungrouped = 0.0;
        for entry in &entries {
            let rule = parsed.rules.iter().find(|r| r.id == entry.rule).unwrap();
            prop_assert!(entry.hits <= rule.limit, "{} exceeds its limit", entry.rule);
            match rule.group {
                Some(g) => groups[g] += entry.points,
                None => ungrouped += entry.points,
            }
        }
        let mut expected = ungrouped + groups[0].min(40.0) + groups[1].min(80.0);
        if let Some(m) = parsed.max_score {
            expected = expected.min(m);
            prop_assert!(state.score <= m);
        }
        prop_assert!((state.score - expected).abs() < 1e-9, "{} vs {}", state.score, expected);
        let kept: f64 = entries.iter().map(|e| e.points - e.capped).sum();
        prop_assert!((state.score - kept).abs() < 1e-6, "caps' shares add up: {} vs {}", state.score, kept);
        for (name, points) in &state.groups {
            let cap = if name == "fit" { 40.0 } else { 80.0 };
            prop_assert!(*points <= cap, "group {} over its cap", name);
        }
    }

    #[test]
    fn decay_never_adds_points(c in config_strategy(false), events in events_strategy(), later in 0.0..(400.0 * DAY)) {
        let (engine, now) = run(&c, &events);
        prop_assert!(engine.score(now + later) <= engine.score(now));
        let after = engine.explain(now + later);
        for before in engine.explain(now) {
            let after = after.iter().find(|a| a.rule == before.rule).unwrap();
            prop_assert!(after.points.abs() <= before.points.abs(), "{} grew", before.rule);
        }
    }

    #[test]
    fn a_stored_ledger_reproduces_the_state(c in config_strategy(true), events in events_strategy()) {
        let (engine, now) = run(&c, &events);
        let rules = &engine.config().rules;
        let stored = written(|w| engine.ledger().write(rules, w));
        let reloaded = Engine::new(config(c.clone()), Ledger::decode(&stored, rules).unwrap(), now);
        prop_assert_eq!(reloaded.state(now), engine.state(now));
        prop_assert_eq!(reloaded.explain(now), engine.explain(now));
    }

    #[test]
    fn merging_two_tabs_loses_no_hit(c in config_strategy(true), a in events_strategy(), b in events_strategy()) {
        let (tab_a, _) = run(&c, &a);
        let (tab_b, _) = run(&c, &b);
        let mut merged = tab_a.ledger().clone();
        merged.merge(tab_b.ledger());
        for ((m, x), y) in merged.tallies.iter().zip(&tab_a.ledger().tallies).zip(&tab_b.ledger().tallies) {
            prop_assert_eq!(m.hits, x.hits.max(y.hits));
        }
        let mut other_way = tab_b.ledger().clone();
        other_way.merge(tab_a.ledger());
        prop_assert_eq!(&other_way, &merged, "both tabs converge on one state");
        let mut again = merged.clone();
        again.merge(&other_way);
        prop_assert_eq!(&again, &merged, "merging is idempotent: no write-back ping-pong");
    }

    #[test]
    fn the_same_events_give_the_same_score(c in config_strategy(true), events in events_strategy()) {
        let (first, now) = run(&c, &events);
        let (second, _) = run(&c, &events);
        prop_assert_eq!(first.score(now).to_bits(), second.score(now).to_bits());
    }
}
