//! Suggestions from the model for a half-written descriptor: its capabilities and standards ranked by how well
//! their words match a system's text (name, description, tags, interfaces, data).
//!
//! A small BM25F index (k1 = 1.2, b = 0.75) over each element's fields, each field's terms counted with its
//! weight: a capability's name (3) above its keywords (2), its description and its parent's name (1). The best
//! matches are then picked so the few shown say different things: at most one capability under one parent while
//! others are left, and one that matches only query words already matched by a better one waits its turn (for
//! "Licence Applications", the first "…Applications" capability is followed by a licensing one, not by another
//! kind of application). It is built in microseconds for a model of a few hundred elements, and deterministic:
//! ties are broken by id, and the scores are sums in a fixed order.

use std::collections::{HashMap, HashSet};

use super::{Model, StandardStatus};

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// How much a word counts in each field of a capability.
const NAME: u32 = 3;
const KEYWORDS: u32 = 2;
const DESCRIPTION: u32 = 1;
const PARENT: u32 = 1;

/// Words that say nothing about what a system does.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "api",
    "app",
    "application",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "service",
    "system",
    "that",
    "the",
    "their",
    "this",
    "to",
    "with",
];

/// The terms of `text`: lower-case words of letters and digits, stop words out, plurals folded
/// (`payments` → `payment`, `enquiries` → `enquiry`).
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fold(&w.to_lowercase()))
        .filter(|w| w.len() > 1 && !STOP.contains(&w.as_str()))
        .collect()
}

/// Words are cut to their first few letters after plurals are folded: a crude stem that matches `licence`,
/// `licensing` and `licenses`, or `payments` and `payment`, at the price of some false friends.
const STEM: usize = 5;

fn fold(word: &str) -> String {
    let word = match word.strip_suffix("ies") {
        Some(stem) if stem.len() > 2 => format!("{stem}y"),
        _ if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") => {
            word[..word.len() - 1].to_string()
        }
        _ => word.to_string(),
    };
    word.chars().take(STEM).collect()
}

/// One ranked element.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub score: f64,
}

struct Doc {
    id: String,
    name: String,
    /// Documents of one group (a capability's parent) are not suggested together while others are left.
    group: Option<String>,
    terms: HashMap<String, u32>,
    len: f64,
}

/// One document to index: its fields' texts, each with the weight its words count with.
pub struct Entry {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub fields: Vec<(u32, String)>,
}

/// A BM25F index over some of the model's elements.
pub struct TextIndex {
    docs: Vec<Doc>,
    frequency: HashMap<String, u32>,
    average: f64,
}

impl TextIndex {
    /// Indexes documents; a word counts in a document as often as it appears in each field times the field's
    /// weight, and the document's length is the weighted sum too.
    pub fn new(items: impl IntoIterator<Item = Entry>) -> TextIndex {
        let mut docs = Vec::new();
        let mut frequency: HashMap<String, u32> = HashMap::new();
        for entry in items {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let mut len = 0u32;
            for (weight, text) in &entry.fields {
                for w in terms(text) {
                    *counts.entry(w).or_default() += weight;
                    len += weight;
                }
            }
            for w in counts.keys() {
                *frequency.entry(w.clone()).or_default() += 1;
            }
            docs.push(Doc { id: entry.id, name: entry.name, group: entry.group, terms: counts, len: f64::from(len) });
        }
        let average = if docs.is_empty() { 1.0 } else { docs.iter().map(|d| d.len).sum::<f64>() / docs.len() as f64 };
        TextIndex { docs, frequency, average: average.max(1.0) }
    }

    /// The capabilities of `model` that systems cite: the leaves of the tree, grouped by parent. Each is indexed
    /// with its name, keywords, description and its parent's name, weighted in that order.
    pub fn capabilities(model: &Model) -> TextIndex {
        let parents: HashSet<&str> = model.capabilities.iter().filter_map(|c| c.parent.as_deref()).collect();
        TextIndex::new(model.capabilities.iter().filter(|c| !parents.contains(c.id.as_str())).map(|c| {
            let parent = c.parent.as_deref().and_then(|p| model.capability(p)).map(|p| p.name.as_str()).unwrap_or("");
            Entry {
                id: c.id.clone(),
                name: c.name.clone(),
                group: c.parent.clone(),
                fields: vec![
                    (NAME, c.name.clone()),
                    (KEYWORDS, c.keywords.join(" ")),
                    (DESCRIPTION, c.description.clone().unwrap_or_default()),
                    (PARENT, parent.to_string()),
                ],
            }
        }))
    }

    /// The standards of `model` that new interfaces may use (not deprecated or retired), by name, id words and
    /// description.
    pub fn standards(model: &Model) -> TextIndex {
        TextIndex::new(
            model
                .standards
                .iter()
                .filter(|s| !matches!(s.status, StandardStatus::Deprecated | StandardStatus::Retired))
                .map(|s| Entry {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    group: None,
                    fields: vec![
                        (2, s.name.clone()),
                        (1, s.id.replace('-', " ")),
                        (1, s.description.clone().unwrap_or_default()),
                    ],
                }),
        )
    }

    /// The `limit` best matches for `query`, best first (ties by id); only those sharing a term with it. Among
    /// grouped documents the pick is spread: a document whose group is already shown, or whose matched words
    /// were all matched by one shown, comes after those that add something, whatever its score.
    pub fn rank(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let mut words = terms(query);
        words.sort();
        words.dedup();
        let n = self.docs.len() as f64;
        let mut scored: Vec<(Suggestion, &Doc, Vec<&str>)> = Vec::new();
        for doc in &self.docs {
            let mut score = 0.0;
            let mut matched = Vec::new();
            for w in &words {
                let Some(&tf) = doc.terms.get(w) else { continue };
                let df = f64::from(self.frequency[w]);
                let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                let tf = f64::from(tf);
                score += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * doc.len / self.average));
                matched.push(w.as_str());
            }
            if score > 0.0 {
                scored.push((Suggestion { id: doc.id.clone(), name: doc.name.clone(), score }, doc, matched));
            }
        }
        scored.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then_with(|| a.0.id.cmp(&b.0.id)));
        let mut picked: Vec<Suggestion> = Vec::new();
        let mut groups: HashSet<&str> = HashSet::new();
        let mut covered: HashSet<&str> = HashSet::new();
        let mut left = scored;
        while picked.len() < limit && !left.is_empty() {
            let new_group = |doc: &Doc| doc.group.as_deref().is_none_or(|g| !groups.contains(g));
            let at = left
                .iter()
                .position(|(_, doc, matched)| {
                    doc.group.is_none() || (new_group(doc) && matched.iter().any(|w| !covered.contains(w)))
                })
                .or_else(|| left.iter().position(|(_, doc, _)| new_group(doc)))
                .unwrap_or(0);
            let (suggestion, doc, matched) = left.remove(at);
            if let Some(g) = doc.group.as_deref() {
                groups.insert(g);
            }
            covered.extend(matched);
            picked.push(suggestion);
        }
        picked
    }
}

/// What a system says about itself, as a query: its name, description, tags and interface ids and
/// counterparts.
pub fn system_query<'a>(name: &str, description: Option<&str>, more: impl IntoIterator<Item = &'a str>) -> String {
    let mut query = format!("{name} {}", description.unwrap_or_default());
    for text in more {
        query.push(' ');
        query.push_str(text);
    }
    query
}

/// `ids` as a help line lists them: "`FO.04.02` (Licensing), `…`".
pub fn listed(suggestions: &[Suggestion]) -> String {
    suggestions.iter().map(|s| format!("`{}` ({})", s.id, s.name)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        crate::model::embedded_model()
    }

    #[test]
    fn terms_fold_plurals_and_drop_stop_words() {
        assert_eq!(terms("The Payments & Enquiries API"), ["payme", "enqui"]);
        assert_eq!(terms("HR-payroll v2"), ["hr", "payro", "v2"]);
        assert_eq!(terms("licence licensing"), ["licen", "licen"]);
    }

    #[test]
    fn ranks_capabilities_by_their_words_deterministically() {
        let model = model();
        let index = TextIndex::capabilities(&model);
        let top = index.rank("Payroll run", 3);
        assert!(!top.is_empty());
        assert!(top[0].name.to_lowercase().contains("payroll"), "{top:?}");
        assert_eq!(top, TextIndex::capabilities(&model).rank("run payroll", 3));
        assert!(index.rank("zzzz qqqq", 3).is_empty());
    }

    #[test]
    fn a_licensing_system_is_offered_licensing_beside_other_applications() {
        let model = model();
        let top = TextIndex::capabilities(&model).rank("Licence Applications", 3);
        assert!(top.iter().any(|s| s.id == "FO.04.04"), "{top:?}");
        let parents: HashSet<_> = top.iter().map(|s| model.capability(&s.id).and_then(|c| c.parent.clone())).collect();
        assert_eq!(parents.len(), top.len(), "one capability per parent: {top:?}");
    }

    #[test]
    fn ranks_standards() {
        let model = model();
        let top = TextIndex::standards(&model).rank("openapi rest json", 3);
        assert!(!top.is_empty(), "{top:?}");
    }
}
