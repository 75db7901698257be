//! `xgea model impact`: lint one estate against the current model and against a candidate, and tell which
//! departments and systems gain or lose findings.
//!
//! Findings of the two runs are matched by their identity ([`Finding::identity`]: rule, subject, place) in
//! their file, at their severity and wording: a finding whose severity or message changes with the model (a
//! standard deprecated, then past its sunset) is one lost and one gained.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::Finding;
use crate::lint::{LintError, LintRequest, LintRun, ModelOrigin, lint};
use crate::model::ModelSource;
use crate::rules::governance::xg610_model_version_superseded;

/// A finding gained or lost, as reported: the department and system it is grouped under (empty when it
/// concerns a whole department, or nothing of the estate), then what and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Impacted {
    pub department: String,
    pub system: String,
    pub code: &'static str,
    pub file: String,
    /// The finding's JSON pointer, empty when it has none.
    pub pointer: String,
    pub message: String,
    pub severity: &'static str,
}

impl Impacted {
    /// Where the finding is, when its message alone does not say: ` (file pointer)`.
    pub fn at(&self) -> String {
        if self.pointer.is_empty() { format!(" ({})", self.file) } else { format!(" ({} {})", self.file, self.pointer) }
    }
}

/// What makes a finding of one run the same as one of the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    code: &'static str,
    subject: String,
    place: String,
    file: String,
    severity: &'static str,
    message: String,
}

/// Findings gained and lost at one place.
pub type GainedLost<'a> = (Vec<&'a Impacted>, Vec<&'a Impacted>);

/// The findings a candidate model gains and loses on an estate, against the current model.
#[derive(Debug, Clone)]
pub struct Impact {
    /// The version of the model compared with.
    pub current: String,
    /// The version of the candidate.
    pub candidate: String,
    /// Systems in the estate.
    pub systems: usize,
    /// Findings of the candidate run that the current run does not have, in report order.
    pub gained: Vec<Impacted>,
    /// Findings of the current run that the candidate run does not have, in report order.
    pub lost: Vec<Impacted>,
    /// Systems of the estate (rather than departments or unknown subjects) that gain or lose a finding.
    pub systems_touched: usize,
}

impl Impact {
    /// Gained and lost findings by (department, system), in order.
    pub fn by_place(&self) -> BTreeMap<(&str, &str), GainedLost<'_>> {
        let mut places: BTreeMap<(&str, &str), GainedLost<'_>> = BTreeMap::new();
        for k in &self.gained {
            places.entry((&k.department, &k.system)).or_default().0.push(k);
        }
        for k in &self.lost {
            places.entry((&k.department, &k.system)).or_default().1.push(k);
        }
        places
    }

    /// Departments that gain or lose a finding (the empty name standing for findings outside any).
    pub fn departments_touched(&self) -> usize {
        self.gained.iter().chain(&self.lost).map(|k| k.department.as_str()).collect::<BTreeSet<_>>().len()
    }
}

/// Lints the estate at `paths` against `current` and against `candidate`, and compares the findings.
pub fn impact(paths: &[PathBuf], current: ModelSource, candidate: ModelSource) -> Result<Impact, LintError> {
    let run_with = |model: ModelSource, origin: ModelOrigin| {
        let mut request = LintRequest::new(paths.to_vec());
        if !matches!(model, ModelSource::Embedded) {
            request.model_origin = origin;
        }
        request.model = model;
        lint(&request)
    };
    let current = run_with(current, ModelOrigin::Flag("--against"))?;
    let candidate = run_with(candidate, ModelOrigin::Candidate)?;
    Ok(compare(&current, &candidate))
}

/// Compares two runs over the same estate.
pub fn compare(current: &LintRun, candidate: &LintRun) -> Impact {
    let (before, after) = (findings(current), findings(candidate));
    let only = |these: &BTreeMap<Key, Impacted>, those: &BTreeMap<Key, Impacted>| {
        let mut only: Vec<Impacted> =
            these.iter().filter(|(key, _)| !those.contains_key(key)).map(|(_, f)| f.clone()).collect();
        only.sort();
        only
    };
    let gained = only(&after, &before);
    let lost = only(&before, &after);
    let touched: BTreeSet<&str> = gained.iter().chain(&lost).map(|k| k.system.as_str()).collect();
    let systems_touched = touched.into_iter().filter(|s| current.estate.system(s).is_some()).count();
    Impact {
        current: current.model.version().to_string(),
        candidate: candidate.model.version().to_string(),
        systems: current.estate.systems.len(),
        gained,
        lost,
        systems_touched,
    }
}

/// A run's findings about the estate, keyed by what matches them across runs.
fn findings(run: &LintRun) -> BTreeMap<Key, Impacted> {
    run.findings
        .iter()
        // XG610 is about the model choice itself, not about the estate.
        .filter(|f| f.rule.code != xg610_model_version_superseded::RULE.code)
        .map(|f: &Finding| {
            let file = &run.sources.get(f.primary.span.file).path;
            let identity = f.identity(file);
            let key = Key {
                code: identity.code,
                subject: identity.subject.to_string(),
                place: identity.place.to_string(),
                file: file.clone(),
                severity: f.severity.as_str(),
                message: f.message.clone(),
            };
            let subject = f.subject.clone().unwrap_or_default();
            let (department, system) = match (run.estate.system(&subject), run.estate.department(&subject)) {
                (Some(s), _) => (s.department.value.to_string(), subject),
                (None, Some(d)) => (d.id.value.to_string(), String::new()),
                (None, None) => (subject.split('.').next().unwrap_or_default().to_string(), subject),
            };
            let shown = Impacted {
                department,
                system,
                code: f.rule.code,
                file: file.clone(),
                pointer: f.pointer.clone().unwrap_or_default(),
                message: f.message.clone(),
                severity: f.severity.as_str(),
            };
            (key, shown)
        })
        .collect()
}
