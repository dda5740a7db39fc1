//! `simulate(config, events)`: replays a list of events through a rule set with the same engine
//! as live scoring, touching nothing, so a rule set can be tried before it goes live.

use super::config::{Config, ConfigError, Fields};
use super::engine::Engine;
use super::event::{props_from_value, Event};
use super::ledger::Ledger;
use super::tape::Writer;
use super::text::index;
use super::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// One event of a simulation: `{ on, at /* ms */, props }`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent<'a> {
    pub at: f64,
    /// Borrowed from the event list it was read from.
    pub event: Event<'a>,
}

/// Reads the event list; errors name the entry (`events[3].at: expected a number`).
pub fn parse_events(value: &Value) -> Result<Vec<TimedEvent<'_>>, String> {
    let Value::Array(items) = value else {
        return Err(ConfigError::expected("events", "a list", value).into_message());
    };
    let mut events = Vec::new();
    let mut previous_at = f64::NEG_INFINITY;
    for (i, item) in items.iter().enumerate() {
        let path = index("events", i);
        let f = match Fields::new(item, &path, &["on", "at", "props"]) {
            Ok(f) => f,
            Err(e) => return Err(e.into_message()),
        };
        // Each error written out: a shared closure was a function of its own (−36 B gzip).
        let on = match f.get("on") {
            Some(Value::String(on)) if !on.is_empty() => on,
            _ => return Err(f.error("on", "expected an event name").into_message()),
        };
        let at = match f.get("at") {
            Some(&Value::Number(at)) if at.is_finite() => at,
            _ => return Err(f.error("at", "expected a time in ms").into_message()),
        };
        if at < previous_at {
            let problem = "earlier than the event before (list events in time order)";
            return Err(f.error("at", problem).into_message());
        }
        let props = props_from_value(f.get("props").unwrap_or(&Value::Null), &f.path_of("props"))?;
        previous_at = at;
        events.push(TimedEvent {
            at,
            event: Event::new(on, props),
        });
    }
    Ok(events)
}

/// Replays `events` in order and writes `{ timeline: [{ at, score, rule }], state }`.
pub fn simulate(config: Config, events: &[TimedEvent], w: &mut Writer) {
    let start = events.first().map_or(0.0, |e| e.at);
    let ledger = Ledger::new(config.rules.len());
    let mut engine = Engine::new(config, ledger, start);
    // The timeline's length is known only at the end: its entries wait in their own bytes.
    let mut entries = Vec::new();
    let mut count = 0;
    let mut last = start;
    for timed in events {
        last = timed.at;
        for hit in &engine.handle(&timed.event, timed.at).hits {
            let t = &mut Writer(&mut entries);
            t.object(3);
            t.key("at").num(timed.at);
            t.key("score").num(hit.score);
            t.key("rule").str(engine.rule_id(hit.rule));
            count += 1;
        }
    }
    w.object(2);
    w.key("timeline").array(count);
    w.0.extend_from_slice(&entries);
    w.key("state");
    engine.write_state(last, w);
}
