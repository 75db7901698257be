use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = xgea::cli::Cli::parse();
    ExitCode::from(xgea::cli::run(cli).code())
}
