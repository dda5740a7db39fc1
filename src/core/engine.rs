//! The scoring engine, a sans-I/O state machine: `handle(event, now)` applies the rules to one
//! event and says what changed (hits, tier, qualification). It reads no clock and writes
//! nothing; the caller persists the ledger and calls the page's handlers.

use super::config::{Config, Rule, Trigger};
use super::event::Event;
use super::ledger::Ledger;
use super::order::sorted;
use super::tape::Writer;
use super::value::{lookup, Value};
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// One rule scoring on one event.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index of the rule in the config.
    pub rule: usize,
    /// How much the score moved (less than the rule's points when a cap applied).
    pub delta: f64,
    /// The score after this hit.
    pub score: f64,
}

/// The visitor moved from one tier to another.
#[derive(Clone, Debug, PartialEq)]
pub struct TierChange {
    pub tier: Option<usize>,
    pub previous: Option<usize>,
    pub score: f64,
}

/// What one call changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    pub tier_change: Option<TierChange>,
    /// Set when the visitor became qualified on this call.
    pub qualified: Option<Lead>,
    /// True when the ledger changed and should be stored.
    pub is_dirty: bool,
}

/// One rule's contribution, for `explain()` and a lead's reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub rule: String,
    /// What the rule adds now, after its limit and decay (before group and score caps).
    pub points: f64,
    pub hits: u32,
    /// Points the limit turned away (matching events beyond `limit`, at full value).
    pub limited: f64,
    /// Points lost to decay so far.
    pub decayed: f64,
    /// This rule's share of what group caps and `maxScore` take off the score.
    pub capped: f64,
}

/// The argument of the `qualified` handler.
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    pub score: f64,
    pub threshold: f64,
    pub tier: Option<String>,
    pub qualified_at: f64,
    pub reasons: Vec<Contribution>,
}

/// What `state()` reports.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub score: f64,
    pub threshold: f64,
    pub qualified_at: Option<f64>,
    pub tier: Option<String>,
    pub groups: Vec<(String, f64)>,
}

/// Rules and a ledger, scoring events.
pub struct Engine {
    config: Config,
    ledger: Ledger,
    /// Rule indices sorted by event name, then index: an event only looks at its own rules, a
    /// run found by binary search.
    by_event: Vec<usize>,
    /// Per-page rules (dwell, scroll) that already scored on the current page view.
    scored_this_page: Vec<usize>,
    tier: Option<usize>,
    /// When no rule decays, the points outside any group (slot 0) and in each group (slot
    /// g + 1), kept up to date hit by hit: the score then costs O(groups), not O(rules). Empty
    /// when a rule decays (there is always slot 0 otherwise): no `Option` and its own drop.
    running: Vec<f64>,
}

impl Engine {
    /// An engine over `ledger` (use [`Ledger::new`] for a new visitor) at time `now`.
    pub fn new(config: Config, ledger: Ledger, now: f64) -> Engine {
        // `event_name` called in the order itself: a `name` closure was a function of its own.
        let by_event = sorted(config.rules.len(), &|a, b| {
            let order = event_name(&config, a).cmp(event_name(&config, b));
            order.then(a.cmp(&b)).is_lt()
        });
        let mut engine = Engine {
            config,
            ledger,
            by_event,
            scored_this_page: Vec::new(),
            tier: None,
            running: Vec::new(),
        };
        engine.recount();
        engine.tier = engine.config.tier_for(engine.score(now));
        engine
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The config back, for an engine over another ledger.
    pub fn into_config(self) -> Config {
        self.config
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Applies the rules to one event at time `now`.
    ///
    /// ```
    /// use leadscore::core::{Config, Engine, Event, Value};
    /// use leadscore::core::ledger::Ledger;
    /// let config = Config::parse(&Value::object([("rules", Value::Array(vec![Value::object([
    ///     ("id", Value::str("pricing")), ("on", Value::str("page_view")),
    ///     ("url", Value::str("/pricing*")), ("points", Value::Number(20.0)),
    /// ])]))])).unwrap();
    /// let mut engine = Engine::new(config, Ledger::new(1), 0.0);
    /// let props = [("path".into(), Value::str("/pricing"))];
    /// let view = Event::new("page_view", &props);
    /// assert_eq!(engine.handle(&view, 0.0).hits[0].delta, 20.0);
    /// assert!(engine.handle(&view, 1.0).hits.is_empty()); // limit 1
    /// ```
    pub fn handle(&mut self, event: &Event, now: f64) -> Outcome {
        let page_view = event.name == "page_view";
        let mut outcome = Outcome {
            // A page view moves the visit's last activity, worth storing; other events' activity
            // is stored with the next change or when the page is left (`touch`).
            is_dirty: self.rearm_if_fallen(now) || page_view,
            ..Outcome::default()
        };
        if page_view {
            self.scored_this_page.clear();
        }
        self.start_visit_if_idle(event, now, &mut outcome);
        self.apply(event, now, &mut outcome);
        self.finish(now, &mut outcome);
        outcome
    }

    /// Activity that is no event (input after a long pause): it may start a new visit.
    /// `context` is the page context (props) the visit event gets.
    pub fn resume(&mut self, context: &[(String, Value)], now: f64) -> Outcome {
        let mut outcome = Outcome::default();
        let activity = Event {
            context,
            ..Event::new("", &[])
        };
        self.start_visit_if_idle(&activity, now, &mut outcome);
        self.finish(now, &mut outcome);
        outcome
    }

    /// Any activity after `sessionMinutes` without one starts a visit, scored before it. The
    /// visit owns its props (its count and the activity's own props) and borrows the activity's
    /// page context.
    fn start_visit_if_idle(&mut self, activity: &Event, now: f64, outcome: &mut Outcome) {
        let session_ms = self.config.session_ms;
        if let Some(props) = self.ledger.session.activity(now, session_ms, activity) {
            outcome.is_dirty = true;
            let visit = Event {
                context: activity.context,
                ..Event::new("visit", &props)
            };
            self.apply(&visit, now, outcome);
        }
    }

    /// Settles the tier and the qualification when something changed.
    fn finish(&mut self, now: f64, outcome: &mut Outcome) {
        outcome.is_dirty |= !outcome.hits.is_empty();
        if outcome.is_dirty {
            // The last hit already carries the exact score; summing every rule again is needed
            // only when nothing hit (a page view, a visit without points).
            let score = match outcome.hits.last() {
                Some(hit) => hit.score,
                None => self.score(now),
            };
            self.settle(score, now, outcome);
        }
    }

    /// Scores one event with the rules that listen to it; the visit's UTM values stand in for
    /// the props it lacks.
    fn apply(&mut self, event: &Event, now: f64, outcome: &mut Outcome) {
        // The rules listening to this event: the run of its name, found by its two ends, so the
        // rules in it are not each compared with the name again (a hundred at 1,000 rules).
        let name = event.name;
        let by_event = &self.by_event;
        let (start, end) = (
            bound(&self.config, by_event, name, Ordering::Equal),
            bound(&self.config, by_event, name, Ordering::Greater),
        );
        let candidates = by_event.get(start..end).unwrap_or_default();
        // The score before the first hit, summed only once a rule hits: most events hit nothing.
        let mut score = None;
        for &i in candidates {
            let (Some(rule), Some(tally)) = (self.config.rules.get(i), self.ledger.tallies.get(i))
            else {
                continue;
            };
            let per_page = rule.trigger.is_per_page();
            if (per_page && self.scored_on_this_page(i))
                || !matches(rule, event, &self.ledger.session.utm)
            {
                continue;
            }
            if tally.hits >= rule.limit {
                if let Some(tally) = self.ledger.tallies.get_mut(i) {
                    tally.refused = tally.refused.saturating_add(1);
                }
                continue;
            }
            let (half_life, rule_points) = (rule.half_life_ms, rule.points);
            let before = match score {
                Some(score) => score,
                None => self.score(now),
            };
            if let Some(tally) = self.ledger.tallies.get_mut(i) {
                tally.add(now, half_life);
            }
            let slot = rule.group.map_or(0, |g| g + 1);
            if let Some(sum) = self.running.get_mut(slot) {
                *sum += rule_points;
            }
            if per_page {
                self.scored_this_page.push(i);
            }
            // Without caps a hit adds exactly the rule's points; with caps the score is worked
            // out again (caps make it non-linear).
            let after = if self.is_uncapped() {
                before + rule_points
            } else {
                self.score(now)
            };
            outcome.hits.push(Hit {
                rule: i,
                delta: after - before,
                score: after,
            });
            score = Some(after);
        }
        // The last hit reports the score exactly as state() will (same summation order).
        if let Some(last) = outcome.hits.last_mut() {
            let exact = self.score(now);
            last.delta += exact - last.score;
            last.score = exact;
        }
    }

    /// True when rule `i` already scored on the current page view. A plain loop: the slice's
    /// `contains` brings core's unrolled search for integers (70 B of gzip more).
    fn scored_on_this_page(&self, i: usize) -> bool {
        for &scored in &self.scored_this_page {
            if scored == i {
                return true;
            }
        }
        false
    }

    fn is_uncapped(&self) -> bool {
        self.config.max_score.is_none() && self.config.groups.iter().all(|g| g.max.is_none())
    }

    /// Folds in a ledger another tab stored; returns the score before and after. Nothing
    /// qualifies here: the tab that reached the threshold has already said so.
    pub fn merge(&mut self, other: &Ledger, now: f64) -> (f64, f64) {
        let before = self.score(now);
        self.ledger.merge(other);
        self.recount();
        let after = self.score(now);
        self.tier = self.config.tier_for(after);
        (before, after)
    }

    /// Records the visitor's activity at `now` (the page is being left).
    pub fn touch(&mut self, now: f64) {
        self.ledger.session.touch(now);
    }

    /// Clears every hit and the qualification (for `reset`).
    pub fn reset(&mut self, now: f64) -> Outcome {
        self.ledger = Ledger::new(self.config.rules.len());
        self.ledger.epoch = now;
        self.scored_this_page.clear();
        self.recount();
        let mut outcome = Outcome {
            is_dirty: true,
            ..Outcome::default()
        };
        self.settle(0.0, now, &mut outcome);
        outcome
    }

    /// The score at `now`: rule points after decay, group caps, then `maxScore`.
    pub fn score(&self, now: f64) -> f64 {
        self.totals(now, None)
    }

    /// The state at `now`: the groups read back from what [`write_state`](Engine::write_state)
    /// writes, so the two cannot disagree.
    pub fn state(&self, now: f64) -> State {
        let mut bytes = Vec::new();
        let w = &mut Writer(&mut bytes);
        w.object(self.config.groups.len());
        let score = self.totals(now, Some(w));
        let mut owned = Vec::new();
        if let Ok(Value::Object(entries)) = super::tape::decode(&bytes) {
            for (name, points) in entries {
                owned.push((name, Value::number_of(Some(&points))));
            }
        }
        State {
            score,
            threshold: self.config.threshold,
            qualified_at: self.ledger.qualified_at,
            tier: self.tier_name(self.config.tier_for(score)),
            groups: owned,
        }
    }

    /// Writes the state at `now`: the groups written by `totals` as it caps them (one entry per
    /// group: the sums have a slot for each), the tier's name borrowed. No `State` built, with
    /// copies of the names, and dropped.
    pub fn write_state(&self, now: f64, w: &mut Writer) {
        let mut groups = Vec::new();
        let score = self.totals(now, Some(&mut Writer(&mut groups)));
        let tier = self
            .config
            .tier_for(score)
            .and_then(|t| self.config.tiers.get(t));
        let tier = tier.map(|tier| tier.name.as_str());
        let qualified_at = self.ledger.qualified_at;
        let threshold = self.config.threshold;
        let count = self.config.groups.len();
        write_state(w, score, threshold, qualified_at, tier, count, &groups);
    }

    /// One entry per rule that scored, largest contribution first.
    pub fn explain(&self, now: f64) -> Vec<Contribution> {
        let points = self.rule_points(now);
        let capped = self.cap_shares(&points);
        // The rules that scored, largest points first; equal points keep the rules' order. All
        // the rules are sorted, those that never hit skipped after.
        // The points read in the order itself (`sorted` asks only of indices below the length),
        // not through a closure of their own (−10 B gzip).
        let order = sorted(
            points.len(),
            &|a: usize, b: usize| match (points.get(a), points.get(b)) {
                (Some(pa), Some(pb)) => f64::total_cmp(pb, pa).then(a.cmp(&b)).is_lt(),
                _ => false,
            },
        );
        // Grown as it fills: a `with_capacity` of contributions is code of its own.
        let mut largest_first = Vec::new();
        for &i in &order {
            let (Some(rule), Some(t), Some(&capped), Some(&points)) = (
                self.config.rules.get(i),
                self.ledger.tallies.get(i),
                capped.get(i),
                points.get(i),
            ) else {
                continue;
            };
            if t.hits == 0 {
                continue;
            }
            largest_first.push(Contribution {
                rule: rule.id.clone(),
                points,
                hits: t.hits,
                limited: rule.points * f64::from(t.refused),
                decayed: rule.points * f64::from(t.hits) - points,
                capped,
            });
        }
        largest_first
    }

    /// Each rule's points at `now`, after decay.
    fn rule_points(&self, now: f64) -> Vec<f64> {
        let mut points = Vec::with_capacity(self.config.rules.len());
        for (rule, t) in self.config.rules.iter().zip(&self.ledger.tallies) {
            points.push(rule.points * t.weight_at(now, rule.half_life_ms));
        }
        points
    }

    /// Each rule's share of the caps' reductions: a group's excess over its `max` is shared by
    /// its positive rules in proportion to their points, then the excess over `maxScore` by all
    /// positive contributions that remain.
    fn cap_shares(&self, points: &[f64]) -> Vec<f64> {
        let mut shares = zeros(points.len());
        for (g, group) in self.config.groups.iter().enumerate() {
            let Some(max) = group.max else { continue };
            let (mut sum, mut positive) = (0.0, 0.0);
            for (rule, p) in self.config.rules.iter().zip(points) {
                if rule.group == Some(g) {
                    sum += p;
                    if *p > 0.0 {
                        positive += p;
                    }
                }
            }
            let excess = sum - max;
            if excess <= 0.0 || positive <= 0.0 {
                continue;
            }
            for ((rule, p), share) in self.config.rules.iter().zip(points).zip(&mut shares) {
                if rule.group == Some(g) && *p > 0.0 {
                    *share = excess * p / positive;
                }
            }
        }
        if let Some(max) = self.config.max_score {
            // What the group caps kept of each rule's points.
            let (mut sum, mut positive) = (0.0, 0.0);
            for (p, share) in points.iter().zip(&shares) {
                let kept = p - share;
                sum += kept;
                if kept > 0.0 {
                    positive += kept;
                }
            }
            let excess = sum - max;
            if excess > 0.0 && positive > 0.0 {
                for (p, share) in points.iter().zip(&mut shares) {
                    let kept = p - *share;
                    if kept > 0.0 {
                        *share += excess * kept / positive;
                    }
                }
            }
        }
        shares
    }

    /// The points outside any group (slot 0) and in each group (slot g + 1) at `now`, before
    /// caps, summed afresh.
    fn sums(&self, now: f64) -> Vec<f64> {
        let mut sums = zeros(self.config.groups.len() + 1);
        for (rule, t) in self.config.rules.iter().zip(&self.ledger.tallies) {
            if let Some(sum) = sums.get_mut(rule.group.map_or(0, |g| g + 1)) {
                *sum += rule.points * t.weight_at(now, rule.half_life_ms);
            }
        }
        sums
    }

    /// Sums the points afresh into `running` after the ledger changed other than by a hit
    /// (open, merge, reset); empty when a rule decays.
    fn recount(&mut self) {
        self.running = if self.config.rules.iter().all(|r| r.half_life_ms.is_none()) {
            self.sums(0.0)
        } else {
            Vec::new()
        };
    }

    /// The score at `now`; with `groups`, each group's name and capped points are written there
    /// as an object's entries, one per group.
    fn totals(&self, now: f64, mut groups: Option<&mut Writer>) -> f64 {
        // The running sums when no rule decays, else summed afresh.
        let fresh;
        let sums = if self.running.is_empty() {
            fresh = self.sums(now);
            &fresh
        } else {
            &self.running
        };
        // Slot 0 (no group), then each group's capped points, summed in slot order from 0.0.
        let mut score = 0.0;
        score += sums.first().copied().unwrap_or(0.0);
        let group_sums = sums.get(1..).unwrap_or_default();
        for (group, &sum) in self.config.groups.iter().zip(group_sums) {
            let capped = match group.max {
                Some(max) => sum.min(max),
                None => sum,
            };
            score += capped;
            if let Some(groups) = &mut groups {
                groups.key(&group.name).num(capped);
            }
        }
        if let Some(max) = self.config.max_score {
            score = score.min(max);
        }
        score
    }

    /// With `rearmBelow`, a qualified visitor whose score has fallen below it may qualify again.
    /// Not inlined into `handle`: the module is 9 B gzip smaller.
    #[inline(never)]
    fn rearm_if_fallen(&mut self, now: f64) -> bool {
        let fallen = match (self.ledger.qualified_at, self.config.rearm_below) {
            (Some(_), Some(rearm)) => self.score(now) < rearm,
            _ => false,
        };
        if fallen {
            self.ledger.qualified_at = None;
        }
        fallen
    }

    /// Records a tier change and a qualification reached at `score`.
    fn settle(&mut self, score: f64, now: f64, outcome: &mut Outcome) {
        let tier = self.config.tier_for(score);
        if tier != self.tier {
            outcome.tier_change = Some(TierChange {
                tier,
                previous: self.tier,
                score,
            });
            self.tier = tier;
        }
        if self.ledger.qualified_at.is_none() && score >= self.config.threshold {
            self.ledger.qualified_at = Some(now);
            outcome.qualified = Some(Lead {
                score,
                threshold: self.config.threshold,
                tier: self.tier_name(tier),
                qualified_at: now,
                reasons: self.explain(now),
            });
        }
    }

    pub fn tier_name(&self, tier: Option<usize>) -> Option<String> {
        tier.and_then(|t| self.config.tiers.get(t))
            .map(|t| t.name.clone())
    }

    pub fn rule_id(&self, rule: usize) -> &str {
        self.config.rules.get(rule).map_or("", |r| r.id.as_str())
    }
}

/// Where in `by_event` the rules whose event name compares with `name` below `limit` end: the
/// rules of `name` start at limit `Equal` and end at `Greater`. A binary search (core's
/// `partition_point` is a generic search of its own).
fn bound(config: &Config, by_event: &[usize], name: &str, limit: Ordering) -> usize {
    let (mut start, mut end) = (0, by_event.len());
    while start < end {
        let middle = start + (end - start) / 2;
        match by_event.get(middle) {
            Some(&i) if event_name(config, i).cmp(name) < limit => start = middle + 1,
            _ => end = middle,
        }
    }
    start
}

/// The event name rule `i` listens to.
fn event_name(config: &Config, i: usize) -> &str {
    match config.rules.get(i) {
        Some(rule) => rule.trigger.event_name(),
        None => "",
    }
}

/// `len` zeros.
#[expect(
    clippy::same_item_push,
    reason = "vec![0.0; len] brings a generic fill of its own"
)]
fn zeros(len: usize) -> Vec<f64> {
    let mut list = Vec::with_capacity(len);
    for _ in 0..len {
        list.push(0.0);
    }
    list
}

/// True when `event` satisfies the rule's page, parameters and `where` conditions; a prop the
/// event lacks is read from `defaults` (the visit's UTM values), no copy of the event made.
fn matches(rule: &Rule, event: &Event, defaults: &[(String, Value)]) -> bool {
    let prop = |key: &str| event.prop(key).or_else(|| lookup(defaults, key));
    // Texts and numbers read where they are compared: `text` and `number` closures over `prop`
    // were functions of their own (−17 B gzip).
    if let Some(url) = &rule.url {
        let path = Value::text_of(prop("path"));
        let query = Value::text_of(prop("query"));
        let with_query = || {
            let mut full = String::from(path);
            full.push_str(query);
            url.matches(&full)
        };
        if !url.matches(path) && (query.is_empty() || !with_query()) {
            return false;
        }
    }
    // The element matched the selector, or a simulated event names it in its `selector` prop.
    if let Some(selector) = &rule.selector {
        // Compared as `str`s, as everywhere: `String == str` would be a call of its own.
        if !event.has_matched(selector) && Value::text_of(prop("selector")) != selector.as_str() {
            return false;
        }
    }
    let fits = match &rule.trigger {
        Trigger::Dwell { seconds } | Trigger::View { seconds } => {
            Value::number_of(prop("seconds")) >= *seconds
        }
        Trigger::Scroll { percent } => Value::number_of(prop("percent")) >= *percent,
        Trigger::Download {
            extensions: Some(list),
        } => {
            let extension = Value::text_of(prop("extension"));
            // Compared as `str`s (−2 B gzip), as the selector is.
            list.iter().any(|e| e.as_str() == extension)
        }
        _ => true,
    };
    fits && rule.conditions.hold(prop)
}

impl Contribution {
    /// `{ rule, points, hits, lost: { limit, decay, cap } }`.
    pub fn write(&self, w: &mut Writer) {
        w.object(4);
        w.key("rule").str(&self.rule);
        w.key("points").num(self.points);
        w.key("hits").num(f64::from(self.hits));
        w.key("lost").object(3);
        w.key("limit").num(self.limited);
        w.key("decay").num(self.decayed);
        w.key("cap").num(self.capped);
    }
}

/// A list of contributions.
pub fn write_contributions(w: &mut Writer, entries: &[Contribution]) {
    w.array(entries.len());
    for entry in entries {
        entry.write(w);
    }
}

impl Lead {
    /// `{ score, threshold, tier, qualifiedAt, reasons }`.
    pub fn write(&self, w: &mut Writer) {
        w.object(5);
        w.key("score").num(self.score);
        w.key("threshold").num(self.threshold);
        w.key("tier").opt_string(&self.tier);
        w.key("qualifiedAt").num(self.qualified_at);
        w.key("reasons");
        write_contributions(w, &self.reasons);
    }
}

impl State {
    /// Writes the state of a widget that has not started: what the readers return before
    /// `init`.
    pub fn write_empty(w: &mut Writer) {
        write_state(w, 0.0, 100.0, None, None, 0, &[]);
    }
}

/// `[score, threshold, qualifiedAt, tier, { group: points }]`, the groups' `count` entries
/// already written in `groups`. A list the script names (`toState` in src/js/answers.js), not an
/// object: a page may read the state after every event, and decoding six key strings cost the
/// script six times what the list does.
fn write_state(
    w: &mut Writer,
    score: f64,
    threshold: f64,
    qualified_at: Option<f64>,
    tier: Option<&str>,
    count: usize,
    groups: &[u8],
) {
    w.array(5);
    w.num(score);
    w.num(threshold);
    w.opt_num(qualified_at);
    w.opt_str(tier);
    w.object(count);
    w.0.extend_from_slice(groups);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::tape::decode;
    use alloc::vec;

    /// The written state is [`Engine::state`], field for field: tier and groups included.
    #[test]
    fn the_written_state_is_the_state() {
        let rule = |id: &str, points: f64, group: Option<&str>| {
            let mut entries = vec![
                ("id", Value::str(id)),
                ("on", Value::str("x")),
                ("points", Value::Number(points)),
            ];
            if let Some(group) = group {
                entries.push(("group", Value::str(group)));
            }
            let mut object = Vec::new();
            for (key, value) in entries {
                object.push((String::from(key), value));
            }
            Value::Object(object)
        };
        let config = Value::object([
            ("threshold", Value::Number(10.0)),
            (
                "groups",
                Value::object([
                    ("fit", Value::object([("max", Value::Number(5.0))])),
                    ("intent", Value::object([])),
                ]),
            ),
            (
                "tiers",
                Value::Array(vec![
                    Value::object([("name", Value::str("warm")), ("min", Value::Number(3.0))]),
                    Value::object([("name", Value::str("hot")), ("min", Value::Number(12.0))]),
                ]),
            ),
            (
                "rules",
                Value::Array(vec![
                    rule("a", 8.0, Some("fit")),
                    rule("b", 4.0, Some("intent")),
                    rule("c", 1.5, None),
                ]),
            ),
        ]);
        let config = Config::parse(&config).unwrap();
        let mut engine = Engine::new(config, Ledger::new(3), 0.0);
        for now in [0.0, 1.0, 2.0] {
            let mut bytes = Vec::new();
            engine.write_state(now, &mut Writer(&mut bytes));
            let written = decode(&bytes).unwrap();
            let state = engine.state(now);
            let mut groups = Vec::new();
            for (name, points) in &state.groups {
                groups.push((name.clone(), Value::Number(*points)));
            }
            let expected = Value::Array(vec![
                Value::Number(state.score),
                Value::Number(state.threshold),
                state.qualified_at.map_or(Value::Null, Value::Number),
                state.tier.as_deref().map_or(Value::Null, Value::str),
                Value::Object(groups),
            ]);
            assert_eq!(written, expected, "at {now}");
            engine.handle(&Event::new("x", &[]), now);
        }
        let state = engine.state(3.0);
        assert_eq!(state.tier.as_deref(), Some("warm"));
        assert_eq!(state.score, 10.5);
        let fit = (String::from("fit"), 5.0);
        assert_eq!(state.groups, [fit, (String::from("intent"), 4.0)]);
    }
}
