//! A person's decisions about suppliers — where one is, how big, who owns it, what it
//! sells — that always win over register evidence and carry from year to year.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::rules::SIZE_BANDS;
use crate::config::rulefile::{read_rows, word};
use crate::reference::registers::org::OwnershipForm;
use crate::resolve::overrides::override_key;

/// What an override decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OverrideField {
    /// A postcode, or `outside_uk`.
    Postcode,
    /// micro, small, medium, large.
    SizeBand,
    /// An ownership form (cooperative, charity, private_company, …).
    OwnershipForm,
    /// A market, as the market tables name it.
    Market,
}

/// One row of the classification overrides CSV.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideRow {
    /// A supplier id from suppliers.parquet (`S…`), or a supplier name as a ledger
    /// writes it.
    pub supplier: String,
    pub field: OverrideField,
    pub value: String,
    /// Why: who decided, on what evidence.
    #[serde(default)]
    pub note: String,
}

/// The decisions, by supplier id or ledger name.
#[derive(Debug, Clone, Default)]
pub struct ClassifyOverrides {
    by_key: HashMap<String, Vec<(OverrideField, String)>>,
}

/// `outside_uk` (any case, space or hyphen) as an override postcode.
pub fn is_outside_uk(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    v == "outsideuk"
}

impl ClassifyOverrides {
    /// A missing file means no decisions yet.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        if !path.exists() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read overrides file {}", path.display()))?;
        let origin = path.display().to_string();
        let mut out = Self::default();
        for (i, r) in read_rows::<OverrideRow>(&text, &origin)?
            .into_iter()
            .enumerate()
        {
            let at = || format!("{origin}, row {}", i + 2);
            match r.field {
                OverrideField::SizeBand if !SIZE_BANDS[..4].contains(&r.value.as_str()) => {
                    anyhow::bail!(
                        "{}: size_band {:?} is not micro, small, medium or large",
                        at(),
                        r.value
                    )
                }
                OverrideField::OwnershipForm => {
                    parse_form(&r.value).with_context(at)?;
                }
                _ if r.value.is_empty() => anyhow::bail!("{}: the value is empty", at()),
                _ => {}
            }
            if r.supplier.is_empty() {
                anyhow::bail!("{}: no supplier named", at());
            }
            out.by_key
                .entry(override_key(&r.supplier))
                .or_default()
                .push((r.field, r.value));
        }
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.by_key.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The decision about `field` for a supplier known by its id or any of its spellings,
    /// read as resolve's overrides read names (case and punctuation aside); the id wins,
    /// then the last row given.
    pub fn get<'a>(
        &'a self,
        supplier_id: &str,
        spellings: &[String],
        field: OverrideField,
    ) -> Option<&'a str> {
        if self.by_key.is_empty() {
            return None;
        }
        std::iter::once(supplier_id.to_string())
            .chain(spellings.iter().cloned())
            .find_map(|key| {
                self.by_key
                    .get(&override_key(&key))?
                    .iter()
                    .rev()
                    .find(|(f, _)| *f == field)
                    .map(|(_, v)| v.as_str())
            })
    }
}

/// An ownership form as written in a file (`cooperative`, `private_company`).
pub fn parse_form(value: &str) -> anyhow::Result<OwnershipForm> {
    word(value).map_err(|e| anyhow::anyhow!("ownership_form {value:?}: {e}"))
}

pub fn json_schema() -> String {
    crate::config::rulefile::schema_text(schemars::schema_for!(OverrideRow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_load_and_bad_values_name_their_row() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.csv");
        std::fs::write(
            &p,
            "supplier,field,value,note\nS0123,postcode,OX4 1HU,checked\nACME LTD,ownership_form,employee_owned,\n",
        )
        .unwrap();
        let o = ClassifyOverrides::load(Some(&p)).unwrap();
        assert_eq!(
            o.get("S0123", &[], OverrideField::Postcode),
            Some("OX4 1HU")
        );
        assert_eq!(
            o.get("S9", &["ACME LTD ".into()], OverrideField::OwnershipForm),
            Some("employee_owned")
        );
        assert_eq!(o.get("S0123", &[], OverrideField::Market), None);
        // Regression: a name decided as "ACME LTD" holds for the spelling "Acme Ltd.", as
        // resolve's overrides do (they were matched on the exact trimmed text).
        assert_eq!(
            o.get("S9", &["Acme Ltd.".into()], OverrideField::OwnershipForm),
            Some("employee_owned")
        );
        std::fs::write(&p, "supplier,field,value\nS1,size_band,huge\n").unwrap();
        let e = ClassifyOverrides::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("row 2") && e.contains("huge"), "{e}");
        std::fs::write(&p, "supplier,field,value\nS1,ownership_form,coop\n").unwrap();
        let e = format!("{:#}", ClassifyOverrides::load(Some(&p)).unwrap_err());
        assert!(e.contains("row 2") && e.contains("coop"), "{e}");
        assert!(is_outside_uk("Outside UK") && is_outside_uk("outside_uk"));
    }
}
