//! Columnar storage for the transactions read from one ledger sheet: one contiguous text
//! buffer per column instead of a `String` per cell, because a million-row ledger would
//! otherwise cost ten million allocations.

use crate::config::field::Field;
use crate::read::values::date::{DateOrder, DateRead};

/// What the accounting rules need to know of an accepted row after it was read, kept in
/// [`Batch::flags`]: whether it names a payee and a date, whether it looks like a total's
/// label or a reference number, and how it was read.
pub mod flag {
    /// The payee cell holds a name (not empty, not a total's label).
    pub const PAYEE: u16 = 1;
    /// The date cell reads as a date in some order.
    pub const DATED: u16 = 1 << 1;
    /// The row holds a total's label and nothing else but its amount.
    pub const LABEL_ONLY: u16 = 1 << 2;
    /// The amount cell is text of seven or more digits and nothing else.
    pub const REF_SHAPED: u16 = 1 << 3;
    /// The amount had digits below the penny, rounded away.
    pub const ROUNDED: u16 = 1 << 4;
    /// A row that holds data but was not accepted lies between this row and the accepted
    /// row before it (so the two are not neighbours).
    pub const AFTER_GAP: u16 = 1 << 5;
    /// Some cell of the row is a total's label.
    pub const HAS_LABEL: u16 = 1 << 6;
    /// The amount is too large for one payment: kept only to be told to be a total line
    /// (equal to the rows above it), else rejected.
    pub const TOO_LARGE: u16 = 1 << 7;
    /// Bits 8–11: the repair the row needed (see [`REPAIRS`]), 0 for none.
    pub const REPAIR_SHIFT: u16 = 8;

    /// The repairs, by their number in the flags.
    pub const REPAIRS: [&str; 4] = [
        "date and amount fused in one cell",
        "payee and date fused in one cell",
        "amount one column left of its place (a field is missing before it)",
        "record split over two lines, joined",
    ];

    /// The flag bits for repair `kind` (an entry of [`REPAIRS`]).
    pub fn repair(kind: &str) -> u16 {
        REPAIRS
            .iter()
            .position(|k| *k == kind)
            .map_or(0, |i| (i as u16 + 1) << REPAIR_SHIFT)
    }
}

/// A nullable text column backed by a few large buffers (segments): pushing writes into
/// the last one, and appending another column moves its segments over rather than
/// copying its bytes, so a large file read in pieces is joined without a second copy.
#[derive(Debug, Default, Clone)]
pub struct StrColumn {
    segments: Vec<String>,
    /// Offset of each segment's first byte in the column's text.
    starts: Vec<usize>,
    /// End offset in the column's text of each value; a null has `ends[i] == ends[i-1]`
    /// and `valid[i] == false`. No value spans two segments.
    ends: Vec<usize>,
    valid: Vec<bool>,
}

impl StrColumn {
    pub fn push(&mut self, value: Option<&str>) {
        if let Some(v) = value {
            self.last_segment().push_str(v);
        }
        self.ends.push(self.bytes());
        self.valid.push(value.is_some());
    }

    fn last_segment(&mut self) -> &mut String {
        if self.segments.is_empty() {
            self.segments.push(String::new());
            self.starts.push(0);
        }
        self.segments.last_mut().expect("a segment")
    }

    /// The segment holding the byte at column offset `at`.
    fn segment_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at) - 1
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        if !self.valid[i] {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        if start == end {
            return Some("");
        }
        let k = self.segment_of(start);
        let base = self.starts[k];
        Some(&self.segments[k][start - base..end - base])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many values are null.
    pub fn nulls(&self) -> usize {
        self.valid.iter().filter(|v| !**v).count()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Each value with the segment holding it and its offset there (an empty or null
    /// value: segment 0, offset 0), in order.
    pub fn located(&self) -> impl Iterator<Item = (usize, usize, &str)> + '_ {
        let mut k = 0;
        (0..self.len()).map(move |i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            let end = self.ends[i];
            if start == end {
                return (0, 0, "");
            }
            while k + 1 < self.starts.len() && self.starts[k + 1] <= start {
                k += 1;
            }
            let offset = start - self.starts[k];
            (k, offset, &self.segments[k][offset..offset + end - start])
        })
    }

    /// The text segments and which values are present, for an array that takes the
    /// segments over as its buffers.
    pub fn into_buffers(self) -> (Vec<String>, Vec<bool>) {
        (self.segments, self.valid)
    }

    fn reserve(&mut self, rows: usize) {
        self.ends.reserve(rows);
        self.valid.reserve(rows);
    }

    /// Bytes of text held.
    pub fn bytes(&self) -> usize {
        match (self.starts.last(), self.segments.last()) {
            (Some(s), Some(d)) => s + d.len(),
            _ => 0,
        }
    }

    /// Longest segment, in bytes.
    pub fn longest_segment(&self) -> usize {
        self.segments.iter().map(String::len).max().unwrap_or(0)
    }

    /// Appends `other`'s values, moving its segments over.
    pub fn append(&mut self, other: StrColumn) {
        let base = self.bytes();
        for (seg, start) in other.segments.into_iter().zip(other.starts) {
            if !seg.is_empty() {
                self.starts.push(base + start);
                self.segments.push(seg);
            }
        }
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.valid.extend_from_slice(&other.valid);
    }

    /// The values where `keep` is true. Rows are dropped rarely (a total line among
    /// thousands), so the kept runs are copied whole rather than value by value.
    fn keep(&self, keep: &[bool]) -> StrColumn {
        let mut out = StrColumn::default();
        out.reserve(keep.len());
        out.last_segment().reserve(self.bytes());
        let mut i = 0;
        while i < self.len() {
            if !keep[i] {
                i += 1;
                continue;
            }
            let j = (i..self.len()).find(|&j| !keep[j]).unwrap_or(self.len());
            out.extend_run(self, i, j);
            i = j;
        }
        out
    }

    /// Appends values `i..j` of `from`, their text copied in one piece per segment.
    fn extend_run(&mut self, from: &StrColumn, i: usize, j: usize) {
        let start = if i == 0 { 0 } else { from.ends[i - 1] };
        let end = from.ends[j - 1];
        let base = self.bytes();
        let text = self.last_segment();
        let mut at = start;
        while at < end {
            let k = from.segment_of(at);
            let (first, seg) = (from.starts[k], &from.segments[k]);
            let stop = end.min(first + seg.len());
            text.push_str(&seg[at - first..stop - first]);
            at = stop;
        }
        self.ends
            .extend(from.ends[i..j].iter().map(|e| e - start + base));
        self.valid.extend_from_slice(&from.valid[i..j]);
    }
}

/// The accepted (and duplicate) transactions of one sheet, column by column.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub rows: Vec<u32>,
    /// The date cells as read; once the sheet is finished, each is `Fixed`, `MonthOnly`
    /// or `Missing` (days since 1970-01-01).
    pub dates: Vec<DateRead>,
    /// What the accounting rules need of each row (see [`flag`]).
    pub flags: Vec<u16>,
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

    /// Row `i`'s date (days since 1970-01-01), once the sheet's order is applied.
    pub fn date(&self, i: usize) -> Option<i32> {
        self.dates[i].resolve(DateOrder::Dmy)
    }

    /// Makes room for `rows` more rows, so that appending batches copies each row once
    /// (their text is moved, not copied).
    pub fn reserve(&mut self, rows: usize) {
        self.rows.reserve(rows);
        self.dates.reserve(rows);
        self.flags.reserve(rows);
        self.amounts.reserve(rows);
        self.duplicate_of.reserve(rows);
        for c in self.text.iter_mut().flatten() {
            c.reserve(rows);
        }
    }

    /// Appends `other`'s rows, adding `row_offset` to their row numbers.
    pub fn append(&mut self, other: Batch, row_offset: u32) {
        self.rows.extend(other.rows.iter().map(|r| r + row_offset));
        self.dates.extend_from_slice(&other.dates);
        self.flags.extend_from_slice(&other.flags);
        self.amounts.extend_from_slice(&other.amounts);
        self.duplicate_of.extend(other.duplicate_of);
        for (mine, theirs) in self.text.iter_mut().zip(other.text) {
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
        self.flags.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.amounts.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.duplicate_of.retain(|_| *k.next().unwrap_or(&true));
        for col in self.text.iter_mut().flatten() {
            *col = col.keep(&keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column of `values` built in pieces of `piece` values joined by `append`, so it
    /// holds several segments as a streamed sheet's columns do.
    fn column(values: &[Option<&str>], piece: usize) -> StrColumn {
        let mut out = StrColumn::default();
        for chunk in values.chunks(piece) {
            let mut part = StrColumn::default();
            chunk.iter().for_each(|v| part.push(*v));
            out.append(part);
        }
        out
    }

    #[test]
    fn keeping_rows_keeps_their_values_across_segments() {
        let values: Vec<Option<&str>> = (0..97)
            .map(|i| match i % 7 {
                0 => None,
                1 => Some(""),
                2 => Some("£12.50 – café"),
                _ => Some(["a", "bb", "ccc", "Northtown Hospitals"][i % 4]),
            })
            .collect();
        // Masks: none dropped, first and last dropped, every third, a long run dropped.
        let masks: Vec<Vec<bool>> = vec![
            vec![true; 97],
            (0..97).map(|i| i != 0 && i != 96).collect(),
            (0..97).map(|i| i % 3 != 0).collect(),
            (0..97).map(|i| !(20..60).contains(&i)).collect(),
            vec![false; 97],
        ];
        for piece in [1, 5, 16, 97] {
            let col = column(&values, piece);
            for keep in &masks {
                // Expected from the values themselves, not from the column under test.
                let want: Vec<Option<&str>> = values
                    .iter()
                    .zip(keep)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| *v)
                    .collect();
                let got = col.keep(keep);
                assert_eq!(got.iter().collect::<Vec<_>>(), want, "piece {piece}");
                assert_eq!(got.nulls(), want.iter().filter(|v| v.is_none()).count());
            }
        }
    }
}
