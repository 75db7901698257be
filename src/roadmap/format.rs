//! The roadmap as Markdown (for Board papers), JSON and CSV.

use std::fmt::Write as _;
use std::io::Write;

use super::{Candidate, Roadmap, SectorGroup, saving_range};
use crate::money::gbp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
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
    roadmap: &Roadmap,
    groups: Option<&[SectorGroup]>,
    format: Format,
) -> std::io::Result<()> {
    let text = match format {
        Format::Md => markdown(roadmap, groups),
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
    roadmap: &'a Roadmap,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<&'a [SectorGroup]>,
}

/// Markdown-safe inline text: escapes the characters that would start markup or break a table.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An id in backticks (backticks in the id itself are dropped).
fn code(id: &str) -> String {
    format!("`{}`", id.replace('`', "").replace(['\n', '\r'], " "))
}

fn summary_table(s: &mut String, candidates: &[Candidate]) {
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

fn candidate_detail(s: &mut String, rank: usize, c: &Candidate) {
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
            let mut t = format!("{} ({}", code(&sys.id), sys.lifecycle.as_str());
            match sys.annual_cost_gbp {
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

fn markdown(roadmap: &Roadmap, groups: Option<&[SectorGroup]>) -> String {
    let mut s = String::new();
    s.push_str("# Common infrastructure roadmap: ranked candidates\n\n");
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
    s.push_str("## Saving model\n\n| family | rate | basis |\n| --- | ---: | --- |\n");
    let m = &roadmap.saving_model;
    for (family, rate) in &m.rates {
        let _ = writeln!(s, "| {} | {} | {} |", md(family), rate.percent(), md(rate.basis.as_deref().unwrap_or("")));
    }
    let _ = writeln!(
        s,
        "| (default) | {} | {} |",
        m.default_rate.percent(),
        md(m.default_rate.basis.as_deref().unwrap_or(""))
    );
    let _ = writeln!(
        s,
        "| infrastructure share | {} | {} |",
        m.infrastructure_share.percent(),
        md(m.infrastructure_share.basis.as_deref().unwrap_or(""))
    );
    let _ = writeln!(
        s,
        "\nA capability or bespoke kind is a candidate when {} or more departments have it. Change any of this in \
         the `[roadmap]` table of `xgea.toml` or with `--savings FILE.toml`.",
        m.min_departments
    );
    s
}

/// One CSV field: quoted when needed; a leading `= + - @` is neutralised so spreadsheets do not run it.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn csv(roadmap: &Roadmap, groups: Option<&[SectorGroup]>) -> String {
    let mut s = String::new();
    s.push_str(
        "sector,rank,id,kind,rule,subject,title,family,departments,department_ids,systems,system_ids,\
         annual_cost_gbp,addressable_gbp,saving_low_gbp,saving_high_gbp,rate_low,rate_high,\
         infrastructure_share_low,infrastructure_share_high,score,common_component,standards\n",
    );
    let mut rows = |sector: &str, candidates: &[Candidate]| {
        for (i, c) in candidates.iter().enumerate() {
            let cells = [
                field(sector),
                (i + 1).to_string(),
                field(&c.id),
                c.kind.as_str().to_string(),
                c.rule.to_string(),
                field(&c.subject),
                field(&c.title),
                field(c.family.as_deref().unwrap_or("")),
                c.departments.len().to_string(),
                field(&c.departments.join(";")),
                c.systems.len().to_string(),
                field(&c.systems.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(";")),
                c.annual_cost_gbp.to_string(),
                c.addressable_gbp.to_string(),
                c.saving_low_gbp.to_string(),
                c.saving_high_gbp.to_string(),
                c.rate.low.to_string(),
                c.rate.high.to_string(),
                c.infrastructure_share.as_ref().map_or(String::new(), |r| r.low.to_string()),
                c.infrastructure_share.as_ref().map_or(String::new(), |r| r.high.to_string()),
                format!("{:.2}", c.score),
                field(c.common_component.as_deref().unwrap_or("")),
                field(&c.standards.iter().map(|u| format!("{}:{}", u.id, u.systems)).collect::<Vec<_>>().join(";")),
            ];
            s.push_str(&cells.join(","));
            s.push('\n');
        }
    };
    match groups {
        None => rows("", &roadmap.candidates),
        Some(groups) => {
            for g in groups {
                rows(&g.sector, &g.candidates);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn markdown_escapes_table_breakers() {
        assert_eq!(md("a|b <script>"), "a\\|b \\<script\\>");
        assert_eq!(code("x`y"), "`xy`");
    }
}
