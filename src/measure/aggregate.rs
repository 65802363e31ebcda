//! One pass over the classified transactions, summing pence by anchor (and the whole
//! partnership), financial year and each classification — exact integer sums, in a fixed
//! order, whatever the thread count.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rayon::prelude::*;

pub use super::pass::MarketAcc;
use super::pass::{Partial, Rows, ScopeSums};
use super::suppliers::{Paid, SupplierSums, first_of_top, rank, supplier_sums};
use crate::classify::rule_files::SIZE_BANDS;
use crate::kernels::codes::Codes;
use crate::kernels::days::ByDay;
use crate::kernels::runs;
use crate::reference::registers::org::OwnershipForm;

/// The financial year a date falls in, by the calendar year it starts in.
pub fn fiscal_year(date: NaiveDate, start_month: u32) -> i32 {
    if date.month() >= start_month {
        date.year()
    } else {
        date.year() - 1
    }
}

/// `2024/25` for a year starting in April 2024; `2024` when years start in January.
pub fn fiscal_label(y: i32, start_month: u32) -> String {
    if start_month == 1 {
        y.to_string()
    } else {
        format!("{y}/{:02}", (y + 1).rem_euclid(100))
    }
}

/// The label of the financial year a date falls in.
pub fn year_label(date: NaiveDate, start_month: u32) -> String {
    fiscal_label(fiscal_year(date, start_month), start_month)
}

pub const UNDATED: &str = "undated";

/// Sums for one anchor (or the partnership) and one year.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Acc {
    pub total: i64,
    pub influenceable: i64,
    /// Payments (rows) of any kind.
    pub payments: u64,
    /// Calendar months (bit 0 = January) with any payment.
    pub months: u16,
    /// By band name.
    pub band: BTreeMap<String, i64>,
    pub deprived: i64,
    /// Influenceable spend whose deprivation is known.
    pub deprived_known: i64,
    pub size: [i64; 5],
    pub ownership: [i64; 12],
    pub market: BTreeMap<String, MarketAcc>,
    /// Suppliers paid any influenceable spend.
    pub suppliers: u64,
    /// The influenceable pence of each supplier with a positive total, largest first
    /// (ties by supplier id): the basis of concentration.
    pub ranked: Vec<i64>,
    /// The first suppliers of `ranked` (as many as the top-suppliers table shows).
    pub top: Vec<SupplierAcc>,
}

/// One supplier's influenceable spend, with its band and deprivation as the scope sees
/// them (on its first influenceable row there) and the market of most of its spend.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SupplierAcc {
    pub supplier_id: String,
    pub pence: i64,
    pub band: String,
    pub deprived: Option<bool>,
    pub market: String,
}

/// The sums, keyed by (scope, year); scope is an anchor id or `ALL`.
pub type Sums = BTreeMap<(String, String), Acc>;

fn size_index(s: &str) -> usize {
    SIZE_BANDS.iter().position(|b| *b == s).unwrap_or(4)
}

fn form_index(s: &str) -> usize {
    OwnershipForm::ALL
        .iter()
        .position(|f| f.as_str() == s)
        .unwrap_or(11)
}

/// The columns measured, coded in this order.
const CODED: [&str; 8] = [
    "anchor_id",
    "band",
    "partnership_band",
    "size_band",
    "ownership_form",
    "market",
    "supplier_id",
    "exclusion_rule",
];

/// Sums the table. `local[anchor]` is the anchor's innermost band name; `partnership_local`
/// the partnership's. The top `top_n` suppliers of each scope and year are described.
pub fn sum(
    df: &DataFrame,
    start_month: u32,
    local: &HashMap<String, String>,
    partnership_local: &str,
    top_n: usize,
) -> anyhow::Result<Sums> {
    let pieces = runs::pieces(df.height());
    sum_in(df, start_month, local, partnership_local, top_n, pieces)
}

/// [`sum`] with the rows split into `pieces` runs.
pub(super) fn sum_in(
    df: &DataFrame,
    start_month: u32,
    local: &HashMap<String, String>,
    partnership_local: &str,
    top_n: usize,
    pieces: usize,
) -> anyhow::Result<Sums> {
    let coded: Vec<Codes> = CODED
        .par_iter()
        .map(|c| Codes::of(df, c))
        .collect::<anyhow::Result<_>>()?;
    let [anchor, band, pband, size, form, market, supplier, rule] = &coded[..] else {
        unreachable!("one code table per coded column")
    };
    let days = &df.column("date")?.date()?.phys;
    let (year, month, year_names) = years(days, start_month);
    let anchor_local: Vec<Option<u32>> = anchor
        .values
        .iter()
        .map(|a| local.get(a).and_then(|l| position(&band.values, l)))
        .collect();
    let duplicate = position(&rule.values, crate::classify::DUPLICATE_RULE);
    let size_of: Vec<usize> = size.values.iter().map(|s| size_index(s)).collect();
    let form_of: Vec<usize> = form.values.iter().map(|s| form_index(s)).collect();
    let rows = Rows {
        anchor: &anchor.codes,
        band: &band.codes,
        pband: &pband.codes,
        size: &size.codes,
        form: &form.codes,
        market: &market.codes,
        supplier: &supplier.codes,
        year: &year,
        month: &month,
        rule: &rule.codes,
        duplicate,
        amount: df.column("amount_pence")?.i64()?,
        influenceable: df.column("influenceable")?.bool()?,
        deprived: df.column("deprived")?.bool()?,
        size_of: &size_of,
        form_of: &form_of,
        anchor_local: &anchor_local,
        pband_local: position(&pband.values, partnership_local),
        anchors: anchor.values.len(),
        years: year_names.len(),
        suppliers: supplier.values.len(),
        bands: band.values.len().max(pband.values.len()),
        markets: market.values.len(),
    };
    let runs = runs::runs(df.height(), pieces);
    let sum = |start, len| Partial::sum(&rows, start, len);
    let all = runs::sum_runs(&runs, sum, Partial::merge).unwrap_or_else(|| Partial::new(&rows));
    let suppliers = supplier_sums(&rows, all.cells.into_sorted(), &market.values);
    let ranked = rank(&suppliers.by_scope, &supplier.values);
    let first = first_of_top(&rows, &ranked, top_n, &runs);
    let names = Names {
        anchor: &anchor.values,
        band: &band.values,
        pband: &pband.values,
        market: &market.values,
        supplier: &supplier.values,
        year: &year_names,
    };
    Ok(assemble(
        &rows, all.scopes, &suppliers, ranked, &first, &names, top_n,
    ))
}

fn position(values: &[String], v: &str) -> Option<u32> {
    values.iter().position(|x| x == v).map(|p| p as u32)
}

/// Each row's year as an index into the years' labels, which are in order with
/// `undated` last, and its calendar month (0–11; 12 when undated).
fn years(days: &Int32Chunked, start_month: u32) -> (Vec<u32>, Vec<u8>, Vec<String>) {
    let of = ByDay::new(days.min(), days.max(), |d| fiscal_year(d, start_month));
    let month_of = ByDay::new(days.min(), days.max(), |d| d.month0() as i32);
    let chunks: Vec<_> = days.downcast_iter().collect();
    let seen: Vec<BTreeSet<i32>> = (chunks.par_iter())
        .map(|arr| {
            let (mut set, mut last) = (BTreeSet::new(), None);
            for d in arr.iter().flatten() {
                let y = of.get(*d);
                if last != Some(y) {
                    set.insert(y);
                    last = Some(y);
                }
            }
            set
        })
        .collect();
    let fiscal: Vec<i32> = seen
        .into_iter()
        .flatten()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let undated = fiscal.len() as u32;
    let index = |d: Option<&i32>| match d {
        Some(d) => fiscal.binary_search(&of.get(*d)).expect("a year seen") as u32,
        None => undated,
    };
    let codes = (chunks.par_iter())
        .map(|arr| arr.iter().map(index).collect::<Vec<u32>>())
        .collect::<Vec<_>>()
        .concat();
    let months = (chunks.par_iter())
        .map(|arr| {
            (arr.iter())
                .map(|d| d.map_or(12, |d| month_of.get(*d) as u8))
                .collect::<Vec<u8>>()
        })
        .collect::<Vec<_>>()
        .concat();
    let mut labels: Vec<String> = (fiscal.iter())
        .map(|y| fiscal_label(*y, start_month))
        .collect();
    if days.null_count() > 0 {
        labels.push(UNDATED.to_string());
    }
    (codes, months, labels)
}

/// What the codes of the pass stand for.
struct Names<'a> {
    anchor: &'a [String],
    band: &'a [String],
    pband: &'a [String],
    market: &'a [String],
    supplier: &'a [String],
    year: &'a [String],
}

/// The sums by scope and year, with their codes turned into names.
fn assemble(
    r: &Rows,
    scopes: Vec<ScopeSums>,
    suppliers: &SupplierSums,
    ranked: Vec<Vec<Paid>>,
    first: &[Vec<Option<usize>>],
    names: &Names,
    top_n: usize,
) -> Sums {
    let all = r.anchors;
    // The partnership's buyers in each market: the anchors buying there that year.
    let mut buying = vec![0u64; r.years * r.markets];
    for (sy, c) in scopes.iter().enumerate().take(all * r.years) {
        let year = sy % r.years;
        for (m, x) in c.market.iter().enumerate() {
            buying[year * r.markets + m] += u64::from(x.transactions > 0);
        }
    }
    let mut out = Sums::new();
    for (sy, (c, ranked)) in scopes.into_iter().zip(ranked).enumerate() {
        if c.rows == 0 {
            continue;
        }
        let (scope, year) = (sy / r.years, sy % r.years);
        let (bands, band_of) = if scope == all {
            (names.pband, r.pband)
        } else {
            (names.band, r.band)
        };
        let market = (c.market.into_iter().enumerate())
            .filter(|(_, x)| x.transactions > 0)
            .map(|(m, mut x)| {
                x.suppliers = suppliers.market_suppliers[sy * r.markets + m];
                x.anchors = if scope == all {
                    buying[year * r.markets + m]
                } else {
                    1
                };
                (names.market[m].clone(), x)
            })
            .collect();
        let top = (ranked.iter().take(top_n).zip(&first[sy]))
            .map(|(&(s, pence, m), row)| SupplierAcc {
                supplier_id: names.supplier[s as usize].clone(),
                pence,
                band: row.map_or_else(String::new, |i| bands[band_of[i] as usize].clone()),
                deprived: row.and_then(|i| r.deprived.get(i)),
                market: names.market[m as usize].clone(),
            })
            .collect();
        let acc = Acc {
            total: c.total,
            influenceable: c.influenceable,
            payments: c.rows,
            months: c.months,
            band: (0..r.bands)
                .filter(|b| c.band_rows[*b] > 0)
                .map(|b| (bands[b].clone(), c.band[b]))
                .collect(),
            deprived: c.deprived,
            deprived_known: c.deprived_known,
            size: c.size,
            ownership: c.ownership,
            market,
            suppliers: suppliers.by_scope[sy].len() as u64,
            ranked: ranked.iter().map(|p| p.1).collect(),
            top,
        };
        let scope = if scope == all {
            "ALL".to_string()
        } else {
            names.anchor[scope].clone()
        };
        out.insert((scope, names.year[year].clone()), acc);
    }
    out
}
