//! Duplicate detection across the files of one anchor: overlapping exports (a quarter
//! file and the year file, a re-published month) must not count a payment twice, while
//! identical rows within one file are separate real payments and always stay.

use std::collections::HashMap;

use super::batch::Batch;
use super::reconcile::Counts;
use crate::config::field::Field;

/// What identifies a payment across files: reference (if any), date, amount, payee.
type Key = (String, Option<i32>, i64, String);

/// Payee spelling differences that are not differences: case and runs of spaces.
fn payee_key(name: Option<&str>) -> String {
    name.unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

fn key(batch: &Batch, i: usize) -> Key {
    let reference = batch
        .text(Field::TransactionRef)
        .and_then(|c| c.get(i))
        .unwrap_or_default()
        .trim()
        .to_string();
    let supplier = payee_key(batch.text(Field::SupplierName).and_then(|c| c.get(i)));
    (reference, batch.date(i), batch.amounts[i], supplier)
}

/// One sheet of one file, in study order; `file_index` groups the sheets of a workbook.
pub struct DedupInput<'a> {
    pub file_index: usize,
    pub label: String,
    pub batch: &'a mut Batch,
    pub counts: &'a mut Counts,
}

/// Marks duplicates in place. A row repeats an earlier file's row when it has the same
/// key and earlier files hold more rows with that key than this file has already
/// matched: so two identical payments in each of two overlapping files are two
/// duplicates, and a third identical payment in the later file is new.
pub fn mark_duplicates(sheets: &mut [DedupInput<'_>]) {
    if sheets
        .iter()
        .map(|s| s.file_index)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        < 2
    {
        return;
    }
    // Every row of earlier files, by key, in reading order.
    let mut earlier: HashMap<Key, Vec<String>> = HashMap::new();
    let mut at = 0;
    while at < sheets.len() {
        let file = sheets[at].file_index;
        let end = at
            + sheets[at..]
                .iter()
                .take_while(|s| s.file_index == file)
                .count();
        let mut used: HashMap<Key, usize> = HashMap::new();
        let mut this_file: Vec<(Key, String)> = Vec::new();
        for sheet in &mut sheets[at..end] {
            for i in 0..sheet.batch.len() {
                let k = key(sheet.batch, i);
                let location = format!("{}:{}", sheet.label, sheet.batch.rows[i]);
                if let Some(first) = earlier.get(&k) {
                    let n = used.entry(k.clone()).or_insert(0);
                    if *n < first.len() {
                        sheet.batch.duplicate_of[i] = Some(first[*n].clone());
                        *n += 1;
                        sheet.counts.accepted_to_duplicate(sheet.batch.amounts[i]);
                    }
                }
                this_file.push((k, location));
            }
        }
        for (k, location) in this_file {
            earlier.entry(k).or_default().push(location);
        }
        at = end;
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
                .push(crate::ingest::values::date::DateRead::Fixed(19_000));
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
        let mut input = vec![
            DedupInput {
                file_index: 0,
                label: "a.csv".into(),
                batch: &mut a,
                counts: &mut ca,
            },
            DedupInput {
                file_index: 1,
                label: "b.csv".into(),
                batch: &mut b,
                counts: &mut cb,
            },
        ];
        mark_duplicates(&mut input);
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
        let mut input = vec![
            DedupInput {
                file_index: 0,
                label: "w.xlsx[Apr]".into(),
                batch: &mut a,
                counts: &mut ca,
            },
            DedupInput {
                file_index: 0,
                label: "w.xlsx[May]".into(),
                batch: &mut b,
                counts: &mut cb,
            },
        ];
        mark_duplicates(&mut input);
        assert_eq!(b.duplicate_of, vec![None]);
    }
}
