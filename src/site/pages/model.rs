//! `model.html`: the reference model (capability tree, standards by category and status, common
//! infrastructure, sectors).

use std::collections::{BTreeMap, BTreeSet};

use maud::{Markup, html};

use crate::model::{Standard, StandardStatus};
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{ROOT, capability_link, department_link, join, sector_of};

/// The capability tree stops here (the model may have a parent cycle).
const MAX_DEPTH: usize = 16;

pub fn render(cx: &Cx<'_>) -> String {
    let model = &cx.run.model;
    let graph = &cx.run.graph;
    let mut children: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, c) in model.capabilities.iter().enumerate() {
        let parent = c.parent.as_deref().filter(|p| model.capability(p).is_some());
        children.entry(parent).or_default().push(i);
    }
    let body = html! {
        p {
            strong { (model.meta.name) } " " (model.meta.version)
            @if let Some(r) = &model.meta.released { ", released " (r) }
        }
        p { (model.meta.description.as_deref().unwrap_or("")) }
        p.toc {
            a href="#capabilities" { "Capabilities" } " · " a href="#standards" { "Standards" } " · "
            a href="#components" { "Common infrastructure" } " · " a href="#sectors" { "Sectors" }
        }
        h2 #capabilities { "Capabilities" }
        (tree(cx, &children, None, 0))
        h2 #standards { "Standards by category and status" }
        @for (category, heading) in categories(cx) {
            @let list = standards_in(cx, &category);
            @if !list.is_empty() {
                h3 { (heading) }
                p { small { (status_counts(&list)) } }
                table {
                    caption { (heading) " standards" }
                    thead {
                        tr {
                            th { "id" } th { "name" } th { "version" } th { "status" } th { "open" }
                            th { "superseded by" } th { "sunset" } th { "interfaces" }
                            th { "reference (text, not a link)" }
                        }
                    }
                    tbody {
                        @for (idx, st) in &list {
                            tr {
                                td { code { (st.id) } }
                                td { (st.name) }
                                td { (st.version.as_deref().unwrap_or("")) }
                                td { span class={ "status " (st.status.as_str()) } { (st.status.as_str()) } }
                                td { (if st.open { "yes" } else { "no" }) }
                                td { (st.superseded_by.as_deref().unwrap_or("")) }
                                td { (st.sunset.map(|d| d.to_string()).unwrap_or_default()) }
                                td.num { (graph.standard_users(*idx as u32).count()) }
                                td.url { (st.url.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
        h2 #components { "Common infrastructure" }
        table {
            caption { "Common infrastructure components" }
            thead {
                tr {
                    th { "id" } th { "name" } th { "kinds" } th { "status" } th { "since" } th { "superseded by" }
                    th { "systems using it" }
                }
            }
            tbody {
                @for (i, c) in model.components.iter().enumerate() {
                    @let users: BTreeSet<u32> = graph.component_users(i as u32).map(|(sys, _)| sys).collect();
                    tr {
                        td { code { (c.id) } }
                        td { (c.name) div.help { (c.description.as_deref().unwrap_or("")) } }
                        td { (c.kinds.join(", ")) }
                        td { span class={ "status " (c.status.as_str()) } { (c.status.as_str()) } }
                        td { (c.since.as_deref().unwrap_or("")) }
                        td { (c.superseded_by.as_deref().unwrap_or("")) }
                        td.num { (users.len()) }
                    }
                }
            }
        }
        h3 { "Infrastructure kinds" }
        ul { @for k in &model.kinds { li { code { (k.id) } " " (k.name) } } }
        h2 #sectors { "Shared-services sectors" }
        table {
            caption { "Shared-services sectors" }
            thead { tr { th { "id" } th { "name" } th { "departments in the estate" } } }
            tbody {
                @for sec in &model.sectors {
                    tr {
                        td { code { (sec.id) } }
                        td { (sec.name) }
                        td {
                            (join(
                                cx.departments
                                    .keys()
                                    .filter(|d| sector_of(cx, d) == Some(sec.id.as_str()))
                                    .map(|d| department_link(ROOT, d)),
                                ", ",
                            ))
                        }
                    }
                }
            }
        }
    };
    page(ROOT, "model.html", "Reference model", &cx.footer, body)
}

/// One level of the capability tree, and the levels under it.
fn tree(cx: &Cx<'_>, children: &BTreeMap<Option<&str>, Vec<usize>>, parent: Option<&str>, depth: usize) -> Markup {
    let Some(list) = children.get(&parent).filter(|_| depth <= MAX_DEPTH) else { return html! {} };
    html! {
        ul.tree {
            @for &i in list {
                @let c = &cx.run.model.capabilities[i];
                @let n = cx.uses.capabilities.get(c.id.as_str()).map_or(0, Vec::len);
                li {
                    (capability_link(cx, ROOT, &c.id))
                    @if c.shareable { " " span.tag { "shareable" } }
                    @if let Some(f) = &c.family { " " span.tag.muted { (f) } }
                    @if n > 0 { " " small { (n) " system(s)" } }
                    (tree(cx, children, Some(c.id.as_str()), depth + 1))
                }
            }
        }
    }
}

/// The model's categories in model order, then the categories standards name but the model does not declare:
/// (id, heading).
fn categories(cx: &Cx<'_>) -> Vec<(String, String)> {
    let model = &cx.run.model;
    let mut out: Vec<(String, String)> =
        model.categories.iter().map(|c| (c.id.clone(), format!("{} ({})", c.name, c.id))).collect();
    let mut undeclared = BTreeSet::new();
    for st in &model.standards {
        if model.category(&st.category).is_none() && undeclared.insert(st.category.clone()) {
            out.push((st.category.clone(), st.category.clone()));
        }
    }
    out
}

/// A category's standards with their model index: mandatory first, then recommended, emerging, deprecated,
/// retired; by id within a status.
fn standards_in<'m>(cx: &Cx<'m>, category: &str) -> Vec<(usize, &'m Standard)> {
    let mut list: Vec<(usize, &Standard)> =
        cx.run.model.standards.iter().enumerate().filter(|(_, x)| x.category == category).collect();
    list.sort_by(|a, b| rank(a.1.status).cmp(&rank(b.1.status)).then_with(|| a.1.id.cmp(&b.1.id)));
    list
}

/// `2 mandatory, 1 deprecated`, in status order.
fn status_counts(list: &[(usize, &Standard)]) -> String {
    let mut statuses: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    for (_, st) in list {
        *statuses.entry((rank(st.status), st.status.as_str())).or_default() += 1;
    }
    statuses.iter().map(|((_, status), n)| format!("{n} {status}")).collect::<Vec<_>>().join(", ")
}

fn rank(status: StandardStatus) -> u8 {
    match status {
        StandardStatus::Mandatory => 0,
        StandardStatus::Recommended => 1,
        StandardStatus::Emerging => 2,
        StandardStatus::Deprecated => 3,
        StandardStatus::Retired => 4,
    }
}
