//! `roadmap.html`: the programmes in order (a timeline), their net benefit, the trend since the last run, every
//! candidate with its evidence, and the saving model with its sources.

use maud::{Markup, PreEscaped, Render, html};

use crate::money::gbp;
use crate::roadmap::format::{confidence, payback, range, source_text};
use crate::roadmap::programme::Plan;
use crate::roadmap::trend::Trend;
use crate::roadmap::{Candidate, CandidateKind, RateRange, saving_range};
use crate::site::layout::page;
use crate::site::parts::{
    ROOT, Streamed, candidates_table, capability_link, cost, department_link, downloads, join, system_link,
};
use crate::site::{Cx, names};

/// The most systems the roadmap page lists per candidate.
const MAX_TABLE_ROWS: usize = 100;

pub fn render(cx: &Cx<'_>) -> String {
    let r = cx.roadmap;
    let m = &r.saving_model;
    let rate_row = |what: &str, name: &str, shown: String, rate: &RateRange| -> Markup {
        html! {
            tr {
                td { (what) } td { (name) } td.num { (shown) } td { (rate.basis.as_deref().unwrap_or("")) }
                td {
                    @if rate.is_assumption() { strong.assumption { "assumption" } " (no public source)" }
                    @else { (source_text(rate)) }
                }
            }
        }
    };
    // Written straight into the page, a candidate at a time: at 100,000 systems the page is megabytes.
    let head = html! {
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
        @if let Some(t) = &r.trend { (trend(t)) }
        (programmes(&r.plan))
        h2 { "Candidates" }
        (candidates_table(&r.candidates))
        h2 { "Evidence" }
    };
    let tail = html! {
        h2 { "Saving model" }
        table {
            caption { "Rates, shares and transition costs, with their sources" }
            thead { tr { th { "what" } th { "family" } th { "range" } th { "basis" } th { "source" } } }
            tbody {
                @for (family, rate) in &m.rates { (rate_row("saving rate", family, rate.percent(), rate)) }
                (rate_row("saving rate", "(default)", m.default_rate.percent(), &m.default_rate))
                (rate_row("infrastructure share", "(all)", m.infrastructure_share.percent(), &m.infrastructure_share))
                @for (family, rate) in &m.transition_cost {
                    (rate_row("transition cost (× a year's addressed cost)", family, rate.multiple(), rate))
                }
                (rate_row(
                    "transition cost (× a year's addressed cost)",
                    "(default)",
                    m.default_transition_cost.multiple(),
                    &m.default_transition_cost
                ))
            }
        }
        p {
            "A capability or bespoke kind is a candidate when " (m.min_departments) " or more departments have it. \
             Change the model in the " code { "[roadmap]" } " table of " code { "xgea.toml" } " or with "
            code { "xgea roadmap --savings FILE.toml" } "."
        }
    };
    let body = Streamed(|page: &mut String| {
        head.render_to(page);
        for (i, c) in r.candidates.iter().enumerate() {
            evidence(cx, i, c).render_to(page);
        }
        tail.render_to(page);
    });
    page(ROOT, "roadmap.html", "Roadmap candidates", &cx.footer, body)
}

/// One candidate's evidence: its departments, its systems (the first [`MAX_TABLE_ROWS`]) and its saving.
fn evidence(cx: &Cx<'_>, i: usize, c: &Candidate<'_>) -> Markup {
    html! {
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
                            td { (system_link(ROOT, &sys.id())) " " (sys.system.name) }
                            td { (department_link(ROOT, &sys.department())) }
                            td { (sys.lifecycle().as_str()) }
                            td.num { (cost(sys.annual_cost_gbp())) }
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
}

/// The programmes: a timeline by wave, a table with net benefit, and the cycles.
fn programmes(plan: &Plan) -> Markup {
    let t = &plan.totals;
    html! {
        h2 { "Programmes" }
        p {
            "The candidates grouped by the common component that would serve them (or a proposed one). Each \
             system counts once in a programme and once in the total. Order: " (plan.sequencing) "."
        }
        (timeline(plan))
        table.programmes {
            caption { "Programmes in order, with net benefit" }
            thead {
                tr {
                    th { "#" } th { "wave" } th { "programme" } th { "after" } th { "systems" }
                    th { "annual saving" } th { "one-off transition" } th { "payback" } th { "assumptions" }
                }
            }
            tbody {
                @for (i, p) in plan.programmes.iter().enumerate() {
                    tr id={ "p" (i + 1) } {
                        td.num { (i + 1) } td.num { (p.wave) }
                        td {
                            (p.title)
                            @if let Some(c) = &p.component { " " code { (c) } }
                            @if let Some(proposal) = &p.proposal { br; small { (proposal) } }
                            @if !p.retiring.is_empty() {
                                br;
                                small {
                                    "Retiring, not counted: "
                                    @for (j, r) in p.retiring.iter().enumerate() {
                                        @if j > 0 { ", " }
                                        code { (r.id) }
                                        @if let Some(by) = &r.replacement { " (replaced by " code { (by) } ")" }
                                    }
                                }
                            }
                        }
                        td {
                            @for (j, d) in p.after.iter().enumerate() {
                                @if j > 0 { ", " }
                                code { (d.programme) } " (" (d.kind) ")"
                            }
                        }
                        td.num { (p.systems) }
                        td.num { (range(p.figures.saving_low_gbp, p.figures.saving_high_gbp)) }
                        td.num { (range(p.figures.transition_low_gbp, p.figures.transition_high_gbp)) }
                        td { (payback(p.figures.payback_low_years, p.figures.payback_high_years)) }
                        td {
                            @for (j, a) in p.assumptions.iter().enumerate() {
                                @if j > 0 { ", " }
                                strong.assumption { (a.what) } " (" (a.family) ")"
                            }
                        }
                    }
                }
            }
            tfoot {
                tr {
                    td {} td {} th scope="row" { "Total, each system once" } td {} td.num { (t.systems) }
                    td.num { strong { (range(t.figures.saving_low_gbp, t.figures.saving_high_gbp)) } }
                    td.num { strong { (range(t.figures.transition_low_gbp, t.figures.transition_high_gbp)) } }
                    td { (payback(t.figures.payback_low_years, t.figures.payback_high_years)) } td {}
                }
            }
        }
        @if t.systems_in_several_programmes > 0 {
            p {
                "The programmes' own savings add up to "
                (range(t.programmes_saving_low_gbp, t.programmes_saving_high_gbp)) "; "
                (t.systems_in_several_programmes)
                " system(s) take part in more than one programme and are counted once in the total."
            }
        }
        p.confidence { (confidence(plan)) }
        @for c in &plan.cycles {
            p.cycle {
                strong { "Cycle: " }
                @for (j, id) in c.programmes.iter().enumerate() { @if j > 0 { ", " } code { (id) } }
                " need each other's components; plan them together."
            }
        }
    }
}

/// A Gantt-like picture: one row per programme, one column per wave.
fn timeline(plan: &Plan) -> Markup {
    const LABEL: f64 = 380.0;
    const WIDTH: f64 = 960.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 28.0;
    let waves = plan.programmes.iter().map(|p| p.wave).max().unwrap_or(1).max(1);
    let col = (WIDTH - LABEL - 10.0) / waves as f64;
    let height = TOP + plan.programmes.len() as f64 * ROW + 8.0;
    let mut svg = String::new();
    use std::fmt::Write as _;
    let _ = write!(
        svg,
        "<svg class=\"timeline\" role=\"img\" aria-labelledby=\"timeline-title\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"timeline-title\">Programmes by wave: a programme starts after the programmes it depends on</title>"
    );
    for w in 0..waves {
        let x = LABEL + w as f64 * col;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"16\" font-size=\"12\" text-anchor=\"middle\">wave {}</text>\
             <line x1=\"{x:.1}\" y1=\"20\" x2=\"{x:.1}\" y2=\"{height:.1}\" stroke=\"#b1b4b6\"/>",
            x + col / 2.0,
            w + 1
        );
    }
    for (i, p) in plan.programmes.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let x = LABEL + (p.wave - 1) as f64 * col;
        let label = maud::html! { (format!("{}. {}", i + 1, p.title)) }.into_string();
        let tip = maud::html! {
            (format!("{}: {} a year, payback {}", p.title, range(p.figures.saving_low_gbp, p.figures.saving_high_gbp),
                payback(p.figures.payback_low_years, p.figures.payback_high_years)))
        }
        .into_string();
        let _ = write!(
            svg,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"12\">{label}</text>\
             <rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"#1d70b8\"><title>{tip}</title></rect>",
            y + ROW * 0.62,
            x + 2.0,
            (col - 4.0).max(4.0),
            ROW - 6.0
        );
    }
    svg.push_str("</svg>");
    html! { figure.timeline { (PreEscaped(svg)) } }
}

/// What changed since the previous snapshot.
fn trend(t: &Trend) -> Markup {
    let ids = |v: &[String]| -> Markup {
        html! {
            @if v.is_empty() { "—" }
            @for (j, x) in v.iter().enumerate() { @if j > 0 { ", " } code { (x) } }
        }
    };
    html! {
        h2 { "Since the last run (" (t.previous_created) ")" }
        p {
            "Systems: " (t.previous_systems) " → " (t.current_systems)
            ". Systems on at least one common component: " (t.on_common_previous) " → " (t.on_common_current)
            ". Findings (estate rules, before waivers): " (t.findings_previous) " → " (t.findings_current) "."
        }
        @if t.is_unchanged() { p { "Nothing changed." } }
        @if !t.new_duplication.is_empty() {
            p {
                "New duplication: "
                @for (j, c) in t.new_duplication.iter().enumerate() {
                    @if j > 0 { "; " } code { (c.id) } " " (c.title) " (" (c.departments) " departments)"
                }
            }
        }
        @if !t.resolved_duplication.is_empty() {
            p {
                "Resolved duplication: "
                @for (j, c) in t.resolved_duplication.iter().enumerate() {
                    @if j > 0 { "; " } code { (c.id) } " " (c.title) " (" (c.departments) " departments)"
                }
            }
        }
        @for c in &t.changed_duplication {
            p { code { (c.id) } " " (c.title) ": " (c.departments_before) " → " (c.departments_now) " departments" }
        }
        @if !t.departments.is_empty() {
            table {
                caption { "Per department: adoption and findings by family, before → now" }
                thead {
                    tr {
                        th { "department" } th { "standards adopted" } th { "standards dropped" }
                        th { "components adopted" } th { "components dropped" } th { "findings by family" }
                    }
                }
                tbody {
                    @for d in &t.departments {
                        tr {
                            td { code { (d.department) } }
                            td { (ids(&d.standards_adopted)) } td { (ids(&d.standards_dropped)) }
                            td { (ids(&d.components_adopted)) } td { (ids(&d.components_dropped)) }
                            td {
                                @for (j, f) in d.findings.iter().enumerate() {
                                    @if j > 0 { "; " }
                                    (f.family) " "
                                    @if f.previous == f.current { (f.current) } @else { (f.previous) " → " (f.current) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
