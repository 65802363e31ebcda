//! `samplegen sample`: the four anchors' ledgers for two years, with the messes spendgap
//! must cope with planted at known places, plus the directory, the reference files
//! (postcodes, deprivation, areas, registers), study.toml and README.

use crate::county::write_county;
use crate::csv_ledgers::{write_city, write_uni};
use crate::dates::{Date, Fy};
use crate::formats::csv_field;
use crate::ledger::{ANCHORS, Amount, AnchorSpec, NameStyle, Payment, generate};
use crate::ouh::write_ouh;
use crate::readme;
use crate::reference;
use crate::suppliers::{DIRECTORY, Sector};
use anyhow::Result;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

pub const YEARS: [Fy; 2] = [Fy { start_year: 2023 }, Fy { start_year: 2024 }];

/// Deliberate messes and where they landed: (file, place, what).
#[derive(Default)]
pub struct Notes(pub Vec<(String, String, String)>);

impl Notes {
    pub fn add(&mut self, file: &str, place: String, what: &str) {
        self.0.push((file.to_string(), place, what.to_string()));
    }
}

/// A file written, with its row count (data rows, excluding header, preamble and footer).
pub struct Written {
    pub rel: String,
    pub rows: usize,
    pub detail: String,
}

impl Written {
    pub fn new(rel: &str, rows: usize, detail: &str) -> Written {
        Written {
            rel: rel.to_string(),
            rows,
            detail: detail.to_string(),
        }
    }
}

pub fn run(out: &Path, seed: u64) -> Result<Vec<Written>> {
    let mut notes = Notes::default();
    let mut written = Vec::new();
    let mut truth = std::collections::BTreeMap::new();
    for spec in &ANCHORS {
        std::fs::create_dir_all(out.join("ledgers").join(spec.id))?;
        let mut years: Vec<Vec<Payment>> = YEARS
            .iter()
            .enumerate()
            .map(|(i, fy)| {
                let stream = seed
                    .wrapping_mul(1_000_003)
                    .wrapping_add(spec.index as u64 * 10 + i as u64);
                generate(spec, *fy, &mut ChaCha8Rng::seed_from_u64(stream))
            })
            .collect();
        plant_messes(spec, &mut years);
        for p in years.iter().flatten() {
            if let Some(sup) = p.supplier.filter(|_| !p.payee.trim().is_empty()) {
                truth.insert(p.payee.trim().to_string(), sup);
            }
        }
        for (fy, rows) in YEARS.iter().zip(&years) {
            let rows = &label_payees(spec, rows);
            let rel =
                |ext: &str, stem: &str| format!("ledgers/{}/{stem}-{}.{ext}", spec.id, fy.label());
            written.push(match spec.index {
                0 => write_city(out, &rel("csv", "spend-over-500"), *fy, rows, &mut notes)?,
                1 => write_county(
                    out,
                    &rel("xlsx", "supplier-payments"),
                    *fy,
                    rows,
                    &mut notes,
                )?,
                2 => write_ouh(out, &rel("ods", "expenditure"), *fy, rows, &mut notes)?,
                _ => write_uni(out, &rel("csv", "supplier-spend"), rows, &mut notes)?,
            });
        }
    }
    std::fs::create_dir_all(out.join("truth"))?;
    std::fs::write(
        out.join("truth/payees.csv"),
        crate::truth::payees_csv(&truth),
    )?;
    written.push(Written::new("truth/payees.csv", truth.len(), ""));
    written.extend(crate::contracts::write(out)?);
    std::fs::create_dir_all(out.join("directory"))?;
    std::fs::write(out.join("directory/coop_directory.csv"), directory_csv())?;
    written.push(Written::new(
        "directory/coop_directory.csv",
        DIRECTORY.len(),
        "",
    ));
    let reference = reference::write(out, seed)?;
    written.extend(reference.written);
    std::fs::write(out.join("study.toml"), study_toml())?;
    std::fs::write(
        out.join("README.md"),
        readme::render(seed, &written, &notes, &reference.readme),
    )?;
    Ok(written)
}

/// The row-level messes the brief asks for, each in one anchor's files.
fn plant_messes(spec: &AnchorSpec, years: &mut [Vec<Payment>]) {
    let ordinary =
        |p: &Payment| p.supplier.is_some_and(|s| s.weight > 0) && p.pence().is_some_and(|v| v > 0);
    match spec.id {
        "oxford-city" => {
            let rows = &mut years[1];
            let k = (rows.len() / 2..rows.len())
                .find(|&i| ordinary(&rows[i]))
                .unwrap_or(0);
            let p = &mut rows[k];
            p.payee.clear();
            p.supplier = None;
            p.amount = Amount::Pence(-125_000);
            p.category = "Refunds";
            p.mess = Some("refund: an amount but no payee name");
        }
        "oxon-county" => {
            let rows = &mut years[0];
            let k = rows
                .iter()
                .position(|p| p.date >= Some(Date::new(2023, 8, 14)))
                .unwrap_or(0);
            rows[k].date = None;
            rows[k].mess = Some("no payment date");
        }
        "ouh" => {
            let cutoff = Some(Date::new(2024, 3, 18));
            let late: Vec<usize> = (0..years[0].len())
                .filter(|&i| years[0][i].date >= cutoff && ordinary(&years[0][i]))
                .collect();
            let mut copies = Vec::new();
            for &i in late.iter().rev().take(3).rev() {
                years[0][i].mess = Some("late-posted payment, repeated in the 2024-25 file");
                let mut copy = years[0][i].clone();
                copy.mess = Some(
                    "late-posted 2023-24 payment repeated here (same ref, date, amount, supplier)",
                );
                copies.push(copy);
            }
            years[1].splice(0..0, copies);
            let rows = &mut years[1];
            let k = rows.len() * 3 / 5;
            rows[k].amount = Amount::Text("TBC");
            rows[k].mess = Some("unreadable amount (TBC)");
        }
        _ => {
            let rows = &mut years[0];
            let k = (rows.len() / 3..rows.len())
                .find(|&i| ordinary(&rows[i]))
                .unwrap_or(0);
            rows[k].mess = Some("two identical rows (a legitimate repeat payment)");
            rows.insert(k + 1, rows[k].clone());
            let m = rows.len() / 4;
            rows[m].description = "Open day catering; 120 covers\nincl. dietary options".into();
            rows[m].mess = Some("quoted description holding a semicolon and a line break");
        }
    }
}

/// Marks the payees spendgap must treat specially, so the README can say where they are.
fn label_payees(spec: &AnchorSpec, rows: &[Payment]) -> Vec<Payment> {
    let mut rows = rows.to_vec();
    for p in rows.iter_mut().filter(|p| p.mess.is_none()) {
        let Some(sup) = p.supplier else { continue };
        p.mess = match sup.sector {
            _ if p.pence().is_some_and(|v| v < 0) => Some("credit note (negative amount)"),
            Sector::Tax => Some("payment to HMRC"),
            Sector::Pension => Some("pension fund contribution"),
            Sector::Public => Some("payment to another public body"),
            Sector::Personal if p.payee.to_lowercase().contains("redacted") => {
                Some("payee redacted (personal data)")
            }
            Sector::Personal => Some("payee is a named individual"),
            _ => None,
        };
        if let (None, NameStyle::Truncate(n)) = (p.mess, spec.names)
            && p.payee.chars().count() + 1 >= n
            && sup
                .names
                .iter()
                .any(|s| s.chars().count() > n && s.starts_with(&p.payee))
        {
            p.mess = Some("supplier name truncated at 32 characters");
        }
    }
    rows
}

fn directory_csv() -> String {
    let mut s = String::from("id,name,legal_form,postcode,sector,sic_code,website\n");
    for (i, d) in DIRECTORY.iter().enumerate() {
        let f = |v: &str| csv_field(v, ',');
        s.push_str(&format!(
            "OXSE-{:03},{},{},{},{},{},{}\n",
            i + 1,
            f(d.name),
            f(d.legal_form),
            d.postcode,
            f(d.sector),
            d.sic,
            d.website
        ));
    }
    s
}

fn study_toml() -> String {
    let mut s = String::from(
        "# The sample partnership: made-up ledgers of four Oxfordshire anchor institutions.\n\
         # Paths are relative to this file; the tool detects headers, encodings and delimiters.\n\
         name = \"Oxfordshire anchor partnership (sample)\"\n",
    );
    // Each anchor's main site (a town hall, county hall, hospital, university offices),
    // drawn on the map of where the spend lands.
    let sites = ["OX1 1BX", "OX1 1ND", "OX3 9DU", "OX1 2JD"];
    for ((spec, ext), site) in ANCHORS.iter().zip(["csv", "xlsx", "ods", "csv"]).zip(sites) {
        s.push_str(&format!(
            "\n[[anchor]]\nid = \"{}\"\nname = \"{}\"\nsites = [\"{site}\"]\n\n[[anchor.ledger]]\npath = \"ledgers/{}/*.{ext}\"\n",
            spec.id, spec.name, spec.id
        ));
    }
    s.push_str(REFERENCE_TOML);
    s.push_str(BANDS_TOML);
    s
}

/// What "local" means for the sample partnership: the city, the county, the region.
const BANDS_TOML: &str = r#"
# What "local" means, innermost first: the city, the county, the region. Suppliers placed
# elsewhere in the UK fall in "Rest of UK"; those that cannot be placed in "Unknown".
[[band]]
name = "Oxford"
lads = ["E07000178"]

[[band]]
name = "Oxfordshire"
counties = ["E10000025"]

[[band]]
name = "South East"
regions = ["E12000008"]

# The gap analysis looks for markets leaking out of the city and out of the county, and
# for the contracts in them that come up again within three years.
[gaps]
areas = ["Oxford", "Oxfordshire"]

[[gaps.contracts]]
path = "contracts/partnership-contracts.csv"

[[gaps.contracts]]
path = "contracts/ouh-forward-plan.xlsx"
anchor = "ouh"

# One directory of the area's social economy, merged from the registers and the local list
# (`spendgap directory`): directory.csv, directory.geojson, directory.xlsx, changes.csv.
[directory]
sources = [
  { path = "reference/registers/coopsuk_open_data_organisations_sample.csv", name = "Co-operatives UK (sample)" },
  { path = "directory/coop_directory.csv", name = "Oxford co-operative directory (sample)" },
  { path = "reference/registers/BasicCompanyData_sample.csv", name = "Companies House (sample)" },
  { path = "reference/registers/charity_commission_publicextract.charity.txt", name = "Charity Commission (sample)" },
]
"#;

/// Where the reference data are, relative to the study file.
const REFERENCE_TOML: &str = r#"
[reference]
postcodes = ["reference/nspl/*.csv"]
deprivation = "reference/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
areas = ["reference/OA11_LSOA11_MSOA11_LAD17_lookup.csv", "reference/County names and codes UK as at 04_21.csv"]
registers = [
  { kind = "coops_uk", path = "reference/registers/coopsuk_open_data_organisations_sample.csv" },
  { kind = "companies_house", path = "reference/registers/BasicCompanyData_sample.csv" },
  { kind = "charity_commission", path = "reference/registers/charity_commission_publicextract.charity.txt" },
  { kind = "fca_mutuals", path = "reference/registers/fca_mutuals_sample.csv" },
  { kind = "directory", path = "directory/coop_directory.csv" },
]
# The maps: Oxford's LSOAs and England's districts (extracted from martinjc/UK-GeoJSON by
# tools/samplegen/extract_boundaries.py), with the notice every map of them carries.
boundaries = ["reference/boundaries/oxford_lsoa11.geojson", "reference/boundaries/england_lad13.geojson.gz"]
boundaries_attribution = "Boundaries: ONS and OS data © Crown copyright and database right 2016 (OGL v3, OS OpenData); GeoJSON by Martin Chorley, github.com/martinjc/UK-GeoJSON (CC BY 4.0)."
"#;
