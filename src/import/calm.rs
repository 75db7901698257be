//! A FINOS CALM architecture (JSON: `nodes`, `relationships`) → drafts.
//!
//! Nodes of type `system` become systems, with the `service` and `webclient` nodes they are `composed-of`;
//! a service or web client in no system is a system of its own. `connects` relationships become a consumes
//! interface at the source and a provides interface at the destination, their `protocol` mapped to the model's
//! standards (HTTPS → TRN-HTTP + SEC-TLS, …); a connection to a `database` or `ldap` node, or being
//! `deployed-in` a node, becomes infrastructure. `interacts` makes the actor an external party of each node.
//! Node `metadata` may carry `owner`, `lifecycle`, `xgea/capabilities` and `xgea/annual-cost-gbp`. JSON is read
//! with the YAML reader, so every problem has its line and column.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::{
    Counterpart, Departments, Draft, DraftInterface, Import, ImportError, capability_list, cost_of,
    is_placeholder_owner, lifecycle_of, read,
};
use crate::estate::Direction;
use crate::model::Model;
use crate::source::{Limits, SourceFile, SpanMap, parse_yaml};

/// A protocol's standards among those the model defines, and a note on what the model lacks.
fn protocol_standards(model: &Model, protocol: Option<&str>) -> (Vec<String>, Option<String>) {
    let Some(protocol) = protocol else {
        return (Vec::new(), Some("the architecture names no protocol".into()));
    };
    let candidates: &[&str] = match protocol.to_ascii_uppercase().as_str() {
        "HTTP" | "WEBSOCKET" | "SOCKETIO" => &["TRN-HTTP"],
        "HTTPS" => &["TRN-HTTP", "SEC-TLS"],
        "TLS" | "MTLS" => &["SEC-TLS"],
        "FTP" => &["TRN-FTP"],
        "SFTP" => &["TRN-SFTP"],
        "LDAP" => &["IDA-LDAP"],
        "AMQP" => &["MSG-AMQP"],
        "MQTT" => &["MSG-MQTT"],
        "JDBC" | "ODBC" | "SQL" => &["DAT-SQL"],
        "SSH" => &["SEC-SSH"],
        "GRPC" => &["TRN-HTTP", "MSG-GRPC"],
        "GRAPHQL" => &["TRN-HTTP", "MSG-GRAPHQL"],
        "SMTP" => &["MSG-SMTP"],
        _ => &[],
    };
    let found: Vec<String> =
        candidates.iter().filter(|id| model.standard(id).is_some()).map(|s| (*s).to_string()).collect();
    let note = (found.len() < candidates.len() || candidates.is_empty())
        .then(|| format!("protocol `{protocol}`: no standard of the model matches it"));
    (found, note)
}

struct Doc {
    file: SourceFile,
    spans: SpanMap,
    value: Value,
}

impl Doc {
    fn at(&self, pointer: &str) -> String {
        let offset = self.spans.lookup(pointer).map_or(0, |s| s.value.0);
        let lc = self.file.line_col(offset);
        format!("{}:{}:{}", self.file.path, lc.line, lc.column)
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// A node's `metadata` value for `key`: metadata is an object, or (in older CALM) a list of objects.
fn meta<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
    match node.get("metadata") {
        Some(Value::Object(m)) => m.get(key).and_then(Value::as_str),
        Some(Value::Array(items)) => items.iter().find_map(|m| m.get(key).and_then(Value::as_str)),
        _ => None,
    }
}

/// The nodes of a relationship type: `(container or actor, nodes)`.
fn grouping<'a>(r: &'a Value, head: &str) -> (Option<&'a str>, Vec<&'a str>) {
    let nodes = r
        .get("nodes")
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect());
    (text(r, head), nodes)
}

/// Reads the CALM architecture at `path`.
pub fn import(path: &Path, departments: &Departments, model: &Model) -> Result<Import, ImportError> {
    let source = read(path)?;
    let name = crate::source::display_path_of(path);
    let parsed = parse_yaml(&source, Limits::default());
    let file = SourceFile::new(name.clone(), source.as_str());
    if let Some(problem) = parsed.problems.first() {
        return Err(ImportError::new(format!("{name}: not readable JSON: {problem:?}")));
    }
    let Some(document) = parsed.documents.into_iter().next() else {
        return Err(ImportError::new(format!("{name}: empty")));
    };
    let doc = Doc { file, spans: document.spans, value: document.value };
    let Some(nodes) = doc.value.get("nodes").and_then(Value::as_array) else {
        return Err(ImportError::new(format!("{name}: no `nodes` list: not a CALM architecture"))
            .with_help("a CALM architecture is a JSON object with `nodes` and `relationships`"));
    };
    let relationships: &[Value] = doc.value.get("relationships").and_then(Value::as_array).map_or(&[], Vec::as_slice);
    let mut import = Import::default();
    // Nodes by unique-id.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        match text(node, "unique-id") {
            Some(id) => {
                if by_id.insert(id, i).is_some() {
                    import.problem(
                        doc.at(&format!("/nodes/{i}/unique-id")),
                        format!("duplicate node `{id}`: refs resolve to the last"),
                    );
                }
            }
            None => import.problem(doc.at(&format!("/nodes/{i}")), "a node without `unique-id`: skipped"),
        }
    }
    let node_type = |i: usize| text(&nodes[i], "node-type").unwrap_or("").to_ascii_lowercase();
    // Units: systems, then services and web clients they do not compose.
    let mut unit_of: HashMap<usize, usize> = HashMap::new();
    let mut units: Vec<usize> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if node_type(i) == "system" && text(node, "unique-id").is_some() {
            unit_of.insert(i, units.len());
            units.push(i);
        }
    }
    for (k, r) in relationships.iter().enumerate() {
        let Some(composed) = r.pointer("/relationship-type/composed-of") else { continue };
        let (container, members) = grouping(composed, "container");
        let Some(&c) = container.and_then(|c| by_id.get(c)) else {
            import.problem(
                doc.at(&format!("/relationships/{k}/relationship-type")),
                "composed-of names a container that is not a node",
            );
            continue;
        };
        let Some(&u) = unit_of.get(&c) else { continue };
        for m in members {
            match by_id.get(m) {
                Some(&n) if matches!(node_type(n).as_str(), "service" | "webclient") => {
                    unit_of.entry(n).or_insert(u);
                    import.summary.mapped("services composed into their system");
                }
                Some(_) => {}
                None => import.problem(
                    doc.at(&format!("/relationships/{k}/relationship-type")),
                    format!("composed-of names `{m}`, which is not a node"),
                ),
            }
        }
    }
    for i in 0..nodes.len() {
        if matches!(node_type(i).as_str(), "service" | "webclient") && !unit_of.contains_key(&i) {
            unit_of.insert(i, units.len());
            units.push(i);
        }
    }
    for i in 0..nodes.len() {
        match node_type(i).as_str() {
            "system" | "service" | "webclient" | "database" | "ldap" | "network" | "actor" => {}
            "ecosystem" => import.summary.skipped("ecosystem nodes (groupings)"),
            "data-asset" => import.summary.skipped("data-asset nodes (name data entities by hand)"),
            other => {
                import.problem(
                    doc.at(&format!("/nodes/{i}/node-type")),
                    format!("node type `{other}` is not mapped: skipped"),
                );
                import.summary.skipped(format!("nodes of type `{other}`"));
            }
        }
    }
    // Drafts.
    let mut drafts: Vec<Option<Draft>> = Vec::new();
    for (u, &i) in units.iter().enumerate() {
        let node = &nodes[i];
        let members: Vec<usize> = (0..nodes.len()).filter(|n| unit_of.get(n) == Some(&u)).collect();
        let owner = meta(node, "owner").map(str::trim).filter(|o| !o.is_empty());
        let owner = match owner {
            Some(o) if is_placeholder_owner(o) => {
                import.problem(
                    doc.at(&format!("/nodes/{i}/metadata")),
                    format!("placeholder owner `{o}`: no owner written"),
                );
                None
            }
            o => o.map(str::to_string),
        };
        let department = meta(node, "xgea/department").map(str::to_string).or_else(|| departments.of(owner.as_deref()));
        let Some(department) = department else {
            import.problem(doc.at(&format!("/nodes/{i}")), "no department for this node: skipped");
            import.summary.skipped("systems with no department");
            drafts.push(None);
            continue;
        };
        let title = text(node, "name").or(text(node, "unique-id")).unwrap_or("system");
        let mut draft = Draft {
            name: title.to_string(),
            key: text(node, "unique-id").map(str::to_string),
            department,
            owner,
            description: text(node, "description").map(str::to_string),
            origin: format!("{} (node `{}`)", doc.at(&format!("/nodes/{i}")), text(node, "unique-id").unwrap_or("")),
            at: doc.at(&format!("/nodes/{i}/unique-id")),
            ..Draft::default()
        };
        for &m in &members {
            let n = &nodes[m];
            if let Some(l) = meta(n, "xgea/lifecycle").or(meta(n, "lifecycle")) {
                match lifecycle_of(l) {
                    Some(l) if draft.lifecycle.is_none() => draft.lifecycle = Some(l),
                    Some(_) => {}
                    None => import.problem(
                        doc.at(&format!("/nodes/{m}/metadata")),
                        format!("lifecycle `{l}` is not one xgea knows"),
                    ),
                }
            }
            if let Some(c) = meta(n, "xgea/annual-cost-gbp") {
                match cost_of(c) {
                    Some(c) => *draft.annual_cost_gbp.get_or_insert(0) += c,
                    None => import.problem(
                        doc.at(&format!("/nodes/{m}/metadata")),
                        format!("cost `{c}` is not a number of pounds"),
                    ),
                }
            }
            if let Some(caps) = meta(n, "xgea/capabilities") {
                for c in capability_list(caps) {
                    if !draft.capabilities.contains(&c) {
                        draft.capabilities.push(c);
                    }
                }
            }
            if m != i {
                draft.tags.extend(text(n, "name").map(str::to_string));
                if draft.description.is_none() {
                    draft.description = text(n, "description").map(str::to_string);
                }
            }
        }
        drafts.push(Some(draft));
    }
    // Relationships.
    for (k, r) in relationships.iter().enumerate() {
        let at = doc.at(&format!("/relationships/{k}"));
        let rid = text(r, "unique-id").unwrap_or("relationship").to_string();
        let Some(kinds) = r.get("relationship-type").and_then(Value::as_object) else {
            import.problem(at, "a relationship without `relationship-type`: skipped");
            continue;
        };
        let resolve = |id: &str| by_id.get(id).copied();
        if let Some(c) = kinds.get("connects") {
            let source = c.pointer("/source/node").and_then(Value::as_str).unwrap_or("");
            let destination = c.pointer("/destination/node").and_then(Value::as_str).unwrap_or("");
            let (Some(s), Some(d)) = (resolve(source), resolve(destination)) else {
                let missing = if resolve(source).is_none() { source } else { destination };
                import.problem(at, format!("`{rid}` connects `{missing}`, which is not a node: skipped"));
                import.summary.skipped("relationships to nodes the architecture does not hold");
                continue;
            };
            let (standards, note) = protocol_standards(model, text(r, "protocol"));
            let (su, du) = (unit_of.get(&s).copied(), unit_of.get(&d).copied());
            match (su, du) {
                (Some(a), Some(b)) if a == b => import.summary.skipped("connections inside one system"),
                (Some(a), Some(b)) => {
                    for (x, y, direction) in [(a, b, Direction::Consumes), (b, a, Direction::Provides)] {
                        if let Some(draft) = drafts[x].as_mut() {
                            draft.interfaces.push(DraftInterface {
                                name: rid.clone(),
                                direction,
                                counterpart: Counterpart::Draft(y),
                                standards: standards.clone(),
                                note: note.clone(),
                            });
                        }
                    }
                }
                (Some(a), None) => {
                    let kind = match node_type(d).as_str() {
                        t @ ("database" | "ldap" | "network") => Some(super::infra_kind(model, t)),
                        _ => None,
                    };
                    let target = text(&nodes[d], "unique-id").unwrap_or(destination);
                    if let Some(draft) = drafts[a].as_mut() {
                        match kind {
                            Some(kind) => {
                                import
                                    .summary
                                    .guessed(format!("{} nodes → infrastructure kind `{kind}`", node_type(d)));
                                push_infra(draft, &kind, target);
                            }
                            None => draft.interfaces.push(DraftInterface {
                                name: rid.clone(),
                                direction: Direction::Consumes,
                                counterpart: Counterpart::External(target.to_string()),
                                standards: standards.clone(),
                                note: note.clone(),
                            }),
                        }
                    }
                }
                (None, Some(b)) => {
                    let party = text(&nodes[s], "name").unwrap_or(source);
                    if let Some(draft) = drafts[b].as_mut() {
                        draft.interfaces.push(DraftInterface {
                            name: rid.clone(),
                            direction: Direction::Provides,
                            counterpart: Counterpart::External(party.to_string()),
                            standards,
                            note,
                        });
                    }
                }
                (None, None) => import.summary.skipped("connections between nodes that are not systems"),
            }
        } else if let Some(i) = kinds.get("interacts") {
            let (actor, members) = grouping(i, "actor");
            let party = actor.and_then(resolve).and_then(|a| text(&nodes[a], "name")).or(actor).unwrap_or("actor");
            for m in members {
                let Some(u) = resolve(m).and_then(|n| unit_of.get(&n).copied()) else { continue };
                if let Some(draft) = drafts[u].as_mut() {
                    import.summary.guessed("interacts → provides interfaces to the actor (no protocol)");
                    draft.interfaces.push(DraftInterface {
                        name: rid.clone(),
                        direction: Direction::Provides,
                        counterpart: Counterpart::External(party.to_string()),
                        standards: Vec::new(),
                        note: Some("interacts: the architecture names no protocol".into()),
                    });
                }
            }
        } else if let Some(dep) = kinds.get("deployed-in") {
            let (container, members) = grouping(dep, "container");
            let Some(target) = container else { continue };
            for m in members {
                let Some(u) = resolve(m).and_then(|n| unit_of.get(&n).copied()) else { continue };
                if let Some(draft) = drafts[u].as_mut() {
                    import.summary.guessed("deployed-in → hosting infrastructure");
                    push_infra(draft, "hosting", target);
                }
            }
        } else if !kinds.contains_key("composed-of") {
            let name = kinds.keys().next().cloned().unwrap_or_default();
            import.problem(at, format!("relationship type `{name}` is not mapped: skipped"));
            import.summary.skipped(format!("`{name}` relationships"));
        }
    }
    let names: Vec<String> =
        units.iter().map(|&i| text(&nodes[i], "unique-id").unwrap_or("system").to_string()).collect();
    import.keep(drafts, &names);
    Ok(import)
}

fn push_infra(draft: &mut Draft, kind: &str, target: &str) {
    let entry = (kind.to_string(), format!("bespoke:{}", super::slug(target)));
    if !draft.infrastructure.contains(&entry) {
        draft.infrastructure.push(entry);
    }
}
