//! The ledger: what each rule has scored for this visitor (hits, decaying weight, last time),
//! when the visitor qualified, and their visits. It is what the widget stores, so it stays small: one tally per
//! rule, never a log of events. Written as a versioned tape, read back from a [`Value`].

use super::config::Rule;
use super::session::{cmp_utm, Session};
use super::tape::Writer;
use super::value::{copy_entries, count, Value};
use alloc::vec::Vec;

/// The stored format's version; bump it with a migration in [`Ledger::decode`].
pub const VERSION: f64 = 1.0;

/// One rule's hits. `weight` is the number of hits, each decayed to the time `at` of the last;
/// `refused` counts the matching events the rule's limit turned away.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub hits: u32,
    pub weight: f64,
    pub at: f64,
    pub refused: u32,
}

impl Tally {
    /// A total order for merging: more hits, then later, then more refused, then heavier.
    fn order_key(&self) -> (u32, u64, u32, u64) {
        let at = self.at.to_bits() ^ if self.at < 0.0 { u64::MAX } else { 1 << 63 };
        (self.hits, at, self.refused, self.weight.to_bits())
    }

    /// Records one more hit at `now`.
    pub fn add(&mut self, now: f64, half_life_ms: Option<f64>) {
        self.weight = self.weight_at(now, half_life_ms) + 1.0;
        self.hits = self.hits.saturating_add(1);
        self.at = self.at.max(now);
    }

    /// The hits' weight at `now`: each hit halves every `half_life_ms`; never more than stored.
    pub fn weight_at(&self, now: f64, half_life_ms: Option<f64>) -> f64 {
        match half_life_ms {
            Some(half_life) if now > self.at => self.weight * pow2(-(now - self.at) / half_life),
            _ => self.weight,
        }
    }
}

/// `2^x`, as `2^⌊x⌋ · e^(frac(x)·ln 2)`: libm's `exp2` ships a 4 KB table, `exp` and `scalbn`
/// none, and this agrees with `exp2` to an ulp or two (tested).
fn pow2(x: f64) -> f64 {
    // Beyond ±1100, 2^x is 0 or ∞ in f64 anyway; clamping keeps ∓∞ from becoming ∞ - ∞ = NaN.
    let x = x.clamp(-1100.0, 1100.0);
    // ⌊x⌋: `x` toward zero, one less for a negative fraction (smaller than libm's `floor`, and
    // the same for every clamped `x`; NaN gives 0, and NaN from `exp` below).
    let toward_zero = x as i32;
    let whole = toward_zero - i32::from(f64::from(toward_zero) > x);
    libm::scalbn(
        libm::exp((x - f64::from(whole)) * core::f64::consts::LN_2),
        whole,
    )
}

/// Every rule's tally, in the order of the config's rules, the qualification and the visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    /// When this history began (0, or the time of the last `reset`): of two ledgers, the
    /// younger history wins whole, so a reset in one tab is not undone by another.
    pub epoch: f64,
    pub tallies: Vec<Tally>,
    pub qualified_at: Option<f64>,
    pub session: Session,
}

/// Why a stored entry could not be read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Corrupt;

impl Ledger {
    /// An empty ledger for `rule_count` rules.
    #[cold]
    pub fn new(rule_count: usize) -> Ledger {
        let mut tallies = Vec::new();
        for _ in 0..rule_count {
            tallies.push(Tally::default());
        }
        Ledger {
            epoch: 0.0,
            tallies,
            qualified_at: None,
            session: Session::default(),
        }
    }

    /// Writes the stored form: `{ v, rules: { id: [hits, weight, at, refused] }, qualifiedAt,
    /// visit: [count, lastSeen], utm: { utm_source, … } }`, rules that never hit left out.
    pub fn write(&self, rules: &[Rule], w: &mut Writer) {
        let mut scored = 0;
        for (_, t) in rules.iter().zip(&self.tallies) {
            scored += usize::from(t.hits > 0);
        }
        w.object(6);
        w.key("v").num(VERSION);
        w.key("epoch").num(self.epoch);
        w.key("rules").object(scored);
        for (rule, t) in rules.iter().zip(&self.tallies) {
            if t.hits == 0 {
                continue;
            }
            w.key(&rule.id).array(4);
            w.num(f64::from(t.hits));
            w.num(t.weight);
            w.num(t.at);
            w.num(f64::from(t.refused));
        }
        w.key("qualifiedAt").opt_num(self.qualified_at);
        w.key("visit").array(2);
        w.num(f64::from(self.session.visits));
        w.num(self.session.last_seen);
        w.key("utm").entries(&self.session.utm);
    }

    /// Reads a stored entry for the current rules; tallies of rules no longer configured are
    /// dropped. Anything malformed is [`Corrupt`].
    pub fn decode(stored: &Value, rules: &[Rule]) -> Result<Ledger, Corrupt> {
        if !matches!(stored.get("v"), Some(&Value::Number(v)) if v == VERSION) {
            return Err(Corrupt);
        }
        let Some(Value::Object(entries)) = stored.get("rules") else {
            return Err(Corrupt);
        };
        let mut ledger = Ledger::new(rules.len());
        ledger.epoch = match stored.get("epoch") {
            None => 0.0,
            Some(Value::Number(epoch)) if epoch.is_finite() => *epoch,
            Some(_) => return Err(Corrupt),
        };
        for (id, numbers) in entries {
            let tally = decode_tally(numbers).ok_or(Corrupt)?;
            for (rule, slot) in rules.iter().zip(&mut ledger.tallies) {
                if rule.id == *id {
                    *slot = tally;
                    break;
                }
            }
        }
        ledger.qualified_at = match stored.get("qualifiedAt") {
            None | Some(Value::Null) => None,
            Some(Value::Number(at)) if at.is_finite() => Some(*at),
            Some(_) => return Err(Corrupt),
        };
        ledger.session = decode_session(stored).ok_or(Corrupt)?;
        Ok(ledger)
    }
}

impl Ledger {
    /// Folds in what another tab stored, losing neither side's hits: per rule the tally with
    /// more hits, the earliest qualification, the most visits. A younger history (a reset)
    /// replaces an older one. Every choice is by a total order, so `a.merge(b)` and
    /// `b.merge(a)` agree and tabs writing merged states back converge in one round.
    pub fn merge(&mut self, other: &Ledger) {
        if other.epoch != self.epoch {
            if other.epoch > self.epoch {
                // A copy field by field, the tallies pushed one by one (no `Vec<Tally>` or
                // `Session` clone of its own).
                let Ledger {
                    epoch,
                    tallies,
                    qualified_at,
                    session,
                } = other;
                self.epoch = *epoch;
                self.tallies.clear();
                for tally in tallies {
                    self.tallies.push(*tally);
                }
                self.qualified_at = *qualified_at;
                let Session {
                    visits,
                    last_seen,
                    utm,
                } = session;
                self.session.visits = *visits;
                self.session.last_seen = *last_seen;
                self.session.utm = copy_entries(utm);
            }
            return;
        }
        for (mine, theirs) in self.tallies.iter_mut().zip(&other.tallies) {
            if theirs.order_key() > mine.order_key() {
                *mine = *theirs;
            }
        }
        self.qualified_at = match (self.qualified_at, other.qualified_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // More visits win; of equal counts, the greater UTM list (compared without copying).
        let order = other.session.visits.cmp(&self.session.visits);
        if order
            .then_with(|| cmp_utm(&other.session.utm, &self.session.utm))
            .is_gt()
        {
            self.session.visits = other.session.visits;
            self.session.utm = copy_entries(&other.session.utm);
        }
        self.session.touch(other.session.last_seen);
    }
}

/// True when `stored` was written by a newer version of the widget, which this one must not
/// overwrite.
pub fn is_from_newer_version(stored: &Value) -> bool {
    matches!(stored.get("v"), Some(&Value::Number(v)) if v > VERSION)
}

fn decode_session(stored: &Value) -> Option<Session> {
    let (visits, last_seen) = match stored.get("visit") {
        None => (0.0, 0.0),
        Some(Value::Array(pair)) => match pair.as_slice() {
            [count, at] => (count.as_f64()?, at.as_f64()?),
            _ => return None,
        },
        Some(_) => return None,
    };
    let visits = count(visits)?;
    let utm = match stored.get("utm") {
        None => Vec::new(),
        Some(Value::Object(entries))
            if entries.iter().all(|(_, v)| matches!(v, Value::String(_))) =>
        {
            copy_entries(entries)
        }
        Some(_) => return None,
    };
    last_seen.is_finite().then_some(Session {
        visits,
        last_seen,
        utm,
    })
}

fn decode_tally(value: &Value) -> Option<Tally> {
    let Value::Array(items) = value else {
        return None;
    };
    let (hits, weight, at, refused) = match items.as_slice() {
        [hits, weight, at, refused] => (hits, weight, at, refused.as_f64()?),
        [hits, weight, at] => (hits, weight, at, 0.0),
        _ => return None,
    };
    let (hits, weight, at) = (hits.as_f64()?, weight.as_f64()?, at.as_f64()?);
    let (count_of_hits, refused) = (count(hits)?, count(refused)?);
    // `hits` is a whole number, so a weight from 0 to it is finite too.
    let valid = count_of_hits >= 1 && weight >= 0.0 && weight <= hits && at.is_finite();
    valid.then_some(Tally {
        hits: count_of_hits,
        weight,
        at,
        refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Config, Value};
    use alloc::vec;

    fn rules() -> Vec<Rule> {
        let config = Value::object([(
            "rules",
            Value::Array(vec![
                Value::object([
                    ("id", Value::str("a")),
                    ("on", Value::str("page_view")),
                    ("points", Value::Number(5.0)),
                ]),
                Value::object([
                    ("id", Value::str("b")),
                    ("on", Value::str("x")),
                    ("points", Value::Number(1.0)),
                ]),
            ]),
        )]);
        Config::parse(&config).unwrap().rules
    }

    #[test]
    fn round_trips() {
        let rules = rules();
        let mut ledger = Ledger::new(2);
        ledger.tallies[1].add(1000.0, None);
        ledger.tallies[1].add(2000.0, None);
        ledger.qualified_at = Some(2000.0);
        ledger.session.activity(2000.0, 1000.0, "?utm_source=x");
        let mut bytes = Vec::new();
        ledger.write(&rules, &mut Writer(&mut bytes));
        let stored = crate::core::tape::decode(&bytes).unwrap();
        let decoded = Ledger::decode(&stored, &rules).unwrap();
        assert_eq!(decoded, ledger);
    }

    #[test]
    fn refuses_what_it_cannot_trust() {
        let rules = rules();
        let bad = [
            Value::Null,
            Value::object([("v", Value::Number(99.0))]),
            Value::object([("v", Value::Number(1.0)), ("rules", Value::Array(vec![]))]),
            Value::object([
                ("v", Value::Number(1.0)),
                (
                    "rules",
                    Value::object([("a", Value::Array(vec![Value::Number(1.0)]))]),
                ),
            ]),
            Value::object([
                ("v", Value::Number(1.0)),
                (
                    "rules",
                    Value::object([(
                        "a",
                        Value::Array(vec![
                            Value::Number(1.0),
                            Value::Number(5.0),
                            Value::Number(0.0),
                        ]),
                    )]),
                ),
            ]),
        ];
        for value in bad {
            assert_eq!(Ledger::decode(&value, &rules), Err(Corrupt), "{value:?}");
        }
    }

    #[test]
    fn merging_keeps_both_tabs_hits_and_the_first_qualification() {
        let mut a = Ledger::new(2);
        a.tallies[0].add(1.0, None);
        a.qualified_at = Some(50.0);
        let mut b = Ledger::new(2);
        b.tallies[1].add(2.0, None);
        b.tallies[1].add(3.0, None);
        b.qualified_at = Some(40.0);
        a.merge(&b);
        assert_eq!((a.tallies[0].hits, a.tallies[1].hits), (1, 2));
        assert_eq!(a.qualified_at, Some(40.0));
        let mut reset = Ledger::new(2);
        reset.epoch = 100.0;
        a.merge(&reset);
        assert_eq!(a, reset, "a reset elsewhere wins");
        a.merge(&b);
        assert_eq!(a, reset, "an older history is ignored");
    }

    #[test]
    fn pow2_matches_exp2_to_the_last_bits() {
        for i in -4000..=4000 {
            let x = f64::from(i) * 0.37 + 0.001;
            let (got, expected) = (pow2(x), x.exp2());
            let close = ((got - expected) / expected).abs() < 4.0 * f64::EPSILON;
            assert!(got == expected || close, "2^{x}: {got} vs {expected}");
        }
        assert_eq!(pow2(-1.0), 0.5);
        assert_eq!(pow2(-1e300), 0.0);
        assert_eq!(pow2(f64::NEG_INFINITY), 0.0);
        assert_eq!(pow2(f64::INFINITY), f64::INFINITY);
        assert_eq!(pow2(1024.0), f64::INFINITY);
        assert!(pow2(f64::NAN).is_nan());
        assert_eq!(pow2(0.0), 1.0);
    }

    #[test]
    fn decay_halves_and_never_grows() {
        let mut t = Tally::default();
        t.add(0.0, Some(1000.0));
        assert_eq!(t.weight_at(1000.0, Some(1000.0)), 0.5);
        assert_eq!(t.weight_at(-5.0, Some(1000.0)), 1.0);
        t.add(1000.0, Some(1000.0));
        assert_eq!(t.weight, 1.5);
        assert_eq!(t.hits, 2);
    }
}
