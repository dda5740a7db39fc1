//! Native tests of scoring: rules, limits, events and the expected score, as tables.

mod support;

use leadscore::core::ledger::Ledger;
use leadscore::core::Engine;
use serde_json::json;
use support::{config, engine, event, page_view, written, OwnedEvent};

fn contract_rules() -> serde_json::Value {
    json!({
        "threshold": 100,
        "rules": [
            { "id": "pricing", "on": "page_view", "url": "/pricing*", "points": 20, "limit": 3 },
            { "id": "whitepaper", "on": "download", "extension": "pdf", "points": 30 },
            { "id": "reader", "on": "dwell", "seconds": 60, "points": 15 },
            { "id": "careers", "on": "page_view", "url": "/careers*", "points": -40 },
        ],
    })
}

fn pdf() -> OwnedEvent {
    event(
        "download",
        json!({ "extension": "pdf", "path": "/resources" }),
    )
}

fn dwell(seconds: f64, path: &str) -> OwnedEvent {
    event("dwell", json!({ "seconds": seconds, "path": path }))
}

/// Feeds the events one second apart and returns the final score.
fn score_of(rules: serde_json::Value, events: &[OwnedEvent]) -> f64 {
    let mut engine = engine(rules);
    for (i, e) in events.iter().enumerate() {
        engine.handle(&e.view(), i as f64 * 1000.0);
    }
    engine.score(events.len() as f64 * 1000.0)
}

#[test]
fn the_contract_example_scores_as_written() {
    let cases: Vec<(&str, Vec<OwnedEvent>, f64)> = vec![
        ("nothing", vec![], 0.0),
        ("one pricing view", vec![page_view("/pricing")], 20.0),
        ("pricing capped at 3", vec![page_view("/pricing"); 5], 60.0),
        (
            "query strings still match",
            vec![page_view("/pricing?plan=team")],
            20.0,
        ),
        (
            "other pages score nothing",
            vec![page_view("/"), page_view("/about/pricing")],
            0.0,
        ),
        (
            "careers subtracts",
            vec![page_view("/pricing"), page_view("/careers/dev")],
            -20.0,
        ),
        ("a pdf download", vec![pdf()], 30.0),
        ("downloads limited to one", vec![pdf(), pdf()], 30.0),
        (
            "a zip is not a pdf",
            vec![event("download", json!({ "extension": "zip" }))],
            0.0,
        ),
        ("59 s is not 60", vec![dwell(59.0, "/blog")], 0.0),
        ("60 s reads", vec![dwell(60.0, "/blog")], 15.0),
        (
            "the newcomer's path",
            vec![
                page_view("/pricing"),
                page_view("/resources"),
                pdf(),
                page_view("/blog/post"),
                dwell(60.0, "/blog/post"),
            ],
            65.0,
        ),
    ];
    for (name, events, expected) in cases {
        assert_eq!(score_of(contract_rules(), &events), expected, "{name}");
    }
}

#[test]
fn a_dwell_rule_scores_once_per_page_view() {
    let rules = json!({ "rules": [
        { "id": "short", "on": "dwell", "seconds": 30, "points": 5, "limit": 10 },
        { "id": "long", "on": "dwell", "seconds": 60, "points": 10, "limit": 10 },
    ]});
    let one_page = [page_view("/a"), dwell(30.0, "/a"), dwell(60.0, "/a")];
    assert_eq!(score_of(rules.clone(), &one_page), 15.0);
    let two_pages = [&one_page[..], &one_page[..]].concat();
    assert_eq!(score_of(rules, &two_pages), 30.0);
}

#[test]
fn where_conditions_and_custom_events() {
    let rules = json!({ "rules": [
        { "id": "enterprise", "on": "identify", "points": 40,
          "where": { "size": { "gte": 200 }, "role": { "glob": "VP*" } } },
        { "id": "webinar", "on": "webinar_signup", "points": 25, "where": { "plan": { "in": ["pro", "team"] } } },
    ]});
    let cases = [
        (
            event("identify", json!({ "size": 250, "role": "VP Marketing" })),
            40.0,
        ),
        (
            event("identify", json!({ "size": 50, "role": "VP Marketing" })),
            0.0,
        ),
        (event("identify", json!({ "size": 250 })), 0.0),
        (event("webinar_signup", json!({ "plan": "pro" })), 25.0),
        (event("webinar_signup", json!({ "plan": "free" })), 0.0),
        (event("webinar_signup", json!({})), 0.0),
    ];
    for (e, expected) in cases {
        assert_eq!(
            score_of(rules.clone(), std::slice::from_ref(&e)),
            expected,
            "{e:?}"
        );
    }
}

#[test]
fn qualifies_once_at_the_threshold_with_the_reasons() {
    let mut engine = engine(contract_rules());
    for at in 0..3 {
        assert!(engine
            .handle(&page_view("/pricing").view(), f64::from(at))
            .qualified
            .is_none());
    }
    assert!(
        engine.handle(&pdf().view(), 10.0).qualified.is_none(),
        "90 is below 100"
    );
    let crossing = engine.handle(&dwell(60.0, "/blog").view(), 20.0);
    let lead = crossing.qualified.expect("105 reaches 100");
    assert_eq!((lead.score, lead.qualified_at), (105.0, 20.0));
    let reasons: Vec<(&str, f64, u32)> = lead
        .reasons
        .iter()
        .map(|c| (c.rule.as_str(), c.points, c.hits))
        .collect();
    assert_eq!(
        reasons,
        [
            ("pricing", 60.0, 3),
            ("whitepaper", 30.0, 1),
            ("reader", 15.0, 1)
        ]
    );
    let later = engine.handle(&page_view("/careers").view(), 30.0);
    assert!(later.qualified.is_none());
    let state = engine.state(40.0);
    assert_eq!((state.score, state.qualified_at), (65.0, Some(20.0)));
}

#[test]
fn the_ledger_survives_a_reload() {
    let mut first = engine(contract_rules());
    first.handle(&page_view("/pricing").view(), 0.0);
    first.handle(&pdf().view(), 1.0);
    let stored = written(|w| first.ledger().write(&first.config().rules, w));
    let c = config(contract_rules());
    let ledger = Ledger::decode(&stored, &c.rules).unwrap();
    let mut second = Engine::new(c, ledger, 2.0);
    assert_eq!(second.score(2.0), 50.0);
    assert!(
        second.handle(&pdf().view(), 3.0).hits.is_empty(),
        "the download's limit is remembered"
    );
    assert_eq!(
        second.handle(&page_view("/pricing").view(), 4.0).hits.len(),
        1
    );
}

#[test]
fn caps_tiers_and_reset() {
    let mut engine = engine(json!({
        "threshold": 50,
        "maxScore": 60,
        "groups": { "fit": { "max": 10 } },
        "tiers": [{ "name": "warm", "min": 20 }, { "name": "hot", "min": 50 }],
        "rules": [
            { "id": "fit", "on": "identify", "points": 25, "group": "fit" },
            { "id": "visit", "on": "page_view", "points": 30, "limit": 5 },
        ],
    }));
    let fit = engine.handle(&event("identify", json!({})).view(), 0.0);
    assert_eq!(fit.hits[0].delta, 10.0, "the fit group is capped at 10");
    assert_eq!(fit.tier_change, None);
    let warm = engine.handle(&page_view("/").view(), 1.0);
    assert_eq!(warm.tier_change.map(|t| t.tier), Some(Some(0)));
    engine.handle(&page_view("/").view(), 2.0);
    engine.handle(&page_view("/").view(), 3.0);
    let state = engine.state(4.0);
    assert_eq!(state.score, 60.0, "maxScore");
    assert_eq!(state.tier.as_deref(), Some("hot"));
    assert_eq!(state.groups, vec![("fit".to_owned(), 10.0)]);
    let reset = engine.reset(5.0);
    assert_eq!(reset.tier_change.map(|t| t.tier), Some(None));
    assert_eq!(engine.state(5.0).qualified_at, None);
    assert!(engine.explain(5.0).is_empty());
}

#[test]
fn decay_halves_points_and_rearming_qualifies_again() {
    let day = 86_400_000.0;
    let mut engine = engine(json!({
        "threshold": 40, "rearmBelow": 20, "decay": { "halfLifeDays": 10 },
        "rules": [{ "id": "demo", "on": "demo", "points": 40, "limit": 5 }],
    }));
    assert!(engine
        .handle(&event("demo", json!({})).view(), 0.0)
        .qualified
        .is_some());
    assert_eq!(engine.score(10.0 * day), 20.0);
    assert_eq!(engine.score(20.0 * day), 10.0);
    let again = engine.handle(&event("demo", json!({})).view(), 20.0 * day);
    assert_eq!(again.qualified.map(|l| l.score), Some(50.0));
}

#[test]
fn explain_says_what_limits_decay_and_caps_took_away() {
    let day = 86_400_000.0;
    let mut engine = engine(json!({
        "groups": { "engagement": { "max": 50 } },
        "rules": [
            { "id": "pricing", "on": "page_view", "url": "/pricing", "points": 20, "limit": 2, "group": "engagement" },
            { "id": "webinar", "on": "webinar", "points": 40, "group": "engagement", "halfLifeDays": 10 },
        ],
    }));
    for at in 0..4 {
        engine.handle(&page_view("/pricing").view(), f64::from(at));
    }
    engine.handle(&event("webinar", json!({})).view(), 0.0);
    let entries = engine.explain(10.0 * day);
    let find = |id: &str| entries.iter().find(|e| e.rule == id).unwrap().clone();
    let (pricing, webinar) = (find("pricing"), find("webinar"));
    assert_eq!(
        (pricing.points, pricing.hits, pricing.limited),
        (40.0, 2, 40.0)
    );
    assert_eq!((webinar.points, webinar.decayed), (20.0, 20.0));
    // 40 + 20 = 60 against a cap of 50: 10 shared in proportion, 40:20.
    assert!(
        (pricing.capped - 20.0 / 3.0).abs() < 1e-9 && (webinar.capped - 10.0 / 3.0).abs() < 1e-9
    );
    assert_eq!(engine.score(10.0 * day), 50.0);
}

mod scenario;

#[test]
fn the_fixed_scenario_scores_as_recorded() {
    let score = scenario::final_score();
    assert_eq!(
        score.to_bits(),
        scenario::EXPECTED_SCORE_BITS,
        "score {score} = bits {:#x}",
        score.to_bits()
    );
}

#[test]
fn any_activity_after_the_session_limit_starts_a_visit() {
    let minute = 60_000.0;
    let mut engine = engine(json!({ "rules": [
        { "id": "returning", "on": "visit", "where": { "returning": true }, "points": 10, "limit": 5 },
        { "id": "newsletter", "on": "visit", "where": { "utm_source": "newsletter" }, "points": 7 },
    ]}));
    let landing = event(
        "page_view",
        json!({ "path": "/", "query": "?utm_source=newsletter" }),
    );
    assert_eq!(
        engine.handle(&landing.view(), 0.0).hits.len(),
        1,
        "first visit, from the newsletter"
    );
    assert!(engine
        .handle(&page_view("/a").view(), 29.0 * minute)
        .hits
        .is_empty());
    let idle_then_input = engine.resume(
        &event("visit", json!({ "path": "/a" })).props,
        60.0 * minute,
    );
    assert_eq!(
        idle_then_input.hits.len(),
        1,
        "input after 31 idle minutes is a returning visit"
    );
    assert!(
        engine
            .handle(&page_view("/b").view(), 61.0 * minute)
            .hits
            .is_empty(),
        "same visit"
    );
    let custom = engine.handle(&event("webinar", json!({})).view(), 100.0 * minute);
    assert_eq!(
        custom.hits.len(),
        1,
        "a custom event after a pause starts a visit too"
    );
}
