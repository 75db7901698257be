//! "Did you mean": the closest candidates to an unknown id, name or code.

/// Up to three candidates close to `unknown`, closest first (edit distance, then Jaro-Winkler similarity).
pub fn did_you_mean<'a>(unknown: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let needle = unknown.to_ascii_lowercase();
    let mut scored: Vec<(usize, i64, &str)> = candidates
        .filter_map(|c| {
            let lc = c.to_ascii_lowercase();
            let distance = strsim::levenshtein(&needle, &lc);
            let similarity = strsim::jaro_winkler(&needle, &lc);
            let close = distance <= (needle.len().max(3) / 3).max(1) || similarity >= 0.88;
            close.then_some((distance, -((similarity * 1000.0) as i64), c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_ranks_by_edit_distance() {
        let ids = ["BO.02.01", "BO.02.02", "BO.02.03", "FO.01.01", "IN.04.05"];
        assert_eq!(did_you_mean("BO.02.04", ids.into_iter())[0], "BO.02.01");
        assert_eq!(did_you_mean("SEC-TSL", ["SEC-TLS", "SEC-SSL3", "TRN-HTTP"].into_iter()), ["SEC-TLS", "SEC-SSL3"]);
        assert!(did_you_mean("XYZ-COMPLETELY-OTHER", ids.into_iter()).is_empty());
    }
}
