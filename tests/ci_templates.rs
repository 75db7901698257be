//! The CI path a department copies, checked the way its consumers read it: every GitHub workflow (the templates
//! under `ci/github/` and this repository's `.github/workflows/`) against the public GitHub workflow schema,
//! `action.yml` against the GitHub action schema and the GitLab template against the GitLab CI schema — the
//! vendor schemas `check-jsonschema` ships, so no network — plus the facts the install story rests on: one source
//! variable and one pinned version, a cached binary, release archive names that `cargo binstall` finds, and no
//! placeholder or registry install left in any tracked file.
//!
//! `check-jsonschema` is skipped with a message only when it is missing and `CI` is not set; under CI a missing
//! validator fails the test (`.ci/run` installs it).
//!
//! The pre-commit hook is exercised end to end by `pre_commit_hook_lints_a_department_repository`, ignored by
//! default because it builds xgea from the repository with cargo (minutes); see its documentation.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use saphyr::{LoadableYamlNode, YamlOwned};

const GIT_URL: &str = "https://github.com/xgea-dev/xgea";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> YamlOwned {
    let mut docs = YamlOwned::load_from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one YAML document");
    docs.remove(0)
}

/// A string field of a mapping, `None` when the key is absent (indexing would panic).
fn field<'a>(node: &'a YamlOwned, key: &str) -> Option<&'a str> {
    node.as_mapping_get(key).and_then(YamlOwned::as_str)
}

fn string<'a>(node: &'a YamlOwned, what: &str) -> &'a str {
    node.as_str().unwrap_or_else(|| panic!("{what} is not a string: {node:?}"))
}

/// Whether check-jsonschema can run; panics under CI when it cannot.
fn check_jsonschema() -> bool {
    let ok = Process::new("check-jsonschema").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "check-jsonschema is missing under CI: install it with `python3 -m pip install check-jsonschema`"
        );
        eprintln!(
            "SKIPPED: check-jsonschema is not installed; the CI files were not validated (pip install check-jsonschema)"
        );
    }
    ok
}

/// Validates files against one of check-jsonschema's built-in vendor schemas.
fn validate(schema: &str, files: &[PathBuf]) {
    assert!(!files.is_empty(), "no files to validate against {schema}");
    let out = Process::new("check-jsonschema").args(["--builtin-schema", schema]).args(files).output().unwrap();
    assert!(
        out.status.success(),
        "{schema}: {files:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `*.yml`/`*.yaml` files directly in a directory of the repository.
fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn workflows_action_and_gitlab_template_validate_against_the_vendor_schemas() {
    let mut workflows = yaml_files("ci/github");
    workflows.extend(yaml_files(".github/workflows"));
    for expected in ["ci/github/xgea.yml", ".github/workflows/release.yml"] {
        assert!(workflows.contains(&root().join(expected)), "{expected} is missing from {workflows:?}");
    }
    if !check_jsonschema() {
        return;
    }
    validate("vendor.github-workflows", &workflows);
    validate("vendor.github-actions", &[root().join("action.yml")]);
    validate("vendor.gitlab-ci", &yaml_files("ci/gitlab"));
}

/// The tracked text files of the repository (`git ls-files`), with their contents.
fn tracked_text_files() -> Option<Vec<(String, String)>> {
    let out = Process::new("git").arg("-C").arg(root()).args(["ls-files", "-z"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let names = String::from_utf8(out.stdout).unwrap();
    let files = names
        .split('\0')
        .filter(|name| !name.is_empty())
        // A file deleted in the working tree but still in the index is not there to read.
        .filter_map(|name| Some((name.to_string(), std::fs::read_to_string(root().join(name)).ok()?)))
        .collect();
    Some(files)
}

/// A `cargo install` of xgea that names neither `--git` nor `--path`: xgea is not published to a registry, so such
/// a command fails for whoever copies it.
fn registry_install(line: &str) -> Option<&str> {
    let install = concat!("cargo ", "install");
    let start = line.find(install)?;
    // The command ends at the end of the line, a closing backtick or a shell separator.
    let rest = &line[start..];
    let end = rest.find(['`', ';', '|', ']', ')']).unwrap_or(rest.len());
    let command = rest[..end].find("&&").map_or(&rest[..end], |i| &rest[..i]);
    let words: Vec<&str> = command.split_whitespace().collect();
    let names_xgea = words.iter().skip(2).any(|w| *w == "xgea" || w.trim_matches(['"', '\'']) == "xgea");
    let from_source = words.iter().any(|w| w.starts_with("--git") || w.starts_with("--path"));
    (names_xgea && !from_source).then_some(command)
}

#[test]
fn the_registry_install_check_tells_the_two_kinds_apart() {
    let xgea = "xgea";
    for bad in [
        format!("cargo install {xgea}"),
        format!("run: cargo install {xgea} --locked"),
        format!("`cargo install --locked {xgea}` then"),
        format!("before_script: [cargo install {xgea} --locked]"),
    ] {
        assert!(registry_install(&bad).is_some(), "{bad}");
    }
    for good in [
        format!("cargo install --locked --git {GIT_URL} --tag v{VERSION} {xgea}"),
        "cargo install --locked --path .".to_string(),
        format!("cargo install --locked --git \"$XGEA_GIT_URL\" --tag \"v$XGEA_VERSION\" {xgea} --root .xgea-bin"),
        "cargo install cargo-binstall && cargo binstall xgea".to_string(),
        "cargo binstall xgea".to_string(),
    ] {
        assert_eq!(registry_install(&good), None, "{good}");
    }
}

#[test]
fn no_tracked_file_has_a_placeholder_or_a_registry_install() {
    let Some(files) = tracked_text_files() else {
        assert!(std::env::var_os("CI").is_none(), "`git ls-files` failed under CI");
        eprintln!("SKIPPED: not a git checkout; tracked files were not searched for placeholders");
        return;
    };
    assert!(files.iter().any(|(name, _)| name == "README.md"), "git ls-files lists the README");
    let placeholder = concat!("<", "URL");
    let mut problems = Vec::new();
    for (name, text) in &files {
        for (number, line) in text.lines().enumerate() {
            if line.to_uppercase().contains(placeholder) {
                problems.push(format!("{name}:{}: placeholder: {}", number + 1, line.trim()));
            }
            if let Some(command) = registry_install(line) {
                problems.push(format!("{name}:{}: install from a registry that has no xgea: {command}", number + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_templates_install_from_one_source_variable_at_the_pinned_version_and_cache_the_binary() {
    let install = r#"cargo install --locked --git "$XGEA_GIT_URL" --tag "v$XGEA_VERSION" xgea"#;

    let github = yaml("ci/github/xgea.yml");
    assert_eq!(string(&github["env"]["XGEA_GIT_URL"], "XGEA_GIT_URL"), GIT_URL);
    assert_eq!(string(&github["env"]["XGEA_VERSION"], "XGEA_VERSION"), VERSION);
    let steps = github["jobs"]["lint"]["steps"].as_sequence().expect("steps");
    let uses = |prefix: &str| -> Vec<&YamlOwned> {
        steps.iter().filter(|s| field(s, "uses").is_some_and(|u| u.starts_with(prefix))).collect()
    };
    let restore = *uses("actions/cache/restore@").first().expect("a cache restore step");
    assert_eq!(string(&restore["with"]["path"], "cache path"), "~/.cargo/bin/xgea");
    let key = string(&restore["with"]["key"], "cache key");
    assert!(key.contains("${{ runner.os }}") && key.contains("${{ env.XGEA_VERSION }}"), "{key}");
    assert_eq!(uses("actions/cache/save@").len(), 1, "the binary is saved once installed");
    let run = steps.iter().find(|s| field(s, "run").is_some_and(|r| r.contains(install))).expect("install step");
    assert_eq!(string(&run["if"], "install condition"), "steps.xgea-cache.outputs.cache-hit != 'true'");
    assert_eq!(uses("github/codeql-action/upload-sarif@").len(), 1, "SARIF goes to code scanning");
    let last = string(&steps.last().unwrap()["run"], "last step");
    assert_eq!(last, "xgea lint . --format github", "annotations and the exit code come last");

    let gitlab = yaml("ci/gitlab/xgea.gitlab-ci.yml");
    let job = &gitlab["xgea"];
    assert_eq!(string(&job["variables"]["XGEA_GIT_URL"], "XGEA_GIT_URL"), GIT_URL);
    assert_eq!(string(&job["variables"]["XGEA_VERSION"], "XGEA_VERSION"), VERSION);
    assert_eq!(string(&job["cache"]["key"], "cache key"), "xgea-$XGEA_VERSION");
    assert_eq!(string(&job["cache"]["paths"][0], "cache path"), ".xgea-bin/");
    let before = job["before_script"].as_sequence().unwrap();
    assert!(string(&before[0], "install").contains(install), "{before:?}");
    assert!(string(&before[0], "install").contains("--root \"$CI_PROJECT_DIR/.xgea-bin\""), "{before:?}");
    let reports = &job["artifacts"]["reports"];
    assert_eq!(string(&reports["codequality"], "codequality"), "gl-code-quality-report.json");
    assert_eq!(string(&reports["junit"], "junit"), "xgea-junit.xml");
    let script: Vec<&str> = job["script"].as_sequence().unwrap().iter().map(|s| string(s, "script")).collect();
    assert!(script.iter().any(|s| s.contains("--format gitlab --output gl-code-quality-report.json")), "{script:?}");
    assert!(script.iter().any(|s| s.contains("--format junit --output xgea-junit.xml")), "{script:?}");
}

#[test]
fn the_action_has_the_documented_inputs_and_keeps_the_lint_exit_code() {
    let action = yaml("action.yml");
    assert_eq!(string(&action["runs"]["using"], "runs.using"), "composite");
    let inputs = action["inputs"].as_mapping().expect("inputs");
    let names: Vec<&str> = inputs.keys().map(|k| string(k, "input name")).collect();
    assert_eq!(names, ["paths", "format", "sarif", "fail-on", "config", "model-version", "version", "git-url"]);
    let default = |name: &str| string(&action["inputs"][name]["default"], name).to_string();
    assert_eq!(default("paths"), ".");
    assert_eq!(default("format"), "github");
    assert_eq!(default("sarif"), "true");
    assert_eq!(default("version"), VERSION);
    assert_eq!(default("git-url"), GIT_URL);

    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let step = |id: &str| steps.iter().find(|s| field(s, "id") == Some(id)).unwrap_or_else(|| panic!("step {id}"));
    let cache = string(&step("cache")["with"]["key"], "cache key");
    assert!(cache.contains("${{ runner.os }}") && cache.contains("${{ inputs.version }}"), "{cache}");
    let lint = string(&step("lint")["run"], "lint");
    assert!(lint.contains("|| code=$?") && lint.contains("exit-code="), "the lint step records its exit code");
    let sarif = string(&step("sarif")["run"], "sarif");
    assert!(sarif.contains("--format sarif --output xgea.sarif --exit-zero"), "{sarif}");
    let last = string(&steps.last().unwrap()["run"], "result step");
    assert!(last.contains("exit 1"), "the last step turns the lint's exit code into the job's result: {last}");
    let install = steps.iter().filter_map(|s| field(s, "run")).find(|r| r.contains("cargo install")).unwrap();
    assert!(install.contains(r#"--git "$XGEA_GIT_URL" --tag "v$XGEA_VERSION" xgea --root"#), "{install}");
}

/// The release archives' names, and that `[package.metadata.binstall]` (when Cargo.toml has it) points at them.
#[test]
fn release_archives_are_the_ones_binstall_looks_for() {
    let release = read(".github/workflows/release.yml");
    let targets = [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ];
    for target in targets {
        assert!(release.contains(&format!("target: {target},")), "release.yml builds {target}");
    }
    for needle in [
        r#"name="xgea-v$VERSION-$TARGET""#,
        r#"archive="$name.tar.gz""#,
        r#"archive="$name.zip""#,
        r#""$archive.sha256""#,
        "LICENSE-MIT LICENSE-APACHE README.md CHANGELOG.md",
        "cargo build --release --locked --target",
    ] {
        assert!(release.contains(needle), "release.yml: {needle}");
    }

    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let Some(binstall) = manifest["package"].get("metadata").and_then(|m| m.get("binstall")) else {
        eprintln!("NOTE: Cargo.toml has no [package.metadata.binstall]; the archive names were not compared");
        return;
    };
    for target in targets {
        let windows = target.contains("windows");
        let over = binstall.get("overrides").and_then(|o| o.get(target));
        let field = |key: &str| {
            over.and_then(|o| o.get(key)).or_else(|| binstall.get(key)).and_then(|v| v.as_str()).map(str::to_string)
        };
        let format = field("pkg-fmt").unwrap_or_else(|| "tgz".into());
        let suffixes: &[&str] = match format.as_str() {
            "tgz" => &[".tgz", ".tar.gz"],
            "zip" => &[".zip"],
            other => panic!("{target}: pkg-fmt {other}, but the release writes .tar.gz and .zip"),
        };
        let (archive, ext) = if windows { (".zip", ".exe") } else { (".tar.gz", "") };
        let expected = format!("{GIT_URL}/releases/download/v{VERSION}/xgea-v{VERSION}-{target}{archive}");
        let url = field("pkg-url").expect("pkg-url");
        let rendered: Vec<String> = suffixes
            .iter()
            .map(|suffix| {
                render(
                    &url,
                    &[
                        ("repo", GIT_URL),
                        ("name", "xgea"),
                        ("version", VERSION),
                        ("target", target),
                        ("archive-suffix", suffix),
                        ("archive-format", suffix.trim_start_matches('.')),
                        ("binary-ext", ext),
                    ],
                )
            })
            .collect();
        assert!(
            rendered.contains(&expected),
            "{target}: binstall's pkg-url gives {rendered:?}, the release {expected}"
        );
        if let Some(dir) = field("bin-dir") {
            let bin = render(
                &dir,
                &[("name", "xgea"), ("bin", "xgea"), ("version", VERSION), ("target", target), ("binary-ext", ext)],
            );
            assert_eq!(bin, format!("xgea-v{VERSION}-{target}/xgea{ext}"), "{target}: bin-dir");
        }
    }
}

/// Fills binstall's `{ name }` template variables (with or without spaces inside the braces).
fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{ {key} }}"), value).replace(&format!("{{{key}}}"), value);
    }
    assert!(!out.contains('{'), "unfilled variable in {out}");
    out
}

#[test]
fn the_pre_commit_hook_builds_from_this_repository_and_the_docs_show_the_real_snippet() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(string(&hook["id"], "id"), "xgea-lint");
    // pre-commit's `rust` language runs `cargo install --bins --root ENV --path .` in its clone of the hook
    // repository at `rev`: the hook installs xgea from this repository, not from a registry.
    assert_eq!(string(&hook["language"], "language"), "rust");
    assert_eq!(string(&hook["entry"], "entry"), "xgea lint");

    let snippet = format!("  - repo: {GIT_URL}\n    rev: v{VERSION}\n    hooks:\n      - id: xgea-lint\n");
    for doc in ["README.md", "ci/README.md"] {
        assert!(read(doc).contains(&snippet), "{doc} shows the pre-commit snippet:\n{snippet}");
    }
}

/// The README's copy-paste example of the action uses only inputs the action has.
#[test]
fn the_documented_action_example_uses_real_inputs() {
    let action = yaml("action.yml");
    let inputs = action["inputs"].as_mapping().unwrap();
    for doc in ["README.md", "ci/README.md"] {
        let text = read(doc);
        let uses = format!("- uses: xgea-dev/xgea@v{VERSION}");
        let at = text.find(&uses).unwrap_or_else(|| panic!("{doc} shows `{uses}`"));
        let after = &text[at..];
        let block = &after[..after.find("```").unwrap()];
        let with: Vec<&str> = block
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("with:"))
            .skip(1)
            .take_while(|l| l.starts_with("          "))
            .map(|l| l.trim().split(':').next().unwrap())
            .collect();
        assert!(!with.is_empty(), "{doc}: the example sets some inputs");
        for name in with {
            assert!(inputs.keys().any(|k| k.as_str() == Some(name)), "{doc}: `{name}` is not an input of action.yml");
        }
    }
}

/// The hook run as a department would: `pre-commit try-repo` against a throw-away git repository holding
/// `examples/minimal` (exit 0), then with a broken descriptor added (exit 1). Each try-repo builds xgea from this
/// repository's HEAD (uncommitted changes included) with `cargo install --path .`, so it takes minutes (8 to 23 on
/// a shared 2-core machine, cold) and may need crates.io: ignored by default. Run it with
/// `cargo test --test ci_templates -- --ignored` (needs `pip install pre-commit`).
#[test]
#[ignore = "builds xgea through pre-commit (minutes, network); run with --ignored"]
fn pre_commit_hook_lints_a_department_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("department");
    copy_dir(&root().join("examples/minimal"), &repo);
    let git = |args: &[&str]| {
        let out = Process::new("git")
            .current_dir(&repo)
            .args(["-c", "user.name=xgea", "-c", "user.email=xgea@example.invalid"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "minimal estate"]);

    // try-repo installs the hook into a fresh temporary store on every call; a shared cargo target directory
    // lets the second call reuse the first one's compiled dependencies.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let try_repo = || {
        let out = Process::new("pre-commit")
            .current_dir(&repo)
            .env("CARGO_TARGET_DIR", target.join("pre-commit-try-repo"))
            .args(["try-repo"])
            .arg(root())
            .args(["xgea-lint", "--all-files", "--verbose", "--color", "never"])
            .output()
            .expect("pre-commit is installed (pip install pre-commit)");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        eprintln!("{text}");
        (out.status.code(), text)
    };
    let (code, text) = try_repo();
    assert_eq!(code, Some(0), "examples/minimal lints clean through the hook:\n{text}");

    std::fs::write(repo.join("broken.yaml"), "id: dwp.broken\nname: [unclosed\n").unwrap();
    git(&["add", "-A"]);
    let (code, text) = try_repo();
    assert_eq!(code, Some(1), "a broken descriptor fails the hook:\n{text}");
    assert!(text.contains("broken.yaml"), "the failure names the file:\n{text}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
