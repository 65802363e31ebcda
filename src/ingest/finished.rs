//! What the sheet-wide rules (`finish`) found for one sheet: the order its dates were
//! read in and why, its total lines, and the footers that disagree with their rows. Kept
//! on the sheet's outcome and told in `reconciliation.json` and `inspect`.

use serde::Serialize;

use crate::read::values::date::DateOrder;

/// How a sheet's dates are read, and why.
#[derive(Debug, Clone, Serialize)]
pub struct DateDecision {
    /// `dmy` or `mdy` for a sheet with dates written day and month as numbers, `ymd` for
    /// one with only year-first dates, `none` when no date needs an order.
    pub date_order: &'static str,
    /// Where the order came from, in words.
    pub evidence: String,
    /// Dates proving day-first (a first number over 12) and month-first (a second over 12).
    pub day_first: u64,
    pub month_first: u64,
    /// Dates readable either way.
    pub ambiguous: u64,
    /// Both orders are proven: a data problem, reported.
    pub conflict: bool,
    /// The order the ambiguous dates are read in, when not the sheet's (an Excel round
    /// trip that left day-first text beside month-first dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguous_read: Option<&'static str>,
    #[serde(skip)]
    pub(super) read_ambiguous: DateOrder,
}

/// A total line whose amount does not equal the rows above it: reported, not counted.
#[derive(Debug, Clone, Serialize)]
pub struct FooterNote {
    pub row: u32,
    pub footer_pence: i64,
    pub rows_pence: i64,
}

/// What the sheet-wide rules found.
#[derive(Debug, Clone, Serialize)]
pub struct Finished {
    pub dates: DateDecision,
    /// Total and sub-total lines equal to the rows above them.
    pub totals: u64,
    /// Labelled totals that disagree with the rows above them.
    pub footers_disagreeing: Vec<FooterNote>,
}
