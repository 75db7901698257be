//! `--format concise`: one line per finding, `path:line:col: severity CODE message`, for grep and editors.
//! Whatever a key holds, a finding stays on its one line (see [`sanitize::line`]).

use std::io::{self, Write};

use super::{location, sanitize};
use crate::diagnostic::Finding;
use crate::source::SourceDb;

pub fn write(out: &mut dyn Write, db: &SourceDb, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let at = location(db, &f.primary);
        writeln!(
            out,
            "{}:{}:{}: {} {} {}",
            sanitize::line(&at.path),
            at.line,
            at.column,
            f.severity,
            f.rule.code,
            sanitize::line(&f.message)
        )?;
    }
    Ok(())
}
