//! Answering "where is this postcode?": the postcode directory joined with deprivation and
//! area names, with keying errors repaired only when exactly one repair is a real
//! postcode, and an approximate place when only a district or sector is known.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::Reference;
use super::areas::AreaNames;
use super::cache::{Cache, CacheStatus};
use super::deprivation::DeprivationTable;
use super::postcode::{PartialKind, PostcodeError, parse_partial, parse_with_repair};
use super::postcode_directory::{PostcodeRow, PostcodeTable};

/// Everything spendgap knows about one postcode: the answer `spendgap place` prints.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Place {
    /// What was asked, as given.
    pub input: String,
    /// The postcode in canonical form (after any repair), or the district or sector.
    pub postcode: Option<String>,
    /// `postcode`, or `sector`/`district` for an approximate place from a partial postcode.
    pub precision: Option<String>,
    /// What was repaired, if anything (`letter O keyed in place of digit 0`).
    pub repair: Option<String>,
    /// `yyyymm` the postcode was terminated, if it was.
    pub terminated: Option<String>,
    pub lad: Option<String>,
    pub lad_name: Option<String>,
    pub county: Option<String>,
    pub county_name: Option<String>,
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub lsoa: Option<String>,
    pub lsoa_name: Option<String>,
    pub msoa: Option<String>,
    pub msoa_name: Option<String>,
    pub imd_rank: Option<u32>,
    /// 1 = most deprived tenth of English LSOAs.
    pub imd_decile: Option<u8>,
    pub lat: Option<f32>,
    pub long: Option<f32>,
    /// Why the postcode could not be placed.
    pub error: Option<String>,
}

/// The loaded geography.
#[derive(Debug, Default)]
pub struct Places {
    pub postcodes: PostcodeTable,
    pub deprivation: DeprivationTable,
    pub areas: AreaNames,
    pub cache: Option<CacheStatus>,
    /// Postcode areas the directory covers, to say why a postcode is not found.
    pub covered: std::collections::BTreeSet<String>,
}

/// Codes ONS uses for "no such area" (`E99999999`, `W99999999`…) are not areas.
fn code(s: &str) -> Option<String> {
    (!s.is_empty() && !s.ends_with("99999999")).then(|| s.to_string())
}

impl Places {
    /// Loads the study's geography; the postcode directory through the cache.
    pub fn load(reference: &Reference) -> anyhow::Result<Self> {
        let mut places = Places::default();
        if !reference.postcodes.is_empty() {
            let cache = Cache::new(reference.cache_dir.clone());
            let (table, status) = cache.load_or_build("postcodes", &reference.postcodes, || {
                PostcodeTable::read(&reference.postcodes)
            })?;
            places.covered = table.areas();
            places.postcodes = table;
            places.cache = Some(status);
        }
        if let Some(p) = &reference.deprivation {
            places.deprivation = DeprivationTable::read(p)?;
        }
        places.areas = AreaNames::read(&reference.areas)?;
        Ok(places)
    }

    /// Loads from explicit files with no cache (tests and one-off lookups).
    pub fn from_files(
        postcodes: &[std::path::PathBuf],
        deprivation: Option<&Path>,
    ) -> anyhow::Result<Self> {
        let reference = Reference {
            postcodes: postcodes.to_vec(),
            deprivation: deprivation.map(Path::to_path_buf),
            ..Default::default()
        };
        Self::load(&reference)
    }

    fn name(&self, code: &Option<String>) -> Option<String> {
        let c = code.as_deref()?;
        if let Some(n) = self.areas.name(c) {
            return Some(n.to_string());
        }
        self.deprivation.lad_names.get(c).cloned()
    }

    fn fill(&self, place: &mut Place, row: &PostcodeRow<'_>) {
        place.lad = code(row.lad);
        place.county = code(row.county);
        place.region = code(row.region);
        place.lsoa = code(row.lsoa);
        place.msoa = code(row.msoa);
        place.lat = row.lat;
        place.long = row.long;
        place.terminated = row.terminated.map(|t| t.to_string());
        let dep = place
            .lsoa
            .as_deref()
            .and_then(|l| self.deprivation.by_lsoa.get(l));
        place.imd_rank = dep.map(|d| d.rank).or(row.imd_rank);
        place.imd_decile = dep.map(|d| d.decile);
        place.lad_name = self.name(&place.lad);
        place.county_name = self.name(&place.county);
        place.region_name = self.name(&place.region);
        place.lsoa_name = place
            .lsoa
            .as_deref()
            .and_then(|c| self.areas.name(c))
            .map(str::to_string);
        place.msoa_name = place
            .msoa
            .as_deref()
            .and_then(|c| self.areas.name(c))
            .map(str::to_string);
    }

    /// Places one postcode as a person typed it.
    pub fn place(&self, input: &str) -> Place {
        let mut place = Place {
            input: input.to_string(),
            ..Default::default()
        };
        if self.postcodes.is_empty() {
            place.error = Some("no postcode directory is loaded ([reference] postcodes)".into());
            return place;
        }
        match parse_with_repair(input, |pc| self.postcodes.get(pc.as_str()).is_some()) {
            Ok((pc, repairs)) => {
                place.postcode = Some(pc.as_str().to_string());
                place.precision = Some("postcode".into());
                if !repairs.is_empty() {
                    place.repair = Some(
                        repairs
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
                if let Some(row) = self.postcodes.get(pc.as_str()) {
                    self.fill(&mut place, &row);
                }
            }
            Err(PostcodeError::Partial(kind)) => self.approximate(&mut place, kind),
            Err(e) => place.error = Some(self.why_not(input, &e)),
        }
        place
    }

    /// Why a postcode could not be placed, saying when its area is simply not loaded.
    fn why_not(&self, input: &str, e: &PostcodeError) -> String {
        let letters: String = input
            .trim()
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let area = match e {
            PostcodeError::NotFound(pc) => pc.area().to_string(),
            _ => letters.chars().take(2).collect(),
        };
        let outside =
            !area.is_empty() && !self.covered.contains(&area) && !self.covered.contains(&area[..1]);
        match (e, outside) {
            (PostcodeError::NotFound(_), true) => {
                format!("outside the postcode files given (area {area})")
            }
            (_, true) => format!(
                "{e}; its area {area} is outside the postcode files given, so no repair could be checked"
            ),
            _ => e.to_string(),
        }
    }

    /// A district or sector: the commonest LAD (and its region) among its live postcodes,
    /// and their mean position. LSOA and deprivation are left unknown.
    fn approximate(&self, place: &mut Place, kind: PartialKind) {
        let Some((_, canonical)) = parse_partial(&place.input) else {
            return;
        };
        let prefix: Vec<u8> = match kind {
            PartialKind::Area => {
                place.error = Some(format!(
                    "only the postcode area {canonical:?} is known: too coarse to place"
                ));
                return;
            }
            PartialKind::District => format!("{canonical:<4}").into_bytes(),
            PartialKind::Sector => {
                let (out, sector) = canonical.split_once(' ').unwrap_or((&canonical, ""));
                format!("{out:<4}{sector}").into_bytes()
            }
        };
        let rows: Vec<PostcodeRow<'_>> = self
            .postcodes
            .with_prefix(&prefix)
            .filter(|r| r.terminated.is_none())
            .collect();
        place.postcode = Some(canonical.clone());
        let Some(first) = rows.first() else {
            place.error = Some(format!(
                "no live postcode in {canonical:?} is in the postcode directory"
            ));
            return;
        };
        place.precision = Some(
            if kind == PartialKind::Sector {
                "sector"
            } else {
                "district"
            }
            .into(),
        );
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        rows.iter()
            .for_each(|r| *counts.entry(r.lad).or_insert(0) += 1);
        let lad = counts
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(l, _)| *l)
            .unwrap_or(first.lad);
        let in_lad = rows.iter().find(|r| r.lad == lad).unwrap_or(first);
        place.lad = code(lad);
        place.county = code(in_lad.county);
        place.region = code(in_lad.region);
        place.county_name = self.name(&place.county);
        place.lad_name = self.name(&place.lad);
        place.region_name = self.name(&place.region);
        let located: Vec<(f32, f32)> = rows
            .iter()
            .filter_map(|r| Some((r.lat?, r.long?)))
            .collect();
        if !located.is_empty() {
            let n = located.len() as f32;
            place.lat = Some(located.iter().map(|p| p.0).sum::<f32>() / n);
            place.long = Some(located.iter().map(|p| p.1).sum::<f32>() / n);
        }
    }
}
