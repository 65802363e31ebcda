//! The classification rule files: influenceable-spend rules, size definitions and
//! ownership name rules. Each is TOML with a JSON Schema in schemas/ and a default
//! shipped in schemas/defaults/; a study can replace any of them.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::bail;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::phrases::{WordPattern, phrases};
use crate::reference::registers::org::OwnershipForm;
use crate::rulefile::{parse_toml, read_or};

pub const DEFAULT_INFLUENCEABLE: &str = include_str!("../../schemas/defaults/influenceable.toml");
pub const DEFAULT_SIZES: &str = include_str!("../../schemas/defaults/size-definitions.toml");
pub const DEFAULT_OWNERSHIP_NAMES: &str =
    include_str!("../../schemas/defaults/ownership-names.toml");

/// The influenceable-spend rules file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfluenceFile {
    #[serde(rename = "rule")]
    pub rules: Vec<InfluenceRuleSpec>,
}

/// One exclusion rule: it matches when every test it gives holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InfluenceRuleSpec {
    /// Written beside every transaction it excludes.
    pub id: String,
    /// What the rule sets aside, in words for the report.
    pub description: String,
    /// The supplier's ownership form is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payee_forms: Vec<OwnershipForm>,
    /// Resolve set the payee aside for one of these reasons (individual, redacted,
    /// internal, no_name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<String>,
    /// One of these phrases is in the supplier's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplier_words: Vec<String>,
    /// One of these phrases is in the expense type (or, where a ledger has none, the
    /// service area).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_words: Vec<String>,
    /// `true`: the row has no expense type or service area at all, so what was bought
    /// cannot be told (a rule on payments to people whose purpose is unknown).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub category_missing: bool,
    /// The ledger's capital/revenue column holds one of these (any case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capital_revenue: Vec<String>,
    /// `false` keeps the rule in the file without applying it.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A rule ready to test.
#[derive(Debug, Clone)]
pub struct InfluenceRule {
    pub id: String,
    pub description: String,
    pub forms: Vec<OwnershipForm>,
    pub set_aside: Vec<String>,
    pub supplier: Vec<WordPattern>,
    pub category: Vec<WordPattern>,
    pub category_missing: bool,
    pub capital_revenue: Vec<String>,
}

impl InfluenceRule {
    /// Whether the rule tests the supplier, the category, the capital/revenue column.
    pub fn tests(&self) -> (bool, bool, bool) {
        (
            !self.forms.is_empty() || !self.set_aside.is_empty() || !self.supplier.is_empty(),
            !self.category.is_empty() || self.category_missing,
            !self.capital_revenue.is_empty(),
        )
    }
}

/// At most this many rules, so that a set of matching rules fits in one word.
pub const MAX_RULES: usize = 64;

pub fn load_influence(path: Option<&Path>) -> anyhow::Result<Vec<InfluenceRule>> {
    let (text, origin) = read_or(path, DEFAULT_INFLUENCEABLE, "influenceable-spend rules")?;
    let file: InfluenceFile = parse_toml(&text, &origin)?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in file.rules {
        if !seen.insert(r.id.clone()) {
            bail!("{origin}: rule id {:?} is used twice", r.id);
        }
        if r.id == super::DUPLICATE_RULE {
            bail!(
                "{origin}: rule id {:?} is reserved for duplicate rows",
                r.id
            );
        }
        let at = format!("{origin}: rule {:?}", r.id);
        let rule = InfluenceRule {
            forms: r.payee_forms,
            set_aside: r
                .set_aside
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            supplier: phrases(&r.supplier_words, &at)?,
            category: phrases(&r.category_words, &at)?,
            category_missing: r.category_missing,
            capital_revenue: r
                .capital_revenue
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            id: r.id,
            description: r.description,
        };
        if rule.category_missing && !rule.category.is_empty() {
            bail!("{at}: category_missing and category_words cannot both hold");
        }
        if rule.tests() == (false, false, false) {
            bail!("{at} gives no test: it would exclude everything");
        }
        if r.enabled {
            out.push(rule);
        }
    }
    if out.len() > MAX_RULES {
        bail!(
            "{origin}: at most {MAX_RULES} enabled rules, not {}",
            out.len()
        );
    }
    Ok(out)
}

/// The size-definitions file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeFile {
    pub definitions: BTreeMap<String, SizeDefinition>,
    /// Companies House accounts category → size band, used when no figure is known.
    #[serde(default)]
    pub accounts_categories: BTreeMap<String, String>,
}

/// A named definition: bands tested smallest first; beyond the last is `large`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeDefinition {
    pub description: String,
    pub bands: Vec<SizeBandSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeBandSpec {
    /// `micro`, `small` or `medium`.
    pub name: String,
    pub max_employees: u32,
    pub max_turnover_pounds: i64,
}

/// The size bands every output uses, smallest first.
pub const SIZE_BANDS: [&str; 5] = ["micro", "small", "medium", "large", "unknown"];

/// The chosen definition and the accounts-category evidence.
#[derive(Debug, Clone)]
pub struct Sizes {
    pub name: String,
    pub definition: SizeDefinition,
    pub accounts: BTreeMap<String, String>,
}

pub fn load_sizes(path: Option<&Path>, name: &str) -> anyhow::Result<Sizes> {
    let (text, origin) = read_or(path, DEFAULT_SIZES, "size definitions")?;
    let file: SizeFile = parse_toml(&text, &origin)?;
    let known = |b: &str| SIZE_BANDS[..3].contains(&b);
    for (n, d) in &file.definitions {
        if let Some(b) = d.bands.iter().find(|b| !known(&b.name)) {
            bail!(
                "{origin}: definition {n:?}: band {:?} is not micro, small or medium",
                b.name
            );
        }
    }
    if let Some((c, b)) = file.accounts_categories.iter().find(|(_, b)| !known(b)) {
        bail!("{origin}: accounts category {c:?} maps to {b:?}, not micro, small or medium");
    }
    let definition = file.definitions.get(name).cloned().ok_or_else(|| {
        anyhow::anyhow!(
            "{origin}: no size definition {name:?} (there are: {})",
            file.definitions
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    Ok(Sizes {
        name: name.to_string(),
        definition,
        accounts: file
            .accounts_categories
            .into_iter()
            .map(|(c, b)| (c.trim().to_uppercase(), b))
            .collect(),
    })
}

/// The ownership name-rules file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnershipNamesFile {
    #[serde(rename = "rule")]
    pub rules: Vec<OwnershipNameSpec>,
}

/// Names holding one of `words` have ownership form `form`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnershipNameSpec {
    pub form: OwnershipForm,
    pub words: Vec<String>,
}

pub fn load_ownership_names(
    path: Option<&Path>,
) -> anyhow::Result<Vec<(OwnershipForm, Vec<WordPattern>)>> {
    let (text, origin) = read_or(path, DEFAULT_OWNERSHIP_NAMES, "ownership name rules")?;
    let file: OwnershipNamesFile = parse_toml(&text, &origin)?;
    file.rules
        .into_iter()
        .map(|r| Ok((r.form, phrases(&r.words, &origin)?)))
        .collect()
}

/// The JSON Schemas of the three files, for `tests/integration/schemas.rs`.
pub fn json_schemas() -> [(&'static str, String); 3] {
    let s = crate::rulefile::schema_text;
    [
        (
            "influenceable.schema.json",
            s(schemars::schema_for!(InfluenceFile)),
        ),
        (
            "size-definitions.schema.json",
            s(schemars::schema_for!(SizeFile)),
        ),
        (
            "ownership-names.schema.json",
            s(schemars::schema_for!(OwnershipNamesFile)),
        ),
    ]
}
