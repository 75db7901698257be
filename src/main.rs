#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    xgea::cli::install_panic_hook();
    let outcome = std::panic::catch_unwind(|| {
        let cli = xgea::cli::Cli::parse();
        // Lets the test suite check what a panic looks like to a user; no user sets it.
        if std::env::var_os("XGEA_TEST_PANIC").is_some() {
            panic!("forced by XGEA_TEST_PANIC");
        }
        xgea::cli::run(cli).code()
    });
    ExitCode::from(outcome.unwrap_or(xgea::cli::PANIC_EXIT))
}
