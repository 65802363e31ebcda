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

    /// The text buffer, each value's end offset in it, and which values are present.
    pub fn into_parts(self) -> (String, Vec<usize>, Vec<bool>) {
        (self.data, self.ends, self.valid)
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn reserve(&mut self, bytes: usize, rows: usize) {
        self.data.reserve(bytes);
        self.ends.reserve(rows);
        self.valid.reserve(rows);
    }

    /// Bytes of text held.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    pub fn append(&mut self, other: &StrColumn) {
        let base = self.data.len();
        self.data.push_str(&other.data);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.valid.extend_from_slice(&other.valid);
    }

    fn keep(&self, keep: &[bool]) -> StrColumn {
        let mut out = StrColumn::default();
        for (i, k) in keep.iter().enumerate() {
            if *k {
                out.push(self.get(i));
            }
        }
        out
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

    /// Makes room for `others`' rows, so that appending them copies each byte once.
    pub fn reserve_for(&mut self, others: &[&Batch]) {
        let rows: usize = others.iter().map(|b| b.len()).sum();
        self.rows.reserve(rows);
        self.dates.reserve(rows);
        self.amounts.reserve(rows);
        self.duplicate_of.reserve(rows);
        for (slot, col) in self.text.iter_mut().enumerate() {
            if let Some(c) = col.as_mut() {
                let bytes = others
                    .iter()
                    .filter_map(|b| b.text[slot].as_ref())
                    .map(StrColumn::bytes)
                    .sum();
                c.reserve(bytes, rows);
            }
        }
    }

    /// Appends `other`'s rows, adding `row_offset` to their row numbers.
    pub fn append(&mut self, other: &Batch, row_offset: u32) {
        self.rows.extend(other.rows.iter().map(|r| r + row_offset));
        self.dates.extend_from_slice(&other.dates);
        self.amounts.extend_from_slice(&other.amounts);
        self.duplicate_of.extend_from_slice(&other.duplicate_of);
        for (mine, theirs) in self.text.iter_mut().zip(&other.text) {
            if let (Some(m), Some(t)) = (mine.as_mut(), theirs) {
                m.append(t);
            }
        }
    }

    /// Removes the rows at the given (ascending) indices.
    pub fn remove(&mut self, indices: &[usize]) {
        let mut keep = vec![true; self.len()];
        indices.iter().for_each(|i| keep[*i] = false);
        let mut k = keep.iter();
        self.rows.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.dates.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.amounts.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.duplicate_of.retain(|_| *k.next().unwrap_or(&true));
        for col in self.text.iter_mut().flatten() {
            *col = col.keep(&keep);
        }
    }
}
