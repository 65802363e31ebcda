//! Per-day values (a payment's month, its financial year) looked up in a table over the
//! span of a table's dates rather than worked out with the calendar on every row.

use chrono::NaiveDate;

use crate::read::values::date::epoch_date;

/// `of` of each day between a table's first and last dates (days since 1970-01-01). The
/// table is kept only for spans up to 400 years; other days are worked out when asked.
pub struct ByDay<F> {
    first: i32,
    values: Vec<i32>,
    of: F,
}

impl<F: Fn(NaiveDate) -> i32> ByDay<F> {
    pub fn new(first: Option<i32>, last: Option<i32>, of: F) -> Self {
        let (first, values) = match (first, last) {
            (Some(f), Some(l)) if l >= f && l - f < 400 * 366 => {
                (f, (f..=l).map(|d| of(epoch_date(d))).collect())
            }
            _ => (0, Vec::new()),
        };
        ByDay { first, values, of }
    }

    pub fn get(&self, day: i32) -> i32 {
        match usize::try_from(day - self.first) {
            Ok(i) if i < self.values.len() => self.values[i],
            _ => (self.of)(epoch_date(day)),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    #[test]
    fn looked_up_days_match_the_calendar_inside_and_outside_the_span() {
        let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        let t = ByDay::new(Some(19_000), Some(19_400), month);
        for day in [18_000, 19_000, 19_123, 19_400, 25_000] {
            assert_eq!(t.get(day), month(epoch_date(day)));
        }
        let none = ByDay::new(None, None, month);
        assert_eq!(none.get(19_123), month(epoch_date(19_123)));
    }
}
