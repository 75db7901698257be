//! Onboarding: descriptors drafted from the inventories departments already keep — a Backstage catalogue, an
//! application-portfolio spreadsheet, a FINOS CALM architecture, an ArchiMate exchange file — and the estate
//! exported back to ArchiMate.
//!
//! Each importer reads its format into [`Draft`]s and reports what it could not map as located [`Problem`]s
//! and counts in a [`Summary`]; [`writer`] is the one place that turns drafts into descriptor files (safe ids,
//! capability suggestions beside an empty list, idempotent, never overwriting an edited file without
//! `force`). A draft may be incomplete: `xgea lint` on the output is the to-do list.

pub mod archimate;
pub mod backstage;
pub mod calm;
pub mod csv;
pub mod writer;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::estate::{Direction, Lifecycle};
use crate::model::Model;

/// One system to write.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Its name in the source, kept in `metadata.name` (the id is made from it).
    pub name: String,
    /// The local part of the id, before slugging; the name when `None`.
    pub key: Option<String>,
    pub department: String,
    pub owner: Option<String>,
    pub description: Option<String>,
    /// `None`: not known; written as `live` and counted as guessed.
    pub lifecycle: Option<Lifecycle>,
    pub annual_cost_gbp: Option<u64>,
    pub capabilities: Vec<String>,
    /// More words for capability suggestions (tags, types), not written.
    pub tags: Vec<String>,
    pub interfaces: Vec<DraftInterface>,
    pub infrastructure: Vec<(String, String)>,
    /// Where it came from, for the file's header comment: `catalog.yaml:12:1 (Component payments)`.
    pub origin: String,
    /// Where it came from, as problems name places: `catalog.yaml:12:1`.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct DraftInterface {
    /// Before slugging.
    pub name: String,
    pub direction: Direction,
    pub counterpart: Counterpart,
    pub standards: Vec<String>,
    /// Why the standards are empty or guessed, written as a comment.
    pub note: Option<String>,
}

/// The other end of a drafted interface: another draft (by its position) or an external party (by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counterpart {
    Draft(usize),
    /// A system id the source names that is not among the drafts (kept as written; lint checks it).
    System(String),
    External(String),
}

/// Something in the input that was not imported as written, located as `path:line:col` when known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub at: String,
    pub message: String,
}

impl Problem {
    /// Sorts by file, then line and column as numbers.
    pub fn sort_key(&self) -> (String, u32, u32, String) {
        let mut parts = self.at.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse().ok());
        let line = parts.next().and_then(|l| l.parse().ok());
        match (line, col, parts.next()) {
            (Some(line), Some(col), Some(file)) => (file.to_string(), line, col, self.message.clone()),
            _ => (self.at.clone(), 0, 0, self.message.clone()),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// What an importer did, counted by reason.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub mapped: BTreeMap<String, usize>,
    pub guessed: BTreeMap<String, usize>,
    pub skipped: BTreeMap<String, usize>,
}

impl Summary {
    pub fn mapped(&mut self, what: impl Into<String>) {
        *self.mapped.entry(what.into()).or_default() += 1;
    }
    pub fn guessed(&mut self, what: impl Into<String>) {
        *self.guessed.entry(what.into()).or_default() += 1;
    }
    pub fn skipped(&mut self, what: impl Into<String>) {
        *self.skipped.entry(what.into()).or_default() += 1;
    }
}

/// An importer's result.
#[derive(Debug, Default)]
pub struct Import {
    pub drafts: Vec<Draft>,
    pub problems: Vec<Problem>,
    pub summary: Summary,
}

impl Import {
    /// Adds the drafts that were made (`None`: left out), pointing interfaces at a left-out draft at an
    /// external party of its name instead, and renumbering the rest.
    pub(crate) fn keep(&mut self, drafts: Vec<Option<Draft>>, names: &[String]) {
        let mut position = Vec::with_capacity(drafts.len());
        let mut next = self.drafts.len();
        for d in &drafts {
            position.push(d.as_ref().map(|_| {
                next += 1;
                next - 1
            }));
        }
        for mut d in drafts.into_iter().flatten() {
            for f in &mut d.interfaces {
                if let Counterpart::Draft(u) = f.counterpart {
                    f.counterpart =
                        position[u].map_or_else(|| Counterpart::External(names[u].clone()), Counterpart::Draft);
                }
            }
            self.drafts.push(d);
        }
    }

    pub fn problem(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { at: at.into(), message: message.into() });
    }
}

/// Why an import could not be done; the CLI exits 2.
#[derive(Debug)]
pub struct ImportError {
    pub message: String,
    pub help: Option<String>,
}

impl ImportError {
    pub fn new(message: impl Into<String>) -> Self {
        ImportError { message: message.into(), help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Reads a file as text, or says why not.
pub(crate) fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|e| ImportError::new(format!("cannot read {}: {e}", path.display())))
}

/// Which department each system goes to: one for all, or by owner from a map file (with the one as fallback).
#[derive(Debug, Clone, Default)]
pub struct Departments {
    pub default: Option<String>,
    pub by_owner: HashMap<String, String>,
    pub map_file: Option<PathBuf>,
}

impl Departments {
    /// From `--department` and `--owner-map`; at least one is needed. The map is TOML, `owner = "department"`
    /// per line (owners as the source writes them; a `group:` prefix and a namespace are ignored).
    pub fn new(default: Option<&str>, owner_map: Option<&Path>) -> Result<Departments, ImportError> {
        if default.is_none() && owner_map.is_none() {
            return Err(ImportError::new("no department for the imported systems")
                .with_help("pass --department ID (every system), or --owner-map FILE (by owner), or both"));
        }
        let mut out =
            Departments { default: None, by_owner: HashMap::new(), map_file: owner_map.map(Path::to_path_buf) };
        if let Some(d) = default {
            out.default = Some(check_department(d).map_err(ImportError::new)?);
        }
        if let Some(path) = owner_map {
            let text = read(path)?;
            let table: toml::Table = text.parse().map_err(|e| {
                ImportError::new(format!("{}: not a TOML table of owner = \"department\": {e}", path.display()))
            })?;
            for (owner, value) in table {
                let Some(dept) = value.as_str() else {
                    return Err(ImportError::new(format!(
                        "{}: `{owner}` maps to {value}, not a department id string",
                        path.display()
                    )));
                };
                let dept = check_department(dept).map_err(|e| ImportError::new(format!("{}: {e}", path.display())))?;
                out.by_owner.insert(owner_key(&owner), dept);
            }
        }
        Ok(out)
    }

    /// The department of a system owned by `owner`, if any.
    pub fn of(&self, owner: Option<&str>) -> Option<String> {
        owner.and_then(|o| self.by_owner.get(&owner_key(o)).cloned()).or_else(|| self.default.clone())
    }
}

/// An owner as map keys compare it: lower case, without `group:` and a `namespace/`.
pub(crate) fn owner_key(owner: &str) -> String {
    let owner = owner.trim().to_lowercase();
    let owner = owner.strip_prefix("group:").unwrap_or(&owner);
    owner.rsplit('/').next().unwrap_or(owner).to_string()
}

/// A department id as descriptors need it (`^[a-z][a-z0-9-]*$`).
pub(crate) fn check_department(id: &str) -> Result<String, String> {
    let ok = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(id.to_string())
    } else {
        Err(format!(
            "`{id}` is not a department id: lower-case letters, digits and hyphens, starting with a letter (try `{}`)",
            slug(id)
        ))
    }
}

/// A name as the local part of an id: lower-case ASCII letters and digits, other runs as one hyphen.
/// Never empty: a name with no letter or digit becomes `system`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut hyphen = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            hyphen = true;
        }
    }
    if out.is_empty() { "system".to_string() } else { out }
}

/// `text` as it is when it is already a safe id part (lower-case letters, digits, `.`, `-`, `_` where
/// `extra` allows, starting with a letter or digit), else its [`slug`].
pub fn safe(text: &str, extra: &str) -> String {
    let ok = text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || extra.contains(c))
        && !text.ends_with('.');
    if ok { text.to_string() } else { slug(text) }
}

/// The common Latin letters with accents, as their base letter.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Owner values that name nobody.
pub fn is_placeholder_owner(owner: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "tbc",
        "tbd",
        "todo",
        "unknown",
        "none",
        "n-a",
        "na",
        "null",
        "owner",
        "team",
        "placeholder",
        "changeme",
        "change-me",
        "example",
        "guest",
        "default",
        "nobody",
        "unassigned",
        "xxx",
        "test",
    ];
    let key = slug(&owner_key(owner));
    PLACEHOLDERS.contains(&key.as_str()) || key.starts_with("placeholder") || key.starts_with("replace-me")
}

/// A lifecycle as catalogues and spreadsheets write it; `None` when the word is not one of them.
pub fn lifecycle_of(text: &str) -> Option<Lifecycle> {
    Some(match slug(text).as_str() {
        "planned" | "plan" | "proposed" | "idea" | "discovery" => Lifecycle::Planned,
        "build" | "experimental" | "development" | "dev" | "alpha" | "beta" | "pilot" | "in-development" => {
            Lifecycle::Build
        }
        "live" | "production" | "prod" | "operational" | "in-service" | "active" => Lifecycle::Live,
        "retiring" | "deprecated" | "sunset" | "decommissioning" | "legacy" => Lifecycle::Retiring,
        "retired" | "decommissioned" | "archived" | "closed" => Lifecycle::Retired,
        _ => return None,
    })
}

/// A cost as written in a sheet or annotation: `£1,200,000`, `1200000`, `1.2m`, `350k`; whole pounds.
pub fn cost_of(text: &str) -> Option<u64> {
    let t: String = text.trim().chars().filter(|c| !matches!(c, '£' | ',' | ' ' | '_')).collect();
    let t = t.to_lowercase();
    let t = t.strip_suffix("gbp").unwrap_or(&t);
    let (number, factor) = match t.strip_suffix('m') {
        Some(n) => (n, 1_000_000.0),
        None => match t.strip_suffix('k') {
            Some(n) => (n, 1_000.0),
            None => (t, 1.0),
        },
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if factor == 1.0 && !number.contains('.') {
        return number.parse().ok();
    }
    let value: f64 = number.parse().ok()?;
    let pounds = (value * factor).round();
    (0.0..1e15).contains(&pounds).then_some(pounds as u64)
}

/// The capability ids named in a free-text list (`BO.02.01, FO.04.04`).
pub fn capability_list(text: &str) -> Vec<String> {
    text.split([',', ';', ' ', '\n', '|']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The infrastructure kind a resource's type (a Backstage Resource `type`, a CALM `node-type`) points to: the
/// first kind of its row that the model defines, `hosting` when none is. Rows list kinds a model may define
/// (`data-store`, `messaging`, `storage`) before the kind the current one gives them a place under, so a later
/// model with a closer kind is used without a change here. A staff directory (LDAP, Active Directory, single
/// sign-on) is `staff-identity` where the model has it (2.1.0), not citizen `identity`.
pub(crate) fn infra_kind(model: &Model, resource_type: &str) -> String {
    const ROWS: &[(&[&str], &[&str])] = &[
        (
            &["database", "db", "postgres", "mysql", "rds", "dynamodb", "mongodb", "redis", "cache", "sql"],
            &["data-store", "database", "hosting"],
        ),
        (&["queue", "topic", "kafka", "sqs", "sns", "pubsub", "broker", "stream"], &["messaging", "hosting"]),
        (&["bucket", "storage", "s3", "blob"], &["storage", "hosting"]),
        (&["email", "smtp"], &["email"]),
        (&["dns", "cdn", "load-balancer", "vpc", "network", "gateway"], &["network"]),
        (&["ldap", "active-directory", "directory", "sso", "entra", "okta"], &["staff-identity", "identity"]),
        (&["identity", "idp", "auth", "oidc", "saml"], &["identity"]),
        (&["colocation", "data-centre", "datacenter", "datacentre", "on-premises"], &["data-centre", "hosting"]),
    ];
    let t = resource_type.to_lowercase();
    ROWS.iter()
        .find(|(words, _)| words.iter().any(|w| t.contains(w)))
        .and_then(|(_, kinds)| kinds.iter().find(|k| model.kind(k).is_some()))
        .map_or_else(|| "hosting".to_string(), |k| (*k).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_stable() {
        assert_eq!(slug("Payments API (v2)"), "payments-api-v2");
        assert_eq!(slug("  Café  Élan's   system "), "cafe-elans-system");
        assert_eq!(slug("***"), "system");
        assert_eq!(slug("already-a-slug"), "already-a-slug");
    }

    #[test]
    fn placeholders_lifecycles_and_costs() {
        assert!(is_placeholder_owner("group:default/TBC"));
        assert!(is_placeholder_owner("Unknown"));
        assert!(!is_placeholder_owner("group:payments-team"));
        assert_eq!(lifecycle_of("production"), Some(Lifecycle::Live));
        assert_eq!(lifecycle_of("Experimental"), Some(Lifecycle::Build));
        assert_eq!(lifecycle_of("deprecated"), Some(Lifecycle::Retiring));
        assert_eq!(lifecycle_of("whenever"), None);
        assert_eq!(cost_of("£1,200,000"), Some(1_200_000));
        assert_eq!(cost_of("1.2m"), Some(1_200_000));
        assert_eq!(cost_of("350k"), Some(350_000));
        assert_eq!(cost_of("lots"), None);
        assert_eq!(cost_of("-5"), None);
    }

    #[test]
    fn owners_map_to_departments() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("owners.toml");
        std::fs::write(&map, "\"group:default/benefits-team\" = \"dwp\"\ntax = \"hmrc\"\n").unwrap();
        let d = Departments::new(Some("cabinet-office"), Some(&map)).unwrap();
        assert_eq!(d.of(Some("benefits-team")).as_deref(), Some("dwp"));
        assert_eq!(d.of(Some("group:tax")).as_deref(), Some("hmrc"));
        assert_eq!(d.of(Some("other")).as_deref(), Some("cabinet-office"));
        assert!(Departments::new(None, None).is_err());
        assert!(Departments::new(Some("Not Valid"), None).unwrap_err().message.contains("not-valid"));
    }

    #[test]
    fn resource_types_map_to_kinds_the_model_defines() {
        let model = crate::model::embedded_model();
        assert_eq!(infra_kind(&model, "ldap"), "staff-identity");
        assert_eq!(infra_kind(&model, "oidc"), "identity");
        // No data-store kind in the model: a database is hosting, not a kind the model lacks.
        assert_eq!(infra_kind(&model, "database"), "hosting");
        assert_eq!(infra_kind(&model, "colocation"), "data-centre");
        assert_eq!(infra_kind(&model, "something-else"), "hosting");
    }
}
