//! `scorecards.html`: one row per department — compliance, open-standards and common-component adoption,
//! deprecated-standard exposure with sunset dates — and the estate's total.

use maud::{Markup, html};

use crate::scorecard::{Ratio, Scorecard};
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{ROOT, department_link, downloads};

/// A share as a table cell: `83%` with the counts under it, or a dash.
fn share(r: Ratio) -> Markup {
    html! {
        @match r.percent() {
            Some(p) => td.num { (p) "%" br; small { (r.count) "/" (r.of) } },
            None => td.num.zero { "—" },
        }
    }
}

fn row(c: &Scorecard, link: bool) -> Markup {
    html! {
        tr {
            @if link {
                th scope="row" { (department_link(ROOT, &c.department)) }
            } @else {
                th scope="row" { "All" }
            }
            td { (c.name) }
            td.num { (c.systems) }
            (share(c.compliance))
            (share(c.open_standards))
            (share(c.common_components))
            td.num { (c.errors) }
            td.num { (c.warnings) }
            td.num { (c.deprecated_interfaces) }
        }
    }
}

pub fn render(cx: &Cx<'_>) -> String {
    let cards = &cx.cards;
    let exposed: Vec<&Scorecard> = cards.departments.iter().filter(|c| !c.deprecated.is_empty()).collect();
    let body = html! {
        p {
            "How each department stands against reference model " (cards.model_version) ". "
            strong { "Compliance" } ": systems with no error finding. "
            strong { "Open standards" } ": interfaces whose every declared standard is open. "
            strong { "Common components" } ": infrastructure on a common component, of the infrastructure of kinds \
             a live common component serves. Retired systems are left out."
        }
        (downloads("scorecards", "the scorecards"))
        div.scroll tabindex="0" role="region" aria-label="Department scorecards (scrolls sideways)" {
            table.scorecards {
                caption { "Department scorecards" }
                thead {
                    tr {
                        th scope="col" { "department" } th scope="col" { "name" }
                        th.num scope="col" { "systems" } th.num scope="col" { "compliance" }
                        th.num scope="col" { "open standards" } th.num scope="col" { "common components" }
                        th.num scope="col" { "errors" } th.num scope="col" { "warnings" }
                        th.num scope="col" { "deprecated interfaces" }
                    }
                }
                tbody {
                    @for c in &cards.departments { (row(c, true)) }
                }
                tfoot { (row(&cards.total, false)) }
            }
        }
        h2 { "Deprecated standards still in use" }
        @if exposed.is_empty() {
            p.ok { "No interface declares a deprecated or retired standard." }
        } @else {
            table.exposure {
                caption { "Deprecated and retired standards on each department's interfaces, by sunset date" }
                thead {
                    tr {
                        th scope="col" { "department" } th scope="col" { "standard" } th scope="col" { "status" }
                        th scope="col" { "sunset" } th scope="col" { "superseded by" }
                        th.num scope="col" { "interfaces" } th scope="col" { "systems" }
                    }
                }
                tbody {
                    @for c in &exposed {
                        @for e in &c.deprecated {
                            tr {
                                th scope="row" { (department_link(ROOT, &c.department)) }
                                td { code { (e.standard) } " " (e.name) }
                                td { span class={ "status " (e.status.as_str()) } { (e.status.as_str()) } }
                                td { (e.sunset.map(|d| d.to_string()).unwrap_or_else(|| "—".to_string())) }
                                td { @if let Some(s) = &e.superseded_by { code { (s) } } }
                                td.num { (e.interfaces) }
                                td { (e.systems.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(ROOT, "scorecards.html", "Department scorecards", &cx.footer, body)
}
