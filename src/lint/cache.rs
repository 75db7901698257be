//! The lint cache, `.xgea-cache/`: what each descriptor file yielded (its validated records and its findings
//! from reading), so a run over an estate where few files changed parses only those; the cross-estate rules
//! always run again over the whole estate.
//!
//! One cache file per set of linted paths, `.xgea-cache/<xgea version>/lint-<hash of the paths>.cache`, laid out
//! one line per descriptor file after a header line:
//!
//! ```text
//! xgea-cache 1 <key>
//! <sha256 of the file's text> <the file's path, as a JSON string> <its records and findings, as JSON>
//! ```
//!
//! The key is a sha256 over the cache format, xgea's version, the running executable (size and modification
//! time, so a rebuilt xgea starts afresh), the model's version and hash, and the load options. An entry is used
//! only when the header carries this run's key, the file's text has the recorded hash, the entry decodes and
//! every span it holds lies inside the file; anything else (a foreign, corrupt or truncated cache file) counts
//! as a miss, and the file is parsed and its entry written again. The cache is rewritten, through a temporary
//! file renamed over it, only when something changed; new entries wait in a spill file beside it, not in
//! memory, until then. Nothing is written outside the cache directory, which holds a `.gitignore` of `*` (as
//! ruff's does) and a `CACHEDIR.TAG`.

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Finding, Label, Severity};
use crate::estate::{Department, FileCache, Loaded, System};
use crate::model::release::sha256_hex;
use crate::rules::registry::CATALOGUE;
use crate::source::{FileId, Span, display_path_of};

/// The cache directory's name, next to the `xgea.toml` in use.
pub const CACHE_DIR: &str = ".xgea-cache";
/// The layout of cache files; a change of layout makes every older file a miss.
const FORMAT: &str = "xgea-cache 1";

/// What a run's cache key is made of, besides xgea itself.
pub struct CacheKey<'a> {
    pub model_version: &'a str,
    pub model_sha256: &'a str,
    /// The load options, as text (limits and sizes change what a file yields).
    pub load: String,
}

/// One entry of the cache file read: the hash it was made for, and where its records and findings and its whole
/// line are in the file (byte offsets).
struct Entry {
    hash: String,
    entry: Range<u64>,
    line: Range<u64>,
}

/// One line of the cache file to write: kept as it was read, or newly made.
enum Line {
    Empty,
    /// A miss so far: the hash of the file's text, for the entry stored next.
    Hashed(String),
    /// The line at this place in the cache file read, copied when the cache is written.
    Kept(Range<u64>),
    /// Newly made and written to the spill file, at this place in it.
    Spilled(Range<u64>),
    /// Newly made and held (when the spill file could not be written).
    New(String),
}

/// The lines a run makes, written beside the cache file as they are made instead of held until it is written:
/// a first run over 100,000 systems makes 190 MB of them. The file is removed when the cache is written, or
/// when the run ends without writing it.
struct Spill {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    /// Bytes written so far: where the next line starts.
    len: u64,
    /// A write failed: later lines are held, and the lines written before are still read from here (or the
    /// cache is not written, if they never reached the file).
    stopped: bool,
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The spill file: not opened until a line is made, then open, or failed to open (lines are then held).
enum SpillState {
    NotYet,
    Open(Spill),
    Failed,
}

/// The cache of one run, over the files at `paths` (in load order).
pub struct LintCache {
    root: PathBuf,
    file: PathBuf,
    header: String,
    /// The cache file read, when it carries this run's key. Entries are read from it as they are looked up and
    /// kept lines copied from it when the cache is written, so its text (190 MB at 100,000 systems) is never
    /// held; the open file stays the one indexed even if another run replaces it meanwhile.
    old: Option<std::fs::File>,
    /// Path → its entry in `old`.
    entries: HashMap<String, Entry>,
    paths: Vec<String>,
    lines: Mutex<Vec<Line>>,
    spill: Mutex<SpillState>,
}

/// The process's executable, as far as its size and modification time tell it apart from another build.
fn executable_stamp() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(m) => {
            let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            format!("{} {}", m.len(), modified.map_or(0, |d| d.as_nanos()))
        }
        Err(_) => String::new(),
    }
}

impl LintCache {
    /// The cache in `root` for a run over `asked` (the paths as named), which found `files`. A missing,
    /// unreadable or foreign cache file gives an empty cache.
    pub fn open(root: &Path, asked: &[PathBuf], files: &[PathBuf], key: &CacheKey) -> LintCache {
        let key = sha256_hex(
            format!(
                "{FORMAT}\n{}\n{}\n{}\n{}\n{}",
                env!("CARGO_PKG_VERSION"),
                executable_stamp(),
                key.model_version,
                key.model_sha256,
                key.load
            )
            .as_bytes(),
        );
        let named: Vec<String> = asked
            .iter()
            .map(|p| std::path::absolute(p).map_or_else(|_| display_path_of(p), |a| display_path_of(&a)))
            .collect();
        let place = sha256_hex(named.join("\n").as_bytes());
        let file = root.join(env!("CARGO_PKG_VERSION")).join(format!("lint-{}.cache", &place[..16]));
        let header = format!("{FORMAT} {key}\n");
        let (old, entries) = match std::fs::File::open(&file).and_then(|f| Ok((index(&f, &header)?, f))) {
            Ok((Some(entries), f)) => (Some(f), entries),
            // Absent, unreadable or foreign: every file a miss.
            _ => (None, HashMap::new()),
        };
        LintCache {
            root: root.to_path_buf(),
            file,
            header,
            old,
            entries,
            paths: files.iter().map(|p| display_path_of(p)).collect(),
            lines: Mutex::new(files.iter().map(|_| Line::Empty).collect()),
            spill: Mutex::new(SpillState::NotYet),
        }
    }

    /// The cache file of this run.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Creates the cache directory, with its `.gitignore` and `CACHEDIR.TAG`, if it is not there.
    fn prepare_directory(&self) -> std::io::Result<&Path> {
        let dir = self.file.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        let ignore = self.root.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "# Automatically created by xgea.\n*\n")?;
        }
        let tag = self.root.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by xgea.\n",
            )?;
        }
        Ok(dir)
    }

    /// Writes `line` to the spill file, and says where; gives the line back when the file cannot be written.
    fn spill(&self, line: String) -> Result<Range<u64>, String> {
        let Ok(mut state) = self.spill.lock() else { return Err(line) };
        if matches!(*state, SpillState::NotYet) {
            *state = match self.open_spill() {
                Ok(spill) => SpillState::Open(spill),
                Err(_) => SpillState::Failed,
            };
        }
        let SpillState::Open(spill) = &mut *state else { return Err(line) };
        if spill.stopped {
            return Err(line);
        }
        match spill.out.write_all(line.as_bytes()) {
            Ok(()) => {
                let start = spill.len;
                spill.len += line.len() as u64;
                Ok(start..spill.len)
            }
            // What was written of it may be in the file; no range points at it.
            Err(_) => {
                spill.stopped = true;
                Err(line)
            }
        }
    }

    fn open_spill(&self) -> std::io::Result<Spill> {
        let dir = self.prepare_directory()?;
        let name = self.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!(".{name}.{}.new", std::process::id()));
        let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path)?;
        Ok(Spill { path, out: std::io::BufWriter::with_capacity(1 << 20, file), len: 0, stopped: false })
    }

    fn set(&self, index: usize, line: Line) {
        if let Ok(mut lines) = self.lines.lock()
            && let Some(slot) = lines.get_mut(index)
        {
            *slot = line;
        }
    }

    /// Writes the cache file when an entry changed, was added or went. Only the cache directory is written.
    pub fn save(mut self) -> std::io::Result<()> {
        let lines = std::mem::take(self.lines.get_mut().unwrap_or_else(|e| e.into_inner()));
        let spill = std::mem::replace(self.spill.get_mut().unwrap_or_else(|e| e.into_inner()), SpillState::Failed);
        let mut spill = match spill {
            SpillState::Open(spill) => Some(spill),
            _ => None,
        };
        let kept = lines.iter().filter(|l| matches!(l, Line::Kept(_))).count();
        let changed = lines.iter().any(|l| matches!(l, Line::New(_) | Line::Spilled(_)));
        if !changed && kept == self.entries.len() && self.old.is_some() {
            return Ok(());
        }
        self.prepare_directory()?;
        if let Some(spill) = &mut spill {
            spill.out.flush()?;
        }
        // Streamed line by line, each kept line copied from the file read and each new one from the spill
        // file: the whole text (190 MB at 100,000 systems) is never held.
        let (header, old, spilled) = (&self.header, &self.old, spill.as_ref().map(|s| s.out.get_ref()));
        write_atomically(&self.file, |out| {
            out.write_all(header.as_bytes())?;
            let mut copied = Vec::new();
            for line in lines {
                match (line, old, spilled) {
                    (Line::Kept(range), Some(from), _) | (Line::Spilled(range), _, Some(from)) => {
                        read_range(from, range, &mut copied)?;
                        out.write_all(&copied)?;
                    }
                    (Line::New(line), ..) => out.write_all(line.as_bytes())?,
                    _ => {}
                }
            }
            Ok(())
        })
    }
}

/// The entries of a cache file after its header, read a line at a time: path → its entry. `None` when the
/// file does not start with `header` (another key, another format, not a cache). Lines that do not read (a
/// truncated last line, garbage) are left out.
fn index(file: &std::fs::File, header: &str) -> std::io::Result<Option<HashMap<String, Entry>>> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    if line != header.as_bytes() {
        return Ok(None);
    }
    let mut entries = HashMap::new();
    let mut start = line.len() as u64;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)? as u64;
        if line.last() != Some(&b'\n') {
            // The end, or a truncated last line.
            return Ok(Some(entries));
        }
        if let Some((path, hash, entry)) = std::str::from_utf8(&line[..line.len() - 1]).ok().and_then(split_line) {
            let offset = (entry.as_ptr() as usize - line.as_ptr() as usize) as u64;
            let entry = start + offset..start + offset + entry.len() as u64;
            entries.insert(path, Entry { hash: hash.to_string(), entry, line: start..start + read });
        }
        start += read;
    }
}

/// Reads the bytes at `range` of `file` into `buf` (replacing what it held), without moving a shared position:
/// the loader's threads read entries at once.
fn read_range(file: &std::fs::File, range: Range<u64>, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let len = usize::try_from(range.end - range.start).map_err(std::io::Error::other)?;
    buf.clear();
    buf.resize(len, 0);
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, range.start)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < len {
            match std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], range.start + done as u64)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, range);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// `<hash> <path as JSON> <entry>` → (path, hash, entry).
fn split_line(line: &str) -> Option<(String, &str, &str)> {
    let (hash, rest) = line.split_once(' ')?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    let path = stream.next()?.ok()?;
    let entry = rest[stream.byte_offset()..].strip_prefix(' ')?;
    Some((path, hash, entry))
}

/// A finding as cached: its rule by code (looked up again when read).
type CachedFinding =
    (String, Severity, String, (Span, String), Vec<(Span, String)>, Option<String>, Option<String>, Option<String>);

#[derive(Serialize)]
struct EntryOut<'a> {
    d: &'a [Department],
    s: &'a [System],
    f: Vec<CachedFindingRef<'a>>,
}

type CachedFindingRef<'a> = (
    &'a str,
    Severity,
    &'a str,
    (Span, &'a str),
    Vec<(Span, &'a str)>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

#[derive(Deserialize)]
struct EntryIn {
    d: Vec<Department>,
    s: Vec<System>,
    f: Vec<CachedFinding>,
}

fn encode(loaded: &Loaded) -> Option<String> {
    let findings = loaded
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code,
                f.severity,
                f.message.as_str(),
                (f.primary.span, f.primary.text.as_str()),
                f.related.iter().map(|l| (l.span, l.text.as_str())).collect(),
                f.help.as_deref(),
                f.subject.as_deref(),
                f.pointer.as_deref(),
            )
        })
        .collect();
    serde_json::to_string(&EntryOut { d: &loaded.departments, s: &loaded.systems, f: findings }).ok()
}

/// The entry's records and findings placed in `file` (of `len` bytes); `None` when it does not decode, names
/// a rule this xgea does not have, or holds a span outside the file.
fn decode(entry: &str, file: FileId, len: usize) -> Option<Loaded> {
    let entry: EntryIn = serde_json::from_str(entry).ok()?;
    let mut ok = true;
    let mut place = |span: &mut Span| {
        span.file = file;
        ok &= span.start <= span.end && span.end as usize <= len;
    };
    let mut departments = entry.d;
    for d in &mut departments {
        place_department(d, &mut place);
    }
    let mut systems = entry.s;
    for s in &mut systems {
        place_system(s, &mut place);
    }
    let mut findings = Vec::with_capacity(entry.f.len());
    for (code, severity, message, (mut span, text), related, help, subject, pointer) in entry.f {
        let rule = CATALOGUE.by_code(&code)?;
        place(&mut span);
        let mut finding = Finding::new(rule, message, Label::new(span, text));
        finding.severity = severity;
        for (mut span, text) in related {
            place(&mut span);
            finding.related.push(Label::new(span, text));
        }
        finding.help = help;
        finding.subject = subject;
        finding.pointer = pointer;
        findings.push(finding);
    }
    ok.then_some(Loaded { departments, systems, findings })
}

/// Every span of a department (and its `file`) through `place`.
fn place_department(d: &mut Department, place: &mut impl FnMut(&mut Span)) {
    place(&mut d.id.span);
    d.sector.iter_mut().for_each(|s| place(&mut s.span));
    d.max_marking.iter_mut().for_each(|m| place(&mut m.span));
    d.suppliers.iter_mut().for_each(|s| place(&mut s.id.span));
    place(&mut d.span);
    d.file = d.span.file;
}

/// Every span of a system (and its `file`) through `place`.
fn place_system(s: &mut System, place: &mut impl FnMut(&mut Span)) {
    place(&mut s.id.span);
    place(&mut s.department.span);
    place(&mut s.lifecycle.span);
    s.capability_list.iter_mut().for_each(|c| place(&mut c.span));
    s.capabilities.iter_mut().chain(&mut s.data).chain(&mut s.max_marking).for_each(|v| place(&mut v.span));
    for f in &mut s.interfaces {
        place(&mut f.id.span);
        place(&mut f.counterpart.span);
        f.standards.iter_mut().chain(&mut f.data).for_each(|v| place(&mut v.span));
        f.marking.iter_mut().chain(&mut f.legal_basis).for_each(|v| place(&mut v.span));
        place(&mut f.span);
    }
    for u in &mut s.infrastructure {
        place(&mut u.kind.span);
        place(&mut u.uses.span);
    }
    if let Some(c) = s.sourcing.as_deref_mut() {
        place(&mut c.supplier.span);
        place(&mut c.block.span);
        c.route.iter_mut().for_each(|r| place(&mut r.span));
        c.start.iter_mut().chain(&mut c.end).for_each(|d| place(&mut d.span));
        let values =
            [&mut c.annual_value_gbp, &mut c.total_value_gbp, &mut c.extensions_taken, &mut c.extensions_remaining];
        values.into_iter().flatten().for_each(|v| place(&mut v.span));
    }
    place(&mut s.span);
    s.file = s.span.file;
}

impl FileCache for LintCache {
    fn lookup(&self, index: usize, text: &str, file: FileId) -> Option<Loaded> {
        let hash = sha256_hex(text.as_bytes());
        let hit =
            self.paths.get(index).and_then(|path| self.entries.get(path)).filter(|e| e.hash == hash).and_then(|e| {
                let mut entry = Vec::new();
                read_range(self.old.as_ref()?, e.entry.clone(), &mut entry).ok()?;
                Some((decode(std::str::from_utf8(&entry).ok()?, file, text.len())?, e.line.clone()))
            });
        match hit {
            Some((loaded, line)) => {
                self.set(index, Line::Kept(line));
                Some(loaded.exactly_sized())
            }
            None => {
                self.set(index, Line::Hashed(hash));
                None
            }
        }
    }

    fn store(&self, index: usize, text: &str, loaded: &Loaded) {
        let Some(path) = self.paths.get(index) else { return };
        let Some(entry) = encode(loaded) else { return };
        let hash = match self
            .lines
            .lock()
            .ok()
            .and_then(|mut l| l.get_mut(index).map(|slot| std::mem::replace(slot, Line::Empty)))
        {
            Some(Line::Hashed(hash)) => hash,
            _ => sha256_hex(text.as_bytes()),
        };
        let path = serde_json::to_string(path).unwrap_or_default();
        // Exactly sized: every line is held until the cache is written (`format!` could leave twice the room).
        let mut line = String::with_capacity(hash.len() + path.len() + entry.len() + 3);
        for part in [hash.as_str(), " ", path.as_str(), " ", entry.as_str(), "\n"] {
            line.push_str(part);
        }
        let line = match self.spill(line) {
            Ok(range) => Line::Spilled(range),
            Err(line) => Line::New(line),
        };
        self.set(index, line);
    }
}

/// Writes what `write` writes to `path` through a temporary file in the same directory, renamed over it once
/// complete.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?);
        write(&mut file)?;
        file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::{LoadOptions, load_estate, load_estate_with};
    use crate::schema::Schemas;
    use crate::source::{SourceDb, SourceFile, discover};

    /// The estate's records and findings as text, every span with its file.
    fn shown(estate: &crate::estate::Estate) -> String {
        format!("{:#?}\n{:#?}\n{:#?}", estate.departments, estate.systems, estate.findings)
    }

    /// Room the estate's lists hold beyond their items: records are kept for the whole run.
    fn slack(estate: &crate::estate::Estate) -> usize {
        fn room<T>(list: &Vec<T>) -> usize {
            list.capacity() - list.len()
        }
        let systems = estate.systems.iter().map(|s| {
            let interfaces = s.interfaces.iter().map(|f| room(&f.standards) + room(&f.data)).sum::<usize>();
            room(&s.capabilities) + room(&s.data) + room(&s.interfaces) + room(&s.infrastructure) + interfaces
        });
        systems.sum::<usize>() + estate.departments.iter().map(|d| room(&d.suppliers)).sum::<usize>()
    }

    /// A database whose first `n` files are placeholders, so the estate's files get other ids.
    fn db(n: usize) -> SourceDb {
        let mut db = SourceDb::new();
        for i in 0..n {
            db.add(SourceFile::new(format!("placeholder-{i}"), ""));
        }
        db
    }

    #[test]
    fn records_read_from_the_cache_equal_the_parsed_ones_in_their_new_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = discover(&[root.join("examples/estate")]).unwrap();
        paths.extend(discover(&[root.join("tests/fixtures/rules/XG002/fail")]).unwrap());
        let schemas = Schemas::embedded().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let key = CacheKey { model_version: "test", model_sha256: "0", load: String::new() };
        let options = LoadOptions::default();

        let cache = LintCache::open(tmp.path(), &paths, &paths, &key);
        let cold = load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        assert_eq!(shown(&cold), shown(&load_estate(&paths, &mut db(0), &schemas, options)));
        cache.save().unwrap();

        // Read back with every file at another id: each record and finding placed in its new file.
        let cache = LintCache::open(tmp.path(), &paths, &paths, &key);
        let warm = load_estate_with(&paths, &mut db(3), &schemas, options, Some(&cache));
        assert!(cache.lines.lock().unwrap().iter().all(|l| matches!(l, Line::Kept(_))), "every file a hit");
        assert_eq!(shown(&warm), shown(&load_estate(&paths, &mut db(3), &schemas, options)));
        assert!(!warm.findings.is_empty() && !warm.systems.is_empty());
        // Lists decoded from JSON grow by doubling; those the cache gives are sized as the loader sizes them.
        assert_eq!(slack(&warm), 0);
        let examples = discover(&[root.join("examples/estate")]).unwrap();
        assert_eq!(slack(&load_estate(&examples, &mut db(0), &schemas, options)), 0);

        // Another key (another model) is a miss for every file.
        let other = CacheKey { model_sha256: "1", ..key };
        let cache = LintCache::open(tmp.path(), &paths, &paths, &other);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        assert!(cache.lines.lock().unwrap().iter().all(|l| matches!(l, Line::Spilled(_))), "every file a miss");
    }

    /// The names of the files in `dir`, sorted.
    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn new_lines_go_through_the_spill_file_which_goes_when_the_cache_is_written() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = discover(&[root.join("examples/estate")]).unwrap();
        let schemas = Schemas::embedded().unwrap();
        let key = CacheKey { model_version: "test", model_sha256: "0", load: String::new() };
        let options = LoadOptions::default();

        let spilled = tempfile::tempdir().unwrap();
        let cache = LintCache::open(spilled.path(), &paths, &paths, &key);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        let version_dir = cache.path().parent().unwrap().to_path_buf();
        let spill_file = match &*cache.spill.lock().unwrap() {
            SpillState::Open(spill) => spill.path.clone(),
            _ => panic!("a first run spills its lines"),
        };
        assert!(spill_file.exists() && spill_file.parent() == Some(version_dir.as_path()));
        assert!(cache.lines.lock().unwrap().iter().all(|l| matches!(l, Line::Spilled(_))));
        let written = cache.path().to_path_buf();
        cache.save().unwrap();
        assert!(!spill_file.exists(), "the spill file is removed");
        assert_eq!(files_in(&version_dir), vec![written.file_name().unwrap().to_string_lossy().into_owned()]);

        // The same cache, its lines held (as when the spill file cannot be written): the same bytes.
        let held = tempfile::tempdir().unwrap();
        let cache = LintCache::open(held.path(), &paths, &paths, &key);
        *cache.spill.lock().unwrap() = SpillState::Failed;
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        assert!(cache.lines.lock().unwrap().iter().all(|l| matches!(l, Line::New(_))));
        let other = cache.path().to_path_buf();
        cache.save().unwrap();
        assert_eq!(std::fs::read(&written).unwrap(), std::fs::read(&other).unwrap());

        // A run that ends without writing the cache leaves no spill file either.
        let dropped = tempfile::tempdir().unwrap();
        let cache = LintCache::open(dropped.path(), &paths, &paths, &key);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        let version_dir = cache.path().parent().unwrap().to_path_buf();
        assert_eq!(files_in(&version_dir).len(), 1, "the spill file, while the run lasts");
        drop(cache);
        assert!(files_in(&version_dir).is_empty());
    }
}
