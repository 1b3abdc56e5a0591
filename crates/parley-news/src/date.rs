//! A calendar date, just enough for terms of office and "is this year before the story".

use std::fmt;

use crate::error::NewsError;

/// A calendar date (year, month, day), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1 to the month's last day.
    pub day: u8,
}

impl Date {
    /// The day the bundled gazetteer was last revised: the default "today" when an article has
    /// no date, so that offices resolve to the holders the data knows as current.
    pub const GAZETTEER: Date = Date {
        year: 2025,
        month: 10,
        day: 1,
    };

    /// Parses `YYYY-MM-DD`, a real calendar date (Gregorian leap years: `2024-02-29` is one,
    /// `2025-02-29`, `2025-02-30` and `2025-04-31` are not).
    pub fn parse(text: &str) -> Result<Date, NewsError> {
        let bad = || NewsError::BadDate {
            text: text.to_owned(),
        };
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }
}

/// Days in `month` (1-12) of `year`, Gregorian leap years.
fn days_in(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let a = Date::parse("2024-07-28").unwrap();
        let b = Date::parse("2025-03-04").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2025-03-04");
        for leap in ["2024-02-29", "2000-02-29", "2025-12-31", "2025-04-30"] {
            assert!(Date::parse(leap).is_ok(), "{leap}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for bad in [
            "",
            "2025",
            "2025-3-4",
            "2025-13-01",
            "20x5-01-01",
            "2025-01-01-01",
            "2025-02-29",
            "2025-02-30",
            "2025-04-31",
            "1900-02-29",
            "2025-00-10",
            "2025-01-00",
            "0000-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
