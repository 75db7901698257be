//! Hostile paths, as a user (or a pushed repository) presents them: symbolic-link loops, FIFOs, sockets,
//! devices, unreadable files, directories named like YAML files, upper-case extensions, links leading out
//! of the tree. Each case has its exit code; each run is a child process with bounded memory (`prlimit --as`),
//! so a case that blew up would fail rather than take the machine down. No case measures time.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Address space of each child: far above what these small cases need, far below what a blow-up would take.
const MEMORY_LIMIT: u64 = 512 * 1024 * 1024;

/// `xgea` under `prlimit --as`, run in `dir`; plain `xgea` (with a note) where prlimit is missing.
fn xgea(dir: &Path) -> Command {
    let bin = env!("CARGO_BIN_EXE_xgea");
    let bounded = std::process::Command::new("prlimit").arg("--version").output().is_ok_and(|o| o.status.success());
    let mut cmd = if bounded {
        let mut cmd = Command::new("prlimit");
        cmd.arg(format!("--as={MEMORY_LIMIT}")).arg("--").arg(bin);
        cmd
    } else {
        eprintln!("note: prlimit not found; running without a memory limit");
        Command::new(bin)
    };
    cmd.current_dir(dir).env("NO_COLOR", "1").env("XGEA_TODAY", "2026-11-23");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// examples/minimal (a department and a system, clean) in `dir/tree`; returns the temporary directory.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    for name in ["department.yaml", "licensing.yaml"] {
        std::fs::copy(Path::new(ROOT).join("examples/minimal").join(name), tree.join(name)).unwrap();
    }
    dir
}

/// Runs `xgea lint ARGS` in `dir`, expects `code`, returns (stdout, stderr).
fn lint(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let assert = xgea(dir).arg("lint").args(args).assert().code(code);
    (text(&assert.get_output().stdout), text(&assert.get_output().stderr))
}

const CLEAN: &str = "checked 2 files (1 system in 1 department) against model 2.2.0: 0 errors, 0 warnings, 0 infos\n";

fn mkfifo(path: &Path) -> bool {
    let made = std::process::Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo failed; FIFO case skipped");
    }
    made
}

#[test]
fn a_symlink_loop_in_the_tree_is_skipped_and_reported() {
    let dir = tree();
    let t = dir.path().join("tree");
    symlink("b.yaml", t.join("a.yaml")).unwrap();
    symlink("a.yaml", t.join("b.yaml")).unwrap();
    // A directory loop too: a link back to the tree's root.
    std::fs::create_dir(t.join("sub")).unwrap();
    symlink("..", t.join("sub/up")).unwrap();
    let (out, err) = lint(dir.path(), &["tree"], 0);
    assert_eq!(out, CLEAN);
    insta::assert_snapshot!(err, @"xgea: skipped 3 path(s) under the named directories that could not be read as descriptors (`xgea lint --verbose` lists them and why)");
    let (_, err) = lint(dir.path(), &["tree", "--verbose"], 0);
    // The system's words for a loop; its error number differs between systems.
    let err = err.replace(" (os error 40)", "").replace(" (os error 62)", "");
    insta::assert_snapshot!(err, @r"
    xgea: skipped `tree/a.yaml`: a symbolic link that cannot be followed (Too many levels of symbolic links)
    xgea: skipped `tree/b.yaml`: a symbolic link that cannot be followed (Too many levels of symbolic links)
    xgea: skipped `tree/sub/up`: a symbolic link to a directory: not followed (xgea reads files where they are)
    ");
}

#[test]
fn a_named_symlink_loop_is_an_error() {
    let dir = tree();
    symlink("loop.yaml", dir.path().join("loop.yaml")).unwrap();
    let (_, err) = lint(dir.path(), &["tree", "loop.yaml"], 2);
    assert!(err.contains("cannot read `loop.yaml`: a symbolic link that cannot be followed"), "{err}");
}

#[test]
fn a_named_fifo_is_reported_not_read() {
    let dir = tree();
    let fifo = dir.path().join("pipe.yaml");
    if !mkfifo(&fifo) {
        return;
    }
    // Opening a FIFO for reading would wait for a writer for ever: it is refused before any read.
    let (_, err) = lint(dir.path(), &["tree", "pipe.yaml"], 2);
    insta::assert_snapshot!(err, @r"
    xgea::not_a_file

      × cannot read `pipe.yaml`: it is a named pipe (FIFO), not a file or a directory
      help: xgea reads regular files only; save the descriptor to a file and name that
    ");
}

#[test]
fn a_fifo_socket_and_device_in_the_tree_are_skipped_and_listed() {
    let dir = tree();
    let t = dir.path().join("tree");
    let _listener = std::os::unix::net::UnixListener::bind(t.join("socket.yaml")).unwrap();
    symlink("/dev/null", t.join("null.yaml")).unwrap();
    let fifo = mkfifo(&t.join("pipe.yml"));
    let (out, err) = lint(dir.path(), &["tree", "-v"], 0);
    assert_eq!(out, CLEAN);
    assert!(err.contains("xgea: skipped `tree/socket.yaml`: a socket, not a regular file"), "{err}");
    assert!(err.contains("xgea: skipped `tree/null.yaml`: a symbolic link to a device, not a regular file"), "{err}");
    assert!(!fifo || err.contains("xgea: skipped `tree/pipe.yml`: a named pipe (FIFO), not a regular file"), "{err}");
}

#[test]
fn named_sockets_and_devices_are_errors() {
    let dir = tree();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("s.yaml")).unwrap();
    let (_, err) = lint(dir.path(), &["s.yaml"], 2);
    assert!(err.contains("cannot read `s.yaml`: it is a socket"), "{err}");
    let (_, err) = lint(dir.path(), &["/dev/null"], 2);
    assert!(err.contains("cannot read `/dev/null`: it is a device"), "{err}");
}

#[test]
fn an_unreadable_file_is_a_located_finding() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree();
    let secret = dir.path().join("tree/secret.yaml");
    std::fs::write(&secret, "kind: System\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("note: running as root (mode 000 is still readable); unreadable-file case skipped");
        return;
    }
    let (out, _) = lint(dir.path(), &["tree", "--format", "concise"], 1);
    assert!(out.contains("tree/secret.yaml:1:1: error XG008"), "{out}");
}

#[test]
fn a_directory_named_like_a_yaml_file_is_walked() {
    let dir = tree();
    std::fs::rename(dir.path().join("tree"), dir.path().join("estate.yaml")).unwrap();
    let (out, _) = lint(dir.path(), &["estate.yaml"], 0);
    assert_eq!(out, CLEAN);
    let (out, _) = lint(dir.path(), &["."], 0);
    assert_eq!(out, CLEAN);
}

#[test]
fn upper_case_extensions_are_read() {
    let dir = tree();
    let t = dir.path().join("tree");
    std::fs::rename(t.join("licensing.yaml"), t.join("LICENSING.YAML")).unwrap();
    std::fs::rename(t.join("department.yaml"), t.join("department.Yml")).unwrap();
    let (out, err) = lint(dir.path(), &["tree"], 0);
    assert_eq!(out, CLEAN, "{err}");
}

#[test]
fn links_to_files_are_followed_inside_the_tree_only() {
    let dir = tree();
    let t = dir.path().join("tree");
    // Inside: the file is read once, under its own name.
    std::fs::create_dir(t.join("more")).unwrap();
    symlink("../licensing.yaml", t.join("more/alias.yaml")).unwrap();
    // Outside: never read (a pushed link to a file elsewhere on the runner).
    std::fs::write(dir.path().join("elsewhere.yaml"), "kind: System\n").unwrap();
    symlink(dir.path().join("elsewhere.yaml"), t.join("out.yaml")).unwrap();
    let (out, err) = lint(dir.path(), &["tree", "--verbose"], 0);
    assert_eq!(out, CLEAN);
    assert!(
        err.contains("xgea: skipped `tree/more/alias.yaml`: the same file as `tree/licensing.yaml`, read once"),
        "{err}"
    );
    assert!(err.contains("xgea: skipped `tree/out.yaml`: a symbolic link to `"), "{err}");
    assert!(err.contains("elsewhere.yaml`, outside the paths named"), "{err}");
    // A link that is the only name of a file inside the tree is read.
    std::fs::rename(t.join("licensing.yaml"), dir.path().join("real.yaml")).unwrap();
    std::fs::remove_file(t.join("more/alias.yaml")).unwrap();
    std::fs::remove_file(t.join("out.yaml")).unwrap();
    std::fs::create_dir(t.join("store")).unwrap();
    std::fs::rename(dir.path().join("real.yaml"), t.join("store/real.yml")).unwrap();
    symlink("store/real.yml", t.join("licensing.yaml")).unwrap();
    let (out, _) = lint(dir.path(), &["tree"], 0);
    assert_eq!(out, CLEAN);
}

#[test]
fn a_tree_with_nothing_readable_says_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("tree");
    std::fs::create_dir(&t).unwrap();
    symlink("nowhere.yaml", t.join("dangling.yaml")).unwrap();
    let (_, err) = lint(dir.path(), &["tree"], 2);
    let err = err.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
    assert!(err.contains("no YAML files (*.yaml, *.yml) under `tree`; skipped `tree/dangling.yaml` (a symbolic link that cannot be followed"), "{err}");
}

#[test]
fn a_named_link_to_a_directory_is_walked_without_a_note() {
    let dir = tree();
    symlink("tree", dir.path().join("estate")).unwrap();
    let (out, err) = lint(dir.path(), &["estate", "--verbose"], 0);
    assert_eq!(out, CLEAN);
    assert_eq!(err, "");
}
