//! The saving model: a saving rate range per capability family, and the share of a system's cost that one
//! infrastructure item is taken to be. Explicit, printed with every roadmap, and configurable (`[roadmap]` in
//! `xgea.toml`, or `xgea roadmap --savings FILE.toml`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A low–high range of fractions (0.30 = 30 %), with where the numbers come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateRange {
    pub low: f64,
    pub high: f64,
    /// Where the range comes from, printed next to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The public record the range rests on (a URL and the figure taken from it). A range without one is an
    /// assumption, and every output says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl RateRange {
    pub fn new(low: f64, high: f64, basis: &str) -> Self {
        RateRange { low, high, basis: Some(basis.to_string()), source: None }
    }
    /// The same range, citing `source`.
    pub fn sourced(mut self, source: &str) -> Self {
        self.source = Some(source.to_string());
        self
    }
    /// No public source given: shown as an assumption.
    pub fn is_assumption(&self) -> bool {
        self.source.as_deref().is_none_or(|s| s.trim().is_empty())
    }
    /// `1.25×`-style multiple range, for transition costs (`0.5–0.8×`).
    pub fn multiple(&self) -> String {
        let p = |x: f64| {
            let v = (x * 100.0).round() / 100.0;
            format!("{v}")
        };
        if self.low == self.high {
            format!("{}×", p(self.low))
        } else {
            format!("{}–{}×", p(self.low), p(self.high))
        }
    }
    pub fn mid(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
    /// `30–40%`.
    pub fn percent(&self) -> String {
        let p = |x: f64| {
            let v = (x * 1000.0).round() / 10.0;
            if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
        };
        if self.low == self.high { format!("{}%", p(self.low)) } else { format!("{}–{}%", p(self.low), p(self.high)) }
    }
    fn check(&self, what: &str) -> Result<(), String> {
        let ok = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        if !ok(self.low) || !ok(self.high) {
            return Err(format!("{what}: rates are fractions between 0 and 1 (0.3 means 30%)"));
        }
        self.check_order(what)
    }
    /// A multiple of a year's cost: 0 to 10.
    fn check_multiple(&self, what: &str) -> Result<(), String> {
        let ok = |x: f64| x.is_finite() && (0.0..=10.0).contains(&x);
        if !ok(self.low) || !ok(self.high) {
            return Err(format!("{what}: transition costs are multiples of a year's addressed cost, 0 to 10"));
        }
        self.check_order(what)
    }
    fn check_order(&self, what: &str) -> Result<(), String> {
        if self.low > self.high {
            return Err(format!("{what}: low ({}) is above high ({})", self.low, self.high));
        }
        Ok(())
    }
}

/// How the roadmap estimates an annual saving. Every number is shown in the output.
///
/// * A capability candidate saves `rate(family) × B`, where `B` is the annual cost attributed to the capability
///   by the systems that are not yet on a common component serving it (a system's cost is split equally among the
///   capabilities it declares, so capability candidates never count the same pound twice).
/// * An infrastructure candidate saves `rate(family of the kind) × infrastructure-share × C`, where `C` is the
///   annual cost of the systems running the kind bespoke: one infrastructure item is taken to be a share of its
///   system's cost.
///
/// Infrastructure candidates overlap capability candidates (the same systems' cost), so the two kinds of
/// saving must not be added together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SavingModel {
    /// Saving rate range by capability family (`corporate`, `front-office`, `information`, `infrastructure`).
    /// Families given in a file replace those defaults one by one; the others keep their defaults.
    #[serde(deserialize_with = "merge_rates")]
    pub rates: BTreeMap<String, RateRange>,
    /// The rate for a family missing from `rates`, and for capabilities with no family.
    pub default_rate: RateRange,
    /// The share of a system's annual cost taken to be one infrastructure item it runs bespoke.
    pub infrastructure_share: RateRange,
    /// A capability or bespoke kind is a candidate when at least this many departments have it.
    pub min_departments: usize,
    /// One-off transition cost by capability family, as a multiple of one year's addressed cost (the same base
    /// the saving is taken on). Merged over the defaults like `rates`.
    #[serde(deserialize_with = "merge_transition")]
    pub transition_cost: BTreeMap<String, RateRange>,
    /// The transition cost for a family missing from `transition-cost`.
    pub default_transition_cost: RateRange,
    /// Sequencing: the infrastructure kinds a programme for a kind builds on (`web = ["hosting", "identity"]`);
    /// a programme whose target serves no kind (a proposed capability platform) uses `new-platform`. Merged
    /// over the defaults like `rates`.
    #[serde(deserialize_with = "merge_needs")]
    pub needs: BTreeMap<String, Vec<String>>,
}

/// The key of [`SavingModel::needs`] for a proposed capability platform.
pub const NEW_PLATFORM: &str = "new-platform";

/// NAO, HC 9 2007-08; PAC 18th report 2007-08.
const NAO_2007: &str = "https://www.nao.org.uk/reports/improving-corporate-functions-using-shared-services/ \
    (NAO, Improving corporate functions using shared services, HC 9 2007-08): the Cabinet Office estimated that \
    departments could save £1.4bn a year on finance and HR, which the Public Accounts Committee (18th report \
    2007-08) set against £7bn a year spent on them: 20%";
/// NAO, HC 1790 2010-12.
const NAO_2012: &str = "https://www.nao.org.uk/reports/efficiency-and-reform-in-government-corporate-functions-\
    through-shared-service-centres/ (NAO, Efficiency and reform in government corporate functions through shared \
    service centres, HC 1790, March 2012): five centres planned to cost £0.9bn cost over £1.4bn to set up (1.6×), \
    and the two still tracking benefits reported a net cost of £255m against £159m of planned savings";

impl Default for SavingModel {
    fn default() -> Self {
        let mut rates = BTreeMap::new();
        rates.insert(
            "corporate".to_string(),
            RateRange::new(
                0.20,
                0.40,
                "low: the Cabinet Office's estimate for finance and HR shared services (£1.4bn of £7bn a year); \
                 high: shared-service results of TfL HR 30% (TG Annual Report 2006), NHS SBS finance 34%, \
                 MoD People, Pay and Pensions Agency 40% (TG strategy 2005-06)",
            )
            .sourced(NAO_2007),
        );
        rates.insert(
            "front-office".to_string(),
            RateRange::new(
                0.15,
                0.25,
                "editorial: below the corporate-services results, as front-office services need more tailoring",
            ),
        );
        rates.insert(
            "information".to_string(),
            RateRange::new(0.10, 0.20, "editorial: information services are the least uniform across departments"),
        );
        rates.insert(
            "infrastructure".to_string(),
            RateRange::new(0.15, 0.25, "editorial: consolidation of commodity infrastructure"),
        );
        SavingModel {
            rates,
            default_rate: RateRange::new(0.10, 0.20, "editorial: the most cautious family rate"),
            infrastructure_share: RateRange::new(
                0.05,
                0.15,
                "editorial: one infrastructure item taken as 5–15% of its system's annual cost",
            ),
            min_departments: 2,
            transition_cost: default_transition(),
            default_transition_cost: RateRange::new(
                1.0,
                2.0,
                "assumption: one to two years' addressed cost, the most cautious family",
            ),
            needs: default_needs(),
        }
    }
}

fn default_transition() -> BTreeMap<String, RateRange> {
    let mut t = BTreeMap::new();
    t.insert(
        "corporate".to_string(),
        RateRange::new(
            0.5,
            0.8,
            "low: an assumption of half a year's addressed cost; high: the low end × 1.6, the overrun the NAO \
             found on five shared service centres",
        )
        .sourced(NAO_2012),
    );
    t.insert(
        "front-office".to_string(),
        RateRange::new(0.8, 1.5, "assumption: citizen-facing services need redesign and user research to move"),
    );
    t.insert(
        "information".to_string(),
        RateRange::new(0.8, 1.5, "assumption: data migration and matching rules are costly to move"),
    );
    t.insert(
        "infrastructure".to_string(),
        RateRange::new(0.3, 0.6, "assumption: commodity infrastructure is the cheapest to move"),
    );
    t
}

/// Which platform a kind's programme builds on (documented in docs/roadmap.md).
fn default_needs() -> BTreeMap<String, Vec<String>> {
    let table: &[(&str, &[&str])] = &[
        ("contact-centre", &["hosting", "staff-identity"]),
        ("corporate-services", &["hosting", "staff-identity"]),
        ("data-centre", &[]),
        ("email", &["network", "staff-identity"]),
        ("gis", &["hosting"]),
        ("hosting", &[]),
        ("identity", &["hosting"]),
        ("network", &[]),
        (NEW_PLATFORM, &["hosting", "identity"]),
        ("notifications", &["hosting"]),
        ("payments", &["hosting", "identity"]),
        ("staff-identity", &["hosting"]),
        ("web", &["hosting", "identity"]),
    ];
    table.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
}

fn merge_transition<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, RateRange>, D::Error> {
    let mut t = default_transition();
    t.extend(BTreeMap::<String, RateRange>::deserialize(d)?);
    Ok(t)
}

fn merge_needs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    let mut t = default_needs();
    t.extend(BTreeMap::<String, Vec<String>>::deserialize(d)?);
    Ok(t)
}

/// Reads `rates` over the default families, so `corporate = {..}` alone keeps the other defaults.
fn merge_rates<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, RateRange>, D::Error> {
    let mut rates = SavingModel::default().rates;
    rates.extend(BTreeMap::<String, RateRange>::deserialize(d)?);
    Ok(rates)
}

impl SavingModel {
    /// The rate for a family, falling back to `default-rate`.
    pub fn rate(&self, family: Option<&str>) -> &RateRange {
        family.and_then(|f| self.rates.get(f)).unwrap_or(&self.default_rate)
    }

    /// The transition-cost multiple for a family, falling back to `default-transition-cost`.
    pub fn transition(&self, family: Option<&str>) -> &RateRange {
        family.and_then(|f| self.transition_cost.get(f)).unwrap_or(&self.default_transition_cost)
    }

    /// The kinds a programme serving `kinds` builds on (`new-platform` when it serves none), sorted.
    pub fn needs_of<'a>(&'a self, kinds: &[String]) -> Vec<&'a str> {
        let mut out: Vec<&str> = if kinds.is_empty() {
            self.needs.get(NEW_PLATFORM).into_iter().flatten().map(String::as_str).collect()
        } else {
            kinds.iter().filter_map(|k| self.needs.get(k)).flatten().map(String::as_str).collect()
        };
        out.sort_unstable();
        out.dedup();
        out.retain(|k| !kinds.iter().any(|own| own == k));
        out
    }

    /// Checks that every rate is a fraction and low ≤ high.
    pub fn validate(&self) -> Result<(), String> {
        for (family, t) in &self.transition_cost {
            t.check_multiple(&format!("transition-cost.{family}"))?;
        }
        self.default_transition_cost.check_multiple("default-transition-cost")?;
        for (family, rate) in &self.rates {
            rate.check(&format!("rates.{family}"))?;
        }
        self.default_rate.check("default-rate")?;
        self.infrastructure_share.check("infrastructure-share")?;
        if self.min_departments == 0 {
            return Err("min-departments must be at least 1".to_string());
        }
        Ok(())
    }

    /// Reads a saving model from TOML: either the `[roadmap]` table of an `xgea.toml`, or the same keys at the
    /// top level. Keys left out keep their defaults (`rates` entries are merged into the default families).
    /// A config loader can deserialize [`SavingModel`] directly (same merge) and then call [`Self::validate`].
    pub fn from_toml(text: &str) -> Result<SavingModel, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let table = match table.get("roadmap") {
            Some(toml::Value::Table(t)) => t.clone(),
            Some(_) => return Err("`roadmap` must be a table".to_string()),
            None => table,
        };
        let model: SavingModel = toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| e.to_string())?;
        model.validate()?;
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_grounded_and_valid() {
        let m = SavingModel::default();
        m.validate().unwrap();
        let corporate = m.rate(Some("corporate"));
        assert_eq!((corporate.low, corporate.high), (0.20, 0.40));
        let basis = corporate.basis.as_deref().unwrap();
        assert!(basis.contains("TfL HR 30%") && basis.contains("34%") && basis.contains("40%"));
        assert!(!corporate.is_assumption());
        assert!(corporate.source.as_deref().unwrap().starts_with("https://www.nao.org.uk/"));
        for family in ["front-office", "information", "infrastructure"] {
            let rate = m.rate(Some(family));
            assert!(rate.basis.as_deref().unwrap().starts_with("editorial"));
            assert!(rate.is_assumption(), "{family} has no public source: an assumption");
            assert!(rate.low <= corporate.low && rate.high <= corporate.high, "{family} above the evidenced rate");
        }
        assert!(!m.transition(Some("corporate")).is_assumption());
        assert!(m.transition(Some("front-office")).is_assumption());
        assert_eq!(m.transition(Some("unknown")), &m.default_transition_cost);
        assert_eq!(m.rate(Some("unknown-family")), &m.default_rate);
        assert_eq!(m.rate(None), &m.default_rate);
    }

    #[test]
    fn transition_and_needs_merge_over_the_defaults() {
        let m = SavingModel::from_toml(
            "[transition-cost]\ncorporate = { low = 1, high = 2, source = \"board paper\" }\n\
             [needs]\nhosting = [\"identity\"]\n",
        )
        .unwrap();
        assert_eq!(m.transition(Some("corporate")).multiple(), "1–2×");
        assert!(!m.transition(Some("corporate")).is_assumption());
        assert_eq!(m.transition(Some("information")), SavingModel::default().transition(Some("information")));
        assert_eq!(m.needs_of(&["hosting".to_string()]), ["identity"]);
        assert_eq!(m.needs_of(&["web".to_string()]), ["hosting", "identity"]);
        assert_eq!(m.needs_of(&[]), ["hosting", "identity"]);
    }

    #[test]
    fn percent_formatting() {
        assert_eq!(RateRange::new(0.3, 0.4, "").percent(), "30–40%");
        assert_eq!(RateRange::new(0.125, 0.125, "").percent(), "12.5%");
    }

    #[test]
    fn toml_overrides_one_family_and_keeps_the_others() {
        let m = SavingModel::from_toml(
            "[roadmap]\nmin-departments = 3\n[roadmap.rates]\ncorporate = { low = 0.2, high = 0.25 }\n",
        )
        .unwrap();
        assert_eq!(m.min_departments, 3);
        assert_eq!((m.rate(Some("corporate")).low, m.rate(Some("corporate")).high), (0.2, 0.25));
        assert_eq!(m.rate(Some("corporate")).basis, None);
        assert_eq!(m.rate(Some("information")), SavingModel::default().rate(Some("information")));
        // The same keys without the [roadmap] header.
        let top =
            SavingModel::from_toml("min-departments = 3\n[rates]\ncorporate = { low = 0.2, high = 0.25 }\n").unwrap();
        assert_eq!(top, m);
    }

    #[test]
    fn plain_serde_merges_rates_too() {
        // What a config loader does with the `[roadmap]` table.
        let m: SavingModel = toml::from_str("[rates]\ncorporate = { low = 0.2, high = 0.25 }\n").unwrap();
        assert_eq!(m.rate(Some("corporate")).low, 0.2);
        assert_eq!(m.rates.len(), SavingModel::default().rates.len());
        assert_eq!(toml::from_str::<SavingModel>("").unwrap(), SavingModel::default());
    }

    #[test]
    fn toml_rejects_bad_rates_and_unknown_keys() {
        assert!(
            SavingModel::from_toml("[rates]\ncorporate = { low = 30, high = 40 }").unwrap_err().contains("fractions")
        );
        assert!(
            SavingModel::from_toml("[rates]\ncorporate = { low = 0.5, high = 0.4 }").unwrap_err().contains("above")
        );
        assert!(SavingModel::from_toml("min-department = 3").unwrap_err().contains("unknown field"));
        assert!(
            SavingModel::from_toml("[transition-cost]\ncorporate = { low = 20, high = 30 }")
                .unwrap_err()
                .contains("multiples")
        );
        assert!(SavingModel::from_toml("min-departments = 0").is_err());
    }
}
