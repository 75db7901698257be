//! The report's downloads: the findings, the roadmap and the scorecards as CSV and as XLSX, written beside
//! the pages and linked from them.
//!
//! Each XLSX holds one sheet with the same rows as its CSV: cells that are plain decimal numbers are written
//! as numbers, everything else as text (never a formula). Money columns are whole pounds (the roadmap's CSV
//! is `xgea roadmap --format csv`'s). The workbook's creation time is the report's generation time, so a
//! report built with `SOURCE_DATE_EPOCH` is byte-identical, workbooks included.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::Cx;
use crate::scorecard::spreadsheet_text;

/// The download files, by stem: `findings`, `roadmap`, `scorecards` (each `.csv` and `.xlsx`).
pub const STEMS: [&str; 3] = ["findings", "roadmap", "scorecards"];

/// The findings as CSV: one row per finding, in the run's order.
pub fn findings_csv(cx: &Cx<'_>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = ["severity", "code", "rule", "department", "system", "message", "help", "path", "line", "column"];
    w.write_record(header).expect("writing to memory cannot fail");
    let mut owner_system = vec![None; cx.findings().len()];
    for (i, list) in cx.system_findings.iter().enumerate() {
        for &k in list {
            owner_system[k] = Some(cx.run.estate.systems[i].id.as_str());
        }
    }
    let mut owner_department = vec![None; cx.findings().len()];
    for (d, list) in &cx.department_findings {
        for &k in list {
            owner_department[k] = Some(*d);
        }
    }
    for (k, f) in cx.findings().iter().enumerate() {
        let file = cx.run.sources.get(f.primary.span.file);
        let at = file.line_col(f.primary.span.start);
        let row = [
            f.severity.as_str().to_string(),
            f.rule.code.to_string(),
            f.rule.name.to_string(),
            spreadsheet_text(owner_department[k].unwrap_or("")).into_owned(),
            spreadsheet_text(owner_system[k].unwrap_or("")).into_owned(),
            spreadsheet_text(&f.message).into_owned(),
            spreadsheet_text(f.help.as_deref().unwrap_or("")).into_owned(),
            spreadsheet_text(&file.path).into_owned(),
            at.line.to_string(),
            at.column.to_string(),
        ];
        w.write_record(&row).expect("writing to memory cannot fail");
    }
    String::from_utf8(w.into_inner().expect("writing to memory cannot fail")).expect("every cell is UTF-8")
}

/// A cell that is a plain decimal number (`12`, `-3`, `0.15`; no leading zeros, exponents or signs but `-`).
fn as_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'))
        && frac.bytes().all(|b| b.is_ascii_digit())
        && frac.is_empty() != digits.contains('.')
        && int.len() <= 15;
    plain.then(|| text.parse().ok()).flatten()
}

/// The most characters Excel holds in one cell.
const MAX_CELL: usize = 32_767;

/// One CSV table as a workbook of one sheet named `sheet`, its header row bold and frozen.
///
/// The sheet's rows go to a temporary file in `scratch` (the report's own folder) as they are written, instead
/// of a cell table in memory: the findings of 100,000 systems are 360,000 cells, about 55 MB held. The file is
/// removed when the workbook is done.
pub fn xlsx_from_csv(sheet: &str, csv_text: &str, epoch: i64, scratch: &Path) -> Result<Vec<u8>, String> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("cannot write the {sheet} workbook: {e}");
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_timestamp(epoch).map_err(err)?;
    book.set_properties(&DocProperties::new().set_title(sheet).set_creation_datetime(&created));
    book.set_tempdir(scratch).map_err(err)?;
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet_with_constant_memory().map_err(err)?;
    ws.set_name(sheet).map_err(err)?;
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv_text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("cannot read the {sheet} table: {e}"))?;
        let row = u32::try_from(r).map_err(|_| format!("the {sheet} table has too many rows"))?;
        for (c, cell) in record.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| format!("the {sheet} table has too many columns"))?;
            if r == 0 {
                ws.write_string_with_format(row, col, cell, &bold).map_err(err)?;
            } else if let Some(n) = as_number(cell) {
                ws.write_number(row, col, n).map_err(err)?;
            } else if !cell.is_empty() {
                let text: String = cell.chars().take(MAX_CELL).collect();
                ws.write_string(row, col, &text).map_err(err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_decimals_become_numbers() {
        assert_eq!(as_number("12"), Some(12.0));
        assert_eq!(as_number("-3"), Some(-3.0));
        assert_eq!(as_number("0.15"), Some(0.15));
        assert_eq!(as_number("59299999.00"), Some(59_299_999.0));
        for text in ["", "007", "1e5", "+1", "1.", ".5", "dwp.1", "NaN", "inf", "1 000", "12345678901234567"] {
            assert_eq!(as_number(text), None, "{text}");
        }
    }

    #[test]
    fn a_workbook_is_the_same_bytes_for_the_same_table_and_time() {
        let scratch = tempfile::tempdir().unwrap();
        let table = "a,b\nx,1\n=cmd,2.5\n";
        let one = xlsx_from_csv("t", table, 1_700_000_000, scratch.path()).unwrap();
        let two = xlsx_from_csv("t", table, 1_700_000_000, scratch.path()).unwrap();
        assert!(one.starts_with(b"PK"));
        assert_eq!(one, two);
        assert_ne!(one, xlsx_from_csv("t", table, 1_700_000_001, scratch.path()).unwrap());
    }

    #[test]
    fn a_workbook_reads_back_as_its_table_and_leaves_no_file_behind() {
        use calamine::{Data, Reader};
        let scratch = tempfile::tempdir().unwrap();
        let table = "severity,code,line\nerror,XG001,12\nwarning,\"=HYPERLINK(\"\"x\"\")\",\nnote,XG610,007\n";
        let book = xlsx_from_csv("findings", table, 1_700_000_000, scratch.path()).unwrap();
        assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0, "the sheet's temporary file is removed");
        let mut xlsx = calamine::Xlsx::new(std::io::Cursor::new(book)).unwrap();
        assert_eq!(xlsx.sheet_names(), ["findings"]);
        let range = xlsx.worksheet_range("findings").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        let text = |t: &str| Data::String(t.to_string());
        assert_eq!(
            rows,
            [
                vec![text("severity"), text("code"), text("line")],
                vec![text("error"), text("XG001"), Data::Float(12.0)],
                vec![text("warning"), text("=HYPERLINK(\"x\")"), Data::Empty],
                vec![text("note"), text("XG610"), text("007")],
            ]
        );
    }
}
