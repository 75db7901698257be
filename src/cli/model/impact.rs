//! `xgea model impact --model NEW [PATHS]`: the findings a candidate model adds and removes.

use std::io::Write;
use std::path::PathBuf;

use super::{ImpactFormat, Resolved, err, io_err, resolve};
use crate::cli::Outcome;
use crate::lifecycle::impact::impact;
use crate::model::ModelSource;

fn impact_source(spec: &str, releases: Option<&PathBuf>) -> miette::Result<ModelSource> {
    match (resolve(spec)?, releases) {
        (Resolved::Source(s), _) => Ok(s),
        (Resolved::Release(v), Some(dir)) => Ok(ModelSource::Published { releases: dir.clone(), version: v }),
        (Resolved::Release(v), None) => Ok(ModelSource::Release(v)),
    }
}

pub(super) fn run(
    candidate: &str,
    against: Option<&str>,
    paths: &[PathBuf],
    format: ImpactFormat,
    releases: Option<&PathBuf>,
    out: &mut dyn Write,
) -> miette::Result<Outcome> {
    let current = match against {
        Some(spec) => impact_source(spec, releases)?,
        None => ModelSource::Embedded,
    };
    let result = impact(paths, current, impact_source(candidate, releases)?);
    let impact = result.map_err(|e| crate::cli::lint::report_failure(e, &mut std::io::stderr(), false))?;
    let (from, to) = (&impact.current, &impact.candidate);
    if format == ImpactFormat::Json {
        let value = serde_json::json!({
            "current": from, "candidate": to,
            "systems": impact.systems,
            "gained": impact.gained, "lost": impact.lost,
        });
        let mut text = serde_json::to_string_pretty(&value).map_err(err)?;
        text.push('\n');
        out.write_all(text.as_bytes()).map_err(io_err)?;
        return Ok(Outcome::Clean);
    }
    if format == ImpactFormat::Markdown {
        out.write_all(markdown(&impact).as_bytes()).map_err(io_err)?;
        return Ok(Outcome::Clean);
    }
    let by_place = impact.by_place();
    let mut s = format!(
        "impact of model {to} against {from} on {} system(s): {} finding(s) gained, {} lost, in {} department(s) and {} system(s)\n",
        impact.systems,
        impact.gained.len(),
        impact.lost.len(),
        impact.departments_touched(),
        impact.systems_touched,
    );
    let mut last_department = None;
    for ((department, system), (plus, minus)) in &by_place {
        if last_department != Some(*department) {
            let (g, l) = by_place
                .iter()
                .filter(|((d, _), _)| d == department)
                .fold((0, 0), |(g, l), (_, (p, m))| (g + p.len(), l + m.len()));
            let name = if department.is_empty() { "(estate-wide)" } else { department };
            s.push_str(&format!("\n{name}: +{g} -{l}\n"));
            last_department = Some(*department);
        }
        let name = if system.is_empty() { "(department-wide)" } else { system };
        s.push_str(&format!("  {name}: +{} -{}\n", plus.len(), minus.len()));
        for k in plus {
            s.push_str(&format!("    + {} {} {}{}\n", k.code, k.severity, k.message, k.at()));
        }
        for k in minus {
            s.push_str(&format!("    - {} {} {}{}\n", k.code, k.severity, k.message, k.at()));
        }
    }
    if by_place.is_empty() {
        s.push_str("no department or system gains or loses a finding\n");
    }
    out.write_all(s.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}

/// Markdown-safe table cell text: escapes what would start markup or break a table; ids in backticks stay code
/// (inside them only `|` is escaped, as tables need).
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for ch in text.chars() {
        match ch {
            '`' => {
                in_code = !in_code;
                out.push(ch);
            }
            '|' => out.push_str("\\|"),
            '*' | '_' | '[' | ']' | '<' | '>' | '\\' | '#' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The impact as a paper reads it: a summary, a table of departments, then each department's findings gained
/// (`+`) and lost (`−`) in a table.
fn markdown(impact: &crate::lifecycle::impact::Impact) -> String {
    let (from, to) = (cell(&impact.current), cell(&impact.candidate));
    let by_place = impact.by_place();
    let mut s = format!("# Impact of reference model {to} against {from}\n\n");
    s.push_str(&format!(
        "{} system(s) checked: {} finding(s) gained and {} lost, in {} department(s) and {} system(s).\n\n",
        impact.systems,
        impact.gained.len(),
        impact.lost.len(),
        impact.departments_touched(),
        impact.systems_touched,
    ));
    if by_place.is_empty() {
        s.push_str("No department or system gains or loses a finding.\n");
        return s;
    }
    let mut departments: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for ((department, _), (plus, minus)) in &by_place {
        let e = departments.entry(department).or_default();
        e.0 += plus.len();
        e.1 += minus.len();
    }
    s.push_str("| department | gained | lost |\n| --- | ---: | ---: |\n");
    for (department, (g, l)) in &departments {
        let name = if department.is_empty() {
            "(estate-wide)".to_string()
        } else {
            format!("`{}`", department.replace('`', ""))
        };
        s.push_str(&format!("| {name} | {g} | {l} |\n"));
    }
    let mut last_department = None;
    for ((department, system), (plus, minus)) in &by_place {
        if last_department != Some(*department) {
            let name = if department.is_empty() {
                "(estate-wide)".to_string()
            } else {
                format!("`{}`", department.replace('`', ""))
            };
            s.push_str(&format!("\n## {name}\n\n| system | change | rule | severity | finding | where |\n| --- | :---: | --- | --- | --- | --- |\n"));
            last_department = Some(*department);
        }
        let name =
            if system.is_empty() { "(department-wide)".to_string() } else { format!("`{}`", system.replace('`', "")) };
        for (sign, list) in [("+", plus), ("−", minus)] {
            for k in list.iter() {
                s.push_str(&format!(
                    "| {name} | {sign} | {} | {} | {} | {} |\n",
                    k.code,
                    k.severity,
                    cell(&k.message),
                    cell(&format!("`{}`", format!("{} {}", k.file, k.pointer).trim().replace('`', "")))
                ));
            }
        }
    }
    s
}
