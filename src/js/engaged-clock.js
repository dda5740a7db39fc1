// Engaged time on one page view: it runs only while the page is visible, the window has focus,
// and the visitor gave input within the idle limit. A pure clock: every signal comes with `now`.

/**
 * A clock for a page view starting at `start` (which counts as input); `isAttended`: the page
 * is visible and the window has focus.
 */
export const engagedClock = (start, idleMs, isAttended) => {
  let settledMs = 0; // engaged time settled up to `settledAt`
  let settledAt = start;
  let lastInput = start;

  /** Engaged milliseconds at `now`. */
  const engagedMs = (now) =>
    settledMs + (isAttended ? Math.max(Math.min(now, lastInput + idleMs) - settledAt, 0) : 0);

  const settle = (now) => {
    settledMs = engagedMs(now);
    settledAt = Math.max(settledAt, now);
  };

  return {
    engagedMs,

    /**
     * Milliseconds from `now` until the clock must be looked at again to notice `targetMs` of
     * engaged time: the target itself, or the moment the visitor goes idle, whichever comes
     * first. Null when the clock is stopped: no need to wake the page.
     */
    nextCheckIn: (targetMs, now) => {
      const idleAt = lastInput + idleMs;
      if (!(isAttended && now < idleAt)) return null;
      return Math.min(Math.max(targetMs - engagedMs(now), 0), idleAt - now);
    },

    recordInput: (now) => {
      settle(now);
      lastInput = now;
    },

    /** The page became visible and focused (`attended`), or hidden or blurred. */
    setAttended: (attended, now) => {
      settle(now);
      isAttended = attended;
    },
  };
};
