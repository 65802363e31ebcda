//! The words spendgap weighs when it reads a ledger it has not seen: how strongly each
//! header word speaks for (or against) a field, and which words make a total line's label.
//! Data, not code, so a partnership can teach spendgap its ERP's words without a release.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::field::Field;

/// The shipped file.
pub const DEFAULT_LEDGER_WORDS: &str = include_str!("../../schemas/defaults/ledger-words.toml");

/// `ledger-words.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerWords {
    /// Words after which a word `against` a field counts for nothing ("excl" in "Amount
    /// excl VAT").
    pub cancel: Vec<String>,
    /// Header words per field. Fields not listed are found by their synonyms only.
    pub fields: BTreeMap<Field, FieldWords>,
    /// The words of a total line's label.
    pub totals: TotalWords,
}

/// What a column of one field holds, checked against the rows below the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Amounts of money.
    Money,
    /// Dates.
    Date,
    /// Names: words, not numbers or codes.
    Name,
    /// References: codes or numbers, mostly distinct.
    Code,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldWords {
    /// What the field's column holds.
    pub content: Content,
    /// Words for the field, each with its weight (0 to 1).
    pub words: BTreeMap<String, f64>,
    /// Words against the field, each with the weight it takes away (0 to 1).
    #[serde(default)]
    pub against: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalWords {
    /// Words that make a cell a total's label ("total", "sum", "balance").
    pub words: Vec<String>,
    /// Words that may follow a leading total word and anything after them ("Total for
    /// April 2024").
    pub joins: Vec<String>,
    /// Words a label may hold besides its total word ("grand", "report", "page").
    pub fillers: Vec<String>,
}

impl LedgerWords {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Self> {
        let file: LedgerWords =
            toml::from_str(text).with_context(|| format!("reading ledger words {origin}"))?;
        for (field, fw) in &file.fields {
            for (word, w) in fw.words.iter().chain(&fw.against) {
                if !(0.0..=1.0).contains(w) {
                    bail!(
                        "{origin}: the weight of {word:?} for {field} is {w}, not between 0 and 1"
                    );
                }
                if word.is_empty()
                    || word
                        .chars()
                        .any(|c| !c.is_ascii_alphanumeric() || c.is_ascii_uppercase())
                {
                    bail!(
                        "{origin}: {word:?} (for {field}) must be one lower-case word of letters and digits"
                    );
                }
            }
        }
        if file.totals.words.is_empty() {
            bail!("{origin}: [totals] words is empty: no total line could be labelled");
        }
        Ok(file)
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_LEDGER_WORDS, "(built-in)").expect("the shipped ledger words are valid")
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read ledger words {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }
}

/// The JSON Schema of the file, as committed in `schemas/ledger-words.schema.json`.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(LedgerWords))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses() {
        let w = LedgerWords::builtin();
        assert_eq!(w.fields[&Field::Amount].content, Content::Money);
        assert!(w.totals.words.contains(&"total".to_string()));
    }

    #[test]
    fn a_weight_out_of_range_names_the_word() {
        let text = "cancel = []\n[fields.amount]\ncontent = \"money\"\nwords = { amount = 2.0 }\n[totals]\nwords = [\"total\"]\njoins = []\nfillers = []\n";
        let err = LedgerWords::parse(text, "w.toml").unwrap_err().to_string();
        assert!(
            err.contains("\"amount\"") && err.contains("w.toml"),
            "{err}"
        );
    }
}
