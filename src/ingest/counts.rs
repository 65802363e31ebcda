//! The row and pence counts every sheet, file and study keeps: each row read ends
//! accepted, duplicate, rejected or skipped. Below the readers and the reconciliation
//! alike, so that both can count without importing each other.

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
