//! The report's maps on the sample partnership, read back from the SVG as a browser
//! draws it: every LSOA of the study's boundaries drawn once, every supplier and
//! directory entry inside the polygon of the LSOA its postcode lies in (point in polygon
//! on the SVG's own coordinates, even-odd as SVG fills), every district once, and the
//! furniture a map needs. The expected areas and postcode LSOAs are read here from the
//! sample's boundary file and postcode directory, not from spendgap's outputs.
//! Also: the map layers are valid RFC 7946 GeoJSON, and a study without boundaries is
//! told what to add.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;

use crate::common::*;

/// An SVG element's attribute.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    Some(&element[start..start + element[start..].find('"')?])
}

/// Where a point is drawn: its `data-at`, "x y" in the SVG's coordinates.
fn point(element: &str) -> (f64, f64) {
    let mut xy = attr(element, "data-at")
        .unwrap()
        .split(' ')
        .map(|v| v.parse::<f64>().unwrap());
    (xy.next().unwrap(), xy.next().unwrap())
}

/// Every element with a given tag start (`<path `), as its opening text.
fn elements<'a>(svg: &'a str, open: &str) -> Vec<&'a str> {
    svg.match_indices(open)
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap()])
        .collect()
}

/// A path's `d` ("M x y L x y … Z M …") as rings of points.
fn rings(d: &str) -> Vec<Vec<(f64, f64)>> {
    d.split('M')
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.trim_end_matches('Z')
                .split('L')
                .map(|p| {
                    let mut xy = p.split(' ').map(|v| v.parse::<f64>().unwrap());
                    (xy.next().unwrap(), xy.next().unwrap())
                })
                .collect()
        })
        .collect()
}

/// Even-odd point in polygon over all rings, as SVG's `fill-rule="evenodd"` fills.
fn inside(p: (f64, f64), rings: &[Vec<(f64, f64)>]) -> bool {
    let mut odd = false;
    for ring in rings {
        for i in 0..ring.len() {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
                odd = !odd;
            }
        }
    }
    odd
}

/// The areas of a map: code → rings, asserting each is drawn once.
fn areas(svg: &str) -> BTreeMap<String, Vec<Vec<(f64, f64)>>> {
    let mut out = BTreeMap::new();
    for e in elements(svg, "<path data-code=") {
        let code = attr(e, "data-code").unwrap().to_string();
        let d = attr(e, "d").unwrap();
        assert!(
            out.insert(code.clone(), rings(d)).is_none(),
            "{code} drawn twice"
        );
    }
    out
}

fn codes_of(geojson: &serde_json::Value, key: &str) -> BTreeSet<String> {
    (geojson["features"].as_array().unwrap().iter())
        .map(|f| f["properties"][key].as_str().unwrap().to_string())
        .collect()
}

/// The sample postcode directory's LSOA of every postcode.
fn postcode_lsoas() -> HashMap<String, String> {
    let mut out = HashMap::new();
    for f in std::fs::read_dir(repo().join("sample-data/reference/nspl")).unwrap() {
        let mut r = csv::Reader::from_path(f.unwrap().path()).unwrap();
        let h = r.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let (pcds, lsoa) = (col("pcds"), col("lsoa11"));
        for rec in r.records() {
            let rec = rec.unwrap();
            out.insert(rec[pcds].to_string(), rec[lsoa].to_string());
        }
    }
    out
}

#[test]
fn every_lsoa_is_drawn_once_and_every_point_inside_its_own_lsoa() {
    let reports = repo().join("reports");
    let boundaries = repo().join("sample-data/reference/boundaries");
    let lsoas = codes_of(&json(&boundaries.join("oxford_lsoa11.geojson")), "LSOA11CD");
    assert_eq!(
        lsoas.len(),
        83,
        "Oxford's LSOAs (2011), as PROVENANCE.md counts them"
    );
    let postcode_lsoa = postcode_lsoas();
    let suppliers = json(&reports.join("suppliers.geojson"));
    // The suppliers whose postcode lies in one of the LSOAs: each must be drawn.
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for f in suppliers["features"].as_array().unwrap() {
        let p = &f["properties"];
        let lsoa = &postcode_lsoa[p["postcode"].as_str().unwrap()];
        if lsoas.contains(lsoa) {
            expected.insert(p["supplier_id"].as_str().unwrap().into(), lsoa.clone());
        }
    }
    assert!(expected.len() >= 10, "{expected:?}");
    for (map, kind) in [("map-spend", "supplier"), ("map-economy", "entry")] {
        let svg = std::fs::read_to_string(reports.join(format!("charts/{map}.svg"))).unwrap();
        let drawn = areas(&svg);
        assert_eq!(
            drawn.keys().cloned().collect::<BTreeSet<_>>(),
            lsoas,
            "{map}"
        );
        let mut points = BTreeMap::new();
        for e in elements(&svg, &format!("<g data-{kind}=")) {
            let lsoa = attr(e, "data-lsoa").unwrap();
            let at = point(e);
            assert!(inside(at, &drawn[lsoa]), "{map}: {e} is not inside {lsoa}");
            // Inside no other LSOA: the polygons do not overlap where a point is drawn.
            for (code, rings) in &drawn {
                assert!(
                    code == lsoa || !inside(at, rings),
                    "{map}: {e} also inside {code}"
                );
            }
            points.insert(
                attr(e, &format!("data-{kind}")).unwrap().to_string(),
                lsoa.to_string(),
            );
        }
        if kind == "supplier" {
            assert_eq!(points, expected, "suppliers drawn, and in which LSOA");
            // The anchors' own sites, as the study gives them, inside their LSOAs too.
            let sites: Vec<&str> = elements(&svg, "<g data-site=")
                .into_iter()
                .map(|e| {
                    let lsoa = attr(e, "data-lsoa").unwrap();
                    let at = point(e);
                    assert!(inside(at, &drawn[lsoa]), "{e} is not inside {lsoa}");
                    attr(e, "data-site").unwrap()
                })
                .collect();
            assert_eq!(sites, ["oxford-city", "oxon-county", "ouh", "oxford-uni"]);
        } else {
            assert!(points.len() >= 10, "{points:?}");
        }
        // Tooltips on every area and point, and the furniture.
        let titles = svg.matches("<title>").count();
        assert!(
            titles >= drawn.len() + points.len(),
            "{map}: {titles} titles"
        );
        for must in [
            "martinjc/UK-GeoJSON",
            ">N<",
            " km<",
            "Deprivation (IMD 2019",
        ] {
            assert!(svg.contains(must), "{map} lacks {must:?}");
        }
    }
}

#[test]
fn every_district_is_drawn_once_and_the_maps_are_in_the_report() {
    let reports = repo().join("reports");
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(
            repo().join("sample-data/reference/boundaries/england_lad13.geojson.gz"),
        )
        .unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let lads = codes_of(&serde_json::from_str(&text).unwrap(), "LAD13CD");
    assert_eq!(
        lads.len(),
        326,
        "England's districts of 2013, as PROVENANCE.md counts them"
    );
    let svg = std::fs::read_to_string(reports.join("charts/map-districts.svg")).unwrap();
    let drawn = areas(&svg);
    assert_eq!(drawn.keys().cloned().collect::<BTreeSet<_>>(), lads);
    let oxford = elements(&svg, "<path data-code=\"E07000178\"")[0];
    assert_eq!(
        attr(oxford, "stroke-width"),
        Some("2"),
        "the study's district is outlined"
    );
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    for id in ["map-spend", "map-economy", "map-districts"] {
        assert!(
            html.contains(&format!("id=\"chart-{id}\"")),
            "{id} is not in report.html"
        );
        let png = std::fs::read(reports.join(format!("charts/{id}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{id}.png");
    }
    assert!(!html.contains("<script"), "maps need no scripts");
}

/// RFC 7946: parsed by the geojson crate; positions longitude then latitude in range;
/// linear rings closed with four positions or more; no `crs` member.
fn assert_rfc7946(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let parsed: geojson::GeoJson = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let geojson::GeoJson::FeatureCollection(fc) = parsed else {
        panic!("{}: not a FeatureCollection", path.display())
    };
    assert!(
        fc.foreign_members
            .as_ref()
            .is_none_or(|m| !m.contains_key("crs"))
    );
    let position = |p: &Vec<f64>| {
        assert!(
            p.len() >= 2 && p[0].abs() <= 180.0 && p[1].abs() <= 90.0,
            "{}: {p:?}",
            path.display()
        );
    };
    let ring = |r: &Vec<Vec<f64>>| {
        assert!(
            r.len() >= 4 && r.first() == r.last(),
            "{}: a ring not closed",
            path.display()
        );
        r.iter().for_each(position);
    };
    for f in &fc.features {
        match &f.geometry.as_ref().unwrap().value {
            geojson::Value::Point(p) => position(p),
            geojson::Value::Polygon(rs) => rs.iter().for_each(ring),
            geojson::Value::MultiPolygon(ps) => ps.iter().flatten().for_each(ring),
            other => panic!("{}: unexpected {other:?}", path.display()),
        }
    }
}

#[test]
fn the_map_layers_are_rfc_7946_geojson() {
    let reports = repo().join("reports");
    for name in [
        "suppliers.geojson",
        "directory.geojson",
        "areas.geojson",
        "districts.geojson",
    ] {
        assert_rfc7946(&reports.join(name));
    }
}

#[test]
fn a_study_without_boundaries_is_told_what_to_add_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("sample");
    copy_dir(&repo().join("sample-data"), &study);
    let toml = std::fs::read_to_string(study.join("study.toml")).unwrap();
    let without: String = (toml.lines())
        .filter(|l| !l.starts_with("boundaries"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(toml.len(), without.len());
    std::fs::write(study.join("study.toml"), without).unwrap();
    let out = dir.path().join("out");
    let file = study.join("study.toml");
    let o = spendgap(
        &study,
        &[
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    assert!(!out.join("areas.geojson").exists() && !out.join("districts.geojson").exists());
    assert!(!out.join("charts/map-spend.svg").exists());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("[reference] boundaries"), "says what to add");
    assert!(
        html.contains("geoportal.statistics.gov.uk"),
        "says where it is published"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The districts whose LSOAs ../shared holds: Hyndburn and Oxfordshire's five.
const LADS: [&str; 6] = [
    "E07000120",
    "E07000177",
    "E07000178",
    "E07000179",
    "E07000180",
    "E07000181",
];

/// The real boundaries as martinjc/UK-GeoJSON publishes them: each district's LSOA file
/// holds exactly the LSOAs the IMD 2019 File 1 (a separate MHCLG publication, read here)
/// lists for that district, and the TopoJSON holds England's 326 districts of 2013 with
/// their names.
#[test]
fn real_boundaries_are_read_as_published() {
    use spendgap::reference::boundaries::{Boundaries, Level};
    let Some(geo) = real_folder("geo") else {
        return;
    };
    let mut imd: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(geo.join("File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz"))
            .unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap();
        imd.entry(rec[2].to_string())
            .or_default()
            .insert(rec[0].to_string());
    }
    let dir = geo.join("boundaries");
    for lad in LADS {
        let b = Boundaries::read(&[dir.join(format!("lsoa11_{lad}.geojson"))]).unwrap();
        let layer = b.layer(Level::Small).unwrap();
        assert_eq!(layer.property, "LSOA11CD");
        let codes: BTreeSet<String> = layer.areas.iter().map(|a| a.code.clone()).collect();
        assert_eq!(codes, imd[lad], "{lad}");
        assert!(layer.areas.iter().all(|a| a.name.is_some()));
    }
    let b = Boundaries::read(&[dir.join("topo_lad_england_2013.json")]).unwrap();
    let layer = b.layer(Level::District).unwrap();
    assert_eq!(
        (layer.areas.len(), layer.property.as_str()),
        (326, "LAD13CD")
    );
    let oxford = layer.areas.iter().find(|a| a.code == "E07000178").unwrap();
    assert_eq!(oxford.name.as_deref(), Some("Oxford"));
    // Oxford's shape lies around Carfax (51.752 N, 1.258 W).
    use geo::Contains;
    assert!(oxford.shape.contains(&geo::Point::new(-1.258, 51.752)));
    // All six LSOA files as one layer: one code each, none repeated.
    let files: Vec<_> = LADS
        .iter()
        .map(|l| dir.join(format!("lsoa11_{l}.geojson")))
        .collect();
    let b = Boundaries::read(&files).unwrap();
    let n: usize = LADS.iter().map(|l| imd[*l].len()).sum();
    assert_eq!(
        (
            b.layer(Level::Small).unwrap().areas.len(),
            b.layer(Level::Small).unwrap().repeated
        ),
        (n, 0)
    );
}

/// Positions from grid references (for a postcode directory without latitude and
/// longitude) against the latitude and longitude the ONS publishes beside them, for every
/// postcode of three real NSPL files (25,068 of them): within 0.0001° (about 10 m; the
/// seven-parameter shift is good to a few metres, a postcode covers dozens; measured
/// worst 0.000028°).
#[test]
fn grid_references_convert_to_the_published_positions() {
    use spendgap::reference::grid::NationalGrid;
    let Some(nspl) = real_folder("geo/nspl_nov2021_partial") else {
        return;
    };
    let g = NationalGrid::new().unwrap();
    let (mut n, mut worst) = (0usize, 0f64);
    for file in [
        "NSPL_NOV_2021_UK_HR.csv.gz",
        "NSPL_NOV_2021_UK_DG.csv.gz",
        "NSPL_NOV_2021_UK_TF.csv.gz",
    ] {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(nspl.join(file)).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let h = r.headers().unwrap().clone();
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        let (e, no, grd, lat, long) = (
            col("oseast1m"),
            col("osnrth1m"),
            col("osgrdind"),
            col("lat"),
            col("long"),
        );
        for rec in r.records() {
            let rec = rec.unwrap();
            // osgrdind 9: no grid reference (and latitude 99.999999).
            if &rec[grd] == "9" || rec[e].is_empty() {
                continue;
            }
            let (la, lo) = g
                .lat_long(rec[e].parse().unwrap(), rec[no].parse().unwrap())
                .unwrap_or_else(|| panic!("{file}: {:?} off the grid", &rec[2]));
            let want: (f64, f64) = (rec[lat].parse().unwrap(), rec[long].parse().unwrap());
            worst = worst.max((la - want.0).abs()).max((lo - want.1).abs());
            n += 1;
        }
    }
    println!("{n} postcodes, worst difference {worst:.6}°");
    assert!(n > 10_000, "{n}");
    assert!(worst < 0.0001, "worst {worst}");
}
