//! One lint run as a library call: model → estate → rules → sorted findings. The CLI, the model-impact
//! command and the tests all go through here.

use std::path::PathBuf;

use crate::config::{Config, Selection, Suppressed};
use crate::diagnostic::{Finding, sort_findings};
use crate::estate::{Estate, LoadOptions, load_estate};
use crate::graph::EstateGraph;
use crate::model::{Model, ModelError, ModelSource, load_model};
use crate::rules::{RuleContext, RuleOptions, run_checks};
use crate::schema::Schemas;
use crate::source::{DiscoverError, SourceDb, Span, discover};

/// What to lint and against what.
#[derive(Debug, Clone)]
pub struct LintRequest {
    pub paths: Vec<PathBuf>,
    pub model: ModelSource,
    pub load: LoadOptions,
    /// The date rules compare sunset dates with (`YYYY-MM-DD`).
    pub today: String,
    /// Thresholds of the cross-estate rules.
    pub options: RuleOptions,
    /// The `xgea.toml` to apply after the rules: severities, per-path ignores, waivers (and its findings,
    /// XG601-XG603). Inline `# xgea: allow` comments apply with or without it.
    pub config: Option<Config>,
    /// The rules reported (from the config's and the command line's select/ignore).
    pub selection: Selection,
}

impl LintRequest {
    pub fn new(paths: Vec<PathBuf>) -> Self {
        LintRequest {
            paths,
            model: ModelSource::Embedded,
            load: LoadOptions::default(),
            today: today(),
            options: RuleOptions::default(),
            config: None,
            selection: Selection::default(),
        }
    }

    /// Applies a config file: its rule options, its selection and, after the rules, its waivers.
    pub fn with_config(mut self, config: Config) -> Self {
        // The config's model applies unless the command line already chose one.
        if matches!(self.model, ModelSource::Embedded) {
            if let Some(version) = &config.model_version {
                self.model = ModelSource::Release(version.get_ref().clone());
            } else if let Some(path) = &config.model_path {
                self.model = ModelSource::Path(path.clone());
            }
        }
        self.options = config.options.clone();
        self.selection = Selection::resolve(std::slice::from_ref(&config.selection));
        self.config = Some(config);
        self
    }
}

/// The result of a lint run that could check something.
#[derive(Debug)]
pub struct LintRun {
    pub sources: SourceDb,
    pub model: Model,
    pub estate: Estate,
    /// The estate graph the rules ran on; later commands (roadmap, report, graph) reuse it.
    pub graph: EstateGraph,
    /// Every finding left after selection, severity overrides and waivers, sorted.
    pub findings: Vec<Finding>,
    /// What waivers and inline allows hid.
    pub suppressed: Suppressed,
}

/// Why a run could not check anything.
#[derive(Debug)]
pub enum LintError {
    Schemas(String),
    /// The model is broken; its findings point into its files, held by `sources`.
    Model {
        error: ModelError,
        sources: SourceDb,
    },
    Discover(DiscoverError),
    /// No file held a valid descriptor; the findings say why.
    NothingChecked {
        findings: Vec<Finding>,
        sources: SourceDb,
        files: usize,
    },
}

/// Loads the model and the estate and runs every rule.
pub fn lint(request: &LintRequest) -> Result<LintRun, LintError> {
    let schemas = Schemas::embedded().map_err(LintError::Schemas)?;
    let mut sources = SourceDb::new();
    let model = match load_model(&request.model, &mut sources, &schemas) {
        Ok(model) => model,
        Err(error) => return Err(LintError::Model { error, sources }),
    };
    let paths = discover(&request.paths).map_err(LintError::Discover)?;
    let mut estate = load_estate(&paths, &mut sources, &schemas, request.load);
    let mut findings = std::mem::take(&mut estate.findings);
    if estate.documents == 0 {
        sort_findings(&mut findings);
        return Err(LintError::NothingChecked { findings, sources, files: estate.files });
    }
    let graph = EstateGraph::build(&model, &estate);
    let cx = RuleContext {
        model: &model,
        estate: &estate,
        sources: &sources,
        today: &request.today,
        graph: &graph,
        options: &request.options,
    };
    findings.extend(run_checks(&cx));
    if let Some(version) = request.model.pinned_version() {
        // A pin from xgea.toml is reported on its `version` line: the config file becomes the next source
        // when the config is applied below.
        let pin = request.config.as_ref().and_then(|c| c.model_version.as_ref()).filter(|v| v.get_ref() == version);
        let at = pin.map(|v| Span::new(sources.next_id(), (v.span().start as u32, v.span().end as u32)));
        let superseded =
            crate::rules::governance::xg610_model_version_superseded::pinned(version, &model, &estate, &schemas, at);
        findings.extend(superseded);
    }
    let suppressed =
        crate::config::apply(&mut findings, &mut sources, request.config.as_ref(), &request.selection, &request.today);
    Ok(LintRun { sources, model, estate, graph, findings, suppressed })
}

/// Today's date (UTC) as `YYYY-MM-DD`, or `XGEA_TODAY` when it holds such a date (for reproducible runs and
/// tests). Dates compare as strings, so anything else in `XGEA_TODAY` is ignored rather than trusted.
pub fn today() -> String {
    if let Ok(day) = std::env::var("XGEA_TODAY")
        && is_iso_date(&day)
    {
        return day;
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(&s[5..7], "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12")
        && s[8..10].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's civil-from-days algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::{civil_date, is_iso_date};

    #[test]
    fn only_iso_dates_override_today() {
        assert!(is_iso_date("2026-11-23"));
        assert!(!is_iso_date("tomorrow"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("2026-1-1"));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
    }
}
