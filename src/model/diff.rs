//! `xgea model diff`: what changed between two versions of the model, each change classified by the semantic
//! version bump it needs (breaking → major, additions and status changes → minor, text → patch) with the reason.
//!
//! The diff works on the validated JSON documents, element by element (matched by id), so every field is
//! compared, including fields added to the format later; the classification knows the fields that matter.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::schema::Kind;

/// The version bump a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Text only: names, descriptions, URLs, history notes.
    Patch,
    /// Non-breaking: additions, status changes that warn before they fail.
    Minor,
    /// Breaking: a descriptor that was valid may now fail.
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
    /// The bump from `old` to `new` (`None` when `new` is not greater than `old`).
    pub fn of_bump(old: &semver::Version, new: &semver::Version) -> Option<Level> {
        if new <= old {
            None
        } else if new.major > old.major {
            Some(Level::Major)
        } else if new.minor > old.minor {
            Some(Level::Minor)
        } else {
            Some(Level::Patch)
        }
    }
    /// The smallest version after `old` with this bump.
    pub fn next(self, old: &semver::Version) -> semver::Version {
        match self {
            Level::Major => semver::Version::new(old.major + 1, 0, 0),
            Level::Minor => semver::Version::new(old.major, old.minor + 1, 0),
            Level::Patch => semver::Version::new(old.major, old.minor, old.patch + 1),
        }
    }
}

/// What happened to an element.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ChangeKind {
    Added {
        name: Option<String>,
    },
    Removed {
        name: Option<String>,
    },
    /// The element now names a successor (renamed by supersession).
    Superseded {
        by: String,
    },
    Status {
        from: String,
        to: String,
    },
    /// The display name changed; the id, and so every descriptor naming it, is unchanged.
    Renamed {
        from: String,
        to: String,
    },
    Field {
        field: String,
        from: Value,
        to: Value,
    },
}

/// One change between two models.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// `capability`, `standard`, `category`, `infrastructure kind`, `component`, `data entity`, `sector`,
    /// `marking scheme`, `marking level` or `model`.
    pub element: &'static str,
    pub id: String,
    #[serde(flatten)]
    pub change: ChangeKind,
    pub level: Level,
    pub breaking: bool,
    /// Why the change has its level.
    pub reason: String,
}

impl Change {
    pub fn is_rename(&self) -> bool {
        matches!(self.change, ChangeKind::Renamed { .. })
    }
    /// One line describing the change, without its reason.
    pub fn describe(&self) -> String {
        let subject = format!("{} `{}`", self.element, self.id);
        match &self.change {
            ChangeKind::Added { name } => format!("added {subject}{}", named(name)),
            ChangeKind::Removed { name } => format!("removed {subject}{}", named(name)),
            ChangeKind::Superseded { by } => format!("{subject} superseded by `{by}`"),
            ChangeKind::Status { from, to } => format!("{subject}: {from} → {to}"),
            ChangeKind::Renamed { from, to } => format!("{subject} renamed: \"{from}\" → \"{to}\""),
            ChangeKind::Field { field, from, to } => format!("{subject}: {}", field_change(field, from, to)),
        }
    }
}

fn named(name: &Option<String>) -> String {
    name.as_ref().map_or(String::new(), |n| format!(" ({n})"))
}

fn short(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) if s.chars().count() > 60 => format!("\"{}…\"", s.chars().take(57).collect::<String>()),
        Value::String(s) => format!("\"{s}\""),
        other => {
            let text = other.to_string();
            if text.chars().count() > 60 { format!("{}…", text.chars().take(57).collect::<String>()) } else { text }
        }
    }
}

fn field_change(field: &str, from: &Value, to: &Value) -> String {
    if let (Some(a), Some(b)) = (string_set(from), string_set(to)) {
        let added: Vec<_> = b.difference(&a).map(|s| format!("+{s}")).collect();
        let removed: Vec<_> = a.difference(&b).map(|s| format!("-{s}")).collect();
        if !added.is_empty() || !removed.is_empty() {
            return format!("`{field}` {}", removed.into_iter().chain(added).collect::<Vec<_>>().join(" "));
        }
    }
    match field {
        "description" | "history" => format!("`{field}` changed"),
        _ => format!("`{field}` {} → {}", short(from), short(to)),
    }
}

/// The strings of an array of strings (`null` counts as empty).
fn string_set(v: &Value) -> Option<BTreeSet<&str>> {
    match v {
        Value::Null => Some(BTreeSet::new()),
        Value::Array(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

/// Every change between two models.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelDiff {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
}

impl ModelDiff {
    /// The bump the changes need; `None` when nothing changed.
    pub fn required(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
    /// The changes of one level, in order.
    pub fn at(&self, level: Level) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.level == level && !c.is_rename())
    }
    /// The renames, listed on their own before the changes by level.
    pub fn renames(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.is_rename())
    }
}

/// The lists of elements the model holds: (document kind, field, element name).
const LISTS: &[(Kind, &str, &str)] = &[
    (Kind::Capabilities, "capabilities", "capability"),
    (Kind::Standards, "categories", "category"),
    (Kind::Standards, "standards", "standard"),
    (Kind::Infrastructure, "kinds", "infrastructure kind"),
    (Kind::Infrastructure, "components", "component"),
    (Kind::Infrastructure, "frameworks", "procurement framework"),
    (Kind::DataEntities, "entities", "data entity"),
    (Kind::Sectors, "sectors", "sector"),
    (Kind::Markings, "schemes", "marking scheme"),
];

/// Fields that never change the meaning of a model for a linter.
const TEXT_FIELDS: &[&str] = &[
    "name",
    "description",
    "url",
    "version",
    "note",
    "identifiers",
    "masterSource",
    "since",
    "validFrom",
    "validUntil",
    "source",
    "retired",
    "cofog",
    "keywords",
];

type Elements<'a> = BTreeMap<String, &'a serde_json::Map<String, Value>>;

fn elements<'a>(docs: &'a BTreeMap<Kind, Value>, kind: Kind, field: &str) -> (Vec<String>, Elements<'a>) {
    let mut order = Vec::new();
    let mut map = BTreeMap::new();
    let items = docs.get(&kind).and_then(|d| d.get(field)).and_then(Value::as_array);
    for item in items.into_iter().flatten() {
        let (Some(obj), Some(id)) = (item.as_object(), item.get("id").and_then(Value::as_str)) else { continue };
        if map.insert(id.to_string(), obj).is_none() {
            order.push(id.to_string());
        }
    }
    (order, map)
}

/// Marking levels of every scheme, keyed `<scheme>/<level>`.
fn levels(docs: &BTreeMap<Kind, Value>) -> (Vec<String>, BTreeMap<String, serde_json::Map<String, Value>>) {
    let mut order = Vec::new();
    let mut map = BTreeMap::new();
    let schemes = docs.get(&Kind::Markings).and_then(|d| d.get("schemes")).and_then(Value::as_array);
    for scheme in schemes.into_iter().flatten() {
        let sid = scheme.get("id").and_then(Value::as_str).unwrap_or_default();
        for level in scheme.get("levels").and_then(Value::as_array).into_iter().flatten() {
            let (Some(obj), Some(lid)) = (level.as_object(), level.get("id").and_then(Value::as_str)) else {
                continue;
            };
            let key = format!("{sid}/{lid}");
            if map.insert(key.clone(), obj.clone()).is_none() {
                order.push(key);
            }
        }
    }
    (order, map)
}

fn name_of(obj: &serde_json::Map<String, Value>) -> Option<String> {
    obj.get("name").and_then(Value::as_str).map(str::to_string)
}

/// Compares two models given as their validated documents (see `ModelDocuments::values`).
pub fn diff(
    old_version: &str,
    old: &BTreeMap<Kind, Value>,
    new_version: &str,
    new: &BTreeMap<Kind, Value>,
) -> ModelDiff {
    let mut changes = Vec::new();
    for &(kind, field, element) in LISTS {
        let (old_order, old_items) = elements(old, kind, field);
        let (new_order, new_items) = elements(new, kind, field);
        compare_lists(element, &old_order, &old_items, &new_order, &new_items, &mut changes);
    }
    let (old_order, old_levels) = levels(old);
    let (new_order, new_levels) = levels(new);
    let old_refs: Elements<'_> = old_levels.iter().map(|(k, v)| (k.clone(), v)).collect();
    let new_refs: Elements<'_> = new_levels.iter().map(|(k, v)| (k.clone(), v)).collect();
    compare_lists("marking level", &old_order, &old_refs, &new_order, &new_refs, &mut changes);
    let current = |d: &BTreeMap<Kind, Value>| d.get(&Kind::Markings).and_then(|m| m.get("current")).cloned();
    let (a, b) = (current(old).unwrap_or(Value::Null), current(new).unwrap_or(Value::Null));
    if a != b {
        changes.push(Change {
            element: "marking scheme",
            id: "current".into(),
            change: ChangeKind::Field { field: "current".into(), from: a, to: b },
            level: Level::Minor,
            breaking: false,
            reason: "new descriptors should use the new scheme; markings of the old one still resolve while it is in the model"
                .into(),
        });
    }
    for field in ["name", "description"] {
        let get = |d: &BTreeMap<Kind, Value>| d.get(&Kind::Model).and_then(|m| m.get(field)).cloned();
        let (a, b) = (get(old).unwrap_or(Value::Null), get(new).unwrap_or(Value::Null));
        if a != b {
            changes.push(Change {
                element: "model",
                id: "model".into(),
                change: ChangeKind::Field { field: field.into(), from: a, to: b },
                level: Level::Patch,
                breaking: false,
                reason: "text only".into(),
            });
        }
    }
    ModelDiff { old: old_version.to_string(), new: new_version.to_string(), changes }
}

fn compare_lists(
    element: &'static str,
    old_order: &[String],
    old: &Elements<'_>,
    new_order: &[String],
    new: &Elements<'_>,
    out: &mut Vec<Change>,
) {
    for id in old_order {
        if !new.contains_key(id) {
            out.push(Change {
                element,
                id: id.clone(),
                change: ChangeKind::Removed { name: name_of(old[id]) },
                level: Level::Major,
                breaking: true,
                reason: format!(
                    "descriptors that name `{id}` no longer resolve; deprecate it with a successor instead"
                ),
            });
        }
    }
    for id in old_order {
        let (Some(a), Some(b)) = (old.get(id), new.get(id)) else { continue };
        compare_element(element, id, a, b, out);
    }
    for id in new_order {
        if !old.contains_key(id) {
            out.push(Change {
                element,
                id: id.clone(),
                change: ChangeKind::Added { name: name_of(new[id]) },
                level: Level::Minor,
                breaking: false,
                reason: "a new id descriptors may use".into(),
            });
        }
    }
}

fn str_field<'a>(obj: &'a serde_json::Map<String, Value>, field: &str) -> Option<&'a str> {
    obj.get(field).and_then(Value::as_str)
}

fn compare_element(
    element: &'static str,
    id: &str,
    a: &serde_json::Map<String, Value>,
    b: &serde_json::Map<String, Value>,
    out: &mut Vec<Change>,
) {
    let fields: BTreeSet<&str> = a.keys().chain(b.keys()).map(String::as_str).filter(|f| *f != "id").collect();
    let status_changed = a.get("status") != b.get("status");
    let mut push = |change: ChangeKind, level: Level, reason: String| {
        out.push(Change { element, id: id.to_string(), change, level, breaking: level == Level::Major, reason });
    };
    // Status first, then supersession, then the other fields in name order.
    if status_changed {
        let from = str_field(a, "status").unwrap_or("(none)").to_string();
        let to = str_field(b, "status").unwrap_or("(none)").to_string();
        let (level, reason) = match to.as_str() {
            "retired" if from != "deprecated" => (
                Level::Major,
                format!("retired without being deprecated first: existing use of `{id}` fails with no warning period"),
            ),
            "retired" => (Level::Minor, "retired after a deprecation: existing use was already warned about".into()),
            "deprecated" => (Level::Minor, "existing use is reported as deprecated, not yet an error".into()),
            "mandatory" | "mandated" => (Level::Minor, "now required where it applies".into()),
            "recommended" if matches!(from.as_str(), "mandatory" | "mandated") => {
                (Level::Minor, "no longer required; existing use stays valid".into())
            }
            "recommended" => (Level::Minor, "recommended for new work".into()),
            _ => (Level::Minor, "status changed".into()),
        };
        push(ChangeKind::Status { from, to }, level, reason);
    }
    let (sa, sb) = (str_field(a, "supersededBy"), str_field(b, "supersededBy"));
    if sa != sb {
        match sb {
            Some(by) => push(
                ChangeKind::Superseded { by: by.to_string() },
                Level::Minor,
                format!("departments are pointed to `{by}`; `{id}` still resolves"),
            ),
            None => push(
                ChangeKind::Field { field: "supersededBy".into(), from: a["supersededBy"].clone(), to: Value::Null },
                Level::Minor,
                "no longer names a successor".into(),
            ),
        }
    }
    for field in fields {
        if matches!(field, "status" | "supersededBy" | "levels") {
            continue;
        }
        let (x, y) = (a.get(field).unwrap_or(&Value::Null), b.get(field).unwrap_or(&Value::Null));
        if x == y || (field == "history" && status_changed) {
            continue;
        }
        if let ("name", Some(from), Some(to)) = (field, x.as_str(), y.as_str()) {
            let change = ChangeKind::Renamed { from: from.to_string(), to: to.to_string() };
            push(change, Level::Patch, "renamed: the id is unchanged, so descriptors still resolve".into());
            continue;
        }
        let (level, reason) = classify(element, field, x, y);
        push(ChangeKind::Field { field: field.to_string(), from: x.clone(), to: y.clone() }, level, reason);
    }
}

fn classify(element: &str, field: &str, from: &Value, to: &Value) -> (Level, String) {
    let text = || (Level::Patch, "text only".to_string());
    match (element, field) {
        ("standard", "version") => {
            (Level::Minor, "the version of the specification changed: what compliance means changed".into())
        }
        (_, f) if TEXT_FIELDS.contains(&f) => text(),
        (_, "history") => text(),
        ("category", "requiredOnInterfaces") if to == &Value::Bool(true) => (
            Level::Major,
            "every interface must now use a standard of this category: interfaces without one fail".into(),
        ),
        ("category", "requiredOnInterfaces") => (Level::Minor, "no longer required on every interface".into()),
        ("standard", "category") => {
            (Level::Major, "interfaces relying on it for a required category may no longer have one".into())
        }
        ("standard", "purpose") => (Level::Minor, "changes which open alternative XG203 suggests".into()),
        ("standard", "open") if to == &Value::Bool(false) => {
            (Level::Minor, "no longer counted as an open standard".into())
        }
        ("standard", "sunset") if from.is_null() => (Level::Minor, "a sunset date after which use is an error".into()),
        ("standard", "sunset") => (Level::Minor, "the sunset date moved".into()),
        ("marking level", "rank") => {
            (Level::Major, "marking comparisons change: data may now exceed what a system may hold".into())
        }
        ("marking level", "mapsTo") => (Level::Minor, "legacy markings compare differently".into()),
        ("capability", "parent") => (Level::Minor, "moved in the capability tree; roll-ups change".into()),
        ("capability", "shareable") => (Level::Minor, "changes which duplication is reported".into()),
        ("component", "capabilities" | "kinds") => (Level::Minor, "changes where the component is expected".into()),
        ("data entity", "personal" | "marking") => (Level::Minor, "changes information-assurance findings".into()),
        _ => (Level::Minor, "changes what xgea checks".into()),
    }
}

/// The headline: how many changes and the bump they need.
fn headline(d: &ModelDiff) -> String {
    let count = d.changes.len();
    let plural = if count == 1 { "" } else { "s" };
    match d.required() {
        None => format!("no change from {} to {}", d.old, d.new),
        Some(level) => {
            let needed = match semver::Version::parse(&d.old) {
                Ok(old) => format!("a release after {} needs at least {}", d.old, level.next(&old)),
                Err(_) => format!("the change needs a {} version", level.as_str()),
            };
            format!("{count} change{plural} from {} to {} ({} breaking): {needed}", d.old, d.new, d.breaking())
        }
    }
}

const SECTIONS: &[(Level, &str)] = &[
    (Level::Major, "Breaking changes (major)"),
    (Level::Minor, "Non-breaking changes (minor)"),
    (Level::Patch, "Text changes (patch)"),
];

/// Plain text for the terminal.
pub fn render_human(d: &ModelDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(d));
    let renames: Vec<&Change> = d.renames().collect();
    if !renames.is_empty() {
        let _ = writeln!(out, "\nRenamed (same id, new name): {}", renames.len());
        for c in renames {
            let _ = writeln!(out, "  {}", c.describe().replace('`', ""));
        }
    }
    for &(level, title) in SECTIONS {
        let changes: Vec<&Change> = d.at(level).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}: {}", changes.len());
        for c in changes {
            let _ = writeln!(out, "  {}\n      {}", c.describe().replace('`', ""), c.reason.replace('`', ""));
        }
    }
    out
}

/// Markdown for release notes.
pub fn render_markdown(d: &ModelDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Reference model {} (changes since {})\n\n{}.", d.new, d.old, headline(d));
    let renames: Vec<&Change> = d.renames().collect();
    if !renames.is_empty() {
        let _ = writeln!(out, "\n## Renamed (same id, new name)\n");
        for c in renames {
            let _ = writeln!(out, "- {}", c.describe());
        }
    }
    for &(level, title) in SECTIONS {
        let changes: Vec<&Change> = d.at(level).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {title}\n");
        for c in changes {
            let _ = writeln!(out, "- {} — {}", c.describe(), c.reason);
        }
    }
    out
}

/// JSON for tools: the versions, the required bump and every change.
pub fn render_json(d: &ModelDiff) -> String {
    let value = serde_json::json!({
        "old": d.old,
        "new": d.new,
        "required": d.required().map(Level::as_str),
        "breaking": d.breaking(),
        "changes": d.changes,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("a diff serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn docs(standards: Value) -> BTreeMap<Kind, Value> {
        BTreeMap::from([(Kind::Standards, json!({ "categories": [], "standards": standards }))])
    }

    #[test]
    fn retiring_without_deprecation_is_breaking() {
        let old = docs(json!([{ "id": "TRN-FTP", "name": "FTP", "status": "recommended" }]));
        let new = docs(json!([{ "id": "TRN-FTP", "name": "FTP", "status": "retired" }]));
        let d = diff("1.0.0", &old, "1.1.0", &new);
        assert_eq!(d.required(), Some(Level::Major));
        let via_deprecation = docs(json!([{ "id": "TRN-FTP", "name": "FTP", "status": "deprecated" }]));
        assert_eq!(diff("1.0.0", &via_deprecation, "1.1.0", &new).required(), Some(Level::Minor));
    }

    #[test]
    fn additions_are_minor_text_is_patch_removals_are_major() {
        let old = docs(json!([{ "id": "A-A", "name": "A", "status": "recommended" }]));
        let renamed = docs(json!([{ "id": "A-A", "name": "Alpha", "status": "recommended" }]));
        assert_eq!(diff("1.0.0", &old, "1.0.1", &renamed).required(), Some(Level::Patch));
        let added = docs(
            json!([{ "id": "A-A", "name": "A", "status": "recommended" }, { "id": "B-B", "name": "B", "status": "emerging" }]),
        );
        assert_eq!(diff("1.0.0", &old, "1.1.0", &added).required(), Some(Level::Minor));
        assert_eq!(diff("1.1.0", &added, "2.0.0", &old).required(), Some(Level::Major));
        assert_eq!(diff("1.0.0", &old, "1.0.0", &old).required(), None);
    }

    #[test]
    fn a_standard_version_change_is_minor_and_a_rename_is_listed_first() {
        let old = docs(json!([{ "id": "SEC-TLS", "name": "TLS", "version": "1.2", "status": "mandatory" }]));
        let new = docs(
            json!([{ "id": "SEC-TLS", "name": "Transport Layer Security", "version": "1.3", "status": "mandatory" }]),
        );
        let d = diff("2.0.0", &old, "2.1.0", &new);
        assert_eq!(d.required(), Some(Level::Minor), "{d:?}");
        let version =
            d.changes.iter().find(|c| matches!(&c.change, ChangeKind::Field { field, .. } if field == "version"));
        assert_eq!(version.unwrap().level, Level::Minor);
        let renames: Vec<_> = d.renames().collect();
        assert_eq!(renames.len(), 1);
        assert_eq!(renames[0].describe(), "standard `SEC-TLS` renamed: \"TLS\" → \"Transport Layer Security\"");
        let human = render_human(&d);
        let renamed = human.find("Renamed (same id, new name): 1").expect(&human);
        assert!(renamed < human.find("Non-breaking changes").unwrap(), "renames come first:\n{human}");
        assert_eq!(human.matches("renamed:").count(), 1, "listed once:\n{human}");
        assert!(render_markdown(&d).contains("## Renamed (same id, new name)"));
        // A version change elsewhere (a marking scheme's validity, say) stays text.
        let text = docs(json!([{ "id": "A-A", "name": "A", "status": "recommended", "url": "https://a.example/" }]));
        let moved = docs(json!([{ "id": "A-A", "name": "A", "status": "recommended", "url": "https://b.example/" }]));
        assert_eq!(diff("1.0.0", &text, "1.0.1", &moved).required(), Some(Level::Patch));
    }

    #[test]
    fn bumps() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert_eq!(Level::of_bump(&v("1.2.3"), &v("2.0.0")), Some(Level::Major));
        assert_eq!(Level::of_bump(&v("1.2.3"), &v("1.3.0")), Some(Level::Minor));
        assert_eq!(Level::of_bump(&v("1.2.3"), &v("1.2.4")), Some(Level::Patch));
        assert_eq!(Level::of_bump(&v("1.2.3"), &v("1.2.3")), None);
        assert_eq!(Level::Minor.next(&v("1.2.3")), v("1.3.0"));
    }
}
