//! `xgea import …` and `xgea export archimate` as a user runs them: what is written, the summary, that the
//! output lints without schema errors, and that importing again changes nothing and keeps edits.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Every file under `dir` (the manifest too), sorted, with its path relative to `dir`.
fn files(dir: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn listing(dir: &Path) -> String {
    files(dir).into_iter().map(|(p, t)| format!("==> {p} <==\n{t}")).collect::<Vec<_>>().join("\n")
}

/// Runs an import into `out` and returns its stdout with `out` written as `[OUT]`.
fn import(args: &[&str], out: &Path, code: i32) -> String {
    let o = xgea().args(args).arg("--out").arg(out).assert().code(code);
    let stdout = text(&o.get_output().stdout);
    stdout.replace(&out.display().to_string(), "[OUT]")
}

fn lint_codes(dir: &Path) -> Vec<String> {
    let o = xgea().arg("lint").arg(dir).args(["--format", "concise"]).assert();
    let out = text(&o.get_output().stdout);
    out.lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_string))
        .filter(|c| c.starts_with("XG"))
        .collect()
}

const BACKSTAGE: &str = "tests/fixtures/import/backstage";

#[test]
fn backstage_catalogue_imports_into_descriptors_that_lint_without_schema_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = import(&["import", "backstage", BACKSTAGE, "--department", "dwp"], &out, 0);
    insta::assert_snapshot!("backstage_summary", summary);
    insta::assert_snapshot!("backstage_files", listing(&out));
    let codes = lint_codes(&out);
    assert!(!codes.iter().any(|c| c.starts_with("XG0")), "no schema or input error: {codes:?}");
    assert!(codes.iter().any(|c| c == "XG112"), "the to-do list names missing capabilities: {codes:?}");
    // Each messy case is reported, located.
    for needle in [
        "catalog-info.yaml:101:7: Component `claims-portal` dependsOn `component:ghost-service`",
        "catalog-info.yaml:106:9: Component `Claims Admin Tool` is not a valid Backstage name",
        "catalog-info.yaml:110:10: Component `Claims Admin Tool` has the placeholder owner `TBC`",
        "more/catalog.yaml:6:9: duplicate Component `reporting`",
    ] {
        assert!(summary.contains(needle), "{needle}\n{summary}");
    }
}

#[test]
fn importing_again_changes_nothing_and_never_replaces_an_edited_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = ["import", "backstage", BACKSTAGE, "--department", "dwp"];
    import(&args, &out, 0);
    let first = files(&out);
    let again = import(&args, &out, 0);
    assert!(again.starts_with("imported 5 system(s) into [OUT]: 0 created, 0 replaced, 5 unchanged"), "{again}");
    assert_eq!(files(&out), first, "byte-identical");
    // An edited file is kept, nothing is written, and the tool says why.
    let edited = out.join("dwp/claims.yaml");
    let mine = std::fs::read_to_string(&edited).unwrap().replace("capabilities: []", "capabilities: [FO.04.02]");
    std::fs::write(&edited, &mine).unwrap();
    let o = xgea().args(args).arg("--out").arg(&out).assert().code(2);
    let err = text(&o.get_output().stderr);
    assert!(err.contains("claims.yaml") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), mine);
    // --force replaces it.
    let forced = xgea().args(args).arg("--out").arg(&out).arg("--force").assert().code(0);
    assert!(text(&forced.get_output().stdout).contains("1 replaced"));
    assert_eq!(files(&out), first);
}

#[test]
fn owners_map_to_departments_and_unmapped_owners_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = import(
        &[
            "import",
            "backstage",
            BACKSTAGE,
            "--owner-map",
            "tests/fixtures/import/owners.toml",
            "--granularity",
            "component",
        ],
        &out,
        0,
    );
    let written: Vec<String> = files(&out).into_iter().map(|(p, _)| p).collect();
    assert!(written.contains(&"dwp/payments-api.yaml".to_string()), "{written:?}");
    assert!(written.contains(&"dwp-benefits/claims-portal.yaml".to_string()), "{written:?}");
    assert!(summary.contains("no department for Component `reporting`"), "{summary}");
    let o = xgea().args(["import", "backstage", BACKSTAGE, "--out"]).arg(&out).assert().code(2);
    assert!(text(&o.get_output().stderr).contains("--department"));
}

#[test]
fn an_unreadable_catalogue_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o =
        xgea().args(["import", "backstage", "no/such/file.yaml", "--department", "dwp", "--out"]).arg(&out).assert();
    o.code(2);
    assert!(!out.exists());
    let _ = PathBuf::new();
}

const SHEET: &str = "tests/fixtures/import/csv/portfolio.csv";
const SHEET_MAP: &str = "tests/fixtures/import/csv/portfolio-map.toml";

#[test]
fn a_spreadsheet_imports_with_bad_rows_reported_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = import(&["import", "csv", SHEET, "--map", SHEET_MAP], &out, 0);
    insta::assert_snapshot!("csv_summary", summary);
    insta::assert_snapshot!("csv_files", listing(&out));
    assert!(summary.contains("portfolio.csv:5:2: no name in column `Application Name`: row skipped"), "{summary}");
    assert!(summary.contains("portfolio.csv:4:7: cost `lots` is not a number of pounds"), "{summary}");
    let codes = lint_codes(&out);
    assert!(!codes.iter().any(|c| c.starts_with("XG0")), "{codes:?}");
    // Idempotent.
    let again = import(&["import", "csv", SHEET, "--map", SHEET_MAP], &out, 0);
    assert!(again.contains(" 0 created, 0 replaced, 7 unchanged"), "{again}");
}

#[test]
fn the_csv_template_mapping_is_printed_and_a_wrong_column_is_named() {
    let o = xgea().args(["import", "csv", "--template"]).assert().code(0);
    assert!(text(&o.get_output().stdout).contains("[columns]\nname = "));
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\nname = \"Nom\"\n").unwrap();
    let mut cmd = xgea();
    cmd.args(["import", "csv", SHEET, "--department", "hmrc", "--map"])
        .arg(&map)
        .arg("--out")
        .arg(dir.path().join("o"));
    let err = text(&cmd.assert().code(2).get_output().stderr);
    assert!(err.contains("no column `Nom`") && err.contains("`Application Name`"), "{err}");
}

const CALM: &str = "tests/fixtures/import/calm/architecture.json";

#[test]
fn a_calm_architecture_imports_systems_interfaces_and_infrastructure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = import(&["import", "calm", CALM, "--department", "dvla"], &out, 0);
    insta::assert_snapshot!("calm_summary", summary);
    insta::assert_snapshot!("calm_files", listing(&out));
    assert!(
        summary.contains("architecture.json:98:5: `api-to-audit` connects `audit-log`, which is not a node"),
        "{summary}"
    );
    let codes = lint_codes(&out);
    assert!(!codes.iter().any(|c| c.starts_with("XG0") || c == "XG107"), "{codes:?}");
    let again = import(&["import", "calm", CALM, "--department", "dvla"], &out, 0);
    assert!(again.contains(" 0 created, 0 replaced, 2 unchanged"), "{again}");
    let dir2 = tempfile::tempdir().unwrap();
    let bad = dir2.path().join("bad.json");
    std::fs::write(&bad, "{\"nodes\": 3}").unwrap();
    let o =
        xgea().args(["import", "calm", "--department", "dvla", "--out"]).arg(dir2.path().join("o")).arg(&bad).assert();
    assert!(text(&o.code(2).get_output().stderr).contains("not a CALM architecture"));
}
