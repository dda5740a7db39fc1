//! Decoding the stored state: any JSON either decodes against a fixed rule set or is `Corrupt` —
//! never a panic. What decodes re-encodes to the same state: decode(encode(x)) == x and
//! encode(decode(encode(x))) == encode(x). An engine started from it keeps that true while it
//! scores, merges and resets, and its ledger and the stored one merge the same either way round.
#![no_main]

use std::sync::OnceLock;

use leadscore::core::config::Config;
use leadscore::core::ledger::Ledger;
use leadscore::core::{Engine, Value};
use leadscore_fuzz::{assert_merge_commutes, assert_round_trip, input, state_config, OwnedEvent};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(state_config)
}

fn event(name: &str, props: &[(&str, Value)]) -> OwnedEvent {
    OwnedEvent::new(
        name,
        props
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fuzz_target!(|data: &[u8]| {
    let Some(stored) = input(data) else { return };
    let config = config();
    let Ok(ledger) = Ledger::decode(&stored, &config.rules) else {
        return;
    };
    assert_round_trip(&ledger, config);

    // Another tab, with a fresh history, merges it.
    assert_merge_commutes(&Ledger::new(config.rules.len()), &ledger, config);

    // The widget starts from it and scores, around the stored times and far from them.
    let last = ledger.session.last_seen;
    for now in [
        last + 1000.0,
        last - 1000.0,
        last + 400.0 * 86_400_000.0,
        0.0,
    ] {
        if !now.is_finite() {
            continue;
        }
        let mut engine = Engine::new(config.clone(), ledger.clone(), now);
        let _ = engine.state(now);
        // Input with no event first: a year later it starts a visit.
        let context = event(
            "page_view",
            &[
                ("path", Value::str("/")),
                ("query", Value::str("?utm_term=x")),
            ],
        );
        engine.resume(&context.props, now);
        assert_round_trip(engine.ledger(), config);
        let events = [
            event(
                "page_view",
                &[
                    ("path", Value::str("/pricing/teams")),
                    (
                        "query",
                        Value::str("?utm_source=fuzz&utm_medium=%F0%9F%92%A5"),
                    ),
                ],
            ),
            event("download", &[("extension", Value::str("pdf"))]),
            event("dwell", &[("seconds", Value::Number(90.0))]),
            event("identify", &[("role", Value::str("VP Sales"))]),
            event("demo_request", &[]),
            event("page_view", &[("path", Value::str("/careers"))]),
        ];
        for e in &events {
            engine.handle(&e.view(), now);
            assert_round_trip(engine.ledger(), config);
        }
        let _ = engine.explain(now);
        assert_merge_commutes(&ledger, engine.ledger(), config);
        engine.merge(&ledger, now);
        assert_round_trip(engine.ledger(), config);
        engine.reset(now);
        assert_round_trip(engine.ledger(), config);
        assert_merge_commutes(&ledger, engine.ledger(), config);
    }
});
