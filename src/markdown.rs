//! Markdown for the formats people paste into papers (roadmap, scorecards, the sourcing forward look).

/// Markdown-safe inline text: escapes the characters that would start markup or break a table.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An id in backticks (backticks in the id itself are dropped).
pub fn code(id: &str) -> String {
    format!("`{}`", id.replace('`', "").replace(['\n', '\r'], " "))
}
