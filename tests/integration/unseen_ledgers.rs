//! The binary on a publisher it has never seen (issue 21): typed headers, month-first dates
//! proven in one file and borrowed by another, a footer in the middle of its row, a file
//! that is not a ledger among good ones, and study folders whose names look like glob
//! patterns. Every expected figure is worked out by hand in the comments.

use crate::common::*;
use polars::prelude::*;

/// Month-first dates (`5/29/2021` proves it), headers with typos and words no synonym
/// lists, and a `Sum:` footer in the reference column equal to the rows above:
/// 1,250.00 + 300.50 + 2,000.00 = 3,550.50.
const JAN: &str = "Northtown CCG - Expenditure over £25k\n\
,,,,,\n\
Body,Dat,Expence Area,Suplier,Transaction No,Nett Value\n\
Northtown CCG,5/29/2021,Estates,ACME SUPPLIES LTD,1001,\"1,250.00\"\n\
Northtown CCG,8/31/2021,Estates,Total Gas & Power Ltd,1002,300.50\n\
Northtown CCG,6/1/2021,Clinical,BETA CARE CIC,1003,\"2,000.00\"\n\
,,,,Sum:,\"3,550.50\"\n";

/// No date here proves an order (every part is 12 or less): the file takes the order
/// its anchor's other file proved, month-first, so `2/3/2021` is the 3rd of February.
const FEB: &str = "Body,Dat,Expence Area,Suplier,Transaction No,Nett Value\n\
Northtown CCG,2/3/2021,Estates,ACME SUPPLIES LTD,1004,100.00\n\
Northtown CCG,2/11/2021,Estates,BETA CARE CIC,1005,200.00\n";

/// Not a ledger at all.
const MINUTES: &str = "Minutes of the board meeting\nApologies were received.\n";

#[test]
fn a_new_publishers_folder_is_read_to_the_penny() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (name, text) in [("jan.csv", JAN), ("feb.csv", FEB), ("minutes.csv", MINUTES)] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = spendgap(
        dir,
        &[
            "init",
            "--anchor",
            "Northtown CCG",
            "jan.csv",
            "feb.csv",
            "minutes.csv",
            "-o",
            "study.toml",
        ],
    );
    // One file could not be read: the others are written, that one named and commented.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("minutes.csv"), "{}", stderr(&out));
    let study = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    assert_eq!(study.matches("\n[[anchor.ledger]]").count(), 2, "{study}");
    assert!(study.contains("# path = \"minutes.csv\""), "{study}");
    assert!(study.contains("could not be read as a ledger"), "{study}");

    let out = spendgap(dir, &["ingest", "study.toml", "--out", "out"]);
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let rec = json(&dir.join("out/reconciliation.json"));
    let t = &rec["totals"];
    // Accepted: 3 rows of January (3,550.50) and 2 of February (300.00); the footer is
    // skipped as the total line it is, and nothing is undated.
    assert_eq!(t["rows_accepted"], 5, "{t}");
    assert_eq!(t["pence_accepted"], 355_050 + 30_000, "{t}");
    assert_eq!(t["rows_skipped"], 1, "{t}");
    assert_eq!(t["rows_rejected"], 0, "{t}");

    let df = read_parquet(&dir.join("out/transactions.parquet"));
    let as_text = df.column("date").unwrap().cast(&DataType::String).unwrap();
    let dates: Vec<String> = as_text
        .str()
        .unwrap()
        .iter()
        .map(|d| d.unwrap_or("-").to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "2021-02-03",
            "2021-02-11",
            "2021-05-29",
            "2021-06-01",
            "2021-08-31"
        ],
        "February borrows January's proven month-first order"
    );
}

/// Writes a study in `folder` whose ledgers are `*.csv` beside it, and a ledger there.
fn study_in(folder: &std::path::Path, amount: &str) {
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(
        folder.join("study.toml"),
        "name = \"t\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"*.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("ledger.csv"),
        format!("Supplier,Date,Amount\nACME LTD,01/04/2024,{amount}\n"),
    )
    .unwrap();
}

/// Regression: the study's folder was part of the glob pattern, so a study in `run[1]/`
/// read every ledger of a sibling folder `run1/` (and `q?*/` any folder starting with q).
#[test]
fn a_study_folder_named_like_a_pattern_reads_only_its_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    for (folder, sibling) in [("run[1]", "run1"), ("q?*", "qab"), ("a[*]b", "a*b")] {
        let mine = tmp.path().join(folder);
        study_in(&mine, "5.00");
        // The sibling the pattern would match holds a different amount.
        study_in(&tmp.path().join(sibling), "7.00");
        // The study named from outside its folder, relatively and absolutely.
        let absolute = mine.join("study.toml");
        for study in [
            format!("{folder}/study.toml"),
            absolute.display().to_string(),
        ] {
            let out = spendgap(tmp.path(), &["ingest", &study, "--out", "out"]);
            assert_eq!(code(&out), 0, "{study}: {}", stderr(&out));
            let t = &json(&tmp.path().join("out/reconciliation.json"))["totals"];
            assert_eq!(
                (t["rows_accepted"].as_u64(), t["pence_accepted"].as_i64()),
                (Some(1), Some(500)),
                "{study} read only its own ledger: {t}"
            );
        }
    }
}
