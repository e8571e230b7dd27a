//! Thai conventions: Buddhist Era dates, Thai digits, grouped numbers.
//! No crate formats Thai official dates (ICU4X's Buddhist calendar gives the
//! year, not the ราชการ abbreviations like "7 ก.พ. 66"), so this is by hand.

use chrono::{Datelike, NaiveDate};

pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];
pub const MONTHS_SHORT: [&str; 12] =
    ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

/// Buddhist Era year of a date.
pub fn be_year(d: NaiveDate) -> i32 {
    d.year() + 543
}

/// "7 กุมภาพันธ์ 2566"
pub fn date_long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], be_year(d))
}

/// "7 ก.พ. 66"
pub fn date_short(d: NaiveDate) -> String {
    format!("{} {} {:02}", d.day(), MONTHS_SHORT[d.month0() as usize], be_year(d) % 100)
}

/// "กุมภาพันธ์ 2566"
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], be_year(d))
}

/// A date range the way Thai documents write it:
/// same month "7-12 กุมภาพันธ์ 2566", across months "29 สิงหาคม - 2 กันยายน 2562",
/// across years "30 ธันวาคม 2566 - 2 มกราคม 2567". `short` uses abbreviations.
pub fn date_range(start: NaiveDate, end: NaiveDate, short: bool) -> String {
    let months = if short { &MONTHS_SHORT } else { &MONTHS };
    let year = |d: NaiveDate| {
        if short { format!("{:02}", be_year(d) % 100) } else { be_year(d).to_string() }
    };
    let m = |d: NaiveDate| months[d.month0() as usize];
    if start == end {
        return if short { date_short(start) } else { date_long(start) };
    }
    if start.year() != end.year() {
        format!("{} {} {} - {} {} {}", start.day(), m(start), year(start), end.day(), m(end), year(end))
    } else if start.month() != end.month() {
        format!("{} {} - {} {} {}", start.day(), m(start), end.day(), m(end), year(end))
    } else {
        format!("{}-{} {} {}", start.day(), end.day(), m(end), year(end))
    }
}

/// Replace ASCII digits with Thai digits (๐-๙); everything else unchanged.
pub fn thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x0E50 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Group thousands with commas: 260000000 -> "260,000,000"; keeps a fraction.
pub fn group_number(value: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    out
}

/// Whole years between two dates (the anniversary has to be reached).
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(date_long(d(2023, 2, 7)), "7 กุมภาพันธ์ 2566");
        assert_eq!(date_short(d(2019, 8, 30)), "30 ส.ค. 62");
        assert_eq!(date_range(d(2023, 2, 7), d(2023, 2, 12), false), "7-12 กุมภาพันธ์ 2566");
        assert_eq!(date_range(d(2019, 8, 29), d(2019, 9, 2), true), "29 ส.ค. - 2 ก.ย. 62");
        assert_eq!(date_range(d(2023, 12, 30), d(2024, 1, 2), false), "30 ธันวาคม 2566 - 2 มกราคม 2567");
    }

    #[test]
    fn numbers() {
        assert_eq!(thai_digits("หน้า 12 จาก 50"), "หน้า ๑๒ จาก ๕๐");
        assert_eq!(group_number(260_000_000.0, 0), "260,000,000");
        assert_eq!(group_number(1234.5, 1), "1,234.5");
        assert_eq!(group_number(-999.0, 0), "-999");
        assert_eq!(whole_years(d(2004, 6, 11), d(2026, 6, 10)), 21);
        assert_eq!(whole_years(d(2004, 6, 11), d(2026, 6, 11)), 22);
    }
}
