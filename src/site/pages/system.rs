//! `systems/<id>.html`: one system id (several documents when the id is declared twice), with its
//! capabilities, data, interfaces, infrastructure and findings.

use maud::{Markup, html};

use crate::estate::{Id, InfraSource, Located, System};
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{UP, capability_link, cost, department_link, findings_table, join, system_link};

pub fn render(cx: &Cx<'_>, id: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let body = html! {
        @if systems.len() > 1 {
            p.warn { (systems.len()) " documents declare this id (see XG104)." }
        }
        @for &i in systems {
            @let sys = &estate.systems[i];
            @if systems.len() > 1 { h2 { (sys.name) } }
            (one(cx, sys))
            h3 { "Findings" }
            (findings_table(cx, &cx.system_findings[i]))
        }
    };
    let name = systems.first().map_or(id, |&i| estate.systems[i].name.as_str());
    page(UP, "", &format!("{name} ({id})"), &cx.footer, body)
}

/// Ids as code, separated by spaces.
fn codes(values: &[Located<Id>]) -> Markup {
    join(values.iter().map(|x| html! { code { (x.value) } }), " ")
}

/// One system document.
fn one(cx: &Cx<'_>, sys: &System) -> Markup {
    let file = cx.run.sources.get(sys.file);
    html! {
        dl {
            dt { "id" } dd { code { (sys.id.value) } }
            dt { "department" } dd { (department_link(UP, &sys.department.value)) }
            @if let Some(owner) = &sys.owner { dt { "owner" } dd { (owner) } }
            dt { "lifecycle" } dd { (sys.lifecycle.value.as_str()) }
            dt { "annual cost" } dd { (cost(sys.annual_cost_gbp)) }
            @if let Some(m) = &sys.max_marking { dt { "holds at most" } dd { (m.value) } }
            dt { "declared in" } dd { code { (file.path) ":" (file.line_col(sys.span.start).line) } }
        }
        h3 { "Capabilities" }
        ul {
            @for c in &sys.capabilities {
                li {
                    (capability_link(cx, UP, &c.value))
                    @if cx.run.model.capability(c.value).is_none() { " " span.sev.error { "unknown" } }
                }
            }
        }
        @if !sys.data.is_empty() {
            h3 { "Data" }
            p { (join(sys.data.iter().map(|d| html! { code { (d.value) } }), ", ")) }
        }
        @if !sys.interfaces.is_empty() {
            h3 { "Interfaces" }
            table {
                caption { "Interfaces of " (sys.id.value) }
                thead {
                    tr {
                        th { "id" } th { "direction" } th { "counterpart" } th { "standards" } th { "data" }
                        th { "marking" } th { "legal basis" }
                    }
                }
                tbody {
                    @for f in &sys.interfaces {
                        tr {
                            td { code { (f.id.value) } }
                            td { (f.direction.as_str()) }
                            td {
                                @match f.counterpart_system() {
                                    Some(other) if cx.systems_by_id.contains_key(other.as_str()) => (system_link(UP, &other)),
                                    _ => code { (f.counterpart.value.to_string()) },
                                }
                            }
                            td { (codes(&f.standards)) }
                            td { (codes(&f.data)) }
                            td { (f.marking.as_ref().map_or("", |m| m.value.as_str())) }
                            td { (f.legal_basis.as_ref().map_or("", |m| m.value.as_str())) }
                        }
                    }
                }
            }
        }
        @if !sys.infrastructure.is_empty() {
            h3 { "Infrastructure" }
            table {
                caption { "Infrastructure of " (sys.id.value) }
                thead { tr { th { "kind" } th { "uses" } } }
                tbody {
                    @for u in &sys.infrastructure {
                        tr {
                            td { code { (u.kind.value) } }
                            td {
                                @match &u.uses.value {
                                    InfraSource::Common(c) => { "common " code { (c) } },
                                    InfraSource::Bespoke(b) => { "bespoke " code { (b) } },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
