//! Shared helpers for the integration tests: run the built binary, read its outputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use polars::prelude::*;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// Runs `spendgap` with `args` in `cwd`.
pub fn spendgap(cwd: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_spendgap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the spendgap binary runs")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn read_parquet(path: &Path) -> DataFrame {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(file).finish().expect("valid parquet")
}

/// A text column as owned strings.
pub fn strings(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

/// ../shared/data/real, or `None` after saying that the test is skipped because it is
/// absent. Where the data is required (`SPENDGAP_REQUIRE_REAL_DATA=1`, as in CI), its
/// absence fails the test instead.
pub fn real_data() -> Option<PathBuf> {
    real_folder("")
}

/// A folder of ../shared/data/real (`""` for the whole), under the same rule as
/// [`real_data`]: absent, the test says it skipped, or fails where the data is required.
pub fn real_folder(sub: &str) -> Option<PathBuf> {
    let real = repo().join("../shared/data/real").join(sub);
    if !real.is_dir() {
        assert!(
            std::env::var_os("SPENDGAP_REQUIRE_REAL_DATA").is_none(),
            "{} is absent, and SPENDGAP_REQUIRE_REAL_DATA is set: the real-data tests must run",
            real.display()
        );
        eprintln!("SKIPPED: {} is absent", real.display());
        return None;
    }
    Some(real.canonicalize().unwrap())
}

/// How `spendgap resolve` decided one distinct ledger name (supplier_names.parquet), and
/// the register its supplier is linked to (suppliers.parquet).
pub struct Decided {
    pub decision: String,
    pub register: Option<String>,
    pub register_id: Option<String>,
}

/// Every distinct ledger name resolved into `out`, set-aside individuals included (their
/// names are withheld from matches.csv, not from supplier_names.parquet).
pub fn decisions(out: &Path) -> BTreeMap<String, Decided> {
    let names = read_parquet(&out.join("supplier_names.parquet"));
    let suppliers = read_parquet(&out.join("suppliers.parquet"));
    let linked: BTreeMap<String, (Option<String>, Option<String>)> =
        strings(&suppliers, "supplier_id")
            .into_iter()
            .map(Option::unwrap)
            .zip(
                strings(&suppliers, "register")
                    .into_iter()
                    .zip(strings(&suppliers, "register_id")),
            )
            .collect();
    let (name, id, decision) = (
        strings(&names, "supplier_name"),
        strings(&names, "supplier_id"),
        strings(&names, "decision"),
    );
    (0..names.height())
        .map(|i| {
            let (register, register_id) = linked[id[i].as_deref().unwrap()].clone();
            let decided = Decided {
                decision: decision[i].clone().unwrap(),
                register,
                register_id,
            };
            (name[i].clone().unwrap(), decided)
        })
        .collect()
}

pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("json file")).expect("valid json")
}

/// The three Hyndburn files with no header row, read by column position.
const HEADERLESS: [&str; 3] = ["March-25-CSV.csv", "April-25-CSV.csv", "Sept-25-CVS.csv"];

/// Hyndburn's `[[anchor]]` with every file of ../shared/data/real/ledgers/hyndburn, in
/// byte order, the headerless ones by column position.
pub fn hyndburn_anchor(ledgers: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(ledgers.join("hyndburn"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    let mut s =
        String::from("[[anchor]]\nid = \"hyndburn\"\nname = \"Hyndburn Borough Council\"\n");
    for n in &names {
        let path = ledgers.join("hyndburn").join(n);
        s += &format!("[[anchor.ledger]]\npath = {:?}\n", path.to_str().unwrap());
        if HEADERLESS.contains(&n.as_str()) {
            s += "header_row = 0\ncolumns = { transaction_ref = 10, supplier_name = 12, date = 15, amount = 17, service_area = 3, description = 5 }\n";
        }
    }
    s
}

/// Hyndburn's 107 CSVs and the two workbooks of `lancashire_anchor_xlsx/` (the Lancashire
/// fire authority's and the PCC's), one anchor each: the ledgers the first tests were
/// written for.
pub fn real_anchors(ledgers: &Path) -> String {
    let mut s = hyndburn_anchor(ledgers);
    for (id, file) in [
        (
            "lancashire-fire-2024-25",
            "lancashire_fire_fire-2024-25.xlsx",
        ),
        ("lancashire-pcc-2023-24", "lancashire_pcc_pcc-2023-24.xlsx"),
    ] {
        let path = ledgers.join("lancashire_anchor_xlsx").join(file);
        s += &format!(
            "[[anchor]]\nid = {id:?}\nname = {id:?}\n[[anchor.ledger]]\npath = {:?}\n",
            path.to_str().unwrap()
        );
    }
    s
}

/// Every other publisher folder of ../shared/data/real/ledgers as one anchor (named by the
/// folder), its files in byte order, read with no help from the study: spendgap finds the
/// header, the columns and the date order itself.
pub fn more_anchors(ledgers: &Path) -> String {
    let mut folders: Vec<String> = std::fs::read_dir(ledgers)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "hyndburn" && n != "lancashire_anchor_xlsx")
        .collect();
    folders.sort();
    let mut s = String::new();
    for folder in folders {
        s += &format!("[[anchor]]\nid = {folder:?}\nname = {folder:?}\n");
        let mut files: Vec<String> = std::fs::read_dir(ledgers.join(&folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for f in files {
            let path = ledgers.join(&folder).join(f);
            s += &format!("[[anchor.ledger]]\npath = {:?}\n", path.to_str().unwrap());
        }
    }
    s
}

/// Every file below `dir`, as a path relative to it with `/` separators, sorted.
#[allow(dead_code)]
pub fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// Ledger name → supplier id, from a run folder's supplier_names.parquet.
#[allow(dead_code)]
pub fn supplier_ids(out: &Path) -> BTreeMap<String, String> {
    let names = read_parquet(&out.join("supplier_names.parquet"));
    strings(&names, "supplier_name")
        .into_iter()
        .map(Option::unwrap)
        .zip(
            strings(&names, "supplier_id")
                .into_iter()
                .map(Option::unwrap),
        )
        .collect()
}
