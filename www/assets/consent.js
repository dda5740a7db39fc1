/*
 * Acme Analytics demo: the consent banner, a tiny stand-in for a site's
 * consent manager (CMP).
 *
 * The widget's config says consent: 'required': it scores the current page in
 * memory and writes nothing to storage until LeadScore('consent', 'granted').
 * This file remembers the visitor's answer under the site's own key
 * (localStorage 'acme-consent', not the widget's entry) and passes it on:
 *
 * - on every page load with an answer, right after the config's init (this is
 *   a plain script placed after leadscore-config.js, so the call is queued
 *   directly behind init): LeadScore('consent', 'granted' | 'denied');
 * - with no answer yet, a small banner with Accept / Decline;
 * - "Privacy choices" in the footer opens the banner again.
 *
 * Decline calls LeadScore('consent', 'denied'), which erases what the widget
 * stored and stops it; the score panel (demo.js) then shows "Scoring off".
 * Accepting later starts the widget again with the same config.
 *
 * window.acmeConsent is 'pending', 'granted' or 'denied'; every change fires
 * an 'acme:consent' window event (detail: { choice }) for demo.js.
 * Only textContent and createElement: no markup strings, no inline styles.
 */
(function () {
  'use strict';

  var KEY = 'acme-consent';
  var MESSAGE = 'We score your visit in this browser to offer help at the right moment. Nothing leaves your browser.';

  function readChoice() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === 'granted' || value === 'denied' ? value : null;
    } catch (e) {
      return null; // storage blocked: ask again on each page
    }
  }

  function writeChoice(choice) {
    try { window.localStorage.setItem(KEY, choice); } catch (e) { /* remembered for this page only */ }
  }

  function widget(command, arg) {
    try {
      if (typeof window.LeadScore === 'function') window.LeadScore(command, arg);
    } catch (e) { /* the widget never throws; belt and braces */ }
  }

  // ---------------------------------------------------- right after init

  var choice = readChoice();
  var stopped = false; // consent('denied') dropped the widget on this page
  window.acmeConsent = choice || 'pending';
  if (choice === 'granted') {
    widget('consent', 'granted');
  } else if (choice === 'denied') {
    widget('consent', 'denied');
    stopped = true;
  }

  function announce() {
    try {
      window.dispatchEvent(new CustomEvent('acme:consent', { detail: { choice: window.acmeConsent } }));
    } catch (e) { /* very old browser */ }
  }

  function choose(next) {
    if (next !== 'granted' && next !== 'denied') return;
    writeChoice(next);
    window.acmeConsent = next;
    if (next === 'granted') {
      // 'denied' stopped the widget on this page: start it again first.
      if (stopped && window.acmeLeadScoreConfig) widget('init', window.acmeLeadScoreConfig);
      stopped = false;
      widget('consent', 'granted');
    } else {
      widget('consent', 'denied');
      stopped = true;
    }
    hideBanner();
    announce();
  }

  // ------------------------------------------------------------ banner

  var banner = null;
  var opener = null; // the element that reopened the banner, to return focus to

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function buildBanner() {
    banner = el('section', 'consent-banner');
    banner.id = 'consent-banner';
    banner.setAttribute('aria-label', 'Privacy choice');
    var text = el('p', 'consent-text', MESSAGE);
    text.id = 'consent-text';
    var decline = el('button', 'btn btn-ghost btn-small', 'Decline');
    var accept = el('button', 'btn btn-primary btn-small', 'Accept');
    decline.type = 'button';
    accept.type = 'button';
    decline.setAttribute('data-consent', 'denied');
    accept.setAttribute('data-consent', 'granted');
    decline.setAttribute('aria-describedby', 'consent-text');
    accept.setAttribute('aria-describedby', 'consent-text');
    var actions = el('div', 'consent-actions');
    actions.appendChild(decline);
    actions.appendChild(accept);
    banner.appendChild(text);
    banner.appendChild(actions);
    banner.hidden = true;
    decline.addEventListener('click', function () { choose('denied'); });
    accept.addEventListener('click', function () { choose('granted'); });
    banner.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && window.acmeConsent !== 'pending') hideBanner();
    });
    document.body.appendChild(banner);
  }

  function showBanner(from) {
    if (!banner) return;
    opener = from || null;
    banner.hidden = false;
    document.documentElement.classList.add('consent-open');
    var current = banner.querySelector('[data-consent="' + window.acmeConsent + '"]');
    var buttons = banner.querySelectorAll('button[data-consent]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', buttons[i] === current ? 'true' : 'false');
    }
    if (opener) (current || buttons[buttons.length - 1]).focus();
  }

  function hideBanner() {
    if (!banner || banner.hidden) return;
    var hadFocus = banner.contains(document.activeElement);
    banner.hidden = true;
    document.documentElement.classList.remove('consent-open');
    if (hadFocus && opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  // "Privacy choices" in the footer: change the answer at any time.
  function addFooterLink() {
    var list = document.querySelector('.site-footer nav ul');
    if (!list) return;
    var button = el('button', 'link-button', 'Privacy choices');
    button.type = 'button';
    button.setAttribute('aria-controls', 'consent-banner');
    button.addEventListener('click', function () { showBanner(button); });
    var item = el('li');
    item.appendChild(button);
    list.appendChild(item);
  }

  function start() {
    try {
      buildBanner();
      addFooterLink();
      if (window.acmeConsent === 'pending') showBanner(null);
    } catch (e) {
      if (window.console && console.error) console.error('consent banner failed', e);
    }
  }

  window.acmeConsentChoose = choose;
  window.acmeConsentOpen = function () { showBanner(document.activeElement); };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
