//! XG1xx: ids in descriptors that must resolve, against the reference model or the estate itself.

pub mod xg101_unknown_capability;
pub mod xg102_unknown_standard;
pub mod xg103_unknown_component;
pub mod xg104_duplicate_system_id;
pub mod xg105_unknown_data_entity;
pub mod xg106_unknown_marking;
pub mod xg107_unknown_counterpart;
pub mod xg108_counterpart_outside_estate;
pub mod xg109_unknown_sector;
pub mod xg110_unknown_department;
pub mod xg111_system_id_prefix;
pub mod xg112_missing_capabilities;

use crate::diagnostic::RuleMeta;
use crate::diagnostic::did_you_mean;
use crate::diagnostic::{Finding, Locate};
use crate::hash::{HashMap, HashMapExt};

/// The finding for an id, written `at`, that is not among `candidates` (id, name): "did you mean" the closest
/// ones.
pub(crate) fn unknown_id<'a>(
    rule: &'static RuleMeta,
    what: &str,
    id: &str,
    at: &impl Locate,
    candidates: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    where_to_look: &str,
) -> Finding {
    let (label, help) = label_and_help(id, candidates, where_to_look);
    unknown_finding(rule, what, id, at, label, help)
}

/// The finding itself, with its label and help worked out.
fn unknown_finding(
    rule: &'static RuleMeta,
    what: &str,
    id: &str,
    at: &impl Locate,
    label: String,
    help: String,
) -> Finding {
    Finding::at(rule, format!("unknown {what} `{id}`"), at, label).with_help(help)
}

/// [`unknown_id`] for every unknown id of one rule against one set of candidates, each distinct id's
/// suggestions worked out once: a typo copied into a thousand descriptors costs one search of the candidates,
/// not a thousand.
pub(crate) struct UnknownIds<'k, 'w, C> {
    rule: &'static RuleMeta,
    what: &'w str,
    candidates: C,
    where_to_look: &'w str,
    /// The label and help of each unknown id met so far.
    seen: HashMap<&'k str, (String, String)>,
}

impl<'a, 'k, 'w, C: Iterator<Item = (&'a str, &'a str)> + Clone> UnknownIds<'k, 'w, C> {
    pub(crate) fn new(rule: &'static RuleMeta, what: &'w str, candidates: C, where_to_look: &'w str) -> Self {
        UnknownIds { rule, what, candidates, where_to_look, seen: HashMap::new() }
    }

    /// The finding for `id`, written `at`.
    pub(crate) fn finding(&mut self, id: &'k str, at: &impl Locate) -> Finding {
        let UnknownIds { rule, what, candidates, where_to_look, seen } = self;
        let (label, help) = seen.entry(id).or_insert_with(|| label_and_help(id, candidates.clone(), where_to_look));
        unknown_finding(rule, what, id, at, label.clone(), help.clone())
    }
}

/// The label and help of an unknown `id`: the closest `candidates`, named, and where the ids are listed.
fn label_and_help<'a>(
    id: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    where_to_look: &str,
) -> (String, String) {
    let suggestions = did_you_mean(id, candidates.clone().map(|(c, _)| c));
    let name_of = |s: &str| candidates.clone().find(|(c, _)| *c == s).map(|(_, n)| n).unwrap_or_default();
    match suggestions.as_slice() {
        [] => ("not defined".to_string(), format!("use an id from {where_to_look}")),
        [one, ..] => {
            let name = name_of(one);
            let named = if name.is_empty() { format!("`{one}`") } else { format!("`{one}` ({name})") };
            let others: Vec<String> = suggestions[1..].iter().map(|s| format!("`{s}`")).collect();
            let also = if others.is_empty() { String::new() } else { format!("; or {}", others.join(", ")) };
            (format!("did you mean `{one}`?"), format!("did you mean {named}{also}? ids are listed in {where_to_look}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::{FieldPath, Id, Located};
    use crate::rules::references::xg102_unknown_standard::RULE;
    use crate::source::{FileId, Span};

    #[test]
    fn an_unknown_id_met_again_gets_the_finding_it_got_the_first_time() {
        let candidates = [("SEC-TLS", "Transport Layer Security"), ("SEC-SSL3", "SSL 3"), ("TRN-HTTP", "HTTP")];
        let at = |start: u32| Located::new(Id::new("SEC-TSL"), Span::new(FileId(0), (start, start + 7)), FieldPath::Id);
        let place = "the model's standards.yaml";
        let mut unknown = UnknownIds::new(&RULE, "interface standard", candidates.iter().copied(), place);
        for start in [0, 40, 80] {
            let remembered = unknown.finding("SEC-TSL", &at(start));
            let fresh =
                unknown_id(&RULE, "interface standard", "SEC-TSL", &at(start), candidates.iter().copied(), place);
            assert_eq!(format!("{remembered:?}"), format!("{fresh:?}"));
            assert_eq!(remembered.primary.span, at(start).span);
            assert_eq!(remembered.primary.text, "did you mean `SEC-TLS`?");
        }
        assert_eq!(unknown.seen.len(), 1);
        let other = unknown.finding("XYZ-NOTHING-LIKE", &at(120));
        assert_eq!(other.primary.text, "not defined");
        assert_eq!(other.message, "unknown interface standard `XYZ-NOTHING-LIKE`");
        assert_eq!(unknown.seen.len(), 2);
    }
}
