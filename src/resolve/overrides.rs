//! A person's decisions about supplier names — this name is that register id, is not that
//! id, is an individual — which win over anything the matcher thinks and carry from year
//! to year because they are keyed by the name as read, not by a row.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rulefile::word;

use super::fold::{fold, words};
use super::set_aside::SetAsideReason;
use crate::reference::RegisterKind;

/// What a person decided about a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverrideDecision {
    /// The name is the organisation `register` / `register_id`.
    Match,
    /// The name is NOT `register` / `register_id` (never suggest it again).
    Not,
    /// The name is no organisation in the registers.
    Unmatched,
    /// The payee is a private individual (never named in outputs for people).
    Individual,
    /// The payee's name is redacted.
    Redacted,
    /// Not a supplier: payroll, petty cash, card settlements.
    Internal,
}

/// One row of the overrides CSV (`review.csv` rows can be pasted in; extra columns are
/// ignored).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct OverrideRow {
    /// The supplier name as a ledger writes it (case, spacing and punctuation ignored).
    pub supplier_name: String,
    pub decision: OverrideDecision,
    /// For `match` and `not`: the register.
    #[serde(default)]
    pub register: Option<RegisterKind>,
    /// For `match` and `not`: the register's own id (Co-ops UK `R000178`, company number…).
    #[serde(default)]
    pub register_id: Option<String>,
    /// Why, in a person's words; shown as the match's reason.
    #[serde(default)]
    pub note: Option<String>,
}

/// Overrides by name.
#[derive(Debug, Default)]
pub struct Overrides {
    by_name: HashMap<String, Vec<OverrideRow>>,
}

/// How an override finds its name: folded words.
pub fn override_key(raw: &str) -> String {
    words(&fold(raw)).join(" ")
}

impl OverrideDecision {
    pub fn set_aside(self) -> Option<SetAsideReason> {
        match self {
            OverrideDecision::Individual => Some(SetAsideReason::Individual),
            OverrideDecision::Redacted => Some(SetAsideReason::Redacted),
            OverrideDecision::Internal => Some(SetAsideReason::Internal),
            _ => None,
        }
    }
}

impl Overrides {
    /// Reads the overrides file; a missing file is no decisions yet. Rows with an empty
    /// decision (review.csv rows pasted but not yet decided) are skipped.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        if !path.exists() {
            return Ok(Self::default());
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .with_context(|| format!("cannot read overrides file {}", path.display()))?;
        let headers = reader.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (name_col, decision_col) = match (col("supplier_name"), col("decision")) {
            (Some(n), Some(d)) => (n, d),
            _ => anyhow::bail!(
                "{}: needs the columns supplier_name and decision (see schemas/overrides.schema.json)",
                path.display()
            ),
        };
        let mut out = Self::default();
        for (i, rec) in reader.records().enumerate() {
            let line = i + 2;
            let rec = rec.with_context(|| format!("{}: line {line}", path.display()))?;
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let Some(decision) = get(Some(decision_col)) else {
                continue;
            };
            let at = |what: String| format!("{}: line {line}: {what}", path.display());
            let decision: OverrideDecision = word(decision).map_err(|_| {
                anyhow::anyhow!(at(format!(
                    "decision {decision:?} is not one of match, not, unmatched, individual, redacted, internal"
                )))
            })?;
            let name = get(Some(name_col))
                .ok_or_else(|| anyhow::anyhow!(at("supplier_name is empty".into())))?;
            let register = get(col("register"))
                .map(|r| {
                    word::<RegisterKind>(r).map_err(|_| {
                        anyhow::anyhow!(at(format!(
                            "register {r:?} is not one of coops_uk, fca_mutuals, companies_house, charity_commission, directory"
                        )))
                    })
                })
                .transpose()?;
            let register_id = get(col("register_id")).map(str::to_string);
            if matches!(decision, OverrideDecision::Match | OverrideDecision::Not)
                && (register.is_none() || register_id.is_none())
            {
                anyhow::bail!(at(format!(
                    "decision {decision:?} needs register and register_id"
                )));
            }
            out.by_name
                .entry(override_key(name))
                .or_default()
                .push(OverrideRow {
                    supplier_name: name.to_string(),
                    decision,
                    register,
                    register_id,
                    note: get(col("note")).map(str::to_string),
                });
        }
        Ok(out)
    }

    /// The decisions recorded for a name, in file order.
    pub fn for_name(&self, raw: &str) -> &[OverrideRow] {
        self.by_name
            .get(&override_key(raw))
            .map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.by_name.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// The JSON Schema of one overrides row, as committed in `schemas/overrides.schema.json`.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(OverrideRow))
}
