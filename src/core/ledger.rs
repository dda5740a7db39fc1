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

/// `2^x`, as `2^⌊x⌋ · e^(frac(x)·ln 2)`: libm's `exp2` ships a 4 KB table, `exp` none, and this
/// agrees with `exp2` to an ulp or two (tested). Bit for bit what `libm::scalbn(libm::exp(..),
/// ⌊x⌋)` gives (tested), with neither: see [`exp_of_fraction`] and [`power_of_two`].
fn pow2(x: f64) -> f64 {
    // Beyond ±1100, 2^x is 0 or ∞ in f64 anyway; clamping keeps ∓∞ from becoming ∞ - ∞ = NaN.
    let x = x.clamp(-1100.0, 1100.0);
    // ⌊x⌋: `x` toward zero, one less for a negative fraction (smaller than libm's `floor`, and
    // the same for every clamped `x`; NaN gives 0, and NaN from `exp_of_fraction` below).
    let toward_zero = x as i32;
    let whole = toward_zero - i32::from(f64::from(toward_zero) > x);
    // 2^⌊x⌋ as two powers of two that are normal numbers: the first product is exact, the
    // second rounds once, as `scalbn` rounds (which prescales for the same reason).
    let half = whole / 2;
    exp_of_fraction((x - f64::from(whole)) * core::f64::consts::LN_2)
        * power_of_two(half)
        * power_of_two(whole - half)
}

/// 2^n for n from -1022 to 1023, built from its exponent bits.
fn power_of_two(n: i32) -> f64 {
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// `e^x` for `x` from 0 to ln 2 (or NaN): libm's `exp` (musl's, from FreeBSD) step for step, so
/// the same bits, without the cases this range never reaches (overflow, underflow, a reduction
/// by more than one ln 2): its reduction is by 0 or 1 × ln 2, and its final `scalbn` a doubling.
fn exp_of_fraction(x: f64) -> f64 {
    // libm's constants, by their bits.
    const LN2_HIGH: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LOW: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
    const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
    const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
    const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
    const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);
    let high = (x.to_bits() >> 32) as u32 & 0x7fff_ffff;
    if high <= 0x3e30_0000 {
        // |x| ≤ 2^-28
        return 1.0 + x;
    }
    // Above ½ ln 2, e^x = 2 · e^(x - ln 2), ln 2 in two parts (its high part exact).
    let (scale, hi, lo) = if high > 0x3fd6_2e42 {
        (2.0, x - LN2_HIGH, LN2_LOW)
    } else {
        (1.0, x, 0.0)
    };
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
    (1.0 + (r * c / (2.0 - c) - lo + hi)) * scale
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
                // Compared as `str`s: `String`'s own equality is a function of its own.
                if rule.id.as_str() == id.as_str() {
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
    // Checked before the UTM values are copied, by an early return (`then_some` at the end was
    // handed the built session to drop): nothing built is dropped on a refusal.
    if !last_seen.is_finite() {
        return None;
    }
    let utm = match stored.get("utm") {
        None => Vec::new(),
        Some(Value::Object(entries))
            if entries.iter().all(|(_, v)| matches!(v, Value::String(_))) =>
        {
            copy_entries(entries)
        }
        Some(_) => return None,
    };
    Some(Session {
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
    use crate::core::{Config, Event, Value};
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
        let landing = [("query".into(), Value::str("?utm_source=x"))];
        ledger
            .session
            .activity(2000.0, 1000.0, &Event::new("", &landing));
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
    fn pow2_is_libm_exp_and_scalbn_bit_for_bit() {
        let libm_pow2 = |x: f64| {
            let x = x.clamp(-1100.0, 1100.0);
            let whole = libm::floor(x);
            libm::scalbn(
                libm::exp((x - whole) * core::f64::consts::LN_2),
                whole as i32,
            )
        };
        let mut seed: u64 = 1;
        let check = |x: f64| {
            let (ours, theirs) = (pow2(x), libm_pow2(x));
            assert!(
                ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()),
                "2^{x}: {ours:e} vs {theirs:e}"
            );
        };
        // Every whole exponent with fractions spread over [0, 1), the subnormal and overflowing
        // ends included, then random exponents and bits.
        for whole in -1101..=1101 {
            for k in 0..2000 {
                let fraction = f64::from(k) / 2000.0 + f64::from(k % 7) * 1e-17;
                check(f64::from(whole) + fraction);
            }
        }
        for _ in 0..2_000_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let x = f64::from_bits(seed) % 1200.0;
            check(if x.is_nan() { 0.5 } else { x });
        }
        for x in [
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            2f64.powi(-28),
            0.5,
            -0.5,
            f64::NAN,
            f64::INFINITY,
        ] {
            check(x);
        }
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
