//! Tunable thresholds of the cross-estate rules. `xgea.toml` fills them (`[rules]` table, kebab-case keys);
//! every field has a documented default, so an empty table behaves exactly like no table.

use serde::Deserialize;

/// Options of the rules that look across the whole estate (duplication, common infrastructure).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct RuleOptions {
    /// XG303: the Jaccard similarity of two systems' capability ∪ data-entity sets at or above which they are
    /// reported as near-duplicates. Between 0 and 1; default 0.8 (the example estate's deliberate pair scores
    /// 1.0, the next closest cross-department pair 0.75).
    pub near_duplicate_threshold: f64,
    /// XG303: systems with fewer capabilities and data entities than this, together, are not compared (a system
    /// that declares one capability and nothing else is "identical" to many others without being a duplicate).
    /// Default 3.
    pub near_duplicate_min_items: usize,
    /// XG301: the number of departments that must implement the same shareable capability before it is
    /// reported. Default 2.
    pub shared_capability_min_departments: usize,
    /// XG403: the number of departments that must use bespoke infrastructure of one kind, for which the model
    /// has no common component, before the kind is reported as a candidate. Default 3.
    pub bespoke_candidate_min_departments: usize,
    /// Cross-estate findings label at most this many related places (the message still counts them all).
    /// Default 50.
    pub max_related_labels: usize,
    /// XG802: how many months ahead a contract's end counts as the window to move a system onto the common
    /// component serving its capability. Default 24.
    pub contract_horizon_months: u32,
    /// XG803: the share of a department's (or the estate's) declared annual contract value one supplier may
    /// hold before it is reported. Above 0 and at most 1; default 0.5.
    pub supplier_concentration_share: f64,
    /// XG803: departments (and an estate) with fewer contracts declaring an annual value than this are not
    /// measured: one contract is always 100% one supplier. Default 3.
    pub supplier_concentration_min_contracts: usize,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            near_duplicate_threshold: 0.8,
            near_duplicate_min_items: 3,
            shared_capability_min_departments: 2,
            bespoke_candidate_min_departments: 3,
            max_related_labels: 50,
            contract_horizon_months: 24,
            supplier_concentration_share: 0.5,
            supplier_concentration_min_contracts: 3,
        }
    }
}

impl RuleOptions {
    /// Checks the values a config file can get wrong; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.near_duplicate_threshold > 0.0 && self.near_duplicate_threshold <= 1.0) {
            return Err(format!(
                "`near-duplicate-threshold` must be above 0 and at most 1, not {}",
                self.near_duplicate_threshold
            ));
        }
        if self.shared_capability_min_departments < 2 {
            return Err("`shared-capability-min-departments` must be at least 2".to_string());
        }
        if self.bespoke_candidate_min_departments < 1 {
            return Err("`bespoke-candidate-min-departments` must be at least 1".to_string());
        }
        if !(self.supplier_concentration_share > 0.0 && self.supplier_concentration_share <= 1.0) {
            return Err(format!(
                "`supplier-concentration-share` must be above 0 and at most 1, not {}",
                self.supplier_concentration_share
            ));
        }
        if self.contract_horizon_months > 1200 {
            return Err("`contract-horizon-months` must be at most 1200 (a hundred years)".to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::RuleOptions;

    #[test]
    fn an_empty_table_is_the_defaults_and_keys_are_kebab_case() {
        let empty: RuleOptions = toml::from_str("").unwrap();
        assert_eq!(empty, RuleOptions::default());
        let set: RuleOptions =
            toml::from_str("near-duplicate-threshold = 0.9\nbespoke-candidate-min-departments = 5\n").unwrap();
        assert_eq!(set.near_duplicate_threshold, 0.9);
        assert_eq!(set.bespoke_candidate_min_departments, 5);
        assert_eq!(set.shared_capability_min_departments, 2);
        assert!(set.validate().is_ok());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let err = toml::from_str::<RuleOptions>("near-duplicate-treshold = 0.9\n").unwrap_err().to_string();
        assert!(err.contains("near-duplicate-treshold"), "{err}");
        let zero: RuleOptions = toml::from_str("near-duplicate-threshold = 0.0\n").unwrap();
        assert!(zero.validate().unwrap_err().contains("near-duplicate-threshold"));
        let share: RuleOptions = toml::from_str("supplier-concentration-share = 1.5\n").unwrap();
        assert!(share.validate().unwrap_err().contains("supplier-concentration-share"));
        let horizon: RuleOptions = toml::from_str("contract-horizon-months = 6\n").unwrap();
        assert_eq!(horizon.contract_horizon_months, 6);
        assert!(horizon.validate().is_ok());
    }
}
