#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2): how many milliseconds freed memory stays committed before the
/// allocator returns it to the system (10 by default). The Rust bindings name the options around it, not it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system after 1 ms: the loader frees its parse trees as fast as the rules
/// allocate, and with mimalloc's 10 ms the peak of 100,000 systems held 10-15 MiB of freed memory more. The
/// time is the same (interleaved runs, benches/README.md).
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: sets a numeric option of the allocator, which is read at each purge; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) }
}

fn main() -> ExitCode {
    tune_allocator();
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
