//! One pass over the influenceable transactions: what the anchors buy in each market —
//! how much, how many anchors and suppliers, how regularly, in what payment sizes — and,
//! for each area, how much of it leaves the area and how much stays with local democratic
//! suppliers. Exact integer sums, in a fixed order, whatever the thread count.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

pub use super::pass::MarketDemand;
use super::pass::{
    AreaClass, FIRST_MONTH, MONTH_WORDS, MonthOfDay, NO_SUPPLIER, Partial, Rows, month_of,
};
pub use super::suppliers::{SupplierFacts, read_suppliers};
use crate::kernels::bits::bits_of;
use crate::kernels::codes::{self, Codes};
use crate::kernels::days::ByDay;
use crate::kernels::runs;
use crate::measure::aggregate::{UNDATED, year_label};
use crate::read::values::date::epoch_date;

/// Influenceable pence by supplier and market: each supplier's (market, pence) cells,
/// by market, for every market it was paid in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupplierMarkets {
    /// Where each supplier's cells start in `cells`; one more entry than suppliers.
    starts: Vec<usize>,
    cells: Vec<(u32, i64)>,
}

impl SupplierMarkets {
    /// The supplier's (market index, pence) cells.
    pub fn of(&self, supplier: u32) -> &[(u32, i64)] {
        let s = supplier as usize;
        match (self.starts.get(s), self.starts.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.cells[a..b],
            _ => &[],
        }
    }

    pub fn get(&self, supplier: u32, market: u32) -> Option<i64> {
        let cells = self.of(supplier);
        cells
            .binary_search_by_key(&market, |c| c.0)
            .ok()
            .map(|i| cells[i].1)
    }
}

/// The whole pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demand {
    /// Sorted by market name.
    pub markets: Vec<MarketDemand>,
    /// Months from the first to the last dated payment of the table, inclusive.
    pub period_months: u32,
    pub last_date: Option<NaiveDate>,
    /// Influenceable pence by supplier (index into the supplier facts) and market (index
    /// into `markets`).
    pub supplier_market: SupplierMarkets,
    /// Anchors (by index) buying from each supplier, and its influenceable pence.
    pub supplier_anchors: Vec<(BTreeSet<usize>, i64)>,
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
    let pieces = runs::pieces(df.height());
    sum_in(df, suppliers, anchors, areas, year_start_month, pieces)
}

/// [`sum`] with the rows split into `pieces` runs.
pub(super) fn sum_in(
    df: &DataFrame,
    suppliers: &[SupplierFacts],
    anchors: &[String],
    areas: &[usize],
    year_start_month: u32,
    pieces: usize,
) -> anyhow::Result<Demand> {
    let by_id: PlHashMap<&str, u32> = suppliers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.supplier_id.as_str(), i as u32))
        .collect();
    let ((market, anchor), supplier) = rayon::join(
        || rayon::join(|| Codes::of(df, "market"), || Codes::of(df, "anchor_id")),
        || -> anyhow::Result<Vec<u32>> {
            let ids = codes::column(df, "supplier_id")?;
            let index = |v: &str| by_id.get(v).copied().unwrap_or(NO_SUPPLIER);
            Ok(codes::map_codes(ids, index))
        },
    );
    let (market, anchor, supplier) = (market?, anchor?, supplier?);
    let days = &df.column("date")?.date()?.phys;
    let (first, last) = (days.min(), days.max());
    let anchor_of: Vec<usize> = (anchor.values.iter())
        .map(|v| anchors.iter().position(|a| a == v).unwrap_or(usize::MAX))
        .collect();
    let class = AreaClass::of(suppliers, areas);
    let months: MonthOfDay = ByDay::new(first, last, month_of);
    let rows = Rows {
        market: &market.codes,
        anchor: &anchor.codes,
        supplier: &supplier,
        anchor_of: &anchor_of,
        amount: df.column("amount_pence")?.i64()?,
        influenceable: df.column("influenceable")?.bool()?,
        days,
        months: &months,
        class: &class,
        suppliers: suppliers.len(),
        areas: areas.len(),
        anchors: anchors.len(),
        markets: market.values.len(),
    };
    let runs = runs::runs(df.height(), pieces);
    let sum = |start, len| Partial::sum(&rows, start, len);
    let merge = |mut a: Partial, b| {
        a.merge(b);
        a
    };
    let mut all = runs::sum_runs(&runs, sum, merge).unwrap_or_else(|| Partial::new(&rows));
    let cells = all.take_cells();
    let words = rows.words();
    let mut markets = std::mem::take(&mut all.markets);
    for (m, md) in markets.iter_mut().enumerate() {
        md.market = market.values[m].clone();
        let months = bits_of(&all.month_bits, m * MONTH_WORDS, MONTH_WORDS);
        md.months.extend(months.map(|i| FIRST_MONTH + i as i32));
        for (k, sums) in md.areas.iter_mut().enumerate() {
            let base = (m * areas.len() + k) * words;
            sums.anchors_leaking = bits_of(&all.leaking_bits, base, words).collect();
        }
        for m in &md.months {
            let d = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
                .expect("a month of a real date");
            md.years.insert(year_label(d, year_start_month));
        }
        if md.undated_rows > 0 {
            md.years.insert(UNDATED.to_string());
        }
    }
    markets
        .par_iter_mut()
        .for_each(|m| m.payments.sort_unstable());
    // Markets that were only ever excluded spend have no influenceable demand; the rest
    // are listed by name, and the supplier cells re-keyed to match.
    let mut order: Vec<usize> = (0..markets.len())
        .filter(|&m| !(markets[m].influenceable == 0 && markets[m].payments.is_empty()))
        .collect();
    order.sort_by(|a, b| markets[*a].market.cmp(&markets[*b].market));
    let mut position = vec![u32::MAX; markets.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new as u32;
    }
    let (supplier_market, supplier_pence) =
        supplier_cells(cells, &position, suppliers.len(), &mut markets);
    let mut taken: Vec<Option<MarketDemand>> = markets.into_iter().map(Some).collect();
    let markets: Vec<MarketDemand> = order
        .iter()
        .map(|&m| taken[m].take().expect("each market once"))
        .collect();
    let period_months = match (first, last) {
        (Some(f), Some(l)) => (months.get(l) - months.get(f) + 1) as u32,
        _ => 0,
    };
    let supplier_anchors = (supplier_pence.into_iter().enumerate())
        .map(|(s, p)| {
            (
                bits_of(&all.supplier_anchor_bits, s * words, words).collect(),
                p,
            )
        })
        .collect();
    Ok(Demand {
        markets,
        period_months,
        last_date: last.map(epoch_date),
        supplier_market,
        supplier_anchors,
    })
}

/// The sorted (supplier, market code, pence) cells as [`SupplierMarkets`] over the listed
/// markets (`position` of each market code, `u32::MAX` when not listed), counting each
/// market's suppliers as it goes; and each supplier's pence over all its cells.
fn supplier_cells(
    cells: Vec<(u64, u32, i64)>,
    position: &[u32],
    suppliers: usize,
    markets: &mut [MarketDemand],
) -> (SupplierMarkets, Vec<i64>) {
    let mut out = SupplierMarkets {
        starts: Vec::with_capacity(suppliers + 1),
        cells: Vec::with_capacity(cells.len()),
    };
    let mut pence = vec![0; suppliers];
    let mut at = 0;
    for (s, total) in pence.iter_mut().enumerate() {
        out.starts.push(out.cells.len());
        let from = out.cells.len();
        while at < cells.len() && cells[at].0 == s as u64 {
            let (_, m, p) = cells[at];
            *total += p;
            if position[m as usize] != u32::MAX {
                markets[m as usize].suppliers += 1;
                out.cells.push((position[m as usize], p));
            }
            at += 1;
        }
        out.cells[from..].sort_unstable_by_key(|c| c.0);
    }
    out.starts.push(out.cells.len());
    (out, pence)
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
