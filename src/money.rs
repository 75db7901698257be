//! Money as people say it in a briefing: `£950`, `£45.5k`, `£3m`, `£12.4m`, `£1.2bn`.
//!
//! The one formatter for amounts of pounds, used by the rules' messages, the roadmap and the report. A leaf:
//! imports nothing of xgea.

/// Whole pounds, shortened to one decimal of the largest unit that fits (`k`, `m`, `bn`), rounded half up,
/// without a trailing `.0`. An amount that rounds up to a thousand of one unit is written in the next one
/// (`£999,960` is `£1m`, not `£1000k`).
pub fn gbp(amount: impl Into<u128>) -> String {
    let amount: u128 = amount.into();
    /// Largest first.
    const UNITS: [(u128, &str); 3] = [(1_000_000_000, "bn"), (1_000_000, "m"), (1_000, "k")];
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
fn tenths_of(amount: u128, unit: u128) -> u128 {
    let step = unit / 10;
    amount / step + u128::from(amount % step >= step.div_ceil(2))
}

/// The sum of amounts of pounds, wide enough that no estate's total can overflow or saturate.
pub fn total(amounts: impl IntoIterator<Item = u64>) -> u128 {
    amounts.into_iter().map(u128::from).sum()
}

#[cfg(test)]
mod tests {
    use super::{gbp, total};

    #[test]
    fn totals_past_u64_are_exact() {
        let t = total([u64::MAX, u64::MAX, 2]);
        assert_eq!(t, 2 * u128::from(u64::MAX) + 2);
        assert_eq!(gbp(t), "£36893488147.4bn");
    }

    #[test]
    fn pounds_read_like_a_briefing() {
        assert_eq!(gbp(0u64), "£0");
        assert_eq!(gbp(950u64), "£950");
        assert_eq!(gbp(40_000u64), "£40k");
        assert_eq!(gbp(45_500u64), "£45.5k");
        assert_eq!(gbp(350_000u64), "£350k");
        assert_eq!(gbp(1_200_000u64), "£1.2m");
        assert_eq!(gbp(3_000_000u64), "£3m");
        assert_eq!(gbp(12_400_000u64), "£12.4m");
        assert_eq!(gbp(38_000_000u64), "£38m");
        assert_eq!(gbp(1_234_000_000u64), "£1.2bn");
        assert_eq!(gbp(u64::MAX), "£18446744073.7bn");
    }

    #[test]
    fn rounds_half_up_and_carries_into_the_next_unit() {
        assert_eq!(gbp(1_250_000u64), "£1.3m");
        assert_eq!(gbp(1_249_999u64), "£1.2m");
        assert_eq!(gbp(999_949u64), "£999.9k");
        assert_eq!(gbp(999_950u64), "£1m");
        assert_eq!(gbp(999_999_999u64), "£1bn");
        assert_eq!(gbp(1_049u64), "£1k");
        assert_eq!(gbp(1_050u64), "£1.1k");
    }
}
