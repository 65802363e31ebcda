//! The report stage on the committed sample run (reports/, which tests/integration/sample_data.rs
//! proves current): the workbook's sheets and formats, summary.json's figures, the
//! charts' numbers and the page's sections. Expected figures are read straight from the
//! run's CSV files with the csv crate, not through the report's own readers.

use std::collections::BTreeMap;
use std::io::Read;

use crate::common::*;
use calamine::{Data, Reader, Xlsx};
use spendgap::report::charts::Kind;

fn reports() -> std::path::PathBuf {
    repo().join("reports")
}

/// A CSV file of the run as (header → column index, rows).
fn csv_rows(name: &str) -> (BTreeMap<String, usize>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(reports().join(name)).unwrap();
    let head = r
        .headers()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (head, rows)
}

fn zip_text(path: &std::path::Path, inner: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(inner).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn workbook_has_every_table_as_a_formatted_sheet() {
    let path = reports().join("baseline.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "README");
    for (file, _) in spendgap::report::tables::RUN_TABLES {
        let sheet = file.trim_end_matches(".csv");
        assert!(
            names.iter().any(|n| n == sheet),
            "no sheet {sheet}: {names:?}"
        );
    }
    assert!(names.iter().any(|n| n == "reconciliation"));
    // by_market: every row, money in pounds = the CSV's pence / 100.
    let (head, rows) = csv_rows("by_market.csv");
    let range = wb.worksheet_range("by_market").unwrap();
    assert_eq!(range.height(), rows.len() + 1);
    let col = head["influenceable_pence"];
    assert_eq!(
        range.get((0, col)),
        Some(&Data::String("influenceable_gbp".into()))
    );
    for (i, row) in rows.iter().enumerate() {
        let pence: i64 = row[col].parse().unwrap();
        match range.get((i + 1, col)) {
            Some(Data::Float(v)) => assert!((v * 100.0 - pence as f64).abs() < 1e-6, "row {i}"),
            other => panic!("row {i}: {other:?}"),
        }
        // Text stays text: anchor ids and markets are strings.
        assert_eq!(
            range.get((i + 1, head["market"])),
            Some(&Data::String(row[head["market"]].clone()))
        );
    }
    // Register ids keep their leading zeros (written as text, not numbers).
    let matches = wb.worksheet_range("matches").unwrap();
    let (mh, mrows) = csv_rows("matches.csv");
    let with_zero = mrows
        .iter()
        .position(|r| r[mh["register_id"]].starts_with('0'))
        .unwrap();
    assert_eq!(
        matches.get((with_zero + 1, mh["register_id"])),
        Some(&Data::String(mrows[with_zero][mh["register_id"]].clone()))
    );
    // Number formats, frozen header rows and filters, read from the file's XML.
    let styles = zip_text(&path, "xl/styles.xml");
    for fmt in ["£#,##0.00", "0.0%", "#,##0", "0.000"] {
        assert!(
            styles.contains(&format!("formatCode=\"{fmt}\"")),
            "styles lack {fmt}"
        );
    }
    let sheet = zip_text(&path, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("<pane ySplit=\"1\""), "header row frozen");
    assert!(sheet.contains("<autoFilter"), "header row filtered");
    assert!(sheet.contains("<col "), "column widths set");
}

#[test]
fn summary_figures_agree_with_the_metrics_table() {
    let s = json(&reports().join("summary.json"));
    let (head, rows) = csv_rows("metrics.csv");
    let get = |anchor: &str, year: &str, metric: &str, col: &str| -> String {
        rows.iter()
            .find(|r| {
                r[head["anchor_id"]] == anchor
                    && r[head["year"]] == year
                    && r[head["metric"]] == metric
            })
            .map(|r| r[head[col]].clone())
            .unwrap_or_default()
    };
    let year = s["year"].as_str().unwrap();
    assert_eq!(year, "2024/25", "the latest year of the sample");
    assert_eq!(s["compared_year"], "2023/24");
    let headline = s["headline"].as_array().unwrap();
    let find = |m: &str| {
        headline
            .iter()
            .find(|h| h["metric"] == m)
            .unwrap_or_else(|| panic!("{m}"))
    };
    assert_eq!(
        find("influenceable_spend")["pence"].as_i64().unwrap(),
        get("ALL", year, "influenceable_spend", "numerator_pence")
            .parse::<i64>()
            .unwrap()
    );
    // "Within Oxfordshire" adds the Oxford and Oxfordshire bands' money.
    let within: i64 = ["band:Oxford", "band:Oxfordshire"]
        .iter()
        .map(|b| {
            get("ALL", year, b, "numerator_pence")
                .parse::<i64>()
                .unwrap()
        })
        .sum();
    assert_eq!(
        find("within:Oxfordshire")["pence"].as_i64().unwrap(),
        within
    );
    let prev: f64 = ["band:Oxford", "band:Oxfordshire"]
        .iter()
        .map(|b| get("ALL", "2023/24", b, "value").parse::<f64>().unwrap())
        .sum();
    let change = find("within:Oxfordshire")["change"].as_f64().unwrap();
    let value = find("within:Oxfordshire")["value"].as_f64().unwrap();
    assert!((value - prev - change).abs() < 1e-12);
    let rec = json(&reports().join("reconciliation.json"));
    assert_eq!(s["reconciliation"]["rows_read"], rec["totals"]["rows_read"]);
    // Unnamed payees: counted from suppliers.csv, individuals by their ownership form.
    let (sh, srows) = csv_rows("suppliers.csv");
    let individuals = srows
        .iter()
        .filter(|r| r[sh["ownership_form"]] == "individual" && r[sh["shown_name"]] != "(redacted)")
        .count();
    assert_eq!(
        s["unnamed_payees"]["individuals"].as_u64().unwrap() as usize,
        individuals
    );
    assert!(individuals > 0);
    assert_eq!(s["opportunities"][0]["market"], "Security services");
}

#[test]
fn charts_are_the_tables_numbers() {
    let report = spendgap::report::Report::build(&reports()).unwrap();
    let ids: Vec<&str> = report.charts.iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            "spend-by-band",
            "trend",
            "ownership",
            "size",
            "top-suppliers",
            "gaps",
            "calendar"
        ]
    );
    let (head, rows) = csv_rows("metrics.csv");
    let by_band = &report.charts[0];
    let Kind::Bars {
        rows: labels,
        series,
        stacked: true,
        ..
    } = &by_band.kind
    else {
        panic!("spend by band is stacked bars")
    };
    assert_eq!(labels.last().unwrap(), "All anchors");
    // Each bar is its anchor's band shares, as metrics.csv gives them; they add to 1.
    let oxford = series.iter().find(|s| s.name == "Oxford").unwrap();
    let want: f64 = rows
        .iter()
        .find(|r| {
            r[head["anchor_id"]] == "ALL"
                && r[head["year"]] == "2024/25"
                && r[head["metric"]] == "band:Oxford"
        })
        .unwrap()[head["value"]]
        .parse()
        .unwrap();
    assert_eq!(*oxford.values.last().unwrap(), want);
    for (i, label) in labels.iter().enumerate() {
        let total: f64 = series.iter().map(|s| s.values[i]).sum();
        assert!((total - 1.0).abs() < 1e-9, "{label}: {total}");
    }
    // The calendar chart has a point per contract in the first area's calendar.
    let (ch, crow) = csv_rows("calendar.csv");
    let first_area = &crow[0][ch["area"]];
    let Kind::Timeline { points, .. } = &report.charts[6].kind else {
        panic!()
    };
    assert_eq!(
        points.len(),
        crow.iter().filter(|r| &r[ch["area"]] == first_area).count()
    );
    // Every chart is on disk as SVG and PNG, and inlined in the page.
    let html = std::fs::read_to_string(reports().join("report.html")).unwrap();
    for id in ids {
        assert!(reports().join(format!("charts/{id}.svg")).exists());
        let png = std::fs::read(reports().join(format!("charts/{id}.png"))).unwrap();
        assert_eq!(&png[..4], b"\x89PNG");
        assert!(html.contains(&format!("id=\"chart-{id}\"")), "{id} inlined");
    }
}

#[test]
fn the_page_stands_alone_and_has_every_section() {
    let html = std::fs::read_to_string(reports().join("report.html")).unwrap();
    for id in [
        "summary",
        "reconciliation",
        "influenceable",
        "bands",
        "deprived",
        "sme",
        "ownership",
        "markets",
        "suppliers",
        "anchors",
        "gaps",
        "calendar",
        "quality",
        "method",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\"")),
            "section {id}"
        );
    }
    // The SVG namespace is a name, not an address the browser fetches.
    let own = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(
            !own.contains(outside),
            "report.html refers outside itself: {outside}"
        );
    }
    assert!(html.contains("@media print") && html.contains("break-before: page"));
    // The reconciliation identity is stated with the run's own numbers.
    let rec = json(&reports().join("reconciliation.json"));
    let n = |k: &str| commas(rec["totals"][k].as_u64().unwrap());
    let identity = format!(
        "The rows add up: {} = {} + {} + {} + {}.",
        n("rows_read"),
        n("rows_accepted"),
        n("rows_duplicate"),
        n("rows_rejected"),
        n("rows_skipped")
    );
    assert!(html.contains(&identity), "{identity}");
}

/// `2088` → `2,088`, written here rather than taken from the code under test.
fn commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn report_reruns_on_a_run_folder_alone() {
    // Copy the committed run's tables (not its report, nor the manifest that lists the
    // report) and report on the copy.
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(reports()).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let report_file =
            ["report.html", "baseline.xlsx", "summary.json", "run.json"].contains(&name.as_str());
        if e.path().is_file() && !report_file {
            std::fs::copy(e.path(), dir.path().join(&name)).unwrap();
        }
    }
    let o = spendgap(&repo(), &["report", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("report.html"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("Influenceable spend"),
        "ends with the headline figures"
    );
    for f in [
        "report.html",
        "baseline.xlsx",
        "summary.json",
        "charts/gaps.svg",
        "charts/gaps.png",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(reports().join(f)).unwrap(),
            "{f} is the same from the run folder alone"
        );
    }
    // Without the tables there is nothing to report on, and the message says what to run.
    let empty = tempfile::tempdir().unwrap();
    let o = spendgap(&repo(), &["report", empty.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("spendgap run"), "{}", stderr(&o));
}
