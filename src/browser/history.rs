//! In-page navigation: wraps `history.pushState` and `history.replaceState` so a single-page
//! app's navigations can be noticed, and puts the originals back on drop. A function already
//! wrapped (the widget loaded twice) is not wrapped again.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const MARK: &str = "__leadscore";

/// A stand-in for `pushState(state, unused, url)` that may rethrow the original's error.
type Wrapper = Closure<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// One wrapped history method; restored on drop.
pub struct HistoryPatch {
    name: &'static str,
    original: Function,
    wrapper: Option<Wrapper>,
}

impl HistoryPatch {
    /// Wraps `history[name]` so that `notify(name)` runs after each successful call.
    pub fn wrap(
        name: &'static str,
        notify: impl Fn(&'static str) + 'static,
    ) -> Option<HistoryPatch> {
        let history = web_sys::window()?.history().ok()?;
        let original = Reflect::get(&history, &name.into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        if Reflect::has(&original, &MARK.into()).unwrap_or(true) {
            return None;
        }
        let target = history.clone();
        let call = original.clone();
        let wrapper =
            Closure::<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
                move |state: JsValue, unused: JsValue, url: JsValue| {
                    // The page's own call, exactly as made; its errors go back to the page.
                    let result = call.call3(&target, &state, &unused, &url)?;
                    notify(name);
                    Ok(result)
                },
            );
        let function: &Function = wrapper.as_ref().unchecked_ref();
        Reflect::set(function, &MARK.into(), &JsValue::TRUE).ok()?;
        Reflect::set(&history, &name.into(), function).ok()?;
        Some(HistoryPatch {
            name,
            original,
            wrapper: Some(wrapper),
        })
    }
}

impl Drop for HistoryPatch {
    fn drop(&mut self) {
        let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
            return;
        };
        let current = Reflect::get(&history, &self.name.into()).unwrap_or(JsValue::UNDEFINED);
        let is_ours = self
            .wrapper
            .as_ref()
            .is_some_and(|w| current == *w.as_ref().unchecked_ref::<JsValue>());
        if is_ours {
            let _ = Reflect::set(&history, &self.name.into(), &self.original);
        } else if let Some(wrapper) = self.wrapper.take() {
            // Another script wrapped ours since: removing ours would break its chain, so ours
            // stays, calling through to the original for the rest of the page's life.
            wrapper.forget();
        }
    }
}
