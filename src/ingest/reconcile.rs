//! The accounting of rows and pence that every output reconciles to: each row read ends
//! accepted, duplicate, rejected or skipped, and the identity is checked, not assumed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Row and money counts for one sheet, one file, or the whole study.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_duplicate: u64,
    pub rows_rejected: u64,
    pub rows_skipped: u64,
    /// Accepted or duplicate rows whose date could not be read.
    pub rows_undated: u64,
    /// Accepted or duplicate rows with no payee name.
    pub rows_unnamed: u64,
    /// Rows read only after a repair (see `repairs`).
    pub rows_repaired: u64,
    /// Amounts with digits below the penny, rounded half away from zero.
    pub rows_rounded: u64,
    pub pence_accepted: i64,
    pub pence_duplicate: i64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.rows_read += o.rows_read;
        self.rows_accepted += o.rows_accepted;
        self.rows_duplicate += o.rows_duplicate;
        self.rows_rejected += o.rows_rejected;
        self.rows_skipped += o.rows_skipped;
        self.rows_undated += o.rows_undated;
        self.rows_unnamed += o.rows_unnamed;
        self.rows_repaired += o.rows_repaired;
        self.rows_rounded += o.rows_rounded;
        self.pence_accepted = self.pence_accepted.saturating_add(o.pence_accepted);
        self.pence_duplicate = self.pence_duplicate.saturating_add(o.pence_duplicate);
    }

    /// Moves an accepted row to `duplicate`: it repeats a row of another file.
    pub fn accepted_to_duplicate(&mut self, pence: i64) {
        self.rows_accepted -= 1;
        self.pence_accepted = self.pence_accepted.saturating_sub(pence);
        self.rows_duplicate += 1;
        self.pence_duplicate = self.pence_duplicate.saturating_add(pence);
    }

    /// Moves an accepted, undated, unnamed row to `skipped`: it was a total line.
    pub fn accepted_to_skipped_total(&mut self, pence: i64, rounded: bool) {
        self.rows_accepted -= 1;
        self.pence_accepted = self.pence_accepted.saturating_sub(pence);
        self.rows_undated -= 1;
        self.rows_unnamed -= 1;
        self.rows_rounded -= u64::from(rounded);
        self.rows_skipped += 1;
    }

    /// `rows_read = accepted + duplicate + rejected + skipped`.
    pub fn balances(&self) -> bool {
        self.rows_read
            == self.rows_accepted + self.rows_duplicate + self.rows_rejected + self.rows_skipped
    }
}

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
    o: &super::record::SheetOutcome,
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
