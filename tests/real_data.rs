//! spendgap over every real ledger in ../shared/data/real/ledgers (107 Hyndburn CSVs and
//! two Lancashire workbooks), compared file by file with figures computed independently
//! by tests/expectations/compute_real_ledgers.py (Python's csv module, openpyxl and
//! decimal; see tests/expectations/README.md). Skips, saying so, when ../shared is absent.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;

fn ledgers_dir() -> Option<PathBuf> {
    real_data().map(|r| r.join("ledgers"))
}

/// A study with one anchor per publisher, Hyndburn's files listed in byte order.
fn real_study(dir: &std::path::Path, ledgers: &std::path::Path) -> PathBuf {
    let p = dir.join("real.toml");
    std::fs::write(
        &p,
        format!("name = \"Real ledgers\"\n{}", real_anchors(ledgers)),
    )
    .unwrap();
    p
}

#[test]
fn every_real_ledger_reconciles_with_independent_figures() {
    let Some(ledgers) = ledgers_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let study = real_study(tmp.path(), &ledgers);
    let out = spendgap(
        tmp.path(),
        &["ingest", study.to_str().unwrap(), "--out", "out"],
    );
    assert!(code(&out) <= 1, "{}{}", stdout(&out), stderr(&out));
    let rec = json(&tmp.path().join("out/reconciliation.json"));
    let prefix = format!("{}/", ledgers.display());
    let got: BTreeMap<(String, String), &serde_json::Value> = rec["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"]
                .as_str()
                .unwrap()
                .trim_start_matches(&prefix)
                .to_string();
            (file, f["sheet"].as_str().unwrap_or("").to_string())
        })
        .zip(rec["files"].as_array().unwrap())
        .collect();
    let expected =
        std::fs::read_to_string(repo().join("tests/expectations/real_ledgers.csv")).unwrap();
    let mut lines = expected.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        // The publishers and columns spendgap reads so far; the rest follow.
        if !(cells[0].starts_with("hyndburn/") || cells[0].starts_with("lancashire_anchor_xlsx/")) {
            continue;
        }
        let key = (cells[0].to_string(), cells[1].to_string());
        let Some(f) = got.get(&key) else {
            mismatches.push(format!("{key:?}: not in reconciliation.json"));
            continue;
        };
        for (name, want) in header.iter().zip(&cells).skip(2) {
            if *name == "date_order" {
                continue;
            }
            let have = f[*name].as_i64().map(|v| v.to_string()).unwrap_or_default();
            if have != *want {
                mismatches.push(format!("{key:?} {name}: spendgap {have}, expected {want}"));
            }
        }
        checked += 1;
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(
        checked, 120,
        "107 Hyndburn files + 1 fire sheet + 12 PCC sheets"
    );
    assert_eq!(got.len(), 120, "no extra tables read");
    // No Total line is counted as spend, and the identity holds overall.
    let t = &rec["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    assert_eq!(
        n("rows_read"),
        n("rows_accepted") + n("rows_duplicate") + n("rows_rejected") + n("rows_skipped")
    );
}

#[test]
fn inspect_gives_an_account_of_any_real_file() {
    let Some(ledgers) = ledgers_dir() else { return };
    // A CR-only Windows-1252 file, a spacer-column UTF-8 file, and the monthly workbook.
    for (file, needles) in [
        (
            "hyndburn/1705.csv",
            vec![
                "windows-1252",
                "CR (1 CRLF, 178 CR) line endings",
                "header: row 1",
                "→ supplier_name",
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
    ] {
        let out = spendgap(&ledgers, &["inspect", file]);
        let text = stdout(&out);
        for n in needles {
            assert!(text.contains(n), "inspect {file} lacks {n:?}:\n{text}");
        }
    }
}
