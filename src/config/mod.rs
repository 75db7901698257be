//! `xgea.toml`: the department's settings for `xgea lint`, found like ruff and cargo-deny find theirs.
//!
//! ```toml
//! fail-on = "warning"              # error | warning | info
//! select = ["ALL"]                 # codes, prefixes (XG2), kebab names, ALL; more specific wins
//! ignore = ["XG3"]
//! extend-select = []
//!
//! [model]
//! version = "2.0.0"                # the model release this estate is checked against
//! # path = "../model"              # or a model directory, relative to this file
//! # releases = "releases"          # a published releases directory that `version` is looked up in
//!
//! [estate]                         # lint against the rest of government's estate
//! snapshot = "estate.snapshot.json" # relative to this file
//! max-age-days = 7                 # older snapshots get a warning (XG611)
//!
//! [severity]                       # per-rule severity: error | warning | info | off
//! XG201 = "warning"
//!
//! [per-path-ignores]               # globs relative to this file
//! "legacy/**" = ["XG2"]
//!
//! [rules]                          # options of the cross-estate rules (see `RuleOptions`)
//! near-duplicate-threshold = 0.9
//!
//! [[waivers]]                      # dispensations: hidden, counted, expire
//! rule = "XG201"
//! target = "dwp.pension-credit"    # a system id, or a glob over system ids or file paths
//! reason = "SOAP retained until the 2027 re-platforming"
//! approver = "DWP Design Authority"
//! expires = 2027-03-31
//! ```
//!
//! Parsing is two-phase: serde reads the raw, spanned file (unknown keys are errors with a location), then
//! `Config::from_raw` resolves selectors, globs and dates, again with the location of whatever is wrong.

mod inline;
pub mod selectors;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobMatcher};
use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

pub use inline::{InlineAllow, scan_inline_allows};
pub use selectors::{Selection, SelectionLevel, Selector};

use crate::date::Date;
use crate::diagnostic::RuleMeta;
use crate::diagnostic::Severity;
use crate::rules::{CATALOGUE, RuleOptions};

/// Names a config file may have, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 2] = ["xgea.toml", ".xgea.toml"];

/// A config file that xgea could not use: what is wrong, and where in the file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(xgea::config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    source_code: NamedSource<Arc<str>>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    fn at(
        file: &ConfigFile,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Box<Self> {
        Box::new(ConfigError {
            message: message.into(),
            source_code: NamedSource::new(file.display.clone(), file.text.clone()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            label: label.into(),
            help: None,
        })
    }
    fn with_help(mut self: Box<Self>, help: impl Into<String>) -> Box<Self> {
        self.help = Some(help.into());
        self
    }
    /// The one-line message (for tests and logs).
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The file as read: where it is and its text (kept for error labels and for XG601/XG602 spans).
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Absolute, lexically normalised.
    pub path: PathBuf,
    /// As the user sees it.
    pub display: String,
    pub text: Arc<str>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Raw {
    model: Option<RawModel>,
    estate: Option<RawEstate>,
    fail_on: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    per_path_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    rules: Option<Spanned<RuleOptions>>,
    waivers: Option<Vec<Spanned<RawWaiver>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawModel {
    version: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    releases: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawEstate {
    snapshot: Option<Spanned<String>>,
    max_age_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    target: Spanned<String>,
    reason: Option<Spanned<String>>,
    approver: Option<Spanned<String>>,
    expires: Option<Spanned<toml::Value>>,
}

/// A per-rule severity override; `None` turns the rule off.
#[derive(Debug, Clone)]
pub struct SeverityOverride {
    pub selector: Selector,
    pub severity: Option<Severity>,
    order: usize,
}

/// `[per-path-ignores]`: findings in matching files, of matching rules, are not reported.
#[derive(Debug, Clone)]
pub struct PathIgnore {
    pub pattern: String,
    matcher: GlobMatcher,
    pub selectors: Vec<Selector>,
}

/// One dispensation from `[[waivers]]`.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: &'static RuleMeta,
    pub target: String,
    matcher: GlobMatcher,
    pub reason: String,
    pub approver: Option<String>,
    /// The last day the waiver holds.
    pub expires: Option<Date>,
    /// The `[[waivers]]` entry in the config text (bytes).
    pub span: Range<usize>,
    /// The `expires` value, where XG601 points.
    pub expires_span: Option<Range<usize>>,
}

impl Waiver {
    /// Whether the waiver covers a finding of its rule about `subject` in the file at `path` (relative to the
    /// config file's directory) or `display_path` (as printed).
    pub fn covers(&self, subject: Option<&str>, path: &str, display_path: &str) -> bool {
        subject.is_some_and(|s| self.matcher.is_match(s))
            || self.matcher.is_match(path)
            || self.matcher.is_match(display_path)
    }
}

/// A resolved `xgea.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: ConfigFile,
    pub model_version: Option<Spanned<String>>,
    /// A model directory or file, resolved against the config file's directory.
    pub model_path: Option<PathBuf>,
    /// `[model] releases`: a releases directory, resolved against the config file's directory.
    pub model_releases: Option<PathBuf>,
    /// `[estate] snapshot`: the estate snapshot to lint against, resolved against the config file's directory.
    pub estate_snapshot: Option<PathBuf>,
    /// `[estate] max-age-days`: a snapshot older than this many days is reported (XG611).
    pub snapshot_max_age_days: Option<u32>,
    pub fail_on: Option<Severity>,
    pub selection: SelectionLevel,
    pub severity: Vec<SeverityOverride>,
    pub per_path_ignores: Vec<PathIgnore>,
    pub options: RuleOptions,
    pub waivers: Vec<Waiver>,
}

/// Lexically removes `.` and `..` (no file-system access, so symlinks are not resolved).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The nearest `xgea.toml` (or `.xgea.toml`) in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = normalize(start);
    start.ancestors().flat_map(|dir| FILE_NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

fn glob(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    Ok(GlobBuilder::new(pattern).literal_separator(true).backslash_escape(true).build()?.compile_matcher())
}

impl Config {
    /// Reads and resolves the config file at `path` (`display` is how messages name it).
    pub fn load(path: &Path, display: &str) -> Result<Config, Box<ConfigError>> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let absolute = normalize(&cwd.join(path));
        let missing = |message: String| {
            Box::new(ConfigError {
                message,
                source_code: NamedSource::new(display, Arc::from("")),
                span: None,
                label: String::new(),
                help: Some("`--config` names an xgea.toml file; `xgea init` writes one".to_string()),
            })
        };
        let text = match std::fs::read_to_string(&absolute) {
            Ok(text) => text,
            Err(e) => return Err(missing(format!("cannot read config file `{display}`: {e}"))),
        };
        let file = ConfigFile { path: absolute, display: display.to_string(), text: Arc::from(text) };
        Config::parse(file)
    }

    /// Parses config text (already read).
    pub fn parse(file: ConfigFile) -> Result<Config, Box<ConfigError>> {
        let raw: Raw = match toml::from_str(&file.text) {
            Ok(raw) => raw,
            Err(e) => {
                let message = format!("invalid config file {}: {}", file.display, e.message().trim());
                return Err(ConfigError::at(&file, e.span(), message, "here"));
            }
        };
        Config::from_raw(file, raw)
    }

    fn from_raw(file: ConfigFile, raw: Raw) -> Result<Config, Box<ConfigError>> {
        let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let selector = |s: &Spanned<String>| {
            Selector::parse(s.get_ref()).map_err(|m| {
                ConfigError::at(&file, Some(s.span()), m, "unknown rule")
                    .with_help("`xgea rules` lists every code and name; a prefix such as `XG2` names a family")
            })
        };
        let selectors = |list: &Option<Vec<Spanned<String>>>| -> Result<Vec<Selector>, Box<ConfigError>> {
            list.iter().flatten().map(selector).collect()
        };
        let severity_of = |s: &Spanned<String>| -> Result<Option<Severity>, Box<ConfigError>> {
            match s.get_ref().as_str() {
                "off" => Ok(None),
                other => other.parse::<Severity>().map(Some).map_err(|_| {
                    ConfigError::at(
                        &file,
                        Some(s.span()),
                        format!("unknown severity `{other}`"),
                        "expected error, warning, info or off",
                    )
                }),
            }
        };

        let fail_on = match &raw.fail_on {
            Some(s) => match severity_of(s)? {
                Some(level) => Some(level),
                None => {
                    return Err(ConfigError::at(&file, Some(s.span()), "`fail-on` cannot be `off`", "here")
                        .with_help("use `xgea lint --exit-zero` to never fail"));
                }
            },
            None => None,
        };
        let selection = SelectionLevel {
            select: raw.select.as_ref().map(|_| selectors(&raw.select)).transpose()?,
            extend_select: selectors(&raw.extend_select)?,
            ignore: selectors(&raw.ignore)?,
        };
        let mut severity = Vec::new();
        for (key, value) in raw.severity.iter().flatten() {
            severity.push(SeverityOverride {
                selector: selector(key)?,
                severity: severity_of(value)?,
                order: key.span().start,
            });
        }
        let mut per_path_ignores = Vec::new();
        for (pattern, list) in raw.per_path_ignores.iter().flatten() {
            let matcher = glob(pattern.get_ref()).map_err(|e| {
                ConfigError::at(
                    &file,
                    Some(pattern.span()),
                    format!("invalid glob `{}`: {e}", pattern.get_ref()),
                    "here",
                )
            })?;
            let selectors = list.iter().map(selector).collect::<Result<_, _>>()?;
            per_path_ignores.push(PathIgnore { pattern: pattern.get_ref().clone(), matcher, selectors });
        }
        let options = match raw.rules {
            Some(spanned) => {
                let span = spanned.span();
                let options = spanned.into_inner();
                options.validate().map_err(|m| ConfigError::at(&file, Some(span), m, "in this table"))?;
                options
            }
            None => RuleOptions::default(),
        };
        let mut waivers = Vec::new();
        for entry in raw.waivers.into_iter().flatten() {
            let span = entry.span();
            let w = entry.into_inner();
            let rule = CATALOGUE.resolve(w.rule.get_ref()).map_err(|unknown| {
                ConfigError::at(&file, Some(w.rule.span()), unknown.message(" in waiver"), "unknown rule")
                    .with_help("a waiver names one rule by code (`XG201`) or name; `xgea rules` lists them")
            })?;
            let reason = match &w.reason {
                Some(r) if !r.get_ref().trim().is_empty() => r.get_ref().trim().to_string(),
                Some(r) => return Err(ConfigError::at(&file, Some(r.span()), "a waiver's `reason` is empty", "here")),
                None => {
                    return Err(ConfigError::at(&file, Some(span.clone()), "a waiver needs a `reason`", "this waiver")
                        .with_help(
                            "say why the finding is accepted, e.g. reason = \"retained until the 2027 re-platforming\"",
                        ));
                }
            };
            let matcher = glob(w.target.get_ref()).map_err(|e| {
                ConfigError::at(
                    &file,
                    Some(w.target.span()),
                    format!("invalid target `{}`: {e}", w.target.get_ref()),
                    "here",
                )
            })?;
            let (expires, expires_span) = match &w.expires {
                None => (None, None),
                Some(value) => {
                    let text = match value.get_ref() {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Datetime(d) => d.to_string(),
                        other => other.to_string(),
                    };
                    let date = Date::parse(&text).map_err(|reason| {
                        ConfigError::at(
                            &file,
                            Some(value.span()),
                            format!("invalid expiry date `{text}`"),
                            reason.to_string(),
                        )
                        .with_help("write the last day the waiver holds, e.g. expires = 2027-03-31")
                    })?;
                    (Some(date), Some(value.span()))
                }
            };
            waivers.push(Waiver {
                rule,
                target: w.target.get_ref().clone(),
                matcher,
                reason,
                approver: w.approver.map(|a| a.into_inner()).filter(|a| !a.trim().is_empty()),
                expires,
                span,
                expires_span,
            });
        }
        let (model_version, model_path, model_releases) = match raw.model {
            Some(m) => (
                m.version,
                m.path.map(|p| normalize(&dir.join(p.get_ref()))),
                m.releases.map(|p| normalize(&dir.join(p.get_ref()))),
            ),
            None => (None, None, None),
        };
        let (estate_snapshot, snapshot_max_age_days) = match raw.estate {
            Some(e) => (e.snapshot.map(|p| normalize(&dir.join(p.get_ref()))), e.max_age_days),
            None => (None, None),
        };
        Ok(Config {
            file,
            model_version,
            model_path,
            model_releases,
            estate_snapshot,
            snapshot_max_age_days,
            fail_on,
            selection,
            severity,
            per_path_ignores,
            options,
            waivers,
        })
    }

    /// The directory globs are relative to.
    pub fn dir(&self) -> &Path {
        self.file.path.parent().unwrap_or(Path::new(""))
    }

    /// The severity override for a rule, if any: the most specific selector, then the last written.
    pub fn severity_for(&self, rule: &RuleMeta) -> Option<Option<Severity>> {
        self.severity
            .iter()
            .filter(|o| o.selector.matches(rule))
            .max_by_key(|o| (o.selector.specificity(), o.order))
            .map(|o| o.severity)
    }

    /// Whether `[per-path-ignores]` drops findings of `rule` in the file at `path` (relative to the config).
    pub fn path_ignores(&self, rule: &RuleMeta, path: &str) -> bool {
        self.per_path_ignores.iter().any(|p| p.matcher.is_match(path) && p.selectors.iter().any(|s| s.matches(rule)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse(ConfigFile {
            path: PathBuf::from("/repo/xgea.toml"),
            display: "xgea.toml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn unknown_keys_are_errors_with_a_location() {
        let err = parse("fail-on = \"error\"\nfial-on = \"warning\"\n").unwrap_err();
        assert!(err.message().contains("unknown field `fial-on`"), "{}", err.message());
        assert_eq!(err.span.map(|s| s.offset()), Some(18));
    }

    #[test]
    fn severity_overrides_pick_the_most_specific() {
        let c = parse("[severity]\nXG1 = \"info\"\nXG101 = \"warning\"\nXG10 = \"off\"\n").unwrap();
        let rule = |c: &str| CATALOGUE.by_code(c).unwrap();
        assert_eq!(c.severity_for(rule("XG101")), Some(Some(Severity::Warning)));
        assert_eq!(c.severity_for(rule("XG102")), Some(None));
        assert_eq!(c.severity_for(rule("XG110")), Some(Some(Severity::Info)));
        assert_eq!(c.severity_for(rule("XG001")), None);
    }

    #[test]
    fn waivers_need_a_known_rule_a_reason_and_a_date() {
        let err = parse("[[waivers]]\nrule = \"XG1O1\"\ntarget = \"a.b\"\nreason = \"r\"\n").unwrap_err();
        assert!(err.message().contains("did you mean `XG101`"), "{}", err.message());
        let err = parse("[[waivers]]\nrule = \"XG101\"\ntarget = \"a.b\"\n").unwrap_err();
        assert!(err.message().contains("needs a `reason`"), "{}", err.message());
        let err = parse("[[waivers]]\nrule = \"XG101\"\ntarget = \"a.b\"\nreason = \"r\"\nexpires = \"2027-02-30\"\n")
            .unwrap_err();
        assert!(err.message().contains("invalid expiry date"), "{}", err.message());
        let ok = parse(
            "[[waivers]]\nrule = \"unknown-capability\"\ntarget = \"a.b\"\nreason = \"r\"\nexpires = 2027-03-31\n",
        )
        .unwrap();
        assert_eq!(ok.waivers[0].expires.map(|d| d.to_string()).as_deref(), Some("2027-03-31"));
        assert_eq!(ok.waivers[0].rule.code, "XG101");
    }

    #[test]
    fn waiver_expiry_dates_are_days_of_the_calendar() {
        let waiver = |expires: &str| {
            parse(&format!("[[waivers]]\nrule = \"XG101\"\ntarget = \"a.b\"\nreason = \"r\"\nexpires = {expires}\n"))
        };
        for valid in ["2024-02-29", "\"2024-02-29\""] {
            let config = waiver(valid).unwrap();
            assert_eq!(config.waivers[0].expires.map(|d| d.to_string()).as_deref(), Some("2024-02-29"), "{valid}");
        }
        for (invalid, reason) in [
            ("\"2025-02-29\"", "February 2025 has 28 days"),
            ("\"2026-02-30\"", "February 2026 has 28 days"),
            ("\"2025-13-01\"", "there is no month 13"),
            ("\"31/03/2027\"", "expected YYYY-MM-DD"),
        ] {
            let err = waiver(invalid).unwrap_err();
            assert!(err.message().starts_with("invalid expiry date `"), "{invalid}: {}", err.message());
            assert_eq!(err.label, reason, "{invalid}");
            assert_eq!(err.span.map(|s| s.offset()), Some(65), "{invalid}: the `expires` value");
        }
        // A bare TOML date is read by the TOML parser, which refuses an impossible day itself, in the value.
        let err = waiver("2025-02-29").unwrap_err();
        assert!(err.message().contains("invalid date"), "{}", err.message());
        assert!(err.span.is_some_and(|s| (65..75).contains(&s.offset())), "{:?}", err.span);
    }

    #[test]
    fn waiver_targets_match_ids_and_paths() {
        let c = parse("[[waivers]]\nrule = \"XG101\"\ntarget = \"legacy/**\"\nreason = \"r\"\n[[waivers]]\nrule = \"XG101\"\ntarget = \"dwp.*\"\nreason = \"r\"\n").unwrap();
        assert!(c.waivers[0].covers(Some("hmrc.x"), "legacy/old/a.yaml", "legacy/old/a.yaml"));
        assert!(!c.waivers[0].covers(Some("hmrc.x"), "current/a.yaml", "current/a.yaml"));
        assert!(c.waivers[1].covers(Some("dwp.payroll"), "x.yaml", "x.yaml"));
        assert!(!c.waivers[1].covers(Some("hmrc.paye"), "x.yaml", "x.yaml"));
    }
}
