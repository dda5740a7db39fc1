// Inlined first in the <head> of the start-up pages, before the install snippet: notes
// performance.now() there and when `readyEvent` fires; window.__bench.whenReady resolves with both.
function markStart(readyEvent) {
  var bench = (window.__bench = { start: performance.now(), ready: null });
  bench.whenReady = new Promise(function (resolve) {
    addEventListener(readyEvent, function () {
      bench.ready = performance.now();
      resolve({ start: bench.start, ready: bench.ready });
    }, { once: true });
  });
}
