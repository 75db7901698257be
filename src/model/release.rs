//! Published releases of the model: one canonical JSON file per version under `model/releases/`, and an
//! `index.json` recording each file's version, release date and sha256.
//!
//! A release file holds every model document of that version, as validated JSON, with sorted keys and fixed
//! indentation, so publishing the same sources always gives the same bytes and the same hash. A release whose
//! bytes no longer match the sha256 in its index is refused when loaded: it was edited or corrupted after
//! publication. Every release listed in the committed index is also compiled into the binary, so a department
//! can pin any of them with no files at hand.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::schema::Kind;

/// The index file in a releases directory.
pub const INDEX_FILE: &str = "index.json";
/// `kind` of a release file.
pub const RELEASE_KIND: &str = "ModelRelease";
/// `kind` of the index.
pub const INDEX_KIND: &str = "ModelReleaseIndex";

/// The committed index, compiled in.
pub static EMBEDDED_INDEX: &str = include_str!("../../model/releases/index.json");
/// Every committed release, compiled in: (version, canonical JSON). A test checks this list against the index.
pub static EMBEDDED_RELEASES: &[(&str, &str)] = &[
    ("1.0.0", include_str!("../../model/releases/1.0.0.json")),
    ("2.0.0", include_str!("../../model/releases/2.0.0.json")),
    ("2.1.0", include_str!("../../model/releases/2.1.0.json")),
    ("2.2.0", include_str!("../../model/releases/2.2.0.json")),
];

/// One published release as the index records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndexEntry {
    pub version: String,
    /// The release date from the model's `model.yaml` (`YYYY-MM-DD`).
    pub released: String,
    /// The release file's name inside the releases directory.
    pub file: String,
    /// Lowercase hex sha256 of the release file's bytes.
    pub sha256: String,
}

/// The list of published releases, oldest version first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReleaseIndex {
    pub api_version: String,
    pub kind: String,
    pub releases: Vec<IndexEntry>,
}

impl Default for ReleaseIndex {
    fn default() -> Self {
        ReleaseIndex { api_version: "xgea/v1".into(), kind: INDEX_KIND.into(), releases: Vec::new() }
    }
}

impl ReleaseIndex {
    pub fn parse(text: &str) -> Result<ReleaseIndex, String> {
        let index: ReleaseIndex = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if index.kind != INDEX_KIND {
            return Err(format!("`kind` is `{}`, expected `{INDEX_KIND}`", index.kind));
        }
        for entry in &index.releases {
            parse_version(&entry.version)?;
        }
        Ok(index)
    }
    pub fn entry(&self, version: &str) -> Option<&IndexEntry> {
        self.releases.iter().find(|e| e.version == version)
    }
    /// The highest version.
    pub fn latest(&self) -> Option<&IndexEntry> {
        self.releases.iter().max_by_key(|e| parse_version(&e.version).ok())
    }
    /// Adds an entry and keeps the list sorted by version.
    pub fn insert(&mut self, entry: IndexEntry) {
        self.releases.push(entry);
        self.releases.sort_by_key(|e| parse_version(&e.version).ok());
    }
    /// The index as written to disk.
    pub fn to_json(&self) -> String {
        canonical_json(&serde_json::to_value(self).expect("an index serialises"))
    }
}

/// A semantic version, `MAJOR.MINOR.PATCH`.
pub fn parse_version(v: &str) -> Result<semver::Version, String> {
    semver::Version::parse(v).map_err(|e| format!("`{v}` is not a semantic version (MAJOR.MINOR.PATCH): {e}"))
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Canonical JSON text: keys sorted at every level, two-space indentation, a final newline.
pub fn canonical_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(value)).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// A copy with every object's keys in sorted order, whatever map type serde_json was built with.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: BTreeMap<&String, Value> = map.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(ordered.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The text of a release file for these documents (one per model kind, as validated JSON).
pub fn release_json(version: &str, released: &str, documents: &BTreeMap<Kind, Value>) -> String {
    let docs: serde_json::Map<String, Value> =
        documents.iter().map(|(kind, value)| (kind.name().to_string(), value.clone())).collect();
    let release = serde_json::json!({
        "apiVersion": "xgea/v1",
        "kind": RELEASE_KIND,
        "version": version,
        "released": released,
        "documents": docs,
    });
    canonical_json(&release)
}

/// Checks that `version` is a release built into xgea; the error lists the published ones.
pub fn published_version(version: &str) -> Result<String, String> {
    let index = ReleaseStore::Embedded.index().map_err(|e| e.to_string())?;
    if index.entry(version).is_some() {
        return Ok(version.to_string());
    }
    let list: Vec<&str> = index.releases.iter().map(|e| e.version.as_str()).collect();
    Err(format!("model release {version} is not published (published: {})", list.join(", ")))
}

/// Where published releases are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseStore {
    /// The releases compiled into the binary.
    Embedded,
    /// A releases directory (`model/releases`): `index.json` and one file per release.
    Dir(PathBuf),
    /// A releases directory over the releases built in: a version is read from the directory when its index
    /// lists it, else from the binary. A release in both must have the same sha256.
    Overlay(PathBuf),
}

/// A release's text, read and checked against its index.
#[derive(Debug, Clone)]
pub struct ReleaseText {
    pub version: String,
    /// How the file is shown in findings.
    pub name: String,
    pub text: String,
    /// Whether the text was checked against a recorded sha256 (an index, or the release built in).
    pub verified: bool,
}

/// A release could not be read, or failed its integrity check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseError {
    /// The requested version is not in the index.
    NotPublished {
        version: String,
        published: Vec<String>,
        store: String,
    },
    /// The file's bytes do not hash to what the index records.
    HashMismatch {
        name: String,
        version: String,
        expected: String,
        actual: String,
    },
    /// The release file says it is another version than the index entry it was read for.
    WrongVersion {
        name: String,
        expected: String,
        found: String,
    },
    Io {
        name: String,
        message: String,
    },
    BadIndex {
        name: String,
        message: String,
    },
    BadRelease {
        name: String,
        message: String,
    },
    /// A release file that no index beside it and no built-in release vouches for.
    Unverified {
        name: String,
        version: String,
    },
}

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseError::NotPublished { version, published, store } => {
                let list = if published.is_empty() { "none".to_string() } else { published.join(", ") };
                write!(f, "model release {version} is not published in {store} (published: {list})")
            }
            ReleaseError::HashMismatch { name, version, expected, actual } => write!(
                f,
                "release {version} at `{name}` was modified after it was published: its sha256 is {actual}, \
                 the index records {expected}; refusing to use it"
            ),
            ReleaseError::WrongVersion { name, expected, found } => {
                write!(f, "`{name}` holds release {found}, not {expected}")
            }
            ReleaseError::Io { name, message } => write!(f, "cannot read `{name}`: {message}"),
            ReleaseError::BadIndex { name, message } => write!(f, "`{name}` is not a release index: {message}"),
            ReleaseError::BadRelease { name, message } => write!(f, "`{name}` is not a model release: {message}"),
            ReleaseError::Unverified { name, version } => write!(
                f,
                "release {version} at `{name}` cannot be verified: no `index.json` beside it lists it and xgea has \
                 no release {version} built in; refusing to use it (pass `--allow-unverified-model` to read it \
                 anyway, or use `--releases DIR` with the published releases directory)"
            ),
        }
    }
}

impl std::error::Error for ReleaseError {}

fn display(path: &Path) -> String {
    crate::source::display_path_of(path)
}

/// The largest release or index file read.
const MAX_RELEASE_FILE: u64 = 64 * 1024 * 1024;

fn read(path: &Path) -> Result<String, ReleaseError> {
    crate::source::read_text(path, MAX_RELEASE_FILE)
        .map_err(|p| ReleaseError::Io { name: display(path), message: p.shown_text() })
}

/// The fields of a release file's header.
#[derive(Debug, Clone, Deserialize)]
struct Header {
    kind: String,
    version: String,
    #[serde(default)]
    released: Option<String>,
}

/// Reads `version` and `released` from a release file's text.
pub fn release_header(name: &str, text: &str) -> Result<(String, Option<String>), ReleaseError> {
    let header: Header = serde_json::from_str(text)
        .map_err(|e| ReleaseError::BadRelease { name: name.to_string(), message: e.to_string() })?;
    if header.kind != RELEASE_KIND {
        return Err(ReleaseError::BadRelease {
            name: name.to_string(),
            message: format!("`kind` is `{}`, expected `{RELEASE_KIND}`", header.kind),
        });
    }
    Ok((header.version, header.released))
}

fn verify(name: &str, text: &str, entry: &IndexEntry) -> Result<(), ReleaseError> {
    let actual = sha256_hex(text.as_bytes());
    if actual != entry.sha256 {
        return Err(ReleaseError::HashMismatch {
            name: name.to_string(),
            version: entry.version.clone(),
            expected: entry.sha256.clone(),
            actual,
        });
    }
    let (found, _) = release_header(name, text)?;
    if found != entry.version {
        return Err(ReleaseError::WrongVersion { name: name.to_string(), expected: entry.version.clone(), found });
    }
    Ok(())
}

impl ReleaseStore {
    /// How the store is named in messages.
    pub fn describe(&self) -> String {
        match self {
            ReleaseStore::Embedded => "the releases built into xgea".to_string(),
            ReleaseStore::Dir(dir) => format!("`{}`", display(dir)),
            ReleaseStore::Overlay(dir) => format!("`{}` or built into xgea", display(dir)),
        }
    }

    /// The index; a directory without one has no releases yet.
    pub fn index(&self) -> Result<ReleaseIndex, ReleaseError> {
        match self {
            ReleaseStore::Embedded => ReleaseIndex::parse(EMBEDDED_INDEX).map_err(|message| ReleaseError::BadIndex {
                name: "<embedded>/model/releases/index.json".into(),
                message,
            }),
            ReleaseStore::Dir(dir) => {
                let path = dir.join(INDEX_FILE);
                if !path.exists() {
                    return Ok(ReleaseIndex::default());
                }
                ReleaseIndex::parse(&read(&path)?)
                    .map_err(|message| ReleaseError::BadIndex { name: display(&path), message })
            }
            ReleaseStore::Overlay(dir) => {
                let mut index = ReleaseStore::Dir(dir.clone()).index()?;
                for entry in ReleaseStore::Embedded.index()?.releases {
                    match index.entry(&entry.version) {
                        Some(listed) if listed.sha256 != entry.sha256 => {
                            return Err(ReleaseError::HashMismatch {
                                name: display(&dir.join(&listed.file)),
                                version: entry.version.clone(),
                                expected: entry.sha256.clone(),
                                actual: listed.sha256.clone(),
                            });
                        }
                        Some(_) => {}
                        None => index.insert(entry),
                    }
                }
                Ok(index)
            }
        }
    }

    /// The text of one release, after checking its sha256 against the index.
    pub fn load(&self, version: &str) -> Result<ReleaseText, ReleaseError> {
        let index = self.index()?;
        let Some(entry) = index.entry(version) else {
            return Err(ReleaseError::NotPublished {
                version: version.to_string(),
                published: index.releases.iter().map(|e| e.version.clone()).collect(),
                store: self.describe(),
            });
        };
        let (name, text) = match self {
            ReleaseStore::Overlay(dir) => {
                let store = ReleaseStore::Dir(dir.clone());
                return if store.index()?.entry(version).is_some() {
                    store.load(version)
                } else {
                    ReleaseStore::Embedded.load(version)
                };
            }
            ReleaseStore::Embedded => {
                let name = format!("<embedded>/model/releases/{}", entry.file);
                let text = EMBEDDED_RELEASES.iter().find(|(v, _)| *v == version).map(|(_, t)| t.to_string());
                let text = text.ok_or_else(|| ReleaseError::Io {
                    name: name.clone(),
                    message: "listed in the index but not compiled in".into(),
                })?;
                (name, text)
            }
            ReleaseStore::Dir(dir) => {
                let path = dir.join(&entry.file);
                (display(&path), read(&path)?)
            }
        };
        verify(&name, &text, entry)?;
        Ok(ReleaseText { version: version.to_string(), name, text, verified: true })
    }
}

/// A release that xgea has built in must be byte-identical wherever it is read from.
fn verify_known(name: &str, text: &str, version: &str) -> Result<bool, ReleaseError> {
    let embedded = ReleaseStore::Embedded.index()?;
    match embedded.entry(version) {
        Some(entry) => verify(name, text, entry).map(|()| true),
        None => Ok(false),
    }
}

/// Reads a release file named by its path. A release whose version is known must match the sha256 recorded
/// for it, wherever the file was moved: the `index.json` beside it (by file name, then by version) and the
/// release built into xgea with that version. A release known to neither is refused unless
/// `allow_unverified`; it is then read with `verified: false`, for the caller to warn about.
pub fn read_release_file(path: &Path, allow_unverified: bool) -> Result<ReleaseText, ReleaseError> {
    let name = display(path);
    let text = read(path)?;
    let (version, _) = release_header(&name, &text)?;
    let mut verified = false;
    if let Some(dir) = path.parent() {
        let store = ReleaseStore::Dir(if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir.to_path_buf() });
        let index = store.index()?;
        let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        let by_file = index.releases.iter().find(|e| e.file == file_name);
        if let Some(entry) = by_file.or_else(|| index.entry(&version)) {
            verify(&name, &text, entry)?;
            verified = true;
        }
    }
    verified |= verify_known(&name, &text, &version)?;
    if !verified && !allow_unverified {
        return Err(ReleaseError::Unverified { name, version });
    }
    Ok(ReleaseText { version, name, text, verified })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = serde_json::json!({"b": 1, "a": {"d": [ {"z": 1, "y": 2} ], "c": null}});
        assert_eq!(
            canonical_json(&v),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn embedded_releases_match_their_index() {
        let index = ReleaseStore::Embedded.index().unwrap();
        assert_eq!(index.releases.len(), EMBEDDED_RELEASES.len(), "every indexed release is compiled in");
        for entry in &index.releases {
            let release = ReleaseStore::Embedded.load(&entry.version).unwrap();
            assert_eq!(release.version, entry.version);
        }
        let on_disk = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/model/releases/index.json"));
        assert_eq!(on_disk.unwrap(), EMBEDDED_INDEX);
    }

    #[test]
    fn the_default_model_is_the_latest_release() {
        let index = ReleaseStore::Embedded.index().unwrap();
        assert_eq!(index.latest().unwrap().version, crate::model::EMBEDDED_VERSION);
    }

    #[test]
    fn a_modified_release_is_refused() {
        let index = ReleaseIndex::parse(EMBEDDED_INDEX).unwrap();
        let entry = index.latest().unwrap();
        let (_, text) = EMBEDDED_RELEASES.iter().find(|(v, _)| *v == entry.version).unwrap();
        let tampered = text.replacen("Payroll", "Payrol1", 1);
        assert!(matches!(verify("x", &tampered, entry), Err(ReleaseError::HashMismatch { .. })));
        assert!(verify("x", text, entry).is_ok());
    }
}
