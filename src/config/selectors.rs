//! Rule selectors (`ALL`, a family or code prefix such as `XG2`, a code `XG201`, a kebab-case name) and the
//! selection they resolve to, with ruff's precedence: within one level the most specific selector wins and
//! `ignore` beats `select` on a tie; a later level (the command line after the config file) overrides an
//! earlier one, and a level with its own `select` starts from nothing.

use std::collections::HashSet;

use crate::diagnostic::{RuleMeta, did_you_mean};
use crate::rules::{ALL, CATALOGUE};

/// One way of naming rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selector {
    All,
    /// A code prefix (`XG`, `XG2`, `XG20`), upper case.
    Prefix(&'static str),
    Rule(&'static RuleMeta),
}

impl Selector {
    /// Parses a selector; the error is a message with a "did you mean" where one is close.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let trimmed = text.trim();
        if trimmed == "ALL" {
            return Ok(Selector::All);
        }
        if let Some(rule) = CATALOGUE.lookup(trimmed) {
            return Ok(Selector::Rule(rule));
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper.len() >= 2 && upper.len() < 5 && upper.starts_with("XG") {
            // A prefix is kept as the prefix of a real code, so it can be `'static`.
            if let Some(rule) = ALL.iter().find(|r| r.code.starts_with(&upper)) {
                return Ok(Selector::Prefix(&rule.code[..upper.len()]));
            }
        }
        let prefixes = ALL.iter().map(|r| &r.code[..3]);
        let candidates = ALL.iter().flat_map(|r| [r.code, r.name]).chain(prefixes).chain(["ALL"]);
        let mut message = format!("unknown rule or rule prefix `{trimmed}`");
        if let Some(best) = did_you_mean(trimmed, candidates).first() {
            message.push_str(&format!("; did you mean `{best}`?"));
        }
        Err(message)
    }

    pub fn matches(self, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(p) => rule.code.starts_with(p),
            Selector::Rule(r) => r.code == rule.code,
        }
    }

    /// How narrowly the selector names rules: `ALL` < `XG` < `XG2` < `XG20` < a whole code or name.
    pub fn specificity(self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => 100,
        }
    }
}

/// One level of `select` / `extend-select` / `ignore` (the config file, then the command line).
#[derive(Debug, Clone, Default)]
pub struct SelectionLevel {
    /// `Some` replaces whatever earlier levels enabled.
    pub select: Option<Vec<Selector>>,
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
}

impl SelectionLevel {
    /// `Some(true)` enable, `Some(false)` disable, `None` this level says nothing about the rule.
    fn decide(&self, rule: &RuleMeta) -> Option<bool> {
        let best =
            |sels: &mut dyn Iterator<Item = &Selector>| sels.filter(|s| s.matches(rule)).map(|s| s.specificity()).max();
        let on = best(&mut self.select.iter().flatten().chain(&self.extend_select));
        let off = best(&mut self.ignore.iter());
        match (on, off) {
            (Some(on), Some(off)) => Some(on > off),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => self.select.as_ref().map(|_| false),
        }
    }
}

/// The rules a run reports.
#[derive(Debug, Clone)]
pub struct Selection {
    enabled: HashSet<&'static str>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection::resolve(&[])
    }
}

impl Selection {
    /// Every rule starts enabled; each level then decides what it names.
    pub fn resolve(levels: &[SelectionLevel]) -> Selection {
        let enabled = ALL
            .iter()
            .filter(|rule| levels.iter().fold(true, |on, level| level.decide(rule).unwrap_or(on)))
            .map(|r| r.code)
            .collect();
        Selection { enabled }
    }

    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.enabled.contains(rule.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(s: &str) -> Selector {
        Selector::parse(s).unwrap()
    }
    fn rule(code: &str) -> &'static RuleMeta {
        CATALOGUE.by_code(code).unwrap()
    }

    #[test]
    fn parses_codes_names_prefixes_and_all() {
        assert_eq!(sel("ALL"), Selector::All);
        assert_eq!(sel("xg101"), Selector::Rule(rule("XG101")));
        assert_eq!(sel("unknown-capability"), Selector::Rule(rule("XG101")));
        assert_eq!(sel("XG1"), Selector::Prefix("XG1"));
        assert_eq!(sel("xg10"), Selector::Prefix("XG10"));
    }

    #[test]
    fn unknown_selectors_suggest_the_closest() {
        let err = Selector::parse("unknown-capabilty").unwrap_err();
        assert!(err.contains("did you mean `unknown-capability`"), "{err}");
        let err = Selector::parse("XG9").unwrap_err();
        assert!(err.contains("unknown rule or rule prefix `XG9`"), "{err}");
    }

    #[test]
    fn more_specific_wins_within_a_level() {
        let level = SelectionLevel { select: Some(vec![sel("XG1")]), extend_select: vec![], ignore: vec![sel("XG10")] };
        let s = Selection::resolve(&[level]);
        assert!(s.is_enabled(rule("XG110")), "XG1 selects XG110, XG10 does not cover it");
        assert!(!s.is_enabled(rule("XG101")), "XG10 is more specific than XG1");
        assert!(!s.is_enabled(rule("XG001")), "select replaces the default");

        let level = SelectionLevel { select: None, extend_select: vec![sel("XG101")], ignore: vec![sel("XG1")] };
        let s = Selection::resolve(&[level]);
        assert!(s.is_enabled(rule("XG101")), "an exact code beats a family ignore");
        assert!(!s.is_enabled(rule("XG102")));
        assert!(s.is_enabled(rule("XG001")), "no select keeps the default");
    }

    #[test]
    fn ignore_wins_a_tie_and_later_levels_override() {
        let config =
            SelectionLevel { select: Some(vec![sel("XG101")]), extend_select: vec![], ignore: vec![sel("XG101")] };
        let s = Selection::resolve(std::slice::from_ref(&config));
        assert!(!s.is_enabled(rule("XG101")));
        let cli = SelectionLevel { select: None, extend_select: vec![sel("unknown-capability")], ignore: vec![] };
        let s = Selection::resolve(&[config, cli]);
        assert!(s.is_enabled(rule("XG101")), "the command line beats the config file");
        assert!(!s.is_enabled(rule("XG102")), "the config's select still holds for what the CLI does not name");
    }
}
