//! A large ledger is streamed in pieces; the same ledger read whole must come out the
//! same, row for row and count for count. Here small files are forced through the
//! streaming path in pieces of a few dozen bytes, so every rule that looks across rows
//! (totals, a reference number joined to the next line, blank lines, gaps, duplicates
//! with an earlier file) meets a piece boundary.

use super::*;
use crate::config::study::Study;
use crate::read::values::date::epoch_date;

/// Every row handed on, as text, and the reconciliation, rejects and notes.
fn ingest(study: &Study, streaming: Option<Streaming>) -> (Vec<String>, String) {
    let plan = match streaming {
        Some(s) => plan_with(study, s).unwrap(),
        None => plan(study).unwrap(),
    };
    let mut rows = Vec::new();
    let ingested = plan
        .run(&mut |chunk| {
            let b = &chunk.batch;
            let names = b.text(Field::SupplierName);
            for i in 0..b.len() {
                rows.push(format!(
                    "{} {} {:?} {} {} {:?} {:?}",
                    chunk.anchor_id,
                    chunk.file,
                    chunk.sheet,
                    b.rows[i],
                    b.amounts[i],
                    b.date(i).map(|d| epoch_date(d).to_string()),
                    (names.and_then(|n| n.get(i)), &b.duplicate_of[i]),
                ));
            }
            Ok(())
        })
        .unwrap();
    let summary = format!(
        "{}\n{:?}\n{:?}\n{:?}",
        serde_json::to_string_pretty(&ingested.reconciliation).unwrap(),
        ingested
            .rejects
            .iter()
            .map(|r| (&r.file, r.row, &r.raw_value, &r.reason))
            .collect::<Vec<_>>(),
        ingested.notes,
        ingested.quality,
    );
    (rows, summary)
}

const LEDGER: &str = concat!(
    "Northtown NHS Trust: payments over £25,000\r\n",
    "\r\n",
    "Date,Expense Type,Supplier,Transaction No,Amount\r\n",
    "03/05/2021,Clinical supplies,MEDIQUIP LTD,T1,\"1,250.00\"\r\n",
    "04/05/2021,Agency staff,\"STAFF\r\nCO LTD\",T2,\"12,000.00\"\r\n",
    "\r\n",
    "05/05/2021,Drugs,PHARMA UK LTD,T3,\"7,777.77\"\r\n",
    "13/05/2021,Estates,BUILDCO LTD,T4,\"2,000.00\"\r\n",
    "14/05/2021,Recharges,NORTHTOWN HOSPITALS NHS TRUST,,41730256\r\n",
    ",,,,\"84,210.00\"\r\n",
    "15/05/2021,Drugs,PHARMA UK LTD,T5,TBC\r\n",
    ",,,Sub-total,\"107,237.77\"\r\n",
    "Date,Expense Type,Supplier,Transaction No,Amount\r\n",
    "16/05/2021,Drugs,PHARMA UK LTD,T6,\"1,500.00\"\r\n",
    "17/05/2021,Recharges,SOUTHTOWN NHS TRUST,,41730299\r\n",
    "18/05/2021,Drugs,PHARMA UK LTD,T7,\"3,100.50\"\r\n",
    ",,,,\"4,600.50\"\r\n",
    ",,,GRAND TOTAL,\"111,838.27\"\r\n",
    "\r\n\r\n",
);

/// The study: an earlier month read whole, then the ledger above; both one anchor.
fn study(dir: &std::path::Path) -> Study {
    std::fs::write(dir.join("april.csv"), "Date,Supplier,Transaction No,Amount\n02/04/2021,MEDIQUIP LTD,T0,\"2,500.00\"\n03/05/2021,MEDIQUIP LTD,T1,\"1,250.00\"\n").unwrap();
    std::fs::write(dir.join("may.csv"), LEDGER).unwrap();
    let text = "name = \"s\"\n[[anchor]]\nid = \"nt\"\nname = \"Northtown\"\n[[anchor.ledger]]\npath = \"april.csv\"\n[[anchor.ledger]]\npath = \"may.csv\"\n";
    let path = dir.join("study.toml");
    std::fs::write(&path, text).unwrap();
    Study::load(&path).unwrap()
}

#[test]
fn a_ledger_streamed_in_pieces_reads_as_it_does_whole() {
    let dir = tempfile::tempdir().unwrap();
    let study = study(dir.path());
    let (whole_rows, whole) = ingest(&study, None);
    // The hand count: 8 payments in May (the split record joined), one repeating April.
    assert_eq!(whole_rows.len(), 2 + 7, "{whole_rows:#?}");
    assert!(whole.contains("\"rows_duplicate\": 1"), "{whole}");
    for chunk in [7, 40, 97, 4096] {
        let streaming = Streaming {
            from: 200, // May is streamed; April (small) is read whole
            let_go_from: 0,
            chunk,
            window: u64::MAX,
            window_max: u64::MAX,
        };
        let (rows, summary) = ingest(&study, Some(streaming));
        assert_eq!(rows, whole_rows, "pieces of {chunk} bytes");
        assert_eq!(summary, whole, "pieces of {chunk} bytes");
    }
}

#[test]
fn a_streamed_sheet_decides_on_its_first_rows() {
    // Decided on its first three rows (the window), which prove day-first: the same
    // reading as the whole file's.
    let dir = tempfile::tempdir().unwrap();
    let study = study(dir.path());
    let (whole_rows, _) = ingest(&study, None);
    let streaming = Streaming {
        from: 200,
        let_go_from: 0,
        chunk: 64,
        window: 3,
        window_max: 5,
    };
    let (rows, summary) = ingest(&study, Some(streaming));
    assert_eq!(rows, whole_rows);
    assert!(summary.contains("prove it day-first"), "{summary}");
}
