//! Config parsing: any JSON (with `"__fn__"` standing for a JS function) either parses or is a
//! `ConfigError` — never a panic. A config that parses then drives an engine through events
//! derived from the same input (handled, and as `resume` context) without panicking; the
//! engine's ledger must store and read back as itself after every step, and two tabs' ledgers
//! must merge to the same state whichever side merges. Then the events are replayed through the
//! widget's ops as the script's `simulate` replays them, on a fresh widget while a running one
//! is set aside, which must come back as it was.
//!
//! The input is a config, or `[config, events]` where events is a `simulate` event list
//! (`[{ "on": ..., "at": ..., "props": {...} }]`) replayed after the derived ones.
#![no_main]

use leadscore::core::ledger::Ledger;
use leadscore::core::tape::Writer;
use leadscore::core::widget::{op, Widget};
use leadscore::core::{Config, Engine, Value};
use leadscore_fuzz::{
    assert_merge_commutes, assert_round_trip, events_for, input, listed_events, stored, Material,
    START,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(value) = input(data) else { return };
    let (config_value, listed) = match &value {
        Value::Array(pair) if pair.len() == 2 => (&pair[0], listed_events(&pair[1])),
        _ => (&value, Vec::new()),
    };
    let Ok(config) = Config::parse(config_value) else {
        return;
    };
    let material = Material::of(&value);
    let derived = events_for(&config, &material);
    let events: Vec<_> = derived
        .iter()
        .chain(&listed)
        .map(|(at, e)| (*at, e.view()))
        .collect();

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

    // The events replayed through the ops on a fresh widget, the running one set aside.
    let mut widget = Widget::new();
    let mut call = |op: u32, now: f64, input: Value| {
        let mut out = Vec::new();
        widget.call(op, now, &input, &mut out);
        out
    };
    call(op::CONFIGURE, f64::NAN, config_value.clone());
    call(op::OPEN, START, Value::Null);
    call(
        op::EVENT,
        START,
        Value::Array(vec![Value::str("page_view")]),
    );
    let running = call(op::STATE, end, Value::Null);
    call(op::ASIDE, f64::NAN, Value::Bool(true));
    call(op::CONFIGURE, f64::NAN, config_value.clone());
    call(op::OPEN, START, Value::Null);
    for (at, event) in &events {
        let name = Value::str(event.name);
        let input = Value::Array(vec![name, Value::Object(event.props.to_vec())]);
        call(op::EVENT, *at, input);
    }
    call(op::STATE, end, Value::Null);
    call(op::ASIDE, f64::NAN, Value::Bool(false));
    assert_eq!(call(op::STATE, end, Value::Null), running);
});
