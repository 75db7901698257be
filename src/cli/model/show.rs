//! `xgea model show [ID]`: the model's overview, a capability subtree, a standard's history.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use super::{ModelChoice, err, io_err, schemas};
use crate::cli::Outcome;
use crate::model::release::ReleaseStore;
use crate::model::{Model, ModelSource, StandardStatus, build_model, load_documents, load_release};
use crate::schema::Schemas;
use crate::source::SourceDb;

fn choice_source(choice: &ModelChoice) -> (ModelSource, Option<String>) {
    match (&choice.model, &choice.model_version) {
        (Some(p), _) => (ModelSource::Path(p.clone()), None),
        (None, Some(v)) => (ModelSource::Release(v.clone()), Some(v.clone())),
        (None, None) => (ModelSource::Embedded, None),
    }
}

pub(super) fn run(id: Option<&str>, choice: &ModelChoice, out: &mut dyn Write) -> miette::Result<Outcome> {
    let schemas = schemas()?;
    let store = choice.releases.store();
    let mut db = SourceDb::new();
    let (source, version) = choice_source(choice);
    let docs = match (&source, &version, &choice.releases.releases) {
        (ModelSource::Release(_), Some(v), Some(_)) => load_release(&store, v, &mut db, &schemas),
        _ => load_documents(&source, &mut db, &schemas),
    };
    let model = docs.and_then(|d| build_model(&d)).map_err(|e| {
        if e.findings.is_empty() { err(e.summary) } else { err(format!("{} cannot be read", e.summary)) }
    })?;
    let text = match id {
        None => overview(&model),
        Some(id) => show_element(&model, id, &store, &schemas)?,
    };
    out.write_all(text.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}

fn overview(model: &Model) -> String {
    let mut s = format!("{} {}", model.meta.name, model.version());
    if let Some(r) = &model.meta.released {
        s.push_str(&format!(" (released {r})"));
    }
    s.push('\n');
    let count = |st: StandardStatus| model.standards.iter().filter(|s| s.status == st).count();
    s.push_str(&format!(
        "  {} capabilities, {} standards ({} mandatory, {} recommended, {} emerging, {} deprecated, {} retired),\n  {} common components, {} data entities, {} marking schemes (current: {}), {} sectors\n",
        model.capabilities.len(),
        model.standards.len(),
        count(StandardStatus::Mandatory),
        count(StandardStatus::Recommended),
        count(StandardStatus::Emerging),
        count(StandardStatus::Deprecated),
        count(StandardStatus::Retired),
        model.components.len(),
        model.entities.len(),
        model.schemes.len(),
        model.current_scheme,
        model.sectors.len(),
    ));
    s.push_str("\nCapability domains:\n");
    for c in model.capabilities.iter().filter(|c| c.parent.is_none()) {
        let children = model.capabilities.iter().filter(|x| x.parent.as_deref() == Some(&c.id)).count();
        s.push_str(&format!("  {:<6} {} ({children} sub-capabilities)\n", c.id, c.name));
    }
    s.push_str("\nShow one element with `xgea model show <ID>`.\n");
    s
}

fn show_element(model: &Model, id: &str, store: &ReleaseStore, schemas: &Schemas) -> miette::Result<String> {
    let mut s = String::new();
    if let Some(c) = model.capability(id) {
        s.push_str(&format!("capability {} — {}\n", c.id, c.name));
        if let Some(p) = c.parent.as_deref().and_then(|p| model.capability(p)) {
            s.push_str(&format!("  parent: {} {}\n", p.id, p.name));
        }
        s.push_str(&format!("  shareable: {}\n", c.shareable));
        if let Some(f) = &c.family {
            s.push_str(&format!("  family: {f}\n"));
        }
        if let Some(f) = &c.cofog {
            s.push_str(&format!("  cofog: {f}\n"));
        }
        if !c.keywords.is_empty() {
            s.push_str(&format!("  keywords: {}\n", c.keywords.join(", ")));
        }
        if let Some(d) = &c.description {
            s.push_str(&format!("  {d}\n"));
        }
        let mut children: BTreeMap<&str, Vec<&crate::model::Capability>> = BTreeMap::new();
        for x in &model.capabilities {
            if let Some(p) = x.parent.as_deref() {
                children.entry(p).or_default().push(x);
            }
        }
        s.push_str("\nsubtree:\n");
        let mut stack = vec![(c, 0usize)];
        let mut seen = BTreeSet::new();
        while let Some((node, depth)) = stack.pop() {
            if !seen.insert(node.id.as_str()) {
                continue;
            }
            let share = if node.shareable { "  [shareable]" } else { "" };
            s.push_str(&format!("  {}{} {}{share}\n", "  ".repeat(depth), node.id, node.name));
            for child in children.get(node.id.as_str()).into_iter().flatten().rev() {
                stack.push((child, depth + 1));
            }
        }
        let components: Vec<&str> =
            model.components.iter().filter(|k| k.capabilities.iter().any(|x| x == id)).map(|k| k.id.as_str()).collect();
        if !components.is_empty() {
            s.push_str(&format!("\ncommon components serving it: {}\n", components.join(", ")));
        }
    } else if let Some(st) = model.standard(id) {
        s.push_str(&format!("standard {} — {}", st.id, st.name));
        if let Some(v) = &st.version {
            s.push_str(&format!(" ({v})"));
        }
        s.push('\n');
        s.push_str(&format!("  category: {}", st.category));
        if let Some(c) = model.category(&st.category) {
            s.push_str(&format!(" ({})", c.name));
        }
        s.push_str(&format!("\n  status: {}\n  open: {}\n", st.status.as_str(), st.open));
        if let Some(n) = &st.superseded_by {
            s.push_str(&format!("  superseded by: {n}\n"));
        }
        if let Some(d) = &st.sunset {
            s.push_str(&format!("  sunset: {d}\n"));
        }
        if let Some(p) = &st.purpose {
            s.push_str(&format!("  purpose: {p}\n"));
        }
        if let Some(u) = &st.url {
            s.push_str(&format!("  url: {u}\n"));
        }
        if let Some(src) = &st.source {
            s.push_str(&format!("  source: {src}\n"));
        }
        if let Some(d) = &st.description {
            s.push_str(&format!("  {d}\n"));
        }
        if !st.history.is_empty() {
            s.push_str("\nhistory:\n");
            for h in &st.history {
                s.push_str(&format!("  {}  {}", h.date, h.status.as_str()));
                if let Some(n) = &h.note {
                    s.push_str(&format!("  {n}"));
                }
                s.push('\n');
            }
        }
        s.push_str("\nin each published release:\n");
        let index = store.index().map_err(err)?;
        for entry in &index.releases {
            let mut db = SourceDb::new();
            let status = load_release(store, &entry.version, &mut db, schemas)
                .and_then(|d| build_model(&d))
                .map(|m| m.standard(id).map_or("(not defined)".to_string(), |x| x.status.as_str().to_string()))
                .unwrap_or_else(|e| format!("(unreadable: {})", e.summary));
            s.push_str(&format!("  {:<8} {:<10} {status}\n", entry.version, entry.released));
        }
    } else if let Some(c) = model.component(id.strip_prefix("common:").unwrap_or(id)) {
        s.push_str(&format!("component {} — {}\n  status: {}\n", c.id, c.name, c.status.as_str()));
        if let Some(d) = &c.since {
            s.push_str(&format!("  since: {d}\n"));
        }
        if let Some(d) = &c.retired {
            s.push_str(&format!("  retired: {d}\n"));
        }
        if let Some(n) = &c.superseded_by {
            s.push_str(&format!("  superseded by: {n}\n"));
        }
        if let Some(u) = &c.url {
            s.push_str(&format!("  url: {u}\n"));
        }
        if let Some(src) = &c.source {
            s.push_str(&format!("  source: {src}\n"));
        }
        s.push_str(&format!("  kinds: {}\n", c.kinds.join(", ")));
        for cap in &c.capabilities {
            let name = model.capability(cap).map_or("(not in the model)", |x| x.name.as_str());
            s.push_str(&format!("  serves {cap} {name}\n"));
        }
        if let Some(d) = &c.description {
            s.push_str(&format!("  {d}\n"));
        }
        s.push_str(&format!("\ndescriptors use it as `uses: common:{}`\n", c.id));
    } else if let Some(e) = model.entity(id) {
        s.push_str(&format!("data entity {} — {}\n  personal: {}\n", e.id, e.name, e.personal));
        if let Some(m) = &e.marking {
            s.push_str(&format!("  marking: {m}\n"));
        }
        if !e.identifiers.is_empty() {
            s.push_str(&format!("  identifiers: {}\n", e.identifiers.join(", ")));
        }
        if let Some(m) = &e.master_source {
            s.push_str(&format!("  master source: {m}\n"));
        }
        if let Some(d) = &e.description {
            s.push_str(&format!("  {d}\n"));
        }
    } else {
        let all = model
            .capabilities
            .iter()
            .map(|c| c.id.as_str())
            .chain(model.standards.iter().map(|s| s.id.as_str()))
            .chain(model.components.iter().map(|c| c.id.as_str()))
            .chain(model.entities.iter().map(|e| e.id.as_str()));
        let suggestions = crate::diagnostic::did_you_mean(id, all);
        let help = match suggestions.first() {
            Some(s) => format!("did you mean `{s}`?"),
            None => "`xgea model show` lists the capability domains; ids are case-sensitive".to_string(),
        };
        return Err(miette::miette!(help = help, "`{id}` is not an id of the model {}", model.version()));
    }
    Ok(s)
}
