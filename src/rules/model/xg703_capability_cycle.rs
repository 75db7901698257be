use std::collections::HashMap;

use super::ModelCheckContext;
use crate::diagnostic::{Finding, Label};
use crate::model::path::{Element, Field};

declare_rule! {
    /// ## What it finds
    /// A capability that is its own ancestor: following `parent` from it comes back to it
    /// (`A → B → A`, or a capability that names itself as parent).
    ///
    /// ## Why it matters
    /// The capability taxonomy is a tree: reports roll systems and costs up to their domain, and the roadmap
    /// groups candidates by subtree. A cycle has no root, so everything under it belongs to no domain and
    /// roll-ups never finish.
    ///
    /// ## Example
    /// ```yaml
    /// capabilities:
    ///   - id: BO.02
    ///     parent: BO.02.01
    ///   - id: BO.02.01
    ///     parent: BO.02
    /// ```
    ///
    /// ## How to fix
    /// Make `parent` the id with its last segment removed (`BO.02.01` → `BO.02`); a domain (`BO`) has no parent.
    code: "XG703", name: "capability-cycle", family: Model, severity: Error,
    summary: "a capability is its own ancestor in the capability tree",
    stage: Model,
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    let caps = &cx.model.capabilities;
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; caps.len()];
    let index: HashMap<&str, usize> = caps.iter().enumerate().rev().map(|(i, c)| (c.id.as_str(), i)).collect();
    for start in 0..caps.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let mut cycle = path[path.iter().position(|&p| p == i).unwrap_or(0)..].to_vec();
                    let first = *cycle.iter().min().unwrap_or(&i);
                    let lead = cycle.iter().position(|&c| c == first).unwrap_or(0);
                    cycle.rotate_left(lead);
                    let names: Vec<&str> = cycle.iter().map(|&c| caps[c].id.as_str()).collect();
                    let parent = |c: usize| Element::Capability(c).at(Field::Parent);
                    let mut finding = Finding::at(
                        &RULE,
                        format!(
                            "capability `{}` is its own ancestor: {} → {}",
                            caps[first].id,
                            names.join(" → "),
                            names[0]
                        ),
                        &cx.docs.locate(parent(first)),
                        "parent closes a cycle",
                    )
                    .with_help("make `parent` the id with its last segment removed; a domain has no parent");
                    for &c in cycle.iter().filter(|&&c| c != first) {
                        finding = finding.with_related(Label::new(cx.docs.span(parent(c)), "part of the cycle"));
                    }
                    out.push(finding);
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = caps[i].parent.as_deref().and_then(|p| index.get(p).copied());
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
}
