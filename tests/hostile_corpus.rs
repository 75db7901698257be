//! Hostile and broken input, as a user's CI would meet it: each case of `tests/fixtures/hostile` (and the
//! large ones, generated here rather than committed) is linted by the real binary under a memory and a CPU
//! limit set on the child (`ulimit -v`, `ulimit -t`), and must end with its exit code, name the expected
//! rule and keep its output small. No wall-clock assertion: a case that blows up in time or memory is killed
//! by its limit and fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Address space for one run: well above a healthy run of the debug binary, far below a blow-up.
const MEMORY_KB: u64 = 1024 * 1024;
/// CPU seconds for one run (the debug binary; a release build needs a fraction of this).
const CPU_SECONDS: u64 = 120;

struct Case<'a> {
    name: &'a str,
    args: Vec<String>,
    code: i32,
    /// Each must appear in the output.
    expect: &'a [&'a str],
    /// None of these may appear.
    refuse: &'a [&'a str],
    /// The most bytes of output (stdout and stderr together).
    max_output: usize,
}

/// Relative to the crate root, where the binary runs, so paths in the output are short.
fn fixtures() -> PathBuf {
    PathBuf::from("tests/fixtures/hostile")
}

/// `xgea lint --format concise` of the valid files plus `file`, so that the run has something to check.
fn lint(file: &Path) -> Vec<String> {
    let valid = fixtures().join("valid");
    ["lint", "--format", "concise"]
        .into_iter()
        .map(String::from)
        .chain([valid.display().to_string(), file.display().to_string()])
        .collect()
}

fn run(case: &Case) {
    let script = format!("ulimit -v {MEMORY_KB} && ulimit -t {CPU_SECONDS} && exec \"$@\"");
    let out = Command::new("sh")
        .args(["-c", &script, "sh", env!("CARGO_BIN_EXE_xgea")])
        .args(&case.args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("XGEA_TODAY", "2026-11-23")
        .output()
        .unwrap();
    let name = case.name;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let head: String = text.chars().take(3000).collect();
    let Some(code) = out.status.code() else {
        panic!("{name}: killed by a signal ({:?}), over its memory or CPU limit?\n{head}", out.status);
    };
    assert_eq!(code, case.code, "{name}: exit code\n{head}");
    for e in case.expect {
        assert!(text.contains(e), "{name}: expected `{e}` in the output\n{head}");
    }
    for r in case.refuse {
        assert!(!text.contains(r), "{name}: `{r}` in the output\n{head}");
    }
    let len = out.stdout.len() + out.stderr.len();
    assert!(len <= case.max_output, "{name}: {len} bytes of output, over {}\n{head}", case.max_output);
}

fn case<'a>(name: &'a str, code: i32, expect: &'a [&'a str]) -> Case<'a> {
    Case { name, args: lint(&fixtures().join(name)), code, expect, refuse: &[], max_output: 16 * 1024 }
}

#[test]
fn committed_hostile_files() {
    let cases = [
        case(
            "billion-laughs.yaml",
            1,
            &["billion-laughs.yaml:5:8", "XG005", "aliases expand to more than 10000 nodes"],
        ),
        case("deep-flow-nesting.yaml", 1, &["deep-flow-nesting.yaml:3:266", "XG005", "nesting deeper than"]),
        case("binary.yaml", 1, &["binary.yaml:2:118", "XG007"]),
        case("latin1.yaml", 1, &["latin1.yaml:4:12", "XG007"]),
        case("utf16-bom.yaml", 1, &["utf16-bom.yaml:1:1", "XG007"]),
        case("crlf.yaml", 0, &["2 systems in 1 department", "0 errors, 0 warnings"]),
        case("tabs.yaml", 1, &["tabs.yaml:5:2", "XG001"]),
        case("lookalike-id.yaml", 1, &["lookalike-id.yaml:5:7", "XG002"]),
        // Ids have no length limit in the schema; a 20,000-character one is read like any other.
        case("overlong-id.yaml", 0, &["2 systems in 1 department", "0 errors"]),
        case("integer-too-large.yaml", 1, &["integer-too-large.yaml:12:18", "XG002", "is out of range"]),
        // A trailing `---` is an empty document, not an error: as for an empty file, the file still counts.
        case("trailing-document-marker.yaml", 0, &["2 systems in 1 department", "0 errors, 0 warnings, 0 infos"]),
        case("only-document-marker.yaml", 0, &["only-document-marker.yaml:1:1", "XG006"]),
        case("empty.yaml", 0, &["empty.yaml:1:1", "XG006"]),
        // The allow is a line of the description's text, not a comment: the finding stands.
        case("inline-allow-in-block-scalar.yaml", 1, &["inline-allow-in-block-scalar.yaml:10:15: error XG110"]),
    ];
    for c in &cases {
        run(c);
    }
    let names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(name == "valid" || names.contains(&name.as_str()), "{name} has no case in this test");
    }
}

/// A descriptor with `body` appended under `spec:`, as generated text.
fn descriptor(id: &str, metadata_extra: &str, spec_extra: &str) -> String {
    format!(
        "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: example.{id}\n  name: Generated\n  department: example\n{metadata_extra}spec:\n  lifecycle: live\n{spec_extra}"
    )
}

#[test]
fn generated_hostile_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let aliases = |n: usize| vec!["*a"; n].join(", ");
    let files = [
        // A 100 KB scalar aliased 5,000 times (500 MB expanded) and a 1 MB one aliased 9,000 times (9 GB).
        (
            "alias-bytes.yaml",
            write(
                "alias-bytes.yaml",
                &descriptor(
                    "ab",
                    &format!("  owner: &a {}\n", "x".repeat(100_000)),
                    &format!("  capabilities: [{}]\n", aliases(5_000)),
                ),
            ),
            1,
            &["XG005", "aliases expand to more than 1 MiB"][..],
        ),
        (
            "alias-megabytes.yaml",
            write(
                "alias-megabytes.yaml",
                &descriptor(
                    "am",
                    &format!("  owner: &a {}\n", "x".repeat(1_000_000)),
                    &format!("  capabilities: [{}]\n", aliases(9_000)),
                ),
            ),
            1,
            &["XG005", "aliases expand to more than 1 MiB"][..],
        ),
        // A 10 MB flow list where a name belongs: one finding, quoting only the list's start.
        (
            "long-name.yaml",
            write(
                "long-name.yaml",
                &descriptor("ln", "", "")
                    .replace("name: Generated", &format!("name: [{}]", vec!["abcdefghi"; 1_000_000].join(", "))),
            ),
            1,
            &["XG002", "[\"abcdefghi\",\"abcdefghi\""][..],
        ),
        // Block nesting 1,000 deep (about 1 MB of indentation).
        (
            "deep-block-nesting.yaml",
            write("deep-block-nesting.yaml", &(0..1000).map(|i| format!("{}k:\n", "  ".repeat(i))).collect::<String>()),
            1,
            &["XG005", "nesting deeper than 128 levels"][..],
        ),
        // 100 nested keys of 1,000 characters over a list of 50,000 items: each item's pointer repeats the keys
        // (5 GB of pointers in all, before the span maps had a budget).
        (
            "long-nested-keys.yaml",
            write("long-nested-keys.yaml", &{
                let key = "k".repeat(1000);
                let open: String = (0..100).map(|i| format!("{{\"{key}{i}\": ")).collect();
                format!("{open}[{}]{}\n", vec!["1"; 50_000].join(","), "}".repeat(100))
            }),
            1,
            &["XG002", "long-nested-keys.yaml:1:1"][..],
        ),
        // Over the 16 MiB limit: refused before it is read.
        ("huge.yaml", write("huge.yaml", &"# padding\n".repeat(1_700_000)), 1, &["huge.yaml:1:1", "XG004"][..]),
    ];
    for (name, path, code, expect) in &files {
        run(&Case { name, args: lint(path), code: *code, expect, refuse: &[], max_output: 16 * 1024 });
    }
}

#[test]
fn many_findings_in_one_file_stay_linear() {
    let dir = tempfile::tempdir().unwrap();
    // 20,000 unknown capabilities, one per line.
    let caps: String = (0..20_000).map(|i| format!("    - FO.{:02}.{:02}\n", 50 + i % 50, i % 100)).collect();
    let path = dir.path().join("capabilities.yaml");
    std::fs::write(&path, descriptor("caps", "", &format!("  capabilities:\n{caps}"))).unwrap();
    run(&Case {
        name: "20k unknown capabilities",
        args: lint(&path),
        code: 1,
        expect: &["XG101"],
        refuse: &[],
        max_output: 4 << 20,
    });
    // 20,000 unknown capabilities on one line, in the default format: each finding once scanned its whole
    // line to decide whether to show it, 20,000 × 250 KB.
    let caps: Vec<String> = (0..20_000).map(|i| format!("FO.{:02}.{:02}", 50 + i % 50, i % 100)).collect();
    let path = dir.path().join("flow.yaml");
    std::fs::write(&path, descriptor("flow", "", &format!("  capabilities: [{}]\n", caps.join(", ")))).unwrap();
    let mut args = lint(&path);
    args.drain(1..3);
    run(&Case {
        name: "20k unknown capabilities on one line",
        args,
        code: 1,
        expect: &["XG101"],
        refuse: &[],
        max_output: 8 << 20,
    });
    // 200,000 repeated keys (3.6 MB).
    let keys: String = (0..200_000).map(|i| format!("  owner: {i:>08}\n")).collect();
    let path = dir.path().join("keys.yaml");
    std::fs::write(&path, descriptor("keys", &keys, "")).unwrap();
    run(&Case {
        name: "200k repeated keys",
        args: lint(&path),
        code: 1,
        expect: &["XG003"],
        refuse: &[],
        max_output: 64 << 20,
    });
}

#[test]
fn a_model_directory_without_sectors_names_the_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir(&model).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("model/2.0.0");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != "sectors.yaml") {
            std::fs::copy(&path, model.join(path.file_name().unwrap())).unwrap();
        }
    }
    let args = ["lint", "--format", "concise", "--model", &model.display().to_string(), "examples/minimal"]
        .map(String::from)
        .to_vec();
    let missing = format!("{}:1:1", model.join("sectors.yaml").display());
    run(&Case {
        name: "model without sectors.yaml",
        args,
        code: 2,
        expect: &[&missing, "the model has no `Sectors` document"],
        refuse: &["standards.yaml:1:1"],
        max_output: 16 * 1024,
    });
}
