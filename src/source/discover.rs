//! Which files a run reads: YAML files under the paths the user named, `.gitignore`-aware, sorted.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DiscoverError {
    #[error("`{0}` does not exist")]
    #[diagnostic(code(xgea::path_not_found), help("check the path; xgea lints YAML files and directories of them"))]
    NotFound(String),
    #[error("no YAML files (*.yaml, *.yml) under {0}")]
    #[diagnostic(
        code(xgea::no_yaml),
        help("point xgea at a directory of department descriptors, e.g. `xgea lint examples/estate`")
    )]
    NoYaml(String),
    #[error("cannot read directory `{path}`: {message}")]
    #[diagnostic(code(xgea::walk))]
    Walk { path: String, message: String },
}

fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// Display form of a path: as given, with `/` separators and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let clean: PathBuf = path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    let s = clean.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".to_string() } else { s }
}

/// Lists the YAML files under `paths`. A file named explicitly is taken whatever its extension; directories
/// are walked honouring `.gitignore` (inside or outside a git repository) and skipping hidden entries.
/// The result is sorted and free of duplicates, so the order never depends on the file system.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut found = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(DiscoverError::NotFound(display_path(path)));
        }
        if path.is_file() {
            found.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path).require_git(false).follow_links(false).build();
        for entry in walker {
            let entry = entry.map_err(|e| DiscoverError::Walk { path: display_path(path), message: e.to_string() })?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_yaml(entry.path()) {
                found.push(entry.into_path());
            }
        }
    }
    found.sort();
    found.dedup();
    if found.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", display_path(p))).collect();
        return Err(DiscoverError::NoYaml(names.join(", ")));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_yaml_sorted_and_skips_ignored_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b")).unwrap();
        std::fs::write(d.join("b/z.yaml"), "a: 1").unwrap();
        std::fs::write(d.join("a.yml"), "a: 1").unwrap();
        std::fs::write(d.join("notes.txt"), "x").unwrap();
        std::fs::write(d.join("skip.yaml"), "a: 1").unwrap();
        std::fs::write(d.join(".gitignore"), "skip.yaml\n").unwrap();
        let files = discover(&[d.to_path_buf()]).unwrap();
        let names: Vec<_> = files.iter().map(|p| p.strip_prefix(d).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a.yml", "b/z.yaml"]);
    }

    #[test]
    fn missing_path_and_empty_directory_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(discover(&[dir.path().join("nope")]), Err(DiscoverError::NotFound(_))));
        assert!(matches!(discover(&[dir.path().to_path_buf()]), Err(DiscoverError::NoYaml(_))));
    }
}
