//! Where a value sits in the model's documents, as a typed path: "capability 3's `parent`" rather than a
//! pointer string. [`ModelPath::pointer`] is the one place these paths become JSON pointers (RFC 6901), and
//! the path names its document too, so a model check cannot look in the wrong file.

use crate::diagnostic::{Locate, Span};
use crate::schema::Kind;
use crate::source::yaml::{push_index, push_key};

/// An element of one of the model's lists, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    Capability(usize),
    Category(usize),
    Standard(usize),
    /// An infrastructure kind.
    Kind(usize),
    /// A common infrastructure component.
    Component(usize),
    /// A data entity.
    Entity(usize),
    Sector(usize),
    /// A procurement framework.
    Framework(usize),
    /// A marking scheme.
    Scheme(usize),
    /// A level of a marking scheme.
    Level {
        scheme: usize,
        level: usize,
    },
}

/// A field of a model element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Parent,
    Category,
    SupersededBy,
    Status,
    Marking,
    Rank,
    MapsTo,
    /// `capabilities[j]` of a component.
    Capability(usize),
    /// `kinds[j]` of a component.
    Kind(usize),
    /// `history[h].status` of a standard.
    HistoryStatus(usize),
    /// `history[h].date` of a standard.
    HistoryDate(usize),
}

/// A place in one of the model's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelPath {
    /// A whole element.
    Element(Element),
    Field(Element, Field),
    /// The markings document's `current` scheme.
    CurrentScheme,
}

impl Element {
    /// One field of this element.
    pub fn at(self, field: Field) -> ModelPath {
        ModelPath::Field(self, field)
    }

    /// The element as a whole.
    pub fn whole(self) -> ModelPath {
        ModelPath::Element(self)
    }

    /// The document the element is defined in.
    pub fn kind(self) -> Kind {
        match self {
            Element::Capability(_) => Kind::Capabilities,
            Element::Category(_) | Element::Standard(_) => Kind::Standards,
            Element::Kind(_) | Element::Component(_) | Element::Framework(_) => Kind::Infrastructure,
            Element::Entity(_) => Kind::DataEntities,
            Element::Sector(_) => Kind::Sectors,
            Element::Scheme(_) | Element::Level { .. } => Kind::Markings,
        }
    }

    fn write_pointer(self, out: &mut String) {
        match self {
            Element::Capability(i) => push_item(out, "capabilities", i),
            Element::Category(i) => push_item(out, "categories", i),
            Element::Standard(i) => push_item(out, "standards", i),
            Element::Kind(i) => push_item(out, "kinds", i),
            Element::Component(i) => push_item(out, "components", i),
            Element::Entity(i) => push_item(out, "entities", i),
            Element::Sector(i) => push_item(out, "sectors", i),
            Element::Framework(i) => push_item(out, "frameworks", i),
            Element::Scheme(i) => push_item(out, "schemes", i),
            Element::Level { scheme, level } => {
                push_item(out, "schemes", scheme);
                push_item(out, "levels", level);
            }
        }
    }
}

impl Field {
    fn write_pointer(self, out: &mut String) {
        match self {
            Field::Id => push_key(out, "id"),
            Field::Parent => push_key(out, "parent"),
            Field::Category => push_key(out, "category"),
            Field::SupersededBy => push_key(out, "supersededBy"),
            Field::Status => push_key(out, "status"),
            Field::Marking => push_key(out, "marking"),
            Field::Rank => push_key(out, "rank"),
            Field::MapsTo => push_key(out, "mapsTo"),
            Field::Capability(j) => push_item(out, "capabilities", j),
            Field::Kind(j) => push_item(out, "kinds", j),
            Field::HistoryStatus(h) => {
                push_item(out, "history", h);
                push_key(out, "status");
            }
            Field::HistoryDate(h) => {
                push_item(out, "history", h);
                push_key(out, "date");
            }
        }
    }
}

fn push_item(out: &mut String, list: &str, i: usize) {
    push_key(out, list);
    push_index(out, i);
}

impl ModelPath {
    /// The document the path points into.
    pub fn kind(self) -> Kind {
        match self {
            ModelPath::Element(element) | ModelPath::Field(element, _) => element.kind(),
            ModelPath::CurrentScheme => Kind::Markings,
        }
    }

    /// The JSON pointer of the path inside its document, e.g. `/capabilities/3/parent`.
    pub fn pointer(self) -> String {
        let mut out = String::new();
        match self {
            ModelPath::CurrentScheme => push_key(&mut out, "current"),
            ModelPath::Element(element) => element.write_pointer(&mut out),
            ModelPath::Field(element, field) => {
                element.write_pointer(&mut out);
                field.write_pointer(&mut out);
            }
        }
        out
    }
}

/// A place in the model's documents with its span: what XG7xx findings are built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelLocation {
    pub span: Span,
    pub path: ModelPath,
}

impl Locate for ModelLocation {
    fn span(&self) -> Span {
        self.span
    }
    fn pointer(&self) -> String {
        self.path.pointer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_renders_its_pointer_in_its_document() {
        let cases = [
            (Element::Capability(3).whole(), Kind::Capabilities, "/capabilities/3"),
            (Element::Capability(3).at(Field::Id), Kind::Capabilities, "/capabilities/3/id"),
            (Element::Capability(3).at(Field::Parent), Kind::Capabilities, "/capabilities/3/parent"),
            (Element::Category(1).at(Field::Id), Kind::Standards, "/categories/1/id"),
            (Element::Standard(2).at(Field::Category), Kind::Standards, "/standards/2/category"),
            (Element::Standard(2).at(Field::SupersededBy), Kind::Standards, "/standards/2/supersededBy"),
            (Element::Standard(2).at(Field::Status), Kind::Standards, "/standards/2/status"),
            (Element::Standard(2).at(Field::HistoryStatus(4)), Kind::Standards, "/standards/2/history/4/status"),
            (Element::Standard(2).at(Field::HistoryDate(5)), Kind::Standards, "/standards/2/history/5/date"),
            (Element::Kind(0).at(Field::Id), Kind::Infrastructure, "/kinds/0/id"),
            (Element::Component(7).at(Field::Status), Kind::Infrastructure, "/components/7/status"),
            (Element::Component(7).at(Field::Capability(1)), Kind::Infrastructure, "/components/7/capabilities/1"),
            (Element::Component(7).at(Field::Kind(0)), Kind::Infrastructure, "/components/7/kinds/0"),
            (Element::Entity(9).at(Field::Marking), Kind::DataEntities, "/entities/9/marking"),
            (Element::Sector(8).at(Field::Id), Kind::Sectors, "/sectors/8/id"),
            (Element::Scheme(1).at(Field::Id), Kind::Markings, "/schemes/1/id"),
            (Element::Level { scheme: 1, level: 2 }.whole(), Kind::Markings, "/schemes/1/levels/2"),
            (Element::Level { scheme: 1, level: 2 }.at(Field::Rank), Kind::Markings, "/schemes/1/levels/2/rank"),
            (Element::Level { scheme: 0, level: 3 }.at(Field::MapsTo), Kind::Markings, "/schemes/0/levels/3/mapsTo"),
            (ModelPath::CurrentScheme, Kind::Markings, "/current"),
        ];
        for (path, kind, pointer) in cases {
            assert_eq!(path.pointer(), pointer, "{path:?}");
            assert_eq!(path.kind(), kind, "{path:?}");
        }
    }
}
