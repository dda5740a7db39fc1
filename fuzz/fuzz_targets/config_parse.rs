//! Config parsing: any JSON (with `"__fn__"` standing for a JS function) either parses or is a
//! `ConfigError` — never a panic. A config that parses then drives an engine through events
//! derived from the same input (handled, and as `resume` context), and `simulate`, without
//! panicking; the engine's ledger must store and read back as itself after every step, and two
//! tabs' ledgers must merge to the same state whichever side merges.
//!
//! The input is a config, or `[config, events]` where events is a `simulate` event list
//! (`[{ "on": ..., "at": ..., "props": {...} }]`) replayed after the derived ones.
#![no_main]

use leadscore::core::ledger::Ledger;
use leadscore::core::simulate::{parse_events, simulate, TimedEvent};
use leadscore::core::tape::Writer;
use leadscore::core::{Config, Engine, Value};
use leadscore_fuzz::{
    assert_merge_commutes, assert_round_trip, events_for, input, stored, Material, START,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(value) = input(data) else { return };
    let (config_value, listed) = match &value {
        Value::Array(pair) if pair.len() == 2 => (&pair[0], parse_events(&pair[1]).ok()),
        _ => (&value, None),
    };
    let Ok(config) = Config::parse(config_value) else {
        return;
    };
    let material = Material::of(&value);
    let derived = events_for(&config, &material);
    let mut events: Vec<_> = derived.iter().map(|(at, e)| (*at, e.view())).collect();
    for timed in listed.unwrap_or_default() {
        events.push((timed.at, timed.event));
    }

    let mut engine = Engine::new(config.clone(), Ledger::new(config.rules.len()), START);
    for (i, (at, event)) in events.iter().enumerate() {
        if i % 4 == 3 {
            // Input with no event (after a pause, it starts a visit), with this page's context.
            engine.resume(event.props, *at);
            assert_round_trip(engine.ledger(), &config);
        }
        let outcome = engine.handle(event, *at);
        for hit in &outcome.hits {
            let _ = engine.rule_id(hit.rule);
        }
        if let Some(lead) = &outcome.qualified {
            lead.write(&mut Writer(&mut Vec::new()));
        }
        assert_round_trip(engine.ledger(), &config);
    }
    let end = events.last().map_or(START, |(at, _)| *at);
    engine.write_state(end, &mut Writer(&mut Vec::new()));
    // The state reads its groups back from what `write_state` writes: one per configured group.
    assert_eq!(engine.state(end).groups.len(), config.groups.len());
    let _ = engine.explain(end);
    // Another tab's copy of the same history, read back from its stored form.
    let stored = stored(engine.ledger(), &config);
    if let Ok(other) = Ledger::decode(&stored, &config.rules) {
        engine.merge(&other, end);
    }
    engine.touch(end);
    engine.reset(end + 1.0);
    assert_round_trip(engine.ledger(), &config);
    if let Some((at, event)) = events.first() {
        engine.handle(event, at.max(end + 2.0));
        assert_round_trip(engine.ledger(), &config);
    }

    // Two tabs from the same start, each seeing every other event, then one of them reset.
    let mut tabs =
        [0, 1].map(|_| Engine::new(config.clone(), Ledger::new(config.rules.len()), START));
    for (i, (at, event)) in events.iter().enumerate() {
        tabs[i % 2].handle(event, *at);
    }
    assert_merge_commutes(tabs[0].ledger(), tabs[1].ledger(), &config);
    tabs[0].reset(end);
    assert_merge_commutes(tabs[0].ledger(), tabs[1].ledger(), &config);

    let timed: Vec<TimedEvent> = events
        .into_iter()
        .map(|(at, event)| TimedEvent { at, event })
        .collect();
    simulate(config, &timed, &mut Writer(&mut Vec::new()));
});
