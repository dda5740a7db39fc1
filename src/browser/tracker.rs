//! The tracker: watches the page and hands what the visitor does to its sink as core events —
//! page views (on load, in-page navigations, back/forward-cache restores, prerendered pages
//! once shown), engaged time against the dwell thresholds, scroll depth, elements in view,
//! clicks, document downloads, form submits, exit intent and `data-leadscore-event` clicks.
//! High-frequency listeners (pointer moves, scrolls) only record a timestamp or ask for one
//! animation frame; a timer is armed only while engaged time runs and a threshold is ahead.

use super::history::HistoryPatch;
use super::in_view::InView;
use super::listener::Listener;
use super::page;
use super::timer::Timer;
use crate::core::config::{Config, Trigger};
use crate::core::engagement::EngagedClock;
use crate::core::{Event, Value};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the tracker reports.
pub enum Signal {
    /// Something the visitor did.
    Event(Event),
    /// Something to report as `invalid_call`, such as malformed `data-leadscore-props`.
    Problem(String),
    /// Another tab wrote the stored state.
    StorageChanged,
    /// The page is being hidden or left, with the time of the visitor's last input: the visit's
    /// last activity, worth storing (leaving itself is no activity: a reload after an hour idle
    /// starts a new visit).
    Leaving(f64),
    /// Input after more than `sessionMinutes` without any: activity that may start a visit.
    Resumed,
}

/// Where the tracker's signals go.
pub type Sink = Rc<dyn Fn(Signal)>;

/// What the tracker needs to know of the config: which signals to measure, and where.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub idle_ms: f64,
    pub session_ms: f64,
    /// The distinct `seconds` of the dwell rules, ascending.
    pub dwell_seconds: Vec<f64>,
    /// The distinct `percent` of the scroll rules, ascending.
    pub scroll_percents: Vec<f64>,
    /// Per `view` selector, the distinct `seconds` of its rules, ascending.
    pub views: Vec<(String, Vec<f64>)>,
    /// What the click rules need: see [`Targets`].
    pub clicks: Targets,
    /// What the form rules need: see [`Targets`].
    pub forms: Targets,
    pub wants_exit_intent: bool,
    pub download_extensions: Vec<String>,
    /// The storage entry whose changes by other tabs matter.
    pub storage_key: String,
}

/// The elements a kind of rule (clicks, forms) cares about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Targets {
    /// True when a rule without a selector takes any element.
    pub any: bool,
    /// The selectors the other rules name.
    pub selectors: Vec<String>,
}

impl Targets {
    fn add(&mut self, selector: Option<String>) {
        match selector {
            Some(s) if !self.selectors.contains(&s) => self.selectors.push(s),
            Some(_) => {}
            None => self.any = true,
        }
    }

    /// The selectors `element` matches, or `None` when no rule can score it.
    fn matched_by(&self, element: &web_sys::Element) -> Option<Vec<String>> {
        let matched = page::matching(element, &self.selectors);
        (self.any || !matched.is_empty()).then_some(matched)
    }
}

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        let mut s = Settings {
            idle_ms: config.idle_ms,
            session_ms: config.session_ms,
            download_extensions: config.download_extensions.clone(),
            storage_key: config.storage_key.clone(),
            ..Settings::default()
        };
        for rule in &config.rules {
            let selector = rule.selector.clone();
            match (&rule.trigger, rule.trigger.event_name()) {
                (Trigger::Dwell { seconds }, _) => s.dwell_seconds.push(*seconds),
                (Trigger::Scroll { percent }, _) => s.scroll_percents.push(*percent),
                (Trigger::View { seconds }, _) => {
                    let selector = selector.unwrap_or_default();
                    match s.views.iter_mut().find(|(sel, _)| *sel == selector) {
                        Some((_, list)) => list.push(*seconds),
                        None => s.views.push((selector, vec![*seconds])),
                    }
                }
                (_, "click") => s.clicks.add(selector),
                (_, "form_submit") => s.forms.add(selector),
                (_, "exit_intent") => s.wants_exit_intent = true,
                _ => {}
            }
        }
        sort_unique(&mut s.dwell_seconds);
        sort_unique(&mut s.scroll_percents);
        s.views.iter_mut().for_each(|(_, list)| sort_unique(list));
        s
    }
}

fn sort_unique(list: &mut Vec<f64>) {
    list.sort_by(f64::total_cmp);
    list.dedup();
}

/// A running tracker; dropping it removes every listener, observer, timer and patch it made.
pub struct Tracker {
    _listeners: Vec<Listener>,
    _history: Vec<HistoryPatch>,
    _shared: Rc<Shared>,
}

struct Shared {
    settings: Settings,
    sink: Sink,
    view: RefCell<PageView>,
    timer: RefCell<Timer>,
    /// Present when rules watch elements in view.
    in_view: Option<InView>,
    /// The animation-frame callback that measures scroll depth and elements in view.
    frame: Closure<dyn FnMut()>,
    is_frame_pending: Cell<bool>,
}

/// Per page view: engaged time, depth, elements in view, and what has been reported.
struct PageView {
    address: String,
    path: String,
    clock: EngagedClock,
    next_dwell: usize,
    deepest_px: f64,
    next_scroll: usize,
    /// Per view selector: engaged time while one of its elements is in view, and the next
    /// threshold to report.
    views: Vec<(EngagedClock, usize)>,
    in_view: Vec<bool>,
    has_exited: bool,
}

fn now() -> f64 {
    js_sys::Date::now()
}

const INPUT_EVENTS: [&str; 5] = [
    "pointermove",
    "pointerdown",
    "keydown",
    "wheel",
    "touchstart",
];

impl Tracker {
    /// Starts tracking and reports the current page view (once the page is shown, when it is
    /// being prerendered).
    pub fn start(settings: Settings, sink: Sink) -> Option<Tracker> {
        let window = web_sys::window()?;
        let document = window.document()?;
        // Callbacks hold a weak reference: they do nothing once the tracker is dropped.
        let shared = Rc::new_cyclic(|weak: &Weak<Shared>| {
            let in_view = (!settings.views.is_empty())
                .then(|| {
                    let selectors = settings.views.iter().map(|(s, _)| s.clone()).collect();
                    let weak_for_change = weak.clone();
                    let on_change = move |flags| {
                        if let Some(shared) = weak_for_change.upgrade() {
                            shared.on_in_view(flags);
                        }
                    };
                    InView::new(selectors, on_change, with(weak, Shared::request_frame))
                })
                .flatten();
            Shared {
                view: RefCell::new(PageView::new(&settings)),
                settings,
                sink,
                timer: RefCell::new(Timer::new(with(weak, Shared::wake))),
                in_view,
                frame: Closure::new(with(weak, Shared::measure_scroll)),
                is_frame_pending: Cell::new(false),
            }
        });
        let weak = Rc::downgrade(&shared);

        let listen =
            |target: &web_sys::EventTarget, kind, capture, f: fn(&Shared, web_sys::Event)| {
                Listener::new(target, kind, capture, with_event(&weak, f))
            };
        let mut listeners = Vec::new();
        for kind in INPUT_EVENTS {
            listeners.push(listen(&window, kind, true, |s, _| s.on_input()));
        }
        listeners.push(listen(&window, "scroll", true, |s, _| s.on_scroll()));
        listeners.push(listen(&document, "visibilitychange", false, |s, _| {
            s.on_visibility()
        }));
        for kind in ["focus", "blur"] {
            listeners.push(listen(&window, kind, false, |s, e| {
                // Focus events of elements inside the page reach window too; only the window's count.
                if e.target().is_some_and(|t| t.has_type::<web_sys::Window>()) {
                    s.on_attention_change();
                }
            }));
        }
        for kind in ["click", "auxclick"] {
            listeners.push(listen(&document, kind, true, Shared::on_click));
        }
        listeners.push(listen(&document, "submit", true, Shared::on_submit));
        listeners.push(listen(&document, "mouseout", false, Shared::on_mouse_out));
        listeners.push(listen(&window, "pageshow", false, |s, e| {
            let restored = js_sys::Reflect::get(&e, &"persisted".into())
                .ok()
                .and_then(|p| p.as_bool());
            if restored == Some(true) {
                s.begin_page_view();
            }
        }));
        listeners.push(listen(&window, "pagehide", false, |s, _| s.leave()));
        for kind in ["popstate", "hashchange"] {
            listeners.push(listen(&window, kind, false, |s, _| s.on_navigation(false)));
        }
        listeners.push(listen(&window, "storage", false, |s, e| {
            let key = e.dyn_ref::<web_sys::StorageEvent>().and_then(|e| e.key());
            if key.is_none_or(|k| k == s.settings.storage_key) {
                (s.sink)(Signal::StorageChanged);
            }
        }));
        let history = ["pushState", "replaceState"]
            .into_iter()
            .filter_map(|name| {
                let weak = weak.clone();
                HistoryPatch::wrap(name, move |name| {
                    if let Some(shared) = weak.upgrade() {
                        shared.on_navigation(name == "replaceState");
                    }
                })
            })
            .collect();
        if page::is_prerendering() {
            listeners.push(listen(&document, "prerenderingchange", false, |s, _| {
                s.begin_page_view()
            }));
        } else {
            shared.begin_page_view();
        }
        Some(Tracker {
            _listeners: listeners,
            _history: history,
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
    fn new(settings: &Settings) -> PageView {
        let clock = EngagedClock::new(
            now(),
            settings.idle_ms,
            page::is_visible(),
            page::has_focus(),
        );
        let mut out_of_view = clock.clone();
        out_of_view.set_visible(false, now());
        PageView {
            address: page::address(),
            path: page::path(),
            views: vec![(out_of_view, 0); settings.views.len()],
            in_view: vec![false; settings.views.len()],
            clock,
            next_dwell: 0,
            deepest_px: 0.0,
            next_scroll: 0,
            has_exited: false,
        }
    }

    /// Applies a change of the page's attention to every clock.
    fn update_clocks(&mut self, t: f64) {
        let (visible, focused) = (page::is_visible(), page::has_focus());
        self.clock.set_visible(visible, t);
        self.clock.set_focused(focused, t);
        for ((clock, _), in_view) in self.views.iter_mut().zip(&self.in_view) {
            clock.set_visible(visible && *in_view, t);
            clock.set_focused(focused, t);
        }
    }
}

impl Shared {
    fn emit(&self, name: &str, props: Vec<(String, Value)>) {
        (self.sink)(Signal::Event(Event::new(name, props)));
    }

    fn begin_page_view(&self) {
        if let Ok(mut view) = self.view.try_borrow_mut() {
            *view = PageView::new(&self.settings);
        }
        if let Some(in_view) = &self.in_view {
            in_view.restart();
        }
        self.schedule();
        self.emit("page_view", Vec::new());
    }

    /// An in-page navigation: a new page view when the address changed (for `replaceState`,
    /// only when the path did).
    fn on_navigation(&self, is_replace: bool) {
        let (address, path) = (page::address(), page::path());
        let is_new = self.view.try_borrow().is_ok_and(|view| {
            if is_replace {
                path != view.path
            } else {
                address != view.address
            }
        });
        if is_new {
            self.begin_page_view();
        }
    }

    fn on_input(&self) {
        let t = now();
        let mut has_resumed = false;
        if let Ok(mut view) = self.view.try_borrow_mut() {
            has_resumed = t - view.clock.last_input() > self.settings.session_ms;
            view.clock.record_input(t);
            view.views
                .iter_mut()
                .for_each(|(clock, _)| clock.record_input(t));
        }
        if has_resumed {
            (self.sink)(Signal::Resumed);
        }
        let is_armed = self.timer.try_borrow().is_ok_and(|t| t.is_armed());
        if !is_armed {
            self.schedule();
        }
    }

    /// Scrolling is input; depth and elements in view are measured at most once per frame.
    fn on_scroll(&self) {
        self.on_input();
        self.request_frame();
    }

    /// Asks for one animation frame to measure in, unless one is pending or nothing needs it.
    fn request_frame(&self) {
        let wants_frame =
            !self.settings.scroll_percents.is_empty() || !self.settings.views.is_empty();
        if wants_frame && !self.is_frame_pending.get() {
            let callback = self.frame.as_ref().unchecked_ref();
            let requested =
                web_sys::window().and_then(|w| w.request_animation_frame(callback).ok());
            self.is_frame_pending.set(requested.is_some());
        }
    }

    fn measure_scroll(&self) {
        self.is_frame_pending.set(false);
        if let Some(in_view) = &self.in_view {
            in_view.observe_matches();
            in_view.refresh();
        }
        let Some((bottom, height)) = page::scroll_extent() else {
            return;
        };
        let mut reached = Vec::new();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            view.deepest_px = view.deepest_px.max(bottom);
            // Depth against the page's current height, so content that arrives late counts.
            let percent = if height > 0.0 {
                view.deepest_px / height * 100.0
            } else {
                0.0
            };
            while let Some(target) = self.settings.scroll_percents.get(view.next_scroll) {
                if percent + 0.5 < *target {
                    break;
                }
                reached.push(*target);
                view.next_scroll += 1;
            }
        }
        for percent in reached {
            self.emit("scroll", vec![("percent".into(), Value::Number(percent))]);
        }
    }

    fn on_visibility(&self) {
        self.on_attention_change();
        if !page::is_visible() {
            self.leave();
        }
    }

    fn leave(&self) {
        if let Ok(view) = self.view.try_borrow() {
            let last_input = view.clock.last_input();
            drop(view);
            (self.sink)(Signal::Leaving(last_input));
        }
    }

    fn on_attention_change(&self) {
        let t = now();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            view.update_clocks(t);
        }
        self.schedule();
    }

    fn on_in_view(&self, flags: Vec<bool>) {
        let t = now();
        let is_changed = self.view.try_borrow_mut().is_ok_and(|mut view| {
            let is_changed = view.in_view != flags;
            if is_changed {
                view.in_view = flags;
                view.update_clocks(t);
            }
            is_changed
        });
        if is_changed {
            self.schedule();
        }
    }

    fn on_click(&self, event: web_sys::Event) {
        self.on_input();
        let Some(element) = page::target_element(&event) else {
            return;
        };
        if let Some(props) = page::download_link(&event, &self.settings.download_extensions) {
            self.emit("download", props);
        }
        if event.type_() != "click" {
            return;
        }
        if let Some(matched) = self.settings.clicks.matched_by(&element) {
            let click = Event::new("click", page::click_props(&element)).matching(matched);
            (self.sink)(Signal::Event(click));
        }
        if let Some(tagged) = page::tagged_event(&event) {
            (self.sink)(tagged.map_or_else(Signal::Problem, Signal::Event));
        }
    }

    fn on_submit(&self, event: web_sys::Event) {
        let Some(form) = page::target_element(&event) else {
            return;
        };
        if let Some(matched) = self.settings.forms.matched_by(&form) {
            let submit = Event::new("form_submit", page::form_props(&form)).matching(matched);
            (self.sink)(Signal::Event(submit));
        }
    }

    /// The pointer left through the top of the window: exit intent, once per page view.
    fn on_mouse_out(&self, event: web_sys::Event) {
        let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else {
            return;
        };
        if !self.settings.wants_exit_intent
            || mouse.related_target().is_some()
            || mouse.client_y() > 0
        {
            return;
        }
        let is_first = self
            .view
            .try_borrow_mut()
            .is_ok_and(|mut view| !std::mem::replace(&mut view.has_exited, true));
        if is_first {
            self.emit("exit_intent", Vec::new());
        }
    }

    /// Arms the timer for the next moment a clock must be looked at, or disarms it.
    fn schedule(&self) {
        let t = now();
        let next = self.view.try_borrow().ok().and_then(|view| {
            let dwell = self
                .settings
                .dwell_seconds
                .get(view.next_dwell)
                .and_then(|s| view.clock.next_check_in(s * 1000.0, t));
            let views = self.settings.views.iter().zip(&view.views).filter_map(
                |((_, targets), (clock, next))| {
                    clock.next_check_in(targets.get(*next)? * 1000.0, t)
                },
            );
            dwell.into_iter().chain(views).reduce(f64::min)
        });
        if let Ok(mut timer) = self.timer.try_borrow_mut() {
            match next {
                Some(ms) => timer.set(ms),
                None => timer.clear(),
            }
        }
    }

    /// The timer fired: report each threshold engaged time has reached, then re-arm.
    fn wake(&self) {
        if let Ok(mut timer) = self.timer.try_borrow_mut() {
            timer.fired();
        }
        let t = now();
        let mut events = Vec::new();
        if let Ok(mut view) = self.view.try_borrow_mut() {
            let engaged = view.clock.engaged_ms(t);
            while let Some(seconds) = self.settings.dwell_seconds.get(view.next_dwell) {
                if engaged < seconds * 1000.0 {
                    break;
                }
                events.push((
                    "dwell",
                    vec![("seconds".into(), Value::Number(*seconds))],
                    Vec::new(),
                ));
                view.next_dwell += 1;
            }
            for ((selector, targets), (clock, next)) in
                self.settings.views.iter().zip(view.views.iter_mut())
            {
                let engaged = clock.engaged_ms(t);
                while let Some(seconds) = targets.get(*next) {
                    if engaged < seconds * 1000.0 {
                        break;
                    }
                    let props = vec![("seconds".into(), Value::Number(*seconds))];
                    events.push(("view", props, vec![selector.clone()]));
                    *next += 1;
                }
            }
        }
        self.schedule();
        for (name, props, matched) in events {
            (self.sink)(Signal::Event(Event::new(name, props).matching(matched)));
        }
    }
}
