//! What a person should look at before the figures are published (`data_quality.csv`):
//! payments far outside their anchor's own range, total lines that disagree with the rows
//! above them, and columns whose dates prove both orders. Kept rows are never dropped for
//! these; they are listed, with why.

use serde::{Deserialize, Serialize};

use super::LedgerRead;
use super::batch::Batch;
use super::finished::Finished;

/// One row of `data_quality.csv`. Payees are never named here: the file, sheet and row
/// find the line in the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityNote {
    pub anchor_id: String,
    pub file: String,
    pub sheet: Option<String>,
    /// The ledger row, when the note is about one.
    pub row: Option<u32>,
    pub amount_pence: Option<i64>,
    /// `large_payment`, `total_disagrees` or `dates_conflict`.
    pub kind: String,
    pub why: String,
}

/// How many times an anchor's 99th-percentile payment a payment must exceed to be listed.
pub const OUTLIER_TIMES: i64 = 50;

fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    let mut whole = (p / 100).to_string();
    let mut i = whole.len() as isize - 3;
    while i > 0 {
        whole.insert(i as usize, ',');
        i -= 3;
    }
    format!("{sign}£{whole}.{:02}", p % 100)
}

/// The notes on one anchor, gathered sheet by sheet in study order: its payments above
/// [`OUTLIER_TIMES`] its own 99th percentile (by size, refunds too) or above a ceiling,
/// and what the sheet-wide rules found. Each kept row costs 16 bytes until the anchor ends.
#[derive(Default)]
pub struct AnchorQuality {
    anchor_id: String,
    /// (amount, sheet, row) of every kept row that repeats no earlier file's.
    rows: Vec<(i64, u32, u32)>,
    sheets: Vec<(String, Option<String>)>,
    notes: Vec<QualityNote>,
}

impl AnchorQuality {
    pub fn new(anchor_id: &str) -> Self {
        AnchorQuality {
            anchor_id: anchor_id.to_string(),
            ..Default::default()
        }
    }

    fn sheet_index(&mut self, file: &str, sheet: Option<&str>) -> u32 {
        let key = (file.to_string(), sheet.map(str::to_string));
        match self.sheets.iter().position(|s| *s == key) {
            Some(i) => i as u32,
            None => {
                self.sheets.push(key);
                self.sheets.len() as u32 - 1
            }
        }
    }

    /// Counts the kept rows of (a piece of) a sheet.
    pub fn rows(&mut self, file: &str, sheet: Option<&str>, b: &Batch) {
        let at = self.sheet_index(file, sheet);
        self.rows.extend(
            (0..b.len())
                .filter(|&i| b.duplicate_of[i].is_none())
                .map(|i| (b.amounts[i], at, b.rows[i])),
        );
    }

    /// Notes what the sheet-wide rules found in a sheet.
    pub fn finished(&mut self, file: &str, sheet: Option<&str>, f: &Finished) {
        for footer in &f.footers_disagreeing {
            self.notes.push(QualityNote {
                anchor_id: self.anchor_id.clone(),
                file: file.to_string(),
                sheet: sheet.map(str::to_string),
                row: Some(footer.row),
                amount_pence: Some(footer.footer_pence),
                kind: "total_disagrees".into(),
                why: format!(
                    "a total line of {} where the rows above it sum to {} (a difference of {}): \
                     not counted as spend; rows may be missing or rejected (see rejects.csv)",
                    pounds(footer.footer_pence),
                    pounds(footer.rows_pence),
                    pounds(footer.footer_pence - footer.rows_pence)
                ),
            });
        }
        if f.dates.conflict {
            self.notes.push(QualityNote {
                anchor_id: self.anchor_id.clone(),
                file: file.to_string(),
                sheet: sheet.map(str::to_string),
                row: None,
                amount_pence: None,
                kind: "dates_conflict".into(),
                why: format!("the date column is written both ways: {}", f.dates.evidence),
            });
        }
    }

    /// The anchor's notes: what the rules found, then its large payments in reading order.
    pub fn end(mut self, ceiling: Option<i64>) -> Vec<QualityNote> {
        if self.rows.is_empty() {
            return self.notes;
        }
        let mut sizes: Vec<i64> = self.rows.iter().map(|r| r.0.saturating_abs()).collect();
        // The 99th percentile by nearest rank.
        let rank = ((sizes.len() as f64) * 0.99).ceil().max(1.0) as usize - 1;
        let (_, p99, _) = sizes.select_nth_unstable(rank);
        let p99 = *p99;
        drop(sizes);
        let limit = p99.saturating_mul(OUTLIER_TIMES);
        for &(amount, at, row) in &self.rows {
            let size = amount.saturating_abs();
            let why = if p99 > 0 && size > limit {
                format!(
                    "{} is {}× this anchor's 99th-percentile payment of {}: check it is an \
                     amount, not a reference or a total, before the figures are published",
                    pounds(amount),
                    size / p99,
                    pounds(p99)
                )
            } else if let Some(c) = ceiling.filter(|c| size > *c) {
                format!(
                    "{} is above the study's ceiling of {} for one payment: check it",
                    pounds(amount),
                    pounds(c)
                )
            } else {
                continue;
            };
            let (file, sheet) = &self.sheets[at as usize];
            self.notes.push(QualityNote {
                anchor_id: self.anchor_id.clone(),
                file: file.clone(),
                sheet: sheet.clone(),
                row: Some(row),
                amount_pence: Some(amount),
                kind: "large_payment".into(),
                why,
            });
        }
        self.notes
    }
}

/// The notes on one anchor's files, read whole (given in study order).
pub fn notes(anchor_id: &str, reads: &[&LedgerRead], ceiling: Option<i64>) -> Vec<QualityNote> {
    let mut q = AnchorQuality::new(anchor_id);
    for r in reads {
        for s in &r.sheets {
            let Ok(o) = &s.outcome else { continue };
            q.rows(&r.file, s.sheet.as_deref(), &o.batch);
            if let Some(f) = &o.finished {
                q.finished(&r.file, s.sheet.as_deref(), f);
            }
        }
    }
    q.end(ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::study::{Ledger, ReadOptions};
    use crate::config::synonyms::Synonyms;

    #[test]
    fn a_reference_taken_for_pounds_is_listed() {
        // 200 ordinary payments of £100 to £2,090, written bare as this publisher writes
        // them (so the reference-number rule cannot tell), and one of £41,730,256: the
        // 99th percentile is £2,080 (rank 199 of 201), fifty times that £104,000.
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("Supplier,Date,Amount\n");
        for i in 0..200 {
            text += &format!("S{i},01/04/2024,{}\n", 100 + i * 10);
        }
        text += "NORTHTOWN HOSPITALS NHS TRUST,02/04/2024,41730256\n";
        let path = dir.path().join("a.csv");
        std::fs::write(&path, text).unwrap();
        let ledger = Ledger {
            display: "a.csv".into(),
            path,
            options: ReadOptions::default(),
        };
        let mut read = crate::ingest::read_ledger("a", &ledger, &Synonyms::builtin());
        crate::ingest::finish_sheets(&mut [&mut read], &Synonyms::builtin());
        let notes = notes("a", &[&read], None);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].row, Some(202));
        assert_eq!(notes[0].kind, "large_payment");
        assert!(notes[0].why.contains("£2,080.00"), "{}", notes[0].why);
        assert!(!notes[0].why.contains("NORTHTOWN"), "payees are not named");
        let with_ceiling = super::notes("a", &[&read], Some(208_500));
        assert_eq!(
            with_ceiling.len(),
            2,
            "and £2,090.00 is above a £2,085 ceiling"
        );
    }
}
