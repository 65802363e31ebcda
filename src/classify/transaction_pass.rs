//! Classifying transactions: each row's supplier, market (its ledger category first, then
//! its supplier's), and whether its spend is influenceable — or which rule excluded it.

use std::collections::HashMap;

use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use super::lookups::{Lookups, NONE, UNMAPPED, row_capital, row_categories};
use super::supplier::{Classified, SupplierInput};
use super::{DUPLICATE_RULE, Rules};
use crate::kernels::codes::{Codes, Interner, map_codes};
use crate::tables::str_col;

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
    /// Index into `sources`.
    pub market_source: Vec<u8>,
    pub sources: Vec<&'static str>,
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
    let Some(col) = str_col(df, "supplier_name")? else {
        return Ok(vec![names.get("").copied(); df.height()]);
    };
    let codes = map_codes(col, |name| names.get(name.trim()).copied().unwrap_or(NONE));
    Ok(codes
        .into_iter()
        .map(|c| (c != NONE).then_some(c))
        .collect())
}

/// Whether each row repeats a row of another file.
pub fn duplicates(df: &DataFrame) -> anyhow::Result<Vec<bool>> {
    Ok(match str_col(df, "duplicate_of")? {
        Some(d) => d.is_not_null().iter().map(|b| b == Some(true)).collect(),
        None => vec![false; df.height()],
    })
}

/// The commonest postcode the ledgers give each supplier (ties: the first in order).
pub fn ledger_postcodes(
    df: &DataFrame,
    suppliers: &[Option<u32>],
    dup: &[bool],
    n: usize,
) -> anyhow::Result<Vec<Option<String>>> {
    let Some(pc) = str_col(df, "postcode")? else {
        return Ok(vec![None; n]);
    };
    // Raw spellings that trim to the same postcode count as one.
    let mut trimmed = Interner::default();
    let codes = Codes::of_text(pc).map(|v| match v.trim() {
        "" => NONE,
        t => trimmed.code(t.to_string()),
    });
    let mut counts: PlHashMap<(u32, u32), u32> = PlHashMap::default();
    for ((s, &p), &d) in suppliers.iter().zip(&codes).zip(dup) {
        if let Some(s) = s
            && p != NONE
            && !d
        {
            *counts.entry((*s, p)).or_insert(0) += 1;
        }
    }
    let mut best: Vec<Option<(u32, &str)>> = vec![None; n];
    for ((s, p), c) in counts {
        let p = trimmed.values[p as usize].as_str();
        let b = &mut best[s as usize];
        if b.is_none_or(|(bc, bp)| c > bc || (c == bc && p < bp)) {
            *b = Some((c, p));
        }
    }
    Ok(best
        .into_iter()
        .map(|b| b.map(|(_, p)| p.to_string()))
        .collect())
}

/// One run of rows' verdicts and sums.
#[derive(Default)]
struct Part {
    rule: Vec<Option<u16>>,
    market: Vec<u32>,
    source: Vec<u8>,
    /// Per rule: rows and pence it excluded.
    excluded: Vec<(u64, i64)>,
    /// Per category: influenceable rows and pence the category table does not map.
    unmapped: Vec<(u64, i64)>,
    counted: i64,
    influenceable: i64,
}

/// Rows per run of the parallel pass.
const RUN: usize = 1 << 20;

impl Part {
    fn of(l: &Lookups, rules: usize, rows: RowSlice) -> Part {
        let n = rows.pence.len();
        let mut p = Part {
            rule: Vec::with_capacity(n),
            market: Vec::with_capacity(n),
            source: Vec::with_capacity(n),
            excluded: vec![(0, 0); rules],
            unmapped: vec![(0, 0); l.categories.len()],
            ..Default::default()
        };
        for i in 0..n {
            let (pence, sup, cat) = (rows.pence[i], rows.supplier[i], rows.category[i]);
            let c = l.categories.get(cat as usize);
            let rule = if rows.dup[i] {
                Some(l.dup_rule)
            } else {
                p.counted += pence;
                let s_mask = sup.map_or(l.no_supplier, |s| l.supplier_mask[s as usize]);
                let m = s_mask & c.map_or(l.no_category, |c| c.mask) & rows.capital[i];
                (m != 0).then(|| m.trailing_zeros() as u16)
            };
            match rule {
                Some(r) => {
                    let e = &mut p.excluded[r as usize];
                    e.0 += 1;
                    e.1 += pence;
                }
                None => p.influenceable += pence,
            }
            let own = |m: &[Option<(u32, u8)>]| sup.and_then(|s| m[s as usize]);
            let (market, source) = match (own(&l.override_market), c.and_then(|c| c.market)) {
                (Some(o), _) => o,
                (None, Some(m)) => (m, l.ledger),
                (None, None) => own(&l.own_market).unwrap_or(l.unmapped),
            };
            // Only spend a user could steer needs a market.
            if let Some(c) = c
                && !c.in_table
                && rule.is_none()
            {
                let u = &mut p.unmapped[cat as usize];
                u.0 += 1;
                u.1 += pence;
            }
            p.rule.push(rule);
            p.market.push(market);
            p.source.push(source);
        }
        p
    }
}

/// A run of rows' inputs.
#[derive(Clone, Copy)]
struct RowSlice<'a> {
    pence: &'a [i64],
    supplier: &'a [Option<u32>],
    dup: &'a [bool],
    /// Category codes (`NONE`: none) and capital/revenue rules masks.
    category: &'a [u32],
    capital: &'a [u64],
}

/// Classifies every row. `suppliers[i]`/`classified[i]` are supplier `i`.
/// `dup[i]` says whether row `i` repeats a row of another file.
pub fn classify_rows(
    df: &DataFrame,
    row_supplier: Vec<Option<u32>>,
    dup: &[bool],
    suppliers: &[SupplierInput],
    classified: &[Classified],
    rules: &Rules,
) -> anyhow::Result<Rows> {
    classify_runs(df, row_supplier, dup, suppliers, classified, rules, RUN)
}

/// [`classify_rows`] in runs of `run` rows.
fn classify_runs(
    df: &DataFrame,
    row_supplier: Vec<Option<u32>>,
    dup: &[bool],
    suppliers: &[SupplierInput],
    classified: &[Classified],
    rules: &Rules,
    run: usize,
) -> anyhow::Result<Rows> {
    let pence: Vec<i64> = (df.column("amount_pence")?.i64()?.iter())
        .map(|p| p.unwrap_or(0))
        .collect();
    let mut out = Rows {
        rule_ids: rules.influence.iter().map(|r| r.id.clone()).collect(),
        ..Default::default()
    };
    out.rule_ids.push(DUPLICATE_RULE.into());
    let mut texts = Interner::default();
    let category = row_categories(df, &mut texts)?;
    let capital = row_capital(df, rules)?;
    let l = Lookups::new(texts, suppliers, classified, rules);
    // Runs in parallel, joined in row order; the sums are of integers, so the same
    // whatever the thread count.
    let parts: Vec<Part> = (0..pence.len().div_ceil(run))
        .into_par_iter()
        .map(|k| {
            let r = k * run..((k + 1) * run).min(pence.len());
            let rows = RowSlice {
                pence: &pence[r.clone()],
                supplier: &row_supplier[r.clone()],
                dup: &dup[r.clone()],
                category: &category[r.clone()],
                capital: &capital[r],
            };
            Part::of(&l, out.rule_ids.len(), rows)
        })
        .collect();
    let mut excluded = vec![(0u64, 0i64); out.rule_ids.len()];
    let mut unmapped = vec![(0u64, 0i64); l.categories.len()];
    for p in parts {
        out.rule.extend(p.rule);
        out.market.extend(p.market);
        out.market_source.extend(p.source);
        for (t, (n, s)) in excluded.iter_mut().zip(p.excluded) {
            t.0 += n;
            t.1 += s;
        }
        for (t, (n, s)) in unmapped.iter_mut().zip(p.unmapped) {
            t.0 += n;
            t.1 += s;
        }
        out.counted_pence += p.counted;
        out.influenceable_pence += p.influenceable;
    }
    out.supplier = row_supplier;
    out.exclusions = (out.rule_ids.iter().zip(&excluded).enumerate())
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
    let mut u: Vec<UnmappedRow> = (unmapped.iter().zip(&l.categories).enumerate())
        .filter(|(_, ((t, _), _))| *t > 0)
        .map(|(i, ((t, p), c))| UnmappedRow {
            category: l.category_texts[i].clone(),
            transactions: *t,
            pence: *p,
            market_used: c.market.map_or_else(
                || format!("each supplier's own market, else {UNMAPPED}"),
                |m| l.markets[m as usize].clone(),
            ),
            market_source: if c.market.is_some() {
                "keyword"
            } else {
                "supplier"
            }
            .to_string(),
        })
        .collect();
    u.sort_by(|a, b| {
        b.pence
            .cmp(&a.pence)
            .then_with(|| a.category.cmp(&b.category))
    });
    out.unmapped = u;
    out.markets = l.markets;
    out.sources = l.sources;
    Ok(out)
}

#[cfg(test)]
mod tests;
