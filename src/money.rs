//! Money as people say it in a briefing: `£950`, `£45.5k`, `£3m`, `£12.4m`, `£1.2bn`.
//!
//! The one formatter for amounts of pounds, used by the rules' messages, the roadmap and the report. A leaf:
//! imports nothing of xgea.

/// Whole pounds, shortened to one decimal of the largest unit that fits (`k`, `m`, `bn`), rounded half up,
/// without a trailing `.0`. An amount that rounds up to a thousand of one unit is written in the next one
/// (`£999,960` is `£1m`, not `£1000k`).
pub fn gbp(amount: u64) -> String {
    /// Largest first.
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "bn"), (1_000_000, "m"), (1_000, "k")];
    let Some(i) = UNITS.iter().position(|&(unit, _)| amount >= unit) else { return format!("£{amount}") };
    let (unit, mut suffix) = UNITS[i];
    let mut tenths = tenths_of(amount, unit);
    if tenths >= 10_000 && i > 0 {
        let (bigger, bigger_suffix) = UNITS[i - 1];
        (tenths, suffix) = (tenths_of(amount, bigger), bigger_suffix);
    }
    match tenths % 10 {
        0 => format!("£{}{suffix}", tenths / 10),
        d => format!("£{}.{d}{suffix}", tenths / 10),
    }
}

/// `amount / unit` in tenths, rounded half up, in integers (no binary-fraction surprises at `.x5`).
fn tenths_of(amount: u64, unit: u64) -> u64 {
    let step = unit / 10;
    amount / step + u64::from(amount % step >= step.div_ceil(2))
}

#[cfg(test)]
mod tests {
    use super::gbp;

    #[test]
    fn pounds_read_like_a_briefing() {
        assert_eq!(gbp(0), "£0");
        assert_eq!(gbp(950), "£950");
        assert_eq!(gbp(40_000), "£40k");
        assert_eq!(gbp(45_500), "£45.5k");
        assert_eq!(gbp(350_000), "£350k");
        assert_eq!(gbp(1_200_000), "£1.2m");
        assert_eq!(gbp(3_000_000), "£3m");
        assert_eq!(gbp(12_400_000), "£12.4m");
        assert_eq!(gbp(38_000_000), "£38m");
        assert_eq!(gbp(1_234_000_000), "£1.2bn");
        assert_eq!(gbp(u64::MAX), "£18446744073.7bn");
    }

    #[test]
    fn rounds_half_up_and_carries_into_the_next_unit() {
        assert_eq!(gbp(1_250_000), "£1.3m");
        assert_eq!(gbp(1_249_999), "£1.2m");
        assert_eq!(gbp(999_949), "£999.9k");
        assert_eq!(gbp(999_950), "£1m");
        assert_eq!(gbp(999_999_999), "£1bn");
        assert_eq!(gbp(1_049), "£1k");
        assert_eq!(gbp(1_050), "£1.1k");
    }
}
