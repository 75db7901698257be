//! What a rule reports: a code, a severity, a message, where, and what to do.

use std::fmt;

use crate::rules::RuleMeta;
use crate::source::Span;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity `{s}` (expected error, warning or info)")),
        }
    }
}

/// A span with the text shown next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

impl Label {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Label { span, text: text.into() }
    }
}

/// One problem found in the estate or the model.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// One line, lowercase, no trailing full stop; ids in backticks.
    pub message: String,
    pub primary: Label,
    /// Other places that take part (the other end of an interface, the first of two duplicates…).
    pub related: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// The system (or department) the finding is about, when there is one: the stable key of waivers and
    /// baselines.
    pub subject: Option<String>,
    /// JSON pointer of the offending node inside its document.
    pub pointer: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, message: impl Into<String>, primary: Label) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
            subject: None,
            pointer: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
    /// The order findings are printed in: by place, then code, then message.
    pub fn sort_key(&self) -> (Span, &'static str, &str) {
        (self.primary.span, self.rule.code, &self.message)
    }
}

/// Sorts findings into their deterministic output order and drops exact repeats.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}
