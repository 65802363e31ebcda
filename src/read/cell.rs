//! One view of a ledger cell, whether it came from delimited text or a spreadsheet, so
//! that header detection and record classification are written once.

use chrono::NaiveDate;

/// A cell as the classifier sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// A spreadsheet number.
    Number(f64),
    /// A spreadsheet date-time, as an Excel serial (days since 1899-12-30, fraction = time).
    DateTime(f64),
}

impl<'a> Cell<'a> {
    /// True when the cell holds nothing but whitespace.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => super::values::trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as a person would read it (numbers in their shortest form).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => super::values::trim(s).to_string(),
            Cell::Number(x) => format_number(*x),
            Cell::DateTime(x) => match crate::read::values::date::date_from_serial(*x) {
                Some(d) => d.to_string(),
                None => format_number(*x),
            },
        }
    }

    /// Trimmed text, when the cell is text.
    pub fn text(&self) -> Option<&'a str> {
        match self {
            Cell::Text(s) => Some(super::values::trim(s)),
            _ => None,
        }
    }

    /// The cell as a date before the sheet's order of day and month is known.
    pub fn date_read(&self) -> crate::read::values::date::DateRead {
        use crate::read::values::date::{
            DateRead, Undated, date_from_plain_serial, date_from_serial, epoch_days, read_date,
        };
        let fixed = |d: Option<NaiveDate>| {
            d.map_or(DateRead::Missing(Undated::Unreadable), |d| {
                DateRead::Fixed(epoch_days(d))
            })
        };
        match self {
            Cell::Empty => DateRead::Missing(Undated::Empty),
            Cell::Text(s) => read_date(s),
            Cell::Number(x) => fixed(date_from_plain_serial(*x)),
            Cell::DateTime(x) => fixed(date_from_serial(*x)),
        }
    }

    pub fn date(&self, order: crate::read::values::date::DateOrder) -> Option<NaiveDate> {
        use crate::read::values::date::{date_from_plain_serial, date_from_serial, parse_date};
        match self {
            Cell::Empty => None,
            Cell::Text(s) => parse_date(s, order),
            Cell::Number(x) => date_from_plain_serial(*x),
            Cell::DateTime(x) => date_from_serial(*x),
        }
    }
}

/// Integers without a fraction (`6006310`, not `6006310.0`), others in shortest form.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A row of cells addressed by 0-based column.
pub trait RowCells {
    fn width(&self) -> usize;
    fn cell(&self, col: usize) -> Cell<'_>;

    fn is_blank(&self) -> bool {
        (0..self.width()).all(|c| self.cell(c).is_empty())
    }
}

impl RowCells for csv::StringRecord {
    fn width(&self) -> usize {
        self.len()
    }

    /// One pass over the record's text instead of one per field.
    fn is_blank(&self) -> bool {
        self.as_slice().trim().is_empty()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        match self.get(col) {
            Some(s) if !s.is_empty() => Cell::Text(s),
            _ => Cell::Empty,
        }
    }
}

/// A spreadsheet row; `offset` is the sheet column of the slice's first cell.
pub struct SheetRow<'a> {
    pub offset: usize,
    pub cells: &'a [calamine::Data],
}

impl RowCells for SheetRow<'_> {
    fn width(&self) -> usize {
        self.offset + self.cells.len()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        use calamine::Data;
        let Some(data) = col.checked_sub(self.offset).and_then(|c| self.cells.get(c)) else {
            return Cell::Empty;
        };
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
            Data::Float(x) => Cell::Number(*x),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::DateTime(dt) => Cell::DateTime(dt.as_f64()),
            Data::Bool(true) => Cell::Text("TRUE"),
            Data::Bool(false) => Cell::Text("FALSE"),
            Data::Error(_) => Cell::Text("#ERROR"),
        }
    }
}

/// A cell held by value: rows read ahead while the header is searched for, and rows
/// rebuilt by a repair.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    Empty,
    Text(String),
    Number(f64),
    DateTime(f64),
}

/// A row of text cells as a test writes it, `""` for an empty cell.
#[cfg(test)]
pub fn text_row(cells: &[&str]) -> Vec<OwnedCell> {
    cells
        .iter()
        .map(|s| match *s {
            "" => OwnedCell::Empty,
            s => OwnedCell::Text(s.to_string()),
        })
        .collect()
}

impl OwnedCell {
    pub fn from_cell(c: Cell<'_>) -> Self {
        match c {
            Cell::Empty => OwnedCell::Empty,
            Cell::Text(s) => OwnedCell::Text(s.to_string()),
            Cell::Number(x) => OwnedCell::Number(x),
            Cell::DateTime(x) => OwnedCell::DateTime(x),
        }
    }
}

/// Copies a row out of a reader's reusable buffer.
pub fn own_row(row: &dyn RowCells) -> Vec<OwnedCell> {
    (0..row.width())
        .map(|c| OwnedCell::from_cell(row.cell(c)))
        .collect()
}

impl RowCells for Vec<OwnedCell> {
    fn width(&self) -> usize {
        self.len()
    }
    fn cell(&self, col: usize) -> Cell<'_> {
        match self.get(col) {
            None | Some(OwnedCell::Empty) => Cell::Empty,
            Some(OwnedCell::Text(s)) => Cell::Text(s),
            Some(OwnedCell::Number(x)) => Cell::Number(*x),
            Some(OwnedCell::DateTime(x)) => Cell::DateTime(*x),
        }
    }
}
