//! `where` conditions on event props: equality, `gte`/`gt`/`lte`/`lt`, `in`, `glob`, `exists`.

use super::config::{ConfigError, Fields};
use super::glob::Glob;
use super::text::field;
use super::value::{copy_all, Value};
use alloc::string::String;
use alloc::vec::Vec;

const OPERATORS: [&str; 7] = ["gte", "gt", "lte", "lt", "in", "glob", "exists"];

/// One test on one prop.
#[derive(Clone, Debug, PartialEq)]
enum Test {
    AtLeast(f64),
    Above(f64),
    AtMost(f64),
    Below(f64),
    OneOf(Vec<Value>),
    Like(Glob),
    Exists(bool),
}

/// All the conditions of one rule's `where`; they must all hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conditions {
    tests: Vec<(String, Test)>,
}

impl Conditions {
    /// Parses `{ prop: value }` / `{ prop: { gte: 200 } }`; `path` names `where` in errors.
    pub fn parse(value: &Value, path: &str) -> Result<Conditions, ConfigError> {
        let Value::Object(props) = value else {
            return Err(ConfigError::expected(path, "an object", value));
        };
        let mut tests = Vec::new();
        for (prop, spec) in props {
            let prop_path = field(path, prop);
            match spec {
                Value::Object(_) => {
                    let ops = Fields::new(spec, &prop_path, &OPERATORS)?;
                    if ops.is_empty() {
                        return Err(ConfigError::new(
                            &prop_path,
                            "expected at least one of gte, gt, lte, lt, in, glob, exists",
                        ));
                    }
                    parse_operators(&ops, prop, &mut tests)?;
                }
                Value::Null => tests.push((prop.clone(), Test::Exists(false))),
                // Equality is `in` a list of one.
                v if v.is_scalar() => {
                    let one = copy_all(core::slice::from_ref(v));
                    tests.push((prop.clone(), Test::OneOf(one)));
                }
                other => {
                    return Err(ConfigError::expected(
                        &prop_path,
                        "a value or an object of operators",
                        other,
                    ))
                }
            }
        }
        Ok(Conditions { tests })
    }

    /// True when every condition holds for the props `prop` looks up.
    pub fn hold<'a>(&self, prop: impl Fn(&str) -> Option<&'a Value>) -> bool {
        self.tests.iter().all(|(key, test)| {
            let value = match prop(key) {
                Some(Value::Null) => None,
                value => value,
            };
            passes(test, value)
        })
    }
}

/// The tests of `prop`'s operators, in the order of [`OPERATORS`], added to `tests`.
#[expect(
    clippy::ptr_arg,
    reason = "String::clone, shared with the rest of the module, is smaller than a copy of a &str"
)]
fn parse_operators(
    ops: &Fields,
    prop: &String,
    tests: &mut Vec<(String, Test)>,
) -> Result<(), ConfigError> {
    if let Some(n) = ops.number("gte")? {
        tests.push((prop.clone(), Test::AtLeast(n)));
    }
    if let Some(n) = ops.number("gt")? {
        tests.push((prop.clone(), Test::Above(n)));
    }
    if let Some(n) = ops.number("lte")? {
        tests.push((prop.clone(), Test::AtMost(n)));
    }
    if let Some(n) = ops.number("lt")? {
        tests.push((prop.clone(), Test::Below(n)));
    }
    match ops.get("in") {
        None => {}
        Some(Value::Array(items)) if items.iter().all(Value::is_scalar) => {
            tests.push((prop.clone(), Test::OneOf(copy_all(items))));
        }
        Some(other) => return Err(ops.expected("in", "a list of values", other)),
    }
    if let Some(glob) = ops.string("glob")? {
        tests.push((prop.clone(), Test::Like(Glob::new(glob))));
    }
    if let Some(wanted) = ops.boolean("exists")? {
        tests.push((prop.clone(), Test::Exists(wanted)));
    }
    Ok(())
}

/// Comparisons hold for numbers only: `"200"` is not ≥ 200 (pass numbers to `identify`). Parsing
/// text as numbers would also ship a float parser to every visitor. A glob holds for strings
/// only; every test but `exists` fails on a missing prop.
fn passes(test: &Test, value: Option<&Value>) -> bool {
    match (test, value) {
        (Test::Exists(wanted), v) => v.is_some() == *wanted,
        (Test::OneOf(options), Some(v)) => options.iter().any(|option| is_same_scalar(option, v)),
        (Test::Like(glob), Some(Value::String(s))) => glob.matches(s),
        (Test::AtLeast(n), Some(Value::Number(x))) => x >= n,
        (Test::Above(n), Some(Value::Number(x))) => x > n,
        (Test::AtMost(n), Some(Value::Number(x))) => x <= n,
        (Test::Below(n), Some(Value::Number(x))) => x < n,
        _ => false,
    }
}

/// True when `a` and `b` are the same null, boolean, number or string (a `OneOf` option is
/// one of these, so a list or an object equals none): `Value`'s derived equality, recursive
/// through lists and objects, stays out of the module.
fn is_same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        // As `str`s: `String`'s own equality would be a function of its own.
        (Value::String(x), Value::String(y)) => x.as_str() == y.as_str(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::lookup;
    use alloc::borrow::ToOwned;
    use alloc::string::ToString;
    use alloc::vec;

    fn conditions(v: Value) -> Conditions {
        Conditions::parse(&v, "where").unwrap()
    }

    /// Whether `conditions` hold for an event with `props`.
    fn holds(conditions: &Conditions, props: Vec<(&str, Value)>) -> bool {
        let props: Vec<(String, Value)> =
            props.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        conditions.hold(|key| lookup(&props, key))
    }

    #[test]
    fn operators() {
        let big = conditions(Value::object([
            ("size", Value::object([("gte", Value::Number(200.0))])),
            ("role", Value::object([("glob", Value::str("VP*"))])),
        ]));
        assert!(holds(
            &big,
            vec![
                ("size", Value::Number(250.0)),
                ("role", Value::str("VP Sales"))
            ]
        ));
        assert!(holds(
            &big,
            vec![("size", Value::Number(200.0)), ("role", Value::str("VP"))]
        ));
        assert!(!holds(
            &big,
            vec![("size", Value::str("200")), ("role", Value::str("VP"))]
        ));
        assert!(!holds(&big, vec![("size", Value::Number(250.0))]));
        let plan = conditions(Value::object([
            (
                "plan",
                Value::object([(
                    "in",
                    Value::Array(vec![Value::str("pro"), Value::str("team")]),
                )]),
            ),
            ("coupon", Value::object([("exists", Value::Bool(false))])),
            ("trial", Value::Bool(true)),
        ]));
        assert!(holds(
            &plan,
            vec![("plan", Value::str("pro")), ("trial", Value::Bool(true))]
        ));
        assert!(!holds(
            &plan,
            vec![
                ("plan", Value::str("pro")),
                ("trial", Value::Bool(true)),
                ("coupon", Value::str("X"))
            ]
        ));
        assert!(!holds(&plan, vec![("plan", Value::str("free"))]));
    }

    #[test]
    fn malformed_conditions_name_the_field() {
        let bad = |v: Value| {
            Conditions::parse(&v, "rules[0].where")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            bad(Value::object([(
                "size",
                Value::object([("gtee", Value::Number(1.0))])
            )])),
            "rules[0].where.size.gtee: unknown field, did you mean \"gte\"?"
        );
        assert_eq!(
            bad(Value::object([(
                "size",
                Value::object([("gte", Value::str("big"))])
            )])),
            "rules[0].where.size.gte: expected a number, got a string"
        );
        assert_eq!(
            bad(Value::object([("size", Value::object([]))])),
            "rules[0].where.size: expected at least one of gte, gt, lte, lt, in, glob, exists"
        );
        assert_eq!(
            bad(Value::Array(vec![])),
            "rules[0].where: expected an object, got a list"
        );
    }
}
