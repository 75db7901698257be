use std::fmt;

use crate::date::DateError;
use crate::diagnostic::{Finding, Label, UnknownRule, shorten};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A `# xgea:` comment in a descriptor that xgea cannot use: an unknown rule, no `reason`, an unparsable
    /// `until` date, or a directive other than `allow`.
    ///
    /// ## Why it matters
    /// The comment was meant to record a dispensation; as written it hides nothing, and the finding it was
    /// meant for is still reported.
    ///
    /// ## Example
    /// ```yaml
    /// standards: [SOAP-1.2]   # xgea: allow XG201 until=next-year
    /// ```
    ///
    /// ## How to fix
    /// Write `# xgea: allow XG201 reason="…" until=2027-03-31` (codes or names, comma separated).
    code: "XG604", name: "invalid-inline-allow", family: Governance, severity: Error,
    summary: "an inline allow comment that cannot be used",
    stage: Config,
}

/// Why a `# xgea:` comment cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Malformed {
    /// A directive other than `allow`: its first word.
    UnknownDirective(String),
    /// `key="…` without the closing quote.
    UnclosedQuote {
        key: String,
    },
    UnknownRule(UnknownRule),
    InvalidDate {
        value: String,
        reason: DateError,
    },
    /// A `key=value` pair other than `reason` and `until`.
    UnknownKey(String),
    NoRule,
    NoReason,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::UnknownDirective(word) => {
                write!(f, "unknown directive `{}`: the only inline directive is `allow`", shorten(word))
            }
            Malformed::UnclosedQuote { key } => write!(f, "`{}=\"…` has no closing quote", shorten(key)),
            Malformed::UnknownRule(unknown) => f.write_str(&unknown.message("")),
            Malformed::InvalidDate { value, reason } => write!(f, "invalid date `until={}`: {reason}", shorten(value)),
            Malformed::UnknownKey(key) => write!(f, "unknown key `{}` (expected `reason` or `until`)", shorten(key)),
            Malformed::NoRule => f.write_str("no rule named: write the code or name after `allow`"),
            Malformed::NoReason => f.write_str("an inline allow needs `reason=\"…\"`"),
        }
    }
}

/// The `# xgea:` comment at `at` cannot be used.
pub(crate) fn finding(at: Span, problem: &Malformed) -> Finding {
    Finding::new(&RULE, problem.to_string(), Label::new(at, "this allow"))
        .with_help("write `# xgea: allow XG201 reason=\"…\" until=2027-03-31` on the node's line or the line above")
}
