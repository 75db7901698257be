//! Generated estates (benches/support/generator.rs) and the lint cache (`.xgea-cache/`), as a user runs them.

#[path = "../benches/support/generator.rs"]
mod generator;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use generator::{Layout, Planted, Spec};

fn xgea(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xgea");
    cmd.current_dir(dir).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn generate(dir: &Path, spec: &Spec) -> Planted {
    std::fs::create_dir_all(dir).unwrap();
    generator::generate(dir, spec).unwrap()
}

#[test]
fn the_generator_writes_the_same_bytes_for_the_same_seed() {
    let tmp = tempfile::tempdir().unwrap();
    for layout in [Layout::PerSystem, Layout::PerDepartment] {
        let spec = Spec::new(500, layout, 42);
        let a = generate(&tmp.path().join(format!("{layout:?}-a")), &spec);
        let b = generate(&tmp.path().join(format!("{layout:?}-b")), &spec);
        assert_eq!(a, b);
        let (ta, tb) =
            (tree(&tmp.path().join(format!("{layout:?}-a"))), tree(&tmp.path().join(format!("{layout:?}-b"))));
        assert_eq!(ta.len(), a.files, "{layout:?}");
        assert!(ta == tb, "{layout:?}: the same seed gave different files");
        let other = generate(&tmp.path().join(format!("{layout:?}-c")), &Spec::new(500, layout, 43));
        assert!(tree(&tmp.path().join(format!("{layout:?}-c"))) != ta, "{layout:?}: another seed gave the same files");
        assert_eq!(other.systems, 500);
    }
}

/// Findings per rule code of a lint run, from `--statistics --format json`.
fn counts(dir: &Path, estate: &str) -> BTreeMap<String, u64> {
    let out = xgea(dir)
        .args(["lint", estate, "--no-config", "--no-cache", "--exit-zero", "--statistics", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    rows.iter().map(|r| (r["code"].as_str().unwrap().to_string(), r["count"].as_u64().unwrap())).collect()
}

#[test]
fn a_generated_estate_lints_with_the_findings_the_generator_planted() {
    let tmp = tempfile::tempdir().unwrap();
    for layout in [Layout::PerSystem, Layout::PerDepartment] {
        let spec = Spec { broken_files: 3, ..Spec::new(600, layout, 7) };
        let name = format!("{layout:?}");
        let planted = generate(&tmp.path().join(&name), &spec);
        assert!(planted.deprecated_uses > 0 && planted.unknown_standards > 0, "{planted:?}");
        let found = counts(tmp.path(), &name);
        let count = |code: &str| found.get(code).copied().unwrap_or(0) as usize;
        assert_eq!(count("XG001"), planted.broken_files, "{name}: {found:?}");
        assert_eq!(count("XG102"), planted.unknown_standards, "{name}: {found:?}");
        assert_eq!(count("XG201"), planted.deprecated_uses, "{name}: {found:?}");
        // Nothing else is wrong with the files themselves, and every counterpart exists.
        for code in ["XG002", "XG003", "XG101", "XG104", "XG105", "XG107", "XG110"] {
            assert_eq!(count(code), 0, "{name}: {code}: {found:?}");
        }
        let summary = xgea(tmp.path())
            .args(["lint", &name, "--no-config", "--no-cache", "--exit-zero", "--format", "concise"])
            .assert()
            .get_output()
            .stdout
            .clone();
        let summary = String::from_utf8(summary).unwrap();
        let expected = format!(
            "checked {} files ({} systems in {} departments)",
            planted.files, planted.systems, planted.departments
        );
        assert!(summary.contains(&expected), "{name}: {expected}\n{}", summary.lines().last().unwrap_or_default());
    }
}

/// With `sourcing`, every department lists suppliers and systems carry valid sourcing blocks: the XG8xx rules
/// find contracts to report, and nothing in the blocks is malformed or unknown. The rest of the estate is the
/// same bytes as without them.
#[test]
fn a_generated_estate_with_sourcing_has_valid_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = Spec { sourcing: true, ..Spec::new(600, Layout::PerDepartment, 7) };
    generate(&tmp.path().join("with"), &spec);
    generate(&tmp.path().join("without"), &Spec::new(600, Layout::PerDepartment, 7));
    let text = std::fs::read_to_string(tmp.path().join("with/d0000.yaml")).unwrap();
    assert!(text.contains("  suppliers:\n") && text.contains("  sourcing:\n"), "{text}");
    let strip = |t: &str| {
        let mut out = String::new();
        let mut skipping = false;
        for line in t.lines() {
            if line == "  suppliers:" || line == "  sourcing:" {
                skipping = true;
                continue;
            }
            if skipping && line.starts_with("    ") {
                continue;
            }
            skipping = false;
            out.push_str(line);
            out.push('\n');
        }
        out
    };
    let without = std::fs::read_to_string(tmp.path().join("without/d0000.yaml")).unwrap();
    assert_eq!(strip(&text), without);
    let found = counts(tmp.path(), "with");
    let count = |code: &str| found.get(code).copied().unwrap_or(0);
    assert!(count("XG801") + count("XG802") > 0, "{found:?}");
    for code in ["XG002", "XG805", "XG806", "XG807"] {
        assert_eq!(count(code), 0, "{code}: {found:?}");
    }
}

/// A project: an estate and an `xgea.toml` beside it, so the cache goes to `.xgea-cache/` there.
fn project(systems: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    generate(&tmp.path().join("estate"), &Spec::new(systems, Layout::PerSystem, 5));
    std::fs::write(tmp.path().join("xgea.toml"), "").unwrap();
    tmp
}

/// stdout of `xgea lint estate ARGS` in `dir` (any exit code but 2).
fn lint(dir: &Path, args: &[&str]) -> String {
    let out = xgea(dir).arg("lint").arg("estate").args(args).output().unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let cache = dir.join(".xgea-cache");
    if !cache.exists() {
        return Vec::new();
    }
    tree(&cache).into_keys().filter(|p| p.extension().is_some_and(|e| e == "cache")).map(|p| cache.join(p)).collect()
}

#[test]
fn a_cached_run_prints_what_a_cold_run_prints() {
    let tmp = project(300);
    let dir = tmp.path();
    for format in [&[][..], &["--format", "json"][..], &["--format", "concise"][..]] {
        let before: Vec<_> = cache_files(dir).iter().map(|f| std::fs::read(f).unwrap()).collect();
        let cold = lint(dir, &[&["--no-cache"][..], format].concat());
        let after: Vec<_> = cache_files(dir).iter().map(|f| std::fs::read(f).unwrap()).collect();
        assert!(before == after, "--no-cache wrote the cache");
        let filling = lint(dir, format);
        let warm = lint(dir, format);
        assert_eq!(filling, cold, "{format:?}: the run that fills the cache");
        assert_eq!(warm, cold, "{format:?}: the run that reads the cache");
    }
    assert_eq!(cache_files(dir).len(), 1);
    assert_eq!(std::fs::read_to_string(dir.join(".xgea-cache/.gitignore")).unwrap().lines().last(), Some("*"));
    assert!(lint(dir, &["--format", "concise"]).contains("XG201"));
}

#[test]
fn after_files_change_a_cached_run_prints_what_a_cold_run_of_the_new_tree_prints() {
    let tmp = project(300);
    let dir = tmp.path();
    lint(dir, &[]);
    let [file] = cache_files(dir).try_into().unwrap();
    let first = std::fs::read(&file).unwrap();
    // One file edited (a capability the model does not know), one added before every other (so every file's
    // place in the run moves), one removed.
    let edited = dir.join("estate/d0001/d0001.s002.yaml");
    let text = std::fs::read_to_string(&edited).unwrap();
    let text = text.replacen("capabilities: [", "capabilities: [XX.99.99, ", 1);
    std::fs::write(&edited, text).unwrap();
    std::fs::write(
        dir.join("estate/a-first.yaml"),
        "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: d0000.extra\n  name: Extra\n  department: d0000\nspec:\n  lifecycle: live\n  capabilities: [FO.01.01]\n",
    )
    .unwrap();
    std::fs::remove_file(dir.join("estate/d0002/d0002.s003.yaml")).unwrap();
    let cached = lint(dir, &[]);
    // The two new entries are appended to the cache; the removed file's line stays, unused, until the file is
    // rewritten.
    let appended = std::fs::read(&file).unwrap();
    assert!(appended.starts_with(&first), "a few changes are appended, not the whole cache rewritten");
    assert_eq!(records(&appended).len() - records(&first).len(), 2);
    let cold = lint(dir, &["--no-cache"]);
    assert!(cold.contains("XX.99.99"), "{cold}");
    assert_eq!(cached, cold);
    assert_eq!(lint(dir, &[]), cold, "the run after");
    assert!(std::fs::read(&file).unwrap() == appended, "a run where nothing changed writes nothing");

    // Most files changed: the cache is written anew, a line per file, rather than grow past twice its size.
    let descriptors: Vec<PathBuf> =
        tree(&dir.join("estate")).into_keys().filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    for path in &descriptors {
        let path = dir.join("estate").join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("# edited\n{text}")).unwrap();
    }
    let edited = lint(dir, &[]);
    let rewritten = std::fs::read(&file).unwrap();
    assert!(!rewritten.starts_with(&appended[..first.len()]));
    assert_eq!(records(&rewritten).len(), descriptors.len());
    assert_eq!(edited, lint(dir, &["--no-cache"]));
    std::fs::remove_file(&file).unwrap();
    assert_eq!(lint(dir, &[]), edited);
    assert!(std::fs::read(&file).unwrap() == rewritten, "the cache rewritten is the cache of the new tree");
}

/// The records of a cache file after its header (`<hash> <stamp> <path> <entry length> <check>`, a newline,
/// the entry and a newline), each as its line and where the record starts.
fn records(bytes: &[u8]) -> Vec<(String, usize)> {
    let mut at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut records = Vec::new();
    while at < bytes.len() {
        let end = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap();
        let line = String::from_utf8(bytes[at..end].to_vec()).unwrap();
        let len: usize = line.rsplit(' ').nth(1).unwrap().parse().unwrap();
        records.push((line, at));
        at = end + 1 + len + 1;
        assert_eq!(bytes[at - 1], b'\n', "each entry ends with a newline");
    }
    records
}

/// Whether every record of the cache file has a stamp (else none has).
fn stamped(file: &Path) -> Option<bool> {
    let stamps: Vec<bool> =
        records(&std::fs::read(file).unwrap()).iter().map(|(l, _)| l.split(' ').nth(1).unwrap() != "-").collect();
    stamps.iter().all(|&s| s == stamps[0]).then(|| stamps[0])
}

#[test]
fn files_unchanged_since_they_settled_are_not_read_again_and_print_the_same() {
    let tmp = project(120);
    let dir = tmp.path();
    let formats = [&[][..], &["--format", "json"][..], &["--format", "concise"][..]];
    let cold: Vec<String> = formats.iter().map(|f| lint(dir, &[&["--no-cache"][..], f].concat())).collect();
    lint(dir, &[]);
    let [file] = cache_files(dir).try_into().unwrap();
    assert_eq!(stamped(&file), Some(false), "files written just now are checked by their text");
    // Two seconds on, a run records each file's stamp; the runs after trust it and read no descriptor, but for
    // the snippets and places shown.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(lint(dir, &[]), cold[0]);
    assert_eq!(stamped(&file), Some(true));
    for (format, cold) in formats.iter().zip(&cold) {
        assert_eq!(&lint(dir, format), cold, "{format:?}");
    }
    // Every file written anew with the same text (a fresh checkout, as in CI): each is read and found
    // unchanged, and the cache is not rewritten for stamps no later checkout would have.
    let stamped_cache = std::fs::read(&file).unwrap();
    for (path, bytes) in tree(&dir.join("estate")) {
        let path = dir.join("estate").join(path);
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(lint(dir, &[]), cold[0]);
    assert!(std::fs::read(&file).unwrap() == stamped_cache, "new stamps for every file are not written");
    // An edit changes the file's stamp: it is read again.
    let edited = dir.join("estate/d0001/d0001.s002.yaml");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replacen("capabilities: [", "capabilities: [XX.99.99, ", 1)).unwrap();
    let after = lint(dir, &[]);
    assert!(after.contains("XX.99.99"), "{after}");
    assert_eq!(after, lint(dir, &["--no-cache"]));
}

#[test]
fn a_corrupt_truncated_or_foreign_cache_is_ignored_and_rewritten() {
    let tmp = project(200);
    let dir = tmp.path();
    let cold = lint(dir, &["--no-cache"]);
    lint(dir, &[]);
    let [file] = cache_files(dir).try_into().unwrap();
    let good = std::fs::read(&file).unwrap();
    let header_end = good.iter().position(|&b| b == b'\n').unwrap();
    let all = records(&good);
    let (line, start) = &all[all.len() / 2];
    let mut flipped = good.clone();
    // Damage inside an entry: one bit of a byte in the middle of it.
    flipped[start + line.len() + 1 + 5] ^= 0x10;
    let mut foreign = good.clone();
    foreign[header_end - 1] = if good[header_end - 1] == b'0' { b'1' } else { b'0' };
    // Two files' entries swapped, each whole and with its length and check: the check covers the path too.
    let mut swapped = good[..all[1].1].to_vec();
    let entry_of = |(line, start): &(String, usize)| {
        let len: usize = line.rsplit(' ').nth(1).unwrap().parse().unwrap();
        good[start + line.len() + 1..start + line.len() + 1 + len + 1].to_vec()
    };
    let line_of = |i: usize, other: usize| {
        let (line, _) = &all[i];
        let (other_line, _) = &all[other];
        let mut parts: Vec<&str> = line.split(' ').collect();
        let theirs: Vec<&str> = other_line.rsplitn(3, ' ').collect();
        let n = parts.len();
        (parts[n - 2], parts[n - 1]) = (theirs[1], theirs[0]);
        format!("{}\n", parts.join(" ")).into_bytes()
    };
    swapped.extend(line_of(1, 2));
    swapped.extend(entry_of(&all[2]));
    swapped.extend(line_of(2, 1));
    swapped.extend(entry_of(&all[1]));
    swapped.extend_from_slice(&good[all[3].1..]);
    assert_eq!(records(&swapped).len(), all.len());
    // A record that claims the longest entry there can be.
    let (line, start) = &all[0];
    let mut endless = good[..*start].to_vec();
    let mut parts: Vec<&str> = line.split(' ').collect();
    let n = parts.len();
    parts[n - 2] = "18446744073709551615";
    endless.extend(format!("{}\n", parts.join(" ")).into_bytes());
    endless.extend_from_slice(&good[start + line.len() + 1..]);
    let damaged: [(&str, Vec<u8>); 6] = [
        ("garbage", b"\x00\xffnot a cache at all\n".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("flipped", flipped),
        ("foreign key", foreign),
        ("entries swapped", swapped),
        ("an endless entry", endless),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(lint(dir, &[]), cold, "{what}");
        let rewritten = std::fs::read(&file).unwrap();
        assert_eq!(&rewritten[..=header_end], &good[..=header_end], "{what}: the header is written again");
        assert_eq!(lint(dir, &[]), cold, "{what}: the run after");
    }
}

#[test]
fn no_cache_and_no_config_write_nothing() {
    let tmp = project(50);
    let dir = tmp.path();
    lint(dir, &["--no-cache"]);
    assert!(!dir.join(".xgea-cache").exists());
    lint(dir, &["--no-config"]);
    assert!(!dir.join(".xgea-cache").exists(), "without a config file there is no project to keep a cache in");
    let elsewhere = dir.join("elsewhere");
    lint(dir, &["--no-config", "--cache-dir", elsewhere.to_str().unwrap()]);
    assert!(tree(&elsewhere).keys().any(|p| p.extension().is_some_and(|e| e == "cache")));
    assert!(elsewhere.join(".gitignore").exists() && elsewhere.join("CACHEDIR.TAG").exists());
    assert!(!dir.join(".xgea-cache").exists());
    let before = tree(&dir.join("estate"));
    lint(dir, &[]);
    assert_eq!(tree(&dir.join("estate")), before, "the cache writes nothing among the descriptors");
}
