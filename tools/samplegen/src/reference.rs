//! `sample-data/reference/`: the postcode lookup, IMD 2019 File 1, the OA lookup and the
//! four registers, made up but consistent with the ledgers and the directory, each in its
//! publisher's layout.

use crate::geography::{Geography, OXON_LADS};
use crate::places::{self, NEIGHBOURS_PER_SECTOR, Postcode, TERMINATED_DEAD, TERMINATED_IN_USE};
use crate::registers::{self, CHARITIES, COMPANIES, COOPS, TYPO_POSTCODE};
use crate::sample::Written;
use crate::suppliers::{DIRECTORY, SUPPLIERS, Sector};
use anyhow::{Result, bail};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

pub const NSPL_OX: &str = "reference/nspl/NSPL_SAMPLE_UK_OX.csv";
pub const NSPL_OTHER: &str = "reference/nspl/NSPL_SAMPLE_UK_OTHER.csv";
/// The city whose LSOAs the sample's boundaries draw (Oxford).
const CITY_LAD: &str = "E07000178";
pub const IMD: &str = "reference/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv";
pub const OA_LOOKUP: &str = "reference/OA11_LSOA11_MSOA11_LAD17_lookup.csv";
pub const COOPS_UK: &str = "reference/registers/coopsuk_open_data_organisations_sample.csv";
pub const COMPANIES_HOUSE: &str = "reference/registers/BasicCompanyData_sample.csv";
pub const CHARITY: &str = "reference/registers/charity_commission_publicextract.charity.txt";
pub const FCA: &str = "reference/registers/fca_mutuals_sample.csv";

/// What was written, and the README section that describes it.
pub struct Reference {
    pub written: Vec<Written>,
    pub readme: String,
}

/// A payee or directory entry sitting in one of the 20% most deprived LSOAs.
struct Deprived {
    name: &'static str,
    postcode: &'static str,
    lsoa: String,
    decile: u32,
    rank: u32,
    coop: bool,
    paid: bool,
}

pub fn write(out: &Path, seed: u64) -> Result<Reference> {
    let geo = Geography::load();
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(9_001));
    let pcs = places::postcodes(&geo, &mut rng);

    // Every postcode anyone uses must be in the lookup.
    let mut needed: Vec<(&str, String)> = Vec::new();
    for s in SUPPLIERS {
        needed.push((s.postcode, format!("supplier {}", s.names[0])));
    }
    for d in DIRECTORY {
        needed.push((d.postcode, format!("directory {}", d.name)));
    }
    for c in COOPS {
        let pc = if c.postcode == TYPO_POSTCODE.0 {
            TYPO_POSTCODE.1
        } else {
            c.postcode
        };
        needed.push((pc, format!("Co-ops UK {}", c.name)));
    }
    for c in COMPANIES {
        needed.push((c.postcode, format!("Companies House {}", c.name)));
    }
    for c in CHARITIES {
        needed.push((c.postcode, format!("charity {}", c.name)));
    }
    places::check_covered(&pcs, needed)?;
    check_registers()?;

    for dir in ["reference/nspl", "reference/registers"] {
        std::fs::create_dir_all(out.join(dir))?;
    }
    // ONS's county names file (shipped with NSPL/ONSPD), so counties are named too.
    std::fs::write(
        out.join("reference/County names and codes UK as at 04_21.csv"),
        "CTY21CD,CTY21NM\r\nE10000025,Oxfordshire\r\nE10000002,Buckinghamshire\r\nE10000014,Hampshire\r\nE10000030,Surrey\r\n",
    )?;
    let is_ox = |p: &Postcode| p.area() == "OX";
    let mut written = Vec::new();
    let mut put = |rel: &str, text: String, rows: usize, detail: String| -> Result<()> {
        std::fs::write(out.join(rel), text)?;
        written.push(Written::new(rel, rows, &detail));
        Ok(())
    };

    let ox: Vec<&Postcode> = pcs.iter().filter(|p| is_ox(p)).collect();
    let sectors: BTreeSet<String> = ox.iter().map(|p| p.sector()).collect();
    put(
        NSPL_OX,
        places::nspl_csv(&geo, &pcs, is_ox),
        ox.len(),
        format!(
            "{} placed by hand, {} made-up neighbours ({NEIGHBOURS_PER_SECTOR} in each of {} sectors); terminated: {TERMINATED_IN_USE}, {TERMINATED_DEAD}",
            ox.iter().filter(|p| p.fixed).count(),
            ox.iter().filter(|p| !p.fixed).count(),
            sectors.len()
        ),
    )?;
    let other = pcs.len() - ox.len();
    put(
        NSPL_OTHER,
        places::nspl_csv(&geo, &pcs, |p| !is_ox(p)),
        other,
        "RG9 and SN7 (Oxfordshire outside the OX area), national firms, pension schemes, out-of-area co-ops".into(),
    )?;
    let lsoas: BTreeSet<&str> = pcs.iter().map(|p| p.lsoa).collect();
    // Every LSOA of the city too, so its map shades every neighbourhood by deprivation.
    let mut deprivation = lsoas.clone();
    deprivation.extend(
        (geo.lsoas.iter())
            .filter(|(_, l)| l.lad == CITY_LAD)
            .map(|(c, _)| *c),
    );
    let oxon_imd = deprivation
        .iter()
        .filter(|c| OXON_LADS.contains(&geo.lsoa(c).lad))
        .count();
    put(
        IMD,
        places::imd_file1(&geo, &deprivation),
        deprivation.len(),
        format!(
            "{oxon_imd} Oxfordshire LSOAs (every one of the city's), {} elsewhere",
            deprivation.len() - oxon_imd
        ),
    )?;
    let oas: usize = lsoas.iter().map(|c| geo.oas[c].len()).sum();
    put(
        OA_LOOKUP,
        places::oa_lookup(&geo, &lsoas),
        oas,
        "the first two OAs of each LSOA".into(),
    )?;
    let dead = COOPS.iter().filter(|c| c.status == "Dead").count();
    put(
        COOPS_UK,
        registers::coops_uk_csv(),
        COOPS.len(),
        format!(
            "{} Oxfordshire, {} elsewhere; {dead} dead",
            COOPS.iter().filter(|c| c.county == "Oxfordshire").count(),
            COOPS.iter().filter(|c| c.county != "Oxfordshire").count()
        ),
    )?;
    put(
        COMPANIES_HOUSE,
        registers::basic_company_data_csv(),
        COMPANIES.len(),
        "one dissolved, one with a previous name".into(),
    )?;
    put(
        CHARITY,
        registers::charity_txt(),
        CHARITIES.len(),
        "one removed".into(),
    )?;
    let fca_rows = COOPS.iter().filter(|c| c.registrar == "FCA").count();
    put(FCA, registers::fca_mutuals_csv(), fca_rows, String::new())?;

    let deprived = deprived(&geo, &pcs);
    let paid: Vec<&Deprived> = deprived.iter().filter(|d| d.paid).collect();
    if paid.len() < 4 || paid.iter().filter(|d| d.coop).count() < 2 {
        bail!("fewer than 4 paid suppliers (2 co-ops) in decile 1-2 LSOAs");
    }
    Ok(Reference {
        written,
        readme: readme(&deprived),
    })
}

/// Registers agree with the ledgers: every company number an anchor records is in the
/// Companies House sample, and every co-op an anchor pays is in Co-ops UK.
fn check_registers() -> Result<()> {
    for s in SUPPLIERS.iter().filter(|s| !s.company.is_empty()) {
        if !COMPANIES.iter().any(|c| c.number == s.company) {
            bail!(
                "{} ({}) is not in the Companies House sample",
                s.names[0],
                s.company
            );
        }
    }
    for s in SUPPLIERS.iter().filter(|s| is_coop_name(s.names[0])) {
        if !COOPS.iter().any(|c| c.postcode == s.postcode) {
            bail!("{} is not in the Co-ops UK sample", s.names[0]);
        }
    }
    Ok(())
}

fn is_coop_name(name: &str) -> bool {
    let n = name.to_lowercase();
    n.contains("co-op") || n.contains("cooperative") || n.contains("community energy")
}

fn deprived(geo: &Geography, pcs: &[Postcode]) -> Vec<Deprived> {
    let place = |pc: &str| pcs.iter().find(|p| p.pcds == pc).map(|p| geo.lsoa(p.lsoa));
    let coop_at = |pc: &str| COOPS.iter().any(|c| c.postcode == pc && c.status == "Live");
    let mut out = Vec::new();
    let payees = SUPPLIERS.iter().filter(|s| {
        !matches!(
            s.sector,
            Sector::Tax | Sector::Pension | Sector::Public | Sector::Personal
        )
    });
    for s in payees {
        if let Some(l) = place(s.postcode).filter(|l| l.decile <= 2) {
            out.push(Deprived {
                name: s.names[0],
                postcode: s.postcode,
                lsoa: format!("{} {}", l.code, l.name),
                decile: l.decile,
                rank: l.rank,
                coop: coop_at(s.postcode),
                paid: true,
            });
        }
    }
    for d in DIRECTORY {
        if out.iter().any(|o| o.postcode == d.postcode) {
            continue;
        }
        if let Some(l) = place(d.postcode).filter(|l| l.decile <= 2) {
            out.push(Deprived {
                name: d.name,
                postcode: d.postcode,
                lsoa: format!("{} {}", l.code, l.name),
                decile: l.decile,
                rank: l.rank,
                coop: coop_at(d.postcode),
                paid: false,
            });
        }
    }
    out.sort_by_key(|d| (d.rank, d.name));
    out
}

fn readme(deprived: &[Deprived]) -> String {
    let elsewhere = COOPS.iter().filter(|c| c.county != "Oxfordshire").count();
    let mut s = String::from(
        "
## Reference files

`reference/` holds the place lookups and registers the later stages join on, each in the
layout its publisher releases, with just the rows the sample needs. The organisations are
made up; the geography is real: every postcode sits in a real 2011 LSOA, and its output
area, MSOA, district, county, region, 2011 area classification and IMD 2019 rank and
decile are the real ones (taken once from MHCLG's IoD2019 File 1 and the ONS OA lookup by
`tools/samplegen/extract_oxon_geography.py` into `tools/samplegen/data/`). The postcodes
themselves, their coordinates and their ward, division, constituency, built-up-area and
health, police and LEP codes are plausible stand-ins.

- `reference/nspl/NSPL_SAMPLE_UK_OX.csv`, `NSPL_SAMPLE_UK_OTHER.csv`: the ONS National
  Statistics Postcode Lookup (November 2021 columns), one file per postcode area as ONS
  splits it, so Henley (RG9) and Faringdon (SN7) are Oxfordshire postcodes in the OTHER
  file. Every field quoted except `lat`, `long` and `imd`; `pcd` padded to 7 characters
  (`M1  1AE`), `pcd2` to 8; `imd` is the LSOA's IMD rank. Every postcode a ledger, the
  directory or a register uses is here, plus five made-up neighbours in each OX sector
  in use, so a lookup by sector (`OX4 4`) also works.
  A postcode of one of Oxford's LSOAs lies at a point inside that LSOA's boundary
  (`tools/samplegen/data/oxford_lsoa_points.tsv`), so the maps draw it in its own
  neighbourhood; other positions are made up around their town.
- `reference/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv`: File 1 rows for the
  LSOAs those postcodes fall in and every LSOA of Oxford (for its map) (UTF-8 with a
  byte-order mark, CRLF, no line end after
  the last row, ranks like `\"29,199\"`).
- `reference/OA11_LSOA11_MSOA11_LAD17_lookup.csv`: the ONS OA lookup rows of those LSOAs'
  first two output areas (UTF-8 with a byte-order mark, LF).
- `reference/boundaries/`: Oxford's LSOAs and England's districts for the maps, extracted
  from martinjc/UK-GeoJSON by `tools/samplegen/extract_boundaries.py`, not by this
  generator (the notices they carry are in its LICENCE.txt).
- `reference/registers/coopsuk_open_data_organisations_sample.csv`: Co-operatives UK open
  data in its 2017 26-column layout (every field quoted, CRLF, line breaks inside the
  street field): the co-ops anchors pay and those in the directory, spelt as registered
  (`Oxford Community Energy Society Limited`, trading as `Oxford Community Energy`),
  registered with the FCA (`7123CS`, `29876R`) or Companies House, plus {ELSEWHERE} out-of-area
  co-ops and one dead one.
- `reference/registers/BasicCompanyData_sample.csv`: Companies House BasicCompanyData
  (its header keeps the leading spaces Companies House publishes, `CompanyName,
  CompanyNumber`): every company number the ledgers record (with leading zeros), the
  registered societies among the co-ops, a dissolved near-namesake
  (`HEADINGTON ELECTRICAL CONTRACTORS LIMITED`), an unrelated `ISIS COURIERS LIMITED`,
  and `MERIDIAN IT SOLUTIONS LIMITED`, formerly `MERIDIAN COMPUTER SERVICES LIMITED`.
- `reference/registers/charity_commission_publicextract.charity.txt`: the charity table of
  the Charity Commission register extract (tab-separated, UTF-8 with a byte-order mark,
  CRLF; the header is the Commission's, including `charity_is_cdf_or_cif`): Didcot
  Community Transport, which anchors pay (a charitable company, linked by company
  number), and five local charities, one removed.
- `reference/registers/fca_mutuals_sample.csv`: an FCA Mutuals Public Register export
  (`Society Name,Registered Number,Society Type,Registration Date,Status,Registered Office
  Address,Postcode`) of the FCA-registered co-ops.

Planted for the place and register stages:

",
    )
    .replace("{ELSEWHERE}", &elsewhere.to_string());
    let _ = writeln!(
        s,
        "- `{TERMINATED_IN_USE}` is terminated in the NSPL (`doterm` 202003), but Chipping Norton\n  \
         Cleaning Services Ltd still uses it, in the county's ledger and at Companies House;\n  \
         `{TERMINATED_DEAD}` (terminated 201606) is the address of the dead East Oxford\n  \
         Wholefoods Co-operative in the Co-ops UK file."
    );
    let _ = writeln!(
        s,
        "- Co-ops UK holds Botley Road Carpenters' postcode as `{}` (letter O for zero); the\n  \
         directory and the FCA have `{}`.",
        TYPO_POSTCODE.0, TYPO_POSTCODE.1
    );
    s.push_str(
        "
Suppliers and directory entries in the 20% most deprived LSOAs in England (IMD 2019
deciles 1 and 2), most deprived first:

| name | postcode | LSOA | IMD rank | decile | co-op | paid by anchors |
|---|---|---|---:|---:|---|---|
",
    );
    for d in deprived {
        let _ = writeln!(
            s,
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            d.name,
            d.postcode,
            d.lsoa,
            d.rank,
            d.decile,
            if d.coop { "yes" } else { "" },
            if d.paid { "yes" } else { "" }
        );
    }
    s
}
