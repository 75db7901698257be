use std::collections::HashMap;

use super::ModelCheckContext;
use crate::diagnostic::{Finding, Label};
use crate::model::path::{Element, Field};

declare_rule! {
    /// ## What it finds
    /// Two elements of the reference model with the same id in one list: two capabilities, standards,
    /// standards categories, infrastructure kinds, components, data entities, sectors or marking schemes, or two
    /// levels of one marking scheme. Both places are labelled.
    ///
    /// ## Why it matters
    /// Ids are the contract between the model and every department's descriptors. With two definitions under
    /// one id, xgea uses the first and silently ignores the second, so the model says two different things and
    /// departments cannot tell which one they are linted against.
    ///
    /// ## Example
    /// ```yaml
    /// capabilities:
    ///   - id: BO.02.01
    ///     name: Payroll
    ///   - id: BO.02.01        # repeated
    ///     name: Pensions administration
    /// ```
    ///
    /// ## How to fix
    /// Give the second element its own id (ids are never reused across releases), or merge the two.
    code: "XG701", name: "duplicate-model-id", family: Model, severity: Error,
    summary: "two elements of the reference model share an id",
    stage: Model,
}

/// Reports repeated ids in one list; `ids` are (element, id).
fn repeats(cx: &ModelCheckContext<'_>, what: &str, ids: &[(Element, &str)], out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, Element> = HashMap::with_capacity(ids.len());
    for &(element, id) in ids {
        match first.get(id) {
            None => {
                first.insert(id, element);
            }
            Some(original) => out.push(
                Finding::at(
                    &RULE,
                    format!("{what} id `{id}` is defined twice"),
                    &cx.docs.locate(element.at(Field::Id)),
                    "defined again here",
                )
                .with_related(Label::new(cx.docs.span(original.at(Field::Id)), "first defined here"))
                .with_help("give the element its own id, or merge the two definitions; ids are never reused"),
            ),
        }
    }
}

fn list<'a, T>(
    items: &'a [T],
    element: impl Fn(usize) -> Element,
    id: impl Fn(&'a T) -> &'a str,
) -> Vec<(Element, &'a str)> {
    items.iter().enumerate().map(|(i, item)| (element(i), id(item))).collect()
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    let m = cx.model;
    repeats(cx, "capability", &list(&m.capabilities, Element::Capability, |c| &c.id), out);
    repeats(cx, "category", &list(&m.categories, Element::Category, |c| &c.id), out);
    repeats(cx, "standard", &list(&m.standards, Element::Standard, |c| &c.id), out);
    repeats(cx, "infrastructure kind", &list(&m.kinds, Element::Kind, |c| &c.id), out);
    repeats(cx, "component", &list(&m.components, Element::Component, |c| &c.id), out);
    repeats(cx, "data entity", &list(&m.entities, Element::Entity, |c| &c.id), out);
    repeats(cx, "sector", &list(&m.sectors, Element::Sector, |c| &c.id), out);
    repeats(cx, "marking scheme", &list(&m.schemes, Element::Scheme, |c| &c.id), out);
    for (s, scheme) in m.schemes.iter().enumerate() {
        let levels = list(&scheme.levels, |level| Element::Level { scheme: s, level }, |l| &l.id);
        repeats(cx, &format!("`{}` marking level", scheme.id), &levels, out);
    }
}
