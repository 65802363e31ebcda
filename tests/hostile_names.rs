//! Supplier names that attack the tools people open outputs with — spreadsheet formulas,
//! a script tag, a DDE command — and a private individual, run through every stage
//! (tests/fixtures/hostile). Every output a person opens must show them inert, escaped
//! or, for the individual, not at all; and the report says how many went unnamed.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;

const PERSON: &str = "John Smith";

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
        !stdout(&o).contains(PERSON),
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
                        assert!(!field.contains(PERSON), "{name} names the individual");
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
                assert!(!text.contains(PERSON), "{name} names the individual");
            }
            // JSON is data, not markup: text is kept as written, but nobody is named.
            "json" => {
                let text = std::fs::read_to_string(path).unwrap();
                assert!(!text.contains(PERSON), "{name} names the individual");
            }
            "xlsx" => check_workbook(path),
            _ => {} // parquet: the faithful machine copy of the ledgers, not opened by people
        }
    }
    assert!(csv_fields > 100, "the CSV outputs were read");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "the script-named supplier is shown, escaped"
    );
    assert!(
        html.contains("1 private individual(s)"),
        "the report counts the unnamed payee"
    );
    // The formula-named suppliers appear in the tables, made inert.
    let suppliers = std::fs::read_to_string(dir.path().join("suppliers.csv")).unwrap();
    assert!(suppliers.contains("\"'=HYPERLINK("), "{suppliers}");
    assert!(suppliers.contains("'+cmd|"), "{suppliers}");
    assert!(suppliers.contains("'@SUM(A1:A9)"), "{suppliers}");
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
        assert!(!text.contains(PERSON), "{name} names the individual");
        quote_prefixed |= name == "xl/styles.xml" && text.contains("quotePrefix=\"1\"");
        if name == "xl/sharedStrings.xml" {
            assert!(text.contains("=HYPERLINK("), "the name is kept, as text");
        }
    }
    assert!(quote_prefixed, "hostile text carries Excel's quote prefix");
}
