//! An application-portfolio spreadsheet (CSV, or an xlsx/ods workbook read with calamine) → drafts, through a
//! column mapping (TOML).
//!
//! The mapping names, for each fact xgea wants, the header of the column that holds it ([`TEMPLATE`] is the
//! documented template). Rows that cannot be imported (no name) are reported with their line and skipped;
//! cells that cannot be read (a cost that is not a number, a lifecycle xgea does not know, a capability the
//! model does not name) are reported with their line and column, and the rest of the row is imported.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{
    Departments, Draft, Import, ImportError, capability_list, cost_of, is_placeholder_owner, lifecycle_of, read, slug,
};
use crate::estate::Lifecycle;
use crate::model::Model;

/// The template mapping, printed by `xgea import csv --template`.
pub const TEMPLATE: &str = r#"# Column mapping for `xgea import csv SHEET.csv --map THIS.toml --out DIR`.
# Each key names a fact xgea wants; its value is the header of the sheet's column that holds it (case, spaces
# and punctuation are ignored when headers are compared). Only `name` is required; leave the others out if the
# sheet does not have them, and `xgea lint DIR` will list what is missing.
[columns]
name = "Application name"            # required: the system's name, kept as metadata.name
id = "Application ID"                # the local part of the id (slugged); the name's slug when left out
department = "Department"            # a department id per row; else --department or --owner-map
owner = "Business owner"
description = "Description"
lifecycle = "Status"                 # planned, build, live, retiring, retired, or the words in [lifecycle]
cost = "Annual cost (GBP)"           # whole pounds; £, commas, 1.2m and 350k are read
capabilities = "Capabilities"        # capability ids or names from the model, separated by ; or ,
tags = "Category"                    # more words for capability suggestions; not written

# The sheet's own lifecycle words → xgea's (the usual ones: production, in service, decommissioned, … are
# known already).
[lifecycle]
"In service" = "live"
"Being replaced" = "retiring"

[options]
delimiter = ","                      # CSV only: one character; ";" for sheets saved in some locales
# sheet = "Applications"             # xlsx/ods only: the worksheet to read; the first one when left out
"#;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Mapping {
    columns: Columns,
    #[serde(default)]
    lifecycle: HashMap<String, String>,
    #[serde(default)]
    options: MapOptions,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Columns {
    name: String,
    id: Option<String>,
    department: Option<String>,
    owner: Option<String>,
    description: Option<String>,
    lifecycle: Option<String>,
    cost: Option<String>,
    capabilities: Option<String>,
    tags: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MapOptions {
    delimiter: Option<String>,
    /// The worksheet of an xlsx/ods workbook to read; the first one when left out.
    sheet: Option<String>,
}

/// A header as mappings compare it.
fn header_key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether the mapping file at `path` maps a department column (so `--department` is not needed).
pub fn maps_department(map: &Path) -> bool {
    read_mapping(map).is_ok_and(|m| m.columns.department.is_some())
}

fn read_mapping(path: &Path) -> Result<Mapping, ImportError> {
    let text = read(path)?;
    toml::from_str(&text).map_err(|e| {
        ImportError::new(format!("{}: not a column mapping: {}", path.display(), e.message()))
            .with_help("`xgea import csv --template` prints a documented mapping to start from")
    })
}

/// Reads the sheet at `sheet` through the mapping at `map`.
pub fn import(sheet: &Path, map: &Path, departments: &Departments, model: &Model) -> Result<Import, ImportError> {
    let mapping = read_mapping(map)?;
    let delimiter = match mapping.options.delimiter.as_deref() {
        None => b',',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some("\\t") | Some("tab") => b'\t',
        Some(d) => {
            return Err(ImportError::new(format!("{}: delimiter `{d}` is not one character", map.display())));
        }
    };
    let mut lifecycles: HashMap<String, Lifecycle> = HashMap::new();
    for (word, value) in &mapping.lifecycle {
        let l = lifecycle_of(value).ok_or_else(|| {
            ImportError::new(format!(
                "{}: [lifecycle] maps `{word}` to `{value}`, not one of planned, build, live, retiring, retired",
                map.display()
            ))
        })?;
        lifecycles.insert(slug(word), l);
    }
    let name = crate::source::display_path_of(sheet);
    let table = match Workbook::of(sheet) {
        Some(kind) => read_workbook(sheet, kind, mapping.options.sheet.as_deref(), &mapping.columns.name, &name)?,
        None => read_csv(sheet, delimiter, &name)?,
    };
    let headers = table.headers;
    let column = |wanted: &Option<String>, fact: &str| -> Result<Option<usize>, ImportError> {
        let Some(wanted) = wanted else { return Ok(None) };
        let key = header_key(wanted);
        match headers.iter().position(|h| header_key(h) == key) {
            Some(i) => Ok(Some(i)),
            None => Err(ImportError::new(format!(
                "{name}: no column `{wanted}` (mapped to `{fact}` in {}); the header row has: {}",
                map.display(),
                headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
            ))),
        }
    };
    let c = &mapping.columns;
    let name_col = column(&Some(c.name.clone()), "name")?.unwrap_or(0);
    let id_col = column(&c.id, "id")?;
    let dept_col = column(&c.department, "department")?;
    let owner_col = column(&c.owner, "owner")?;
    let desc_col = column(&c.description, "description")?;
    let life_col = column(&c.lifecycle, "lifecycle")?;
    let cost_col = column(&c.cost, "cost")?;
    let caps_col = column(&c.capabilities, "capabilities")?;
    let tags_col = column(&c.tags, "tags")?;
    let by_name: HashMap<String, &str> =
        model.capabilities.iter().map(|c| (header_key(&c.name), c.id.as_str())).collect();

    let mut import = Import::default();
    for problem in table.unreadable {
        import.problem(problem.0, problem.1);
        import.summary.skipped("unreadable rows");
    }
    for row in &table.rows {
        let line = row.number;
        let at = |col: usize| format!("{name}:{line}:{}", col + 1);
        let cell = |col: Option<usize>| col.and_then(|i| row.cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty());
        if row.cells.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if row.cells.len() != headers.len() && !row.padded {
            import.problem(
                format!("{name}:{line}"),
                format!("the row has {} cells, the header {}: cells read by position", row.cells.len(), headers.len()),
            );
        }
        let Some(system_name) = cell(Some(name_col)) else {
            import.problem(at(name_col), format!("no name in column `{}`: row skipped", headers[name_col]));
            import.summary.skipped("rows without a name");
            continue;
        };
        let owner = match cell(owner_col) {
            Some(o) if is_placeholder_owner(o) => {
                import.problem(at(owner_col.unwrap_or(0)), format!("placeholder owner `{o}`: no owner written"));
                import.summary.skipped("placeholder owners");
                None
            }
            o => o.map(str::to_string),
        };
        let department = match cell(dept_col) {
            Some(d) if super::check_department(d).is_ok() => Some(d.to_string()),
            Some(d) => {
                let fixed = slug(d);
                import
                    .problem(at(dept_col.unwrap_or(0)), format!("`{d}` is not a department id: written as `{fixed}`"));
                Some(fixed)
            }
            None => departments.of(owner.as_deref()),
        };
        let Some(department) = department else {
            import.problem(at(name_col), format!("no department for `{system_name}`: row skipped"));
            import.summary.skipped("rows with no department (map a department column, or pass --department)");
            continue;
        };
        let mut draft = Draft {
            name: system_name.to_string(),
            key: cell(id_col).map(str::to_string),
            department,
            owner,
            description: cell(desc_col).map(str::to_string),
            origin: format!("{name}:{line}"),
            at: at(name_col),
            ..Draft::default()
        };
        if let Some(text) = cell(life_col) {
            draft.lifecycle = lifecycles.get(&slug(text)).copied().or_else(|| lifecycle_of(text));
            if draft.lifecycle.is_none() {
                import.problem(
                    at(life_col.unwrap_or(0)),
                    format!("lifecycle `{text}` is not one xgea knows: add it to [lifecycle] in the mapping"),
                );
            }
        }
        if let Some(text) = cell(cost_col) {
            draft.annual_cost_gbp = cost_of(text);
            if draft.annual_cost_gbp.is_none() {
                import.problem(at(cost_col.unwrap_or(0)), format!("cost `{text}` is not a number of pounds: left out"));
            }
        }
        if let Some(text) = cell(caps_col) {
            let mut parts: Vec<String> = text
                .split([';', ',', '\n', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            // One cell of space-separated ids (`BO.02.01 FO.04.04`), unless it is one name with spaces.
            if let [one] = parts.as_slice()
                && !by_name.contains_key(&header_key(one))
            {
                let ids = capability_list(one);
                if ids.iter().all(|id| model.capability(id).is_some()) {
                    parts = ids;
                }
            }
            for part in parts {
                if model.capability(&part).is_some() {
                    draft.capabilities.push(part);
                } else if let Some(id) = by_name.get(&header_key(&part)) {
                    import.summary.mapped("capabilities named rather than given by id");
                    draft.capabilities.push((*id).to_string());
                } else {
                    import.problem(
                        at(caps_col.unwrap_or(0)),
                        format!("`{part}` is neither a capability id nor a capability name of the model: left out"),
                    );
                }
            }
            draft.capabilities.dedup();
        }
        if let Some(tags) = cell(tags_col) {
            draft.tags.push(tags.to_string());
        }
        import.drafts.push(draft);
    }
    Ok(import)
}

/// A sheet as read: its header row and the rows below it, each with its row number in the sheet (the line of a
/// CSV file, the row of a workbook, as the spreadsheet program shows it).
struct Table {
    headers: Vec<String>,
    rows: Vec<Row>,
    /// Rows that could not be read: where, and why.
    unreadable: Vec<(String, String)>,
}

struct Row {
    number: usize,
    cells: Vec<String>,
    /// A workbook row is as wide as the sheet's used range, whatever the header: its width says nothing.
    padded: bool,
}

fn read_csv(sheet: &Path, delimiter: u8, name: &str) -> Result<Table, ImportError> {
    let text = read(sheet)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::new(format!("{name}: cannot read the header row: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut table = Table { headers, rows: Vec::new(), unreadable: Vec::new() };
    for record in reader.records() {
        match record {
            Ok(r) => table.rows.push(Row {
                number: r.position().map_or(0, |p| p.line() as usize),
                cells: r.iter().map(str::to_string).collect(),
                padded: false,
            }),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                table.unreadable.push((format!("{name}:{line}"), format!("unreadable row: {e}; skipped")));
            }
        }
    }
    Ok(table)
}

/// The workbook formats read, by file extension.
#[derive(Debug, Clone, Copy)]
enum Workbook {
    Xlsx,
    Ods,
}

impl Workbook {
    fn of(path: &Path) -> Option<Workbook> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Workbook::Xlsx),
            "ods" => Some(Workbook::Ods),
            _ => None,
        }
    }
}

/// Reads a workbook's sheet. Its header row is the first that holds the `name` column's header: portfolio
/// workbooks often open with a title and blank rows.
fn read_workbook(
    path: &Path,
    kind: Workbook,
    wanted: Option<&str>,
    name_header: &str,
    name: &str,
) -> Result<Table, ImportError> {
    use calamine::Reader;
    let unreadable = |e: &dyn std::fmt::Display| {
        ImportError::new(format!("{name}: not a readable {kind:?} workbook: {e}"))
            .with_help("save the sheet again from the spreadsheet program, or export it as CSV")
    };
    let range = match kind {
        Workbook::Xlsx => {
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| unreadable(&e))?;
            let sheet = pick_sheet(&book.sheet_names(), wanted, name)?;
            book.worksheet_range(&sheet).map_err(|e| unreadable(&e))?
        }
        Workbook::Ods => {
            let mut book: calamine::Ods<_> = calamine::open_workbook(path).map_err(|e| unreadable(&e))?;
            let sheet = pick_sheet(&book.sheet_names(), wanted, name)?;
            book.worksheet_range(&sheet).map_err(|e| unreadable(&e))?
        }
    };
    // Row numbers as the spreadsheet shows them: the used range may start below row 1.
    let first = range.start().map_or(0, |(row, _)| row as usize) + 1;
    let mut rows = range.rows().map(|r| r.iter().map(cell_text).collect::<Vec<String>>()).enumerate();
    let key = header_key(name_header);
    let (_, headers) = rows.find(|(_, cells)| cells.iter().any(|c| header_key(c) == key)).ok_or_else(|| {
        ImportError::new(format!("{name}: no row of the sheet holds the header `{name_header}`"))
            .with_help("check `name` under [columns] in the mapping, or `sheet` under [options]")
    })?;
    let rows = rows.map(|(i, cells)| Row { number: first + i, cells, padded: true }).collect();
    Ok(Table { headers, rows, unreadable: Vec::new() })
}

fn pick_sheet(sheets: &[String], wanted: Option<&str>, name: &str) -> Result<String, ImportError> {
    match wanted {
        None => sheets.first().cloned().ok_or_else(|| ImportError::new(format!("{name}: the workbook has no sheet"))),
        Some(w) => sheets.iter().find(|s| s.as_str() == w).cloned().ok_or_else(|| {
            ImportError::new(format!(
                "{name}: no sheet `{w}` (the workbook has: {})",
                sheets.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ))
            .with_help("name one of them with `sheet = \"…\"` under [options] in the mapping")
        }),
    }
}

/// A cell as text: whole numbers without a decimal point (a cost of 59300000, not 59300000.0), dates as ISO
/// dates, errors as empty.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_mapping() {
        let m: Mapping = toml::from_str(TEMPLATE).unwrap();
        assert_eq!(m.columns.name, "Application name");
        assert_eq!(header_key("Annual cost (GBP)"), "annualcostgbp");
    }
}
