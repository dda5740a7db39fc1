// Which watched elements are in view. An IntersectionObserver says which elements matching a
// `view` rule's selector intersect the viewport and whether half of each is visible; an element
// also counts when it covers half of the viewport (a pricing table or an article taller than the
// screen), which is measured again on each scroll frame for the intersecting elements only. A
// MutationObserver picks up matching elements rendered later (by an app, after a navigation) or
// given a matching attribute later; the page is searched again only then, not on every frame.

/**
 * Watches the elements of `selectors` (valid CSS: init refuses a rule selector that is not).
 * Calls `onChange(flags)` — per selector, whether one of its elements is in view — each time
 * that may have changed, and `onDomChange()` when the page's content changed (the caller then
 * calls `refresh` at its next animation frame).
 * Returns nothing when the browser lacks the observers.
 */
export const watchInView = (selectors, onChange, onDomChange) => {
  // Every browser with IntersectionObserver has MutationObserver, unless a page removed it.
  if (typeof IntersectionObserver !== 'function' || typeof MutationObserver !== 'function') return;
  // The intersecting elements → whether at least half of each is visible.
  const intersecting = new Map();
  const flags = () => {
    const viewport = window.innerHeight;
    return selectors.map((selector) => {
      for (const [element, isHalfVisible] of intersecting) {
        if (!element.matches(selector)) continue;
        const rect = element.getBoundingClientRect();
        const visible = Math.min(rect.bottom, viewport) - Math.max(rect.top, 0);
        if (isHalfVisible || (viewport > 0 && visible >= 0.5 * viewport)) return true;
      }
      return false;
    });
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) intersecting.set(entry.target, entry.intersectionRatio >= 0.5);
        else intersecting.delete(entry.target);
      }
      onChange(flags());
    },
    { threshold: [0, 0.5, 1] }
  );
  // Whether the page's content or an attribute changed since the matches were last observed
  // (true: observe them again). New content asks for a frame to do it in; an element that comes
  // to match through an attribute (a class set by the page) waits for the next one, so a page
  // that animates attributes does not cause a frame each time.
  let isChanged;
  const mutations = new MutationObserver((records) => {
    isChanged = true;
    if (records.some((record) => record.type === 'childList')) onDomChange();
  });
  mutations.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  // Observes every element that matches now, so content rendered late is picked up.
  const observeMatches = () => {
    isChanged = false;
    for (const selector of selectors) document.querySelectorAll(selector).forEach((element) => observer.observe(element));
  };
  return {
    /**
     * Observes the elements that match now when the content changed (a scroll frame does not
     * query the page), then measures again how much of the viewport the intersecting elements
     * cover.
     */
    refresh: () => {
      if (isChanged) observeMatches();
      onChange(flags());
    },
    /** Starts over for a new page view. */
    restart: () => {
      observer.disconnect();
      intersecting.clear();
      observeMatches();
    },
    stop: () => {
      observer.disconnect();
      mutations.disconnect();
    },
  };
};
