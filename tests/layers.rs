//! The module map of `src/lib.rs`, enforced: data flows one way, read → validate → model → estate → graph →
//! rules → config → lint → output, and no module imports one above it. Each source file's `crate::` paths
//! are read and checked against the table below (the longest matching module prefix gives the layer).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// (module prefix, layer), low to high. A module may use its own layer and the layers below.
const LAYERS: &[(&str, u32)] = &[
    ("diagnostic", 0),
    ("macros", 0),
    ("money", 0),
    ("markdown", 0),
    ("date", 0),
    ("hash", 0),
    ("intern", 0),
    ("source", 1),
    ("schema", 2),
    ("document", 2),
    ("rules::input", 2),
    ("model", 3),
    ("rules::model", 4),
    ("estate", 5),
    ("graph", 6),
    ("snapshot", 6),
    ("rules", 7),
    ("config", 8),
    ("lint", 9),
    ("baseline", 9),
    ("lifecycle", 10),
    ("roadmap", 10),
    ("sourcing", 10),
    ("scorecard", 10),
    ("output", 10),
    ("import", 10),
    ("site", 11),
    ("cli", 12),
];

fn layer_of(module: &str) -> Option<(&'static str, u32)> {
    LAYERS
        .iter()
        .filter(|(prefix, _)| module == *prefix || module.starts_with(&format!("{prefix}::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .copied()
}

/// `src/a/b.rs` → `a::b`; `src/a/mod.rs` → `a`.
fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Every `crate::a::b…` path in the code of a file (comments left out), as module paths of up to two
/// lower-case segments; `use crate::{a, b::{c, d}}` groups, over several lines too, count each member.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        collect(rest, &[], &mut out);
    }
    out
}

/// Reads one path (or group) at the start of `text`, below `prefix`, into `out`.
fn collect(text: &str, prefix: &[String], out: &mut BTreeSet<String>) {
    let mut segments = prefix.to_vec();
    let mut rest = text.trim_start();
    loop {
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            break;
        }
        segments.push(name.clone());
        rest = rest[name.len()..].trim_start();
        match rest.strip_prefix("::") {
            Some(after) => rest = after.trim_start(),
            None => break,
        }
    }
    if let Some(group) = rest.strip_prefix('{') {
        // Split the group's members at top-level commas.
        let (mut depth, mut start) = (0usize, 0usize);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    collect(&group[start..i], &segments, out);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    collect(&group[start..i], &segments, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let modules: Vec<&String> =
        segments.iter().take_while(|s| s.chars().next().is_some_and(|c| c.is_lowercase())).take(2).collect();
    if !modules.is_empty() {
        out.insert(modules.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("::"));
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_one_above_it_and_no_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    // Edges between the table's units, for the cycle check.
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in &files {
        let module = module_of(file, &src);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some((unit, layer)) = layer_of(&module) else {
            violations.push(format!("{module}: not in the module map (tests/layers.rs and src/lib.rs)"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for target in crate_paths(&text) {
            let Some((target_unit, target_layer)) = layer_of(&target) else { continue };
            if target_layer > layer {
                violations.push(format!("{module} (layer {layer}) uses crate::{target} (layer {target_layer})"));
            }
            if target_unit != unit {
                edges.entry(unit).or_default().insert(target_unit);
            }
        }
    }
    assert!(violations.is_empty(), "imports that reach up the pipeline:\n{}", violations.join("\n"));
    // Within one layer, imports must not go round in a circle either.
    fn visit<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|n| *n == node) {
            panic!("import cycle: {} → {node}", path[at..].join(" → "));
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_checker_sees_imports() {
    let paths = crate_paths(
        "use crate::model::{Model, X};\nuse crate::{\n    estate,\n    graph::{EstateGraph, export::dot},\n};\nlet x = crate::rules::ALL; // crate::cli\nuse crate::rules::input::{xg001_yaml_syntax, xg002};\n",
    );
    assert!(paths.contains("model"));
    assert!(paths.contains("estate") && paths.contains("graph::export") && paths.contains("graph"));
    assert!(paths.contains("rules") && paths.contains("rules::input"));
    assert!(!paths.contains("cli"), "comments are left out");
    assert_eq!(layer_of("rules::input::xg001_yaml_syntax").unwrap().1, 2);
    assert_eq!(layer_of("rules::references::xg101").unwrap().1, 7);
}
