//! One pass over the influenceable transactions: what the anchors buy in each market —
//! how much, how many anchors and suppliers, how regularly, in what payment sizes — and,
//! for each area, how much of it leaves the area and how much stays with local democratic
//! suppliers. Exact integer sums, in a fixed order, whatever the thread count.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use crate::measure::aggregate::{Codes, UNDATED, year_label};
use crate::reference::registers::org::OwnershipForm;
use crate::tables::{str_col, str_lists};

/// What the gap stage needs of one supplier (a row of the classified suppliers.parquet).
#[derive(Debug, Clone, Default)]
pub struct SupplierFacts {
    pub supplier_id: String,
    pub display_name: String,
    /// Individuals and redacted payees: counted, never named.
    pub person: bool,
    /// Bit `i` set when declared band `i` holds the supplier's place.
    pub mask: u64,
    /// Placed somewhere (a band, Rest of UK or Outside UK), not Unknown.
    pub placed: bool,
    pub band: String,
    pub postcode: String,
    pub lad_name: String,
    pub size_band: String,
    pub ownership_form: String,
    /// Social-economy ownership (co-operative, CBS, CIC, charity, employee-owned, …).
    pub democratic: bool,
    /// `register:id` of every register record of the supplier.
    pub linked_ids: Vec<String>,
}

/// Reads the classified supplier master; `bands` are the study's declared band names.
pub fn read_suppliers(df: &DataFrame, bands: &[String]) -> anyhow::Result<Vec<SupplierFacts>> {
    let need = |name: &str| {
        str_col(df, name)?.ok_or_else(|| {
            anyhow::anyhow!("suppliers.parquet has no {name} column: run `spendgap classify` first")
        })
    };
    let (id, name, band, size, form) = (
        need("supplier_id")?,
        need("display_name")?,
        need("band")?,
        need("size_band")?,
        need("ownership_form")?,
    );
    let aside = str_col(df, "set_aside_reason")?;
    let postcode = str_col(df, "postcode")?;
    let lad_name = str_col(df, "lad_name")?;
    let opt = |c: Option<&StringChunked>, i| c.and_then(|c| c.get(i)).unwrap_or("").to_string();
    if df.column("bands").is_err() {
        anyhow::bail!("suppliers.parquet has no bands column: run `spendgap classify` first");
    }
    let held = str_lists(df, "bands")?;
    let linked = str_lists(df, "linked_ids")?;
    let get = |c: &StringChunked, i| c.get(i).unwrap_or("").to_string();
    Ok((0..df.height())
        .map(|i| {
            let band = get(band, i);
            let form = get(form, i);
            let mask = held.get(i).map_or(0, |names| {
                names.iter().fold(0u64, |m, n| {
                    bands
                        .iter()
                        .position(|b| b == n)
                        .map_or(m, |p| m | (1 << p))
                })
            });
            let person = matches!(
                aside.and_then(|a| a.get(i)),
                Some("individual" | "redacted")
            );
            SupplierFacts {
                supplier_id: get(id, i),
                display_name: get(name, i),
                person,
                mask,
                placed: band != crate::config::analysis::UNKNOWN,
                democratic: crate::config::rulefile::word::<OwnershipForm>(&form)
                    .is_ok_and(OwnershipForm::is_social_economy),
                band,
                postcode: opt(postcode, i),
                lad_name: opt(lad_name, i),
                size_band: get(size, i),
                ownership_form: form,
                linked_ids: linked.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect())
}

/// Sums for one market in one area.
#[derive(Debug, Clone, Default)]
pub struct AreaSums {
    /// With suppliers placed outside the area.
    pub leakage: i64,
    /// Of which with large firms.
    pub large_nonlocal: i64,
    /// With suppliers inside the area, and of which with democratic ones.
    pub local: i64,
    pub local_democratic: i64,
    /// With suppliers that could not be placed (and unnamed payees).
    pub unplaced: i64,
    /// Anchors (by index) buying the market from outside the area.
    pub anchors_leaking: BTreeSet<usize>,
    /// Local democratic suppliers paid in the market (indices into the supplier facts).
    pub local_democratic_suppliers: BTreeSet<u32>,
}

/// What the anchors buy in one market.
#[derive(Debug, Clone, Default)]
pub struct MarketDemand {
    pub market: String,
    pub influenceable: i64,
    /// By anchor index.
    pub by_anchor: Vec<i64>,
    /// Indices into the supplier facts.
    pub suppliers: BTreeSet<u32>,
    /// Months (year × 12 + month − 1) with dated spend.
    pub months: BTreeSet<i32>,
    pub years: BTreeSet<String>,
    pub undated: i64,
    pub undated_rows: usize,
    /// Positive payments, sorted, for typical sizes and divisibility.
    pub payments: Vec<i64>,
    /// One per area, in the study's area order.
    pub areas: Vec<AreaSums>,
}

/// The whole pass.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    /// Sorted by market name.
    pub markets: Vec<MarketDemand>,
    /// Months from the first to the last dated payment of the table, inclusive.
    pub period_months: u32,
    pub last_date: Option<NaiveDate>,
    /// Influenceable pence by (supplier index, index in `markets`).
    pub supplier_market: HashMap<(u32, u32), i64>,
    /// Anchors (by index) buying from each supplier, and its influenceable pence.
    pub supplier_anchors: Vec<(BTreeSet<usize>, i64)>,
}

fn month_of(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// Sums the classified transactions (`anchor_id, date, amount_pence, supplier_id,
/// influenceable, market`). `areas` are band indices; `anchors` the study's anchor ids.
pub fn sum(
    df: &DataFrame,
    suppliers: &[SupplierFacts],
    anchors: &[String],
    areas: &[usize],
    year_start_month: u32,
) -> anyhow::Result<Demand> {
    let market = Codes::of(df, "market")?;
    let anchor = Codes::of(df, "anchor_id")?;
    let supplier = Codes::of(df, "supplier_id")?;
    let amount = df.column("amount_pence")?.i64()?;
    let influenceable = df.column("influenceable")?.bool()?;
    let dates = df.column("date")?.date()?;
    let by_id: HashMap<&str, u32> = suppliers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.supplier_id.as_str(), i as u32))
        .collect();
    let supplier_of: Vec<Option<u32>> = supplier
        .values
        .iter()
        .map(|v| by_id.get(v.as_str()).copied())
        .collect();
    let anchor_of: Vec<usize> = anchor
        .values
        .iter()
        .map(|v| anchors.iter().position(|a| a == v).unwrap_or(usize::MAX))
        .collect();
    let mut markets: Vec<MarketDemand> = market
        .values
        .iter()
        .map(|m| MarketDemand {
            market: m.clone(),
            by_anchor: vec![0; anchors.len()],
            areas: vec![AreaSums::default(); areas.len()],
            ..Default::default()
        })
        .collect();
    // Supplier × market sums, dense while that fits in 32M cells (256 MB), else hashed.
    let n_markets = markets.len();
    let cells = suppliers.len() * n_markets;
    let dense = cells <= 1 << 25;
    let mut by_cell = if dense { vec![0i64; cells] } else { Vec::new() };
    let mut touched = if dense {
        vec![false; cells]
    } else {
        Vec::new()
    };
    let mut supplier_market: HashMap<(u32, u32), i64> = HashMap::new();
    let mut supplier_pence = vec![0i64; suppliers.len()];
    // Sets updated on every row are kept as bits (one word per 64 anchors or months) and
    // turned into sets once, after the pass.
    let words = anchors.len().div_ceil(64).max(1);
    let mut supplier_anchor_bits = vec![0u64; suppliers.len() * words];
    let mut leaking_bits = vec![0u64; markets.len() * areas.len() * words];
    const FIRST_MONTH: i32 = 1900 * 12;
    const MONTH_WORDS: usize = 200 * 12 / 64 + 1;
    let mut month_bits = vec![0u64; markets.len() * MONTH_WORDS];
    let set_bit = |bits: &mut [u64], base: usize, i: usize| bits[base + i / 64] |= 1 << (i % 64);
    let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    for i in 0..df.height() {
        let date = dates
            .phys
            .get(i)
            .map(|d| epoch + chrono::Days::new(d as u64));
        if let Some(d) = date {
            first = Some(first.map_or(d, |f| f.min(d)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
        if influenceable.get(i) != Some(true) {
            continue;
        }
        let Some(pence) = amount.get(i) else {
            continue;
        };
        let m = market.codes[i];
        let md = &mut markets[m as usize];
        md.influenceable += pence;
        let a = anchor_of[anchor.codes[i] as usize];
        if let Some(x) = md.by_anchor.get_mut(a) {
            *x += pence;
        }
        match date {
            Some(d) => {
                let at = month_of(d) - FIRST_MONTH;
                if (0..(MONTH_WORDS * 64) as i32).contains(&at) {
                    set_bit(&mut month_bits, m as usize * MONTH_WORDS, at as usize);
                } else {
                    md.months.insert(month_of(d));
                }
            }
            None => {
                md.undated += pence;
                md.undated_rows += 1;
            }
        }
        if pence > 0 {
            md.payments.push(pence);
        }
        let s = supplier_of[supplier.codes[i] as usize];
        if let Some(s) = s {
            if dense {
                let cell = s as usize * n_markets + m as usize;
                by_cell[cell] += pence;
                touched[cell] = true;
            } else {
                *supplier_market.entry((s, m)).or_default() += pence;
            }
            supplier_pence[s as usize] += pence;
            if a != usize::MAX {
                set_bit(&mut supplier_anchor_bits, s as usize * words, a);
            }
        }
        let facts = s.map(|s| &suppliers[s as usize]);
        for (k, &band) in areas.iter().enumerate() {
            let sums = &mut md.areas[k];
            match facts {
                Some(f) if f.mask & (1 << band) != 0 => {
                    sums.local += pence;
                    if f.democratic {
                        sums.local_democratic += pence;
                        sums.local_democratic_suppliers
                            .insert(s.expect("a supplier"));
                    }
                }
                Some(f) if f.placed && !f.person => {
                    sums.leakage += pence;
                    if f.size_band == "large" {
                        sums.large_nonlocal += pence;
                    }
                    if a != usize::MAX {
                        let base = (m as usize * areas.len() + k) * words;
                        set_bit(&mut leaking_bits, base, a);
                    }
                }
                _ => sums.unplaced += pence,
            }
        }
    }
    if dense {
        let n = markets.len();
        supplier_market.extend(
            touched
                .iter()
                .enumerate()
                .filter(|(_, t)| **t)
                .map(|(c, _)| (((c / n) as u32, (c % n) as u32), by_cell[c])),
        );
    }
    let bits_of = |bits: &[u64], base: usize, n: usize| -> Vec<usize> {
        (0..n * 64)
            .filter(|i| bits[base + i / 64] & (1 << (i % 64)) != 0)
            .collect()
    };
    for ((s, m), _) in supplier_market.iter() {
        markets[*m as usize].suppliers.insert(*s);
    }
    for (m, md) in markets.iter_mut().enumerate() {
        for i in bits_of(&month_bits, m * MONTH_WORDS, MONTH_WORDS) {
            md.months.insert(FIRST_MONTH + i as i32);
        }
        for (k, sums) in md.areas.iter_mut().enumerate() {
            let base = (m * areas.len() + k) * words;
            sums.anchors_leaking = bits_of(&leaking_bits, base, words).into_iter().collect();
        }
        md.payments.sort_unstable();
        for m in &md.months {
            let d = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
                .expect("a month of a real date");
            md.years.insert(year_label(d, year_start_month));
        }
        if md.undated_rows > 0 {
            md.years.insert(UNDATED.to_string());
        }
    }
    // Markets that were only ever excluded spend have no influenceable demand; the rest
    // are listed by name, and the supplier sums re-keyed to match.
    let mut order: Vec<usize> = (0..markets.len())
        .filter(|&m| !(markets[m].influenceable == 0 && markets[m].payments.is_empty()))
        .collect();
    order.sort_by(|a, b| markets[*a].market.cmp(&markets[*b].market));
    let mut position = vec![u32::MAX; markets.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new as u32;
    }
    let supplier_market = supplier_market
        .into_iter()
        .filter_map(|((s, m), p)| {
            let at = position[m as usize];
            (at != u32::MAX).then_some(((s, at), p))
        })
        .collect();
    let mut taken: Vec<Option<MarketDemand>> = markets.into_iter().map(Some).collect();
    let markets: Vec<MarketDemand> = order
        .iter()
        .map(|&m| taken[m].take().expect("each market once"))
        .collect();
    let period_months = match (first, last) {
        (Some(f), Some(l)) => (month_of(l) - month_of(f) + 1) as u32,
        _ => 0,
    };
    let supplier_anchors = supplier_pence
        .into_iter()
        .enumerate()
        .map(|(s, p)| {
            (
                bits_of(&supplier_anchor_bits, s * words, words)
                    .into_iter()
                    .collect(),
                p,
            )
        })
        .collect();
    Ok(Demand {
        markets,
        period_months,
        last_date: last,
        supplier_market,
        supplier_anchors,
    })
}

/// The payment at quantile `q` (0–1) of sorted payments, by the nearest-rank method.
pub fn quantile(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The share of the payments' pence in payments under `threshold` pence.
pub fn share_below(sorted: &[i64], threshold: i64) -> f64 {
    let total: i64 = sorted.iter().sum();
    if total <= 0 {
        return 0.0;
    }
    let cut = sorted.partition_point(|p| *p < threshold);
    sorted[..cut].iter().sum::<i64>() as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let p = [100, 200, 300, 400];
        assert_eq!(quantile(&p, 0.5), Some(200));
        assert_eq!(quantile(&p, 0.9), Some(400));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn share_below_counts_pence_not_payments() {
        // 100 + 200 of 1,300 pence are under 300.
        let s = share_below(&[100, 200, 1000], 300);
        assert!((s - 300.0 / 1300.0).abs() < 1e-12);
        assert_eq!(share_below(&[], 300), 0.0);
    }
}
