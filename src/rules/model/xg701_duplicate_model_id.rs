use std::collections::HashMap;

use super::ModelCheckContext;
use crate::diagnostic::{Finding, Label};
use crate::schema::Kind;

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

/// Reports repeated ids in one list; `ids` are (pointer of the element, id).
fn repeats(cx: &ModelCheckContext<'_>, kind: Kind, what: &str, ids: &[(String, &str)], out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, &str> = HashMap::with_capacity(ids.len());
    for (pointer, id) in ids {
        match first.get(id) {
            None => {
                first.insert(id, pointer);
            }
            Some(original) => out.push(
                Finding::new(
                    &RULE,
                    format!("{what} id `{id}` is defined twice"),
                    Label::new(cx.docs.span(kind, &format!("{pointer}/id")), "defined again here"),
                )
                .with_related(Label::new(cx.docs.span(kind, &format!("{original}/id")), "first defined here"))
                .with_pointer(format!("{pointer}/id"))
                .with_help("give the element its own id, or merge the two definitions; ids are never reused"),
            ),
        }
    }
}

fn list<'a, T>(items: &'a [T], field: &str, id: impl Fn(&'a T) -> &'a str) -> Vec<(String, &'a str)> {
    items.iter().enumerate().map(|(i, item)| (format!("/{field}/{i}"), id(item))).collect()
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    let m = cx.model;
    repeats(cx, Kind::Capabilities, "capability", &list(&m.capabilities, "capabilities", |c| &c.id), out);
    repeats(cx, Kind::Standards, "category", &list(&m.categories, "categories", |c| &c.id), out);
    repeats(cx, Kind::Standards, "standard", &list(&m.standards, "standards", |c| &c.id), out);
    repeats(cx, Kind::Infrastructure, "infrastructure kind", &list(&m.kinds, "kinds", |c| &c.id), out);
    repeats(cx, Kind::Infrastructure, "component", &list(&m.components, "components", |c| &c.id), out);
    repeats(cx, Kind::DataEntities, "data entity", &list(&m.entities, "entities", |c| &c.id), out);
    repeats(cx, Kind::Sectors, "sector", &list(&m.sectors, "sectors", |c| &c.id), out);
    repeats(cx, Kind::Markings, "marking scheme", &list(&m.schemes, "schemes", |c| &c.id), out);
    for (s, scheme) in m.schemes.iter().enumerate() {
        let levels = list(&scheme.levels, &format!("schemes/{s}/levels"), |l| &l.id);
        repeats(cx, Kind::Markings, &format!("`{}` marking level", scheme.id), &levels, out);
    }
}
