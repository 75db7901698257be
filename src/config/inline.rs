//! Inline allows in YAML comments, for one node:
//!
//! ```yaml
//! standards: [SOAP-1.2]   # xgea: allow XG201 reason="retained until re-platforming" until=2027-03-31
//! # xgea: allow XG101, XG105 reason="ids agreed with the council, model release pending"
//! capabilities: [CS.NEW.THING]
//! ```
//!
//! A trailing comment covers findings whose primary label starts on its own line; a comment on a line of its
//! own covers the next line that is not blank or a comment. `reason` is required; `until` (the last day the
//! allow holds, `YYYY-MM-DD`) is optional. A malformed allow is itself a finding (XG604).

use crate::date::Date;
use crate::diagnostic::{Finding, RuleMeta};
use crate::rules::CATALOGUE;
use crate::rules::governance::xg604_invalid_inline_allow::{self, Malformed};
use crate::source::{FileId, SourceDb, Span};

/// One `# xgea: allow` comment.
#[derive(Debug, Clone)]
pub struct InlineAllow {
    /// The comment.
    pub span: Span,
    /// The 1-based line whose findings it covers.
    pub target_line: u32,
    pub rules: Vec<&'static RuleMeta>,
    pub reason: String,
    pub until: Option<Date>,
}

/// The byte offset of the comment's `#` in a YAML line, if it has one (outside quotes, at the start of the line
/// or after whitespace).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev_space => return Some(i),
            None if (c == '"' || c == '\'') && prev_space => quote = Some(c),
            None => {}
        }
        prev_space = c.is_whitespace() || matches!(c, '[' | '{' | ',' | ':' | '-');
    }
    None
}

enum Token {
    Word(String),
    Pair(String, String),
}

/// Splits the text after `allow` into rule words and `key=value` pairs (values may be double-quoted).
fn tokens(text: &str) -> Result<Vec<Token>, Malformed> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let Some(_) = chars.peek() else { break };
        // A further `#` ends the directive: the rest is a note for people (`… # expect: XG601`).
        if chars.peek() == Some(&'#') {
            break;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == ',' || c == '=' {
                break;
            }
            word.push(c);
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            out.push(Token::Word(word));
            continue;
        }
        chars.next();
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(Malformed::UnclosedQuote { key: word });
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push(Token::Pair(word, value));
    }
    Ok(out)
}

/// Parses the text after `# xgea:`.
fn parse_directive(body: &str) -> Result<(Vec<&'static RuleMeta>, String, Option<Date>), Malformed> {
    let body = body.trim();
    let Some(rest) = body.strip_prefix("allow").filter(|r| r.is_empty() || r.starts_with(char::is_whitespace)) else {
        let word = body.split_whitespace().next().unwrap_or("");
        return Err(Malformed::UnknownDirective(word.to_string()));
    };
    let mut rules = Vec::new();
    let (mut reason, mut until) = (None, None);
    for token in tokens(rest)? {
        match token {
            Token::Word(w) => rules.push(CATALOGUE.resolve(&w).map_err(Malformed::UnknownRule)?),
            Token::Pair(k, v) => match k.as_str() {
                "reason" => reason = Some(v),
                "until" => until = Some(Date::parse(&v).map_err(|reason| Malformed::InvalidDate { value: v, reason })?),
                other => return Err(Malformed::UnknownKey(other.to_string())),
            },
        }
    }
    if rules.is_empty() {
        return Err(Malformed::NoRule);
    }
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    let Some(reason) = reason else {
        return Err(Malformed::NoReason);
    };
    Ok((rules, reason, until))
}

/// Finds every `# xgea: allow` comment in one file; malformed ones come back as XG604 findings.
pub fn scan_inline_allows(db: &SourceDb, file: FileId) -> (Vec<InlineAllow>, Vec<Finding>) {
    let mut allows = Vec::new();
    let mut problems = Vec::new();
    // A text not held is one with no `xgea:` comment (`SourceFile::read_back_later`).
    let Some(text) = db.get(file).held_text() else { return (allows, problems) };
    if !text.contains("xgea:") {
        return (allows, problems);
    }
    // Only real comments carry allows: a `# xgea:` line inside a block scalar or a quoted string is text.
    let strings = crate::source::yaml::scalar_ranges(text);
    let in_string = |at: usize| {
        let i = strings.partition_point(|r| r.1 as usize <= at);
        strings.get(i).is_some_and(|r| r.0 as usize <= at)
    };
    // Allows on lines of their own, waiting for the next line with content.
    let mut pending: Vec<InlineAllow> = Vec::new();
    let mut offset = 0usize;
    for (index, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_no = index as u32 + 1;
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw_line.len();
        let comment = comment_start(line).filter(|&hash| !in_string(start + hash));
        let content_before = comment.map_or(line, |c| &line[..c]);
        let has_content = !content_before.trim().is_empty();
        if has_content {
            for mut allow in pending.drain(..) {
                allow.target_line = line_no;
                allows.push(allow);
            }
        }
        let Some(hash) = comment else { continue };
        let body = line[hash + 1..].trim_start();
        let Some(directive) = body.strip_prefix("xgea:") else { continue };
        // The label ends where a note for people (`# …` after the directive) begins.
        let mut in_quotes = false;
        let note = line[hash + 1..].char_indices().find(|&(_, c)| {
            in_quotes ^= c == '"';
            c == '#' && !in_quotes
        });
        let end = note.map_or(line.len(), |(i, _)| line[..hash + 1 + i].trim_end().len());
        let span = Span { file, start: (start + hash) as u32, end: (start + end) as u32 };
        match parse_directive(directive) {
            Ok((rules, reason, until)) => {
                let allow = InlineAllow { span, target_line: line_no, rules, reason, until };
                if has_content { allows.push(allow) } else { pending.push(allow) }
            }
            Err(problem) => problems.push(xg604_invalid_inline_allow::finding(span, &problem)),
        }
    }
    // Allows at the end of the file cover nothing; they stay for XG602 with a line past the end.
    for mut allow in pending {
        allow.target_line = u32::MAX;
        allows.push(allow);
    }
    (allows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn scan(text: &str) -> (Vec<InlineAllow>, Vec<Finding>) {
        let mut db = SourceDb::new();
        let file = db.add(SourceFile::new("a.yaml", text));
        scan_inline_allows(&db, file)
    }

    #[test]
    fn trailing_and_own_line_allows() {
        let text = "a: 1 # xgea: allow XG101 reason=\"x y\" # a note\n# xgea: allow unknown-standard, XG105 reason=r until=2027-03-31\n\n# other comment\nb: 2\nc: \"# xgea: allow XG101\"\n";
        let (allows, problems) = scan(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(allows.len(), 2);
        assert_eq!(allows[0].target_line, 1);
        assert_eq!(allows[0].reason, "x y");
        assert_eq!(
            &text[allows[0].span.start as usize..allows[0].span.end as usize],
            "# xgea: allow XG101 reason=\"x y\""
        );
        assert_eq!(allows[1].target_line, 5);
        assert_eq!(allows[1].rules.iter().map(|r| r.code).collect::<Vec<_>>(), ["XG102", "XG105"]);
        assert_eq!(allows[1].until.map(|d| d.to_string()).as_deref(), Some("2027-03-31"));
    }

    #[test]
    fn allows_inside_strings_are_text() {
        let text = "description: |\n  # xgea: allow XG111 reason=\"x\"\n  more text\nname: \"a\n  # xgea: allow XG101 reason=y\"\nid: x # xgea: allow XG102 reason=z\n";
        let (allows, problems) = scan(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(allows.len(), 1, "{allows:?}");
        assert_eq!(allows[0].rules[0].code, "XG102");
        assert_eq!(allows[0].target_line, 6);
        // A comment on a block scalar's header line is a comment.
        let (allows, _) = scan("# keep\ndescription: | # xgea: allow XG111 reason=r\n  text\n");
        assert_eq!(allows.len(), 1);
        assert_eq!(allows[0].target_line, 2);
    }

    #[test]
    fn until_dates_are_days_of_the_calendar() {
        let (allows, problems) = scan("a: 1 # xgea: allow XG101 reason=r until=2024-02-29\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(allows[0].until.map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
        for (until, reason) in [
            ("2025-02-29", "February 2025 has 28 days"),
            ("2026-02-30", "February 2026 has 28 days"),
            ("2025-13-01", "there is no month 13"),
        ] {
            let (allows, problems) = scan(&format!("a: 1 # xgea: allow XG101 reason=r until={until}\n"));
            assert!(allows.is_empty(), "{until}");
            assert_eq!(problems[0].rule.code, "XG604");
            assert_eq!(problems[0].message, format!("invalid date `until={until}`: {reason}"));
            assert_eq!((problems[0].primary.span.start, problems[0].primary.span.end), (5, 50), "the comment");
        }
    }

    #[test]
    fn malformed_allows_are_findings() {
        for (text, expect) in [
            ("a: 1 # xgea: allow XG101\n", "needs `reason"),
            ("a: 1 # xgea: allow XG1O1 reason=x\n", "did you mean `XG101`"),
            ("a: 1 # xgea: allow XG101 reason=x until=tomorrow\n", "invalid date"),
            ("a: 1 # xgea: deny XG101\n", "unknown directive `deny`"),
            ("a: 1 # xgea: allow reason=x\n", "no rule named"),
        ] {
            let (allows, problems) = scan(text);
            assert!(allows.is_empty(), "{text}");
            assert_eq!(problems.len(), 1, "{text}");
            assert!(problems[0].message.contains(expect), "{text}: {}", problems[0].message);
        }
    }
}
