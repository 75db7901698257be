//! The lint cache, `.xgea-cache/`: what each descriptor file yielded (its validated records and its findings
//! from reading), so a run over an estate where few files changed parses only those; the cross-estate rules
//! always run again over the whole estate.
//!
//! One cache file per set of linted paths, `.xgea-cache/<xgea version>/lint-<hash of the paths>.cache`: a header
//! line, then one record per descriptor file, a line of text and its entry:
//!
//! ```text
//! xgea-cache 3 <key>
//! <sha256 of the file's text> <stamp> <the file's path, as a JSON string> <entry length> <check>
//! <its records and findings, in postcard's binary form>
//! ```
//!
//! The key is a sha256 over the cache format, xgea's version, the running executable (size and modification
//! time, so a rebuilt xgea starts afresh), the model's version and hash, and the load options. The check is a
//! 64-bit hash of the rest of the record, so a damaged or spliced record is never decoded. An entry is used only
//! when the header carries this run's key, its record checks, the file is unchanged, the entry decodes and every
//! span it holds lies inside the file; anything else (a foreign, corrupt or truncated cache file) counts as a
//! miss, and the file is parsed and its entry written again. Entries are binary because a warm run decodes
//! 100,000 of them: postcard decodes them in half the time JSON took, from a file a quarter the size.
//!
//! A file is unchanged when its metadata is the stamp recorded (size, modification and status-change times,
//! device and inode), and it is then not read at all, as ruff and git trust a file's metadata; else when its
//! text has the recorded sha256. No write leaves a file's status-change time as it was, so a stamp is only
//! recorded for a file whose times were at least two seconds old when it was read: a write within the same
//! tick of a coarse clock cannot then go unseen (git's "racily clean" files). After the metadata the stamp holds
//! what output needs of a file it did not read: the hash its snippets are checked against when it is read back,
//! and its lines' lengths, for the places of findings. Files whose text must be held (not ASCII, or with an
//! `xgea:` comment) get no stamp and are always read.
//!
//! A run that changed few entries appends their records to the cache file (a later record for a path replaces
//! an earlier one), under an exclusive lock; the file is rewritten, through a temporary file renamed over it,
//! when more than half its records would be stale or it does not read to its end. New records wait in a spill
//! file beside it, not in memory, until then. Nothing is written outside the cache directory, which holds a
//! `.gitignore` of `*` (as ruff's does) and a `CACHEDIR.TAG`.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Finding, Label, Severity};
use crate::estate::{Department, FileCache, Loaded, System};
use crate::hash::{HashMap, HashMapExt};
use crate::model::release::sha256_hex;
use crate::rules::registry::CATALOGUE;
use crate::source::{FileId, LineIndex, SourceFile, Span, display_path_of};

/// The cache directory's name, next to the `xgea.toml` in use.
pub const CACHE_DIR: &str = ".xgea-cache";
/// The layout of cache files; a change of layout makes every older file a miss.
const FORMAT: &str = "xgea-cache 3";
/// How old a file's times must be when it is read for its stamp to be recorded.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// What a run's cache key is made of, besides xgea itself.
pub struct CacheKey<'a> {
    pub model_version: &'a str,
    pub model_sha256: &'a str,
    /// The load options, as text (limits and sizes change what a file yields).
    pub load: String,
}

/// One record of the cache file read: the hash it was made for, whether it has a stamp, and where in the file
/// (byte offsets) the record is.
struct Entry {
    hash: String,
    stamped: bool,
    record: Range<u64>,
}

/// One record of the cache file to write: kept as it was read, or newly made.
enum Line {
    Empty,
    /// A miss so far: the hash of the file's text and its stamp, for the entry stored next.
    Hashed {
        hash: String,
        stamp: Option<String>,
    },
    /// The record at this place in the cache file read, copied when the cache is written.
    Kept(Range<u64>),
    /// That record, for a file whose text is unchanged but whose stamp is now `stamp`; `replaced` when the
    /// record had another stamp (rather than none).
    Restamped {
        record: Range<u64>,
        stamp: String,
        replaced: bool,
    },
    /// Newly made and written to the spill file, at this place in it.
    Spilled(Range<u64>),
    /// Newly made and held (when the spill file could not be written).
    New(Vec<u8>),
}

/// The records a run makes, written beside the cache file as they are made instead of held until it is
/// written: a first run over 100,000 systems makes 60 MB of them. The file is removed when the cache is written, or
/// when the run ends without writing it.
struct Spill {
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
    /// Bytes written so far: where the next record starts.
    len: u64,
    /// A write failed: later records are held, and the records written before are still read from here (or
    /// the cache is not written, if they never reached the file).
    stopped: bool,
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The spill file: not opened until a record is made, then open, or failed to open (records are then held).
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
    /// kept records copied from it when the cache is written, so its contents (60 MB at 100,000 systems) are
    /// never held; the open file stays the one indexed even if another run replaces it meanwhile.
    old: Option<std::fs::File>,
    /// Path → its entry in `old` (from the last record for it).
    entries: HashMap<String, Entry>,
    /// How many records `old` holds, stale ones with the rest, and where the last one that reads ends (`None`
    /// when it does not read to its end, and is to be rewritten).
    records_in_old: usize,
    end_of_old: Option<u64>,
    /// How old a file's times must be for its stamp to be recorded ([`SETTLED`]; none in tests).
    settled: std::time::Duration,
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
        LintCache::read(root, asked, key).for_files(files)
    }

    /// The cache in `root` for a run over `asked`, its file read (which can be done while the files are
    /// found), before [`LintCache::for_files`] says which files the run reads.
    pub fn read(root: &Path, asked: &[PathBuf], key: &CacheKey) -> LintCache {
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
        let (old, index) = match std::fs::File::open(&file).and_then(|f| Ok((index(&f, &header)?, f))) {
            Ok((Some(index), f)) => (Some(f), index),
            // Absent, unreadable or foreign: every file a miss.
            _ => (None, Index { entries: HashMap::new(), records: 0, end: None }),
        };
        LintCache {
            root: root.to_path_buf(),
            file,
            header,
            old,
            entries: index.entries,
            records_in_old: index.records,
            end_of_old: index.end,
            settled: SETTLED,
            paths: Vec::new(),
            lines: Mutex::new(Vec::new()),
            spill: Mutex::new(SpillState::NotYet),
        }
    }

    /// The cache of a run that reads `files`, in this order.
    pub fn for_files(mut self, files: &[PathBuf]) -> LintCache {
        self.paths = files.iter().map(|p| display_path_of(p)).collect();
        self.lines = Mutex::new(files.iter().map(|_| Line::Empty).collect());
        self
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

    /// Writes `record` to the spill file, and says where; gives it back when the file cannot be written.
    fn spill(&self, record: Vec<u8>) -> Result<Range<u64>, Vec<u8>> {
        let Ok(mut state) = self.spill.lock() else { return Err(record) };
        if matches!(*state, SpillState::NotYet) {
            *state = match self.open_spill() {
                Ok(spill) => SpillState::Open(spill),
                Err(_) => SpillState::Failed,
            };
        }
        let SpillState::Open(spill) = &mut *state else { return Err(record) };
        if spill.stopped {
            return Err(record);
        }
        match spill.out.write_all(&record) {
            Ok(()) => {
                let start = spill.len;
                spill.len += record.len() as u64;
                Ok(start..spill.len)
            }
            // What was written of it may be in the file; no range points at it.
            Err(_) => {
                spill.stopped = true;
                Err(record)
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

    /// Writes the cache file when an entry changed, was added or went: the new records appended to it, or the
    /// whole file anew when more than half its records would be stale. Only the cache directory is written.
    pub fn save(mut self) -> std::io::Result<()> {
        let mut lines = std::mem::take(self.lines.get_mut().unwrap_or_else(|e| e.into_inner()));
        let spill = std::mem::replace(self.spill.get_mut().unwrap_or_else(|e| e.into_inner()), SpillState::Failed);
        let mut spill = match spill {
            SpillState::Open(spill) => Some(spill),
            _ => None,
        };
        // New stamps are written, so the next run need not read those files: a first stamp for a file that had
        // none (too new when it was read), and a few others' (files edited since); not those of every file (a
        // fresh checkout, as in CI, whose stamps no later run sees), which are not worth rewriting the cache.
        let replaced = lines.iter().filter(|l| matches!(l, Line::Restamped { replaced: true, .. })).count();
        if replaced * 10 > lines.len() {
            for line in &mut lines {
                if let Line::Restamped { record, replaced: true, .. } = line {
                    *line = Line::Kept(record.clone());
                }
            }
        }
        let kept = lines.iter().filter(|l| matches!(l, Line::Kept(_))).count();
        let new = lines.len() - kept - lines.iter().filter(|l| matches!(l, Line::Empty | Line::Hashed { .. })).count();
        if new == 0 && kept == self.entries.len() && self.end_of_old.is_some() {
            return Ok(());
        }
        self.prepare_directory()?;
        if let Some(spill) = &mut spill {
            spill.out.flush()?;
        }
        let spilled = spill.as_ref().map(|s| s.out.get_ref());
        // Records are streamed, each copied from the file read or the spill file: the whole cache (60 MB at
        // 100,000 systems) is never held.
        let copy = |line: Line, from_old: bool, out: &mut dyn Write, copied: &mut Vec<u8>| -> std::io::Result<()> {
            match (line, &self.old, spilled) {
                (Line::Kept(range), Some(from), _) if from_old => {
                    read_range(from, range, copied)?;
                    out.write_all(copied)
                }
                (Line::Spilled(range), _, Some(from)) => {
                    read_range(from, range, copied)?;
                    out.write_all(copied)
                }
                (Line::Restamped { record, stamp, .. }, Some(from), _) => {
                    read_range(from, record, copied)?;
                    match restamped(copied, &stamp) {
                        Some(record) => out.write_all(&record),
                        None => Ok(()),
                    }
                }
                (Line::New(record), ..) => out.write_all(&record),
                _ => Ok(()),
            }
        };
        let stale_after = (self.records_in_old + new).saturating_sub(kept + new);
        if let (Some(old), Some(end)) = (&self.old, self.end_of_old)
            && stale_after < kept + new
            && let Some(mut appending) = self.open_for_append(old, end)?
        {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut appending);
            let mut copied = Vec::new();
            for line in lines {
                copy(line, false, &mut out, &mut copied)?;
            }
            return out.flush();
        }
        let header = &self.header;
        write_atomically(&self.file, |out| {
            out.write_all(header.as_bytes())?;
            let mut copied = Vec::new();
            for line in lines {
                copy(line, true, out, &mut copied)?;
            }
            Ok(())
        })
    }

    /// The cache file, locked and open for appending, when it is still `old` (not replaced since it was read)
    /// and still ends at `end`, where its last record that reads ends, and locks can be taken here. `None`
    /// when it is to be rewritten instead.
    fn open_for_append(&self, old: &std::fs::File, end: u64) -> std::io::Result<Option<std::fs::File>> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let Ok(file) = std::fs::OpenOptions::new().append(true).open(&self.file) else { return Ok(None) };
            if file.lock().is_err() {
                return Ok(None);
            }
            let (now, then) = (file.metadata()?, old.metadata()?);
            // Another run may have appended whole records since (it held the lock while it wrote them), but
            // not a record cut short, which would hide what comes after it.
            if (now.dev(), now.ino()) != (then.dev(), then.ino()) || now.len() < end {
                return Ok(None);
            }
            if now.len() > end && index(old, &self.header)?.and_then(|i| i.end) != Some(now.len()) {
                return Ok(None);
            }
            Ok(Some(file))
        }
        #[cfg(not(unix))]
        {
            let _ = (old, end);
            Ok(None)
        }
    }
}

/// A cache file's entries by path, how many records it holds, and where the last one that reads ends (`None`
/// when something after it does not read).
struct Index {
    entries: HashMap<String, Entry>,
    records: usize,
    end: Option<u64>,
}

/// The entries of a cache file after its header, read a record at a time: path → its entry (from its last
/// record), how many records there are and where they end. `None` when the file does not start with `header`
/// (another key, another format, not a cache). A record that does not read (cut short, garbage) ends the index:
/// what follows it cannot be told apart.
fn index(mut file: &std::fs::File, header: &str) -> std::io::Result<Option<Index>> {
    use std::io::{BufRead, Read, Seek};
    // From the start: the file may have been indexed before, which left its position at the end.
    file.seek(std::io::SeekFrom::Start(0))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    if line != header.as_bytes() {
        return Ok(None);
    }
    let mut index = Index { entries: HashMap::new(), records: 0, end: None };
    let mut start = line.len() as u64;
    let mut entry = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)? as u64;
        if read == 0 {
            index.end = Some(start);
            return Ok(Some(index));
        }
        let Some((path, hash, stamp, len, _)) =
            line.strip_suffix(b"\n").and_then(|l| std::str::from_utf8(l).ok()).and_then(split_record_line)
        else {
            return Ok(Some(index));
        };
        // The entry and its newline.
        let Some(wanted) = len.checked_add(1) else { return Ok(Some(index)) };
        entry.clear();
        let got = (&mut reader).take(wanted).read_to_end(&mut entry)? as u64;
        if got != wanted || entry.last() != Some(&b'\n') {
            return Ok(Some(index));
        }
        let record = start..start + read + len + 1;
        index.entries.insert(path, Entry { hash: hash.to_string(), stamped: stamp.is_some(), record: record.clone() });
        index.records += 1;
        start = record.end;
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

/// A record's line, `<hash> <stamp> <path as JSON> <entry length> <check>` → (path, hash, stamp, entry length,
/// check).
fn split_record_line(line: &str) -> Option<(String, &str, Option<&str>, u64, u64)> {
    let (hash, rest) = line.split_once(' ')?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (stamp, rest) = rest.split_once(' ')?;
    let stamp = (stamp != "-").then_some(stamp);
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    let path = stream.next()?.ok()?;
    let (len, check) = rest[stream.byte_offset()..].strip_prefix(' ')?.split_once(' ')?;
    Some((path, hash, stamp, len.parse().ok()?, u64::from_str_radix(check, 16).ok()?))
}

/// The check of a record: a hash of its line up to the check and of its entry.
fn check_of(line_before_check: &[u8], entry: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::with_seed(0xca7e_c0de).build_hasher();
    hasher.write(line_before_check);
    hasher.write(entry);
    hasher.finish()
}

/// A record: `<hash> <stamp> <path> <entry length> <check>`, a newline, the entry and a newline.
fn record(hash: &str, stamp: Option<&str>, path: &str, entry: &[u8]) -> Vec<u8> {
    let path = serde_json::to_string(path).unwrap_or_default();
    let head = format!("{hash} {} {path} {}", stamp.unwrap_or("-"), entry.len());
    let check = check_of(head.as_bytes(), entry);
    // Exactly sized: a record may be held until the cache is written.
    let mut record = Vec::with_capacity(head.len() + 18 + entry.len() + 1);
    record.extend_from_slice(head.as_bytes());
    record.extend_from_slice(format!(" {check:016x}\n").as_bytes());
    record.extend_from_slice(entry);
    record.push(b'\n');
    record
}

/// A record's path, hash, stamp and entry, when it reads and checks.
fn open_record(record: &[u8]) -> Option<(String, &str, Option<&str>, &[u8])> {
    let newline = record.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&record[..newline]).ok()?;
    let (path, hash, stamp, len, check) = split_record_line(line)?;
    let entry = record.get(newline + 1..)?.strip_suffix(b"\n")?;
    let head = &line[..line.rfind(' ')?];
    (entry.len() as u64 == len && check_of(head.as_bytes(), entry) == check).then_some((path, hash, stamp, entry))
}

/// `record` with its stamp replaced by `stamp`, when it reads and checks.
fn restamped(record: &[u8], stamp: &str) -> Option<Vec<u8>> {
    let (path, hash, _, entry) = open_record(record)?;
    Some(self::record(hash, Some(stamp), &path, entry))
}

/// A file's stamp, `<size>.<modified>.<status changed>.<device>.<inode>` (times in seconds and nanoseconds);
/// `None` where the platform does not give them all.
fn stamp_of(metadata: &std::fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = metadata;
        Some(format!(
            "{}.{}.{}.{}.{}.{}.{}",
            m.size(),
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec(),
            m.dev(),
            m.ino()
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// What a file's text needs to be read back for output: `<its read-back hash>:<its lines' lengths>` (hash in
/// hex, lengths but the last's separated by commas); `None` for a text that is held instead.
fn encode_read_back(text: &str) -> Option<String> {
    use std::fmt::Write;
    let hash = SourceFile::read_back_hash(text)?;
    let index = LineIndex::new(text);
    let starts = index.plain_starts()?;
    let mut part = String::with_capacity(17 + 3 * starts.len());
    let _ = write!(part, "{hash:016x}:");
    for (i, pair) in starts.windows(2).enumerate() {
        let _ = write!(part, "{}{}", if i == 0 { "" } else { "," }, pair[1] - pair[0]);
    }
    Some(part)
}

/// The read-back hash and line index of a file of `len` bytes from [`encode_read_back`]'s text; `None` when it
/// does not read or its lines do not fit the file.
fn decode_read_back(part: &str, len: usize) -> Option<(u64, LineIndex)> {
    let (hash, lengths) = part.split_once(':')?;
    let hash = u64::from_str_radix(hash, 16).ok()?;
    let mut starts = Vec::with_capacity(2 + lengths.bytes().filter(|&b| b == b',').count());
    starts.push(0u32);
    let mut at = 0u32;
    for length in lengths.split(',').filter(|_| !lengths.is_empty()) {
        let length: u32 = length.parse().ok().filter(|&l| l > 0)?;
        at = at.checked_add(length).filter(|&at| at as usize <= len)?;
        starts.push(at);
    }
    Some((hash, LineIndex::of_plain_text(starts)))
}

/// Whether the file's modification and status-change times are at least `settled` before now.
fn times_settled(metadata: &std::fs::Metadata, settled: std::time::Duration) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) else { return false };
        let at = |secs: i64, nanos: i64| {
            u64::try_from(secs).ok().map(|s| std::time::Duration::new(s, nanos.clamp(0, 999_999_999) as u32))
        };
        let times = [at(metadata.mtime(), metadata.mtime_nsec()), at(metadata.ctime(), metadata.ctime_nsec())];
        times.into_iter().all(|t| t.is_some_and(|t| t + settled <= now))
    }
    #[cfg(not(unix))]
    {
        let _ = (metadata, settled);
        false
    }
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

fn encode(loaded: &Loaded) -> Option<Vec<u8>> {
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
    postcard::to_allocvec(&EntryOut { d: &loaded.departments, s: &loaded.systems, f: findings }).ok()
}

/// The entry's records and findings placed in `file` (of `len` bytes); `None` when it does not decode, names
/// a rule this xgea does not have, or holds a span outside the file.
fn decode(entry: &[u8], file: FileId, len: usize) -> Option<Loaded> {
    let entry: EntryIn = postcard::from_bytes(entry).ok()?;
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

impl LintCache {
    /// The entry of the file at `index` of the paths, and its record read from the cache file.
    fn entry_of(&self, index: usize) -> Option<(&Entry, Vec<u8>)> {
        let entry = self.paths.get(index).and_then(|path| self.entries.get(path))?;
        let mut record = Vec::new();
        read_range(self.old.as_ref()?, entry.record.clone(), &mut record).ok()?;
        Some((entry, record))
    }

    /// Writes the record of the file at `index`: its hash, its stamp, its path and its entry.
    fn put(&self, index: usize, hash: &str, stamp: Option<&str>, entry: &[u8]) {
        let Some(path) = self.paths.get(index) else { return };
        let line = match self.spill(record(hash, stamp, path, entry)) {
            Ok(range) => Line::Spilled(range),
            Err(record) => Line::New(record),
        };
        self.set(index, line);
    }
}

impl FileCache for LintCache {
    fn lookup_unread(&self, index: usize, path: &Path, file: FileId) -> Option<(Loaded, SourceFile)> {
        let shown = self.paths.get(index)?;
        let e = self.entries.get(shown).filter(|e| e.stamped)?;
        let metadata = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        let (_, record) = self.entry_of(index)?;
        let (_, _, stamp, entry) = open_record(&record)?;
        let (stamp, read_back) = stamp?.split_once(':')?;
        if stamp_of(&metadata)? != stamp {
            return None;
        }
        let len = usize::try_from(metadata.len()).ok()?;
        let (hash, lines) = decode_read_back(read_back, len)?;
        let loaded = decode(entry, file, len)?;
        self.set(index, Line::Kept(e.record.clone()));
        Some((loaded.exactly_sized(), SourceFile::unread(shown.clone(), path, len, hash, lines)))
    }

    fn lookup(&self, index: usize, text: &str, metadata: &std::fs::Metadata, file: FileId) -> Option<Loaded> {
        let hash = sha256_hex(text.as_bytes());
        let stamp = times_settled(metadata, self.settled)
            .then(|| Some(format!("{}:{}", stamp_of(metadata)?, encode_read_back(text)?)))
            .flatten();
        let hit = self.entry_of(index).filter(|(e, _)| e.hash == hash).and_then(|(e, record)| {
            let (_, _, old_stamp, entry) = open_record(&record)?;
            let loaded = decode(entry, file, text.len())?;
            Some((loaded, e, old_stamp.map(str::to_string)))
        });
        match hit {
            Some((loaded, e, old_stamp)) => {
                let line = match stamp {
                    // The same text under a new stamp: written with it (see `save`).
                    Some(stamp) if old_stamp.as_deref() != Some(stamp.as_str()) => {
                        Line::Restamped { record: e.record.clone(), stamp, replaced: old_stamp.is_some() }
                    }
                    _ => Line::Kept(e.record.clone()),
                };
                self.set(index, line);
                Some(loaded.exactly_sized())
            }
            None => {
                self.set(index, Line::Hashed { hash, stamp });
                None
            }
        }
    }

    fn store(&self, index: usize, text: &str, loaded: &Loaded) {
        let Some(entry) = encode(loaded) else { return };
        let taken =
            self.lines.lock().ok().and_then(|mut l| l.get_mut(index).map(|s| std::mem::replace(s, Line::Empty)));
        let (hash, stamp) = match taken {
            Some(Line::Hashed { hash, stamp }) => (hash, stamp),
            _ => (sha256_hex(text.as_bytes()), None),
        };
        self.put(index, &hash, stamp.as_deref(), &entry);
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

    /// `estate/` in `dir`, holding copies of the first `count` example descriptors (`0.yaml`, `1.yaml`…), free to
    /// edit.
    fn copy_of_examples(dir: &Path, count: usize) -> PathBuf {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let estate = dir.join("estate");
        std::fs::create_dir(&estate).unwrap();
        for (i, path) in discover(&[root.join("examples/estate")]).unwrap().iter().take(count).enumerate() {
            std::fs::copy(path, estate.join(format!("{i}.yaml"))).unwrap();
        }
        estate
    }

    #[test]
    fn a_file_whose_stamp_is_unchanged_is_taken_unread_with_its_records_and_line_index() {
        let tmp = tempfile::tempdir().unwrap();
        let estate = copy_of_examples(tmp.path(), 6);
        // Texts that are held, not read back: these are always read.
        let system = "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: x.1\n  name: X\n  department: x\nspec:\n  lifecycle: live\n";
        std::fs::write(estate.join("held-accent.yaml"), system.replace("name: X", "name: Café")).unwrap();
        std::fs::write(estate.join("held-allow.yaml"), format!("# xgea: allow XG101\n{system}")).unwrap();
        let paths = discover(&[estate]).unwrap();
        let schemas = Schemas::embedded().unwrap();
        let key = CacheKey { model_version: "test", model_sha256: "0", load: String::new() };
        let options = LoadOptions::default();
        let cache_dir = tmp.path().join("cache");
        let mut cache = LintCache::open(&cache_dir, &paths, &paths, &key);
        cache.settled = std::time::Duration::ZERO;
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        cache.save().unwrap();

        let cache = LintCache::open(&cache_dir, &paths, &paths, &key);
        for (i, path) in paths.iter().enumerate() {
            let text = std::fs::read_to_string(path).unwrap();
            let unread = cache.lookup_unread(i, path, FileId(i as u32));
            let held = path.file_name().unwrap().to_string_lossy().starts_with("held");
            assert_eq!(unread.is_none(), held, "{}", path.display());
            let Some((loaded, source)) = unread else { continue };
            let parsed = load_estate(std::slice::from_ref(path), &mut db(i), &schemas, options);
            let shown = |l: &Loaded| format!("{:#?}\n{:#?}\n{:#?}", l.departments, l.systems, l.findings);
            let expected =
                Loaded { departments: parsed.departments, systems: parsed.systems, findings: parsed.findings };
            assert_eq!(shown(&loaded), shown(&expected));
            let read = SourceFile::new("read", text.as_str());
            assert!((0..=text.len() as u32).all(|at| source.line_col(at) == read.line_col(at)));
            assert_eq!(source.text().as_deref(), Some(text.as_str()), "read back for a snippet");
        }
        // An edit gives the file another stamp: it is read again.
        let edited = &paths[0];
        let text = std::fs::read_to_string(edited).unwrap();
        std::fs::write(edited, format!("{text}# edited\n")).unwrap();
        assert!(cache.lookup_unread(0, edited, FileId(0)).is_none());
    }

    #[test]
    fn an_entry_is_decoded_only_when_every_span_lies_inside_its_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = discover(&[root.join("examples/estate")]).unwrap();
        let path = &paths[0];
        let len = std::fs::metadata(path).unwrap().len() as usize;
        let estate =
            load_estate(std::slice::from_ref(path), &mut db(0), &Schemas::embedded().unwrap(), LoadOptions::default());
        assert!(!estate.systems.is_empty() || !estate.departments.is_empty());
        let loaded = Loaded { departments: estate.departments, systems: estate.systems, findings: estate.findings };
        let entry = encode(&loaded).unwrap();
        assert!(decode(&entry, FileId(0), len).is_some());
        assert!(decode(&entry, FileId(0), 10).is_none(), "a file now shorter than the spans it held");
        assert!(decode(&entry[..entry.len() / 2], FileId(0), len).is_none(), "an entry cut short");
    }

    #[test]
    fn a_run_appends_after_the_records_another_run_appended_meanwhile() {
        let tmp = tempfile::tempdir().unwrap();
        let estate = copy_of_examples(tmp.path(), 8);
        let paths = discover(&[estate]).unwrap();
        let schemas = Schemas::embedded().unwrap();
        let key = CacheKey { model_version: "test", model_sha256: "0", load: String::new() };
        let (options, cache_dir) = (LoadOptions::default(), tmp.path().join("cache"));
        let cache = LintCache::open(&cache_dir, &paths, &paths, &key);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        let file = cache.path().to_path_buf();
        cache.save().unwrap();
        let first = std::fs::read(&file).unwrap();

        // Two runs open the cache; each finds one file changed; the second saves after the first appended.
        let edit = |i: usize| {
            let text = std::fs::read_to_string(&paths[i]).unwrap();
            std::fs::write(&paths[i], format!("{text}# edited\n")).unwrap();
        };
        edit(0);
        let one = LintCache::open(&cache_dir, &paths, &paths, &key);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&one));
        edit(1);
        let two = LintCache::open(&cache_dir, &paths, &paths, &key);
        load_estate_with(&paths, &mut db(0), &schemas, options, Some(&two));
        one.save().unwrap();
        let after_one = std::fs::read(&file).unwrap();
        two.save().unwrap();
        let after_two = std::fs::read(&file).unwrap();
        assert!(after_one.starts_with(&first) && after_one.len() > first.len(), "the first run appends");
        assert!(after_two.starts_with(&after_one) && after_two.len() > after_one.len(), "the second appends after it");
        // Every file is a hit from the records as they now stand, and reads as parsed.
        let cache = LintCache::open(&cache_dir, &paths, &paths, &key);
        let warm = load_estate_with(&paths, &mut db(0), &schemas, options, Some(&cache));
        assert!(cache.lines.lock().unwrap().iter().all(|l| matches!(l, Line::Kept(_))), "every file a hit");
        assert_eq!(shown(&warm), shown(&load_estate(&paths, &mut db(0), &schemas, options)));
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
