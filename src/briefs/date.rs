//! [`Date`]: a calendar day written as a TOML date (`2023-02-07`, Gregorian).
//!
//! Strings, date-times with a time of day, times and Buddhist Era years are
//! refused with a message that says how to write the date instead; for a
//! string such as `"7 ก.พ. 66"` the help names the date it most likely means
//! (`2023-02-07`).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use toml::de::DeValue;
use toml::value::Datetime;

use super::ctx::FileCtx;
use super::read::{FromToml, Value, found};
use crate::t;
use crate::thai::{MONTHS, MONTHS_SHORT};

/// A Gregorian calendar day. Serialized (for templates) as `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// The day as a chrono date.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// A date from year, month and day; `None` if there is no such day.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A problem with a date: message and help.
type Problem = (String, String);

impl FromToml for Date {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let date = match value.get_ref() {
            DeValue::Datetime(dt) => date_from_toml(dt),
            DeValue::String(s) => Err(date_as_text(s)),
            DeValue::Table(_) => Err((
                "expected a date, found a table".to_string(),
                "write the date as YYYY-MM-DD without quotes, e.g. `2023-02-07`".to_string(),
            )),
            other => Err((
                format!("expected a date such as 2023-02-07, found {}", found(other)),
                "write the date as YYYY-MM-DD without quotes, e.g. 2023-02-07".to_string(),
            )),
        };
        date.map_err(|(message, help)| ctx.error(value.span(), message, help)).ok()
    }
}

/// A date written as text in quotes, e.g. `"7 ก.พ. 66"`: the help names the
/// date it most likely means.
fn date_as_text(s: &str) -> Problem {
    let help = match parse_loose_date(s) {
        Some(d) => format!("write the date without quotes, Gregorian year first: `{}`", Date(d)),
        None => "write the date without quotes as YYYY-MM-DD with the Gregorian year, \
                 e.g. `2023-02-07` (พ.ศ. 2566 is 2023)"
            .to_string(),
    };
    (format!("expected a date, found the text \"{s}\""), help)
}

/// Checks a TOML datetime value: only a plain local date passes.
fn date_from_toml(dt: &Datetime) -> Result<Date, Problem> {
    // Written out only for a message: most dates are fine.
    let raw = || dt.to_string();
    let Some(d) = dt.date else {
        return Err((
            format!("`{}` is a time of day, not a date", raw()),
            "write the day as YYYY-MM-DD, e.g. `2023-02-07`; times of day belong in \
             agenda items (`time = \"09:30\"`)"
                .to_string(),
        ));
    };
    let date_only = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
    if dt.time.is_some() || dt.offset.is_some() {
        return Err((
            format!("`{}` has a time of day; only a date is expected here", raw()),
            format!("write just the date: `{date_only}`"),
        ));
    }
    let year = i32::from(d.year);
    if year >= 2400 {
        let help = match Date::from_ymd(year - 543, d.month.into(), d.day.into()) {
            Some(g) => t!("data-be-date-help", date = g.to_string()),
            None => t!("data-be-date-help-subtract"),
        };
        return Err((t!("data-be-year", year = year.to_string()), help));
    }
    Date::from_ymd(year, d.month.into(), d.day.into())
        .ok_or_else(|| (format!("there is no day {date_only}"), "write a date that exists, as YYYY-MM-DD".to_string()))
}

/// Best guess at the date meant by free text such as `"7 ก.พ. 66"`,
/// `"7 กุมภาพันธ์ 2566"`, `"07/02/2566"`, `"2023-02-07"` or `"7 Feb 2023"`.
/// Two-digit and four-digit years from 2400 on are read as Buddhist Era.
pub fn parse_loose_date(text: &str) -> Option<NaiveDate> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
            _ => c,
        })
        .collect();
    let s = ascii.replace("พ.ศ.", " ").replace("ค.ศ.", " ").replace("วันที่", " ");
    // ISO-like: 2023-02-07 (possibly BE).
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).map(str::trim).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        let n: Vec<i64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() == 3 {
            if parts[0].len() == 4 {
                return ymd(year_from(n[0], parts[0].len())?, n[1], n[2]);
            }
            return ymd(year_from(n[2], parts[2].len())?, n[1], n[0]);
        }
    }
    // Day, month name, year.
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() == 3 {
        let (day, month, year) = if words[0].chars().all(|c| c.is_ascii_digit()) {
            (words[0], words[1], words[2])
        } else {
            (words[1], words[0], words[2]) // "February 7 2023"
        };
        let m = month_number(month)?;
        let d: i64 = day.parse().ok()?;
        let y: i64 = year.parse().ok()?;
        return ymd(year_from(y, year.len())?, m, d);
    }
    None
}

fn year_from(y: i64, digits: usize) -> Option<i64> {
    match digits {
        2 => Some(2500 + y - 543),
        4 if y >= 2400 => Some(y - 543),
        4 => Some(y),
        _ => None,
    }
}

fn ymd(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn month_number(word: &str) -> Option<i64> {
    let w = word.trim_end_matches('.');
    let squash = |s: &str| s.replace('.', "");
    for (i, (long, short)) in MONTHS.iter().zip(MONTHS_SHORT.iter()).enumerate() {
        if w == *long || squash(w) == squash(short) {
            return Some(i as i64 + 1);
        }
    }
    const EN: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = w.to_ascii_lowercase();
    if lower.len() >= 3 {
        for (i, m) in EN.iter().enumerate() {
            if lower.starts_with(m) {
                return Some(i as i64 + 1);
            }
        }
    }
    None
}

/// Checks a year written on its own: from `earliest` to 2200. Years are
/// Gregorian; one from 2400 on is taken for a Buddhist Era year and refused
/// with the year to write (as dates are), not converted, so that the files
/// say one thing to every reader and tool.
pub(crate) fn check_year(ctx: &mut FileCtx<'_>, span: std::ops::Range<usize>, year: i32, earliest: i32) {
    if year >= 2400 {
        let gregorian = (year - 543).to_string();
        ctx.error(span, t!("data-be-year", year = year.to_string()), t!("data-be-year-help", gregorian));
    } else if !(earliest..=2200).contains(&year) {
        ctx.error(span, t!("data-year-out-of-range", year = year.to_string()), t!("data-year-help"));
    }
}

/// Gregorian year of a date (for derived `year` fields).
pub(crate) fn year_of(d: Date) -> i32 {
    d.0.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn loose_dates() {
        assert_eq!(parse_loose_date("7 ก.พ. 66"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("30 ส.ค. 62"), d(2019, 8, 30));
        assert_eq!(parse_loose_date("11 มิถุนายน 2547"), d(2004, 6, 11));
        assert_eq!(parse_loose_date("๗ กุมภาพันธ์ ๒๕๖๖"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("07/02/2566"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("2023-02-07"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("7 Feb 2023"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("February 7, 2023"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("วันที่ 7 กพ 2566"), d(2023, 2, 7));
        assert_eq!(parse_loose_date("30 ก.พ. 66"), None);
        assert_eq!(parse_loose_date("soon"), None);
        assert_eq!(parse_loose_date(""), None);
    }

    #[test]
    fn toml_dates() {
        let read = |s: &str| date_from_toml(&s.parse().unwrap());
        assert_eq!(read("2023-02-07"), Ok(Date::from_ymd(2023, 2, 7).unwrap()));
        assert!(read("2023-02-07T10:00:00").unwrap_err().1.contains("`2023-02-07`"));
        assert!(read("10:00:00").unwrap_err().0.contains("time of day"));
        assert!(read("2566-02-07").unwrap_err().1.contains("`2023-02-07`"));
        assert_eq!(Date::from_ymd(2019, 8, 30).unwrap().to_string(), "2019-08-30");
        assert_eq!(serde_json::to_string(&Date::from_ymd(2019, 8, 30).unwrap()).unwrap(), "\"2019-08-30\"");
    }
}
