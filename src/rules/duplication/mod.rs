//! XG3xx: the same capability built more than once, across departments or inside one, and systems that are
//! near-duplicates of each other.

pub mod xg301_shareable_capability_duplicated;
pub mod xg302_capability_built_twice_in_department;
pub mod xg303_near_duplicate_systems;
pub mod xg304_missing_annual_cost;

/// Pounds in findings' messages: the one money formatter.
pub(crate) use crate::money::gbp;

/// Keeps one entry per system (the smallest position), given (estate index, position) pairs.
pub(crate) fn one_per_system(entries: &mut Vec<(u32, u32)>) {
    entries.sort_unstable();
    entries.dedup_by_key(|e| e.0);
}

/// The `k` entries with the smallest system ids, sorted by id (then estate index, for repeated ids).
/// Selects before sorting, so a capability with 10,000 implementers costs a linear pass, not a sort of
/// 10,000 strings; each id is looked up once and compared by its first eight bytes before its text.
pub(crate) fn smallest_ids(estate: &crate::estate::Estate, entries: &[(u32, u32)], k: usize) -> Vec<(u32, u32)> {
    let mut keyed: Vec<(u64, &str, (u32, u32))> = entries
        .iter()
        .map(|&e| {
            let id = estate.systems[e.0 as usize].id.as_str();
            (prefix(id), id, e)
        })
        .collect();
    if k < keyed.len() {
        keyed.select_nth_unstable(k);
        keyed.truncate(k);
    }
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, e)| e).collect()
}

/// The first eight bytes of `id`, zero-padded, as a number that orders as the text does.
fn prefix(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = id.len().min(8);
    bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// "1 system" / "3 systems".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
