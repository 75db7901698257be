//! The reference model's life: `model check` fixtures, `model diff` snapshots, publishing (reproducible, with
//! its refusals), tampered releases, the generated editor schemas and an independent validator's verdict on
//! them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use xgea::model::ModelSource;
use xgea::rules::check_model;
use xgea::schema::Schemas;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(ROOT).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Error output with miette's wrapping and margins removed, for `contains` checks.
fn flat(bytes: &[u8]) -> String {
    text(bytes).replace(['│', '×'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

// ---- model check: tests/fixtures/model/<CODE>/{fail,pass} over tests/fixtures/model/base ------------------------

const MODEL_FIXTURES: &str = "tests/fixtures/model";

/// Builds the base model with the case's files laid over it; returns the directory.
fn fixture_model(case: &Path, into: &Path) -> PathBuf {
    copy_dir(&Path::new(ROOT).join(MODEL_FIXTURES).join("base"), into);
    copy_dir(case, into);
    into.to_path_buf()
}

/// (file name, line, code) of every finding of `model check` on a directory.
fn model_findings(dir: &Path) -> BTreeSet<(String, u32, String)> {
    let schemas = Schemas::embedded().unwrap();
    let checked = check_model(&ModelSource::Path(dir.to_path_buf()), &schemas).unwrap();
    checked
        .findings
        .iter()
        .map(|f| {
            let file = checked.sources.get(f.primary.span.file);
            let name = Path::new(&file.path).file_name().unwrap().to_string_lossy().into_owned();
            (name, file.line_col(f.primary.span.start).line, f.code().to_string())
        })
        .collect()
}

fn model_expectations(case: &Path) -> BTreeSet<(String, u32, String)> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (i, line) in read(&path).lines().enumerate() {
            if let Some((_, codes)) = line.split_once("# expect:") {
                for code in codes.split(',') {
                    out.insert((name.clone(), i as u32 + 1, code.trim().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_model_rule_has_a_failing_and_a_passing_model_fixture() {
    for rule in xgea::rules::ALL.iter().filter(|r| r.family == xgea::diagnostic::Family::Model) {
        for case in ["fail", "pass"] {
            let dir = Path::new(ROOT).join(MODEL_FIXTURES).join(rule.code).join(case);
            assert!(dir.is_dir(), "{} has no {}", rule.code, dir.display());
        }
    }
}

#[test]
fn model_fixtures_produce_exactly_the_expected_findings() {
    assert!(model_findings(&Path::new(ROOT).join(MODEL_FIXTURES).join("base")).is_empty(), "the base model is clean");
    let mut problems = Vec::new();
    let mut codes: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(MODEL_FIXTURES))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "base")
        .collect();
    codes.sort();
    assert!(!codes.is_empty());
    for dir in codes {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(xgea::rules::CATALOGUE.by_code(&code).is_some(), "{code} is not a rule code");
        let temp = tempfile::tempdir().unwrap();
        let fail = fixture_model(&dir.join("fail"), &temp.path().join("fail"));
        let got: BTreeSet<_> = model_findings(&fail).into_iter().filter(|(_, _, c)| *c == code).collect();
        let want = model_expectations(&dir.join("fail"));
        if want.is_empty() || got != want {
            problems.push(format!("{code}/fail: expected {want:?}, found {got:?}"));
        }
        let pass = fixture_model(&dir.join("pass"), &temp.path().join("pass"));
        let pass_findings = model_findings(&pass);
        if pass_findings.iter().any(|(_, _, c)| c.starts_with("XG0")) {
            problems.push(format!("{code}/pass: the model does not load: {pass_findings:?}"));
        }
        let hits: Vec<_> = pass_findings.into_iter().filter(|(_, _, c)| *c == code).collect();
        if !hits.is_empty() {
            problems.push(format!("{code}/pass: must not trigger {code}, found {hits:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn model_check_output_and_exit_codes() {
    // The shipped sources have no integrity error (2.0.0 warns about successors it does not name).
    xgea().args(["model", "check", "model/1.0.0"]).assert().code(0);
    let out = text(&xgea().args(["model", "check", "model/2.0.0"]).assert().code(0).get_output().stdout);
    assert!(out.contains("xGEA Reference Model 2.0.0: 0 error(s), 3 warning(s)"), "{out}");
    assert!(out.contains("╭─[model/2.0.0/standards.yaml:"), "findings point into the YAML: {out}");
    // A broken model: findings located in its YAML, exit 1.
    let temp = tempfile::tempdir().unwrap();
    let dir = fixture_model(&Path::new(ROOT).join(MODEL_FIXTURES).join("XG703/fail"), temp.path());
    let out = text(&xgea().args(["model", "check"]).arg(&dir).assert().code(1).get_output().stdout);
    assert!(out.contains("XG703(capability-cycle)"), "{out}");
    assert!(out.contains("capability `BO.01` is its own ancestor: BO.01 → BO.01.01 → BO.01"), "{out}");
    // The built-in release checks too.
    xgea().args(["model", "check"]).assert().code(0);
}

// ---- releases: list, diff, tampering ---------------------------------------------------------------------------

#[test]
fn list_shows_both_shipped_releases_with_their_hashes() {
    let out = text(&xgea().args(["model", "list"]).assert().success().get_output().stdout);
    let index: serde_json::Value =
        serde_json::from_str(&read(Path::new(ROOT).join("model/releases/index.json"))).unwrap();
    for entry in index["releases"].as_array().unwrap() {
        let line = out.lines().find(|l| l.starts_with(entry["version"].as_str().unwrap())).unwrap();
        assert!(line.contains(entry["released"].as_str().unwrap()) && line.contains(entry["sha256"].as_str().unwrap()));
    }
    assert!(out.contains("2.0.0      2024-02-01") && out.contains("(latest, default)"), "{out}");
    assert!(out.contains("1.0.0      2006-03-31"), "{out}");
}

#[test]
fn diff_of_the_shipped_releases_human() {
    let out = text(&xgea().args(["model", "diff", "1.0.0", "2.0.0"]).assert().success().get_output().stdout);
    insta::assert_snapshot!("diff_1.0.0_2.0.0_human", out);
}

#[test]
fn diff_of_the_shipped_releases_markdown() {
    let out = xgea().args(["model", "diff", "1.0.0", "2.0.0", "--format", "markdown"]).assert().success();
    insta::assert_snapshot!("diff_1.0.0_2.0.0_markdown", text(&out.get_output().stdout));
}

#[test]
fn diff_json_classifies_every_change() {
    let out = xgea().args(["model", "diff", "model/releases/1.0.0.json", "model/2.0.0", "--format", "json"]).assert();
    let v: serde_json::Value = serde_json::from_slice(&out.success().get_output().stdout).unwrap();
    assert_eq!(v["old"], "1.0.0");
    assert_eq!(v["new"], "2.0.0");
    assert_eq!(v["required"], "major");
    let changes = v["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["reason"].as_str().is_some_and(|r| !r.is_empty())));
    let soap = |t: &str| changes.iter().any(|c| c["id"] == "MSG-SOAP" && c["type"] == t);
    assert!(soap("status") && soap("superseded"), "MSG-SOAP is deprecated and superseded in 2.0.0");
    // A diff of a release with itself is empty.
    let same = xgea().args(["model", "diff", "2.0.0", "model/2.0.0"]).assert().success();
    assert_eq!(text(&same.get_output().stdout), "no change from 2.0.0 to 2.0.0\n");
}

/// A copy of the shipped releases with one byte of `2.0.0.json` changed.
fn tampered_releases() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join("model/releases"), temp.path());
    let path = temp.path().join("2.0.0.json");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Payroll").unwrap();
    bytes[at] = b'p';
    std::fs::write(&path, bytes).unwrap();
    temp
}

#[test]
fn a_tampered_release_is_refused_wherever_it_is_loaded() {
    let temp = tampered_releases();
    let releases = temp.path().to_str().unwrap();
    let out = xgea().args(["model", "diff", "1.0.0", "2.0.0", "--releases", releases]).assert().code(2);
    let err = flat(&out.get_output().stderr);
    assert!(err.contains("was modified after it was published"), "{err}");
    assert!(err.contains("refusing to use it"), "{err}");
    // The untouched release in the same directory still loads.
    xgea().args(["model", "show", "MSG-SOAP", "--model-version", "1.0.0", "--releases", releases]).assert().success();
    // Named as a file, with its index beside it.
    let file = temp.path().join("2.0.0.json");
    let out = xgea().args(["lint", "examples/minimal", "--model"]).arg(&file).assert().code(2);
    let all = flat(&out.get_output().stderr) + &flat(&out.get_output().stdout);
    assert!(all.contains("modified after it was published"), "{all}");
    xgea().args(["model", "check"]).arg(&file).assert().code(2);
}

// ---- publish ---------------------------------------------------------------------------------------------------

fn publish(dir: &Path, version: &str, releases: &Path, schemas: &Path) -> assert_cmd::assert::Assert {
    xgea()
        .args(["model", "publish"])
        .arg(dir)
        .args(["--version", version, "--releases"])
        .arg(releases)
        .arg("--schemas")
        .arg(schemas)
        .assert()
}

#[test]
fn publishing_the_shipped_sources_again_gives_byte_identical_releases_and_schemas() {
    let temp = tempfile::tempdir().unwrap();
    let (releases, schemas) = (temp.path().join("releases"), temp.path().join("schemas"));
    for version in ["1.0.0", "2.0.0", "2.1.0", "2.2.0"] {
        publish(&Path::new(ROOT).join("model").join(version), version, &releases, &schemas).success();
        assert_eq!(
            read(releases.join(format!("{version}.json"))),
            read(Path::new(ROOT).join(format!("model/releases/{version}.json"))),
            "release {version} is reproducible"
        );
        for file in ["system.schema.json", "department.schema.json"] {
            assert_eq!(
                read(schemas.join(version).join(file)),
                read(Path::new(ROOT).join("schemas").join(version).join(file)),
                "schemas/{version}/{file} is what publish generates"
            );
        }
    }
    assert_eq!(read(releases.join("index.json")), read(Path::new(ROOT).join("model/releases/index.json")));
    // Nothing else was written.
    let mut names: Vec<String> =
        std::fs::read_dir(&releases).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["1.0.0.json", "2.0.0.json", "2.1.0.json", "2.2.0.json", "index.json"]);
}

#[test]
fn schema_command_prints_the_committed_release_schema() {
    let out = xgea().args(["schema"]).assert().success();
    assert_eq!(text(&out.get_output().stdout), read(Path::new(ROOT).join("schemas/2.2.0/system.schema.json")));
    let out = xgea().args(["schema", "--version", "1.0.0", "--kind", "department"]).assert().success();
    assert_eq!(text(&out.get_output().stdout), read(Path::new(ROOT).join("schemas/1.0.0/department.schema.json")));
}

/// Sets `version:` in a model directory's model.yaml.
fn set_version(dir: &Path, version: &str) {
    let path = dir.join("model.yaml");
    let text: String = read(&path)
        .lines()
        .map(|l| if l.starts_with("version:") { format!("version: {version}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(path, text + "\n").unwrap();
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn publish_enforces_semantic_versioning_from_the_diff() {
    let temp = tempfile::tempdir().unwrap();
    let (releases, schemas) = (temp.path().join("releases"), temp.path().join("schemas"));
    let base = Path::new(ROOT).join(MODEL_FIXTURES).join("base");
    // The first release may have any version.
    publish(&base, "1.0.0", &releases, &schemas).success();

    // Text only: a patch is enough.
    let text_only = temp.path().join("text");
    copy_dir(&base, &text_only);
    replace_in(&text_only.join("capabilities.yaml"), "name: Payments", "name: Payments and receipts");
    set_version(&text_only, "1.0.1");
    publish(&text_only, "1.0.1", &releases, &schemas).success();

    // An addition needs a minor release: 1.0.2 is refused with the reason, 1.1.0 is accepted.
    let added = temp.path().join("added");
    copy_dir(&text_only, &added);
    let caps = added.join("capabilities.yaml");
    std::fs::write(
        &caps,
        read(&caps) + "  - id: BO.01.02\n    parent: BO.01\n    name: Receipts\n    shareable: true\n",
    )
    .unwrap();
    set_version(&added, "1.0.2");
    let out = publish(&added, "1.0.2", &releases, &schemas).code(2);
    let err = flat(&out.get_output().stderr);
    assert!(
        err.contains("version 1.0.2 is a patch release, but the changes since 1.0.1 need a minor release"),
        "{err}"
    );
    assert!(err.contains("added capability `BO.01.02` (Receipts)"), "{err}");
    assert!(err.contains("publish as 1.1.0"), "{err}");
    assert!(!releases.join("1.0.2.json").exists());
    set_version(&added, "1.1.0");
    publish(&added, "1.1.0", &releases, &schemas).success();

    // Retiring a standard that was not deprecated first needs a major release.
    let retired = temp.path().join("retired");
    copy_dir(&added, &retired);
    replace_in(
        &retired.join("standards.yaml"),
        "    status: mandatory\n    open: true\n    history:\n      - { status: mandatory, date: 2001-01-01 }\n",
        "    status: retired\n    open: true\n    supersededBy: TRN-FTP\n    history:\n      - { status: mandatory, date: 2001-01-01 }\n      - { status: retired, date: 2026-01-01 }\n",
    );
    set_version(&retired, "1.2.0");
    let out = publish(&retired, "1.2.0", &releases, &schemas).code(2);
    let err = flat(&out.get_output().stderr);
    assert!(err.contains("need a major release"), "{err}");
    assert!(err.contains("retired without being deprecated first"), "{err}");
    // Removing an id needs a major release too.
    let removed = temp.path().join("removed");
    copy_dir(&added, &removed);
    let caps = removed.join("capabilities.yaml");
    std::fs::write(
        &caps,
        read(&caps).replace("  - id: BO.01.02\n    parent: BO.01\n    name: Receipts\n    shareable: true\n", ""),
    )
    .unwrap();
    set_version(&removed, "1.2.0");
    let err = flat(&publish(&removed, "1.2.0", &releases, &schemas).code(2).get_output().stderr);
    assert!(err.contains("removed capability `BO.01.02`"), "{err}");
    set_version(&removed, "2.0.0");
    publish(&removed, "2.0.0", &releases, &schemas).success();

    // A version that is not greater than the latest, and unchanged sources, are refused.
    set_version(&retired, "1.9.0");
    let err = flat(&publish(&retired, "1.9.0", &releases, &schemas).code(2).get_output().stderr);
    assert!(err.contains("is not greater than the latest release 2.0.0"), "{err}");
    let mut same = removed.clone();
    same.set_file_name("same");
    copy_dir(&removed, &same);
    set_version(&same, "2.0.1");
    let err = flat(&publish(&same, "2.0.1", &releases, &schemas).code(2).get_output().stderr);
    assert!(err.contains("nothing changed since release 2.0.0"), "{err}");

    // --version must match model.yaml.
    let err = flat(&publish(&same, "2.0.2", &releases, &schemas).code(2).get_output().stderr);
    assert!(err.contains("`model.yaml` says version 2.0.1, but --version is 2.0.2"), "{err}");

    let index: serde_json::Value = serde_json::from_str(&read(releases.join("index.json"))).unwrap();
    let versions: Vec<&str> =
        index["releases"].as_array().unwrap().iter().map(|e| e["version"].as_str().unwrap()).collect();
    assert_eq!(versions, ["1.0.0", "1.0.1", "1.1.0", "2.0.0"]);
    let out = xgea().args(["model", "diff", "1.1.0", "2.0.0", "--releases"]).arg(&releases).assert().success();
    assert!(text(&out.get_output().stdout).contains("a release after 1.1.0 needs at least 2.0.0"));
}

#[test]
fn publish_never_overwrites_a_release() {
    let temp = tempfile::tempdir().unwrap();
    let (releases, schemas) = (temp.path().join("releases"), temp.path().join("schemas"));
    let base = Path::new(ROOT).join(MODEL_FIXTURES).join("base");
    publish(&base, "1.0.0", &releases, &schemas).success();
    let before = read(releases.join("1.0.0.json"));
    let changed = temp.path().join("changed");
    copy_dir(&base, &changed);
    replace_in(&changed.join("capabilities.yaml"), "name: Payments", "name: Payments and receipts");
    let err = flat(&publish(&changed, "1.0.0", &releases, &schemas).code(2).get_output().stderr);
    assert!(err.contains("release 1.0.0 already exists"), "{err}");
    assert_eq!(read(releases.join("1.0.0.json")), before);
    // No temporary files are left behind.
    assert!(std::fs::read_dir(&releases).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with('.')));
}

/// A publish killed after the release file was linked but before the index was written: the re-run finishes
/// it (same content) or rolls the unlisted file back (other content); the schemas and the index follow.
#[test]
fn an_interrupted_publish_is_finished_or_rolled_back_by_a_re_run() {
    let temp = tempfile::tempdir().unwrap();
    let (releases, schemas) = (temp.path().join("releases"), temp.path().join("schemas"));
    let base = Path::new(ROOT).join(MODEL_FIXTURES).join("base");
    publish(&base, "1.0.0", &releases, &schemas).success();
    let published = read(releases.join("1.0.0.json"));
    let interrupt = || {
        // What a kill leaves: the release file and temporary files, no index entry, no schemas.
        std::fs::write(
            releases.join("index.json"),
            "{\"apiVersion\":\"xgea/v1\",\"kind\":\"ModelReleaseIndex\",\"releases\":[]}",
        )
        .unwrap();
        std::fs::remove_dir_all(&schemas).unwrap();
        std::fs::write(releases.join(".1.0.0.json.tmp-4242"), "partial").unwrap();
    };
    interrupt();
    // The orphan is not a release: listed nowhere, it loads only unverified.
    let list = xgea().args(["model", "list", "--releases"]).arg(&releases).assert().success();
    assert!(!text(&list.get_output().stdout).contains("1.0.0"));
    let out = publish(&base, "1.0.0", &releases, &schemas).success();
    assert!(text(&out.get_output().stdout).contains("interrupted publish of the same release: finished it"));
    assert_eq!(read(releases.join("1.0.0.json")), published);
    assert!(schemas.join("1.0.0/system.schema.json").is_file());
    let list = xgea().args(["model", "list", "--releases"]).arg(&releases).assert().success();
    assert!(text(&list.get_output().stdout).contains("1.0.0"));

    // Other content under the interrupted version: the unlisted file is replaced.
    interrupt();
    let changed = temp.path().join("changed");
    copy_dir(&base, &changed);
    replace_in(&changed.join("capabilities.yaml"), "name: Payments", "name: Payments and receipts");
    let out = publish(&changed, "1.0.0", &releases, &schemas).success();
    assert!(text(&out.get_output().stdout).contains("listed in no index: replaced it"));
    assert_ne!(read(releases.join("1.0.0.json")), published);
    xgea().args(["model", "show", "--model-version", "1.0.0", "--releases"]).arg(&releases).assert().success();
    let mut names: Vec<String> =
        std::fs::read_dir(&releases).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["1.0.0.json", "index.json"], "no temporary file is left");
}

/// A release file moved away from its index is still checked: a version built into xgea must match the
/// built-in release's hash, and a version known nowhere is read only with `--allow-unverified-model`.
#[test]
fn a_moved_release_file_is_verified_wherever_it_is_loaded() {
    let temp = tempfile::tempdir().unwrap();
    let moved = temp.path().join("2.0.0.json");
    let original = read(Path::new(ROOT).join("model/releases/2.0.0.json"));
    std::fs::write(&moved, &original).unwrap();
    xgea().args(["lint", "examples/minimal", "--model"]).arg(&moved).assert().success();
    std::fs::write(&moved, original.replacen("\"Payroll\"", "\"Payrol1\"", 1)).unwrap();
    let out = xgea().args(["lint", "examples/minimal", "--model"]).arg(&moved).assert().code(2);
    let err = flat(&out.get_output().stderr);
    assert!(err.contains("was modified after it was published"), "{err}");
    // A version known nowhere is refused, unless asked for explicitly.
    let unknown = temp.path().join("elsewhere");
    std::fs::create_dir_all(&unknown).unwrap();
    let file = unknown.join("9.0.0.json");
    let header = original.rfind("\"version\": \"2.0.0\"").unwrap();
    let renamed = format!("{}\"version\": \"9.0.0\"{}", &original[..header], &original[header + 18..]);
    std::fs::write(&file, renamed).unwrap();
    let out = xgea().args(["lint", "examples/minimal", "--model"]).arg(&file).assert().code(2);
    let err = flat(&out.get_output().stderr);
    assert!(err.contains("release 9.0.0") && err.contains("cannot be verified"), "{err}");
    let out =
        xgea().args(["lint", "examples/minimal", "--allow-unverified-model", "--model"]).arg(&file).assert().success();
    let err = flat(&out.get_output().stderr);
    assert!(err.contains("warning: release 9.0.0") && err.contains("is not verified"), "{err}");
}

#[test]
fn publish_refuses_a_model_with_errors() {
    let temp = tempfile::tempdir().unwrap();
    let dir = fixture_model(&Path::new(ROOT).join(MODEL_FIXTURES).join("XG702/fail"), &temp.path().join("m"));
    let out = publish(&dir, "1.0.0", &temp.path().join("r"), &temp.path().join("s")).code(2);
    assert!(text(&out.get_output().stdout).contains("XG702(unknown-model-reference)"));
    assert!(flat(&out.get_output().stderr).contains("nothing was published"));
    assert!(!temp.path().join("r").exists());
}

// ---- pinning, show, impact -------------------------------------------------------------------------------------

#[test]
fn a_department_can_pin_either_release() {
    let out = xgea().args(["lint", "examples/minimal", "--model-version", "2.0.0"]).assert().code(0);
    assert!(text(&out.get_output().stdout).contains("against model 2.0.0"));
    let out = xgea().args(["lint", "examples/minimal", "--model-version", "1.0.0", "--fail-on", "error"]).assert();
    let out = text(&out.get_output().stdout);
    assert!(out.contains("against model 1.0.0"), "{out}");
    assert!(out.contains("XG610(model-version-superseded)"), "{out}");
    assert!(out.contains("the pinned model release 1.0.0 is superseded by 2.2.0"), "{out}");
    let out = xgea().args(["lint", "examples/minimal", "--model-version", "3.1.4"]).assert().code(2);
    assert!(
        flat(&out.get_output().stderr)
            .contains("model release 3.1.4 is not published (published: 1.0.0, 2.0.0, 2.1.0, 2.2.0)")
    );
}

#[test]
fn show_a_standard_with_its_history_across_releases() {
    let out = text(&xgea().args(["model", "show", "MSG-SOAP"]).assert().success().get_output().stdout);
    assert!(out.contains("status: deprecated"), "{out}");
    assert!(out.contains("superseded by: MSG-REST"), "{out}");
    assert!(out.contains("  1.0.0    2006-03-31 mandatory"), "{out}");
    assert!(out.contains("  2.0.0    2024-02-01 deprecated"), "{out}");
    let out = text(&xgea().args(["model", "show", "BO"]).assert().success().get_output().stdout);
    assert!(out.contains("capability BO"), "{out}");
    assert!(out.lines().filter(|l| l.trim_start().starts_with("BO.")).count() > 5, "{out}");
    let out = xgea().args(["model", "show", "MSG-SAOP"]).assert().code(2);
    assert!(flat(&out.get_output().stderr).contains("did you mean `MSG-SOAP`?"));
    xgea().args(["model", "show"]).assert().success();
    xgea().args(["model", "show", "one-login"]).assert().success();
    // 2.1.0's sourced facts are shown: COFOG and keywords, a component's closure and its source.
    let out = text(&xgea().args(["model", "show", "FO.06.01"]).assert().success().get_output().stdout);
    assert!(out.contains("  cofog: 03.4\n") && out.contains("  keywords: prison, custody"), "{out}");
    let out = text(&xgea().args(["model", "show", "gov-uk-verify"]).assert().success().get_output().stdout);
    assert!(out.contains("  retired: 2023-03-31\n") && out.contains("  source: declared live on 24 May 2016"), "{out}");
    let out = text(&xgea().args(["model", "show", "GEO-UPRN"]).assert().success().get_output().stdout);
    assert!(out.contains("  source: GeoPlace blog"), "{out}");
}

#[test]
fn impact_reports_findings_gained_and_lost_per_department_and_system() {
    let out = xgea().args(["model", "impact", "--model", "2.0.0", "--against", "1.0.0", "examples/estate"]).assert();
    let out = text(&out.success().get_output().stdout);
    insta::assert_snapshot!("impact_2.0.0_against_1.0.0_human", out);
    assert!(out.starts_with("impact of model 2.0.0 against 1.0.0 on 62 system(s): "), "{out}");
    assert!(out.contains("\ndwp: +"), "{out}");
    assert!(out.lines().any(|l| l.trim_start().starts_with("+ XG2")), "standard statuses change findings: {out}");
    let same = xgea().args(["model", "impact", "--model", "model/2.2.0", "examples/estate"]).assert().success();
    assert!(text(&same.get_output().stdout).contains("no department or system gains or loses a finding"));
}

#[test]
fn impact_of_2_1_0_on_the_example_estate() {
    let out = xgea().args(["model", "impact", "--model", "2.1.0", "--against", "2.0.0", "examples/estate"]).assert();
    let out = text(&out.success().get_output().stdout);
    insta::assert_snapshot!("impact_2.1.0_against_2.0.0_human", out);
    // The justice capabilities, queue, database and file-transfer standards exist in 2.1.0 only.
    for lost in [
        "- XG101 error unknown capability `FO.06.01`",
        "- XG102 error unknown interface standard `MSG-AMQP`",
        "- XG102 error unknown interface standard `DAT-SQL`",
        "- XG102 error unknown interface standard `TRN-SFTP`",
        "- XG103 error unknown common component `crown-hosting`",
    ] {
        assert!(out.contains(lost), "{lost}: {out}");
    }
    // The staff sign-on has a kind of its own: never reported as bespoke citizen identity.
    assert!(!out.contains("bespoke `staff-sign-on`"), "{out}");
}

#[test]
fn diff_of_2_0_0_and_2_1_0_is_minor_with_renames_first() {
    let out = xgea().args(["model", "diff", "2.0.0", "2.1.0"]).assert().success();
    let out = text(&out.get_output().stdout);
    insta::assert_snapshot!("diff_2.0.0_2.1.0_human", out);
    assert!(
        out.starts_with("326 changes from 2.0.0 to 2.1.0 (0 breaking): a release after 2.0.0 needs at least 2.1.0"),
        "{out}"
    );
    assert!(out.find("Renamed (same id, new name)").unwrap() < out.find("Non-breaking changes").unwrap(), "{out}");
}

// ---- the generated schema and an independent validator ---------------------------------------------------------

/// Runs check-jsonschema; `None` when it is not installed (a failure under CI).
fn check_jsonschema(schema: &Path, files: &[PathBuf]) -> Option<BTreeSet<String>> {
    let mut cmd = Process::new("check-jsonschema");
    cmd.current_dir(ROOT).arg("--output-format").arg("json").arg("--schemafile").arg(schema).args(files);
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "check-jsonschema is required under CI: {e}");
            eprintln!("check-jsonschema not installed ({e}); skipping (CI installs it with .ci/run)");
            return None;
        }
    };
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("check-jsonschema output: {e}\n{}", text(&output.stderr)));
    let failed = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["parse_errors"].as_array().into_iter().flatten())
        .map(|e| e["filename"].as_str().unwrap().to_string())
        .collect();
    Some(failed)
}

/// Codes whose subject the release schema spells out (ids of the model) or checks (the format).
const SCHEMA_CODES: &[&str] = &["XG002", "XG101", "XG102", "XG103", "XG105", "XG106", "XG109"];

/// Files of a lint run that have a finding the release schema would also reject.
fn xgea_rejects(paths: &[PathBuf]) -> BTreeSet<String> {
    let mut request = xgea::lint::LintRequest::new(paths.to_vec());
    request.today = "2026-11-23".parse().unwrap();
    let run = xgea::lint::lint(&request).unwrap();
    run.findings
        .iter()
        .filter(|f| SCHEMA_CODES.contains(&f.code()))
        .map(|f| run.sources.get(f.primary.span.file).path.clone())
        .collect()
}

fn descriptor_files(kind: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::from("examples"), PathBuf::from("tests/fixtures/schema")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(Path::new(ROOT).join(&dir)).unwrap() {
            let name = entry.unwrap().file_name();
            let path = dir.join(&name);
            if Path::new(ROOT).join(&path).is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = read(Path::new(ROOT).join(&path));
            // check-jsonschema reads one document per file.
            if text.lines().any(|l| l.trim_end() == "---") || !text.contains(&format!("kind: {kind}")) {
                continue;
            }
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn an_independent_validator_agrees_with_xgea_using_the_release_schema() {
    for (kind, schema) in
        [("System", "schemas/2.2.0/system.schema.json"), ("Department", "schemas/2.2.0/department.schema.json")]
    {
        let files = descriptor_files(kind);
        assert!(files.len() > 5, "{kind}: {files:?}");
        let Some(rejected) = check_jsonschema(Path::new(schema), &files) else { return };
        let rejected: BTreeSet<String> = rejected.into_iter().map(|f| f.replace('\\', "/")).collect();
        let xgea_verdict = xgea_rejects(&files);
        for file in &files {
            let name = file.to_string_lossy().replace('\\', "/");
            assert_eq!(
                rejected.contains(&name),
                xgea_verdict.contains(&name),
                "{name}: check-jsonschema {} it, xgea {} it",
                if rejected.contains(&name) { "rejects" } else { "accepts" },
                if xgea_verdict.contains(&name) { "rejects" } else { "accepts" },
            );
        }
        if kind == "System" {
            assert!(!rejected.contains("examples/minimal/licensing.yaml"), "the minimal example is valid");
            let unknown = "tests/fixtures/schema/unknown-capability.yaml";
            assert!(rejected.contains(unknown), "an unknown capability fails the release schema");
            assert!(xgea_verdict.contains(unknown));
        }
    }
}

#[test]
fn impact_as_markdown_for_a_paper() {
    let out = xgea()
        .args(["model", "impact", "--model", "2.1.0", "--against", "2.0.0", "examples/estate", "--format", "markdown"])
        .assert();
    let out = text(&out.success().get_output().stdout);
    insta::assert_snapshot!("impact_2.1.0_against_2.0.0_markdown", out);
    assert!(out.starts_with("# Impact of reference model 2.1.0 against 2.0.0\n"), "{out}");
    assert!(out.contains("| department | gained | lost |"), "{out}");
    assert!(out.contains("| − | XG101 | error | unknown capability `FO.06.01` |"), "{out}");
    let mut same = xgea();
    let same = same.args(["model", "impact", "--model", "model/2.2.0", "examples/estate", "--format", "markdown"]);
    let same = same.assert().success();
    assert!(text(&same.get_output().stdout).contains("No department or system gains or loses a finding."));
}

/// 2.2.0 adds the procurement frameworks: the diff lists each one, so the release is a minor one.
#[test]
fn model_diff_compares_procurement_frameworks() {
    let out = xgea().args(["model", "diff", "2.1.0", "2.2.0"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = text(&out.stdout);
    assert!(out.contains("added procurement framework g-cloud (G-Cloud)"), "{out}");
    assert!(out.contains("a release after 2.1.0 needs at least 2.2.0"), "{out}");
}
