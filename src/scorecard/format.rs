//! The scorecards as text for a terminal, Markdown for a paper, JSON, and CSV for spreadsheets.
//!
//! CSV: one row per department, then the total (department `*`); shares as two columns (count, of) and a
//! whole percent (empty when there is nothing to share); deprecated standards in one cell,
//! `ID (status, sunset DATE, N interfaces)` separated by `; `. Text cells that a spreadsheet would run as a
//! formula are neutralised with a leading `'`.

use crate::markdown::md;
use std::fmt::Write as _;
use std::io::Write;

use super::{Exposure, Ratio, Scorecard, Scorecards};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal (the default).
    Human,
    /// A Markdown table and the deprecated standards, for papers.
    Md,
    /// The scorecards as one JSON document.
    Json,
    /// One row per department, for spreadsheets.
    Csv,
}

/// Writes the scorecards in one format.
pub fn write_scorecards(out: &mut dyn Write, cards: &Scorecards, format: Format) -> std::io::Result<()> {
    let text = match format {
        Format::Human => human(cards),
        Format::Md => markdown(cards),
        Format::Csv => csv(cards),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(cards).map_err(std::io::Error::other)?;
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes())
}

fn all(cards: &Scorecards) -> impl Iterator<Item = &Scorecard> {
    cards.departments.iter().chain(std::iter::once(&cards.total))
}

/// One exposure as a phrase: `ID (deprecated, sunset 2026-03-31, 2 interfaces)`.
pub fn exposure_phrase(e: &Exposure) -> String {
    let mut s = format!("{} ({}", e.standard, e.status.as_str());
    if let Some(d) = e.sunset {
        let _ = write!(s, ", sunset {d}");
    }
    let _ = write!(s, ", {} interface{})", e.interfaces, if e.interfaces == 1 { "" } else { "s" });
    s
}

fn human(cards: &Scorecards) -> String {
    let header = ["department", "systems", "compliance", "open standards", "common components", "deprecated"];
    let rows: Vec<[String; 6]> = all(cards)
        .map(|c| {
            [
                c.department.clone(),
                c.systems.to_string(),
                c.compliance.display(),
                c.open_standards.display(),
                c.common_components.display(),
                c.deprecated_interfaces.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w - cell.chars().count();
            if i == 0 {
                let _ = write!(text, "{cell}{}", " ".repeat(pad));
            } else {
                let _ = write!(text, "  {}{cell}", " ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut out, &header);
    for row in &rows {
        line(&mut out, &row.each_ref().map(String::as_str));
    }
    let exposed: Vec<&Scorecard> = cards.departments.iter().filter(|c| !c.deprecated.is_empty()).collect();
    if !exposed.is_empty() {
        out.push_str("\ndeprecated standards still in use:\n");
        for c in exposed {
            let phrases: Vec<String> = c.deprecated.iter().map(exposure_phrase).collect();
            let _ = writeln!(out, "  {}: {}", c.department, phrases.join("; "));
        }
    }
    let _ = writeln!(
        out,
        "\n{} department(s), {} system(s) scored against model {} (retired systems left out)",
        cards.departments.len(),
        cards.total.systems,
        cards.model_version
    );
    out
}

fn markdown(cards: &Scorecards) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Department scorecards\n");
    let _ = writeln!(
        out,
        "Against reference model {}. Compliance: systems with no error finding. Open standards: interfaces whose \
         every standard is open. Common components: infrastructure on a common component, where one exists. \
         Retired systems are left out.\n",
        md(&cards.model_version)
    );
    out.push_str(
        "| department | name | systems | compliance | open standards | common components | errors | warnings | \
         deprecated interfaces |\n",
    );
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for c in all(cards) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md(&c.department),
            md(&c.name),
            c.systems,
            c.compliance.display(),
            c.open_standards.display(),
            c.common_components.display(),
            c.errors,
            c.warnings,
            c.deprecated_interfaces
        );
    }
    out.push_str("\n## Deprecated standards still in use\n\n");
    let exposed: Vec<&Scorecard> = cards.departments.iter().filter(|c| !c.deprecated.is_empty()).collect();
    if exposed.is_empty() {
        out.push_str("None.\n");
    }
    for c in exposed {
        let _ = writeln!(out, "- **{}**", md(&c.department));
        for e in &c.deprecated {
            let _ = writeln!(out, "  - {}: {}", md(&exposure_phrase(e)), md(&e.systems.join(", ")));
        }
    }
    out
}

/// A text cell for a spreadsheet: a leading `= + - @`, tab or carriage return is neutralised with a `'` so
/// the cell is not run as a formula.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

fn percent(r: Ratio) -> String {
    r.percent().map(|p| p.to_string()).unwrap_or_default()
}

fn csv(cards: &Scorecards) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "department",
        "name",
        "systems",
        "compliant_systems",
        "compliance_percent",
        "errors",
        "warnings",
        "infos",
        "open_standard_interfaces",
        "interfaces",
        "open_standards_percent",
        "on_common_component",
        "common_component_available",
        "common_components_percent",
        "deprecated_interfaces",
        "deprecated_standards",
    ];
    // Writing to memory fails only on a bug.
    w.write_record(header).expect("writing to memory cannot fail");
    for c in all(cards) {
        let exposures: Vec<String> = c.deprecated.iter().map(exposure_phrase).collect();
        let row = [
            spreadsheet_text(&c.department).into_owned(),
            spreadsheet_text(&c.name).into_owned(),
            c.systems.to_string(),
            c.compliance.count.to_string(),
            percent(c.compliance),
            c.errors.to_string(),
            c.warnings.to_string(),
            c.infos.to_string(),
            c.open_standards.count.to_string(),
            c.open_standards.of.to_string(),
            percent(c.open_standards),
            c.common_components.count.to_string(),
            c.common_components.of.to_string(),
            percent(c.common_components),
            c.deprecated_interfaces.to_string(),
            spreadsheet_text(&exposures.join("; ")).into_owned(),
        ];
        w.write_record(&row).expect("writing to memory cannot fail");
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}
