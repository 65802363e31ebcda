//! A pass over a table's rows split into contiguous runs, one per thread, whose partial
//! sums are merged in row order: the result is the same however the rows were split.

use rayon::prelude::*;

/// Rows per thread below which a pass is not split.
const MIN_PIECE: usize = 1 << 16;

/// How many runs a pass over `rows` rows takes: one per thread, none under 65,536 rows.
pub fn pieces(rows: usize) -> usize {
    rayon::current_num_threads().min(rows / MIN_PIECE).max(1)
}

/// `(start, len)` of `pieces` contiguous runs covering `n` rows, in row order.
pub fn runs(n: usize, pieces: usize) -> Vec<(usize, usize)> {
    let size = n.div_ceil(pieces.max(1)).max(1);
    (0..n.div_ceil(size))
        .map(|p| (p * size, size.min(n - p * size)))
        .collect()
}

/// Each run summed by `sum` on all threads, then merged in row order (`None` when there
/// are no runs).
pub fn sum_runs<T: Send>(
    runs: &[(usize, usize)],
    sum: impl Fn(usize, usize) -> T + Sync,
    merge: impl FnMut(T, T) -> T,
) -> Option<T> {
    let partials: Vec<T> = runs.par_iter().map(|&(s, l)| sum(s, l)).collect();
    partials.into_iter().reduce(merge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_row_once_in_order() {
        for (n, pieces) in [(0, 2), (1, 2), (10, 3), (10, 20), (65_537, 2)] {
            let r = runs(n, pieces);
            let mut next = 0;
            for (start, len) in &r {
                assert_eq!((*start, *len > 0), (next, true), "{n} rows in {pieces}");
                next += len;
            }
            assert_eq!(next, n);
            assert!(r.len() <= pieces.max(1));
        }
    }
}
