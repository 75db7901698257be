//! Drafts → descriptor files: the one writer every importer shares.
//!
//! Ids are made safe here (`<department>.<slug>`, stable, collision-free, the original name kept in
//! `metadata.name`), an empty capability list gets the model's top suggestions as a comment, and the files are
//! written so that importing the same input again gives byte-identical files. A manifest in the output
//! directory (`.xgea-import.json`) remembers the sha256 of each file written: a file that still has that hash
//! may be replaced, one that was edited since (or was never written by an import) is left alone unless `force`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Counterpart, Draft, Import, ImportError, check_department, safe, slug};
use crate::estate::Lifecycle;
use crate::model::Model;
use crate::model::suggest::{TextIndex, system_query};

/// The manifest's file name, in the output directory.
pub const MANIFEST: &str = ".xgea-import.json";

/// How many capabilities are suggested beside an empty list.
const SUGGESTIONS: usize = 3;

/// One descriptor to write: its path under the output directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub text: String,
}

/// What writing did.
#[derive(Debug, Default)]
pub struct Written {
    pub created: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Files an earlier import wrote that this one did not produce; left in place.
    pub stale: Vec<String>,
}

/// Renders `import`'s drafts as descriptors (ids assigned, suggestions added); `tool` names the command in
/// each file's header. Problems found on the way (two drafts with one id, a department that is not an id) are
/// added to `import`.
pub fn render(import: &mut Import, model: &Model, tool: &str) -> Vec<Output> {
    // A department from the source (an annotation, a property, a cell) names the output directory: it must be
    // an id, never a path.
    let mut fixed = Vec::new();
    for draft in &mut import.drafts {
        if check_department(&draft.department).is_err() {
            let mut id = slug(&draft.department);
            if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
                id = format!("dept-{id}");
            }
            fixed
                .push((draft.at.clone(), format!("department `{}` is not an id: written as `{id}`", draft.department)));
            draft.department = id;
        }
    }
    for (at, message) in fixed {
        import.problem(at, message);
    }
    let ids = assign_ids(import);
    let index = TextIndex::capabilities(model);
    let mut outputs = Vec::with_capacity(import.drafts.len());
    for (i, draft) in import.drafts.iter().enumerate() {
        let id = &ids[i];
        let local = id.split_once('.').map_or(id.as_str(), |(_, l)| l);
        outputs.push(Output {
            path: format!("{}/{local}.yaml", draft.department),
            text: system_text(draft, id, &ids, &index, tool),
        });
    }
    import.summary.mapped.insert("systems".into(), import.drafts.len());
    let interfaces: usize = import.drafts.iter().map(|d| d.interfaces.len()).sum();
    if interfaces > 0 {
        import.summary.mapped.insert("interfaces".into(), interfaces);
    }
    let infrastructure: usize = import.drafts.iter().map(|d| d.infrastructure.len()).sum();
    if infrastructure > 0 {
        import.summary.mapped.insert("infrastructure uses".into(), infrastructure);
    }
    for draft in &import.drafts {
        if draft.lifecycle.is_none() {
            import.summary.guessed("lifecycles (none given: written as live)");
        }
        if draft.capabilities.is_empty() {
            import.summary.guessed("capability lists (left empty, suggestions in a comment)");
        }
        if draft.annual_cost_gbp.is_none() {
            import.summary.skipped("annual costs (none given)");
        }
    }
    outputs
}

/// `<department>.<slug>` for every draft, in order; the second of two drafts with one id gets `-2`.
fn assign_ids(import: &mut Import) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut first: HashMap<String, String> = HashMap::new();
    let mut ids = Vec::with_capacity(import.drafts.len());
    let mut problems = Vec::new();
    for draft in &import.drafts {
        let base = format!("{}.{}", draft.department, safe(draft.key.as_deref().unwrap_or(&draft.name), "."));
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            let earlier = first.get(&base).cloned().unwrap_or_default();
            problems.push((
                draft.at.clone(),
                format!("`{}` makes the id `{base}`, already taken by {earlier}: written as `{id}`", draft.name),
            ));
        } else {
            first.insert(base, draft.at.clone());
        }
        ids.push(id);
    }
    for (at, message) in problems {
        import.problem(at, message);
    }
    ids
}

/// A string as a YAML scalar: plain when that reads back as the same string, double-quoted (JSON) otherwise.
pub fn scalar(text: &str) -> String {
    const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"];
    let plain = !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || " ._/()&,'+-".contains(c))
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain { text.to_string() } else { serde_json::to_string(text).unwrap_or_default() }
}

fn flow(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| scalar(s)).collect::<Vec<_>>().join(", "))
}

fn system_text(draft: &Draft, id: &str, ids: &[String], index: &TextIndex, tool: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# Imported by `xgea import {tool}` from {}.", draft.origin);
    t.push_str("# Edit freely: importing again leaves an edited file alone unless --force. `xgea lint` lists what is missing.\n");
    t.push_str("apiVersion: xgea/v1\nkind: System\nmetadata:\n");
    let _ = writeln!(t, "  id: {id}");
    let _ = writeln!(t, "  name: {}", scalar(&draft.name));
    let _ = writeln!(t, "  department: {}", draft.department);
    if let Some(owner) = &draft.owner {
        let _ = writeln!(t, "  owner: {}", scalar(owner));
    }
    if let Some(d) = draft.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        let _ = writeln!(t, "  description: {}", scalar(d));
    }
    t.push_str("spec:\n");
    match draft.lifecycle {
        Some(l) => {
            let _ = writeln!(t, "  lifecycle: {}", l.as_str());
        }
        None => {
            let _ = writeln!(t, "  lifecycle: {}  # guessed: the source gives no lifecycle", Lifecycle::Live.as_str());
        }
    }
    match draft.annual_cost_gbp {
        Some(c) => {
            let _ = writeln!(t, "  annualCostGbp: {c}");
        }
        None => t.push_str("  # annualCostGbp: not in the source; add the running cost in whole pounds a year\n"),
    }
    if draft.capabilities.is_empty() {
        let interfaces = draft.interfaces.iter().map(|f| f.name.as_str());
        let query = system_query(
            &draft.name,
            draft.description.as_deref(),
            draft.tags.iter().map(String::as_str).chain(interfaces),
        );
        let ranked = index.rank(&query, SUGGESTIONS);
        if ranked.is_empty() {
            t.push_str("  capabilities: []  # none in the source; see `xgea model show`\n");
        } else {
            let listed: Vec<String> = ranked.iter().map(|s| format!("{} ({})", s.id, s.name)).collect();
            let _ = writeln!(t, "  capabilities: []  # suggested: {}", listed.join(", "));
        }
    } else {
        let _ = writeln!(t, "  capabilities: {}", flow(&draft.capabilities));
    }
    if !draft.interfaces.is_empty() {
        t.push_str("  interfaces:\n");
        let mut used = HashSet::new();
        for f in &draft.interfaces {
            let base = safe(&f.name, "._");
            let mut fid = base.clone();
            let mut n = 2;
            while !used.insert(fid.clone()) {
                fid = format!("{base}-{n}");
                n += 1;
            }
            let counterpart = match &f.counterpart {
                Counterpart::Draft(i) => ids[*i].clone(),
                Counterpart::System(id) => id.clone(),
                Counterpart::External(name) => format!("external:{}", safe(name, "._")),
            };
            let _ = writeln!(t, "    - id: {fid}");
            let _ = writeln!(t, "      direction: {}", f.direction.as_str());
            let _ = writeln!(t, "      counterpart: {counterpart}");
            let note = f.note.as_deref().map(|n| format!("  # {n}")).unwrap_or_default();
            let _ = writeln!(t, "      standards: {}{note}", flow(&f.standards));
        }
    }
    if !draft.infrastructure.is_empty() {
        t.push_str("  infrastructure:\n");
        for (kind, uses) in &draft.infrastructure {
            let _ = writeln!(t, "    - kind: {kind}\n      uses: {uses}");
        }
    }
    t
}

fn sha256(text: &[u8]) -> String {
    Sha256::digest(text).iter().map(|b| format!("{b:02x}")).collect()
}

fn read_manifest(dir: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else { return BTreeMap::new() };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("files").cloned())
        .and_then(|f| serde_json::from_value(f).ok())
        .unwrap_or_default()
}

/// Writes `outputs` under `dir`. Refuses, writing nothing, when a file differs from what the last import wrote
/// there (it was edited, or not written by an import) and `force` is not set.
pub fn write(dir: &Path, outputs: &[Output], force: bool) -> Result<Written, ImportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ImportError::new(format!("--out {} is a file, not a directory", dir.display())));
    }
    let manifest = read_manifest(dir);
    let mut written = Written::default();
    let mut plan: Vec<(PathBuf, &Output)> = Vec::new();
    let mut conflicts = Vec::new();
    for output in outputs {
        let path = dir.join(&output.path);
        match std::fs::read(&path) {
            Ok(existing) if existing == output.text.as_bytes() => written.unchanged += 1,
            Ok(existing) => {
                let ours = manifest.get(&output.path).is_some_and(|h| *h == sha256(&existing));
                if !ours && !force {
                    conflicts.push(path.display().to_string());
                }
                written.replaced += 1;
                plan.push((path, output));
            }
            Err(_) => {
                written.created += 1;
                plan.push((path, output));
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(ImportError::new(format!(
            "{} file(s) differ from what the last import wrote (edited since, or not written by xgea): {}",
            conflicts.len(),
            conflicts.join(", ")
        ))
        .with_help("nothing was written; keep your edits, or pass --force to replace them"));
    }
    for (path, output) in &plan {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ImportError::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(path, &output.text)
            .map_err(|e| ImportError::new(format!("cannot write {}: {e}", path.display())))?;
    }
    let mut files: BTreeMap<String, String> = manifest.clone();
    for output in outputs {
        files.insert(output.path.clone(), sha256(output.text.as_bytes()));
    }
    let produced: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    written.stale = manifest.keys().filter(|k| !produced.contains(k.as_str())).cloned().collect();
    let text = serde_json::to_string_pretty(&serde_json::json!({ "files": files })).unwrap_or_default() + "\n";
    let manifest_path = dir.join(MANIFEST);
    if std::fs::read_to_string(&manifest_path).ok().as_deref() != Some(text.as_str()) {
        std::fs::create_dir_all(dir).map_err(|e| ImportError::new(format!("cannot create {}: {e}", dir.display())))?;
        std::fs::write(&manifest_path, text)
            .map_err(|e| ImportError::new(format!("cannot write {}: {e}", manifest_path.display())))?;
    }
    Ok(written)
}

/// The summary every importer ends with: what was written, mapped, guessed and skipped, and each problem.
pub fn summary(import: &Import, written: &Written, dir: &Path) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "imported {} system(s) into {}: {} created, {} replaced, {} unchanged",
        import.drafts.len(),
        dir.display(),
        written.created,
        written.replaced,
        written.unchanged
    );
    for (title, counts) in
        [("mapped", &import.summary.mapped), ("guessed", &import.summary.guessed), ("skipped", &import.summary.skipped)]
    {
        if counts.is_empty() {
            continue;
        }
        let _ = writeln!(t, "{title}:");
        for (what, n) in counts {
            let _ = writeln!(t, "  {n:>5}  {what}");
        }
    }
    if !written.stale.is_empty() {
        let _ =
            writeln!(t, "left in place (written by an earlier import, not produced now): {}", written.stale.join(", "));
    }
    if !import.problems.is_empty() {
        let mut problems = import.problems.clone();
        problems.sort_by_key(super::Problem::sort_key);
        problems.dedup();
        let _ = writeln!(t, "problems ({}):", problems.len());
        for p in problems {
            let _ = writeln!(t, "  {p}");
        }
    }
    let _ = writeln!(t, "next: xgea lint {}   (the to-do list)   and   xgea suggest {}", dir.display(), dir.display());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("Payments Service"), "Payments Service");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("100"), "\"100\"");
        assert_eq!(scalar("x #y"), "\"x #y\"");
        assert_eq!(scalar("line\nbreak"), "\"line\\nbreak\"");
    }

    #[test]
    fn a_department_from_the_source_never_becomes_a_path() {
        let model = crate::model::embedded_model();
        let mut import = Import::default();
        import.drafts.push(Draft { name: "X".into(), department: "../../etc".into(), ..Draft::default() });
        import.drafts.push(Draft { name: "../Y".into(), department: "42".into(), ..Draft::default() });
        let out = render(&mut import, &model, "test");
        assert_eq!(out[0].path, "etc/x.yaml");
        assert_eq!(out[1].path, "dept-42/y.yaml");
        assert_eq!(import.problems.len(), 2);
    }

    #[test]
    fn write_is_idempotent_and_keeps_edits() {
        let dir = tempfile::tempdir().unwrap();
        let out = [Output { path: "d/a.yaml".into(), text: "one\n".into() }];
        let w = write(dir.path(), &out, false).unwrap();
        assert_eq!((w.created, w.replaced, w.unchanged), (1, 0, 0));
        let w = write(dir.path(), &out, false).unwrap();
        assert_eq!((w.created, w.replaced, w.unchanged), (0, 0, 1));
        // A new import result replaces a file nobody edited.
        let changed = [Output { path: "d/a.yaml".into(), text: "two\n".into() }];
        assert_eq!(write(dir.path(), &changed, false).unwrap().replaced, 1);
        // An edited file is kept, and nothing is written.
        std::fs::write(dir.path().join("d/a.yaml"), "edited\n").unwrap();
        assert!(write(dir.path(), &out, false).unwrap_err().message.contains("d/a.yaml"));
        assert_eq!(std::fs::read_to_string(dir.path().join("d/a.yaml")).unwrap(), "edited\n");
        assert_eq!(write(dir.path(), &out, true).unwrap().replaced, 1);
        assert_eq!(std::fs::read_to_string(dir.path().join("d/a.yaml")).unwrap(), "one\n");
    }
}
