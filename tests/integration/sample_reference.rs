//! The reference commands on the sample partnership's reference files. Expected values
//! come from the real IMD 2019 File 1 (`Oxford 018B, E01028568, rank "3,168", decile 1`,
//! as `zcat ../shared/data/real/geo/File_1_*.csv.gz | grep E01028568` shows), which the
//! sample's made-up postcodes point at.

use crate::common::*;

#[test]
fn place_on_the_sample_finds_deprived_neighbourhoods_repairs_and_terminations() {
    let out = spendgap(
        &repo(),
        &[
            "place", "--json", "OX4 6HW", "ox2 obt", "OX7 5AA", "OX4", "ZZ9 9ZZ",
        ],
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(code(&out), 1, "ZZ9 9ZZ cannot be placed");
    let leys = &v[0];
    assert_eq!(leys["lsoa"], "E01028568");
    assert_eq!(leys["lsoa_name"], "Oxford 018B");
    assert_eq!(leys["imd_rank"], 3168);
    assert_eq!(leys["imd_decile"], 1);
    assert_eq!(leys["lad_name"], "Oxford");
    assert_eq!(leys["county_name"], "Oxfordshire");
    assert_eq!(v[1]["postcode"], "OX2 0BT");
    assert!(v[1]["repair"].as_str().unwrap().contains("letter O"));
    assert_eq!(v[2]["terminated"], "202003");
    assert_eq!(v[3]["precision"], "district");
    assert_eq!(v[3]["lad"], "E07000178");
    assert_eq!(
        v[3]["county_name"], "Oxfordshire",
        "a district is given its county too"
    );
    assert!(v[4]["error"].is_string() && v[4]["postcode"].is_null());
}

#[test]
fn reference_loads_every_sample_file_and_org_finds_records() {
    let out = spendgap(&repo(), &["reference"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for kind in [
        "CoopsUk",
        "CompaniesHouse",
        "CharityCommission",
        "FcaMutuals",
        "Directory",
    ] {
        assert!(text.contains(kind), "{kind} loaded:\n{text}");
    }
    let out = spendgap(
        &repo(),
        &["org", "--json", "OXSE-001", "no such organisation"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(code(&out), 1, "the second query finds nothing");
    assert_eq!(
        v[0]["matches"][0]["name"],
        "Cowley Road Workers Co-operative Ltd"
    );
    assert_eq!(v[0]["matches"][0]["ownership_form"], "cooperative");
    assert_eq!(v[1]["matches"].as_array().unwrap().len(), 0);
}
