//! The federated workflow: estate snapshots (`xgea snapshot`, `xgea lint --estate`, `xgea snapshot diff`) and
//! published releases directories (`--releases`, `[model] releases`).

#[path = "../benches/support/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use xgea::diagnostic::Finding;
use xgea::lint::localise::{describe, localise};
use xgea::lint::{LintRequest, SnapshotRequest, lint};
use xgea::model::load_documents;
use xgea::snapshot::{Snapshot, model_stamp};
use xgea::source::SourceDb;

const ESTATE: &str = "examples/estate";
const TODAY: &str = "2026-11-23";

fn xgea() -> Command {
    let mut cmd = Command::cargo_bin("xgea").unwrap();
    cmd.env("XGEA_TODAY", TODAY).env("NO_COLOR", "1");
    cmd
}

fn departments() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ESTATE)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn request(paths: Vec<PathBuf>) -> LintRequest {
    let mut request = LintRequest::new(paths);
    request.today = TODAY.parse().unwrap();
    request
}

/// The snapshot of the estate at `paths`, written to `out`.
fn write_snapshot(paths: Vec<PathBuf>, out: &Path) {
    let run = lint(&request(paths)).unwrap();
    let schemas = xgea::schema::Schemas::embedded().unwrap();
    let docs = load_documents(&xgea::model::ModelSource::Embedded, &mut SourceDb::new(), &schemas).unwrap();
    let stamp = model_stamp(&docs, &run.model);
    let snapshot = Snapshot::of(&run.estate, stamp, TODAY.parse().unwrap());
    std::fs::write(out, snapshot.to_text()).unwrap();
}

/// A finding as a department reads it: place, code, severity, message, labels, help, subject, pointer.
fn shown(findings: &[Finding], sources: &SourceDb) -> Vec<String> {
    let place = |span: xgea::source::Span| {
        let file = sources.get(span.file);
        let at = file.line_col(span.start);
        format!("{}:{}:{}", file.path, at.line, at.column)
    };
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| {
            let related: Vec<String> = f.related.iter().map(|l| format!("{} {}", place(l.span), l.text)).collect();
            format!(
                "{} {} {} {} [{}] [{}] help={:?} subject={:?} pointer={:?}",
                place(f.primary.span),
                f.code(),
                f.severity,
                f.message,
                f.primary.text,
                related.join(" | "),
                f.help,
                f.subject,
                f.pointer
            )
        })
        .collect();
    out.sort();
    out
}

/// The equivalence property: linting department D against a snapshot of the rest (or of the whole estate)
/// gives exactly the findings on D's files that linting the whole estate gives.
#[test]
fn a_department_against_the_snapshot_sees_what_the_whole_estate_sees() {
    let dir = tempfile::tempdir().unwrap();
    let whole_snapshot = dir.path().join("whole.json");
    write_snapshot(vec![PathBuf::from(ESTATE)], &whole_snapshot);
    let whole = lint(&request(vec![PathBuf::from(ESTATE)])).unwrap();
    let names = departments();
    assert!(names.len() >= 10, "{names:?}");
    let mut cross = 0;
    for department in &names {
        let prefix = format!("{ESTATE}/{department}/");
        let local = |file: xgea::source::FileId| whole.sources.get(file).path.starts_with(&prefix);
        let expected = localise(whole.findings.clone(), local, |span| describe(&whole.estate, span));
        let expected = shown(&expected, &whole.sources);
        cross += expected.iter().filter(|f| f.contains("outside the linted files")).count();

        let rest_snapshot = dir.path().join(format!("rest-{department}.json"));
        let rest: Vec<PathBuf> = names.iter().filter(|n| *n != department).map(|n| Path::new(ESTATE).join(n)).collect();
        write_snapshot(rest, &rest_snapshot);
        for snapshot in [&rest_snapshot, &whole_snapshot] {
            let mut asked = request(vec![Path::new(ESTATE).join(department)]);
            asked.snapshot = Some(SnapshotRequest::new(snapshot.clone()));
            let run = lint(&asked).unwrap();
            assert_eq!(shown(&run.findings, &run.sources), expected, "{department} against {}", snapshot.display());
        }
    }
    assert!(cross > 20, "the snapshot brings cross-department findings: {cross}");
}

/// The equivalence property on a generated estate: 1,200 systems in 15 departments, interfaces across
/// departments, sourcing. A snapshot run keeps of each other department's system only its interfaces to
/// linted systems, and the findings on the linted department's file must still be exactly the whole run's.
#[test]
fn a_generated_department_against_the_snapshot_sees_what_the_whole_estate_sees() {
    let dir = tempfile::tempdir().unwrap();
    let estate = dir.path().join("estate");
    std::fs::create_dir(&estate).unwrap();
    let spec = generator::Spec { sourcing: true, ..generator::Spec::new(1200, generator::Layout::PerDepartment, 3) };
    generator::generate(&estate, &spec).unwrap();
    let snapshot = dir.path().join("whole.json");
    write_snapshot(vec![estate.clone()], &snapshot);
    let whole = lint(&request(vec![estate.clone()])).unwrap();
    let mut cross = std::collections::BTreeSet::new();
    for department in ["d0000", "d0001", "d0007", "d0014"] {
        let file = estate.join(format!("{department}.yaml"));
        let shown_path = xgea::source::display_path_of(&file);
        let local = |f: xgea::source::FileId| whole.sources.get(f).path == shown_path;
        let expected = localise(whole.findings.clone(), local, |span| describe(&whole.estate, span));
        let expected = shown(&expected, &whole.sources);
        cross.extend(
            expected
                .iter()
                .filter(|f| f.contains("outside the linted files"))
                .filter_map(|f| f.split(' ').nth(1))
                .map(String::from),
        );
        let mut asked = request(vec![file]);
        asked.snapshot = Some(SnapshotRequest::new(snapshot.clone()));
        let run = lint(&asked).unwrap();
        assert!(run.merged.unwrap().systems > 1000, "{department}: the rest comes from the snapshot");
        assert_eq!(shown(&run.findings, &run.sources), expected, "{department}");
    }
    // Duplication, shared infrastructure and interfaces to other departments all cross the boundary.
    for code in ["XG301", "XG303", "XG403", "XG501"] {
        assert!(cross.contains(code), "{code} among the cross-department findings: {cross:?}");
    }
}

#[test]
fn linted_alone_a_department_sees_no_duplication_and_with_the_snapshot_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("estate.snapshot.json");
    let rest: Vec<String> = departments().into_iter().filter(|d| d != "dwp").map(|d| format!("{ESTATE}/{d}")).collect();
    xgea().arg("snapshot").args(&rest).arg("--out").arg(&snapshot).assert().success();
    let alone = xgea().args(["lint", "examples/estate/dwp", "--format", "concise", "--exit-zero"]).assert().success();
    let alone = String::from_utf8_lossy(&alone.get_output().stdout).into_owned();
    for code in ["XG301", "XG303", "XG403"] {
        assert!(!alone.contains(code), "{alone}");
    }
    assert!(alone.contains("XG108"), "{alone}");
    let with = xgea()
        .args(["lint", "examples/estate/dwp", "--format", "concise", "--exit-zero", "--estate"])
        .arg(&snapshot)
        .assert()
        .success();
    let with = String::from_utf8_lossy(&with.get_output().stdout).into_owned();
    for code in ["XG301", "XG303", "XG403"] {
        let lines: Vec<&str> = with.lines().filter(|l| l.contains(&format!(" {code} "))).collect();
        assert!(!lines.is_empty(), "{code}: {with}");
        assert!(lines.iter().all(|l| l.starts_with("examples/estate/dwp/")), "{lines:?}");
    }
    assert!(!with.contains("XG108"), "{with}");
    assert!(with.contains("checked 7 files (8 systems in 1 department)"), "{with}");
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    let text = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    text.replace(['│', '×'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_snapshot_is_byte_identical_for_the_same_estate_and_refused_when_edited() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    xgea().args(["snapshot", ESTATE, "--out"]).arg(&a).assert().success();
    // Another spelling of the same estate, another working directory.
    xgea().args(["snapshot", "./examples/estate/", "--out"]).arg(&b).assert().success();
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert!(!text.contains("description"), "no source text");
    assert!(text.contains("\"model\":{\"version\":\"2.2.0\",\"sha256\":\"73a9f5e6"), "{}", &text[..300]);

    // One changed figure: the content no longer matches its hash, and the run cannot do its job.
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, text.replacen("\"annualCostGbp\":", "\"annualCostGbp\":9", 1)).unwrap();
    let out = xgea().args(["lint", "examples/estate/dwp", "--estate"]).arg(&tampered).assert().code(2);
    assert!(stderr(&out).contains("is corrupt or was modified"), "{}", stderr(&out));
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let out = xgea().args(["lint", "examples/estate/dwp", "--estate"]).arg(&truncated).assert().code(2);
    assert!(stderr(&out).contains("is not an estate snapshot"), "{}", stderr(&out));
    let missing = dir.path().join("missing.json");
    xgea().args(["lint", "examples/estate/dwp", "--estate"]).arg(&missing).assert().code(2);
    xgea().args(["snapshot", "diff"]).arg(&a).arg(&tampered).assert().code(2);
}

#[test]
fn snapshot_verify_says_what_an_intact_snapshot_holds_and_refuses_an_edited_one() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("estate.snapshot.json");
    xgea().args(["snapshot", ESTATE, "--out"]).arg(&snapshot).env("XGEA_TODAY", "2026-11-23").assert().success();
    let shown = |args: &[&str], path: &Path| {
        let out = xgea().args(args).arg(path).assert().success();
        stdout(&out).replace(&*dir.path().to_string_lossy(), "[DIR]")
    };
    insta::assert_snapshot!("snapshot_verify_human", shown(&["snapshot", "verify"], &snapshot));
    let json: serde_json::Value =
        serde_json::from_str(&shown(&["snapshot", "verify", "--format", "json"], &snapshot)).unwrap();
    assert_eq!(json["intact"], true);
    assert_eq!(json["created"], "2026-11-23");
    assert_eq!(json["model"]["version"], "2.2.0");
    assert_eq!(json["systems"], 62);
    assert_eq!(json["departments"], 11);

    let text = std::fs::read_to_string(&snapshot).unwrap();
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, text.replacen("\"annualCostGbp\":", "\"annualCostGbp\":9", 1)).unwrap();
    let out = xgea().args(["snapshot", "verify"]).arg(&tampered).assert().code(2);
    assert!(stderr(&out).contains("is corrupt or was modified"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_stale_or_foreign_snapshot_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("estate.snapshot.json");
    xgea().args(["snapshot", ESTATE, "--out"]).arg(&snapshot).env("XGEA_TODAY", "2026-11-01").assert().success();
    let lint = |extra: &[&str]| {
        let out = xgea()
            .args(["lint", "examples/estate/dwp", "--format", "concise", "--exit-zero", "--select", "XG611"])
            .args(extra)
            .arg("--estate")
            .arg(&snapshot)
            .assert()
            .success();
        stdout(&out)
    };
    let out = lint(&[]);
    let shown = snapshot.display().to_string();
    assert!(
        out.contains(&format!(
            "{shown}:1:1: warning XG611 the estate snapshot was made on 2026-11-01, 22 days ago (more than 7)"
        )),
        "{out}"
    );
    let out = lint(&["--model-version", "1.0.0"]);
    assert!(
        out.contains("XG611 the estate snapshot was built against model 2.2.0, but this run checks against 1.0.0"),
        "{out}"
    );
    // The maximum age comes from xgea.toml, as does the snapshot.
    let config = dir.path().join("xgea.toml");
    std::fs::write(&config, "[estate]\nsnapshot = \"estate.snapshot.json\"\nmax-age-days = 30\n").unwrap();
    let out = xgea()
        .args(["lint", "examples/estate/dwp", "--format", "concise", "--exit-zero", "--config"])
        .arg(&config)
        .assert()
        .success();
    let out = stdout(&out);
    assert!(!out.contains("XG611"), "{out}");
    assert!(out.contains("XG301"), "the config's snapshot is used: {out}");
}

#[test]
fn snapshot_diff_reports_changes_per_department() {
    let dir = tempfile::tempdir().unwrap();
    let estate = dir.path().join("estate");
    for department in ["dwp", "hmrc", "dvla"] {
        let to = estate.join(department);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(Path::new(ESTATE).join(department)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    let old = dir.path().join("old.json");
    xgea().arg("snapshot").arg(&estate).arg("--out").arg(&old).assert().success();
    // DVLA drops its vehicle systems; HMRC starts retiring its payroll.
    std::fs::remove_file(estate.join("dvla/vehicles.yaml")).unwrap();
    let payroll = estate.join("hmrc/payroll.yaml");
    let text = std::fs::read_to_string(&payroll).unwrap();
    std::fs::write(&payroll, text.replacen("lifecycle: live", "lifecycle: retiring", 1)).unwrap();
    let new = dir.path().join("new.json");
    xgea().arg("snapshot").arg(&estate).arg("--out").arg(&new).env("XGEA_TODAY", "2026-11-30").assert().success();
    for format in ["human", "markdown", "json"] {
        let out = xgea().args(["snapshot", "diff"]).arg(&old).arg(&new).args(["--format", format]).assert().success();
        insta::assert_snapshot!(format!("snapshot_diff_{format}"), stdout(&out));
    }
    let same = xgea().args(["snapshot", "diff"]).arg(&old).arg(&old).assert().success();
    assert!(stdout(&same).contains("no change"));
}

/// Published a 9.1.0 into a copy of the repository's releases: pinned with `--releases`, no rebuild needed.
#[test]
fn a_release_published_into_a_copy_is_pinned_with_releases() {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    let schemas = dir.path().join("schemas");
    std::fs::create_dir_all(&releases).unwrap();
    for file in ["index.json", "1.0.0.json", "2.0.0.json", "2.1.0.json", "2.2.0.json"] {
        std::fs::copy(Path::new("model/releases").join(file), releases.join(file)).unwrap();
    }
    let sources = dir.path().join("model-next");
    std::fs::create_dir_all(&sources).unwrap();
    for entry in std::fs::read_dir("model/2.2.0").unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), sources.join(entry.file_name())).unwrap();
    }
    let model_yaml = sources.join("model.yaml");
    let text = std::fs::read_to_string(&model_yaml).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| if l.starts_with("version:") { "version: 9.1.0".to_string() } else { l.to_string() })
        .collect();
    std::fs::write(&model_yaml, text.join("\n") + "\n").unwrap();
    let capabilities = sources.join("capabilities.yaml");
    let caps = std::fs::read_to_string(&capabilities).unwrap();
    let caps =
        caps + "  - id: BO.02.99\n    parent: BO.02\n    name: Federated test capability\n    shareable: false\n";
    std::fs::write(&capabilities, caps).unwrap();
    xgea()
        .args(["model", "publish"])
        .arg(&sources)
        .args(["--version", "9.1.0", "--releases"])
        .arg(&releases)
        .arg("--schemas")
        .arg(&schemas)
        .assert()
        .success();

    let out = xgea().args(["lint", "examples/minimal", "--model-version", "9.1.0"]).assert().code(2);
    assert!(stderr(&out).contains("model release 9.1.0 is not published"), "{}", stderr(&out));
    let out = xgea()
        .args(["lint", "examples/minimal", "--model-version", "9.1.0", "--releases"])
        .arg(&releases)
        .assert()
        .success();
    assert!(stdout(&out).contains("against model 9.1.0"), "{}", stdout(&out));
    // A version only built in is still found.
    let out = xgea()
        .args(["lint", "examples/minimal", "--model-version", "1.0.0", "--exit-zero", "--releases"])
        .arg(&releases)
        .assert()
        .success();
    assert!(stdout(&out).contains("XG610"), "9.1.0 in the directory supersedes 1.0.0: {}", stdout(&out));
    // The same from xgea.toml.
    let config = dir.path().join("xgea.toml");
    std::fs::write(&config, "[model]\nversion = \"9.1.0\"\nreleases = \"releases\"\n").unwrap();
    let out = xgea().args(["lint", "examples/minimal", "--config"]).arg(&config).assert().success();
    assert!(stdout(&out).contains("against model 9.1.0"), "{}", stdout(&out));
    // The other commands read the directory too.
    let list = xgea().args(["model", "list", "--releases"]).arg(&releases).assert().success();
    assert!(stdout(&list).contains("9.1.0"));
    let diff = xgea().args(["model", "diff", "2.0.0", "9.1.0", "--releases"]).arg(&releases).assert().success();
    assert!(stdout(&diff).contains("BO.02.99"), "{}", stdout(&diff));
    let schema = xgea().args(["schema", "--version", "9.1.0", "--releases"]).arg(&releases).assert().success();
    assert!(stdout(&schema).contains("\"BO.02.99\""));
    xgea()
        .args(["model", "impact", "--model", "9.1.0", "--against", "2.0.0", "examples/minimal", "--releases"])
        .arg(&releases)
        .assert()
        .success();

    // A release in the directory that is also built in must be the same release.
    let index = releases.join("index.json");
    let text = std::fs::read_to_string(&index).unwrap();
    let built_in = "bb5d6240d291af12ddd8a0df4d28fcb85852b11b38c27c80540cacdce9df8dc0";
    let other = "0".repeat(64);
    std::fs::write(&index, text.replace(built_in, &other)).unwrap();
    let out = xgea()
        .args(["lint", "examples/minimal", "--model-version", "9.1.0", "--releases"])
        .arg(&releases)
        .assert()
        .code(2);
    assert!(stderr(&out).contains("release 2.0.0"), "{}", stderr(&out));
    // A tampered release file in the directory is refused.
    std::fs::write(&index, &text).unwrap();
    let file = releases.join("9.1.0.json");
    let release = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, release.replacen("Federated test capability", "Federated test capabilit7", 1)).unwrap();
    let out = xgea()
        .args(["lint", "examples/minimal", "--model-version", "9.1.0", "--releases"])
        .arg(&releases)
        .assert()
        .code(2);
    assert!(stderr(&out).contains("was modified after it was published"), "{}", stderr(&out));
}
