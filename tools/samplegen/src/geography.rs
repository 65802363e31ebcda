//! Real 2011 statistical geography for Oxfordshire (and a dozen out-of-area LSOAs), with
//! each LSOA's IMD 2019 rank and decile, read from the committed table that
//! `extract_oxon_geography.py` extracted once from MHCLG's IoD2019 File 1 and the ONS
//! OA11→LSOA11→MSOA11→LAD17 lookup.

use std::collections::BTreeMap;

const TABLE: &str = include_str!("../data/oxon_geography.tsv");

/// One LSOA with its MSOA, district and IMD 2019 rank (1 = most deprived of 32,844).
#[derive(Debug)]
pub struct Lsoa {
    pub code: &'static str,
    pub name: &'static str,
    pub msoa: &'static str,
    pub msoa_name: &'static str,
    pub lad: &'static str,
    pub lad_name: &'static str,
    pub rank: u32,
    pub decile: u32,
    /// 2011 Area Classification supergroup of the LSOA (e.g. `5b`).
    pub soac: &'static str,
    pub rgn: &'static str,
}

/// One output area of an LSOA, with its 2011 Area Classification and its row id (`FID`)
/// in the ONS lookup.
#[derive(Debug)]
pub struct Oa {
    pub code: &'static str,
    pub lsoa: &'static str,
    pub oac: &'static str,
    pub lac: &'static str,
    pub fid: u32,
}

pub struct Geography {
    pub lsoas: BTreeMap<&'static str, Lsoa>,
    /// The first OAs (by FID) of each LSOA.
    pub oas: BTreeMap<&'static str, Vec<Oa>>,
    names: BTreeMap<&'static str, &'static str>,
}

impl Geography {
    pub fn load() -> Geography {
        let mut g = Geography {
            lsoas: BTreeMap::new(),
            oas: BTreeMap::new(),
            names: BTreeMap::new(),
        };
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = line.split('\t').collect();
            match f[0] {
                "L" => {
                    g.lsoas.insert(
                        f[1],
                        Lsoa {
                            code: f[1],
                            name: f[2],
                            msoa: f[3],
                            msoa_name: f[4],
                            lad: f[5],
                            lad_name: f[6],
                            rank: f[7].parse().expect("IMD rank"),
                            decile: f[8].parse().expect("IMD decile"),
                            soac: f[9],
                            rgn: f[10],
                        },
                    );
                }
                "O" => g.oas.entry(f[2]).or_default().push(Oa {
                    code: f[1],
                    lsoa: f[2],
                    oac: f[3],
                    lac: f[4],
                    fid: f[5].parse().expect("FID"),
                }),
                "N" => {
                    g.names.insert(f[1], f[2]);
                }
                other => panic!("oxon_geography.tsv: unknown line kind {other:?}"),
            }
        }
        g
    }

    pub fn lsoa(&self, code: &str) -> &Lsoa {
        self.lsoas
            .get(code)
            .unwrap_or_else(|| panic!("LSOA {code} is not in data/oxon_geography.tsv"))
    }

    /// The name of an OAC, SOAC, LAC, region or country code.
    pub fn name(&self, code: &str) -> &'static str {
        self.names
            .get(code)
            .copied()
            .unwrap_or_else(|| panic!("no name for {code}"))
    }

    /// LSOAs of the same MSOA, in code order.
    pub fn siblings(&self, lsoa: &Lsoa) -> Vec<&Lsoa> {
        self.lsoas
            .values()
            .filter(|l| l.msoa == lsoa.msoa)
            .collect()
    }
}

/// The Oxfordshire districts, for "local" in the sample study.
pub const OXON_LADS: [&str; 5] = [
    "E07000177",
    "E07000178",
    "E07000179",
    "E07000180",
    "E07000181",
];

/// Ordnance Survey National Grid easting and northing (metres) of a latitude/longitude,
/// by the OS transverse Mercator formulae on the Airy 1830 ellipsoid. The datum shift
/// from WGS84 is ignored, so points land within about 120 m of where OS would put them:
/// plenty for made-up postcodes.
pub fn national_grid(lat: f64, lon: f64) -> (i64, i64) {
    let (a, b) = (6_377_563.396_f64, 6_356_256.909_f64);
    let f0 = 0.999_601_271_7;
    let (lat0, lon0) = (49f64.to_radians(), (-2f64).to_radians());
    let (n0, e0) = (-100_000.0, 400_000.0);
    let e2 = 1.0 - (b * b) / (a * a);
    let n = (a - b) / (a + b);
    let (phi, lam) = (lat.to_radians(), lon.to_radians());
    let (s, c, t) = (phi.sin(), phi.cos(), phi.tan());
    let nu = a * f0 / (1.0 - e2 * s * s).sqrt();
    let rho = a * f0 * (1.0 - e2) / (1.0 - e2 * s * s).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (dp, sp) = (phi - lat0, phi + lat0);
    let m = b
        * f0
        * ((1.0 + n + 1.25 * n * n + 1.25 * n.powi(3)) * dp
            - (3.0 * n + 3.0 * n * n + 21.0 / 8.0 * n.powi(3)) * dp.sin() * sp.cos()
            + (15.0 / 8.0 * n * n + 15.0 / 8.0 * n.powi(3)) * (2.0 * dp).sin() * (2.0 * sp).cos()
            - 35.0 / 24.0 * n.powi(3) * (3.0 * dp).sin() * (3.0 * sp).cos());
    let i = m + n0;
    let ii = nu / 2.0 * s * c;
    let iii = nu / 24.0 * s * c.powi(3) * (5.0 - t * t + 9.0 * eta2);
    let iiia = nu / 720.0 * s * c.powi(5) * (61.0 - 58.0 * t * t + t.powi(4));
    let iv = nu * c;
    let v = nu / 6.0 * c.powi(3) * (nu / rho - t * t);
    let vi = nu / 120.0
        * c.powi(5)
        * (5.0 - 18.0 * t * t + t.powi(4) + 14.0 * eta2 - 58.0 * t * t * eta2);
    let dl = lam - lon0;
    let north = i + ii * dl.powi(2) + iii * dl.powi(4) + iiia * dl.powi(6);
    let east = e0 + iv * dl + v * dl.powi(3) + vi * dl.powi(5);
    (east.round() as i64, north.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_oxfordshire() {
        let g = Geography::load();
        let oxon = g
            .lsoas
            .values()
            .filter(|l| OXON_LADS.contains(&l.lad))
            .count();
        assert_eq!(oxon, 407);
        let leys = g.lsoa("E01028568");
        assert_eq!(
            (leys.name, leys.rank, leys.decile),
            ("Oxford 018B", 3168, 1)
        );
        for l in g.lsoas.values() {
            assert!(!g.oas[l.code].is_empty(), "{} has no OA", l.code);
            g.name(l.rgn);
        }
    }

    #[test]
    fn grid_matches_a_real_nspl_row() {
        // DT1 1AA in the real NSPL Nov 2021: 368730, 0090722 at 50.715280, -2.444281.
        let (e, n) = national_grid(50.715_280, -2.444_281);
        assert!(
            (e - 368_730).abs() < 150 && (n - 90_722).abs() < 150,
            "{e} {n}"
        );
    }
}
