//! Columnar storage for the transactions read from one ledger sheet: one contiguous text
//! buffer per column instead of a `String` per cell, because a million-row ledger would
//! otherwise cost ten million allocations.

use crate::config::field::Field;

/// A nullable text column backed by one buffer.
#[derive(Debug, Default, Clone)]
pub struct StrColumn {
    data: String,
    /// End offset in `data` of each value; a null has `ends[i] == ends[i-1]` and
    /// `valid[i] == false`.
    ends: Vec<usize>,
    valid: Vec<bool>,
}

impl StrColumn {
    pub fn push(&mut self, value: Option<&str>) {
        if let Some(v) = value {
            self.data.push_str(v);
        }
        self.ends.push(self.data.len());
        self.valid.push(value.is_some());
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        if !self.valid[i] {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.data[start..self.ends[i]])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// The accepted (and duplicate) transactions of one sheet, column by column.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub rows: Vec<u32>,
    /// Days since 1970-01-01.
    pub dates: Vec<Option<i32>>,
    pub amounts: Vec<i64>,
    /// Text fields by [`Field::TEXT`] position; `None` when the ledger lacks the field.
    pub text: [Option<StrColumn>; Field::TEXT.len()],
    /// Set by duplicate detection: the first occurrence this row repeats.
    pub duplicate_of: Vec<Option<String>>,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn text(&self, field: Field) -> Option<&StrColumn> {
        field.text_index().and_then(|i| self.text[i].as_ref())
    }
}
