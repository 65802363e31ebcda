//! Ledger dates to calendar dates: every form finance exports use, day-first by default.
//!
//! Two-digit years follow the POSIX rule: 00–68 are 2000–2068, 69–99 are 1969–1999.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which number comes first in an all-numeric date such as `04/05/2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year — the UK convention and the default.
    #[default]
    Dmy,
    /// Month, day, year — US exports.
    Mdy,
    /// Year, month, day.
    Ymd,
}

/// Excel's day zero for the 1900 date system (serial 1 is 1900-01-01; the phantom
/// 1900-02-29 means counting from 1899-12-30 is right for every date after February 1900).
const EXCEL_EPOCH_DAYS_FROM_CE: i32 = 693_594;
/// Largest serial Excel accepts (9999-12-31).
const EXCEL_MAX_SERIAL: f64 = 2_958_465.0;

/// A date from an Excel serial number (fractions are times of day and are dropped).
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=EXCEL_MAX_SERIAL).contains(&serial) {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(EXCEL_EPOCH_DAYS_FROM_CE + serial.floor() as i32)
}

/// Serials read from plain numbers (text, or a number cell not formatted as a date)
/// must fall in 1927–2119, so that amounts such as `7.25` are never taken for dates.
pub fn date_from_plain_serial(serial: f64) -> Option<NaiveDate> {
    if (10_000.0..=80_000.0).contains(&serial) {
        date_from_serial(serial)
    } else {
        None
    }
}

/// Days since 1970-01-01, the storage of a polars `Date`.
pub fn epoch_days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - 719_163
}

/// The date of a polars `Date` value, [`epoch_days`] undone; 1970-01-01 for a count
/// past the calendar's range, which no date read from a ledger reaches.
pub fn epoch_date(days: i32) -> NaiveDate {
    const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    (days.checked_add(719_163))
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(EPOCH)
}

/// The month named by an English month name or its abbreviation (`Aug`, `Sept`, `August`).
fn month_from_name(token: &str) -> Option<u32> {
    const NAMES: [&str; 12] = super::MONTHS;
    if token.len() < 3 || !token.is_ascii() {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    NAMES
        .iter()
        .position(|name| name.starts_with(lower) && (lower.len() >= 3))
        .map(|i| i as u32 + 1)
}

fn year_from(token: &str) -> Option<i32> {
    let y: i32 = token.parse().ok()?;
    match token.len() {
        4 => Some(y),
        2 if y <= 68 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn small(token: &str) -> Option<u32> {
    if token.is_empty() || token.len() > 2 {
        return None;
    }
    token.parse().ok()
}

/// Parses a date as ledgers print it: `04/01/2017`, `5/4/17`, `11-Aug-22`, `14 Apr 2023`,
/// `01 August 2023`, `2024-04-01`, `2024-04-01 00:00:00`, `20240401`, or an Excel serial
/// such as `43658` or `45384.041666666664`. Returns `None` when it is not a real date.
pub fn parse_date(raw: &str, order: DateOrder) -> Option<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let mut tokens: [&str; 4] = [""; 4];
    let mut n = 0;
    // ISO `2024-04-01T13:45`: the T parts date from time only between digits, so that
    // `14-OCT-23` keeps its month.
    let iso_t = s.char_indices().find(|&(i, c)| {
        c == 'T'
            && i > 0
            && s.as_bytes()[i - 1].is_ascii_digit()
            && s.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit)
    });
    let s = iso_t.map_or(s, |(i, _)| &s[..i]);
    for tok in s.split(['/', '-', '.', ' ', ',']).filter(|t| !t.is_empty()) {
        // A time of day (`00:00`, `00:00:00`, `12:30PM`) or a meridiem ends the date.
        if tok.contains(':') || tok.eq_ignore_ascii_case("am") || tok.eq_ignore_ascii_case("pm") {
            break;
        }
        if n == 4 {
            return None;
        }
        tokens[n] = tok;
        n += 1;
    }
    let tokens = &tokens[..n];
    match tokens {
        [single] => parse_single(single, s),
        // `45384.041666666664` splits at the point into two numeric tokens.
        [whole, frac]
            if whole.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && s.contains('.') =>
        {
            date_from_plain_serial(s.parse().ok()?)
        }
        [a, b, c] => parse_three(a, b, c, order),
        _ => None,
    }
}

/// Why a row has no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undated {
    /// The date cell is empty.
    Empty,
    /// `######`: a spreadsheet column too narrow for its dates when the file was saved.
    Hashes,
    /// Text (or a number) that is no date.
    Unreadable,
}

impl Undated {
    pub fn describe(self) -> &'static str {
        match self {
            Undated::Empty => "date cell empty",
            Undated::Hashes => {
                "date shown as ###### (the column was too narrow when the file was saved)"
            }
            Undated::Unreadable => "date cell is not a date",
        }
    }
}

/// A date cell as read before its sheet's order of day and month is known: whether the
/// order matters for it, and what it proves about the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRead {
    /// No date.
    Missing(Undated),
    /// A date needing no order: year first, a month name, a serial or a date cell. Days
    /// since 1970-01-01.
    Fixed(i32),
    /// A real date only day-first (`29/05/2021`): proves the order.
    DayFirst(i32),
    /// A real date only month-first (`5/29/2021`): proves the order.
    MonthFirst(i32),
    /// A real date either way (`04/05/2023`); the same date when day and month are equal
    /// (`05/05/2023`), which proves nothing but is still written day and month.
    Either { dmy: i32, mdy: i32 },
    /// A month and year alone (`Jul 2014`): the 1st of the month.
    MonthOnly(i32),
}

impl DateRead {
    /// A date whichever order the sheet turns out to use.
    pub fn readable(self) -> bool {
        !matches!(self, DateRead::Missing(_))
    }

    /// The order this value proves, if any.
    pub fn proves(self) -> Option<DateOrder> {
        match self {
            DateRead::DayFirst(_) => Some(DateOrder::Dmy),
            DateRead::MonthFirst(_) => Some(DateOrder::Mdy),
            _ => None,
        }
    }

    /// The date, when it is one whatever the order (a month-only value is not: its day is
    /// not known).
    pub fn certain(self) -> Option<i32> {
        match self {
            DateRead::Fixed(d) | DateRead::DayFirst(d) | DateRead::MonthFirst(d) => Some(d),
            DateRead::Either { dmy, mdy } if dmy == mdy => Some(dmy),
            _ => None,
        }
    }

    /// The date, an ambiguous value read in `order` (`Ymd` reads as day-first).
    pub fn resolve(self, order: DateOrder) -> Option<i32> {
        match self {
            DateRead::Missing(_) => None,
            DateRead::Fixed(d)
            | DateRead::DayFirst(d)
            | DateRead::MonthFirst(d)
            | DateRead::MonthOnly(d) => Some(d),
            DateRead::Either { dmy, mdy } => Some(if order == DateOrder::Mdy { mdy } else { dmy }),
        }
    }
}

/// Reads a date cell's text without knowing the sheet's order of day and month: every form
/// [`parse_date`] reads, `######` told apart from other text, and month-only values
/// (`Jul 2014`, `September 2014`) read as the 1st of the month.
pub fn read_date(raw: &str) -> DateRead {
    let s = super::trim(raw);
    if s.is_empty() {
        return DateRead::Missing(Undated::Empty);
    }
    if s.bytes().all(|b| b == b'#') {
        return DateRead::Missing(Undated::Hashes);
    }
    // The usual `31/01/2024` read without splitting: this runs for every row of a ledger.
    // The general reading below reads the same text the same way.
    if let Some([a, b, c]) = digit_triple(s) {
        return day_month_year(a, b, c);
    }
    read_general(s)
}

/// [`read_date`] for any form, of trimmed, non-empty text.
fn read_general(s: &str) -> DateRead {
    // Up to six parts, without allocating: this runs for every row of a ledger.
    let mut buf: [&str; 6] = [""; 6];
    let mut n_parts = 0;
    for t in s.split(['/', '-', '.', ' ']).filter(|t| !t.is_empty()) {
        if n_parts < buf.len() {
            buf[n_parts] = t;
        }
        n_parts += 1;
    }
    let parts = &buf[..n_parts.min(buf.len())];
    let numeric = |t: &str| !t.is_empty() && t.bytes().all(|x| x.is_ascii_digit());
    // a/b/y with an optional time of day after it.
    let date_len = parts
        .iter()
        .take_while(|t| {
            !t.contains(':') && !t.eq_ignore_ascii_case("am") && !t.eq_ignore_ascii_case("pm")
        })
        .count();
    if let [a, b, c] = parts[..date_len]
        && numeric(a)
        && numeric(b)
        && numeric(c)
        && a.len() <= 2
        && b.len() <= 2
        && n_parts - date_len <= 2
    {
        return day_month_year(a, b, c);
    }
    if let [m, y] = parts
        && let Some(month) = month_from_name(m)
        && y.len() == 4
        && numeric(y)
    {
        return match y
            .parse()
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, 1))
        {
            Some(d) => DateRead::MonthOnly(epoch_days(d)),
            None => DateRead::Missing(Undated::Unreadable),
        };
    }
    match parse_date(s, DateOrder::Dmy) {
        Some(d) => DateRead::Fixed(epoch_days(d)),
        None => DateRead::Missing(Undated::Unreadable),
    }
}

/// Three runs of digits split by single `/`, `-` or `.`, the first two of one or two
/// digits: the numeric date form nearly every ledger uses.
fn digit_triple(s: &str) -> Option<[&str; 3]> {
    let bytes = s.as_bytes();
    let mut parts = [""; 3];
    let (mut n, mut from) = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            continue;
        }
        if !matches!(b, b'/' | b'-' | b'.') || i == from || n == 2 || i - from > 2 {
            return None;
        }
        parts[n] = &s[from..i];
        (n, from) = (n + 1, i + 1);
    }
    (n == 2 && from < bytes.len()).then(|| {
        parts[2] = &s[from..];
        parts
    })
}

/// A numeric date `a/b/c` (year last) read both ways round, as far as each makes a date.
fn day_month_year(a: &str, b: &str, c: &str) -> DateRead {
    let (Some(y), Some(a), Some(b)) = (year_from(c), small(a), small(b)) else {
        return DateRead::Missing(Undated::Unreadable);
    };
    let days = |d: Option<NaiveDate>| d.map(epoch_days);
    let dmy = days(NaiveDate::from_ymd_opt(y, b, a));
    let mdy = days(NaiveDate::from_ymd_opt(y, a, b));
    match (dmy, mdy) {
        (Some(dmy), Some(mdy)) => DateRead::Either { dmy, mdy },
        (Some(x), None) => DateRead::DayFirst(x),
        (None, Some(y)) => DateRead::MonthFirst(y),
        (None, None) => DateRead::Missing(Undated::Unreadable),
    }
}

fn parse_single(token: &str, whole: &str) -> Option<NaiveDate> {
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if token.len() == 8 && (token.starts_with("19") || token.starts_with("20")) {
        let y = token[..4].parse().ok()?;
        let m = token[4..6].parse().ok()?;
        let d = token[6..].parse().ok()?;
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            return Some(date);
        }
    }
    if token.len() <= 7 {
        return date_from_plain_serial(whole.parse().ok()?);
    }
    None
}

fn parse_three(a: &str, b: &str, c: &str, order: DateOrder) -> Option<NaiveDate> {
    let numeric = |t: &str| t.bytes().all(|x| x.is_ascii_digit());
    let (y, m, d) = if numeric(a) && numeric(b) && numeric(c) {
        if a.len() == 4 {
            (year_from(a)?, small(b)?, small(c)?)
        } else {
            match order {
                DateOrder::Dmy => (year_from(c)?, small(b)?, small(a)?),
                DateOrder::Mdy => (year_from(c)?, small(a)?, small(b)?),
                DateOrder::Ymd => (year_from(a)?, small(b)?, small(c)?),
            }
        }
    } else if let Some(m) = month_from_name(b) {
        // 11-Aug-22, 14 Apr 2023, 2023-Aug-11
        if a.len() == 4 {
            (year_from(a)?, m, small(c)?)
        } else {
            (year_from(c)?, m, small(a)?)
        }
    } else if let Some(m) = month_from_name(a) {
        // Aug 11 2023, August 11, 2023
        (
            year_from(c)?,
            m,
            small(b.trim_end_matches(|ch: char| ch.is_ascii_alphabetic()))?,
        )
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests;
