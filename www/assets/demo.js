/*
 * Acme Analytics demo UI, built only on leadscore's public API:
 *   window events leadscore:ready / score / tier / qualified / error,
 *   LeadScore.ready(), LeadScore.state(), LeadScore.explain(), LeadScore('reset').
 *
 * - a score panel (bottom-left): live score, progress to the threshold, tier,
 *   explain() breakdown, errors, and a reset button;
 * - a lead-capture dialog (#lead-form) and a chat bubble (#chat), opened by the
 *   config's onQualified through window.acmeOpenLeadCapture(lead).
 * - demo forms (form[data-demo-form="id-of-thank-you"], e.g. the webinar sign-up):
 *   the submit is prevented and the thank-you shown instead; the widget listens
 *   for submits in the capture phase, so it has seen the submit by then.
 * - the visitor's privacy choice (window.acmeConsent and the 'acme:consent'
 *   event, from /assets/consent.js): until Accept the panel says the score is
 *   not kept across pages; after Decline it shows "Scoring off".
 *
 * Everything that comes from the widget (rule ids, messages) is written with
 * textContent: never innerHTML. A missing or broken widget never breaks the page.
 */
(function () {
  'use strict';

  var DEFAULT_THRESHOLD = 100;
  var PANEL_KEY = 'acme-demo-panel';

  // Friendly wording for the demo's own rule ids; any other id is shown as is.
  var REASON_LABELS = {
    home: 'Visited the home page',
    pricing: 'Looked at pricing',
    resources: 'Browsed the resources',
    whitepaper: 'Downloaded the whitepaper',
    'blog-reader': 'Read the blog',
    reader: 'Spent a minute reading',
    'blog-scroll': 'Read the blog post to the end',
    careers: 'Looked at careers',
    tour: 'Took the product tour',
    'tour-integrations': 'Checked the integrations',
    'tour-security': 'Checked security',
    'tour-demo': 'Opened the demo request',
    'pricing-table': 'Studied the pricing table',
    webinar: 'Signed up for the webinar',
    partner: 'Visited our partner Globex',
    returning: 'Came back for another visit',
  };

  // ------------------------------------------------------------------ helpers

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === 'text') el.textContent = String(value);
        else if (name === 'className') el.className = value;
        else if (name === 'hidden') el.hidden = true;
        else el.setAttribute(name, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  function svg(pathData) {
    var NS = 'http://www.w3.org/2000/svg';
    var el = document.createElementNS(NS, 'svg');
    el.setAttribute('viewBox', '0 0 24 24');
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('focusable', 'false');
    var path = document.createElementNS(NS, 'path');
    path.setAttribute('d', pathData);
    path.setAttribute('fill', 'currentColor');
    el.appendChild(path);
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function num(value) {
    var n = Number(value);
    if (!isFinite(n)) return 0;
    return Math.round(n * 10) / 10;
  }

  function signed(n) {
    return (n > 0 ? '+' : '') + n;
  }

  function hasOwn(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function reasonLabel(rule) {
    var id = String(rule);
    return hasOwn(REASON_LABELS, id) ? REASON_LABELS[id] : id;
  }

  // A string from the rule set (rule id, tier name) inside running text: in a
  // <bdi>, so a right-to-left override in it cannot reorder the text around it.
  function idText(text) {
    return h('bdi', { text: String(text) });
  }

  function widgetLoaded() {
    return !!window.LeadScore && typeof window.LeadScore.state === 'function';
  }

  function readState() {
    if (!widgetLoaded()) return null;
    try {
      var s = window.LeadScore.state();
      return s && typeof s === 'object' ? s : null;
    } catch (e) {
      return null;
    }
  }

  function readExplain() {
    if (!window.LeadScore || typeof window.LeadScore.explain !== 'function') return [];
    try {
      var list = window.LeadScore.explain();
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function storageGet(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }

  function storageSet(key, value) {
    try { window.sessionStorage.setItem(key, value); } catch (e) { /* private mode etc. */ }
  }

  // -------------------------------------------------------------- demo state

  var widget = 'loading'; // 'loading' | 'ready' | 'failed' | 'missing'
  var attached = false;
  var lastChange = null; // { delta, rule }
  var errors = []; // [{ code, message }]
  var leadOpened = false; // the lead capture opened on this page load

  // ------------------------------------------------------------------- panel

  var ui = {};

  function buildPanel() {
    ui.mini = h('span', { className: 'ls-panel-mini', 'aria-hidden': 'true' });
    ui.toggle = h('button', {
      type: 'button', className: 'ls-toggle', 'aria-expanded': 'true', 'aria-controls': 'ls-panel-body',
      text: 'Hide',
    });
    ui.score = h('output', { className: 'ls-score', id: 'ls-score', 'aria-live': 'polite', 'aria-atomic': 'true', text: '0' });
    ui.scoreOf = h('span', { className: 'ls-score-of', text: ' / ' + DEFAULT_THRESHOLD });
    ui.tier = h('span', { className: 'ls-tier', text: 'no tier' });
    ui.fill = h('div', { className: 'ls-bar-fill' });
    ui.bar = h('div', {
      className: 'ls-bar', role: 'progressbar', 'aria-label': 'Progress toward qualification',
      'aria-valuemin': '0', 'aria-valuemax': String(DEFAULT_THRESHOLD), 'aria-valuenow': '0',
    }, [ui.fill]);
    ui.status = h('p', { className: 'ls-status', text: 'Waiting for the widget\u2026' });
    ui.errors = h('ul', { className: 'ls-errors', 'aria-live': 'polite' });
    ui.rows = h('tbody');
    ui.explain = h('table', { className: 'ls-explain', hidden: true }, [
      h('caption', { text: 'Why this score' }),
      h('thead', null, [h('tr', null, [
        h('th', { scope: 'col', text: 'Rule' }),
        h('th', { scope: 'col', text: 'Points' }),
        h('th', { scope: 'col', text: 'Hits' }),
      ])]),
      ui.rows,
    ]);
    ui.empty = h('p', { className: 'ls-empty', text: 'No rule has scored yet.' });
    ui.consentNote = h('p', { className: 'ls-consent-note', hidden: true,
      text: 'Scored for this page only: nothing is kept across pages until you accept the privacy banner.' });
    ui.turnOn = h('button', { type: 'button', className: 'btn btn-ghost btn-small', text: 'Turn scoring on' });
    ui.off = h('div', { className: 'ls-off', hidden: true }, [
      h('p', { className: 'ls-off-title', text: 'Scoring off' }),
      h('p', { text: 'You declined, so this site scores nothing and keeps nothing in your browser.' }),
      h('div', { className: 'ls-actions' }, [ui.turnOn]),
    ]);
    ui.reset = h('button', { type: 'button', className: 'btn btn-ghost btn-small', text: 'Reset score' });
    ui.formBtn = h('button', { type: 'button', className: 'btn btn-ghost btn-small', text: 'Open lead form' });
    ui.scoreRow = h('div', { className: 'ls-score-row' }, [
      h('div', null, [h('span', { className: 'visually-hidden', text: 'Score: ' }), ui.score, ui.scoreOf]),
      ui.tier,
    ]);
    ui.body = h('div', { className: 'ls-panel-body', id: 'ls-panel-body' }, [
      ui.off,
      ui.scoreRow,
      ui.bar,
      ui.status,
      ui.consentNote,
      ui.errors,
      ui.explain,
      ui.empty,
      h('div', { className: 'ls-actions' }, [ui.reset, ui.formBtn]),
    ]);
    ui.panel = h('aside', { className: 'ls-panel', id: 'ls-panel', 'aria-label': 'Lead score demo panel' }, [
      h('div', { className: 'ls-panel-head' }, [
        h('h2', { className: 'ls-panel-title' }, ['Lead score ', ui.mini]),
        ui.toggle,
      ]),
      ui.body,
    ]);

    ui.toggle.addEventListener('click', function () {
      setCollapsed(!ui.body.hidden);
    });
    ui.reset.addEventListener('click', resetScore);
    ui.turnOn.addEventListener('click', function () {
      if (typeof window.acmeConsentChoose === 'function') window.acmeConsentChoose('granted');
    });
    ui.formBtn.addEventListener('click', function () { openLeadForm(null); });

    document.body.appendChild(ui.panel);

    var saved = storageGet(PANEL_KEY);
    var narrow = window.matchMedia && window.matchMedia('(max-width: 560px)').matches;
    setCollapsed(saved ? saved === 'collapsed' : narrow);
  }

  function setCollapsed(collapsed) {
    ui.body.hidden = collapsed;
    ui.panel.classList.toggle('is-collapsed', collapsed);
    // The open panel covers the bottom-left corner: site.css then leaves room
    // below the footer, so the end of every page can scroll clear of it.
    document.documentElement.classList.toggle('ls-panel-open', !collapsed);
    ui.toggle.setAttribute('aria-expanded', collapsed ? 'false' : 'true');
    ui.toggle.textContent = collapsed ? 'Show' : 'Hide';
    ui.mini.hidden = !collapsed;
    storageSet(PANEL_KEY, collapsed ? 'collapsed' : 'open');
  }

  function render() {
    var state = readState();
    var score = state ? num(state.score) : 0;
    var threshold = state && num(state.threshold) > 0 ? num(state.threshold) : DEFAULT_THRESHOLD;
    var qualified = !!(state && state.qualified);
    var tier = state && state.tier ? String(state.tier) : '';
    var consent = window.acmeConsent; // from consent.js: 'pending' | 'granted' | 'denied'
    var off = consent === 'denied';

    // Declined: no score at all, just "Scoring off" (the widget has stopped).
    ui.off.hidden = !off;
    ui.scoreRow.hidden = off;
    ui.bar.hidden = off;
    ui.status.hidden = off;
    ui.reset.hidden = off;
    ui.panel.classList.toggle('is-off', off);
    ui.consentNote.hidden = consent !== 'pending' || widget !== 'ready';

    if (ui.score.textContent !== String(score)) ui.score.textContent = String(score);
    ui.scoreOf.textContent = ' / ' + threshold;
    ui.mini.textContent = off ? 'off' : String(score);
    ui.tier.textContent = tier || 'no tier';
    if (tier) ui.tier.setAttribute('data-tier', tier); else ui.tier.removeAttribute('data-tier');

    var pct = Math.max(0, Math.min(100, (score / threshold) * 100));
    ui.fill.style.width = pct + '%';
    ui.bar.setAttribute('aria-valuemax', String(threshold));
    ui.bar.setAttribute('aria-valuenow', String(Math.max(0, Math.min(threshold, score))));
    ui.panel.classList.toggle('is-qualified', qualified);

    clear(ui.status);
    statusParts(state, score, threshold, qualified).forEach(function (part) {
      ui.status.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    });

    clear(ui.errors);
    errors.forEach(function (err) {
      ui.errors.appendChild(h('li', null, [h('code', { text: err.code }), ' ' + err.message]));
    });

    var entries = state ? readExplain() : [];
    clear(ui.rows);
    entries.forEach(function (entry) {
      if (!entry || typeof entry !== 'object') return;
      var points = num(entry.points);
      ui.rows.appendChild(h('tr', null, [
        h('td', { text: String(entry.rule), title: reasonLabel(entry.rule) }),
        h('td', { className: points < 0 ? 'is-negative' : null, text: signed(points) }),
        h('td', { text: String(num(entry.hits)) }),
      ]));
    });
    ui.explain.hidden = off || ui.rows.children.length === 0;
    ui.empty.hidden = off || ui.rows.children.length > 0 || widget !== 'ready';

    if (qualified && !leadOpened && chatMode === 'hidden') {
      // Qualified on an earlier page load: `qualified` will not fire again.
      showChat('minimized');
    }
  }

  // The status line: text, then the last change with its rule id kept on one line.
  function statusParts(state, score, threshold, qualified) {
    if (widget === 'missing') {
      return ['The widget did not load (/leadscore/leadscore.js). The site works as usual; nothing is scored.'];
    }
    if (widget === 'failed') return ['The widget could not start. The site works as usual; nothing is scored.'];
    if (widget === 'loading' && !state) return ['Waiting for the widget\u2026'];
    var text;
    if (qualified) {
      var at = state && Number(state.qualifiedAt);
      text = 'Marketing-Qualified Lead' + (at ? ' since ' + new Date(at).toLocaleTimeString() : '') + '.';
    } else {
      var togo = num(threshold - score);
      text = togo + ' point' + (togo === 1 ? '' : 's') + ' to qualify.';
    }
    if (!lastChange) return [text];
    return [
      text + ' Last: ' + signed(num(lastChange.delta)) + ' from ',
      h('span', { className: 'ls-rule', title: reasonLabel(lastChange.rule), text: lastChange.rule }),
      '.',
    ];
  }

  function addError(code, message) {
    code = String(code || 'error');
    message = String(message || '');
    for (var i = 0; i < errors.length; i++) {
      if (errors[i].code === code && errors[i].message === message) return;
    }
    errors.push({ code: code, message: message });
    if (errors.length > 5) errors.shift();
  }

  function resetScore() {
    try {
      window.LeadScore('reset');
    } catch (e) {
      addError('reset_failed', e && e.message);
    }
    lastChange = null;
    leadOpened = false;
    showChat('hidden');
    render();
    setTimeout(render, 50);
  }

  // ------------------------------------------------------------------- toast

  var toastTimer = null;
  function toast(text) {
    if (!ui.toast) {
      ui.toast = h('div', { className: 'ls-toast', role: 'status', hidden: true });
      document.body.appendChild(ui.toast);
    }
    clear(ui.toast);
    (Array.isArray(text) ? text : [String(text)]).forEach(function (part) {
      ui.toast.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    });
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { ui.toast.hidden = true; }, 2600);
  }

  // ------------------------------------------------------ lead-capture dialog

  function buildLeadForm() {
    function field(id, label, control) {
      control.id = id;
      return h('div', { className: 'field' }, [h('label', { for: id, text: label }), control]);
    }
    ui.formIntro = h('p', { className: 'lead-intro' });
    ui.reasonList = h('ul');
    ui.reasons = h('div', { className: 'lead-reasons', hidden: true }, [
      h('p', { text: 'What caught your eye' }), ui.reasonList,
    ]);
    ui.nameInput = h('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, autofocus: true });
    var size = h('select', { name: 'company_size' }, ['1\u201310', '11\u201350', '51\u2013200', '201\u20131,000', 'More than 1,000']
      .map(function (s) { return h('option', { text: s }); }));
    var cancel = h('button', { type: 'button', className: 'btn btn-ghost', text: 'Not now' });
    ui.form = h('form', { id: 'lead-form-form', novalidate: null }, [
      h('h2', { id: 'lead-form-title', text: 'Let\u2019s talk about your analytics' }),
      ui.formIntro,
      ui.reasons,
      field('lead-name', 'Your name', ui.nameInput),
      field('lead-email', 'Work email', h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true })),
      field('lead-company', 'Company', h('input', { type: 'text', name: 'company', autocomplete: 'organization' })),
      field('lead-size', 'Team size', size),
      field('lead-message', 'Anything we should know? (optional)', h('textarea', { name: 'message', rows: '3' })),
      h('p', { className: 'form-note', text: 'Demo only: nothing you type is sent anywhere.' }),
      h('div', { className: 'dialog-actions' }, [cancel, h('button', { type: 'submit', className: 'btn btn-primary', text: 'Request a call' })]),
    ]);
    ui.thanksTitle = h('h2', { id: 'lead-thanks-title', text: 'Thank you!' });
    var done = h('button', { type: 'button', className: 'btn btn-primary', text: 'Close' });
    ui.thanks = h('div', { className: 'lead-thanks', hidden: true }, [
      ui.thanksTitle,
      h('p', { text: 'A solutions engineer will be in touch within one business day. In the meantime, the chat is open if you have a quick question.' }),
      h('div', { className: 'dialog-actions' }, [done]),
    ]);
    var close = h('button', { type: 'button', className: 'dialog-close', 'aria-label': 'Close', text: '\u00d7' });
    ui.dialog = h('dialog', { id: 'lead-form', className: 'lead-dialog', 'aria-labelledby': 'lead-form-title' }, [
      close, ui.form, ui.thanks,
    ]);

    ui.form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (typeof ui.form.reportValidity === 'function' && !ui.form.reportValidity()) return;
      var name = ui.nameInput.value.trim().split(/\s+/)[0];
      ui.thanksTitle.textContent = name ? 'Thank you, ' + name + '!' : 'Thank you!';
      ui.form.hidden = true;
      ui.thanks.hidden = false;
      ui.dialog.setAttribute('aria-labelledby', 'lead-thanks-title');
      done.focus();
    });
    [cancel, close, done].forEach(function (btn) { btn.addEventListener('click', closeLeadForm); });

    document.body.appendChild(ui.dialog);
  }

  function openLeadForm(lead) {
    var reasons = [];
    var intro;
    if (lead && typeof lead === 'object') {
      reasons = Array.isArray(lead.reasons) ? lead.reasons : [];
      intro = 'You\u2019ve been exploring Acme Analytics (lead score ' + num(lead.score) + ' of ' +
        num(lead.threshold || DEFAULT_THRESHOLD) + '). Leave your details and we\u2019ll set up a walkthrough with your own data.';
    } else {
      reasons = readExplain();
      intro = 'Tell us a little about your team and we\u2019ll set up a 14-day trial and a walkthrough.';
    }
    ui.formIntro.textContent = intro;

    clear(ui.reasonList);
    reasons.filter(function (r) { return r && num(r.points) > 0; }).slice(0, 3).forEach(function (r) {
      ui.reasonList.appendChild(h('li', null, [idText(reasonLabel(r.rule)), ' (' + signed(num(r.points)) + ')']));
    });
    ui.reasons.hidden = ui.reasonList.children.length === 0;

    ui.form.hidden = false;
    ui.thanks.hidden = true;
    ui.dialog.setAttribute('aria-labelledby', 'lead-form-title');

    if (ui.dialog.open) return;
    if (typeof ui.dialog.showModal === 'function') {
      try { ui.dialog.showModal(); } catch (e) { ui.dialog.setAttribute('open', ''); }
    } else {
      ui.dialog.setAttribute('open', '');
    }
    ui.nameInput.focus();
  }

  function closeLeadForm() {
    if (typeof ui.dialog.close === 'function' && ui.dialog.open) ui.dialog.close();
    else ui.dialog.removeAttribute('open');
  }

  // -------------------------------------------------------------------- chat

  var chatMode = 'hidden'; // 'hidden' | 'minimized' | 'open'

  function buildChat() {
    ui.chatLog = h('ol', { className: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Messages' });
    ui.chatInput = h('input', { type: 'text', id: 'chat-input', name: 'chat', autocomplete: 'off', placeholder: 'Type a message\u2026' });
    var chatForm = h('form', { className: 'chat-form' }, [
      h('label', { for: 'chat-input', className: 'visually-hidden', text: 'Message' }),
      ui.chatInput,
      h('button', { type: 'submit', className: 'btn btn-primary btn-small', text: 'Send' }),
    ]);
    var minimize = h('button', { type: 'button', 'aria-label': 'Minimize chat', text: '\u2013' });
    ui.chatWindow = h('div', { className: 'chat-window', id: 'chat-window', hidden: true }, [
      h('div', { className: 'chat-head' }, [
        h('div', null, [h('h2', { text: 'Acme team' }), h('p', { text: 'Usually replies in a few minutes' })]),
        minimize,
      ]),
      ui.chatLog,
      chatForm,
    ]);
    ui.chatDot = h('span', { className: 'chat-dot', hidden: true });
    ui.chatLauncher = h('button', {
      type: 'button', className: 'chat-launcher', 'aria-label': 'Open chat',
      'aria-expanded': 'false', 'aria-controls': 'chat-window',
    }, [svg('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z'), ui.chatDot]);
    ui.chat = h('aside', { id: 'chat', className: 'chat', 'aria-label': 'Chat with Acme', hidden: true }, [
      ui.chatWindow, ui.chatLauncher,
    ]);

    minimize.addEventListener('click', function () { showChat('minimized'); ui.chatLauncher.focus(); });
    ui.chatLauncher.addEventListener('click', function () {
      showChat(chatMode === 'open' ? 'minimized' : 'open');
    });
    chatForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = ui.chatInput.value.trim();
      if (!text) return;
      chatSay(text, true);
      ui.chatInput.value = '';
      setTimeout(function () {
        chatSay('Thanks! This is a demo, so nobody is on the other end \u2014 on a real site a solutions engineer would answer right here.');
      }, 700);
    });

    document.body.appendChild(ui.chat);
  }

  function chatSay(text, fromVisitor, action) {
    var li = h('li', { className: 'chat-msg' + (fromVisitor ? ' from-visitor' : '') }, [
      h('span', { className: 'visually-hidden', text: fromVisitor ? 'You: ' : 'Acme: ' }),
    ].concat(Array.isArray(text) ? text : [text]));
    if (action) {
      var btn = h('button', { type: 'button', className: 'btn btn-primary btn-small', text: action.label });
      btn.addEventListener('click', action.run);
      li.appendChild(h('br'));
      li.appendChild(btn);
    }
    ui.chatLog.appendChild(li);
    ui.chatLog.scrollTop = ui.chatLog.scrollHeight;
    if (!fromVisitor && chatMode !== 'open') ui.chatDot.hidden = false;
  }

  function showChat(mode) {
    chatMode = mode;
    ui.chat.hidden = mode === 'hidden';
    ui.chatWindow.hidden = mode !== 'open';
    ui.chatLauncher.setAttribute('aria-expanded', mode === 'open' ? 'true' : 'false');
    ui.chatLauncher.setAttribute('aria-label', mode === 'open' ? 'Minimize chat' : 'Open chat');
    if (mode === 'open') {
      ui.chatDot.hidden = true;
      if (!ui.chatLog.children.length) {
        chatSay('Welcome back! Any questions about Acme Analytics? We\u2019re happy to help.');
      }
    }
  }

  // -------------------------------------------------------------- demo forms

  // The browser fires `submit` only once the required fields are valid; this
  // demo sends nothing anywhere and never reads what was typed.
  function bindDemoForm(form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var thanks = document.getElementById(form.getAttribute('data-demo-form') || '');
      if (!thanks) return;
      form.hidden = true;
      thanks.hidden = false;
      thanks.focus();
    });
  }

  // ------------------------------------------------------- qualified handler

  function openLeadCapture(lead) {
    leadOpened = true;
    var reasons = lead && Array.isArray(lead.reasons) ? lead.reasons : [];
    var top = reasons.filter(function (r) { return r && num(r.points) > 0; })[0];
    var hook = top ? [' ', idText(reasonLabel(top.rule)), ' \u2014 good choice.'] : [];
    clear(ui.chatLog);
    chatSay(['Hi there! Looks like you\u2019re doing your homework on lead scoring.'].concat(hook,
      [' Want a 20-minute walkthrough with someone from our team?']), false, {
      label: 'Book a walkthrough',
      run: function () { openLeadForm(lead); },
    });
    showChat('open');
    openLeadForm(lead);
    render();
  }

  // ------------------------------------------------------ widget life cycle

  function attach() {
    if (attached || !widgetLoaded()) return;
    attached = true;
    if (typeof window.LeadScore.ready !== 'function') {
      widget = 'ready';
      render();
      return;
    }
    var p;
    try { p = window.LeadScore.ready(); } catch (e) { p = null; }
    if (!p || typeof p.then !== 'function') {
      widget = 'ready';
      render();
      return;
    }
    p.then(function () {
      widget = 'ready';
      render();
    }, function (err) {
      widget = 'failed';
      var code = err && err.code ? String(err.code) : 'not_ready';
      // The same cause usually came as a leadscore:error event already; show it once.
      var known = errors.some(function (e) { return e.code === code; });
      if (!known) addError(code, err && err.message ? err.message : String(err));
      render();
    });
  }

  function onWindowLoad() {
    attach();
    if (!widgetLoaded() && widget === 'loading') {
      widget = 'missing';
      render();
    }
  }

  function listen() {
    window.addEventListener('leadscore:ready', function () {
      attach();
      widget = 'ready';
      render();
    });
    window.addEventListener('leadscore:score', function (event) {
      var d = event.detail || {};
      if (d.rule !== undefined && d.rule !== null) lastChange = { delta: d.delta, rule: String(d.rule) };
      attach();
      render();
    });
    window.addEventListener('leadscore:tier', function (event) {
      var d = event.detail || {};
      if (d.tier && window.acmeConsent !== 'denied') toast(['Tier: ', idText(d.tier), ' (score ' + num(d.score) + ')']);
      render();
    });
    window.addEventListener('leadscore:qualified', function () {
      // Opening the lead capture is the config's onQualified job; just refresh.
      render();
    });
    window.addEventListener('leadscore:error', function (event) {
      var d = event.detail || {};
      addError(d.code, d.message);
      if (d.code === 'wasm_unavailable' || d.code === 'invalid_config') widget = 'failed';
      render();
    });
    window.addEventListener('acme:consent', function () {
      if (window.acmeConsent === 'denied') {
        // consent('denied') erased the score: nothing left to chat about.
        lastChange = null;
        leadOpened = false;
        showChat('hidden');
        if (ui.toast) ui.toast.hidden = true;
      }
      render();
      setTimeout(render, 50);
    });
  }

  function start() {
    buildPanel();
    buildLeadForm();
    buildChat();

    document.querySelectorAll('[data-open-lead-form]').forEach(function (el) {
      el.addEventListener('click', function (event) {
        event.preventDefault();
        openLeadForm(null);
      });
    });

    document.querySelectorAll('form[data-demo-form]').forEach(bindDemoForm);

    // "Skip to content" moves focus without changing the address: to the widget
    // a hash change is an in-page navigation (a new page view, +20 again on the
    // pricing page), and skipping the header is not one.
    document.querySelectorAll('a.skip-link[href^="#"]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        var target = document.getElementById(link.getAttribute('href').slice(1));
        if (!target) return;
        event.preventDefault();
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.focus();
      });
    });

    listen();

    // Errors reported before this script ran (buffered by leadscore-config.js).
    var early = window.acmeEarlyErrors;
    window.acmeEarlyErrors = null;
    if (Array.isArray(early)) {
      early.forEach(function (d) {
        if (!d || typeof d !== 'object') return;
        addError(d.code, d.message);
        if (d.code === 'wasm_unavailable' || d.code === 'invalid_config') widget = 'failed';
      });
    }

    // The one path from onQualified to the page; leads that came before us wait in a queue.
    window.acmeOpenLeadCapture = openLeadCapture;
    var pending = window.acmePendingLeads;
    window.acmePendingLeads = [];
    if (Array.isArray(pending) && pending.length) openLeadCapture(pending[pending.length - 1]);

    attach();
    render();
    if (document.readyState === 'complete') onWindowLoad();
    else window.addEventListener('load', onWindowLoad);
  }

  try {
    start();
  } catch (e) {
    // The demo UI must never take the page down with it.
    if (window.console && console.error) console.error('demo UI failed', e);
  }
})();
