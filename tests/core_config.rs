//! Native tests of config parsing: every invalid config names the field and what was expected.

mod support;

use leadscore::core::config::{StorageKind, Trigger};
use serde_json::json;
use support::{config, config_error};

fn rule(extra: serde_json::Value) -> serde_json::Value {
    let mut base = json!({ "id": "r", "on": "page_view", "points": 10 });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

#[test]
fn invalid_configs_name_the_field() {
    let cases = [
        (json!(null), "config: expected an object, got null"),
        (json!({}), "rules: is required"),
        (json!({ "rules": [] }), "rules: must not be empty"),
        (json!({ "rules": {} }), "rules: expected a list of rules, got an object"),
        (json!({ "rules": [rule(json!({})), rule(json!({})), rule(json!({ "points": "ten" }))] }),
            "rules[1].id: duplicate rule id \"r\""),
        (json!({ "rules": [rule(json!({ "points": "ten" }))] }), "rules[0].points: expected a number, got a string"),
        (json!({ "rules": [rule(json!({ "on": "pageview" }))] }),
            "rules[0].on: unknown event \"pageview\", did you mean \"page_view\"?"),
        (json!({ "rules": [rule(json!({ "on": "downlaod" }))] }),
            "rules[0].on: unknown event \"downlaod\", did you mean \"download\"?"),
        (json!({ "rules": [rule(json!({ "pointz": 5 }))] }),
            "rules[0].pointz: unknown field, did you mean \"points\"?"),
        (json!({ "rules": [rule(json!({ "banana": 5 }))] }), "rules[0].banana: unknown field"),
        (json!({ "treshold": 5, "rules": [rule(json!({}))] }),
            "treshold: unknown field, did you mean \"threshold\"?"),
        (json!({ "rules": [rule(json!({ "limit": 1.5 }))] }), "rules[0].limit: expected a positive integer, got a number"),
        (json!({ "rules": [rule(json!({ "limit": 0 }))] }), "rules[0].limit: expected a positive integer, got a number"),
        (json!({ "rules": [json!({ "on": "page_view", "points": 1 })] }), "rules[0].id: is required"),
        (json!({ "rules": [json!({ "id": "", "on": "page_view", "points": 1 })] }), "rules[0].id: must not be empty"),
        (json!({ "rules": [json!({ "id": "d", "on": "dwell", "points": 1 })] }),
            "rules[0].seconds: is required for on: \"dwell\""),
        (json!({ "rules": [rule(json!({ "seconds": 5 }))] }), "rules[0].seconds: only applies to on: \"dwell\""),
        (json!({ "rules": [json!({ "id": "d", "on": "download", "points": 1, "extension": 5 })] }),
            "rules[0].extension: expected a string or a list of strings, got a number"),
        (json!({ "rules": [json!({ "id": "d", "on": "download", "points": 1, "extension": ["pdf", 5] })] }),
            "rules[0].extension: expected a string or a list of strings, got a list"),
        (json!({ "rules": [rule(json!({}))], "downloadExtensions": { "pdf": true } }),
            "downloadExtensions: expected a string or a list of strings, got an object"),
        (json!({ "rules": [rule(json!({}))], "downloadExtensions": false }),
            "downloadExtensions: expected a string or a list of strings, got true or false"),
        (json!({ "rules": [rule(json!({ "url": 5 }))] }), "rules[0].url: expected a string, got a number"),
        (json!({ "rules": [rule(json!({ "group": "fitt" }))], "groups": { "fit": { "max": 5 } } }),
            "rules[0].group: unknown group \"fitt\", did you mean \"fit\"?"),
        (json!({ "rules": [rule(json!({ "halfLifeDays": -1 }))] }), "rules[0].halfLifeDays: expected a number > 0, got a number"),
        (json!({ "rules": [rule(json!({}))], "tiers": [{ "name": "hot", "min": 100 }, { "name": "warm", "min": 40 }] }),
            "tiers[1].min: must be above the previous tier's min (list tiers from lowest to highest)"),
        (json!({ "rules": [rule(json!({}))], "storage": "cookie" }),
            "storage: expected one of \"local\", \"session\", \"memory\", got a string"),
        (json!({ "rules": [rule(json!({}))], "onQualified": "openChat" }), "onQualified: expected a function, got a string"),
        (json!({ "rules": [rule(json!({}))], "decay": {} }), "decay.halfLifeDays: is required"),
        (json!({ "rules": [rule(json!({}))], "threshold": 50, "rearmBelow": 60 }), "rearmBelow: must not be above the threshold"),
        (json!({ "rules": [rule(json!({ "where": { "size": { "gtee": 1 } } }))] }),
            "rules[0].where.size.gtee: unknown field, did you mean \"gte\"?"),
    ];
    for (input, expected) in cases {
        assert_eq!(config_error(input.clone()), expected, "for {input}");
    }
}

#[test]
fn defaults_follow_the_contract() {
    let c = config(json!({ "rules": [rule(json!({}))] }));
    assert_eq!(c.threshold, 100.0);
    assert_eq!(c.idle_ms, 30_000.0);
    assert_eq!(c.session_ms, 30.0 * 60_000.0);
    assert_eq!(c.storage, StorageKind::Local);
    assert_eq!(c.storage_key, "leadscore");
    assert!(c.respect_global_privacy_control && !c.consent_required && !c.ignore_automation);
    assert!(c.download_extensions.iter().any(|e| e == "pdf"));
    assert_eq!(c.rules[0].limit, 1);
}

#[test]
fn custom_events_and_parameters_parse() {
    let c = config(json!({
        "downloadExtensions": ["PDF", ".key"],
        "rules": [
            { "id": "w", "on": "webinar_signup", "points": 25 },
            { "id": "d", "on": "download", "extension": ["pdf", "ZIP"], "points": 30 },
            { "id": "r", "on": "dwell", "seconds": 60, "points": 15, "url": null },
        ],
        "onQualified": null,
    }));
    assert_eq!(c.download_extensions, ["pdf", "key"]);
    assert_eq!(c.rules[0].trigger, Trigger::Named("webinar_signup".into()));
    assert_eq!(
        c.rules[1].trigger,
        Trigger::Download {
            extensions: Some(vec!["pdf".into(), "zip".into()])
        }
    );
    assert_eq!(c.rules[2].trigger, Trigger::Dwell { seconds: 60.0 });
}

#[test]
fn ten_thousand_rules_parse_and_a_late_duplicate_is_found() {
    let mut rules: Vec<serde_json::Value> = (0..10_000)
        .map(|i| json!({ "id": format!("rule-{i}"), "on": format!("event-{}", i % 50), "points": 1 }))
        .collect();
    assert_eq!(
        config(json!({ "rules": rules.clone() })).rules.len(),
        10_000
    );
    rules.push(json!({ "id": "rule-17", "on": "x", "points": 1 }));
    assert_eq!(
        config_error(json!({ "rules": rules })),
        "rules[10000].id: duplicate rule id \"rule-17\""
    );
}

#[test]
fn huge_names_are_not_compared_for_suggestions() {
    let long = "g".repeat(20_000);
    let started = std::time::Instant::now();
    let message = config_error(json!({
        "groups": { long.clone() + "x": { "max": 1 } },
        "rules": [{ "id": "r", "on": long.clone(), "points": 1, "group": long }],
    }));
    assert!(
        message.starts_with("rules[0].group: unknown group"),
        "{}",
        &message[..60]
    );
    assert!(!message.contains("did you mean"));
    assert!(
        started.elapsed().as_secs() < 2,
        "took {:?}",
        started.elapsed()
    );
}
