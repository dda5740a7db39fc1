//! One fixed, pseudo-random scenario with decay and caps, replayed by the native tier and by the
//! browser tier: both must reach the same score to the last bit.

use leadscore::core::ledger::Ledger;
use leadscore::core::{Config, Engine, Event, Value};

/// The score's bits, as the native build computes them; the wasm build must agree. (Decay is
/// `2^⌊x⌋·e^(frac(x)·ln 2)` with libm on both since the module dropped libm's table-driven exp2:
/// the last bits moved from 0x407d_8d53_3910_abfe, natively and in wasm alike.)
pub const EXPECTED_SCORE_BITS: u64 = 0x407d_8d53_3910_abdf; // 472.83281809341673

/// Replays 2,000 events through a rule set with fractional points, decay and a group cap.
pub fn final_score() -> f64 {
    let rule =
        |id: &str, on: &str, points: f64, limit: f64, half_life: f64, group: Option<&str>| {
            let mut r = vec![
                ("id".to_owned(), Value::str(id)),
                ("on".to_owned(), Value::str(on)),
                ("points".to_owned(), Value::Number(points)),
                ("limit".to_owned(), Value::Number(limit)),
                ("halfLifeDays".to_owned(), Value::Number(half_life)),
            ];
            if let Some(g) = group {
                r.push(("group".to_owned(), Value::str(g)));
            }
            Value::Object(r)
        };
    let config = Value::object([
        ("maxScore", Value::Number(10_000.0)),
        (
            "groups",
            Value::object([("fit", Value::object([("max", Value::Number(45.5))]))]),
        ),
        (
            "rules",
            Value::Array(vec![
                rule("a", "a", 7.3, 400.0, 3.7, None),
                rule("b", "b", 13.1, 50.0, 11.0, Some("fit")),
                rule("c", "c", -4.9, 90.0, 1.3, None),
                rule("d", "d", 2.2, 1000.0, 29.0, None),
            ]),
        ),
    ]);
    let config = Config::parse(&config).unwrap_or_else(|e| panic!("{e}"));
    let ledger = Ledger::new(config.rules.len());
    let mut engine = Engine::new(config, ledger, 0.0);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut now = 0.0;
    for _ in 0..2000 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let name = ["a", "b", "c", "d"][(seed >> 60) as usize % 4];
        now += ((seed >> 20) % 7_200_000) as f64;
        engine.handle(&Event::new(name, &[]), now);
    }
    engine.score(now + 12_345_678.9)
}
