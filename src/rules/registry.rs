//! The one list of rules, sorted by code: each line names a rule's module and how it runs. `estate` and
//! `model` register the module's `check`; `emitted` rules are reported by the step their `stage` names,
//! through the constructors in their own file. The tests tie every rule file to one line here and every line's
//! kind to the rule's declared stage, so a rule cannot be left out or left unrun.

use super::model::ModelCheckFn;
use super::{
    CheckFn, assurance, duplication, governance, infrastructure, input, interfaces, model, references, sourcing,
};
use crate::diagnostic::{Catalogue, RuleMeta};

/// How a registered rule runs.
#[derive(Clone, Copy)]
pub enum Check {
    /// A check over the estate and its graph, run by `xgea lint`.
    Estate(CheckFn),
    /// A check over a model's documents, run by `xgea model check` and `publish`.
    Model(ModelCheckFn),
    /// Reported by the step named by the rule's stage while it works.
    Emitted,
}

/// A rule and how it runs.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

macro_rules! registry {
    (@check $m:path, estate) => { Check::Estate({ use $m as m; m::check }) };
    (@check $m:path, model) => { Check::Model({ use $m as m; m::check }) };
    (@check $m:path, emitted) => { Check::Emitted };
    ($($family:ident :: $module:ident => $how:ident,)*) => {
        /// Every rule's metadata, sorted by code.
        pub static ALL: &[&RuleMeta] = &[$(&$family::$module::RULE,)*];
        /// Every rule with how it runs, sorted by code.
        pub static RULES: &[Rule] = &[$(Rule { meta: &$family::$module::RULE, check: registry!(@check $family::$module, $how) },)*];
    };
}

registry! {
    input::xg001_yaml_syntax => emitted,
    input::xg002_schema_violation => emitted,
    input::xg003_duplicate_key => emitted,
    input::xg004_file_too_large => emitted,
    input::xg005_yaml_too_complex => emitted,
    input::xg006_empty_file => emitted,
    input::xg007_not_utf8 => emitted,
    input::xg008_unreadable_file => emitted,
    references::xg101_unknown_capability => estate,
    references::xg102_unknown_standard => estate,
    references::xg103_unknown_component => estate,
    references::xg104_duplicate_system_id => estate,
    references::xg105_unknown_data_entity => estate,
    references::xg106_unknown_marking => estate,
    references::xg107_unknown_counterpart => estate,
    references::xg108_counterpart_outside_estate => estate,
    references::xg109_unknown_sector => estate,
    references::xg110_unknown_department => estate,
    references::xg111_system_id_prefix => estate,
    references::xg112_missing_capabilities => estate,
    interfaces::xg201_deprecated_standard => estate,
    interfaces::xg202_retired_standard => estate,
    interfaces::xg203_non_open_standard => estate,
    interfaces::xg204_missing_required_category => estate,
    interfaces::xg205_interface_ends_disagree => estate,
    interfaces::xg206_interface_without_standard => estate,
    duplication::xg301_shareable_capability_duplicated => estate,
    duplication::xg302_capability_built_twice_in_department => estate,
    duplication::xg303_near_duplicate_systems => estate,
    duplication::xg304_missing_annual_cost => estate,
    infrastructure::xg401_bespoke_where_common_exists => estate,
    infrastructure::xg402_deprecated_component_in_use => estate,
    infrastructure::xg403_bespoke_infrastructure_candidate => estate,
    assurance::xg501_marking_above_counterpart => estate,
    assurance::xg502_personal_data_without_legal_basis => estate,
    assurance::xg503_marking_above_accreditation => estate,
    governance::xg601_expired_waiver => emitted,
    governance::xg602_unused_waiver => emitted,
    governance::xg603_waiver_without_approver => emitted,
    governance::xg604_invalid_inline_allow => emitted,
    governance::xg610_model_version_superseded => emitted,
    governance::xg611_estate_snapshot_out_of_date => emitted,
    model::xg701_duplicate_model_id => model,
    model::xg702_unknown_model_reference => model,
    model::xg703_capability_cycle => model,
    model::xg704_deprecated_without_successor => model,
    model::xg705_markings_not_ordered => model,
    model::xg706_status_history_mismatch => model,
    sourcing::xg801_contract_ended => estate,
    sourcing::xg802_contract_ending_where_common_exists => estate,
    sourcing::xg803_supplier_concentration => estate,
    sourcing::xg804_single_supplier_lock_in => estate,
    sourcing::xg805_inconsistent_sourcing => estate,
    sourcing::xg806_unknown_supplier => estate,
    sourcing::xg807_unknown_procurement_route => estate,
}

/// The rules as the stages below them receive them (config selectors, waivers, inline allows).
pub static CATALOGUE: Catalogue = Catalogue::new(ALL);

/// The estate checks, in code order.
pub fn estate_checks() -> impl Iterator<Item = CheckFn> {
    RULES.iter().filter_map(|r| match r.check {
        Check::Estate(f) => Some(f),
        _ => None,
    })
}

/// The model-integrity checks, in code order.
pub fn model_checks() -> impl Iterator<Item = ModelCheckFn> {
    RULES.iter().filter_map(|r| match r.check {
        Check::Model(f) => Some(f),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Stage;

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
        assert_eq!(CATALOGUE.lookup("xg101").unwrap().code, "XG101");
        assert_eq!(CATALOGUE.lookup("unknown-capability").unwrap().code, "XG101");
        assert!(CATALOGUE.lookup("XG999").is_none());
        assert_eq!(CATALOGUE.resolve("XG1O1").unwrap_err().message(""), "unknown rule `XG1O1`; did you mean `XG101`?");
    }

    #[test]
    fn every_rule_runs_the_way_its_stage_says() {
        for rule in RULES {
            let expected = match rule.meta.stage {
                Stage::Estate => matches!(rule.check, Check::Estate(_)),
                Stage::Model => matches!(rule.check, Check::Model(_)),
                Stage::Read | Stage::Config | Stage::Lint => matches!(rule.check, Check::Emitted),
            };
            assert!(
                expected,
                "{} is declared for stage `{}` but registered otherwise",
                rule.meta.code,
                rule.meta.stage.as_str()
            );
        }
    }

    /// The code of every `.rs` file under `src/`, test modules left out, by path.
    fn pipeline_sources() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
                    out.push((path, code));
                }
            }
        }
        let mut out = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    /// An emitted rule has no check to run it: its file's constructors are its only way into the output. Each
    /// must be called, as `module::constructor(`, by a step outside the file, so no emitted rule (and no
    /// message of one) can sit in the registry unreported.
    #[test]
    fn every_emitted_rule_is_reported_through_its_constructors() {
        let sources = pipeline_sources();
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for rule in RULES.iter().filter(|r| matches!(r.check, Check::Emitted)) {
            let code = rule.meta.code;
            let own = manifest.join(rule.meta.location.split(':').next().unwrap());
            let module = own.file_stem().unwrap().to_str().unwrap();
            let (_, text) = sources.iter().find(|(path, _)| *path == own).expect("the rule's file is under src/");
            let constructors: Vec<&str> = text
                .lines()
                .filter_map(|line| line.strip_prefix("pub(crate) fn ").or_else(|| line.strip_prefix("pub fn ")))
                .map(|rest| rest.split(['(', '<']).next().unwrap())
                .collect();
            assert!(!constructors.is_empty(), "{code} is registered as emitted, but {module} has no constructor");
            for constructor in constructors {
                let call = format!("{module}::{constructor}(");
                assert!(
                    sources.iter().any(|(path, text)| *path != own && text.contains(&call)),
                    "{code}: nothing in src/ calls `{call}…)`"
                );
            }
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        let mut files = Vec::new();
        for family in std::fs::read_dir(root).unwrap() {
            let family = family.unwrap().path();
            if !family.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&family).unwrap() {
                let name = file.unwrap().file_name().into_string().unwrap();
                if let Some(code) = name.strip_prefix("xg").and_then(|n| n.get(..3)) {
                    files.push(format!("XG{code}"));
                }
            }
        }
        files.sort();
        let registered: Vec<String> = ALL.iter().map(|r| r.code.to_string()).collect();
        assert_eq!(files, registered, "every src/rules/<family>/xgNNN_*.rs has one line in the registry");
        for rule in ALL {
            let file = rule.location.split(':').next().unwrap();
            let stem = std::path::Path::new(file).file_stem().unwrap().to_str().unwrap();
            assert!(stem.starts_with(&rule.code.to_ascii_lowercase()), "{} is declared in {file}", rule.code);
        }
    }
}
