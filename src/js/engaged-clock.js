// Engaged time on one page view: it runs only while the page is visible, the window has focus,
// and the visitor gave input within the idle limit. A pure clock: every signal comes with `now`.

export class EngagedClock {
  /** A clock for a page view starting at `now` (which counts as input). */
  constructor(now, idleMs, isVisible, isFocused) {
    this.idleMs = idleMs;
    this.settledMs = 0; // engaged time settled up to `settledAt`
    this.settledAt = now;
    this.lastInput = now;
    this.isVisible = isVisible;
    this.isFocused = isFocused;
  }

  /** Engaged milliseconds at `now`. */
  engagedMs(now) {
    return this.settledMs + this.pendingMs(now);
  }

  /** True while engaged time is running at `now`. */
  isRunning(now) {
    return this.isVisible && this.isFocused && now < this.lastInput + this.idleMs;
  }

  /**
   * Milliseconds from `now` until the clock must be looked at again to notice `targetMs` of
   * engaged time: the target itself, or the moment the visitor goes idle, whichever comes
   * first. Null when the clock is stopped: no need to wake the page.
   */
  nextCheckIn(targetMs, now) {
    if (!this.isRunning(now)) return null;
    const toTarget = Math.max(targetMs - this.engagedMs(now), 0);
    return Math.min(toTarget, this.lastInput + this.idleMs - now);
  }

  recordInput(now) {
    this.settle(now);
    this.lastInput = now;
  }

  setVisible(isVisible, now) {
    this.settle(now);
    this.isVisible = isVisible;
  }

  setFocused(isFocused, now) {
    this.settle(now);
    this.isFocused = isFocused;
  }

  pendingMs(now) {
    if (!(this.isVisible && this.isFocused)) return 0;
    return Math.max(Math.min(now, this.lastInput + this.idleMs) - this.settledAt, 0);
  }

  settle(now) {
    this.settledMs += this.pendingMs(now);
    this.settledAt = Math.max(this.settledAt, now);
  }
}
