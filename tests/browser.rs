//! The middle tier: the core and its ops compiled to wasm, driven from JavaScript in headless
//! Chromium the way the shipped module is — through `ls_reserve`/`ls_call`/`ls_output` and the
//! module's memory, with the page's tape codec (`src/js/tape.js`). Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
//! (scripts/test.sh does). Natively this file compiles to nothing.
//!
//! The test binary links std (the `standalone` feature is off), so what differs from the shipped
//! module is only its allocator and panic handler; the exports, the tape and the ops are the same.
#![cfg(target_arch = "wasm32")]

use leadscore::core::tape;
use leadscore::core::widget::op;
use leadscore::core::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/js/tape.js")]
extern "C" {
    /// The page's encoder, `encode(value, use)`: it hands the bytes to `use`.
    #[wasm_bindgen(thread_local_v2, js_name = encode)]
    static ENCODE: JsValue;
    /// The page's decoder, `decode(bytes, view, start)`.
    #[wasm_bindgen(thread_local_v2, js_name = decode)]
    static DECODE: JsValue;
}

/// The page's encoder: a JS value → tape bytes.
fn encode(value: &JsValue) -> Vec<u8> {
    ENCODE.with(|encode| encode_with(encode, value))
}

/// The page's decoder: tape bytes → a JS value.
fn decode(bytes: &[u8]) -> JsValue {
    DECODE.with(|decode| decode_with(decode, bytes))
}

#[wasm_bindgen(inline_js = r#"
// What src/js/core.js does for each call: the input tape into the reserved buffer, the call at
// time `now`, the output read back from memory (re-read: a call may grow it).
export function raw_call(exports, op, now, bytes) {
  const at = exports.ls_reserve(bytes.length);
  new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
  const length = exports.ls_call(op, bytes.length, now);
  return new Uint8Array(exports.memory.buffer, exports.ls_output(), length).slice();
}

// The page's codec called as src/js/core.js calls it.
export function encode_with(encode, value) { return encode(value, (bytes, length) => bytes.slice(0, length)); }
export function decode_with(decode, bytes) {
  return decode(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
}

export function awkward_values() {
  return {
    numbers: [NaN, -0, 0, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, -12.5],
    text: ['', 'grüße 💥', '__proto__', 'a\u0000b', '\u2028'],
    nested: { a: [[[]]], b: { c: null }, t: true, f: false },
    __proto__key: JSON.parse('{"__proto__": 1}'),
  };
}

// Deep equality that tells -0 from 0 and equates NaN with NaN (Object.is), own keys in order.
export function same(a, b) {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same(a[k], b[k]));
}

export function bytes_of_memory(exports) { return exports.memory.buffer.byteLength; }
export function parse(text) { return JSON.parse(text); }
export function stringify(value) { return JSON.stringify(value); }
export function evaluate(source) { return (0, eval)(source); }
"#)]
extern "C" {
    fn raw_call(exports: &JsValue, op: u32, now: f64, bytes: &[u8]) -> Vec<u8>;
    fn encode_with(encode: &JsValue, value: &JsValue) -> Vec<u8>;
    fn decode_with(decode: &JsValue, bytes: &[u8]) -> JsValue;
    fn awkward_values() -> JsValue;
    fn same(a: &JsValue, b: &JsValue) -> bool;
    fn bytes_of_memory(exports: &JsValue) -> f64;
    fn parse(text: &str) -> JsValue;
    fn stringify(value: &JsValue) -> String;
    /// Evaluates a JS expression (for values JSON cannot write, such as functions).
    fn evaluate(source: &str) -> JsValue;
}

/// Runs `op` at `now` on a JS value through the module's exports and memory, with the page's
/// codec.
fn call_op(exports: &JsValue, op: u32, now: f64, input: &JsValue) -> JsValue {
    decode(&raw_call(exports, op, now, &encode(input)))
}

/// The module's own exports (`ls_reserve`, `ls_call`, `ls_output`, `memory`), as the page's
/// JavaScript sees them.
fn exports() -> JsValue {
    wasm_bindgen::exports()
}

/// Runs an op at `now` through the exports with a JS value in and out, as the widget's
/// JavaScript does.
fn call(op: u32, now: f64, input: &str) -> JsValue {
    call_op(&exports(), op, now, &parse(input))
}

/// `call`, then the answer as JSON text (numbers as JSON writes them).
fn call_json(op: u32, now: f64, input: &str) -> String {
    stringify(&call(op, now, input))
}

fn fresh() {
    call(op::CLOSE, f64::NAN, "null");
}

#[wasm_bindgen_test]
fn a_js_value_crosses_both_codecs_bit_for_bit() {
    let original = awkward_values();
    let bytes = encode(&original);
    let value = tape::decode(&bytes).expect("the page's tape decodes");
    let numbers = match value.get("numbers") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_f64).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let bits: Vec<u64> = numbers.iter().map(|n| n.to_bits()).collect();
    let expected = [
        f64::NAN,
        -0.0,
        0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        5e-324,
        f64::MAX,
        -12.5,
    ];
    assert_eq!(bits.len(), expected.len());
    for (got, want) in numbers.iter().zip(expected) {
        assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()));
    }
    assert_eq!(
        value.get("text"),
        Some(&Value::Array(
            ["", "grüße 💥", "__proto__", "a\0b", "\u{2028}"]
                .map(Value::str)
                .to_vec()
        ))
    );
    let mut again = Vec::new();
    tape::encode(&value, &mut again);
    assert_eq!(again, bytes, "Rust writes the bytes the page wrote");
    assert!(
        same(&decode(&again), &original),
        "and the page reads them back as they were"
    );
}

#[wasm_bindgen_test]
fn a_function_is_recognised_and_reads_back_as_nothing_harmful() {
    let bytes = encode(&parse("{}"));
    assert_eq!(bytes, [6, 0, 0, 0, 0]);
    assert_eq!(tape::decode(&[7]), Ok(Value::Function));
    let configured = call_op(
        &exports(),
        op::CONFIGURE,
        f64::NAN,
        &evaluate("({ rules: [{ id: 'a', on: 'a', points: 1 }], onQualified: function () {} })"),
    );
    assert!(stringify(&configured).starts_with(r#"{"settings":"#));
    let wrong = call_op(
        &exports(),
        op::CONFIGURE,
        f64::NAN,
        &evaluate("({ rules: [{ id: 'a', on: 'a', points: () => 1 }] })"),
    );
    assert_eq!(
        stringify(&wrong),
        r#"{"error":"rules[0].points: expected a number, got a function"}"#
    );
}

#[wasm_bindgen_test]
fn the_ops_in_sequence_through_the_exports() {
    fresh();
    let config = r#"{ "threshold": 30, "tiers": [{ "name": "warm", "min": 10 }], "rules": [
        { "id": "pricing", "on": "page_view", "url": "/pricing*", "points": 20 },
        { "id": "demo", "on": "demo", "points": 15 } ] }"#;
    let settings = call_json(op::CONFIGURE, f64::NAN, config);
    assert!(
        settings.contains(r#""storageKey":"leadscore""#),
        "{settings}"
    );
    assert_eq!(call_json(op::OPEN, 1000.0, "null"), r#""empty""#);
    let context =
        r#"{ "path": "/pricing", "query": "?utm_source=x", "title": "P", "referrer": "" }"#;
    let view = call_json(
        op::EVENT,
        2000.0,
        &format!(r#"["page_view", {{}}, null, null, {context}]"#),
    );
    assert_eq!(
        view,
        r#"[[["score",[20,20,"pricing"]],["tier",{"tier":"warm","previous":null,"score":20}]],true]"#
    );
    assert_eq!(
        call_json(op::LEDGER, f64::NAN, "null"),
        r#"{"store":{"v":1,"epoch":0,"rules":{"pricing":[1,1,2000,0]},"qualifiedAt":null,"visit":[1,2000],"utm":{"utm_source":"x"}}}"#
    );
    let demo = call_json(
        op::EVENT,
        3000.0,
        &format!(r#"["demo", {{}}, null, null, {context}]"#),
    );
    assert!(
        demo.starts_with(r#"[[["score",[35,15,"demo"]],["qualified",{"score":35,"threshold":30,"tier":"warm","qualifiedAt":3000,"#),
        "{demo}"
    );
    assert_eq!(
        call_json(op::STATE, 4000.0, "null"),
        r#"[35,30,3000,"warm",{}]"#
    );
    // The time crosses as an f64: one that is not finite is refused, not read as some number.
    assert_eq!(
        call_json(op::STATE, f64::NAN, "null"),
        r#"{"error":"now: expected a time in ms"}"#
    );
    // Another tab's older entry: nothing moves, this tab holds more and writes back.
    let merged = call_json(
        op::MERGE,
        5000.0,
        r#"{ "v": 1, "epoch": 0, "rules": { "pricing": [1, 1, 2000, 0] }, "visit": [1, 2000] }"#,
    );
    assert_eq!(merged, r#"[[],true]"#);
    assert_eq!(call_json(op::MERGE, 5000.0, "false"), r#"{"ignored":true}"#);
    let reset = call_json(op::RESET, 6000.0, "null");
    assert_eq!(
        reset,
        r#"[[["score",[0,-35,null]],["tier",{"tier":null,"previous":"warm","score":0}]],true]"#
    );
    assert_eq!(call_json(op::CLOSE, f64::NAN, "null"), "null");
    assert_eq!(
        call_json(op::EVENT, 7000.0, r#"["demo", {}]"#),
        r#"{"error":"demo: call init first"}"#
    );
}

#[wasm_bindgen_test]
fn malformed_tapes_and_unknown_ops_answer_an_error_and_the_module_goes_on() {
    fresh();
    let error_of = |bytes: &[u8], op: u32| {
        let out = raw_call(&exports(), op, 1.0, bytes);
        tape::decode(&out).map(|v| v.get("error").cloned())
    };
    let cases: [(&[u8], &str); 5] = [
        (&[], "tape: truncated"),
        (&[9], "tape: unknown tag"),
        (
            &[6, 255, 255, 255, 255],
            "tape: a count larger than the bytes left",
        ),
        (&[4, 1, 0, 0, 0, 0xff], "tape: invalid UTF-8"),
        (&[0, 0], "tape: bytes after the value"),
    ];
    for (bytes, message) in cases {
        assert_eq!(
            error_of(bytes, op::CONFIGURE),
            Ok(Some(Value::str(message)))
        );
    }
    let deep: Vec<u8> = std::iter::repeat_n([5u8, 1, 0, 0, 0], 100)
        .flatten()
        .chain([0])
        .collect();
    assert_eq!(
        error_of(&deep, op::STATE),
        Ok(Some(Value::str("tape: nested deeper than 64")))
    );
    assert_eq!(
        error_of(&[0], 4_000_000_000),
        Ok(Some(Value::str("unknown op")))
    );
    // A length beyond the reserved buffer is refused, not read past.
    let at = leadscore::wasm::ls_reserve(1);
    assert_ne!(at, 0);
    let out_len = leadscore::wasm::ls_call(op::STATE, 1_000_000, 1.0);
    let out = raw_output(out_len);
    assert_eq!(
        tape::decode(&out).map(|v| v.get("error").cloned()),
        Ok(Some(Value::str("tape: truncated")))
    );
    assert_eq!(
        call_json(op::STATE, 1.0, "null"),
        r#"[0,100,null,null,{}]"#,
        "still answering"
    );
}

/// The last output, read straight from the module's memory.
fn raw_output(len: u32) -> Vec<u8> {
    let at = leadscore::wasm::ls_output() as usize;
    // SAFETY: `ls_output` points at the module's output buffer, which holds `len` bytes until
    // the next call; this test makes none meanwhile.
    unsafe { std::slice::from_raw_parts(at as *const u8, len as usize) }.to_vec()
}

#[wasm_bindgen_test]
fn a_steady_stream_of_events_does_not_grow_memory() {
    fresh();
    call(
        op::CONFIGURE,
        f64::NAN,
        r#"{ "rules": [{ "id": "a", "on": "a", "points": 1, "limit": 100000 }, { "id": "p", "on": "page_view", "points": 1, "limit": 5 }] }"#,
    );
    call(op::OPEN, 0.0, "null");
    let event = parse(
        r#"["a", { "plan": "pro" }, null, null, { "path": "/", "query": "", "title": "T", "referrer": "" }]"#,
    );
    let exports = exports();
    for _ in 0..2_000 {
        call_op(&exports, op::EVENT, 1.0, &event);
    }
    let before = bytes_of_memory(&exports);
    for _ in 0..20_000 {
        call_op(&exports, op::EVENT, 1.0, &event);
    }
    assert_eq!(bytes_of_memory(&exports), before);
}

mod scenario;

#[wasm_bindgen_test]
fn wasm_scores_the_fixed_scenario_to_the_same_bit_as_native() {
    assert_eq!(
        scenario::final_score().to_bits(),
        scenario::EXPECTED_SCORE_BITS
    );
}
