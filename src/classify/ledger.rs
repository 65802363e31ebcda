//! Classifying transactions: each row's supplier, market (its ledger category first, then
//! its supplier's), and whether its spend is influenceable — or which rule excluded it.

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;

use super::supplier::{Classified, SupplierInput};
use super::words::words;
use super::{DUPLICATE_RULE, Rules};
use crate::tables::str_col;

/// The market of spend nothing maps.
pub const UNMAPPED: &str = "Unmapped";

/// How much one exclusion rule set aside: a row of exclusions.csv.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ExclusionRow {
    pub rule: String,
    pub description: String,
    pub transactions: u64,
    pub pence: i64,
}

/// A ledger category the category table does not map: a row of unmapped_categories.csv,
/// so that a user can add it.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct UnmappedRow {
    pub category: String,
    pub transactions: u64,
    pub pence: i64,
    /// What its spend was given instead (from a keyword, the supplier, or Unmapped).
    pub market_used: String,
    pub market_source: String,
}

/// Per-row results, as indices; turned into columns by the caller.
#[derive(Debug, Default)]
pub struct Rows {
    pub supplier: Vec<Option<u32>>,
    /// Index into `rule_ids`; `None` when influenceable.
    pub rule: Vec<Option<u16>>,
    pub rule_ids: Vec<String>,
    pub market: Vec<u32>,
    pub markets: Vec<String>,
    pub market_source: Vec<&'static str>,
    pub exclusions: Vec<ExclusionRow>,
    pub unmapped: Vec<UnmappedRow>,
    /// Pence of every row but duplicates, and of the influenceable rows.
    pub counted_pence: i64,
    pub influenceable_pence: i64,
}

/// Each row's supplier, through the names resolve wrote (trimmed ledger name → id).
pub fn row_suppliers(
    df: &DataFrame,
    names: &HashMap<String, u32>,
) -> anyhow::Result<Vec<Option<u32>>> {
    let col = str_col(df, "supplier_name")?;
    let mut cache: HashMap<&str, Option<u32>> = HashMap::new();
    Ok((0..df.height())
        .map(|i| {
            let name = col.and_then(|c| c.get(i)).unwrap_or("").trim();
            *cache
                .entry(name)
                .or_insert_with(|| names.get(name).copied())
        })
        .collect())
}

/// The commonest postcode the ledgers give each supplier (ties: the first in order).
pub fn ledger_postcodes(
    df: &DataFrame,
    suppliers: &[Option<u32>],
    n: usize,
) -> anyhow::Result<Vec<Option<String>>> {
    let mut out = vec![None; n];
    let (Some(pc), dup) = (str_col(df, "postcode")?, str_col(df, "duplicate_of")?) else {
        return Ok(out);
    };
    let mut counts: HashMap<(u32, &str), u32> = HashMap::new();
    for (i, s) in suppliers.iter().enumerate() {
        if let (Some(s), Some(p)) = (s, pc.get(i))
            && !p.trim().is_empty()
            && dup.is_none_or(|d| d.get(i).is_none())
        {
            *counts.entry((*s, p.trim())).or_insert(0) += 1;
        }
    }
    let mut best: Vec<Option<(u32, &str)>> = vec![None; n];
    for ((s, p), c) in counts {
        let b = &mut best[s as usize];
        if b.is_none_or(|(bc, bp)| c > bc || (c == bc && p < bp)) {
            *b = Some((c, p));
        }
    }
    for (o, b) in out.iter_mut().zip(best) {
        *o = b.map(|(_, p)| p.to_string());
    }
    Ok(out)
}

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
        if r.category.is_empty() || r.category.iter().any(|p| p.found_in(&w)) {
            m | (1 << i)
        } else {
            m
        }
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

/// Classifies every row. `suppliers[i]`/`classified[i]` are supplier `i`.
pub fn classify_rows(
    df: &DataFrame,
    row_supplier: Vec<Option<u32>>,
    suppliers: &[SupplierInput],
    classified: &[Classified],
    rules: &Rules,
) -> anyhow::Result<Rows> {
    let pence = df.column("amount_pence")?.i64()?;
    let dup = str_col(df, "duplicate_of")?;
    let expense = str_col(df, "expense_type")?;
    let service = str_col(df, "service_area")?;
    let capital = str_col(df, "capital_revenue")?;
    let s_masks: Vec<u64> = suppliers
        .iter()
        .zip(classified)
        .map(|(s, c)| supplier_mask(rules, s, c))
        .collect();
    let no_supplier = supplier_mask(rules, &SupplierInput::default(), &Classified::default());
    let mut out = Rows {
        rule_ids: rules.influence.iter().map(|r| r.id.clone()).collect(),
        ..Default::default()
    };
    let dup_rule = out.rule_ids.len() as u16;
    out.rule_ids.push(DUPLICATE_RULE.into());
    let mut market_ix: HashMap<String, u32> = HashMap::new();
    let mut intern = |m: &str, markets: &mut Vec<String>| -> u32 {
        if let Some(&i) = market_ix.get(m) {
            return i;
        }
        markets.push(m.to_string());
        market_ix.insert(m.to_string(), markets.len() as u32 - 1);
        markets.len() as u32 - 1
    };
    // Per distinct category: its rule mask and its market from the table or a keyword.
    let mut by_category: HashMap<&str, (u64, Option<u32>, bool)> = HashMap::new();
    let mut by_capital: HashMap<Option<&str>, u64> = HashMap::new();
    let mut excluded: Vec<(u64, i64)> = vec![(0, 0); out.rule_ids.len()];
    let mut unmapped: HashMap<&str, (u64, i64, Option<u32>)> = HashMap::new();
    let n = df.height();
    out.rule.reserve(n);
    out.market.reserve(n);
    out.market_source.reserve(n);
    for (i, sup) in row_supplier.iter().enumerate() {
        let p = pence.get(i).unwrap_or(0);
        let category = expense
            .and_then(|c| c.get(i))
            .filter(|c| !c.trim().is_empty())
            .or_else(|| {
                service
                    .and_then(|c| c.get(i))
                    .filter(|c| !c.trim().is_empty())
            });
        let (c_mask, c_market, in_table) = *by_category
            .entry(category.unwrap_or(""))
            .or_insert_with(|| {
                let mask = category_mask(rules, category);
                let (m, table) = match category {
                    Some(c) => match rules.markets.category(c) {
                        Some(m) => (Some(m), true),
                        None => (rules.markets.keyword(c), false),
                    },
                    None => (None, false),
                };
                (mask, m.map(|m| intern(m, &mut out.markets)), table)
            });
        let cap = capital.and_then(|c| c.get(i));
        let k_mask = *by_capital
            .entry(cap)
            .or_insert_with(|| capital_mask(rules, cap));
        let s_mask = sup.map_or(no_supplier, |s| s_masks[s as usize]);
        let is_dup = dup.is_some_and(|d| d.get(i).is_some());
        let rule = if is_dup {
            Some(dup_rule)
        } else {
            let m = s_mask & c_mask & k_mask;
            (m != 0).then(|| m.trailing_zeros() as u16)
        };
        if !is_dup {
            out.counted_pence += p;
        }
        match rule {
            Some(r) => {
                let e = &mut excluded[r as usize];
                e.0 += 1;
                e.1 += p;
            }
            None => out.influenceable_pence += p,
        }
        let sc = sup.map(|s| &classified[s as usize]);
        let (market, source) = match sc {
            Some(c) if c.market_source == Some("override") => (
                intern(c.market.as_deref().unwrap_or(UNMAPPED), &mut out.markets),
                "override",
            ),
            _ => match (
                c_market,
                sc.and_then(|c| c.market.as_deref().zip(c.market_source)),
            ) {
                (Some(m), _) => (m, "ledger"),
                (None, Some((m, src))) => (intern(m, &mut out.markets), src),
                (None, None) => (intern(UNMAPPED, &mut out.markets), "default"),
            },
        };
        // Only spend a user could steer needs a market.
        if let Some(c) = category
            && !in_table
            && rule.is_none()
        {
            let u = unmapped.entry(c).or_insert((0, 0, c_market));
            u.0 += 1;
            u.1 += p;
        }
        out.rule.push(rule);
        out.market.push(market);
        out.market_source.push(source);
    }
    out.supplier = row_supplier;
    out.exclusions = out
        .rule_ids
        .iter()
        .zip(&excluded)
        .enumerate()
        .map(|(i, (id, (t, p)))| ExclusionRow {
            rule: id.clone(),
            description: rules.influence.get(i).map_or_else(
                || "Rows repeating a row of another ledger file (counted once, there)".into(),
                |r| r.description.clone(),
            ),
            transactions: *t,
            pence: *p,
        })
        .collect();
    let mut u: Vec<UnmappedRow> = unmapped
        .into_iter()
        .map(|(c, (t, p, m))| UnmappedRow {
            category: c.to_string(),
            transactions: t,
            pence: p,
            market_used: m.map_or_else(
                || format!("each supplier's own market, else {UNMAPPED}"),
                |m| out.markets[m as usize].clone(),
            ),
            market_source: if m.is_some() { "keyword" } else { "supplier" }.to_string(),
        })
        .collect();
    u.sort_by(|a, b| {
        b.pence
            .cmp(&a.pence)
            .then_with(|| a.category.cmp(&b.category))
    });
    out.unmapped = u;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::tests::test_analysis;
    use crate::reference::registers::org::OwnershipForm;

    /// One row per default exclusion rule, built so that only that rule can match it,
    /// and a row of ordinary spend that none matches.
    fn cases() -> Vec<(
        &'static str,
        &'static str,
        OwnershipForm,
        Option<&'static str>,
        &'static str,
    )> {
        use OwnershipForm::*;
        vec![
            (
                "payee-hmrc",
                "HM Revenue & Customs",
                Unknown,
                None,
                "Sundries",
            ),
            (
                "payee-pension-fund",
                "Lancashire County Pension Fund",
                Unknown,
                None,
                "Sundries",
            ),
            (
                "payee-public-body",
                "Cherwell District Council",
                PublicBody,
                None,
                "Sundries",
            ),
            (
                "payee-individual",
                "(individual: name withheld)",
                Individual,
                Some("individual"),
                "Sundries",
            ),
            (
                "payee-internal",
                "PETTY CASH",
                Unknown,
                Some("internal"),
                "Sundries",
            ),
            (
                "salaries",
                "ACME LTD",
                PrivateCompany,
                None,
                "Salaries - Teaching",
            ),
            (
                "pensions",
                "ACME LTD",
                PrivateCompany,
                None,
                "Employer Pension Contributions",
            ),
            ("paye-ni", "ACME LTD", PrivateCompany, None, "PAYE & NI"),
            (
                "precepts-levies",
                "ACME LTD",
                PrivateCompany,
                None,
                "Parish Precepts",
            ),
            (
                "payments-to-public-bodies",
                "ACME LTD",
                PrivateCompany,
                None,
                "Payments to Other Local Authorities",
            ),
            (
                "benefits",
                "ACME LTD",
                PrivateCompany,
                None,
                "Housing Benefit Payments",
            ),
            (
                "grants-to-individuals",
                "ACME LTD",
                PrivateCompany,
                None,
                "Grants to Individuals",
            ),
            ("refunds", "ACME LTD", PrivateCompany, None, "Refunds"),
            (
                "internal-recharges",
                "ACME LTD",
                PrivateCompany,
                None,
                "Internal Recharges",
            ),
            (
                "loans-financing",
                "ACME LTD",
                PrivateCompany,
                None,
                "Loan Interest",
            ),
            (
                "",
                "ACME LTD",
                PrivateCompany,
                None,
                "Building Repairs & Maintenance",
            ),
            // Capital spend stays influenceable unless a study enables the capital rule.
            ("", "ACME LTD", PrivateCompany, None, "Capital Works"),
        ]
    }

    fn run(rules: &Rules) -> Rows {
        let cases = cases();
        let n = cases.len();
        let df = DataFrame::new(
            n,
            vec![
                Column::new(
                    "amount_pence".into(),
                    (0..n as i64).map(|i| 100 + i).collect::<Vec<_>>(),
                ),
                Column::new("duplicate_of".into(), vec![None::<&str>; n]),
                Column::new(
                    "expense_type".into(),
                    cases.iter().map(|c| c.4).collect::<Vec<_>>(),
                ),
                Column::new("capital_revenue".into(), vec!["Capital"; n]),
            ],
        )
        .unwrap();
        let suppliers: Vec<SupplierInput> = cases
            .iter()
            .map(|c| SupplierInput {
                display_name: c.1.into(),
                set_aside_reason: c.3.map(String::from),
                ..Default::default()
            })
            .collect();
        let classified: Vec<Classified> = cases
            .iter()
            .map(|c| Classified {
                ownership_form: c.2,
                ..Default::default()
            })
            .collect();
        let rows = (0..n as u32).map(Some).collect();
        classify_rows(&df, rows, &suppliers, &classified, rules).unwrap()
    }

    #[test]
    fn each_default_rule_excludes_its_own_case_and_names_itself() {
        let rules = Rules::load(&test_analysis()).unwrap();
        let out = run(&rules);
        let got: Vec<&str> = out
            .rule
            .iter()
            .map(|r| r.map_or("", |r| out.rule_ids[r as usize].as_str()))
            .collect();
        let want: Vec<&str> = cases().iter().map(|c| c.0).collect();
        assert_eq!(got, want);
        // Every enabled default rule has a case here.
        for r in &rules.influence {
            assert!(
                want.contains(&r.id.as_str()),
                "rule {} has no test case",
                r.id
            );
        }
        // Each rule's total is the pence of its rows.
        for (i, id) in want.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
            let e = out.exclusions.iter().find(|e| e.rule == *id).unwrap();
            assert_eq!((e.transactions, e.pence), (1, 100 + i as i64), "{id}");
        }
    }

    #[test]
    fn the_capital_rule_applies_when_a_study_enables_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rules.toml");
        let text = crate::classify::rules::DEFAULT_INFLUENCEABLE
            .replace("enabled = false", "enabled = true");
        std::fs::write(&p, text).unwrap();
        let mut a = test_analysis();
        a.files.influenceable = Some(p);
        let out = run(&Rules::load(&a).unwrap());
        let last = out.rule.last().unwrap().unwrap();
        assert_eq!(out.rule_ids[last as usize], "capital");
        assert!(
            out.rule[15].is_some(),
            "ordinary spend coded capital is excluded too"
        );
    }

    #[test]
    fn a_rule_without_a_test_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rules.toml");
        std::fs::write(&p, "[[rule]]\nid = \"all\"\ndescription = \"oops\"\n").unwrap();
        let e = crate::classify::rules::load_influence(Some(&p))
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"all\"") && e.contains("no test"), "{e}");
    }
}
