//! The CLI as a user runs it: exit codes, what is printed, and bad input of every kind.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn example_estate_has_located_findings_and_exits_1() {
    let out = xgea().args(["lint", "examples/estate"]).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    // The three deliberate reference errors, each at its file:line:col.
    assert!(out.contains("unknown capability `BO.02.04`"), "{out}");
    assert!(out.contains("╭─[examples/estate/dfes/corporate.yaml:13:"), "{out}");
    assert!(out.contains("unknown interface standard `DAT-UFT8`"), "{out}");
    assert!(out.contains("╭─[examples/estate/cabinet-office/people.yaml:19:"), "{out}");
    assert!(out.contains("unknown counterpart system `hmrc.paye-rti`"), "{out}");
    assert!(out.contains("did you mean `hmrc.paye`?"), "{out}");
    assert!(out.contains("checked 51 files (62 systems in 11 departments) against model 2.2.0"), "{out}");
}

#[test]
fn minimal_example_is_clean() {
    let out = text(&xgea().args(["lint", "examples/minimal"]).assert().code(0).get_output().stdout);
    insta::assert_snapshot!(out, @"checked 2 files (1 system in 1 department) against model 2.2.0: 0 errors, 0 warnings, 0 infos");
}

#[test]
fn the_other_model_version_can_be_named() {
    xgea()
        .args(["lint", "examples/minimal", "--model", "model/1.0.0"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("against model 1.0.0"))
        .stdout(predicate::str::contains("unknown common component `one-login`"));
}

#[test]
fn fail_on_warning_turns_warnings_into_failure() {
    // XG006 (empty file) is a warning: clean by default, failing with --fail-on warning.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/minimal/licensing.yaml", dir.path().join("licensing.yaml")).unwrap();
    std::fs::copy("examples/minimal/department.yaml", dir.path().join("department.yaml")).unwrap();
    std::fs::write(dir.path().join("todo.yaml"), "# to be written\n").unwrap();
    xgea().arg("lint").arg(dir.path()).assert().code(0).stdout(predicate::str::contains("1 warning"));
    xgea().arg("lint").arg(dir.path()).args(["--fail-on", "warning"]).assert().code(1);
}

#[test]
fn malformed_yaml_is_located_and_nothing_else_could_be_checked() {
    let assert = xgea().args(["lint", "tests/fixtures/bad-input/malformed"]).assert().code(2);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    insta::assert_snapshot!(out);
    assert!(err.contains("nothing could be checked"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_broken_file_does_not_stop_the_others_from_being_checked() {
    xgea()
        .args(["lint", "tests/fixtures/bad-input/mixed"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("XG001"))
        .stdout(predicate::str::contains("bad.yaml:4:"))
        .stdout(predicate::str::contains("checked 2 files (1 system"));
}

#[test]
fn wrong_types_are_schema_violations_on_the_value() {
    let out = text(&xgea().args(["lint", "tests/fixtures/bad-input/wrong-type"]).assert().code(1).get_output().stdout);
    insta::assert_snapshot!(out);
}

#[test]
fn empty_file_is_reported_and_nothing_could_be_checked() {
    xgea()
        .args(["lint", "tests/fixtures/bad-input/empty"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("XG006"))
        .stdout(predicate::str::contains("empty.yaml:1:1"))
        .stderr(predicate::str::contains("nothing could be checked"));
}

#[test]
fn non_utf8_file_points_at_the_first_bad_byte() {
    xgea()
        .args(["lint", "tests/fixtures/rules/XG007/fail/latin1.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("the file is not valid UTF-8"))
        .stdout(predicate::str::contains("latin1.yaml:5:12"));
}

#[test]
fn directory_without_yaml_is_a_tool_error() {
    let err = text(&xgea().args(["lint", "tests/fixtures/bad-input/no-yaml"]).assert().code(2).get_output().stderr);
    insta::assert_snapshot!(err);
}

#[test]
fn missing_path_is_a_tool_error() {
    xgea()
        .args(["lint", "does/not/exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`does/not/exist` does not exist"))
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn file_over_the_size_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/minimal/licensing.yaml", dir.path().join("a.yaml")).unwrap();
    let big = format!("# padding\n{}", "#\n".repeat(600));
    std::fs::write(dir.path().join("big.yaml"), big).unwrap();
    xgea()
        .arg("lint")
        .arg(dir.path())
        .args(["--max-file-size", "1000"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("XG004"))
        .stdout(predicate::str::contains("over the 1000-byte limit"));
}

#[test]
fn alias_bomb_is_bounded() {
    xgea()
        .args(["lint", "tests/fixtures/rules/XG005/fail/bomb.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("aliases expand to more than 10000 nodes"));
}

#[test]
fn thousands_of_nesting_levels_do_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    // `- - - … x` nests one block sequence per two bytes: 5,000 levels in 10 KB.
    let block = format!("{}x\n", "- ".repeat(5000));
    std::fs::write(dir.path().join("deep.yaml"), block).unwrap();
    std::fs::write(dir.path().join("flow.yaml"), "[".repeat(100_000)).unwrap();
    let assert = xgea().arg("lint").arg(dir.path()).timeout(std::time::Duration::from_secs(30)).assert().code(2);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains("nesting deeper than 128 levels"), "{out}");
    assert!(out.contains("flow.yaml:1:256"), "{out}");
    // A 100,000-character line is not printed as a snippet.
    assert!(out.len() < 5_000, "{} bytes of output", out.len());
}

#[test]
fn duplicate_keys_label_both_places() {
    let out =
        text(&xgea().args(["lint", "tests/fixtures/bad-input/duplicate-keys"]).assert().code(1).get_output().stdout);
    insta::assert_snapshot!(out);
}

#[test]
fn a_broken_model_reports_its_own_errors_and_exits_2() {
    let assert =
        xgea().args(["lint", "examples/minimal", "--model", "tests/fixtures/bad-input/broken-model"]).assert().code(2);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(out.contains("tests/fixtures/bad-input/broken-model/standards.yaml:49:"), "{out}");
    assert!(out.contains("\"compulsory\""), "{out}");
    assert!(err.contains("the reference model at `tests/fixtures/bad-input/broken-model` is broken"), "{err}");
}

#[test]
fn a_model_that_does_not_exist_is_a_tool_error() {
    xgea()
        .args(["lint", "examples/minimal", "--model", "no/such/model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn explain_prints_the_rule_documentation() {
    let out = text(&xgea().args(["explain", "unknown-capability"]).assert().code(0).get_output().stdout);
    assert!(out.starts_with("# unknown-capability (XG101)\n"), "{out}");
    assert!(out.contains("## How to fix"), "{out}");
    xgea()
        .args(["explain", "XG1O1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `XG1O1`"))
        .stderr(predicate::str::contains("did you mean `XG101`?"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["lint", "rules", "explain"] {
        xgea().args([command, "--help"]).assert().code(0).stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn output_does_not_depend_on_the_order_paths_are_given() {
    let a = stdout_of(xgea().args(["lint", "examples/estate/dwp", "examples/estate/hmrc"]));
    let b = stdout_of(xgea().args(["lint", "examples/estate/hmrc", "examples/estate/dwp"]));
    assert_eq!(a, b);
    assert!(Path::new("examples/estate/dwp").is_dir());
}

#[test]
fn roadmap_report_and_graph_read_the_same_config_as_lint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/minimal/licensing.yaml", dir.path().join("licensing.yaml")).unwrap();
    std::fs::write(dir.path().join("xgea.toml"), "fail-on = \"error\"\nunknown-key = 1\n").unwrap();
    let out = dir.path().join("site");
    for args in
        [&["lint", "."][..], &["roadmap", "."], &["graph", "."], &["report", ".", "--out", out.to_str().unwrap()]]
    {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
        cmd.current_dir(dir.path()).env("NO_COLOR", "1").args(args);
        cmd.assert().code(2).stderr(predicate::str::contains("unknown-key"));
    }
    assert!(!out.exists(), "nothing written when the config is broken");
}

#[test]
fn the_readme_rule_table_is_current() {
    let table = text(&xgea().args(["rules", "--format", "markdown"]).assert().code(0).get_output().stdout);
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("<!-- rules:start -->\n").expect("start marker") + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(&readme[start..end], table, "run `xgea rules --format markdown` and paste it into the README");
}

#[test]
fn rules_lists_every_rule_in_each_format() {
    let json: serde_json::Value =
        serde_json::from_slice(&xgea().args(["rules", "--format", "json"]).assert().code(0).get_output().stdout)
            .unwrap();
    let rules = json.as_array().unwrap();
    assert_eq!(rules.len(), xgea::rules::ALL.len());
    let xg201 = rules.iter().find(|r| r["code"] == "XG201").unwrap();
    assert_eq!(xg201["name"], "deprecated-standard");
    assert!(xg201["explanation"].as_str().unwrap().contains("## How to fix"));
    let text = text(&xgea().arg("rules").assert().code(0).get_output().stdout);
    assert_eq!(text.lines().count(), xgea::rules::ALL.len());
}
