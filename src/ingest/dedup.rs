//! Duplicate detection across the files of one anchor: overlapping exports (a quarter
//! file and the year file, a re-published month) must not count a payment twice, while
//! identical rows within one file are separate real payments and always stay.

use super::batch::Batch;
use super::reconcile::Counts;
use crate::config::field::Field;

/// What identifies a payment across files — reference (if any), date, amount, payee (case
/// and runs of spaces aside) — as a 128-bit hash: 24 bytes a row kept for later files,
/// where the key itself would take a hundred.
fn key(batch: &Batch, i: usize, buf: &mut Vec<u8>) -> u128 {
    buf.clear();
    let reference = batch
        .text(Field::TransactionRef)
        .and_then(|c| c.get(i))
        .unwrap_or_default()
        .trim();
    buf.extend_from_slice(reference.as_bytes());
    buf.push(0x1f);
    match batch.date(i) {
        Some(d) => buf.extend_from_slice(&d.to_le_bytes()),
        None => buf.push(0xff),
    }
    buf.extend_from_slice(&batch.amounts[i].to_le_bytes());
    let name = batch
        .text(Field::SupplierName)
        .and_then(|c| c.get(i))
        .unwrap_or_default();
    for (k, word) in name.split_whitespace().enumerate() {
        if k > 0 {
            buf.push(b' ');
        }
        buf.extend_from_slice(word.to_uppercase().as_bytes());
    }
    xxhash_rust::xxh3::xxh3_128(buf)
}

/// Duplicate detection across the files of one anchor, file by file in study order. A row
/// repeats an earlier file's row when it has the same key and earlier files hold more
/// rows with that key than this file has already matched: so two identical payments in
/// each of two overlapping files are two duplicates, and a third identical payment in the
/// later file is new.
#[derive(Default)]
pub struct Deduper {
    /// Every kept row of earlier files: (key, sheet label, row), sorted by key, rows of one
    /// key in reading order.
    earlier: Vec<(u128, u32, u32)>,
    labels: Vec<String>,
    /// The current file's rows, joining `earlier` when the file ends.
    this_file: Vec<(u128, u32, u32)>,
    /// How many earlier rows of each key the current file has matched.
    used: std::collections::HashMap<u128, usize>,
    buf: Vec<u8>,
}

impl Deduper {
    /// Marks the rows of one sheet of the current file that repeat rows of earlier files,
    /// moving them from accepted to duplicate in `counts`. `label` is `file[sheet]`, as
    /// `duplicate_of` cites rows; `remember` is false for the anchor's last file, whose
    /// rows no later file can repeat.
    pub fn sheet(&mut self, label: &str, batch: &mut Batch, counts: &mut Counts, remember: bool) {
        if self.earlier.is_empty() && !remember {
            return;
        }
        let label_at = self.labels.len() as u32;
        self.labels.push(label.to_string());
        for i in 0..batch.len() {
            let k = key(batch, i, &mut self.buf);
            let first = self.earlier.partition_point(|e| e.0 < k);
            let held = self.earlier[first..]
                .iter()
                .take_while(|e| e.0 == k)
                .count();
            if held > 0 {
                let n = self.used.entry(k).or_insert(0);
                if *n < held {
                    let (_, l, row) = self.earlier[first + *n];
                    batch.duplicate_of[i] = Some(format!("{}:{row}", self.labels[l as usize]));
                    *n += 1;
                    counts.accepted_to_duplicate(batch.amounts[i]);
                }
            }
            if remember {
                self.this_file.push((k, label_at, batch.rows[i]));
            }
        }
    }

    /// Ends the current file: its rows become earlier rows for the files after it.
    pub fn end_file(&mut self) {
        self.used.clear();
        if self.this_file.is_empty() {
            return;
        }
        self.earlier.append(&mut self.this_file);
        // Stable: the rows of one key stay in reading order.
        self.earlier.sort_by_key(|e| e.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::batch::StrColumn;

    fn batch(rows: &[(&str, i64)]) -> Batch {
        let mut b = Batch::default();
        let mut names = StrColumn::default();
        for (i, (name, pence)) in rows.iter().enumerate() {
            b.rows.push(i as u32 + 2);
            b.dates
                .push(crate::read::values::date::DateRead::Fixed(19_000));
            b.flags.push(0);
            b.amounts.push(*pence);
            b.duplicate_of.push(None);
            names.push(Some(name));
        }
        b.text[Field::SupplierName.text_index().unwrap()] = Some(names);
        b
    }

    fn counts(b: &Batch) -> Counts {
        Counts {
            rows_accepted: b.len() as u64,
            pence_accepted: b.amounts.iter().sum(),
            ..Default::default()
        }
    }

    #[test]
    fn repeats_across_files_only() {
        let mut a = batch(&[("Acme Ltd", 100), ("Acme Ltd", 100), ("Other", 5)]);
        let mut b = batch(&[("ACME  LTD", 100), ("Acme Ltd", 100), ("Acme Ltd", 100)]);
        let (mut ca, mut cb) = (counts(&a), counts(&b));
        let mut d = Deduper::default();
        d.sheet("a.csv", &mut a, &mut ca, true);
        d.end_file();
        d.sheet("b.csv", &mut b, &mut cb, false);
        d.end_file();
        assert_eq!(
            a.duplicate_of,
            vec![None, None, None],
            "identical rows in one file stay"
        );
        assert_eq!(
            b.duplicate_of,
            vec![Some("a.csv:2".into()), Some("a.csv:3".into()), None]
        );
        assert_eq!(
            (cb.rows_accepted, cb.rows_duplicate, cb.pence_duplicate),
            (1, 2, 200)
        );
    }

    #[test]
    fn sheets_of_one_workbook_are_one_file() {
        let mut a = batch(&[("Acme Ltd", 100)]);
        let mut b = batch(&[("Acme Ltd", 100)]);
        let (mut ca, mut cb) = (counts(&a), counts(&b));
        let mut d = Deduper::default();
        d.sheet("w.xlsx[Apr]", &mut a, &mut ca, true);
        d.sheet("w.xlsx[May]", &mut b, &mut cb, true);
        d.end_file();
        assert_eq!(b.duplicate_of, vec![None]);
    }

    #[test]
    fn a_third_file_repeats_the_first() {
        let mut a = batch(&[("Acme Ltd", 100)]);
        let mut b = batch(&[("Beta", 7)]);
        let mut c = batch(&[("Acme Ltd", 100), ("Beta", 7)]);
        let (mut ca, mut cb, mut cc) = (counts(&a), counts(&b), counts(&c));
        let mut d = Deduper::default();
        for (label, batch, counts, remember) in [
            ("a.csv", &mut a, &mut ca, true),
            ("b.csv", &mut b, &mut cb, true),
            ("c.csv", &mut c, &mut cc, false),
        ] {
            d.sheet(label, batch, counts, remember);
            d.end_file();
        }
        assert_eq!(
            c.duplicate_of,
            vec![Some("a.csv:2".into()), Some("b.csv:2".into())]
        );
        assert_eq!(cc.rows_duplicate, 2);
    }
}
