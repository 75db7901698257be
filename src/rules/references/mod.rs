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
    let suggestions = did_you_mean(id, candidates.clone().map(|(c, _)| c));
    let name_of = |s: &str| candidates.clone().find(|(c, _)| *c == s).map(|(_, n)| n).unwrap_or_default();
    let (label, help) = match suggestions.as_slice() {
        [] => ("not defined".to_string(), format!("use an id from {where_to_look}")),
        [one, ..] => {
            let name = name_of(one);
            let named = if name.is_empty() { format!("`{one}`") } else { format!("`{one}` ({name})") };
            let others: Vec<String> = suggestions[1..].iter().map(|s| format!("`{s}`")).collect();
            let also = if others.is_empty() { String::new() } else { format!("; or {}", others.join(", ")) };
            (format!("did you mean `{one}`?"), format!("did you mean {named}{also}? ids are listed in {where_to_look}"))
        }
    };
    Finding::at(rule, format!("unknown {what} `{id}`"), at, label).with_help(help)
}
