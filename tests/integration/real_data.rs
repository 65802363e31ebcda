//! spendgap over every real ledger in ../shared/data/real/ledgers (Hyndburn's 107 CSVs, the
//! two Lancashire workbooks, and 37 files of 17 more publishers), compared table by table
//! with figures computed independently by tests/expectations/compute_real_ledgers.py
//! (Python's csv module, openpyxl, xlrd and decimal, with each new file's header and
//! columns read by a person; see tests/expectations/README.md). Only the three headerless
//! Hyndburn files get help from the study (their columns by number); every other file's
//! header, columns and date order spendgap finds itself. Skips, saying so, when ../shared
//! is absent, unless SPENDGAP_REQUIRE_REAL_DATA is set (as in CI), when it fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

fn ledgers_dir() -> Option<PathBuf> {
    real_data().map(|r| r.join("ledgers"))
}

/// A study with one anchor per publisher.
fn real_study(dir: &Path, ledgers: &Path) -> PathBuf {
    let p = dir.join("real.toml");
    std::fs::write(
        &p,
        format!(
            "name = \"Real ledgers\"\n{}{}",
            real_anchors(ledgers),
            more_anchors(ledgers)
        ),
    )
    .unwrap();
    p
}

/// The rows of an expectations CSV as (file, sheet) → column → value.
fn expected(name: &str) -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let path = repo().join("tests/expectations").join(name);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect();
            ((row["file"].clone(), row["sheet"].clone()), row)
        })
        .collect()
}

/// Ingests every real ledger once for the tests below.
fn ingested() -> Option<(tempfile::TempDir, serde_json::Value, String, String)> {
    let ledgers = ledgers_dir()?;
    let tmp = tempfile::tempdir().unwrap();
    let study = real_study(tmp.path(), &ledgers);
    let out = spendgap(
        tmp.path(),
        &["ingest", study.to_str().unwrap(), "--out", "out"],
    );
    assert!(code(&out) <= 1, "{}{}", stdout(&out), stderr(&out));
    let rec = json(&tmp.path().join("out/reconciliation.json"));
    let prefix = format!("{}/", ledgers.display());
    Some((tmp, rec, prefix, stdout(&out)))
}

fn by_table<'a>(
    rec: &'a serde_json::Value,
    prefix: &str,
) -> BTreeMap<(String, String), &'a serde_json::Value> {
    rec["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"]
                .as_str()
                .unwrap()
                .trim_start_matches(prefix)
                .to_string();
            ((file, f["sheet"].as_str().unwrap_or("").to_string()), f)
        })
        .collect()
}

#[test]
fn every_real_ledger_reconciles_with_independent_figures() {
    let Some((_tmp, rec, prefix, printed)) = ingested() else {
        return;
    };
    let got = by_table(&rec, &prefix);
    let want = expected("real_ledgers.csv");
    let mut mismatches = Vec::new();
    for (key, row) in &want {
        let Some(f) = got.get(key) else {
            mismatches.push(format!("{key:?}: not in reconciliation.json"));
            continue;
        };
        for (name, want) in row.iter().filter(|(k, _)| *k != "file" && *k != "sheet") {
            let have = match &f[name] {
                serde_json::Value::String(s) => s.clone(),
                v => v.as_i64().map(|v| v.to_string()).unwrap_or_default(),
            };
            if have != *want {
                mismatches.push(format!("{key:?} {name}: spendgap {have}, expected {want}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(
        want.len(),
        177,
        "107 Hyndburn files, 13 anchor-workbook sheets, 57 new tables"
    );
    assert_eq!(got.len(), want.len(), "no extra tables read");
    // The file that holds no ledger is passed over, saying why, and stops nothing.
    for ((file, _), row) in expected("real_not_ledgers.csv") {
        assert!(
            printed.contains(&file),
            "{file} not reported as passed over:\n{printed}"
        );
        assert!(!row["why"].is_empty());
    }
    // No total line is counted as spend, and the identity holds overall.
    let t = &rec["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    assert_eq!(
        n("rows_read"),
        n("rows_accepted") + n("rows_duplicate") + n("rows_rejected") + n("rows_skipped")
    );
}

#[test]
fn every_real_ledger_is_read_by_the_columns_a_person_chose() {
    let Some((_tmp, rec, prefix, _)) = ingested() else {
        return;
    };
    let got = by_table(&rec, &prefix);
    let mut mismatches = Vec::new();
    for (key, row) in expected("real_columns.csv") {
        let f = got[&key];
        let header_row = f["header_row"].as_u64().unwrap_or(0).to_string();
        if header_row != row["header_row"] {
            mismatches.push(format!(
                "{key:?} header row: spendgap {header_row}, a person {}",
                row["header_row"]
            ));
        }
        if row["header_row"] == "0" {
            continue; // read by column number, as the study says
        }
        for field in ["amount", "date", "supplier_name", "transaction_ref"] {
            let have = f["columns"][field].as_str().unwrap_or("");
            if have != row[field] {
                mismatches.push(format!(
                    "{key:?} {field}: spendgap {have:?}, a person {:?}",
                    row[field]
                ));
            }
        }
        let sure = f["columns_sureness"].as_str().unwrap();
        assert!(
            sure.contains("amount "),
            "{key:?}: no sureness for the amount: {sure:?}"
        );
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn inspect_gives_an_account_of_any_real_file() {
    let Some(ledgers) = ledgers_dir() else { return };
    // A CR-only Windows-1252 file, a spacer-column UTF-8 file, the monthly workbook, a
    // mixed day-first/month-first column, a ZIP, and a workbook saved as `.csv`.
    for (file, needles) in [
        (
            "hyndburn/1705.csv",
            vec![
                "windows-1252",
                "CR (1 CRLF, 178 CR) line endings",
                "header: row 1",
                "→ supplier_name",
                "dates: dmy",
            ],
        ),
        (
            "hyndburn/Oct-24-CSV.csv",
            vec!["utf-8", "spacer", "→ amount (synonym)", "\"Name:\""],
        ),
        ("hyndburn/March-25-CSV.csv", vec!["no header row"]),
        (
            "lancashire_anchor_xlsx/lancashire_pcc_pcc-2023-24.xlsx",
            vec!["sheet \"Apr\"", "\"TOTAL\"", "rounded"],
        ),
        (
            "wales-office/Wales-Office-spend-over-500-August-2010.csv",
            vec![
                "dates: mdy",
                "7 dates prove it month-first",
                "read day-first",
            ],
        ),
        (
            "trafford-mbc/trafford-supplier-spend-2026-27.zip",
            vec![
                "archive",
                "trafford-supplier-spend-2026-27.csv",
                "\"PaymentDate\"",
                "runner-up",
                "\"EffectiveDate\"",
            ],
        ),
        (
            "vmd/vmd-over-25k-1004.csv",
            vec!["workbook", "sheet \"APR 10\""],
        ),
    ] {
        let out = spendgap(&ledgers, &["inspect", file]);
        let text = stdout(&out);
        for n in needles {
            assert!(text.contains(n), "inspect {file} lacks {n:?}:\n{text}");
        }
    }
}
