//! `graph.html`: departments and the shareable capabilities they duplicate; departments and the infrastructure
//! they run bespoke.

use std::collections::{BTreeMap, BTreeSet};

use maud::{Markup, html};

use crate::roadmap::{Candidate, CandidateKind};
use crate::site::layout::page;
use crate::site::parts::{MAX_PICTURE_NODES, ROOT, dept_node};
use crate::site::svg::{Layered, SvgNode, render as svg};
use crate::site::{Cx, names};

/// The most candidates one picture draws.
const MAX_CANDIDATES: usize = 40;

pub fn render(cx: &Cx<'_>) -> String {
    let (caps, kinds): (Vec<&Candidate<'_>>, Vec<&Candidate<'_>>) =
        cx.roadmap.candidates.iter().partition(|c| c.kind == CandidateKind::SharedCapability);
    let capabilities = bipartite(
        cx,
        "Departments and the shareable capabilities they duplicate",
        ["department", "shared capability"],
        &caps[..caps.len().min(MAX_CANDIDATES)],
        |c| {
            let name = cx.run.model.capability(&c.subject).map_or("", |x| x.name.as_str());
            SvgNode {
                label: format!("{} {name}", c.subject),
                title: c.title.clone(),
                href: Some(names::capability(&c.subject)),
                class: "cap",
            }
        },
    );
    let bespoke = bipartite(
        cx,
        "Departments and the infrastructure they run bespoke",
        ["department", "bespoke kind"],
        &kinds[..kinds.len().min(MAX_CANDIDATES)],
        |c| SvgNode { label: c.title.clone(), title: c.title.clone(), href: None, class: "kind" },
    );
    let body = html! {
        p {
            "Drawn from the estate graph. Left: departments; right: the shareable capabilities that several of them \
             build (the roadmap's shared-capability candidates). A line is a department implementing the \
             capability; thicker means more systems. Each box links to its page."
        }
        figure { (capabilities) }
        h2 { "Bespoke infrastructure" }
        p { "Departments running infrastructure of their own, by kind." }
        figure { (bespoke) }
        p {
            "The whole graph has " (cx.run.graph.node_count()) " nodes and " (cx.run.graph.edge_count())
            " edges; " code { "xgea graph" } " exports it for other tools."
        }
    };
    page(ROOT, "graph.html", "Estate graph", &cx.footer, body)
}

/// Departments on the left, one node per candidate on the right, weighted by systems.
fn bipartite(
    cx: &Cx<'_>,
    title: &str,
    headings: [&str; 2],
    candidates: &[&Candidate<'_>],
    node: impl Fn(&Candidate<'_>) -> SvgNode,
) -> Markup {
    // Departments by how many systems they bring to these candidates; the picture keeps the first
    // MAX_PICTURE_NODES (an estate of 1,300 bodies would not be readable) and says so.
    let mut weight: BTreeMap<&str, u32> = BTreeMap::new();
    for c in candidates {
        for sys in &c.systems {
            *weight.entry(sys.department().as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u32)> = weight.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let left_out = ranked.len().saturating_sub(MAX_PICTURE_NODES);
    ranked.truncate(MAX_PICTURE_NODES);
    let depts: BTreeSet<&str> = ranked.into_iter().map(|(d, _)| d).collect();
    let dept_index: BTreeMap<&str, usize> = depts.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut edges = Vec::new();
    for (j, c) in candidates.iter().enumerate() {
        let mut per: BTreeMap<&str, u32> = BTreeMap::new();
        for sys in &c.systems {
            *per.entry(sys.department().as_str()).or_default() += 1;
        }
        for (d, w) in per {
            if let Some(&i) = dept_index.get(d) {
                edges.push((0, i, j, w));
            }
        }
    }
    let l = Layered {
        title: title.to_string(),
        headings: headings.iter().map(|h| h.to_string()).collect(),
        columns: vec![
            depts.iter().map(|d| dept_node(cx, ROOT, d)).collect(),
            candidates.iter().map(|c| node(c)).collect(),
        ],
        edges,
    };
    html! {
        (svg(&l, ROOT))
        @if left_out > 0 {
            p { small { (left_out) " department(s) with fewer systems are not drawn." } }
        }
    }
}
