//! The middle tier: the browser layer (`leadscore::browser`) against a real DOM in headless
//! Chromium. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
//! (scripts/test.sh does). Natively this file compiles to nothing.
//!
//! Every test that changes a browser global (Storage.prototype.setItem, window.localStorage,
//! the URL through history) restores it before asserting, so a failed assertion (a trap in wasm, which skips destructors)
//! never leaves the page broken for the tests after it.
#![cfg(target_arch = "wasm32")]

use leadscore::browser::convert::{from_js, to_js};
use leadscore::browser::listener::Listener;
use leadscore::browser::storage::{StorageProblem, Store};
use leadscore::browser::timer::Timer;
use leadscore::browser::tracker::{Settings, Signal, Sink, Tracker};
use leadscore::core::config::StorageKind;
use leadscore::core::{Event, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function break_set_item() {
  const saved = Storage.prototype.setItem;
  Storage.prototype.setItem = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  return saved;
}
export function restore_set_item(saved) { Storage.prototype.setItem = saved; }

export function block_local_storage() {
  const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  });
  return own;
}
export function restore_local_storage(own) {
  if (own) Object.defineProperty(window, 'localStorage', own);
  else delete window.localStorage;
}

export function local_item(key) { return window.localStorage.getItem(key); }
export function remove_local_item(key) { window.localStorage.removeItem(key); }

export function nested_object() {
  return { name: 'Ada', visits: 3, pro: true, gone: null, tags: ['a', 1, false], deep: { x: { y: [ { z: 'end' } ] } } };
}
export function cyclic_object() { const a = { name: 'loop' }; a.self = a; return a; }
export function throwing_getter() {
  return { ok: 1, get bad() { throw new Error('getter says no'); } };
}
export function with_function() { return { onQualified: function () {}, plan: 'pro' }; }
export function exotic_values() {
  const revoked = Proxy.revocable({}, {}); revoked.revoke();
  const getter_in_array = [1, 2];
  Object.defineProperty(getter_in_array, 0, { get() { throw new Error('no'); } });
  return [
    new Proxy({}, { ownKeys() { throw new Error('no keys'); } }),
    revoked.proxy,
    getter_in_array,
    new Proxy([1], { get(t, k) { if (k === 'length') throw new Error('no length'); return t[k]; } }),
  ];
}
export function a_function() { return () => 1; }
export function is_undefined(v) { return v === undefined; }

// Clicks `el`; returns how many exceptions listeners threw meanwhile.
export function click(el) {
  // A real (MouseEvent) click would follow the link; cancel it at the target, after the
  // tracker's capture-phase listener on document has seen it.
  el.addEventListener('click', (e) => e.preventDefault(), { once: true });
  return with_errors_counted(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
}

// Dispatches an event of `type` at `target`; returns how many exceptions its listeners threw
// (a listener left registered after its Rust closure was dropped throws when called).
export function dispatch_counting_errors(target, type) {
  return with_errors_counted(() => target.dispatchEvent(new Event(type)));
}
function with_errors_counted(f) {
  let errors = 0;
  const count = (e) => { errors += 1; e.preventDefault(); };
  window.addEventListener('error', count);
  try { f(); } finally { window.removeEventListener('error', count); }
  return errors;
}

export function current_url() { return location.pathname + location.search + location.hash; }
export function history_push(url) { history.pushState(null, '', url); }
export function history_replace(url) { history.replaceState(null, '', url); }
export function push_state_function() { return history.pushState; }

export function next_macrotask() { return new Promise((resolve) => setTimeout(resolve, 0)); }
"#)]
extern "C" {
    fn break_set_item() -> JsValue;
    fn restore_set_item(saved: JsValue);
    fn block_local_storage() -> JsValue;
    fn restore_local_storage(own: JsValue);
    fn local_item(key: &str) -> Option<String>;
    fn remove_local_item(key: &str);
    fn nested_object() -> JsValue;
    fn cyclic_object() -> JsValue;
    fn throwing_getter() -> JsValue;
    fn with_function() -> JsValue;
    fn exotic_values() -> js_sys::Array;
    fn a_function() -> JsValue;
    fn is_undefined(v: &JsValue) -> bool;
    fn click(el: &web_sys::Element) -> u32;
    fn dispatch_counting_errors(target: &web_sys::EventTarget, kind: &str) -> u32;
    fn current_url() -> String;
    fn history_push(url: &str);
    fn history_replace(url: &str);
    fn push_state_function() -> JsValue;
    fn next_macrotask() -> js_sys::Promise;
}

/// Lets every timeout armed with a delay of 0 before this call run (timeouts of equal delay
/// run in the order they were set).
async fn after_pending_timeouts() {
    let _ = wasm_bindgen_futures::JsFuture::from(next_macrotask()).await;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// An element appended to `<body>` with the given attributes; the caller removes it.
fn element(tag: &str, attributes: &[(&str, &str)]) -> web_sys::Element {
    let el = document().create_element(tag).unwrap();
    for (name, value) in attributes {
        el.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    el
}

// ---- storage.rs ----

#[wasm_bindgen_test]
fn local_store_writes_to_local_storage_and_reads_back() {
    let key = "leadscore-test-local";
    remove_local_item(key);
    let (mut store, problem) = Store::open(StorageKind::Local);
    assert!(matches!(store, Store::Web(_)));
    assert_eq!(problem, None);
    assert_eq!(store.read(key), Ok(None));

    assert_eq!(store.write(key, "{\"v\":1}".into()), Ok(()));
    assert_eq!(store.read(key), Ok(Some("{\"v\":1}".into())));
    assert_eq!(local_item(key).as_deref(), Some("{\"v\":1}"));
    remove_local_item(key);
}

#[wasm_bindgen_test]
fn erase_everywhere_deletes_every_stored_state_and_nothing_else() {
    let state = r#"{"v":1,"epoch":0,"rules":{}}"#;
    let (mut local, _) = Store::open(StorageKind::Local);
    let (mut session, _) = Store::open(StorageKind::Session);
    local.write("leadscore", state.into()).unwrap();
    local.write("old-key", state.into()).unwrap();
    local.write("theme", "dark".into()).unwrap();
    session.write("leadscore", state.into()).unwrap();
    leadscore::browser::storage::erase_everywhere(None);
    assert_eq!(local.read("leadscore"), Ok(None));
    assert_eq!(local.read("old-key"), Ok(None));
    assert_eq!(session.read("leadscore"), Ok(None));
    assert_eq!(local.read("theme"), Ok(Some("dark".into())));
    remove_local_item("theme");
}

#[wasm_bindgen_test]
fn memory_store_never_touches_local_storage() {
    let key = "leadscore-test-memory";
    remove_local_item(key);
    let (mut store, problem) = Store::open(StorageKind::Memory);
    assert!(matches!(store, Store::Memory(None)));
    assert_eq!(problem, None);

    assert_eq!(store.write(key, "kept".into()), Ok(()));
    assert_eq!(store.read(key), Ok(Some("kept".into())));
    assert_eq!(local_item(key), None);
}

#[wasm_bindgen_test]
fn full_storage_reports_full_and_keeps_the_text_in_memory() {
    let key = "leadscore-test-full";
    remove_local_item(key);
    let (mut store, _) = Store::open(StorageKind::Local);
    assert!(matches!(store, Store::Web(_)));

    let saved = break_set_item();
    let written = store.write(key, "{\"v\":2}".into());
    restore_set_item(saved);

    assert_eq!(written, Err(StorageProblem::Full));
    assert!(matches!(store, Store::Memory(_)));
    assert_eq!(store.read(key), Ok(Some("{\"v\":2}".into())));
    assert_eq!(local_item(key), None);
}

#[wasm_bindgen_test]
fn blocked_local_storage_falls_back_to_memory_and_says_unavailable() {
    let own = block_local_storage();
    let (mut store, problem) = Store::open(StorageKind::Local);
    let written = store.write("leadscore-test-blocked", "x".into());
    restore_local_storage(own);

    assert!(matches!(store, Store::Memory(_)));
    assert_eq!(problem, Some(StorageProblem::Unavailable));
    assert_eq!(written, Ok(()));
    assert_eq!(store.read("leadscore-test-blocked"), Ok(Some("x".into())));
    // The page is left as it was.
    assert!(matches!(
        Store::open(StorageKind::Local),
        (Store::Web(_), None)
    ));
}

// ---- listener.rs ----

#[wasm_bindgen_test]
fn listener_receives_events_until_dropped() {
    let target = document().create_element("div").unwrap();
    let count = Rc::new(Cell::new(0));
    let seen = count.clone();
    let listener = Listener::new(&target, "ping", false, move |_| seen.set(seen.get() + 1));

    assert_eq!(dispatch_counting_errors(&target, "ping"), 0);
    assert_eq!(count.get(), 1);

    drop(listener);
    // Removed, not merely dead: a listener left behind would throw (its closure is gone).
    assert_eq!(dispatch_counting_errors(&target, "ping"), 0);
    assert_eq!(count.get(), 1);
}

// ---- timer.rs ----

fn counting_timer() -> (Timer, Rc<Cell<u32>>) {
    let count = Rc::new(Cell::new(0));
    let fired = count.clone();
    (Timer::new(move || fired.set(fired.get() + 1)), count)
}

#[wasm_bindgen_test]
async fn armed_timer_fires() {
    let (mut timer, count) = counting_timer();
    timer.set(0.0);
    assert!(timer.is_armed());
    after_pending_timeouts().await;
    assert_eq!(count.get(), 1);
}

#[wasm_bindgen_test]
async fn cleared_timer_never_fires() {
    let (mut timer, count) = counting_timer();
    timer.set(0.0);
    timer.clear();
    assert!(!timer.is_armed());
    after_pending_timeouts().await;
    assert_eq!(count.get(), 0);
}

#[wasm_bindgen_test]
async fn rearming_replaces_the_pending_timeout() {
    let (mut timer, count) = counting_timer();
    timer.set(0.0);
    timer.set(0.0);
    after_pending_timeouts().await;
    assert_eq!(count.get(), 1);
}

// ---- convert.rs ----

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn nested_value() -> Value {
    obj(vec![
        ("name", Value::str("Ada")),
        ("visits", Value::Number(3.0)),
        ("pro", Value::Bool(true)),
        ("gone", Value::Null),
        (
            "tags",
            Value::Array(vec![
                Value::str("a"),
                Value::Number(1.0),
                Value::Bool(false),
            ]),
        ),
        (
            "deep",
            obj(vec![(
                "x",
                obj(vec![(
                    "y",
                    Value::Array(vec![obj(vec![("z", Value::str("end"))])]),
                )]),
            )]),
        ),
    ])
}

#[wasm_bindgen_test]
fn nested_js_object_reads_as_value() {
    assert_eq!(from_js(&nested_object()), nested_value());
}

#[wasm_bindgen_test]
fn nested_value_round_trips_through_js() {
    let js = to_js(&nested_value());
    assert!(js.is_object());
    assert_eq!(from_js(&js), nested_value());
}

#[wasm_bindgen_test]
fn cyclic_object_is_cut_off_with_null() {
    let value = from_js(&cyclic_object());
    assert_eq!(value.get("name"), Some(&Value::str("loop")));
    // Follow `self` down: a finite chain of objects that ends in null.
    let mut level = &value;
    let mut levels = 0;
    while let Value::Object(_) = level {
        level = level.get("self").expect("each level has `self`");
        levels += 1;
        assert!(levels < 100, "the cycle was not cut");
    }
    assert_eq!(*level, Value::Null);
}

#[wasm_bindgen_test]
fn throwing_getter_reads_as_null() {
    assert_eq!(
        from_js(&throwing_getter()),
        obj(vec![("ok", Value::Number(1.0)), ("bad", Value::Null)])
    );
}

#[wasm_bindgen_test]
fn functions_read_as_function_and_write_as_undefined() {
    assert_eq!(from_js(&a_function()), Value::Function);
    assert_eq!(
        from_js(&with_function()),
        obj(vec![
            ("onQualified", Value::Function),
            ("plan", Value::str("pro"))
        ])
    );
    assert!(is_undefined(&to_js(&Value::Function)));
}

/// Today each of these throws out of `from_js` (through js-sys imports not marked `catch`:
/// `Object::keys`, `Array::is_array`, `Array::iter`/`get`), despite convert.rs promising "never a
/// trap". The loader's try/catch turns it into an `invalid_call`, so it is not fatal.
#[wasm_bindgen_test]
fn exotic_values_read_without_throwing() {
    for value in exotic_values().iter() {
        let _ = from_js(&value);
    }
}

// ---- tracker.rs ----

/// A tracker signal, in a form tests can compare.
#[derive(Debug, PartialEq)]
enum Seen {
    Event(Event),
    Problem(String),
    /// Storage changed elsewhere, the page is being left, …: none of these tests expect one.
    Other,
}

type Log = Rc<RefCell<Vec<Seen>>>;

fn start_tracker() -> (Tracker, Log) {
    let log: Log = Rc::new(RefCell::new(Vec::new()));
    let into = log.clone();
    let sink: Sink = Rc::new(move |signal| {
        into.borrow_mut().push(match signal {
            Signal::Event(event) => Seen::Event(event),
            Signal::Problem(message) => Seen::Problem(message),
            _ => Seen::Other,
        })
    });
    let settings = Settings {
        idle_ms: 30_000.0,
        session_ms: 30.0 * 60_000.0,
        download_extensions: vec!["pdf".into(), "zip".into()],
        ..Settings::default()
    };
    let tracker = Tracker::start(settings, sink).expect("a window and a document");
    (tracker, log)
}

/// What the tracker reported since the last call.
fn take(log: &Log) -> Vec<Seen> {
    std::mem::take(&mut *log.borrow_mut())
}

fn page_view() -> Seen {
    Seen::Event(Event::new("page_view", Vec::new()))
}

#[wasm_bindgen_test]
fn tracker_reports_one_page_view_at_start() {
    let (_tracker, log) = start_tracker();
    assert_eq!(take(&log), vec![page_view()]);
}

#[wasm_bindgen_test]
fn click_on_a_document_link_is_a_download() {
    let (_tracker, log) = start_tracker();
    take(&log);
    let link = element("a", &[("href", "/x/guide.pdf")]);
    click(&link);
    link.remove();

    let seen = take(&log);
    let [Seen::Event(event)] = &seen[..] else {
        panic!("expected one event, got {seen:?}");
    };
    assert_eq!(event.name, "download");
    assert_eq!(event.text("extension"), "pdf");
    assert!(event.text("href").ends_with("/x/guide.pdf"), "{event:?}");
}

#[wasm_bindgen_test]
fn click_on_a_page_link_is_not_a_download() {
    let (_tracker, log) = start_tracker();
    take(&log);
    let link = element("a", &[("href", "/x/pricing")]);
    click(&link);
    link.remove();
    assert_eq!(take(&log), Vec::new());
}

#[wasm_bindgen_test]
fn click_on_a_tagged_element_is_its_custom_event() {
    let (_tracker, log) = start_tracker();
    take(&log);
    let button = element(
        "button",
        &[
            ("data-leadscore-event", "demo"),
            ("data-leadscore-props", r#"{"plan":"pro"}"#),
        ],
    );
    let inner = document().create_element("span").unwrap();
    button.append_child(&inner).unwrap();
    click(&inner);
    button.remove();

    assert_eq!(
        take(&log),
        vec![Seen::Event(Event::new(
            "demo",
            vec![("plan".into(), Value::str("pro"))]
        ))]
    );
}

#[wasm_bindgen_test]
fn malformed_tagged_props_are_reported_as_a_problem() {
    let (_tracker, log) = start_tracker();
    take(&log);
    let button = element(
        "button",
        &[
            ("data-leadscore-event", "demo"),
            ("data-leadscore-props", "{plan: pro"),
        ],
    );
    click(&button);
    button.remove();

    let seen = take(&log);
    let [Seen::Problem(message)] = &seen[..] else {
        panic!("expected one problem, got {seen:?}");
    };
    assert!(message.contains("data-leadscore-props"), "{message}");
    assert!(message.contains("demo"), "{message}");
}

#[wasm_bindgen_test]
fn push_state_to_a_new_address_is_a_page_view() {
    let start = current_url();
    let (tracker, log) = start_tracker();
    take(&log);
    history_push("?leadscore-test=push");
    let after_push = take(&log);
    // replaceState counts only when the path changes; this keeps the path.
    history_replace("?leadscore-test=replace");
    let after_replace = take(&log);
    drop(tracker);
    history_replace(&start);

    assert_eq!(after_push, vec![page_view()]);
    assert_eq!(after_replace, Vec::new());
}

#[wasm_bindgen_test]
fn dropping_the_tracker_restores_history_methods() {
    let original = push_state_function();
    let tracker = start_tracker().0;
    let wrapped = push_state_function();
    drop(tracker);
    let restored = push_state_function();

    assert_ne!(wrapped, original);
    assert_eq!(restored, original);
}

#[wasm_bindgen_test]
fn dropped_tracker_reports_nothing() {
    let start = current_url();
    let (tracker, log) = start_tracker();
    drop(tracker);
    take(&log);
    let link = element("a", &[("href", "/x/guide.pdf")]);
    let button = element("button", &[("data-leadscore-event", "demo")]);
    // Listeners removed, not merely dead: one left behind would throw (its closure is gone).
    assert_eq!(click(&link), 0);
    assert_eq!(click(&button), 0);
    link.remove();
    button.remove();
    history_push("?leadscore-test=after-drop");
    history_replace(&start);
    assert_eq!(take(&log), Vec::new());
}

mod scenario;

#[wasm_bindgen_test]
fn wasm_scores_the_fixed_scenario_to_the_same_bit_as_native() {
    assert_eq!(
        scenario::final_score().to_bits(),
        scenario::EXPECTED_SCORE_BITS
    );
}
