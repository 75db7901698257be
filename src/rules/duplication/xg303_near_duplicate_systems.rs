use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::hash::{HashMap, HashMapExt};

use petgraph::unionfind::UnionFind;

use super::{count, gbp};
use crate::diagnostic::{Finding, Label};
use crate::estate::{FieldPath, Lifecycle, System};
use crate::graph::Edge;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// Systems in different departments whose sets of capabilities and data entities (taken together) are
    /// the same or nearly so: a Jaccard similarity (shared items ÷ all items) at or above
    /// `near-duplicate-threshold` (default 0.8). Near-duplicates are reported as **clusters**: systems with
    /// identical sets form one group, groups at or above the threshold are joined, transitively, and each
    /// cluster that spans two or more departments is one finding — so a hundred copies of one payroll
    /// design make one finding, not 4,950. The primary location is the capability list of the system with
    /// the smallest id; every other system is labelled with its similarity to that one. Retired systems,
    /// and systems with fewer than `near-duplicate-min-items` capabilities and data entities together
    /// (default 3), are not compared. Duplication inside one department is left to XG302.
    ///
    /// The comparison never looks at every pair of systems: identical sets are grouped by hashing, and
    /// close sets are found with an inverted index over the rarest items of each set (prefix filtering),
    /// skipping candidates already in the same cluster, so the cost stays close to linear in the number of
    /// systems; the clusters are exact.
    ///
    /// The severity is **info**: like XG301 it is evidence for the Common Infrastructure Board, not an error
    /// in one descriptor.
    ///
    /// ## Why it matters
    /// Two departments that built the same system — same capabilities, same data — could run one. These
    /// pairs are the most concrete shared-service candidates the estate holds.
    ///
    /// ## Example
    /// ```yaml
    /// # dwp.complaints-correspondence            # dvla.correspondence
    /// capabilities: [FO.01.04, FO.04.01, IS.01.01, IS.04.03]
    /// data: [DE-PERSON, DE-CASE, DE-DOCUMENT, DE-CONTACT]     # the same in both
    /// ```
    ///
    /// ## How to fix
    /// Compare the systems with their owners: if they do the same job, plan convergence on one of them (or on
    /// a common component). If the descriptors are too coarse to tell them apart, make them more precise.
    ///
    /// ## Options
    /// - `near-duplicate-threshold` (default 0.8)
    /// - `near-duplicate-min-items` (default 3)
    code: "XG303", name: "near-duplicate-systems", family: Duplication, severity: Info,
    summary: "systems in different departments with (nearly) the same capabilities and data entities",
    stage: Estate,
}

/// Systems with one identical set of items.
struct Group {
    /// Item tokens ordered by ascending frequency (rarest first): the order prefix filtering needs.
    tokens: Vec<u32>,
    systems: Vec<u32>,
}

/// `ceil(x)`, forgiving float noise just above an integer.
fn ceil(x: f64) -> usize {
    (x - 1e-9).ceil().max(0.0) as usize
}

/// Size of the overlap of two ascending token lists.
fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard_at_least(inter: usize, union: usize, t: f64) -> bool {
    inter as f64 >= t * union as f64 - 1e-9
}

/// Calls `found(x, y, overlap)` for every pair of distinct groups whose Jaccard similarity is ≥ `t`, except
/// pairs for which `skip(x, y)` says the answer no longer matters (already in one cluster).
/// All-pairs with prefix filtering and its positional filter (PPJoin, Xiao et al. 2008): exact, and
/// near-linear when items are skewed. Only the rarest items of each set are indexed (fewer for the set already
/// seen than for the one probing), only sets that share one of them are compared, and a pair whose first shared
/// item leaves too few items after it to reach `t` is dropped before its lists are merged.
fn similar_pairs(groups: &[Group], t: f64, skip: impl FnMut(u32, u32) -> bool, found: impl FnMut(u32, u32, usize)) {
    similar_pairs_with(groups, t, true, skip, found);
}

/// Each token (< 128) as one bit.
fn bitset(tokens: &[u32]) -> u128 {
    tokens.iter().fold(0, |bits, &t| bits | 1 << t)
}

/// [`similar_pairs`]; with `bitsets`, each group's tokens as a bitset when there are at most 128 of them (the
/// model's capabilities and data entities usually are): a candidate's overlap is then one `popcount`, checked
/// before asking `skip`, since nearly every candidate that gets that far is not similar.
fn similar_pairs_with(
    groups: &[Group],
    t: f64,
    bitsets: bool,
    mut skip: impl FnMut(u32, u32) -> bool,
    mut found: impl FnMut(u32, u32, usize),
) {
    let mut order: Vec<u32> = (0..groups.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&groups[a as usize].tokens, &groups[b as usize].tokens);
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    // Tokens are ranks, so the index is a vector: for each token, the (group, position) of its postings.
    let tokens = groups.iter().flat_map(|g| g.tokens.last()).max().map_or(0, |&m| m as usize + 1);
    let bits = (bitsets && tokens <= 128).then(|| groups.iter().map(|g| bitset(&g.tokens)).collect::<Vec<u128>>());
    let bits = bits.as_deref();
    let mut index: Vec<Vec<(u32, u32)>> = vec![Vec::new(); tokens];
    // Groups come in ascending length, so each postings list does too, and the shortest length a partner
    // may have only grows: the entries before `start[w]` are too short for every group still to come.
    let mut start = vec![0usize; tokens];
    let mut seen = vec![u32::MAX; groups.len()];
    for &x in &order {
        let xs = &groups[x as usize].tokens;
        let prefix = (xs.len() - ceil(t * xs.len() as f64) + 1).min(xs.len());
        let min_len = ceil(t * xs.len() as f64);
        for (i, &w) in xs[..prefix].iter().enumerate() {
            let postings = &index[w as usize];
            let first = &mut start[w as usize];
            while *first < postings.len() && groups[postings[*first].0 as usize].tokens.len() < min_len {
                *first += 1;
            }
            for &(y, j) in &postings[*first..] {
                let ys = &groups[y as usize].tokens;
                if seen[y as usize] == x {
                    continue;
                }
                // Both lists are sorted and `w` is the first item of `x`'s prefix in `y`'s: no earlier item
                // is shared, so the overlap is 1 plus at most what follows `w` in the shorter remainder.
                seen[y as usize] = x;
                let (rest_x, rest_y) = (&xs[i + 1..], &ys[j as usize + 1..]);
                let bound = 1 + rest_x.len().min(rest_y.len());
                if !jaccard_at_least(bound, xs.len() + ys.len() - bound, t) {
                    continue;
                }
                let inter = match bits {
                    Some(bits) => (bits[x as usize] & bits[y as usize]).count_ones() as usize,
                    None if skip(x, y) => continue,
                    None => 1 + overlap(rest_x, rest_y),
                };
                if jaccard_at_least(inter, xs.len() + ys.len() - inter, t) && (bits.is_none() || !skip(x, y)) {
                    found(x.min(y), x.max(y), inter);
                }
            }
        }
        // A later (no shorter) group sharing enough with this one shares a token of this shorter prefix:
        // their overlap is at least t/(1+t) of their two lengths together, so at least 2t/(1+t) of this one's.
        let indexed = (xs.len() - ceil(2.0 * t / (1.0 + t) * xs.len() as f64) + 1).min(xs.len());
        for (i, &w) in xs[..indexed].iter().enumerate() {
            index[w as usize].push((x, i as u32));
        }
    }
}

/// Where a system is labelled: its first capability (the finding is about the list as a whole), else its id.
fn first_entry(system: &System) -> (crate::source::Span, FieldPath) {
    match system.capabilities.first() {
        Some(c) => (c.span, FieldPath::CapabilityList),
        None => (system.id.span, system.id.path),
    }
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let t = cx.options.near_duplicate_threshold;
    if !(t > 0.0 && t <= 1.0) {
        return;
    }
    let g = cx.graph;
    // Each system's items: the capability and data-entity nodes it implements and holds.
    let mut by_items: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for s in 0..g.system_count() as u32 {
        if cx.estate.systems[s as usize].lifecycle.value == Lifecycle::Retired {
            continue;
        }
        let items = items(cx, s);
        if items.len() < cx.options.near_duplicate_min_items.max(1) {
            continue;
        }
        let next = groups.len() as u32;
        let gi = *by_items.entry(items).or_insert(next);
        if gi == next {
            groups.push(Group { tokens: Vec::new(), systems: Vec::new() });
        }
        groups[gi as usize].systems.push(s);
    }
    // Re-token by ascending frequency among groups (ties by node index), so each prefix holds rare items.
    let mut frequency: HashMap<u32, u32> = HashMap::new();
    for items in by_items.keys() {
        for &i in items {
            *frequency.entry(i).or_default() += 1;
        }
    }
    let mut ranked: Vec<(u32, u32)> = frequency.into_iter().map(|(item, f)| (f, item)).collect();
    ranked.sort_unstable();
    let rank: HashMap<u32, u32> = ranked.iter().enumerate().map(|(r, &(_, item))| (item, r as u32)).collect();
    for (items, gi) in &by_items {
        let mut tokens: Vec<u32> = items.iter().map(|i| rank[i]).collect();
        tokens.sort_unstable();
        groups[*gi as usize].tokens = tokens;
    }

    // Clusters: identical sets are one group; groups with Jaccard ≥ t are joined, transitively.
    let clusters = RefCell::new(UnionFind::<u32>::new(groups.len()));
    similar_pairs(
        &groups,
        t,
        |x, y| {
            let mut c = clusters.borrow_mut();
            c.find_mut(x) == c.find_mut(y)
        },
        |x, y, _| {
            clusters.borrow_mut().union(x, y);
        },
    );
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    for (group, root) in groups.iter().zip(clusters.into_inner().into_labeling()) {
        members.entry(root).or_default().extend(&group.systems);
    }
    for systems in members.values() {
        if !systems.iter().any(|&s| cx.reports_system(s)) {
            continue;
        }
        let departments: BTreeSet<u32> = systems.iter().map(|&s| g.department_of(s)).collect();
        if departments.len() >= 2 {
            report(cx, out, systems, departments.len());
        }
    }
}

/// The items of a system, as sorted node indices (the same as when grouping).
fn items(cx: &RuleContext<'_>, s: u32) -> Vec<u32> {
    let g = cx.graph;
    let mut items: Vec<u32> = g
        .outgoing(g.system_node(s))
        .filter(|(_, e)| matches!(e, Edge::Implements { .. } | Edge::Holds { .. }))
        .map(|(n, _)| n.index() as u32)
        .collect();
    items.sort_unstable();
    items.dedup();
    items
}

/// (shared, all) items of two systems.
fn compare(a: &[u32], b: &[u32]) -> (usize, usize) {
    let inter = overlap(a, b);
    (inter, a.len() + b.len() - inter)
}

fn report(cx: &RuleContext<'_>, out: &mut Vec<Finding>, members: &[u32], departments: usize) {
    let estate = cx.estate;
    let mut systems: Vec<(&str, u32)> = members.iter().map(|&s| (estate.systems[s as usize].id.as_str(), s)).collect();
    systems.sort_unstable();
    let cost =
        crate::money::total(systems.iter().map(|&(_, s)| estate.systems[s as usize].annual_cost_gbp.unwrap_or(0)));
    let (first_id, first_index) = systems[0];
    let first = &estate.systems[first_index as usize];
    let first_items = items(cx, first_index);
    let how = |inter: usize, union: usize| {
        if inter == union {
            format!("the same {union} capabilities and data entities")
        } else {
            format!(
                "{inter} of {union} capabilities and data entities in common (Jaccard {:.2})",
                inter as f64 / union as f64
            )
        }
    };
    let message = if let [_, (second_id, second)] = systems[..] {
        let other = &estate.systems[second as usize];
        let (inter, union) = compare(&first_items, &items(cx, second));
        format!(
            "near-duplicate systems: `{first_id}` ({}) and `{second_id}` ({}) have {}, costing {} a year together",
            first.department.value,
            other.department.value,
            how(inter, union),
            gbp(cost)
        )
    } else {
        format!(
            "near-duplicate systems: `{first_id}` and {} in {} have the same or nearly the same capabilities and data entities (Jaccard ≥ {:.2} between neighbours), costing {} a year together",
            count(systems.len() - 1, "other system", "other systems"),
            count(departments, "department", "departments"),
            cx.options.near_duplicate_threshold,
            gbp(cost)
        )
    };
    let (span, path) = first_entry(first);
    let mut finding = Finding::new(&RULE, message, Label::new(span, format!("`{first_id}`")))
        .with_subject(first_id)
        .with_pointer(path.pointer())
        .with_help(format!(
            "compare the {} with their owners and converge on one if they do the same job; otherwise describe them more precisely",
            count(systems.len(), "system", "systems")
        ));
    for &(id, s) in systems.iter().skip(1).take(cx.options.max_related_labels) {
        let system = &estate.systems[s as usize];
        let text = if systems.len() == 2 {
            format!("`{id}` ({})", system.department.value)
        } else {
            let (inter, union) = compare(&first_items, &items(cx, s));
            format!("`{id}` ({}): {}", system.department.value, how(inter, union))
        };
        finding = finding.with_related(Label::new(first_entry(system).0, text));
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(tokens: &[u32]) -> Group {
        Group { tokens: tokens.to_vec(), systems: Vec::new() }
    }

    /// The prefix-filtered join finds exactly the pairs a brute-force comparison finds.
    #[test]
    fn prefix_filtering_is_exact() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut groups: Vec<Group> = (0..400)
            .map(|_| {
                let len = 3 + (next() % 6) as usize;
                let mut t: Vec<u32> = (0..len).map(|_| (next() % 14) as u32).collect();
                t.sort_unstable();
                t.dedup();
                group(&t)
            })
            .collect();
        // Longer sets, half of them an earlier one with a token or two toggled, so high thresholds and the
        // shorter index prefix of long sets are exercised too.
        let mut long: Vec<Vec<u32>> = Vec::new();
        for _ in 0..300 {
            let mut t: Vec<u32> = if !long.is_empty() && next() % 2 == 0 {
                let mut t = long[(next() % long.len() as u64) as usize].clone();
                for _ in 0..1 + next() % 2 {
                    let token = (next() % 30) as u32;
                    match t.binary_search(&token) {
                        Ok(i) => _ = t.remove(i),
                        Err(i) => t.insert(i, token),
                    }
                }
                t
            } else {
                (0..8 + next() % 13).map(|_| (next() % 30) as u32).collect()
            };
            t.sort_unstable();
            t.dedup();
            long.push(t.clone());
            groups.push(group(&t));
        }
        for t in [0.5, 0.6, 0.75, 0.8, 0.9, 0.95, 1.0] {
            let mut brute = Vec::new();
            for a in 0..groups.len() {
                for b in a + 1..groups.len() {
                    let inter = overlap(&groups[a].tokens, &groups[b].tokens);
                    let union = groups[a].tokens.len() + groups[b].tokens.len() - inter;
                    if jaccard_at_least(inter, union, t) {
                        brute.push((a as u32, b as u32, inter));
                    }
                }
            }
            assert!(!brute.is_empty());
            for bitsets in [true, false] {
                let mut found = Vec::new();
                similar_pairs_with(&groups, t, bitsets, |_, _| false, |a, b, inter| found.push((a, b, inter)));
                found.sort_unstable();
                assert_eq!(found, brute, "threshold {t}, bitsets {bitsets}");
            }
        }
    }
}
