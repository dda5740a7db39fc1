//! What the page is: its context (path, query, title, referrer host) for every event, whether
//! it is visible and focused, how deep it is scrolled, and what a click or a submit landed on.
//! It reads element attributes and text, never form field values.

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
    let doc = document();
    let referrer = doc.as_ref().map(Document::referrer).unwrap_or_default();
    vec![
        ("path".into(), Value::String(path())),
        (
            "query".into(),
            Value::String(read_location(web_sys::Location::search)),
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
    let target = target_element(event)?;
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

/// `pathname + search`, and the hash when it is a route (`#/…`, `#!…`): what identifies a page
/// view. A jump link (`#faq`) stays on the same page view.
pub fn address() -> String {
    let mut address = path();
    address.push_str(&read_location(web_sys::Location::search));
    let hash = read_location(web_sys::Location::hash);
    if hash.starts_with("#/") || hash.starts_with("#!") {
        address.push_str(&hash);
    }
    address
}

/// `location.pathname`.
pub fn path() -> String {
    read_location(web_sys::Location::pathname)
}

fn read_location(part: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>) -> String {
    web_sys::window()
        .and_then(|w| part(&w.location()).ok())
        .unwrap_or_default()
}

/// The bottom of the viewport and the page's height, in pixels.
pub fn scroll_extent() -> Option<(f64, f64)> {
    let window = web_sys::window()?;
    let bottom = window.scroll_y().ok()? + window.inner_height().ok()?.as_f64()?;
    let height = f64::from(window.document()?.document_element()?.scroll_height());
    Some((bottom, height))
}

/// The element an event happened on.
pub fn target_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The selectors that `element` or one of its ancestors matches.
pub fn matching(element: &web_sys::Element, selectors: &[String]) -> Vec<String> {
    selectors
        .iter()
        .filter(|s| element.closest(s).ok().flatten().is_some())
        .cloned()
        .collect()
}

/// False when `selector` is not valid CSS.
pub fn is_valid_selector(selector: &str) -> bool {
    document().is_some_and(|d| d.query_selector(selector).is_ok())
}

/// Props of a click: `href` and `outbound` (a link to another host) when it landed on a link,
/// and the `text` it landed on, trimmed and capped.
pub fn click_props(element: &web_sys::Element) -> Vec<(String, Value)> {
    let link = element
        .closest("a[href]")
        .ok()
        .flatten()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok());
    let own_host = web_sys::window().and_then(|w| w.location().host().ok());
    let mut props = Vec::new();
    if let Some(link) = &link {
        let is_web = matches!(link.protocol().as_str(), "http:" | "https:");
        props.push(("href".into(), Value::String(link.href())));
        props.push((
            "outbound".into(),
            Value::Bool(is_web && Some(link.host()) != own_host),
        ));
    }
    let source: &web_sys::Element = link.as_ref().map_or(element, |l| l.as_ref());
    props.push(("text".into(), Value::String(short_text(source))));
    props
}

/// Props of a submitted form: its `id`, `name` and `action` attributes (never field values).
pub fn form_props(form: &web_sys::Element) -> Vec<(String, Value)> {
    ["id", "name", "action"]
        .into_iter()
        .map(|attr| {
            let value = form.get_attribute(attr).unwrap_or_default();
            (attr.to_owned(), Value::String(value))
        })
        .collect()
}

/// How much of an element's text a click event carries.
const TEXT_CHARS: usize = 100;

/// The element's text with runs of white space folded, at most [`TEXT_CHARS`] characters.
fn short_text(element: &web_sys::Element) -> String {
    let text = element.text_content().unwrap_or_default();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(TEXT_CHARS)
        .collect()
}
