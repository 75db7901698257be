use std::io::Write;

use super::Outcome;
use crate::diagnostic::RuleMeta;
use crate::rules::ALL;

#[derive(Debug, Clone, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// One aligned line per rule.
    Text,
    /// A Markdown table (the README's rule table is this output).
    Markdown,
    /// An array of rules with their full documentation.
    Json,
}

/// `xgea rules`: every rule in registry order.
pub fn run(args: &RulesArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    let text = match args.format {
        RulesFormat::Text => text(),
        RulesFormat::Markdown => markdown(),
        RulesFormat::Json => json(),
    };
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}

fn text() -> String {
    let name_width = ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    ALL.iter()
        .map(|rule| {
            format!("{}  {:<name_width$}  {:<7}  {}\n", rule.code, rule.name, rule.severity.as_str(), rule.summary)
        })
        .collect()
}

/// The rule table, as committed to the README between its `rules` markers.
pub fn markdown() -> String {
    let mut out = String::from("| code | name | family | default | what it finds |\n| --- | --- | --- | --- | --- |\n");
    for rule in ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            rule.code,
            rule.name,
            rule.family,
            rule.severity,
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}

fn json() -> String {
    let rules: Vec<serde_json::Value> = ALL.iter().map(|r| rule_json(r)).collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}

fn rule_json(rule: &RuleMeta) -> serde_json::Value {
    let docs: Vec<&str> = rule.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    serde_json::json!({
        "code": rule.code,
        "name": rule.name,
        "family": rule.family.name(),
        "severity": rule.severity.as_str(),
        "summary": rule.summary,
        "explanation": docs.join("\n").trim_end(),
    })
}
