use std::collections::BTreeSet;

use crate::diagnostic::{Finding, Label};
use crate::estate::Estate;
use crate::model::Model;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// An estate pinned to a model release (`--model-version 1.0.0`, or `[model] version = "1.0.0"` in
    /// `xgea.toml`) when a newer release has been published. The finding lists the interface standards the
    /// estate uses whose status differs in the newest release (`MSG-SOAP mandatory → deprecated`). Against an
    /// estate snapshot (`--estate`), that is the standards of the linted files: the pin is theirs.
    ///
    /// The finding is placed on the `version` line of `xgea.toml` when the pin comes from there; a pin given
    /// with `--model-version` has no place of its own, so the finding goes to the start of the estate's first
    /// descriptor file (in path order). Either way it is reported, waived and baselined like any other.
    ///
    /// ## Why it matters
    /// Pinning keeps a department's CI stable while the model moves, but a pin nobody revisits means the
    /// department is checked against standards the council has since deprecated or retired. Seeing which of
    /// its own standards change is what makes upgrading a decision rather than a surprise.
    ///
    /// ## Example
    /// ```yaml
    /// # xgea.toml: [model] version = "1.0.0"
    /// spec:
    ///   interfaces:
    ///     - id: paye-lookup
    ///       standards: [MSG-SOAP]     # mandatory in 1.0.0, deprecated in 2.0.0
    /// ```
    ///
    /// ## How to fix
    /// Read `xgea model diff <pinned> <newest>` and `xgea model impact --model <newest> .`, then move the pin to
    /// the newest release (or drop it to follow the built-in latest release).
    code: "XG610", name: "model-version-superseded", family: Governance, severity: Info,
    summary: "the pinned model release has been superseded by a newer one",
    stage: Lint,
}

/// The standards the linted systems' interfaces use whose status differs between two models: (id, old, new).
fn status_changes(old: &Model, new: &Model, estate: &Estate) -> Vec<(String, String, String)> {
    let used: BTreeSet<&str> = estate
        .systems
        .iter()
        .filter(|s| !s.from_snapshot())
        .flat_map(|s| s.interfaces.iter().flat_map(|i| i.standards.iter().map(|x| x.value.as_str())))
        .collect();
    let status = |m: &Model, id: &str| m.standard(id).map_or("undefined", |s| s.status.as_str()).to_string();
    used.into_iter()
        .filter_map(|id| {
            let (a, b) = (status(old, id), status(new, id));
            (a != b).then(|| (id.to_string(), a, b))
        })
        .collect()
}

/// Where a finding about the whole estate goes: the start of its first descriptor file.
fn anchor(estate: &Estate) -> Option<Span> {
    let files = estate.systems.iter().map(|s| s.file).chain(estate.departments.iter().map(|d| d.file));
    files.min().map(Span::file_start)
}

/// A newer release than the one an estate is pinned to: its version and its model.
#[derive(Debug, Clone, Copy)]
pub struct Newer<'a> {
    pub version: &'a str,
    pub model: &'a Model,
}

/// The XG610 finding for an estate pinned to `pinned` (and checked against `model`) when `newest` has been
/// published since. `at` is where the pin is written (the `version` in `xgea.toml`), if anywhere; otherwise the
/// finding goes to the start of the estate's first descriptor file, and there is none for an estate without
/// one. The lint run finds and builds the newest release: rules never touch the file system.
pub fn superseded(
    pinned: &str,
    model: &Model,
    newest: Newer<'_>,
    estate: &Estate,
    at: Option<Span>,
) -> Option<Finding> {
    let changes = status_changes(model, newest.model, estate);
    let at = at.or_else(|| anchor(estate))?;
    let summary = match changes.len() {
        0 => "none of the standards the estate uses changes status".to_string(),
        1 => "1 standard the estate uses changes status".to_string(),
        n => format!("{n} standards the estate uses change status"),
    };
    let mut help = format!(
        "see `xgea model diff {pinned} {new}` and `xgea model impact --model {new} --against {pinned} <PATHS>`, then pin {new}",
        new = newest.version
    );
    if !changes.is_empty() {
        let all: Vec<String> = changes.iter().map(|(id, a, b)| format!("{id} ({a} → {b})")).collect();
        help = format!("in {}: {}; {help}", newest.version, all.join(", "));
    }
    Some(
        Finding::new(
            &RULE,
            format!("the pinned model release {pinned} is superseded by {}, where {summary}", newest.version),
            Label::new(at, format!("pinned to model {pinned}")),
        )
        .with_help(help),
    )
}
