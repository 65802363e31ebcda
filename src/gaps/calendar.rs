//! The incubation calendar: when each contract can next be let again, and which of them
//! fall within the horizon in a market worth acting on.

use chrono::{Datelike, Months, NaiveDate};

use super::contracts::Contract;

/// The date the calendar counts from when the study gives none: the first day of the
/// financial year after the latest dated payment.
pub fn default_as_of(last_payment: NaiveDate, year_start_month: u32) -> NaiveDate {
    let year = if last_payment.month() >= year_start_month {
        last_payment.year() + 1
    } else {
        last_payment.year()
    };
    NaiveDate::from_ymd_opt(year, year_start_month, 1).expect("a valid first of the month")
}

/// The end of the horizon.
pub fn horizon_end(as_of: NaiveDate, months: u32) -> NaiveDate {
    as_of
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// When the contract can next be let again on or after `as_of`: at its end date, or, when
/// that has passed, at the end of its extension.
pub fn relet_date(c: &Contract, as_of: NaiveDate) -> Option<NaiveDate> {
    match (c.end, c.extension) {
        (Some(end), _) if end >= as_of => Some(end),
        (_, Some(ext)) if ext >= as_of => Some(ext),
        _ => None,
    }
}

/// A contract's re-let date when it falls within the horizon, else why the contract is
/// outside the calendar (before its market is considered).
pub fn timing(c: &Contract, as_of: NaiveDate, end: NaiveDate) -> Result<NaiveDate, String> {
    if c.end.is_none() && c.extension.is_none() {
        return Err("no end date".into());
    }
    match relet_date(c, as_of) {
        None => Err(format!("ended before {as_of}")),
        Some(d) if d > end => Err(format!("re-let after the horizon ({end})")),
        Some(d) => Ok(d),
    }
}

/// Whole months from `a` to `b` (`b` on or after `a`).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let m = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    let m = if b.day() < a.day() { m - 1 } else { m };
    m.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn as_of_is_the_next_financial_year() {
        assert_eq!(default_as_of(d(2025, 3, 31), 4), d(2025, 4, 1));
        assert_eq!(default_as_of(d(2025, 4, 1), 4), d(2026, 4, 1));
        assert_eq!(default_as_of(d(2025, 12, 31), 1), d(2026, 1, 1));
    }

    #[test]
    fn a_passed_end_date_relets_at_the_extension() {
        let as_of = d(2025, 4, 1);
        let end = horizon_end(as_of, 36);
        assert_eq!(end, d(2028, 4, 1));
        let c = |e: Option<NaiveDate>, x: Option<NaiveDate>| Contract {
            end: e,
            extension: x,
            ..Default::default()
        };
        assert_eq!(
            timing(&c(Some(d(2026, 1, 31)), None), as_of, end),
            Ok(d(2026, 1, 31))
        );
        assert_eq!(
            timing(&c(Some(d(2024, 1, 31)), Some(d(2027, 1, 31))), as_of, end),
            Ok(d(2027, 1, 31))
        );
        assert!(timing(&c(Some(d(2024, 1, 31)), None), as_of, end).is_err());
        assert!(timing(&c(Some(d(2029, 1, 31)), None), as_of, end).is_err());
        assert_eq!(
            timing(&c(None, None), as_of, end),
            Err("no end date".into())
        );
        // The horizon's last day is inside it.
        assert!(timing(&c(Some(end), None), as_of, end).is_ok());
        assert_eq!(months_between(as_of, d(2026, 3, 31)), 11);
        assert_eq!(months_between(as_of, d(2026, 4, 1)), 12);
    }
}
