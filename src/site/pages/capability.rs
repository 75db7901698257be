//! `capabilities/<id>.html`: one capability, the components serving it, and who implements it (a picture and
//! a table).

use std::collections::BTreeMap;

use maud::{Render, html};

use crate::site::layout::page;
use crate::site::parts::{MAX_PICTURE_NODES, Streamed, UP, dept_node, join, systems_table};
use crate::site::svg::{Layered, SvgNode, render as svg};
use crate::site::{Cx, names};

/// How many ancestors the breadcrumb shows at most (the model may have a parent cycle).
const MAX_ANCESTORS: usize = 9;

pub fn render(cx: &Cx<'_>, cap_id: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let model = &cx.run.model;
    let cap = model.capability(cap_id);
    let mut ancestors = Vec::new();
    let mut parent = cap.and_then(|c| c.parent.as_deref());
    while let Some(id) = parent {
        let Some(p) = model.capability(id) else { break };
        ancestors.push(p);
        parent = p.parent.as_deref();
        if ancestors.len() >= MAX_ANCESTORS {
            break;
        }
    }
    ancestors.reverse();
    let serving: Vec<_> = model.components.iter().filter(|c| c.capabilities.iter().any(|x| x == cap_id)).collect();
    // departments → systems → capability
    let mut depts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in systems {
        depts.entry(estate.systems[i].department.as_str()).or_default().push(i);
    }
    let title = cap.map_or_else(|| cap_id.to_string(), |c| format!("{} ({})", c.name, c.id));
    let label = cap.map_or_else(|| cap_id.to_string(), |c| format!("{} {}", c.id, c.name));
    let target = SvgNode { label, title: title.clone(), href: None, class: "cap" };
    let picture = if systems.len() <= MAX_PICTURE_NODES {
        let mut sys_nodes = Vec::new();
        let mut edges = Vec::new();
        for (d, list) in depts.values().enumerate() {
            for &i in list {
                let sys = &estate.systems[i];
                edges.push((0, d, sys_nodes.len(), 1));
                edges.push((1, sys_nodes.len(), 0, 1));
                sys_nodes.push(SvgNode {
                    label: sys.id.value.to_string(),
                    title: sys.name.clone(),
                    href: Some(format!("{UP}{}", names::system(&sys.id.value))),
                    class: "sys",
                });
            }
        }
        Layered {
            title: format!("Who implements {title}"),
            headings: vec!["department".into(), "system".into(), "capability".into()],
            columns: vec![depts.keys().map(|d| dept_node(cx, UP, d)).collect(), sys_nodes, vec![target]],
            edges,
        }
    } else {
        // Too many systems to draw one by one: departments straight to the capability, weighted, the largest
        // MAX_PICTURE_NODES departments only.
        let mut ranked: Vec<(&str, usize)> = depts.iter().map(|(d, v)| (*d, v.len())).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked.truncate(MAX_PICTURE_NODES);
        ranked.sort_unstable();
        Layered {
            title: format!("Who implements {title}"),
            headings: vec!["department".into(), "capability".into()],
            columns: vec![ranked.iter().map(|(d, _)| dept_node(cx, UP, d)).collect(), vec![target]],
            edges: ranked
                .iter()
                .enumerate()
                .map(|(i, (_, n))| (0, i, 0, u32::try_from(*n).unwrap_or(u32::MAX)))
                .collect(),
        }
    };
    // The body is written straight into the page: its systems table can be megabytes.
    let head = html! {
        @if let Some(cap) = cap {
            p { (cap.description.as_deref().unwrap_or("")) }
            p {
                @if ancestors.is_empty() {
                    "top level"
                } @else {
                    "under " (join(ancestors.iter().map(|p| html! { code { (p.id) } " " (p.name) }), " › "))
                }
                " · family " (cap.family.as_deref().unwrap_or("(none)")) " · "
                (if cap.shareable { "shareable" } else { "not shareable" })
            }
        }
        @if !serving.is_empty() {
            p {
                "Common components serving it: "
                (join(serving.iter().map(|c| html! { code { (c.id) } " " (c.name) " (" (c.status.as_str()) ")" }), ", "))
            }
        }
        h2 { "Implemented by " (systems.len()) " system(s) in " (depts.len()) " department(s)" }
        figure { (svg(&picture, "")) }
    };
    let body = Streamed(|page: &mut String| {
        head.render_to(page);
        systems_table(cx, UP, systems).render_to(page);
    });
    page(UP, "", &title, &cx.footer, body)
}
