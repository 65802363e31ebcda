//! The column-synonym table: which header texts name which canonical field. Data, not
//! code, so that a partnership can teach spendgap its ERP's headers without a release.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, bail};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::field::Field;
use super::ledger_words::LedgerWords;
use crate::read::header_words::{header_words, word_match};

/// The shipped synonym table.
pub const DEFAULT_SYNONYMS: &str = include_str!("../../schemas/defaults/column-synonyms.toml");

/// The synonym file: for each canonical field, the header texts that name it, best first.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SynonymFile {
    pub fields: BTreeMap<Field, FieldSynonyms>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSynonyms {
    /// Header texts, best first: when two header cells name one field, the cell matching
    /// the earlier synonym wins.
    pub synonyms: Vec<String>,
}

/// What spendgap knows about header texts: the synonym table (normalised header text →
/// (field, rank)), each synonym's words for matching headers with typos, and the ledger
/// words weighed when no synonym fits (`ledger-words.toml`).
#[derive(Debug, Clone)]
pub struct Synonyms {
    by_key: HashMap<String, (Field, usize)>,
    /// (field, rank, synonym as written, its words).
    entries: Vec<(Field, usize, String, Vec<String>)>,
    pub words: LedgerWords,
}

/// Header text reduced to what matters: ASCII letters and digits, lower-cased.
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Synonyms {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Self> {
        let file: SynonymFile =
            toml::from_str(text).with_context(|| format!("reading column synonyms {origin}"))?;
        let mut by_key = HashMap::new();
        let mut entries = Vec::new();
        for (field, syn) in &file.fields {
            for (rank, s) in syn.synonyms.iter().enumerate() {
                entries.push((*field, rank, s.clone(), header_words(s)));
                let key = header_key(s);
                if key.is_empty() {
                    bail!("{origin}: synonym {s:?} of {field} has no letters or digits");
                }
                if let Some((other, _)) = by_key.insert(key, (*field, rank))
                    && other != *field
                {
                    bail!("{origin}: synonym {s:?} is listed for both {other} and {field}");
                }
            }
        }
        if !file.fields.contains_key(&Field::Amount) {
            bail!("{origin}: no synonyms for the required field `amount`");
        }
        Ok(Synonyms {
            by_key,
            entries,
            words: LedgerWords::builtin(),
        })
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_SYNONYMS, "(built-in)").expect("the shipped synonym table is valid")
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read column synonyms {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// The field a header cell names, with its synonym rank (lower is better).
    pub fn lookup(&self, header: &str) -> Option<(Field, usize)> {
        self.by_key.get(&header_key(header)).copied()
    }

    /// Synonyms a header cell names with a typo (`Suplier Name`, `Expence Area`): each
    /// word matches the synonym's word in turn, allowing plurals and one typo in words of
    /// five letters or more. Returns (field, rank, synonym), best rank first per field.
    pub fn typo_matches(&self, header: &str) -> Vec<(Field, usize, &str)> {
        let words = header_words(header);
        if words.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|(_, _, _, sw)| {
                sw.len() == words.len()
                    && sw
                        .iter()
                        .zip(&words)
                        .all(|(s, w)| word_match(w, s).is_some())
            })
            .map(|(f, rank, s, _)| (*f, *rank, s.as_str()))
            .collect()
    }

    /// The same table weighing `words` when no synonym fits.
    pub fn with_words(mut self, words: LedgerWords) -> Self {
        self.words = words;
        self
    }
}

/// The JSON Schema of the synonym file, as committed in `schemas/column-synonyms.schema.json`.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(SynonymFile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_header_variants_map() {
        let s = Synonyms::builtin();
        let cases = [
            ("Name:  ", Field::SupplierName),
            ("Net Amount(£)", Field::Amount),
            ("Net Amount(œ)", Field::Amount),
            ("Net Amount (£)", Field::Amount),
            ("Amount Paid", Field::Amount),
            ("TOTAL", Field::Amount),
            ("* SUPPLIER FINAL", Field::SupplierName),
            ("supplier_name", Field::SupplierName),
            ("* Date", Field::Date),
            ("Payment date", Field::Date),
            ("HBC Ref No.", Field::TransactionRef),
            ("Transaction Number", Field::TransactionRef),
            ("* Expenditure Category", Field::ExpenseType),
            ("Account Detail", Field::ExpenseType),
            ("Service Cost Centre", Field::ServiceArea),
        ];
        for (header, field) in cases {
            assert_eq!(s.lookup(header).map(|x| x.0), Some(field), "{header:?}");
        }
        assert_eq!(s.lookup("RecId"), None);
    }

    #[test]
    fn a_synonym_in_two_fields_is_an_error() {
        let text = "[fields.amount]\nsynonyms=[\"x\"]\n[fields.date]\nsynonyms=[\"X\"]\n";
        let err = Synonyms::parse(text, "t.toml").unwrap_err().to_string();
        assert!(err.contains("both"), "{err}");
    }
}
