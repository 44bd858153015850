//! Calendar months: the unit of simulated time.
//!
//! A scenario starts in a calendar month (`2024-07`) and steps one month at a time. This
//! module parses and prints `YYYY-MM` and converts between calendar months and month
//! indices; it knows nothing of the model.

use std::fmt;
use std::str::FromStr;

/// A calendar month, stored as months since January of year 0 so that differences are
/// plain subtraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth(i32);

impl YearMonth {
    /// The last month a `YYYY-MM` can write: the outputs hold no later one.
    pub const LAST: YearMonth = YearMonth(9999 * 12 + 11);

    /// The month `year-month`, or `None` unless `month` is 1 to 12 and `year` 1000 to
    /// 9999 (the years `YYYY-MM` writes).
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return None;
        }
        Some(YearMonth(year * 12 + month as i32 - 1))
    }

    /// The year: 2024 for `2024-07`.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// Month of the year, 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `months` after this one (negative goes back).
    pub fn plus(self, months: i32) -> Self {
        YearMonth(self.0 + months)
    }

    /// Whole months from `earlier` to `self` (negative if `earlier` is later).
    pub fn months_since(self, earlier: YearMonth) -> i32 {
        self.0 - earlier.0
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for YearMonth {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "must be a month written YYYY-MM, e.g. \"2024-07\", with a year from 1000 to \
                 9999, got {s:?}"
            )
        };
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let m: YearMonth = "2024-07".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2024, 7));
        assert_eq!(m.to_string(), "2024-07");
        assert_eq!(m.plus(6).to_string(), "2025-01");
        assert_eq!(m.plus(-7).to_string(), "2023-12");
        assert_eq!(m.plus(6).months_since(m), 6);
    }

    #[test]
    fn the_last_month_is_the_last_that_parses() {
        assert_eq!(YearMonth::LAST.to_string(), "9999-12");
        assert_eq!("9999-12".parse::<YearMonth>(), Ok(YearMonth::LAST));
        assert!(
            YearMonth::LAST
                .plus(1)
                .to_string()
                .parse::<YearMonth>()
                .is_err()
        );
    }

    #[test]
    fn rejects_malformed_months() {
        for s in [
            "2024-13", "2024-00", "2024-7", "24-07", "2024/07", "", "abcd-ef",
        ] {
            assert!(s.parse::<YearMonth>().is_err(), "{s} should be rejected");
        }
    }
}
