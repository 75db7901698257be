//! The command line under hostile or careless use, as a user runs it: one file named two ways, `--output` over
//! a good file or over an input, keys and file names full of control characters in every output format,
//! a model that cannot be loaded, a reader that goes away, a panic.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(ROOT).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A copy of examples/minimal in a temporary directory.
fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["department.yaml", "licensing.yaml"] {
        std::fs::copy(Path::new(ROOT).join("examples/minimal").join(name), dir.path().join(name)).unwrap();
    }
    dir
}

// --- one file, several names ---------------------------------------------------------------------------------

#[test]
fn one_file_under_several_spellings_is_read_once() {
    let absolute = Path::new(ROOT).join("examples/minimal");
    let out = xgea()
        .args(["lint", "examples/minimal", "./examples/minimal", "examples/minimal/licensing.yaml"])
        .arg(&absolute)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(text(&out), @"checked 2 files (1 system in 1 department) against model 2.2.0: 0 errors, 0 warnings, 0 infos");
}

#[test]
fn overlapping_directories_are_read_once_and_verbose_says_so() {
    let assert = xgea()
        .args(["lint", "examples", "--verbose", "--format", "json"])
        .arg(Path::new(ROOT).join("examples/minimal"))
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let dupes = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "XG104").count();
    assert_eq!(dupes, 0, "{json}");
    let err = text(&assert.get_output().stderr);
    let again = Path::new(ROOT).join("examples/minimal/licensing.yaml");
    let expected = format!("xgea: skipped `{}`: the same file as `examples/minimal/licensing.yaml`", again.display());
    assert!(err.contains(&expected), "{err}");
}

// --- --output ------------------------------------------------------------------------------------------------

#[test]
fn a_failed_run_leaves_the_output_file_as_it_was() {
    let dir = minimal();
    let report = dir.path().join("report.sarif");
    std::fs::write(&report, "the previous report").unwrap();
    // A path that does not exist, then a model that does not: both fail (exit 2) before any report exists.
    xgea().args(["lint", "no/such/dir", "--format", "sarif", "--output"]).arg(&report).assert().code(2);
    xgea()
        .arg("lint")
        .arg(dir.path())
        .args(["--model", "/nonexistent", "--format", "sarif", "--output"])
        .arg(&report)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "the previous report");
    // A run that works replaces it whole, and leaves no temporary file behind.
    xgea().arg("lint").arg(dir.path()).args(["--format", "sarif", "--output"]).arg(&report).assert().code(0);
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["department.yaml", "licensing.yaml", "report.sarif"]);
}

#[test]
fn output_naming_an_input_is_refused_and_the_input_kept() {
    let dir = minimal();
    let input = dir.path().join("licensing.yaml");
    let before = std::fs::read_to_string(&input).unwrap();
    let assert = xgea()
        .current_dir(dir.path())
        .args(["lint", ".", "--format", "json", "--output", "./licensing.yaml"])
        .assert()
        .code(2);
    insta::assert_snapshot!(text(&assert.get_output().stderr), @r"
      × refusing to write --output `licensing.yaml`: it is one of the inputs of this run
      help: name a new file for the output; xgea never overwrites the files it reads
    ");
    // The config file and --write-baseline count too.
    std::fs::write(dir.path().join("xgea.toml"), "fail-on = \"error\"\n").unwrap();
    xgea().current_dir(dir.path()).args(["lint", ".", "--output", "xgea.toml"]).assert().code(2);
    xgea().current_dir(dir.path()).args(["lint", ".", "--write-baseline", "department.yaml"]).assert().code(2);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), before);
    assert_eq!(std::fs::read_to_string(dir.path().join("xgea.toml")).unwrap(), "fail-on = \"error\"\n");
}

// --- user strings in every format ----------------------------------------------------------------------------

/// A key holding a terminal title escape, a bell, U+FFFE, a newline and a right-to-left override, in a file
/// whose name holds an escape sequence too.
const HOSTILE_KEY: &str = "\u{1b}]0;pwned\u{7}\u{fffe}\nx\u{202e}";

fn hostile_estate() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let estate = dir.path().join("estate");
    std::fs::create_dir(&estate).unwrap();
    std::fs::copy(Path::new(ROOT).join("examples/minimal/department.yaml"), estate.join("department.yaml")).unwrap();
    let system = std::fs::read_to_string(Path::new(ROOT).join("examples/minimal/licensing.yaml")).unwrap();
    let system = system.replacen("spec:\n", "spec:\n  \"\\e]0;pwned\\a\\uFFFE\\nx\\u202E\": 1\n", 1);
    std::fs::write(estate.join("\u{1b}[31mred.yaml"), system).unwrap();
    (dir, estate)
}

fn lint_hostile(format: &str) -> String {
    let (dir, _) = hostile_estate();
    let out = xgea().current_dir(dir.path()).args(["lint", "estate", "--format", format]).assert().code(1);
    text(&out.get_output().stdout)
}

/// Nothing that a terminal (or a CI log viewer) would act on.
fn assert_terminal_safe(out: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{fffe}', '\u{202e}', '\u{9b}', '\r'] {
        assert!(!out.contains(c), "{c:?} reached the output: {out:?}");
    }
}

#[test]
fn human_output_sends_no_control_character_to_the_terminal() {
    let out = lint_hostile("human");
    assert_terminal_safe(&out);
    assert!(out.contains("unknown field `\\u{1b}]0;pwned\\u{7}\\u{fffe}"), "{out}");
    assert!(out.contains("estate/\\u{1b}[31mred.yaml"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn concise_output_keeps_one_finding_per_line() {
    let out = lint_hostile("concise");
    assert_terminal_safe(&out);
    insta::assert_snapshot!(out, @r"
    estate/\u{1b}[31mred.yaml:11:3: error XG002 unknown field `\u{1b}]0;pwned\u{7}\u{fffe}\u{a}x\u{202e}` in `/spec`
    checked 2 files (1 system in 1 department) against model 2.2.0: 1 error, 0 warnings, 0 infos
    ");
}

#[test]
fn github_output_keeps_one_command_per_line() {
    let out = lint_hostile("github");
    assert_terminal_safe(&out);
    assert_eq!(out.lines().count(), 1, "{out}");
    insta::assert_snapshot!(out, @r"::error file=estate/\u{1b}[31mred.yaml,line=11,col=3,endLine=11,endColumn=32,title=XG002 (schema-violation)::unknown field `\u{1b}]0;pwned\u{7}\u{fffe}\u{a}x\u{202e}` in `/spec`%0Ahelp: see `schemas/system.schema.json` for the System format");
}

/// XML 1.0's `Char` production: what a well-formed document may hold.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn junit_output_is_well_formed_xml() {
    let out = lint_hostile("junit");
    assert_terminal_safe(&out);
    let bad: Vec<char> = out.chars().filter(|c| !is_xml_char(*c)).collect();
    assert!(bad.is_empty(), "characters XML forbids: {bad:?}");
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut failures = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"failure" => {
                let message = e
                    .try_get_attribute("message")
                    .unwrap()
                    .unwrap()
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap();
                assert!(message.contains("unknown field `\\u{1b}]0;pwned\\u{7}\\u{fffe}\\u{a}x"), "{message}");
                failures += 1;
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{out}", reader.buffer_position()),
        }
    }
    assert_eq!(failures, 1, "{out}");
}

#[test]
fn json_sarif_and_gitlab_escape_the_key_and_keep_it_exact() {
    let expected = format!("unknown field `{HOSTILE_KEY}` in `/spec`");
    let json: serde_json::Value = serde_json::from_str(&lint_hostile("json")).unwrap();
    assert_eq!(json["findings"][0]["message"], expected.as_str());
    let sarif = lint_hostile("sarif");
    assert!(!sarif.contains('\u{1b}'), "{sarif}");
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let text = sarif["runs"][0]["results"][0]["message"]["text"].as_str().unwrap();
    assert!(text.starts_with(&expected), "{text}");
    let gitlab: serde_json::Value = serde_json::from_str(&lint_hostile("gitlab")).unwrap();
    assert!(gitlab[0]["description"].as_str().unwrap().contains(&expected), "{gitlab}");
}

// --- a model that cannot be loaded ---------------------------------------------------------------------------

#[test]
fn a_missing_model_path_says_so_and_names_the_flag() {
    let err = text(
        &xgea().args(["lint", "examples/minimal", "--model", "/nonexistent"]).assert().code(2).get_output().stderr,
    );
    assert!(!err.contains("0 problem") && !err.contains("above"), "{err}");
    insta::assert_snapshot!(err, @r"
      × cannot load the reference model: `/nonexistent` does not exist (set by `--model`)
      help: name a model directory or a file of model documents that exists, or leave out `--model` to
            use the built-in model
    ");
}

#[test]
fn an_unpublished_model_version_in_the_config_names_the_file() {
    let dir = minimal();
    std::fs::write(dir.path().join("xgea.toml"), "[model]\nversion = \"9.9.9\"\n").unwrap();
    let err = text(&xgea().current_dir(dir.path()).args(["lint", "."]).assert().code(2).get_output().stderr);
    assert!(!err.contains("0 problem") && !err.contains("above"), "{err}");
    insta::assert_snapshot!(err, @r"
      × cannot load the reference model release 9.9.9: model release 9.9.9 is not published
      │ (published: 1.0.0, 2.0.0, 2.1.0, 2.2.0) (set by `[model] version` in xgea.toml)
      help: choose a published release (`xgea model list`), name a published releases directory with
            `--releases DIR`, or remove `[model] version` from xgea.toml to use the built-in model
    ");
}

// --- a reader that goes away ---------------------------------------------------------------------------------

#[test]
fn a_closed_pipe_ends_the_run_quietly_in_every_format() {
    for format in ["human", "concise", "json", "sarif", "junit", "github", "gitlab"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_xgea"))
            .current_dir(ROOT)
            .env("NO_COLOR", "1")
            .env("XGEA_TODAY", "2026-11-23")
            .args(["lint", "examples/estate", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before xgea writes anything, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{format}");
    }
}

// --- a panic -------------------------------------------------------------------------------------------------

#[test]
fn a_panic_prints_a_short_bug_report_and_exits_101() {
    let assert =
        xgea().env("XGEA_TEST_PANIC", "1").env("RUST_BACKTRACE", "1").args(["lint", "examples/minimal"]).assert();
    let out = assert.get_output();
    assert_eq!(out.status.code(), Some(101));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        err.starts_with(&format!(
            "xgea {version}: internal error (this is a bug in xgea): forced by XGEA_TEST_PANIC at src/main.rs:"
        )),
        "{err}"
    );
    assert!(err.contains("https://github.com/xgea-dev/xgea/issues"), "{err}");
    assert!(!err.contains("backtrace") && !err.contains("stack"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[cfg(unix)]
#[test]
fn output_to_a_stream_is_written_in_place() {
    let out = xgea().args(["lint", "examples/minimal", "--format", "json", "--output", "/dev/stdout"]).assert().code(0);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["files"], 2, "{json}");
}

#[test]
fn a_broken_impact_candidate_shows_its_problems() {
    let assert = xgea()
        .args(["model", "impact", "--model", "tests/fixtures/bad-input/broken-model", "examples/minimal"])
        .assert()
        .code(2);
    let err = text(&assert.get_output().stderr);
    // The problems the message points to are shown, above it.
    assert!(err.contains("tests/fixtures/bad-input/broken-model/standards.yaml:49:"), "{err}");
    assert!(err.contains("the candidate named by `--model`"), "{err}");
    assert!(!err.contains("leave out `--model`"), "{err}");
}
