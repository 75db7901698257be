//! Every `--format` checked the way its consumer reads it: SARIF against the official OASIS 2.1.0 schema, JUnit
//! against the JUnit 4 XSD, GitLab Code Quality against its documented schema, xgea's JSON against
//! `schemas/findings.schema.json` — each with an independent validator (check-jsonschema, xmlschema) run as a
//! subprocess. Snapshots of what people read (concise, json, github).
//!
//! The validators are skipped with a message only when they are missing and `CI` is not set; under CI a
//! missing validator fails the test (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

const FIXTURE: &str = "tests/fixtures/config/formats";
const SCHEMAS: &str = "tests/fixtures/external-schemas";

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

/// Lints the fixture in one format; returns stdout (the findings make the exit code 1).
fn lint_fixture(format: &str) -> String {
    let out = xgea().args(["lint", FIXTURE, "--no-config", "--format", format]).assert().code(1).get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a validator can run; panics under CI when it cannot.
fn available(program: &str, args: &[&str]) -> bool {
    let ok = Process::new(program).args(args).output().is_ok_and(|o| o.status.success());
    if !ok {
        let what = format!("{program} {}", args.join(" "));
        assert!(
            std::env::var_os("CI").is_none(),
            "validator `{what}` is missing under CI: install it with `python3 -m pip install check-jsonschema xmlschema`"
        );
        eprintln!("SKIPPED: validator `{what}` is not installed (pip install check-jsonschema xmlschema)");
    }
    ok
}

fn check_jsonschema() -> bool {
    available("check-jsonschema", &["--version"])
}

fn xmlschema() -> bool {
    available("python3", &["-c", "import xmlschema"])
}

/// Runs check-jsonschema on one document; Err carries its report.
fn validate_json(schema: &Path, document: &str, extra: &[&str]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.json");
    std::fs::write(&file, document).unwrap();
    let out = Process::new("check-jsonschema").args(extra).arg("--schemafile").arg(schema).arg(&file).output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

fn validate_junit(document: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, document).unwrap();
    let out = Process::new("python3")
        .args(["-c", "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])"])
        .arg(root().join(SCHEMAS).join("junit-4.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

/// The OASIS schema's `language` pattern is not valid ECMAScript in unicode mode (a known erratum), so the
/// schema is read with Python's regex dialect; every `format` is still checked.
const SARIF_ARGS: &[&str] = &["--regex-variant", "python"];

#[test]
fn sarif_validates_against_the_official_schema_and_carries_what_code_scanning_needs() {
    let sarif = lint_fixture("sarif");
    if check_jsonschema() {
        validate_json(&root().join(SCHEMAS).join("sarif-schema-2.1.0.json"), &sarif, SARIF_ARGS).unwrap();
        // The validator does reject a broken log: without it this test could not fail.
        let mut broken: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
        let err = validate_json(&root().join(SCHEMAS).join("sarif-schema-2.1.0.json"), &broken.to_string(), SARIF_ARGS);
        assert!(err.is_err(), "startLine 0 must be rejected");
    }
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "xgea");
    let rules = driver["rules"].as_array().unwrap();
    let xg101 = rules.iter().find(|r| r["id"] == "XG101").expect("XG101 in tool.driver.rules");
    assert_eq!(xg101["name"], "unknown-capability");
    assert_eq!(xg101["defaultConfiguration"]["level"], "error");
    assert!(xg101["help"]["text"].as_str().unwrap().contains("## What it finds"));

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let by_rule = |code: &str| results.iter().find(|r| r["ruleId"] == code).unwrap();
    let unknown = by_rule("XG101");
    assert_eq!(unknown["level"], "error");
    assert_eq!(rules[unknown["ruleIndex"].as_u64().unwrap() as usize]["id"], "XG101");
    let region = &unknown["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(11), Some(28)));
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(11), Some(36)));
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/config/formats/licensing.yaml"
    );
    assert_eq!(by_rule("XG201")["level"], "warning");
    // The duplicate id names its other place, in the other file, with a %-encoded URI.
    let duplicate = by_rule("XG104");
    assert_eq!(
        duplicate["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/config/formats/z-legacy%2C%20copy.yaml"
    );
    let related = &duplicate["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "tests/fixtures/config/formats/licensing.yaml");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 4);
    assert_eq!(related["message"]["text"], "first declared here");
    let prints: Vec<&str> =
        results.iter().map(|r| r["partialFingerprints"]["xgea/v1"].as_str().expect("a fingerprint")).collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "fingerprints are distinct: {prints:?}");
}

#[test]
fn sarif_fingerprints_survive_edits_elsewhere_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["department.yaml", "licensing.yaml"] {
        std::fs::copy(root().join(FIXTURE).join(name), dir.path().join(name)).unwrap();
    }
    let prints = |dir: &Path| {
        let out = xgea().current_dir(dir).args(["lint", ".", "--no-config", "--format", "sarif"]).output().unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["ruleId"].to_string(), r["partialFingerprints"].to_string(), r["locations"][0].to_string()))
            .collect::<Vec<_>>()
    };
    let before = prints(dir.path());
    let file = dir.path().join("licensing.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("# moved down by three lines\n#\n#\n{text}")).unwrap();
    let after = prints(dir.path());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "same rule, same fingerprint");
        assert_ne!(b.2, a.2, "the location did move");
    }
}

#[test]
fn junit_validates_against_the_junit_xsd() {
    let xml = lint_fixture("junit");
    assert!(xml.contains("<testsuite name=\"tests/fixtures/config/formats/licensing.yaml\""), "{xml}");
    assert!(xml.contains("<testcase name=\"XG101 unknown-capability\""), "{xml}");
    assert!(xml.contains("<failure message=\"unknown capability `FO.99.99`\" type=\"error\">"), "{xml}");
    assert!(!xml.contains("timestamp"), "no timestamps: output is deterministic");
    let clean = xgea().args(["lint", "examples/minimal", "--no-config", "--format", "junit"]).assert().code(0);
    let clean = String::from_utf8(clean.get_output().stdout.clone()).unwrap();
    assert!(clean.contains("<testcase name=\"lint\" classname=\"xgea\"/>"), "{clean}");
    if xmlschema() {
        validate_junit(&xml).unwrap();
        validate_junit(&clean).unwrap();
        assert!(validate_junit(&xml.replace("<testcase name=", "<testcase nam=")).is_err(), "the XSD is enforced");
    }
}

#[test]
fn gitlab_code_quality_validates_and_fingerprints_are_unique() {
    let report = lint_fixture("gitlab");
    if check_jsonschema() {
        validate_json(&root().join(SCHEMAS).join("gitlab-code-quality.schema.json"), &report, &[]).unwrap();
    }
    let issues: Vec<serde_json::Value> = serde_json::from_str(&report).unwrap();
    assert_eq!(issues.len(), 3);
    let unknown = issues.iter().find(|i| i["check_name"] == "XG101").unwrap();
    assert_eq!(unknown["severity"], "major");
    assert_eq!(unknown["location"]["path"], "tests/fixtures/config/formats/licensing.yaml");
    assert_eq!(unknown["location"]["lines"]["begin"], 11);
    let warning = issues.iter().find(|i| i["check_name"] == "XG201").unwrap();
    assert_eq!(warning["severity"], "minor");
    let mut prints: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), issues.len());
}

#[test]
fn json_validates_against_its_published_schema() {
    let json = lint_fixture("json");
    let schema = root().join("schemas/findings.schema.json");
    if check_jsonschema() {
        validate_json(&schema, &json, &[]).unwrap();
        let mut broken: serde_json::Value = serde_json::from_str(&json).unwrap();
        broken["findings"][0]["line"] = 0.into();
        assert!(validate_json(&schema, &broken.to_string(), &[]).is_err(), "line 0 must be rejected");
        let clean = xgea().args(["lint", "examples/minimal", "--format", "json"]).assert().code(0);
        validate_json(&schema, &String::from_utf8_lossy(&clean.get_output().stdout), &[]).unwrap();
    }
    insta::assert_snapshot!("json", json);
}

#[test]
fn concise_and_github_snapshots() {
    insta::assert_snapshot!("concise", lint_fixture("concise"));
    let github = lint_fixture("github");
    // A comma in a file name is escaped in the `file=` property; the help line's newline in the message.
    assert!(github.contains("file=tests/fixtures/config/formats/z-legacy%2C copy.yaml,line=5,col=7"), "{github}");
    insta::assert_snapshot!("github", github);
}

#[test]
fn machine_formats_are_byte_identical_between_runs_and_carry_no_footer() {
    for format in ["json", "sarif", "junit", "github", "gitlab", "concise"] {
        let first = lint_fixture(format);
        assert_eq!(first, lint_fixture(format), "{format} is deterministic");
        let footer = first.contains("checked 3 files");
        assert_eq!(footer, format == "concise", "{format}: only human formats carry the summary line");
    }
}

#[test]
fn output_writes_the_named_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let out = xgea()
        .args(["lint", FIXTURE, "--no-config", "--format", "sarif", "--output"])
        .arg(&target)
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "nothing on stdout when --output names a file");
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written, lint_fixture("sarif"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let missing = dir.path().join("no-such-dir").join("report.sarif");
    let out = xgea()
        .args(["lint", FIXTURE, "--format", "sarif", "--output"])
        .arg(&missing)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot write output") && stderr.contains("does not exist"), "{stderr}");
    assert!(!missing.parent().unwrap().exists(), "the directory is not created");
}

#[test]
fn unreadable_estates_still_reach_ci_in_its_format() {
    // Nothing valid to check is exit 2, but the YAML errors are still reported in the format CI reads.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), "kind: System\nmetadata: [\n").unwrap();
    let out = xgea()
        .current_dir(dir.path())
        .args(["lint", ".", "--no-config", "--format", "sarif"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "XG001");
}
