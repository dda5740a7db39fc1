//! Engaged time on one page view: it runs only while the page is visible, the window has focus,
//! and the visitor gave input within the idle limit. A pure clock: every signal comes with `now`.

/// Counts engaged milliseconds from the signals it is given.
///
/// ```
/// use leadscore::core::engagement::EngagedClock;
/// let mut clock = EngagedClock::new(0.0, 30_000.0, true, true); // loading counts as input
/// assert_eq!(clock.engaged_ms(10_000.0), 10_000.0);
/// assert_eq!(clock.engaged_ms(90_000.0), 30_000.0); // idle after 30 s without input
/// clock.set_visible(false, 5_000.0);
/// assert_eq!(clock.engaged_ms(20_000.0), 5_000.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct EngagedClock {
    idle_ms: f64,
    /// Engaged time settled up to `settled_at`.
    engaged_ms: f64,
    settled_at: f64,
    last_input: f64,
    is_visible: bool,
    is_focused: bool,
}

impl EngagedClock {
    /// A clock for a page view starting at `now` (which counts as input).
    pub fn new(now: f64, idle_ms: f64, is_visible: bool, is_focused: bool) -> EngagedClock {
        EngagedClock {
            idle_ms,
            engaged_ms: 0.0,
            settled_at: now,
            last_input: now,
            is_visible,
            is_focused,
        }
    }

    /// When the visitor last gave input.
    pub fn last_input(&self) -> f64 {
        self.last_input
    }

    /// Engaged milliseconds at `now`.
    pub fn engaged_ms(&self, now: f64) -> f64 {
        self.engaged_ms + self.pending_ms(now)
    }

    /// True while engaged time is running at `now`.
    pub fn is_running(&self, now: f64) -> bool {
        self.is_visible && self.is_focused && now < self.last_input + self.idle_ms
    }

    /// Wall-clock milliseconds from `now` until the clock must be looked at again to notice
    /// `target_ms` of engaged time: the target itself, or the moment the visitor goes idle,
    /// whichever comes first. `None` when the clock is stopped: no need to wake the page.
    pub fn next_check_in(&self, target_ms: f64, now: f64) -> Option<f64> {
        if !self.is_running(now) {
            return None;
        }
        let to_target = (target_ms - self.engaged_ms(now)).max(0.0);
        let to_idle = self.last_input + self.idle_ms - now;
        Some(to_target.min(to_idle))
    }

    pub fn record_input(&mut self, now: f64) {
        self.settle(now);
        self.last_input = now;
    }

    pub fn set_visible(&mut self, is_visible: bool, now: f64) {
        self.settle(now);
        self.is_visible = is_visible;
    }

    pub fn set_focused(&mut self, is_focused: bool, now: f64) {
        self.settle(now);
        self.is_focused = is_focused;
    }

    fn pending_ms(&self, now: f64) -> f64 {
        if !(self.is_visible && self.is_focused) {
            return 0.0;
        }
        let end = now.min(self.last_input + self.idle_ms);
        (end - self.settled_at).max(0.0)
    }

    fn settle(&mut self, now: f64) {
        self.engaged_ms += self.pending_ms(now);
        self.settled_at = self.settled_at.max(now);
    }
}

#[cfg(test)]
mod tests {
    use super::EngagedClock;

    const IDLE: f64 = 30_000.0;

    #[test]
    fn input_keeps_it_running() {
        let mut clock = EngagedClock::new(0.0, IDLE, true, true);
        for t in (20_000..=100_000).step_by(20_000) {
            clock.record_input(f64::from(t));
        }
        assert_eq!(clock.engaged_ms(120_000.0), 120_000.0);
        assert_eq!(clock.engaged_ms(200_000.0), 130_000.0);
    }

    #[test]
    fn hidden_and_blurred_time_does_not_count() {
        let mut clock = EngagedClock::new(0.0, IDLE, true, true);
        clock.set_visible(false, 10_000.0);
        clock.record_input(15_000.0);
        clock.set_visible(true, 20_000.0);
        clock.set_focused(false, 25_000.0);
        clock.set_focused(true, 40_000.0);
        // 0–10 s visible; 20–25 s visible and focused; 40–45 s until idle (last input at 15 s).
        assert_eq!(clock.engaged_ms(100_000.0), 20_000.0);
    }

    #[test]
    fn a_hidden_page_starts_stopped() {
        let clock = EngagedClock::new(0.0, IDLE, false, true);
        assert_eq!(clock.engaged_ms(50_000.0), 0.0);
        assert_eq!(clock.next_check_in(60_000.0, 0.0), None);
    }

    #[test]
    fn next_check_is_the_target_or_idle() {
        let mut clock = EngagedClock::new(0.0, IDLE, true, true);
        assert_eq!(clock.next_check_in(10_000.0, 0.0), Some(10_000.0));
        assert_eq!(clock.next_check_in(60_000.0, 0.0), Some(30_000.0));
        clock.record_input(29_000.0);
        assert_eq!(clock.next_check_in(60_000.0, 30_000.0), Some(29_000.0));
        assert_eq!(clock.next_check_in(60_000.0, 59_000.0), None);
    }
}
