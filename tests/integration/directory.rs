//! `spendgap directory` on small hand-made lists over the sample partnership's postcode
//! directory: what is merged, what is left out and why, the area, the standard layout,
//! valid GeoJSON, and the changes between two runs. Every expectation is worked out by
//! hand from the rows written here.

use std::path::Path;

use crate::common::*;

/// A Co-operatives UK standard-layout list (its ids are Co-operatives UK's).
const STANDARD: &str = "\
Identifier,Name,Description,Street Address,Locality,Postcode,Website,Latitude,Longitude,Legal Form,Ownership Classification,Sector
R000101,Cowley Road Workers Co-operative,Printers,1 Cowley Road,Oxford,OX1 1AP,https://crw.example,,,Society,Workers,Printing
R000102,Oxford Community Energy,,,Oxford,OX1 1BX,,51.752,-1.258,Society,Community,Energy
R000103,Brum Bakers Co-operative,,,Birmingham,B1 1BB,,,,Society,Workers,Food
";

/// A local list of the same area, in the directory schema's layout.
const LOCAL: &str = "\
id,name,legal_form,postcode,website,status
L1,Cowley Road Workers Co-operative Ltd,Co-operative Society,OX1 1AP,https://cowleyroadworkers.example,
L2,Jericho Repair Cafe CIC,Community Interest Company,OX1 1GA,,
L3,Closed Books Co-op,Co-operative Society,OX1 1JZ,,Dissolved
";

/// Companies House: one community interest company, one private company.
const CH: &str = "\
CompanyName,CompanyNumber,RegAddress.PostCode,CompanyCategory,CompanyStatus
JERICHO REPAIR CAFE CIC,09999999,OX1 1GA,Community Interest Company,Active
OXFORD WIDGETS LTD,08888888,OX1 1LD,Private Limited Company,Active
";

fn study(dir: &Path, standard: &str) {
    let sample = repo().join("sample-data");
    std::fs::write(dir.join("standard.csv"), standard).unwrap();
    std::fs::write(dir.join("local.csv"), LOCAL).unwrap();
    std::fs::write(dir.join("ch.csv"), CH).unwrap();
    std::fs::write(
        dir.join("ledger.csv"),
        "Supplier,Date,Amount\nA,01/04/2024,1.00\n",
    )
    .unwrap();
    let nspl = sample.join("reference/nspl/*.csv");
    let text = format!(
        "name = \"Directory test\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"ledger.csv\"\n\
         [reference]\npostcodes = [{:?}]\ncache_dir = \"cache\"\n\
         [[band]]\nname = \"Oxford\"\nlads = [\"E07000178\"]\n\
         [directory]\nsources = [\n  {{ path = \"standard.csv\", name = \"Co-ops UK\", date = \"2023-03-02\" }},\n  {{ path = \"local.csv\", name = \"local list\" }},\n  {{ path = \"ch.csv\", name = \"Companies House\" }},\n]\n",
        nspl.to_str().unwrap()
    );
    std::fs::write(dir.join("study.toml"), text).unwrap();
}

fn rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

fn column(path: &Path, name: &str) -> usize {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.headers().unwrap().iter().position(|h| h == name).unwrap()
}

#[test]
fn lists_merge_into_the_areas_organisations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    study(dir, STANDARD);
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let said = stdout(&o);
    // 3 + 2 + 1 records kept (the dissolved co-op and the private company left out);
    // Cowley Road is one organisation across two lists, the repair cafe across two; the
    // Birmingham bakers are outside Oxford.
    assert!(
        said.contains("local list: 3 rows, 2 kept (1 closed left out)"),
        "{said}"
    );
    assert!(
        said.contains("Companies House: 2 rows, 1 kept (1 not of the social economy left out)"),
        "{said}"
    );
    assert!(said.contains("6 records are 4 organisations"), "{said}");
    assert!(
        said.contains("3 in Oxford listed; 1 outside it left out"),
        "{said}"
    );

    let csv_path = dir.join("out/directory.csv");
    let header: Vec<String> = csv::Reader::from_path(&csv_path)
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    // The Co-operatives UK standard layout first, as Mykomap loads it.
    let standard = std::fs::read_to_string(
        real_folder("coops")
            .map(|c| c.join("coopsuk_standard_2023-03-02.csv"))
            .unwrap_or_default(),
    )
    .ok();
    if let Some(text) = standard {
        let theirs: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        assert_eq!(&header[..theirs.len()], theirs.as_slice());
    }
    let all = rows(&csv_path);
    let (name, ids, website, disagree) = (
        column(&csv_path, "Name"),
        column(&csv_path, "Source IDs"),
        column(&csv_path, "Website"),
        column(&csv_path, "Disagreements"),
    );
    let names: Vec<&str> = all.iter().map(|r| &r[name]).collect();
    assert_eq!(
        names,
        [
            "Cowley Road Workers Co-operative",
            "Oxford Community Energy",
            "Jericho Repair Cafe CIC"
        ]
    );
    let cowley = &all[0];
    assert_eq!(&cowley[0], "R000101");
    assert_eq!(&cowley[ids], "Co-ops UK: R000101 | local list: L1");
    // The first source's website is kept; the other is a disagreement, with its source.
    assert_eq!(&cowley[website], "https://crw.example");
    assert!(
        cowley[disagree].contains("https://cowleyroadworkers.example (local list)"),
        "{:?}",
        &cowley[disagree]
    );
    assert_eq!(&all[2][ids], "local list: L2 | Companies House: 09999999");

    // GeoJSON (RFC 7946): a FeatureCollection of Point features, longitude first, in
    // range; the source's own position where it gives one, else the postcode's.
    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/directory.geojson")).unwrap())
            .unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 3);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        // Oxford: around 51.75 N, 1.25 W.
        assert!(
            (51.0..52.5).contains(&lat) && (-2.0..-0.5).contains(&lon),
            "{f}"
        );
        assert!(f["properties"]["name"].is_string());
    }
    let energy = features
        .iter()
        .find(|f| f["properties"]["identifier"] == "R000102")
        .unwrap();
    assert_eq!(energy["geometry"]["coordinates"][1], 51.752);
}

#[test]
fn a_second_run_says_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    study(dir, STANDARD);
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!dir.join("out/changes.csv").exists());
    let first = std::fs::read(dir.join("out/directory.csv")).unwrap();
    // The same sources again: the same bytes, and nothing changed.
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("out/directory.csv")).unwrap(), first);
    assert_eq!(rows(&dir.join("out/changes.csv")).len(), 0);

    // A year on: the energy society renamed, the printers moved, a new co-op in Oxford.
    let next = STANDARD
        .replace("Oxford Community Energy,", "Low Carbon Oxford Energy,")
        .replace(
            "1 Cowley Road,Oxford,OX1 1AP,https://crw.example,,",
            "2 Iffley Road,Oxford,OX1 1LD,https://crw.example,,",
        )
        + "R000104,Headington Food Co-op,,,Oxford,OX1 1JZ,,,,Society,Consumers,Food\n";
    study(dir, &next);
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("1 new, 0 gone, 1 moved, 1 renamed"), "{said}");
    let changes: Vec<(String, String)> = rows(&dir.join("out/changes.csv"))
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    assert_eq!(
        changes,
        [
            ("moved".to_string(), "R000101".to_string()),
            ("renamed".to_string(), "R000102".to_string()),
            ("new".to_string(), "R000104".to_string()),
        ]
    );

    // A list dropped: its only organisation is gone.
    study(
        dir,
        &next.replace(
            "R000104,Headington Food Co-op,,,Oxford,OX1 1JZ,,,,Society,Consumers,Food\n",
            "",
        ),
    );
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let changes = rows(&dir.join("out/changes.csv"));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (&changes[0][0], &changes[0][1], &changes[0][3]),
        ("gone", "R000104", "Headington Food Co-op")
    );
}

#[test]
fn a_study_without_a_directory_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("ledger.csv"),
        "Supplier,Date,Amount\nA,01/04/2024,1.00\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("study.toml"),
        "name = \"x\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"ledger.csv\"\n",
    )
    .unwrap();
    let o = spendgap(dir, &["directory", "study.toml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("no [directory] table"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_gap_stage_reads_the_directory_as_local_supply() {
    let dir = tempfile::tempdir().unwrap();
    let o = spendgap(&repo(), &["run", "--out", dir.path().to_str().unwrap()]);
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    // Identifiers only the directory stage gives (a charity's `CC` number, a company's
    // `CH` one), not the sample's own local list.
    let built = dir.path().join("directory.csv");
    let local_list = repo().join("sample-data/directory/coop_directory.csv");
    let own: Vec<String> = rows(&local_list).iter().map(|r| r[0].to_string()).collect();
    let minted: Vec<String> = rows(&built)
        .iter()
        .map(|r| r[0].to_string())
        .filter(|id| !own.contains(id) && (id.starts_with("CC") || id.starts_with("CH")))
        .collect();
    assert!(!minted.is_empty());
    let path = dir.path().join("local_suppliers.csv");
    let (register, id) = (column(&path, "register"), column(&path, "register_id"));
    let from_directory: Vec<String> = rows(&path)
        .iter()
        .filter(|r| &r[register] == "directory" && minted.contains(&r[id].to_string()))
        .map(|r| r[id].to_string())
        .collect();
    assert!(
        !from_directory.is_empty(),
        "no local supplier comes from directory.csv ({minted:?})"
    );
}
