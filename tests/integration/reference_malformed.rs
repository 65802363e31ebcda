//! Every reference loader rejects a malformed file with a message naming the file and
//! line, and never panics: wrong header, truncated gzip, wrong encoding (UTF-16).

use std::io::Write;
use std::path::{Path, PathBuf};

use spendgap::reference::RegisterKind;
use spendgap::reference::areas::AreaNames;
use spendgap::reference::deprivation::DeprivationTable;
use spendgap::reference::postcode_directory::PostcodeTable;
use spendgap::reference::registers::formats;
use spendgap::reference::registers::forms::Forms;

/// A good file for each loader, so truncating it is a fair test.
fn good_text(loader: &str) -> String {
    let mut s = match loader {
        "postcodes" => "pcd,laua,lsoa11,imd\n".to_string(),
        "deprivation" => "LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n".to_string(),
        "areas" => "OA11CD,LSOA11CD,LSOA11NM,LAD17CD,LAD17NM\n".to_string(),
        _ => "CompanyName, CompanyNumber,RegAddress.PostCode,CompanyCategory\n".to_string(),
    };
    for i in 0..4000 {
        s += &match loader {
            "postcodes" => format!(
                "\"OX4 {}{}\",E07000178,E01028531,1234\n",
                i % 10,
                ["AA", "AB", "BA", "BB"][i % 4]
            ),
            "deprivation" => format!("E01{i:06},\"1,{i:03}\",{}\n", i % 10 + 1),
            "areas" => format!("E00{i:06},E01{i:06},Oxford {i},E07000178,Oxford\n"),
            _ => format!("ACME {i} LTD,{i:08},OX4 2JY,Private Limited Company\n"),
        };
    }
    s
}

fn load(loader: &str, path: &Path) -> anyhow::Result<()> {
    let p = vec![path.to_path_buf()];
    match loader {
        "postcodes" => PostcodeTable::read(&p).map(|_| ()),
        "deprivation" => DeprivationTable::read(path).map(|_| ()),
        "areas" => AreaNames::read(&p).map(|_| ()),
        _ => formats::read(RegisterKind::CompaniesHouse, path, &Forms::builtin()).map(|_| ()),
    }
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn malformed_reference_files_are_named_with_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    for loader in ["postcodes", "deprivation", "areas", "companies_house"] {
        let good = good_text(loader);
        let ok = write(
            tmp.path(),
            &format!("{loader}-good.csv.gz"),
            &gz(good.as_bytes()),
        );
        load(loader, &ok).unwrap_or_else(|e| panic!("{loader}: the good file should load: {e:#}"));

        let wrong = write(
            tmp.path(),
            &format!("{loader}-wrong-header.csv"),
            b"foo,bar\n1,2\n",
        );
        let e = format!("{:#}", load(loader, &wrong).unwrap_err());
        assert!(
            e.contains("wrong-header.csv") && e.contains("line 1"),
            "{loader}: {e}"
        );

        let full = gz(good.as_bytes());
        let cut = write(
            tmp.path(),
            &format!("{loader}-truncated.csv.gz"),
            &full[..full.len() / 2],
        );
        let e = format!("{:#}", load(loader, &cut).unwrap_err());
        assert!(
            e.contains("truncated.csv.gz") && (e.contains("line") || e.contains("truncated")),
            "{loader}: {e}"
        );

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(good.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let enc = write(tmp.path(), &format!("{loader}-utf16.csv"), &utf16);
        let e = format!("{:#}", load(loader, &enc).unwrap_err());
        assert!(
            e.contains("utf16.csv") && e.contains("line"),
            "{loader}: {e}"
        );
    }
}

#[test]
fn every_register_kind_rejects_a_foreign_header() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "x.csv", b"colour,size\nred,1\n");
    for kind in [
        RegisterKind::CoopsUk,
        RegisterKind::FcaMutuals,
        RegisterKind::CompaniesHouse,
        RegisterKind::CharityCommission,
        RegisterKind::Directory,
    ] {
        let e = format!(
            "{:#}",
            formats::read(kind, &p, &Forms::builtin()).unwrap_err()
        );
        assert!(e.contains("x.csv: line 1: no"), "{kind:?}: {e}");
    }
}
