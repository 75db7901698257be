use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::diagnostic::{Finding, Label, did_you_mean, shorten, shorten_json};
use crate::source::yaml::push_key;
use crate::source::{FileId, NodeSpan, Span, SpanMap};

declare_rule! {
    /// ## What it finds
    /// A document whose structure does not match the JSON Schema of its `kind` (`schemas/system.schema.json`, `schemas/department.schema.json`, or a model file's schema): a missing required field, an unknown field, a wrong type, a value outside its allowed set or pattern. The label sits on the offending node.
    ///
    /// ## Why it matters
    /// The estate graph and every later rule rely on the shape the schema guarantees; a document that breaks it is skipped by them, so its other problems stay hidden until it is fixed.
    ///
    /// ## How to fix
    /// Correct the node named in the message. `xgea` shows the schema's expectation; the schemas in `schemas/` document every field.
    code: "XG002", name: "schema-violation", family: Input, severity: Error,
    summary: "a document that does not match its JSON Schema",
    stage: Read,
}

/// Which schema a document was checked against, for the help line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchemaOf<'a> {
    /// The kind's name, as written after `kind:`.
    pub kind: &'a str,
    /// The schema's file in `schemas/`.
    pub file: &'a str,
}

/// One JSON Schema error, labelled on the node it is about. `invalid_date` is why a value of the `date` format
/// names no day of the calendar, when the error is that one.
pub(crate) fn from_schema_error(
    error: &ValidationError<'_>,
    spans: &SpanMap,
    file: FileId,
    schema: SchemaOf<'_>,
    invalid_date: Option<String>,
) -> Finding {
    let pointer = error.instance_path().as_str().to_string();
    let node = spans.lookup(&pointer).unwrap_or(NodeSpan { key: None, value: (0, 0) });
    let at = |range: (u32, u32)| Span::new(file, range);
    // A mapping or sequence is labelled on its key (or its first character), so a label does not swallow it.
    let container = matches!(error.instance().as_ref(), Value::Object(_) | Value::Array(_));
    let node_span = if container { node.key.map_or(at((node.value.0, node.value.0 + 1)), at) } else { at(node.value) };
    let path = if pointer.is_empty() { "the document".to_string() } else { format!("`{}`", shorten(&pointer)) };
    let (message, label, span) = if let Some(reason) = invalid_date {
        let text = shorten(error.instance().as_str().unwrap_or_default());
        (format!("invalid date `{text}` at {path}: {reason}"), "no such day".into(), at(node.value))
    } else {
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let first = unexpected.first().cloned().unwrap_or_default();
                let mut child_pointer = pointer.clone();
                push_key(&mut child_pointer, &first);
                let child = spans.get(&child_pointer);
                let span = child.and_then(|c| c.key).map_or(at(node.value), at);
                let mut names = unexpected
                    .iter()
                    .take(MAX_LISTED)
                    .map(|u| format!("`{}`", shorten(u)))
                    .collect::<Vec<_>>()
                    .join(", ");
                if unexpected.len() > MAX_LISTED {
                    names.push_str(&format!(" and {} more", unexpected.len() - MAX_LISTED));
                }
                (format!("unknown field {names} in {path}"), "not allowed here".to_string(), span)
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                (format!("{path} is missing the required field `{name}`"), format!("needs `{name}`"), node_span)
            }
            ValidationErrorKind::Enum { options } => {
                let list = options
                    .as_array()
                    .map(|a| a.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                let message = format!("{} at {path} is not one of {list}", shorten_json(error.instance()));
                (message, "not an allowed value".into(), at(node.value))
            }
            // jsonschema's message quotes the value: quote only its start.
            _ => {
                let message = error.masked_with(shorten_json(error.instance()));
                (format!("{message} at {path}"), "does not match the schema".into(), node_span)
            }
        }
    };
    Finding::new(&RULE, message, Label::new(span, label))
        .with_pointer(pointer)
        .with_help(format!("see `schemas/{}` for the {} format", schema.file, schema.kind))
}

/// The most unknown fields one message names.
const MAX_LISTED: usize = 5;

/// `expected` kinds as the help lines list them.
fn listed(expected: &[&str]) -> String {
    expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// A document (rooted at `root`) with no `kind`: a mapping without one, or no mapping at all.
pub(crate) fn no_kind(root: Span, is_mapping: bool, expected: &[&str]) -> Finding {
    let what = if is_mapping { "has no `kind`" } else { "is not a mapping" };
    let label = Span { end: root.start + 1.min(root.len()), ..root };
    Finding::new(&RULE, format!("the document {what}"), Label::new(label, "here"))
        .with_pointer("")
        .with_help(format!("start every document with `apiVersion: xgea/v1` and a `kind`: one of {}", listed(expected)))
}

/// A known `kind` where another is expected; `model_kind` says it belongs to a reference model.
pub(crate) fn unexpected_kind(at: Span, kind: &str, model_kind: bool, expected: &[&str]) -> Finding {
    let help = if model_kind {
        format!("`{kind}` is a reference-model file: pass its directory with `--model`, not as an estate path")
    } else {
        format!("this place expects {}", listed(expected))
    };
    Finding::new(&RULE, format!("a `{kind}` document is not expected here"), Label::new(at, "unexpected kind"))
        .with_pointer(KIND_POINTER)
        .with_help(help)
}

/// A `kind` that names no kind of document.
pub(crate) fn unknown_kind(at: Span, written: &Value, expected: &[&str]) -> Finding {
    let name = written.as_str().unwrap_or_default();
    let suggestions = did_you_mean(name, expected.iter().copied());
    let help = match suggestions.first() {
        Some(s) => format!("did you mean `{s}`? expected one of {}", listed(expected)),
        None => format!("expected one of {}", listed(expected)),
    };
    let shown = shorten_json(written).replace('"', "");
    Finding::new(&RULE, format!("unknown kind `{shown}`"), Label::new(at, "unknown kind"))
        .with_pointer(KIND_POINTER)
        .with_help(help)
}

/// A plain integer (its `text`) at `pointer` outside what xgea holds exactly.
pub(crate) fn integer_too_large(at: Span, text: &str, pointer: String) -> Finding {
    let path = if pointer.is_empty() { "the document".to_string() } else { format!("`{}`", shorten(&pointer)) };
    Finding::new(
        &RULE,
        format!(
            "the integer `{}` at {path} is out of range: xgea reads whole numbers from {} to {}",
            shorten(text),
            i64::MIN,
            u64::MAX
        ),
        Label::new(at, "out of range"),
    )
    .with_pointer(pointer)
    .with_help("write the number in range; if it is text rather than a number, quote it")
}

/// Where every document names its kind.
pub(crate) const KIND_POINTER: &str = "/kind";

/// A mapping key that is itself a mapping, sequence or alias.
pub(crate) fn complex_key(at: Span) -> Finding {
    Finding::new(
        &RULE,
        "a mapping key must be a plain value, not a mapping, sequence or alias",
        Label::new(at, "complex key"),
    )
    .with_help("use a plain string key; the rest of the file was not read")
}

/// Release files are JSON written by xgea; any problem with one is repaired the same way.
const REPUBLISH: &str = "release files are written by `xgea model publish`; publish the release again";

/// A release file (its root at `root`) without the `kind` document.
pub(crate) fn release_missing_document(root: Span, kind: &str) -> Finding {
    Finding::new(&RULE, format!("the release has no `{kind}` document"), Label::new(root, "release"))
        .with_help(REPUBLISH)
}

/// A second document of `kind` in a model directory.
pub(crate) fn repeated_model_document(kind: &str, repeated: Span, first: Span) -> Finding {
    Finding::new(&RULE, format!("a second `{kind}` document in the model"), Label::new(repeated, "repeated"))
        .with_related(Label::new(first, "first defined here"))
        .with_help("a model has exactly one document of each kind; merge them")
}

/// A model directory without the `kind` document, conventionally written to `file_name`.
pub(crate) fn model_missing_document(anchor: Span, kind: &str, file_name: &str) -> Finding {
    Finding::new(&RULE, format!("the model has no `{kind}` document"), Label::new(anchor, "model"))
        .with_help(format!("add `{file_name}` with `kind: {kind}`"))
}

/// The schema passed but the types did not: a disagreement between the two, reported rather than panicking.
const TYPES_DISAGREE: &str = "the model file matches its schema but not the types xgea expects; report this as a bug";

/// A model document (at `root`) that its type cannot read.
pub(crate) fn model_document_untyped(root: Span, error: &serde_json::Error) -> Finding {
    Finding::new(&RULE, format!("cannot read the document: {error}"), Label::new(root, "here"))
        .with_help(TYPES_DISAGREE)
}

/// A model document's `field` that its type cannot read.
pub(crate) fn model_field_untyped(root: Span, field: &str, error: &serde_json::Error) -> Finding {
    Finding::new(&RULE, format!("cannot read `{field}`: {error}"), Label::new(root, "here")).with_help(TYPES_DISAGREE)
}

/// An estate document's top-level `field` that its type cannot read.
pub(crate) fn field_untyped(root: Span, field: &str, error: &serde_json::Error) -> Finding {
    let mut pointer = String::new();
    push_key(&mut pointer, field);
    Finding::new(&RULE, format!("cannot read `{field}`: {error}"), Label::new(root, "here"))
        .with_pointer(pointer)
        .with_help("the document matches its schema but not the types xgea expects; report this as a bug")
}
