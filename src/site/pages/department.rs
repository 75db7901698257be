//! `departments/<id>.html`: one department, its systems, the candidates it takes part in, its findings.

use maud::html;

use crate::money::gbp;
use crate::roadmap::{Candidate, saving_range};
use crate::site::Cx;
use crate::site::layout::page;
use crate::site::parts::{UP, department_name, findings_table, systems_table};

pub fn render(cx: &Cx<'_>, dept: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let declared = estate.department(dept);
    let cost = crate::money::total(systems.iter().filter_map(|&i| estate.systems[i].annual_cost_gbp));
    let candidates: Vec<(usize, &Candidate<'_>)> =
        cx.roadmap.candidates.iter().enumerate().filter(|(_, c)| c.departments.iter().any(|d| d == dept)).collect();
    let findings = cx.department_findings.get(dept).map_or(&[][..], |v| v.as_slice());
    let body = html! {
        dl {
            dt { "id" } dd { code { (dept) } }
            @if let Some(d) = declared {
                @if let Some(sector) = &d.sector {
                    dt { "sector" }
                    dd {
                        code { (sector.value) } " "
                        (cx.run.model.sector(sector.value).map_or("", |x| x.name.as_str()))
                    }
                }
                @if let Some(m) = &d.max_marking { dt { "holds at most" } dd { (m.value) } }
                @let file = cx.run.sources.get(d.file);
                dt { "declared in" } dd { code { (file.path) ":" (file.line_col(d.span.start).line) } }
            } @else {
                dt { "declared" } dd { "no " code { "kind: Department" } " document; named by its systems" }
            }
            dt { "annual cost" } dd { (gbp(cost)) }
        }
        h2 { "Systems (" (systems.len()) ")" }
        (systems_table(cx, UP, systems))
        @if !candidates.is_empty() {
            h2 { "Roadmap candidates it takes part in" }
            ul {
                @for (i, c) in &candidates {
                    li {
                        a href={ "../roadmap.html#c" (i + 1) } { (i + 1) ". " (c.title) }
                        " (" (c.departments.len()) " departments, est. " (saving_range(c)) " a year)"
                    }
                }
            }
        }
        h2 { "Findings" }
        (findings_table(cx, findings))
    };
    page(UP, "", &format!("{} ({dept})", department_name(cx, dept)), &cx.footer, body)
}
