use crate::diagnostic::{Finding, Locate, Span};
use crate::estate::{Lifecycle, Located};
use crate::money::gbp;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A `sourcing` block that contradicts itself or its system: an `end` before its `start`; an annual or
    /// total value without the contract's dates (a value nobody can place in time); a negative value or
    /// extension count; an absurd value (over £10bn a year, or £100bn over the contract's life); an annual
    /// value above the total; a contract that started when its procurement route (`route`) was not open; a
    /// sourcing block on a retired system. One finding per problem, on the field at fault. (A date that is
    /// not a date is a schema error, XG002.)
    ///
    /// ## Why it matters
    /// The forward look (`xgea sourcing`) and the other XG8xx rules read these facts: an end before its start
    /// hides the contract from every expiry window, and a value in the wrong unit dominates every supplier
    /// share.
    ///
    /// ## Example
    /// ```yaml
    /// sourcing:
    ///   supplier: acme-digital
    ///   start: 2024-04-01
    ///   end: 2023-03-31          # before the start
    ///   annualValueGbp: -250000  # negative
    /// ```
    ///
    /// ## How to fix
    /// Correct the field from the contract; remove the sourcing block of a retired system (or correct its
    /// lifecycle).
    code: "XG805", name: "inconsistent-sourcing", family: Sourcing, severity: Warning,
    summary: "a sourcing block that contradicts itself or its system",
    stage: Estate,
}

/// The largest plausible annual value of one contract, in pounds.
const MAX_ANNUAL: i64 = 10_000_000_000;
/// The largest plausible whole-life value of one contract, in pounds.
const MAX_TOTAL: i64 = 100_000_000_000;

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (_, system) in cx.reported_systems() {
        let Some(s) = system.sourcing.as_deref() else { continue };
        let mut report = |at: &dyn Locate, message: String, label: &str, help: &str| {
            out.push(
                Finding::at(&RULE, format!("`{}`: {message}", system.id.value), &At(at.span(), at.pointer()), label)
                    .with_subject(system.id.value)
                    .with_help(help.to_string()),
            );
        };
        if system.lifecycle.value == Lifecycle::Retired {
            report(
                &s.block,
                "a retired system declares a sourcing block".into(),
                "retired system",
                "remove the sourcing block once the contract is closed, or correct `lifecycle`",
            );
        }
        if let (Some(start), Some(end)) = (&s.start, &s.end)
            && end.value < start.value
        {
            report(
                end,
                format!("the contract ends on {} before it starts on {}", end.value, start.value),
                "before the start",
                "correct `start` or `end` from the contract",
            );
        }
        for (value, what) in [(&s.annual_value_gbp, "annual value"), (&s.total_value_gbp, "total value")] {
            if let Some(v) = value
                && s.start.is_none()
                && s.end.is_none()
            {
                report(
                    v,
                    format!("a contract {what} without the contract's dates"),
                    "no `start` or `end`",
                    "add the contract's `start` and `end`, so the value can be placed in time",
                );
            }
        }
        amounts(s.annual_value_gbp.as_ref(), "annual value", MAX_ANNUAL, &mut report);
        amounts(s.total_value_gbp.as_ref(), "total value", MAX_TOTAL, &mut report);
        if let (Some(annual), Some(total)) = (&s.annual_value_gbp, &s.total_value_gbp)
            && total.value >= 0
            && annual.value > total.value
        {
            report(
                annual,
                format!(
                    "the annual value ({}) is more than the contract's total value ({})",
                    gbp(annual.value as u64),
                    gbp(total.value as u64)
                ),
                "above the total",
                "`annualValueGbp` is a year's value, `totalValueGbp` the whole life's: correct the one in the wrong unit",
            );
        }
        for (count, what) in
            [(&s.extensions_taken, "extensions taken"), (&s.extensions_remaining, "extensions remaining")]
        {
            if let Some(c) = count
                && c.value < 0
            {
                report(c, format!("{what} is negative ({})", c.value), "negative", "count extension options from 0");
            }
        }
        if let (Some(route), Some(start)) = (&s.route, &s.start)
            && let Some(framework) = cx.model.framework(route.value)
        {
            let before = framework.start.filter(|open| start.value < *open);
            let after = framework.end.filter(|closed| start.value > *closed);
            let problem = match (before, after) {
                (Some(open), _) => Some(format!("before `{}` opened on {open}", framework.id)),
                (_, Some(closed)) => Some(format!("after `{}` closed on {closed}", framework.id)),
                _ => None,
            };
            if let Some(problem) = problem {
                report(
                    start,
                    format!("the contract started on {} {problem}", start.value),
                    "outside the route's dates",
                    "correct `route` (the framework the contract was let under) or `start`",
                );
            }
        }
    }
}

/// A place taken from any located value.
struct At(Span, String);

impl Locate for At {
    fn span(&self) -> Span {
        self.0
    }
    fn pointer(&self) -> String {
        self.1.clone()
    }
}

/// A negative or absurd amount.
fn amounts(
    value: Option<&Located<i64>>,
    what: &str,
    max: i64,
    report: &mut impl FnMut(&dyn Locate, String, &str, &str),
) {
    let Some(v) = value else { return };
    if v.value < 0 {
        report(
            v,
            format!("the contract's {what} is negative ({})", v.value),
            "negative",
            "values are whole pounds, 0 or more",
        );
    } else if v.value > max {
        report(
            v,
            format!(
                "the contract's {what} is {}, over the {} any one contract plausibly reaches",
                gbp(v.value as u64),
                gbp(max as u64)
            ),
            "implausible",
            "values are whole pounds (not pence); check the unit",
        );
    }
}
