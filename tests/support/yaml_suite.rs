//! The vendored YAML test suite (`tests/fixtures/yaml-test-suite`, MIT, see its LICENSE): every case directory
//! holding an `in.yaml`, sorted. Shared by the test binaries that read it (`#[path]`).

use std::path::{Path, PathBuf};

/// The suite's root directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml-test-suite")
}

/// Every case under [`root`], sorted.
pub fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(&root(), &mut out);
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.join("in.yaml").is_file() {
            out.push(path.clone());
        }
        if path.is_dir() {
            collect(&path, out);
        }
    }
}
