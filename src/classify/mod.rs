//! The classify stage: give each supplier a place, band, deprivation flag, size band,
//! ownership form and market — each with its source — and each transaction its market
//! and an influenceable flag with the rule that excluded it.

pub mod geo_layers;
mod lookups;
pub mod market;
pub mod overrides;
mod phrases;
pub mod rule_files;
pub mod size;
mod stage;
pub mod supplier;
mod table;
pub mod transaction_pass;
mod write;

pub use lookups::UNMAPPED;
pub use stage::{run, summary};

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use crate::config::analysis::{Analysis, BandSpec, PlaceSource};
use crate::kernels::codes::map_codes;
use crate::reference::RegisterKind;
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::reference::registers::org::Organisation;
use crate::reference::registers::org::OwnershipForm;
use crate::tables::str_col;
use market::Markets;
use overrides::ClassifyOverrides;
use phrases::WordPattern;
use rule_files::{InfluenceRule, Sizes};

/// The exclusion rule of a row that repeats a row of another file: not counted at all.
pub const DUPLICATE_RULE: &str = "duplicate";

/// Every rule and mapping the stage applies, loaded and checked.
#[derive(Debug, Clone)]
pub struct Rules {
    pub overrides: ClassifyOverrides,
    pub sizes: Sizes,
    pub influence: Vec<InfluenceRule>,
    pub ownership_names: Vec<(OwnershipForm, Vec<WordPattern>)>,
    pub markets: Markets,
    pub place_sources: Vec<PlaceSource>,
    pub deprived_decile: u8,
    pub bands: Vec<BandSpec>,
    /// Declared bands, then Rest of UK, Outside UK, Unknown.
    pub band_names: Vec<String>,
}

/// The most bands a study may declare (a supplier's bands fit in one word).
const MAX_BANDS: usize = 60;

impl Rules {
    pub fn load(a: &Analysis) -> anyhow::Result<Self> {
        if a.bands.len() > MAX_BANDS {
            anyhow::bail!(
                "at most {MAX_BANDS} [[band]] entries, not {}",
                a.bands.len()
            );
        }
        let f = &a.files;
        let mut overrides = ClassifyOverrides::load(f.overrides.as_deref())?;
        if let Some(p) = &f.review_workbook {
            overrides.add_review_workbook(p)?;
        }
        Ok(Rules {
            overrides,
            sizes: rule_files::load_sizes(f.size_definitions.as_deref(), &a.size_definition)?,
            influence: rule_files::load_influence(f.influenceable.as_deref())?,
            ownership_names: rule_files::load_ownership_names(f.ownership_names.as_deref())?,
            markets: Markets::load(
                f.category_markets.as_deref(),
                f.sic_markets.as_deref(),
                f.market_keywords.as_deref(),
            )?,
            place_sources: a.place_sources.clone(),
            deprived_decile: a.deprived_decile,
            bands: a.bands.clone(),
            band_names: a.band_names(),
        })
    }

    /// The declared bands holding a place, one bit each.
    pub fn band_mask(
        &self,
        lad: &Option<String>,
        county: &Option<String>,
        region: &Option<String>,
        country: &Option<String>,
    ) -> u64 {
        self.bands.iter().enumerate().fold(0, |mask, (i, b)| {
            if b.holds(lad, county, region, country) {
                mask | (1 << i)
            } else {
                mask
            }
        })
    }

    /// The declared bands holding a place (its country read from its district's code).
    pub fn place_mask(&self, p: &crate::reference::places::Place) -> u64 {
        self.bands.iter().enumerate().fold(0, |mask, (i, b)| {
            if b.holds_place(p) {
                mask | (1 << i)
            } else {
                mask
            }
        })
    }

    /// The index in `band_names` of a supplier's band on a ladder starting at band
    /// `start` (an anchor's own innermost band): the innermost declared band from `start`
    /// on that holds it, else Rest of UK (placed), Outside UK or Unknown.
    pub fn band_index(&self, mask: u64, placed: bool, outside_uk: bool, start: usize) -> usize {
        let n = self.bands.len();
        let from = mask & !((1u64 << start) - 1);
        if placed && from != 0 {
            from.trailing_zeros() as usize
        } else if placed {
            n
        } else if outside_uk {
            n + 1
        } else {
            n + 2
        }
    }

    pub fn band_name(&self, mask: u64, placed: bool, outside_uk: bool, start: usize) -> &str {
        &self.band_names[self.band_index(mask, placed, outside_uk, start)]
    }

    /// Every declared band holding a place, innermost first.
    pub fn bands_holding(&self, mask: u64) -> Vec<String> {
        (0..self.bands.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| self.bands[i].name.clone())
            .collect()
    }

    /// A supplier's band on the partnership's ladder.
    pub fn supplier_band(&self, c: &supplier::Classified) -> &str {
        self.band_name(c.band_mask, c.placed, c.outside_uk, 0)
    }
}

/// What the stage produces.
pub struct Classification {
    pub suppliers: DataFrame,
    pub transactions: DataFrame,
    pub classified: Vec<supplier::Classified>,
    pub inputs: Vec<supplier::SupplierInput>,
    pub exclusions: Vec<transaction_pass::ExclusionRow>,
    pub unmapped: Vec<transaction_pass::UnmappedRow>,
    /// Pence of every row but duplicates, and of the influenceable rows.
    pub counted_pence: i64,
    pub influenceable_pence: i64,
}

/// Classifies resolve's suppliers and the ingested transactions. `anchor_starts` maps an
/// anchor id to its innermost band. The registers are dropped once the suppliers are
/// classified, before the transactions' columns are built.
pub fn classify(
    transactions: DataFrame,
    suppliers: DataFrame,
    names: &DataFrame,
    registers: Registers,
    places: &Places,
    rules: &Rules,
    anchor_starts: &HashMap<String, usize>,
) -> anyhow::Result<Classification> {
    let mut inputs = table::read_suppliers(&suppliers)?;
    let index: HashMap<&str, u32> = inputs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.supplier_id.as_str(), i as u32))
        .collect();
    let name_col = str_col(names, "supplier_name")?
        .ok_or_else(|| anyhow::anyhow!("supplier_names.parquet has no supplier_name column"))?;
    let id_col = str_col(names, "supplier_id")?
        .ok_or_else(|| anyhow::anyhow!("supplier_names.parquet has no supplier_id column"))?;
    let mut by_name = HashMap::new();
    for (n, id) in name_col.iter().zip(id_col.iter()) {
        if let (Some(n), Some(&i)) = (n, id.and_then(|id| index.get(id))) {
            by_name.insert(n.to_string(), i);
        }
    }
    let row_supplier = transaction_pass::row_suppliers(&transactions, &by_name)?;
    let dup = transaction_pass::duplicates(&transactions)?;
    let postcodes =
        transaction_pass::ledger_postcodes(&transactions, &row_supplier, &dup, inputs.len())?;
    for (s, p) in inputs.iter_mut().zip(postcodes) {
        s.ledger_postcode = p;
    }
    let records = supplier::linked_records(&registers, &inputs);
    let classified: Vec<supplier::Classified> = inputs
        .par_iter()
        .map(|s| {
            let mut orgs: Vec<&Organisation> = s
                .linked_ids
                .iter()
                .filter_map(|l| supplier::split_linked(l))
                .filter_map(|(k, id)| records.get(&(k, id.to_string())))
                .collect();
            // The representative record (the one resolve reports) first.
            if let (Some(r), Some(id)) = (&s.register, &s.register_id)
                && let Some(pos) = orgs.iter().position(|o| {
                    o.register.map(RegisterKind::as_str) == Some(r.as_str()) && &o.register_id == id
                })
            {
                let rep = orgs.remove(pos);
                orgs.insert(0, rep);
            }
            supplier::classify(s, &orgs, rules, places)
        })
        .collect();
    drop(records);
    drop(registers);
    let rows = transaction_pass::classify_rows(
        &transactions,
        row_supplier,
        &dup,
        &inputs,
        &classified,
        rules,
    )?;
    let starts = match str_col(&transactions, "anchor_id")? {
        Some(a) => map_codes(a, |a| anchor_starts.get(a).map_or(0, |&s| s as u32)),
        None => vec![0; transactions.height()],
    };
    let t_cols = table::transaction_columns(&rows, &inputs, &classified, rules, &starts)?;
    let transactions = table::replace_columns(transactions, &table::TRANSACTION_COLUMNS, t_cols)?;
    let s_cols = table::supplier_columns(&classified, rules);
    let suppliers = table::replace_columns(suppliers, &table::SUPPLIER_COLUMNS, s_cols)?;
    Ok(Classification {
        suppliers,
        transactions,
        classified,
        inputs,
        counted_pence: rows.counted_pence,
        influenceable_pence: rows.influenceable_pence,
        exclusions: rows.exclusions,
        unmapped: rows.unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::analysis::{OUTSIDE_UK, REST_OF_UK, UNKNOWN};

    fn band(name: &str, lads: &[&str], counties: &[&str]) -> BandSpec {
        BandSpec {
            name: name.into(),
            lads: lads.iter().map(|s| s.to_string()).collect(),
            counties: counties.iter().map(|s| s.to_string()).collect(),
            regions: vec![],
            countries: vec![],
        }
    }

    #[test]
    fn the_innermost_band_on_each_ladder() {
        let a = Analysis {
            bands: vec![
                band("Oxford", &["E07000178"], &[]),
                band("Oxfordshire", &[], &["E10000025"]),
            ],
            ..test_analysis()
        };
        let r = Rules::load(&a).unwrap();
        let s = |x: &str| Some(x.to_string());
        let oxford = r.band_mask(&s("E07000178"), &s("E10000025"), &None, &None);
        let cherwell = r.band_mask(&s("E07000177"), &s("E10000025"), &None, &None);
        let leeds = r.band_mask(&s("E08000035"), &None, &None, &None);
        assert_eq!(r.band_name(oxford, true, false, 0), "Oxford");
        assert_eq!(r.band_name(oxford, true, false, 1), "Oxfordshire");
        assert_eq!(r.band_name(cherwell, true, false, 0), "Oxfordshire");
        assert_eq!(r.band_name(leeds, true, false, 0), REST_OF_UK);
        assert_eq!(r.band_name(0, false, true, 0), OUTSIDE_UK);
        assert_eq!(r.band_name(0, false, false, 1), UNKNOWN);
    }

    pub(crate) fn test_analysis() -> Analysis {
        Analysis::resolve(
            vec![],
            &[],
            &Default::default(),
            &Default::default(),
            &Default::default(),
            std::path::Path::new("."),
        )
        .unwrap()
    }
}
