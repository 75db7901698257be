//! `roadmap.html`: every candidate with its evidence, and the saving model.

use maud::{Markup, html};

use crate::money::gbp;
use crate::roadmap::{CandidateKind, RateRange, saving_range};
use crate::site::layout::page;
use crate::site::parts::{
    ROOT, candidates_table, capability_link, cost, department_link, downloads, join, system_link,
};
use crate::site::{Cx, names};

/// The most systems the roadmap page lists per candidate.
const MAX_TABLE_ROWS: usize = 100;

pub fn render(cx: &Cx<'_>) -> String {
    let r = cx.roadmap;
    let m = &r.saving_model;
    let rate_row = |name: &str, rate: &RateRange| -> Markup {
        html! {
            tr { td { (name) } td.num { (rate.percent()) } td { (rate.basis.as_deref().unwrap_or("")) } }
        }
    };
    let body = html! {
        p {
            "Candidates for common infrastructure and shared services, from the estate graph: shareable capabilities \
             built in several departments, bespoke infrastructure repeated across departments, and systems that \
             could move to an existing common component. " (r.candidates.len()) " candidates."
        }
        p.formula { (r.score_formula) }
        p {
            "Savings are ranges from the saving model below, rounded outwards to £0.1m. Infrastructure candidates \
             overlap capability candidates (the same systems' cost): do not add the two kinds together."
        }
        (downloads("roadmap", "the roadmap"))
        (candidates_table(&r.candidates))
        h2 { "Evidence" }
        @for (i, c) in r.candidates.iter().enumerate() {
            section.candidate id={ "c" (i + 1) } {
                h3 { (i + 1) ". " (c.title) }
                p {
                    span.tag { (c.kind.label()) } " " code { (c.id) } " · rule " code { (c.rule) }
                    " · family " (c.family.as_deref().unwrap_or("(none)")) " · score " (format!("{:.1}", c.score))
                }
                @if c.kind == CandidateKind::SharedCapability {
                    p { "Capability: " (capability_link(cx, ROOT, &c.subject)) }
                }
                p {
                    "Departments (" (c.departments.len()) "): "
                    (join(c.departments.iter().map(|d| department_link(ROOT, d)), ", "))
                }
                table {
                    caption { "Systems in candidate " (i + 1) }
                    thead {
                        tr {
                            th { "system" } th { "department" } th { "lifecycle" } th { "annual cost" }
                            th { "counted" } th { "note" }
                        }
                    }
                    tbody {
                        @for sys in c.systems.iter().take(MAX_TABLE_ROWS) {
                            tr {
                                td { (system_link(ROOT, &sys.id)) " " (sys.name) }
                                td { (department_link(ROOT, &sys.department)) }
                                td { (sys.lifecycle.as_str()) }
                                td.num { (cost(sys.annual_cost_gbp)) }
                                td.num { (gbp(sys.counted_gbp)) }
                                td {
                                    @if let Some(b) = &sys.bespoke {
                                        "bespoke " code { (b) }
                                    } @else if let Some(common) = &sys.on_common {
                                        "already on " code { (common) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if c.systems.len() > MAX_TABLE_ROWS {
                    p {
                        small {
                            "and " (c.systems.len() - MAX_TABLE_ROWS) " more systems ("
                            @if c.kind == CandidateKind::SharedCapability {
                                "all on " a href=(names::capability(&c.subject)) { "the capability's page" }
                            } @else {
                                "all in " code { "xgea roadmap --format csv" }
                            }
                            ")."
                        }
                    }
                }
                @if let Some(comp) = &c.common_component {
                    p {
                        "Common component: " code { (comp) } " "
                        (cx.run.model.component(comp).map_or("", |x| x.name.as_str()))
                    }
                }
                @if !c.standards.is_empty() {
                    p {
                        "Standards on their interfaces: "
                        (join(c.standards.iter().map(|u| html! { code { (u.id) } "\u{a0}(" (u.systems) ")" }), ", "))
                    }
                }
                p.saving {
                    "Estimated saving: " strong { (saving_range(c)) " a year" } " = " (gbp(c.addressable_gbp))
                    " addressable"
                    @if let Some(share) = &c.infrastructure_share { " × infrastructure share " (share.percent()) }
                    " × " (c.family.as_deref().unwrap_or("default")) " rate " (c.rate.percent())
                }
            }
        }
        h2 { "Saving model" }
        table {
            caption { "Saving rates by capability family" }
            thead { tr { th { "family" } th { "rate" } th { "basis" } } }
            tbody {
                @for (family, rate) in &m.rates { (rate_row(family, rate)) }
                (rate_row("(default)", &m.default_rate))
                (rate_row("infrastructure share", &m.infrastructure_share))
            }
        }
        p {
            "A capability or bespoke kind is a candidate when " (m.min_departments) " or more departments have it. \
             Change the model in the " code { "[roadmap]" } " table of " code { "xgea.toml" } " or with "
            code { "xgea roadmap --savings FILE.toml" } "."
        }
    };
    page(ROOT, "roadmap.html", "Roadmap candidates", &cx.footer, body)
}
