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
}

impl<'a> CsvRow<'a> {
    fn new(sector: &'a str, rank: usize, c: &'a Candidate) -> CsvRow<'a> {
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
            system_ids: Text(c.systems.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(";").into()),
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

fn csv(roadmap: &Roadmap, groups: Option<&[SectorGroup]>) -> String {
    let all: Vec<(&str, &[Candidate])> = match groups {
        None => vec![("", &roadmap.candidates)],
        Some(groups) => groups.iter().map(|g| (g.sector.as_str(), g.candidates.as_slice())).collect(),
    };
    let rows: Vec<CsvRow<'_>> = all
        .into_iter()
        .flat_map(|(sector, candidates)| candidates.iter().enumerate().map(move |(i, c)| CsvRow::new(sector, i + 1, c)))
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
        let expect = |cell: &str| format!(",0,,,,,{cell},,0,,0,,0,0,0,0,0,0,,,,,\n");
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
        assert!(header.ends_with(",score,common_component,standards"));
        assert_eq!(header.split(',').count(), 23);
        let roadmap = Roadmap {
            model_version: "1.0.0".into(),
            systems: 0,
            departments: 0,
            annual_cost_gbp: 0,
            score_formula: super::super::SCORE_FORMULA,
            saving_model: super::super::SavingModel::default(),
            candidates: Vec::new(),
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
