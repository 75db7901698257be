//! Files the user names for xgea to write (`lint --output`, `--write-baseline`): written whole or not at all,
//! and never over one of the run's inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed over `path` once complete:
/// an interrupted or failed write leaves the old file as it was. An existing file keeps its permissions; a
/// symbolic link stays a link (the file it names is replaced); a stream (`/dev/stdout`) or something that is
/// not a regular file (a FIFO) is written to directly, as there is nothing to replace.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N` name a stream (even when it is redirected to a file).
    let stream = path.starts_with("/dev") || path.starts_with("/proc");
    if stream || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(path, bytes);
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = if is_link { std::fs::canonicalize(path).ok() } else { None };
    let path = resolved.as_deref().unwrap_or(path);
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".to_string());
    let permissions = std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.permissions());
    let mut attempt = 0u32;
    let (temp, mut file) = loop {
        let temp = dir.join(format!(".{name}.xgea-{}-{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => break (temp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&temp, permissions)?;
        }
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Refuses to write `output` (named by `flag`) when it is the same file as one of `inputs`.
pub fn refuse_input(output: &Path, flag: &str, inputs: &[PathBuf]) -> miette::Result<()> {
    // A file that does not exist yet is no input.
    let Ok(target) = output.canonicalize() else { return Ok(()) };
    let Some(input) = inputs.iter().find(|p| p.canonicalize().is_ok_and(|c| c == target)) else { return Ok(()) };
    let same = if crate::source::display_path_of(input) == crate::source::display_path_of(output) {
        String::new()
    } else {
        format!(" (`{}`)", crate::source::display_path_of(input))
    };
    Err(miette::miette!(
        help = "name a new file for the output; xgea never overwrites the files it reads",
        "refusing to write {flag} `{}`: it is one of the inputs of this run{same}",
        crate::source::display_path_of(output),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_a_device_is_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        write_atomically(Path::new("/dev/null"), b"gone").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails, and nothing is left behind.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), "x").unwrap();
        assert!(write_atomically(&path, b"new").is_err());
        assert!(path.join("keep").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
