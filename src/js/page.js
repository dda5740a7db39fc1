// What the page is: its context (path, query, title, referrer host) for every event, whether it
// is visible and focused, how deep it is scrolled, and what a click or a submit landed on. It
// reads element attributes and text, never form field values.

/** How much of an element's text a click event carries. */
const TEXT_CHARS = 100;

// Reading a part of `location` costs over a microsecond (Chromium), so a page's loop of `track`
// calls reads the address once: within one task it changes only through `history.pushState`
// or `replaceState`, after which the tracker calls `moved()`. The title is read every time.
let here; // [path, query, referrer host], read in this task
let current; // the context last answered, unset or null after `forgetContext`

/** The page context every event carries, when it changed since it was last answered; else nothing. */
export const changedContext = () => {
  if (!here) {
    here = [path(), location.search, hostOf(document.referrer)];
    queueMicrotask(moved);
  }
  const [p, query, referrer] = here;
  const title = document.title;
  if (!current || current.path !== p || current.query !== query || current.title !== title || current.referrer !== referrer) {
    return (current = { path: p, query: query, title: title, referrer: referrer });
  }
};

/** The context last answered, which the core holds (none before the first). */
export const context = () => current;

/** The next `changedContext` answers the context whether it changed or not. */
export const forgetContext = () => {
  current = null;
};

/** The address may have changed: the next context reads it again. */
export const moved = () => {
  here = null;
};

/** `https://news.example.com/a?b` → `news.example.com`. */
const hostOf = (url) => {
  const at = url.indexOf('://');
  return at < 0 ? '' : url.slice(at + 3).split(/[/?#]/)[0];
};

export const path = () => location.pathname;

/**
 * `pathname + search`, and the hash when it is a route (`#/…`, `#!…`): what identifies a page
 * view. A jump link (`#faq`) stays on the same page view.
 */
export const address = () => {
  const hash = location.hash;
  return path() + location.search + (hash.indexOf('#/') === 0 || hash.indexOf('#!') === 0 ? hash : '');
};

export const isVisible = () => document.visibilityState === 'visible';

/** Whether the page is visible and its window has focus (asked even when it is hidden). */
export const isAttended = () => {
  const visible = isVisible();
  try {
    return document.hasFocus() && visible;
  } catch (e) {
    return visible;
  }
};

/** True while the page is being prerendered and has not been shown yet. */
export const isPrerendering = () => document.prerendering === true;

/** True when the browser is driven by automation. */
export const isAutomated = () => navigator.webdriver === true;

/** True when the visitor's browser sends Global Privacy Control. */
export const hasGlobalPrivacyControl = () => navigator.globalPrivacyControl === true;

/** The element an event happened on, or null. */
export const targetElement = (event) => {
  const target = event.target;
  return target instanceof Element ? target : null;
};

/** False when `selector` is not valid CSS. */
export const isValidSelector = (selector) => {
  try {
    document.querySelector(selector);
    return true;
  } catch (e) {
    return false;
  }
};

/** The link (`<a href>`) that `element` is or is in, or null. */
const linkOf = (element) => {
  const link = element.closest('a[href]');
  return link instanceof HTMLAnchorElement ? link : null;
};

/** A link's file extension, lower case: `/files/Guide.PDF` → `pdf`. */
const fileExtension = (pathname) => {
  const name = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/**
 * The props of a `download` event, when a click on `element` landed on a link with the
 * `download` attribute or with one of `extensions`; else nothing (or false).
 */
export const downloadLink = (element, extensions) => {
  const anchor = linkOf(element);
  if (!anchor) return;
  const extension = fileExtension(anchor.pathname);
  const isDocument = anchor.hasAttribute('download') || extensions.includes(extension);
  return isDocument && { href: anchor.href, extension: extension };
};

/**
 * The custom event of a click on `target` or an ancestor with `data-leadscore-event="name"`:
 * `{ name, props }` with the props of its optional `data-leadscore-props` JSON (validated by
 * the core, whose errors name them `data-leadscore-props`), or `{ name, problem }` when that is
 * not JSON; nothing when there is no such element.
 */
export const taggedEvent = (target) => {
  const element = target.closest('[data-leadscore-event]');
  const name = element && element.getAttribute('data-leadscore-event');
  if (!name) return;
  try {
    // An absent attribute is null, which parses as null: no props.
    return { name: name, props: JSON.parse(element.getAttribute('data-leadscore-props')) };
  } catch (e) {
    return { name: name, problem: 'data-leadscore-props: not valid JSON' };
  }
};

/** The bottom of the viewport, in pixels from the top of the page. */
export const viewportBottom = () => window.scrollY + window.innerHeight;

/** The page's height, in pixels. */
export const height = () => document.documentElement.scrollHeight;

/**
 * Props of a click: `href` and `outbound` (a link to another host) when it landed on a link,
 * and the `text` it landed on, white space folded and capped.
 */
export const clickProps = (element) => {
  const link = linkOf(element);
  return {
    ...(link && { href: link.href, outbound: (link.protocol === 'http:' || link.protocol === 'https:') && link.host !== location.host }),
    text: Array.from(((link || element).textContent || '').trim().split(/\s+/).join(' ')).slice(0, TEXT_CHARS).join(''),
  };
};

/** Props of a submitted form: its `id`, `name` and `action` attributes (never field values). */
export const formProps = (form) => {
  const props = {};
  for (const attr of 'id name action'.split(' ')) props[attr] = form.getAttribute(attr) || '';
  return props;
};
