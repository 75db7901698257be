//! XG3xx: the same capability built more than once, across departments or inside one, and systems that are
//! near-duplicates of each other.

pub mod xg301_shareable_capability_duplicated;
pub mod xg302_capability_built_twice_in_department;
pub mod xg303_near_duplicate_systems;

/// Pounds a year as people say them: `£950`, `£350k`, `£12.4m`, `£1.2bn`.
pub(crate) fn gbp(amount: u64) -> String {
    let a = amount as f64;
    if amount >= 1_000_000_000 {
        format!("£{}bn", trim(a / 1e9))
    } else if amount >= 1_000_000 {
        format!("£{}m", trim(a / 1e6))
    } else if amount >= 1_000 {
        format!("£{}k", trim(a / 1e3))
    } else {
        format!("£{amount}")
    }
}

/// One decimal, without a trailing `.0`.
fn trim(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Keeps one entry per system (the smallest position), given (estate index, position) pairs.
pub(crate) fn one_per_system(entries: &mut Vec<(u32, u32)>) {
    entries.sort_unstable();
    entries.dedup_by_key(|e| e.0);
}

/// The `k` entries with the smallest system ids, sorted by id (then estate index, for repeated ids).
/// Selects before sorting, so a capability with 10,000 implementers costs a linear pass, not a sort of
/// 10,000 strings.
pub(crate) fn smallest_ids(estate: &crate::estate::Estate, entries: &[(u32, u32)], k: usize) -> Vec<(u32, u32)> {
    let key = |e: &(u32, u32)| (estate.systems[e.0 as usize].id.as_str(), e.0);
    let mut chosen = entries.to_vec();
    if k < chosen.len() {
        chosen.select_nth_unstable_by(k, |a, b| key(a).cmp(&key(b)));
        chosen.truncate(k);
    }
    chosen.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    chosen
}

/// "1 system" / "3 systems".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::gbp;

    #[test]
    fn pounds_read_like_a_briefing() {
        assert_eq!(gbp(950), "£950");
        assert_eq!(gbp(350_000), "£350k");
        assert_eq!(gbp(12_400_000), "£12.4m");
        assert_eq!(gbp(38_000_000), "£38m");
        assert_eq!(gbp(1_234_000_000), "£1.2bn");
    }
}
