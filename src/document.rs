//! One file's text → its documents, each checked against the schema of its `kind`.
//!
//! Shared by the model loader and the estate loader: both want YAML problems and schema errors as located
//! XG0xx findings, and the documents that passed as `(kind, value, spans)`.

use serde_json::Value;

use crate::diagnostic::did_you_mean;
use crate::diagnostic::{Finding, Label};
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

#[derive(Debug, Default)]
pub struct CheckedFile {
    pub documents: Vec<CheckedDocument>,
    pub findings: Vec<Finding>,
    /// Documents found in the file, valid or not.
    pub seen: usize,
}

/// Parses `text` and validates every document whose `kind` is one of `expected`.
pub fn check_file(file: FileId, text: &str, schemas: &Schemas, limits: Limits, expected: &[Kind]) -> CheckedFile {
    let parsed = parse_yaml(text, limits);
    let mut out = CheckedFile { seen: parsed.documents.len(), ..CheckedFile::default() };
    for problem in parsed.problems {
        out.findings.push(yaml_finding(file, problem));
    }
    if out.seen == 0 && out.findings.is_empty() {
        out.findings.push(
            Finding::new(
                &xg006_empty_file::RULE,
                "the file holds no YAML document",
                Label::new(Span::file_start(file), "empty"),
            )
            .with_help("write the descriptor into the file, or delete it"),
        );
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
        let errors = schemas.validate(kind, &doc.value, &doc.spans, file);
        if errors.is_empty() {
            out.documents.push(CheckedDocument { kind, value: doc.value, spans: doc.spans, root });
        } else {
            out.findings.extend(errors);
        }
    }
    out
}

/// Where every document names its kind.
const KIND_POINTER: &str = "/kind";

fn document_kind(
    value: &Value,
    spans: &SpanMap,
    file: FileId,
    root: Span,
    expected: &[Kind],
) -> Result<Kind, Box<Finding>> {
    let expected_names = expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let Some(kind_value) = value.as_object().and_then(|m| m.get("kind")) else {
        let what = if value.is_object() { "has no `kind`" } else { "is not a mapping" };
        let label = Span { end: root.start + 1.min(root.len()), ..root };
        return Err(Box::new(
            Finding::new(&xg002_schema_violation::RULE, format!("the document {what}"), Label::new(label, "here"))
                .with_pointer("")
                .with_help(format!(
                    "start every document with `apiVersion: xgea/v1` and a `kind`: one of {expected_names}"
                )),
        ));
    };
    let span = spans.get(KIND_POINTER).map_or(root, |s| Span::new(file, s.value));
    let name = kind_value.as_str().unwrap_or_default();
    match Kind::from_name(name) {
        Some(kind) if expected.contains(&kind) => Ok(kind),
        Some(kind) => {
            let help = if Kind::MODEL.contains(&kind) {
                format!("`{kind}` is a reference-model file: pass its directory with `--model`, not as an estate path")
            } else {
                format!("this place expects {expected_names}")
            };
            Err(Box::new(
                Finding::new(
                    &xg002_schema_violation::RULE,
                    format!("a `{kind}` document is not expected here"),
                    Label::new(span, "unexpected kind"),
                )
                .with_pointer(KIND_POINTER)
                .with_help(help),
            ))
        }
        None => {
            let suggestions = did_you_mean(name, expected.iter().map(|k| k.name()));
            let help = match suggestions.first() {
                Some(s) => format!("did you mean `{s}`? expected one of {expected_names}"),
                None => format!("expected one of {expected_names}"),
            };
            Err(Box::new(
                Finding::new(
                    &xg002_schema_violation::RULE,
                    format!("unknown kind `{kind_value}`").replace('"', ""),
                    Label::new(span, "unknown kind"),
                )
                .with_pointer(KIND_POINTER)
                .with_help(help),
            ))
        }
    }
}

fn yaml_finding(file: FileId, problem: YamlProblem) -> Finding {
    let at = |r: (u32, u32)| Span::new(file, r);
    match problem {
        YamlProblem::Syntax { message, at: pos } => Finding::new(
            &xg001_yaml_syntax::RULE,
            format!("invalid YAML: {}", strip_position(&message)),
            Label::new(at(pos), "here"),
        )
        .with_help("fix the YAML syntax at this position; the rest of the file was not read"),
        YamlProblem::DuplicateKey { key, first, second } => Finding::new(
            &xg003_duplicate_key::RULE,
            format!("duplicate key `{key}`"),
            Label::new(at(second), "written again here"),
        )
        .with_related(Label::new(at(first), "first written here"))
        .with_help("delete one of the two entries or merge them; xgea keeps the first"),
        YamlProblem::TooDeep { limit, at: pos } => Finding::new(
            &xg005_yaml_too_complex::RULE,
            format!("nesting deeper than {limit} levels"),
            Label::new(at(pos), "too deep"),
        )
        .with_help("flatten the structure; the rest of the file was not read"),
        YamlProblem::AliasBudget { limit, at: pos } => Finding::new(
            &xg005_yaml_too_complex::RULE,
            format!("aliases expand to more than {limit} nodes"),
            Label::new(at(pos), "expansion stopped here"),
        )
        .with_help("write the repeated content out instead of using aliases; the rest of the file was not read"),
        YamlProblem::ComplexKey { at: pos } => Finding::new(
            &xg002_schema_violation::RULE,
            "a mapping key must be a plain value, not a mapping, sequence or alias",
            Label::new(at(pos), "complex key"),
        )
        .with_help("use a plain string key; the rest of the file was not read"),
    }
}

/// saphyr's messages end with " at byte N line L column C"; the label already shows the place.
fn strip_position(message: &str) -> &str {
    message.split(" at byte ").next().unwrap_or(message).trim_end_matches([',', ' '])
}

/// The finding for a file whose text could not be read.
pub fn read_problem_finding(file: FileId, problem: &ReadProblem) -> Finding {
    let start = Span::file_start(file);
    match problem {
        ReadProblem::TooLarge { size, limit } => Finding::new(
            &xg004_file_too_large::RULE,
            format!("the file is {size} bytes, over the {limit}-byte limit"),
            Label::new(start, "not read"),
        )
        .with_help("split it into one file per system, or raise the limit with `--max-file-size BYTES`"),
        ReadProblem::NotUtf8 { valid_up_to, lossy } => {
            // The lossy text is identical up to the first invalid byte, so the offset is valid in it.
            let at = (*valid_up_to).min(lossy.len()) as u32;
            let end = lossy[at as usize..].chars().next().map_or(at, |c| at + c.len_utf8() as u32);
            Finding::new(
                &xg007_not_utf8::RULE,
                "the file is not valid UTF-8",
                Label::new(Span { file, start: at, end }, "first invalid byte"),
            )
            .with_help("re-save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
        }
        ReadProblem::Io(message) => Finding::new(
            &xg008_unreadable_file::RULE,
            format!("cannot read the file: {message}"),
            Label::new(start, "unreadable"),
        )
        .with_help("check the file's permissions and that it is a regular file"),
    }
}
