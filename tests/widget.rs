//! The wasm module's operations, natively: every op of the protocol with the exact values the
//! JavaScript receives — settings, open statuses, emits and stored forms, errors.

mod support;

use leadscore::core::widget::{op, Widget};
use leadscore::core::{tape, Value};
use serde_json::json;
use support::value;

/// Calls `op` at `now`. The answer of an op that emits, `[emits, dirty]` on the wire (pinned
/// in `tests/browser.rs`), reads as `{ emit, store? }`: each score's `[score, delta, rule]`
/// named as the JavaScript names it and, when the ledger changed, the stored form that the
/// JavaScript then asks for (`ledger`) as `store`, so each expectation shows what gets written.
fn call(widget: &mut Widget, op: u32, now: f64, input: serde_json::Value) -> Value {
    let mut bytes = Vec::new();
    widget.call(op, now, &value(input), &mut bytes);
    let answer = tape::decode(&bytes).expect("a tape");
    let emits = matches!(
        op,
        op::EVENT | op::MERGE | op::TOUCH | op::RESUME | op::RESET
    );
    let Value::Array(items) = &answer else {
        return answer; // an error, or `{}` without an engine
    };
    if !emits {
        return answer;
    }
    let [Value::Array(list), Value::Bool(is_dirty)] = items.as_slice() else {
        panic!("expected [emits, dirty], got {answer:?}");
    };
    let mut entries = vec![(
        String::from("emit"),
        Value::Array(list.iter().map(named_emit).collect()),
    )];
    if *is_dirty {
        let mut bytes = Vec::new();
        widget.call(op::LEDGER, f64::NAN, &Value::Null, &mut bytes);
        let ledger = tape::decode(&bytes).expect("a tape");
        let store = ledger.get("store").expect("a ledger").clone();
        entries.push((String::from("store"), store));
    }
    Value::Object(entries)
}

/// An emit with a `score` detail's `[score, delta, rule]` named `{ score, delta, rule }`.
fn named_emit(emit: &Value) -> Value {
    let Value::Array(pair) = emit else {
        panic!("expected [type, detail], got {emit:?}");
    };
    match pair.as_slice() {
        [kind, Value::Array(detail)] if *kind == Value::str("score") => {
            let [score, delta, rule] = detail.as_slice() else {
                panic!("expected [score, delta, rule], got {detail:?}");
            };
            let names = ["score", "delta", "rule"];
            let named = names.iter().zip([score, delta, rule]);
            let entries = named.map(|(k, v)| (String::from(*k), v.clone()));
            Value::Array(vec![kind.clone(), Value::Object(entries.collect())])
        }
        _ => emit.clone(),
    }
}

/// A widget configured with `config` and opened on nothing stored at `now`.
fn opened(config: serde_json::Value, now: f64) -> Widget {
    let mut widget = Widget::new();
    let settings = call(&mut widget, op::CONFIGURE, f64::NAN, config);
    assert!(settings.get("settings").is_some(), "{settings:?}");
    let open = call(&mut widget, op::OPEN, now, json!(null));
    assert_eq!(open, Value::str("empty"));
    widget
}

/// The state as the core writes it: `[score, threshold, qualifiedAt, tier, groups]`.
fn empty_state() -> serde_json::Value {
    json!([0, 100, null, null, {}])
}

fn context(path: &str) -> serde_json::Value {
    json!({ "path": path, "query": "", "title": "T", "referrer": "" })
}

#[test]
fn configure_gives_the_storage_and_tracking_settings() {
    let config = json!({
        "rules": [{ "id": "a", "on": "dwell", "seconds": 5, "points": 1 }],
        "storage": "session", "storageKey": "ls", "consent": "required",
        "respectGlobalPrivacyControl": false, "ignoreAutomation": true, "debug": true,
        "idleSeconds": 10, "sessionMinutes": 5, "downloadExtensions": ["PDF", ".zip"],
    });
    let expected = json!({ "settings": {
        "storage": "session", "storageKey": "ls", "consentRequired": true,
        "respectGlobalPrivacyControl": false, "ignoreAutomation": true, "debug": true,
        "idleMs": 10000, "sessionMs": 300000, "downloadExtensions": ["pdf", "zip"],
    }});
    assert_eq!(
        call(&mut Widget::new(), op::CONFIGURE, f64::NAN, config),
        value(expected)
    );
}

#[test]
fn configure_defaults_and_errors() {
    let mut widget = Widget::new();
    let out = call(
        &mut widget,
        op::CONFIGURE,
        f64::NAN,
        json!({ "rules": [{ "id": "a", "on": "a", "points": 1 }] }),
    );
    let extensions: Vec<&str> = leadscore::core::config::DEFAULT_DOWNLOAD_EXTENSIONS
        .split(' ')
        .collect();
    let expected = json!({ "settings": {
        "storage": "local", "storageKey": "leadscore", "consentRequired": false,
        "respectGlobalPrivacyControl": true, "ignoreAutomation": false, "debug": false,
        "idleMs": 30000, "sessionMs": 1800000, "downloadExtensions": extensions,
    }});
    assert_eq!(out, value(expected));
    assert_eq!(
        call(&mut widget, op::CONFIGURE, f64::NAN, json!({ "rules": [] })),
        value(json!({ "error": "rules: must not be empty" }))
    );
}

#[test]
fn open_reads_the_stored_entry_and_says_how_it_went() {
    let config = json!({ "rules": [{ "id": "a", "on": "a", "points": 5 }] });
    let stored = json!({ "v": 1, "epoch": 0, "rules": { "a": [2, 2, 1000, 0] }, "qualifiedAt": null, "visit": [1, 1000], "utm": {} });
    let cases = [
        (json!(null), "empty", 0),
        (stored, "ok", 10),
        (json!({ "v": 1, "rules": { "a": [1, 5, 0] } }), "corrupt", 0),
        (json!(false), "corrupt", 0),
        (json!({ "v": 2, "whatever": true }), "newer", 0),
    ];
    for (stored, status, score) in cases {
        let mut widget = Widget::new();
        call(&mut widget, op::CONFIGURE, f64::NAN, config.clone());
        let mut state = empty_state();
        state[0] = json!(score);
        assert_eq!(
            call(&mut widget, op::OPEN, 2000.0, stored.clone()),
            Value::str(status),
            "{stored}"
        );
        assert_eq!(
            call(&mut widget, op::STATE, 2000.0, json!(null)),
            value(state),
            "{stored}"
        );
    }
    // Opening again reuses the running engine's config, over a new ledger.
    let mut widget = opened(config, 0.0);
    call(&mut widget, op::EVENT, 0.5, json!(["a", {}]));
    assert_eq!(
        call(&mut widget, op::OPEN, 1.0, json!(false)),
        Value::str("corrupt")
    );
    assert_eq!(
        call(&mut widget, op::STATE, 1.0, json!(null)),
        value(empty_state())
    );
    let mut unconfigured = Widget::new();
    assert_eq!(
        call(&mut unconfigured, op::OPEN, 0.0, json!(null)),
        value(json!({ "error": "open: call configure first" }))
    );
}

#[test]
fn events_emit_scores_tiers_and_the_lead_and_give_the_store() {
    let mut widget = opened(
        json!({
            "threshold": 50, "debug": true, "tiers": [{ "name": "warm", "min": 20 }],
            "rules": [
                { "id": "pricing", "on": "page_view", "url": "/pricing*", "points": 30 },
                { "id": "demo", "on": "demo", "where": { "plan": "pro" }, "points": 25 },
                { "id": "partner", "on": "click", "selector": "a.partner", "points": 1 },
            ],
        }),
        1000.0,
    );
    let view = call(
        &mut widget,
        op::EVENT,
        2000.0,
        json!(["page_view", {}, null, null, context("/pricing")]),
    );
    // `debug` adds no emit: the script logs each event itself.
    let expected = json!({
        "emit": [
            ["score", { "score": 30, "delta": 30, "rule": "pricing" }],
            ["tier", { "tier": "warm", "previous": null, "score": 30 }],
        ],
        "store": { "v": 1, "epoch": 0, "rules": { "pricing": [1, 1, 2000, 0] }, "qualifiedAt": null, "visit": [1, 2000], "utm": {} },
    });
    assert_eq!(view, value(expected));

    // The lead lists its reasons, largest first.
    let demo = call(
        &mut widget,
        op::EVENT,
        3000.0,
        json!(["demo", { "plan": "pro", "path": "/own" }, null, null, context("/x")]),
    );
    let reason = |rule: &str, points: u32| json!({ "rule": rule, "points": points, "hits": 1, "lost": { "limit": 0, "decay": 0, "cap": 0 } });
    let expected = json!({
        "emit": [
            ["score", { "score": 55, "delta": 25, "rule": "demo" }],
            ["qualified", { "score": 55, "threshold": 50, "tier": "warm", "qualifiedAt": 3000, "reasons": [reason("pricing", 30), reason("demo", 25)] }],
        ],
        "store": { "v": 1, "epoch": 0, "rules": { "pricing": [1, 1, 2000, 0], "demo": [1, 1, 3000, 0] }, "qualifiedAt": 3000, "visit": [1, 3000], "utm": {} },
    });
    assert_eq!(demo, value(expected));

    // A click scores only with the selector the JavaScript matched; nothing changed, no store.
    let click = |matched: serde_json::Value| json!(["click", { "href": "/p" }, null, matched, context("/x")]);
    let missed = call(&mut widget, op::EVENT, 4000.0, click(json!([])));
    assert_eq!(missed.get("store"), None);
    assert_eq!(missed.get("emit"), Some(&Value::Array(vec![])));
    let hit = call(&mut widget, op::EVENT, 4000.0, click(json!(["a.partner"])));
    assert_eq!(
        hit.get("emit").and_then(|e| match e {
            Value::Array(items) => items.first().cloned(),
            _ => None,
        }),
        Some(value(
            json!(["score", { "score": 56, "delta": 1, "rule": "partner" }])
        ))
    );
}

#[test]
fn rules_read_the_events_own_props_then_the_context_then_the_visits_utm_values() {
    let mut widget = opened(
        json!({ "rules": [
            { "id": "own path", "on": "click", "url": "/own*", "points": 1 },
            { "id": "context path", "on": "click", "url": "/x*", "points": 2 },
            { "id": "context title", "on": "click", "where": { "title": "T" }, "points": 4 },
            { "id": "utm", "on": "click", "where": { "utm_source": "ad" }, "points": 8 },
            { "id": "matched", "on": "click", "selector": "a.b", "points": 16 },
            { "id": "visit", "on": "visit", "url": "/own*", "where": { "plan": "pro", "title": "T", "count": 1 }, "points": 32 },
            { "id": "campaign", "on": "visit", "where": { "utm_source": "ad" }, "points": 64 },
        ]}),
        1000.0,
    );
    // The first event starts a visit, which reads the event's own props (its query gives the
    // UTM values) before the context's; only strings among the matched selectors count.
    let props = json!({ "plan": "pro", "path": "/own", "query": "?utm_source=ad", "count": 9 });
    let answer = call(
        &mut widget,
        op::EVENT,
        2000.0,
        json!(["click", props, null, [1, "a.b"], context("/x")]),
    );
    let mut hits = Vec::new();
    if let Some(Value::Array(emits)) = answer.get("emit") {
        for emit in emits {
            if let Value::Array(pair) = emit {
                if let Some(Value::String(id)) = pair.get(1).and_then(|d| d.get("rule")) {
                    hits.push(id.clone());
                }
            }
        }
    }
    assert_eq!(
        hits,
        [
            "visit",
            "campaign",
            "own path",
            "context title",
            "utm",
            "matched"
        ]
    );
}

#[test]
fn the_page_context_is_kept_from_one_event_to_the_next_until_it_changes() {
    // The rule scores a page view only while the context the core holds says `/pricing…`.
    let config = json!({ "rules": [{ "id": "p", "on": "page_view", "url": "/pricing*", "points": 5, "limit": 9 }] });
    let mut widget = opened(config.clone(), 0.0);
    let view = |widget: &mut Widget, context: Option<serde_json::Value>| {
        // Without one, the list ends before the context's place.
        let input = match context {
            Some(context) => json!(["page_view", {}, null, null, context]),
            None => json!(["page_view", {}]),
        };
        let answer = call(widget, op::EVENT, 1.0, input);
        match answer.get("emit") {
            Some(Value::Array(emits)) => emits.len(),
            _ => panic!("{answer:?}"),
        }
    };

    // Sent once, the context stands behind the events that follow without one.
    assert_eq!(view(&mut widget, Some(context("/pricing"))), 1);
    assert_eq!(view(&mut widget, None), 1);
    // A new context replaces it whole.
    assert_eq!(view(&mut widget, Some(json!({ "path": "/about" }))), 0);
    assert_eq!(view(&mut widget, None), 0);
    // An event in error keeps the context it brought.
    let refused = call(
        &mut widget,
        op::EVENT,
        1.0,
        json!(["page_view", { "a": [] }, null, null, context("/pricing/2")]),
    );
    assert!(refused.get("error").is_some(), "{refused:?}");
    assert_eq!(view(&mut widget, None), 1);
    // A new engine starts without one.
    let reopened = call(&mut widget, op::OPEN, 2.0, json!(null));
    assert_eq!(reopened, Value::str("empty"));
    assert_eq!(view(&mut widget, None), 0);
    assert_eq!(view(&mut widget, Some(context("/pricing"))), 1);
}

#[test]
fn invalid_props_and_missing_engine_are_errors() {
    let mut widget = Widget::new();
    // Without a label, the props are `track`'s.
    let bad = json!(["track", { "a": [1] }]);
    assert_eq!(
        call(&mut widget, op::EVENT, 1.0, bad),
        value(json!({ "error": "track: props.a: expected a string, number, true/false or null" }))
    );
    assert_eq!(
        call(&mut widget, op::EVENT, 1.0, json!(["x", "nope", "props"])),
        value(json!({ "error": "props: expected an object, got a string" }))
    );
    assert_eq!(
        call(
            &mut widget,
            op::EVENT,
            1.0,
            json!(["identify", [], "identify: attributes"])
        ),
        value(json!({ "error": "identify: attributes: expected an object, got a list" }))
    );
    assert_eq!(
        call(&mut widget, op::EVENT, 1.0, json!(["demo", {}])),
        value(json!({ "error": "demo: call init first" }))
    );
    let mut running = opened(
        json!({ "rules": [{ "id": "a", "on": "a", "points": 1 }] }),
        0.0,
    );
    for now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for (op, input) in [
            (op::OPEN, json!(null)),
            (op::EVENT, json!(["a", {}])),
            (op::MERGE, json!(null)),
            (op::RESUME, json!(null)),
            (op::RESET, json!(null)),
            (op::STATE, json!(null)),
            (op::EXPLAIN, json!(null)),
        ] {
            assert_eq!(
                call(&mut running, op, now, input),
                value(json!({ "error": "now: expected a time in ms" })),
                "op {op} at {now}"
            );
        }
    }
    assert_eq!(
        call(&mut running, op::TOUCH, 1.0, json!(null)),
        value(json!({ "error": "at: expected a time in ms" }))
    );
    assert_eq!(
        call(&mut running, 12, 1.0, json!(null)),
        value(json!({ "error": "unknown op" }))
    );
}

fn tally_config() -> serde_json::Value {
    json!({ "rules": [
        { "id": "x", "on": "x", "points": 10, "limit": 5 },
        { "id": "back", "on": "visit", "where": { "returning": true }, "points": 7 },
    ]})
}

fn store_of(out: &Value) -> serde_json::Value {
    let store = out.get("store").expect("a store");
    support::json_of(store)
}

#[test]
fn merging_another_tabs_entry() {
    let mut a = opened(tally_config(), 0.0);
    let first = call(&mut a, op::EVENT, 1000.0, json!(["x", {}]));
    // Tab b opens on what a stored and scores once more.
    let mut b = Widget::new();
    call(&mut b, op::CONFIGURE, f64::NAN, tally_config());
    call(&mut b, op::OPEN, 1500.0, store_of(&first));
    let second = call(&mut b, op::EVENT, 2000.0, json!(["x", {}]));
    let merged = call(&mut a, op::MERGE, 2500.0, store_of(&second));
    assert_eq!(
        merged,
        value(json!({ "emit": [["score", { "score": 20, "delta": 10, "rule": null }]] })),
        "the score moved; a holds nothing b lacks, so no write-back"
    );
    // An older entry: nothing moves, but a holds more, so it writes back.
    let older = call(&mut a, op::MERGE, 2600.0, store_of(&first));
    assert_eq!(older.get("emit"), Some(&Value::Array(vec![])));
    assert_eq!(store_of(&older), store_of(&second));
    for unreadable in [json!("garbage"), json!(false), json!({ "v": 1 })] {
        assert_eq!(
            call(&mut a, op::MERGE, 2700.0, unreadable),
            value(json!({ "ignored": true }))
        );
    }
}

#[test]
fn touch_resume_ledger_and_reset() {
    let mut widget = opened(tally_config(), 0.0);
    call(&mut widget, op::EVENT, 1000.0, json!(["x", {}]));
    let touched = call(&mut widget, op::TOUCH, 6000.0, json!(5000));
    let stored = json!({ "v": 1, "epoch": 0, "rules": { "x": [1, 1, 1000, 0] }, "qualifiedAt": null, "visit": [1, 5000], "utm": {} });
    assert_eq!(touched, value(json!({ "emit": [], "store": stored })));
    assert_eq!(
        call(&mut widget, op::LEDGER, f64::NAN, json!(null)),
        value(json!({ "store": stored }))
    );

    // Input 31 minutes later starts a returning visit, with the page's UTM values.
    let later = 5000.0 + 31.0 * 60_000.0;
    let resumed = call(
        &mut widget,
        op::RESUME,
        later,
        json!({ "path": "/", "query": "?utm_source=ad" }),
    );
    let expected = json!({
        "emit": [["score", { "score": 17, "delta": 7, "rule": "back" }]],
        "store": { "v": 1, "epoch": 0, "rules": { "x": [1, 1, 1000, 0], "back": [1, 1, later, 0] }, "qualifiedAt": null, "visit": [2, later], "utm": { "utm_source": "ad" } },
    });
    assert_eq!(resumed, value(expected));
    // Input soon after is the same visit: nothing to report or store.
    assert_eq!(
        call(&mut widget, op::RESUME, later + 1000.0, json!({})),
        value(json!({ "emit": [] }))
    );

    let reset = call(&mut widget, op::RESET, 9e6, json!(null));
    let expected = json!({
        "emit": [["score", { "score": 0, "delta": -17, "rule": null }]],
        "store": { "v": 1, "epoch": 9e6, "rules": {}, "qualifiedAt": null, "visit": [0, 0], "utm": {} },
    });
    assert_eq!(reset, value(expected));
}

#[test]
fn readers_with_and_without_an_engine() {
    let mut widget = Widget::new();
    assert_eq!(
        call(&mut widget, op::STATE, 1.0, json!(null)),
        value(empty_state())
    );
    assert_eq!(
        call(&mut widget, op::EXPLAIN, 1.0, json!(null)),
        value(json!([]))
    );
    assert_eq!(
        call(&mut widget, op::LEDGER, f64::NAN, json!(null)),
        value(json!({}))
    );
    for op in [op::MERGE, op::TOUCH, op::RESUME, op::RESET] {
        assert_eq!(call(&mut widget, op, 1.0, json!(null)), value(json!({})));
    }

    let mut widget = opened(
        json!({ "groups": { "fit": { "max": 5 } }, "rules": [{ "id": "a", "on": "a", "points": 8, "group": "fit", "limit": 2 }] }),
        0.0,
    );
    for t in [1, 2, 3] {
        call(&mut widget, op::EVENT, t as f64, json!(["a", {}]));
    }
    assert_eq!(
        call(&mut widget, op::STATE, 1.0, json!(null)),
        value(json!([5, 100, null, null, { "fit": 5 }]))
    );
    assert_eq!(
        call(&mut widget, op::EXPLAIN, 1.0, json!(null)),
        value(
            json!([{ "rule": "a", "points": 16, "hits": 2, "lost": { "limit": 8, "decay": 0, "cap": 11 } }])
        )
    );
}

#[test]
fn aside_runs_a_fresh_widget_and_puts_the_running_one_back() {
    let config = json!({ "rules": [{ "id": "a", "on": "a", "points": 5, "limit": 9 }] });
    let mut widget = opened(config.clone(), 0.0);
    call(&mut widget, op::EVENT, 1.0, json!(["a"]));
    let null = json!(null);
    assert_eq!(
        call(&mut widget, op::ASIDE, f64::NAN, json!(true)),
        Value::Null
    );
    // A fresh widget: no engine, no config, and one more set aside on top of it.
    assert_eq!(
        call(&mut widget, op::STATE, 2.0, null.clone()),
        value(empty_state())
    );
    assert!(call(&mut widget, op::OPEN, 2.0, null.clone())
        .get("error")
        .is_some());
    call(&mut widget, op::CONFIGURE, f64::NAN, config.clone());
    call(&mut widget, op::OPEN, 2.0, null.clone());
    call(&mut widget, op::ASIDE, f64::NAN, json!(true));
    call(&mut widget, op::CLOSE, f64::NAN, null.clone());
    call(&mut widget, op::ASIDE, f64::NAN, json!(false));
    // The first one set aside is still below it, though `close` came in between.
    call(&mut widget, op::EVENT, 3.0, json!(["a"]));
    call(&mut widget, op::EVENT, 4.0, json!(["a"]));
    let mut state = empty_state();
    state[0] = json!(10);
    assert_eq!(
        call(&mut widget, op::STATE, 5.0, null.clone()),
        value(state.clone())
    );
    assert_eq!(
        call(&mut widget, op::ASIDE, f64::NAN, json!(false)),
        Value::Null
    );
    // The running widget back as it was: its score, its visit, its limit's count.
    state[0] = json!(5);
    assert_eq!(
        call(&mut widget, op::STATE, 6.0, null.clone()),
        value(state.clone())
    );
    call(&mut widget, op::EVENT, 7.0, json!(["a"]));
    state[0] = json!(10);
    assert_eq!(
        call(&mut widget, op::STATE, 8.0, null.clone()),
        value(state.clone())
    );
    // Nothing set aside: nothing changes.
    call(&mut widget, op::ASIDE, f64::NAN, json!(false));
    assert_eq!(call(&mut widget, op::STATE, 9.0, null), value(state));
}

#[test]
fn close_forgets_the_engine_and_the_config() {
    let mut widget = opened(
        json!({ "rules": [{ "id": "a", "on": "a", "points": 5 }] }),
        0.0,
    );
    call(&mut widget, op::EVENT, 1.0, json!(["a", {}]));
    assert_eq!(
        call(&mut widget, op::CLOSE, f64::NAN, json!(null)),
        Value::Null
    );
    assert_eq!(
        call(&mut widget, op::STATE, 2.0, json!(null)),
        value(empty_state())
    );
    assert_eq!(
        call(&mut widget, op::EVENT, 2.0, json!(["a", {}])),
        value(json!({ "error": "a: call init first" }))
    );
    assert_eq!(
        call(&mut widget, op::OPEN, 2.0, json!(null)),
        value(json!({ "error": "open: call configure first" }))
    );
}
