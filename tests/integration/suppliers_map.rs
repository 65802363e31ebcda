//! suppliers.geojson on the sample partnership: valid GeoJSON (RFC 7946), each point at its
//! postcode's position in the sample postcode directory (read here from the NSPL file
//! itself), nobody drawn who is not shown by name, and every supplier either drawn or
//! counted as left out.

use std::collections::HashMap;

use crate::common::*;

#[test]
fn placed_organisations_are_drawn_at_their_postcodes_and_people_never() {
    let dir = tempfile::tempdir().unwrap();
    let o = spendgap(&repo(), &["run", "--out", dir.path().to_str().unwrap()]);
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    let g: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("suppliers.geojson")).unwrap(),
    )
    .unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    // The sample postcode directory's positions, by postcode.
    let mut at: HashMap<String, (f64, f64)> = HashMap::new();
    for f in std::fs::read_dir(repo().join("sample-data/reference/nspl")).unwrap() {
        let mut r = csv::Reader::from_path(f.unwrap().path()).unwrap();
        let h = r.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let (pcds, lat, long) = (col("pcds"), col("lat"), col("long"));
        for rec in r.records() {
            let rec = rec.unwrap();
            if let (Ok(la), Ok(lo)) = (rec[lat].parse::<f64>(), rec[long].parse::<f64>()) {
                at.insert(rec[pcds].to_string(), (la, lo));
            }
        }
    }
    let features = g["features"].as_array().unwrap();
    assert!(features.len() > 10, "{}", features.len());
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        let p = &f["properties"];
        let (want_lat, want_lon) = at[p["postcode"].as_str().unwrap()];
        assert!(
            (lat - want_lat).abs() < 1e-5 && (lon - want_lon).abs() < 1e-5,
            "{p}: drawn at {lat},{lon}, the postcode is at {want_lat},{want_lon}"
        );
        let name = p["name"].as_str().unwrap();
        assert!(
            !name.starts_with("payee withheld") && !name.starts_with('('),
            "{name}"
        );
        assert_ne!(p["ownership_form"], "individual");
    }
    // Every supplier of suppliers.csv is drawn or counted as left out.
    let suppliers = csv::Reader::from_path(dir.path().join("suppliers.csv"))
        .unwrap()
        .records()
        .count() as u64;
    let left = &g["left_out"];
    let counted = features.len() as u64
        + left["people_and_withheld_payees"]["suppliers"]
            .as_u64()
            .unwrap()
        + left["no_position"]["suppliers"].as_u64().unwrap();
    assert_eq!(counted, suppliers);
}
