//! The JavaScript edge: the functions the loader (`src/js/loader.js`) calls. Each converts its
//! JS arguments, runs the widget, and reports through the loader's `emit` function; none throws.

mod runtime;

use crate::browser::convert::{from_js, to_js};
use crate::core::config::Config;
use crate::core::engine::{contributions_value, State};
use crate::core::event::props_from_value;
use crate::core::simulate::{parse_events, simulate as replay};
use crate::core::Value;
use wasm_bindgen::prelude::*;

/// Gives the widget the loader's `emit(type, detail)`, through which every event leaves.
#[wasm_bindgen]
pub fn connect(emit: js_sys::Function) {
    runtime::connect(emit);
}

/// `LeadScore('init', config)`; true when the widget started.
#[wasm_bindgen]
pub fn init(config: JsValue) -> bool {
    runtime::init(&from_js(&config))
}

/// `LeadScore('track', name, props?)`.
#[wasm_bindgen]
pub fn track(name: JsValue, props: JsValue) {
    let Some(name) = name.as_string().filter(|n| !n.is_empty()) else {
        return runtime::invalid_call("track: expected an event name (a non-empty string)");
    };
    match props_from_value(&from_js(&props), "track: props") {
        Ok(props) => runtime::record(&name, props),
        Err(message) => runtime::invalid_call(&message),
    }
}

/// `LeadScore('identify', attributes)`.
#[wasm_bindgen]
pub fn identify(attributes: JsValue) {
    match props_from_value(&from_js(&attributes), "identify: attributes") {
        Ok(props) => runtime::record("identify", props),
        Err(message) => runtime::invalid_call(&message),
    }
}

/// `LeadScore('consent', 'granted' | 'denied')`.
#[wasm_bindgen]
pub fn consent(choice: JsValue) {
    match choice.as_string().as_deref() {
        Some("granted") => runtime::grant_consent(),
        Some("denied") => runtime::stop(true),
        _ => runtime::invalid_call("consent: expected 'granted' or 'denied'"),
    }
}

/// `LeadScore('reset')`.
#[wasm_bindgen]
pub fn reset() {
    runtime::reset();
}

/// `LeadScore('forget')`.
#[wasm_bindgen]
pub fn forget() {
    runtime::stop(true);
}

/// `LeadScore('destroy')`.
#[wasm_bindgen]
pub fn destroy() {
    runtime::stop(false);
}

/// `LeadScore.state()`.
#[wasm_bindgen]
pub fn state() -> JsValue {
    to_js(
        &runtime::read(|engine, now| engine.state(now).to_value())
            .unwrap_or_else(|| State::empty().to_value()),
    )
}

/// `LeadScore.explain()`.
#[wasm_bindgen]
pub fn explain() -> JsValue {
    to_js(
        &runtime::read(|engine, now| contributions_value(&engine.explain(now)))
            .unwrap_or(Value::Array(Vec::new())),
    )
}

/// `LeadScore.simulate(config, events)`: `{ timeline, state }`, or `{ timeline: [], state,
/// error: { code, message } }` for a bad config or event list.
#[wasm_bindgen]
pub fn simulate(config: JsValue, events: JsValue) -> JsValue {
    let config =
        Config::parse(&from_js(&config)).map_err(|e| ("invalid_config", e.message().to_owned()));
    let result = config.and_then(|config| {
        let events = parse_events(&from_js(&events)).map_err(|m| ("invalid_call", m))?;
        Ok(replay(config, &events))
    });
    to_js(&result.unwrap_or_else(|(code, message)| {
        Value::object([
            ("timeline", Value::Array(Vec::new())),
            ("state", State::empty().to_value()),
            ("error", runtime::error_detail(code, &message)),
        ])
    }))
}
