//! User strings made safe for the place they are shown. Keys, values and file names come from files anyone can
//! push: a key may hold a terminal escape sequence (`\x1b]0;pwned\x07`), a newline, a bidirectional override or
//! a character XML forbids. Each format passes every user string through one of these before writing it.
//!
//! An unsafe character is shown as a Rust-style escape, `\u{1b}`, so the reader still sees that it is there.

use std::borrow::Cow;

/// Control characters (C0, DEL, C1), the bidirectional controls that reorder what is shown, and the two
/// noncharacters XML 1.0 forbids (U+FFFE, U+FFFF).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text that may span lines (a message, a help): newlines and tabs stay, every other unsafe character is
/// escaped. Safe for a terminal and for XML character data.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// Text that must stay on one line (a concise line, a file name, a summary): as [`text`], and newlines are
/// escaped too.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\t')
}

/// A file's text for a source snippet, with every unsafe character replaced by `?`s of the same length in
/// bytes, so spans and the line index still fit; `None` when nothing needed replacing. Line ends (`\n`,
/// `\r\n`) and tabs stay.
pub fn snippet(s: &str) -> Option<String> {
    let unsafe_at = |i: usize, c: char| {
        is_unsafe(c) && c != '\n' && c != '\t' && !(c == '\r' && s.as_bytes().get(i + 1) == Some(&b'\n'))
    };
    // Most files are ASCII, where the unsafe characters are the C0 controls and DEL: a byte scan, not a
    // character decode, of each file shown (human output reads back 2,300 files at 10,000 systems).
    let clean_ascii = s.is_ascii()
        && s.bytes().enumerate().all(|(i, b)| {
            (b >= 0x20 && b != 0x7f)
                || b == b'\n'
                || b == b'\t'
                || (b == b'\r' && s.as_bytes().get(i + 1) == Some(&b'\n'))
        });
    if clean_ascii || !s.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if unsafe_at(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_xml_noncharacters() {
        assert_eq!(text("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(text("x\u{202e}y\u{fffe}\u{9b}"), "x\\u{202e}y\\u{fffe}\\u{9b}");
        assert_eq!(text("two\nlines\tand tab"), "two\nlines\tand tab");
        assert_eq!(line("two\nlines\r"), "two\\u{a}lines\\u{d}");
        assert!(matches!(text("plain `key` é €"), Cow::Borrowed(_)));
    }

    #[test]
    fn snippet_keeps_byte_length_and_line_ends() {
        let s = "a: 1\r\n\x1b]0;x\x07: \u{202e}\u{85}\n";
        let clean = snippet(s).unwrap();
        assert_eq!(clean.len(), s.len());
        assert_eq!(clean, "a: 1\r\n?]0;x?: ?????\n");
        assert_eq!(snippet("a: 1\r\nb: 2\n"), None);
        assert_eq!(snippet("a:\t1\r").as_deref(), Some("a:\t1?"), "a lone CR at the end");
        assert_eq!(snippet("a\x7fb").as_deref(), Some("a?b"));
        assert_eq!(snippet("a\x00b\n").as_deref(), Some("a?b\n"));
    }
}
