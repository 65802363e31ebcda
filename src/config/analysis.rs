//! The study's analysis settings: what "local" means (`[[band]]`), how suppliers are
//! classified (`[classify]`) and how the baseline is measured (`[measure]`).

use std::path::{Path, PathBuf};

use anyhow::bail;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One local band: a name and the areas it holds, by ONS code. A place is in the band when
/// its district, county, region or country is listed. Bands are listed innermost first;
/// "Rest of UK", "Outside UK" and "Unknown" follow them without being declared.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    /// Shown in every output (`Oxford`, `Oxfordshire`, `South East`).
    pub name: String,
    /// Local authority district codes (`E07000178`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lads: Vec<String>,
    /// County codes (`E10000025`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counties: Vec<String>,
    /// Region codes (`E12000008`, the South East).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Country codes (`E92000001`, England).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
}

impl BandSpec {
    /// Whether the band holds a place with these area codes.
    pub fn holds(
        &self,
        lad: &Option<String>,
        county: &Option<String>,
        region: &Option<String>,
        country: &Option<String>,
    ) -> bool {
        let has = |list: &[String], code: &Option<String>| {
            code.as_ref().is_some_and(|c| list.iter().any(|x| x == c))
        };
        has(&self.lads, lad)
            || has(&self.counties, county)
            || has(&self.regions, region)
            || has(&self.countries, country)
    }
}

impl BandSpec {
    /// Whether the band holds a place (its country read from its district's code).
    pub fn holds_place(&self, p: &crate::reference::places::Place) -> bool {
        let country = p.lad.as_deref().and_then(country_of);
        self.holds(&p.lad, &p.county, &p.region, &country)
    }
}

/// The country code of a local authority district code's nation (`E07000178` →
/// `E92000001`).
pub fn country_of(lad: &str) -> Option<String> {
    Some(
        match lad.chars().next()? {
            'E' => "E92000001",
            'W' => "W92000004",
            'S' => "S92000003",
            'N' => "N92000002",
            _ => return None,
        }
        .to_string(),
    )
}

/// Where a supplier's place can come from, tried in the study's order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlaceSource {
    /// A person's decision in the classification overrides file.
    Override,
    /// The commonest postcode the ledgers give for the supplier.
    Ledger,
    /// The matched register record's postcode (registered office).
    Register,
    /// The postcode of the supplier's entry in the social-economy directory.
    Directory,
}

/// The `[classify]` table: rule and mapping files (relative to the study file) replacing
/// the built-in ones, and the settings of each classification.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifySpec {
    /// A person's decisions about suppliers (schemas/classify-overrides.schema.json):
    /// postcode, size band, ownership form or market. Missing file: none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<String>,
    /// Order in which place sources are tried; default override, ledger, register,
    /// directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_sources: Option<Vec<PlaceSource>>,
    /// A supplier is in a deprived area when its LSOA's IMD decile is at most this
    /// (1 = most deprived tenth); default 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprived_decile: Option<u8>,
    /// The size definition used (a name in the size-definitions file); default
    /// `procurement_act_2023`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_definition: Option<String>,
    /// A size-definitions file (schemas/size-definitions.schema.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_definitions: Option<String>,
    /// An influenceable-spend rules file (schemas/influenceable.schema.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influenceable: Option<String>,
    /// An ownership name-rules file (schemas/ownership-names.schema.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership_names: Option<String>,
    /// Expense types and categories → markets (CSV: `category,market`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_markets: Option<String>,
    /// SIC 2007 codes or their leading digits → markets (CSV: `sic,market`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sic_markets: Option<String>,
    /// Keywords in expense types or supplier names → markets (CSV: `keyword,market`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_keywords: Option<String>,
}

/// The `[review]` table: a person's answers to `spendgap todo`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewSpec {
    /// A filled-in `to_check.xlsx` (from `spendgap todo`), relative to the study file:
    /// its entries are decisions that win over register evidence. Missing file: none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<String>,
}

impl ReviewSpec {
    pub fn is_empty(&self) -> bool {
        self.workbook.is_none()
    }
}

/// The `[measure]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    /// First month of the financial year, 1–12; default 4 (April–March).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_start_month: Option<u32>,
    /// How many suppliers `top_suppliers.csv` lists per anchor and year; default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_n: Option<usize>,
    /// The share of influenceable spend a figure must rest on (placed, sized, or of known
    /// ownership) to be shown without "provisional", 0–1; default 0.8. A figure that
    /// rests on none of it is "not known".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_threshold: Option<f64>,
}

/// The bands every study ends with, after its own.
pub const REST_OF_UK: &str = "Rest of UK";
pub const OUTSIDE_UK: &str = "Outside UK";
pub const UNKNOWN: &str = "Unknown";

/// The analysis settings, validated, with paths resolved against the study file.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Declared bands, innermost first.
    pub bands: Vec<BandSpec>,
    /// For each anchor (in study order), the index of its innermost band.
    pub anchor_band_start: Vec<usize>,
    pub place_sources: Vec<PlaceSource>,
    pub deprived_decile: u8,
    pub size_definition: String,
    pub files: ClassifyFiles,
    pub year_start_month: u32,
    pub top_n: usize,
    /// Figures resting on less than this share of influenceable spend are provisional.
    pub coverage_threshold: f64,
}

/// The `[classify]` files, as paths.
#[derive(Debug, Clone, Default)]
pub struct ClassifyFiles {
    pub overrides: Option<PathBuf>,
    pub size_definitions: Option<PathBuf>,
    pub influenceable: Option<PathBuf>,
    pub ownership_names: Option<PathBuf>,
    pub category_markets: Option<PathBuf>,
    pub sic_markets: Option<PathBuf>,
    pub market_keywords: Option<PathBuf>,
    /// `[review] workbook`: a filled-in to_check.xlsx.
    pub review_workbook: Option<PathBuf>,
}

impl Analysis {
    /// Checks the settings; `local_bands` is each anchor's `local_band`, in study order.
    pub fn resolve(
        bands: Vec<BandSpec>,
        local_bands: &[(String, Option<String>)],
        classify: &ClassifySpec,
        measure: &MeasureSpec,
        review: &ReviewSpec,
        dir: &Path,
    ) -> anyhow::Result<Self> {
        let mut seen = std::collections::HashSet::new();
        for b in &bands {
            if [REST_OF_UK, OUTSIDE_UK, UNKNOWN].contains(&b.name.as_str()) {
                bail!(
                    "[[band]] {:?}: this band follows the study's own bands by itself; choose another name",
                    b.name
                );
            }
            if !seen.insert(b.name.as_str()) {
                bail!("[[band]] {:?} is declared twice", b.name);
            }
            if b.lads.is_empty()
                && b.counties.is_empty()
                && b.regions.is_empty()
                && b.countries.is_empty()
            {
                bail!(
                    "[[band]] {:?} lists no area: give lads, counties, regions or countries",
                    b.name
                );
            }
        }
        let mut anchor_band_start = Vec::new();
        for (anchor, local) in local_bands {
            let start = match local {
                None => 0,
                Some(name) => bands.iter().position(|b| &b.name == name).ok_or_else(|| {
                    anyhow::anyhow!(
                        "anchor {anchor:?}: local_band {name:?} is not a [[band]] of the study (bands: {})",
                        bands.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join(", ")
                    )
                })?,
            };
            anchor_band_start.push(start);
        }
        let deprived_decile = classify.deprived_decile.unwrap_or(2);
        if !(1..=10).contains(&deprived_decile) {
            bail!("[classify] deprived_decile must be 1–10, not {deprived_decile}");
        }
        let year_start_month = measure.year_start_month.unwrap_or(4);
        if !(1..=12).contains(&year_start_month) {
            bail!("[measure] year_start_month must be 1–12, not {year_start_month}");
        }
        let coverage_threshold = measure.coverage_threshold.unwrap_or(0.8);
        if !(0.0..=1.0).contains(&coverage_threshold) {
            bail!("[measure] coverage_threshold must be 0–1 (0.8 = 80%), not {coverage_threshold}");
        }
        let path = |p: &Option<String>| p.as_ref().map(|p| dir.join(p));
        Ok(Analysis {
            bands,
            anchor_band_start,
            place_sources: classify.place_sources.clone().unwrap_or_else(|| {
                vec![
                    PlaceSource::Override,
                    PlaceSource::Ledger,
                    PlaceSource::Register,
                    PlaceSource::Directory,
                ]
            }),
            deprived_decile,
            size_definition: classify
                .size_definition
                .clone()
                .unwrap_or_else(|| "procurement_act_2023".into()),
            files: ClassifyFiles {
                overrides: path(&classify.overrides),
                size_definitions: path(&classify.size_definitions),
                influenceable: path(&classify.influenceable),
                ownership_names: path(&classify.ownership_names),
                category_markets: path(&classify.category_markets),
                sic_markets: path(&classify.sic_markets),
                market_keywords: path(&classify.market_keywords),
                review_workbook: path(&review.workbook),
            },
            year_start_month,
            top_n: measure.top_n.unwrap_or(20),
            coverage_threshold,
        })
    }

    /// Every band name in order: the study's, then Rest of UK, Outside UK, Unknown.
    pub fn band_names(&self) -> Vec<String> {
        self.bands
            .iter()
            .map(|b| b.name.clone())
            .chain([REST_OF_UK, OUTSIDE_UK, UNKNOWN].map(String::from))
            .collect()
    }
}
