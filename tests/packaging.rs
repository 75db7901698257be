//! What an installed xgea and its packaged crate carry: the version text, shell completions, the man page,
//! the files `cargo package` keeps, and where `cargo binstall` looks for release archives.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::CommandFactory;
use predicates::prelude::*;

fn xgea() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().code(0).get_output().stdout.clone()).unwrap()
}

fn manifest() -> toml::Table {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap().parse().unwrap()
}

/// The versions in the committed release index.
fn model_releases() -> Vec<String> {
    let index = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("model/releases/index.json"));
    let index: serde_json::Value = serde_json::from_str(&index.unwrap()).unwrap();
    index["releases"].as_array().unwrap().iter().map(|r| r["version"].as_str().unwrap().to_string()).collect()
}

#[test]
fn long_version_names_the_crate_version_and_the_model_releases() {
    let out = stdout(xgea().arg("--version"));
    let first = out.lines().next().unwrap();
    assert_eq!(first, format!("xgea {}", env!("CARGO_PKG_VERSION")), "{out}");
    let line = out.lines().find(|l| l.starts_with("model releases: ")).expect("a model releases line");
    let releases = model_releases();
    assert!(releases.len() >= 2, "{releases:?}");
    for version in &releases {
        assert!(line.contains(version.as_str()), "{version} missing from:\n{out}");
    }
    assert!(line.ends_with(&format!("(default {})", xgea::model::EMBEDDED_VERSION)), "{out}");
    // The commit line is there only when built from a git checkout; its hash is not asserted.
    if let Some(commit) = out.lines().find_map(|l| l.strip_prefix("commit: ")) {
        assert!(commit.len() >= 4 && commit.chars().all(|c| c.is_ascii_hexdigit()), "{out}");
    }
}

#[test]
fn short_version_is_one_line() {
    assert_eq!(stdout(xgea().arg("-V")), format!("xgea {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_every_shell_mention_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = stdout(xgea().args(["completions", shell]));
        assert!(!out.trim().is_empty(), "{shell}: empty");
        for word in ["lint", "model", "fail-on"] {
            assert!(out.contains(word), "{shell}: `{word}` missing");
        }
    }
    xgea().args(["completions", "tcsh"]).assert().code(2).stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_page_is_roff_and_names_every_command() {
    let out = stdout(xgea().arg("man"));
    assert!(out.starts_with('.'), "not roff:\n{out}");
    let header = out.lines().find(|l| l.starts_with(".TH ")).expect("a .TH header");
    assert!(header.starts_with(".TH xgea 1 "), "{header}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(out.contains(section), "{section} missing");
    }
    for command in xgea::cli::Cli::command().get_subcommands().map(|c| c.get_name().to_string()) {
        assert!(out.contains(&format!("xgea\\-{command}(1)")), "{command} not named:\n{out}");
    }
    assert!(!out.contains("xgea\\-help(1)"), "no page exists for `help`");
    assert!(!out.contains("commit:"), "the page does not depend on the commit");
}

#[test]
fn man_prints_one_commands_page() {
    let out = stdout(xgea().args(["man", "model", "diff"]));
    assert!(out.contains(".TH xgea-model-diff 1 "), "{out}");
    assert!(out.contains(&format!("\"xgea {}\"", env!("CARGO_PKG_VERSION"))), "{out}");
    xgea()
        .args(["man", "model", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`xgea model` has no command `nope`"));
}

#[test]
fn new_commands_have_help_with_an_example() {
    for command in ["completions", "man"] {
        xgea().args([command, "--help"]).assert().code(0).stdout(predicate::str::contains("Example"));
    }
}

/// Every file compiled in with `include_str!`/`include_bytes!`, relative to the crate root.
fn embedded_files() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    walk(&root.join("src"), &mut sources);
    let mut embedded = Vec::new();
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        for macro_name in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in text.match_indices(macro_name) {
                let rest = &text[at + macro_name.len()..];
                let relative = &rest[..rest.find('"').unwrap()];
                let path = source.parent().unwrap().join(relative);
                let path = path.canonicalize().unwrap_or_else(|e| panic!("{}: {relative}: {e}", source.display()));
                let path = path.strip_prefix(root.canonicalize().unwrap()).unwrap();
                embedded.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    embedded.sort();
    embedded.dedup();
    embedded
}

#[test]
fn the_packaged_crate_holds_every_embedded_file() {
    let manifest = manifest();
    let include: Vec<&str> =
        manifest["package"]["include"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    // Plain anchored paths only, so that prefix matching here is what cargo does.
    for pattern in &include {
        assert!(pattern.starts_with('/') && !pattern.contains(['*', '?', '[', '!']), "{pattern}");
    }
    let covered = |file: &str| {
        include.iter().any(|p| {
            let p = &p[1..];
            file == p || file.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let embedded = embedded_files();
    assert!(embedded.iter().any(|f| f == "model/releases/index.json"), "{embedded:?}");
    let missing: Vec<_> = embedded.iter().filter(|f| !covered(f)).collect();
    assert!(missing.is_empty(), "add to `include` in Cargo.toml: {missing:?}");
    for file in ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE", "build.rs"] {
        assert!(covered(file), "{file} not packaged");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(file).is_file(), "{file} missing");
    }
    for large in ["tests", "benches", "docs", "examples"] {
        assert!(!covered(&format!("{large}/x")), "{large}/ is not needed by the packaged crate");
    }
}

#[test]
fn binstall_finds_the_release_archives() {
    let manifest = manifest();
    let package = manifest["package"].as_table().unwrap();
    let binstall = package["metadata"]["binstall"].as_table().unwrap();
    let repo = package["repository"].as_str().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let expand = |template: &str, target: &str, suffix: &str, ext: &str| {
        template
            .replace("{ repo }", repo)
            .replace("{ name }", "xgea")
            .replace("{ bin }", "xgea")
            .replace("{ version }", version)
            .replace("{ target }", target)
            .replace("{ archive-suffix }", suffix)
            .replace("{ binary-ext }", ext)
    };
    let url = binstall["pkg-url"].as_str().unwrap();
    let bin_dir = binstall["bin-dir"].as_str().unwrap();
    assert_eq!(binstall["pkg-fmt"].as_str(), Some("tgz"));
    assert_eq!(
        expand(url, "x86_64-unknown-linux-gnu", ".tar.gz", ""),
        format!("{repo}/releases/download/v{version}/xgea-v{version}-x86_64-unknown-linux-gnu.tar.gz")
    );
    assert_eq!(
        expand(bin_dir, "x86_64-pc-windows-msvc", ".zip", ".exe"),
        format!("xgea-v{version}-x86_64-pc-windows-msvc/xgea.exe")
    );
    assert_eq!(binstall["overrides"]["x86_64-pc-windows-msvc"]["pkg-fmt"].as_str(), Some("zip"));
    assert_eq!(repo, "https://github.com/xgea-dev/xgea");
}
