//! The English Indices of Deprivation: File 1 of the 2019 release (and the 2025 release's
//! layout), one row per LSOA with its IMD rank and decile. Ranks are printed with
//! thousands separators (`"29,199"`) and ties exist, so neither is assumed away.

use std::collections::HashMap;
use std::path::Path;

use anyhow::bail;

use super::textfile::{next_record, open_csv, required, text};

/// One LSOA's deprivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprivation {
    pub lad: String,
    pub lad_name: String,
    pub rank: u32,
    /// 1 = most deprived tenth of LSOAs in England.
    pub decile: u8,
}

/// LSOA code → deprivation.
#[derive(Debug, Clone, Default)]
pub struct DeprivationTable {
    pub by_lsoa: HashMap<String, Deprivation>,
    /// Which release the header looked like (`2019` or `2025`).
    pub release: String,
    /// LAD code → name, as the file gives them.
    pub lad_names: HashMap<String, String>,
}

/// Finds the first header starting with any of `prefixes` (lower case).
fn starting(header: &[String], prefixes: &[&str]) -> Option<usize> {
    prefixes
        .iter()
        .find_map(|p| header.iter().position(|h| h.starts_with(p)))
}

impl DeprivationTable {
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let (mut r, header) = open_csv(path, Some(b','))?;
        let lsoa = match starting(&header, &["lsoa code", "lsoa11cd", "lsoa21cd"]) {
            Some(c) => c,
            None => required(&header, &["lsoa"], path, "LSOA code")?,
        };
        let rank = starting(
            &header,
            &[
                "index of multiple deprivation (imd) rank",
                "imd_rank",
                "imd rank",
            ],
        );
        let decile = starting(
            &header,
            &[
                "index of multiple deprivation (imd) decile",
                "imd_decile",
                "imd decile",
            ],
        );
        let (Some(rank), Some(decile)) = (rank, decile) else {
            bail!(
                "{}: line 1: no IMD rank and decile columns (expected \"Index of Multiple Deprivation (IMD) Rank\" and \"… Decile\"; the header has: {})",
                path.display(),
                header.join(", ")
            );
        };
        let lad = starting(
            &header,
            &["local authority district code", "lad19cd", "lad24cd", "lad"],
        );
        let lad_name = starting(
            &header,
            &["local authority district name", "lad19nm", "lad24nm"],
        );
        let release = if header[lsoa].contains("2021") {
            "2025"
        } else {
            "2019"
        }
        .to_string();
        let mut by_lsoa = HashMap::new();
        let mut lad_names = HashMap::new();
        let mut rec = csv::ByteRecord::new();
        while let Some(line) = next_record(&mut r, &mut rec, path)? {
            let fields: Vec<String> = rec.iter().map(|f| text(f).trim().to_string()).collect();
            let get = |c: Option<usize>| {
                c.and_then(|c| fields.get(c))
                    .map(String::as_str)
                    .unwrap_or("")
            };
            let code = get(Some(lsoa));
            if code.is_empty() && fields.iter().all(String::is_empty) {
                continue;
            }
            let raw_rank = get(Some(rank));
            let Ok(rank_value) = raw_rank.replace(',', "").parse::<u32>() else {
                bail!(
                    "{}: line {line}: IMD rank {raw_rank:?} is not a number",
                    path.display()
                );
            };
            let raw_decile = get(Some(decile));
            let decile_value = match raw_decile.parse::<u8>() {
                Ok(d @ 1..=10) => d,
                _ => bail!(
                    "{}: line {line}: IMD decile {raw_decile:?} is not 1–10",
                    path.display()
                ),
            };
            if !get(lad).is_empty() && !get(lad_name).is_empty() {
                lad_names
                    .entry(get(lad).to_string())
                    .or_insert_with(|| get(lad_name).to_string());
            }
            by_lsoa.insert(
                code.to_string(),
                Deprivation {
                    lad: get(lad).to_string(),
                    lad_name: get(lad_name).to_string(),
                    rank: rank_value,
                    decile: decile_value,
                },
            );
        }
        Ok(DeprivationTable {
            by_lsoa,
            release,
            lad_names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_file_1_with_separators_and_rejects_bad_rows() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f1.csv");
        std::fs::write(
            &p,
            "\u{feff}LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\r\n\
             E01000001,City of London 001A,E09000001,City of London,\"29,199\",9\r\n",
        )
        .unwrap();
        let t = DeprivationTable::read(&p).unwrap();
        let d = &t.by_lsoa["E01000001"];
        assert_eq!(
            (d.rank, d.decile, d.lad_name.as_str()),
            (29_199, 9, "City of London")
        );
        std::fs::write(&p, "LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\nE01,12,11\n").unwrap();
        let e = DeprivationTable::read(&p).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("decile"), "{e}");
    }

    #[test]
    fn reads_the_2025_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f1-2025.csv");
        std::fs::write(
            &p,
            "LSOA code (2021),LSOA name (2021),Local Authority District code (2024),Local Authority District name (2024),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n\
             E01035000,Oxford 018F,E07000178,Oxford,\"3,001\",1\n",
        )
        .unwrap();
        let t = DeprivationTable::read(&p).unwrap();
        assert_eq!(t.release, "2025");
        assert_eq!(t.by_lsoa["E01035000"].rank, 3001);
        assert_eq!(t.lad_names["E07000178"], "Oxford");
    }
}
