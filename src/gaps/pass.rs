//! The per-row half of the demand sums. Each thread sums a contiguous run of rows into its
//! own [`Partial`], and the partials are merged in row order. Every figure is an exact
//! integer sum, a set, or a list sorted afterwards, so the result is the same however the
//! rows were split.

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use std::collections::BTreeSet;

use super::suppliers::SupplierFacts;
use crate::kernels::bits::set_bit;
use crate::kernels::cells::Cells;
use crate::kernels::days::ByDay;

/// Sums for one market in one area.
#[derive(Debug, Clone, Default, PartialEq)]
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MarketDemand {
    pub market: String,
    pub influenceable: i64,
    /// By anchor index.
    pub by_anchor: Vec<i64>,
    /// Suppliers paid in the market.
    pub suppliers: usize,
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

/// Supplier index of a payee with no supplier-master row.
pub const NO_SUPPLIER: u32 = u32::MAX;
/// Months are kept as bits from January 1900, 200 years on; others in a set.
pub const FIRST_MONTH: i32 = 1900 * 12;
pub const MONTH_WORDS: usize = 200 * 12 / 64 + 1;

/// Month number (year × 12 + month − 1) of a date.
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The transactions' columns, and what their codes stand for.
pub struct Rows<'a> {
    pub market: &'a [u32],
    pub anchor: &'a [u32],
    /// Supplier index (or [`NO_SUPPLIER`]) of each row.
    pub supplier: &'a [u32],
    /// Anchor index (`usize::MAX` when the study has no such anchor) by anchor code.
    pub anchor_of: &'a [usize],
    pub amount: &'a Int64Chunked,
    pub influenceable: &'a BooleanChunked,
    /// Days since 1970-01-01.
    pub days: &'a Int32Chunked,
    pub months: &'a MonthOfDay,
    /// [`AreaClass`] bits of each supplier in each area (supplier-major).
    pub class: &'a [u8],
    pub suppliers: usize,
    pub areas: usize,
    pub anchors: usize,
    pub markets: usize,
}

/// What a supplier is to one area, worked out once rather than on every row.
pub struct AreaClass;

impl AreaClass {
    pub const LOCAL: u8 = 1;
    pub const DEMOCRATIC: u8 = 2;
    /// Placed outside the area (and not an individual).
    pub const OUTSIDE: u8 = 4;
    pub const LARGE: u8 = 8;

    /// Each supplier's bits in each area (`areas` are band indices), supplier-major.
    pub fn of(suppliers: &[SupplierFacts], areas: &[usize]) -> Vec<u8> {
        let bit = |on: bool, b: u8| if on { b } else { 0 };
        suppliers
            .iter()
            .flat_map(|f| {
                areas.iter().map(move |&band| {
                    if f.mask & (1 << band) != 0 {
                        Self::LOCAL | bit(f.democratic, Self::DEMOCRATIC)
                    } else if f.placed && !f.person {
                        Self::OUTSIDE | bit(f.size_band == "large", Self::LARGE)
                    } else {
                        0
                    }
                })
            })
            .collect()
    }
}

impl Rows<'_> {
    /// 64-bit words per anchor set.
    pub fn words(&self) -> usize {
        self.anchors.div_ceil(64).max(1)
    }
}

/// The month of each day between the table's first and last dates.
pub type MonthOfDay = ByDay<fn(NaiveDate) -> i32>;

/// The sums of a run of rows.
pub struct Partial {
    /// By market code, with `months` holding only months outside the bits.
    pub markets: Vec<MarketDemand>,
    /// [`MONTH_WORDS`] words per market.
    pub month_bits: Vec<u64>,
    /// Anchors leaking, by (market, area).
    pub leaking_bits: Vec<u64>,
    cells: Cells,
    /// Anchors paying each supplier.
    pub supplier_anchor_bits: Vec<u64>,
}

impl Partial {
    pub fn new(r: &Rows) -> Self {
        let market = MarketDemand {
            by_anchor: vec![0; r.anchors],
            areas: vec![Default::default(); r.areas],
            ..Default::default()
        };
        let words = r.words();
        Partial {
            markets: vec![market; r.markets],
            month_bits: vec![0; r.markets * MONTH_WORDS],
            leaking_bits: vec![0; r.markets * r.areas * words],
            cells: Cells::new(r.suppliers as u64, r.markets),
            supplier_anchor_bits: vec![0; r.suppliers * words],
        }
    }

    /// Sums rows `start..start + len`.
    pub fn sum(r: &Rows, start: usize, len: usize) -> Self {
        let mut p = Partial::new(r);
        let words = r.words();
        let amount = r.amount.slice(start as i64, len);
        let influenceable = r.influenceable.slice(start as i64, len);
        let days = r.days.slice(start as i64, len);
        let values = amount.iter().zip(influenceable.iter()).zip(days.iter());
        for (i, ((pence, inf), day)) in (start..start + len).zip(values) {
            let (Some(pence), Some(true)) = (pence, inf) else {
                continue;
            };
            let m = r.market[i] as usize;
            let md = &mut p.markets[m];
            md.influenceable += pence;
            let a = r.anchor_of[r.anchor[i] as usize];
            if let Some(x) = md.by_anchor.get_mut(a) {
                *x += pence;
            }
            match day {
                Some(d) => {
                    let month = r.months.get(d);
                    match usize::try_from(month - FIRST_MONTH) {
                        Ok(at) if at < MONTH_WORDS * 64 => {
                            set_bit(&mut p.month_bits, m * MONTH_WORDS, at)
                        }
                        _ => {
                            md.months.insert(month);
                        }
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
            let s = r.supplier[i];
            let class = if s == NO_SUPPLIER {
                &[][..]
            } else {
                p.cells.add(u64::from(s), m as u32, pence);
                if a != usize::MAX {
                    set_bit(&mut p.supplier_anchor_bits, s as usize * words, a);
                }
                &r.class[s as usize * r.areas..][..r.areas]
            };
            for (k, sums) in md.areas.iter_mut().enumerate() {
                let c = class.get(k).copied().unwrap_or(0);
                if c & AreaClass::LOCAL != 0 {
                    sums.local += pence;
                    if c & AreaClass::DEMOCRATIC != 0 {
                        sums.local_democratic += pence;
                        sums.local_democratic_suppliers.insert(s);
                    }
                } else if c & AreaClass::OUTSIDE != 0 {
                    sums.leakage += pence;
                    if c & AreaClass::LARGE != 0 {
                        sums.large_nonlocal += pence;
                    }
                    if a != usize::MAX {
                        set_bit(&mut p.leaking_bits, (m * r.areas + k) * words, a);
                    }
                } else {
                    sums.unplaced += pence;
                }
            }
        }
        p
    }

    /// Adds the sums of the rows after this partial's.
    pub fn merge(&mut self, other: Partial) {
        for (a, b) in self.markets.iter_mut().zip(other.markets) {
            a.influenceable += b.influenceable;
            a.by_anchor
                .iter_mut()
                .zip(b.by_anchor)
                .for_each(|(x, y)| *x += y);
            a.months.extend(b.months);
            a.undated += b.undated;
            a.undated_rows += b.undated_rows;
            a.payments.extend(b.payments);
            for (x, y) in a.areas.iter_mut().zip(b.areas) {
                x.leakage += y.leakage;
                x.large_nonlocal += y.large_nonlocal;
                x.local += y.local;
                x.local_democratic += y.local_democratic;
                x.unplaced += y.unplaced;
                x.local_democratic_suppliers
                    .extend(y.local_democratic_suppliers);
            }
        }
        let or = |a: &mut Vec<u64>, b: Vec<u64>| a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
        or(&mut self.month_bits, other.month_bits);
        or(&mut self.leaking_bits, other.leaking_bits);
        or(&mut self.supplier_anchor_bits, other.supplier_anchor_bits);
        self.cells.merge(other.cells);
    }

    /// The supplier × market cells, by supplier then market.
    pub fn take_cells(&mut self) -> Vec<(u64, u32, i64)> {
        std::mem::replace(&mut self.cells, Cells::new(0, 0)).into_sorted()
    }
}
