//! Markets: the list both sides meet on. Ledger categories and register SIC codes are
//! mapped onto it by editable CSV tables, with keywords as the fallback.

use std::collections::HashMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::phrases::{WordPattern, words};
use crate::rulefile::{read_or, read_rows};

pub const DEFAULT_CATEGORIES: &str = include_str!("../../schemas/defaults/category-markets.csv");
pub const DEFAULT_SIC: &str = include_str!("../../schemas/defaults/sic-markets.csv");
pub const DEFAULT_KEYWORDS: &str = include_str!("../../schemas/defaults/market-keywords.csv");

/// A row of the category table: a ledger's expense type (any case or punctuation) → market.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryMarketRow {
    pub category: String,
    pub market: String,
}

/// A row of the SIC table: a SIC 2007 code or its leading digits → market; the longest
/// matching prefix wins.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SicMarketRow {
    pub sic: String,
    pub market: String,
}

/// A row of the keyword table, tried in file order: a phrase (`*` ends a prefix) → market.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeywordRow {
    pub keyword: String,
    pub market: String,
}

/// The three tables, ready to look up.
#[derive(Debug, Clone, Default)]
pub struct Markets {
    by_category: HashMap<String, String>,
    /// Longest prefixes first.
    by_sic: Vec<(String, String)>,
    keywords: Vec<(WordPattern, String)>,
}

/// A category's lookup key: its words, so that punctuation and case do not matter.
pub fn category_key(text: &str) -> String {
    words(text).join(" ")
}

impl Markets {
    pub fn load(
        categories: Option<&Path>,
        sic: Option<&Path>,
        keywords: Option<&Path>,
    ) -> anyhow::Result<Self> {
        let (text, origin) = read_or(categories, DEFAULT_CATEGORIES, "category → market table")?;
        let mut by_category = HashMap::new();
        for r in read_rows::<CategoryMarketRow>(&text, &origin)? {
            non_empty(&r.market, &origin, &r.category)?;
            by_category.insert(category_key(&r.category), r.market);
        }
        let (text, origin) = read_or(sic, DEFAULT_SIC, "SIC → market table")?;
        let mut by_sic = Vec::new();
        for r in read_rows::<SicMarketRow>(&text, &origin)? {
            non_empty(&r.market, &origin, &r.sic)?;
            if r.sic.is_empty() || !r.sic.chars().all(|c| c.is_ascii_digit()) || r.sic.len() > 5 {
                anyhow::bail!(
                    "{origin}: {:?} is not a SIC 2007 code or its leading digits",
                    r.sic
                );
            }
            by_sic.push((r.sic, r.market));
        }
        by_sic.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let (text, origin) = read_or(keywords, DEFAULT_KEYWORDS, "market keyword table")?;
        let mut kw = Vec::new();
        for r in read_rows::<KeywordRow>(&text, &origin)? {
            non_empty(&r.market, &origin, &r.keyword)?;
            let phrase = WordPattern::parse(&r.keyword).ok_or_else(|| {
                anyhow::anyhow!("{origin}: the keyword {:?} has no words", r.keyword)
            })?;
            kw.push((phrase, r.market));
        }
        Ok(Markets {
            by_category,
            by_sic,
            keywords: kw,
        })
    }

    /// The market the category table gives a ledger category.
    pub fn category(&self, category: &str) -> Option<&str> {
        self.by_category
            .get(&category_key(category))
            .map(String::as_str)
    }

    /// The first keyword found in the text.
    pub fn keyword(&self, text: &str) -> Option<&str> {
        let w = words(text);
        self.keywords
            .iter()
            .find(|(p, _)| p.found_in(&w))
            .map(|(_, m)| m.as_str())
    }

    /// Whether any SIC code maps to `market`: if none does, register organisations can be
    /// found in it only by their directory sector or name.
    /// Every market the tables name, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = (self.by_category.values())
            .chain(self.by_sic.iter().map(|(_, m)| m))
            .chain(self.keywords.iter().map(|(_, m)| m))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn has_sic(&self, market: &str) -> bool {
        self.by_sic.iter().any(|(_, m)| m == market)
    }

    /// The market of the first code the SIC table maps, and that code.
    pub fn sic<'a>(&'a self, codes: &'a [String]) -> Option<(&'a str, &'a str)> {
        codes.iter().find_map(|code| {
            let digits: String = code.chars().filter(char::is_ascii_digit).collect();
            self.by_sic
                .iter()
                .find(|(p, _)| digits.starts_with(p.as_str()))
                .map(|(_, m)| (m.as_str(), code.as_str()))
        })
    }
}

fn non_empty(market: &str, origin: &str, what: &str) -> anyhow::Result<()> {
    if market.is_empty() {
        anyhow::bail!("{origin}: {what:?} has no market");
    }
    Ok(())
}

/// The JSON Schemas of the three tables' rows.
pub fn json_schemas() -> [(&'static str, String); 3] {
    let s = crate::rulefile::schema_text;
    [
        (
            "category-markets.schema.json",
            s(schemars::schema_for!(CategoryMarketRow)),
        ),
        (
            "sic-markets.schema.json",
            s(schemars::schema_for!(SicMarketRow)),
        ),
        (
            "market-keywords.schema.json",
            s(schemars::schema_for!(KeywordRow)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tables_load_and_answer() {
        let m = Markets::load(None, None, None).unwrap();
        assert_eq!(m.category("IM&T - Services"), Some("ICT & digital"));
        assert_eq!(m.category("im & t services"), Some("ICT & digital"));
        assert_eq!(
            m.keyword("GENERAL GROUNDS MAINTENANCE"),
            Some("Grounds maintenance & landscaping")
        );
        assert_eq!(m.keyword("Sundries"), None);
        let codes = vec![
            "None Supplied".to_string(),
            "81210 - General cleaning of buildings".to_string(),
        ];
        assert_eq!(
            m.sic(&codes),
            Some(("Cleaning & domestic services", codes[1].as_str()))
        );
        let codes = vec!["69109".to_string()];
        assert_eq!(m.sic(&codes).map(|x| x.0), Some("Legal services"));
    }

    #[test]
    fn a_bad_row_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sic.csv");
        std::fs::write(&p, "sic,market\n62,ICT\n6x,Oops\n").unwrap();
        let err = Markets::load(None, Some(&p), None).unwrap_err().to_string();
        assert!(err.contains("sic.csv") && err.contains("\"6x\""), "{err}");
        std::fs::write(&p, "sic,market,extra\n62,ICT,1\n").unwrap();
        let err = Markets::load(None, Some(&p), None).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
