use std::io::Write;

use super::Outcome;
use crate::rules::ALL;

/// `xgea rules`: one line per rule.
pub fn run(out: &mut dyn Write) -> miette::Result<Outcome> {
    let name_width = ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for rule in ALL {
        text.push_str(&format!(
            "{}  {:<name_width$}  {:<7}  {}\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
