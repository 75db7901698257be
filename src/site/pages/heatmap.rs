//! `heatmap.html`: capabilities × departments (or sectors), shaded by how many systems implement each.

use std::collections::{BTreeMap, BTreeSet};

use maud::html;

use crate::site::layout::page;
use crate::site::parts::{ROOT, capability_link, sector_of};
use crate::site::{Cx, names};

/// Heat map columns: departments, or sectors when there are too many departments to read.
const MAX_DEPARTMENT_COLUMNS: usize = 60;

/// A cell's hover text lists at most this many systems.
const MAX_TITLE_SYSTEMS: usize = 20;

/// One capability's row: per column, the systems counted and the hover text, or nothing.
struct Row<'a> {
    capability: &'a str,
    duplicated: bool,
    departments: usize,
    cells: Vec<Option<(usize, String)>>,
}

pub fn render(cx: &Cx<'_>) -> String {
    let estate = &cx.run.estate;
    let model = &cx.run.model;
    // Columns: (label, link, departments).
    let by_sector = cx.departments.len() > MAX_DEPARTMENT_COLUMNS;
    let mut columns: Vec<(String, Option<String>, BTreeSet<&str>)> = Vec::new();
    if by_sector {
        let mut sectors: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for dept in cx.departments.keys() {
            sectors.entry(sector_of(cx, dept).unwrap_or("none").to_string()).or_default().insert(dept);
        }
        columns.extend(sectors.into_iter().map(|(s, d)| (s, None, d)));
    } else {
        for dept in cx.departments.keys() {
            columns.push((dept.to_string(), Some(names::department(dept)), BTreeSet::from([*dept])));
        }
    }
    let rows: Vec<Row<'_>> = model
        .capabilities
        .iter()
        .filter_map(|cap| {
            let systems = cx.uses.capabilities.get(cap.id.as_str())?;
            let mut per_dept: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for &i in systems {
                let sys = &estate.systems[i];
                per_dept.entry(sys.department.as_str()).or_default().push(sys.id.as_str());
            }
            let cells = columns
                .iter()
                .map(|(_, _, depts)| {
                    let ids: Vec<&str> = depts.iter().filter_map(|d| per_dept.get(d)).flatten().copied().collect();
                    (!ids.is_empty()).then(|| {
                        let mut title: Vec<&str> = ids.iter().take(MAX_TITLE_SYSTEMS).copied().collect();
                        if ids.len() > MAX_TITLE_SYSTEMS {
                            title.push("…");
                        }
                        (ids.len(), title.join(", "))
                    })
                })
                .collect();
            Some(Row {
                capability: &cap.id,
                duplicated: cap.shareable && per_dept.len() >= 2,
                departments: per_dept.len(),
                cells,
            })
        })
        .collect();
    let body = html! {
        p {
            "Rows are the capabilities the estate implements (model order); columns are "
            @if by_sector {
                "shared-services sectors (too many departments to show one column each)"
            } @else {
                "departments"
            }
            ". A cell counts the in-service systems; darker means more. Rows marked ★ are shareable capabilities \
             built in two or more departments: where duplication lies."
        }
        p.legend { span.h1 { "1" } span.h2 { "2" } span.h3 { "3" } span.h4 { "4+" } " systems" }
        div.scroll tabindex="0" role="region" aria-label="Heat map (scrolls sideways)" {
            table.heatmap {
                caption { "Systems per department and capability" }
                thead {
                    tr {
                        th { "capability" }
                        th { "depts" }
                        @for (label, href, _) in &columns {
                            th.col {
                                @if let Some(h) = href { a href=(h) { span { (label) } } } @else { span { (label) } }
                            }
                        }
                    }
                }
                tbody {
                    @for row in &rows {
                        tr class=[row.duplicated.then_some("dup")] {
                            th.row { @if row.duplicated { "★ " } (capability_link(cx, ROOT, row.capability)) }
                            td.num { (row.departments) }
                            @for cell in &row.cells {
                                @match cell {
                                    None => td {},
                                    Some((n, title)) => td class={ "h" ((*n).min(4)) } title=(title) { (n) },
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page(ROOT, "heatmap.html", "Department × capability heat map", &cx.footer, body)
}
