//! Benchmark: the estate graph and every rule over generated estates of 10,000 and 100,000 systems.
//!
//! `cargo bench --bench estate` (sizes and rounds: `XGEA_BENCH_SIZES=10000,100000 XGEA_BENCH_ROUNDS=7`;
//! `XGEA_BENCH_WRITE=DIR` only writes each estate to `DIR/estate-<size>`, for timing the `xgea` binary).
//! Each size is generated once into a temporary directory (seeded, so every run sees the same estate) and
//! loaded once with `lint()`; then the graph build, all rule checks, and the near-duplicate rule alone are
//! timed in memory, and the median and minimum of the rounds are printed. Then the estate is written as a
//! snapshot (its size is printed), the snapshot is loaded and verified, and one department's file (77 systems)
//! is linted against the snapshot of the whole estate (`lint()` with `--estate`, end to end).

#[path = "support/generator.rs"]
mod generator;

use std::time::{Duration, Instant};

use xgea::graph::EstateGraph;
use xgea::lint::{LintRequest, SnapshotRequest, lint};
use xgea::rules::{RuleContext, RuleOptions, run_checks};

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!("median {:>9.1} ms   min {:>9.1} ms", ms(times[times.len() / 2]), ms(times[0]))
}

fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut times = Vec::with_capacity(rounds);
    let mut last = None;
    for _ in 0..rounds {
        let start = Instant::now();
        let out = std::hint::black_box(f());
        times.push(start.elapsed());
        last = Some(out);
    }
    (times, last.expect("at least one round"))
}

fn main() {
    let sizes: Vec<usize> = std::env::var("XGEA_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rounds: usize = std::env::var("XGEA_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(7).max(1);
    // `XGEA_BENCH_WRITE=DIR`: only write each estate to `DIR/estate-<size>` (for whole-process timings).
    if let Some(out) = std::env::var_os("XGEA_BENCH_WRITE") {
        for systems in sizes {
            let dir = std::path::Path::new(&out).join(format!("estate-{systems}"));
            std::fs::create_dir_all(&dir).expect("create the output directory");
            let files = generator::write_estate(&dir, systems, 0x5eed_0001).expect("write the estate");
            println!("wrote {systems} systems in {files} files to {}", dir.display());
        }
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    for systems in sizes {
        let dir = tempfile::tempdir().expect("temporary directory");
        let start = Instant::now();
        let files = generator::write_estate(dir.path(), systems, 0x5eed_0001).expect("write the estate");
        let generated = start.elapsed();
        let mut request = LintRequest::new(vec![dir.path().to_path_buf()]);
        request.today = "2026-11-23".parse().unwrap();
        let start = Instant::now();
        let run = lint(&request).expect("the generated estate loads");
        let full = start.elapsed();
        println!(
            "estate of {systems} systems in {files} files: generated in {:.1} s; lint() end to end {:.2} s, {} findings",
            generated.as_secs_f64(),
            full.as_secs_f64(),
            run.findings.len()
        );
        let (build, graph) = time(rounds, || EstateGraph::build(&run.model, &run.estate));
        println!("  graph build ({} nodes, {} edges)        {}", graph.node_count(), graph.edge_count(), stats(build));
        let options = RuleOptions::default();
        let cx = RuleContext {
            model: &run.model,
            estate: &run.estate,
            sources: &run.sources,
            today: request.today,
            graph: &graph,
            options: &options,
        };
        let (checks, findings) = time(rounds, || run_checks(&cx));
        println!("  all rule checks ({} findings)          {}", findings.len(), stats(checks));
        // Every rule on its own, slowest first.
        let mut per_rule: Vec<(Duration, String)> = Vec::new();
        for registered in xgea::rules::registry::RULES {
            let xgea::rules::registry::Check::Estate(check) = registered.check else { continue };
            let rule = registered.meta;
            let (mut times, out) = time(rounds, || {
                let mut out = Vec::new();
                check(&cx, &mut out);
                out
            });
            times.sort();
            let line = format!(
                "  {} {:<44} {}",
                rule.code,
                format!("{} ({} findings)", rule.name, out.len()),
                stats(times.clone())
            );
            per_rule.push((times[times.len() / 2], line));
        }
        per_rule.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (_, line) in per_rule {
            println!("{line}");
        }

        // The estate as a snapshot, and one department linted against it.
        let stamp = xgea::snapshot::ModelStamp { version: run.model.version().to_string(), sha256: "0".repeat(64) };
        let snapshot = xgea::snapshot::Snapshot::of(&run.estate, stamp, request.today);
        let path = dir.path().join("estate.snapshot.json");
        let text = snapshot.to_text();
        std::fs::write(&path, &text).expect("write the snapshot");
        println!("  snapshot: {} bytes ({:.1} MiB)", text.len(), text.len() as f64 / (1024.0 * 1024.0));
        drop((text, snapshot));
        let (load, loaded) = time(rounds, || xgea::snapshot::Snapshot::read(&path).expect("the snapshot loads"));
        println!("  snapshot load and verify ({} systems)      {}", loaded.systems.len(), stats(load));
        drop(loaded);
        let department = dir.path().join("d0001.yaml");
        let mut one = LintRequest::new(vec![department]);
        one.today = request.today;
        one.snapshot = Some(SnapshotRequest::new(path));
        let (against, out) = time(rounds.min(3), || lint(&one).expect("the department lints"));
        println!(
            "  lint one department ({} systems) against the snapshot ({} findings)   {}",
            out.estate.local_systems().count(),
            out.findings.len(),
            stats(against)
        );
    }
}
