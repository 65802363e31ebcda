//! What a row's verdict needs, worked out once per distinct value — per supplier, per
//! ledger category, per capital/revenue code — so that the pass over millions of rows
//! only indexes.

use polars::prelude::*;
use rayon::prelude::*;

use super::Rules;
use super::phrases::words;
use super::supplier::{Classified, SupplierInput};
use crate::kernels::codes::{Codes, Interner};
use crate::tables::str_col;

/// The market of spend nothing maps.
pub const UNMAPPED: &str = "Unmapped";

/// A row with no supplier, or a value no table holds.
pub const NONE: u32 = u32::MAX;

/// Which rules' supplier tests a supplier passes (rules without one: passed).
fn supplier_mask(rules: &Rules, s: &SupplierInput, c: &Classified) -> u64 {
    let names: Vec<Vec<String>> = std::iter::once(&s.display_name)
        .chain(&s.spellings)
        .map(|n| words(n))
        .collect();
    rules.influence.iter().enumerate().fold(0, |m, (i, r)| {
        let form = r.forms.is_empty() || r.forms.contains(&c.ownership_form);
        let aside = r.set_aside.is_empty()
            || s.set_aside_reason
                .as_ref()
                .is_some_and(|a| r.set_aside.contains(a));
        let named = r.supplier.is_empty()
            || r.supplier
                .iter()
                .any(|p| names.iter().any(|w| p.found_in(w)));
        if form && aside && named {
            m | (1 << i)
        } else {
            m
        }
    })
}

fn category_mask(rules: &Rules, category: Option<&str>) -> u64 {
    let w = category.map(words).unwrap_or_default();
    rules.influence.iter().enumerate().fold(0, |m, (i, r)| {
        let holds = if r.category_missing {
            category.is_none()
        } else {
            r.category.is_empty() || r.category.iter().any(|p| p.found_in(&w))
        };
        if holds { m | (1 << i) } else { m }
    })
}

fn capital_mask(rules: &Rules, value: Option<&str>) -> u64 {
    let v = value.map(|v| v.trim().to_lowercase());
    rules.influence.iter().enumerate().fold(0, |m, (i, r)| {
        if r.capital_revenue.is_empty() || v.as_ref().is_some_and(|v| r.capital_revenue.contains(v))
        {
            m | (1 << i)
        } else {
            m
        }
    })
}

/// A ledger category's part in a row's verdict: its rules mask, the market the table or a
/// keyword gives it, and whether the table holds it.
pub struct Category {
    pub mask: u64,
    pub market: Option<u32>,
    pub in_table: bool,
}

/// Everything a row's verdict needs, looked up once per distinct value so that the pass
/// over the rows only indexes.
pub struct Lookups {
    /// The ledger categories met, as written, and what each means for a row.
    pub category_texts: Vec<String>,
    pub categories: Vec<Category>,
    pub no_category: u64,
    pub supplier_mask: Vec<u64>,
    pub no_supplier: u64,
    /// Per supplier: its market and source when an override sets it, and its own market.
    pub override_market: Vec<Option<(u32, u8)>>,
    pub own_market: Vec<Option<(u32, u8)>>,
    pub unmapped: (u32, u8),
    pub ledger: u8,
    pub dup_rule: u16,
    /// The markets and market sources the codes above stand for.
    pub markets: Vec<String>,
    pub sources: Vec<&'static str>,
}

/// Each row's category (a non-blank expense type, else service area) as a code into
/// `texts`, or `NONE`. Categories are keyed by the text as written, as the unmapped list
/// shows them.
pub fn row_categories(df: &DataFrame, texts: &mut Interner<String>) -> anyhow::Result<Vec<u32>> {
    let mut coded = |name: &str| -> anyhow::Result<Option<Vec<u32>>> {
        Ok(str_col(df, name)?.map(|col| {
            Codes::of_text(col).map(|v| {
                if says_nothing(v) {
                    NONE
                } else {
                    texts.code(v.to_string())
                }
            })
        }))
    };
    let expense = coded("expense_type")?;
    let service = coded("service_area")?;
    Ok(match (expense, service) {
        (Some(e), Some(s)) => (e.into_iter().zip(s))
            .map(|(e, s)| if e != NONE { e } else { s })
            .collect(),
        (Some(c), None) | (None, Some(c)) => c,
        (None, None) => vec![NONE; df.height()],
    })
}

/// A category cell that only stands in for a value ("", "NA", "#N/A", "-", "Not
/// classified"): the row falls back to its other category column, or has none.
fn says_nothing(v: &str) -> bool {
    const EMPTY: [&str; 8] = ["na", "n", "a", "none", "null", "nil", "not", "classified"];
    words(v).iter().all(|w| EMPTY.contains(&w.as_str()))
}

/// Each row's capital/revenue rules mask, worked out once per distinct value.
pub fn row_capital(df: &DataFrame, rules: &Rules) -> anyhow::Result<Vec<u64>> {
    Ok(match str_col(df, "capital_revenue")? {
        Some(col) => {
            Codes::of_text(col).map(|v| capital_mask(rules, Some(v).filter(|v| !v.is_empty())))
        }
        None => vec![capital_mask(rules, None); df.height()],
    })
}

impl Lookups {
    /// The lookups for `texts`, the ledger categories [`row_categories`] met.
    pub fn new(
        texts: Interner<String>,
        suppliers: &[SupplierInput],
        classified: &[Classified],
        rules: &Rules,
    ) -> Self {
        let mut markets = Interner::<String>::default();
        let mut sources = Interner::<&'static str>::default();
        let categories = (texts.values.iter())
            .map(|c| {
                let (market, in_table) = match rules.markets.category(c) {
                    Some(m) => (Some(m), true),
                    None => (rules.markets.keyword(c), false),
                };
                Category {
                    mask: category_mask(rules, Some(c)),
                    market: market.map(|m| markets.code(m.to_string())),
                    in_table,
                }
            })
            .collect();
        let mut market_of = |m: Option<&str>, src: &'static str| {
            (
                markets.code(m.unwrap_or(UNMAPPED).to_string()),
                sources.code(src) as u8,
            )
        };
        let override_market = (classified.iter())
            .map(|c| {
                (c.market_source == Some("override"))
                    .then(|| market_of(c.market.as_deref(), "override"))
            })
            .collect();
        let own_market = (classified.iter())
            .map(|c| {
                let (m, src) = c.market.as_deref().zip(c.market_source)?;
                Some(market_of(Some(m), src))
            })
            .collect();
        let unmapped = market_of(None, "default");
        let ledger = sources.code("ledger") as u8;
        Lookups {
            category_texts: texts.values,
            categories,
            no_category: category_mask(rules, None),
            supplier_mask: (suppliers.par_iter().zip(classified))
                .map(|(s, c)| supplier_mask(rules, s, c))
                .collect(),
            no_supplier: supplier_mask(rules, &SupplierInput::default(), &Classified::default()),
            override_market,
            own_market,
            unmapped,
            ledger,
            dup_rule: rules.influence.len() as u16,
            markets: markets.values,
            sources: sources.values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::says_nothing;

    #[test]
    fn placeholder_categories_say_nothing() {
        for v in ["", "  ", "NA", "N/A", "#N/A", "-", "Not Classified", "none"] {
            assert!(says_nothing(v), "{v:?}");
        }
        for v in ["Rates", "NNDR", "Nappies", "Not for profit grants"] {
            assert!(!says_nothing(v), "{v:?}");
        }
    }
}
