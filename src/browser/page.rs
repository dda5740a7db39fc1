//! What the page is: its context (path, query, title, referrer host) for every event, whether
//! it is visible and focused, and which link a click landed on.

use super::convert::parse_json;
use crate::core::event::{file_extension, props_from_value};
use crate::core::{Event, Value};
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlAnchorElement};

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// The page context every event carries: `path`, `query`, `title`, `referrer` (host).
pub fn context() -> Vec<(String, Value)> {
    let location = web_sys::window().map(|w| w.location());
    let read = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    let doc = document();
    let referrer = doc.as_ref().map(Document::referrer).unwrap_or_default();
    vec![
        (
            "path".into(),
            Value::String(read(web_sys::Location::pathname)),
        ),
        (
            "query".into(),
            Value::String(read(web_sys::Location::search)),
        ),
        (
            "title".into(),
            Value::String(doc.as_ref().map(Document::title).unwrap_or_default()),
        ),
        ("referrer".into(), Value::String(host_of(&referrer))),
    ]
}

/// `https://news.example.com/a?b` → `news.example.com`.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or("", |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_owned()
}

pub fn is_visible() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

pub fn has_focus() -> bool {
    document().and_then(|d| d.has_focus().ok()).unwrap_or(true)
}

/// True while the page is being prerendered and has not been shown yet.
pub fn is_prerendering() -> bool {
    document()
        .and_then(|d| js_sys::Reflect::get(&d, &"prerendering".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// True when the browser is driven by automation (`navigator.webdriver`).
pub fn is_automated() -> bool {
    navigator_flag("webdriver")
}

/// True when the visitor's browser sends Global Privacy Control.
pub fn has_global_privacy_control() -> bool {
    navigator_flag("globalPrivacyControl")
}

/// A boolean property of `navigator` that not every browser (or web-sys) knows; `false` if absent.
fn navigator_flag(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &name.into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A link to a document: the props of a `download` event, when the click landed on a link
/// with the `download` attribute or with one of `extensions`.
pub fn download_link(
    event: &web_sys::Event,
    extensions: &[String],
) -> Option<Vec<(String, Value)>> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target
        .closest("a[href]")
        .ok()??
        .dyn_into::<HtmlAnchorElement>()
        .ok()?;
    let extension = file_extension(&anchor.pathname());
    let is_document = anchor.has_attribute("download") || extensions.contains(&extension);
    is_document.then(|| {
        vec![
            ("href".into(), Value::String(anchor.href())),
            ("extension".into(), Value::String(extension)),
        ]
    })
}

/// The custom event of a click on an element with `data-leadscore-event="name"` (props from
/// its optional `data-leadscore-props` JSON); `Err` names what is malformed.
pub fn tagged_event(event: &web_sys::Event) -> Option<Result<Event, String>> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let element = target.closest("[data-leadscore-event]").ok()??;
    let name = element
        .get_attribute("data-leadscore-event")
        .filter(|n| !n.is_empty())?;
    let props = match element.get_attribute("data-leadscore-props") {
        None => Ok(Vec::new()),
        Some(text) => parse_json(&text)
            .ok_or_else(|| String::from("data-leadscore-props: not valid JSON"))
            .and_then(|v| props_from_value(&v, "data-leadscore-props")),
    };
    Some(
        props
            .map(|props| Event::new(&name, props))
            .map_err(|mut message| {
                message.push_str(" (data-leadscore-event=");
                message.push_str(&crate::core::text::quoted(&name));
                message.push(')');
                message
            }),
    )
}
