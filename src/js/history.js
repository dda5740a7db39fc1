// In-page navigation: wraps `history.pushState` and `history.replaceState` so a single-page
// app's navigations can be noticed, and puts the originals back when unwrapped. A function
// already wrapped (the widget loaded twice) is not wrapped again.

const MARK = '__leadscore';

/**
 * Wraps `history[name]` so that `notify(name)` runs after each successful call; returns the
 * function that undoes it, or nothing when there was nothing to wrap. A wrapper that stays in
 * another script's chain still calls `notify`: the caller's must do nothing once it is done.
 */
export const wrapHistory = (name, notify) => {
  const original = history[name];
  if (typeof original !== 'function' || original[MARK]) return;
  const wrapper = function (...args) {
    // The page's own call, exactly as made; its errors go back to the page.
    const result = original.apply(this, args);
    notify(name);
    return result;
  };
  wrapper[MARK] = true;
  history[name] = wrapper;
  return () => {
    // Another script that wrapped ours since keeps its chain: ours stays, calling through.
    if (history[name] === wrapper) history[name] = original;
  };
};
