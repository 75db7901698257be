//! `xgea completions SHELL`: the shell's completion script for every command, flag and value, on stdout.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use super::{Cli, Outcome};

#[derive(Debug, Clone, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    let mut command = Cli::command();
    command.set_bin_name("xgea");
    command.build();
    args.shell.try_generate(&command, out).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
