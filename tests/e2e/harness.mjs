// Shared end-to-end harness: one static server and one Chromium per spec file, a fresh browser
// context per test, and a test site whose pages install the widget exactly as CONTRACT.md says.
//
// The site: every extension-less path (/, /pricing, /blog/post, /resources, /careers, ...) is the
// template fixtures/page.html (served by the real server) with this test's install snippet filled
// in. Everything else is the real server: the widget from dist/ at /leadscore/, the fixture files
// (/files/guide.pdf, ...) at /.
//
// Run: node --test --test-concurrency=1 tests/e2e/*.spec.mjs (after `npm run build`).
// LEADSCORE_DIST=dir tests another build of the widget; CHROMIUM_PATH another Chromium.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.LEADSCORE_DIST ? path.resolve(process.env.LEADSCORE_DIST) : path.resolve(here, '../../dist');
export const FIXTURES = path.join(here, 'fixtures');

/** The fake clock's start when a test asks for `clock: true`. */
export const T0 = Date.UTC(2030, 0, 15, 9, 0, 0);

/** How long a test waits for something the widget should do "right away". */
const WAIT_MS = 5000;

const EVENT_TYPES = ['ready', 'score', 'qualified', 'tier', 'error'];

/**
 * Call once at the top of a spec file. Starts the server and the browser for the file and returns
 * `{ open }`; `open(t, options)` gives a fresh visitor (see `Visitor`).
 */
export function useSite() {
  const env = {};
  before(async () => {
    for (const file of ['leadscore.js', 'leadscore_bg.wasm']) {
      assert.ok(fs.existsSync(path.join(DIST, file)), `dist/${file} is missing: run \`npm run build\` first`);
    }
    env.server = await startServer({ mounts: [['/leadscore/', DIST], ['/', FIXTURES]] });
    env.origin = new URL(env.server.url).origin;
    env.template = await (await fetch(new URL('/page.html', env.origin))).text();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return { open: (t, options) => Visitor.open(env, t, options) };
}

/** JS source for a value that may hold functions (configs with onQualified, handlers, ...). */
export function toSource(value) {
  if (typeof value === 'function') return `(${value})`;
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(toSource).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${toSource(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * Runs in every page before any page script: records each `leadscore:*` window event, and each
 * event the widget logs with `debug: true` (`console.log('leadscore', { event, props, hits })`).
 */
function recordEvents(types) {
  const copy = (value) => { try { return structuredClone(value); } catch { return value; } };
  window.__events = [];
  for (const type of types) {
    window.addEventListener(`leadscore:${type}`, (e) => {
      window.__events.push({ type: e.type, detail: copy(e.detail) });
    });
  }
  window.__debug = [];
  const log = console.log;
  console.log = function (...args) {
    if (args[0] === 'leadscore' && args[1] && typeof args[1] === 'object' && 'event' in args[1]) {
      window.__debug.push(copy(args[1]));
    }
    return log.apply(this, args);
  };
}

/** `object` with only `keys` (absent ones as undefined): for comparing the props that matter. */
export function pick(object, keys) {
  return Object.fromEntries(keys.map((k) => [k, object?.[k]]));
}

/** A visitor: one browser context (own storage), one page, and what reached that page. */
export class Visitor {
  /**
   * options:
   *   config      the object passed to `LeadScore('init', config)` (functions allowed); null: no init
   *   setup       a function (or JS source) run right after init in the install snippet, i.e. calls
   *               queued by the stub before the widget loads
   *   head, body  extra HTML after the widget's script tag / at the end of <body>
   *   initScript  a function run in the page before any page script (e.g. to block localStorage)
   *   clock       true or a time: install Playwright's fake clock before the first navigation
   *   path        navigate there and wait until ready() settles
   */
  static async open(env, t, { config = null, setup, head = '', body = '', initScript, clock, path } = {}) {
    const context = await env.browser.newContext({ baseURL: env.server.url });
    const v = new Visitor(context);
    v.hasClock = Boolean(clock);
    t.after(async () => {
      await context.close();
      assert.deepEqual(v.pageErrors, [], 'an uncaught error reached the page');
    });

    await context.addInitScript(recordEvents, EVENT_TYPES);
    if (initScript) await context.addInitScript(initScript);
    if (clock) await context.clock.install({ time: clock === true ? T0 : clock });

    const install = [
      `window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };`,
      config === null ? '' : `LeadScore('init', ${toSource(config)});`,
      setup === undefined ? '' : typeof setup === 'function' ? `(${setup})();` : setup,
    ].join('\n');
    const isSitePage = (url) => url.origin === env.origin
      && !url.pathname.startsWith('/leadscore/') && !/\.[A-Za-z0-9]+$/.test(url.pathname);
    await context.route(isSitePage, (route) => {
      const title = new URL(route.request().url()).pathname;
      const html = env.template.replace(/\{\{(\w+)\}\}/g, (_, key) => ({ title, install, head, body })[key]);
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    });

    const watch = (page) => {
      page.on('pageerror', (err) => v.pageErrors.push(`${page.url()}: ${err.stack || err}`));
      page.on('console', (msg) => v.console.push({ type: msg.type(), text: msg.text() }));
    };
    context.on('page', watch);
    v.page = await context.newPage();
    if (path) await v.goto(path);
    return v;
  }

  constructor(context) {
    this.context = context;
    this.page = null;
    this.pageErrors = [];
    this.console = [];
  }

  /** Navigates and waits for the loader; unless `ready: false`, also until ready() settles. */
  async goto(path, { ready = true } = {}) {
    await this.page.goto(path);
    return this.afterLoad(ready);
  }

  async reload({ ready = true } = {}) {
    await this.page.reload();
    return this.afterLoad(ready);
  }

  async afterLoad(ready) {
    await this.page.waitForFunction(() => typeof window.LeadScore?.ready === 'function', null, { timeout: WAIT_MS });
    return ready ? this.ready() : undefined;
  }

  /** `LeadScore.ready()` settled: `{ ok: true, state }` or `{ ok: false, error: { isError, code, message } }`. */
  ready() {
    return this.page.evaluate(() => LeadScore.ready().then(
      (state) => ({ ok: true, state }),
      (e) => ({ ok: false, error: { isError: e instanceof Error, code: e?.code, message: e?.message } }),
    ));
  }

  /** `LeadScore(command, ...args)` in the page. */
  call(command, ...args) {
    return this.page.evaluate(([c, a]) => { LeadScore(c, ...a); }, [command, args]);
  }

  state() { return this.page.evaluate(() => LeadScore.state()); }
  explain() { return this.page.evaluate(() => LeadScore.explain()); }
  /** `explain()` entries as `{ rule, points, hits }` only, for comparing whole lists. */
  async contributions() {
    return (await this.explain()).map(({ rule, points, hits }) => ({ rule, points, hits }));
  }
  score() { return this.page.evaluate(() => LeadScore.state().score); }

  /** Details of the recorded `leadscore:<type>` events on the current page, in order. */
  async events(type) {
    const all = await this.page.evaluate(() => window.__events);
    return all.filter((e) => e.type === `leadscore:${type}`).map((e) => e.detail);
  }

  /**
   * The events the widget handled on the current page, as `debug: true` logs them:
   * `[{ event, props, hits }]`, only those named `name` if given.
   */
  async debugEvents(name) {
    const all = await this.page.evaluate(() => window.__debug);
    return all.filter((e) => name === undefined || e.event === name);
  }

  /** Waits for at least `count` handled events named `name` (needs `debug: true`) and returns them. */
  async expectDebugEvents(name, count = 1) {
    await this.until(([n, c]) => window.__debug.filter((e) => e.event === n).length >= c, [name, count],
      async () => JSON.stringify(await this.debugEvents()));
    return this.debugEvents(name);
  }

  /** Waits until `fn(arg)` is truthy in the page; on timeout, fails with `describe()`'s output. */
  async until(fn, arg, describe) {
    try {
      await this.page.waitForFunction(fn, arg, { timeout: WAIT_MS, polling: 20 });
    } catch (e) {
      if (!/Timeout/.test(String(e))) throw e;
      assert.fail(`timed out waiting for ${fn}${describe ? `: ${await describe()}` : ''}`);
    }
  }

  /** Waits for the score to become `expected` (fails with the actual score). */
  async expectScore(expected) {
    await this.until((n) => LeadScore.state().score === n, expected,
      async () => `score is ${await this.score()}, expected ${expected}; explain: ${JSON.stringify(await this.explain())}`);
  }

  /** Waits until `explain()` has an entry for `rule`, and returns it. */
  async expectRule(rule) {
    await this.until((r) => LeadScore.explain().some((e) => e.rule === r), rule,
      async () => `explain() is ${JSON.stringify(await this.explain())}`);
    return (await this.contributions()).find((e) => e.rule === rule);
  }

  /** Waits for at least `count` `leadscore:<type>` events and returns all of their details. */
  async expectEvents(type, count = 1) {
    await this.until(([t, n]) => window.__events.filter((e) => e.type === `leadscore:${t}`).length >= n,
      [type, count], async () => JSON.stringify(await this.page.evaluate(() => window.__events)));
    return this.events(type);
  }

  /**
   * Console messages containing `text`. The round trip through the page first makes sure every
   * message the page logged before has reached us (the protocol keeps them in order).
   */
  async consoleWith(text) {
    await this.page.evaluate(() => 0);
    return this.console.filter((m) => m.text.includes(text));
  }

  // ---- time and attention (needs `clock`) ----

  /**
   * Lets `seconds` of (fake) time pass with visitor input every `every` seconds: `input` is
   * 'mouse' (a pointer move, the default), 'key' (a Shift key press, which scrolls nothing) or
   * 'wheel' (a wheel turn scrolling 40 px, alternately down and up: a reader who only scrolls).
   */
  async engage(seconds, { every = 5, input = 'mouse' } = {}) {
    for (let t = 0; t < seconds; t += every) {
      if (input === 'mouse') await this.page.mouse.move(100 + (t % 200), 100 + (t % 97));
      else if (input === 'key') await this.page.keyboard.press('Shift');
      // Playwright's mouse.wheel returns before the compositor delivers the event, which races
      // the fake clock; a dispatched WheelEvent reaches the page's listeners synchronously.
      else if (input === 'wheel') await this.page.evaluate((dy) => document.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, bubbles: true })), (t / every) % 2 ? -40 : 40);
      else throw new Error(`engage: unknown input ${input}`);
      await this.page.clock.runFor(Math.min(every, seconds - t) * 1000);
    }
  }

  /** Lets `seconds` of (fake) time pass without any input. */
  idle(seconds) { return this.page.clock.runFor(seconds * 1000); }

  // ---- the page ----

  /** An in-page (SPA) navigation: `history.pushState({}, '', url)`. */
  pushState(url) { return this.page.evaluate((u) => history.pushState({}, '', u), url); }

  /** `history.replaceState({}, '', url)`. */
  replaceState(url) { return this.page.evaluate((u) => history.replaceState({}, '', u), url); }

  /**
   * Scrolls the window so its top is at `target` (pixels, or the top of the element a CSS
   * selector names), waits for the scroll event, then lets the widget see it: one rendering
   * update (so IntersectionObservers have reported) and one animation frame (on the fake clock,
   * requestAnimationFrame only runs as the clock runs). Returns the new scrollY.
   */
  async scrollTo(target) {
    const y = await this.page.evaluate((to) => new Promise((resolve) => {
      const el = typeof to === 'string' ? document.querySelector(to) : null;
      if (typeof to === 'string' && !el) throw new Error(`scrollTo: nothing matches ${to}`);
      const wanted = el ? el.getBoundingClientRect().top + scrollY : to;
      const max = document.documentElement.scrollHeight - innerHeight;
      const done = () => resolve(scrollY);
      if (Math.round(Math.max(0, Math.min(wanted, max))) === Math.round(scrollY)) return done();
      addEventListener('scroll', done, { once: true });
      scrollTo(0, wanted);
    }), target);
    await this.nextFrame();
    return y;
  }

  /**
   * Lets the page render once (IntersectionObservers report in the rendering update; a fresh
   * observer's first report comes after those queued before it) and, on the fake clock, runs
   * one animation frame's worth of time so requestAnimationFrame callbacks fire.
   */
  async nextFrame() {
    await this.page.evaluate(() => new Promise((resolve) => {
      const io = new IntersectionObserver(() => { io.disconnect(); resolve(); });
      io.observe(document.documentElement);
    }));
    if (this.hasClock) await this.page.clock.runFor(20);
    else await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  }

  /** `{ height, viewport, scrollY }`: the document's scroll height and the window's inner height. */
  metrics() {
    return this.page.evaluate(() => ({
      height: document.documentElement.scrollHeight, viewport: innerHeight, scrollY,
    }));
  }

  /** Moves the pointer into the page, then out through the top edge (exit intent). */
  async leaveThroughTop() {
    await this.page.mouse.move(400, 60);
    await this.page.mouse.move(400, -10);
  }

  /** Every value the widget left where page code could read it: its window events and storage. */
  async everythingExposed() {
    return this.page.evaluate(() => JSON.stringify({
      events: window.__events,
      debug: window.__debug,
      localStorage: Object.entries(localStorage),
      sessionStorage: Object.entries(sessionStorage),
      cookie: document.cookie,
    }));
  }

  /** Forces document.visibilityState / hidden and fires `visibilitychange`, as a tab switch does. */
  setVisibility(state) {
    return this.page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    }, state);
  }

  /** Forces document.hasFocus() and fires `blur` / `focus` on window, as switching windows does. */
  setFocus(focused) {
    return this.page.evaluate((f) => {
      document.hasFocus = () => f;
      window.dispatchEvent(new FocusEvent(f ? 'focus' : 'blur'));
    }, focused);
  }

  /** The same visitor in a second tab (same context and storage); its errors count for the test. */
  async newTab(path) {
    const tab = Object.assign(Object.create(Visitor.prototype), this, { page: await this.context.newPage() });
    if (path) await tab.goto(path);
    return tab;
  }

  /** Clicks a link that opens a new tab, and closes that tab again. */
  async clickToNewTab(selector) {
    const [tab] = await Promise.all([this.context.waitForEvent('page'), this.page.click(selector)]);
    await tab.close();
  }
}
