//! Reference loaders over the real public files in ../shared/data/real/geo, compared with
//! figures computed independently by tests/expectations/reference/compute_reference.py
//! (Python's csv and gzip; see the README there). Skips, saying so, when ../shared is absent.

use std::path::PathBuf;

use crate::common::*;
use spendgap::reference::cache::Cached;
use spendgap::reference::deprivation::DeprivationTable;
use spendgap::reference::places::Places;
use spendgap::reference::postcode_directory::PostcodeTable;

fn geo() -> Option<PathBuf> {
    real_folder("geo")
}

fn expectations(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/expectations/reference").join(name)).unwrap()
}

fn nspl_files(geo: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(geo.join("nspl_nov2021_partial"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn file1(geo: &std::path::Path) -> PathBuf {
    geo.join("File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz")
}

#[test]
fn imd_file_1_reads_every_lsoa_despite_thousands_separators() {
    let Some(geo) = geo() else { return };
    let t = DeprivationTable::read(&file1(&geo)).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&expectations("imd2019_file1_summary.json")).unwrap();
    assert_eq!(t.by_lsoa.len() as u64, want["lsoas"].as_u64().unwrap());
    let sum: u64 = t.by_lsoa.values().map(|d| u64::from(d.rank)).sum();
    assert_eq!(
        sum,
        want["rank_sum"].as_u64().unwrap(),
        "ranks parse despite \"29,199\""
    );
    for decile in 1..=10u8 {
        let n = t.by_lsoa.values().filter(|d| d.decile == decile).count() as u64;
        assert_eq!(
            n,
            want["decile_counts"][decile.to_string()].as_u64().unwrap(),
            "decile {decile}"
        );
    }
    for s in want["samples"].as_array().unwrap() {
        let d = &t.by_lsoa[s["lsoa11"].as_str().unwrap()];
        assert_eq!(u64::from(d.rank), s["rank"].as_u64().unwrap());
        assert_eq!(u64::from(d.decile), s["decile"].as_u64().unwrap());
    }
}

#[test]
fn every_nspl_imd_rank_equals_file_1_for_its_lsoa() {
    let Some(geo) = geo() else { return };
    let table = PostcodeTable::read(&nspl_files(&geo)).unwrap();
    let dep = DeprivationTable::read(&file1(&geo)).unwrap();
    let summary = expectations("nspl_summary.csv");
    let total: Vec<&str> = summary
        .lines()
        .find(|l| l.starts_with("TOTAL,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(table.len().to_string(), total[1], "rows");
    let terminated = table.rows().filter(|r| r.terminated.is_some()).count();
    assert_eq!(
        terminated.to_string(),
        total[3],
        "terminated postcodes flagged"
    );
    let (mut english, mut matched) = (0, 0);
    for row in table.rows() {
        if let Some(d) = dep.by_lsoa.get(row.lsoa) {
            english += 1;
            assert_eq!(row.imd_rank, Some(d.rank), "{}", row.postcode);
            matched += 1;
        }
    }
    assert_eq!(english.to_string(), total[4]);
    assert_eq!(matched.to_string(), total[5]);
}

#[test]
fn the_cache_loads_what_was_read() {
    let Some(geo) = geo() else { return };
    let files = nspl_files(&geo);
    let table = PostcodeTable::read(&files).unwrap();
    let back = PostcodeTable::decode(&table.encode()).unwrap();
    assert_eq!(table.len(), back.len());
    assert!(table.rows().zip(back.rows()).all(|(a, b)| a == b));
}

#[test]
fn place_repairs_keying_errors_and_approximates_districts() {
    let Some(geo) = geo() else { return };
    let places = Places::from_files(&nspl_files(&geo), Some(&file1(&geo))).unwrap();
    let p = places.place("hx5 oht");
    assert_eq!(p.postcode.as_deref(), Some("HX5 0HT"));
    assert!(p.repair.as_deref().unwrap().contains("O"), "{p:?}");
    assert!(p.lsoa.is_some() && p.imd_decile.is_some(), "{p:?}");
    let d = places.place("HX5");
    assert_eq!(d.precision.as_deref(), Some("district"));
    assert!(d.lad.is_some() && d.lsoa.is_none(), "{d:?}");
    let bad = places.place("B6 4D5");
    assert!(bad.error.is_some() && bad.postcode.is_none(), "{bad:?}");
}

#[test]
fn place_command_prints_json_in_order() {
    let Some(geo) = geo() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let ledger = repo().join("tests/fixtures/ledgers/city_2024_04.csv");
    let study = tmp.path().join("s.toml");
    std::fs::write(
        &study,
        format!(
            "name = \"t\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = {:?}\n[reference]\npostcodes = [{:?}]\ndeprivation = {:?}\n",
            ledger.to_str().unwrap(),
            geo.join("nspl_nov2021_partial/*.csv.gz").to_str().unwrap(),
            file1(&geo).to_str().unwrap()
        ),
    )
    .unwrap();
    let s = study.to_str().unwrap();
    let out = spendgap(
        tmp.path(),
        &[
            "place", "--study", s, "--json", "DT1 1AA", "nonsense", "HX5 OHT",
        ],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(code(&out), 1, "one postcode could not be placed");
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 3);
    assert_eq!(a[0]["input"], "DT1 1AA");
    assert_eq!(a[0]["lad"], "E06000059");
    assert_eq!(a[0]["lsoa"], "E01032643");
    assert_eq!(a[0]["imd_rank"], 23347);
    assert!(a[0]["repair"].is_null() && a[0]["error"].is_null());
    assert!(a[1]["postcode"].is_null() && a[1]["error"].is_string());
    assert_eq!(a[2]["postcode"], "HX5 0HT");
    assert!(a[2]["repair"].is_string());
    // A second run loads the postcode directory from the cache.
    assert!(tmp.path().join(".spendgap-cache").is_dir());
    let again = spendgap(tmp.path(), &["place", "--study", s, "--json", "DT1 1AA"]);
    let w: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(w[0], a[0]);
}
