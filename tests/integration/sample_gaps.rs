//! The gap stage on the sample partnership, checked against what the generator designed
//! (sample-data/truth/gap_markets.csv and calendar.csv, written by tools/samplegen without
//! spendgap's code) and against the classified transactions summed here.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

fn rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn sample_run() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = spendgap(&repo(), &["run", "--out", dir.path().to_str().unwrap()]);
    assert!(code(&out) <= 1, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("calendar from 2025-04-01 to 2028-04-01"),
        "{}",
        stdout(&out)
    );
    dir
}

#[test]
fn the_sample_shows_every_verdict_and_the_designed_calendar() {
    let dir = sample_run();
    let gaps = rows(&dir.path().join("gaps.csv"));
    let verdicts: BTreeSet<&str> = gaps.iter().map(|g| g["verdict"].as_str()).collect();
    for v in ["engage", "grow", "incubate", "not_addressable", "served"] {
        assert!(verdicts.contains(v), "no market is {v}: {verdicts:?}");
    }
    // Each market's verdict is the one the generator designed.
    for t in rows(&repo().join("sample-data/truth/gap_markets.csv")) {
        let g = gaps
            .iter()
            .find(|g| g["area"] == t["area"] && g["market"] == t["market"])
            .unwrap_or_else(|| panic!("no gap row for {t:?}"));
        assert_eq!(
            g["verdict"], t["verdict"],
            "{} in {}: {}",
            t["market"], t["area"], g["reason"]
        );
    }
    // The calendar lists exactly the contracts the generator says qualify.
    let key = |r: &BTreeMap<String, String>| {
        ["area", "reference", "anchor", "market", "relet_date"].map(|k| {
            let k = if k == "anchor" && r.contains_key("anchor_id") {
                "anchor_id"
            } else {
                k
            };
            r[k].clone()
        })
    };
    let got: BTreeSet<_> = rows(&dir.path().join("calendar.csv"))
        .iter()
        .map(key)
        .collect();
    let want: BTreeSet<_> = rows(&repo().join("sample-data/truth/calendar.csv"))
        .iter()
        .map(key)
        .collect();
    assert_eq!(got, want);
    // Every contract is accounted for, the unreadable value named.
    let contracts = rows(&dir.path().join("contracts.csv"));
    assert_eq!(contracts.len(), 17);
    let tbc = contracts
        .iter()
        .find(|c| c["reference"] == "OCC-EVT-12")
        .unwrap();
    assert!(tbc["problems"].contains("\"TBC\""), "{tbc:?}");
}

#[test]
fn gap_sums_reconcile_with_the_classified_transactions() {
    let dir = sample_run();
    // Influenceable pence by market, summed here from transactions.parquet.
    let df = read_parquet(&dir.path().join("transactions.parquet"));
    let market = df.column("market").unwrap().str().unwrap().clone();
    let pence = df.column("amount_pence").unwrap().i64().unwrap().clone();
    let inf = df.column("influenceable").unwrap().bool().unwrap().clone();
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    for i in 0..df.height() {
        if inf.get(i) == Some(true) {
            *want.entry(market.get(i).unwrap().to_string()).or_default() += pence.get(i).unwrap();
        }
    }
    for area in ["Oxford", "Oxfordshire"] {
        let mut got: BTreeMap<String, i64> = BTreeMap::new();
        for g in rows(&dir.path().join("gaps.csv"))
            .iter()
            .filter(|g| g["area"] == area)
        {
            let n = |k: &str| g[k].parse::<i64>().unwrap();
            // Every influenceable penny of the market is local, leaking or unplaced.
            assert_eq!(
                n("local_pence") + n("leakage_pence") + n("unplaced_pence"),
                n("influenceable_pence"),
                "{g:?}"
            );
            got.insert(g["market"].clone(), n("influenceable_pence"));
        }
        assert_eq!(got, want, "{area}");
    }
}
