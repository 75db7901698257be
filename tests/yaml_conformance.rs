//! The YAML loader against the YAML test suite (vendored in `tests/fixtures/yaml-test-suite`, MIT, see its
//! LICENSE): every case is loaded as a descriptor's text would be, and the agreement (error cases flagged,
//! valid cases accepted) may never drop below what it was when the suite was vendored. Run with
//! `XGEA_SUITE_DEBUG=1 cargo test --test yaml_conformance -- --nocapture` to see each case's problems.

use xgea::source::{Limits, YamlProblem, parse_yaml};

#[path = "support/yaml_suite.rs"]
mod yaml_suite;

/// Today's agreement: 92 of the 94 error cases are flagged (two tab cases load), 304 of the 308 valid cases
/// load (aliases as keys and duplicate null keys are refused, which descriptors never need).
const ERRORS_CAUGHT_FLOOR: usize = 92;
const VALID_ACCEPTED_FLOOR: usize = 304;

#[test]
fn the_loader_keeps_its_agreement_with_the_yaml_test_suite() {
    let root = yaml_suite::root();
    let all = yaml_suite::cases();
    assert_eq!(all.len(), 402, "the vendored suite has 402 cases");
    let (mut errors, mut caught, mut valid, mut accepted) = (0, 0, 0, 0);
    let (mut missed, mut refused) = (Vec::new(), Vec::new());
    for case in &all {
        let name = case.strip_prefix(&root).unwrap().display().to_string();
        let bytes = std::fs::read(case.join("in.yaml")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let problems = parse_yaml(&text, Limits::default()).problems;
        if std::env::var_os("XGEA_SUITE_DEBUG").is_some() && !problems.is_empty() {
            println!(
                "{name}: {:?}",
                problems.iter().map(|p| format!("{p:?}").chars().take(60).collect::<String>()).collect::<Vec<_>>()
            );
        }
        // A mapping or sequence as a key is valid YAML that descriptors refuse by policy (XG002), not a
        // failure to read the YAML: it does not count as flagging the case.
        let flagged = problems.iter().any(|p| !matches!(p, YamlProblem::ComplexKey { .. }));
        if case.join("error").exists() {
            errors += 1;
            if flagged { caught += 1 } else { missed.push(name) }
        } else {
            valid += 1;
            if flagged { refused.push(name) } else { accepted += 1 }
        }
    }
    println!("yaml-test-suite: {caught}/{errors} error cases flagged, {accepted}/{valid} valid cases accepted");
    println!("error cases not flagged: {missed:?}");
    println!("valid cases refused: {refused:?}");
    assert_eq!((errors, valid), (94, 308));
    assert!(
        caught >= ERRORS_CAUGHT_FLOOR,
        "error cases flagged fell to {caught} (floor {ERRORS_CAUGHT_FLOOR}): {missed:?}"
    );
    assert!(
        accepted >= VALID_ACCEPTED_FLOOR,
        "valid cases accepted fell to {accepted} (floor {VALID_ACCEPTED_FLOOR}): {refused:?}"
    );
}
