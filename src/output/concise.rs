//! `--format concise`: one line per finding, `path:line:col: severity CODE message`, for grep and editors.

use std::io::{self, Write};

use super::location;
use crate::diagnostic::Finding;
use crate::source::SourceDb;

pub fn write(out: &mut dyn Write, db: &SourceDb, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let at = location(db, &f.primary);
        writeln!(out, "{}:{}:{}: {} {} {}", at.path, at.line, at.column, f.severity, f.rule.code, f.message)?;
    }
    Ok(())
}
