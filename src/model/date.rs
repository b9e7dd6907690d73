//! Partial dates: a year, a month or a day, as precise as the source is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A date known to the year, the month or the day.
///
/// Dates order by year, then month, then day, a missing part sorting first:
/// `2016 < 2016-11 < 2016-11-01`. A partial date stands for a span of days;
/// [`PartialDate::first_day`] and [`PartialDate::last_day`] give its ends,
/// which the `--since` and `--until` filters use.
///
/// ```
/// use egov_graph::PartialDate;
/// let y: PartialDate = "2016".parse().unwrap();
/// let m: PartialDate = "2016-11".parse().unwrap();
/// let d: PartialDate = "2017-04-25".parse().unwrap();
/// assert!(y < m && m < d);
/// assert!("2017-13-40".parse::<PartialDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A date from its parts; `None` when the parts do not form a real date.
    pub fn new(year: i16, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), _) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => return None,
            _ => {}
        }
        Some(PartialDate { year, month, day })
    }

    /// A date from parts already known to form one (checked when a
    /// database was opened).
    pub(crate) fn trusted(year: i16, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The month, if known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day, if known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The first day the date may stand for (`2016-11` → 2016-11-01).
    pub fn first_day(&self) -> PartialDate {
        PartialDate {
            year: self.year,
            month: Some(self.month.unwrap_or(1)),
            day: Some(self.day.unwrap_or(1)),
        }
    }

    /// The last day the date may stand for (`2016` → 2016-12-31).
    pub fn last_day(&self) -> PartialDate {
        let month = self.month.unwrap_or(12);
        PartialDate {
            year: self.year,
            month: Some(month),
            day: Some(self.day.unwrap_or_else(|| days_in_month(self.year, month))),
        }
    }

    /// Whether this date may fall on or after `since` (for `--since`).
    pub fn may_be_on_or_after(&self, since: &PartialDate) -> bool {
        self.last_day() >= since.first_day()
    }

    /// Whether this date may fall on or before `until` (for `--until`).
    pub fn may_be_on_or_before(&self, until: &PartialDate) -> bool {
        self.first_day() <= until.last_day()
    }
}

fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Why a text is not a valid [`PartialDate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDate(pub String);

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidDate {}

impl FromStr for PartialDate {
    type Err = InvalidDate;

    fn from_str(s: &str) -> Result<PartialDate, InvalidDate> {
        let bad = || {
            InvalidDate(format!(
                "'{}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2016, 2016-11, 2017-04-25)",
                s.escape_debug()
            ))
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let shapes_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        } && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !shapes_ok {
            return Err(bad());
        }
        let year: i16 = parts[0].parse().map_err(|_| bad())?;
        let month: Option<u8> = parts
            .get(1)
            .map(|m| m.parse())
            .transpose()
            .map_err(|_| bad())?;
        let day: Option<u8> = parts
            .get(2)
            .map(|d| d.parse())
            .transpose()
            .map_err(|_| bad())?;
        PartialDate::new(year, month, day).ok_or_else(|| {
            InvalidDate(format!(
                "'{s}' is not a real date (month 1-12, a day that exists in that month)"
            ))
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn orders_partial_dates_sensibly() {
        let mut v = [
            d("2017-04-25"),
            d("2016"),
            d("2017"),
            d("2016-11"),
            d("2016-03-16"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(s, ["2016", "2016-03-16", "2016-11", "2017", "2017-04-25"]);
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2017-13-40",
            "2017-02-30",
            "2017-00",
            "17",
            "2017-4-5",
            "",
            "abcd",
            "2017-04-25T10",
        ] {
            assert!(s.parse::<PartialDate>().is_err(), "{s}");
        }
        assert!("2016-02-29".parse::<PartialDate>().is_ok());
        assert!("2017-02-29".parse::<PartialDate>().is_err());
    }

    #[test]
    fn filters_treat_partial_dates_as_spans() {
        assert!(d("2016").may_be_on_or_after(&d("2016-11")));
        assert!(!d("2016").may_be_on_or_after(&d("2017")));
        assert!(d("2017-04").may_be_on_or_before(&d("2017")));
        assert!(!d("2017-04-25").may_be_on_or_before(&d("2017-04-24")));
        assert_eq!(d("2016-02").last_day().to_string(), "2016-02-29");
    }

    #[test]
    fn round_trips_through_text() {
        for s in ["2016", "2016-11", "2017-04-25"] {
            assert_eq!(d(s).to_string(), s);
        }
    }
}
