//! `xgea scorecard`: snapshots of what the Board reads (text, Markdown, CSV, JSON) for the example estate, the
//! figures behind them, and the usual lint inputs (`--estate`, config).

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn scorecard(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("xgea")
        .arg("scorecard")
        .args(args)
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", "2026-11-23")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = scorecard(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn every_format_for_the_example_estate() {
    for (format, name) in
        [("human", "scorecard_estate_human"), ("md", "scorecard_estate_md"), ("csv", "scorecard_estate_csv")]
    {
        let (code, out, err) = scorecard(&["examples/estate", "--no-config", "--format", format]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(name, out);
    }
    let (code, out, err) = scorecard(&["examples/estate", "--no-config", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("scorecard_estate_json", out);
}

#[test]
fn the_figures_add_up_and_are_deterministic() {
    let first = json(&["examples/estate", "--no-config"]);
    assert_eq!(first, json(&["examples/estate", "--no-config"]));
    let departments = first["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 11);
    let ids: Vec<&str> = departments.iter().map(|d| d["department"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "departments are sorted by id");
    let total = &first["total"];
    for field in ["systems", "errors", "warnings", "infos", "deprecated_interfaces"] {
        let sum: u64 = departments.iter().map(|d| d[field].as_u64().unwrap()).sum();
        assert_eq!(total[field].as_u64().unwrap(), sum, "{field}");
    }
    for ratio in ["compliance", "open_standards", "common_components"] {
        for part in ["count", "of"] {
            let sum: u64 = departments.iter().map(|d| d[ratio][part].as_u64().unwrap()).sum();
            assert_eq!(total[ratio][part].as_u64().unwrap(), sum, "{ratio}.{part}");
        }
        for d in departments {
            assert!(d[ratio]["count"].as_u64() <= d[ratio]["of"].as_u64(), "{ratio} of {}", d["department"]);
        }
    }
    // Retired systems are left out (the example estate has 62 systems).
    let systems = total["systems"].as_u64().unwrap();
    assert!(systems > 0 && systems <= 62, "{systems}");
    // Somebody still uses a deprecated standard, with its sunset date.
    let exposed: Vec<&Value> = departments.iter().flat_map(|d| d["deprecated"].as_array().unwrap()).collect();
    assert!(!exposed.is_empty());
    assert!(exposed.iter().any(|e| e["sunset"].is_string()), "{exposed:?}");
}

#[test]
fn against_a_snapshot_only_the_linted_department_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("estate.snapshot.json");
    let o = cargo_bin_cmd!("xgea")
        .args(["snapshot", "examples/estate", "--out", snap.to_str().unwrap()])
        .env("XGEA_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let whole = json(&["examples/estate", "--no-config"]);
    let alone = json(&["examples/estate/dwp", "--no-config", "--estate", snap.to_str().unwrap()]);
    let departments = alone["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 1, "{alone}");
    assert_eq!(departments[0]["department"], "dwp");
    // With the rest of government's estate beside it, DWP scores as it does in the whole estate's run.
    let dwp = whole["departments"].as_array().unwrap().iter().find(|d| d["department"] == "dwp").unwrap();
    assert_eq!(&departments[0], dwp);
}

#[test]
fn a_config_that_ignores_every_error_rule_makes_every_system_compliant() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("xgea.toml");
    std::fs::write(&config, "select = [\"XG3\"]\n").unwrap();
    let all = json(&["examples/estate", "--config", config.to_str().unwrap()]);
    let compliance = &all["total"]["compliance"];
    let strict = json(&["examples/estate", "--no-config"]);
    assert!(
        compliance["count"].as_u64() > strict["total"]["compliance"]["count"].as_u64(),
        "the selection in the config counts: {compliance} vs {}",
        strict["total"]["compliance"]
    );
}

#[test]
fn an_unreadable_estate_exits_2_with_a_reason() {
    let (code, _, err) = scorecard(&["does/not/exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("does/not/exist"), "{err}");
}
