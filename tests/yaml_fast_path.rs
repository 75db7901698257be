//! The block-style fast path of the YAML loader gives exactly what the general parser gives (documents,
//! values, the span of every node and key, problems) on every text it accepts: every YAML file in the
//! repository, every case of the YAML test suite, generated estates, and thousands of mutations of them.
//! And it does accept what descriptors are written like, so the comparison is not vacuous.

use std::path::{Path, PathBuf};

use xgea::source::{Limits, parse_yaml, parse_yaml_general, takes_fast_path};

#[path = "../benches/support/generator.rs"]
mod generator;
#[path = "support/yaml_suite.rs"]
mod yaml_suite;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            // The YAML test suite has a test of its own below.
            if name != "target" && name != "yaml-test-suite" && !name.starts_with('.') {
                yaml_files(&path, out);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(path);
        }
    }
}

fn repository_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["examples", "model", "tests/fixtures", "ci", "docs"] {
        yaml_files(&root.join(dir), &mut paths);
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some((p.strip_prefix(root).unwrap().display().to_string(), text))
        })
        .collect()
}

/// Compares the two paths on `text`; returns whether the fast path took it.
fn agree(name: &str, text: &str) -> bool {
    if !takes_fast_path(text) {
        return false;
    }
    let fast = parse_yaml(text, Limits::default());
    let general = parse_yaml_general(text, Limits::default());
    assert_eq!(fast, general, "the fast path and the general parser disagree on {name}:\n{text}");
    true
}

#[test]
fn the_fast_path_agrees_with_the_general_parser_on_every_file_in_the_repository() {
    let texts = repository_texts();
    assert!(texts.len() > 250, "{} files", texts.len());
    let mut taken = 0;
    for (name, text) in &texts {
        if agree(name, text) {
            taken += 1;
        }
    }
    println!("fast path: {taken} of {} repository files", texts.len());
    // Descriptors as people write them take the fast path.
    for (name, text) in texts.iter().filter(|(n, _)| n.starts_with("examples/estate/")) {
        assert!(takes_fast_path(text), "{name} should take the fast path");
    }
    // The rest hold block scalars, escapes, anchors, syntax errors and hostile input, on purpose.
    assert!(taken * 10 > texts.len() * 9, "only {taken} of {} files took the fast path", texts.len());
}

#[test]
fn the_fast_path_agrees_on_every_case_of_the_yaml_test_suite_it_accepts() {
    let (root, cases) = (yaml_suite::root(), yaml_suite::cases());
    assert_eq!(cases.len(), 402);
    let (mut taken, mut errors_taken) = (0, 0);
    for case in &cases {
        let text = String::from_utf8_lossy(&std::fs::read(case.join("in.yaml")).unwrap()).into_owned();
        let name = case.strip_prefix(&root).unwrap().display().to_string();
        if agree(&name, &text) {
            taken += 1;
            if case.join("error").exists() {
                errors_taken += 1;
                let problems = parse_yaml(&text, Limits::default()).problems;
                assert!(!problems.is_empty(), "{name} is an error case and the fast path accepted it quietly");
            }
        }
    }
    println!("fast path: {taken} of {} suite cases ({errors_taken} of them error cases)", cases.len());
    // The suite exercises what descriptors do not use (anchors, tags, block scalars, flow mappings as keys),
    // so few of its cases keep to the block style.
    assert!(taken >= 20, "only {taken} suite cases took the fast path");
}

#[test]
fn the_fast_path_agrees_on_generated_estates() {
    let dir = std::env::temp_dir().join(format!("xgea-fast-path-{}", std::process::id()));
    for layout in [generator::Layout::PerSystem, generator::Layout::PerDepartment] {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = generator::Spec { sourcing: true, ..generator::Spec::new(300, layout, 7) };
        let planted = generator::generate(&dir, &spec).unwrap();
        let mut paths = Vec::new();
        yaml_files(&dir, &mut paths);
        let mut taken = 0;
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            if agree(&path.display().to_string(), &text) {
                taken += 1;
            }
        }
        // Only the planted broken drafts go to the general parser.
        assert_eq!(taken + planted.broken_files, paths.len(), "generated files that took the fast path");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Characters that change how YAML reads: every one of them is tried at random places.
const SIGNIFICANT: &[&str] = &[
    " ", "  ", "\n", "\n  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "''", "[", "]", ",", "{", "}", "&a", "*a",
    "!", "|", ">", "?", "%", "@", "`", "---\n", "...\n", "\\", "~", "null", "1", "-1", "0x1", "1e3", "é", "\t", "\r\n",
    "a: b", "\n- ", "\n  - ", "x",
];

fn mutate(text: &str, rng: &mut generator::Rng) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let mut at = rng.below(out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 => out.insert_str(at, SIGNIFICANT[rng.below(SIGNIFICANT.len())]),
            1 => {
                let mut end = (at + 1 + rng.below(4)).min(out.len());
                while !out.is_char_boundary(end) {
                    end += 1;
                }
                out.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + 1).min(out.len());
                while !out.is_char_boundary(end) {
                    end += 1;
                }
                out.replace_range(at..end, SIGNIFICANT[rng.below(SIGNIFICANT.len())]);
            }
        }
    }
    out
}

#[test]
fn the_fast_path_agrees_on_mutated_descriptors() {
    let texts: Vec<(String, String)> = repository_texts()
        .into_iter()
        .filter(|(name, text)| name.starts_with("examples/") && text.len() < 20_000 && takes_fast_path(text))
        .collect();
    assert!(texts.len() > 40);
    let mut rng = generator::Rng::new(0x9e37_79b9_7f4a_7c15);
    let (mut tried, mut taken) = (0, 0);
    for (name, text) in &texts {
        for round in 0..300 {
            let mutated = mutate(text, &mut rng);
            tried += 1;
            if agree(&format!("{name}, mutation {round}"), &mutated) {
                taken += 1;
            }
        }
    }
    println!("fast path: {taken} of {tried} mutated descriptors");
    assert!(taken * 4 > tried, "only {taken} of {tried} mutations took the fast path");
}
