//! Sums by (group, market) over millions of rows, without a hash lookup or a cache miss
//! per row: the gap stage sums by (supplier, market), measure by (scope and year,
//! supplier, market).

use rayon::prelude::*;

/// Cells (group × markets + market) per bucket of [`Cells`].
const BUCKET_BITS: u32 = 16;

/// Pence by (group, market). Payments are gathered as (cell, pence) in buckets of
/// 65,536 cells and summed a bucket at a time, in cache: a group × market array summed
/// row by row is too big for the cache on large partnerships, and every row then waits
/// on memory.
pub struct Cells {
    markets: u64,
    buckets: Vec<Bucket>,
}

#[derive(Default)]
struct Bucket {
    cells: Vec<u16>,
    pence: Vec<i64>,
}

impl Cells {
    /// Cells for groups `0..groups` and markets `0..markets`.
    pub fn new(groups: u64, markets: usize) -> Self {
        let n = ((groups * markets as u64) >> BUCKET_BITS) + 1;
        Cells {
            markets: markets as u64,
            buckets: (0..n).map(|_| Bucket::default()).collect(),
        }
    }

    pub fn add(&mut self, group: u64, m: u32, p: i64) {
        let key = group * self.markets + u64::from(m);
        let b = &mut self.buckets[(key >> BUCKET_BITS) as usize];
        b.cells.push(key as u16);
        b.pence.push(p);
    }

    /// Adds the payments of `other`, which has the same groups and markets.
    pub fn merge(&mut self, other: Cells) {
        for (a, b) in self.buckets.iter_mut().zip(other.buckets) {
            a.cells.extend(b.cells);
            a.pence.extend(b.pence);
        }
    }

    /// (group, market, pence) of every cell paid (a payment netting to zero still
    /// counts), by group then market.
    pub fn into_sorted(self) -> Vec<(u64, u32, i64)> {
        let markets = self.markets;
        let size = 1 << BUCKET_BITS;
        let scratch = || (vec![0i64; size], vec![0u64; size / 64]);
        let sums: Vec<Vec<(u64, u32, i64)>> = (self.buckets.into_par_iter().enumerate())
            .map_init(scratch, |(sums, touched), (i, b)| {
                for (c, p) in b.cells.iter().zip(&b.pence) {
                    let c = usize::from(*c);
                    sums[c] += p;
                    touched[c / 64] |= 1 << (c % 64);
                }
                let mut out = Vec::new();
                for (w, bits) in touched.iter_mut().enumerate() {
                    while *bits != 0 {
                        let c = w * 64 + bits.trailing_zeros() as usize;
                        let key = ((i as u64) << BUCKET_BITS) + c as u64;
                        out.push((key / markets, (key % markets) as u32, sums[c]));
                        sums[c] = 0;
                        *bits &= *bits - 1;
                    }
                }
                out
            })
            .collect();
        sums.concat()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn cells_sum_across_buckets_and_merges() {
        // 40,000 groups × 5 markets = 200,000 cells: four buckets of 65,536. Payments
        // land on cells either side of each bucket boundary, some twice, one netting to
        // zero (still a cell paid); the expectation is summed here in a BTreeMap.
        let pays: Vec<(u64, u32, i64)> = (0..5000u32)
            .map(|i| {
                let s = (i * 7919) % 40_000;
                (u64::from(s), i % 5, i64::from(i) - 2500)
            })
            .chain([(13_107, 1, 500), (13_107, 1, -500)])
            .collect();
        let mut expected: BTreeMap<(u64, u32), i64> = BTreeMap::new();
        for (s, m, p) in &pays {
            *expected.entry((*s, *m)).or_default() += p;
        }
        let (mut a, mut b) = (Cells::new(40_000, 5), Cells::new(40_000, 5));
        assert_eq!(a.buckets.len(), 4);
        for (i, (s, m, p)) in pays.iter().enumerate() {
            if i % 3 == 0 { &mut a } else { &mut b }.add(*s, *m, *p);
        }
        a.merge(b);
        let got: Vec<(u64, u32, i64)> = a.into_sorted();
        let want: Vec<(u64, u32, i64)> =
            expected.into_iter().map(|((s, m), p)| (s, m, p)).collect();
        assert_eq!(got, want);
        assert!(got.contains(&(13_107, 1, 0)));
    }
}
