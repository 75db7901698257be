//! `xgea man [COMMAND]...`: the roff man page (section 1) of xgea, or of one of its commands, on stdout.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Outcome};

#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// A command whose own page to print (`lint`, `model diff`), as the main page lists them: xgea-lint(1).
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(args: &ManArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    // The plain version, so a page is the same whichever commit it is generated from; no `help` command.
    let mut command = Cli::command().long_version(None::<&'static str>).disable_help_subcommand(true);
    command.build();
    for name in &args.command {
        let Some(sub) = command.find_subcommand(name) else {
            let known = command.get_subcommands().map(|c| c.get_name()).collect::<Vec<_>>();
            let path = command.get_display_name().unwrap_or(command.get_name()).replace('-', " ");
            return Err(miette::miette!(
                help = format!("the commands of `{path}` are: {}", known.join(", ")),
                "`{path}` has no command `{name}`"
            ));
        };
        command = sub.clone();
    }
    clap_mangen::Man::new(command)
        .source(format!("xgea {}", env!("CARGO_PKG_VERSION")))
        .render(out)
        .map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
