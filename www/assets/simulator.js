/*
 * Acme Analytics demo: "Try a rule set" (/simulator.html).
 *
 * Reads a config and a list of events (JSON) from two text boxes, runs
 * LeadScore.simulate(config, events) — the widget's own engine, which touches
 * neither the page, nor storage, nor the live score — and draws the result:
 *
 * - an SVG chart of the score over time: the score line through every rule hit,
 *   the threshold, the re-arm level, and a band per tier with its name; each
 *   hit is a point whose <title> names the rule (shown on hover);
 * - the final state and a table of the timeline;
 * - the widget's error (result.error) or a JSON syntax error, in an error box.
 *
 * Between hits the score is not flat when points decay. simulate() reports the
 * score only at hits, so for a config with decay the line between hits is
 * sampled by simulating the events up to a moment plus one "probe" event that
 * no rule scores (state.score is the score at the last event's time).
 *
 * Events may say "day": 3 instead of "at" (ms); the list is sorted by time.
 *
 * Rule ids and messages come from whatever was pasted: they are written with
 * textContent and createElementNS only, never as markup.
 */
(function () {
  'use strict';

  var DAY = 86400000;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var PROBE = 'leadscore-simulator-probe';
  var EVENT_FIELDS = { on: true, at: true, props: true, day: true };
  var MAX_ROWS = 500;
  var WAIT_MS = 15000;

  var ui = {};
  var engineFailed = null; // { code, message } once the widget reported wasm_unavailable
  var retryTimer = null;

  // ---------------------------------------------------------------- helpers

  function byId(id) { return document.getElementById(id); }

  function h(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function s(tag, attrs, text) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, String(attrs[name])); });
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function hasOwn(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function isPlainObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  function fmt(n) {
    var x = Math.round(Number(n) * 100) / 100;
    if (!isFinite(x)) return String(n);
    return String(x === 0 ? 0 : x); // no "-0"
  }

  function signed(n) {
    var t = fmt(n);
    return Number(t) > 0 ? '+' + t : t === '0' ? '\u00b10' : t.replace('-', '\u2212');
  }

  // ------------------------------------------------------------ read inputs

  var FAIL = {};

  function parseBox(textarea, what) {
    var text = textarea.value;
    textarea.removeAttribute('aria-invalid');
    if (!text.trim()) {
      textarea.setAttribute('aria-invalid', 'true');
      showError('The ' + what + ' box is empty.', what === 'events'
        ? 'Write a JSON list of events, e.g. [{ "on": "page_view", "at": 0, "props": { "path": "/pricing" } }].'
        : 'Write a JSON object with at least "rules".');
      return FAIL;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      textarea.setAttribute('aria-invalid', 'true');
      var message = e && e.message ? String(e.message) : String(e);
      var where = '';
      var m = /position (\d+)/.exec(message);
      if (m && !/line/.test(message)) {
        var before = text.slice(0, Number(m[1])).split('\n');
        where = ' (line ' + before.length + ', column ' + (before[before.length - 1].length + 1) + ')';
      }
      showError('The ' + what + ' box is not valid JSON.', message + where +
        '. Keys and strings need double quotes, and there is no comma after the last item.');
      if (m) textarea.setSelectionRange(Number(m[1]), Number(m[1]) + 1);
      return FAIL;
    }
  }

  // "day" -> "at"; notes for fields simulate() ignores; events sorted by time.
  function prepareEvents(list, notes) {
    if (!Array.isArray(list)) return { events: list }; // simulate() reports it
    var out = [];
    var ignored = [];
    for (var i = 0; i < list.length; i++) {
      var item = list[i];
      if (!isPlainObject(item)) { out.push(item); continue; }
      var copy = {};
      Object.keys(item).forEach(function (k) {
        if (k !== 'day') copy[k] = item[k];
        if (!hasOwn(EVENT_FIELDS, k) && ignored.length < 3) ignored.push('events[' + i + '].' + k);
      });
      if (hasOwn(item, 'day')) {
        if (hasOwn(item, 'at')) return { error: 'events[' + i + ']: give "at" (ms) or "day", not both' };
        if (typeof item.day !== 'number' || !isFinite(item.day)) {
          return { error: 'events[' + i + '].day: expected a number of days, e.g. "day": 3' };
        }
        copy.at = Math.round(item.day * DAY);
      }
      out.push(copy);
    }
    if (ignored.length) {
      notes.push('Not an event field, so it has no effect: ' + ignored.join(', ') +
        '. An event has "on", "at" (or "day") and "props".');
    }
    var timed = out.every(function (e) { return isPlainObject(e) && typeof e.at === 'number' && isFinite(e.at); });
    if (timed) {
      var sorted = false;
      for (var j = 1; j < out.length; j++) if (out[j].at < out[j - 1].at) sorted = true;
      if (sorted) {
        out = out.map(function (e, k) { return { e: e, k: k }; })
          .sort(function (a, b) { return a.e.at - b.e.at || a.k - b.k; })
          .map(function (x) { return x.e; });
        notes.push('The events were not in time order; they are simulated sorted by "at".');
      }
    }
    return { events: out, timed: timed };
  }

  // ------------------------------------------------------------- messages

  function showError(title, detail, code) {
    clear(ui.error);
    var head = h('p', 'sim-error-title');
    if (code) {
      head.appendChild(h('code', null, code));
      head.appendChild(document.createTextNode(' '));
    }
    head.appendChild(document.createTextNode(title));
    ui.error.appendChild(head);
    if (detail) ui.error.appendChild(h('p', 'sim-error-detail', detail));
    ui.error.hidden = false;
    ui.result.hidden = true;
    ui.status.textContent = '';
  }

  function clearMessages() {
    clear(ui.error);
    ui.error.hidden = true;
    clear(ui.notes);
    ui.notes.hidden = true;
    ui.config.removeAttribute('aria-invalid');
    ui.events.removeAttribute('aria-invalid');
  }

  function showNotes(notes) {
    clear(ui.notes);
    notes.forEach(function (n) { ui.notes.appendChild(h('li', null, n)); });
    ui.notes.hidden = notes.length === 0;
  }

  // ------------------------------------------------------------------ run

  function simulate(config, events) {
    try {
      var r = window.LeadScore.simulate(config, events);
      return r && typeof r === 'object' ? r : null;
    } catch (e) {
      return null;
    }
  }

  function engineLoaded() {
    return !!window.LeadScore && typeof window.LeadScore.simulate === 'function';
  }

  function run(startedAt) {
    clearTimeout(retryTimer);
    clearMessages();
    var notes = [];

    var config = parseBox(ui.config, 'config');
    if (config === FAIL) return;
    var rawEvents = parseBox(ui.events, 'events');
    if (rawEvents === FAIL) return;
    var prepared = prepareEvents(rawEvents, notes);
    if (prepared.error) {
      ui.events.setAttribute('aria-invalid', 'true');
      showError('The events cannot be simulated.', prepared.error);
      return;
    }

    var result = engineLoaded() ? simulate(config, prepared.events) : null;
    var waiting = !result || (result.error && result.error.code === 'wasm_unavailable');
    if (waiting && !engineFailed && Date.now() - startedAt < WAIT_MS) {
      ui.status.textContent = 'Loading the scoring engine\u2026';
      retryTimer = setTimeout(function () { run(startedAt); }, 150);
      return;
    }
    if (!result) {
      showError('The widget is not available, so nothing can be simulated.',
        'It did not load (/leadscore/leadscore.js). The rest of the site works as usual.', 'wasm_unavailable');
      return;
    }
    if (result.error) {
      var code = String(result.error.code || 'error');
      var what = code === 'invalid_config' ? 'The config is not valid.'
        : code === 'invalid_call' ? 'The event list is not valid.'
          : 'The widget could not simulate.';
      if (code === 'invalid_config') ui.config.setAttribute('aria-invalid', 'true');
      if (code === 'invalid_call') ui.events.setAttribute('aria-invalid', 'true');
      showError(what, String(result.error.message || ''), code);
      showNotes(notes);
      return;
    }

    var timeline = Array.isArray(result.timeline) ? result.timeline : [];
    var model = buildModel(config, prepared.events, timeline, prepared.timed);
    if (!timeline.length) notes.push('No rule scored on these events.');
    showNotes(notes);
    ui.result.hidden = false; // before draw: the chart measures its labels
    draw(model, config, result.state || {});
    var n = Array.isArray(prepared.events) ? prepared.events.length : 0;
    ui.status.textContent = 'Simulated ' + n + ' event' + (n === 1 ? '' : 's') + ': ' +
      timeline.length + ' rule hit' + (timeline.length === 1 ? '' : 's') + ', final score ' +
      fmt(result.state ? result.state.score : 0) + '.';
  }

  // ---------------------------------------------------------------- model

  function hasDecay(config) {
    if (!isPlainObject(config)) return false;
    if (isPlainObject(config.decay)) return true;
    return Array.isArray(config.rules) && config.rules.some(function (r) {
      return isPlainObject(r) && typeof r.halfLifeDays === 'number';
    });
  }

  function probeUsable(config) {
    return Array.isArray(config.rules) && !config.rules.some(function (r) {
      return isPlainObject(r) && r.on === PROBE;
    });
  }

  /*
   * The score line: { t, s, entry? } points in time order, starting at 0 before
   * the first event. Each hit adds a vertical step; with decay, the line between
   * hits comes from probes (see the top of the file).
   */
  function buildModel(config, events, timeline, timed) {
    var ats = timed ? events.map(function (e) { return e.at; }) : [];
    timeline.forEach(function (e) { ats.push(Number(e.at)); });
    ats = ats.filter(function (t) { return isFinite(t); });
    var t0 = ats.length ? Math.min.apply(null, ats) : 0;
    var t1 = ats.length ? Math.max.apply(null, ats) : 0;
    var span = t1 - t0;

    var probing = timed && span > 0 && hasDecay(config) && probeUsable(config);
    var hitsBefore = function (t, inclusive) {
      var n = 0;
      for (var i = 0; i < timeline.length; i++) {
        if (inclusive ? timeline[i].at <= t : timeline[i].at < t) n++;
      }
      return n;
    };
    var scoreAt = function (t, inclusive) {
      if (!probing) return null;
      var prefix = events.filter(function (e) { return inclusive ? e.at <= t : e.at < t; });
      var r = simulate(config, prefix.concat([{ on: PROBE, at: t }]));
      if (!r || r.error || !r.state || !Array.isArray(r.timeline)) { probing = false; return null; }
      if (r.timeline.length !== hitsBefore(t, inclusive)) return null; // the probe itself scored
      var v = Number(r.state.score);
      return isFinite(v) ? v : null;
    };

    var hitTimes = [];
    timeline.forEach(function (e) { if (hitTimes.indexOf(e.at) < 0) hitTimes.push(e.at); });
    var times = [t0, t1].concat(hitTimes);
    if (probing) {
      var samples = Math.max(24, Math.min(160, Math.floor(400000 / (events.length + 1))));
      for (var k = 1; k < samples; k++) times.push(t0 + (span * k) / samples);
    }
    times = times.filter(function (t, i) { return times.indexOf(t) === i; }).sort(function (a, b) { return a - b; });

    var series = [];
    var current = 0;
    times.forEach(function (t) {
      var entries = timeline.filter(function (e) { return e.at === t; });
      var value = scoreAt(t, entries.length === 0);
      if (value === null) value = current;
      series.push({ t: t, s: value });
      entries.forEach(function (e) {
        var score = Number(e.score);
        series.push({ t: t, s: score, entry: e, change: score - series[series.length - 1].s });
        current = score;
      });
    });

    return { t0: t0, t1: t1, span: span, days: span > 2 * DAY, series: series, probed: probing };
  }

  function timeLabel(model, at) {
    var rel = Number(at) - model.t0;
    return model.days ? 'day ' + fmt(rel / DAY) : fmt(rel / 1000) + ' s';
  }

  // ----------------------------------------------------------------- chart

  function niceStep(range, count) {
    if (!(range > 0)) return 1;
    var raw = range / count;
    var p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  function ticks(lo, hi, count) {
    var step = niceStep(hi - lo, count);
    var out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
      if (out.length > 50) break;
    }
    return out;
  }

  function tiersOf(config) {
    if (!Array.isArray(config.tiers)) return [];
    return config.tiers.filter(function (t) { return isPlainObject(t) && typeof t.min === 'number'; })
      .map(function (t) { return { name: String(t.name), min: t.min }; })
      .sort(function (a, b) { return a.min - b.min; });
  }

  // A label for the right-hand side of the chart: long names are cut short
  // there (the full text is in the label's <title>).
  function shortLabel(text) {
    var chars = Array.from ? Array.from(text) : text.split('');
    return chars.length > 22 ? chars.slice(0, 21).join('') + '\u2026' : text;
  }

  function draw(model, config, state) {
    var threshold = typeof config.threshold === 'number' ? config.threshold : 100;
    var rearm = typeof config.rearmBelow === 'number' ? config.rearmBelow : null;
    var tiers = tiersOf(config);

    var longest = Math.max.apply(null, [14].concat(tiers.map(function (t) {
      return shortLabel(t.name + ' \u2265 ' + fmt(t.min)).length;
    })));
    var W = 880, H = 400;
    var M = { l: 56, r: Math.min(200, 24 + longest * 7.6), t: 16, b: 54 };
    var pw = W - M.l - M.r, ph = H - M.t - M.b;
    var inset = 14;

    var scores = model.series.map(function (p) { return p.s; });
    var lo = Math.min.apply(null, [0].concat(scores));
    var hi = Math.max.apply(null, [threshold].concat(scores, tiers.map(function (t) { return t.min; }), rearm === null ? [] : [rearm]));
    var yStep = niceStep((hi - lo) * 1.1 || 10, 5);
    var yLo = lo < 0 ? Math.floor((lo - yStep * 0.2) / yStep) * yStep : 0;
    var yHi = Math.ceil((hi + (hi - lo) * 0.08) / yStep) * yStep;
    if (yHi <= yLo) yHi = yLo + 10;

    var unit = model.days ? DAY : 1000;
    var xSpan = model.span > 0 ? model.span : unit;
    var x = function (t) { return M.l + inset + ((t - model.t0) / xSpan) * (pw - 2 * inset); };
    var y = function (v) { return M.t + ph - ((v - yLo) / (yHi - yLo)) * ph; };
    var r2 = function (n) { return Math.round(n * 100) / 100; };

    var svg = s('svg', {
      viewBox: '0 0 ' + W + ' ' + H, class: 'sim-svg', role: 'img',
      'aria-labelledby': 'sim-svg-title sim-svg-desc', preserveAspectRatio: 'xMidYMid meet',
    });
    svg.appendChild(s('title', { id: 'sim-svg-title' }, 'Simulated score over time'));
    var q = state.qualified ? 'qualified at ' + timeLabel(model, state.qualifiedAt) : 'not qualified';
    svg.appendChild(s('desc', { id: 'sim-svg-desc' },
      'The score ends at ' + fmt(state.score) + ' (threshold ' + fmt(threshold) + ', ' + q +
      (state.tier ? ', tier ' + state.tier : '') + '). The timeline table below lists every point.'));

    // Clip everything drawn inside the plot.
    var defs = s('defs');
    var clip = s('clipPath', { id: 'sim-clip' });
    clip.appendChild(s('rect', { x: M.l, y: M.t, width: pw, height: ph }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    var plot = s('g', { 'clip-path': 'url(#sim-clip)' });

    // Tier bands.
    var labels = [];
    tiers.forEach(function (tier, i) {
      var top = i + 1 < tiers.length ? tiers[i + 1].min : yHi;
      var yA = y(Math.min(top, yHi)), yB = y(Math.max(tier.min, yLo));
      if (yB > yA) {
        plot.appendChild(s('rect', { x: M.l, y: r2(yA), width: pw, height: r2(yB - yA), class: 'sim-band sim-band-' + (i % 4) }));
      }
      plot.appendChild(s('line', { x1: M.l, x2: M.l + pw, y1: r2(y(tier.min)), y2: r2(y(tier.min)), class: 'sim-tier-line' }));
      labels.push({ y: y(tier.min), text: tier.name + ' \u2265 ' + fmt(tier.min), cls: 'sim-label sim-label-tier sim-label-tier-' + (i % 4) });
    });

    // Grid and y axis.
    var axis = s('g', { class: 'sim-axis' });
    ticks(yLo, yHi, 5).forEach(function (v) {
      var yy = r2(y(v));
      axis.appendChild(s('line', { x1: M.l, x2: M.l + pw, y1: yy, y2: yy, class: 'sim-grid' }));
      axis.appendChild(s('text', { x: M.l - 8, y: yy + 4, 'text-anchor': 'end' }, fmt(v)));
    });
    svg.appendChild(axis);
    svg.appendChild(plot);

    // Threshold and re-arm level.
    plot.appendChild(s('line', { x1: M.l, x2: M.l + pw, y1: r2(y(threshold)), y2: r2(y(threshold)), class: 'sim-threshold' }));
    labels.push({ y: y(threshold), text: 'threshold ' + fmt(threshold), cls: 'sim-label sim-label-threshold' });
    if (rearm !== null) {
      plot.appendChild(s('line', { x1: M.l, x2: M.l + pw, y1: r2(y(rearm)), y2: r2(y(rearm)), class: 'sim-rearm' }));
      labels.push({ y: y(rearm), text: 're-arm < ' + fmt(rearm), cls: 'sim-label sim-label-rearm' });
    }

    // The score line.
    var d = model.series.map(function (p, i) {
      return (i ? 'L' : 'M') + r2(x(p.t)) + ' ' + r2(y(p.s));
    }).join(' ');
    plot.appendChild(s('path', { d: d, class: 'sim-line' }));

    // Points: one per rule hit, named in a <title> (the hover label).
    var points = s('g', { class: 'sim-points' });
    model.series.forEach(function (p) {
      if (!p.entry) return;
      var c = s('circle', {
        cx: r2(x(p.t)), cy: r2(y(p.s)), r: 5,
        class: 'sim-point' + (p.change < 0 ? ' is-negative' : '') + (p.s >= threshold ? ' is-over' : ''),
      });
      c.appendChild(s('title', null, String(p.entry.rule) + ': ' + signed(p.change) + ' \u2192 ' +
        fmt(p.s) + ' at ' + timeLabel(model, p.t)));
      points.appendChild(c);
    });
    svg.appendChild(points);

    // x axis.
    var xAxis = s('g', { class: 'sim-axis' });
    xAxis.appendChild(s('line', { x1: M.l, x2: M.l + pw, y1: M.t + ph, y2: M.t + ph, class: 'sim-axis-line' }));
    xAxis.appendChild(s('line', { x1: M.l, x2: M.l, y1: M.t, y2: M.t + ph, class: 'sim-axis-line' }));
    ticks(0, xSpan / unit, 6).forEach(function (v) {
      var xx = r2(x(model.t0 + v * unit));
      xAxis.appendChild(s('line', { x1: xx, x2: xx, y1: M.t + ph, y2: M.t + ph + 5, class: 'sim-axis-line' }));
      xAxis.appendChild(s('text', { x: xx, y: M.t + ph + 20, 'text-anchor': 'middle' }, fmt(v)));
    });
    xAxis.appendChild(s('text', { x: M.l + pw / 2, y: H - 8, 'text-anchor': 'middle', class: 'sim-axis-title' },
      (model.days ? 'days' : 'seconds') + ' since the first event'));
    xAxis.appendChild(s('text', {
      x: 14, y: M.t + ph / 2, 'text-anchor': 'middle', class: 'sim-axis-title',
      transform: 'rotate(-90 14 ' + (M.t + ph / 2) + ')',
    }, 'score'));
    svg.appendChild(xAxis);

    // Right-hand labels, pushed apart so none overlap.
    labels.sort(function (a, b) { return a.y - b.y; });
    var gap = 15;
    for (var i = 1; i < labels.length; i++) {
      if (labels[i].y - labels[i - 1].y < gap) labels[i].y = labels[i - 1].y + gap;
    }
    var overflow = labels.length ? labels[labels.length - 1].y - (H - M.b + 4) : 0;
    if (overflow > 0) labels.forEach(function (l) { l.y -= overflow; });
    var lg = s('g', { class: 'sim-labels' });
    labels.forEach(function (l) {
      var text = s('text', { x: M.l + pw + 8, y: r2(l.y + 4), class: l.cls }, shortLabel(l.text));
      if (shortLabel(l.text) !== l.text) text.appendChild(s('title', null, l.text));
      lg.appendChild(text);
    });
    svg.appendChild(lg);

    clear(ui.chart);
    ui.chart.appendChild(svg);
    // The right-hand labels were sized by estimate: widen the view if one is longer.
    try {
      var box = lg.getBBox();
      if (box.x + box.width + 6 > W) svg.setAttribute('viewBox', '0 0 ' + Math.ceil(box.x + box.width + 6) + ' ' + H);
    } catch (e) { /* not rendered (hidden): keep the estimate */ }
    ui.legendRearm.hidden = rearm === null;
    ui.legendTier.hidden = tiers.length === 0;

    drawState(model, state, threshold);
    drawTable(model);
  }

  // ------------------------------------------------------ state and table

  function drawState(model, state, threshold) {
    clear(ui.state);
    function row(term, value) {
      ui.state.appendChild(h('dt', null, term));
      var dd = h('dd');
      if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
      ui.state.appendChild(dd);
    }
    row('Score', fmt(state.score) + ' of ' + fmt(state.threshold !== undefined ? state.threshold : threshold));
    row('Qualified', state.qualified
      ? 'yes, at ' + timeLabel(model, state.qualifiedAt) + ' (' + String(state.qualifiedAt) + ' ms)'
      : 'no');
    row('Tier', state.tier === null || state.tier === undefined ? 'none' : String(state.tier));
    var groups = isPlainObject(state.groups) ? Object.keys(state.groups) : [];
    row('Groups', groups.length
      ? groups.map(function (g) { return g + ' ' + fmt(state.groups[g]); }).join(', ')
      : 'none');
  }

  function drawTable(model) {
    clear(ui.rows);
    var hits = model.series.filter(function (p) { return p.entry; });
    hits.slice(0, MAX_ROWS).forEach(function (p, i) {
      var tr = h('tr');
      tr.appendChild(h('td', 'sim-num', i + 1));
      var time = h('td');
      time.appendChild(document.createTextNode(timeLabel(model, p.t) + ' '));
      time.appendChild(h('span', 'sim-ms', String(p.entry.at) + ' ms'));
      tr.appendChild(time);
      var rule = h('td', 'sim-rule');
      rule.appendChild(h('code', null, String(p.entry.rule)));
      tr.appendChild(rule);
      tr.appendChild(h('td', 'sim-num' + (p.change < 0 ? ' is-negative' : ''), signed(p.change)));
      tr.appendChild(h('td', 'sim-num', fmt(p.s)));
      ui.rows.appendChild(tr);
    });
    var note = [];
    if (hits.length > MAX_ROWS) note.push('The first ' + MAX_ROWS + ' of ' + hits.length + ' hits.');
    if (model.probed) {
      note.push('Change is the score after the hit minus the score just before it, after decay.');
    }
    ui.tableNote.textContent = note.join(' ');
    ui.tableNote.hidden = note.length === 0;
  }

  // ------------------------------------------------------------------ start

  function start() {
    ui.form = byId('sim-form');
    ui.config = byId('sim-config');
    ui.events = byId('sim-events');
    ui.error = byId('sim-error');
    ui.notes = byId('sim-notes');
    ui.result = byId('sim-result');
    ui.chart = byId('sim-chart');
    ui.state = byId('sim-state');
    ui.rows = byId('sim-rows');
    ui.tableNote = byId('sim-table-note');
    ui.status = byId('sim-status');
    ui.legendRearm = document.querySelector('.sim-key-rearm');
    ui.legendTier = document.querySelector('.sim-key-tier');
    if (!ui.form || !ui.config || !ui.events) return;

    window.addEventListener('leadscore:error', function (event) {
      var d = event.detail || {};
      if (d.code === 'wasm_unavailable') engineFailed = d;
    });

    ui.form.addEventListener('submit', function (event) {
      event.preventDefault();
      run(Date.now());
    });
    [ui.config, ui.events].forEach(function (box) {
      box.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          run(Date.now());
        }
      });
    });
    byId('sim-example').addEventListener('click', function () {
      ui.config.value = ui.config.defaultValue;
      ui.events.value = ui.events.defaultValue;
      run(Date.now());
    });

    run(Date.now());
  }

  try {
    start();
  } catch (e) {
    if (window.console && console.error) console.error('simulator failed', e);
  }
})();
