//! The gap stage's data files: thresholds and score weights, the markets local enterprise
//! cannot address, CPV codes → markets and the header synonyms of contract registers —
//! shipped as defaults, each replaceable from the study.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::bail;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::gaps::Gaps;
use crate::config::synonyms::header_key;
use crate::rulefile::{load_toml, read_or, read_rows};

pub const DEFAULT_RULES: &str = include_str!("../../schemas/defaults/gap-rules.toml");
pub const DEFAULT_NOT_ADDRESSABLE: &str =
    include_str!("../../schemas/defaults/not-addressable.csv");
pub const DEFAULT_CPV: &str = include_str!("../../schemas/defaults/cpv-markets.csv");
pub const DEFAULT_CONTRACT_COLUMNS: &str =
    include_str!("../../schemas/defaults/contract-columns.toml");

/// The gap-rules file: thresholds of the verdicts and weights of the score.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GapRules {
    /// A payment below this (in pounds) is one a small enterprise could take on.
    pub small_payment_pounds: f64,
    /// A market is `served` when local democratic suppliers take at least this share.
    pub served_share: f64,
    /// `unknown` when more than this share of a market's influenceable spend is with
    /// suppliers that could not be placed.
    #[serde(default = "half")]
    pub unknown_unplaced_share: f64,
    /// `grow` when no local democratic supplier is medium or large and at least this share
    /// of the spend is in payments of `small_payment_pounds` or more.
    pub grow_large_payment_share: f64,
    /// `grow` when the spend leaving the area each year exceeds this multiple of the local
    /// democratic suppliers' known annual turnover.
    pub grow_turnover_multiple: f64,
    /// `incubate` needs at least this much spend a year (pounds)…
    pub incubate_min_annual_pounds: f64,
    /// …in at least this share of the period's months…
    pub incubate_min_regularity: f64,
    /// …with at least this share in payments under `small_payment_pounds`.
    pub incubate_min_divisible_share: f64,
    pub weights: Weights,
}

fn half() -> f64 {
    0.5
}

/// Weights of the score's terms; each term runs from 0 to 1.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub leakage: f64,
    pub anchors: f64,
    pub regularity: f64,
    pub divisibility: f64,
    pub corporate: f64,
}

/// A row of the not-addressable table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotAddressableRow {
    pub market: String,
    /// Why local enterprise cannot take this market on, shown with the verdict.
    pub reason: String,
}

/// A row of the CPV table: a CPV code or its leading digits → market; the longest
/// matching prefix wins.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpvMarketRow {
    pub cpv: String,
    pub market: String,
}

/// A column of a contract register.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContractField {
    Anchor,
    Reference,
    Title,
    Category,
    Cpv,
    Supplier,
    Value,
    StartDate,
    EndDate,
    ExtensionDate,
}

/// The contract-columns file: for each column, the header texts that name it, best first.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractColumnsFile {
    pub columns: BTreeMap<ContractField, Vec<String>>,
}

/// Every file of the stage, loaded and checked.
#[derive(Debug, Clone)]
pub struct GapFiles {
    pub rules: GapRules,
    /// Market → reason.
    pub not_addressable: BTreeMap<String, String>,
    /// Longest prefixes first.
    pub cpv: Vec<(String, String)>,
    /// Header key → (column, rank).
    pub columns: HashMap<String, (ContractField, usize)>,
}

impl GapFiles {
    pub fn load(g: &Gaps) -> anyhow::Result<Self> {
        Ok(GapFiles {
            rules: load_rules(g.rules.as_deref())?,
            not_addressable: load_not_addressable(g.not_addressable.as_deref())?,
            cpv: load_cpv(g.cpv_markets.as_deref())?,
            columns: load_columns(g.contract_columns.as_deref())?,
        })
    }

    /// The market of a CPV code (`79710000-4`): the longest listed prefix of its digits.
    pub fn cpv_market(&self, code: &str) -> Option<&str> {
        let digits: String = code
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return None;
        }
        self.cpv
            .iter()
            .find(|(p, _)| digits.starts_with(p.as_str()))
            .map(|(_, m)| m.as_str())
    }

    /// The contract column a header cell names, with its synonym rank.
    pub fn column(&self, header: &str) -> Option<(ContractField, usize)> {
        self.columns.get(&header_key(header)).copied()
    }
}

pub fn load_rules(path: Option<&Path>) -> anyhow::Result<GapRules> {
    let r: GapRules = load_toml(path, DEFAULT_RULES, "gap rules")?;
    let origin = path.map_or("(built-in gap rules)".to_string(), |p| {
        p.display().to_string()
    });
    let shares = [
        ("served_share", r.served_share),
        ("grow_large_payment_share", r.grow_large_payment_share),
        ("incubate_min_regularity", r.incubate_min_regularity),
        (
            "incubate_min_divisible_share",
            r.incubate_min_divisible_share,
        ),
    ];
    for (name, v) in shares {
        if !(0.0..=1.0).contains(&v) {
            bail!("{origin}: {name} is a share from 0 to 1, not {v}");
        }
    }
    let w = &r.weights;
    let amounts = [
        ("small_payment_pounds", r.small_payment_pounds),
        ("grow_turnover_multiple", r.grow_turnover_multiple),
        ("incubate_min_annual_pounds", r.incubate_min_annual_pounds),
        ("weights.leakage", w.leakage),
        ("weights.anchors", w.anchors),
        ("weights.regularity", w.regularity),
        ("weights.divisibility", w.divisibility),
        ("weights.corporate", w.corporate),
    ];
    for (name, v) in amounts {
        if !v.is_finite() || v < 0.0 {
            bail!("{origin}: {name} must be zero or more, not {v}");
        }
    }
    Ok(r)
}

fn load_not_addressable(path: Option<&Path>) -> anyhow::Result<BTreeMap<String, String>> {
    let (text, origin) = read_or(path, DEFAULT_NOT_ADDRESSABLE, "not-addressable markets")?;
    let mut out = BTreeMap::new();
    for r in read_rows::<NotAddressableRow>(&text, &origin)? {
        if r.market.is_empty() {
            bail!("{origin}: a row has no market");
        }
        out.insert(r.market, r.reason);
    }
    Ok(out)
}

fn load_cpv(path: Option<&Path>) -> anyhow::Result<Vec<(String, String)>> {
    let (text, origin) = read_or(path, DEFAULT_CPV, "CPV → market table")?;
    let mut out = Vec::new();
    for r in read_rows::<CpvMarketRow>(&text, &origin)? {
        if r.cpv.is_empty() || r.cpv.len() > 8 || !r.cpv.chars().all(|c| c.is_ascii_digit()) {
            bail!(
                "{origin}: {:?} is not a CPV code or its leading digits",
                r.cpv
            );
        }
        if r.market.is_empty() {
            bail!("{origin}: CPV {:?} has no market", r.cpv);
        }
        out.push((r.cpv, r.market));
    }
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    Ok(out)
}

fn load_columns(path: Option<&Path>) -> anyhow::Result<HashMap<String, (ContractField, usize)>> {
    let (text, origin) = read_or(path, DEFAULT_CONTRACT_COLUMNS, "contract columns")?;
    let file: ContractColumnsFile = crate::rulefile::parse_toml(&text, &origin)?;
    let mut out = HashMap::new();
    for (field, synonyms) in &file.columns {
        for (rank, s) in synonyms.iter().enumerate() {
            let key = header_key(s);
            if key.is_empty() {
                bail!("{origin}: synonym {s:?} has no letters or digits");
            }
            if let Some((other, _)) = out.insert(key, (*field, rank))
                && other != *field
            {
                bail!("{origin}: synonym {s:?} is listed for both {other:?} and {field:?}");
            }
        }
    }
    for need in [ContractField::EndDate, ContractField::Title] {
        if !file.columns.contains_key(&need) {
            bail!("{origin}: no synonyms for the column {need:?}");
        }
    }
    Ok(out)
}

/// The JSON Schemas of the stage's files, as committed in `schemas/`.
pub fn json_schemas() -> [(&'static str, String); 4] {
    let s = crate::rulefile::schema_text;
    [
        ("gap-rules.schema.json", s(schemars::schema_for!(GapRules))),
        (
            "not-addressable.schema.json",
            s(schemars::schema_for!(NotAddressableRow)),
        ),
        (
            "cpv-markets.schema.json",
            s(schemars::schema_for!(CpvMarketRow)),
        ),
        (
            "contract-columns.schema.json",
            s(schemars::schema_for!(ContractColumnsFile)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_load() {
        let f = GapFiles::load(&Gaps::default()).unwrap();
        assert!(f.rules.weights.leakage > 0.0);
        assert!(f.not_addressable.contains_key("Telecommunications"));
        assert_eq!(
            f.column("Contract End Date"),
            Some((ContractField::EndDate, 3))
        );
    }

    #[test]
    fn the_longest_cpv_prefix_wins() {
        let f = GapFiles::load(&Gaps::default()).unwrap();
        assert_eq!(f.cpv_market("79713000-5"), Some("Security services"));
        assert_eq!(
            f.cpv_market("79400000-8"),
            Some("Professional services & consultancy")
        );
        assert_eq!(
            f.cpv_market("90911200"),
            Some("Cleaning & domestic services")
        );
        assert_eq!(f.cpv_market("n/a"), None);
    }

    #[test]
    fn a_share_above_one_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("g.toml");
        std::fs::write(
            &p,
            DEFAULT_RULES.replace("served_share = 0.5", "served_share = 50"),
        )
        .unwrap();
        let err = load_rules(Some(&p)).unwrap_err().to_string();
        assert!(err.contains("served_share") && err.contains("50"), "{err}");
    }
}
