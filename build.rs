//! Records the git commit xgea is built from, for `xgea --version`.
//!
//! Sets `XGEA_GIT_COMMIT` (short hash) when the crate is built from a git checkout and `git` can read it;
//! otherwise sets nothing and says nothing (a packaged crate has no `.git`). Asks cargo to run again only when
//! the checked-out commit can have changed: `HEAD`, the branch's ref and `packed-refs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else { return };
    // Only this crate's own checkout: a packaged copy inside another repository's target/ must not pick up
    // that repository's commit.
    if !root.join(".git").exists() {
        return;
    }
    let Some(commit) = git(&root, &["rev-parse", "--short", "HEAD"]) else { return };
    println!("cargo:rustc-env=XGEA_GIT_COMMIT={commit}");

    let mut watched = vec![git_path(&root, "HEAD"), git_path(&root, "packed-refs")];
    if let Some(ref_path) = git(&root, &["symbolic-ref", "-q", "HEAD"]).and_then(|r| git_path(&root, &r)) {
        // The branch's loose ref, or, while it is only packed, the directory it will be created in.
        let dir = ref_path.parent().map(Path::to_path_buf);
        watched.push(if ref_path.exists() { Some(ref_path) } else { dir });
    }
    for path in watched.into_iter().flatten().filter(|p| p.exists()) {
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
