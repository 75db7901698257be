//! A Backstage software catalogue (`catalog-info.yaml` files, several entities per file) → drafts.
//!
//! Kinds: `System` and `Component` become systems (by `--granularity`: a Backstage System with its
//! components, or each Component); `API` entities become interfaces of the components that provide and
//! consume them, their `type` (openapi, asyncapi, grpc, graphql, …) mapped to the model's standards;
//! `Resource`s that components `dependsOn` become infrastructure (databases, queues, topics, buckets);
//! `Group`s name owners; `Domain`, `User`, `Location` and `Template` are skipped. Lifecycles are mapped
//! (production → live, experimental → build, deprecated → retiring). Annotations `xgea/capabilities`,
//! `xgea/annual-cost-gbp`, `xgea/department` and `xgea/lifecycle` are honoured, so teams can keep xgea's facts
//! in their catalogue. Placeholder owners, duplicate names, names that are not Backstage names and refs to
//! entities the catalogue does not hold are reported, each at its file:line:col.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::Value;

use super::{
    Counterpart, Departments, Draft, DraftInterface, Import, ImportError, cost_of, is_placeholder_owner, lifecycle_of,
    read,
};
use crate::estate::{Direction, Lifecycle};
use crate::model::Model;
use crate::source::{Limits, SourceFile, SpanMap, parse_yaml};

/// What one xgea system is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Granularity {
    /// A Backstage System with its components is one system; a component of no system is one on its own.
    #[default]
    System,
    /// Every Component is one system; Backstage Systems are left out.
    Component,
}

pub struct Options<'a> {
    pub paths: &'a [PathBuf],
    pub departments: &'a Departments,
    pub granularity: Granularity,
    pub model: &'a Model,
}

struct Entity {
    /// Lower case: `component`, `api`, …
    kind: String,
    /// As written.
    kind_text: String,
    namespace: String,
    name: String,
    value: Value,
    file: usize,
    spans: SpanMap,
    root: (u32, u32),
}

impl Entity {
    fn key(&self) -> String {
        format!("{}:{}/{}", self.kind, self.namespace, self.name.to_lowercase())
    }
    fn str(&self, pointer: &str) -> Option<&str> {
        self.value.pointer(pointer).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    }
    fn list(&self, pointer: &str) -> Vec<(usize, String)> {
        match self.value.pointer(pointer) {
            Some(Value::Array(items)) => {
                items.iter().enumerate().filter_map(|(i, v)| v.as_str().map(|s| (i, s.trim().to_string()))).collect()
            }
            Some(Value::String(s)) => vec![(0, s.trim().to_string())],
            _ => Vec::new(),
        }
    }
    fn annotation(&self, name: &str) -> Option<&str> {
        self.value.get("metadata")?.get("annotations")?.get(name)?.as_str().map(str::trim)
    }
    fn display(&self) -> String {
        format!("{} `{}`", self.kind_text, self.name)
    }
}

/// Backstage's entity name rule: letters and digits in runs joined by one `-`, `_` or `.`, at most 63.
fn is_backstage_name(name: &str) -> bool {
    let mut prev_sep = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            prev_sep = false;
        } else if matches!(c, '-' | '_' | '.') && !prev_sep {
            prev_sep = true;
        } else {
            return false;
        }
    }
    !prev_sep && name.len() <= 63
}

/// `[kind:][namespace/]name` with the defaults filled in, as a lookup key.
fn ref_key(text: &str, default_kind: &str, default_namespace: &str) -> String {
    let (kind, rest) = match text.split_once(':') {
        Some((k, r)) if !k.contains('/') => (k.to_lowercase(), r),
        _ => (default_kind.to_string(), text),
    };
    let (namespace, name) = match rest.split_once('/') {
        Some((n, r)) => (n.to_lowercase(), r),
        None => (default_namespace.to_string(), rest),
    };
    format!("{kind}:{namespace}/{}", name.trim().to_lowercase())
}

fn ref_name(text: &str) -> &str {
    let rest = text.split_once(':').map_or(text, |(_, r)| r);
    rest.rsplit('/').next().unwrap_or(rest).trim()
}

/// The model's standards an API `type` implies, among those the model defines.
fn api_standards(model: &Model, api_type: &str) -> (Vec<String>, Option<String>) {
    let candidates: &[&str] = match api_type.to_lowercase().as_str() {
        "openapi" | "swagger" | "rest" => &["TRN-HTTP", "MSG-OPENAPI"],
        "asyncapi" => &["MSG-ASYNCAPI"],
        "grpc" => &["TRN-HTTP", "MSG-GRPC"],
        "graphql" => &["TRN-HTTP", "MSG-GRAPHQL"],
        "wsdl" | "soap" => &["TRN-HTTP", "MSG-SOAP", "MSG-WSDL"],
        "trpc" => &["TRN-HTTP"],
        _ => &[],
    };
    let found: Vec<String> =
        candidates.iter().filter(|id| model.standard(id).is_some()).map(|s| (*s).to_string()).collect();
    let missing: Vec<&str> = candidates.iter().copied().filter(|id| model.standard(id).is_none()).collect();
    let note = if candidates.is_empty() {
        Some(format!("API type `{api_type}` maps to no standard of the model"))
    } else if !missing.is_empty() {
        Some(format!("API type `{api_type}`: the model has no {}", missing.join(", ")))
    } else {
        None
    };
    (found, note)
}

struct Catalogue {
    files: Vec<SourceFile>,
    entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
}

impl Catalogue {
    fn at(&self, e: &Entity, pointer: &str) -> String {
        let file = &self.files[e.file];
        let offset = e.spans.lookup(pointer).map_or(e.root.0, |s| s.value.0);
        let lc = file.line_col(offset);
        format!("{}:{}:{}", file.path, lc.line, lc.column)
    }
    fn get(&self, key: &str) -> Option<&Entity> {
        self.by_key.get(key).map(|&i| &self.entities[i])
    }
}

fn read_catalogue(paths: &[PathBuf], import: &mut Import) -> Result<Catalogue, ImportError> {
    let mut cat = Catalogue { files: Vec::new(), entities: Vec::new(), by_key: HashMap::new() };
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = crate::source::discover(std::slice::from_ref(path))
                .map_err(|e| ImportError::new(format!("cannot read {}: {e}", path.display())))?;
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    for path in files {
        let text = read(&path)?;
        let name = crate::source::display_path_of(&path);
        let parsed = parse_yaml(&text, Limits::default());
        let file = SourceFile::new(name.clone(), text.as_str());
        for problem in &parsed.problems {
            let (at, message) = match problem {
                crate::source::YamlProblem::Syntax { message, at } => (at.0, format!("YAML syntax: {message}")),
                crate::source::YamlProblem::DuplicateKey { key, second, .. } => {
                    (second.0, format!("duplicate key `{key}`"))
                }
                other => (0, format!("{other:?}")),
            };
            let lc = file.line_col(at);
            import.problem(
                format!("{name}:{}:{}", lc.line, lc.column),
                format!("{message}; the rest of the file was not read"),
            );
        }
        let index = cat.files.len();
        cat.files.push(file);
        for doc in parsed.documents {
            let Some(kind_text) = doc.value.get("kind").and_then(Value::as_str).map(str::to_string) else {
                if !doc.value.is_null() {
                    let lc = cat.files[index].line_col(doc.root.0);
                    import.problem(
                        format!("{name}:{}:{}", lc.line, lc.column),
                        "a document without `kind`: not a Backstage entity",
                    );
                    import.summary.skipped("documents without a kind");
                }
                continue;
            };
            let meta = doc.value.get("metadata");
            let name_of = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").trim().to_string();
            let namespace =
                meta.and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("default").to_lowercase();
            let entity = Entity {
                kind: kind_text.to_lowercase(),
                kind_text,
                namespace,
                name: name_of,
                value: doc.value,
                file: index,
                spans: doc.spans,
                root: doc.root,
            };
            cat.entities.push(entity);
        }
    }
    // Index; report duplicates and names Backstage would refuse.
    for (i, e) in cat.entities.iter().enumerate() {
        if e.name.is_empty() {
            import.problem(cat.at(e, "/metadata"), format!("a {} without `metadata.name`: skipped", e.kind_text));
            continue;
        }
        if !is_backstage_name(&e.name) && matches!(e.kind.as_str(), "component" | "system" | "api" | "resource") {
            import.problem(
                cat.at(e, "/metadata/name"),
                format!(
                    "{} is not a valid Backstage name (spaces or symbols): its id is made from its slug",
                    e.display()
                ),
            );
        }
        match cat.by_key.get(&e.key()) {
            Some(&first) => {
                let first_at = cat.at(&cat.entities[first], "/metadata/name");
                import.problem(
                    cat.at(e, "/metadata/name"),
                    format!("duplicate {} (first at {first_at}): refs resolve to the first", e.display()),
                );
            }
            None => {
                cat.by_key.insert(e.key(), i);
            }
        }
    }
    Ok(cat)
}

/// Reads the catalogue files at `paths` into drafts.
pub fn import(options: &Options<'_>) -> Result<Import, ImportError> {
    let mut import = Import::default();
    let cat = read_catalogue(options.paths, &mut import)?;
    if cat.entities.is_empty() {
        let mut message = String::from("no Backstage entity in the input");
        for p in &import.problems {
            message.push_str(&format!("\n  {p}"));
        }
        return Err(ImportError::new(message)
            .with_help("pass catalog-info.yaml files (or directories of them) holding `kind: Component` entities"));
    }
    let system_mode = options.granularity == Granularity::System;
    // Units: which entities become systems, and which unit each component belongs to.
    let mut units: Vec<usize> = Vec::new();
    let mut unit_of: HashMap<usize, usize> = HashMap::new();
    let mut named: HashMap<String, usize> = HashMap::new();
    for (i, e) in cat.entities.iter().enumerate() {
        if e.name.is_empty() {
            continue;
        }
        match e.kind.as_str() {
            "system" if system_mode => {
                unit_of.insert(i, units.len());
                named.insert(e.key(), units.len());
                units.push(i);
            }
            "system" => import.summary.skipped("Backstage Systems (--granularity component imports their components)"),
            "component" | "api" | "resource" => {}
            "group" => import.summary.skipped("Groups (read as owners)"),
            "domain" => import.summary.skipped("Domains (groupings, not systems)"),
            "user" => import.summary.skipped("Users"),
            "location" => import.summary.skipped("Locations (pointers to other files)"),
            "template" => import.summary.skipped("Templates"),
            _ => {
                import.problem(cat.at(e, "/kind"), format!("unknown kind `{}`: skipped", e.kind_text));
                import.summary.skipped(format!("entities of unknown kind `{}`", e.kind_text));
            }
        }
    }
    for (i, e) in cat.entities.iter().enumerate() {
        if e.kind != "component" || e.name.is_empty() {
            continue;
        }
        if system_mode && let Some(system) = e.str("/spec/system") {
            let key = ref_key(system, "system", &e.namespace);
            match named.get(&key) {
                Some(&u) => {
                    unit_of.insert(i, u);
                    import.summary.mapped("components merged into their Backstage System");
                    continue;
                }
                None => import.problem(
                    cat.at(e, "/spec/system"),
                    format!(
                        "{} names system `{system}`, which the catalogue does not hold: imported on its own",
                        e.display()
                    ),
                ),
            }
        }
        unit_of.insert(i, units.len());
        units.push(i);
    }
    // Who provides and consumes each API (by key), as units.
    let mut providers: HashMap<String, BTreeSet<usize>> = HashMap::new();
    let mut consumers: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, e) in cat.entities.iter().enumerate() {
        let Some(&u) = unit_of.get(&i) else { continue };
        for (_, api) in e.list("/spec/providesApis") {
            providers.entry(ref_key(&api, "api", &e.namespace)).or_default().insert(u);
        }
        for (_, api) in e.list("/spec/consumesApis") {
            consumers.entry(ref_key(&api, "api", &e.namespace)).or_default().insert(u);
        }
    }
    // An API no component provides is provided by its system's unit, if it names one.
    for e in cat.entities.iter().filter(|e| e.kind == "api") {
        if let Some(system) = e.str("/spec/system")
            && let Some(&u) = named.get(&ref_key(system, "system", &e.namespace))
        {
            providers.entry(e.key()).or_default().insert(u);
        }
    }

    let mut drafts: Vec<Option<Draft>> = Vec::new();
    for (u, &entity) in units.iter().enumerate() {
        let members: Vec<usize> = cat
            .entities
            .iter()
            .enumerate()
            .filter(|(i, m)| m.kind == "component" && unit_of.get(i) == Some(&u))
            .map(|(i, _)| i)
            .collect();
        drafts.push(draft_of(&cat, options, &mut import, u, entity, &members, &unit_of, &providers, &consumers));
    }
    // A unit without a department is left out; interfaces pointing at it become external.
    let names: Vec<String> = units.iter().map(|&i| cat.entities[i].name.clone()).collect();
    import.keep(drafts, &names);
    Ok(import)
}

#[allow(clippy::too_many_arguments)]
fn draft_of(
    cat: &Catalogue,
    options: &Options<'_>,
    import: &mut Import,
    unit: usize,
    entity: usize,
    members: &[usize],
    unit_of: &HashMap<usize, usize>,
    providers: &HashMap<String, BTreeSet<usize>>,
    consumers: &HashMap<String, BTreeSet<usize>>,
) -> Option<Draft> {
    let e = &cat.entities[entity];
    let model = options.model;
    // Owner, and the department it maps to.
    let owner_ref = e.str("/spec/owner").or_else(|| members.iter().find_map(|&m| cat.entities[m].str("/spec/owner")));
    let owner = match owner_ref {
        Some(o) if is_placeholder_owner(o) => {
            import.problem(
                cat.at(e, "/spec/owner"),
                format!("{} has the placeholder owner `{o}`: no owner written", e.display()),
            );
            import.summary.skipped("placeholder owners");
            None
        }
        Some(o) => Some(o.to_string()),
        None => {
            import.problem(cat.at(e, "/spec"), format!("{} has no owner", e.display()));
            None
        }
    };
    for &m in members.iter().filter(|&&m| m != entity) {
        let c = &cat.entities[m];
        if let Some(o) = c.str("/spec/owner").filter(|o| is_placeholder_owner(o)) {
            import.problem(cat.at(c, "/spec/owner"), format!("{} has the placeholder owner `{o}`", c.display()));
            import.summary.skipped("placeholder owners");
        }
    }
    let department = match e.annotation("xgea/department") {
        Some(d) if !d.is_empty() => Some(d.to_string()),
        _ => options.departments.of(owner.as_deref()),
    };
    let Some(department) = department else {
        import.problem(
            cat.at(e, "/spec/owner"),
            format!("no department for {} (owner `{}`): skipped", e.display(), owner.as_deref().unwrap_or("none")),
        );
        import.summary.skipped("systems with no department (add their owner to --owner-map, or pass --department)");
        return None;
    };
    let owner_text = owner.as_deref().map(|o| {
        let key = ref_key(o, "group", &e.namespace);
        cat.get(&key)
            .and_then(|g| g.str("/spec/profile/displayName"))
            .map_or_else(|| super::owner_key(o), str::to_string)
    });
    let mut draft = Draft {
        name: e.str("/metadata/title").unwrap_or(&e.name).to_string(),
        key: Some(e.name.clone()),
        department,
        owner: owner_text,
        description: e.str("/metadata/description").map(str::to_string),
        origin: format!("{} ({})", cat.at(e, ""), e.display()),
        at: cat.at(e, "/metadata/name"),
        ..Draft::default()
    };
    // Lifecycle: the annotation, the entity's, or the liveliest of its components'.
    let lifecycle_texts: Vec<(&Entity, &str)> = std::iter::once(e)
        .chain(members.iter().map(|&m| &cat.entities[m]))
        .filter_map(|m| m.annotation("xgea/lifecycle").or_else(|| m.str("/spec/lifecycle")).map(|l| (m, l)))
        .collect();
    let mut lifecycles = Vec::new();
    for (m, text) in &lifecycle_texts {
        match lifecycle_of(text) {
            Some(l) => lifecycles.push(l),
            None => import.problem(
                cat.at(m, "/spec/lifecycle"),
                format!(
                    "{}: lifecycle `{text}` is not one xgea knows (production, experimental, deprecated, …)",
                    m.display()
                ),
            ),
        }
    }
    let rank = |l: &Lifecycle| match l {
        Lifecycle::Live => 0,
        Lifecycle::Build => 1,
        Lifecycle::Retiring => 2,
        Lifecycle::Planned => 3,
        Lifecycle::Retired => 4,
    };
    draft.lifecycle = lifecycles.iter().min_by_key(|l| rank(l)).copied();
    // Facts kept in annotations.
    let mut costs = Vec::new();
    for m in std::iter::once(e).chain(members.iter().map(|&m| &cat.entities[m])) {
        if let Some(caps) = m.annotation("xgea/capabilities") {
            for c in super::capability_list(caps) {
                if !draft.capabilities.contains(&c) {
                    draft.capabilities.push(c);
                }
            }
        }
        if let Some(cost) = m.annotation("xgea/annual-cost-gbp") {
            match cost_of(cost) {
                Some(c) => costs.push((std::ptr::eq(m, e), c)),
                None => import.problem(
                    cat.at(m, "/metadata/annotations/xgea~1annual-cost-gbp"),
                    format!("{}: `xgea/annual-cost-gbp` is `{cost}`, not a number of pounds", m.display()),
                ),
            }
        }
        draft.tags.extend(m.list("/metadata/tags").into_iter().map(|(_, t)| t));
        if let Some(t) = m.str("/spec/type") {
            draft.tags.push(t.to_string());
        }
        if m.kind == "component" && !std::ptr::eq(m, e) && draft.description.is_none() {
            draft.description = m.str("/metadata/description").map(str::to_string);
        }
    }
    draft.annual_cost_gbp = match costs.iter().find(|(own, _)| *own) {
        Some((_, c)) => Some(*c),
        None if !costs.is_empty() => Some(costs.iter().map(|(_, c)| c).sum()),
        None => None,
    };
    // Interfaces and infrastructure from the components' relations.
    let mut seen_infra = BTreeSet::new();
    for &m in members {
        let c = &cat.entities[m];
        for (i, api) in c.list("/spec/providesApis") {
            let key = ref_key(&api, "api", &c.namespace);
            let Some(api_entity) = cat.get(&key) else {
                import.problem(
                    cat.at(c, &format!("/spec/providesApis/{i}")),
                    format!("{} provides `{api}`, which the catalogue does not hold", c.display()),
                );
                import.summary.skipped("refs to entities the catalogue does not hold");
                continue;
            };
            let (standards, note) = api_standards(model, api_entity.str("/spec/type").unwrap_or(""));
            let others: Vec<usize> =
                consumers.get(&key).into_iter().flatten().copied().filter(|&v| v != unit).collect();
            if others.is_empty() {
                if consumers.get(&key).is_some_and(|c| c.contains(&unit)) {
                    import.summary.skipped("APIs used only inside one system");
                    continue;
                }
                import.summary.guessed("provided APIs with no consumer in the catalogue (counterpart external)");
                draft.interfaces.push(DraftInterface {
                    name: api_entity.name.clone(),
                    direction: Direction::Provides,
                    counterpart: Counterpart::External(format!("{}-clients", api_entity.name)),
                    standards: standards.clone(),
                    note: note.clone(),
                });
            }
            for v in others {
                let name = if consumers[&key].len() > 1 {
                    format!("{}-{}", api_entity.name, cat.entities[unit_entity(unit_of, v, cat)].name)
                } else {
                    api_entity.name.clone()
                };
                draft.interfaces.push(DraftInterface {
                    name,
                    direction: Direction::Provides,
                    counterpart: Counterpart::Draft(v),
                    standards: standards.clone(),
                    note: note.clone(),
                });
            }
        }
        for (i, api) in c.list("/spec/consumesApis") {
            let key = ref_key(&api, "api", &c.namespace);
            let Some(api_entity) = cat.get(&key) else {
                import.problem(
                    cat.at(c, &format!("/spec/consumesApis/{i}")),
                    format!(
                        "{} consumes `{api}`, which the catalogue does not hold: written as an external party",
                        c.display()
                    ),
                );
                draft.interfaces.push(DraftInterface {
                    name: ref_name(&api).to_string(),
                    direction: Direction::Consumes,
                    counterpart: Counterpart::External(ref_name(&api).to_string()),
                    standards: Vec::new(),
                    note: Some("the catalogue does not hold this API".into()),
                });
                continue;
            };
            let (standards, note) = api_standards(model, api_entity.str("/spec/type").unwrap_or(""));
            let by: Vec<usize> = providers.get(&key).into_iter().flatten().copied().collect();
            if by.contains(&unit) {
                continue; // provided and consumed inside the unit
            }
            let counterpart = match by.first() {
                Some(&v) => Counterpart::Draft(v),
                None => {
                    import.summary.guessed("consumed APIs no component provides (counterpart external)");
                    Counterpart::External(api_entity.name.clone())
                }
            };
            draft.interfaces.push(DraftInterface {
                name: api_entity.name.clone(),
                direction: Direction::Consumes,
                counterpart,
                standards,
                note,
            });
        }
        for (i, target) in c.list("/spec/dependsOn") {
            let key = ref_key(&target, "component", &c.namespace);
            let at = cat.at(c, &format!("/spec/dependsOn/{i}"));
            let Some(&t) = cat.by_key.get(&key) else {
                import.problem(
                    at,
                    format!("{} dependsOn `{target}`, which the catalogue does not hold: left out", c.display()),
                );
                import.summary.skipped("refs to entities the catalogue does not hold");
                continue;
            };
            let dep = &cat.entities[t];
            match dep.kind.as_str() {
                "resource" => {
                    let rtype = dep.str("/spec/type").unwrap_or("resource");
                    let kind = super::infra_kind(model, rtype);
                    let uses = match dep.annotation("xgea/uses") {
                        Some(u) if u.starts_with("common:") || u.starts_with("bespoke:") => u.to_string(),
                        _ => format!("bespoke:{}", super::slug(&dep.name)),
                    };
                    if seen_infra.insert((kind.clone(), uses.clone())) {
                        import.summary.guessed(format!("Resources of type `{rtype}` → infrastructure kind `{kind}`"));
                        draft.infrastructure.push((kind, uses));
                    }
                }
                "component" | "system" | "api" => {
                    let Some(&v) = unit_of.get(&t) else { continue };
                    if v == unit {
                        import.summary.skipped("dependencies inside one system");
                        continue;
                    }
                    import
                        .summary
                        .guessed("dependsOn between systems → consumes interfaces (no protocol in the catalogue)");
                    draft.interfaces.push(DraftInterface {
                        name: dep.name.clone(),
                        direction: Direction::Consumes,
                        counterpart: Counterpart::Draft(v),
                        standards: Vec::new(),
                        note: Some("dependsOn: the catalogue names no protocol".into()),
                    });
                }
                _ => import.summary.skipped(format!("dependsOn a {}", dep.kind_text)),
            }
        }
    }
    if members.is_empty() && e.kind == "system" {
        import.summary.guessed("Backstage Systems with no component (imported empty)");
    }
    Some(draft)
}

fn unit_entity(unit_of: &HashMap<usize, usize>, unit: usize, cat: &Catalogue) -> usize {
    // The unit's own entity: a System, or its one component.
    let mut candidates: Vec<usize> = unit_of.iter().filter(|(_, u)| **u == unit).map(|(e, _)| *e).collect();
    candidates.sort_unstable();
    candidates.iter().copied().find(|&e| cat.entities[e].kind == "system").or(candidates.first().copied()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_names() {
        assert_eq!(ref_key("api:default/Payments", "component", "x"), "api:default/payments");
        assert_eq!(ref_key("payments", "api", "ns"), "api:ns/payments");
        assert_eq!(ref_key("resource:db", "component", "default"), "resource:default/db");
        assert_eq!(ref_name("resource:default/db"), "db");
        assert!(is_backstage_name("payments-api_v2.1"));
        assert!(!is_backstage_name("Payments API"));
        assert!(!is_backstage_name("a--b"));
    }
}
