use crate::diagnostic::{Finding, Label};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// An estate snapshot (`xgea lint --estate FILE`, or `[estate] snapshot` in `xgea.toml`) that no longer
    /// matches the run: it was checked against another model release than the one this run uses (a
    /// different version, or the same version with different content), or it is older than
    /// `[estate] max-age-days` (default 7 days).
    ///
    /// The finding is placed at the start of the snapshot file.
    ///
    /// ## Why it matters
    /// The other departments' systems come from the snapshot: if it was built against another model, ids
    /// that this run's model renamed or retired may be read differently there, and a snapshot nobody
    /// refreshes hides the duplication that appeared since. The findings are still computed, but on evidence
    /// that may be out of date.
    ///
    /// ## Example
    /// ```text
    /// xgea lint . --estate estate.snapshot.json --model-version 1.0.0   # the snapshot was built on 2.0.0
    /// ```
    ///
    /// ## How to fix
    /// Download the current snapshot (the Board publishes it, for example nightly), or pin the model release
    /// the snapshot was built against. A department that deliberately lints against an old snapshot can raise
    /// `max-age-days` or waive XG611.
    code: "XG611", name: "estate-snapshot-out-of-date", family: Governance, severity: Warning,
    summary: "the estate snapshot was built against another model release, or is older than allowed",
    stage: Lint,
}

pub(crate) fn other_model(at: Span, snapshot: &str, run: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("the estate snapshot was built against model {snapshot}, but this run checks against {run}"),
        Label::new(at, "estate snapshot"),
    )
    .with_help("use a snapshot built against the same model release, or pin the release the snapshot was built against")
}

pub(crate) fn too_old(at: Span, created: &str, days: i64, max: u32) -> Finding {
    Finding::new(
        &RULE,
        format!("the estate snapshot was made on {created}, {days} days ago (more than {max})"),
        Label::new(at, "estate snapshot"),
    )
    .with_help("download the current snapshot, or raise `max-age-days` in `[estate]` of xgea.toml")
}
