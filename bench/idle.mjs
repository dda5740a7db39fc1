// Idle cost: on Playwright's fake clock (no real minute passes), counts the timer callbacks
// (setTimeout, setInterval, requestAnimationFrame, requestIdleCallback; wrapped before the widget
// loads) that fire in one minute with the page hidden, and in one minute with the visitor idle
// (after IDLE_SECONDS + 1 s without input, when the widget has stopped counting engaged time).
// Same for Snowplow. Goal: 0 wake-ups for ours.
import { row } from './report.mjs';
import { waitReady } from './session.mjs';
import { IDLE_SECONDS } from './workload.mjs';

const MINUTE_MS = 60_000;
const SETTLE_MS = (IDLE_SECONDS + 1) * 1000;

const wakeups = (page) => page.evaluate(() => {
  const { total, by, log } = window.__wakeups;
  return { total, by: { ...by }, log: log.slice() };
});
const resetWakeups = (page) => page.evaluate(() => window.__wakeups.reset());

/** Resolves once the page has been rendered and its intersection observers have reported. */
const rendered = (page) => page.evaluate(() => new Promise((resolve) => {
  const observer = new IntersectionObserver(() => { observer.disconnect(); resolve(); });
  observer.observe(document.documentElement);
}));

/** Hides the page as a tab switch does (as tests/e2e/harness.mjs setVisibility does). */
const hide = (page) => page.evaluate(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
});

async function scenario(session, widget, { hidden }) {
  const { page, close } = await session.open({ clock: true });
  try {
    await page.goto(session.url(`idle-${widget}`));
    await waitReady(page, widget);
    await rendered(page);
    let settle = null;
    if (hidden) {
      await hide(page);
    } else {
      await resetWakeups(page);
      await page.clock.runFor(SETTLE_MS);
      settle = await wakeups(page);
    }
    await resetWakeups(page);
    await page.clock.runFor(MINUTE_MS);
    return { settle, minute: await wakeups(page) };
  } finally {
    await close();
  }
}

export async function measureIdle(session) {
  const figures = {};
  for (const widget of ['ours', 'snowplow']) {
    figures[widget] = {
      hidden: await scenario(session, widget, { hidden: true }),
      idle: await scenario(session, widget, { hidden: false }),
    };
  }
  const { ours, snowplow } = figures;
  const rows = [
    row('idle: timer wake-ups in 1 min, page hidden — peer: Snowplow', {
      ours: ours.hidden.minute.total, peer: snowplow.hidden.minute.total, goal: '0', limit: 0,
    }),
    row(`idle: timer wake-ups in 1 min, visitor idle (from ${SETTLE_MS / 1000} s after load) — peer: Snowplow`, {
      ours: ours.idle.minute.total, peer: snowplow.idle.minute.total, goal: '0', limit: 0,
    }),
    row(`idle: timer wake-ups in the first ${SETTLE_MS / 1000} s after ready, no input — peer: Snowplow`, {
      ours: ours.idle.settle.total, peer: snowplow.idle.settle.total,
    }),
  ];
  return { figures: { minuteMs: MINUTE_MS, settleMs: SETTLE_MS, ...figures }, rows };
}
