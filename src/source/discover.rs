//! Which files a run reads: YAML files under the paths the user named, `.gitignore`-aware, sorted.

use std::path::{Path, PathBuf};

use crate::hash::{HashMap, HashMapExt};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DiscoverError {
    #[error("`{0}` does not exist")]
    #[diagnostic(code(xgea::path_not_found), help("check the path; xgea lints YAML files and directories of them"))]
    NotFound(String),
    #[error("no YAML files (*.yaml, *.yml) under {names}{skipped}")]
    #[diagnostic(
        code(xgea::no_yaml),
        help("point xgea at a directory of department descriptors, e.g. `xgea lint examples/estate`")
    )]
    NoYaml { names: String, skipped: String },
    #[error("cannot read `{path}`: it is {kind}, not a file or a directory")]
    #[diagnostic(
        code(xgea::not_a_file),
        help("xgea reads regular files only; save the descriptor to a file and name that")
    )]
    NotRegular { path: String, kind: &'static str },
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(xgea::bad_symlink), help("fix or remove the symbolic link"))]
    BadSymlink { path: String, reason: String },
    #[error("cannot read directory `{path}`: {message}")]
    #[diagnostic(code(xgea::walk))]
    Walk { path: String, message: String },
}

/// A path under the named directories that was not read, and why (`xgea lint --verbose` lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// As shown: see [`display_path`].
    pub path: String,
    pub reason: String,
    /// The same file was read under another name: nothing was lost.
    pub duplicate: bool,
}

/// What a run reads, and what it passed over under the named directories.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    /// Sorted, one path per file (however many ways it was named).
    pub files: Vec<PathBuf>,
    /// Sorted by path.
    pub skipped: Vec<Skipped>,
}

/// `*.yaml` and `*.yml`, in any case (`A.YAML`, `b.Yml`).
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Display form of a path: as given, with `/` separators and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let clean: PathBuf = path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    let s = clean.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".to_string() } else { s }
}

/// What a file that is neither a regular file nor a directory is, for messages.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_symlink() { "a symbolic link" } else { "not a regular file" }
}

/// Why a symbolic link cannot be followed: the system's words say whether it is a loop ("too many levels of
/// symbolic links") or leads nowhere.
fn broken_link(error: &std::io::Error) -> String {
    format!("a symbolic link that cannot be followed ({error})")
}

/// One candidate file: the argument it came from, as found, the file it is, and whether a link led to it.
struct Candidate {
    arg: usize,
    path: PathBuf,
    canonical: PathBuf,
    via_link: bool,
}

/// Lists the YAML files under `paths`. A file named explicitly is taken whatever its extension; directories
/// are walked honouring `.gitignore` (inside or outside a git repository) and skipping hidden entries.
/// The result is sorted and free of duplicates, so the order never depends on the file system.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    discover_all(paths).map(|d| d.files)
}

/// As [`discover`], with what was passed over and why.
///
/// - A named path that cannot be read (missing, a FIFO, a socket, a device, a broken link) is an error.
/// - One file reached several ways (`a`, `./a`, `/abs/a`, overlapping directories, a link to a file also in
///   the tree) is read once: under its own name rather than a link's, else under the first argument's spelling.
/// - Under a directory, `*.yaml` / `*.yml` (any case) regular files are read. A symbolic link to such a file is
///   followed when the file is inside one of the named paths (so it is also read there, and read once); a link
///   leading outside them, a link to a directory (its files are walked where they live, so no link loop can
///   trap the walk), a broken link, an unreadable directory and a FIFO/socket/device named like YAML are
///   skipped and listed in [`Discovered::skipped`].
pub fn discover_all(paths: &[PathBuf]) -> Result<Discovered, DiscoverError> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut skipped = Vec::new();
    let roots: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let inside = |target: &Path| roots.iter().any(|r| target.starts_with(r));
    for (arg, path) in paths.iter().enumerate() {
        let Ok(link_meta) = std::fs::symlink_metadata(path) else {
            return Err(DiscoverError::NotFound(display_path(path)));
        };
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if link_meta.is_symlink() => {
                return Err(DiscoverError::BadSymlink { path: display_path(path), reason: broken_link(&e) });
            }
            Err(e) => return Err(DiscoverError::Walk { path: display_path(path), message: e.to_string() }),
        };
        if meta.is_file() {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            found.push(Candidate { arg, path: path.clone(), canonical, via_link: false });
            continue;
        }
        if !meta.is_dir() {
            return Err(DiscoverError::NotRegular { path: display_path(path), kind: kind_of(meta.file_type()) });
        }
        // Entries under the walked directory are reached without following links (the walk does not follow
        // them), so a regular file's canonical path is the directory's joined with the rest: one `canonicalize`
        // for the directory instead of one per file (each a handful of `readlink` calls; 100,000 files).
        let canonical_root = path.canonicalize().unwrap_or_else(|_| path.clone());
        // Each directory's entries in name order: the walk then yields paths already in the order they are
        // sorted into below, so for a directory that sort only confirms it.
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    skipped.push(Skipped { path: error_path(&e, path), reason: e.to_string(), duplicate: false });
                    continue;
                }
            };
            // The named directory itself (walked even when it is a link to one).
            if entry.depth() == 0 {
                continue;
            }
            let Some(file_type) = entry.file_type() else { continue };
            let entry_path = entry.path();
            if file_type.is_dir() {
                continue;
            }
            if file_type.is_file() {
                if is_yaml(entry_path) {
                    let canonical = match entry_path.strip_prefix(path) {
                        Ok(rest) => canonical_root.join(rest),
                        Err(_) => entry_path.canonicalize().unwrap_or_else(|_| entry_path.to_path_buf()),
                    };
                    found.push(Candidate { arg, path: entry.into_path(), canonical, via_link: false });
                }
                continue;
            }
            let skip = |reason: String| Skipped { path: display_path(entry_path), reason, duplicate: false };
            if !file_type.is_symlink() {
                if is_yaml(entry_path) {
                    skipped.push(skip(format!("{}, not a regular file", kind_of(file_type))));
                }
                continue;
            }
            match std::fs::metadata(entry_path) {
                Err(e) => {
                    if is_yaml(entry_path) {
                        skipped.push(skip(broken_link(&e)));
                    }
                }
                Ok(target) if target.is_dir() => {
                    skipped.push(skip(
                        "a symbolic link to a directory: not followed (xgea reads files where they are)".to_string(),
                    ));
                }
                Ok(_) if !is_yaml(entry_path) => {}
                Ok(target) if !target.is_file() => {
                    skipped
                        .push(skip(format!("a symbolic link to {}, not a regular file", kind_of(target.file_type()))));
                }
                Ok(_) => match entry_path.canonicalize() {
                    Ok(canonical) if inside(&canonical) => {
                        found.push(Candidate { arg, path: entry.into_path(), canonical, via_link: true });
                    }
                    Ok(canonical) => skipped
                        .push(skip(format!("a symbolic link to `{}`, outside the paths named", canonical.display()))),
                    Err(e) => skipped.push(skip(broken_link(&e))),
                },
            }
        }
    }
    // Pick each file's name: its own over a link's, then the earliest argument, then the first path.
    found.sort_by(|a, b| (a.via_link, a.arg, &a.path).cmp(&(b.via_link, b.arg, &b.path)));
    // Canonical path → its position in `files`.
    let mut seen: HashMap<PathBuf, usize> = HashMap::with_capacity(found.len());
    let mut files: Vec<PathBuf> = Vec::with_capacity(found.len());
    for c in found {
        match seen.get(&c.canonical) {
            // The same name written another way (`./a`, `a`): nothing to tell.
            Some(&first) if display_path(&files[first]) == display_path(&c.path) => {}
            Some(&first) => skipped.push(Skipped {
                path: display_path(&c.path),
                reason: format!("the same file as `{}`, read once", display_path(&files[first])),
                duplicate: true,
            }),
            None => {
                seen.insert(c.canonical, files.len());
                files.push(c.path);
            }
        }
    }
    files.sort();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup();
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", display_path(p))).collect();
        let passed: Vec<String> =
            skipped.iter().filter(|s| !s.duplicate).take(5).map(|s| format!("`{}` ({})", s.path, s.reason)).collect();
        let skipped = if passed.is_empty() { String::new() } else { format!("; skipped {}", passed.join(", ")) };
        return Err(DiscoverError::NoYaml { names: names.join(", "), skipped });
    }
    Ok(Discovered { files, skipped })
}

/// The path an error of the directory walk is about, else the directory walked.
fn error_path(error: &ignore::Error, root: &Path) -> String {
    match error {
        ignore::Error::WithPath { path, .. } => display_path(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err, root),
        ignore::Error::Loop { child, .. } => display_path(child),
        _ => display_path(root),
    }
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
    fn upper_case_extensions_count_and_one_file_is_listed_once_however_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("A.YAML"), "a: 1").unwrap();
        std::fs::write(d.join("sub/b.Yml"), "a: 1").unwrap();
        let again = d.join("sub/../A.YAML");
        let found = discover_all(&[d.to_path_buf(), d.join("sub"), again, d.join(".").join("sub")]).unwrap();
        let names: Vec<_> =
            found.files.iter().map(|p| p.strip_prefix(d).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["A.YAML", "sub/b.Yml"]);
        assert!(found.skipped.iter().all(|s| s.duplicate), "{:?}", found.skipped);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_inside_the_tree_loses_to_the_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("z.yaml"), "a: 1").unwrap();
        std::os::unix::fs::symlink("z.yaml", d.join("a.yaml")).unwrap();
        let found = discover_all(&[d.to_path_buf()]).unwrap();
        assert_eq!(found.files, [d.join("z.yaml")]);
        assert_eq!(found.skipped.len(), 1);
        assert!(found.skipped[0].duplicate && found.skipped[0].path.ends_with("a.yaml"));
    }

    #[test]
    fn missing_path_and_empty_directory_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(discover(&[dir.path().join("nope")]), Err(DiscoverError::NotFound(_))));
        assert!(matches!(discover(&[dir.path().to_path_buf()]), Err(DiscoverError::NoYaml { .. })));
    }
}
