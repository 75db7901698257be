//! Records the git commit xgea is built from, for `xgea --version`.
//!
//! Sets `XGEA_GIT_COMMIT` (short hash) when the crate is built from a git checkout and `git` can read it;
//! otherwise sets nothing and says nothing (a packaged crate has no `.git`). Asks cargo to run it again only when
//! the checked-out commit can have changed: `HEAD`, the branch's ref and `packed-refs`.
//!
//! `cargo package` verifies the packaged copy in the same target directory, where it shares this script's
//! output with the checkout's own build. So each side also watches a file only it has (the checkout's `.git`,
//! the package's `Cargo.toml.orig`): the other side finds it missing and runs the script again.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else { return };
    // Only this crate's own checkout: a packaged copy inside another repository's target/ must not pick up
    // that repository's commit.
    let dot_git = root.join(".git");
    if !dot_git.exists() {
        if root.join("Cargo.toml.orig").is_file() {
            println!("cargo:rerun-if-changed=Cargo.toml.orig");
        }
        return;
    }
    let Some(commit) = git(&root, &["rev-parse", "--short", "HEAD"]) else { return };
    println!("cargo:rustc-env=XGEA_GIT_COMMIT={commit}");

    // `.git` is a file in a worktree (pointing at the real git directory); in a clone, `.git/HEAD` is watched.
    let mut watched =
        vec![dot_git.is_file().then_some(dot_git), git_path(&root, "HEAD"), git_path(&root, "packed-refs")];
    if let Some(ref_path) = git(&root, &["symbolic-ref", "-q", "HEAD"]).and_then(|r| git_path(&root, &r)) {
        // The branch's loose ref, or, while it is only packed, the directory it will be created in.
        let dir = ref_path.parent().map(Path::to_path_buf);
        watched.push(if ref_path.exists() { Some(ref_path) } else { dir });
    }
    for path in watched.into_iter().flatten().filter(|p| p.exists()) {
        // Relative to the crate when inside it, so that a copy without `.git` sees the path missing.
        let path = path.strip_prefix(&root).unwrap_or(&path);
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// Trimmed stdout of a successful git command, or `None`.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(root).args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}

/// Where git keeps `name` for this checkout (worktrees keep refs in the common directory), made absolute.
fn git_path(root: &Path, name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(git(root, &["rev-parse", "--git-path", name])?);
    Some(if path.is_absolute() { path } else { root.join(path) })
}
