//! Deterministic exports of the estate graph: DOT (Graphviz), Mermaid and JSON.
//!
//! The export holds every department, system and external counterpart, the model elements they reach
//! (capabilities with their ancestors, standards, components, infrastructure kinds, data entities) and
//! every edge between exported nodes. Nodes are sorted by key (`system:dwp.cis`), edges by (from, to,
//! relation, label), so two exports of the same estate are byte-identical whatever the file order.

use std::collections::BTreeSet;
use std::fmt::Write;

use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Edge, EstateGraph, Node};
use crate::estate::{Estate, InfraSource};
use crate::model::Model;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
    Json,
}

/// One exported node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExportNode {
    /// `<type>:<id>`, unique.
    pub key: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub label: String,
}

/// One exported edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExportEdge {
    pub from: String,
    pub to: String,
    pub relation: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// The sorted nodes and edges of an export.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
}

fn is_estate(n: Node) -> bool {
    matches!(n, Node::Department(_) | Node::System(_) | Node::External(_))
}

impl EstateGraph {
    fn describe(&self, model: &Model, estate: &Estate, n: Node) -> (&'static str, String, String) {
        match n {
            Node::Department(d) => {
                let id = self.department_id(estate, d).to_string();
                let decl = self.departments[d as usize].declared.map(|i| &estate.departments[i as usize]);
                ("department", id.clone(), decl.map_or(id, |d| d.name.clone()))
            }
            Node::System(s) => {
                let s = &estate.systems[s as usize];
                ("system", s.id.value.to_string(), s.name.clone())
            }
            Node::Capability(c) => {
                let c = &model.capabilities[c as usize];
                ("capability", c.id.clone(), c.name.clone())
            }
            Node::Standard(x) => {
                let s = &model.standards[x as usize];
                ("standard", s.id.clone(), format!("{} ({})", s.name, s.status.as_str()))
            }
            Node::Component(c) => {
                let c = &model.components[c as usize];
                ("component", c.id.clone(), format!("{} ({})", c.name, c.status.as_str()))
            }
            Node::Kind(k) => {
                let k = &model.kinds[k as usize];
                ("kind", k.id.clone(), k.name.clone())
            }
            Node::Entity(e) => {
                let e = &model.entities[e as usize];
                ("data", e.id.clone(), e.name.clone())
            }
            Node::External(e) => {
                let name = self.external_name(estate, e).to_string();
                ("external", name.clone(), name)
            }
        }
    }

    fn edge_label(&self, estate: &Estate, from: Node, e: Edge) -> String {
        let Node::System(s) = from else { return String::new() };
        let s = &estate.systems[s as usize];
        match e {
            Edge::Interface { iface } => {
                let f = &s.interfaces[iface as usize];
                let marking = f.marking.as_ref().map(|m| format!(" [{}]", m.value)).unwrap_or_default();
                format!("{} {}{marking}", f.direction.as_str(), f.id.value)
            }
            Edge::Conforms { iface, .. } | Edge::Carries { iface, .. } => {
                s.interfaces[iface as usize].id.value.to_string()
            }
            Edge::UsesBespoke { pos } => match &s.infrastructure[pos as usize].uses.value {
                InfraSource::Bespoke(name) => name.to_string(),
                InfraSource::Common(id) => id.to_string(),
            },
            Edge::UsesCommon { pos } => s.infrastructure[pos as usize].kind.value.to_string(),
            _ => String::new(),
        }
    }

    /// The sorted export of the estate part of the graph and the model elements it reaches.
    pub fn export(&self, model: &Model, estate: &Estate) -> Export {
        let g = &self.graph;
        let mut included = vec![false; g.node_count()];
        for n in g.node_indices() {
            if is_estate(g[n]) {
                included[n.index()] = true;
                for e in g.edges(n) {
                    included[e.target().index()] = true;
                }
            }
        }
        for st in 0..self.standard_users.len() {
            if !self.standard_users[st].is_empty() {
                included[self.standard_nodes[st].index()] = true;
            }
        }
        // Ancestors of every included capability, so the tree reads whole.
        for n in g.node_indices() {
            if included[n.index()] && matches!(g[n], Node::Capability(_)) {
                let mut at = n;
                while let Some(parent) = g.edges(at).find(|e| *e.weight() == Edge::ChildOf).map(|e| e.target()) {
                    included[parent.index()] = true;
                    at = parent;
                }
            }
        }
        let mut keys = vec![String::new(); g.node_count()];
        let mut nodes = Vec::new();
        for n in g.node_indices().filter(|n| included[n.index()]) {
            let (kind, id, label) = self.describe(model, estate, g[n]);
            keys[n.index()] = format!("{kind}:{id}");
            nodes.push(ExportNode { key: keys[n.index()].clone(), kind, id, label });
        }
        let edges: BTreeSet<ExportEdge> = self
            .edges()
            .filter(|(from, to, _)| included[from.index()] && included[to.index()])
            .map(|(from, to, e)| ExportEdge {
                from: keys[from.index()].clone(),
                to: keys[to.index()].clone(),
                relation: e.relation(),
                label: self.edge_label(estate, g[from], e),
            })
            .collect();
        nodes.sort();
        nodes.dedup_by(|a, b| a.key == b.key);
        Export { nodes, edges: edges.into_iter().collect() }
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn dot_shape(kind: &str) -> &'static str {
    match kind {
        "department" => "folder",
        "system" => "box",
        "capability" => "ellipse",
        "standard" => "note",
        "component" => "component",
        "kind" => "hexagon",
        "data" => "cylinder",
        _ => "diamond",
    }
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;").replace('|', "#124;").replace(['\n', '\r'], " ")
}

impl Export {
    /// Renders the export in a format; the text ends with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Dot => self.dot(),
            Format::Mermaid => self.mermaid(),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).expect("export serialises");
                s.push('\n');
                s
            }
        }
    }

    fn dot(&self) -> String {
        let mut s = String::from("digraph estate {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for n in &self.nodes {
            let _ = writeln!(
                s,
                "  \"{}\" [label=\"{}\\n{}\", shape={}];",
                dot_escape(&n.key),
                dot_escape(&n.id),
                dot_escape(&n.label),
                dot_shape(n.kind)
            );
        }
        for e in &self.edges {
            let label =
                if e.label.is_empty() { e.relation.to_string() } else { format!("{}: {}", e.relation, e.label) };
            let _ = writeln!(
                s,
                "  \"{}\" -> \"{}\" [label=\"{}\"];",
                dot_escape(&e.from),
                dot_escape(&e.to),
                dot_escape(&label)
            );
        }
        s.push_str("}\n");
        s
    }

    fn mermaid(&self) -> String {
        let mut s = String::from("flowchart LR\n");
        let index: std::collections::HashMap<&str, usize> =
            self.nodes.iter().enumerate().map(|(i, n)| (n.key.as_str(), i)).collect();
        for (i, n) in self.nodes.iter().enumerate() {
            let text = mermaid_escape(&format!("{}: {}", n.id, n.label));
            let _ = match n.kind {
                "department" => writeln!(s, "  n{i}[/\"{text}\"/]"),
                "system" => writeln!(s, "  n{i}[\"{text}\"]"),
                "data" => writeln!(s, "  n{i}[(\"{text}\")]"),
                "external" => writeln!(s, "  n{i}{{{{\"{text}\"}}}}"),
                _ => writeln!(s, "  n{i}(\"{text}\")"),
            };
        }
        for e in &self.edges {
            let label =
                if e.label.is_empty() { e.relation.to_string() } else { format!("{}: {}", e.relation, e.label) };
            let _ = writeln!(
                s,
                "  n{} -->|\"{}\"| n{}",
                index[e.from.as_str()],
                mermaid_escape(&label),
                index[e.to.as_str()]
            );
        }
        s
    }
}
