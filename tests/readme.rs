//! The README's worked scoring example is replayed through `simulate`, and every number in it
//! must come out as written.

mod support;

use leadscore::core::simulate::{parse_events, simulate};
use support::{config, value, written};

#[test]
fn the_worked_example_in_the_readme_holds() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let after_marker = readme
        .split("<!-- worked example")
        .nth(1)
        .expect("the marker");
    let block = after_marker
        .split("```json")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let example: serde_json::Value = serde_json::from_str(block).unwrap();
    let listed = value(example["events"].clone());
    let events = parse_events(&listed).unwrap();
    let result = written(|w| simulate(config(example["config"].clone()), &events, w));
    // The README shows the state as a page reads it; the core writes it as the list the script
    // names (`toState` in src/js/runtime.js), `qualified` left for the script to derive.
    let mut expect = example["expect"].clone();
    let state = &expect["state"];
    assert_eq!(state["qualified"], !state["qualifiedAt"].is_null());
    let fields = ["score", "threshold", "qualifiedAt", "tier", "groups"];
    expect["state"] = fields.iter().map(|f| state[*f].clone()).collect();
    assert_eq!(result, value(expect));
}
