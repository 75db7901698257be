//! The one escape function every user-supplied string goes through, and the page frame.
//!
//! Pages are built with `write!` into a `String`. The rule: **every** value that did not come from a string
//! literal in this module tree is written through [`esc`] (text and attribute values alike); links are built
//! only from [`super::names`] file names, which contain no character that needs escaping.

use std::fmt;

/// HTML-escapes text for element content and for quoted attribute values.
pub struct Esc<'a>(pub &'a str);

pub fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, b) in self.0.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&self.0[last..])
    }
}

/// At most `max` characters, with `…` when cut (for labels in pictures).
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The site's pages, for the navigation bar.
const NAV: &[(&str, &str)] = &[
    ("index.html", "Overview"),
    ("heatmap.html", "Heat map"),
    ("roadmap.html", "Roadmap"),
    ("graph.html", "Graph"),
    ("model.html", "Reference model"),
];

/// Wraps a page body: `root` is the relative path back to the site root (`""` or `"../"`).
pub fn page(root: &str, current: &str, title: &str, footer: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, label) in NAV {
        let cls = if *href == current { " class=\"current\"" } else { "" };
        nav.push_str(&format!("<a href=\"{root}{href}\"{cls}>{label}</a>"));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · xgea estate report</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n</head>\n<body>\n\
         <header><span class=\"brand\">xgea</span><nav>{nav}</nav></header>\n<main>\n<h1>{}</h1>\n{body}</main>\n\
         <footer>{}</footer>\n</body>\n</html>\n",
        esc(title),
        esc(title),
        esc(footer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(esc("<script>alert(1)</script>").to_string(), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(esc("a \"b\" & 'c'").to_string(), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert_eq!(esc("Zoë – ok").to_string(), "Zoë – ok");
    }

    #[test]
    fn page_escapes_its_title() {
        let p = page("../", "index.html", "<b>x</b>", "f", "");
        assert!(p.contains("<title>&lt;b&gt;x&lt;/b&gt; · xgea"));
        assert!(!p.contains("<b>x</b>"));
        assert!(p.contains("href=\"../style.css\""));
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("ééé", 3), "ééé");
    }
}
