//! What a column holds in the rows below a candidate header: money, dates, names or codes.
//! The other half of the evidence for a column's field, so a header that merely sounds
//! right ("Invoice Number" full of descriptions, "Body name" repeating the council's own
//! name) loses to the column whose contents fit.

use std::borrow::Cow;

use crate::config::ledger_words::Content;
use crate::read::cell::{Cell, RowCells};
use crate::read::values::amount::parse_amount;

/// Counts over one column's non-empty cells.
#[derive(Debug, Default, Clone)]
pub struct Profile {
    pub filled: u32,
    money: u32,
    /// Money written with pence or thousands separators.
    formatted: u32,
    /// Integers of six digits or more without pence or separators.
    long_ints: u32,
    dates: u32,
    names: u32,
    codes: u32,
    /// The first value, and whether any other differs from it (a constant column).
    first: Option<String>,
    varied: bool,
}

/// What one non-empty cell shows. Read once per cell, however many candidate headers'
/// profiles count it: a profile takes 200 rows under each of up to 30 candidates.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellFacts {
    money: bool,
    formatted: bool,
    long_int: bool,
    date: bool,
    name: bool,
    code: bool,
}

impl CellFacts {
    /// `None` for an empty cell.
    pub fn of(cell: Cell<'_>) -> Option<CellFacts> {
        if cell.is_empty() {
            return None;
        }
        let readable = cell.date_read().readable();
        let mut f = CellFacts::default();
        match cell {
            Cell::Number(x) => {
                f.money = true;
                // A day count in Excel's range (1927–2119) may be a date not formatted as one.
                f.date = x.fract() == 0.0 && readable;
                f.formatted = x.fract() != 0.0;
                f.long_int = x.fract() == 0.0 && x.abs() >= 100_000.0;
            }
            Cell::DateTime(_) => f.date = true,
            Cell::Text(s) => {
                let s = s.trim();
                let digits_only = s.bytes().all(|b| b.is_ascii_digit());
                f.money = parse_amount(s).is_ok();
                if f.money {
                    f.formatted = s.contains(['.', ',']);
                    f.long_int = !f.formatted && digits_only && s.len() >= 6;
                }
                // An Excel serial written as text (`43658`) may be a date; other plain
                // numbers are not.
                let serial = digits_only && s.len() == 5;
                f.date = readable && (serial || !digits_only);
                let letters = s.chars().filter(|c| c.is_alphabetic()).count();
                let is_value = f.money || readable;
                f.name = letters >= 1
                    && !is_value
                    && letters * 2 >= s.chars().filter(|c| !c.is_whitespace()).count();
                f.code = !s.contains(' ') && s.len() >= 3 && s.bytes().any(|b| b.is_ascii_digit());
            }
            Cell::Empty => {}
        }
        Some(f)
    }
}

impl Profile {
    #[cfg(test)]
    pub fn add(&mut self, cell: Cell<'_>) {
        if let Some(facts) = CellFacts::of(cell) {
            self.count(cell, facts);
        }
    }

    /// Counts a non-empty cell whose facts were read.
    fn count(&mut self, cell: Cell<'_>, f: CellFacts) {
        self.filled += 1;
        self.money += u32::from(f.money);
        self.formatted += u32::from(f.formatted);
        self.long_ints += u32::from(f.long_int);
        self.dates += u32::from(f.date);
        self.names += u32::from(f.name);
        self.codes += u32::from(f.code);
        if !self.varied {
            let text = match cell {
                Cell::Text(s) => Cow::Borrowed(s.trim()),
                other => Cow::Owned(other.display()),
            };
            match &self.first {
                None => self.first = Some(text.into_owned()),
                Some(first) => self.varied = *first != *text,
            }
        }
    }

    fn share(&self, n: u32) -> f64 {
        f64::from(n) / f64::from(self.filled.max(1))
    }

    /// How far the contents bear out a column of `content`: a factor from 0.3 (they do not)
    /// to 1 (they do), with a few words on why. `sampled` is how many rows were looked at.
    /// A few cells are weak evidence: the factor moves from 1 towards what they show as
    /// more of them are seen (half way at five).
    pub fn factor(&self, content: Content, sampled: usize) -> (f64, String) {
        let (raw, why) = self.raw_factor(content, sampled);
        if sampled == usize::MAX || self.filled == 0 {
            return (raw, why);
        }
        let confidence = f64::from(self.filled) / f64::from(self.filled + 5);
        (1.0 - confidence * (1.0 - raw), why)
    }

    fn raw_factor(&self, content: Content, sampled: usize) -> (f64, String) {
        if sampled == 0 {
            return (0.5, "no rows below the header to check".to_string());
        }
        if sampled == usize::MAX {
            return (1.0, String::new());
        }
        if self.filled == 0 {
            return (0.8, "empty in the rows below the header".to_string());
        }
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        match content {
            Content::Money => {
                let mut share = self.share(self.money);
                let mut why = format!("{} of its cells are amounts", pct(share));
                if self.share(self.long_ints) >= 0.8 && self.formatted == 0 {
                    share *= 0.3;
                    why = format!(
                        "{} of its cells are long whole numbers, like references",
                        pct(self.share(self.long_ints))
                    );
                }
                (0.3 + 0.7 * share, why)
            }
            Content::Date => {
                let share = self.share(self.dates);
                (
                    0.3 + 0.7 * share,
                    format!("{} of its cells are dates", pct(share)),
                )
            }
            Content::Name => {
                let mut share = self.share(self.names);
                let mut why = format!("{} of its cells are names", pct(share));
                if !self.varied && self.filled >= 5 {
                    share *= 0.5;
                    why += ", all the same";
                }
                (0.3 + 0.7 * share, why)
            }
            Content::Code => {
                let share = self.share(self.codes.max(self.long_ints));
                (
                    0.5 + 0.5 * share,
                    format!("{} of its cells are codes", pct(share)),
                )
            }
        }
    }
}

/// Profiles of every column of `rows`, `width` columns wide.
pub fn profiles(rows: &[&dyn RowCells], width: usize) -> Vec<Profile> {
    let facts = facts_of(rows.iter().copied(), width);
    profiles_with(rows, &facts, width)
}

/// Each cell's facts, row by row, for [`profiles_with`].
pub fn facts_of<'r>(
    rows: impl Iterator<Item = &'r dyn RowCells>,
    width: usize,
) -> Vec<Vec<Option<CellFacts>>> {
    rows.map(|row| (0..width).map(|c| CellFacts::of(row.cell(c))).collect())
        .collect()
}

/// Profiles of `rows`, their cells' facts already read (`facts[i]` for `rows[i]`).
pub fn profiles_with(
    rows: &[&dyn RowCells],
    facts: &[Vec<Option<CellFacts>>],
    width: usize,
) -> Vec<Profile> {
    let mut out = vec![Profile::default(); width];
    for (row, facts) in rows.iter().zip(facts) {
        for (c, p) in out.iter_mut().enumerate() {
            if let Some(f) = facts[c] {
                p.count(row.cell(c), f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(cells: &[&str]) -> Profile {
        let mut p = Profile::default();
        cells.iter().for_each(|s| p.add(Cell::Text(s)));
        p
    }

    #[test]
    fn contents_bear_out_or_not() {
        let money = profile(&["1,234.56", "(250.00)", "£17.50", "910"]);
        assert!(money.raw_factor(Content::Money, 4).0 > 0.9);
        let refs = profile(&["5100728328", "5100728325", "1901095785"]);
        assert!(
            refs.raw_factor(Content::Money, 3).0 < 0.6,
            "{:?}",
            refs.raw_factor(Content::Money, 3)
        );
        assert!(refs.raw_factor(Content::Code, 3).0 > 0.9);
        let dates = profile(&["01.07.2014", "Jul 2014", "43658", "11-Aug-22"]);
        assert!(dates.raw_factor(Content::Date, 4).0 > 0.9);
        let mut serials = Profile::default();
        [45201.0, 45202.0, 45205.0]
            .iter()
            .for_each(|x| serials.add(Cell::Number(*x)));
        assert!(
            serials.raw_factor(Content::Date, 3).0 > 0.9,
            "day counts not formatted as dates"
        );
        let names = profile(&[
            "The Furnishing Service Ltd",
            "GOOGLE",
            "Redacted Personal Information",
        ]);
        assert!(names.raw_factor(Content::Name, 3).0 > 0.9);
        let constant = profile(&["Leeds City Council"; 6]);
        assert!(constant.raw_factor(Content::Name, 6).0 < 0.7);
        assert_eq!(Profile::default().factor(Content::Money, 3).0, 0.8);
    }

    #[test]
    fn a_few_cells_are_weak_evidence() {
        // Two odd cells under `Date` hardly count against it; two hundred do.
        let few = profile(&["01/01/2024 12.50", "7.25"]);
        assert!(few.factor(Content::Date, 2).0 > 0.75);
        let many = profile(&["P-CARD - SEP 22"; 200]);
        assert!(many.factor(Content::Date, 200).0 < 0.35);
    }
}
