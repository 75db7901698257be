//! The estate graph: one petgraph built once per run from the typed estate and the model, shared by every
//! rule and by the `graph`, `roadmap` and `report` commands.
//!
//! Nodes and edges hold indices into the [`Estate`] and the [`Model`] (not copies of their strings), so the
//! graph stays compact at 100,000 systems; the most numerous relation, an interface's standards, is kept as a
//! list per standard beside the petgraph. Ids that do not resolve (an unknown capability, standard, …) get
//! no edge: the XG1xx rules report them, and the later rules see only what resolved.
//!
//! Node order is model order, then departments sorted by id, then systems in estate order. Rules must not
//! rely on node order for their output: they sort by ids.

pub mod export;

use crate::hash::{HashMap, HashMapExt};

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::estate::{Counterpart, Estate, InfraSource, Interface, System};
use crate::model::Model;

/// A node: what it is and where its record lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// Index into [`EstateGraph::departments`].
    Department(u32),
    /// Index into `estate.systems`.
    System(u32),
    /// Index into `model.capabilities`.
    Capability(u32),
    /// Index into `model.standards`.
    Standard(u32),
    /// Index into `model.components` (common infrastructure).
    Component(u32),
    /// Index into `model.kinds` (infrastructure kinds).
    Kind(u32),
    /// Index into `model.entities` (data entities).
    Entity(u32),
    /// Index into [`EstateGraph::externals`]: an `external:<name>` counterpart.
    External(u32),
}

/// A typed edge. Positions (`pos`, `iface`) index the lists of the source system's record, so a rule can
/// point at the exact YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// Department → system.
    Owns,
    /// System → capability: `spec.capabilities[pos]`.
    Implements { pos: u32 },
    /// System → data entity: `spec.data[pos]`.
    Holds { pos: u32 },
    /// System → counterpart (system or external): `spec.interfaces[iface]`, in the direction it declares.
    Interface { iface: u32 },
    /// System → standard: `spec.interfaces[iface].standards[pos]`. Kept beside the petgraph, as one list per
    /// standard (see [`EstateGraph::standard_users`]): about half the edges of a large estate, and read only
    /// per standard.
    Conforms { iface: u32, pos: u32 },
    /// System → data entity: `spec.interfaces[iface].data[pos]`.
    Carries { iface: u32, pos: u32 },
    /// System → component: `spec.infrastructure[pos]` is `common:<id>`.
    UsesCommon { pos: u32 },
    /// System → infrastructure kind: `spec.infrastructure[pos]` is `bespoke:<name>`.
    UsesBespoke { pos: u32 },
    /// Component → infrastructure kind or capability it serves.
    Serves,
    /// Capability → its parent capability.
    ChildOf,
    /// Standard → standard, or component → component: the successor.
    SupersededBy,
}

impl Edge {
    /// The kebab-case relation name used by the exports.
    pub fn relation(self) -> &'static str {
        match self {
            Edge::Owns => "owns",
            Edge::Implements { .. } => "implements",
            Edge::Holds { .. } => "holds",
            Edge::Interface { .. } => "interface",
            Edge::Conforms { .. } => "conforms-to",
            Edge::Carries { .. } => "carries",
            Edge::UsesCommon { .. } => "uses-common",
            Edge::UsesBespoke { .. } => "uses-bespoke",
            Edge::Serves => "serves",
            Edge::ChildOf => "child-of",
            Edge::SupersededBy => "superseded-by",
        }
    }
}

/// A department: declared by a `kind: Department` document, named by systems, or both.
#[derive(Debug, Clone, Copy)]
pub struct DepartmentNode {
    /// Index into `estate.departments` of its declaration.
    pub declared: Option<u32>,
    /// Index into `estate.systems` of the first system that names it.
    pub named_by: Option<u32>,
}

/// An `external:<name>` counterpart, by the first interface that names it.
#[derive(Debug, Clone, Copy)]
pub struct ExternalNode {
    pub system: u32,
    pub iface: u32,
}

/// The graph of one estate against one model.
#[derive(Debug, Default)]
pub struct EstateGraph {
    /// Every node, and every edge but the `Conforms` ones (see [`Edge::Conforms`]): [`Self::edges`] and
    /// [`Self::edge_count`] cover them all.
    pub graph: DiGraph<Node, Edge>,
    pub departments: Vec<DepartmentNode>,
    pub externals: Vec<ExternalNode>,
    department_nodes: Vec<NodeIndex>,
    system_nodes: Vec<NodeIndex>,
    capability_nodes: Vec<NodeIndex>,
    standard_nodes: Vec<NodeIndex>,
    component_nodes: Vec<NodeIndex>,
    kind_nodes: Vec<NodeIndex>,
    entity_nodes: Vec<NodeIndex>,
    external_nodes: Vec<NodeIndex>,
    /// The department of each system (index into `departments`), by estate index.
    system_department: Vec<u32>,
    /// Whether each capability has children in the model's taxonomy (asked per capability by rules, and
    /// otherwise found only after walking every implementer's edge).
    capability_has_children: Vec<bool>,
    // The cross-estate rules' hottest queries, one list per model element in estate order: a capability with
    // 20,000 implementers reads as one slice, not as a walk over every edge arriving at its node.
    /// The systems implementing each capability: (estate index, position in `spec.capabilities`).
    capability_implementers: Vec<Vec<(u32, u32)>>,
    /// The systems using bespoke infrastructure of each kind: (estate index, position in `spec.infrastructure`).
    kind_bespoke_users: Vec<Vec<(u32, u32)>>,
    /// The interfaces declaring each standard: (estate index, interface index, position in its `standards`).
    /// These are the graph's `Conforms` edges: 12 bytes each here against 28 as petgraph edges, and at
    /// 100,000 systems there are over a million.
    standard_users: Vec<Vec<(u32, u32, u32)>>,
    /// The common components (model indices) serving each capability, and each infrastructure kind.
    capability_components: Vec<Vec<u32>>,
    kind_components: Vec<Vec<u32>>,
}

fn ix(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 elements")
}

/// The interfaces declaring each standard, each list sized exactly: grown by doubling, lists of a million
/// entries in all would hold room for up to twice as many. Each reference is resolved once.
fn interfaces_by_standard(model: &Model, estate: &Estate) -> Vec<Vec<(u32, u32, u32)>> {
    let declared = || estate.systems.iter().flat_map(|s| s.interfaces.iter().flat_map(|f| &f.standards));
    let resolved: Vec<Option<u32>> = declared().map(|st| model.standard_position(st.value).map(ix)).collect();
    let mut counts = vec![0usize; model.standards.len()];
    for st in resolved.iter().flatten() {
        counts[*st as usize] += 1;
    }
    let mut users: Vec<Vec<(u32, u32, u32)>> = counts.into_iter().map(Vec::with_capacity).collect();
    let mut resolved = resolved.into_iter();
    for (i, s) in estate.systems.iter().enumerate() {
        for (k, f) in s.interfaces.iter().enumerate() {
            for pos in 0..f.standards.len() {
                if let Some(st) = resolved.next().flatten() {
                    users[st as usize].push((ix(i), ix(k), ix(pos)));
                }
            }
        }
    }
    users
}

impl EstateGraph {
    /// Builds the graph. Linear in the size of the estate: a hash lookup per reference (the model's and the
    /// estate's own id indexes), a binary search over the sorted departments per system.
    pub fn build(model: &Model, estate: &Estate) -> EstateGraph {
        let mut g = EstateGraph::default();
        let edges_hint: usize = estate
            .systems
            .iter()
            .map(|s| {
                1 + s.capabilities.len()
                    + s.data.len()
                    + s.infrastructure.len()
                    + s.interfaces.iter().map(|i| 1 + i.data.len()).sum::<usize>()
            })
            .sum();
        let nodes_hint = estate.systems.len() + estate.departments.len() + 256;
        g.graph = DiGraph::with_capacity(nodes_hint, edges_hint + 512);

        // The model.
        let graph = &mut g.graph;
        g.capability_nodes = (0..model.capabilities.len()).map(|i| graph.add_node(Node::Capability(ix(i)))).collect();
        g.standard_nodes = (0..model.standards.len()).map(|i| graph.add_node(Node::Standard(ix(i)))).collect();
        g.component_nodes = (0..model.components.len()).map(|i| graph.add_node(Node::Component(ix(i)))).collect();
        g.kind_nodes = (0..model.kinds.len()).map(|i| graph.add_node(Node::Kind(ix(i)))).collect();
        g.entity_nodes = (0..model.entities.len()).map(|i| graph.add_node(Node::Entity(ix(i)))).collect();
        // Ids resolve through the model's own indexes: the first element with an id is the one edges reach.
        g.capability_has_children = vec![false; model.capabilities.len()];
        for (i, c) in model.capabilities.iter().enumerate() {
            if let Some(p) = c.parent.as_deref().and_then(|p| model.capability_position(p)) {
                g.graph.add_edge(g.capability_nodes[i], g.capability_nodes[p], Edge::ChildOf);
                g.capability_has_children[p] = true;
            }
        }
        for (i, s) in model.standards.iter().enumerate() {
            if let Some(n) = s.superseded_by.as_deref().and_then(|n| model.standard_position(n)) {
                g.graph.add_edge(g.standard_nodes[i], g.standard_nodes[n], Edge::SupersededBy);
            }
        }
        g.capability_components = vec![Vec::new(); model.capabilities.len()];
        g.kind_components = vec![Vec::new(); model.kinds.len()];
        for (i, c) in model.components.iter().enumerate() {
            let from = g.component_nodes[i];
            for k in c.kinds.iter().filter_map(|k| model.kind_position(k)) {
                g.graph.add_edge(from, g.kind_nodes[k], Edge::Serves);
                g.kind_components[k].push(ix(i));
            }
            for cap in c.capabilities.iter().filter_map(|c| model.capability_position(c)) {
                g.graph.add_edge(from, g.capability_nodes[cap], Edge::Serves);
                g.capability_components[cap].push(ix(i));
            }
            if let Some(n) = c.superseded_by.as_deref().and_then(|n| model.component_position(n)) {
                g.graph.add_edge(from, g.component_nodes[n], Edge::SupersededBy);
            }
        }

        // Departments, sorted by id: declared ones and those only named by systems.
        let mut department_ids: Vec<&str> = estate.department_ids().collect();
        department_ids.sort_unstable();
        for (i, id) in department_ids.iter().enumerate() {
            let declared = estate.department_position(id).map(ix);
            g.departments.push(DepartmentNode { declared, named_by: None });
            g.department_nodes.push(g.graph.add_node(Node::Department(ix(i))));
        }

        // Systems, with their ownership; the first declaration of a duplicated id is the one interfaces reach.
        g.system_nodes.reserve(estate.systems.len());
        g.system_department.reserve(estate.systems.len());
        for (i, s) in estate.systems.iter().enumerate() {
            let node = g.graph.add_node(Node::System(ix(i)));
            g.system_nodes.push(node);
            let d = department_ids
                .binary_search(&s.department.as_str())
                .expect("the estate lists the department of every system");
            g.departments[d].named_by.get_or_insert(ix(i));
            g.system_department.push(ix(d));
            g.graph.add_edge(g.department_nodes[d], node, Edge::Owns);
        }

        // What each system implements, holds, exchanges and uses.
        let mut external_of: HashMap<&str, u32> = HashMap::new();
        g.capability_implementers = vec![Vec::new(); model.capabilities.len()];
        g.kind_bespoke_users = vec![Vec::new(); model.kinds.len()];
        for (i, s) in estate.systems.iter().enumerate() {
            let from = g.system_nodes[i];
            for (pos, c) in s.capabilities.iter().enumerate() {
                if let Some(c) = model.capability_position(c.value) {
                    g.graph.add_edge(from, g.capability_nodes[c], Edge::Implements { pos: ix(pos) });
                    g.capability_implementers[c].push((ix(i), ix(pos)));
                }
            }
            for (pos, e) in s.data.iter().enumerate() {
                if let Some(e) = model.entity_position(e.value) {
                    g.graph.add_edge(from, g.entity_nodes[e], Edge::Holds { pos: ix(pos) });
                }
            }
            for (k, f) in s.interfaces.iter().enumerate() {
                let iface = ix(k);
                let to = match &f.counterpart.value {
                    Counterpart::External(name) => Some(*external_of.entry(name.as_str()).or_insert_with(|| {
                        let e = ix(g.externals.len());
                        g.externals.push(ExternalNode { system: ix(i), iface });
                        g.external_nodes.push(g.graph.add_node(Node::External(e)));
                        e
                    }))
                    .map(|e| g.external_nodes[e as usize]),
                    Counterpart::System(id) => estate.system_position(*id).map(|t| g.system_nodes[t]),
                };
                if let Some(to) = to {
                    g.graph.add_edge(from, to, Edge::Interface { iface });
                }
                for (pos, e) in f.data.iter().enumerate() {
                    if let Some(e) = model.entity_position(e.value) {
                        g.graph.add_edge(from, g.entity_nodes[e], Edge::Carries { iface, pos: ix(pos) });
                    }
                }
            }
            for (pos, u) in s.infrastructure.iter().enumerate() {
                let pos = ix(pos);
                match &u.uses.value {
                    InfraSource::Common(id) => {
                        if let Some(c) = model.component_position(id) {
                            g.graph.add_edge(from, g.component_nodes[c], Edge::UsesCommon { pos });
                        }
                    }
                    InfraSource::Bespoke(_) => {
                        if let Some(k) = model.kind_position(u.kind.value) {
                            g.graph.add_edge(from, g.kind_nodes[k], Edge::UsesBespoke { pos });
                            g.kind_bespoke_users[k].push((ix(i), pos));
                        }
                    }
                }
            }
        }
        g.standard_users = interfaces_by_standard(model, estate);
        g
    }

    pub fn node(&self, n: NodeIndex) -> Node {
        self.graph[n]
    }
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    /// Every edge, those kept beside the petgraph (`Conforms`) included.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count() + self.standard_users.iter().map(Vec::len).sum::<usize>()
    }

    pub fn system_node(&self, system: u32) -> NodeIndex {
        self.system_nodes[system as usize]
    }
    pub fn capability_node(&self, capability: u32) -> NodeIndex {
        self.capability_nodes[capability as usize]
    }
    pub fn standard_node(&self, standard: u32) -> NodeIndex {
        self.standard_nodes[standard as usize]
    }
    pub fn component_node(&self, component: u32) -> NodeIndex {
        self.component_nodes[component as usize]
    }
    pub fn kind_node(&self, kind: u32) -> NodeIndex {
        self.kind_nodes[kind as usize]
    }
    pub fn entity_node(&self, entity: u32) -> NodeIndex {
        self.entity_nodes[entity as usize]
    }
    pub fn department_node(&self, department: u32) -> NodeIndex {
        self.department_nodes[department as usize]
    }

    /// Number of systems (estate indices run `0..system_count()`).
    pub fn system_count(&self) -> usize {
        self.system_nodes.len()
    }

    /// The department (index into [`Self::departments`]) that owns a system.
    pub fn department_of(&self, system: u32) -> u32 {
        self.system_department[system as usize]
    }

    /// A department's id.
    pub fn department_id<'e>(&self, estate: &'e Estate, department: u32) -> &'e str {
        let d = self.departments[department as usize];
        match (d.declared, d.named_by) {
            (Some(i), _) => estate.departments[i as usize].id.as_str(),
            (None, Some(s)) => estate.systems[s as usize].department.as_str(),
            (None, None) => "",
        }
    }

    /// The department of a system, by id.
    pub fn system_department_id<'e>(&self, estate: &'e Estate, system: u32) -> &'e str {
        estate.systems[system as usize].department.as_str()
    }

    /// The most a department may hold (its `maxMarking`), when declared.
    pub fn department_max_marking<'e>(&self, estate: &'e Estate, department: u32) -> Option<&'e str> {
        let i = self.departments[department as usize].declared?;
        estate.departments[i as usize].max_marking.as_ref().map(|m| m.as_str())
    }

    /// The name of an external counterpart (without `external:`).
    pub fn external_name<'e>(&self, estate: &'e Estate, external: u32) -> &'e str {
        let e = self.externals[external as usize];
        estate.systems[e.system as usize].interfaces[e.iface as usize].counterpart.value.name()
    }

    /// The petgraph's edges arriving at a node, as (source node, edge weight), latest first; `Conforms` edges
    /// are read with [`Self::standard_users`].
    pub fn incoming(&self, n: NodeIndex) -> impl Iterator<Item = (NodeIndex, Edge)> + '_ {
        self.graph.edges_directed(n, Incoming).map(|e| (e.source(), *e.weight()))
    }
    /// The petgraph's edges leaving a node, as (target node, edge weight); `Conforms` edges are read with
    /// [`Self::standard_users`].
    pub fn outgoing(&self, n: NodeIndex) -> impl Iterator<Item = (NodeIndex, Edge)> + '_ {
        self.graph.edges_directed(n, Outgoing).map(|e| (e.target(), *e.weight()))
    }

    /// The systems implementing a capability, as (estate index, position in `spec.capabilities`), in estate
    /// order.
    pub fn implementers(&self, capability: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.capability_implementers[capability as usize].iter().copied()
    }

    /// The interfaces declaring a standard, as (estate index, interface index, position in its `standards`),
    /// in estate order: the graph's `Conforms` edges into the standard.
    pub fn standard_users(&self, standard: u32) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        self.standard_users[standard as usize].iter().copied()
    }

    /// Every edge as (source, target, weight): the petgraph's, then the `Conforms` edges kept beside it.
    pub fn edges(&self) -> impl Iterator<Item = (NodeIndex, NodeIndex, Edge)> + '_ {
        let graph = self.graph.edge_references().map(|e| (e.source(), e.target(), *e.weight()));
        let conforms = self.standard_users.iter().enumerate().flat_map(move |(st, users)| {
            users.iter().map(move |&(s, iface, pos)| {
                (self.system_nodes[s as usize], self.standard_nodes[st], Edge::Conforms { iface, pos })
            })
        });
        graph.chain(conforms)
    }

    /// The systems using a common component, as (estate index, position in `spec.infrastructure`).
    pub fn component_users(&self, component: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.incoming(self.component_node(component)).filter_map(|(from, e)| match (self.graph[from], e) {
            (Node::System(s), Edge::UsesCommon { pos }) => Some((s, pos)),
            _ => None,
        })
    }

    /// The systems using bespoke infrastructure of a kind, as (estate index, position in
    /// `spec.infrastructure`), in estate order.
    pub fn bespoke_users(&self, kind: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.kind_bespoke_users[kind as usize].iter().copied()
    }

    /// The common components (model indices) serving an infrastructure kind, in model order.
    pub fn components_serving_kind(&self, kind: u32) -> impl Iterator<Item = u32> + '_ {
        self.kind_components[kind as usize].iter().copied()
    }

    /// The common components (model indices) serving a capability, in model order.
    pub fn components_serving_capability(&self, capability: u32) -> impl Iterator<Item = u32> + '_ {
        self.capability_components[capability as usize].iter().copied()
    }

    /// Whether a capability has children in the model tree.
    pub fn has_children(&self, capability: u32) -> bool {
        self.capability_has_children[capability as usize]
    }

    /// A system's interfaces that reach a counterpart in the graph, as (interface index, counterpart node).
    pub fn interfaces_of(&self, system: u32) -> impl Iterator<Item = (u32, NodeIndex)> + '_ {
        self.outgoing(self.system_node(system)).filter_map(|(to, e)| match e {
            Edge::Interface { iface } => Some((iface, to)),
            _ => None,
        })
    }

    /// The other end of an interface: the counterpart's interface with the same id, the opposite direction,
    /// and this system as its counterpart. `None` for external counterparts and one-sided interfaces.
    pub fn other_end<'e>(&self, estate: &'e Estate, system: u32, iface: u32) -> Option<(u32, u32, &'e Interface)> {
        let here = &estate.systems[system as usize];
        let f = &here.interfaces[iface as usize];
        let (_, to) = self.interfaces_of(system).find(|(i, _)| *i == iface)?;
        let Node::System(other) = self.graph[to] else { return None };
        if other == system {
            return None;
        }
        let there: &System = &estate.systems[other as usize];
        there.interfaces.iter().enumerate().find_map(|(k, g)| {
            (g.id.value == f.id.value
                && g.direction == f.direction.opposite()
                && g.counterpart_system() == Some(here.id.value))
            .then_some((other, ix(k), g))
        })
    }

    /// Outgoing edges by id, for tests and exports.
    pub fn edge(&self, e: EdgeIndex) -> Option<(NodeIndex, NodeIndex, Edge)> {
        let (a, b) = self.graph.edge_endpoints(e)?;
        Some((a, b, self.graph[e]))
    }
}
