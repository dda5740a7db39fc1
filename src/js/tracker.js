// The tracker: watches the page and hands what the visitor does to its sink as events — page
// views (on load, in-page navigations, back/forward-cache restores, prerendered pages once
// shown), engaged time against the dwell thresholds, scroll depth, elements in view, clicks,
// document downloads, form submits, exit intent and `data-leadscore-event` clicks.
// High-frequency listeners (pointer moves, scrolls) only record a timestamp or ask for one
// animation frame; a timer is armed only while engaged time runs and a threshold is ahead.
import { engagedClock } from './engaged-clock.js';
import { wrapHistory } from './history.js';
import { watchInView } from './in-view.js';
import * as page from './page.js';

/**
 * Starts tracking with the core's `settings` and reports the current page view (once the page
 * is shown, when it is being prerendered). `sink` receives:
 * - `event(name, props, matched?)`: something the visitor did (`matched`: the rule selectors
 *   the target matched);
 * - `tagged(tag)`: a click on a `data-leadscore-event` element, `page.taggedEvent`'s
 *   `{ name, props }` (props the core validates) or `{ name, problem }` (malformed markup);
 * - `storageChanged()`: another tab wrote the stored state;
 * - `leaving(lastInput)`: the page is hidden or left, with the time of the last input;
 * - `resumed()`: input after more than `sessionMinutes` without any.
 * Returns `stop()`, which removes every listener, observer, timer and patch it made.
 */
export const startTracker = (settings, sink) => {
  const s = settings;
  // What stop undoes: each listener's removal and each history method's unwrap (nothing for a
  // method that was not wrapped).
  const undo = [];
  let timer; // the armed timer's handle (never 0); unset or false: none
  let isFramePending, isStopped; // unset: false

  // The current page view: where it is, the time of the last input, the next scroll threshold,
  // the deepest point seen, whether exit intent fired, per view selector whether one of its
  // elements is in view now (empty until first measured: a missing flag reads as false, and the
  // first measure only sets the clocks' attention again as it is), and its counters: each an
  // engaged-time clock (its functions spread in) with its ascending thresholds (`seconds`), the
  // index of the next, and the event each threshold reached makes.
  // The first is the page's clock, against the dwell thresholds; then one per view selector,
  // whose clock runs while one of its elements is in view.
  let address, path, lastInput, deepestPx, nextScroll, hasExited, inView, counters;
  const newPageView = () => {
    const t = Date.now();
    address = page.address();
    path = page.path();
    lastInput = t;
    deepestPx = nextScroll = 0;
    hasExited = false;
    inView = [];
    // A view's clock is unattended until one of its elements is in view.
    counters = [
      { ...engagedClock(t, s.idleMs, page.isAttended()), seconds: s.dwell, next: 0, name: 'dwell' },
      ...s.views.map(([selector, seconds]) => ({
        ...engagedClock(t, s.idleMs),
        seconds: seconds,
        next: 0,
        name: 'view',
        matched: [selector],
      })),
    ];
  };
  newPageView();

  // Runs a callback of the browser's (each takes at most one argument: an event, a flag list,
  // a history method's name) while the tracker lives; nothing it does reaches the page. No rest
  // parameter: a pointer move's listener allocates nothing.
  const guard = (f) => (arg) => {
    try {
      if (!isStopped) f(arg);
    } catch (e) {}
  };

  // Arms the timer for the next moment a clock must be looked at, or disarms it.
  const schedule = () => {
    const t = Date.now();
    let soonest = Infinity;
    for (const counter of counters) {
      // Past the last threshold, the next is undefined: NaN milliseconds, never the soonest.
      const ms = counter.nextCheckIn(counter.seconds[counter.next] * 1000, t);
      if (ms !== null && ms < soonest) soonest = ms;
    }
    clearTimeout(timer);
    timer = soonest < Infinity && setTimeout(guard(wake), Math.min(Math.ceil(soonest), 2 ** 31 - 1));
  };

  // The timer fired: reports each threshold engaged time has reached, as it is reached, then
  // re-arms however that ended (a threshold a throwing sink left unreported waits for the next
  // wake), unless page code that ran meanwhile stopped the tracker.
  const wake = () => {
    timer = false;
    const now = Date.now();
    try {
      for (const counter of counters) {
        const engaged = counter.engagedMs(now);
        // Past the last threshold, the comparison with undefined is false.
        while (engaged >= counter.seconds[counter.next] * 1000) {
          sink.event(counter.name, { seconds: counter.seconds[counter.next++] }, counter.matched);
        }
      }
    } finally {
      if (!isStopped) schedule();
    }
  };

  const beginPageView = () => {
    newPageView();
    if (watcher) watcher.restart();
    schedule();
    sink.event('page_view', {});
  };

  // An in-page navigation (`kind`: the history method called, or the event): a new page view
  // when the address changed (for `replaceState`, only when the path did).
  const onNavigation = (kind) => {
    page.moved();
    if (kind === 'replaceState' ? page.path() !== path : page.address() !== address) beginPageView();
  };

  const onInput = () => {
    const t = Date.now();
    const hasResumed = t - lastInput > s.sessionMs;
    lastInput = t;
    for (const counter of counters) counter.recordInput(t);
    if (hasResumed) sink.resumed();
    if (!timer) schedule();
  };

  // Asks for one animation frame to measure in, unless one is pending or nothing needs it. The
  // depth is measured against the page's current height, so content that arrives late counts.
  const requestFrame = () => {
    if (isFramePending || !(s.scroll.length || s.views.length)) return;
    isFramePending = true;
    requestAnimationFrame(
      guard(() => {
        isFramePending = false;
        if (watcher) watcher.refresh();
        deepestPx = Math.max(deepestPx, page.viewportBottom());
        const height = page.height();
        const percent = height > 0 ? (deepestPx / height) * 100 : 0;
        while (percent + 0.5 >= s.scroll[nextScroll]) sink.event('scroll', { percent: s.scroll[nextScroll++] });
      })
    );
  };

  // Applies a change of the page's attention (or of what is in view) to every clock.
  const onAttentionChange = () => {
    const t = Date.now();
    const attended = page.isAttended();
    counters.forEach((counter, i) => counter.setAttended(attended && (!i || inView[i - 1]), t));
    schedule();
  };

  const leave = () => sink.leaving(lastInput);

  const onInView = (flags) => {
    // Two lists of as many booleans are the same when their texts are.
    if (String(flags) === String(inView)) return;
    inView = flags;
    onAttentionChange();
  };

  // Emits `name` with `props(element)` and the selectors of `targets` (what a kind of rule,
  // `clicks` or `forms`, cares about; valid CSS, as init checked) that `element` or an ancestor
  // matches, when one does (`'*'`, which stands for the rules without a selector, always does).
  const emitMatched = (name, targets, element, props) => {
    const matched = targets.filter((selector) => element.closest(selector));
    if (matched.length) sink.event(name, props(element), matched);
  };

  const onClick = (event) => {
    onInput();
    const element = page.targetElement(event);
    if (!element) return;
    const download = page.downloadLink(element, s.downloadExtensions);
    if (download) sink.event('download', download);
    if (event.type !== 'click') return;
    emitMatched('click', s.clicks, element, page.clickProps);
    const tagged = page.taggedEvent(element);
    if (tagged) sink.tagged(tagged);
  };

  const onSubmit = (event) => {
    const form = page.targetElement(event);
    if (form) emitMatched('form_submit', s.forms, form, page.formProps);
  };

  // The pointer left through the top of the window: exit intent, once per page view.
  const onMouseOut = (event) => {
    if (!s.exitIntent || event.relatedTarget || event.clientY > 0 || hasExited) return;
    hasExited = true;
    sink.event('exit_intent', {});
  };

  // Listens for each of `kinds` (space-separated), passively, capturing with `capture`; the
  // listener does nothing once the tracker is stopped.
  const listen = (target, kinds, handler, capture) => {
    const listener = guard(handler);
    const options = { capture: capture, passive: true };
    for (const kind of kinds.split(' ')) {
      target.addEventListener(kind, listener, options);
      undo.push(() => target.removeEventListener(kind, listener, options));
    }
  };

  // The in-view watcher: none (0) without view rules, nor (nothing) without the observers.
  const watcher = s.views.length && watchInView(s.views.map((v) => v[0]), guard(onInView), guard(requestFrame));

  listen(window, 'pointermove pointerdown keydown wheel touchstart', onInput, true);
  listen(window, 'scroll', () => {
    onInput();
    requestFrame();
  }, true);
  listen(document, 'visibilitychange', () => {
    onAttentionChange();
    if (!page.isVisible()) leave();
  });
  // Focus events of elements inside the page reach window too; only the window's count.
  listen(window, 'focus blur', (event) => event.target === window && onAttentionChange());
  listen(document, 'click auxclick', onClick, true);
  listen(document, 'submit', onSubmit, true);
  listen(document, 'mouseout', onMouseOut);
  listen(window, 'pageshow', (event) => event.persisted && beginPageView());
  listen(window, 'pagehide', leave);
  listen(window, 'popstate hashchange', onNavigation);
  listen(window, 'storage', (event) => {
    if (event.key === null || event.key === s.storageKey) sink.storageChanged();
  });
  for (const name of ['pushState', 'replaceState']) undo.push(wrapHistory(name, guard(onNavigation)));
  if (page.isPrerendering()) listen(document, 'prerenderingchange', beginPageView);
  else beginPageView();

  return () => {
    isStopped = true;
    clearTimeout(timer);
    if (watcher) watcher.stop();
    undo.forEach((f) => f && f());
  };
};
