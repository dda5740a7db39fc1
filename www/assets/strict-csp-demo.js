/*
 * /strict-csp.html: the "hostile strings" demo and a live report of what the
 * page saw under its Content-Security-Policy. Built only on the public API;
 * everything shown is written with textContent.
 */
(function () {
  'use strict';

  var hostile = window.acmeHostile || {
    event: '<script>alert(2)</script>',
    prop: '"><script>alert(2)</script>',
    value: '\u202e\u0000\ud83d\ude42',
  };
  var violations = [];
  var started = null; // null: waiting; true: ready; { code, message }: failed

  function byId(id) { return document.getElementById(id); }

  function call() {
    try { window.LeadScore.apply(null, arguments); } catch (e) { /* never throws; belt and braces */ }
  }

  function sendHostile() {
    var props = {};
    props[hostile.prop] = hostile.value;
    // An event no rule scores, and then the one the hostile rules score.
    call('track', '<img src=x onerror=alert(1)>', props);
    call('track', hostile.event, props);
  }

  function read(name, fallback) {
    try {
      if (window.LeadScore && typeof window.LeadScore[name] === 'function') return window.LeadScore[name]();
    } catch (e) { /* fall through */ }
    return fallback;
  }

  function item(list, ok, text) {
    var li = document.createElement('li');
    if (!ok) li.className = 'is-bad';
    li.textContent = text;
    list.appendChild(li);
  }

  function render() {
    var out = byId('csp-explain');
    var checks = byId('csp-checks');
    if (!out || !checks) return;
    var state = read('state', null);
    var explain = read('explain', []);
    out.textContent = 'LeadScore.explain() \u2192 ' + JSON.stringify(explain, null, 2);

    while (checks.firstChild) checks.removeChild(checks.firstChild);
    if (started === true) {
      item(checks, true, 'The widget started under this policy; score ' +
        (state ? Math.round(Number(state.score) * 100) / 100 : 0) + '.');
    } else if (started) {
      item(checks, false, 'The widget did not start: ' + started.code + ' \u2014 ' + started.message);
    } else {
      item(checks, true, 'Waiting for the widget\u2026');
    }
    item(checks, violations.length === 0, violations.length === 0
      ? 'No Content-Security-Policy violation reported on this page.'
      : violations.length + ' Content-Security-Policy violation(s): ' + violations.slice(0, 3).join('; '));
  }

  function start() {
    document.addEventListener('securitypolicyviolation', function (event) {
      violations.push(String(event.violatedDirective) + ' blocked ' + String(event.blockedURI || 'inline'));
      render();
    });
    var button = byId('hostile-track');
    if (button) button.addEventListener('click', function () { sendHostile(); setTimeout(render, 0); });

    ['leadscore:ready', 'leadscore:score', 'leadscore:tier', 'acme:consent'].forEach(function (name) {
      window.addEventListener(name, function () { if (name === 'leadscore:ready') started = true; render(); });
    });
    window.addEventListener('leadscore:error', function (event) {
      var d = event.detail || {};
      if (d.code === 'wasm_unavailable' || d.code === 'invalid_config') started = d;
      render();
    });
    window.addEventListener('load', function () {
      if (window.LeadScore && typeof window.LeadScore.ready === 'function') {
        window.LeadScore.ready().then(function () { started = true; render(); }, function (err) {
          started = { code: String(err && err.code || 'error'), message: String(err && err.message || err) };
          render();
        });
      }
    });
    render();
  }

  try {
    start();
  } catch (e) {
    if (window.console && console.error) console.error('strict-csp demo failed', e);
  }
})();
