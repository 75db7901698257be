//! The page frame every page shares: head (with its Content-Security-Policy), navigation bar, heading, footer.
//!
//! Pages are [`maud`] templates compiled into the binary. maud escapes every value written into text or an
//! attribute, and always double-quotes attributes, so no page escapes anything by hand; links are built only
//! from [`super::names`] file names.

use maud::{DOCTYPE, Render, html};

/// The site's pages, for the navigation bar.
const NAV: &[(&str, &str)] = &[
    ("index.html", "Overview"),
    ("heatmap.html", "Heat map"),
    ("roadmap.html", "Roadmap"),
    ("sourcing.html", "Sourcing"),
    ("scorecards.html", "Scorecards"),
    ("graph.html", "Graph"),
    ("model.html", "Reference model"),
];

/// No script, no remote resource: the one local stylesheet and inline SVG only.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'";

/// Wraps a page body: `root` is the relative path back to the site root (`""` or `"../"`).
pub fn page(root: &str, current: &str, title: &str, footer: &str, body: impl Render) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · xgea estate report" }
                link rel="stylesheet" href={ (root) "style.css" };
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    span.brand { "xgea" }
                    nav aria-label="Report pages" {
                        @for (href, label) in NAV {
                            a class=[(*href == current).then_some("current")]
                                aria-current=[(*href == current).then_some("page")] href={ (root) (href) } { (label) }
                        }
                    }
                }
                main #main {
                    h1 { (title) }
                    (body)
                }
                footer { (footer) }
            }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_its_title_and_marks_the_current_page() {
        let p = page("../", "index.html", "<b>x</b>", "f & g", html! {});
        assert!(p.starts_with("<!DOCTYPE html>"));
        assert!(p.contains("<title>&lt;b&gt;x&lt;/b&gt; · xgea"));
        assert!(!p.contains("<b>x</b>"));
        assert!(p.contains("href=\"../style.css\""));
        assert!(p.contains("<a class=\"current\" aria-current=\"page\" href=\"../index.html\">Overview</a>"));
        assert!(p.contains("<footer>f &amp; g</footer>"));
    }
}
