//! `xgea import …` and `xgea export archimate` as a user runs them: what is written, the summary, that the
//! output lints without schema errors, and that importing again changes nothing and keeps edits.

use std::path::Path;

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
fn an_unreadable_or_broken_catalogue_is_an_error_that_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o =
        xgea().args(["import", "backstage", "no/such/file.yaml", "--department", "dwp", "--out"]).arg(&out).assert();
    o.code(2);
    assert!(!out.exists());
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "kind: Component\nmetadata: {name: a\n").unwrap();
    let o = xgea().args(["import", "backstage", "--department", "dwp", "--out"]).arg(&out).arg(&bad).assert().code(2);
    let err = text(&o.get_output().stderr);
    assert!(err.contains("bad.yaml:3:1: YAML syntax"), "{err}");
    // --out must be a directory.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let o = xgea().args(["import", "backstage", BACKSTAGE, "--department", "dwp", "--out"]).arg(&file).assert().code(2);
    assert!(text(&o.get_output().stderr).contains("is a file, not a directory"));
    assert!(!out.exists());
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

/// The descriptors of an import, without the first line (which names the sheet and row they came from).
fn descriptors(dir: &Path) -> Vec<(String, String)> {
    files(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".yaml"))
        .map(|(p, t)| (p, t.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_string())))
        .collect()
}

#[test]
fn xlsx_and_ods_workbooks_import_like_the_same_sheet_saved_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let from_csv = dir.path().join("csv");
    import(&["import", "csv", SHEET, "--map", SHEET_MAP], &from_csv, 0);
    for (command, book) in [("xlsx", "portfolio.xlsx"), ("ods", "portfolio.ods"), ("csv", "portfolio.xlsx")] {
        let out = dir.path().join(format!("{command}-{book}"));
        let sheet = format!("tests/fixtures/import/csv/{book}");
        let summary = import(&["import", command, &sheet, "--map", SHEET_MAP], &out, 0);
        assert_eq!(descriptors(&out), descriptors(&from_csv), "{book} through `import {command}`");
        // Problems carry the sheet's own row numbers: the header is on row 3, under a title and a blank row.
        assert!(summary.contains(&format!("{book}:7:2: no name in column `Application Name`")), "{summary}");
        assert!(summary.contains(&format!("{book}:6:7: cost `lots` is not a number of pounds")), "{summary}");
        assert!(summary.starts_with("imported 7 system(s) into [OUT]: 7 created"), "{summary}");
    }
}

#[test]
fn a_workbook_that_is_not_one_or_lacks_the_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let mut cmd = xgea();
    cmd.args(["import", "xlsx"]).arg(&broken).args(["--map", SHEET_MAP, "--out"]).arg(dir.path().join("o"));
    let err = text(&cmd.assert().code(2).get_output().stderr);
    assert!(err.contains("not a readable Xlsx workbook"), "{err}");
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\nname = \"Application Name\"\n[options]\nsheet = \"Apps\"\n").unwrap();
    let mut cmd = xgea();
    cmd.args(["import", "xlsx", "tests/fixtures/import/csv/portfolio.xlsx", "--department", "hmrc", "--map"])
        .arg(&map)
        .arg("--out")
        .arg(dir.path().join("o"));
    let err = text(&cmd.assert().code(2).get_output().stderr);
    assert!(err.contains("no sheet `Apps`") && err.contains("`Applications`"), "{err}");
    assert!(!dir.path().join("o").exists());
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

// ---- ArchiMate ---------------------------------------------------------------------------------------------

/// Runs the independent structural check of an exchange file (Python's XML parser; see the script for why
/// not the Open Group XSD). `false` when python3 is missing outside CI.
fn check_exchange(file: &Path) -> bool {
    let script = "tests/fixtures/import/archimate/check_exchange.py";
    match std::process::Command::new("python3").arg(script).arg(file).output() {
        Ok(o) => {
            assert!(o.status.success(), "{}: {}{}", file.display(), text(&o.stdout), text(&o.stderr));
            true
        }
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "python3 is required under CI: {e}");
            false
        }
    }
}

type SystemKey = (String, String, String, String, Option<u64>, Vec<(String, String, String, Vec<String>)>);

/// What must survive export → import: each system's id, name, department, lifecycle, cost, and interfaces.
fn systems_of(dir: &Path) -> Vec<SystemKey> {
    let mut request = xgea::lint::LintRequest::new(vec![dir.to_path_buf()]);
    request.today = "2026-11-23".parse().unwrap();
    let run = xgea::lint::lint(&request).unwrap();
    let mut out: Vec<SystemKey> = run
        .estate
        .systems
        .iter()
        .map(|s| {
            let mut interfaces: Vec<_> = s
                .interfaces
                .iter()
                .map(|f| {
                    let standards = f.standards.iter().map(|x| x.value.to_string()).collect();
                    (
                        f.id.value.to_string(),
                        f.direction.as_str().to_string(),
                        f.counterpart.value.to_string(),
                        standards,
                    )
                })
                .collect();
            interfaces.sort();
            (
                s.id.value.to_string(),
                s.name.clone(),
                s.department.value.to_string(),
                s.lifecycle.value.as_str().to_string(),
                s.annual_cost_gbp,
                interfaces,
            )
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

#[test]
fn export_then_import_keeps_systems_and_interfaces() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("estate.xml");
    let o = xgea().args(["export", "archimate", "examples/estate", "--out"]).arg(&xml).assert().code(0);
    let systems = {
        let mut request = xgea::lint::LintRequest::new(vec!["examples/estate".into()]);
        request.today = "2026-11-23".parse().unwrap();
        xgea::lint::lint(&request).unwrap().estate.systems.len()
    };
    let said = text(&o.get_output().stdout);
    assert!(said.contains(&format!("({systems} system(s), ")), "{said}");
    check_exchange(&xml);
    let first = std::fs::read(&xml).unwrap();
    xgea().args(["export", "archimate", "examples/estate", "--out"]).arg(&xml).assert().code(0);
    assert_eq!(std::fs::read(&xml).unwrap(), first, "the export is deterministic");
    let out = dir.path().join("out");
    let summary = import(&["import", "archimate", xml.to_str().unwrap()], &out, 0);
    assert!(summary.starts_with(&format!("imported {systems} system(s)")), "{summary}");
    let (back, original) = (systems_of(&out), systems_of(Path::new("examples/estate")));
    assert_eq!(back.len(), original.len());
    for (b, o) in back.iter().zip(&original) {
        assert_eq!(b, o, "system {} changed in the round trip", o.0);
    }
}

#[test]
fn the_minimal_estate_exports_as_a_reviewed_exchange_file() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("minimal.xml");
    xgea().args(["export", "archimate", "examples/minimal", "--out"]).arg(&xml).assert().code(0);
    check_exchange(&xml);
    let text = std::fs::read_to_string(&xml).unwrap();
    // The systems part (the 80-odd capabilities before it are the model's).
    let systems = &text[text.find("<element identifier=\"id-").unwrap()..];
    insta::assert_snapshot!("archimate_export_minimal", systems);
}

#[test]
fn an_archimate_exchange_file_imports_every_mapped_type() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = "tests/fixtures/import/archimate/model.xml";
    let summary = import(&["import", "archimate", file, "--department", "home-office"], &out, 0);
    insta::assert_snapshot!("archimate_summary", summary);
    insta::assert_snapshot!("archimate_files", listing(&out));
    assert!(summary.contains("model.xml:55:5: capability `Border Magic` is not one of the model's"), "{summary}");
    let codes = lint_codes(&out);
    assert!(!codes.iter().any(|c| c.starts_with("XG0") || c == "XG107"), "{codes:?}");
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<model><elements></model>").unwrap();
    let o =
        xgea().args(["import", "archimate", "--department", "x", "--out"]).arg(dir.path().join("o")).arg(&bad).assert();
    let err = text(&o.code(2).get_output().stderr);
    assert!(err.contains("bad.xml:1:") && err.contains("not well-formed XML"), "{err}");
}
