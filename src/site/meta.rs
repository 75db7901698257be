//! What every page's footer says about the report itself: when it was generated and from which source
//! revision.
//!
//! The time is `SOURCE_DATE_EPOCH` when set (reproducible builds: the same input and the same epoch give a
//! byte-identical report), else now. The revision is the one the user names (`--revision`), else read from the
//! git repository holding the descriptors by reading its files (`HEAD` → ref → commit, loose or packed; a
//! linked worktree's `.git` file is followed); no git command is run. Anything unreadable gives `unknown`.

use std::fs;
use std::path::{Path, PathBuf};

/// When and from what the report was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// Seconds since the Unix epoch (UTC).
    pub epoch: i64,
    /// The revision as shown: a 12-digit commit, the user's text, or `unknown`.
    pub revision: String,
}

impl ReportMeta {
    /// `2026-11-30 12:42 UTC`.
    pub fn generated(&self) -> String {
        format_epoch(self.epoch)
    }
}

/// The generation time: `SOURCE_DATE_EPOCH` (whole seconds, `source_date_epoch`) when given, else now.
pub fn epoch_from(source_date_epoch: Option<&str>) -> Result<i64, String> {
    match source_date_epoch {
        Some(text) => {
            let secs: i64 = text
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH `{text}` is not a whole number of seconds"))?;
            jiff::Timestamp::from_second(secs).map_err(|_| format!("SOURCE_DATE_EPOCH `{text}` is out of range"))?;
            if !(0..253_402_300_800).contains(&secs) {
                return Err(format!("SOURCE_DATE_EPOCH `{text}` is not between 1970 and 9999"));
            }
            Ok(secs)
        }
        None => Ok(jiff::Timestamp::now().as_second()),
    }
}

/// `2026-11-30 12:42 UTC` for an epoch in range.
pub fn format_epoch(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        // RFC 3339: `2026-11-30T12:42:13Z`.
        Ok(ts) => {
            let text = ts.to_string();
            match (text.get(..10), text.get(11..16)) {
                (Some(day), Some(time)) => format!("{day} {time} UTC"),
                _ => text,
            }
        }
        Err(_) => "unknown".to_string(),
    }
}

/// The commit checked out in the git repository holding `start` (a file or directory), as 12 hex digits.
pub fn git_revision(start: &Path) -> Option<String> {
    let start = fs::canonicalize(start).ok()?;
    let dir = if start.is_dir() { start } else { start.parent()?.to_path_buf() };
    let dot_git = dir.ancestors().map(|d| d.join(".git")).find(|p| p.exists())?;
    let git_dir = git_dir_of(&dot_git)?;
    let head = read_small(&git_dir.join("HEAD"))?;
    let head = head.trim();
    let sha = match head.strip_prefix("ref:") {
        None => head.to_string(),
        Some(name) => resolve_ref(&git_dir, name.trim())?,
    };
    is_object_id(&sha).then(|| sha[..12].to_ascii_lowercase())
}

/// `.git` itself, or the directory a `.git` file (`gitdir: …`, a linked worktree or submodule) names.
fn git_dir_of(dot_git: &Path) -> Option<PathBuf> {
    if dot_git.is_dir() {
        return Some(dot_git.to_path_buf());
    }
    let text = read_small(dot_git)?;
    let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
    let path = Path::new(target);
    Some(if path.is_absolute() { path.to_path_buf() } else { dot_git.parent()?.join(path) })
}

/// A ref's commit: a loose ref in the git directory or its common directory, else `packed-refs`.
fn resolve_ref(git_dir: &Path, name: &str) -> Option<String> {
    // Only names under refs/, never a path that climbs out of the repository.
    if !name.starts_with("refs/") || name.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
        return None;
    }
    let common = read_small(&git_dir.join("commondir"))
        .map(|c| {
            let c = Path::new(c.trim());
            if c.is_absolute() { c.to_path_buf() } else { git_dir.join(c) }
        })
        .unwrap_or_else(|| git_dir.to_path_buf());
    for dir in [git_dir, common.as_path()] {
        if let Some(text) = read_small(&dir.join(name)) {
            return Some(text.trim().to_string());
        }
    }
    let packed = read_small(&common.join("packed-refs"))?;
    packed.lines().find_map(|line| {
        let (sha, refname) = line.split_once(' ')?;
        (refname.trim() == name).then(|| sha.to_string())
    })
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A small text file (refs and HEAD are a line; `packed-refs` may be long, but not past 64 MiB).
fn read_small(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    fs::read_to_string(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn source_date_epoch_is_honoured_and_checked() {
        assert_eq!(epoch_from(Some("1700000000")), Ok(1_700_000_000));
        assert_eq!(format_epoch(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(format_epoch(0), "1970-01-01 00:00 UTC");
        assert!(epoch_from(Some("soon")).unwrap_err().contains("not a whole number"));
        assert!(epoch_from(Some("-5")).is_err());
        assert!(epoch_from(None).unwrap() > 1_700_000_000);
    }

    #[test]
    fn revision_from_a_loose_ref_a_packed_ref_a_detached_head_and_a_worktree() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let git = repo.join(".git");
        fs::create_dir_all(git.join("refs/heads")).unwrap();
        fs::create_dir_all(repo.join("estate/dwp")).unwrap();
        fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        // No ref yet: unknown.
        assert_eq!(git_revision(&repo.join("estate/dwp")), None);
        fs::write(git.join("packed-refs"), format!("# pack-refs with: peeled\n{SHA} refs/heads/main\n")).unwrap();
        assert_eq!(git_revision(&repo.join("estate/dwp")).as_deref(), Some("0123456789ab"));
        fs::write(git.join("refs/heads/main"), "fedcba9876543210fedcba9876543210fedcba98\n").unwrap();
        assert_eq!(git_revision(&repo.join("estate")).as_deref(), Some("fedcba987654"));
        fs::write(git.join("HEAD"), format!("{SHA}\n")).unwrap();
        assert_eq!(git_revision(&repo).as_deref(), Some("0123456789ab"));
        // A linked worktree: `.git` is a file naming its git directory, whose refs live in the common one.
        let wt_git = git.join("worktrees/wt");
        fs::create_dir_all(&wt_git).unwrap();
        fs::write(wt_git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(wt_git.join("commondir"), "../..\n").unwrap();
        let wt = tmp.path().join("wt");
        fs::create_dir_all(&wt).unwrap();
        fs::write(wt.join(".git"), format!("gitdir: {}\n", wt_git.display())).unwrap();
        assert_eq!(git_revision(&wt).as_deref(), Some("fedcba987654"));
        // A ref that climbs out of the repository, or garbage, is not followed.
        fs::write(git.join("HEAD"), "ref: refs/../../../etc/passwd\n").unwrap();
        assert_eq!(git_revision(&repo), None);
        fs::write(git.join("HEAD"), "not a sha\n").unwrap();
        assert_eq!(git_revision(&repo), None);
    }
}
