use std::io::Write;
use std::path::PathBuf;

use super::lint::report_failure;
use super::{ModelArgs, Outcome};
use crate::lint::lint;
use crate::model::suggest::TextIndex;

#[derive(Debug, Clone, clap::Args)]
pub struct SuggestArgs {
    /// Files and directories of department descriptors (*.yaml, *.yml); directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// How many capabilities to suggest per system.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub limit: usize,
    /// Suggest for every system, not only those that list no capability.
    #[arg(long)]
    pub all: bool,
}

/// `xgea suggest`: for each system that lists no capability (or every system with `--all`), the model's
/// capabilities whose words best match its name, description and interfaces; for each interface that lists no
/// standard, the standards that match its id and counterpart.
pub fn run(args: &SuggestArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let config = super::lint::discover_config(None, false)?;
    let request = super::lint::request_for(args.paths.clone(), &args.model, config)?;
    let run = match lint(&request) {
        Ok(run) => run,
        Err(error) => return Err(report_failure(error, &mut std::io::sink(), color)),
    };
    let capabilities = TextIndex::capabilities(&run.model);
    let standards = TextIndex::standards(&run.model);
    let mut text = String::new();
    let mut shown = 0;
    for system in &run.estate.systems {
        let bare: Vec<_> = system.interfaces.iter().filter(|f| f.standards.is_empty()).collect();
        if !args.all && !system.capabilities.is_empty() && bare.is_empty() {
            continue;
        }
        shown += 1;
        let file = run.sources.get(system.file);
        let at = file.line_col(system.id.span.start);
        text.push_str(&format!("{}:{}:{}: {} ({})\n", file.path, at.line, at.column, system.id.value, system.name));
        if args.all || system.capabilities.is_empty() {
            let query = system.suggestion_query(&run.model);
            let ranked = capabilities.rank(&query, args.limit);
            if ranked.is_empty() {
                text.push_str("  capabilities: no capability of the model shares a word with the system\n");
            } else {
                let listed: Vec<&str> = system.capabilities.iter().map(|c| c.as_str()).collect();
                text.push_str("  capabilities:\n");
                for s in ranked {
                    let mark = if listed.contains(&s.id.as_str()) { "  (listed)" } else { "" };
                    text.push_str(&format!("    {:<10} {:<40} {:.2}{mark}\n", s.id, s.name, s.score));
                }
            }
        }
        for interface in bare {
            let words = format!("{} {}", interface.id.value, interface.counterpart.value.name());
            let ranked = standards.rank(&words, args.limit);
            let names: Vec<String> = ranked.iter().map(|s| s.id.clone()).collect();
            let list =
                if names.is_empty() { "no standard shares a word with it".to_string() } else { names.join(", ") };
            text.push_str(&format!("  interface {} (no standards): {list}\n", interface.id.value));
        }
    }
    if shown == 0 {
        text.push_str(
            "every system lists its capabilities and every interface its standards (use --all to rank anyway)\n",
        );
    }
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
