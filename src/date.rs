//! Calendar dates, written `YYYY-MM-DD`: the one parser for every date xgea reads (the model's sunsets and
//! status histories, waiver expiries, inline `until=`, `XGEA_TODAY`) and the one order rules compare them by.
//!
//! A leaf: imports nothing of xgea. The calendar arithmetic is `jiff`'s; no time zone database is involved,
//! since "today" is the UTC day.

use std::fmt;
use std::str::FromStr;

use jiff::civil;

/// A day of the proleptic Gregorian calendar, year 0000 to 9999. Prints as `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

/// Why a text is not a date. Displays as the reason only (`February 2025 has 28 days`), for callers to put
/// after their own `invalid … date `…``.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD`.
    Shape,
    /// A month outside 01-12.
    Month(u8),
    /// A day its month does not have (`2026-02-30`, `2025-02-29`, `2026-04-00`).
    Day { year: i16, month: i8, day: u8, days: i8 },
}

impl DateError {
    /// Whether the text has the right shape but names no day of the calendar (what a `^\d{4}-\d{2}-\d{2}$`
    /// pattern cannot catch).
    pub fn is_calendar(self) -> bool {
        !matches!(self, DateError::Shape)
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateError::Shape => f.write_str("expected YYYY-MM-DD"),
            DateError::Month(month) => write!(f, "there is no month {month:02}"),
            DateError::Day { day: 0, .. } => f.write_str("days of the month start at 01"),
            DateError::Day { year, month, days, .. } => {
                write!(f, "{} {year:04} has {days} days", MONTHS[month as usize - 1])
            }
        }
    }
}

impl std::error::Error for DateError {}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day) naming a day that exists.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let digits = |from: usize, to: usize| b[from..to].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0, 4) || !digits(5, 7) || !digits(8, 10) {
            return Err(DateError::Shape);
        }
        let number = |from: usize, to: usize| b[from..to].iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        let (year, month, day) = (number(0, 4) as i16, number(5, 7) as u8, number(8, 10) as u8);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let month = month as i8;
        // Every year 0000-9999 and month 01-12 is in jiff's range, so the first of the month always exists.
        let first = civil::Date::new(year, month, 1).map_err(|_| DateError::Shape)?;
        let days = first.days_in_month();
        if day == 0 || day as i8 > days {
            return Err(DateError::Day { year, month, day, days });
        }
        civil::Date::new(year, month, day as i8).map(Date).map_err(|_| DateError::Day { year, month, day, days })
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        Date(jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date())
    }

    /// Today's date: `XGEA_TODAY` when it holds a valid date (for reproducible runs and tests), otherwise the
    /// UTC date. Anything else in `XGEA_TODAY` is ignored rather than trusted.
    pub fn today() -> Date {
        Date::today_or(std::env::var("XGEA_TODAY").ok().as_deref())
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        i64::from(self.0.since(earlier.0).map_or(0, |span| span.get_days()))
    }

    /// The same day `months` months later (earlier when negative), the last day of the month when that month
    /// is shorter (2026-01-31 plus one month is 2026-02-28); the date itself past year 9999.
    pub fn add_months(self, months: i32) -> Date {
        Date(self.0.checked_add(jiff::Span::new().months(months)).unwrap_or(self.0))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The calendar quarter, 1 to 4.
    pub fn quarter(self) -> u8 {
        (self.0.month() as u8 - 1) / 3 + 1
    }

    /// `overridden` when it is a valid date, otherwise the UTC date.
    fn today_or(overridden: Option<&str>) -> Date {
        overridden.and_then(|text| Date::parse(text).ok()).unwrap_or_else(Date::today_utc)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        Date::parse(text)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(|e| serde::de::Error::custom(format!("invalid date `{text}`: {e}")))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod month_tests {
    use super::Date;

    #[test]
    fn months_are_added_clamped_and_quarters_counted() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2026-11-23").add_months(24), d("2028-11-23"));
        assert_eq!(d("2026-11-23").add_months(-11), d("2025-12-23"));
        assert_eq!(d("9999-12-01").add_months(1), d("9999-12-01"));
        assert_eq!((d("2026-03-31").quarter(), d("2026-04-01").quarter(), d("2026-12-31").quarter()), (1, 2, 4));
        assert_eq!(d("2026-12-31").year(), 2026);
    }
}

#[cfg(test)]
mod tests {
    use super::{Date, DateError};

    fn reason(text: &str) -> String {
        Date::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn leap_years() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Date::parse("2000-02-29").unwrap().to_string(), "2000-02-29");
        assert_eq!(reason("2025-02-29"), "February 2025 has 28 days");
        assert_eq!(reason("1900-02-29"), "February 1900 has 28 days");
    }

    #[test]
    fn impossible_days_and_months() {
        assert_eq!(reason("2026-02-30"), "February 2026 has 28 days");
        assert_eq!(reason("2026-04-31"), "April 2026 has 30 days");
        assert_eq!(reason("2026-04-00"), "days of the month start at 01");
        assert_eq!(reason("2025-13-01"), "there is no month 13");
        assert_eq!(reason("2025-00-10"), "there is no month 00");
        assert!(Date::parse("2025-13-01").unwrap_err().is_calendar());
    }

    #[test]
    fn only_the_iso_shape() {
        for text in
            ["tomorrow", "2026-1-1", "20260101", "2026-01-01T00:00", " 2026-01-01", "+2026-01-01", "２０２６-01-01"]
        {
            assert_eq!(Date::parse(text), Err(DateError::Shape), "{text}");
        }
        assert_eq!(Date::parse("0000-01-01").unwrap().to_string(), "0000-01-01");
        assert_eq!(Date::parse("9999-12-31").unwrap().to_string(), "9999-12-31");
    }

    #[test]
    fn dates_order_by_day() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert!(d("2026-11-23") > d("2026-03-31"));
        assert!(d("2027-01-01") > d("2026-12-31"));
        assert_eq!(d("2026-11-23"), "2026-11-23".parse().unwrap());
    }

    #[test]
    fn an_invalid_override_of_today_is_ignored() {
        assert_eq!(Date::today_or(Some("2024-02-29")).to_string(), "2024-02-29");
        assert_eq!(Date::today_or(Some("2025-02-29")), Date::today_utc());
        assert_eq!(Date::today_or(Some("tomorrow")), Date::today_utc());
        assert_eq!(Date::today_or(None), Date::today_utc());
    }

    #[test]
    fn deserialises_with_the_reason() {
        let err = serde_json::from_str::<Date>("\"2026-02-30\"").unwrap_err().to_string();
        assert_eq!(err, "invalid date `2026-02-30`: February 2026 has 28 days");
        assert_eq!(serde_json::from_str::<Date>("\"2024-02-29\"").unwrap().to_string(), "2024-02-29");
    }
}
