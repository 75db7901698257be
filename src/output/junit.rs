//! `--format junit`: JUnit XML for CI test-report views. One test suite per file with findings, one test case
//! per rule in that file, failing with every finding of that rule there; a clean run is one passing case.
//! No timestamps or durations, so the output is byte-identical between runs. Every user string is passed
//! through [`sanitize::line`] first: XML 1.0 has no way to write most control characters or U+FFFE at all.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Report, location, sanitize};
use crate::diagnostic::Finding;
use crate::source::{FileId, SourceDb};

pub fn write(out: &mut dyn Write, db: &SourceDb, report: &Report) -> io::Result<()> {
    let mut junit = JunitReport::new("xgea lint");
    let mut by_file: BTreeMap<(&str, FileId), BTreeMap<&'static str, Vec<&Finding>>> = BTreeMap::new();
    for f in &report.findings {
        let file = f.primary.span.file;
        by_file.entry((db.get(file).path.as_str(), file)).or_default().entry(f.rule.code).or_default().push(f);
    }
    if by_file.is_empty() {
        let mut suite = TestSuite::new("xgea");
        let mut case = TestCase::new("lint", TestCaseStatus::success());
        case.set_classname("xgea");
        suite.add_test_case(case);
        junit.add_test_suite(suite);
    }
    for ((path, _), rules) in by_file {
        let path = sanitize::line(path).into_owned();
        let mut suite = TestSuite::new(path.as_str());
        for (code, findings) in rules {
            let rule = findings[0].rule;
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let first = findings[0];
            let first_message = sanitize::line(&first.message);
            let message = if findings.len() == 1 {
                first_message.into_owned()
            } else {
                format!("{} findings; first: {first_message}", findings.len())
            };
            let description: Vec<String> = findings
                .iter()
                .map(|f| {
                    let at = location(db, &f.primary);
                    let help = f.help.as_deref().map(|h| format!(" (help: {})", sanitize::line(h))).unwrap_or_default();
                    let message = sanitize::line(&f.message);
                    format!("{path}:{}:{}: {} {code} {message}{help}", at.line, at.column, f.severity)
                })
                .collect();
            status.set_message(message).set_type(first.severity.as_str()).set_description(description.join("\n"));
            let mut case = TestCase::new(format!("{code} {}", rule.name), status);
            case.set_classname(path.as_str());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    let mut xml = junit.to_string().map_err(io::Error::other)?;
    // The JUnit 4 schema CI servers follow has no `skipped` on `<testsuites>` (only on `<testsuite>`), and
    // xgea never skips: drop the attribute quick-junit always writes there.
    if let Some(start) = xml.find("<testsuites ") {
        let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
        if let Some(at) = xml[start..end].find(" skipped=\"0\"") {
            xml.replace_range(start + at..start + at + " skipped=\"0\"".len(), "");
        }
    }
    out.write_all(xml.as_bytes())?;
    if !xml.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}
