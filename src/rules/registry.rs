//! The one list of rules. Keep it sorted by code.

use super::RuleMeta;
use super::{assurance, duplication, governance, infrastructure, input, interfaces, model, references};

/// Every rule, sorted by code.
pub static ALL: &[&RuleMeta] = &[
    &input::xg001_yaml_syntax::RULE,
    &input::xg002_schema_violation::RULE,
    &input::xg003_duplicate_key::RULE,
    &input::xg004_file_too_large::RULE,
    &input::xg005_yaml_too_complex::RULE,
    &input::xg006_empty_file::RULE,
    &input::xg007_not_utf8::RULE,
    &input::xg008_unreadable_file::RULE,
    &references::xg101_unknown_capability::RULE,
    &references::xg102_unknown_standard::RULE,
    &references::xg103_unknown_component::RULE,
    &references::xg104_duplicate_system_id::RULE,
    &references::xg105_unknown_data_entity::RULE,
    &references::xg106_unknown_marking::RULE,
    &references::xg107_unknown_counterpart::RULE,
    &references::xg108_counterpart_outside_estate::RULE,
    &references::xg109_unknown_sector::RULE,
    &references::xg110_unknown_department::RULE,
    &references::xg111_system_id_prefix::RULE,
    &interfaces::xg201_deprecated_standard::RULE,
    &interfaces::xg202_retired_standard::RULE,
    &interfaces::xg203_non_open_standard::RULE,
    &interfaces::xg204_missing_required_category::RULE,
    &interfaces::xg205_interface_ends_disagree::RULE,
    &duplication::xg301_shareable_capability_duplicated::RULE,
    &duplication::xg302_capability_built_twice_in_department::RULE,
    &duplication::xg303_near_duplicate_systems::RULE,
    &infrastructure::xg401_bespoke_where_common_exists::RULE,
    &infrastructure::xg402_deprecated_component_in_use::RULE,
    &infrastructure::xg403_bespoke_infrastructure_candidate::RULE,
    &assurance::xg501_marking_above_counterpart::RULE,
    &assurance::xg502_personal_data_without_legal_basis::RULE,
    &governance::xg601_expired_waiver::RULE,
    &governance::xg602_unused_waiver::RULE,
    &governance::xg603_waiver_without_approver::RULE,
    &governance::xg604_invalid_inline_allow::RULE,
    &governance::xg610_model_version_superseded::RULE,
    &model::xg701_duplicate_model_id::RULE,
    &model::xg702_unknown_model_reference::RULE,
    &model::xg703_capability_cycle::RULE,
    &model::xg704_deprecated_without_successor::RULE,
    &model::xg705_markings_not_ordered::RULE,
    &model::xg706_status_history_mismatch::RULE,
];

/// The rule with this exact code (`XG101`).
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// The rule with this code or kebab-case name, case-insensitively.
pub fn lookup(code_or_name: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_match_their_family() {
        for pair in ALL.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} before {}", pair[0].code, pair[1].code);
        }
        for rule in ALL {
            assert!(rule.code.starts_with(rule.family.prefix()), "{} not in {}", rule.code, rule.family.prefix());
            assert_eq!(rule.code.len(), 5);
        }
    }

    #[test]
    fn names_are_kebab_case_and_unique() {
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        for name in &names {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()), "{name}");
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn docs_have_the_required_sections() {
        for rule in ALL {
            for heading in ["## What it finds", "## Why it matters", "## How to fix"] {
                assert!(rule.docs.contains(heading), "{} lacks `{heading}`", rule.code);
            }
            assert!(!rule.summary.ends_with('.'), "{}: summary ends with a full stop", rule.code);
        }
    }

    #[test]
    fn lookup_accepts_codes_and_names() {
        assert_eq!(lookup("xg101").unwrap().code, "XG101");
        assert_eq!(lookup("unknown-capability").unwrap().code, "XG101");
        assert!(lookup("XG999").is_none());
    }
}
