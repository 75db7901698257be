//! A rule's identity and documentation, and the catalogue that looks rules up by code or name.
//!
//! Plain data: the rule files declare their [`RuleMeta`] with `declare_rule!`, `rules::registry` lists them,
//! and the stages below the rules (loaders, config) receive the list as a [`Catalogue`].

use std::fmt;

use super::Severity;
use super::suggest::did_you_mean;

/// A family of rules: the hundreds digit of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// XG0xx: the files themselves (YAML, schema).
    Input,
    /// XG1xx: ids that must resolve against the model or the estate.
    References,
    /// XG2xx: interface standards.
    Interfaces,
    /// XG3xx: duplication across the estate.
    Duplication,
    /// XG4xx: common infrastructure.
    Infrastructure,
    /// XG5xx: information assurance.
    Assurance,
    /// XG6xx: governance (waivers, pinned model versions).
    Governance,
    /// XG7xx: the reference model's own integrity (`xgea model check`).
    Model,
    /// XG8xx: sourcing (suppliers, contracts, competition in supply).
    Sourcing,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Input => "XG0",
            Family::References => "XG1",
            Family::Interfaces => "XG2",
            Family::Duplication => "XG3",
            Family::Infrastructure => "XG4",
            Family::Assurance => "XG5",
            Family::Governance => "XG6",
            Family::Model => "XG7",
            Family::Sourcing => "XG8",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::References => "references",
            Family::Interfaces => "interface standards",
            Family::Duplication => "duplication",
            Family::Infrastructure => "common infrastructure",
            Family::Assurance => "information assurance",
            Family::Governance => "governance",
            Family::Model => "model integrity",
            Family::Sourcing => "sourcing",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The pipeline step that reports a rule. Estate and model rules have a check the registry runs; the others
/// are reported by the step named, through the constructors in the rule's own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Reading and validating a file (`source`, `document`, `schema`).
    Read,
    /// Reading `xgea.toml`, waivers and inline allows, and applying them to findings.
    Config,
    /// The lint run itself (the pinned model release).
    Lint,
    /// A check over a reference model's documents (`xgea model check`, `xgea model publish`).
    Model,
    /// A check over the estate and its graph (`xgea lint`).
    Estate,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Config => "config",
            Stage::Lint => "lint",
            Stage::Model => "model",
            Stage::Estate => "estate",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `XG101`.
    pub code: &'static str,
    /// Kebab-case name of what is flagged, e.g. `unknown-capability`.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// One line for `xgea rules`.
    pub summary: &'static str,
    /// The full explanation, from the rule's doc comment.
    pub docs: &'static str,
    /// Which step reports it.
    pub stage: Stage,
    /// Where the rule is defined, for contributors.
    pub location: &'static str,
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// Every rule of the tool, sorted by code: what config, `explain` and the output formats look rules up in.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    rules: &'static [&'static RuleMeta],
}

impl Catalogue {
    pub const fn new(rules: &'static [&'static RuleMeta]) -> Self {
        Catalogue { rules }
    }
    pub fn all(&self) -> &'static [&'static RuleMeta] {
        self.rules
    }
    /// The rule with this exact code (`XG101`).
    pub fn by_code(&self, code: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|r| r.code == code)
    }
    /// The rule with this code or kebab-case name, case-insensitively.
    pub fn lookup(&self, code_or_name: &str) -> Option<&'static RuleMeta> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name))
    }
    /// The closest code or name to an unknown one, for "did you mean".
    pub fn closest(&self, unknown: &str) -> Option<&'static str> {
        did_you_mean(unknown, self.rules.iter().flat_map(|r| [r.code, r.name])).first().copied()
    }
    /// The rule named by a code or name, or what is known of an unknown one.
    pub fn resolve(&self, code_or_name: &str) -> Result<&'static RuleMeta, UnknownRule> {
        self.lookup(code_or_name)
            .ok_or_else(|| UnknownRule { name: code_or_name.to_string(), closest: self.closest(code_or_name) })
    }
}

/// A code or name that is no rule, with the closest one: the one wording of "unknown rule" everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    pub name: String,
    pub closest: Option<&'static str>,
}

impl UnknownRule {
    /// `unknown rule `X`{context}; did you mean `Y`?`: `context` says where it was written (` in waiver`).
    pub fn message(&self, context: &str) -> String {
        let mut message = format!("unknown rule `{}`{context}", super::shorten(&self.name));
        if let Some(best) = self.closest {
            message.push_str(&format!("; did you mean `{best}`?"));
        }
        message
    }
}
