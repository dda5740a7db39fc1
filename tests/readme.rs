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
    assert_eq!(result, value(example["expect"].clone()));
}
