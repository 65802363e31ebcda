//! The accounting of rows and pence that every output reconciles to: each row read ends
//! accepted, duplicate, rejected or skipped, and the identity is checked, not assumed.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::record::SheetOutcome;
use crate::output::SafeCsv;

pub use super::counts::Counts;

/// A row that holds data but whose amount cannot be read: a line of `rejects.csv`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reject {
    pub file: String,
    pub sheet: Option<String>,
    pub row: u32,
    pub column: String,
    pub raw_value: String,
    pub reason: String,
}

/// A sheet's rejects as `rejects.csv` rows.
pub fn rejects_of(o: &SheetOutcome, file: &str, sheet: Option<&str>) -> Vec<Reject> {
    o.rejects
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

/// The reconciliation of one sheet (or text file).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReconciliation {
    pub file: String,
    pub sheet: Option<String>,
    pub anchor_id: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// Rows above the header (titles, notes, blank lines); not part of `rows_read`.
    pub rows_preamble: u64,
    /// Skipped rows by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Repaired rows by kind of repair.
    pub repairs: BTreeMap<String, u64>,
    /// The 1-based header row; none when the study reads the file by column position.
    #[serde(default)]
    pub header_row: Option<u32>,
    /// The header text of the column each field was read from.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// How sure the column choices are (key fields' scores, 0 to 1).
    #[serde(default)]
    pub columns_sureness: String,
    /// `dmy`, `mdy`, `ymd` or `none`: how the sheet's dates were read.
    #[serde(default)]
    pub date_order: String,
    /// Why: the dates proving the order, or where it was taken from.
    #[serde(default)]
    pub date_evidence: String,
    /// Both day-first and month-first dates were found: a data problem.
    #[serde(default)]
    pub date_conflict: bool,
    /// Accepted and duplicate rows with no date, by reason.
    #[serde(default)]
    pub undated: BTreeMap<String, u64>,
    /// Accepted and duplicate rows dated by a month alone (read as the 1st).
    #[serde(default)]
    pub rows_month_only: u64,
    /// Total lines found (equal to the rows above them) and skipped.
    #[serde(default)]
    pub totals_found: u64,
}

/// The reconciliation of one sheet as read and finished.
pub fn of_sheet(
    file: &str,
    anchor_id: &str,
    sheet: Option<&str>,
    o: &SheetOutcome,
) -> FileReconciliation {
    let (date_order, date_evidence, date_conflict, totals_found) = match &o.finished {
        Some(f) => (
            f.dates.date_order.to_string(),
            f.dates.evidence.clone(),
            f.dates.conflict,
            f.totals,
        ),
        None => Default::default(),
    };
    FileReconciliation {
        file: file.to_string(),
        sheet: sheet.map(str::to_string),
        anchor_id: anchor_id.to_string(),
        counts: o.counts.clone(),
        rows_preamble: o.rows_preamble,
        skipped: o.skipped.clone(),
        repairs: o.repairs.clone(),
        header_row: o.mapping.header_row,
        columns: o
            .mapping
            .fields
            .iter()
            .map(|(f, c)| (f.name().to_string(), o.mapping.column_label(*c)))
            .collect(),
        columns_sureness: o.mapping.sureness(),
        date_order,
        date_evidence,
        date_conflict,
        undated: o
            .undated
            .iter()
            .map(|(why, n)| (why.describe().to_string(), *n))
            .collect(),
        rows_month_only: o.month_only,
        totals_found,
    }
}

/// `reconciliation.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reconciliation {
    pub study: String,
    pub totals: Counts,
    pub skipped: BTreeMap<String, u64>,
    pub repairs: BTreeMap<String, u64>,
    pub anchors: Vec<AnchorTotals>,
    pub files: Vec<FileReconciliation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnchorTotals {
    pub anchor_id: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: Counts,
}

impl Reconciliation {
    pub fn build(
        study: &str,
        anchors: &[(String, String)],
        files: Vec<FileReconciliation>,
    ) -> Self {
        let mut totals = Counts::default();
        let mut skipped = BTreeMap::new();
        let mut repairs = BTreeMap::new();
        for f in &files {
            totals.add(&f.counts);
            for (k, v) in &f.skipped {
                *skipped.entry(k.clone()).or_insert(0) += v;
            }
            for (k, v) in &f.repairs {
                *repairs.entry(k.clone()).or_insert(0) += v;
            }
        }
        let anchors = anchors
            .iter()
            .map(|(id, name)| {
                let mut counts = Counts::default();
                files
                    .iter()
                    .filter(|f| &f.anchor_id == id)
                    .for_each(|f| counts.add(&f.counts));
                AnchorTotals {
                    anchor_id: id.clone(),
                    name: name.clone(),
                    counts,
                }
            })
            .collect();
        Reconciliation {
            study: study.to_string(),
            totals,
            skipped,
            repairs,
            anchors,
            files,
        }
    }
}

/// `rejects.csv`: `file, sheet, row, column, raw_value, reason`.
pub fn write_rejects(w: &mut dyn Write, rejects: &[Reject]) -> anyhow::Result<()> {
    let mut csv = SafeCsv::new(w);
    csv.record(["file", "sheet", "row", "column", "raw_value", "reason"])?;
    for r in rejects {
        csv.record([
            r.file.as_str(),
            r.sheet.as_deref().unwrap_or(""),
            &r.row.to_string(),
            &r.column,
            &r.raw_value,
            &r.reason,
        ])?;
    }
    csv.finish()
}
