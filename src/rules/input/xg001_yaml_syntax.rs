use crate::diagnostic::{Finding, Label};
use crate::source::{FileId, Span, YamlProblem};

declare_rule! {
    /// ## What it finds
    /// A file that the YAML 1.2 parser cannot read: a bad indent, an unclosed bracket or quote, a tab used for indentation. The finding points at the line and column where the parser stopped.
    ///
    /// ## Why it matters
    /// Nothing after the error can be checked: the documents before it are linted, the rest of the file is not.
    ///
    /// ## How to fix
    /// Fix the syntax at the reported position. A YAML-aware editor with the schema comment at the top of the file (`# yaml-language-server: $schema=…`) shows such errors as you type.
    code: "XG001", name: "yaml-syntax", family: Input, severity: Error,
    summary: "a file that is not well-formed YAML",
    stage: Read,
}

/// The parser stopped at `at` with saphyr's `message`.
pub(crate) fn syntax(at: Span, message: &str) -> Finding {
    Finding::new(&RULE, format!("invalid YAML: {}", strip_position(message)), Label::new(at, "here"))
        .with_help("fix the YAML syntax at this position; the rest of the file was not read")
}

/// A published release file (JSON, written by xgea) that does not parse.
pub(crate) fn release_unparsable(file: FileId, problem: &YamlProblem) -> Finding {
    Finding::new(
        &RULE,
        format!("the release file cannot be parsed: {problem:?}"),
        Label::new(Span::file_start(file), "here"),
    )
    .with_help("release files are written by `xgea model publish`; publish the release again")
}

/// saphyr's messages end with " at byte N line L column C"; the label already shows the place.
fn strip_position(message: &str) -> &str {
    message.split(" at byte ").next().unwrap_or(message).trim_end_matches([',', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_position_is_left_to_the_label() {
        assert_eq!(
            strip_position("did not find expected key at byte 12 line 2 column 3, while parsing"),
            "did not find expected key"
        );
        assert_eq!(
            strip_position("mapping values are not allowed here, at byte 4"),
            "mapping values are not allowed here"
        );
        assert_eq!(strip_position("no position"), "no position");
    }
}
