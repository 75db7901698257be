//! One file's text → its documents, each checked against the schema of its `kind`.
//!
//! Shared by the model loader and the estate loader: both want YAML problems and schema errors as located
//! XG0xx findings, and the documents that passed as `(kind, value, spans)`.

use serde_json::Value;

use crate::diagnostic::Finding;
use crate::rules::input::{
    xg001_yaml_syntax, xg002_schema_violation, xg003_duplicate_key, xg004_file_too_large, xg005_yaml_too_complex,
    xg006_empty_file, xg007_not_utf8, xg008_unreadable_file,
};
use crate::schema::{Kind, Schemas};
use crate::source::{FileId, Limits, ReadProblem, Span, SpanMap, YamlProblem, parse_yaml};

/// A document that passed its schema.
#[derive(Debug)]
pub struct CheckedDocument {
    pub kind: Kind,
    pub value: Value,
    pub spans: SpanMap,
    /// Span of the document's root node.
    pub root: Span,
}

/// A document of a known kind that failed its schema, with where: what a lenient reader can still use.
#[derive(Debug)]
pub struct InvalidDocument {
    pub document: CheckedDocument,
    /// JSON pointers of the nodes that broke the schema ([`Schemas::damage`]).
    pub damage: Vec<String>,
}

#[derive(Debug, Default)]
pub struct CheckedFile {
    pub documents: Vec<CheckedDocument>,
    /// Documents that failed their schema; their findings are in `findings`.
    pub invalid: Vec<InvalidDocument>,
    pub findings: Vec<Finding>,
    /// Documents found in the file, valid or not.
    pub seen: usize,
}

/// Parses `text` and validates every document whose `kind` is one of `expected`.
pub fn check_file(file: FileId, text: &str, schemas: &Schemas, limits: Limits, expected: &[Kind]) -> CheckedFile {
    let parsed = parse_yaml(text, limits);
    let mut out = CheckedFile { seen: parsed.documents.len(), ..CheckedFile::default() };
    // Integers too large to hold: their finding stands for any schema error at the same node, and their
    // document is not loaded (its value there is text where a number was written).
    let mut wide: Vec<(u32, String)> = Vec::new();
    for problem in parsed.problems {
        if let YamlProblem::IntegerTooLarge { pointer, at, .. } = &problem {
            wide.push((at.0, pointer.clone()));
        }
        out.findings.push(yaml_finding(file, problem));
    }
    if out.seen == 0 && out.findings.is_empty() {
        out.findings.push(xg006_empty_file::finding(file));
    }
    for doc in parsed.documents {
        let root = Span::new(file, doc.root);
        let kind = match document_kind(&doc.value, &doc.spans, file, root, expected) {
            Ok(kind) => kind,
            Err(finding) => {
                out.findings.push(*finding);
                continue;
            }
        };
        let mut errors = schemas.validate(kind, &doc.value, &doc.spans, file);
        let inside = |at: u32| doc.root.0 <= at && at <= doc.root.1;
        let wide_here: Vec<&str> = wide.iter().filter(|(at, _)| inside(*at)).map(|(_, p)| p.as_str()).collect();
        errors.retain(|e| e.pointer.as_deref().is_none_or(|p| !wide_here.contains(&p)));
        if errors.is_empty() && wide_here.is_empty() {
            out.documents.push(CheckedDocument { kind, value: doc.value, spans: doc.spans, root });
        } else {
            out.findings.extend(errors);
            let damage = schemas.damage(kind, &doc.value);
            let document = CheckedDocument { kind, value: doc.value, spans: doc.spans, root };
            out.invalid.push(InvalidDocument { document, damage });
        }
    }
    out
}

fn document_kind(
    value: &Value,
    spans: &SpanMap,
    file: FileId,
    root: Span,
    expected: &[Kind],
) -> Result<Kind, Box<Finding>> {
    let expected_names: Vec<&str> = expected.iter().map(|k| k.name()).collect();
    let Some(kind_value) = value.as_object().and_then(|m| m.get("kind")) else {
        return Err(Box::new(xg002_schema_violation::no_kind(root, value.is_object(), &expected_names)));
    };
    let span = spans.get(xg002_schema_violation::KIND_POINTER).map_or(root, |s| Span::new(file, s.value));
    match Kind::from_name(kind_value.as_str().unwrap_or_default()) {
        Some(kind) if expected.contains(&kind) => Ok(kind),
        Some(kind) => {
            let model_kind = Kind::MODEL.contains(&kind);
            Err(Box::new(xg002_schema_violation::unexpected_kind(span, kind.name(), model_kind, &expected_names)))
        }
        None => Err(Box::new(xg002_schema_violation::unknown_kind(span, kind_value, &expected_names))),
    }
}

fn yaml_finding(file: FileId, problem: YamlProblem) -> Finding {
    let at = |r: (u32, u32)| Span::new(file, r);
    match problem {
        YamlProblem::Syntax { message, at: pos } => xg001_yaml_syntax::syntax(at(pos), &message),
        YamlProblem::DuplicateKey { key, first, second } => xg003_duplicate_key::finding(&key, at(first), at(second)),
        YamlProblem::TooDeep { limit, at: pos } => xg005_yaml_too_complex::too_deep(at(pos), limit),
        YamlProblem::AliasBudget { limit, at: pos } => xg005_yaml_too_complex::alias_budget(at(pos), limit),
        YamlProblem::AliasBytes { limit, at: pos } => xg005_yaml_too_complex::alias_bytes(at(pos), limit),
        YamlProblem::ComplexKey { at: pos } => xg002_schema_violation::complex_key(at(pos)),
        YamlProblem::IntegerTooLarge { text, pointer, at: pos } => {
            xg002_schema_violation::integer_too_large(at(pos), &text, pointer)
        }
    }
}

/// The finding for a file whose text could not be read.
pub fn read_problem_finding(file: FileId, problem: &ReadProblem) -> Finding {
    match problem {
        ReadProblem::TooLarge { size, limit } => xg004_file_too_large::finding(file, *size, *limit),
        ReadProblem::NotUtf8 { valid_up_to, lossy } => xg007_not_utf8::finding(file, *valid_up_to, lossy),
        ReadProblem::Io(message) => xg008_unreadable_file::finding(file, message),
    }
}
