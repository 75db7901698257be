use super::ModelCheckContext;
use crate::diagnostic::{Finding, Label};
use crate::model::path::{Element, Field};

declare_rule! {
    /// ## What it finds
    /// A standard whose `history` does not end in its current `status`, or whose history dates are not in
    /// order (oldest first).
    ///
    /// ## Why it matters
    /// The history is how departments and `xgea model show` learn when a standard changed status, and the
    /// date a deprecation took effect. A history that disagrees with the status means one of the two is stale,
    /// and nobody can tell which.
    ///
    /// ## Example
    /// ```yaml
    /// - id: MSG-SOAP
    ///   status: deprecated
    ///   history:
    ///     - { status: mandatory, date: 2004-05-01 }   # the last entry should be `deprecated`
    /// ```
    ///
    /// ## How to fix
    /// Append the status change with its date (`- { status: deprecated, date: 2019-05-01 }`), oldest first, so
    /// the last entry equals `status`.
    code: "XG706", name: "status-history-mismatch", family: Model, severity: Error,
    summary: "a standard's status history disagrees with its status or is out of date order",
    stage: Model,
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    for (i, s) in cx.model.standards.iter().enumerate() {
        let standard = Element::Standard(i);
        let Some(last) = s.history.last() else { continue };
        if last.status != s.status {
            out.push(
                Finding::at(
                    &RULE,
                    format!(
                        "standard `{}` is {} but its history ends in {}",
                        s.id,
                        s.status.as_str(),
                        last.status.as_str()
                    ),
                    &cx.docs.locate(standard.at(Field::HistoryStatus(s.history.len() - 1))),
                    "last recorded status",
                )
                .with_related(Label::new(cx.docs.span(standard.at(Field::Status)), "current status"))
                .with_help(format!(
                    "append `- {{ status: {}, date: YYYY-MM-DD }}` to the history, or correct `status`",
                    s.status.as_str()
                )),
            );
        }
        for (h, pair) in s.history.windows(2).enumerate() {
            if pair[1].date < pair[0].date {
                out.push(
                    Finding::at(
                        &RULE,
                        format!(
                            "standard `{}`'s history goes back in time: {} after {}",
                            s.id, pair[1].date, pair[0].date
                        ),
                        &cx.docs.locate(standard.at(Field::HistoryDate(h + 1))),
                        "earlier than the entry before",
                    )
                    .with_help("list status changes oldest first"),
                );
            }
        }
    }
}
