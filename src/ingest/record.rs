//! The accounting rule applied to one row as it is read: rejected (with reason), skipped
//! (with reason), or kept for the sheet's later rules with what they need to know of it
//! (see `finish`), after any repair that needs no guessing.

use std::collections::BTreeMap;

use super::batch::{Batch, StrColumn, flag};
use super::counts::Counts;
use super::evidence::{AmountProfile, DateEvidence, reference_shaped};
use super::header::Mapping;
use super::label::is_total_label;
use crate::config::field::Field;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::read::cell::{Cell, OwnedCell, RowCells};
use crate::read::values::amount::{AmountError, Pence, parse_amount, pence_from_float};
use crate::read::values::date::{DateRead, Undated, epoch_days, parse_date};

mod outcome;

pub use outcome::{Problem, SheetOutcome, Tail};

/// At most this many problems are kept per sheet for `inspect` (all are counted).
const PROBLEMS_KEPT: usize = 200;

/// Applies the accounting rule to the rows below a header.
pub struct RowAccounting<'a> {
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
    /// A row with data was not kept since the last kept row.
    gap: bool,
    rows_preamble: u64,
    synonyms: &'a Synonyms,
    /// (text slot, column) of each mapped text field, in output order.
    text_cols: Vec<(usize, usize)>,
    supplier_slot: Option<usize>,
    /// The amount, date and payee columns, looked up once rather than on every row.
    key_cols: [Option<usize>; 3],
    dates: DateEvidence,
    amounts: AmountProfile,
    undated: BTreeMap<Undated, u64>,
    month_only: u64,
}

impl<'a> RowAccounting<'a> {
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
        let key_cols = [Field::Amount, Field::Date, Field::SupplierName].map(|f| mapping.col(f));
        RowAccounting {
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
            gap: false,
            rows_preamble,
            synonyms,
            text_cols,
            supplier_slot,
            key_cols,
            dates: DateEvidence::default(),
            amounts: AmountProfile::default(),
            undated: BTreeMap::new(),
            month_only: 0,
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
        self.gap = true;
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
        self.col(field).map_or(Cell::Empty, |c| row.cell(c))
    }

    fn col(&self, field: Field) -> Option<usize> {
        match field {
            Field::Amount => self.key_cols[0],
            Field::Date => self.key_cols[1],
            Field::SupplierName => self.key_cols[2],
            _ => self.mapping.col(field),
        }
    }

    pub fn row(&mut self, row_no: u32, row: &dyn RowCells) {
        if row.is_blank() {
            self.blank();
            return;
        }
        for _ in 0..std::mem::take(&mut self.pending_blank) {
            self.skip("blank row");
        }
        if let Some(rule) = self.skip_rule(row) {
            return self.skip(&format!("study rule: row contains {rule:?}"));
        }
        if let (Some(col), Some(share)) = (self.mapping.shared_col, self.opts.shared.as_ref()) {
            let text = row.cell(col).display();
            if !share.holds(&text) {
                return self.skip("another anchor's rows of a shared file");
            }
        }
        // What the row says of the sheet, read from its cells as they stand.
        let date_cell = self.cell(row, Field::Date);
        let read = self.date_read(date_cell);
        self.dates.add(date_cell, read);
        self.classify(row_no, row, None, Some(read));
    }

    /// A date cell as read: by the study's order when it gives one, else waiting for the
    /// sheet's evidence.
    fn date_read(&self, cell: Cell<'_>) -> DateRead {
        match (self.opts.date_order, cell) {
            (Some(order), Cell::Text(s)) => match crate::read::values::date::read_date(s) {
                DateRead::Missing(why) => DateRead::Missing(why),
                DateRead::MonthOnly(d) => DateRead::MonthOnly(d),
                _ => parse_date(s, order).map_or(DateRead::Missing(Undated::Unreadable), |d| {
                    DateRead::Fixed(epoch_days(d))
                }),
            },
            _ => cell.date_read(),
        }
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
        // A row holding a date or an amount is data, not a header: answered without
        // weighing every cell's words, which a file of many rejected rows would pay for
        // on each.
        let holds_value = (0..row.width()).any(|c| {
            let cell = row.cell(c);
            !cell.is_empty() && cell.date_read().readable()
        });
        !holds_value && super::columns::reads_as_header(row, self.synonyms)
    }

    /// `read`: the row's date cell as already read (none for a repaired row).
    fn classify(
        &mut self,
        row_no: u32,
        row: &dyn RowCells,
        repaired: Option<&'static str>,
        read: Option<DateRead>,
    ) {
        let amount_col = self.col(Field::Amount).expect("mapping has an amount");
        let amount_cell = row.cell(amount_col);
        let parsed: Result<Pence, AmountError> = match amount_cell {
            Cell::Empty => Err(AmountError::Empty),
            Cell::Text(s) => parse_amount(s),
            Cell::Number(x) => pence_from_float(x),
            Cell::DateTime(_) => Err(AmountError::NotANumber),
        };
        if repaired.is_none()
            && let (Ok(p), Cell::Text(s)) = (&parsed, amount_cell)
        {
            self.amounts.add(s, p.pence);
        }
        let pence = match parsed {
            Ok(p) => p,
            Err(AmountError::TooLarge)
                if let Some(total) = crate::read::values::amount::parse_total(amount_cell) =>
            {
                // Kept for the sheet's rules to judge: a total line, or rejected.
                self.keep(row_no, row, amount_cell, total, repaired, read);
                if let Some(f) = self.batch.flags.last_mut() {
                    *f |= flag::TOO_LARGE;
                }
                return;
            }
            Err(e) => {
                if repaired.is_none()
                    && let Some((fixed, kind)) = self.repair(row)
                {
                    return self.classify(row_no, &fixed, Some(kind), None);
                }
                if self.looks_like_header(row) {
                    return self.skip("header row repeated");
                }
                let supplier = self.cell(row, Field::SupplierName);
                let date_cell = self.cell(row, Field::Date);
                if e == AmountError::Empty && supplier.is_empty() && date_cell.is_empty() {
                    return self.skip("no amount, payee or date");
                }
                self.out_counts.rows_read += 1;
                self.out_counts.rows_rejected += 1;
                self.gap = true;
                let raw = amount_cell.display();
                let why = match self.short_by(row) {
                    Some(n) => format!(
                        "{e}; the row has {} field(s) where the header has {}, and no single \
                         reading of the {n} missing one(s) makes sense of it",
                        row.width(),
                        self.mapping.header_cells.len()
                    ),
                    None => e.to_string(),
                };
                self.rejects.push((
                    row_no,
                    self.mapping.column_label(amount_col),
                    raw.clone(),
                    why.clone(),
                ));
                self.problem(row_no, Some(amount_col), raw, format!("rejected: {why}"));
                return;
            }
        };
        self.keep(row_no, row, amount_cell, pence, repaired, read);
    }

    /// How many fields short of the header a text record is, when it is.
    fn short_by(&self, row: &dyn RowCells) -> Option<usize> {
        let header = self
            .mapping
            .header_cells
            .iter()
            .rposition(|h| !h.is_empty())?
            + 1;
        (row.width() < header).then(|| header - row.width())
    }

    /// Keeps a row with a readable amount for the sheet's later rules, noting what they
    /// need: payee, date, a total's label, a reference-shaped amount.
    fn keep(
        &mut self,
        row_no: u32,
        row: &dyn RowCells,
        amount_cell: Cell<'_>,
        pence: Pence,
        repaired: Option<&'static str>,
        read: Option<DateRead>,
    ) {
        let date_cell = self.cell(row, Field::Date);
        let date = read.unwrap_or_else(|| self.date_read(date_cell));
        let labels = &self.synonyms.words.totals;
        let supplier = self.cell(row, Field::SupplierName);
        let is_label = |c: Cell<'_>| c.text().is_some_and(|t| is_total_label(t, labels));
        // A dated row's payee is taken for a name here, its cell checked for a total's
        // label only if the sheet's rules come to ask (see `finish`): nearly every row is
        // a dated payment, and the check would cost every one of them.
        let payee = !supplier.is_empty() && (date.readable() || !is_label(supplier));
        // Labels matter only to a row without a payee or a date (a total line's form).
        let (mut any_label, mut only_label) = (false, true);
        if !(payee && date.readable()) {
            let amount_col = self.col(Field::Amount);
            for c in 0..row.width() {
                let cell = row.cell(c);
                if Some(c) == amount_col || cell.is_empty() {
                    continue;
                }
                if is_label(cell) {
                    any_label = true;
                } else {
                    only_label = false;
                }
            }
        }
        let mut flags = 0;
        flags |= if payee { flag::PAYEE } else { 0 };
        flags |= if date.readable() { flag::DATED } else { 0 };
        flags |= if any_label && only_label {
            flag::LABEL_ONLY
        } else {
            0
        };
        flags |= if any_label { flag::HAS_LABEL } else { 0 };
        // Seven digits or more: a million pounds or more (or less than minus one).
        let large = pence.pence.unsigned_abs() >= 100_000_000;
        flags |= if large && reference_shaped(amount_cell) {
            flag::REF_SHAPED
        } else {
            0
        };
        flags |= if pence.rounded { flag::ROUNDED } else { 0 };
        flags |= if std::mem::take(&mut self.gap) {
            flag::AFTER_GAP
        } else {
            0
        };
        if let Some(kind) = repaired {
            flags |= flag::repair(kind);
            self.problem(row_no, None, String::new(), format!("repaired: {kind}"));
        }
        self.out_counts.rows_read += 1;
        let b = &mut self.batch;
        b.rows.push(row_no);
        b.dates.push(date);
        b.flags.push(flags);
        b.amounts.push(pence.pence);
        b.duplicate_of.push(None);
        for &(slot_index, col) in &self.text_cols {
            let cell = row.cell(col);
            let slot = b.text[slot_index].as_mut().expect("mapped column");
            match cell {
                Cell::Empty => slot.push(None),
                Cell::Text(s) => {
                    let t = crate::read::values::trim(s);
                    slot.push((!t.is_empty()).then_some(t));
                }
                other => slot.push(Some(&other.display())),
            }
        }
        let _ = self.supplier_slot;
        match date {
            DateRead::Missing(why) => {
                *self.undated.entry(why).or_insert(0) += 1;
                if why != Undated::Empty {
                    let col = self.col(Field::Date);
                    self.problem(
                        row_no,
                        col,
                        date_cell.display(),
                        format!("date not readable ({}): accepted undated", why.describe()),
                    );
                }
            }
            DateRead::MonthOnly(_) => self.month_only += 1,
            _ => {}
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

    /// A record a field short, read the one way that makes sense of it (see `repair`).
    fn repair(&self, row: &dyn RowCells) -> Option<(Vec<OwnedCell>, &'static str)> {
        super::repair::fused(row, &self.mapping)
            .or_else(|| super::repair::amount_one_left(row, &self.mapping))
    }

    /// Ends the sheet; blank rows after the last record are not rows of the ledger (but
    /// are kept in `trailing_blank`, for a reader that reads a file in pieces).
    pub fn finish(self) -> SheetOutcome {
        SheetOutcome {
            trailing_blank: self.pending_blank,
            ends_after_gap: self.gap,
            mapping: self.mapping,
            counts: self.out_counts,
            rows_preamble: self.rows_preamble,
            skipped: self.skipped,
            repairs: self.repairs,
            rejects: self.rejects,
            problems: self.problems,
            problems_total: self.problems_total,
            batch: self.batch,
            dates: self.dates,
            amounts: self.amounts,
            undated: self.undated,
            month_only: self.month_only,
            finished: None,
        }
    }
}
