// Helpers for the storage, tabs and consent specs: reading what the widget left in web storage,
// init scripts that make storage misbehave, and a few multi-tab waits. Built on harness.mjs.
import assert from 'node:assert/strict';
import { toSource } from './harness.mjs';

/** The default storage entry's name. */
export const KEY = 'leadscore';

/** Every entry of local and session storage in the visitor's current page: `{ local, session }`. */
export function storageEntries(v) {
  return v.page.evaluate(() => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.fromEntries(Object.entries(sessionStorage)),
  }));
}

/** The raw text under `key` in `area` ('local' or 'session'), or null. */
export function rawEntry(v, { key = KEY, area = 'local' } = {}) {
  return v.page.evaluate(([k, a]) => (a === 'session' ? sessionStorage : localStorage).getItem(k), [key, area]);
}

/** The parsed entry under `key` in `area`, or null when there is none (fails when it is not JSON). */
export async function storedEntry(v, options) {
  const text = await rawEntry(v, options);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`the stored entry is not JSON: ${text}`);
  }
}

/** Asserts the entry has the documented shape: `{ v: 1, epoch, rules: { id: [hits, weight, at, refused] }, ... }`. */
export function assertStoredForm(entry) {
  assert.ok(entry && typeof entry === 'object', `no stored entry: ${JSON.stringify(entry)}`);
  assert.equal(entry.v, 1, `schema version: ${JSON.stringify(entry)}`);
  assert.equal(typeof entry.epoch, 'number');
  assert.ok(entry.rules && typeof entry.rules === 'object', `rules: ${JSON.stringify(entry)}`);
  for (const [id, tally] of Object.entries(entry.rules)) {
    assert.ok(Array.isArray(tally) && tally.length === 4 && tally.every((n) => typeof n === 'number'),
      `rules.${id}: ${JSON.stringify(tally)}`);
  }
}

/** `{ ruleId: hits }` of a stored entry. */
export function storedHits(entry) {
  return Object.fromEntries(Object.entries(entry?.rules ?? {}).map(([id, [hits]]) => [id, hits]));
}

/** The `leadscore:error` codes the current page saw, in order. */
export async function errorCodes(v) {
  return (await v.events('error')).map((e) => e.code);
}

/** Asserts that no uncaught error reached any page of the visitor so far (the harness checks again at the end). */
export function assertNoPageErrors(v) {
  assert.deepEqual(v.pageErrors, [], 'an uncaught error reached the page');
}

/**
 * Settles the page: a task and a microtask turn later, the widget's handlers and window events
 * for everything done so far have run (they are queued as microtasks after each update).
 */
export function settle(v) {
  return v.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

// ---- init scripts (run in the page before any page script) ----

/** Every `window.localStorage` / `window.sessionStorage` access throws a SecurityError, as with cookies blocked. */
export function blockStorage() {
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  }
}

/**
 * `Storage.prototype.setItem` throws QuotaExceededError for every key, as a full storage does;
 * `window.__setItemAttempts` counts the refused writes (so a test can see the widget did try).
 */
export function fillStorage() {
  window.__setItemAttempts = 0;
  Object.defineProperty(Storage.prototype, 'setItem', {
    configurable: true,
    writable: true,
    value: function setItem() {
      window.__setItemAttempts += 1;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  });
}

/**
 * Records the type of every listener added anywhere (`window.__listenerTypes`), by wrapping
 * `EventTarget.prototype.addEventListener`, and every assignment to `onunload` / `onbeforeunload`.
 */
export function recordListenerTypes() {
  window.__listenerTypes = [];
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function addEventListener(type, ...rest) {
    window.__listenerTypes.push(String(type));
    return add.call(this, type, ...rest);
  };
  for (const name of ['onunload', 'onbeforeunload']) {
    const descriptor = Object.getOwnPropertyDescriptor(window, name)
      || Object.getOwnPropertyDescriptor(Window.prototype, name);
    if (!descriptor || !descriptor.set) continue;
    Object.defineProperty(window, name, {
      configurable: true,
      get: descriptor.get,
      set(value) {
        window.__listenerTypes.push(`${name} (property)`);
        return descriptor.set.call(this, value);
      },
    });
  }
}

/** `navigator.globalPrivacyControl === true`, as a browser with Global Privacy Control sends. */
export function sendGlobalPrivacyControl() {
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
}

/**
 * An init script (source) that puts `text` under `key` in localStorage before the widget loads,
 * on the first page load of the context only (a later reload leaves what the widget wrote).
 */
export function seedEntry(text, key = KEY) {
  return `(() => {
    if (location.protocol !== 'http:' || window.top !== window || sessionStorage.getItem('__seeded') === '1') return;
    sessionStorage.setItem('__seeded', '1');
    localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(text)});
  })();`;
}

// ---- tabs ----

/** Opens `count - 1` more tabs of `first`'s context, each at `path`, and returns all of them (first included). */
export async function openTabs(first, count, path) {
  const tabs = [first];
  for (let i = 1; i < count; i++) tabs.push(await first.newTab(path));
  return tabs;
}

/** Waits until every tab's score is `score`. */
export async function expectScoreEverywhere(tabs, score) {
  for (const tab of tabs) await tab.expectScore(score);
}

/** How many `leadscore:qualified` events and onQualified calls (`window.__leads`) each tab saw. */
export async function qualifiedCounts(tabs) {
  const counts = [];
  for (const tab of tabs) {
    await settle(tab);
    counts.push({
      events: (await tab.events('qualified')).length,
      handlers: await tab.page.evaluate(() => (window.__leads || []).length),
    });
  }
  return counts;
}

/**
 * Install-snippet source (for `setup`, with `config: null`) that inits a different config by
 * path: `byPath` is `[[pathPrefix, config], ...]`, the first matching prefix wins, else `fallback`.
 * One context is one visitor on one origin, so this is how two widgets' pages share a storage.
 */
export function initByPath(byPath, fallback) {
  const choice = byPath.map(([prefix, config]) => `location.pathname.startsWith(${JSON.stringify(prefix)}) ? ${toSource(config)} : `).join('');
  return `LeadScore('init', ${choice}${toSource(fallback)});`;
}

/** The rule set the storage and consent specs share. */
export const STORAGE_RULES = [
  { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
  { id: 'demo', on: 'demo_request', points: 40 },
  { id: 'webinar', on: 'webinar', points: 5, limit: 10 },
];
