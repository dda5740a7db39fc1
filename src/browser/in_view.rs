//! Which watched elements are in view. An IntersectionObserver says which elements matching a
//! `view` rule's selector intersect the viewport and whether half of each is visible; an element
//! also counts when it covers half of the viewport (a pricing table or an article taller than the
//! screen), which is measured again on each scroll frame for the intersecting elements only. A
//! MutationObserver picks up matching elements rendered later (by an app, after a navigation).

use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit,
    MutationObserver, MutationObserverInit,
};

/// An intersecting element and whether at least half of it is visible.
struct Seen {
    element: Element,
    is_half_visible: bool,
}

/// Per selector, its intersecting elements.
type Intersecting = Rc<RefCell<Vec<Vec<Seen>>>>;

/// Watches the elements of several selectors; dropping it stops watching.
pub struct InView {
    observer: IntersectionObserver,
    mutations: Option<MutationObserver>,
    selectors: Rc<Vec<String>>,
    intersecting: Intersecting,
    on_change: Rc<dyn Fn(Vec<bool>)>,
    _entries_seen: Closure<dyn FnMut(Array)>,
    _dom_changed: Closure<dyn FnMut()>,
}

impl InView {
    /// Calls `on_change(flags)` — per selector, whether any of its elements is in view — each
    /// time that may have changed; `on_dom_change` when the page's content changed (the caller
    /// calls [`InView::observe_matches`] at its next animation frame).
    pub fn new(
        selectors: Vec<String>,
        on_change: impl Fn(Vec<bool>) + 'static,
        on_dom_change: impl FnMut() + 'static,
    ) -> Option<InView> {
        let selectors = Rc::new(selectors);
        let intersecting: Intersecting = Rc::new(RefCell::new(
            (0..selectors.len()).map(|_| Vec::new()).collect(),
        ));
        let on_change: Rc<dyn Fn(Vec<bool>)> = Rc::new(on_change);
        let (sel, seen, report) = (selectors.clone(), intersecting.clone(), on_change.clone());
        let entries_seen = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
            if let Ok(mut seen) = seen.try_borrow_mut() {
                for entry in entries.iter() {
                    record(&sel, &mut seen, &entry.unchecked_into());
                }
                let flags = flags(&seen);
                drop(seen);
                report(flags);
            }
        });
        let options = IntersectionObserverInit::new();
        let thresholds: Array = [0.0, 0.5, 1.0]
            .iter()
            .map(|t| JsValue::from_f64(*t))
            .collect();
        options.set_threshold(&thresholds);
        let observer =
            IntersectionObserver::new_with_options(entries_seen.as_ref().unchecked_ref(), &options)
                .ok()?;
        let dom_changed = Closure::<dyn FnMut()>::new(on_dom_change);
        let mutations = MutationObserver::new(dom_changed.as_ref().unchecked_ref()).ok();
        if let (Some(m), Some(root)) = (&mutations, document().and_then(|d| d.document_element())) {
            let init = MutationObserverInit::new();
            init.set_child_list(true);
            init.set_subtree(true);
            let _ = m.observe_with_options(&root, &init);
        }
        Some(InView {
            observer,
            mutations,
            selectors,
            intersecting,
            on_change,
            _entries_seen: entries_seen,
            _dom_changed: dom_changed,
        })
    }

    /// Observes every element that matches now (elements already observed are unaffected), so
    /// content rendered late is picked up.
    pub fn observe_matches(&self) {
        let Some(document) = document() else {
            return;
        };
        for selector in self.selectors.iter() {
            let Ok(list) = document.query_selector_all(selector) else {
                continue;
            };
            for i in 0..list.length() {
                if let Some(element) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    self.observer.observe(&element);
                }
            }
        }
    }

    /// Measures again how much of the viewport the intersecting elements cover (after a
    /// scroll), and reports the flags.
    pub fn refresh(&self) {
        if let Ok(seen) = self.intersecting.try_borrow() {
            let flags = flags(&seen);
            drop(seen);
            (self.on_change)(flags);
        }
    }

    /// Starts over for a new page view.
    pub fn restart(&self) {
        self.observer.disconnect();
        if let Ok(mut seen) = self.intersecting.try_borrow_mut() {
            seen.iter_mut().for_each(Vec::clear);
        }
        self.observe_matches();
    }
}

impl Drop for InView {
    fn drop(&mut self) {
        self.observer.disconnect();
        if let Some(m) = &self.mutations {
            m.disconnect();
        }
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn record(selectors: &[String], seen: &mut [Vec<Seen>], entry: &IntersectionObserverEntry) {
    let element = entry.target();
    let is_intersecting = entry.is_intersecting();
    let is_half_visible = entry.intersection_ratio() >= 0.5;
    for (selector, list) in selectors.iter().zip(seen.iter_mut()) {
        if !element.matches(selector).unwrap_or(false) {
            continue;
        }
        let known = list.iter().position(|s| s.element == element);
        match (is_intersecting, known) {
            (true, Some(at)) => {
                if let Some(s) = list.get_mut(at) {
                    s.is_half_visible = is_half_visible;
                }
            }
            (true, None) => list.push(Seen {
                element: element.clone(),
                is_half_visible,
            }),
            (false, Some(at)) => {
                list.swap_remove(at);
            }
            (false, None) => {}
        }
    }
}

/// Per selector: is one of its elements half visible, or covering half the viewport?
fn flags(seen: &[Vec<Seen>]) -> Vec<bool> {
    let viewport = web_sys::window()
        .and_then(|w| w.inner_height().ok()?.as_f64())
        .unwrap_or(0.0);
    seen.iter()
        .map(|list| {
            list.iter().any(|s| {
                let rect = s.element.get_bounding_client_rect();
                let visible = rect.bottom().min(viewport) - rect.top().max(0.0);
                s.is_half_visible || (viewport > 0.0 && visible >= 0.5 * viewport)
            })
        })
        .collect()
}
