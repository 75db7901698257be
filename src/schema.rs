//! The JSON Schemas of `schemas/`, embedded, compiled once, and their errors turned into located findings.
//!
//! Validation never touches the network: the validators are built `offline()`, and every schema is registered
//! under its `$id`, so `$ref`s between them resolve locally.

use std::collections::BTreeMap;
use std::fmt;

use jsonschema::{Validator, error::ValidationErrorKind};
use serde_json::Value;

use crate::date::{Date, DateError};
use crate::diagnostic::Finding;
use crate::rules::input::xg002_schema_violation::{self, SchemaOf};
use crate::source::{FileId, SpanMap};

/// The base of every schema `$id`.
pub const SCHEMA_BASE: &str = "https://xgea.dev/schemas/";

/// The kinds of YAML document xgea reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    System,
    Department,
    Model,
    Capabilities,
    Standards,
    Infrastructure,
    DataEntities,
    Markings,
    Sectors,
}

impl Kind {
    pub const ESTATE: &'static [Kind] = &[Kind::System, Kind::Department];
    pub const MODEL: &'static [Kind] = &[
        Kind::Model,
        Kind::Capabilities,
        Kind::Standards,
        Kind::Infrastructure,
        Kind::DataEntities,
        Kind::Markings,
        Kind::Sectors,
    ];
    pub const ALL: &'static [Kind] = &[
        Kind::System,
        Kind::Department,
        Kind::Model,
        Kind::Capabilities,
        Kind::Standards,
        Kind::Infrastructure,
        Kind::DataEntities,
        Kind::Markings,
        Kind::Sectors,
    ];

    /// The value of `kind:` in YAML.
    pub fn name(self) -> &'static str {
        match self {
            Kind::System => "System",
            Kind::Department => "Department",
            Kind::Model => "Model",
            Kind::Capabilities => "Capabilities",
            Kind::Standards => "Standards",
            Kind::Infrastructure => "Infrastructure",
            Kind::DataEntities => "DataEntities",
            Kind::Markings => "Markings",
            Kind::Sectors => "Sectors",
        }
    }

    /// The schema file in `schemas/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::System => "system.schema.json",
            Kind::Department => "department.schema.json",
            Kind::Model => "model.schema.json",
            Kind::Capabilities => "capabilities.schema.json",
            Kind::Standards => "standards.schema.json",
            Kind::Infrastructure => "infrastructure.schema.json",
            Kind::DataEntities => "data.schema.json",
            Kind::Markings => "markings.schema.json",
            Kind::Sectors => "sectors.schema.json",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The schema sources shipped in `schemas/`, by file name.
pub static EMBEDDED: &[(&str, &str)] = &[
    ("common.schema.json", include_str!("../schemas/common.schema.json")),
    ("system.schema.json", include_str!("../schemas/system.schema.json")),
    ("department.schema.json", include_str!("../schemas/department.schema.json")),
    ("model.schema.json", include_str!("../schemas/model.schema.json")),
    ("capabilities.schema.json", include_str!("../schemas/capabilities.schema.json")),
    ("standards.schema.json", include_str!("../schemas/standards.schema.json")),
    ("infrastructure.schema.json", include_str!("../schemas/infrastructure.schema.json")),
    ("data.schema.json", include_str!("../schemas/data.schema.json")),
    ("markings.schema.json", include_str!("../schemas/markings.schema.json")),
    ("sectors.schema.json", include_str!("../schemas/sectors.schema.json")),
];

/// One compiled validator per document kind.
pub struct Schemas {
    validators: BTreeMap<Kind, Validator>,
}

impl fmt::Debug for Schemas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schemas").field("kinds", &self.validators.keys().collect::<Vec<_>>()).finish()
    }
}

impl Schemas {
    /// Compiles the embedded schemas. They are part of the binary, so a failure is a bug caught by the tests.
    pub fn embedded() -> Result<Schemas, String> {
        let mut parsed: Vec<(String, Value)> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                serde_json::from_str(text)
                    .map(|v| (format!("{SCHEMA_BASE}{name}"), v))
                    .map_err(|e| format!("{name}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        // A pattern can only say a date looks like YYYY-MM-DD; whether the day exists (no 2026-02-30, no
        // 2025-02-29) is decided by xgea's one date parser, checked here as the `date` format of the shared
        // definition. The files stay as published: editors keep the pattern.
        for (id, schema) in &mut parsed {
            if id.ends_with("common.schema.json")
                && let Some(Value::Object(date)) = schema.pointer_mut("/$defs/date")
            {
                date.insert("format".into(), Value::from(DATE_FORMAT));
            }
        }
        // A descriptor's references to the model (capabilities, standards, data entities, markings, sectors)
        // are checked by the XG1xx rules, which name the closest ids; here they need only be text, so an id of
        // the wrong shape (`FO.04.04X`) gets that "did you mean" rather than a regular expression. The files
        // keep their patterns for editors.
        for (id, schema) in &mut parsed {
            if id.ends_with(Kind::System.schema_file()) || id.ends_with(Kind::Department.schema_file()) {
                relax_references(schema);
            }
        }
        let registry = jsonschema::Registry::new()
            .extend(parsed.iter().map(|(id, v)| (id.as_str(), jsonschema::Resource::from_contents(v.clone()))))
            .and_then(|b| b.prepare())
            .map_err(|e| e.to_string())?;
        let mut validators = BTreeMap::new();
        for &kind in Kind::ALL {
            let (_, schema) = parsed
                .iter()
                .find(|(id, _)| id.ends_with(kind.schema_file()))
                .ok_or_else(|| format!("no schema for {kind}"))?;
            let validator = jsonschema::draft202012::options()
                .offline()
                .should_validate_formats(true)
                .with_format(DATE_FORMAT, is_calendar_date)
                .with_registry(&registry)
                .build(schema)
                .map_err(|e| format!("{}: {e}", kind.schema_file()))?;
            validators.insert(kind, validator);
        }
        Ok(Schemas { validators })
    }

    /// Validates `value` as a document of `kind`; every error becomes an XG002 finding on the offending node.
    pub fn validate(&self, kind: Kind, value: &Value, spans: &SpanMap, file: FileId) -> Vec<Finding> {
        let validator = &self.validators[&kind];
        if validator.is_valid(value) {
            return Vec::new();
        }
        let mut findings: Vec<Finding> =
            validator.iter_errors(value).map(|e| schema_finding(kind, &e, spans, file)).collect();
        crate::diagnostic::sort_findings(&mut findings);
        findings
    }

    /// Where `value` breaks the schema of `kind`, one JSON pointer per error: the offending node, the missing
    /// field for a missing one, the unexpected field for an unknown one. What a loader leaves out to read the
    /// rest of an invalid document.
    pub fn damage(&self, kind: Kind, value: &Value) -> Vec<String> {
        let mut out: Vec<String> = self.validators[&kind]
            .iter_errors(value)
            .flat_map(|e| {
                let at = e.instance_path().as_str().to_string();
                let child = |name: &str| {
                    let mut pointer = at.clone();
                    crate::source::yaml::push_key(&mut pointer, name);
                    pointer
                };
                match e.kind() {
                    ValidationErrorKind::Required { property } => vec![child(property.as_str().unwrap_or_default())],
                    ValidationErrorKind::AdditionalProperties { unexpected } => {
                        unexpected.iter().map(|u| child(u)).collect()
                    }
                    _ => vec![at],
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

const DATE_FORMAT: &str = "date";

/// The shared definitions of ids a descriptor cites from the model, and the one they are relaxed to.
const MODEL_REFERENCES: &[&str] =
    &["capabilityId", "standardId", "dataEntityId", "markingId", "sectorId", "frameworkId", "supplierId"];
const ANY_TEXT: &str = "nonEmptyString";

/// Points every reference to one of [`MODEL_REFERENCES`] at [`ANY_TEXT`] instead.
fn relax_references(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some((base, def)) = r.split_once("#/$defs/")
                && MODEL_REFERENCES.contains(&def)
            {
                *r = format!("{base}#/$defs/{ANY_TEXT}");
            }
            map.values_mut().for_each(relax_references);
        }
        Value::Array(items) => items.iter_mut().for_each(relax_references),
        _ => {}
    }
}

/// The `date` format: a day of the calendar. A text of the wrong shape passes here, as the pattern reports it.
fn is_calendar_date(text: &str) -> bool {
    !Date::parse(text).is_err_and(DateError::is_calendar)
}

fn schema_finding(kind: Kind, e: &jsonschema::ValidationError<'_>, spans: &SpanMap, file: FileId) -> Finding {
    let invalid_date = match e.kind() {
        ValidationErrorKind::Format { format } if format == DATE_FORMAT => {
            let text = e.instance().as_str().unwrap_or_default();
            Some(Date::parse(text).err().map(|r| r.to_string()).unwrap_or_default())
        }
        _ => None,
    };
    let schema = SchemaOf { kind: kind.name(), file: kind.schema_file() };
    xg002_schema_violation::from_schema_error(e, spans, file, schema, invalid_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_compile() {
        let s = Schemas::embedded().unwrap();
        assert_eq!(s.validators.len(), Kind::ALL.len());
    }
}
