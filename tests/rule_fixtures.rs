//! Every rule's fixtures: `tests/fixtures/rules/<CODE>/fail/` must produce exactly the findings of `<CODE>`
//! marked `# expect: <CODE>` (on the line where the finding's primary label starts), and `pass/` none.
//! The human output of each `fail/` is snapshot-tested too, so what users read is reviewed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xgea::lint::{LintError, LintRequest, lint};
use xgea::rules::ALL;

const FIXTURES: &str = "tests/fixtures/rules";

/// Rules whose trigger cannot live in a committed fixture, and the test that covers them instead.
const TESTED_ELSEWHERE: &[(&str, &str)] = &[
    ("XG701", "tests/model.rs: model fixtures in tests/fixtures/model/XG701 (`xgea model check`, not lint)"),
    ("XG702", "tests/model.rs: model fixtures in tests/fixtures/model/XG702 (`xgea model check`, not lint)"),
    ("XG703", "tests/model.rs: model fixtures in tests/fixtures/model/XG703 (`xgea model check`, not lint)"),
    ("XG704", "tests/model.rs: model fixtures in tests/fixtures/model/XG704 (`xgea model check`, not lint)"),
    ("XG705", "tests/model.rs: model fixtures in tests/fixtures/model/XG705 (`xgea model check`, not lint)"),
    ("XG706", "tests/model.rs: model fixtures in tests/fixtures/model/XG706 (`xgea model check`, not lint)"),
    ("XG611", "tests/federation.rs: a_stale_or_foreign_snapshot_is_reported (needs `--estate` and a snapshot file)"),
    ("XG004", "tests/cli.rs: file_over_the_size_limit_is_reported (a 16 MiB fixture is not committed)"),
    ("XG008", "src/source/read.rs: refuses_large_and_non_utf8_files (root can read any file, so no fixture)"),
];

/// (file, line, code) of every finding of a lint run; a run that could check nothing still has findings.
fn findings(dir: &Path) -> (Vec<(String, u32, String)>, String) {
    let mut request = LintRequest::new(vec![dir.to_path_buf()]);
    request.today = "2026-11-23".parse().unwrap();
    // A fixture may carry its own xgea.toml (waivers, severities) — the governance rules need one.
    let config = dir.join("xgea.toml");
    if config.is_file() {
        let loaded = xgea::config::Config::load(&config, &xgea::source::display_path_of(&config)).unwrap();
        request = request.with_config(loaded);
    }
    let (findings, sources) = match lint(&request) {
        Ok(run) => (run.findings, run.sources),
        Err(LintError::NothingChecked { findings, sources, .. }) => (findings, sources),
        Err(e) => panic!("{}: lint failed: {e:?}", dir.display()),
    };
    let mut human = Vec::new();
    xgea::output::human::write_findings(&mut human, &sources, &findings, false).unwrap();
    let located = findings
        .iter()
        .map(|f| {
            let file = sources.get(f.primary.span.file);
            (file.path.clone(), file.line_col(f.primary.span.start).line, f.code().to_string())
        })
        .collect();
    (located, String::from_utf8(human).unwrap())
}

/// `# expect: XG201, XG203` comments: (file, line, code).
fn expectations(dir: &Path) -> BTreeSet<(String, u32, String)> {
    let mut out = BTreeSet::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "toml")) {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        for (i, line) in text.lines().enumerate() {
            if let Some((_, codes)) = line.split_once("# expect:") {
                for code in codes.split(',') {
                    out.insert((xgea::source::display_path_of(file), i as u32 + 1, code.trim().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for rule in ALL {
        if TESTED_ELSEWHERE.iter().any(|(code, _)| *code == rule.code) {
            continue;
        }
        for case in ["fail", "pass"] {
            if !Path::new(FIXTURES).join(rule.code).join(case).is_dir() {
                missing.push(format!("{FIXTURES}/{}/{case}", rule.code));
            }
        }
    }
    assert!(missing.is_empty(), "rules without fixtures:\n{}", missing.join("\n"));
}

#[test]
fn fixtures_produce_exactly_the_expected_findings() {
    let mut problems = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(FIXTURES).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(xgea::rules::CATALOGUE.by_code(&code).is_some(), "{FIXTURES}/{code} is not a rule code");
        let fail = dir.join("fail");
        if fail.is_dir() {
            let (found, human) = findings(&fail);
            let got: BTreeSet<_> = found.into_iter().filter(|(_, _, c)| *c == code).collect();
            let want: BTreeSet<_> = expectations(&fail).into_iter().filter(|(_, _, c)| *c == code).collect();
            if want.is_empty() {
                problems.push(format!("{}: no `# expect: {code}` comment", fail.display()));
            }
            if got != want {
                problems.push(format!(
                    "{}:\n  expected but missing: {:?}\n  found but not expected: {:?}",
                    fail.display(),
                    want.difference(&got).collect::<Vec<_>>(),
                    got.difference(&want).collect::<Vec<_>>()
                ));
            }
            insta::with_settings!({ snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{code}_fail"), human);
            });
        }
        let pass = dir.join("pass");
        if pass.is_dir() {
            let (found, _) = findings(&pass);
            let hits: Vec<_> = found.into_iter().filter(|(_, _, c)| *c == code).collect();
            if !hits.is_empty() {
                problems.push(format!("{}: must not trigger {code}, found {hits:?}", pass.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
