//! Event listeners as values: creating one adds it, dropping it removes it, so dropping the
//! tracker is all `destroy()` needs to leave the page as it found it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, EventTarget};

/// A registered listener; unregistered on drop.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    capture: bool,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Listens for `kind` on `target`: passive, in the capture phase when `capture` is set.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        capture: bool,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Listener {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let options = AddEventListenerOptions::new();
        options.set_capture(capture);
        options.set_passive(true);
        // Adding a listener to a live EventTarget does not fail; nothing to report if it did.
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            callback.as_ref().unchecked_ref(),
            &options,
        );
        Listener {
            target: target.clone(),
            kind,
            capture,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.callback.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}
