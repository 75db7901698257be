//! Values quoted in messages, cut to a readable length: a message never echoes a whole user value, however
//! large (a 10 MB list written where a name belongs is quoted by its first characters and its size).

use std::borrow::Cow;
use std::fmt::{self, Write};

/// The most characters of one user value a message quotes.
pub const MAX_QUOTED: usize = 80;

/// `text` as a message quotes it: unchanged when short, else its first [`MAX_QUOTED`] characters, `…` and
/// its length.
pub fn shorten(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}… ({} bytes)", &text[..cut], text.len())),
    }
}

/// A JSON value as a message quotes it: compact JSON, cut like [`shorten`]. Only the quoted part is rendered,
/// so the cost does not grow with the value.
pub fn shorten_json(value: &serde_json::Value) -> String {
    let mut out = Bounded(String::new());
    // `Bounded` stops the rendering with an error once it holds more than is quoted; that error is expected.
    let _ = write!(out, "{value}");
    let mut text = out.0;
    if let Some((cut, _)) = text.char_indices().nth(MAX_QUOTED) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// A writer that keeps a little more than [`MAX_QUOTED`] characters and then refuses the rest.
struct Bounded(String);

impl Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        const ROOM: usize = MAX_QUOTED * 4 + 4;
        if self.0.len() + s.len() <= ROOM {
            self.0.push_str(s);
            return Ok(());
        }
        let mut end = ROOM - self.0.len().min(ROOM);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.0.push_str(&s[..end]);
        Err(fmt::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_values_are_quoted_whole() {
        assert_eq!(shorten("BO.01.01"), "BO.01.01");
        assert_eq!(shorten_json(&json!(["a", 1])), r#"["a",1]"#);
        assert_eq!(shorten_json(&json!("x")), r#""x""#);
    }

    #[test]
    fn long_values_are_cut_with_their_size() {
        let long = "é".repeat(1_000_000);
        let s = shorten(&long);
        assert_eq!(s, format!("{}… (2000000 bytes)", "é".repeat(MAX_QUOTED)));
        let list = serde_json::Value::Array(vec![json!("abcdefghi"); 1_000_000]);
        let s = shorten_json(&list);
        assert!(s.ends_with('…') && s.starts_with(r#"["abcdefghi","#), "{s}");
        assert_eq!(s.chars().count(), MAX_QUOTED + 1);
        let exact = "x".repeat(MAX_QUOTED);
        assert_eq!(shorten(&exact), exact);
        assert_eq!(shorten_json(&json!(exact)).chars().count(), MAX_QUOTED + 1, "quotes not cut");
    }
}
