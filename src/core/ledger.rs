//! The ledger: what each rule has scored for this visitor (hits, decaying weight, last time) and
//! when the visitor qualified. It is what the widget stores, so it stays small: one tally per
//! rule, never a log of events. Encodes to and from a versioned [`Value`].

use super::config::Rule;
use super::value::Value;

/// The stored format's version; bump it with a migration in [`Ledger::decode`].
pub const VERSION: f64 = 1.0;

/// One rule's hits. `weight` is the number of hits, each decayed to the time `at` of the last.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub hits: u32,
    pub weight: f64,
    pub at: f64,
}

impl Tally {
    /// Records one more hit at `now`.
    pub fn add(&mut self, now: f64, half_life_ms: Option<f64>) {
        self.weight = self.weight_at(now, half_life_ms) + 1.0;
        self.hits = self.hits.saturating_add(1);
        self.at = self.at.max(now);
    }

    /// The hits' weight at `now`: each hit halves every `half_life_ms`; never more than stored.
    pub fn weight_at(&self, now: f64, half_life_ms: Option<f64>) -> f64 {
        match half_life_ms {
            Some(half_life) if now > self.at => self.weight * (-(now - self.at) / half_life).exp2(),
            _ => self.weight,
        }
    }
}

/// Every rule's tally, in the order of the config's rules, and the qualification.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    pub tallies: Vec<Tally>,
    pub qualified_at: Option<f64>,
}

/// Why a stored entry could not be read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Corrupt;

impl Ledger {
    /// An empty ledger for `rule_count` rules.
    pub fn new(rule_count: usize) -> Ledger {
        Ledger {
            tallies: vec![Tally::default(); rule_count],
            qualified_at: None,
        }
    }

    /// The stored form: `{ v, rules: { id: [hits, weight, at] }, qualifiedAt }`, rules that
    /// never hit left out.
    pub fn encode(&self, rules: &[Rule]) -> Value {
        let tallies = rules
            .iter()
            .zip(&self.tallies)
            .filter(|(_, t)| t.hits > 0)
            .map(|(rule, t)| {
                let numbers = [f64::from(t.hits), t.weight, t.at];
                (
                    rule.id.clone(),
                    Value::Array(numbers.map(Value::Number).to_vec()),
                )
            })
            .collect();
        Value::object([
            ("v", Value::Number(VERSION)),
            ("rules", Value::Object(tallies)),
            ("qualifiedAt", Value::opt_number(self.qualified_at)),
        ])
    }

    /// Reads a stored entry for the current rules; tallies of rules no longer configured are
    /// dropped. Anything malformed is [`Corrupt`].
    pub fn decode(stored: &Value, rules: &[Rule]) -> Result<Ledger, Corrupt> {
        if stored.get("v").and_then(Value::as_f64) != Some(VERSION) {
            return Err(Corrupt);
        }
        let Some(Value::Object(entries)) = stored.get("rules") else {
            return Err(Corrupt);
        };
        let mut ledger = Ledger::new(rules.len());
        for (id, numbers) in entries {
            let tally = decode_tally(numbers).ok_or(Corrupt)?;
            if let Some(i) = rules.iter().position(|r| r.id == *id) {
                if let Some(slot) = ledger.tallies.get_mut(i) {
                    *slot = tally;
                }
            }
        }
        ledger.qualified_at = match stored.get("qualifiedAt") {
            None | Some(Value::Null) => None,
            Some(Value::Number(at)) if at.is_finite() => Some(*at),
            Some(_) => return Err(Corrupt),
        };
        Ok(ledger)
    }
}

fn decode_tally(value: &Value) -> Option<Tally> {
    let Value::Array(items) = value else {
        return None;
    };
    let [hits, weight, at] = items.as_slice() else {
        return None;
    };
    let (hits, weight, at) = (hits.as_f64()?, weight.as_f64()?, at.as_f64()?);
    let valid = hits >= 1.0
        && hits.fract() == 0.0
        && hits <= f64::from(u32::MAX)
        && weight.is_finite()
        && weight >= 0.0
        && weight <= hits
        && at.is_finite();
    valid.then_some(Tally {
        hits: hits as u32,
        weight,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Config, Value};

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
        let decoded = Ledger::decode(&ledger.encode(&rules), &rules).unwrap();
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
