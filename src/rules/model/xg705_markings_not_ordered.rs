use super::ModelCheckContext;
use crate::diagnostic::{Finding, Label};
use crate::model::path::{Element, Field};

declare_rule! {
    /// ## What it finds
    /// A marking scheme whose levels are not listed lowest first with strictly increasing `rank`: a level
    /// whose rank is not greater than the rank of the level before it.
    ///
    /// ## Why it matters
    /// Information-assurance rules compare markings by rank: whether an interface carries data above what the
    /// receiving system may hold. Two levels with one rank, or ranks out of order, make those comparisons
    /// wrong in both directions.
    ///
    /// ## Example
    /// ```yaml
    /// levels:
    ///   - { id: OFFICIAL, rank: 0 }
    ///   - { id: SECRET, rank: 2 }
    ///   - { id: OFFICIAL-SENSITIVE, rank: 1 }   # lower than the level before it
    /// ```
    ///
    /// ## How to fix
    /// List the levels lowest first and give each a rank greater than the one before.
    code: "XG705", name: "markings-not-ordered", family: Model, severity: Error,
    summary: "marking levels are not in strictly increasing rank order",
    stage: Model,
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    for (s, scheme) in cx.model.schemes.iter().enumerate() {
        for (l, pair) in scheme.levels.windows(2).enumerate() {
            let (before, level) = (&pair[0], &pair[1]);
            if level.rank > before.rank {
                continue;
            }
            let rank = |level: usize| Element::Level { scheme: s, level }.at(Field::Rank);
            out.push(
                Finding::at(
                    &RULE,
                    format!(
                        "marking `{}` has rank {}, not above `{}` (rank {}) listed before it in `{}`",
                        level.id, level.rank, before.id, before.rank, scheme.id
                    ),
                    &cx.docs.locate(rank(l + 1)),
                    "not above the level before",
                )
                .with_related(Label::new(cx.docs.span(rank(l)), "previous level"))
                .with_help("list the levels lowest first, each with a rank greater than the one before"),
            );
        }
    }
}
