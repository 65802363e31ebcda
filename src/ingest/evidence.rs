//! What a sheet's own rows say about how to read them, gathered as the rows are read: the
//! dates that prove day-first or month-first, the span of the dates that need no order,
//! and how the amount column writes its larger sums. The sheet is then read by that
//! evidence rather than by a convention assumed for every publisher.

use serde::Serialize;

use crate::read::cell::Cell;
use crate::read::values::date::DateRead;

/// The dates of one sheet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DateEvidence {
    /// Dates valid only day-first (`29/05/2021`).
    pub day_first: u64,
    /// Dates valid only month-first (`5/29/2021`).
    pub month_first: u64,
    /// The first row (counted among the sheet's rows with data) proving each order.
    #[serde(skip)]
    pub first_day_first: Option<u64>,
    #[serde(skip)]
    pub first_month_first: Option<u64>,
    /// Some date is written day and month as numbers (`04/05/2023`, `5/29/2021`).
    pub numeric: bool,
    /// Some date is written year first (`2024-04-01`).
    pub year_first: bool,
    /// Earliest and latest of the dates that need no order (days since 1970-01-01).
    #[serde(skip)]
    pub span: Option<(i32, i32)>,
    /// The two readings (day-first, month-first) of every ambiguous date.
    #[serde(skip)]
    pub ambiguous: Vec<(i32, i32)>,
    /// Rows with data looked at.
    #[serde(skip)]
    pub seen: u64,
}

impl DateEvidence {
    /// Counts one row's date cell (`read` is that cell as read).
    pub fn add(&mut self, cell: Cell<'_>, read: DateRead) {
        let at = self.seen;
        self.seen += 1;
        let mut widen = |d: i32| {
            self.span = Some(self.span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
        };
        match read {
            DateRead::DayFirst(d) => {
                widen(d);
                self.day_first += 1;
                self.first_day_first.get_or_insert(at);
                self.numeric = true;
            }
            DateRead::MonthFirst(d) => {
                widen(d);
                self.month_first += 1;
                self.first_month_first.get_or_insert(at);
                self.numeric = true;
            }
            DateRead::Either { dmy, mdy } => {
                if dmy == mdy {
                    widen(dmy);
                } else {
                    self.ambiguous.push((dmy, mdy));
                }
                self.numeric = true;
            }
            DateRead::Fixed(d) => {
                widen(d);
                if let Cell::Text(s) = cell {
                    let s = s.trim().as_bytes();
                    self.year_first |= s.len() >= 8
                        && s[..4].iter().all(u8::is_ascii_digit)
                        && matches!(s[4], b'-' | b'/');
                }
            }
            DateRead::MonthOnly(_) | DateRead::Missing(_) => {}
        }
    }

    /// Adds the evidence of the next piece of the same sheet.
    pub fn absorb(&mut self, next: DateEvidence) {
        let base = self.seen;
        self.day_first += next.day_first;
        self.month_first += next.month_first;
        if self.first_day_first.is_none() {
            self.first_day_first = next.first_day_first.map(|i| i + base);
        }
        if self.first_month_first.is_none() {
            self.first_month_first = next.first_month_first.map(|i| i + base);
        }
        self.numeric |= next.numeric;
        self.year_first |= next.year_first;
        self.span = match (self.span, next.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
        self.ambiguous.extend(next.ambiguous);
        self.seen += next.seen;
    }

    pub fn proven(&self) -> bool {
        self.day_first + self.month_first > 0
    }
}

/// How the amount column writes sums of £1,000 or more: with pence or thousands
/// separators, or as bare numbers. Where nearly all carry them, a bare number of seven
/// digits or more is more likely a reference than an amount.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AmountProfile {
    /// Text amounts of £1,000 or more, leaving out bare numbers of seven digits or more.
    pub large: u64,
    /// Of those, the ones written with a `.` or `,`.
    pub formatted: u64,
}

/// The fewest large amounts that make a profile, and the share of them formatted.
const PROFILE_MIN: u64 = 5;
const PROFILE_SHARE: f64 = 0.95;

/// Whether an amount cell is a bare number of seven digits or more (`41730256`).
pub fn reference_shaped(cell: Cell<'_>) -> bool {
    match cell {
        Cell::Text(s) => {
            let s = s.trim();
            let digits = s.strip_prefix('-').unwrap_or(s);
            digits.len() >= 7 && digits.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

impl AmountProfile {
    /// Counts one text amount as read (`pence`), as written (`text`).
    pub fn add(&mut self, text: &str, pence: i64) {
        if pence.unsigned_abs() < 100_000 || reference_shaped(Cell::Text(text)) {
            return;
        }
        self.large += 1;
        self.formatted += u64::from(text.contains(['.', ',']));
    }

    pub fn absorb(&mut self, next: AmountProfile) {
        self.large += next.large;
        self.formatted += next.formatted;
    }

    /// Whether the column's large amounts are written with pence or separators.
    pub fn formatted(&self) -> bool {
        self.large >= PROFILE_MIN && self.formatted as f64 >= PROFILE_SHARE * self.large as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::values::amount::parse_amount;
    use crate::read::values::date::read_date;

    fn evidence(cells: &[&str]) -> DateEvidence {
        let mut e = DateEvidence::default();
        for s in cells {
            e.add(Cell::Text(s), read_date(s));
        }
        e
    }

    #[test]
    fn proofs_spans_and_ambiguity() {
        let e = evidence(&[
            "04/05/2023",
            "29/05/2023",
            "2023-06-01",
            "05/05/2023",
            "",
            "Jul 2014",
        ]);
        assert_eq!((e.day_first, e.month_first), (1, 0));
        assert_eq!(e.first_day_first, Some(1));
        assert_eq!(e.ambiguous.len(), 1);
        assert!(e.numeric && e.year_first);
        let (lo, hi) = e.span.unwrap();
        assert_eq!(
            hi - lo,
            27,
            "5 May (day and month alike) to 1 June; not July 2014 (a month)"
        );
        let mut a = evidence(&["04/05/2023"]);
        a.absorb(evidence(&["5/29/2023", "29/05/2023"]));
        assert_eq!(
            (a.first_month_first, a.first_day_first, a.seen),
            (Some(1), Some(2), 3)
        );
    }

    #[test]
    fn an_amount_profile_needs_five_large_sums() {
        let mut p = AmountProfile::default();
        fn add(p: &mut AmountProfile, s: &str) {
            p.add(s, parse_amount(s).unwrap().pence);
        }
        for s in [
            "84,210.00",
            "1,204.50",
            "2000.00",
            "5,000",
            "41730256",
            "12.50",
        ] {
            add(&mut p, s);
        }
        assert!(!p.formatted(), "four large sums are not enough");
        add(&mut p, "12,500.00");
        assert!(p.formatted());
        add(&mut p, "25702");
        assert!(!p.formatted(), "5 of 6 is under 95%");
        assert!(reference_shaped(Cell::Text(" 41730256 ")));
        assert!(!reference_shaped(Cell::Text("4,173,025")));
        assert!(!reference_shaped(Cell::Number(41730256.0)));
    }
}
