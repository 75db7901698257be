//! `xgea sourcing` and the sourcing facts of descriptors, run as a user runs them: the forward look of the
//! example estate, its formats and options, bad input, and a department linted against an estate snapshot.

use assert_cmd::cargo::cargo_bin_cmd;

const TODAY: &str = "2026-11-23";

fn xgea(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("xgea")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", TODAY)
        .env_remove("RAYON_NUM_THREADS")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_forward_look_of_the_example_estate() {
    let md = stdout(&xgea(&["sourcing", "examples/estate"]).code(0));
    // Four departments' payroll contracts end within 18 months of each other: one window.
    assert!(md.contains("### `BO.02.01` Payroll: 2027-03-31 to 2028-06-30"), "{md}");
    assert!(md.contains("4 departments (`cabinet-office`, `dwp`, `hmrc`, `home-office`)"), "{md}");
    assert!(md.contains("move to `common:shared-services-centre`"), "{md}");
    assert!(md.contains("### Concentration by capability family"), "{md}");
    insta::assert_snapshot!("sourcing_md", md);
    let csv = stdout(&xgea(&["sourcing", "examples/estate", "--format", "csv"]).code(0));
    insta::assert_snapshot!("sourcing_csv", csv);
}

#[test]
fn json_is_deterministic_and_holds_every_figure() {
    let a = stdout(&xgea(&["sourcing", "examples/estate", "--format", "json"]).code(0));
    let b = stdout(&xgea(&["sourcing", "examples/estate", "--format", "json"]).code(0));
    assert_eq!(a, b, "same estate, same day: same bytes");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    for key in ["contracts", "expiries", "windows", "suppliers", "families"] {
        assert!(v[key].as_array().is_some_and(|l| !l.is_empty()), "{key} is a non-empty list");
    }
    let windows = v["windows"].as_array().unwrap();
    assert!(windows.iter().all(|w| w["departments"].as_array().unwrap().len() >= 2));
    let hhi: Vec<u64> = v["families"].as_array().unwrap().iter().map(|f| f["hhi"].as_u64().unwrap()).collect();
    assert!(hhi.iter().all(|&h| h <= 10_000), "{hhi:?}");
    assert!(v["recompetableContracts"].as_u64().is_some() || v["recompetable_contracts"].as_u64().is_some());
}

#[test]
fn window_and_horizon_narrow_the_look() {
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["sourcing", "examples/estate", "--format", "json"];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&stdout(&xgea(&all).code(0))).unwrap();
        v["windows"].as_array().unwrap().len()
    };
    let default = count(&[]);
    assert!(default >= 1);
    assert!(count(&["--window", "0"]) < default, "a zero window only groups contracts ending the same day");
    assert_eq!(count(&["--horizon", "1"]), 0, "nothing shareable ends within a month in two departments");
    // Out of range: a usage error, exit 2.
    xgea(&["sourcing", "examples/estate", "--horizon", "0"]).code(2);
}

#[test]
fn bad_sourcing_facts_are_located_findings_never_a_crash() {
    let a = xgea(&["lint", "tests/fixtures/sourcing/bad", "--format", "concise"]).code(1);
    let out = stdout(&a);
    for expected in [
        // Dates that are not dates: the schema's findings on the fields.
        "alpha.yaml:26:12: error XG002",
        "alpha.yaml:27:10: error XG002",
        // End before start, a negative and an absurd value.
        "alpha.yaml:42:10: warning XG805",
        "alpha.yaml:43:21: warning XG805",
        "alpha.yaml:44:20: warning XG805",
        // Unknown supplier and route, with did-you-mean; a sourcing block on a retired system.
        "alpha.yaml:57:15: error XG806 unknown supplier `acme-digtal`",
        "alpha.yaml:60:12: error XG807 unknown procurement route `g-clod`",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    assert!(out.contains("XG805 `alpha.unknowns`: a retired system declares a sourcing block"), "{out}");
    let human = stdout(&xgea(&["lint", "tests/fixtures/sourcing/bad"]).code(1));
    assert!(human.contains("did you mean `acme-digital`?"), "{human}");
    assert!(human.contains("did you mean `g-cloud`?"), "{human}");
    // The forward look reads what it can.
    xgea(&["sourcing", "tests/fixtures/sourcing/bad"]).code(0);
}

#[test]
fn a_department_linted_against_a_snapshot_sees_the_estate_s_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("estate.snapshot.json");
    let snapshot = snapshot.to_str().unwrap();
    xgea(&["snapshot", "examples/estate", "--out", snapshot]).code(0);
    let text = std::fs::read_to_string(snapshot).unwrap();
    assert!(text.contains("\"sourcing\":{\"supplier\":\"meridian-ledger\""), "the snapshot carries sourcing");
    assert!(text.contains("\"suppliers\":[{"), "the snapshot carries the suppliers lists");
    let whole = stdout(&xgea(&["lint", "examples/estate", "--format", "concise"]).code(1));
    let hmrc = stdout(&xgea(&["lint", "examples/estate/hmrc", "--estate", snapshot, "--format", "concise"]).code(1));
    let xg8 = |out: &str| -> Vec<String> {
        out.lines().filter(|l| l.contains(" XG80") && l.contains("examples/estate/hmrc/")).map(str::to_string).collect()
    };
    assert!(!xg8(&hmrc).is_empty());
    assert_eq!(xg8(&hmrc), xg8(&whole), "the same XG8xx findings for HMRC's files as a run over the whole estate");
}
