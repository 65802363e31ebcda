//! A person's decisions about suppliers — where one is, how big, who owns it, what it
//! sells — that always win over register evidence and carry from year to year.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::rule_files::SIZE_BANDS;
use crate::reference::registers::org::OwnershipForm;
use crate::resolve::overrides::override_key;
use crate::rulefile::{read_rows, word};

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
    /// `yes`: a private individual (never named, counted as a sole trader); `no`: an
    /// organisation, whose name may be shown.
    IsIndividual,
}

/// The sheet of `to_check.xlsx` a person fills in.
pub const REVIEW_SHEET: &str = "to_check";

/// The columns of that sheet a person fills in: every override field, then a note.
pub const FILL_COLUMNS: [&str; 6] = [
    "postcode",
    "size_band",
    "ownership_form",
    "market",
    "is_individual",
    "note",
];

impl OverrideField {
    fn of_column(name: &str) -> Option<Self> {
        Some(match name {
            "postcode" => OverrideField::Postcode,
            "size_band" => OverrideField::SizeBand,
            "ownership_form" => OverrideField::OwnershipForm,
            "market" => OverrideField::Market,
            "is_individual" => OverrideField::IsIndividual,
            _ => return None,
        })
    }
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
            out.add(r, &at)?;
        }
        Ok(out)
    }

    /// Adds one decision after checking its value; `at` names where it was read.
    fn add(&mut self, r: OverrideRow, at: &dyn Fn() -> String) -> anyhow::Result<()> {
        match r.field {
            OverrideField::SizeBand if !SIZE_BANDS[..4].contains(&r.value.as_str()) => {
                anyhow::bail!(
                    "{}: size_band {:?} is not micro, small, medium or large",
                    at(),
                    r.value
                )
            }
            OverrideField::IsIndividual if !["yes", "no"].contains(&r.value.as_str()) => {
                anyhow::bail!("{}: is_individual {:?} is not yes or no", at(), r.value)
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
        self.by_key
            .entry(override_key(&r.supplier))
            .or_default()
            .push((r.field, r.value));
        Ok(())
    }

    /// Adds the decisions of a filled-in `to_check.xlsx` (its `to_check` sheet, rows keyed
    /// by supplier_id); they come after the overrides file's, so they win. Blank cells
    /// decide nothing. A missing file means no decisions yet.
    pub fn add_review_workbook(&mut self, path: &Path) -> anyhow::Result<usize> {
        use calamine::{Data, Reader, open_workbook_auto};
        if !path.exists() {
            return Ok(0);
        }
        let origin = path.display().to_string();
        let mut wb = open_workbook_auto(path)
            .with_context(|| format!("cannot open the review workbook {origin}"))?;
        let range = wb.worksheet_range(REVIEW_SHEET).with_context(|| {
            format!("{origin}: no sheet {REVIEW_SHEET:?} (is it the to_check.xlsx spendgap wrote?)")
        })?;
        let cell = |d: &Data| match d {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string().trim().to_string(),
        };
        let mut rows = range.rows();
        let header: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(cell).collect())
            .unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h == n);
        let id_col = col("supplier_id").ok_or_else(|| {
            anyhow::anyhow!(
                "{origin}, sheet {REVIEW_SHEET}: no supplier_id column in the first row"
            )
        })?;
        let note_col = col("note");
        let mut added = 0;
        for (i, row) in rows.enumerate() {
            let get = |c: usize| row.get(c).map(cell).unwrap_or_default();
            let supplier = get(id_col);
            let note = note_col.map(get).unwrap_or_default();
            for (c, name) in header.iter().enumerate() {
                let Some(field) = OverrideField::of_column(name) else {
                    continue;
                };
                let mut value = get(c);
                if value.is_empty() {
                    continue;
                }
                if field != OverrideField::Postcode && field != OverrideField::Market {
                    value = value.to_lowercase().replace([' ', '-'], "_");
                }
                let at = || {
                    format!(
                        "{origin}, sheet {REVIEW_SHEET}, row {}, column {name}",
                        i + 2
                    )
                };
                let r = OverrideRow {
                    supplier: supplier.clone(),
                    field,
                    value,
                    note: note.clone(),
                };
                self.add(r, &at)?;
                added += 1;
            }
        }
        Ok(added)
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
    crate::rulefile::schema_text(schemars::schema_for!(OverrideRow))
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
