//! One pass over the classified transactions, summing pence by anchor (and the whole
//! partnership), financial year and each classification — exact integer sums, in a fixed
//! order, whatever the thread count.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use crate::classify::rules::SIZE_BANDS;
use crate::ingest::values::date::epoch_date;
use crate::reference::registers::org::OwnershipForm;
use crate::tables::codes::Codes;

/// `2024/25` for a year starting in April 2024; `2024` when years start in January.
pub fn year_label(date: NaiveDate, start_month: u32) -> String {
    let y = if date.month() >= start_month {
        date.year()
    } else {
        date.year() - 1
    };
    if start_month == 1 {
        y.to_string()
    } else {
        format!("{y}/{:02}", (y + 1).rem_euclid(100))
    }
}

pub const UNDATED: &str = "undated";

/// Sums for one anchor (or the partnership) and one year.
#[derive(Debug, Default, Clone)]
pub struct Acc {
    pub total: i64,
    pub influenceable: i64,
    /// By band name.
    pub band: BTreeMap<String, i64>,
    pub deprived: i64,
    pub size: [i64; 5],
    pub ownership: [i64; 12],
    pub market: BTreeMap<String, MarketAcc>,
    /// Influenceable spend by supplier id.
    pub supplier: BTreeMap<String, SupplierAcc>,
}

/// Influenceable spend in one market.
#[derive(Debug, Default, Clone)]
pub struct MarketAcc {
    pub pence: i64,
    pub local: i64,
    pub sme: i64,
    pub social_economy: i64,
    pub cooperative: i64,
    pub transactions: u64,
    /// Counted from the suppliers' markets once the sums are done, not row by row.
    pub suppliers: u64,
    /// Anchors buying here (for `ALL`, counted from the anchors' own sums).
    pub anchors: u64,
}

/// One supplier's influenceable spend, with its band and deprivation as the scope sees
/// them and the market of most of its spend.
#[derive(Debug, Default, Clone)]
pub struct SupplierAcc {
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

/// [`Acc`] while summing: values as column codes, turned into names at the end.
#[derive(Default)]
struct CodeAcc {
    total: i64,
    influenceable: i64,
    band: PlHashMap<u32, i64>,
    deprived: i64,
    size: [i64; 5],
    ownership: [i64; 12],
    market: PlHashMap<u32, MarketAcc>,
    supplier: PlHashMap<u32, SupplierSums>,
}

#[derive(Default)]
struct SupplierSums {
    pence: i64,
    band: u32,
    deprived: Option<bool>,
    markets: PlHashMap<u32, i64>,
}

impl SupplierSums {
    /// The market with most of the supplier's spend (ties: the first name).
    fn main_market<'a>(&self, names: &'a [String]) -> &'a str {
        self.markets
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| names[*b.0 as usize].cmp(&names[*a.0 as usize]))
            })
            .map_or("", |(m, _)| names[*m as usize].as_str())
    }
}

/// Sums the table. `local[anchor]` is the anchor's innermost band name; `partnership_local`
/// the partnership's.
pub fn sum(
    df: &DataFrame,
    start_month: u32,
    local: &HashMap<String, String>,
    partnership_local: &str,
) -> anyhow::Result<Sums> {
    let anchor = Codes::of(df, "anchor_id")?;
    let band = Codes::of(df, "band")?;
    let pband = Codes::of(df, "partnership_band")?;
    let size = Codes::of(df, "size_band")?;
    let form = Codes::of(df, "ownership_form")?;
    let market = Codes::of(df, "market")?;
    let supplier = Codes::of(df, "supplier_id")?;
    let pence = df.column("amount_pence")?.i64()?;
    let infl = df.column("influenceable")?.bool()?;
    let deprived = df.column("deprived")?.bool()?;
    let rule = Codes::of(df, "exclusion_rule")?;
    let duplicate = (rule.values.iter()).position(|r| r == crate::classify::DUPLICATE_RULE);
    let dates = df.column("date")?.date()?;
    let size_of: Vec<usize> = size.values.iter().map(|s| size_index(s)).collect();
    let form_of: Vec<usize> = form.values.iter().map(|s| form_index(s)).collect();
    // Band codes are shared by both band columns so that "local" is one comparison.
    let band_code = |name: &str| band.values.iter().position(|b| b == name).map(|p| p as u32);
    let anchor_local: Vec<Option<u32>> = anchor
        .values
        .iter()
        .map(|a| local.get(a).and_then(|l| band_code(l)))
        .collect();
    let pband_local = pband
        .values
        .iter()
        .position(|b| b == partnership_local)
        .map(|p| p as u32);
    let all = anchor.values.len() as u32;
    let mut years: PlHashMap<Option<i32>, u32> = PlHashMap::default();
    let mut year_names: Vec<String> = Vec::new();
    let mut sums: PlHashMap<(u32, u32), CodeAcc> = PlHashMap::default();
    for i in 0..df.height() {
        if duplicate == Some(rule.codes[i] as usize) {
            continue;
        }
        let d = dates.phys.get(i);
        // Days are cached; their labels interned, so that a year is one code.
        let year = *years.entry(d).or_insert_with(|| {
            let label = match d {
                Some(d) => year_label(epoch_date(d), start_month),
                None => UNDATED.to_string(),
            };
            match year_names.iter().position(|y| *y == label) {
                Some(p) => p as u32,
                None => {
                    year_names.push(label);
                    year_names.len() as u32 - 1
                }
            }
        });
        let p = pence.get(i).unwrap_or(0);
        let a = anchor.codes[i];
        let inf = infl.get(i) == Some(true);
        let dep = deprived.get(i);
        for (scope, b, local_band) in [
            (a, band.codes[i], anchor_local[a as usize]),
            (all, pband.codes[i], pband_local),
        ] {
            let acc = sums.entry((scope, year)).or_default();
            acc.total += p;
            if !inf {
                continue;
            }
            acc.influenceable += p;
            *acc.band.entry(b).or_insert(0) += p;
            if dep == Some(true) {
                acc.deprived += p;
            }
            let si = size_of[size.codes[i] as usize];
            let fi = form_of[form.codes[i] as usize];
            acc.size[si] += p;
            acc.ownership[fi] += p;
            let s = supplier.codes[i];
            let ss = acc.supplier.entry(s).or_insert_with(|| SupplierSums {
                band: b,
                deprived: dep,
                ..Default::default()
            });
            ss.pence += p;
            *ss.markets.entry(market.codes[i]).or_insert(0) += p;
            let m = acc.market.entry(market.codes[i]).or_default();
            m.pence += p;
            if Some(b) == local_band {
                m.local += p;
            }
            if si < 3 {
                m.sme += p;
            }
            let f = OwnershipForm::ALL[fi];
            if f.is_social_economy() {
                m.social_economy += p;
            }
            if f == OwnershipForm::Cooperative {
                m.cooperative += p;
            }
            m.transactions += 1;
        }
    }
    // Each market's suppliers, from the suppliers' markets; each anchor buys in its own
    // markets, and the partnership's count is the anchors that do.
    let mut buying: PlHashMap<(u32, u32), u64> = PlHashMap::default();
    for ((scope, year), c) in sums.iter_mut() {
        for s in c.supplier.values() {
            for m in s.markets.keys() {
                c.market
                    .get_mut(m)
                    .expect("summed with the supplier")
                    .suppliers += 1;
            }
        }
        if *scope != all {
            for (m, x) in c.market.iter_mut() {
                x.anchors = 1;
                *buying.entry((*year, *m)).or_insert(0) += 1;
            }
        }
    }
    let mut out = Sums::new();
    for ((scope, year), c) in sums {
        let bands = if scope == all { &pband } else { &band };
        let scope_name = if scope == all {
            "ALL".to_string()
        } else {
            anchor.values[scope as usize].clone()
        };
        let acc = Acc {
            total: c.total,
            influenceable: c.influenceable,
            band: c
                .band
                .iter()
                .map(|(b, p)| (bands.values[*b as usize].clone(), *p))
                .collect(),
            deprived: c.deprived,
            size: c.size,
            ownership: c.ownership,
            market: c
                .market
                .into_iter()
                .map(|(m, mut x)| {
                    if scope == all {
                        x.anchors = buying.get(&(year, m)).copied().unwrap_or(0);
                    }
                    (market.values[m as usize].clone(), x)
                })
                .collect(),
            supplier: c
                .supplier
                .iter()
                .map(|(s, x)| {
                    let acc = SupplierAcc {
                        pence: x.pence,
                        band: bands.values[x.band as usize].clone(),
                        deprived: x.deprived,
                        market: x.main_market(&market.values).to_string(),
                    };
                    (supplier.values[*s as usize].clone(), acc)
                })
                .collect(),
        };
        out.insert((scope_name, year_names[year as usize].clone()), acc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(year_label(d(2024, 4, 1), 4), "2024/25");
        assert_eq!(year_label(d(2025, 3, 31), 4), "2024/25");
        assert_eq!(year_label(d(1999, 12, 31), 4), "1999/00");
        assert_eq!(year_label(d(2024, 6, 1), 1), "2024");
        assert_eq!(year_label(d(2024, 6, 30), 7), "2023/24");
    }
}
