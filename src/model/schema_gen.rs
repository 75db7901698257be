//! The descriptor JSON Schemas of one model release, for editors: `schemas/<version>/system.schema.json` and
//! `department.schema.json`.
//!
//! They are the generic descriptor schemas with every id the release defines spelled out as an `enum` —
//! capabilities, standards, data entities, markings, sectors, infrastructure kinds and `common:` components —
//! each value described by its name in `enumDescriptions` and `markdownEnumDescriptions` (the annotations
//! yaml-language-server and VS Code show while completing and hovering). Each schema is self-contained: the
//! common definitions are copied into its `$defs`, so a validator or an editor needs no other file and no
//! network.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{ComponentStatus, Model, StandardStatus};
use crate::schema::{EMBEDDED, SCHEMA_BASE};

/// The kinds of descriptor a release schema is generated for: (file name, kind).
pub const FILES: &[&str] = &["system.schema.json", "department.schema.json"];

const COMMON_REF: &str = "https://xgea.dev/schemas/common.schema.json#/$defs/";

fn embedded(name: &str) -> Result<Value, String> {
    let text = EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or(format!("no schema `{name}`"))?;
    serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))
}

/// Rewrites references to the common schema into local `#/$defs/...` references.
fn localise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(def) = r.strip_prefix(COMMON_REF)
            {
                *r = format!("#/$defs/{def}");
            }
            map.values_mut().for_each(localise);
        }
        Value::Array(items) => items.iter_mut().for_each(localise),
        _ => {}
    }
}

/// An `enum` of ids, each with a description for editors.
fn id_enum(description: &str, items: Vec<(String, String)>) -> Value {
    let ids: Vec<&String> = items.iter().map(|(id, _)| id).collect();
    let plain: Vec<&String> = items.iter().map(|(_, d)| d).collect();
    let markdown: Vec<String> = items.iter().map(|(id, d)| format!("**{id}**: {d}")).collect();
    json!({
        "type": "string",
        "description": description,
        "enum": ids,
        "enumDescriptions": plain,
        "markdownEnumDescriptions": markdown,
    })
}

fn standard_text(model: &Model, s: &super::Standard) -> String {
    let mut text = format!("{} ({}", s.name, s.status.as_str());
    if matches!(s.status, StandardStatus::Deprecated | StandardStatus::Retired)
        && let Some(next) = &s.superseded_by
    {
        text.push_str(&format!(", use {next}"));
        if let Some(n) = model.standard(next) {
            text.push_str(&format!(": {}", n.name));
        }
    }
    text.push(')');
    text
}

/// The `$defs` a release pins down.
fn release_defs(model: &Model) -> BTreeMap<&'static str, Value> {
    let mut defs = BTreeMap::new();
    defs.insert(
        "capabilityId",
        id_enum(
            "A capability id of the reference model.",
            model.capabilities.iter().map(|c| (c.id.clone(), c.name.clone())).collect(),
        ),
    );
    defs.insert(
        "standardId",
        id_enum(
            "An interface-standard id of the reference model.",
            model.standards.iter().map(|s| (s.id.clone(), standard_text(model, s))).collect(),
        ),
    );
    defs.insert(
        "dataEntityId",
        id_enum(
            "A data entity id of the reference model.",
            model.entities.iter().map(|e| (e.id.clone(), e.name.clone())).collect(),
        ),
    );
    let mut markings: Vec<(String, String)> = Vec::new();
    for scheme in &model.schemes {
        for level in &scheme.levels {
            if markings.iter().any(|(id, _)| *id == level.id) {
                continue;
            }
            let mut text = format!("{} level {}", scheme.name, level.rank);
            if scheme.id != model.current_scheme {
                text.push_str(" (legacy scheme");
                if let Some(to) = &level.maps_to {
                    text.push_str(&format!(", maps to {to}"));
                }
                text.push(')');
            }
            if let Some(d) = &level.description {
                text.push_str(&format!(": {d}"));
            }
            markings.push((level.id.clone(), text));
        }
    }
    defs.insert("markingId", id_enum("A protective marking level of the reference model.", markings));
    defs.insert(
        "sectorId",
        id_enum(
            "A shared-services sector of the reference model.",
            model.sectors.iter().map(|s| (s.id.clone(), s.name.clone())).collect(),
        ),
    );
    if !model.frameworks.is_empty() {
        defs.insert(
            "frameworkId",
            id_enum(
                "A procurement framework of the reference model.",
                model
                    .frameworks
                    .iter()
                    .map(|f| (f.id.clone(), format!("{} ({})", f.name, f.status.as_str())))
                    .collect(),
            ),
        );
    }
    defs.insert(
        "infrastructureKind",
        id_enum(
            "An infrastructure kind of the reference model.",
            model.kinds.iter().map(|k| (k.id.clone(), k.name.clone())).collect(),
        ),
    );
    let components = id_enum(
        "A common component of the reference model.",
        model
            .components
            .iter()
            .map(|c| {
                let mut text = format!("{} ({}", c.name, c.status.as_str());
                if matches!(c.status, ComponentStatus::Deprecated | ComponentStatus::Retired)
                    && let Some(next) = &c.superseded_by
                {
                    text.push_str(&format!(", use common:{next}"));
                }
                text.push(')');
                (format!("common:{}", c.id), text)
            })
            .collect(),
    );
    defs.insert(
        "infrastructureUse",
        json!({
            "description": "common:<component id> for a common component of the reference model, or bespoke:<name> for the system's own.",
            "anyOf": [
                components,
                {
                    "type": "string",
                    "pattern": "^bespoke:[a-z0-9][a-z0-9-]*$",
                    "description": "bespoke:<name>: infrastructure the system built or bought for itself."
                }
            ]
        }),
    );
    defs
}

/// The generated schemas of `model` as release `version`: (file name, canonical JSON text).
pub fn generate(model: &Model, version: &str) -> Result<Vec<(&'static str, String)>, String> {
    let common = embedded("common.schema.json")?;
    let common_defs = common.get("$defs").and_then(Value::as_object).cloned().ok_or("common schema has no $defs")?;
    let release = release_defs(model);
    let mut out = Vec::new();
    for &file in FILES {
        let mut schema = embedded(file)?;
        localise(&mut schema);
        let obj = schema.as_object_mut().ok_or(format!("{file} is not an object"))?;
        let mut defs = obj.remove("$defs").and_then(|d| d.as_object().cloned()).unwrap_or_default();
        for (name, def) in &common_defs {
            defs.entry(name.clone()).or_insert_with(|| def.clone());
        }
        for (name, def) in &release {
            defs.insert((*name).to_string(), def.clone());
        }
        obj.insert("$defs".into(), Value::Object(defs));
        obj.insert("$id".into(), json!(format!("{SCHEMA_BASE}{version}/{file}")));
        let title = obj.get("title").and_then(Value::as_str).unwrap_or("xGEA descriptor").to_string();
        obj.insert("title".into(), json!(format!("{title}, reference model {version}")));
        if file == "system.schema.json" {
            let uses = schema
                .pointer_mut("/$defs/infrastructure/properties/uses")
                .ok_or("system.schema.json has no /$defs/infrastructure/properties/uses")?;
            *uses = json!({ "$ref": "#/$defs/infrastructureUse" });
            let kind = schema
                .pointer_mut("/$defs/infrastructure/properties/kind")
                .ok_or("system.schema.json has no /$defs/infrastructure/properties/kind")?;
            *kind = json!({ "$ref": "#/$defs/infrastructureKind" });
        }
        out.push((file, super::release::canonical_json(&schema)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn release_schemas_are_self_contained() {
        let model = crate::model::embedded_model();
        for (file, text) in generate(&model, "9.9.9").unwrap() {
            let schema: Value = serde_json::from_str(&text).unwrap();
            let mut found = Vec::new();
            refs(&schema, &mut found);
            assert!(!found.is_empty());
            for r in found {
                assert!(r.starts_with("#/"), "{file}: external $ref {r}");
                assert!(schema.pointer(&r[1..]).is_some(), "{file}: dangling $ref {r}");
            }
            assert_eq!(schema["$id"], format!("https://xgea.dev/schemas/9.9.9/{file}"));
            jsonschema::draft202012::options().offline().build(&schema).unwrap();
        }
    }
}
