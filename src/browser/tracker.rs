//! The tracker: watches the page for this build's signals — page views (including pages
//! restored from the back/forward cache and prerendered pages once shown), engaged time against
//! the configured dwell thresholds, clicks on document links and on elements tagged with
//! `data-leadscore-event` — and hands each as a core
//! event to its sink. Input listeners only record a timestamp; a timer is armed only while
//! engaged time is running and a dwell threshold is still ahead.

use super::listener::Listener;
use super::page;
use super::timer::Timer;
use crate::core::engagement::EngagedClock;
use crate::core::{Event, Value};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;

/// Where the tracker's events go; `Err` carries a problem to report (`invalid_call`), such as
/// malformed `data-leadscore-props`.
pub type Sink = Rc<dyn Fn(Result<Event, String>)>;

/// What the tracker needs to know of the config.
pub struct Settings {
    pub idle_ms: f64,
    /// The distinct `seconds` of the dwell rules, ascending.
    pub dwell_seconds: Vec<f64>,
    pub download_extensions: Vec<String>,
}

/// A running tracker; dropping it removes every listener and timer it made.
pub struct Tracker {
    _listeners: Vec<Listener>,
    _shared: Rc<Shared>,
}

struct Shared {
    settings: Settings,
    sink: Sink,
    view: RefCell<PageView>,
    timer: RefCell<Option<Timer>>,
}

/// Per page view: engaged time and the next dwell threshold to report.
struct PageView {
    clock: EngagedClock,
    next_dwell: usize,
}

fn now() -> f64 {
    js_sys::Date::now()
}

const INPUT_EVENTS: [&str; 6] = [
    "pointermove",
    "pointerdown",
    "keydown",
    "scroll",
    "wheel",
    "touchstart",
];

impl Tracker {
    /// Starts tracking and reports the current page view (once the page is shown, when it is
    /// being prerendered).
    pub fn start(settings: Settings, sink: Sink) -> Option<Tracker> {
        let window = web_sys::window()?;
        let document = window.document()?;
        let shared = Rc::new(Shared {
            view: RefCell::new(PageView::new(settings.idle_ms)),
            settings,
            sink,
            timer: RefCell::new(None),
        });
        let weak = Rc::downgrade(&shared);
        *shared.timer.borrow_mut() = Some(Timer::new(with(&weak, Shared::wake)));

        let mut listeners = Vec::new();
        for kind in INPUT_EVENTS {
            listeners.push(Listener::new(
                &window,
                kind,
                true,
                with_event(&weak, |s, _| s.on_input()),
            ));
        }
        listeners.push(Listener::new(
            &document,
            "visibilitychange",
            false,
            with_event(&weak, |s, _| s.on_attention_change()),
        ));
        for kind in ["focus", "blur"] {
            listeners.push(Listener::new(
                &window,
                kind,
                false,
                with_event(&weak, |s, e| {
                    // Focus events of elements inside the page also reach window; only the window's count.
                    if e.target().is_some_and(|t| t.has_type::<web_sys::Window>()) {
                        s.on_attention_change();
                    }
                }),
            ));
        }
        for kind in ["click", "auxclick"] {
            listeners.push(Listener::new(
                &document,
                kind,
                true,
                with_event(&weak, Shared::on_click),
            ));
        }
        listeners.push(Listener::new(
            &window,
            "pageshow",
            false,
            with_event(&weak, |s, e| {
                let restored = js_sys::Reflect::get(&e, &"persisted".into())
                    .ok()
                    .and_then(|p| p.as_bool());
                if restored == Some(true) {
                    s.begin_page_view();
                }
            }),
        ));
        if page::is_prerendering() {
            listeners.push(Listener::new(
                &document,
                "prerenderingchange",
                false,
                with_event(&weak, |s, _| s.begin_page_view()),
            ));
        } else {
            shared.begin_page_view();
        }
        Some(Tracker {
            _listeners: listeners,
            _shared: shared,
        })
    }
}

/// A callback that runs `f` on the shared state while the tracker lives.
fn with(weak: &Weak<Shared>, f: fn(&Shared)) -> impl FnMut() {
    let weak = weak.clone();
    move || {
        if let Some(shared) = weak.upgrade() {
            f(&shared);
        }
    }
}

fn with_event(weak: &Weak<Shared>, f: fn(&Shared, web_sys::Event)) -> impl FnMut(web_sys::Event) {
    let weak = weak.clone();
    move |event| {
        if let Some(shared) = weak.upgrade() {
            f(&shared, event);
        }
    }
}

impl PageView {
    fn new(idle_ms: f64) -> PageView {
        PageView {
            clock: EngagedClock::new(now(), idle_ms, page::is_visible(), page::has_focus()),
            next_dwell: 0,
        }
    }
}

impl Shared {
    fn begin_page_view(&self) {
        if let Ok(mut view) = self.view.try_borrow_mut() {
            *view = PageView::new(self.settings.idle_ms);
        }
        self.schedule();
        (self.sink)(Ok(Event::new("page_view", Vec::new())));
    }

    fn on_input(&self) {
        let t = now();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            view.clock.record_input(t);
        }
        let is_armed = self
            .timer
            .try_borrow()
            .is_ok_and(|t| t.as_ref().is_some_and(Timer::is_armed));
        if !is_armed {
            self.schedule();
        }
    }

    fn on_attention_change(&self) {
        let t = now();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            view.clock.set_visible(page::is_visible(), t);
            view.clock.set_focused(page::has_focus(), t);
        }
        self.schedule();
    }

    fn on_click(&self, event: web_sys::Event) {
        self.on_input();
        if let Some(props) = page::download_link(&event, &self.settings.download_extensions) {
            (self.sink)(Ok(Event::new("download", props)));
        }
        if event.type_() == "click" {
            if let Some(tagged) = page::tagged_event(&event) {
                (self.sink)(tagged);
            }
        }
    }

    /// Arms the timer for the next moment engaged time must be looked at, or disarms it.
    fn schedule(&self) {
        let t = now();
        let next = self.view.try_borrow().ok().and_then(|view| {
            let target = self.settings.dwell_seconds.get(view.next_dwell)? * 1000.0;
            view.clock.next_check_in(target, t)
        });
        if let Ok(mut timer) = self.timer.try_borrow_mut() {
            if let Some(timer) = timer.as_mut() {
                match next {
                    Some(ms) => timer.set(ms),
                    None => timer.clear(),
                }
            }
        }
    }

    /// The timer fired: report each dwell threshold engaged time has reached, then re-arm.
    fn wake(&self) {
        if let Ok(mut timer) = self.timer.try_borrow_mut() {
            if let Some(timer) = timer.as_mut() {
                timer.fired();
            }
        }
        let mut reached = Vec::new();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            let engaged = view.clock.engaged_ms(now());
            while let Some(seconds) = self.settings.dwell_seconds.get(view.next_dwell) {
                if engaged < seconds * 1000.0 {
                    break;
                }
                reached.push(*seconds);
                view.next_dwell += 1;
            }
        }
        self.schedule();
        for seconds in reached {
            (self.sink)(Ok(Event::new(
                "dwell",
                vec![("seconds".into(), Value::Number(seconds))],
            )));
        }
    }
}
