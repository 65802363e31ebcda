//! What reading a sheet's rows leaves: the kept rows with their flags and evidence, the
//! counts, the rejects and problems, and, for a sheet read in pieces, what the end of one
//! piece leaves for the next.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::batch::{Batch, flag};
use super::super::counts::Counts;
use super::super::evidence::{AmountProfile, DateEvidence};
use super::super::header::Mapping;
use super::PROBLEMS_KEPT;
use crate::read::values::date::Undated;

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
    /// A row with data that was not kept follows the last kept row.
    pub ends_after_gap: bool,
    /// What the sheet's dates say about their order.
    pub dates: DateEvidence,
    /// How the amount column writes its larger sums.
    pub amounts: AmountProfile,
    /// Undated kept rows by reason.
    pub undated: BTreeMap<Undated, u64>,
    /// Kept rows dated by a month alone.
    pub month_only: u64,
    /// What the sheet's later rules found (filled by `finish`).
    pub finished: Option<crate::ingest::finished::Finished>,
}

impl SheetOutcome {
    /// Adds the rows of the next piece of the same sheet, readied by [`Tail::follow`].
    pub fn merge(&mut self, mut next: SheetOutcome) {
        self.batch.append(next.batch, 0);
        self.counts.add(&next.counts);
        for (k, v) in next.skipped {
            *self.skipped.entry(k).or_insert(0) += v;
        }
        for (k, v) in next.repairs {
            *self.repairs.entry(k).or_insert(0) += v;
        }
        for (k, v) in next.undated {
            *self.undated.entry(k).or_insert(0) += v;
        }
        self.month_only += next.month_only;
        self.rejects.extend(next.rejects);
        self.problems_total += next.problems_total;
        let room = PROBLEMS_KEPT.saturating_sub(self.problems.len());
        self.problems.extend(next.problems.into_iter().take(room));
        self.dates.absorb(std::mem::take(&mut next.dates));
        self.amounts.absorb(next.amounts);
    }

    /// Records a problem found after reading (by `finish`), keeping the first few.
    pub fn problem(&mut self, row: u32, column: String, raw: String, message: String) {
        self.problems_total += 1;
        if self.problems.len() < PROBLEMS_KEPT {
            self.problems.push(Problem {
                row,
                column,
                raw_value: raw,
                message,
            });
        }
    }
}

/// What the end of a sheet's pieces so far leaves for the next piece: blank rows that lie
/// inside the data if more records follow, and whether a row with data went unkept.
#[derive(Debug, Default)]
pub struct Tail {
    trailing_blank: u64,
    after_gap: bool,
}

impl Tail {
    /// Readies `next`, the piece read after the ones this tail ends, to follow them: its
    /// row numbers (counted from 1 within the piece) moved on by `row_offset`, blank rows
    /// left at the end of the earlier pieces counted in it when it has records, and a gap
    /// carried over to its first kept row.
    pub fn follow(&mut self, next: &mut SheetOutcome, row_offset: u32) {
        let has_records = next.counts.rows_read > 0;
        if has_records && self.trailing_blank > 0 {
            let n = std::mem::take(&mut self.trailing_blank);
            next.counts.rows_read += n;
            next.counts.rows_skipped += n;
            *next.skipped.entry("blank row".to_string()).or_insert(0) += n;
        }
        if self.after_gap
            && let Some(f) = next.batch.flags.first_mut()
        {
            *f |= flag::AFTER_GAP;
        }
        if has_records {
            self.after_gap = next.ends_after_gap || (self.after_gap && next.batch.is_empty());
        }
        self.trailing_blank += std::mem::take(&mut next.trailing_blank);
        if row_offset > 0 {
            next.batch.rows.iter_mut().for_each(|r| *r += row_offset);
            next.rejects.iter_mut().for_each(|r| r.0 += row_offset);
            next.problems.iter_mut().for_each(|p| p.row += row_offset);
        }
    }
}
