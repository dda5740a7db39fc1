// Inlined first in the <head> of the idle pages, after Playwright's fake clock is installed and
// before any widget: wraps setTimeout, setInterval, requestAnimationFrame and requestIdleCallback
// so that every callback that fires is counted in window.__wakeups ({ total, by, log, reset() });
// `log` holds the first 100 as { api, at } (at: ms since the last reset, on the page's clock).
function countWakeups() {
  var counts = (window.__wakeups = {
    total: 0,
    by: {},
    log: [],
    since: performance.now(),
    reset: function () {
      counts.total = 0;
      counts.by = {};
      counts.log = [];
      counts.since = performance.now();
    },
  });
  ['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback'].forEach(function (name) {
    var original = window[name];
    if (typeof original !== 'function') return;
    window[name] = function (callback) {
      var args = Array.prototype.slice.call(arguments);
      if (typeof callback === 'function') {
        args[0] = function () {
          counts.total++;
          counts.by[name] = (counts.by[name] || 0) + 1;
          if (counts.log.length < 100) counts.log.push({ api: name, at: Math.round(performance.now() - counts.since) });
          return callback.apply(this, arguments);
        };
      }
      return original.apply(window, args);
    };
  });
}
