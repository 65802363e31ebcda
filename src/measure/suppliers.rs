//! Each supplier's influenceable spend in each scope and year, from the summed cells:
//! how many suppliers each market has, each supplier's main market, the ranking behind
//! concentration, and the rows that describe the top suppliers.

use std::cmp::Reverse;

use polars::prelude::*;
use rayon::prelude::*;

use super::pass::{Rows, first_rows};
use crate::kernels::runs::sum_runs;

/// A supplier in one scope and year: (supplier code, pence, main market code).
pub type Paid = (u32, i64, u32);

pub struct SupplierSums {
    /// By scope-year, every supplier paid, by supplier code.
    pub by_scope: Vec<Vec<Paid>>,
    /// Suppliers by (scope-year × markets + market code).
    pub market_suppliers: Vec<u64>,
}

/// The sorted (group, market, pence) cells of the pass as suppliers. A supplier's main
/// market is the one with most of its spend (ties: the first by name).
pub fn supplier_sums(r: &Rows, cells: Vec<(u64, u32, i64)>, markets: &[String]) -> SupplierSums {
    let by_name = order_of(markets);
    let mut out = SupplierSums {
        by_scope: vec![Vec::new(); r.scope_years()],
        market_suppliers: vec![0; r.scope_years() * r.markets],
    };
    for group in cells.chunk_by(|a, b| a.0 == b.0) {
        let g = group[0].0;
        let (sy, s) = (g / r.suppliers as u64, g % r.suppliers as u64);
        let sy = sy as usize;
        let pence = group.iter().map(|c| c.2).sum();
        let main = (group.iter())
            .max_by_key(|c| (c.2, Reverse(by_name[c.1 as usize])))
            .expect("a group has a cell")
            .1;
        for c in group {
            out.market_suppliers[sy * r.markets + c.1 as usize] += 1;
        }
        out.by_scope[sy].push((s as u32, pence, main));
    }
    out
}

/// Each value's place when the values are sorted.
fn order_of(values: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.par_sort_unstable_by(|a, b| values[*a].cmp(&values[*b]));
    let mut place = vec![0; values.len()];
    for (k, v) in order.into_iter().enumerate() {
        place[v] = k as u32;
    }
    place
}

/// Each scope-year's suppliers with positive totals, largest first (ties by id).
pub fn rank(by_scope: &[Vec<Paid>], ids: &[String]) -> Vec<Vec<Paid>> {
    let by_id = order_of(ids);
    (by_scope.par_iter())
        .map(|paid| {
            let mut v: Vec<Paid> = paid.iter().filter(|p| p.1 > 0).copied().collect();
            v.sort_unstable_by_key(|p| (Reverse(p.1), by_id[p.0 as usize]));
            v
        })
        .collect()
}

/// The first influenceable row of each of the first `top_n` ranked suppliers, by
/// scope-year, found in `runs` of rows on all threads.
pub fn first_of_top(
    r: &Rows,
    ranked: &[Vec<Paid>],
    top_n: usize,
    runs: &[(usize, usize)],
) -> Vec<Vec<Option<usize>>> {
    let mut wanted: PlHashMap<u64, usize> = PlHashMap::default();
    let mut paid = vec![false; r.suppliers];
    for (sy, v) in ranked.iter().enumerate() {
        for p in v.iter().take(top_n) {
            wanted.insert(r.group(sy, p.0), wanted.len());
            paid[p.0 as usize] = true;
        }
    }
    // Runs merge in row order, so the first run to find a group found its first row.
    let found = |start, len| first_rows(r, &wanted, &paid, start, len);
    let earlier = |mut a: Vec<Option<usize>>, b: Vec<Option<usize>>| {
        a.iter_mut().zip(b).for_each(|(x, y)| *x = x.or(y));
        a
    };
    let first = sum_runs(runs, found, earlier).unwrap_or_default();
    let mut at = 0;
    (ranked.iter())
        .map(|v| {
            let n = v.len().min(top_n);
            at += n;
            first[at - n..at].to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_sorted_order() {
        let v: Vec<String> = ["pear", "apple", "fig"].map(String::from).to_vec();
        assert_eq!(order_of(&v), vec![2, 0, 1]);
    }

    #[test]
    fn ranking_is_by_pence_then_id_and_drops_non_positive_totals() {
        // Ids by code: c0 "b", c1 "a", c2 "c", c3 "d". Expected by hand: 500 first; the
        // two at 300 tie and go by id ("a" before "b"); 0 and -5 are dropped.
        let ids: Vec<String> = ["b", "a", "c", "d"].map(String::from).to_vec();
        let paid = vec![
            vec![(0, 300, 0), (1, 300, 0), (2, 500, 1), (3, 0, 0)],
            vec![(0, -5, 0)],
        ];
        let r = rank(&paid, &ids);
        assert_eq!(r[0], vec![(2, 500, 1), (1, 300, 0), (0, 300, 0)]);
        assert!(r[1].is_empty());
    }
}
