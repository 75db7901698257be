use std::io::Write;

use super::Outcome;
use crate::rules::CATALOGUE;

/// `xgea explain CODE|NAME`: the rule's header and its documentation.
pub fn run(rule: &str, out: &mut dyn Write) -> miette::Result<Outcome> {
    let meta = match CATALOGUE.resolve(rule) {
        Ok(meta) => meta,
        Err(unknown) => {
            let help = match unknown.closest {
                Some(s) => format!("did you mean `{s}`? `xgea rules` lists every rule"),
                None => "`xgea rules` lists every rule".to_string(),
            };
            return Err(miette::miette!(help = help, "unknown rule `{rule}`"));
        }
    };
    let docs: String = meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let text = format!(
        "# {name} ({code})\n\nFamily: {family} ({prefix}xx) · default severity: {severity}\n\n{summary}.\n\n{docs}\n",
        name = meta.name,
        code = meta.code,
        family = meta.family,
        prefix = meta.family.prefix(),
        severity = meta.severity,
        summary = capitalise(meta.summary),
        docs = docs.trim_end(),
    );
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
