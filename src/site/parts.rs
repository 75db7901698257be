//! Fragments several pages share: links to other pages, severity counts, the findings, systems and candidates
//! tables. Templates, so every value is escaped by maud.

use maud::{Markup, Render, html};

use super::Cx;
use super::names;
use super::svg::SvgNode;
use crate::diagnostic::Severity;
use crate::money::gbp;
use crate::roadmap::{Candidate, saving_range};

/// The relative path from a top-level page back to the site root.
pub const ROOT: &str = "";
/// The relative path from a page in a subdirectory (`systems/`, …) back to the site root.
pub const UP: &str = "../";

/// Errors, warnings and infos among the findings `idx`.
pub fn severity_counts<'a>(cx: &Cx<'_>, idx: impl Iterator<Item = &'a usize>) -> [usize; 3] {
    let mut n = [0; 3];
    for &k in idx {
        n[match cx.findings()[k].severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    n
}

/// Three table cells: errors, warnings, infos (a zero is greyed).
pub fn count_cells(n: [usize; 3]) -> Markup {
    html! {
        @for (v, cls) in n.iter().zip(["error", "warning", "info"]) {
            @if *v == 0 { td.num.zero { "0" } } @else { td class={ "num " (cls) } { (v) } }
        }
    }
}

/// A declared cost, or a dash.
pub fn cost(c: Option<u64>) -> String {
    c.map_or_else(|| "—".to_string(), gbp)
}

pub fn system_link(root: &str, id: &str) -> Markup {
    html! { a href={ (root) (names::system(id)) } { code { (id) } } }
}

pub fn department_link(root: &str, id: &str) -> Markup {
    html! { a href={ (root) (names::department(id)) } { code { (id) } } }
}

/// A capability's id and name, linked to its page when it has one (when some system implements it).
pub fn capability_link(cx: &Cx<'_>, root: &str, id: &str) -> Markup {
    let name = cx.run.model.capability(id).map_or("", |c| c.name.as_str());
    html! {
        @if cx.uses.capabilities.contains_key(id) {
            a href={ (root) (names::capability(id)) } { code { (id) } " " (name) }
        } @else {
            code { (id) } " " (name)
        }
    }
}

/// Markup items joined by `sep` (text).
pub fn join(items: impl IntoIterator<Item = Markup>, sep: &str) -> Markup {
    html! {
        @for (i, item) in items.into_iter().enumerate() {
            @if i > 0 { (sep) }
            (item)
        }
    }
}

pub fn department_name<'a>(cx: &'a Cx<'_>, id: &'a str) -> &'a str {
    cx.run.estate.department(id).map_or(id, |d| d.name.as_str())
}

pub fn sector_of<'a>(cx: &'a Cx<'_>, dept: &str) -> Option<&'a str> {
    cx.run.estate.department(dept).and_then(|d| d.sector.as_ref()).map(|s| s.value.as_str())
}

/// Text with Markdown inline code: each `` `…` `` pair becomes a `<code>` element (maud escapes both the text
/// and the code); an unpaired backtick stays as written.
pub fn inline_code(text: &str) -> Markup {
    let parts: Vec<&str> = text.split('`').collect();
    // An even number of parts means an odd number of backticks: the last one has no partner.
    let paired = if parts.len().is_multiple_of(2) { parts.len() - 1 } else { parts.len() };
    html! {
        @for (i, part) in parts[..paired].iter().enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
        @if paired < parts.len() { "`" (parts[paired]) }
    }
}

/// Links to a download's CSV and XLSX (from a top-level page).
pub fn downloads(stem: &str, what: &str) -> Markup {
    html! {
        p.downloads {
            "Download " (what) ": "
            a href={ (stem) ".csv" } download { (stem) ".csv" } " · "
            a href={ (stem) ".xlsx" } download { (stem) ".xlsx" }
            " (money in whole pounds)"
        }
    }
}

/// A table of findings with their place, in the run's sorted order.
pub fn findings_table(cx: &Cx<'_>, idx: &[usize]) -> Markup {
    if idx.is_empty() {
        return html! { p.ok { "No findings." } };
    }
    html! {
        table.findings {
            caption { "Findings (" (idx.len()) ")" }
            thead {
                tr { th scope="col" { "severity" } th scope="col" { "rule" } th scope="col" { "finding" } th scope="col" { "where" } }
            }
            tbody {
                @for &k in idx {
                    @let f = &cx.findings()[k];
                    @let file = cx.run.sources.get(f.primary.span.file);
                    @let at = file.line_col(f.primary.span.start);
                    @let sev = f.severity.as_str();
                    tr {
                        td { span class={ "sev " (sev) } { (sev) } }
                        td { code title=(f.rule.name) { (f.rule.code) } }
                        td {
                            (inline_code(&f.message))
                            @if let Some(help) = &f.help { div.help { (inline_code(help)) } }
                        }
                        td { code { (file.path) ":" (at.line) ":" (at.column) } }
                    }
                }
            }
        }
    }
}

/// The ranked candidates, linked to their evidence on the roadmap page (from a top-level page).
pub fn candidates_table(candidates: &[Candidate<'_>]) -> Markup {
    html! {
        table.roadmap {
            caption { "Roadmap candidates, ranked by score" }
            thead {
                tr {
                    th { "#" } th { "candidate" } th { "kind" } th { "depts" } th { "systems" } th { "annual cost" }
                    th { "est. saving / yr" } th { "score" }
                }
            }
            tbody {
                @for (i, c) in candidates.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { a href={ "roadmap.html#c" (i + 1) } { (c.title) } }
                        td { (c.kind.label()) }
                        td.num { (c.departments.len()) }
                        td.num { (c.systems.len()) }
                        td.num { (gbp(c.annual_cost_gbp)) }
                        td.num.saving { (saving_range(c)) }
                        td.num { (format!("{:.1}", c.score)) }
                    }
                }
                @if candidates.is_empty() {
                    tr { td colspan="8" { "No candidates." } }
                }
            }
        }
    }
}

/// Systems with their department, lifecycle, cost and finding counts, written a row at a time into the page
/// that splices it in: a capability that 27,000 systems implement has an 8 MB table, which built apart would be
/// held twice, the table and the page it is copied into.
pub fn systems_table<'a>(cx: &'a Cx<'a>, root: &'a str, systems: &'a [usize]) -> impl Render + 'a {
    Streamed(move |page: &mut String| {
        let estate = &cx.run.estate;
        page.push_str("<table>");
        html! {
            caption { "Systems (" (systems.len()) ")" }
            thead {
                tr {
                    th { "system" } th { "name" } th { "department" } th { "lifecycle" } th { "annual cost" }
                    th { "errors" } th { "warnings" } th { "infos" }
                }
            }
        }
        .render_to(page);
        page.push_str("<tbody>");
        for &i in systems {
            let sys = &estate.systems[i];
            html! {
                tr {
                    td { (system_link(root, &sys.id.value)) }
                    td { (sys.name) }
                    td { (department_link(root, &sys.department.value)) }
                    td { (sys.lifecycle.value.as_str()) }
                    td.num { (cost(sys.annual_cost_gbp)) }
                    (count_cells(severity_counts(cx, cx.system_findings[i].iter())))
                }
            }
            .render_to(page);
        }
        page.push_str("</tbody></table>");
    })
}

/// Markup written by a function straight into the page being rendered, where a template would first build it
/// in a string of its own.
pub struct Streamed<F>(pub F);

impl<F: Fn(&mut String)> Render for Streamed<F> {
    fn render_to(&self, page: &mut String) {
        (self.0)(page)
    }
}

/// The most boxes a picture draws in one column.
pub const MAX_PICTURE_NODES: usize = 60;

/// A department's box in a picture, linked to its page.
pub fn dept_node(cx: &Cx<'_>, root: &str, dept: &str) -> SvgNode {
    SvgNode {
        label: dept.to_string(),
        title: format!("{} ({dept})", department_name(cx, dept)),
        href: Some(format!("{root}{}", names::department(dept))),
        class: "dept",
    }
}

#[cfg(test)]
mod tests {
    use super::inline_code;

    #[test]
    fn inline_code_becomes_code_and_stays_escaped() {
        let html = |t: &str| inline_code(t).into_string();
        assert_eq!(html("use `common:one-login` now"), "use <code>common:one-login</code> now");
        assert_eq!(html("`<script>` & `a`"), "<code>&lt;script&gt;</code> &amp; <code>a</code>");
        assert_eq!(html("odd ` tick"), "odd ` tick");
        assert_eq!(html("`a` and ` b"), "<code>a</code> and ` b");
        assert_eq!(html("plain"), "plain");
        assert_eq!(html(""), "");
    }
}
