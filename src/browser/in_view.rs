//! Which watched elements are in view: an IntersectionObserver over the elements matching each
//! `view` rule's selector. An element counts when at least half of it is visible, or when it
//! fills at least half of the viewport (a pricing table taller than the screen).

use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Watches the elements of several selectors; dropping it stops watching.
pub struct InView {
    observer: IntersectionObserver,
    selectors: Rc<Vec<String>>,
    in_view: Rc<RefCell<Vec<Vec<Element>>>>,
    _callback: Closure<dyn FnMut(Array)>,
}

impl InView {
    /// Calls `on_change(flags)` — per selector, whether any of its elements is in view — each
    /// time that may have changed.
    pub fn new(selectors: Vec<String>, on_change: impl Fn(Vec<bool>) + 'static) -> Option<InView> {
        let selectors = Rc::new(selectors);
        let in_view = Rc::new(RefCell::new(vec![Vec::new(); selectors.len()]));
        let (sel, seen) = (selectors.clone(), in_view.clone());
        let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
            if let Ok(mut seen) = seen.try_borrow_mut() {
                for entry in entries.iter() {
                    let entry: IntersectionObserverEntry = entry.unchecked_into();
                    record(&sel, &mut seen, &entry);
                }
                let flags = seen.iter().map(|elements| !elements.is_empty()).collect();
                drop(seen);
                on_change(flags);
            }
        });
        let options = IntersectionObserverInit::new();
        let thresholds: Array = [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|t| JsValue::from_f64(*t))
            .collect();
        options.set_threshold(&thresholds);
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                .ok()?;
        Some(InView {
            observer,
            selectors,
            in_view,
            _callback: callback,
        })
    }

    /// Observes every element that matches now (elements already observed are unaffected), so
    /// content rendered late is picked up.
    pub fn observe_matches(&self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
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

    /// Starts over for a new page view.
    pub fn restart(&self) {
        self.observer.disconnect();
        if let Ok(mut seen) = self.in_view.try_borrow_mut() {
            seen.iter_mut().for_each(Vec::clear);
        }
        self.observe_matches();
    }
}

impl Drop for InView {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

fn record(selectors: &[String], seen: &mut [Vec<Element>], entry: &IntersectionObserverEntry) {
    let element = entry.target();
    let fills_viewport = entry.root_bounds().is_some_and(|root| {
        entry.intersection_rect().height() >= 0.5 * root.height() && root.height() > 0.0
    });
    let is_in_view =
        entry.is_intersecting() && (entry.intersection_ratio() >= 0.5 || fills_viewport);
    for (selector, elements) in selectors.iter().zip(seen.iter_mut()) {
        if !element.matches(selector).unwrap_or(false) {
            continue;
        }
        let known = elements.iter().position(|e| *e == element);
        match (is_in_view, known) {
            (true, None) => elements.push(element.clone()),
            (false, Some(at)) => {
                elements.swap_remove(at);
            }
            _ => {}
        }
    }
}
