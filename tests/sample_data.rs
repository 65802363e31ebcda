//! The README's main command on the bundled sample partnership: `spendgap run` regenerates
//! reports/, which must come out byte-identical to the committed copy (so the committed
//! report is current and the run is deterministic), and must reconcile.

mod common;

use common::*;

const OUTPUTS: [&str; 15] = [
    "transactions.parquet",
    "rejects.csv",
    "reconciliation.json",
    "suppliers.parquet",
    "supplier_names.parquet",
    "matches.csv",
    "review.csv",
    "suppliers.csv",
    "exclusions.csv",
    "unmapped_categories.csv",
    "metrics.csv",
    "metrics.parquet",
    "by_market.csv",
    "top_suppliers.csv",
    "trend.csv",
];

#[test]
fn run_regenerates_the_committed_reports() {
    let repo = repo();
    if !repo.join("sample-data/study.toml").exists() {
        panic!("sample-data/study.toml is missing: regenerate it with tools/samplegen");
    }
    let before: Vec<Option<Vec<u8>>> = OUTPUTS
        .iter()
        .map(|n| std::fs::read(repo.join("reports").join(n)).ok())
        .collect();
    let out = spendgap(&repo, &["run"]);
    assert!(code(&out) <= 1, "{}{}", stdout(&out), stderr(&out));
    for (name, old) in OUTPUTS.iter().zip(before) {
        let new = std::fs::read(repo.join("reports").join(name)).expect("run writes reports/");
        if let Some(old) = old {
            assert!(
                old == new,
                "reports/{name} changed: commit the regenerated reports/ (or find the nondeterminism)"
            );
        }
    }
    let rec = json(&repo.join("reports/reconciliation.json"));
    let t = &rec["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    assert_eq!(
        n("rows_read"),
        n("rows_accepted") + n("rows_duplicate") + n("rows_rejected") + n("rows_skipped")
    );
    assert!(
        n("rows_duplicate") > 0,
        "the sample has payments repeated across overlapping files"
    );
    assert_eq!(rec["anchors"].as_array().unwrap().len(), 4);
}
