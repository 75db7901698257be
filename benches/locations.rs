//! Benchmark: printing findings costs the same whether they sit in one large file or in many small ones.
//!
//! `cargo bench --bench locations` (`XGEA_BENCH_FINDINGS=20000 XGEA_BENCH_ROUNDS=5`). Writes one system
//! descriptor with N unknown capabilities (N XG101 findings in one file) and the same findings spread over 20
//! files, lints both once, then times writing every finding in the human (source snippets), concise and SARIF
//! formats. Locations go through each file's line index, so the ratio one file / 20 files should stay near 1;
//! before the index it grew with the file's size.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use xgea::lint::{LintRequest, LintRun, lint};
use xgea::output::{Format, Report, Summary, emit};

const SPLIT: usize = 20;

fn descriptor(id: &str, first: usize, count: usize) -> String {
    let mut text = format!(
        "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: bench.{id}\n  name: Benchmark {id}\n  department: bench\n\
         spec:\n  lifecycle: live\n  capabilities:\n"
    );
    for i in first..first + count {
        // Well-formed ids the model does not define (its groups stop well below 50), each on its own line:
        // one XG101 each. 4 families x 50 groups x 100 leaves = 20,000 distinct ids.
        let family = ["FO", "BO", "IS", "IN"][i / 5_000 % 4];
        let _ = writeln!(text, "    - {family}.{:02}.{:02}", 50 + i / 100 % 50, i % 100);
    }
    text
}

fn write_estate(dir: &Path, findings: usize, files: usize) {
    let per_file = findings / files;
    for f in 0..files {
        let text = descriptor(&format!("s{f}"), f * per_file, per_file);
        std::fs::write(dir.join(format!("s{f}.yaml")), text).expect("write a descriptor");
    }
}

fn lint_dir(dir: &Path) -> LintRun {
    let mut request = LintRequest::new(vec![dir.to_path_buf()]);
    request.today = "2026-11-23".parse().unwrap();
    match lint(&request) {
        Ok(run) => run,
        Err(_) => panic!("the benchmark estate in {} does not load", dir.display()),
    }
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e3
}

fn time_format(run: &LintRun, format: Format, rounds: usize) -> (f64, usize) {
    let report = Report {
        findings: run.findings.clone(),
        summary: Summary::new(&run.estate, &run.findings, &run.model.meta.version),
    };
    let mut bytes = 0;
    let times = (0..rounds)
        .map(|_| {
            let mut out = Vec::with_capacity(1 << 20);
            let start = Instant::now();
            emit(format, &report, &run.sources, &mut out, false, false).expect("write the findings");
            let elapsed = start.elapsed();
            bytes = std::hint::black_box(out).len();
            elapsed
        })
        .collect();
    (median(times), bytes)
}

fn main() {
    let findings: usize =
        std::env::var("XGEA_BENCH_FINDINGS").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000).max(SPLIT);
    let rounds: usize = std::env::var("XGEA_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let one = tempfile::tempdir().expect("temporary directory");
    let many = tempfile::tempdir().expect("temporary directory");
    write_estate(one.path(), findings, 1);
    write_estate(many.path(), findings, SPLIT);
    let (one_run, many_run) = (lint_dir(one.path()), lint_dir(many.path()));
    assert_eq!(one_run.findings.len(), many_run.findings.len(), "both layouts give the same findings");
    println!("{} findings in 1 file vs in {SPLIT} files (median of {rounds} rounds)", one_run.findings.len());
    for (name, format) in [("human", Format::Human), ("concise", Format::Concise), ("sarif", Format::Sarif)] {
        let (one_ms, one_bytes) = time_format(&one_run, format, rounds);
        let (many_ms, _) = time_format(&many_run, format, rounds);
        println!(
            "  {name:<8} 1 file {one_ms:>9.1} ms   {SPLIT} files {many_ms:>9.1} ms   ratio {:>5.2}   ({} KiB written)",
            one_ms / many_ms,
            one_bytes / 1024
        );
    }
}
