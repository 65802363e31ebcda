//! The postcode directory: ONS Postcode Directory (ONSPD) or National Statistics Postcode
//! Lookup (NSPL) CSVs, plain or gzipped, one or many files (NSPL is also published split
//! by postcode area), read by their official column names into one sorted table.

use std::path::{Path, PathBuf};

use std::io::{Read, Write};

use super::binio::{Dict, Reader, StrTable, Writer};
use super::cache::Cached;
use super::textfile::{column, next_record, open_csv, required, text};

/// `OX4 2JY` → `OX4 2JY`, `M1 1AE` → `M1  1AE`: the ONS 7-character key (`pcd`), in which
/// every outward code is padded to four characters so districts sort and prefix cleanly.
pub fn pcd7(raw: &str) -> Option<[u8; 7]> {
    let compact: Vec<u8> = raw
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&compact.len()) || !compact.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let (out, inw) = compact.split_at(compact.len() - 3);
    let mut key = [b' '; 7];
    key[..out.len()].copy_from_slice(out);
    key[4..].copy_from_slice(inw);
    Some(key)
}

/// The canonical spelling of a 7-character key: `M1  1AE` → `M1 1AE`.
pub fn display_key(key: &[u8]) -> String {
    let out = String::from_utf8_lossy(&key[..4]).trim().to_string();
    format!("{out} {}", String::from_utf8_lossy(&key[4..]))
}

/// One postcode's row of the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct PostcodeRow<'a> {
    pub postcode: String,
    pub lad: &'a str,
    pub county: &'a str,
    pub region: &'a str,
    pub lsoa: &'a str,
    pub msoa: &'a str,
    pub lat: Option<f32>,
    pub long: Option<f32>,
    /// IMD rank as the directory gives it (country-specific; 0 and blank mean none).
    pub imd_rank: Option<u32>,
    /// `yyyymm` the postcode was terminated, if it was.
    pub terminated: Option<u32>,
}

/// The whole directory, sorted by 7-character key.
#[derive(Debug, Clone, Default)]
pub struct PostcodeTable {
    keys: Vec<u8>,
    lad: Vec<u32>,
    county: Vec<u32>,
    region: Vec<u32>,
    lsoa: Vec<u32>,
    msoa: Vec<u32>,
    lat: Vec<f32>,
    long: Vec<f32>,
    imd: Vec<u32>,
    doterm: Vec<u32>,
    codes: StrTable,
}

const KIND: &str = "postcodes";

impl PostcodeTable {
    pub fn len(&self) -> usize {
        self.lad.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lad.is_empty()
    }

    fn key(&self, i: usize) -> &[u8] {
        &self.keys[i * 7..i * 7 + 7]
    }

    fn row(&self, i: usize) -> PostcodeRow<'_> {
        let opt = |x: f32| (!x.is_nan()).then_some(x);
        PostcodeRow {
            postcode: display_key(self.key(i)),
            lad: self.codes.get(self.lad[i]),
            county: self.codes.get(self.county[i]),
            region: self.codes.get(self.region[i]),
            lsoa: self.codes.get(self.lsoa[i]),
            msoa: self.codes.get(self.msoa[i]),
            lat: opt(self.lat[i]),
            long: opt(self.long[i]),
            imd_rank: (self.imd[i] > 0).then_some(self.imd[i]),
            terminated: (self.doterm[i] > 0).then_some(self.doterm[i]),
        }
    }

    /// The postcode areas (leading letters: `OX`, `M`) the directory covers.
    pub fn areas(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut last: &[u8] = b"";
        for i in 0..self.len() {
            let k = self.key(i);
            let n = k.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            if &k[..n] != last {
                last = &k[..n];
                out.insert(String::from_utf8_lossy(last).into_owned());
            }
        }
        out
    }

    /// Every row, in postcode order.
    pub fn rows(&self) -> impl Iterator<Item = PostcodeRow<'_>> {
        (0..self.len()).map(|i| self.row(i))
    }

    /// The row for a full postcode in any spacing or case.
    pub fn get(&self, postcode: &str) -> Option<PostcodeRow<'_>> {
        let key = pcd7(postcode)?;
        let i = self.search(&key).ok()?;
        Some(self.row(i))
    }

    fn search(&self, key: &[u8]) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// Rows whose key starts with `prefix` (a padded district `OX4 ` or sector `OX4 2`).
    pub fn with_prefix(&self, prefix: &[u8]) -> impl Iterator<Item = PostcodeRow<'_>> {
        let start = self.search(prefix).unwrap_or_else(|i| i);
        (start..self.len())
            .take_while(move |i| self.key(*i).starts_with(prefix))
            .map(|i| self.row(i))
    }

    /// Reads directory files, in order; a postcode in several files keeps its last row.
    pub fn read(paths: &[PathBuf]) -> anyhow::Result<Self> {
        let mut rows: Vec<Row> = Vec::new();
        let mut dict = Dict::default();
        dict.id("");
        for path in paths {
            read_one(path, &mut dict, &mut rows)?;
        }
        rows.sort_by_key(|r| r.0);
        rows.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                *earlier = *later;
            }
            same
        });
        let mut t = PostcodeTable {
            codes: dict.values,
            ..Default::default()
        };
        for (key, ids, lat, long, imd, doterm) in rows {
            t.keys.extend_from_slice(&key);
            t.lad.push(ids[0]);
            t.county.push(ids[1]);
            t.region.push(ids[2]);
            t.lsoa.push(ids[3]);
            t.msoa.push(ids[4]);
            t.lat.push(lat);
            t.long.push(long);
            t.imd.push(imd);
            t.doterm.push(doterm);
        }
        Ok(t)
    }
}

impl Cached for PostcodeTable {
    fn write(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut w = Writer::new(out, KIND)?;
        w.bytes(&self.keys)?;
        for v in [
            &self.lad,
            &self.county,
            &self.region,
            &self.lsoa,
            &self.msoa,
        ] {
            w.words(v)?;
        }
        w.words(&self.lat)?;
        w.words(&self.long)?;
        w.words(&self.imd)?;
        w.words(&self.doterm)?;
        w.strs(&self.codes)?;
        w.finish()?;
        Ok(())
    }

    fn read(input: &mut dyn Read, size: u64) -> anyhow::Result<Self> {
        let mut r = Reader::new(input, size, KIND)?;
        let t = PostcodeTable {
            keys: r.bytes()?,
            lad: r.words()?,
            county: r.words()?,
            region: r.words()?,
            lsoa: r.words()?,
            msoa: r.words()?,
            lat: r.words()?,
            long: r.words()?,
            imd: r.words()?,
            doterm: r.words()?,
            codes: r.strs()?,
        };
        let n = t.lad.len();
        let ids_ok = [&t.lad, &t.county, &t.region, &t.lsoa, &t.msoa]
            .iter()
            .all(|v| v.len() == n && v.iter().all(|i| (*i as usize) < t.codes.len()));
        if t.keys.len() != n * 7
            || !ids_ok
            || [t.lat.len(), t.long.len(), t.imd.len(), t.doterm.len()] != [n; 4]
        {
            anyhow::bail!("postcode cache is inconsistent");
        }
        Ok(t)
    }
}

type Row = ([u8; 7], [u32; 5], f32, f32, u32, u32);

fn read_one(path: &Path, dict: &mut Dict, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let (mut r, header) = open_csv(path, Some(b','))?;
    let pc = required(
        &header,
        &["pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode"],
        path,
        "postcode",
    )?;
    let lad_names = [
        "laua", "oslaua", "lad25cd", "lad24cd", "lad23cd", "lad22cd", "lad21cd", "lad20cd",
        "lad19cd", "lad",
    ];
    let lad = required(&header, &lad_names, path, "local authority district (laua)")?;
    let cty = column(&header, &["cty", "oscty", "cty25cd", "cty24cd", "cty23cd"]);
    let rgn = column(&header, &["rgn", "gor", "rgn25cd", "rgn24cd", "rgn23cd"]);
    let lsoa = column(
        &header,
        &["lsoa21", "lsoa11", "lsoa21cd", "lsoa11cd", "lsoa01"],
    );
    let msoa = column(
        &header,
        &["msoa21", "msoa11", "msoa21cd", "msoa11cd", "msoa01"],
    );
    let lat = column(&header, &["lat"]);
    let long = column(&header, &["long", "lon", "lng"]);
    // Grid references, for a directory without latitude and longitude.
    let east = column(&header, &["oseast1m", "eastings", "easting"]);
    let north = column(&header, &["osnrth1m", "northings", "northing"]);
    let grid = match (east, north) {
        (Some(_), Some(_)) => Some(super::grid::NationalGrid::new()?),
        _ => None,
    };
    let imd = column(&header, &["imd"]);
    let doterm = column(&header, &["doterm"]);
    let mut record = csv::ByteRecord::new();
    while let Some(line) = next_record(&mut r, &mut record, path)? {
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).map(text).unwrap_or_default();
        let raw_pc = get(Some(pc));
        let Some(key) = pcd7(&raw_pc) else {
            if record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            anyhow::bail!(
                "{}: line {line}: {:?} is not a postcode",
                path.display(),
                raw_pc.trim()
            );
        };
        let ids =
            [get(Some(lad)), get(cty), get(rgn), get(lsoa), get(msoa)].map(|c| dict.id(c.trim()));
        let float = |c: Option<usize>, limit: f64| {
            get(c)
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.abs() <= limit)
        };
        // The NSPL writes 99.999999, 0.000000 for a postcode with no position.
        let (mut la, mut lo) = (float(lat, 90.0), float(long, 180.0));
        if la.is_none() || lo.is_none() {
            (la, lo) = (grid.as_ref())
                .and_then(|g| g.lat_long(float(east, 1e7)?, float(north, 1e7)?))
                .map_or((None, None), |(a, o)| (Some(a), Some(o)));
        }
        let as_f32 = |v: Option<f64>| v.map_or(f32::NAN, |v| v as f32);
        let imd_rank = get(imd).trim().parse::<u32>().unwrap_or(0);
        let term = get(doterm).trim().parse::<u32>().unwrap_or(0);
        rows.push((key, ids, as_f32(la), as_f32(lo), imd_rank, term));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pad_the_outward_code() {
        assert_eq!(&pcd7("m1 1ae").unwrap(), b"M1  1AE");
        assert_eq!(&pcd7("OX4 2JY").unwrap(), b"OX4 2JY");
        assert_eq!(&pcd7("EC1A1BB").unwrap(), b"EC1A1BB");
        assert_eq!(pcd7("OX4"), None);
        assert_eq!(display_key(b"M1  1AE"), "M1 1AE");
    }

    #[test]
    fn positions_come_from_grid_references_when_latitude_is_not_given() {
        // DG1 1AA as the NSPL (November 2021) gives it: 297315 E, 576211 N, and also
        // 55.069708, -3.609592, which is not in this file. ZZ9 9ZZ has the NSPL's
        // "no position" (99.999999, 0) and no grid reference.
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("onspd.csv");
        std::fs::write(
            &p,
            "pcds,laua,oseast1m,osnrth1m,lat,long\n\
             DG1 1AA,S12000006,297315,0576211,,\n\
             ZZ9 9ZZ,S12000006,,,99.999999,0.000000\n",
        )
        .unwrap();
        let t = PostcodeTable::read(&[p]).unwrap();
        let row = t.get("DG1 1AA").unwrap();
        let (lat, long) = (row.lat.unwrap(), row.long.unwrap());
        let (lat, long) = (f64::from(lat), f64::from(long));
        assert!((lat - 55.069_708).abs() < 1e-4 && (long + 3.609_592).abs() < 1e-4);
        let none = t.get("ZZ9 9ZZ").unwrap();
        assert_eq!((none.lat, none.long), (None, None));
    }

    #[test]
    fn reads_nspl_columns_and_round_trips_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("nspl.csv");
        std::fs::write(
            &p,
            "pcd,pcd2,pcds,dointr,doterm,laua,cty,rgn,lsoa11,msoa11,lat,long,imd\n\
             \"OX4 2JY\",\"OX4  2JY\",\"OX4 2JY\",\"199001\",\"\",\"E07000178\",\"E10000025\",\"E12000008\",\"E01028531\",\"E02005947\",51.74,-1.21,1234\n\
             \"M1  1AE\",\"M1   1AE\",\"M1 1AE\",\"199001\",\"201001\",\"E08000003\",\"E99999999\",\"E12000002\",\"E01005065\",\"E02001066\",53.48,-2.23,0\n",
        )
        .unwrap();
        let t = PostcodeTable::read(&[p]).unwrap();
        let back = PostcodeTable::decode(&t.encode()).unwrap();
        let row = back.get("ox42jy").unwrap();
        assert_eq!(
            (row.lad, row.lsoa, row.imd_rank, row.terminated),
            ("E07000178", "E01028531", Some(1234), None)
        );
        let m = back.get("M1 1AE").unwrap();
        assert_eq!((m.imd_rank, m.terminated), (None, Some(201001)));
        assert_eq!(back.with_prefix(b"OX4 ").count(), 1);
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("bad.csv");
        std::fs::write(
            &p,
            "pcd,laua\nOX4 2JY,E07000178\nnot a postcode,E07000178\n",
        )
        .unwrap();
        let e = format!(
            "{:#}",
            PostcodeTable::read(std::slice::from_ref(&p)).unwrap_err()
        );
        assert!(e.contains("bad.csv: line 3"), "{e}");
        std::fs::write(&p, "postcode_x,laua\n").unwrap();
        let e = format!(
            "{:#}",
            PostcodeTable::read(std::slice::from_ref(&p)).unwrap_err()
        );
        assert!(e.contains("line 1: no postcode column"), "{e}");
    }
}
