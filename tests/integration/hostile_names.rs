//! Supplier names that attack the tools people open outputs with — spreadsheet formulas,
//! a script tag, a DDE command — and a private individual, run through every stage
//! (tests/fixtures/hostile). Every output a person opens must show them inert, escaped
//! or, for the individual, not at all; and the report says how many went unnamed.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;

const PERSON: &str = "John Smith";

/// Made-up private individuals in the forms ledgers write them — surname first with a
/// comma, initials only, the title after, a role after a dash or in brackets, names from
/// many cultures — each paid for works or a service, so that each is influenceable spend
/// and would rank among the top suppliers if it were named. A word of each name, which
/// no output for people may hold.
const PEOPLE: [&str; 8] = [
    "WHITLOCK",
    "HALVERSON",
    "QUILLAN",
    "FENWICK",
    "Nguyen",
    "Bhriain",
    "Mensah",
    "EDWINA",
];

fn names_someone(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    std::iter::once(PERSON)
        .chain(PEOPLE)
        .find(|p| lower.contains(&p.to_lowercase()))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A field a spreadsheet would run as a formula (numbers like -5.00 are numbers).
fn live_formula(field: &str) -> bool {
    match field.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !field[1..].chars().all(|c| c.is_ascii_digit() || c == '.'),
        _ => false,
    }
}

#[test]
fn hostile_names_reach_every_output_inert_escaped_or_unnamed() {
    let dir = tempfile::tempdir().unwrap();
    let study = repo().join("tests/fixtures/hostile/study.toml");
    let o = spendgap(
        &repo(),
        &[
            "run",
            study.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        names_someone(&stdout(&o)).is_none(),
        "the terminal summary names nobody"
    );
    let all = files(dir.path());
    assert!(all.iter().any(|p| p.ends_with("report.html")), "{all:?}");
    let mut csv_fields = 0;
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_path(path)
                    .unwrap();
                for rec in r.records() {
                    for field in rec.unwrap().iter() {
                        csv_fields += 1;
                        assert!(!live_formula(field), "{name}: live formula {field:?}");
                        assert_eq!(names_someone(field), None, "{name} names an individual");
                    }
                }
            }
            "html" | "svg" => {
                let text = std::fs::read_to_string(path).unwrap();
                assert!(!text.contains("<script"), "{name} carries a script tag");
                assert!(
                    !text.contains("<b>partnership"),
                    "{name} carries the study name's markup"
                );
                assert_eq!(names_someone(&text), None, "{name} names an individual");
                // A control character is not allowed in XML: one in a payee's name made
                // top-suppliers.svg unreadable.
                assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
                    "{name} carries a control character"
                );
            }
            // JSON is data, not markup: text is kept as written, but nobody is named.
            "json" | "geojson" => {
                let text = std::fs::read_to_string(path).unwrap();
                assert_eq!(names_someone(&text), None, "{name} names an individual");
            }
            "xlsx" => check_workbook(path),
            _ => {} // parquet: the faithful machine copy of the ledgers, not opened by people
        }
    }
    assert!(csv_fields > 100, "the CSV outputs were read");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; Ltd"),
        "the script-named supplier is shown, escaped"
    );
    assert!(
        html.contains("1 private individual(s)"),
        "the report counts the unnamed payee"
    );
    assert!(
        html.contains("8 other payee(s)"),
        "the report counts the payees withheld for want of evidence"
    );
    // Their money is counted: they hold most of the influenceable spend.
    let top = std::fs::read_to_string(dir.path().join("top_suppliers.csv")).unwrap();
    assert!(top.contains("payee withheld (S"), "{top}");
    // The formula-named suppliers appear in the tables, made inert.
    let suppliers = std::fs::read_to_string(dir.path().join("suppliers.csv")).unwrap();
    assert!(suppliers.contains("\"'=HYPERLINK("), "{suppliers}");
    assert!(suppliers.contains("'+cmd|"), "{suppliers}");
    assert!(suppliers.contains("'@SUM(A1:A9)"), "{suppliers}");
    let chart = std::fs::read_to_string(dir.path().join("charts/top-suppliers.svg")).unwrap();
    assert!(
        chart.contains("Escape Printers Ltd"),
        "the supplier with a control character is drawn, without it"
    );
}

/// No cell of the workbook is a formula; hostile text is quote-prefixed text; nobody is named.
fn check_workbook(path: &Path) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut quote_prefixed = false;
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        assert!(
            !text.contains("<f>") && !text.contains("<f "),
            "{name} holds a formula"
        );
        assert_eq!(names_someone(&text), None, "{name} names an individual");
        assert!(
            !text.contains('\u{1b}'),
            "{name} carries a control character"
        );
        quote_prefixed |= name == "xl/styles.xml" && text.contains("quotePrefix=\"1\"");
        if name == "xl/sharedStrings.xml" && path.ends_with("baseline.xlsx") {
            assert!(text.contains("=HYPERLINK("), "the name is kept, as text");
        }
    }
    assert!(quote_prefixed, "hostile text carries Excel's quote prefix");
}
