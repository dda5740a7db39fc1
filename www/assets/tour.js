/*
 * Acme Analytics demo: the product tour (/app/), a small single-page app.
 *
 * Links marked data-view="name" switch the view in place with
 * history.pushState; Back and Forward (popstate) switch it back. The view is
 * in the query (/app/?view=security), so a reload or a shared link opens the
 * same view on any static host, with no server-side fallback route.
 *
 * Nothing here talks to leadscore: the widget notices pushState and popstate
 * by itself and counts each view as a page view (see the tour rules in
 * /assets/leadscore-config.js). It does read document.title at that moment,
 * so the title is set before pushState, and this file is loaded as a plain
 * script before the widget's tag (see popstate below).
 */
(function () {
  'use strict';

  var VIEWS = {
    overview: 'Product tour',
    integrations: 'Integrations',
    security: 'Security',
    demo: 'Request a demo',
  };
  var SITE = 'Acme Analytics';

  function hasOwn(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function viewFromLocation() {
    var match = /[?&]view=([^&#]*)/.exec(window.location.search);
    var name = match ? decodeURIComponent(match[1]) : 'overview';
    return hasOwn(VIEWS, name) ? name : 'overview';
  }

  function titleFor(name) {
    return name === 'overview' ? VIEWS.overview + ' | ' + SITE : VIEWS[name] + ' | ' + VIEWS.overview + ' | ' + SITE;
  }

  var current = null;

  // Shows view `name`; `moveFocus` after a visitor's navigation, so keyboard
  // and screen-reader users land on the new content.
  function show(name, moveFocus) {
    current = name;
    document.title = titleFor(name);
    document.querySelectorAll('[data-view-panel]').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-view-panel') !== name;
    });
    document.querySelectorAll('.tour-nav a[data-view]').forEach(function (link) {
      if (link.getAttribute('data-view') === name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
    if (moveFocus) {
      var heading = document.querySelector('[data-view-panel="' + name + '"] h2');
      if (heading) heading.focus({ preventScroll: true });
      var nav = document.querySelector('.tour-nav');
      if (nav && nav.getBoundingClientRect().top < 0) nav.scrollIntoView();
    }
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // new tab, new window, download...: the browser's job
    }
    var link = event.target.closest && event.target.closest('a[data-view]');
    if (!link) return;
    var name = link.getAttribute('data-view');
    if (!hasOwn(VIEWS, name)) return;
    event.preventDefault();
    if (name === current) return;
    // Title first: the widget reads the page's title when it sees the navigation.
    show(name, true);
    window.history.pushState({ view: name }, '', link.href);
  }

  function start() {
    show(viewFromLocation(), false);
    document.addEventListener('click', onClick);
  }

  // Back / Forward. This file is a plain (blocking) script placed before the
  // widget's tag, so this listener comes first and the widget, which reads
  // the page title when it sees the navigation, gets the new view's title.
  window.addEventListener('popstate', function () {
    try {
      show(viewFromLocation(), true);
    } catch (e) {
      if (window.console && console.error) console.error('product tour failed', e);
    }
  });

  function startSafely() {
    try {
      start();
    } catch (e) {
      // Without this script the tabs are plain links to the same page: still usable.
      if (window.console && console.error) console.error('product tour failed', e);
    }
  }

  // The title of a deep link (/app/?view=security) right away, before the
  // widget's first page view can read it; the rest once the page is parsed.
  document.title = titleFor(viewFromLocation());
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startSafely);
  else startSafely();
})();
