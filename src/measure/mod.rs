//! The measure stage: the progressive procurement baseline. For each anchor and the
//! partnership (`ALL`), and each financial year (undated money as its own period): total
//! and influenceable spend, shares by band, deprivation, size, ownership and market,
//! supplier counts and concentration, the top suppliers — and the change since before.

pub mod aggregate;
pub mod compare;
pub mod figure;
mod pass;
mod payments;
mod stage;
mod suppliers;
#[cfg(test)]
mod tests;
mod write;
pub mod years;

pub use stage::{run, summary};

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::classify::rule_files::SIZE_BANDS;
use crate::config::analysis::UNKNOWN;
use crate::reference::registers::org::OwnershipForm;
use aggregate::{Acc, Sums, UNDATED};
use years::YearRow;

/// One metric: a row of metrics.csv / metrics.parquet (long format).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct MetricRow {
    /// An anchor id, or `ALL` for the partnership.
    pub anchor_id: String,
    /// Financial year (`2024/25`), or `undated`.
    pub year: String,
    /// `total_spend`, `influenceable_spend`, `band:<band>`, `deprived`,
    /// `deprived_unknown`, `size:<band>`, `sme`, `ownership:<form>`, `social_economy`,
    /// `market:<market>`, `suppliers`, `top10_share`, `hhi`.
    pub metric: String,
    /// `gbp` (value in pounds), `share` (0–1, numerator ÷ denominator), `count`, or
    /// `index` (HHI, 0–10,000).
    pub unit: Cow<'static, str>,
    pub value: f64,
    pub numerator_pence: Option<i64>,
    pub denominator_pence: Option<i64>,
    /// The share of influenceable spend the figure rests on, 0–1: placed (for bands),
    /// in a ranked area (deprivation), sized (size bands), of known ownership (forms).
    /// Empty for money, counts and the unknown parts themselves (`band:Unknown`,
    /// `deprived_unknown`, `size:unknown`, `ownership:unknown`).
    #[serde(default)]
    pub coverage: Option<f64>,
    /// `known`, `provisional` (coverage under the study's `coverage_threshold`) or
    /// `not_known` (coverage 0: the share is unknown, not zero).
    #[serde(default)]
    pub standing: figure::Standing,
}

/// A row of top_suppliers.csv.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TopSupplierRow {
    pub anchor_id: String,
    pub year: String,
    pub rank: u32,
    pub supplier_id: String,
    pub display_name: String,
    pub influenceable_pence: i64,
    pub share: f64,
    pub band: String,
    pub deprived: Option<bool>,
    pub size_band: String,
    pub ownership_form: String,
    /// The market of most of its influenceable spend here.
    pub market: String,
    pub place_source: String,
}

/// A row of by_market.csv: influenceable spend in one market.
#[derive(Debug, Clone, Serialize, Default)]
pub struct MarketRow {
    pub anchor_id: String,
    pub year: String,
    pub market: String,
    pub influenceable_pence: i64,
    pub share_of_influenceable: f64,
    /// With suppliers in the scope's innermost band.
    pub local_pence: i64,
    pub sme_pence: i64,
    pub social_economy_pence: i64,
    pub cooperative_pence: i64,
    pub transactions: u64,
    pub suppliers: u64,
    /// Anchors buying in this market (1 for an anchor's own rows).
    pub anchors: u64,
}

/// What the top-suppliers table shows of each supplier.
#[derive(Debug, Clone, Default)]
pub struct SupplierInfo {
    pub display_name: String,
    pub size_band: String,
    pub ownership_form: String,
    pub place_source: String,
}

fn share(n: i64, d: i64) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

fn pounds(p: i64) -> f64 {
    p as f64 / 100.0
}

/// Scopes in output order: the study's anchors, any others, then `ALL`; years ascending
/// with `undated` last.
pub fn ordered_keys(sums: &Sums, anchors: &[String]) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = sums.keys().cloned().collect();
    let rank = |a: &str| {
        if a == "ALL" {
            (2, 0, a.to_string())
        } else {
            match anchors.iter().position(|x| x == a) {
                Some(p) => (0, p, String::new()),
                None => (1, 0, a.to_string()),
            }
        }
    };
    keys.sort_by(|x, y| {
        rank(&x.0)
            .cmp(&rank(&y.0))
            .then((x.1 == UNDATED).cmp(&(y.1 == UNDATED)))
            .then(x.1.cmp(&y.1))
    });
    keys
}

/// What a scope-year's shares rest on: the influenceable spend placed, in a ranked
/// area, sized and of known ownership.
struct Known {
    placed: i64,
    deprivation: i64,
    size: i64,
    ownership: i64,
}

impl Known {
    fn of(acc: &Acc) -> Self {
        let inf = acc.influenceable;
        Known {
            placed: inf - acc.band.get(UNKNOWN).copied().unwrap_or(0),
            deprivation: acc.deprived_known,
            size: inf - acc.size[SIZE_BANDS.len() - 1],
            ownership: inf - acc.ownership[OwnershipForm::ALL.len() - 1],
        }
    }
}

/// The metrics of one scope and year. `ladder` is the scope's bands in order.
pub fn metrics(
    anchor: &str,
    year: &str,
    acc: &Acc,
    ladder: &[String],
    threshold: f64,
) -> Vec<MetricRow> {
    let row =
        |metric: String, unit: &'static str, value, n: Option<i64>, d: Option<i64>| MetricRow {
            anchor_id: anchor.to_string(),
            year: year.to_string(),
            metric,
            unit: Cow::Borrowed(unit),
            value,
            numerator_pence: n,
            denominator_pence: d,
            coverage: None,
            standing: figure::Standing::Known,
        };
    let inf = acc.influenceable;
    let known = Known::of(acc);
    // A share of influenceable spend, resting on `on` of it (`None`: an unknown part).
    let part = |metric: String, n: i64, on: Option<i64>| {
        let coverage = on.filter(|_| inf != 0).map(|k| share(k, inf));
        MetricRow {
            coverage,
            standing: figure::Standing::of(coverage, threshold),
            ..row(metric, "share", share(n, inf), Some(n), Some(inf))
        }
    };
    let mut out = vec![
        row(
            "total_spend".into(),
            "gbp",
            pounds(acc.total),
            Some(acc.total),
            None,
        ),
        row(
            "influenceable_spend".into(),
            "gbp",
            pounds(inf),
            Some(inf),
            Some(acc.total),
        ),
    ];
    let placed = |b: &str| (b != UNKNOWN).then_some(known.placed);
    for b in ladder {
        let n = acc.band.get(b).copied().unwrap_or(0);
        out.push(part(format!("band:{b}"), n, placed(b)));
    }
    // Bands off the ladder cannot occur (classify writes each anchor's ladder), but a
    // table from elsewhere could hold them: report rather than drop them.
    for (b, p) in &acc.band {
        if !ladder.contains(b) {
            out.push(part(format!("band:{b}"), *p, placed(b)));
        }
    }
    out.push(part(
        "deprived".into(),
        acc.deprived,
        Some(known.deprivation),
    ));
    out.push(part(
        "deprived_unknown".into(),
        inf - acc.deprived_known,
        None,
    ));
    let unknown_size = SIZE_BANDS.len() - 1;
    for (i, b) in SIZE_BANDS.iter().enumerate() {
        let on = (i != unknown_size).then_some(known.size);
        out.push(part(format!("size:{b}"), acc.size[i], on));
    }
    out.push(part(
        "sme".into(),
        acc.size[..3].iter().sum(),
        Some(known.size),
    ));
    let mut social = 0;
    for (i, f) in OwnershipForm::ALL.iter().enumerate() {
        let on = (*f != OwnershipForm::Unknown).then_some(known.ownership);
        out.push(part(
            format!("ownership:{}", f.as_str()),
            acc.ownership[i],
            on,
        ));
        if f.is_social_economy() {
            social += acc.ownership[i];
        }
    }
    out.push(part("social_economy".into(), social, Some(known.ownership)));
    for (m, x) in &acc.market {
        out.push(part(format!("market:{m}"), x.pence, None));
    }
    let positive: i64 = acc.ranked.iter().sum();
    out.push(row(
        "suppliers".into(),
        "count",
        acc.suppliers as f64,
        None,
        None,
    ));
    let top10: i64 = acc.ranked.iter().take(10).sum();
    out.push(row(
        "top10_share".into(),
        "share",
        share(top10, positive),
        Some(top10),
        Some(positive),
    ));
    let hhi: f64 = (acc.ranked.iter())
        .map(|p| (100.0 * share(*p, positive)).powi(2))
        .sum();
    out.push(row("hhi".into(), "index", hhi, None, None));
    out
}

/// The top suppliers of one scope and year.
pub fn top_suppliers(
    anchor: &str,
    year: &str,
    acc: &Acc,
    info: &HashMap<String, SupplierInfo>,
) -> Vec<TopSupplierRow> {
    let positive: i64 = acc.ranked.iter().sum();
    (acc.top.iter().enumerate())
        .map(|(i, x)| {
            let s = info.get(&x.supplier_id).cloned().unwrap_or_default();
            TopSupplierRow {
                anchor_id: anchor.to_string(),
                year: year.to_string(),
                rank: i as u32 + 1,
                supplier_id: x.supplier_id.clone(),
                display_name: s.display_name,
                influenceable_pence: x.pence,
                share: share(x.pence, positive),
                band: x.band.clone(),
                deprived: x.deprived,
                size_band: s.size_band,
                ownership_form: s.ownership_form,
                market: x.market.clone(),
                place_source: s.place_source,
            }
        })
        .collect()
}

/// The markets of one scope and year, largest first.
pub fn by_market(anchor: &str, year: &str, acc: &Acc) -> Vec<MarketRow> {
    let mut rows: Vec<MarketRow> = acc
        .market
        .iter()
        .map(|(m, x)| MarketRow {
            anchor_id: anchor.to_string(),
            year: year.to_string(),
            market: m.clone(),
            influenceable_pence: x.pence,
            share_of_influenceable: share(x.pence, acc.influenceable),
            local_pence: x.local,
            sme_pence: x.sme,
            social_economy_pence: x.social_economy,
            cooperative_pence: x.cooperative,
            transactions: x.transactions,
            suppliers: x.suppliers,
            anchors: x.anchors,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.influenceable_pence
            .cmp(&a.influenceable_pence)
            .then_with(|| a.market.cmp(&b.market))
    });
    rows
}

/// The settings the figures were measured with (`measure.json`), so that a report made
/// later from the run folder says what "provisional" meant.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Settings {
    /// Shares resting on less than this share of influenceable spend are provisional.
    pub coverage_threshold: f64,
    /// The first month of the financial year.
    pub year_start_month: u32,
}

/// Everything the stage writes.
pub struct Baseline {
    pub metrics: Vec<MetricRow>,
    pub top_suppliers: Vec<TopSupplierRow>,
    pub by_market: Vec<MarketRow>,
    /// Which years are complete, partial or strays.
    pub years: Vec<YearRow>,
}

/// Measures the sums. `ladders` gives each anchor's bands; `ALL` uses `partnership`.
pub fn baseline(
    sums: &Sums,
    anchors: &[String],
    ladders: &HashMap<String, Vec<String>>,
    partnership: &[String],
    info: &HashMap<String, SupplierInfo>,
    start_month: u32,
    threshold: f64,
) -> Baseline {
    let mut b = Baseline {
        metrics: Vec::new(),
        top_suppliers: Vec::new(),
        by_market: Vec::new(),
        years: Vec::new(),
    };
    for key in ordered_keys(sums, anchors) {
        let acc = &sums[&key];
        let (a, y) = (&key.0, &key.1);
        let ladder = ladders.get(a).map(Vec::as_slice).unwrap_or(partnership);
        b.metrics.extend(metrics(a, y, acc, ladder, threshold));
        b.top_suppliers.extend(top_suppliers(a, y, acc, info));
        b.by_market.extend(by_market(a, y, acc));
    }
    let order = ordered_keys(sums, anchors);
    let mut years = years::years(sums, start_month);
    years.sort_by_key(|r| {
        order
            .iter()
            .position(|k| k.0 == r.anchor_id && k.1 == r.year)
    });
    b.years = years;
    b
}
