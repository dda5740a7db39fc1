// One local server and one headless Chromium for a bench run. The server sends the widget, the
// peers, the in-page scripts and the pages, cross-origin isolated (COOP + COEP) so that
// performance.now() ticks in 5 µs steps, never cached. openSession(dirs) returns
// { url(page), open({ clock }), close() }; open gives a fresh context and page.
import { launchChromium } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';
import { ASSETS } from './pages.mjs';

/** Where the fake clock starts, for the pages that use one. */
const CLOCK_START = Date.UTC(2030, 0, 15, 9, 0, 0);

export async function openSession(dirs) {
  const server = await startServer({
    mounts: [
      [ASSETS.widget, dirs.widget],
      [ASSETS.peers, dirs.peers],
      [ASSETS.scripts, dirs.scripts],
      ['/', dirs.pages],
    ],
    headers: () => ({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }),
  });
  const browser = await launchChromium();
  const errors = [];
  return {
    browser,
    errors,
    url: (name) => new URL(`/${name}.html`, server.url).href,
    /** A fresh context (own storage, no cache) and page; clock: install Playwright's fake clock first. */
    async open({ clock = false } = {}) {
      const context = await browser.newContext();
      if (clock) await context.clock.install({ time: CLOCK_START });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e.stack || e)));
      return { page, context, close: () => context.close() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** How long anything in a page may take before the bench gives up on it. */
const PATIENCE_MS = 30_000;

/** `promise`, or an error naming `what` after PATIENCE_MS. */
export function inTime(promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${PATIENCE_MS / 1000} s`)), PATIENCE_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Waits until `widget` ('none', 'ours' or 'snowplow') on a loaded page is ready (no polling). */
export function waitReady(page, widget) {
  if (widget === 'ours') return inTime(page.evaluate(() => window.LeadScore.ready().then(() => undefined)), 'our widget ready');
  if (widget === 'snowplow') {
    return inTime(page.evaluate(() => window.snowplowReady
      || new Promise((resolve) => addEventListener('snowplow:ready', () => resolve(), { once: true }))), 'Snowplow ready');
  }
  return Promise.resolve();
}
