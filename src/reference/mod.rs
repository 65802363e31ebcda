//! Reference data in its publishers' formats: the postcode directory, deprivation, area
//! names and the registers of organisations. Loaded once per run, large files through
//! the cache.

pub mod areas;
pub mod binio;
pub mod boundaries;
pub mod cache;
pub mod deprivation;
pub mod grid;
pub mod places;
pub mod postcode;
pub mod postcode_directory;
pub mod registers;
pub mod textfile;

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The study's `[reference]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    /// ONS Postcode Directory or NSPL CSVs (plain or .gz; globs allowed), read as one table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcodes: Vec<String>,
    /// English Indices of Deprivation File 1 (2019 or 2025 layout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprivation: Option<String>,
    /// Output area → LSOA → MSOA → LAD lookups with names (`LAD17CD`, `LAD17NM`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Registers and directories of organisations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registers: Vec<RegisterSpec>,
    /// Area boundaries for the maps: GeoJSON or TopoJSON as ONS and others publish them
    /// (LSOA, MSOA, LAD; plain or .gz; globs allowed), several files as one layer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<String>,
    /// The licence notice every map and layer drawn from `boundaries` carries (default:
    /// the ONS and Ordnance Survey notice of the Open Government Licence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundaries_attribution: Option<String>,
    /// Folder for the reference cache; default `.spendgap-cache` beside the study file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_dir: Option<String>,
}

/// One register or directory file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterSpec {
    pub kind: RegisterKind,
    pub path: String,
}

/// The register formats spendgap reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// Co-operatives UK open data (2017 `open_data_organisations` or the later standard layout).
    CoopsUk,
    /// FCA Mutuals Public Register.
    FcaMutuals,
    /// Companies House BasicCompanyData.
    CompaniesHouse,
    /// Charity Commission register extract (charity table).
    CharityCommission,
    /// A local social-economy directory (schemas/directory.schema.json).
    Directory,
}

impl RegisterKind {
    /// The name the study file and every output use (`coops_uk`, `companies_house`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            RegisterKind::CoopsUk => "coops_uk",
            RegisterKind::FcaMutuals => "fca_mutuals",
            RegisterKind::CompaniesHouse => "companies_house",
            RegisterKind::CharityCommission => "charity_commission",
            RegisterKind::Directory => "directory",
        }
    }
}

/// Reference files resolved against the study file.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub postcodes: Vec<PathBuf>,
    pub deprivation: Option<PathBuf>,
    pub areas: Vec<PathBuf>,
    pub registers: Vec<(RegisterKind, PathBuf)>,
    pub boundaries: Vec<PathBuf>,
    pub boundaries_attribution: String,
    pub cache_dir: Option<PathBuf>,
}

/// What ONS boundaries carry under the Open Government Licence.
pub const DEFAULT_ATTRIBUTION: &str = "Boundaries: Office for National Statistics, Open Government Licence v3.0; \
     contains OS data © Crown copyright and database right.";

/// The files a `[reference]` entry names (see [`crate::files::expand`]).
fn expand(dir: &Path, what: &str, pattern: &str) -> anyhow::Result<Vec<PathBuf>> {
    let found = crate::files::expand(dir, &format!("[reference] {what}"), pattern)?;
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

impl Reference {
    pub fn resolve(spec: &ReferenceSpec, dir: &Path) -> anyhow::Result<Self> {
        let mut postcodes = Vec::new();
        for p in &spec.postcodes {
            postcodes.extend(expand(dir, "postcodes", p)?);
        }
        let mut areas = Vec::new();
        for p in &spec.areas {
            areas.extend(expand(dir, "areas", p)?);
        }
        let deprivation = match &spec.deprivation {
            Some(p) => Some(expand(dir, "deprivation", p)?.remove(0)),
            None => None,
        };
        let mut registers = Vec::new();
        for r in &spec.registers {
            for p in expand(dir, "registers", &r.path)? {
                registers.push((r.kind, p));
            }
        }
        let mut boundaries = Vec::new();
        for p in &spec.boundaries {
            boundaries.extend(expand(dir, "boundaries", p)?);
        }
        let cache_dir = Some(dir.join(spec.cache_dir.as_deref().unwrap_or(".spendgap-cache")));
        Ok(Reference {
            postcodes,
            deprivation,
            areas,
            registers,
            boundaries,
            boundaries_attribution: spec
                .boundaries_attribution
                .clone()
                .unwrap_or_else(|| DEFAULT_ATTRIBUTION.to_string()),
            cache_dir,
        })
    }
}
