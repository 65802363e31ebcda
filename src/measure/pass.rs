//! The per-row half of the measure stage. Each thread sums a contiguous run of rows into
//! its own [`Partial`] — dense sums per (scope, year) and (scope and year, supplier,
//! market) cells — and the partials are added in row order: every figure is an exact
//! integer sum, so the result is the same however the rows were split.

use polars::prelude::*;

use crate::kernels::cells::Cells;
use crate::reference::registers::org::OwnershipForm;

/// Influenceable spend in one market.
#[derive(Debug, Default, Clone, PartialEq)]
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

/// The transactions' columns as codes, and what the codes stand for.
pub struct Rows<'a> {
    pub anchor: &'a [u32],
    /// Each row's band on its anchor's ladder, and on the partnership's: codes into two
    /// lists of band names.
    pub band: &'a [u32],
    pub pband: &'a [u32],
    pub size: &'a [u32],
    pub form: &'a [u32],
    pub market: &'a [u32],
    pub supplier: &'a [u32],
    /// Index into the years (undated last).
    pub year: &'a [u32],
    /// Calendar month, 0–11 (12 when undated).
    pub month: &'a [u8],
    pub rule: &'a [u32],
    /// The rule code of duplicates, which are not spend.
    pub duplicate: Option<u32>,
    pub amount: &'a Int64Chunked,
    pub influenceable: &'a BooleanChunked,
    pub deprived: &'a BooleanChunked,
    /// Index into [`crate::classify::rule_files::SIZE_BANDS`] by size code.
    pub size_of: &'a [usize],
    /// Index into [`OwnershipForm::ALL`] by form code.
    pub form_of: &'a [usize],
    /// The band code of each anchor's innermost band, by anchor code.
    pub anchor_local: &'a [Option<u32>],
    /// The pband code of the partnership's innermost band.
    pub pband_local: Option<u32>,
    /// Anchor codes; the partnership is scope `anchors`.
    pub anchors: usize,
    pub years: usize,
    pub suppliers: usize,
    /// Enough band slots for either band column.
    pub bands: usize,
    pub markets: usize,
}

impl Rows<'_> {
    /// Scope-years: anchors and the partnership, each by year.
    pub fn scope_years(&self) -> usize {
        (self.anchors + 1) * self.years
    }

    /// The cell group of a supplier in a scope-year.
    pub fn group(&self, scope_year: usize, supplier: u32) -> u64 {
        scope_year as u64 * self.suppliers as u64 + u64::from(supplier)
    }

    /// The scope-years, band codes and innermost band codes a row counts in: its
    /// anchor's, then the partnership's.
    fn scopes(&self, i: usize) -> [(usize, u32, Option<u32>); 2] {
        let (a, y) = (self.anchor[i] as usize, self.year[i] as usize);
        [
            (a * self.years + y, self.band[i], self.anchor_local[a]),
            (
                self.anchors * self.years + y,
                self.pband[i],
                self.pband_local,
            ),
        ]
    }

    fn is_duplicate(&self, i: usize) -> bool {
        self.duplicate == Some(self.rule[i])
    }
}

/// Sums for one scope and year, by code.
#[derive(Clone, Default)]
pub struct ScopeSums {
    /// Rows of any kind: the scope-year is reported when it has any.
    pub rows: u64,
    pub total: i64,
    pub influenceable: i64,
    pub deprived: i64,
    /// Influenceable spend whose deprivation is known (placed in a ranked area).
    pub deprived_known: i64,
    /// Calendar months (bit 0 = January) with any payment.
    pub months: u16,
    pub size: [i64; 5],
    pub ownership: [i64; 12],
    pub band: Vec<i64>,
    /// Influenceable rows by band: a band is reported when it has any.
    pub band_rows: Vec<u64>,
    /// By market code; a market with no influenceable rows (`transactions == 0`) is not
    /// reported.
    pub market: Vec<MarketAcc>,
}

/// The sums of a run of rows.
pub struct Partial {
    pub scopes: Vec<ScopeSums>,
    pub cells: Cells,
}

impl Partial {
    pub fn new(r: &Rows) -> Self {
        let scope = ScopeSums {
            band: vec![0; r.bands],
            band_rows: vec![0; r.bands],
            market: vec![MarketAcc::default(); r.markets],
            ..Default::default()
        };
        Partial {
            scopes: vec![scope; r.scope_years()],
            cells: Cells::new(r.scope_years() as u64 * r.suppliers as u64, r.markets),
        }
    }

    /// Sums rows `start..start + len`.
    pub fn sum(r: &Rows, start: usize, len: usize) -> Self {
        let mut p = Partial::new(r);
        let amount = r.amount.slice(start as i64, len);
        let influenceable = r.influenceable.slice(start as i64, len);
        let deprived = r.deprived.slice(start as i64, len);
        let values = amount.iter().zip(influenceable.iter()).zip(deprived.iter());
        for (i, ((pence, inf), dep)) in (start..start + len).zip(values) {
            if r.is_duplicate(i) {
                continue;
            }
            let pence = pence.unwrap_or(0);
            let inf = inf == Some(true);
            let (si, fi) = (r.size_of[r.size[i] as usize], r.form_of[r.form[i] as usize]);
            let form = OwnershipForm::ALL[fi];
            let m = r.market[i];
            let month = r.month[i];
            for (sy, b, local) in r.scopes(i) {
                let acc = &mut p.scopes[sy];
                acc.rows += 1;
                acc.total += pence;
                if month < 12 {
                    acc.months |= 1 << month;
                }
                if !inf {
                    continue;
                }
                acc.influenceable += pence;
                acc.band[b as usize] += pence;
                acc.band_rows[b as usize] += 1;
                if let Some(d) = dep {
                    acc.deprived_known += pence;
                    if d {
                        acc.deprived += pence;
                    }
                }
                acc.size[si] += pence;
                acc.ownership[fi] += pence;
                let x = &mut acc.market[m as usize];
                x.pence += pence;
                if Some(b) == local {
                    x.local += pence;
                }
                if si < 3 {
                    x.sme += pence;
                }
                if form.is_social_economy() {
                    x.social_economy += pence;
                }
                if form == OwnershipForm::Cooperative {
                    x.cooperative += pence;
                }
                x.transactions += 1;
                p.cells.add(r.group(sy, r.supplier[i]), m, pence);
            }
        }
        p
    }

    /// Adds the sums of the rows after this partial's.
    pub fn merge(mut self, other: Partial) -> Self {
        for (a, b) in self.scopes.iter_mut().zip(other.scopes) {
            a.rows += b.rows;
            a.total += b.total;
            a.influenceable += b.influenceable;
            a.deprived += b.deprived;
            a.deprived_known += b.deprived_known;
            a.months |= b.months;
            add(&mut a.size, &b.size);
            add(&mut a.ownership, &b.ownership);
            add(&mut a.band, &b.band);
            add(&mut a.band_rows, &b.band_rows);
            for (x, y) in a.market.iter_mut().zip(b.market) {
                x.pence += y.pence;
                x.local += y.local;
                x.sme += y.sme;
                x.social_economy += y.social_economy;
                x.cooperative += y.cooperative;
                x.transactions += y.transactions;
            }
        }
        self.cells.merge(other.cells);
        self
    }
}

fn add<T: Copy + std::ops::AddAssign>(a: &mut [T], b: &[T]) {
    a.iter_mut().zip(b).for_each(|(x, y)| *x += *y);
}

/// The first influenceable row of each wanted cell group (by its slot) in rows
/// `start..start + len`. `paid` marks the suppliers of any wanted group, so that most
/// rows are passed over without a lookup.
pub fn first_rows(
    r: &Rows,
    wanted: &PlHashMap<u64, usize>,
    paid: &[bool],
    start: usize,
    len: usize,
) -> Vec<Option<usize>> {
    let mut first = vec![None; wanted.len()];
    let influenceable = r.influenceable.slice(start as i64, len);
    for (i, inf) in (start..start + len).zip(influenceable.iter()) {
        let s = r.supplier[i];
        if inf != Some(true) || !paid[s as usize] || r.is_duplicate(i) {
            continue;
        }
        for (sy, _, _) in r.scopes(i) {
            if let Some(&slot) = wanted.get(&r.group(sy, s)) {
                first[slot].get_or_insert(i);
            }
        }
    }
    first
}
