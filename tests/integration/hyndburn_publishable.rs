//! A borough's own year, as a new user runs it: Hyndburn's twelve ledgers of 2023/24 from
//! ../shared/data/real, the real Co-operatives UK register, IMD 2019 and the area lookup —
//! and no postcode directory or Companies House data. Nothing can be placed or sized, so
//! the baseline must say so: coverage beside every share, "not known" instead of 0.0%, no
//! `incubate` gap ranked from unplaced spend, the missing reference data named with where
//! to get it. Then a person fills in to_check.xlsx for its top rows, and coverage rises by
//! exactly those suppliers' spend, in that year and the next.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use calamine::{Reader, open_workbook_auto};

const YEAR: [&str; 12] = [
    "April-2023.csv",
    "1700664724wpdm_May-2023-csv.csv",
    "June-23-csv.csv",
    "1694702240wpdm_July-23-csv.csv",
    "August-23-csv.csv",
    "1698840997wpdm_September-2023.csv",
    "October-2023.csv",
    "November-23-csv.csv",
    "December-23.csv",
    "January-24.csv",
    "SpendOver250Feb24.csv",
    "Spend-over-250.00-Mar-24.csv",
];

/// Two months of the year after, for the decisions carried over.
const NEXT: [&str; 2] = ["April-24.csv", "May-24.csv"];

fn study(real: &Path, files: &[&str], review: Option<&str>) -> String {
    let mut s = String::from(
        "name = \"Hyndburn Borough Council\"\n[[anchor]]\nid = \"hyndburn\"\nname = \"Hyndburn Borough Council\"\n",
    );
    for f in files {
        let p = real.join("ledgers/hyndburn").join(f);
        s += &format!("[[anchor.ledger]]\npath = {:?}\n", p.to_str().unwrap());
    }
    let geo = real.join("geo");
    s += &format!(
        "[reference]\ndeprivation = {:?}\nareas = [{:?}]\nregisters = [{{ kind = \"coops_uk\", path = {:?} }}]\n",
        geo.join("File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz")
            .to_str()
            .unwrap(),
        geo.join("OA11_LSOA11_MSOA11_LAD17_OAC_lookup_fe6c55f0924b4734adf1cf7104a0173e_0.csv.gz")
            .to_str()
            .unwrap(),
        real.join("coops/coopsuk_standard_2023-03-02.csv")
            .to_str()
            .unwrap(),
    );
    s += "[[band]]\nname = \"Hyndburn\"\nlads = [\"E07000120\"]\n[[band]]\nname = \"Lancashire\"\ncounties = [\"E10000017\"]\n[gaps]\nareas = [\"Hyndburn\", \"Lancashire\"]\n";
    if let Some(r) = review {
        s += &format!("[review]\nworkbook = {r:?}\n");
    }
    s
}

fn run(dir: &Path, name: &str, text: &str) -> (std::process::Output, std::path::PathBuf) {
    std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    let o = spendgap(dir, &["run", &format!("{name}.toml"), "--out", name]);
    (o, dir.join(name))
}

/// The pence of a metric of ALL in `year`, from metrics.csv.
fn metric_pence(out: &Path, year: &str, metric: &str) -> i64 {
    let mut r = csv::Reader::from_path(out.join("metrics.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let at = |n: &str| h.iter().position(|c| c == n).unwrap();
    r.records()
        .map(Result::unwrap)
        .find(|x| {
            &x[at("anchor_id")] == "ALL" && &x[at("year")] == year && &x[at("metric")] == metric
        })
        .map(|x| x[at("numerator_pence")].parse().unwrap())
        .unwrap_or_else(|| panic!("no {metric} for {year}"))
}

#[test]
fn a_year_with_nothing_placed_says_so_and_a_persons_answers_raise_coverage() {
    let Some(real) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (o, out) = run(tmp.path(), "y2324", &study(&real, &YEAR, None));
    let (said, err) = (stdout(&o), stderr(&o));
    assert_eq!(code(&o), 1, "{said}{err}");

    // The closing lines: coverage, "not known", and the missing data with its source.
    assert!(
        said.contains("of the influenceable spend: 0% placed"),
        "{said}"
    );
    assert!(
        said.contains("Spent with suppliers in Hyndburn           not known"),
        "{said}"
    );
    let closing = &said[said.find("report: ").expect("the report's lines")..];
    assert!(
        !closing.contains(" 0.0%"),
        "no share is printed as 0.0%:\n{closing}"
    );
    assert!(
        said.contains("get it from https://geoportal.statistics.gov.uk"),
        "{said}"
    );
    assert!(said.contains("download.companieshouse.gov.uk"), "{said}");
    assert!(err.contains("headline figure(s) not known"), "{err}");

    // summary.json: coverage on every share, no value where nothing is known.
    let s = json(&out.join("summary.json"));
    assert_eq!(s["year"], "2023/24");
    assert_eq!(s["year_status"], "complete");
    let stray: Vec<&str> = s["other_years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_str().unwrap())
        .collect();
    assert!(
        stray.contains(&"2022/23"),
        "March 2023 card payments are a stray year: {stray:?}"
    );
    assert!(
        s["compared_year"].is_null(),
        "a stray year is never compared"
    );
    for h in s["headline"].as_array().unwrap() {
        if h["unit"] == "share" {
            assert!(h["coverage"].is_number(), "{h}");
            if h["standing"] == "not_known" {
                assert!(h["value"].is_null(), "{h}");
            }
        }
    }
    let missing: Vec<&str> = s["missing_reference"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert!(
        missing.contains(&"postcodes") && missing.contains(&"companies_house"),
        "{missing:?}"
    );

    // The report: coverage first, "not known", the downloads named; no 0.0% headline.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("not known"));
    assert!(html.contains("geoportal.statistics.gov.uk"));
    assert!(!html.contains("Oxford"), "no place but the study's own");
    assert!(
        !html.contains("All anchors"),
        "one anchor: no partnership rows"
    );
    // The headline chart draws the unseen part of the spend as its own bar, and gives a
    // figure that is not known no bar and no "0%" (the one zero shown is the provisional
    // "none found" for co-operatives, and the axis' origin).
    let chart = std::fs::read_to_string(out.join("charts/trend.svg")).unwrap();
    assert!(chart.contains("Spend it rests on nothing known about"));
    let zeros = chart.lines().filter(|l| l.trim() == "0%").count();
    assert!(zeros <= 2, "{zeros} zero labels");

    // No gap is ranked from unplaced spend; the markets are "unknown", with the reason.
    let mut g = csv::Reader::from_path(out.join("gaps.csv")).unwrap();
    let h = g.headers().unwrap().clone();
    let (v, why) = (
        h.iter().position(|c| c == "verdict").unwrap(),
        h.iter().position(|c| c == "reason").unwrap(),
    );
    let rows: Vec<csv::StringRecord> = g.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| &r[v] != "incubate"));
    assert!(
        rows.iter()
            .any(|r| &r[v] == "unknown" && r[why].contains("could not be placed")),
        "unknown markets say why"
    );
    let opportunities = std::fs::read_to_string(out.join("opportunities.csv")).unwrap();
    assert_eq!(
        opportunities.lines().count(),
        1,
        "nothing ranked: {opportunities}"
    );

    // A person fills in the size of the top five suppliers of to_check.xlsx.
    let mut wb = open_workbook_auto(out.join("to_check.xlsx")).unwrap();
    let sheet = wb.worksheet_range("to_check").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert!(header.iter().any(|h| h == "size_band") && header[0] == "supplier_id");
    let body: Vec<Vec<String>> = rows
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    // Each row carries the register record nearest its name, for the person to check.
    let near = header
        .iter()
        .position(|h| h == "closest_register_record")
        .unwrap();
    assert!(body.iter().any(|r| r[near].starts_with("coops_uk:")));
    let top: Vec<String> = body.iter().take(5).map(|r| r[0].clone()).collect();
    assert_eq!(top.len(), 5);
    let mut filled = rust_xlsxwriter::Workbook::new();
    let ws = filled.add_worksheet();
    ws.set_name("to_check").unwrap();
    ws.write_string(0, 0, "supplier_id").unwrap();
    ws.write_string(0, 1, "size_band").unwrap();
    ws.write_string(0, 2, "note").unwrap();
    for (i, id) in top.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, id).unwrap();
        ws.write_string(i as u32 + 1, 1, "small").unwrap();
        ws.write_string(i as u32 + 1, 2, "from the invoices")
            .unwrap();
    }
    // A row left blank decides nothing.
    ws.write_string(6, 0, "S000000000000").unwrap();
    filled.save(tmp.path().join("filled.xlsx")).unwrap();

    // Their influenceable spend in 2023/24, from the first run's transactions.
    let tx = read_parquet(&out.join("transactions.parquet"));
    let ids = strings(&tx, "supplier_id");
    let counted: Vec<Option<bool>> = tx
        .column("influenceable")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    let pence: Vec<Option<i64>> = tx
        .column("amount_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    let dates = tx.column("date").unwrap().date().unwrap().clone();
    let wanted: BTreeSet<&str> = top.iter().map(String::as_str).collect();
    let (from, to) = (19448, 19814); // 2023-04-01 and 2024-04-01, days since 1970
    let expected: i64 = (0..tx.height())
        .filter(|&i| counted[i] == Some(true))
        .filter(|&i| ids[i].as_deref().is_some_and(|s| wanted.contains(s)))
        .filter(|&i| dates.phys.get(i).is_some_and(|d| (from..to).contains(&d)))
        .map(|i| pence[i].unwrap())
        .sum();
    assert!(expected > 0);

    let (o2, out2) = run(
        tmp.path(),
        "y2324b",
        &study(&real, &YEAR, Some("filled.xlsx")),
    );
    assert!(code(&o2) <= 1, "{}{}", stdout(&o2), stderr(&o2));
    let before = metric_pence(&out, "2023/24", "size:unknown");
    let after = metric_pence(&out2, "2023/24", "size:unknown");
    assert_eq!(
        before - after,
        expected,
        "sized coverage rises by their spend exactly"
    );
    assert_eq!(metric_pence(&out2, "2023/24", "size:small"), expected);

    // The next year's run keeps the decisions: the same suppliers are sized by the person.
    let (o3, out3) = run(
        tmp.path(),
        "y2425",
        &study(&real, &NEXT, Some("filled.xlsx")),
    );
    assert!(code(&o3) <= 1, "{}{}", stdout(&o3), stderr(&o3));
    let sup = read_parquet(&out3.join("suppliers.parquet"));
    let (sid, source) = (strings(&sup, "supplier_id"), strings(&sup, "size_source"));
    let kept: Vec<&str> = (0..sup.height())
        .filter(|&i| sid[i].as_deref().is_some_and(|s| wanted.contains(s)))
        .map(|i| source[i].as_deref().unwrap())
        .collect();
    assert!(
        !kept.is_empty(),
        "the top suppliers are paid again the next year"
    );
    assert!(kept.iter().all(|s| *s == "override"), "{kept:?}");
}
