//! The reference model: typed, indexed, with the place in its YAML sources of every element.

pub mod diff;
mod load;
pub mod path;
pub mod release;
pub mod schema_gen;
pub mod suggest;

use crate::intern::{Id, IdIndex, IdKey};

use serde::Deserialize;

#[cfg(test)]
mod testing;
pub use load::{
    EMBEDDED_VERSION, ModelDocuments, ModelError, ModelSource, build_model, is_release_file, load_documents,
    load_model, load_release,
};
#[cfg(test)]
pub(crate) use testing::embedded_model;

use crate::date::Date;
use crate::source::Span;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelMeta {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub released: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Capability {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub shareable: bool,
    #[serde(default)]
    pub family: Option<String>,
    /// COFOG division or group (`03.3`) of the function the capability serves.
    #[serde(default)]
    pub cofog: Option<String>,
    /// Words people use for the capability, beside its name (from model 2.1.0): what capability suggestions
    /// (`xgea suggest`, the importers) match a system's text against.
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub required_on_interfaces: bool,
    #[serde(default)]
    pub description: Option<String>,
}

/// Status of an interface standard, in the order a standard moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StandardStatus {
    Emerging,
    Recommended,
    Mandatory,
    Deprecated,
    Retired,
}

impl StandardStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StandardStatus::Emerging => "emerging",
            StandardStatus::Recommended => "recommended",
            StandardStatus::Mandatory => "mandatory",
            StandardStatus::Deprecated => "deprecated",
            StandardStatus::Retired => "retired",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange<S> {
    pub status: S,
    pub date: Date,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Standard {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    pub category: String,
    /// What the standard is for within its category: open alternatives are suggested within one purpose.
    #[serde(default)]
    pub purpose: Option<String>,
    pub status: StandardStatus,
    #[serde(default = "yes")]
    pub open: bool,
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// For a deprecated standard: after this day, existing use is an error.
    #[serde(default)]
    pub sunset: Option<Date>,
    #[serde(default)]
    pub history: Vec<StatusChange<StandardStatus>>,
    #[serde(default)]
    pub url: Option<String>,
    /// Where the model's statement comes from, when `url` is the specification itself.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ComponentStatus {
    Emerging,
    Recommended,
    Mandated,
    Deprecated,
    Retired,
}

impl ComponentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentStatus::Emerging => "emerging",
            ComponentStatus::Recommended => "recommended",
            ComponentStatus::Mandated => "mandated",
            ComponentStatus::Deprecated => "deprecated",
            ComponentStatus::Retired => "retired",
        }
    }

    /// Rank as a destination to recommend, best first: mandated 0, recommended 1, emerging 2. `None` for
    /// deprecated and retired components: they are on their way out, so never a place to move to.
    pub fn preference(self) -> Option<u8> {
        match self {
            ComponentStatus::Mandated => Some(0),
            ComponentStatus::Recommended => Some(1),
            ComponentStatus::Emerging => Some(2),
            ComponentStatus::Deprecated | ComponentStatus::Retired => None,
        }
    }

    /// Mandated, recommended or emerging: a component systems may still move to.
    pub fn is_live(self) -> bool {
        self.preference().is_some()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfraKind {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub capabilities: Vec<String>,
    pub status: ComponentStatus,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// For a retired component: when it closed.
    #[serde(default)]
    pub retired: Option<Date>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// Whether call-offs can still be let under a procurement framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameworkStatus {
    Active,
    Expired,
}

impl FrameworkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameworkStatus::Active => "active",
            FrameworkStatus::Expired => "expired",
        }
    }
}

/// A procurement framework (a route to market) systems are bought through, from model 2.2.0: what a
/// descriptor's `sourcing.route` names.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub status: FrameworkStatus,
    /// The first day call-offs could be let.
    #[serde(default)]
    pub start: Option<Date>,
    /// The last day call-offs could be let; contracts let before it run on.
    #[serde(default)]
    pub end: Option<Date>,
    #[serde(default)]
    pub superseded_by: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Where the dates come from (`editorial` when they are the model's estimate).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataEntity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub personal: bool,
    #[serde(default)]
    pub marking: Option<String>,
    #[serde(default)]
    pub identifiers: Vec<String>,
    #[serde(default)]
    pub master_source: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkingLevel {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub rank: u32,
    #[serde(default)]
    pub maps_to: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkingScheme {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
    pub levels: Vec<MarkingLevel>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sector {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// The reference model of one version, with id indexes.
#[derive(Debug, Clone)]
pub struct Model {
    pub meta: ModelMeta,
    pub capabilities: Vec<Capability>,
    pub categories: Vec<Category>,
    pub standards: Vec<Standard>,
    pub kinds: Vec<InfraKind>,
    pub components: Vec<Component>,
    pub entities: Vec<DataEntity>,
    /// The scheme new descriptors should use.
    pub current_scheme: String,
    pub schemes: Vec<MarkingScheme>,
    pub sectors: Vec<Sector>,
    /// Procurement frameworks (empty before model 2.2.0).
    pub frameworks: Vec<Framework>,
    index: Index,
}

#[derive(Debug, Clone, Default)]
struct Index {
    capabilities: IdIndex,
    standards: IdIndex,
    components: IdIndex,
    entities: IdIndex,
    kinds: IdIndex,
    sectors: IdIndex,
    categories: IdIndex,
    frameworks: IdIndex,
    /// Each marking level id, at its place in `marking_levels`.
    markings: IdIndex,
    /// (scheme, level within it, rank in the current scheme) of each marking level id, as
    /// [`Model::marking`] resolves it.
    marking_levels: Vec<(u32, u32, u32)>,
}

// The first definition wins; `xgea model check` reports the repeat.
fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> IdIndex {
    IdIndex::of(items.iter().map(|item| Id::new(id(item))))
}

/// The marking levels of `schemes` by id, resolved as [`Model::marking`] says: the current scheme first, then
/// the others in model order, a level's rank mapped into the current scheme.
fn marking_index(schemes: &[MarkingScheme], current_scheme: &str) -> (IdIndex, Vec<(u32, u32, u32)>) {
    let mut index = IdIndex::default();
    let mut levels = Vec::new();
    let current = schemes.iter().position(|s| s.id == current_scheme);
    let ordered = current.into_iter().chain((0..schemes.len()).filter(|&i| schemes[i].id != current_scheme));
    for s in ordered {
        let scheme = &schemes[s];
        for (l, level) in scheme.levels.iter().enumerate() {
            let id = Id::new(&level.id);
            if index.get(id).is_some() {
                continue;
            }
            let rank = if scheme.id == current_scheme {
                level.rank
            } else {
                level
                    .maps_to
                    .as_deref()
                    .and_then(|to| current.and_then(|c| schemes[c].levels.iter().find(|l| l.id == to)))
                    .map_or(level.rank, |l| l.rank)
            };
            index.insert_first(id, levels.len());
            levels.push((s as u32, l as u32, rank));
        }
    }
    (index, levels)
}

/// A marking resolved against the current scheme: comparable across schemes.
#[derive(Debug, Clone, Copy)]
pub struct MarkingRank<'a> {
    pub level: &'a MarkingLevel,
    pub scheme: &'a MarkingScheme,
    /// Rank in the current scheme (after `mapsTo` for a legacy level).
    pub rank: u32,
}

impl Model {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        meta: ModelMeta,
        capabilities: Vec<Capability>,
        categories: Vec<Category>,
        standards: Vec<Standard>,
        kinds: Vec<InfraKind>,
        components: Vec<Component>,
        entities: Vec<DataEntity>,
        current_scheme: String,
        schemes: Vec<MarkingScheme>,
        sectors: Vec<Sector>,
    ) -> Self {
        let (markings, marking_levels) = marking_index(&schemes, &current_scheme);
        let index = Index {
            capabilities: index_of(&capabilities, |c| &c.id),
            standards: index_of(&standards, |s| &s.id),
            components: index_of(&components, |c| &c.id),
            entities: index_of(&entities, |e| &e.id),
            kinds: index_of(&kinds, |k| &k.id),
            sectors: index_of(&sectors, |s| &s.id),
            categories: index_of(&categories, |c| &c.id),
            frameworks: IdIndex::default(),
            markings,
            marking_levels,
        };
        Model {
            meta,
            capabilities,
            categories,
            standards,
            kinds,
            components,
            entities,
            current_scheme,
            schemes,
            sectors,
            frameworks: Vec::new(),
            index,
        }
    }

    /// The model with its procurement frameworks (a release before 2.2.0 has none).
    pub fn with_frameworks(mut self, frameworks: Vec<Framework>) -> Self {
        self.index.frameworks = index_of(&frameworks, |f| &f.id);
        self.frameworks = frameworks;
        self
    }
    pub fn framework(&self, id: impl IdKey) -> Option<&Framework> {
        self.index.frameworks.get(id).map(|i| &self.frameworks[i])
    }

    pub fn version(&self) -> &str {
        &self.meta.version
    }
    pub fn capability(&self, id: impl IdKey) -> Option<&Capability> {
        self.index.capabilities.get(id).map(|i| &self.capabilities[i])
    }
    pub fn standard(&self, id: impl IdKey) -> Option<&Standard> {
        self.index.standards.get(id).map(|i| &self.standards[i])
    }
    pub fn component(&self, id: impl IdKey) -> Option<&Component> {
        self.index.components.get(id).map(|i| &self.components[i])
    }
    pub fn entity(&self, id: impl IdKey) -> Option<&DataEntity> {
        self.index.entities.get(id).map(|i| &self.entities[i])
    }
    pub fn kind(&self, id: impl IdKey) -> Option<&InfraKind> {
        self.index.kinds.get(id).map(|i| &self.kinds[i])
    }
    pub fn sector(&self, id: impl IdKey) -> Option<&Sector> {
        self.index.sectors.get(id).map(|i| &self.sectors[i])
    }
    pub fn category(&self, id: impl IdKey) -> Option<&Category> {
        self.index.categories.get(id).map(|i| &self.categories[i])
    }

    /// Positions (into `capabilities`, `standards`, …) of the first element with an id, for callers that
    /// keep indices rather than references, such as the estate graph.
    pub fn capability_position(&self, id: impl IdKey) -> Option<usize> {
        self.index.capabilities.get(id)
    }
    pub fn standard_position(&self, id: impl IdKey) -> Option<usize> {
        self.index.standards.get(id)
    }
    pub fn component_position(&self, id: impl IdKey) -> Option<usize> {
        self.index.components.get(id)
    }
    pub fn kind_position(&self, id: impl IdKey) -> Option<usize> {
        self.index.kinds.get(id)
    }
    pub fn entity_position(&self, id: impl IdKey) -> Option<usize> {
        self.index.entities.get(id)
    }

    /// The common component to recommend among `serving` (positions in `components`, as the estate graph
    /// gives those serving a kind or a capability): the live one of best [`ComponentStatus::preference`],
    /// then the smallest id. `None` when only deprecated or retired components serve it.
    pub fn preferred_component(&self, serving: impl IntoIterator<Item = u32>) -> Option<&Component> {
        serving
            .into_iter()
            .map(|c| &self.components[c as usize])
            .filter_map(|c| Some((c.status.preference()?, c)))
            .min_by_key(|&(preference, c)| (preference, c.id.as_str()))
            .map(|(_, c)| c)
    }

    /// A marking level by id: the current scheme first, then the others in model order.
    pub fn marking(&self, id: impl IdKey) -> Option<MarkingRank<'_>> {
        let (scheme, level, rank) = self.index.marking_levels[self.index.markings.get(id)?];
        let scheme = &self.schemes[scheme as usize];
        Some(MarkingRank { level: &scheme.levels[level as usize], scheme, rank })
    }

    /// Every marking level id, for did-you-mean.
    pub fn marking_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.schemes.iter().flat_map(|s| s.levels.iter().map(|l| l.id.as_str()))
    }
}
