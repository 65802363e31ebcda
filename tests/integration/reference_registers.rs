//! Register loaders and places over the real Co-operatives UK data, compared with figures
//! computed independently by tests/expectations/reference/compute_reference.py. Skips,
//! saying so, when ../shared is absent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::*;
use spendgap::reference::RegisterKind;
use spendgap::reference::places::Places;
use spendgap::reference::registers::formats;
use spendgap::reference::registers::forms::Forms;

fn real() -> Option<PathBuf> {
    real_folder("coops").and_then(|coops| coops.parent().map(PathBuf::from))
}

/// `value,count` lines of an expectations CSV.
fn counts(name: &str) -> BTreeMap<String, usize> {
    let text =
        std::fs::read_to_string(repo().join("tests/expectations/reference").join(name)).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|x| x.unwrap())
        .map(|x| (x[0].to_string(), x[1].parse().unwrap()))
        .collect()
}

#[test]
fn coops_uk_2017_counts_by_ownership_class_and_legal_form() {
    let Some(real) = real() else { return };
    let path = real.join("coops/coopsuk_open_data_organisations_2017-06.csv");
    let t = formats::read(RegisterKind::CoopsUk, &path, &Forms::builtin()).unwrap();
    assert_eq!(t.len(), 8371);
    let mut by_class: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_form: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..t.len() {
        let o = t.get(i);
        *by_class
            .entry(o.ownership_class.unwrap_or_default())
            .or_insert(0) += 1;
        *by_form.entry(o.legal_form.unwrap_or_default()).or_insert(0) += 1;
    }
    assert_eq!(by_class, counts("coops2017_by_ownership.csv"));
    assert_eq!(by_form, counts("coops2017_by_legal_form.csv"));
}

#[test]
fn coops_uk_standard_layout_reads() {
    let Some(real) = real() else { return };
    let path = real.join("coops/coopsuk_standard_2023-03-02.csv");
    let t = formats::read(RegisterKind::CoopsUk, &path, &Forms::builtin()).unwrap();
    assert_eq!(t.len(), 7272);
    let first = t.get(0);
    assert_eq!(
        (first.register_id.as_str(), first.postcode.as_deref()),
        ("R000001", Some("M60 0AG"))
    );
    assert_eq!(first.sic_codes, vec!["47110"]);
    assert_eq!(first.ownership_class.as_deref(), Some("Consumers"));
}

#[test]
fn every_2017_coop_is_placed_or_reported_with_a_reason() {
    let Some(real) = real() else { return };
    let path = real.join("coops/coopsuk_open_data_organisations_2017-06.csv");
    let coops = formats::read(RegisterKind::CoopsUk, &path, &Forms::builtin()).unwrap();
    let mut nspl: Vec<PathBuf> = std::fs::read_dir(real.join("geo/nspl_nov2021_partial"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    nspl.sort();
    let places = Places::from_files(&nspl, None).unwrap();
    // Independent expectations: co-ops whose postcode the Python oracle found in the NSPL
    // files (valid postcodes in covered areas), plus the one it found after an O→0 repair.
    let expected = std::fs::read_to_string(
        repo().join("tests/expectations/reference/coops2017_postcodes.csv"),
    )
    .unwrap();
    let mut r = csv::Reader::from_reader(expected.as_bytes());
    let mut want_found: Vec<String> = Vec::new();
    for rec in r.records().map(|x| x.unwrap()) {
        if &rec[6] == "true" {
            want_found.push(rec[0].to_string());
        }
    }
    let (mut found, mut repaired, mut reported) = (Vec::new(), Vec::new(), 0);
    for i in 0..coops.len() {
        let o = coops.get(i);
        let p = places.place(o.postcode.as_deref().unwrap_or(""));
        match (&p.precision, &p.error) {
            (Some(prec), None) if prec == "postcode" => {
                found.push(o.register_id.clone());
                if p.repair.is_some() {
                    repaired.push((o.register_id.clone(), p.postcode.clone().unwrap()));
                }
            }
            (_, Some(why)) => {
                assert!(!why.is_empty());
                reported += 1;
            }
            (Some(_), None) => {} // an approximate place for a district or sector
            (None, None) => panic!("{} neither placed nor reported: {p:?}", o.register_id),
        }
    }
    assert_eq!(
        repaired,
        vec![("R005860".to_string(), "HX5 0HT".to_string())]
    );
    found.retain(|id| !repaired.iter().any(|(r, _)| r == id));
    found.sort();
    want_found.sort();
    assert_eq!(found, want_found, "postcodes placed through the NSPL files");
    assert!(
        reported > 7000,
        "co-ops outside the 20 areas given are reported, not dropped"
    );
    let outside = places.place("M60 0AG");
    assert!(
        outside
            .error
            .unwrap()
            .contains("outside the postcode files given")
    );
}

/// Co-ops UK's economy table joins onto its organisations by id. The expected counts are
/// computed by compute_reference.py (`coops2016_economy`): for rows with `Is Most
/// Recent?` = 1, the latest `Economic Year` per `CUK Organisation ID`, then how many of
/// the 2017 file's organisations have an employee count and a turnover (374 and 5,230
/// when written), and R000001's figures.
#[test]
fn coops_uk_economy_data_gives_size_evidence() {
    let Some(real) = real() else { return };
    let reference = spendgap::reference::Reference {
        registers: vec![
            (
                RegisterKind::CoopsUk,
                real.join("coops/coopsuk_open_data_organisations_2017-06.csv"),
            ),
            (
                RegisterKind::CoopsUk,
                real.join("coops/coopsuk_2016open_data_economy_final.csv"),
            ),
        ],
        ..Default::default()
    };
    let regs = spendgap::reference::registers::Registers::load(&reference).unwrap();
    assert_eq!(
        regs.files.len(),
        1,
        "the economy table adds size, not organisations"
    );
    let t = &regs.files[0].table;
    let want = json(&repo().join("tests/expectations/reference/coops2016_economy_summary.json"));
    let (mut employees, mut turnover) = (0, 0);
    for i in 0..t.len() {
        let o = t.get(i);
        employees += usize::from(o.employees.is_some());
        turnover += usize::from(o.turnover_pounds.is_some());
        if o.register_id == "R000001" {
            let r = &want["R000001"];
            assert_eq!(
                (o.employees.map(u64::from), o.turnover_pounds),
                (r["employees"].as_u64(), r["turnover_pounds"].as_i64())
            );
        }
    }
    assert_eq!(t.len() as u64, want["organisations_2017"].as_u64().unwrap());
    assert_eq!(
        (employees as u64, turnover as u64),
        (
            want["with_employees"].as_u64().unwrap(),
            want["with_turnover"].as_u64().unwrap()
        )
    );
}
