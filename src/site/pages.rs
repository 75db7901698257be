//! One function per page. Every user-supplied value goes through `esc`; links come from `names`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::Cx;
use super::html::{esc, page};
use super::names;
use super::svg::{Layered, SvgNode, render};
use crate::diagnostic::Family;
use crate::diagnostic::Severity;
use crate::estate::{InfraSource, Lifecycle, System};
use crate::model::StandardStatus;
use crate::money::gbp as money;
use crate::roadmap::{Candidate, CandidateKind, saving_range};

const ROOT: &str = "";
const UP: &str = "../";

fn severity_counts<'a>(cx: &Cx<'_>, idx: impl Iterator<Item = &'a usize>) -> [usize; 3] {
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

fn count_cells(n: [usize; 3]) -> String {
    let cell = |v: usize, cls: &str| {
        if v == 0 { "<td class=\"num zero\">0</td>".to_string() } else { format!("<td class=\"num {cls}\">{v}</td>") }
    };
    format!("{}{}{}", cell(n[0], "error"), cell(n[1], "warning"), cell(n[2], "info"))
}

fn cost(c: Option<u64>) -> String {
    c.map_or_else(|| "—".to_string(), money)
}

fn system_link(root: &str, id: &str) -> String {
    format!("<a href=\"{root}{}\"><code>{}</code></a>", esc(&names::system(id)), esc(id))
}

fn department_link(root: &str, id: &str) -> String {
    format!("<a href=\"{root}{}\"><code>{}</code></a>", esc(&names::department(id)), esc(id))
}

fn capability_link(cx: &Cx<'_>, root: &str, id: &str) -> String {
    let name = cx.run.model.capability(id).map_or("", |c| c.name.as_str());
    if cx.uses.capabilities.contains_key(id) {
        format!("<a href=\"{root}{}\"><code>{}</code> {}</a>", esc(&names::capability(id)), esc(id), esc(name))
    } else {
        format!("<code>{}</code> {}", esc(id), esc(name))
    }
}

fn department_name<'a>(cx: &'a Cx<'_>, id: &'a str) -> &'a str {
    cx.run.estate.department(id).map_or(id, |d| d.name.as_str())
}

fn sector_of<'a>(cx: &'a Cx<'_>, dept: &str) -> Option<&'a str> {
    cx.run.estate.department(dept).and_then(|d| d.sector.as_ref()).map(|s| s.value.as_str())
}

/// A table of findings with their place, newest rules last (the run's sorted order).
fn findings_table(cx: &Cx<'_>, idx: &[usize]) -> String {
    if idx.is_empty() {
        return "<p class=\"ok\">No findings.</p>\n".to_string();
    }
    let mut s = String::from(
        "<table class=\"findings\"><thead><tr><th>severity</th><th>rule</th><th>finding</th><th>where</th></tr></thead><tbody>\n",
    );
    for &k in idx {
        let f = &cx.findings()[k];
        let file = cx.run.sources.get(f.primary.span.file);
        let at = file.line_col(f.primary.span.start);
        let _ = write!(
            s,
            "<tr><td><span class=\"sev {sev}\">{sev}</span></td><td><code title=\"{}\">{}</code></td><td>{}",
            esc(f.rule.name),
            esc(f.rule.code),
            esc(&f.message),
            sev = f.severity.as_str()
        );
        if let Some(help) = &f.help {
            let _ = write!(s, "<div class=\"help\">{}</div>", esc(help));
        }
        let _ = writeln!(s, "</td><td><code>{}:{}:{}</code></td></tr>", esc(&file.path), at.line, at.column);
    }
    s.push_str("</tbody></table>\n");
    s
}

pub fn index(cx: &Cx<'_>) -> String {
    let estate = &cx.run.estate;
    let r = cx.roadmap;
    let all: Vec<usize> = (0..cx.findings().len()).collect();
    let totals = severity_counts(cx, all.iter());
    let mut lifecycles: BTreeMap<Lifecycle, usize> = BTreeMap::new();
    for s in &estate.systems {
        *lifecycles.entry(s.lifecycle.value).or_default() += 1;
    }
    let lifecycle_text: Vec<String> = lifecycles.iter().map(|(l, n)| format!("{n} {}", l.as_str())).collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<section class=\"cards\">\
         <div class=\"card\"><div class=\"big\">{}</div>departments</div>\
         <div class=\"card\"><div class=\"big\">{}</div>systems<br><small>{}</small></div>\
         <div class=\"card\"><div class=\"big\">{}</div>a year declared</div>\
         <div class=\"card\"><div class=\"big\">{}</div>findings<br><small>{} errors, {} warnings, {} infos</small></div>\
         <div class=\"card\"><div class=\"big\">{}</div>roadmap candidates</div>\
         </section>",
        cx.departments.len(),
        estate.systems.len(),
        esc(&lifecycle_text.join(", ")),
        money(r.annual_cost_gbp),
        cx.findings().len(),
        totals[0],
        totals[1],
        totals[2],
        r.candidates.len()
    );
    s.push_str("<h2>Findings by family</h2>\n<table><thead><tr><th>family</th><th>codes</th><th>errors</th><th>warnings</th><th>infos</th></tr></thead><tbody>\n");
    let mut by_family: BTreeMap<Family, Vec<usize>> = BTreeMap::new();
    for (k, f) in cx.findings().iter().enumerate() {
        by_family.entry(f.rule.family).or_default().push(k);
    }
    for (family, idx) in &by_family {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><code>{}xx</code></td>{}</tr>",
            esc(family.name()),
            family.prefix(),
            count_cells(severity_counts(cx, idx.iter()))
        );
    }
    if by_family.is_empty() {
        s.push_str("<tr><td colspan=\"5\">No findings.</td></tr>\n");
    }
    s.push_str("</tbody></table>\n");
    s.push_str(
        "<h2>Findings by department</h2>\n<table><thead><tr><th>department</th><th>name</th><th>sector</th>\
         <th>systems</th><th>annual cost</th><th>errors</th><th>warnings</th><th>infos</th></tr></thead><tbody>\n",
    );
    for (dept, systems) in &cx.departments {
        let cost: u64 = systems.iter().filter_map(|&i| estate.systems[i].annual_cost_gbp).sum();
        let idx = cx.department_findings.get(dept).map_or(&[][..], |v| v.as_slice());
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
            department_link(ROOT, dept),
            esc(department_name(cx, dept)),
            esc(sector_of(cx, dept).unwrap_or("—")),
            systems.len(),
            money(cost),
            count_cells(severity_counts(cx, idx.iter()))
        );
    }
    if !cx.other_findings.is_empty() {
        let _ = writeln!(
            s,
            "<tr><td colspan=\"5\"><em>not about one department (model, files)</em></td>{}</tr>",
            count_cells(severity_counts(cx, cx.other_findings.iter()))
        );
    }
    s.push_str("</tbody></table>\n");
    if !cx.other_findings.is_empty() {
        s.push_str("<h2>Other findings</h2>\n");
        s.push_str(&findings_table(cx, &cx.other_findings));
    }
    s.push_str("<h2>Top roadmap candidates</h2>\n");
    s.push_str(&candidates_table(cx, &r.candidates[..r.candidates.len().min(5)]));
    s.push_str("<p><a href=\"roadmap.html\">The whole roadmap, with its evidence and saving model →</a></p>\n");
    page(ROOT, "index.html", "Estate overview", &cx.footer, &s)
}

fn candidates_table(cx: &Cx<'_>, candidates: &[Candidate]) -> String {
    let mut s = String::from(
        "<table class=\"roadmap\"><thead><tr><th>#</th><th>candidate</th><th>kind</th><th>depts</th><th>systems</th>\
         <th>annual cost</th><th>est. saving / yr</th><th>score</th></tr></thead><tbody>\n",
    );
    for (i, c) in candidates.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{}</td><td><a href=\"roadmap.html#c{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num saving\">{}</td><td class=\"num\">{:.1}</td></tr>",
            i + 1,
            i + 1,
            esc(&c.title),
            c.kind.label(),
            c.departments.len(),
            c.systems.len(),
            money(c.annual_cost_gbp),
            esc(&saving_range(c)),
            c.score
        );
    }
    if candidates.is_empty() {
        s.push_str("<tr><td colspan=\"8\">No candidates.</td></tr>\n");
    }
    let _ = cx;
    s.push_str("</tbody></table>\n");
    s
}

pub fn roadmap(cx: &Cx<'_>) -> String {
    let r = cx.roadmap;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<p>Candidates for common infrastructure and shared services, from the estate graph: shareable capabilities \
         built in several departments, bespoke infrastructure repeated across departments, and systems that could \
         move to an existing common component. {} candidates.</p>\n<p class=\"formula\">{}</p>\n\
         <p>Savings are ranges from the saving model below, rounded outwards to £0.1m. Infrastructure candidates \
         overlap capability candidates (the same systems' cost): do not add the two kinds together.</p>",
        r.candidates.len(),
        esc(r.score_formula)
    );
    s.push_str(&candidates_table(cx, &r.candidates));
    s.push_str("<h2>Evidence</h2>\n");
    for (i, c) in r.candidates.iter().enumerate() {
        let _ = writeln!(
            s,
            "<section class=\"candidate\" id=\"c{}\"><h3>{}. {}</h3>\n<p><span class=\"tag\">{}</span> <code>{}</code> · \
             rule <code>{}</code> · family {} · score {:.1}</p>",
            i + 1,
            i + 1,
            esc(&c.title),
            c.kind.label(),
            esc(&c.id),
            c.rule,
            esc(c.family.as_deref().unwrap_or("(none)")),
            c.score
        );
        if c.kind == CandidateKind::SharedCapability {
            let _ = writeln!(s, "<p>Capability: {}</p>", capability_link(cx, ROOT, &c.subject));
        }
        let depts: Vec<String> = c.departments.iter().map(|d| department_link(ROOT, d)).collect();
        let _ = writeln!(s, "<p>Departments ({}): {}</p>", c.departments.len(), depts.join(", "));
        s.push_str(
            "<table><thead><tr><th>system</th><th>department</th><th>lifecycle</th><th>annual cost</th>\
             <th>counted</th><th>note</th></tr></thead><tbody>\n",
        );
        for sys in c.systems.iter().take(MAX_TABLE_ROWS) {
            let note = match (&sys.bespoke, &sys.on_common) {
                (Some(b), _) => format!("bespoke <code>{}</code>", esc(b)),
                (_, Some(common)) => format!("already on <code>{}</code>", esc(common)),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "<tr><td>{} {}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{note}</td></tr>",
                system_link(ROOT, &sys.id),
                esc(&sys.name),
                department_link(ROOT, &sys.department),
                sys.lifecycle.as_str(),
                cost(sys.annual_cost_gbp),
                money(sys.counted_gbp)
            );
        }
        s.push_str("</tbody></table>\n");
        if c.systems.len() > MAX_TABLE_ROWS {
            let _ = writeln!(
                s,
                "<p><small>and {} more systems ({}).</small></p>",
                c.systems.len() - MAX_TABLE_ROWS,
                if c.kind == CandidateKind::SharedCapability {
                    format!("all on <a href=\"{}\">the capability's page</a>", esc(&names::capability(&c.subject)))
                } else {
                    "all in <code>xgea roadmap --format csv</code>".to_string()
                }
            );
        }
        if let Some(comp) = &c.common_component {
            let name = cx.run.model.component(comp).map_or("", |x| x.name.as_str());
            let _ = writeln!(s, "<p>Common component: <code>{}</code> {}</p>", esc(comp), esc(name));
        }
        if !c.standards.is_empty() {
            let list: Vec<String> =
                c.standards.iter().map(|u| format!("<code>{}</code>&nbsp;({})", esc(&u.id), u.systems)).collect();
            let _ = writeln!(s, "<p>Standards on their interfaces: {}</p>", list.join(", "));
        }
        let share = c
            .infrastructure_share
            .as_ref()
            .map_or(String::new(), |sh| format!(" × infrastructure share {}", esc(&sh.percent())));
        let _ = writeln!(
            s,
            "<p class=\"saving\">Estimated saving: <strong>{} a year</strong> = {} addressable{share} × {} rate {}</p></section>",
            esc(&saving_range(c)),
            money(c.addressable_gbp),
            esc(c.family.as_deref().unwrap_or("default")),
            esc(&c.rate.percent())
        );
    }
    s.push_str(
        "<h2>Saving model</h2>\n<table><thead><tr><th>family</th><th>rate</th><th>basis</th></tr></thead><tbody>\n",
    );
    let m = &r.saving_model;
    let mut row = |name: &str, rate: &crate::roadmap::RateRange| {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(name),
            esc(&rate.percent()),
            esc(rate.basis.as_deref().unwrap_or(""))
        );
    };
    for (family, rate) in &m.rates {
        row(family, rate);
    }
    row("(default)", &m.default_rate);
    row("infrastructure share", &m.infrastructure_share);
    s.push_str("</tbody></table>\n");
    let _ = writeln!(
        s,
        "<p>A capability or bespoke kind is a candidate when {} or more departments have it. Change the model in the \
         <code>[roadmap]</code> table of <code>xgea.toml</code> or with <code>xgea roadmap --savings FILE.toml</code>.</p>",
        m.min_departments
    );
    page(ROOT, "roadmap.html", "Roadmap candidates", &cx.footer, &s)
}

/// The most systems the roadmap page lists per candidate.
const MAX_TABLE_ROWS: usize = 100;

/// The most boxes a picture draws in one column.
const MAX_PICTURE_NODES: usize = 60;

/// Heat map columns: departments, or sectors when there are too many departments to read.
const MAX_DEPARTMENT_COLUMNS: usize = 60;

pub fn heatmap(cx: &Cx<'_>) -> String {
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
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<p>Rows are the capabilities the estate implements (model order); columns are {}. A cell counts the \
         in-service systems; darker means more. Rows marked ★ are shareable capabilities built in two or more \
         departments: where duplication lies.</p>",
        if by_sector {
            "shared-services sectors (too many departments to show one column each)"
        } else {
            "departments"
        }
    );
    s.push_str(
        "<p class=\"legend\"><span class=\"h1\">1</span><span class=\"h2\">2</span><span class=\"h3\">3</span>\
         <span class=\"h4\">4+</span> systems</p>\n",
    );
    s.push_str("<div class=\"scroll\"><table class=\"heatmap\"><thead><tr><th>capability</th><th>depts</th>");
    for (label, href, _) in &columns {
        match href {
            Some(h) => {
                let _ = write!(s, "<th class=\"col\"><a href=\"{}\"><span>{}</span></a></th>", esc(h), esc(label));
            }
            None => {
                let _ = write!(s, "<th class=\"col\"><span>{}</span></th>", esc(label));
            }
        }
    }
    s.push_str("</tr></thead><tbody>\n");
    for cap in &model.capabilities {
        let Some(systems) = cx.uses.capabilities.get(cap.id.as_str()) else { continue };
        let mut per_dept: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for &i in systems {
            let sys = &estate.systems[i];
            per_dept.entry(sys.department.as_str()).or_default().push(sys.id.as_str());
        }
        let dup = cap.shareable && per_dept.len() >= 2;
        let _ = write!(
            s,
            "<tr{}><th class=\"row\">{}{}</th><td class=\"num\">{}</td>",
            if dup { " class=\"dup\"" } else { "" },
            if dup { "★ " } else { "" },
            capability_link(cx, ROOT, &cap.id),
            per_dept.len()
        );
        for (_, _, depts) in &columns {
            let ids: Vec<&str> = depts.iter().filter_map(|d| per_dept.get(d)).flatten().copied().collect();
            let n = ids.len();
            if n == 0 {
                s.push_str("<td></td>");
                continue;
            }
            let bucket = n.min(4);
            let mut title: Vec<&str> = ids.iter().take(20).copied().collect();
            if n > 20 {
                title.push("…");
            }
            let _ = write!(s, "<td class=\"h{bucket}\" title=\"{}\">{n}</td>", esc(&title.join(", ")));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
    page(ROOT, "heatmap.html", "Department × capability heat map", &cx.footer, &s)
}

fn dept_node(cx: &Cx<'_>, root: &str, dept: &str) -> SvgNode {
    SvgNode {
        label: dept.to_string(),
        title: format!("{} ({dept})", department_name(cx, dept)),
        href: Some(format!("{root}{}", names::department(dept))),
        class: "dept",
    }
}

pub fn graph(cx: &Cx<'_>) -> String {
    let estate = &cx.run.estate;
    let mut s = String::new();
    s.push_str(
        "<p>Drawn from the estate graph. Left: departments; right: the shareable capabilities that several of them \
         build (the roadmap's shared-capability candidates). A line is a department implementing the capability; \
         thicker means more systems. Each box links to its page.</p>\n",
    );
    let caps: Vec<&Candidate> =
        cx.roadmap.candidates.iter().filter(|c| c.kind == CandidateKind::SharedCapability).take(40).collect();
    let pic = bipartite(
        cx,
        "Departments and the shareable capabilities they duplicate",
        ["department", "shared capability"],
        &caps,
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
    s.push_str("<figure>");
    s.push_str(&pic);
    s.push_str("</figure>\n<h2>Bespoke infrastructure</h2>\n<p>Departments running infrastructure of their own, by kind.</p>\n");
    let kinds: Vec<&Candidate> =
        cx.roadmap.candidates.iter().filter(|c| c.kind != CandidateKind::SharedCapability).take(40).collect();
    let pic = bipartite(
        cx,
        "Departments and the infrastructure they run bespoke",
        ["department", "bespoke kind"],
        &kinds,
        |c| SvgNode { label: c.title.clone(), title: c.title.clone(), href: None, class: "kind" },
    );
    s.push_str("<figure>");
    s.push_str(&pic);
    s.push_str("</figure>\n");
    let _ = writeln!(
        s,
        "<p>The whole graph has {} nodes and {} edges; <code>xgea graph</code> exports it for other tools.</p>",
        cx.run.graph.node_count(),
        cx.run.graph.edge_count()
    );
    let _ = estate;
    page(ROOT, "graph.html", "Estate graph", &cx.footer, &s)
}

/// Departments on the left, one node per candidate on the right, weighted by systems.
fn bipartite(
    cx: &Cx<'_>,
    title: &str,
    headings: [&str; 2],
    candidates: &[&Candidate],
    node: impl Fn(&Candidate) -> SvgNode,
) -> String {
    // Departments by how many systems they bring to these candidates; the picture keeps the first
    // MAX_PICTURE_NODES (an estate of 1,300 bodies would not be readable) and says so.
    let mut weight: BTreeMap<&str, u32> = BTreeMap::new();
    for c in candidates {
        for sys in &c.systems {
            *weight.entry(sys.department.as_str()).or_default() += 1;
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
            *per.entry(sys.department.as_str()).or_default() += 1;
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
            depts.iter().map(|d| dept_node(cx, "", d)).collect(),
            candidates.iter().map(|c| node(c)).collect(),
        ],
        edges,
    };
    let mut out = render(&l, ROOT);
    if left_out > 0 {
        out.push_str(&format!("<p><small>{left_out} department(s) with fewer systems are not drawn.</small></p>"));
    }
    out
}

pub fn capability(cx: &Cx<'_>, cap_id: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let model = &cx.run.model;
    let cap = model.capability(cap_id);
    let mut s = String::new();
    if let Some(cap) = cap {
        let mut chain = Vec::new();
        let mut p = cap.parent.as_deref();
        while let Some(id) = p {
            let Some(parent) = model.capability(id) else { break };
            chain.push(format!("<code>{}</code> {}", esc(&parent.id), esc(&parent.name)));
            p = parent.parent.as_deref();
            if chain.len() > 8 {
                break;
            }
        }
        chain.reverse();
        let _ = writeln!(
            s,
            "<p>{}</p>\n<p>{} · family {} · {}</p>",
            esc(cap.description.as_deref().unwrap_or("")),
            if chain.is_empty() { "top level".to_string() } else { format!("under {}", chain.join(" › ")) },
            esc(cap.family.as_deref().unwrap_or("(none)")),
            if cap.shareable { "shareable" } else { "not shareable" }
        );
    }
    let serving: Vec<String> = model
        .components
        .iter()
        .filter(|c| c.capabilities.iter().any(|x| x == cap_id))
        .map(|c| format!("<code>{}</code> {} ({})", esc(&c.id), esc(&c.name), c.status.as_str()))
        .collect();
    if !serving.is_empty() {
        let _ = writeln!(s, "<p>Common components serving it: {}</p>", serving.join(", "));
    }
    // departments → systems → capability
    let mut depts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in systems {
        depts.entry(estate.systems[i].department.as_str()).or_default().push(i);
    }
    let title = cap.map_or_else(|| cap_id.to_string(), |c| format!("{} ({})", c.name, c.id));
    let label = cap.map_or_else(|| cap_id.to_string(), |c| format!("{} {}", c.id, c.name));
    let target = SvgNode { label, title: title.clone(), href: None, class: "cap" };
    let l = if systems.len() <= MAX_PICTURE_NODES {
        let mut sys_nodes = Vec::new();
        let mut edges = Vec::new();
        for (d, list) in depts.values().enumerate() {
            for &i in list {
                let sys = &estate.systems[i];
                edges.push((0, d, sys_nodes.len(), 1));
                edges.push((1, sys_nodes.len(), 0, 1));
                sys_nodes.push(SvgNode {
                    label: sys.id.value.clone(),
                    title: sys.name.clone(),
                    href: Some(format!("../{}", names::system(&sys.id.value))),
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
    let _ = writeln!(s, "<h2>Implemented by {} system(s) in {} department(s)</h2>", systems.len(), depts.len());
    s.push_str("<figure>");
    s.push_str(&render(&l, ""));
    s.push_str("</figure>\n");
    s.push_str(&systems_table(cx, UP, systems));
    page(UP, "", &title, &cx.footer, &s)
}

fn systems_table(cx: &Cx<'_>, root: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let mut s = String::from(
        "<table><thead><tr><th>system</th><th>name</th><th>department</th><th>lifecycle</th><th>annual cost</th>\
         <th>errors</th><th>warnings</th><th>infos</th></tr></thead><tbody>\n",
    );
    for &i in systems {
        let sys = &estate.systems[i];
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>{}</tr>",
            system_link(root, &sys.id.value),
            esc(&sys.name),
            department_link(root, &sys.department.value),
            sys.lifecycle.value.as_str(),
            cost(sys.annual_cost_gbp),
            count_cells(severity_counts(cx, cx.system_findings[i].iter()))
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

pub fn department(cx: &Cx<'_>, dept: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let mut s = String::new();
    s.push_str("<dl>");
    let _ = write!(s, "<dt>id</dt><dd><code>{}</code></dd>", esc(dept));
    if let Some(d) = estate.department(dept) {
        let file = cx.run.sources.get(d.file);
        let at = file.line_col(d.span.start);
        if let Some(sector) = &d.sector {
            let name = cx.run.model.sector(&sector.value).map_or("", |x| x.name.as_str());
            let _ = write!(s, "<dt>sector</dt><dd><code>{}</code> {}</dd>", esc(&sector.value), esc(name));
        }
        if let Some(m) = &d.max_marking {
            let _ = write!(s, "<dt>holds at most</dt><dd>{}</dd>", esc(&m.value));
        }
        let _ = write!(s, "<dt>declared in</dt><dd><code>{}:{}</code></dd>", esc(&file.path), at.line);
    } else {
        s.push_str("<dt>declared</dt><dd>no <code>kind: Department</code> document; named by its systems</dd>");
    }
    let cost: u64 = systems.iter().filter_map(|&i| estate.systems[i].annual_cost_gbp).sum();
    let _ = writeln!(s, "<dt>annual cost</dt><dd>{}</dd></dl>", money(cost));
    let _ = writeln!(s, "<h2>Systems ({})</h2>", systems.len());
    s.push_str(&systems_table(cx, UP, systems));
    let candidates: Vec<(usize, &Candidate)> =
        cx.roadmap.candidates.iter().enumerate().filter(|(_, c)| c.departments.iter().any(|d| d == dept)).collect();
    if !candidates.is_empty() {
        s.push_str("<h2>Roadmap candidates it takes part in</h2>\n<ul>\n");
        for (i, c) in candidates {
            let _ = writeln!(
                s,
                "<li><a href=\"../roadmap.html#c{}\">{}. {}</a> ({} departments, est. {} a year)</li>",
                i + 1,
                i + 1,
                esc(&c.title),
                c.departments.len(),
                esc(&saving_range(c))
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2>Findings</h2>\n");
    let idx = cx.department_findings.get(dept).map_or(&[][..], |v| v.as_slice());
    s.push_str(&findings_table(cx, idx));
    let title = format!("{} ({dept})", department_name(cx, dept));
    page(UP, "", &title, &cx.footer, &s)
}

pub fn system(cx: &Cx<'_>, id: &str, systems: &[usize]) -> String {
    let estate = &cx.run.estate;
    let mut s = String::new();
    if systems.len() > 1 {
        let _ = writeln!(s, "<p class=\"warn\">{} documents declare this id (see XG104).</p>", systems.len());
    }
    for &i in systems {
        let sys: &System = &estate.systems[i];
        let file = cx.run.sources.get(sys.file);
        let at = file.line_col(sys.span.start);
        if systems.len() > 1 {
            let _ = writeln!(s, "<h2>{}</h2>", esc(&sys.name));
        }
        s.push_str("<dl>");
        let _ = write!(s, "<dt>id</dt><dd><code>{}</code></dd>", esc(&sys.id.value));
        let _ = write!(s, "<dt>department</dt><dd>{}</dd>", department_link(UP, &sys.department.value));
        if let Some(owner) = &sys.owner {
            let _ = write!(s, "<dt>owner</dt><dd>{}</dd>", esc(owner));
        }
        let _ = write!(s, "<dt>lifecycle</dt><dd>{}</dd>", sys.lifecycle.value.as_str());
        let _ = write!(s, "<dt>annual cost</dt><dd>{}</dd>", cost(sys.annual_cost_gbp));
        if let Some(m) = &sys.max_marking {
            let _ = write!(s, "<dt>holds at most</dt><dd>{}</dd>", esc(&m.value));
        }
        let _ = writeln!(s, "<dt>declared in</dt><dd><code>{}:{}</code></dd></dl>", esc(&file.path), at.line);
        s.push_str("<h3>Capabilities</h3>\n<ul>");
        for c in &sys.capabilities {
            let known = cx.run.model.capability(&c.value).is_some();
            let _ = write!(
                s,
                "<li>{}{}</li>",
                capability_link(cx, UP, &c.value),
                if known { "" } else { " <span class=\"sev error\">unknown</span>" }
            );
        }
        s.push_str("</ul>\n");
        if !sys.data.is_empty() {
            let data: Vec<String> = sys.data.iter().map(|d| format!("<code>{}</code>", esc(&d.value))).collect();
            let _ = writeln!(s, "<h3>Data</h3>\n<p>{}</p>", data.join(", "));
        }
        if !sys.interfaces.is_empty() {
            s.push_str(
                "<h3>Interfaces</h3>\n<table><thead><tr><th>id</th><th>direction</th><th>counterpart</th><th>standards</th>\
                 <th>data</th><th>marking</th><th>legal basis</th></tr></thead><tbody>\n",
            );
            for f in &sys.interfaces {
                let counterpart = match f.counterpart_system() {
                    Some(other) if cx.systems_by_id.contains_key(other) => system_link(UP, other),
                    _ => format!("<code>{}</code>", esc(&f.counterpart.value)),
                };
                let list = |v: &[crate::estate::Spanned<String>]| {
                    v.iter().map(|x| format!("<code>{}</code>", esc(&x.value))).collect::<Vec<_>>().join(" ")
                };
                let _ = writeln!(
                    s,
                    "<tr><td><code>{}</code></td><td>{}</td><td>{counterpart}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&f.id.value),
                    f.direction.as_str(),
                    list(&f.standards),
                    list(&f.data),
                    esc(f.marking.as_ref().map_or("", |m| m.value.as_str())),
                    esc(f.legal_basis.as_ref().map_or("", |m| m.value.as_str()))
                );
            }
            s.push_str("</tbody></table>\n");
        }
        if !sys.infrastructure.is_empty() {
            s.push_str("<h3>Infrastructure</h3>\n<table><thead><tr><th>kind</th><th>uses</th></tr></thead><tbody>\n");
            for u in &sys.infrastructure {
                let uses = match &u.uses.value {
                    InfraSource::Common(c) => format!("common <code>{}</code>", esc(c)),
                    InfraSource::Bespoke(b) => format!("bespoke <code>{}</code>", esc(b)),
                };
                let _ = writeln!(s, "<tr><td><code>{}</code></td><td>{uses}</td></tr>", esc(&u.kind.value));
            }
            s.push_str("</tbody></table>\n");
        }
        s.push_str("<h3>Findings</h3>\n");
        s.push_str(&findings_table(cx, &cx.system_findings[i]));
    }
    let name = systems.first().map_or(id, |&i| estate.systems[i].name.as_str());
    page(UP, "", &format!("{name} ({id})"), &cx.footer, &s)
}

pub fn model(cx: &Cx<'_>) -> String {
    let model = &cx.run.model;
    let graph = &cx.run.graph;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<p><strong>{}</strong> {}{}</p>\n<p>{}</p>\n<p class=\"toc\"><a href=\"#capabilities\">Capabilities</a> · \
         <a href=\"#standards\">Standards</a> · <a href=\"#components\">Common infrastructure</a> · \
         <a href=\"#sectors\">Sectors</a></p>",
        esc(&model.meta.name),
        esc(&model.meta.version),
        model.meta.released.as_deref().map_or(String::new(), |r| format!(", released {}", esc(r))),
        esc(model.meta.description.as_deref().unwrap_or(""))
    );
    // Capability tree.
    s.push_str("<h2 id=\"capabilities\">Capabilities</h2>\n");
    let mut children: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, c) in model.capabilities.iter().enumerate() {
        let parent = c.parent.as_deref().filter(|p| model.capability(p).is_some());
        children.entry(parent).or_default().push(i);
    }
    fn tree(
        cx: &Cx<'_>,
        children: &BTreeMap<Option<&str>, Vec<usize>>,
        parent: Option<&str>,
        depth: usize,
        s: &mut String,
    ) {
        let Some(list) = children.get(&parent) else { return };
        if depth > 16 {
            return;
        }
        s.push_str("<ul class=\"tree\">\n");
        for &i in list {
            let c = &cx.run.model.capabilities[i];
            let n = cx.uses.capabilities.get(c.id.as_str()).map_or(0, Vec::len);
            let _ = write!(
                s,
                "<li>{}{}{}{}",
                capability_link(cx, ROOT, &c.id),
                if c.shareable { " <span class=\"tag\">shareable</span>" } else { "" },
                c.family.as_deref().map_or(String::new(), |f| format!(" <span class=\"tag muted\">{}</span>", esc(f))),
                if n > 0 { format!(" <small>{n} system(s)</small>") } else { String::new() }
            );
            tree(cx, children, Some(c.id.as_str()), depth + 1, s);
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n");
    }
    tree(cx, &children, None, 0, &mut s);
    // Standards by category and status.
    s.push_str("<h2 id=\"standards\">Standards by category and status</h2>\n");
    let mut seen_categories = BTreeSet::new();
    let mut categories: Vec<(String, String)> =
        model.categories.iter().map(|c| (c.id.clone(), format!("{} ({})", c.name, c.id))).collect();
    for st in &model.standards {
        if model.category(&st.category).is_none() && seen_categories.insert(st.category.clone()) {
            categories.push((st.category.clone(), st.category.clone()));
        }
    }
    for (cat, heading) in &categories {
        let mut list: Vec<&crate::model::Standard> = model.standards.iter().filter(|x| &x.category == cat).collect();
        if list.is_empty() {
            continue;
        }
        // Mandatory first, then recommended, emerging, deprecated, retired.
        let rank = |st: StandardStatus| match st {
            StandardStatus::Mandatory => 0,
            StandardStatus::Recommended => 1,
            StandardStatus::Emerging => 2,
            StandardStatus::Deprecated => 3,
            StandardStatus::Retired => 4,
        };
        list.sort_by(|a, b| rank(a.status).cmp(&rank(b.status)).then_with(|| a.id.cmp(&b.id)));
        let mut statuses: BTreeMap<(u8, &str), usize> = BTreeMap::new();
        for st in &list {
            *statuses.entry((rank(st.status), st.status.as_str())).or_default() += 1;
        }
        let counts: Vec<String> = statuses.iter().map(|((_, k), v)| format!("{v} {k}")).collect();
        let _ = writeln!(s, "<h3>{}</h3>\n<p><small>{}</small></p>", esc(heading), esc(&counts.join(", ")));
        s.push_str(
            "<table><thead><tr><th>id</th><th>name</th><th>version</th><th>status</th><th>open</th>\
             <th>superseded by</th><th>sunset</th><th>interfaces</th><th>reference (text, not a link)</th></tr></thead><tbody>\n",
        );
        for st in list {
            let idx = model.standards.iter().position(|x| std::ptr::eq(x, st)).unwrap_or(0);
            let users = graph.standard_users(idx as u32).count();
            let _ = writeln!(
                s,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><span class=\"status {}\">{}</span></td><td>{}</td>\
                 <td>{}</td><td>{}</td><td class=\"num\">{users}</td><td class=\"url\">{}</td></tr>",
                esc(&st.id),
                esc(&st.name),
                esc(st.version.as_deref().unwrap_or("")),
                st.status.as_str(),
                st.status.as_str(),
                if st.open { "yes" } else { "no" },
                esc(st.superseded_by.as_deref().unwrap_or("")),
                esc(st.sunset.as_deref().unwrap_or("")),
                esc(st.url.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>\n");
    }
    // Components.
    s.push_str(
        "<h2 id=\"components\">Common infrastructure</h2>\n<table><thead><tr><th>id</th><th>name</th><th>kinds</th>\
         <th>status</th><th>since</th><th>superseded by</th><th>systems using it</th></tr></thead><tbody>\n",
    );
    for (i, c) in model.components.iter().enumerate() {
        let mut users: Vec<u32> = graph.component_users(i as u32).map(|(sys, _)| sys).collect();
        users.sort_unstable();
        users.dedup();
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}<div class=\"help\">{}</div></td><td>{}</td><td><span class=\"status {}\">{}</span></td>\
             <td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&c.id),
            esc(&c.name),
            esc(c.description.as_deref().unwrap_or("")),
            esc(&c.kinds.join(", ")),
            c.status.as_str(),
            c.status.as_str(),
            esc(c.since.as_deref().unwrap_or("")),
            esc(c.superseded_by.as_deref().unwrap_or("")),
            users.len()
        );
    }
    s.push_str("</tbody></table>\n<h3>Infrastructure kinds</h3>\n<ul>\n");
    for k in &model.kinds {
        let _ = writeln!(s, "<li><code>{}</code> {}</li>", esc(&k.id), esc(&k.name));
    }
    s.push_str("</ul>\n<h2 id=\"sectors\">Shared-services sectors</h2>\n<table><thead><tr><th>id</th><th>name</th><th>departments in the estate</th></tr></thead><tbody>\n");
    for sec in &model.sectors {
        let depts: Vec<String> = cx
            .departments
            .keys()
            .filter(|d| sector_of(cx, d) == Some(sec.id.as_str()))
            .map(|d| department_link(ROOT, d))
            .collect();
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&sec.id),
            esc(&sec.name),
            depts.join(", ")
        );
    }
    s.push_str("</tbody></table>\n");
    page(ROOT, "model.html", "Reference model", &cx.footer, &s)
}
