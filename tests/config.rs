//! `xgea.toml`, waivers, inline allows, baselines, `--statistics`/`--quiet` and `xgea init`, run as a user runs
//! them: the binary in a scratch repository.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A scratch repository holding the formats fixture: XG101 (error, line 11) and XG201 (warning, line 17) in
/// `licensing.yaml`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/formats");
        for name in ["department.yaml", "licensing.yaml"] {
            std::fs::copy(fixture.join(name), dir.path().join(name)).unwrap();
        }
        Repo { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn write(&self, name: &str, text: &str) -> &Repo {
        let path = self.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }
    fn xgea(&self) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
        cmd.current_dir(self.path()).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
        cmd
    }
    /// `xgea lint <args>`: (exit code, stdout, stderr).
    fn lint(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.xgea().arg("lint").args(args).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    }
    fn concise(&self, args: &[&str]) -> (i32, String) {
        let mut all = vec!["--format", "concise"];
        all.extend_from_slice(args);
        let (code, out, err) = self.lint(&all);
        assert!(code != 2, "tool error: {err}");
        (code, out)
    }
}

fn codes(concise: &str) -> Vec<String> {
    concise
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .filter(|c| c.starts_with("XG"))
        .map(String::from)
        .collect()
}

#[test]
fn the_nearest_config_applies_from_any_directory_below_it() {
    let repo = Repo::new();
    repo.write("xgea.toml", "ignore = [\"unknown-capability\"]\n").write("sub/dir/.keep.yaml", "");
    let (code, out) = repo.concise(&[]);
    assert_eq!(codes(&out), ["XG201"]);
    assert_eq!(code, 0, "the warning is below the default fail-on level");
    // From a subdirectory, linting the repository root: the same config is found by walking up.
    let out =
        repo.xgea().current_dir(repo.path().join("sub/dir")).args(["lint", "../..", "--format", "concise"]).output();
    assert_eq!(codes(&String::from_utf8(out.unwrap().stdout).unwrap()), ["XG201"]);
    // --no-config and an explicit --config.
    assert_eq!(codes(&repo.concise(&["--no-config"]).1), ["XG101", "XG201"]);
    repo.write("other.toml", "select = [\"XG1\"]\n");
    assert_eq!(codes(&repo.concise(&["--config", "other.toml"]).1), ["XG101"]);
}

#[test]
fn command_line_beats_the_config_file() {
    let repo = Repo::new();
    repo.write("xgea.toml", "fail-on = \"warning\"\nignore = [\"XG1\"]\n");
    let (code, out) = repo.concise(&[]);
    assert_eq!((code, codes(&out)), (1, vec!["XG201".to_string()]), "fail-on = warning from the file");
    let (code, out) = repo.concise(&["--fail-on", "error"]);
    assert_eq!((code, codes(&out)), (0, vec!["XG201".to_string()]));
    assert_eq!(codes(&repo.concise(&["--extend-select", "XG101"]).1), ["XG101", "XG201"], "an exact code beats XG1");
    assert_eq!(codes(&repo.concise(&["--select", "deprecated-standard"]).1), ["XG201"]);
    assert_eq!(repo.concise(&["--exit-zero", "--fail-on", "info"]).0, 0);
}

#[test]
fn severity_overrides_and_per_path_ignores() {
    let repo = Repo::new();
    repo.write("xgea.toml", "[severity]\nXG101 = \"warning\"\nXG2 = \"off\"\n");
    let (code, out) = repo.concise(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("licensing.yaml:11:28: warning XG101"), "{out}");
    assert_eq!(codes(&out), ["XG101"]);

    let repo = Repo::new();
    repo.write("xgea.toml", "[per-path-ignores]\n\"licens*.yaml\" = [\"XG101\"]\n\"other/**\" = [\"ALL\"]\n");
    assert_eq!(codes(&repo.concise(&[]).1), ["XG201"]);
}

#[test]
fn bad_config_is_a_located_error() {
    let cases: &[(&str, &[&str])] = &[
        ("fail-on = \"error\"\nselect = [\"XG1\"\n", &["xgea.toml:2:", "invalid config file"]),
        ("fail-on = \"error\"\nfial-on = \"warning\"\n", &["unknown field `fial-on`", "xgea.toml:2:1"]),
        ("ignore = [\"XG1O1\"]\n", &["unknown rule or rule prefix `XG1O1`", "did you mean `XG101`?", "xgea.toml:1:11"]),
        ("select = [\"unknown-capabilty\"]\n", &["did you mean `unknown-capability`?"]),
        ("[severity]\nXG101 = \"fatal\"\n", &["unknown severity `fatal`", "xgea.toml:2:9"]),
        ("[[waivers]]\nrule = \"XG101\"\ntarget = \"example.licensing\"\n", &["a waiver needs a `reason`"]),
        ("[[waivers]]\nrule = \"XG999\"\ntarget = \"x\"\nreason = \"r\"\n", &["unknown rule `XG999` in waiver"]),
        (
            "[[waivers]]\nrule = \"XG101\"\ntarget = \"x\"\nreason = \"r\"\nexpires = \"next March\"\n",
            &["invalid expiry date `next March`", "xgea.toml:5:11", "expected YYYY-MM-DD"],
        ),
        ("[rules]\nnear-duplicate-threshold = 2.0\n", &["near-duplicate-threshold"]),
    ];
    for (toml, expected) in cases {
        let repo = Repo::new();
        repo.write("xgea.toml", toml);
        let (code, out, err) = repo.lint(&[]);
        assert_eq!(code, 2, "{toml}\n{out}{err}");
        for e in *expected {
            assert!(err.contains(e), "{toml}: `{e}` missing from\n{err}");
        }
    }
    let repo = Repo::new();
    let (code, _, err) = repo.lint(&["--config", "missing.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read config file `missing.toml`"), "{err}");
    let (code, _, err) = repo.lint(&["--ignore", "XG1O1"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `XG101`?"), "{err}");
}

const WAIVER: &str = "[[waivers]]\nrule = \"unknown-capability\"\ntarget = \"example.licensing\"\nreason = \"capability pending model release\"\napprover = \"Design Authority\"\nexpires = 2027-03-31\n";

#[test]
fn waived_findings_are_hidden_and_counted() {
    let repo = Repo::new();
    repo.write("xgea.toml", WAIVER);
    let (code, out, _) = repo.lint(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("XG101"), "{out}");
    assert!(out.contains("0 errors, 1 warning, 0 infos (1 waived)"), "{out}");
    let (_, json, _) = repo.lint(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["summary"]["suppressed"]["waived"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
}

#[test]
fn expired_and_unused_waivers_are_findings_at_the_waiver() {
    let repo = Repo::new();
    repo.write("xgea.toml", &WAIVER.replace("2027-03-31", "2026-11-22"));
    let (code, out) = repo.concise(&[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("xgea.toml:6:11: warning XG601 waiver for XG101 on `example.licensing` expired on 2026-11-22"),
        "{out}"
    );
    assert!(out.contains("licensing.yaml:11:28: error XG101"), "an expired waiver hides nothing: {out}");

    let repo = Repo::new();
    repo.write("xgea.toml", &WAIVER.replace("example.licensing", "example.licensnig"));
    let (_, out) = repo.concise(&[]);
    assert!(
        out.contains("xgea.toml:1:1: warning XG602 waiver for XG101 on `example.licensnig` matched no finding"),
        "{out}"
    );
    let (_, out) = repo.concise(&["--ignore", "XG101"]);
    assert!(!out.contains("XG602"), "a waiver of a rule that is not run is not stale: {out}");
}

#[test]
fn inline_allows_cover_their_line_or_the_next() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(repo.path().join("licensing.yaml")).unwrap();
    let text = text
        .replace(
            "  capabilities: [FO.04.04, FO.99.99]\n",
            "  # xgea: allow XG101 reason=\"pending model release\" until=2027-03-31\n  capabilities: [FO.04.04, FO.99.99]\n",
        )
        .replace(
            "MSG-SOAP, MSG-OPENAPI, DAT-UTF8, DAT-DATE]",
            "MSG-SOAP, MSG-OPENAPI, DAT-UTF8, DAT-DATE] # xgea: allow deprecated-standard, XG202 reason=\"re-platforming in 2027\"",
        );
    repo.write("licensing.yaml", &text);
    let (code, out) = repo.concise(&[]);
    assert_eq!(codes(&out), Vec::<String>::new(), "{out}");
    assert_eq!(code, 0);
    assert!(out.contains("(2 waived)"), "{out}");
}

#[test]
fn xgea_today_holds_only_a_valid_date() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(repo.path().join("licensing.yaml")).unwrap();
    let allowed = "  capabilities: [FO.04.04, FO.99.99] # xgea: allow XG101 reason=\"pending\" until=2024-02-29\n";
    repo.write("licensing.yaml", &text.replace("  capabilities: [FO.04.04, FO.99.99]\n", allowed));
    let codes_on = |today: &str| {
        let out = repo.xgea().env("XGEA_TODAY", today).args(["lint", "--format", "concise"]).output().unwrap();
        codes(&String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(codes_on("2024-02-29"), ["XG201"], "the allow holds on its last day, a leap day");
    assert_eq!(codes_on("2024-03-01"), ["XG101", "XG601", "XG201"], "and not the day after");
    // Not days of the calendar: ignored, so today is the real (UTC) date, long after the allow expired.
    for invalid in ["2023-02-29", "2025-02-29", "2024-02-30", "2024-13-01", "yesterday"] {
        assert_eq!(codes_on(invalid), ["XG101", "XG601", "XG201"], "XGEA_TODAY={invalid}");
    }
}

#[test]
fn baseline_reports_only_new_findings_and_survives_moved_lines() {
    let repo = Repo::new();
    let (code, out, err) = repo.lint(&["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("recorded 2 finding(s) in baseline.json"), "{err}");
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["findings"][0]["code"], "XG101");
    assert_eq!(baseline["findings"][0]["subject"], "example.licensing");
    assert_eq!(baseline["findings"][0]["pointer"], "/spec/capabilities/1");
    assert!(baseline["findings"][0].get("line").is_none(), "no line numbers in the key");

    let (code, out) = repo.concise(&["--baseline", "baseline.json"]);
    assert_eq!((code, codes(&out)), (0, vec![]));
    assert!(out.contains("baseline: 2 still present, 0 gone"), "{out}");

    // Lines move (a comment on top) and a new problem appears: only the new one is reported.
    let text = std::fs::read_to_string(repo.path().join("licensing.yaml")).unwrap();
    let text =
        format!("# edited\n#\n{}", text.replace("[DE-BUSINESS]\n  interfaces", "[DE-BUSINESS, DE-NOPE]\n  interfaces"));
    repo.write("licensing.yaml", &text);
    let (code, out) = repo.concise(&["--baseline", "baseline.json"]);
    assert_eq!((code, codes(&out)), (1, vec!["XG105".to_string()]), "{out}");

    // Fixing a baselined finding is counted as gone.
    repo.write("licensing.yaml", &text.replace("FO.04.04, FO.99.99", "FO.04.04"));
    let (_, out) = repo.concise(&["--baseline", "baseline.json"]);
    assert!(out.contains("baseline: 1 still present, 1 gone"), "{out}");

    let (code, _, err) = repo.lint(&["--baseline", "nope.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read baseline"), "{err}");
}

#[test]
fn statistics_and_quiet() {
    let repo = Repo::new();
    let (_, out, _) = repo.lint(&["--statistics"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["1", "XG101", "unknown-capability"]);
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["1", "XG201", "deprecated-standard"]);
    assert!(lines[2].starts_with("checked 2 files"), "{out}");
    let (_, out, _) = repo.lint(&["--statistics", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["code"], "XG101");
    assert_eq!(rows[0]["count"], 1);
    let (_, out, _) = repo.lint(&["--quiet", "--format", "concise"]);
    assert_eq!(out.lines().count(), 2, "findings only: {out}");
    let (code, out, _) = repo.lint(&["--quiet", "--select", "XG0"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// `xgea init` writes a repository that lints clean, refuses to overwrite, and its workflow is valid.
#[test]
fn init_scaffolds_a_repository_that_lints_green() {
    let dir = tempfile::tempdir().unwrap();
    let repo: PathBuf = dir.path().join("dwp-architecture");
    let mut init = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    let out = init.arg("init").arg(&repo).args(["--department", "dwp"]).env("NO_COLOR", "1").assert().code(0);
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for file in ["xgea.toml", "department.yaml", "systems/example-service.yaml", ".github/workflows/xgea.yml"] {
        assert!(repo.join(file).is_file(), "{file} written");
        assert!(printed.contains(file), "{printed}");
    }
    let config = std::fs::read_to_string(repo.join("xgea.toml")).unwrap();
    assert!(config.contains("version = \"2.2.0\""), "{config}");
    let system = std::fs::read_to_string(repo.join("systems/example-service.yaml")).unwrap();
    assert!(system.starts_with("# yaml-language-server: $schema="), "{system}");
    assert!(system.contains("id: dwp.example-service"), "{system}");
    // The editor schemas the comments name are written beside them, so completion works offline.
    for (file, schema) in [
        ("systems/example-service.yaml", "systems/../.xgea/schemas/2.2.0/system.schema.json"),
        ("department.yaml", ".xgea/schemas/2.2.0/department.schema.json"),
    ] {
        let text = std::fs::read_to_string(repo.join(file)).unwrap();
        let named = text.lines().next().unwrap().split("$schema=").nth(1).unwrap();
        assert_eq!(Path::new(file).parent().unwrap().join(named), Path::new(schema), "{file}");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(repo.join(schema)).unwrap()).unwrap();
        assert!(schema.to_string().contains("BO.02.01"), "the schema spells out the release's ids");
    }

    // The CI template's two lint steps, run in the scaffolded repository, are green.
    for args in [
        &["lint", ".", "--format", "sarif", "--output", "xgea.sarif", "--exit-zero"][..],
        &["lint", ".", "--format", "github"],
    ] {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
        let out = cmd.current_dir(&repo).args(args).env("NO_COLOR", "1").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        if args.contains(&"github") {
            assert!(out.stdout.is_empty(), "no annotations on a clean repository");
        }
    }
    let mut again = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    let out = again.arg("init").arg(&repo).assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("xgea.toml") && err.contains("already exists"), "{err}");

    let workflow = repo.join(".github/workflows/xgea.yml");
    let ok = std::process::Command::new("check-jsonschema").arg("--version").output().is_ok_and(|o| o.status.success());
    if ok {
        let out = std::process::Command::new("check-jsonschema")
            .args(["--builtin-schema", "vendor.github-workflows"])
            .arg(&workflow)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let gitlab = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/gitlab/xgea.gitlab-ci.yml");
        let out = std::process::Command::new("check-jsonschema")
            .args(["--builtin-schema", "vendor.gitlab-ci"])
            .arg(&gitlab)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    } else {
        assert!(std::env::var_os("CI").is_none(), "check-jsonschema is missing under CI");
        eprintln!("SKIPPED: check-jsonschema is not installed; the workflow templates were not validated");
    }
}

/// The keys a table accepts, read from xgea's own "unknown field" error.
fn accepted_keys(prefix: &str) -> std::collections::BTreeSet<String> {
    let file = xgea::config::ConfigFile {
        path: PathBuf::from("/repo/xgea.toml"),
        display: "xgea.toml".into(),
        text: format!("{prefix}zz-not-a-key = 1\n").into(),
    };
    let err = xgea::config::Config::parse(file).unwrap_err();
    let message = err.message().to_string();
    // serde says "expected one of `a`, `b`" or, for two keys, "expected `a` or `b`".
    let list = message.split(", expected").nth(1).unwrap_or_else(|| panic!("{message}"));
    list.split('`').skip(1).step_by(2).map(String::from).collect()
}

fn schema_keys(schema: &serde_json::Value) -> std::collections::BTreeSet<String> {
    schema["properties"].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn the_config_schema_describes_exactly_what_xgea_accepts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("schemas/xgea-config.schema.json")).unwrap()).unwrap();
    assert_eq!(schema_keys(&schema), accepted_keys(""), "top-level keys");
    assert_eq!(schema_keys(&schema["properties"]["model"]), accepted_keys("[model]\n"), "[model]");
    assert_eq!(schema_keys(&schema["properties"]["estate"]), accepted_keys("[estate]\n"), "[estate]");
    assert_eq!(schema_keys(&schema["properties"]["rules"]), accepted_keys("[rules]\n"), "[rules] (RuleOptions)");
    assert_eq!(schema_keys(&schema["properties"]["waivers"]["items"]), accepted_keys("[[waivers]]\n"), "[[waivers]]");

    // Every documented config validates: the README's example, what `xgea init` writes, the fixtures'.
    let ok = std::process::Command::new("check-jsonschema").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "check-jsonschema is missing under CI");
        eprintln!("SKIPPED: check-jsonschema is not installed; config files were not validated against the schema");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = readme.split("### `xgea.toml`").nth(1).unwrap().split("```toml\n").nth(1).unwrap();
    let example = example.split("```").next().unwrap();
    std::fs::write(dir.path().join("readme.toml"), example).unwrap();
    let mut init = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    init.arg("init").arg(dir.path().join("init")).assert().code(0);
    let mut files = vec![dir.path().join("readme.toml"), dir.path().join("init/xgea.toml")];
    for code in ["XG601", "XG602", "XG603"] {
        files.push(root.join("tests/fixtures/rules").join(code).join("fail/xgea.toml"));
    }
    let out = std::process::Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(root.join("schemas/xgea-config.schema.json"))
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    // And the README example is a config xgea itself accepts.
    let repo = Repo::new();
    repo.write("xgea.toml", example);
    assert_ne!(repo.lint(&[]).0, 2, "the README's xgea.toml example is accepted");
}
