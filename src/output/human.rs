//! Human output: each finding rendered by miette with a source snippet, labels and a help line.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Summary, sanitize};
use crate::diagnostic::{Finding, Label, Severity};
use crate::source::{FileId, IndexedText, SourceDb};

/// A finding as miette sees it: one source file, its labels there, and related diagnostics for labels in
/// other files (a miette diagnostic has one source). Its message and labels are one line each, cleaned of
/// control characters (see `sanitize`).
struct Rendered {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<IndexedText>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Clamps a label to its file's `text` and to character boundaries, so a span never points past the end of a
/// (possibly empty) file or into the middle of a character.
fn labeled(text: &str, label: &Label, primary: bool) -> LabeledSpan {
    let mut start = (label.span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (label.span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let text = Some(sanitize::line(&label.text).into_owned());
    let span = SourceSpan::from(start..end);
    if primary { LabeledSpan::new_primary_with_span(text, span) } else { LabeledSpan::new_with_span(text, span) }
}

/// A file as a snippet source. Its name and, when they hold control characters, its lines are cleaned first
/// (same length in bytes, so spans and the line index still fit): a snippet never sends the file's escape
/// sequences to the terminal. `None` when the file's text is no longer what was loaded.
fn named_source(db: &SourceDb, file: FileId) -> Option<NamedSource<IndexedText>> {
    let f = db.get(file);
    let mut source = f.snippet_source()?;
    if let Some(clean) = sanitize::snippet(&source.text) {
        source.text = Arc::from(clean);
    }
    Some(NamedSource::new(sanitize::line(&f.path), source))
}

/// The snippet sources of the files findings point into, each built (and cleaned) once per output, so
/// printing many findings of one large file costs each finding only its own lines, not the file's length.
#[derive(Default)]
struct Sources {
    files: std::collections::HashMap<FileId, Option<NamedSource<IndexedText>>>,
}

impl Sources {
    /// Builds the sources of the files `findings` point into that are not built already, in parallel (one file
    /// per system: about one new file per finding, most read back from disk).
    fn prepare(&mut self, db: &SourceDb, findings: &[Finding]) {
        use rayon::prelude::*;
        let mut missing: Vec<FileId> = findings
            .iter()
            .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
            .map(|label| label.span.file)
            .filter(|file| !self.files.contains_key(file))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let built: Vec<_> = missing.into_par_iter().map(|file| (file, named_source(db, file))).collect();
        self.files.extend(built);
    }
    /// The source of `file`: prepared, or built now.
    fn get(&self, db: &SourceDb, file: FileId) -> Option<NamedSource<IndexedText>> {
        match self.files.get(&file) {
            Some(source) => source.clone(),
            None => named_source(db, file),
        }
    }
}

/// Findings rendered at a time, in parallel, before they are written in order.
const RENDER_CHUNK: usize = 1024;

/// Lines longer than this are not shown as a snippet (a minified or hostile file would flood the terminal);
/// the finding then names its place in the message instead.
const MAX_SNIPPET_LINE: usize = 400;

/// Through the file's line index: every finding on one huge line must not cost the line's length.
fn line_too_long(db: &SourceDb, label: &Label) -> bool {
    let file = db.get(label.span.file);
    let at = (label.span.start as usize).min(file.len());
    let lines = file.lines();
    let line = lines.line_of(at);
    let start = lines.line_start(line).unwrap_or(0);
    let end = lines.line_start(line + 1).map_or(file.len(), |next| next - 1);
    end - start > MAX_SNIPPET_LINE
}

/// A diagnostic with no snippet: its place (`path:line:column`) and its label's text go in the message.
fn without_snippet(db: &SourceDb, code: String, message: &str, label: &Label) -> Rendered {
    let f = db.get(label.span.file);
    let at = f.line_col(label.span.start);
    let path = sanitize::line(&f.path);
    Rendered {
        code,
        message: sanitize::line(&format!("{message} at {path}:{}:{} ({})", at.line, at.column, label.text))
            .into_owned(),
        severity: miette::Severity::Advice,
        help: None,
        source: NamedSource::new(path, IndexedText { text: Arc::from(""), index: Default::default() }),
        labels: Vec::new(),
        related: Vec::new(),
    }
}

fn render(db: &SourceDb, finding: &Finding, sources: &Sources) -> Rendered {
    let file = finding.primary.span.file;
    let mut elsewhere: BTreeMap<FileId, Vec<&Label>> = BTreeMap::new();
    for label in finding.related.iter().filter(|label| label.span.file != file) {
        elsewhere.entry(label.span.file).or_default().push(label);
    }
    let related = elsewhere
        .into_iter()
        .map(|(other, others)| {
            let Some(source) = sources.get(db, other) else {
                return without_snippet(db, String::new(), "see also", others[0]);
            };
            let labels = others.iter().map(|label| labeled(&source.inner().text, label, false)).collect();
            Rendered {
                code: String::new(),
                message: format!("see also {}", sanitize::line(&db.get(other).path)),
                severity: miette::Severity::Advice,
                help: None,
                source,
                labels,
                related: Vec::new(),
            }
        })
        .collect();
    let code = format!("{}({})", finding.rule.code, finding.rule.name);
    let severity = miette_severity(finding.severity);
    let help = finding.help.as_deref().map(|h| sanitize::text(h).into_owned());
    // A huge line, or a file changed since it was loaded: no snippet, the place in the message.
    let source = if line_too_long(db, &finding.primary) { None } else { sources.get(db, file) };
    let Some(source) = source else {
        return Rendered { severity, help, related, ..without_snippet(db, code, &finding.message, &finding.primary) };
    };
    let text = &source.inner().text;
    let labels = std::iter::once((&finding.primary, true))
        .chain(finding.related.iter().filter(|label| label.span.file == file).map(|label| (label, false)))
        .map(|(label, primary)| labeled(text, label, primary))
        .collect();
    Rendered { code, message: sanitize::line(&finding.message).into_owned(), severity, help, source, labels, related }
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false)
}

fn io_error(e: impl fmt::Display) -> miette::Report {
    miette::miette!("cannot write output: {e}")
}

/// Writes every finding, in order.
pub fn write_findings(out: &mut dyn Write, db: &SourceDb, findings: &[Finding], color: bool) -> miette::Result<()> {
    use rayon::prelude::*;
    let mut sources = Sources::default();
    for chunk in findings.chunks(RENDER_CHUNK) {
        sources.prepare(db, chunk);
        let texts: Vec<Result<String, fmt::Error>> = chunk
            .par_iter()
            .map_init(
                || handler(color),
                |handler, finding| {
                    let mut text = String::new();
                    handler.render_report(&mut text, &render(db, finding, &sources)).map(|()| text)
                },
            )
            .collect();
        for text in texts {
            out.write_all(text.map_err(io_error)?.as_bytes()).map_err(io_error)?;
            out.write_all(b"\n").map_err(io_error)?;
        }
    }
    Ok(())
}

/// Writes the footer line.
pub fn write_summary(out: &mut dyn Write, summary: &Summary, _color: bool) -> miette::Result<()> {
    writeln!(out, "{}", sanitize::line(&summary.to_string())).map_err(io_error)
}

/// An error as shown: its message, help and labels cleaned of control characters (an error may quote a path or
/// a value from the user's files); everything else as the error says.
struct Clean<'a> {
    inner: &'a dyn Diagnostic,
    message: String,
    help: Option<String>,
}

impl<'a> Clean<'a> {
    fn new(inner: &'a dyn Diagnostic) -> Self {
        Clean {
            inner,
            message: sanitize::text(&inner.to_string()).into_owned(),
            help: inner.help().map(|h| sanitize::text(&h.to_string()).into_owned()),
        }
    }
}

impl fmt::Debug for Clean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Clean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Clean<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl Diagnostic for Clean<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.inner.labels()?;
        Some(Box::new(labels.map(|l| {
            let text = l.label().map(|t| sanitize::text(t).into_owned());
            if l.primary() {
                LabeledSpan::new_primary_with_span(text, *l.inner())
            } else {
                LabeledSpan::new_with_span(text, *l.inner())
            }
        })))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.inner.related()
    }
}

/// Prints an error that stopped the tool, to stderr.
pub fn print_error(error: &miette::Report, color: bool) {
    let mut text = String::new();
    if handler(color).render_report(&mut text, &Clean::new(error.as_ref())).is_err() {
        text = format!("error: {error}\n");
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::rules::registry::CATALOGUE;
    use crate::source::{SourceFile, Span};

    fn at(text: &str, needle: &str, file: FileId) -> Span {
        let start = text.find(needle).unwrap() as u32;
        Span::new(file, (start, start + needle.len() as u32))
    }

    #[test]
    fn labels_far_apart_in_one_file_get_a_snippet_each_and_findings_come_out_in_order() {
        let text: String = (0..400).map(|i| format!("key{i:03}: value{i:03}\n")).collect();
        let mut db = SourceDb::new();
        let file = db.add(SourceFile::new("big.yaml", text.as_str()));
        let rule = CATALOGUE.by_code("XG301").unwrap();
        let finding = |n: usize| {
            let mut f = Finding::new(rule, format!("finding {n}"), Label::new(at(&text, "value200", file), "here"));
            f.related.push(Label::new(at(&text, "value300", file), "and here"));
            f
        };
        let findings: Vec<Finding> = (0..RENDER_CHUNK * 2 + 3).map(finding).collect();
        let mut out = Vec::new();
        write_findings(&mut out, &db, &findings, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        let one = out.split("\n\n").find(|s| s.contains("finding 0")).unwrap();
        assert!(one.contains("key200") && one.contains("key300"), "{one}");
        assert!(!one.contains("key250"), "no lines between the two labels: {one}");
        assert_eq!(one.matches("╭─[").count(), 2, "{one}");
        // In order, each finding once.
        let order: Vec<usize> = out.lines().filter_map(|l| l.split("finding ").nth(1)?.trim().parse().ok()).collect();
        assert_eq!(order, (0..findings.len()).collect::<Vec<_>>());
    }

    #[test]
    fn files_read_back_show_their_snippets_and_a_changed_file_shows_its_place_instead() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        let text = "metadata:\n  id: d.one\nspec:\n  capabilities: [CS.X]\n";
        let other = "metadata:\n  id: d.two\n";
        std::fs::write(&a, text).unwrap();
        std::fs::write(&b, other).unwrap();
        let mut db = SourceDb::new();
        let file = db.add(SourceFile::read_back_later("a.yaml", &a, text.to_string()));
        let elsewhere = db.add(SourceFile::read_back_later("b.yaml", &b, other.to_string()));
        let rule = CATALOGUE.by_code("XG301").unwrap();
        let mut finding = Finding::new(rule, "duplicate", Label::new(at(text, "CS.X", file), "this one"));
        finding.related.push(Label::new(at(other, "d.two", elsewhere), "that one"));
        let shown = |db: &SourceDb| {
            let mut out = Vec::new();
            write_findings(&mut out, db, std::slice::from_ref(&finding), false).unwrap();
            String::from_utf8(out).unwrap()
        };
        let out = shown(&db);
        assert!(out.contains("capabilities: [CS.X]") && out.contains("this one"), "{out}");
        assert!(out.contains("id: d.two") && out.contains("that one"), "{out}");
        // Both files changed after loading (same lengths): no snippet of text that is not what was linted.
        std::fs::write(&a, text.replace("CS.X", "CS.Y")).unwrap();
        std::fs::write(&b, other.replace("two", "owt")).unwrap();
        let out = shown(&db);
        assert!(!out.contains("CS.Y") && !out.contains("d.owt"), "{out}");
        assert!(out.contains("duplicate at a.yaml:4:18 (this one)"), "{out}");
        assert!(out.contains("see also at b.yaml:2:7 (that one)"), "{out}");
        assert!(out.contains("XG301"), "{out}");
    }
}
