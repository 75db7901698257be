//! Writes a generated estate for benchmarks and experiments (not part of the `xgea` command line):
//!
//! ```sh
//! cargo run --release --example generate-estate -- --systems 10000 --layout per-system --seed 1 --out /tmp/estate
//! ```
//!
//! The same arguments give the same bytes on every machine. It prints what it wrote and what it planted
//! (uses of deprecated and unknown standards, broken files), which a lint run of the estate reports.

#[path = "generator.rs"]
mod generator;

use std::path::PathBuf;

use clap::Parser;
use generator::{Layout, Spec};

/// Write a deterministic, realistic estate of department descriptors.
#[derive(Parser)]
#[command(name = "generate-estate")]
struct Args {
    /// How many systems.
    #[arg(long, default_value_t = 1000)]
    systems: usize,
    /// `per-system` (one file per system, in department folders) or `per-department` (one multi-document
    /// file per department).
    #[arg(long, default_value = "per-system")]
    layout: Layout,
    /// The seed: the same seed gives the same estate.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Draft files with a YAML syntax error [default: one per 2,000 systems, at least one].
    #[arg(long)]
    broken: Option<usize>,
    /// Suppliers and a `sourcing` block on every system not retiring.
    #[arg(long)]
    sourcing: bool,
    /// The directory to write into: it is created, and must be empty if it exists.
    #[arg(long)]
    out: PathBuf,
}

fn main() {
    let args = Args::parse();
    if std::fs::read_dir(&args.out).is_ok_and(|mut entries| entries.next().is_some()) {
        eprintln!("generate-estate: `{}` is not empty; name a new or empty directory", args.out.display());
        std::process::exit(2);
    }
    let mut spec = Spec::new(args.systems, args.layout, args.seed);
    if let Some(broken) = args.broken {
        spec.broken_files = broken;
    }
    spec.sourcing = args.sourcing;
    let planted = std::fs::create_dir_all(&args.out).and_then(|()| generator::generate(&args.out, &spec));
    match planted {
        Ok(p) => println!(
            "wrote {} systems in {} departments, {} files, to {}; planted {} deprecated-standard uses (XG201), \
             {} unknown standards (XG102), {} broken files (XG001)",
            p.systems,
            p.departments,
            p.files,
            args.out.display(),
            p.deprecated_uses,
            p.unknown_standards,
            p.broken_files
        ),
        Err(e) => {
            eprintln!("generate-estate: cannot write `{}`: {e}", args.out.display());
            std::process::exit(2);
        }
    }
}
