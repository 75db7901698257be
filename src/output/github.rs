//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the
//! pull request's changed lines: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use super::{location, sanitize};
use crate::diagnostic::{Finding, Severity};
use crate::source::SourceDb;

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as the message, plus `:` and `,` which separate properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, db: &SourceDb, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let at = location(db, &f.primary);
        // Runner logs are shown as a terminal would: no control character of the user's gets through.
        let mut message = sanitize::line(&f.message).into_owned();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(&sanitize::line(help));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&sanitize::line(&at.path)),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape_property(&format!("{} ({})", f.rule.code, f.rule.name)),
            escape_data(&message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_split_on() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
