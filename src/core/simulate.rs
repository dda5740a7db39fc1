//! `simulate(config, events)`: replays a list of events through a rule set with the same engine
//! as live scoring, touching nothing, so a rule set can be tried before it goes live.

use super::config::Config;
use super::engine::Engine;
use super::event::{props_from_value, Event};
use super::ledger::Ledger;
use super::text::{field, index};
use super::value::Value;

/// One event of a simulation: `{ on, at /* ms */, props }`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent {
    pub at: f64,
    pub event: Event,
}

/// Reads the event list; errors name the entry (`events[3].at: expected a number`).
pub fn parse_events(value: &Value) -> Result<Vec<TimedEvent>, String> {
    let Value::Array(items) = value else {
        let mut message = String::from("events: expected a list, got ");
        message.push_str(value.kind());
        return Err(message);
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = index("events", i);
            let problem = |key: &str, what: &str| {
                let mut message = field(&path, key);
                message.push_str(": expected ");
                message.push_str(what);
                message
            };
            let on = item
                .get("on")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| problem("on", "an event name"))?;
            let at = item
                .get("at")
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite())
                .ok_or_else(|| problem("at", "a time in ms"))?;
            let props = props_from_value(
                item.get("props").unwrap_or(&Value::Null),
                &field(&path, "props"),
            )?;
            Ok(TimedEvent {
                at,
                event: Event::new(on, props),
            })
        })
        .collect()
}

/// Replays `events` in order and returns `{ timeline: [{ at, score, rule }], state }`.
pub fn simulate(config: Config, events: &[TimedEvent]) -> Value {
    let start = events.first().map_or(0.0, |e| e.at);
    let ledger = Ledger::new(config.rules.len());
    let mut engine = Engine::new(config, ledger, start);
    let mut timeline = Vec::new();
    let mut last = start;
    for timed in events {
        last = timed.at;
        for hit in engine.handle(&timed.event, timed.at).hits {
            timeline.push(Value::object([
                ("at", Value::Number(timed.at)),
                ("score", Value::Number(hit.score)),
                ("rule", Value::str(engine.rule_id(hit.rule))),
            ]));
        }
    }
    Value::object([
        ("timeline", Value::Array(timeline)),
        ("state", engine.state(last).to_value()),
    ])
}
