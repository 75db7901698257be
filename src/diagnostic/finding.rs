//! What a rule reports: a code, a severity, a message, where, and what to do.

use std::fmt;

use super::{Locate, RuleMeta, Span};

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
    /// A finding on a located value: its span is the primary label's, its pointer the finding's.
    pub fn at(rule: &'static RuleMeta, message: impl Into<String>, at: &impl Locate, label: impl Into<String>) -> Self {
        Finding::new(rule, message, Label::new(at.span(), label)).with_pointer(at.pointer())
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
    /// What makes a finding the same finding across runs, whatever moved in its file: see [`Identity`].
    /// `file` is the display path of the finding's file.
    pub fn identity<'a>(&'a self, file: &'a str) -> Identity<'a> {
        Identity {
            code: self.rule.code,
            subject: self.subject.as_deref().unwrap_or(file),
            place: self.pointer.as_deref().unwrap_or(&self.message),
        }
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

/// A finding's identity: its rule, its subject (the system or department, else the file) and its place (the
/// JSON pointer, else the message). Line numbers take no part, so an edit elsewhere in the file keeps it.
/// Fingerprints, baselines and model impact all compare findings by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity<'a> {
    pub code: &'static str,
    pub subject: &'a str,
    pub place: &'a str,
}

impl Identity<'_> {
    /// A 64-bit FNV-1a hash of the three parts, as 16 hex digits: stable across runs, platforms and versions.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.code, self.subject, self.place] {
            for b in part.bytes().chain(std::iter::once(0)) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Family, FileId, Stage};

    static RULE: RuleMeta = RuleMeta {
        code: "XG101",
        name: "unknown-capability",
        family: Family::References,
        severity: Severity::Error,
        summary: "s",
        docs: "d",
        stage: Stage::Estate,
        location: "here",
    };

    #[test]
    fn identity_falls_back_to_the_file_and_the_message() {
        let at = Label::new(Span::file_start(FileId(0)), "here");
        let bare = Finding::new(&RULE, "unknown capability `X`", at.clone());
        assert_eq!(
            bare.identity("a.yaml"),
            Identity { code: "XG101", subject: "a.yaml", place: "unknown capability `X`" }
        );
        let placed = bare.clone().with_subject("dwp.payroll").with_pointer("/spec/capabilities/0");
        assert_eq!(placed.identity("a.yaml").subject, "dwp.payroll");
        assert_eq!(placed.identity("a.yaml").place, "/spec/capabilities/0");
        // Moving the finding within its file keeps its identity; another place changes it.
        let moved = Finding { primary: Label::new(Span::new(FileId(0), (40, 48)), "here"), ..placed.clone() };
        assert_eq!(moved.identity("a.yaml").fingerprint(), placed.identity("a.yaml").fingerprint());
        let other = placed.clone().with_pointer("/spec/capabilities/1");
        assert_ne!(other.identity("a.yaml").fingerprint(), placed.identity("a.yaml").fingerprint());
    }

    /// Baselines and code-scanning alerts are keyed by fingerprints written by earlier versions: the hash
    /// (FNV-1a 64 over code, subject and place, each followed by a NUL) must never change.
    #[test]
    fn fingerprints_are_stable_across_versions() {
        let id = Identity { code: "XG101", subject: "dwp.payroll", place: "/spec/capabilities/0" };
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in "XG101\0dwp.payroll\0/spec/capabilities/0\0".bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(id.fingerprint(), format!("{hash:016x}"));
        // Pinned: the value baselines written by earlier versions hold for this finding.
        assert_eq!(id.fingerprint(), "ce25013ea5851d5a");
    }
}
