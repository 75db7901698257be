//! Graph pictures as inline SVG, laid out here: nodes in columns (departments → systems → capability, or
//! departments ↔ capabilities), ordered by a few barycentre sweeps to reduce crossings. No Graphviz, no script.

use maud::{Markup, html};

/// One box in a column.
#[derive(Debug, Clone)]
pub struct SvgNode {
    pub label: String,
    /// Shown on hover.
    pub title: String,
    /// A relative link (a file name from `names`), if the node has a page.
    pub href: Option<String>,
    /// A CSS class: `dept`, `sys`, `cap`.
    pub class: &'static str,
}

/// Columns of nodes and weighted edges between neighbouring columns: `(column, from, to, weight)` joins
/// `columns[column][from]` to `columns[column + 1][to]`.
#[derive(Debug, Clone, Default)]
pub struct Layered {
    pub title: String,
    pub headings: Vec<String>,
    pub columns: Vec<Vec<SvgNode>>,
    pub edges: Vec<(usize, usize, usize, u32)>,
}

const WIDTH: f64 = 960.0;
const ROW: f64 = 26.0;
const BOX_H: f64 = 20.0;
const TOP: f64 = 34.0;

/// The order of each column after barycentre sweeps (deterministic: ties keep the given order).
fn order(l: &Layered) -> Vec<Vec<usize>> {
    let mut pos: Vec<Vec<f64>> = l.columns.iter().map(|c| (0..c.len()).map(|i| i as f64).collect()).collect();
    let n = l.columns.len();
    let reorder = |pos: &mut Vec<Vec<f64>>, col: usize, from_left: bool| {
        let mut sum = vec![(0.0f64, 0u32); l.columns[col].len()];
        for &(c, a, b, w) in &l.edges {
            let (here, there, other) = if from_left && c + 1 == col {
                (b, a, c)
            } else if !from_left && c == col {
                (a, b, c + 1)
            } else {
                continue;
            };
            sum[here].0 += pos[other][there] * f64::from(w);
            sum[here].1 += w;
        }
        let mut idx: Vec<usize> = (0..l.columns[col].len()).collect();
        let key = |i: usize| if sum[i].1 == 0 { pos[col][i] } else { sum[i].0 / f64::from(sum[i].1) };
        idx.sort_by(|&x, &y| key(x).total_cmp(&key(y)).then(pos[col][x].total_cmp(&pos[col][y])));
        for (rank, i) in idx.into_iter().enumerate() {
            pos[col][i] = rank as f64;
        }
    };
    for _ in 0..4 {
        for col in 1..n {
            reorder(&mut pos, col, true);
        }
        for col in (0..n.saturating_sub(1)).rev() {
            reorder(&mut pos, col, false);
        }
    }
    pos.iter()
        .map(|p| {
            let mut o: Vec<usize> = (0..p.len()).collect();
            o.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
            o
        })
        .collect()
}

/// Renders the picture as an `<svg>` element (a maud template like the pages, so labels are escaped the
/// same way); `root` prefixes every link.
pub fn render(l: &Layered, root: &str) -> Markup {
    let n = l.columns.len().max(1);
    let tallest = l.columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let height = TOP + tallest as f64 * ROW + 10.0;
    // Boxes of at most 230 px; the rest of the width goes to the gaps, where the edges run.
    let box_w = ((WIDTH - 20.0 - 90.0 * (n as f64 - 1.0)) / n as f64).min(230.0);
    let gap = if n > 1 { (WIDTH - 20.0 - box_w * n as f64) / (n as f64 - 1.0) } else { 0.0 };
    let col_x = |c: usize| 10.0 + c as f64 * (box_w + gap);
    let order = order(l);
    // Centre each column vertically; `y[c][i]` is the top of node i of column c.
    let mut y: Vec<Vec<f64>> = l.columns.iter().map(|c| vec![0.0; c.len()]).collect();
    for (c, o) in order.iter().enumerate() {
        let offset = (tallest - o.len()) as f64 * ROW / 2.0;
        for (rank, &i) in o.iter().enumerate() {
            y[c][i] = TOP + offset + rank as f64 * ROW;
        }
    }
    let mut edges = l.edges.clone();
    edges.sort_unstable();
    edges.retain(|&(c, a, b, _)| c + 1 < l.columns.len() && a < l.columns[c].len() && b < l.columns[c + 1].len());
    let max_chars = ((box_w - 12.0) / 6.6).max(4.0) as usize;
    html! {
        svg.graph viewBox={ "0 0 " (WIDTH) " " (height) } width=(WIDTH) height=(height) role="group"
            aria-label=(l.title) {
            title { (l.title) }
            @for (c, h) in l.headings.iter().enumerate().take(n) {
                text.heading x=(px(col_x(c))) y="18" { (h) }
            }
            @for (c, a, b, w) in edges {
                @let (x1, y1) = (col_x(c) + box_w, y[c][a] + BOX_H / 2.0);
                @let (x2, y2) = (col_x(c + 1), y[c + 1][b] + BOX_H / 2.0);
                @let mx = (x1 + x2) / 2.0;
                @let (x1, y1, x2, y2, mx) = (px(x1), px(y1), px(x2), px(y2), px(mx));
                path.edge d={ "M" (x1) "," (y1) " C" (mx) "," (y1) " " (mx) "," (y2) " " (x2) "," (y2) }
                    stroke-width=(px(1.0 + f64::from(w.min(8) - 1) * 0.9)) {
                    title { (w) }
                }
            }
            @for (c, col) in l.columns.iter().enumerate() {
                @for &i in &order[c] {
                    @let node = &col[i];
                    @let (x, top) = (col_x(c), y[c][i]);
                    @let drawn = html! {
                        g class={ "node " (node.class) } {
                            title { (node.title) }
                            rect x=(px(x)) y=(px(top)) width=(px(box_w)) height=(BOX_H) rx="4" {}
                            text x=(px(x + 6.0)) y=(px(top + 14.0)) { (clip(&node.label, max_chars)) }
                        }
                    };
                    @if let Some(h) = &node.href { a href={ (root) (h) } { (drawn) } } @else { (drawn) }
                }
            }
        }
    }
}

/// A coordinate to one decimal.
fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// At most `max` characters, with `…` when cut (labels must fit their box).
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str) -> SvgNode {
        SvgNode { label: label.into(), title: label.into(), href: None, class: "dept" }
    }

    #[test]
    fn barycentre_untangles_a_crossing() {
        // a→y, b→x: the sweeps put x first so the edges do not cross.
        let l = Layered {
            columns: vec![vec![node("a"), node("b")], vec![node("x"), node("y")]],
            edges: vec![(0, 0, 1, 1), (0, 1, 0, 1)],
            ..Layered::default()
        };
        let o = order(&l);
        let rank = |c: usize, i: usize| o[c].iter().position(|&x| x == i).unwrap();
        assert_eq!(rank(0, 0) < rank(0, 1), rank(1, 1) < rank(1, 0));
    }

    #[test]
    fn labels_are_escaped_and_output_is_stable() {
        let l = Layered {
            title: "t<".into(),
            headings: vec!["h".into()],
            columns: vec![vec![node("<script>alert(1)</script>")]],
            edges: vec![],
        };
        let a = render(&l, "").into_string();
        assert!(!a.contains("<script>"));
        assert!(a.contains("&lt;script&gt;"));
        assert!(a.starts_with("<svg class=\"graph\" viewBox=\"0 0 960 "));
        assert_eq!(a, render(&l, "").into_string());
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("ééé", 3), "ééé");
    }
}
