//! The study's `[gaps]` table: which bands count as "the area" for the gap analysis, the
//! contract registers that feed the incubation calendar, and replacement rule files.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::files::expand;

/// The `[gaps]` table. Paths are relative to the study file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GapsSpec {
    /// Bands (by `[[band]]` name) each treated in turn as "the area": leakage is spend
    /// with suppliers outside it, local supply is organisations inside it. Default: the
    /// study's first band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
    /// Contracts ending or re-lettable within this many months of `as_of` form the
    /// incubation calendar; default 36.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_months: Option<u32>,
    /// The date the calendar counts from (`2025-04-01`). Default: the first day of the
    /// financial year after the latest dated payment, so that a rerun gives the same
    /// calendar whatever day it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// A gap-rules file (schemas/gap-rules.schema.json): thresholds and score weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<String>,
    /// Markets that are not addressable by local enterprise (CSV: `market,reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_addressable: Option<String>,
    /// CPV codes or their leading digits → markets (CSV: `cpv,market`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpv_markets: Option<String>,
    /// A contract-columns file (schemas/contract-columns.schema.json) replacing the
    /// built-in header synonyms of contract registers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_columns: Option<String>,
    /// Contract registers and forward procurement plans.
    #[serde(rename = "contracts", default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<ContractsSpec>,
}

/// A contract register (CSV or spreadsheet), or a glob of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractsSpec {
    /// Path or glob, relative to the study file.
    pub path: String,
    /// The anchor (an `[[anchor]]` id) whose register this is, for files with no anchor
    /// column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// One contract register file to read.
#[derive(Debug, Clone)]
pub struct ContractFile {
    pub display: String,
    pub path: PathBuf,
    pub anchor: Option<String>,
}

/// The `[gaps]` settings, checked, with paths resolved.
#[derive(Debug, Clone, Default)]
pub struct Gaps {
    /// Indices of the area bands among the study's declared bands.
    pub areas: Vec<usize>,
    pub horizon_months: u32,
    pub as_of: Option<NaiveDate>,
    pub rules: Option<PathBuf>,
    pub not_addressable: Option<PathBuf>,
    pub cpv_markets: Option<PathBuf>,
    pub contract_columns: Option<PathBuf>,
    pub contracts: Vec<ContractFile>,
}

impl Gaps {
    /// Checks `[gaps]` against the study's bands (`band_names`, declared only) and anchor
    /// ids.
    pub fn resolve(
        spec: &GapsSpec,
        band_names: &[String],
        anchors: &[String],
        dir: &Path,
    ) -> anyhow::Result<Self> {
        let areas = match &spec.areas {
            None if band_names.is_empty() => Vec::new(),
            None => vec![0],
            Some(list) => {
                if list.is_empty() {
                    bail!("[gaps] areas is empty: name at least one [[band]], or leave it out");
                }
                let mut out = Vec::new();
                for name in list {
                    let Some(i) = band_names.iter().position(|b| b == name) else {
                        bail!(
                            "[gaps] areas: {name:?} is not a [[band]] of the study (bands: {})",
                            band_names.join(", ")
                        );
                    };
                    if out.contains(&i) {
                        bail!("[gaps] areas: {name:?} is listed twice");
                    }
                    out.push(i);
                }
                out
            }
        };
        let horizon_months = spec.horizon_months.unwrap_or(36);
        if horizon_months == 0 || horizon_months > 240 {
            bail!("[gaps] horizon_months must be 1–240, not {horizon_months}");
        }
        let mut contracts = Vec::new();
        for c in &spec.contracts {
            if let Some(a) = &c.anchor
                && !anchors.contains(a)
            {
                bail!(
                    "[[gaps.contracts]] {:?}: anchor {a:?} is not an anchor id of the study ({})",
                    c.path,
                    anchors.join(", ")
                );
            }
            for (display, path) in expand(dir, "[[gaps.contracts]]", &c.path)? {
                contracts.push(ContractFile {
                    display,
                    path,
                    anchor: c.anchor.clone(),
                });
            }
        }
        let as_of = match &spec.as_of {
            None => None,
            Some(s) => Some(
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                    anyhow::anyhow!("[gaps] as_of {s:?} is not a date written yyyy-mm-dd")
                })?,
            ),
        };
        let path = |p: &Option<String>| p.as_ref().map(|p| dir.join(p));
        Ok(Gaps {
            areas,
            horizon_months,
            as_of,
            rules: path(&spec.rules),
            not_addressable: path(&spec.not_addressable),
            cpv_markets: path(&spec.cpv_markets),
            contract_columns: path(&spec.contract_columns),
            contracts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["Oxford".into(), "Oxfordshire".into()]
    }

    #[test]
    fn areas_default_to_the_first_band() {
        let g = Gaps::resolve(&GapsSpec::default(), &names(), &[], Path::new(".")).unwrap();
        assert_eq!(g.areas, vec![0]);
        assert_eq!(g.horizon_months, 36);
    }

    #[test]
    fn an_unknown_area_names_the_bands() {
        let spec = GapsSpec {
            areas: Some(vec!["Oxon".into()]),
            ..Default::default()
        };
        let err = Gaps::resolve(&spec, &names(), &[], Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"Oxon\"") && err.contains("Oxford, Oxfordshire"),
            "{err}"
        );
    }

    #[test]
    fn a_contract_register_names_a_known_anchor() {
        let spec = GapsSpec {
            contracts: vec![ContractsSpec {
                path: "c.csv".into(),
                anchor: Some("nobody".into()),
            }],
            ..Default::default()
        };
        let err = Gaps::resolve(&spec, &names(), &["city".into()], Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("nobody") && err.contains("city"), "{err}");
    }
}
