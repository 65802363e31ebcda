//! The README's main command on the bundled sample partnership: a fresh `spendgap run`
//! must come out byte-identical to the committed reports/ (so the committed report is
//! current and the run is deterministic), and must reconcile.

use crate::common::*;

const OUTPUTS: [&str; 59] = [
    "transactions.parquet",
    "sources.json",
    "rejects.csv",
    "data_quality.csv",
    "reconciliation.json",
    "suppliers.parquet",
    "supplier_names.parquet",
    "matches.csv",
    "review.csv",
    "suppliers.csv",
    "suppliers.geojson",
    "areas.geojson",
    "districts.geojson",
    "exclusions.csv",
    "unmapped_categories.csv",
    "metrics.csv",
    "metrics.parquet",
    "by_market.csv",
    "top_suppliers.csv",
    "trend.csv",
    "years.csv",
    "measure.json",
    "payments.csv",
    "gaps.csv",
    "gaps.parquet",
    "opportunities.csv",
    "calendar.csv",
    "contracts.csv",
    "local_suppliers.csv",
    "shared_suppliers.csv",
    "directory.csv",
    "directory.geojson",
    "directory.xlsx",
    "changes.csv",
    "to_check.xlsx",
    "report.html",
    "baseline.xlsx",
    "summary.json",
    "run.json",
    "charts/spend-by-band.svg",
    "charts/spend-by-band.png",
    "charts/trend.svg",
    "charts/trend.png",
    "charts/ownership.svg",
    "charts/ownership.png",
    "charts/size.svg",
    "charts/size.png",
    "charts/top-suppliers.svg",
    "charts/top-suppliers.png",
    "charts/gaps.svg",
    "charts/gaps.png",
    "charts/calendar.svg",
    "charts/calendar.png",
    "charts/map-spend.svg",
    "charts/map-spend.png",
    "charts/map-economy.svg",
    "charts/map-economy.png",
    "charts/map-districts.svg",
    "charts/map-districts.png",
];

#[test]
fn run_regenerates_the_committed_reports() {
    let repo = repo();
    if !repo.join("sample-data/study.toml").exists() {
        panic!("sample-data/study.toml is missing: regenerate it with tools/samplegen");
    }
    // A fresh run into a folder of its own, compared with the committed copy: writing over
    // reports/ itself would let a second test run pass after a first one failed.
    let dir = tempfile::tempdir().unwrap();
    // Twice, as the README's command runs over the committed folder: the directory's
    // changes.csv counts from the directory the run replaces.
    for _ in 0..2 {
        let out = spendgap(&repo, &["run", "--out", dir.path().to_str().unwrap()]);
        assert!(code(&out) <= 1, "{}{}", stdout(&out), stderr(&out));
    }
    // Every file the run writes is listed (and so compared): none escapes the check.
    let mut written: Vec<String> = Vec::new();
    for entry in walk(dir.path()) {
        written.push(entry);
    }
    let mut listed: Vec<String> = OUTPUTS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    written.sort();
    assert_eq!(written, listed, "the run's files and OUTPUTS differ");
    for name in OUTPUTS {
        let committed = std::fs::read(repo.join("reports").join(name)).unwrap_or_else(|_| {
            panic!("reports/{name} is not committed: run `cargo run --release -- run`")
        });
        let fresh = std::fs::read(dir.path().join(name)).expect("run writes every output");
        assert!(
            committed == fresh,
            "reports/{name} differs from a fresh run: run `cargo run --release -- run` and commit reports/ (or find the nondeterminism)"
        );
    }
    let rec = json(&dir.path().join("reconciliation.json"));
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

/// payments.csv holds every classified payment once, its pence as transactions.parquet's
/// (summed here from the parquet, not from the code that wrote the CSV), and the workbook
/// holds it as a sheet.
#[test]
fn payments_csv_holds_every_payment_and_the_workbook_a_sheet_of_them() {
    let reports = repo().join("reports");
    let tx = read_parquet(&reports.join("transactions.parquet"));
    let total: i64 = tx
        .column("amount_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .map(Option::unwrap)
        .sum();
    let mut r = csv::Reader::from_path(reports.join("payments.csv")).unwrap();
    let at = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "amount_pence")
        .unwrap();
    let (mut rows, mut pence) = (0usize, 0i64);
    for rec in r.records() {
        let rec = rec.unwrap();
        rows += 1;
        pence += rec[at].parse::<i64>().unwrap();
    }
    assert_eq!((rows, pence), (tx.height(), total));
    let mut z =
        zip::ZipArchive::new(std::fs::File::open(reports.join("baseline.xlsx")).unwrap()).unwrap();
    let mut names = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut names).unwrap();
    assert!(names.contains("name=\"payments\""), "{names}");
}
