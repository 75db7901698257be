//! The federated workflow: estate snapshots (`xgea snapshot`, `xgea lint --estate`, `xgea snapshot diff`) and
//! published releases directories (`--releases`, `[model] releases`).

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
        let rest: Vec<PathBuf> =
            names.iter().filter(|n| *n != department).map(|n| Path::new(ESTATE).join(n)).collect();
        write_snapshot(rest, &rest_snapshot);
        for snapshot in [&rest_snapshot, &whole_snapshot] {
            let mut asked = request(vec![Path::new(ESTATE).join(department)]);
            asked.snapshot = Some(SnapshotRequest::new(snapshot.clone()));
            let run = lint(&asked).unwrap();
            assert_eq!(
                shown(&run.findings, &run.sources),
                expected,
                "{department} against {}",
                snapshot.display()
            );
        }
    }
    assert!(cross > 20, "the snapshot brings cross-department findings: {cross}");
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
