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
    /// Day, 1-31.
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

    /// Parses `YYYY-MM-DD`.
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
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
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
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
