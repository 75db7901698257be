//! `index.html`: the overview (totals, findings by family and by department, the top candidates).

use std::collections::BTreeMap;

use maud::html;

use crate::diagnostic::Family;
use crate::estate::Lifecycle;
use crate::money::gbp;
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{
    ROOT, candidates_table, count_cells, department_link, department_name, downloads, findings_table, sector_of,
    severity_counts,
};

pub fn render(cx: &Cx<'_>) -> String {
    let estate = &cx.run.estate;
    let r = cx.roadmap;
    let totals = severity_counts(cx, (0..cx.findings().len()).collect::<Vec<_>>().iter());
    let mut lifecycles: BTreeMap<Lifecycle, usize> = BTreeMap::new();
    for s in &estate.systems {
        *lifecycles.entry(s.lifecycle.value).or_default() += 1;
    }
    let lifecycle_text: Vec<String> = lifecycles.iter().map(|(l, n)| format!("{n} {}", l.as_str())).collect();
    let mut by_family: BTreeMap<Family, Vec<usize>> = BTreeMap::new();
    for (k, f) in cx.findings().iter().enumerate() {
        by_family.entry(f.rule.family).or_default().push(k);
    }
    let body = html! {
        section.cards {
            div.card { div.big { (cx.departments.len()) } "departments" }
            div.card { div.big { (estate.systems.len()) } "systems" br; small { (lifecycle_text.join(", ")) } }
            div.card { div.big { (gbp(r.annual_cost_gbp)) } "a year declared" }
            div.card {
                div.big { (cx.findings().len()) } "findings" br;
                small { (totals[0]) " errors, " (totals[1]) " warnings, " (totals[2]) " infos" }
            }
            div.card { div.big { (r.candidates.len()) } "roadmap candidates" }
        }
        h2 { "Findings by family" }
        table {
            caption { "Findings by rule family and severity" }
            thead { tr { th { "family" } th { "codes" } th { "errors" } th { "warnings" } th { "infos" } } }
            tbody {
                @for (family, idx) in &by_family {
                    tr {
                        td { (family.name()) }
                        td { code { (family.prefix()) "xx" } }
                        (count_cells(severity_counts(cx, idx.iter())))
                    }
                }
                @if by_family.is_empty() { tr { td colspan="5" { "No findings." } } }
            }
        }
        h2 { "Findings by department" }
        (downloads("findings", "every finding"))
        table {
            caption { "Errors, warnings and infos per department" }
            thead {
                tr {
                    th { "department" } th { "name" } th { "sector" } th { "systems" } th { "annual cost" }
                    th { "errors" } th { "warnings" } th { "infos" }
                }
            }
            tbody {
                @for (dept, systems) in &cx.departments {
                    @let cost = crate::money::total(systems.iter().filter_map(|&i| estate.systems[i].annual_cost_gbp));
                    @let idx = cx.department_findings.get(dept).map_or(&[][..], |v| v.as_slice());
                    tr {
                        td { (department_link(ROOT, dept)) }
                        td { (department_name(cx, dept)) }
                        td { (sector_of(cx, dept).unwrap_or("—")) }
                        td.num { (systems.len()) }
                        td.num { (gbp(cost)) }
                        (count_cells(severity_counts(cx, idx.iter())))
                    }
                }
                @if !cx.other_findings.is_empty() {
                    tr {
                        td colspan="5" { em { "not about one department (model, files)" } }
                        (count_cells(severity_counts(cx, cx.other_findings.iter())))
                    }
                }
            }
        }
        @if !cx.other_findings.is_empty() {
            h2 { "Other findings" }
            (findings_table(cx, &cx.other_findings))
        }
        h2 { "Top roadmap candidates" }
        (candidates_table(&r.candidates[..r.candidates.len().min(5)]))
        p { a href="roadmap.html" { "The whole roadmap, with its evidence and saving model →" } }
    };
    page(ROOT, "index.html", "Estate overview", &cx.footer, body)
}
