//! The roadmap as Markdown (for Board papers), plain text for the terminal, JSON and CSV.
//!
//! Money: Markdown and text show rounded amounts (`£59.3m`); JSON and CSV give whole pounds (integers, in
//! the `_gbp` fields and columns), so a spreadsheet sums them exactly and formats them as it likes.

use crate::markdown::{code, md};
use std::fmt::Write as _;
use std::io::Write;

use super::programme::{Plan, Programme};
use super::trend::Trend;
use super::{Candidate, RateRange, Roadmap, SectorGroup, saving_range};
use crate::money::gbp;

/// `£2.1m–£3m`, or one amount when the ends meet.
pub fn range(low: u128, high: u128) -> String {
    if low == high { gbp(low) } else { format!("{}–{}", gbp(low), gbp(high)) }
}

/// `1.2–3.5 years`, `no saving` when there is none.
pub fn payback(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) if l == h => format!("{l:.1} years"),
        (Some(l), Some(h)) => format!("{l:.1}–{h:.1} years"),
        (Some(l), None) => format!("{l:.1} years at best; never at the low-end saving"),
        _ => "no saving to pay it back".to_string(),
    }
}

/// `42% (26 of 62)`.
fn share(part: usize, whole: usize) -> String {
    let pct = (part * 100 + whole / 2).checked_div(whole).unwrap_or(0);
    format!("{pct}% ({part} of {whole})")
}

/// The source of a rate, or `assumption` visibly.
pub fn source_text(rate: &RateRange) -> String {
    match &rate.source {
        Some(s) if !rate.is_assumption() => s.clone(),
        _ => "ASSUMPTION: no public source given".to_string(),
    }
}

/// The confidence note: how much of the addressed estate declares a cost.
pub fn confidence(plan: &Plan) -> String {
    let t = &plan.totals;
    format!(
        "Confidence: {} of the systems in the programmes declare an annual cost ({} of the systems in service); \
         systems without one count as £0, so the figures are a floor for them.",
        share(t.systems_with_cost, t.systems),
        share(t.estate_systems_with_cost, t.estate_systems)
    )
}

fn programme_target(p: &Programme) -> String {
    match (&p.component, &p.proposal) {
        (Some(c), _) => format!("move to `{c}`"),
        (None, Some(proposal)) => proposal.clone(),
        (None, None) => String::new(),
    }
}

fn programmes_markdown(s: &mut String, roadmap: &Roadmap<'_>) {
    let plan = &roadmap.plan;
    let t = &plan.totals;
    s.push_str("## Programmes\n\n");
    let _ = writeln!(
        s,
        "The candidates grouped by the common component that would serve them (or a proposed one), in order. \
         Each system counts once in a programme and once in the total. Order: {}.\n",
        md(plan.sequencing)
    );
    s.push_str(
        "| order | wave | programme | after | candidates | depts | systems | annual saving | one-off transition | \
         payback |\n| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n",
    );
    for (i, p) in plan.programmes.iter().enumerate() {
        let after: Vec<String> = dedup_after(p).iter().map(|a| code(a)).collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            p.wave,
            md(&p.title),
            if after.is_empty() { "—".to_string() } else { after.join(", ") },
            p.candidates.len(),
            p.departments.len(),
            p.systems,
            range(p.figures.saving_low_gbp, p.figures.saving_high_gbp),
            range(p.figures.transition_low_gbp, p.figures.transition_high_gbp),
            payback(p.figures.payback_low_years, p.figures.payback_high_years)
        );
    }
    let _ = writeln!(
        s,
        "| | | **Total, each system once** | | {} | | {} | **{}** | **{}** | {} |\n",
        roadmap.candidates.len(),
        t.systems,
        range(t.figures.saving_low_gbp, t.figures.saving_high_gbp),
        range(t.figures.transition_low_gbp, t.figures.transition_high_gbp),
        payback(t.figures.payback_low_years, t.figures.payback_high_years)
    );
    if t.systems_in_several_programmes > 0 {
        let _ = writeln!(
            s,
            "The programmes' own savings add up to {}; {} system(s) take part in more than one programme and are \
             counted once in the total.\n",
            range(t.programmes_saving_low_gbp, t.programmes_saving_high_gbp),
            t.systems_in_several_programmes
        );
    }
    let _ = writeln!(s, "{}\n", confidence(plan));
    for c in &plan.cycles {
        let _ = writeln!(
            s,
            "**Cycle:** {} need each other's components; plan them together.\n",
            c.programmes.iter().map(|p| code(p)).collect::<Vec<_>>().join(", ")
        );
    }
    for (i, p) in plan.programmes.iter().enumerate() {
        let _ = writeln!(s, "### P{}. {}\n", i + 1, md(&p.title));
        let _ = writeln!(
            s,
            "- {} · `{}` · wave {}",
            md(&programme_target(p)).replace("\\`", "`"),
            p.id.replace('`', ""),
            p.wave
        );
        let _ = writeln!(
            s,
            "- Candidates ({}): {}",
            p.candidates.len(),
            p.candidates.iter().map(|c| code(c)).collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(
            s,
            "- Departments ({}): {}",
            p.departments.len(),
            p.departments.iter().map(|d| code(d)).collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(
            s,
            "- {} system(s) counted once each, {} with a declared cost: {} a year addressed",
            p.systems,
            p.systems_with_cost,
            gbp(p.figures.addressable_gbp)
        );
        let _ = writeln!(
            s,
            "- Net benefit: **{} a year** saving, **{}** one-off transition, payback {}",
            range(p.figures.saving_low_gbp, p.figures.saving_high_gbp),
            range(p.figures.transition_low_gbp, p.figures.transition_high_gbp),
            payback(p.figures.payback_low_years, p.figures.payback_high_years)
        );
        if !p.already_on_component.is_empty() {
            let _ = writeln!(
                s,
                "- Already on the component (not counted): {}",
                p.already_on_component.iter().map(|x| code(x)).collect::<Vec<_>>().join(", ")
            );
        }
        if !p.retiring.is_empty() {
            let list: Vec<String> = p
                .retiring
                .iter()
                .map(|r| {
                    let cost = r.annual_cost_gbp.map_or("cost not declared".to_string(), |c| gbp(u128::from(c)));
                    match &r.replacement {
                        Some(by) => format!("{} ({cost}; replaced by {})", code(&r.id), code(by)),
                        None => format!("{} ({cost}; no replacement named)", code(&r.id)),
                    }
                })
                .collect();
            let _ = writeln!(s, "- Retiring, shown apart and not counted as a saving: {}", list.join(", "));
        }
        for d in &p.after {
            let _ = writeln!(
                s,
                "- After {}: {} of its systems still run {} bespoke",
                code(&d.programme),
                d.systems,
                code(&d.kind)
            );
        }
        if !p.assumptions.is_empty() {
            let list: Vec<String> = p.assumptions.iter().map(|a| format!("{} ({})", a.what, md(&a.family))).collect();
            let _ = writeln!(s, "- **Assumptions** (no public source): {}", list.join(", "));
        }
        if let Some(d) = &p.starts_after {
            let reason = p.starts_after_reason.as_deref().map_or(String::new(), |r| format!(": {}", md(r)));
            let _ = writeln!(s, "- Starts after {d}{reason}");
        }
        s.push('\n');
    }
}

/// The programmes a programme comes after, each once.
fn dedup_after(p: &Programme) -> Vec<&str> {
    let mut v: Vec<&str> = p.after.iter().map(|d| d.programme.as_str()).collect();
    v.dedup();
    v
}

fn trend_markdown(s: &mut String, t: &Trend) {
    let _ = writeln!(s, "## Since the last run ({})\n", md(&t.previous_created));
    let _ = writeln!(
        s,
        "Systems: {} → {}. Systems on at least one common component: {} → {}. Findings (estate rules, before \
         waivers): {} → {}.\n",
        t.previous_systems,
        t.current_systems,
        t.on_common_previous,
        t.on_common_current,
        t.findings_previous,
        t.findings_current
    );
    if t.is_unchanged() {
        s.push_str("Nothing changed.\n\n");
        return;
    }
    let list = |v: &[super::trend::TrendCandidate]| -> String {
        v.iter()
            .map(|c| format!("{} {} ({} depts)", code(&c.id), md(&c.title), c.departments))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !t.new_duplication.is_empty() {
        let _ = writeln!(s, "- New duplication: {}", list(&t.new_duplication));
    }
    if !t.resolved_duplication.is_empty() {
        let _ = writeln!(s, "- Resolved duplication: {}", list(&t.resolved_duplication));
    }
    for c in &t.changed_duplication {
        let _ = writeln!(
            s,
            "- {} {}: {} → {} departments",
            code(&c.id),
            md(&c.title),
            c.departments_before,
            c.departments_now
        );
    }
    s.push_str("\n| department | standards adopted | standards dropped | components adopted | components dropped | findings by family (before → now) |\n| --- | --- | --- | --- | --- | --- |\n");
    let ids = |v: &[String]| {
        if v.is_empty() { "—".to_string() } else { v.iter().map(|x| code(x)).collect::<Vec<_>>().join(", ") }
    };
    for d in &t.departments {
        let findings: Vec<String> = d
            .findings
            .iter()
            .map(|f| {
                if f.previous == f.current {
                    format!("{} {}", f.family, f.current)
                } else {
                    format!("{} {} → {}", f.family, f.previous, f.current)
                }
            })
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            code(&d.department),
            ids(&d.standards_adopted),
            ids(&d.standards_dropped),
            ids(&d.components_adopted),
            ids(&d.components_dropped),
            if findings.is_empty() { "—".to_string() } else { findings.join("; ") }
        );
    }
    s.push('\n');
}

/// Plain text for the terminal: the programmes in order with their net benefit, then the ranked candidates.
fn human(roadmap: &Roadmap<'_>, groups: Option<&[SectorGroup<'_>]>) -> String {
    let mut s = String::new();
    let plan = &roadmap.plan;
    let t = &plan.totals;
    let _ = writeln!(
        s,
        "roadmap for {} systems in {} departments against model {}: {} candidates in {} programmes",
        roadmap.systems,
        roadmap.departments,
        roadmap.model_version,
        roadmap.candidates.len(),
        plan.programmes.len()
    );
    let _ = writeln!(
        s,
        "total, each system once: {} a year saving, {} one-off, payback {}",
        range(t.figures.saving_low_gbp, t.figures.saving_high_gbp),
        range(t.figures.transition_low_gbp, t.figures.transition_high_gbp),
        payback(t.figures.payback_low_years, t.figures.payback_high_years)
    );
    let _ = writeln!(s, "{}", confidence(plan).to_lowercase());
    for c in &plan.cycles {
        let _ = writeln!(s, "cycle: {} need each other", c.programmes.join(", "));
    }
    s.push_str("\nprogrammes, in order:\n");
    for (i, p) in plan.programmes.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>3}. [wave {}] {} ({}): {} systems, {} a year, {} one-off, payback {}",
            i + 1,
            p.wave,
            p.title,
            p.id,
            p.systems,
            range(p.figures.saving_low_gbp, p.figures.saving_high_gbp),
            range(p.figures.transition_low_gbp, p.figures.transition_high_gbp),
            payback(p.figures.payback_low_years, p.figures.payback_high_years)
        );
        if let Some(proposal) = &p.proposal {
            let _ = writeln!(s, "       {proposal}");
        }
        let after = dedup_after(p);
        if !after.is_empty() {
            let _ = writeln!(s, "       after {}", after.join(", "));
        }
        if let Some(d) = &p.starts_after {
            let reason = p.starts_after_reason.as_deref().map_or(String::new(), |r| format!(": {r}"));
            let _ = writeln!(s, "       starts after {d}{reason}");
        }
        if !p.retiring.is_empty() {
            let ids: Vec<&str> = p.retiring.iter().map(|r| r.id.as_str()).collect();
            let _ = writeln!(s, "       retiring, not counted: {}", ids.join(", "));
        }
        if !p.assumptions.is_empty() {
            let list: Vec<String> = p.assumptions.iter().map(|a| format!("{} ({})", a.what, a.family)).collect();
            let _ = writeln!(s, "       assumptions: {}", list.join(", "));
        }
    }
    let candidates: Vec<(&str, &[Candidate<'_>])> = match groups {
        None => vec![("", &roadmap.candidates)],
        Some(groups) => groups.iter().map(|g| (g.sector.as_str(), g.candidates.as_slice())).collect(),
    };
    for (sector, list) in candidates {
        if sector.is_empty() {
            s.push_str("\ncandidates, ranked:\n");
        } else {
            let _ = writeln!(s, "\ncandidates in sector {sector}:");
        }
        for (i, c) in list.iter().enumerate() {
            let _ = writeln!(
                s,
                "{:>3}. {} [{}] {} depts, {} systems, {} a year, score {:.1}",
                i + 1,
                c.title,
                c.id,
                c.departments.len(),
                c.systems.len(),
                saving_range(c),
                c.score
            );
        }
    }
    if let Some(trend) = &roadmap.trend {
        s.push('\n');
        let mut md_text = String::new();
        trend_markdown(&mut md_text, trend);
        // The same content without Markdown markup.
        s.push_str(&md_text.replace("## ", "").replace('`', ""));
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    /// Plain text for the terminal: programmes in order, then the candidates.
    Human,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// The departments' shared-services sectors.
    Sector,
}

/// Writes the roadmap; `groups` is `Some` for `--group-by sector`.
pub fn write_roadmap(
    out: &mut dyn Write,
    roadmap: &Roadmap<'_>,
    groups: Option<&[SectorGroup<'_>]>,
    format: Format,
) -> std::io::Result<()> {
    let text = match format {
        Format::Md => markdown(roadmap, groups),
        Format::Human => human(roadmap, groups),
        Format::Csv => csv(roadmap, groups),
        Format::Json => {
            // Streamed: a roadmap of 100,000 systems is never held twice in memory.
            let mut w = std::io::BufWriter::new(out);
            serde_json::to_writer_pretty(&mut w, &JsonOut { roadmap, groups })?;
            w.write_all(b"\n")?;
            return w.flush();
        }
    };
    out.write_all(text.as_bytes())
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    roadmap: &'a Roadmap<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<&'a [SectorGroup<'a>]>,
}

fn summary_table(s: &mut String, candidates: &[Candidate<'_>]) {
    s.push_str("| # | candidate | kind | depts | systems | annual cost | est. saving / yr | score |\n");
    s.push_str("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (i, c) in candidates.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            i + 1,
            md(&c.title),
            c.kind.label(),
            c.departments.len(),
            c.systems.len(),
            gbp(c.annual_cost_gbp),
            saving_range(c),
            c.score
        );
    }
}

/// The most systems a Markdown paper lists per candidate.
const MAX_LISTED: usize = 25;

fn candidate_detail(s: &mut String, rank: usize, c: &Candidate<'_>) {
    let _ = writeln!(s, "### {rank}. {}\n", md(&c.title));
    let _ = writeln!(
        s,
        "- **{}** {} · rule {} · family {} · score {:.1}",
        c.kind.label(),
        code(&c.id),
        c.rule,
        c.family.as_deref().map_or("(none)".to_string(), md),
        c.score
    );
    let _ = writeln!(
        s,
        "- Departments ({}): {}",
        c.departments.len(),
        c.departments.iter().map(|d| code(d)).collect::<Vec<_>>().join(", ")
    );
    let systems: Vec<String> = c
        .systems
        .iter()
        .map(|sys| {
            let mut t = format!("{} ({}", code(&sys.id()), sys.lifecycle().as_str());
            match sys.annual_cost_gbp() {
                Some(cost) if cost != sys.counted_gbp => {
                    let _ = write!(t, ", {} of {}", gbp(sys.counted_gbp), gbp(cost));
                }
                Some(cost) => {
                    let _ = write!(t, ", {}", gbp(cost));
                }
                None => t.push_str(", cost not declared"),
            }
            if let Some(b) = &sys.bespoke {
                let _ = write!(t, ", bespoke {}", code(b));
            }
            if let Some(common) = &sys.on_common {
                let _ = write!(t, ", already on {}", code(common));
            }
            t.push(')');
            t
        })
        .collect();
    let more = systems.len().saturating_sub(MAX_LISTED);
    let listed = systems[..systems.len().min(MAX_LISTED)].join(", ");
    let more = if more > 0 { format!(" and {more} more (all in `--format json` or `csv`)") } else { String::new() };
    let _ = writeln!(s, "- Systems ({}): {listed}{more}", c.systems.len());
    let cost_note = match c.kind {
        super::CandidateKind::SharedCapability => "attributed to the capability",
        _ => "of the systems",
    };
    let _ = writeln!(
        s,
        "- Annual cost: {} {cost_note}; {} addressable{}",
        gbp(c.annual_cost_gbp),
        gbp(c.addressable_gbp),
        if c.systems_without_cost > 0 {
            format!(" ({} system(s) declare no cost)", c.systems_without_cost)
        } else {
            String::new()
        }
    );
    if let Some(comp) = &c.common_component {
        let _ = writeln!(s, "- Common component: {}", code(comp));
    }
    if !c.standards.is_empty() {
        let list: Vec<String> = c.standards.iter().map(|u| format!("{} ({})", code(&u.id), u.systems)).collect();
        let _ = writeln!(s, "- Standards on their interfaces: {}", list.join(", "));
    }
    let share =
        c.infrastructure_share.as_ref().map_or(String::new(), |sh| format!(" × infrastructure share {}", sh.percent()));
    let _ = writeln!(
        s,
        "- Estimated saving: **{} a year** = {} addressable{share} × {} rate {}\n",
        saving_range(c),
        gbp(c.addressable_gbp),
        c.family.as_deref().map_or("default".to_string(), md),
        c.rate.percent()
    );
}

fn markdown(roadmap: &Roadmap<'_>, groups: Option<&[SectorGroup<'_>]>) -> String {
    let mut s = String::new();
    s.push_str("# Common infrastructure roadmap: programmes and ranked candidates\n\n");
    let _ = writeln!(
        s,
        "Estate: {} systems in {} departments, {} a year declared. Reference model {}. {} candidates.\n",
        roadmap.systems,
        roadmap.departments,
        gbp(roadmap.annual_cost_gbp),
        md(&roadmap.model_version),
        roadmap.candidates.len()
    );
    let _ = writeln!(s, "Ranking: {}.\n", md(roadmap.score_formula));
    s.push_str(
        "Savings are ranges from the saving model below, rounded outwards to £0.1m. Infrastructure candidates \
         overlap capability candidates (the same systems' cost): do not add the two kinds together.\n\n",
    );
    if let Some(trend) = &roadmap.trend {
        trend_markdown(&mut s, trend);
    }
    programmes_markdown(&mut s, roadmap);
    s.push_str("## Candidates\n\n");
    match groups {
        None => {
            summary_table(&mut s, &roadmap.candidates);
            s.push_str("\n## Evidence\n\n");
            for (i, c) in roadmap.candidates.iter().enumerate() {
                candidate_detail(&mut s, i + 1, c);
            }
        }
        Some(groups) => {
            s.push_str(
                "Grouped by shared-services sector: under each sector, the cross-government candidates it takes part \
                 in, restricted to its own departments and systems.\n\n",
            );
            for g in groups {
                let _ = writeln!(
                    s,
                    "## {} {} ({})\n",
                    code(&g.sector),
                    md(&g.name),
                    g.departments.iter().map(|d| code(d)).collect::<Vec<_>>().join(", ")
                );
                summary_table(&mut s, &g.candidates);
                s.push('\n');
            }
        }
    }
    s.push_str("## Saving model\n\n| what | family | range | basis | source |\n| --- | --- | ---: | --- | --- |\n");
    let m = &roadmap.saving_model;
    let row = |s: &mut String, what: &str, family: &str, shown: String, rate: &RateRange| {
        let _ = writeln!(
            s,
            "| {what} | {} | {shown} | {} | {} |",
            md(family),
            md(rate.basis.as_deref().unwrap_or("")),
            if rate.is_assumption() { "**assumption**".to_string() } else { md(&source_text(rate)) }
        );
    };
    for (family, rate) in &m.rates {
        row(&mut s, "saving rate", family, rate.percent(), rate);
    }
    row(&mut s, "saving rate", "(default)", m.default_rate.percent(), &m.default_rate);
    row(&mut s, "infrastructure share", "(all)", m.infrastructure_share.percent(), &m.infrastructure_share);
    for (family, rate) in &m.transition_cost {
        row(&mut s, "transition cost, × a year's addressed cost", family, rate.multiple(), rate);
    }
    row(
        &mut s,
        "transition cost, × a year's addressed cost",
        "(default)",
        m.default_transition_cost.multiple(),
        &m.default_transition_cost,
    );
    let _ = writeln!(
        s,
        "\nA capability or bespoke kind is a candidate when {} or more departments have it. Rows marked \
         **assumption** cite no public source. Change any of this in the `[roadmap]` table of `xgea.toml` or with \
         `--savings FILE.toml` (see docs/roadmap.md).",
        m.min_departments
    );
    s
}

/// One row of `--format csv`: the field names are the header, in this order.
#[derive(serde::Serialize, Default)]
struct CsvRow<'a> {
    sector: Text<'a>,
    rank: usize,
    id: Text<'a>,
    kind: &'static str,
    rule: &'static str,
    subject: Text<'a>,
    title: Text<'a>,
    family: Text<'a>,
    departments: usize,
    department_ids: Text<'a>,
    systems: usize,
    system_ids: Text<'a>,
    annual_cost_gbp: u128,
    addressable_gbp: u128,
    saving_low_gbp: u128,
    saving_high_gbp: u128,
    rate_low: Decimal,
    rate_high: Decimal,
    infrastructure_share_low: Option<Decimal>,
    infrastructure_share_high: Option<Decimal>,
    score: String,
    common_component: Text<'a>,
    standards: Text<'a>,
    programme: Text<'a>,
}

impl<'a> CsvRow<'a> {
    fn new(sector: &'a str, rank: usize, c: &'a Candidate<'a>, programme: &'a str) -> CsvRow<'a> {
        let share = c.infrastructure_share.as_ref();
        CsvRow {
            sector: Text(sector.into()),
            rank,
            id: Text(c.id.as_str().into()),
            kind: c.kind.as_str(),
            rule: c.rule,
            subject: Text(c.subject.as_str().into()),
            title: Text(c.title.as_str().into()),
            family: Text(c.family.as_deref().unwrap_or("").into()),
            departments: c.departments.len(),
            department_ids: Text(c.departments.join(";").into()),
            systems: c.systems.len(),
            system_ids: Text(c.systems.iter().map(|x| x.id().as_str()).collect::<Vec<_>>().join(";").into()),
            annual_cost_gbp: c.annual_cost_gbp,
            addressable_gbp: c.addressable_gbp,
            saving_low_gbp: c.saving_low_gbp,
            saving_high_gbp: c.saving_high_gbp,
            rate_low: Decimal(c.rate.low),
            rate_high: Decimal(c.rate.high),
            infrastructure_share_low: share.map(|r| Decimal(r.low)),
            infrastructure_share_high: share.map(|r| Decimal(r.high)),
            score: format!("{:.2}", c.score),
            common_component: Text(c.common_component.as_deref().unwrap_or("").into()),
            standards: Text(
                c.standards.iter().map(|u| format!("{}:{}", u.id, u.systems)).collect::<Vec<_>>().join(";").into(),
            ),
            programme: Text(programme.into()),
        }
    }
}

/// A text cell from the descriptors or the model. A leading `= + - @`, tab or carriage return is neutralised
/// with a `'` so spreadsheets do not run the cell as a formula; quoting is the `csv` writer's.
#[derive(Default)]
struct Text<'a>(std::borrow::Cow<'a, str>);

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&neutralise_formula(&self.0))
    }
}

fn neutralise_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// A rate as Rust writes it (`0.15`, `1`), not as the `csv` writer would (`1.0`).
#[derive(Default)]
struct Decimal(f64);

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn csv(roadmap: &Roadmap<'_>, groups: Option<&[SectorGroup<'_>]>) -> String {
    let all: Vec<(&str, &[Candidate<'_>])> = match groups {
        None => vec![("", &roadmap.candidates)],
        Some(groups) => groups.iter().map(|g| (g.sector.as_str(), g.candidates.as_slice())).collect(),
    };
    let programme_of: std::collections::BTreeMap<&str, &str> = roadmap
        .plan
        .programmes
        .iter()
        .flat_map(|p| p.candidates.iter().map(move |c| (c.as_str(), p.id.as_str())))
        .collect();
    let programme_of = &programme_of;
    let rows: Vec<CsvRow<'_>> = all
        .into_iter()
        .flat_map(|(sector, candidates)| {
            candidates.iter().enumerate().map(move |(i, c)| {
                CsvRow::new(sector, i + 1, c, programme_of.get(c.id.as_str()).copied().unwrap_or(""))
            })
        })
        .collect();
    if rows.is_empty() {
        // The writer derives the header from the first row: with none, keep the header line of an empty one.
        let text = csv_text(&[CsvRow::default()]);
        return text.split_inclusive('\n').next().unwrap_or_default().to_string();
    }
    csv_text(&rows)
}

/// The rows under the header the `csv` writer derives from [`CsvRow`]'s field names.
fn csv_text(rows: &[CsvRow<'_>]) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory fails only on a serialisation bug.
        w.serialize(row).expect("a roadmap row serialises");
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        // A row of defaults with only the title set: the title is the seventh cell.
        let line = |title: &str| {
            let text = csv_text(&[CsvRow { title: Text(title.to_string().into()), ..CsvRow::default() }]);
            text.split_once('\n').unwrap().1.to_string()
        };
        let expect = |cell: &str| format!(",0,,,,,{cell},,0,,0,,0,0,0,0,0,0,,,,,,\n");
        assert_eq!(line("plain"), expect("plain"));
        assert_eq!(line("a,b"), expect("\"a,b\""));
        assert_eq!(line("say \"hi\""), expect("\"say \"\"hi\"\"\""));
        assert_eq!(line("two\nlines"), expect("\"two\nlines\""));
        assert_eq!(line("=HYPERLINK(1)"), expect("'=HYPERLINK(1)"));
        assert_eq!(line("+1"), expect("'+1"));
        assert_eq!(line("-1"), expect("'-1"));
        assert_eq!(line("@SUM(A1)"), expect("'@SUM(A1)"));
        assert_eq!(line("\tx"), expect("'\tx"));
        assert_eq!(line("\rx"), expect("\"'\rx\""));
        assert_eq!(line("a=b"), expect("a=b"));
    }

    #[test]
    fn csv_header_is_the_row_fields_even_without_rows() {
        let empty = csv_text(&[CsvRow::default()]);
        let header = empty.lines().next().unwrap();
        assert!(header.starts_with("sector,rank,id,kind,rule,subject,title,family,departments,"));
        assert!(header.ends_with(",score,common_component,standards,programme"));
        assert_eq!(header.split(',').count(), 24);
        let roadmap = Roadmap {
            model_version: "1.0.0".into(),
            systems: 0,
            departments: 0,
            annual_cost_gbp: 0,
            score_formula: super::super::SCORE_FORMULA,
            saving_model: super::super::SavingModel::default(),
            candidates: Vec::new(),
            plan: super::super::programme::plan(
                &[],
                &crate::model::embedded_model(),
                &crate::estate::Estate::default(),
                &super::super::SavingModel::default(),
            ),
            trend: None,
        };
        assert_eq!(csv(&roadmap, None), format!("{header}\n"));
        assert_eq!(csv(&roadmap, Some(&[])), format!("{header}\n"));
    }

    #[test]
    fn markdown_escapes_table_breakers() {
        assert_eq!(md("a|b <script>"), "a\\|b \\<script\\>");
        assert_eq!(code("x`y"), "`xy`");
    }
}
