//! The accounting rule applied to one row: accepted, rejected (with reason) or skipped
//! (with reason), after any repair that needs no guessing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::batch::{Batch, StrColumn};
use super::cell::{Cell, OwnedCell, RowCells, own_row};
use super::header::Mapping;
use super::header::{is_header, synonym_matches};
use super::reconcile::{Counts, Reject};
use super::values::amount::{AmountError, Pence, parse_amount, pence_from_float};
use super::values::date::{epoch_days, parse_date};
use crate::config::field::Field;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;

/// At most this many problems are kept per sheet for `inspect` (all are counted).
const PROBLEMS_KEPT: usize = 200;

/// Something a person should look at: a rejected row, an unreadable date, a repair.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub row: u32,
    pub column: String,
    pub raw_value: String,
    pub message: String,
}

/// Everything read from one sheet or text file.
#[derive(Debug, Clone)]
pub struct SheetOutcome {
    pub mapping: Mapping,
    pub counts: Counts,
    pub rows_preamble: u64,
    pub skipped: BTreeMap<String, u64>,
    pub repairs: BTreeMap<String, u64>,
    pub rejects: Vec<(u32, String, String, String)>,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
    pub batch: Batch,
    /// Blank rows after the last record (not counted: they are not rows of the ledger).
    pub trailing_blank: u64,
    /// Where total lines and lone amounts fell among the accepted rows.
    pub totals: TotalMarks,
}

/// Positions, among the accepted rows in reading order, of labelled total lines (the
/// running sum restarts before that row) and of rows holding an amount and nothing else
/// (perhaps an unlabelled total).
#[derive(Debug, Clone, Default)]
pub struct TotalMarks {
    pub resets: Vec<usize>,
    pub candidates: Vec<(usize, bool)>,
}

const UNLABELLED_TOTAL: &str = "unlabelled total (equals the sum of the rows above it)";

impl SheetOutcome {
    /// Adds the rows of the next piece of the same sheet, read separately, whose row
    /// numbers start after `row_offset`. Blank rows left at the end of this piece lie
    /// inside the data if the next piece has any record.
    pub fn absorb(&mut self, next: SheetOutcome, row_offset: u32) {
        let has_records = next.counts.rows_read > 0;
        if has_records && self.trailing_blank > 0 {
            let n = std::mem::take(&mut self.trailing_blank);
            self.counts.rows_read += n;
            self.counts.rows_skipped += n;
            *self.skipped.entry("blank row".to_string()).or_insert(0) += n;
        }
        let base = self.batch.len();
        self.totals
            .resets
            .extend(next.totals.resets.iter().map(|r| r + base));
        self.totals
            .candidates
            .extend(next.totals.candidates.iter().map(|(i, r)| (i + base, *r)));
        self.batch.append(next.batch, row_offset);
        self.counts.add(&next.counts);
        for (k, v) in next.skipped {
            *self.skipped.entry(k).or_insert(0) += v;
        }
        for (k, v) in next.repairs {
            *self.repairs.entry(k).or_insert(0) += v;
        }
        self.rejects.extend(
            next.rejects
                .into_iter()
                .map(|(row, c, raw, why)| (row + row_offset, c, raw, why)),
        );
        self.problems_total += next.problems_total;
        let room = PROBLEMS_KEPT.saturating_sub(self.problems.len());
        self.problems
            .extend(next.problems.into_iter().take(room).map(|mut p| {
                p.row += row_offset;
                p
            }));
        self.trailing_blank += next.trailing_blank;
    }

    /// Applies the unlabelled-total rule: a row holding only an amount equal to the
    /// (non-zero) sum of the accepted rows since the start or the last total line is a
    /// total, not a payment. Runs once the sheet's rows are all known, so a sheet read in
    /// pieces gives exactly what reading it whole gives.
    pub fn resolve_unlabelled_totals(&mut self) {
        let marks = std::mem::take(&mut self.totals);
        if marks.candidates.is_empty() {
            return;
        }
        let amounts = &self.batch.amounts;
        let (mut since, mut ri, mut ci) = (0i64, 0, 0);
        let mut totals = Vec::new();
        for (i, &pence) in amounts.iter().enumerate() {
            while marks.resets.get(ri) == Some(&i) {
                since = 0;
                ri += 1;
            }
            if let Some(&(at, rounded)) = marks.candidates.get(ci)
                && at == i
            {
                ci += 1;
                if since != 0 && pence == since {
                    totals.push((i, rounded));
                    since = 0;
                    continue;
                }
            }
            since = since.saturating_add(pence);
        }
        for &(i, rounded) in &totals {
            self.counts.accepted_to_skipped_total(amounts[i], rounded);
        }
        if !totals.is_empty() {
            *self
                .skipped
                .entry(UNLABELLED_TOTAL.to_string())
                .or_insert(0) += totals.len() as u64;
            let drop: Vec<usize> = totals.iter().map(|t| t.0).collect();
            self.batch.remove(&drop);
        }
    }

    /// The rejects as `rejects.csv` rows.
    pub fn reject_rows(&self, file: &str, sheet: Option<&str>) -> Vec<Reject> {
        self.rejects
            .iter()
            .map(|(row, column, raw, reason)| Reject {
                file: file.to_string(),
                sheet: sheet.map(str::to_string),
                row: *row,
                column: column.clone(),
                raw_value: raw.clone(),
                reason: reason.clone(),
            })
            .collect()
    }
}

/// Applies the accounting rule to the rows below a header.
pub struct Classifier<'a> {
    mapping: Mapping,
    opts: &'a ReadOptions,
    out_counts: Counts,
    skipped: BTreeMap<String, u64>,
    repairs: BTreeMap<String, u64>,
    rejects: Vec<(u32, String, String, String)>,
    problems: Vec<Problem>,
    problems_total: u64,
    batch: Batch,
    /// Blank rows not yet known to be inside the data (trailing blanks are not rows).
    pending_blank: u64,
    totals: TotalMarks,
    rows_preamble: u64,
    synonyms: &'a Synonyms,
    /// (text slot, column) of each mapped text field, in output order.
    text_cols: Vec<(usize, usize)>,
    supplier_slot: Option<usize>,
}

/// The labels finance systems put on total lines.
fn is_total_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        t.as_str(),
        "total"
            | "totals"
            | "grand total"
            | "sub total"
            | "sub-total"
            | "subtotal"
            | "total spend"
            | "total amount"
    ) || t.starts_with("total for ")
}

impl<'a> Classifier<'a> {
    pub fn new(
        mapping: Mapping,
        opts: &'a ReadOptions,
        synonyms: &'a Synonyms,
        rows_preamble: u64,
    ) -> Self {
        let mut batch = Batch::default();
        let mut text_cols = Vec::new();
        for (slot, field) in Field::TEXT.iter().enumerate() {
            if let Some(col) = mapping.col(*field) {
                batch.text[slot] = Some(StrColumn::default());
                text_cols.push((slot, col));
            }
        }
        let supplier_slot = mapping.col(Field::SupplierName).map(|_| 0);
        Classifier {
            mapping,
            opts,
            out_counts: Counts::default(),
            skipped: BTreeMap::new(),
            repairs: BTreeMap::new(),
            rejects: Vec::new(),
            problems: Vec::new(),
            problems_total: 0,
            batch,
            pending_blank: 0,
            totals: TotalMarks::default(),
            rows_preamble,
            synonyms,
            text_cols,
            supplier_slot,
        }
    }

    fn problem(&mut self, row: u32, col: Option<usize>, raw: String, message: String) {
        self.problems_total += 1;
        if self.problems.len() < PROBLEMS_KEPT {
            let column = col
                .map(|c| self.mapping.column_label(c))
                .unwrap_or_default();
            self.problems.push(Problem {
                row,
                column,
                raw_value: raw,
                message,
            });
        }
    }

    fn skip(&mut self, reason: &str) {
        self.out_counts.rows_read += 1;
        self.out_counts.rows_skipped += 1;
        *self.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// A blank row. Counted only once a later row shows it lies inside the data.
    pub fn blank(&mut self) {
        self.pending_blank += 1;
    }

    fn cell<'r>(&self, row: &'r dyn RowCells, field: Field) -> Cell<'r> {
        self.mapping.col(field).map_or(Cell::Empty, |c| row.cell(c))
    }

    pub fn row(&mut self, row_no: u32, row: &dyn RowCells) {
        if row.is_blank() {
            self.blank();
            return;
        }
        for _ in 0..std::mem::take(&mut self.pending_blank) {
            self.skip("blank row");
        }
        self.classify(row_no, row, None);
    }

    /// The header again (exports concatenated from several runs), or, in a file read
    /// without a header, a header printed below the data (seen at the end of real files).
    fn looks_like_header(&self, row: &dyn RowCells) -> bool {
        let h = &self.mapping.header_cells;
        if self.mapping.header_row.is_some() {
            let width = row.width().max(h.len());
            if (0..width).all(|c| row.cell(c).display() == h.get(c).map_or("", String::as_str)) {
                return true;
            }
        }
        is_header(&synonym_matches(row, self.synonyms))
    }

    fn classify(&mut self, row_no: u32, row: &dyn RowCells, repaired: Option<&'static str>) {
        if let Some(rule) = self.skip_rule(row) {
            return self.skip(&format!("study rule: row contains {rule:?}"));
        }
        let amount_col = self
            .mapping
            .col(Field::Amount)
            .expect("mapping has an amount");
        let amount_cell = row.cell(amount_col);
        let supplier = self.cell(row, Field::SupplierName);
        let date_cell = self.cell(row, Field::Date);
        let parsed: Result<Pence, AmountError> = match amount_cell {
            Cell::Empty => Err(AmountError::Empty),
            Cell::Text(s) => parse_amount(s),
            Cell::Number(x) => pence_from_float(x),
            Cell::DateTime(_) => Err(AmountError::NotANumber),
        };
        let pence = match parsed {
            Ok(p) => p,
            Err(e) => {
                if repaired.is_none()
                    && let Some((fixed, kind)) = self.repair(row)
                {
                    return self.classify(row_no, &fixed, Some(kind));
                }
                if self.looks_like_header(row) {
                    return self.skip("header row repeated");
                }
                if e == AmountError::Empty && supplier.is_empty() && date_cell.is_empty() {
                    return self.skip("no amount, payee or date");
                }
                self.out_counts.rows_read += 1;
                self.out_counts.rows_rejected += 1;
                let raw = amount_cell.display();
                self.rejects.push((
                    row_no,
                    self.mapping.column_label(amount_col),
                    raw.clone(),
                    e.to_string(),
                ));
                self.problem(row_no, Some(amount_col), raw, format!("rejected: {e}"));
                return;
            }
        };
        let date = date_cell.date(self.opts.date_order);
        if date.is_none()
            && (0..row.width()).any(|c| row.cell(c).text().is_some_and(is_total_label))
        {
            self.totals.resets.push(self.batch.len());
            return self.skip("total or sub-total line");
        }
        if date.is_none()
            && supplier.is_empty()
            && (0..row.width()).all(|c| c == amount_col || row.cell(c).is_empty())
        {
            // An amount alone may be a total of the rows above: decided once every row
            // before it is known (see `resolve_unlabelled_totals`).
            self.totals
                .candidates
                .push((self.batch.len(), pence.rounded));
        }
        self.accept(row_no, row, pence, date.map(epoch_days), repaired);
        if date.is_none() && !date_cell.is_empty() {
            let col = self.mapping.col(Field::Date);
            self.problem(
                row_no,
                col,
                date_cell.display(),
                "date not readable: accepted undated".into(),
            );
        }
    }

    fn accept(
        &mut self,
        row_no: u32,
        row: &dyn RowCells,
        pence: Pence,
        date: Option<i32>,
        repaired: Option<&'static str>,
    ) {
        let c = &mut self.out_counts;
        c.rows_read += 1;
        c.rows_accepted += 1;
        c.pence_accepted = c.pence_accepted.saturating_add(pence.pence);
        c.rows_undated += u64::from(date.is_none());
        c.rows_rounded += u64::from(pence.rounded);
        let b = &mut self.batch;
        b.rows.push(row_no);
        b.dates.push(date);
        b.amounts.push(pence.pence);
        b.duplicate_of.push(None);
        let mut unnamed = true;
        for &(slot_index, col) in &self.text_cols {
            let cell = row.cell(col);
            let slot = b.text[slot_index].as_mut().expect("mapped column");
            match cell {
                Cell::Empty => slot.push(None),
                Cell::Text(s) => {
                    let t = s.trim();
                    slot.push((!t.is_empty()).then_some(t));
                }
                other => slot.push(Some(&other.display())),
            }
            if Some(slot_index) == self.supplier_slot {
                unnamed = slot.get(slot.len() - 1).is_none();
            }
        }
        self.out_counts.rows_unnamed += u64::from(unnamed);
        if let Some(kind) = repaired {
            self.out_counts.rows_repaired += 1;
            *self.repairs.entry(kind.to_string()).or_insert(0) += 1;
            self.problem(row_no, None, String::new(), format!("repaired: {kind}"));
        }
    }

    fn skip_rule(&self, row: &dyn RowCells) -> Option<&'a str> {
        let rules = &self.opts.skip_rows_containing;
        if rules.is_empty() {
            return None;
        }
        (0..row.width()).find_map(|c| {
            let text = row.cell(c).text()?.to_lowercase();
            rules
                .iter()
                .find(|r| text.contains(r.as_str()))
                .map(String::as_str)
        })
    }

    /// Repairs a record that is a field short because two values were fused into one
    /// cell: `date amount` in the date cell, or `payee date` in the payee cell with the
    /// amount in the date cell. Only applied when both halves read cleanly.
    fn repair(&self, row: &dyn RowCells) -> Option<(Vec<OwnedCell>, &'static str)> {
        let amount_col = self.mapping.col(Field::Amount)?;
        let date_col = self.mapping.col(Field::Date)?;
        if !row.cell(amount_col).is_empty() {
            return None;
        }
        let order = self.opts.date_order;
        let mut fixed = own_row(row);
        if fixed.len() <= amount_col.max(date_col) {
            fixed.resize(amount_col.max(date_col) + 1, OwnedCell::Empty);
        }
        let date_text = row.cell(date_col).text()?;
        if let Some((d, a)) = date_text.rsplit_once([' ', ','])
            && parse_date(d, order).is_some()
            && parse_amount(a).is_ok()
        {
            fixed[date_col] = OwnedCell::Text(d.trim().to_string());
            fixed[amount_col] = OwnedCell::Text(a.trim().to_string());
            return Some((fixed, "date and amount fused in one cell"));
        }
        let supplier_col = self.mapping.col(Field::SupplierName)?;
        let supplier_text = row.cell(supplier_col).text()?;
        if parse_date(date_text, order).is_none()
            && parse_amount(date_text).is_ok()
            && let Some((name, d)) = supplier_text.rsplit_once(' ')
            && parse_date(d, order).is_some()
            && !name.trim().is_empty()
        {
            fixed[supplier_col] = OwnedCell::Text(name.trim().to_string());
            fixed[amount_col] = OwnedCell::Text(date_text.to_string());
            fixed[date_col] = OwnedCell::Text(d.to_string());
            return Some((fixed, "payee and date fused in one cell"));
        }
        None
    }

    /// Ends the sheet; blank rows after the last record are not rows of the ledger (but
    /// are kept in `trailing_blank`, for a reader that reads a file in pieces).
    pub fn finish(self) -> SheetOutcome {
        SheetOutcome {
            trailing_blank: self.pending_blank,
            totals: self.totals,
            mapping: self.mapping,
            counts: self.out_counts,
            rows_preamble: self.rows_preamble,
            skipped: self.skipped,
            repairs: self.repairs,
            rejects: self.rejects,
            problems: self.problems,
            problems_total: self.problems_total,
            batch: self.batch,
        }
    }
}
