//! Which register names a ledger name's words fetch: posting lists weighed by the rarity
//! of the words they hold, summed by merging, with only the names that can still be among
//! the best carried along, and ties at the cut told apart by the name's common words.

use super::index::Index;

/// A posting list to weigh: its entries (sorted, each once) and the weight it adds to each.
pub(super) type List<'a> = (&'a [u32], f64);

/// Each entry of the posting lists (each sorted by entry) with the sum of the weights of
/// the lists it is on, by entry, written into `out`; only entries that can be among the
/// `best` highest sums (ties by entry) are certain to be there. The lists are merged into
/// the sums one at a time, each a two-way merge, so every entry's weights are added in
/// list order. `spare` is scratch space, kept between calls so that the buffers are not
/// allocated again.
///
/// Once `best` entries sum to more than every list still to come could add together, an
/// entry not yet summed cannot reach them (the "max-score" rule of search engines): the
/// remaining lists only add to the sums already there. Entries on the last list and on no
/// other all sum to its weight and rank by entry: past the first `ties` (at least `best`)
/// of them, none can be among the best, nor among the first `ties` tied with them.
fn weigh(
    lists: &[List<'_>],
    best: usize,
    ties: usize,
    out: &mut Vec<(u32, f64)>,
    spare: &mut Vec<(u32, f64)>,
) {
    out.clear();
    let mut settled = false;
    for (k, &(list, w)) in lists.iter().enumerate() {
        settled = settled || (k > 0 && beyond_reach(out, &lists[k..], best));
        std::mem::swap(out, spare);
        out.clear();
        if settled {
            add_to_summed(spare, list, w, out);
        } else if k + 1 < lists.len() {
            merge_list(spare, list, w, usize::MAX, out);
        } else if spare.len() * SEARCH_COST > list.len() {
            merge_list(spare, list, w, ties, out);
        } else {
            merge_last(spare, list, w, ties, out);
        }
    }
}

/// Whether the `best`-th highest of `sums` exceeds all that `rest` could add to an entry
/// new to them, that is whether `best` sums exceed it.
fn beyond_reach(sums: &[(u32, f64)], rest: &[List<'_>], best: usize) -> bool {
    if best == 0 || sums.len() < best {
        return false;
    }
    // Added in list order, as an entry's sum is: a sum over fewer of them is no larger.
    let reach = rest.iter().fold(0.0, |a, l| a + l.1);
    sums.iter().filter(|x| x.1 > reach).take(best).count() == best
}

/// `sums` with each entry that is on `list` (sorted) adding `w`; entries
/// not already summed are left out. The list is searched when it is much longer than the
/// sums, walked otherwise.
fn add_to_summed(sums: &[(u32, f64)], list: &[u32], w: f64, out: &mut Vec<(u32, f64)>) {
    out.reserve(sums.len());
    let search = sums.len() * SEARCH_COST <= list.len();
    let mut rest = list;
    for &(e, sum) in sums {
        if search {
            rest = &rest[rest.partition_point(|x| *x < e)..];
        } else {
            while rest.first().is_some_and(|x| *x < e) {
                rest = &rest[1..];
            }
        }
        let on = rest.first() == Some(&e);
        out.push((e, if on { sum + w } else { sum }));
    }
}

/// A search of a long list costs about as much as walking this many of its entries.
const SEARCH_COST: usize = 32;

/// [`merge_list`] for a list much longer than the sums (often the one with the commonest
/// word): the sums are looked up in the list rather than the list walked, and only its
/// first `keep` entries new to the sums are read.
fn merge_last(sums: &[(u32, f64)], list: &[u32], w: f64, keep: usize, out: &mut Vec<(u32, f64)>) {
    let mut fresh: Vec<u32> = Vec::with_capacity(keep.min(list.len()));
    let mut i = 0;
    for &e in list {
        if fresh.len() == keep {
            break;
        }
        while i < sums.len() && sums[i].0 < e {
            i += 1;
        }
        if !(i < sums.len() && sums[i].0 == e) {
            fresh.push(e);
        }
    }
    out.reserve(sums.len() + fresh.len());
    let (mut rest, mut f) = (list, 0);
    for &(e, sum) in sums {
        while f < fresh.len() && fresh[f] < e {
            out.push((fresh[f], w));
            f += 1;
        }
        rest = &rest[rest.partition_point(|x| *x < e)..];
        let on = rest.first() == Some(&e);
        out.push((e, if on { sum + w } else { sum }));
    }
    out.extend(fresh[f..].iter().map(|e| (*e, w)));
}

/// `sums` with each entry of `list` (sorted) adding `w`, into `out`, by entry; of the
/// entries new to the sums, only the first `keep`.
fn merge_list(sums: &[(u32, f64)], list: &[u32], w: f64, keep: usize, out: &mut Vec<(u32, f64)>) {
    out.reserve(sums.len() + list.len().min(keep));
    let (mut i, mut kept) = (0, 0);
    for &e in list {
        while i < sums.len() && sums[i].0 < e {
            out.push(sums[i]);
            i += 1;
        }
        let summed = i < sums.len() && sums[i].0 == e;
        let sum = if summed {
            i += 1;
            sums[i - 1].1 + w
        } else {
            w
        };
        if summed || kept < keep {
            out.push((e, sum));
            kept += usize::from(!summed);
        }
    }
    out.extend_from_slice(&sums[i..]);
}

/// A reading's words: the posting lists of those that fetch register names, and those
/// that only rank the names fetched (as register words).
#[derive(Default)]
pub(super) struct Lists<'a> {
    pub fetch: Vec<List<'a>>,
    /// Register words, with their weights.
    pub rank: Vec<(u32, f64)>,
}

/// Highest sum first, ties by entry: the order candidates are picked in.
fn by_sum(a: &(u32, f64), b: &(u32, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// The `best` of `sums` (sums by entry), into `sums`, in no order. Names fetched by their
/// rarest words often tie at the cut ("TORBAY CALEDONIAN …" forty times over), and a
/// common word the name also holds ("… INTERNATIONAL") tells them apart: so when entries
/// tie with the last of the best, the name's words that fetched nothing add their weights
/// to the entries tied or above before the best are picked. `rank` holds those words'
/// register spellings, with their weights; they are looked up in each entry's own
/// `words`, which for the few entries tied is cheaper than searching their long posting
/// lists. Of the entries tied, the first `ties` (by entry) are told apart.
fn pick_best<'w>(
    sums: &mut Vec<(u32, f64)>,
    rank: &[(u32, f64)],
    best: usize,
    ties: usize,
    words: impl Fn(u32) -> &'w [u32],
) {
    if sums.len() <= best {
        return;
    }
    let cut = sums.select_nth_unstable_by(best - 1, by_sum).1.1;
    if rank.is_empty() || !sums[best..].iter().any(|x| x.1 == cut) {
        sums.truncate(best);
        return;
    }
    sums.retain(|x| x.1 >= cut);
    if sums.len() > ties {
        sums.select_nth_unstable_by(ties - 1, by_sum);
        sums.truncate(ties);
    }
    for (e, sum) in sums.iter_mut() {
        let words = words(*e);
        *sum += rank
            .iter()
            .filter(|(t, _)| words.contains(t))
            .map(|x| x.1)
            .sum::<f64>();
    }
    sums.select_nth_unstable_by(best - 1, by_sum);
    sums.truncate(best);
}

/// Most entries tied at the cut that [`pick_best`] tells apart (the first by entry): on a
/// national register one word can tie a hundred thousand names.
const TIES: usize = 1024;

/// Entries with their summed weights.
type Weighed = Vec<(u32, f64)>;

thread_local! {
    /// [`weigh`]'s buffers, one pair per thread.
    static WEIGHED: std::cell::RefCell<(Weighed, Weighed)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// The entries of `lists.fetch` with the `best` highest sums (ties by entry; see
/// [`pick_best`]), less those summing to under `min_share` of the highest, in no order.
pub(super) fn best_entries(lists: &Lists<'_>, best: usize, min_share: f64, ix: &Index) -> Vec<u32> {
    WEIGHED.with_borrow_mut(|(sums, spare)| {
        let ties = if lists.rank.is_empty() {
            best
        } else {
            TIES.max(best)
        };
        weigh(&lists.fetch, best, ties, sums, spare);
        pick_best(sums, &lists.rank, best, ties, |e| {
            ix.entry_tokens(e as usize)
        });
        keep_share(sums, min_share);
        sums.iter().map(|x| x.0).collect()
    })
}

/// Drops from `ranked` the entries whose sum is under `share` of the highest: a register
/// name holding little of the weight of the ledger name's words scores far below any
/// link, and below the best candidate by more than the margin, so scoring it
/// seldom changes a decision (at 0.6, 4 in 100,000 on the 1M benchmark, each for the
/// better: three right links no longer held back by a runner-up that was never close, and
/// one wrong link gone).
fn keep_share(ranked: &mut Vec<(u32, f64)>, share: f64) {
    let floor = ranked.iter().map(|x| x.1).fold(0.0, f64::max) * share;
    ranked.retain(|x| x.1 >= floor);
}

#[cfg(test)]
mod tests {
    use super::{List, TIES, by_sum, keep_share, merge_last, merge_list, pick_best, weigh};

    /// Each entry's weights added up list by list in a BTreeMap: the sums by hand, by entry.
    fn by_hand(lists: &[List<'_>]) -> Vec<(u32, f64)> {
        let mut sums = std::collections::BTreeMap::new();
        for (list, w) in lists {
            for e in *list {
                *sums.entry(*e).or_insert(0.0) += w;
            }
        }
        sums.into_iter().collect()
    }

    /// For every `n`, the best `n` that `weigh` keeps are the best `n` of the hand sums.
    fn assert_keeps_the_best(lists: &[List<'_>]) {
        let mut ranked = by_hand(lists);
        ranked.sort_by(by_sum);
        for n in 1..=ranked.len() {
            let (mut got, mut spare) = (Vec::new(), Vec::new());
            weigh(lists, n, n, &mut got, &mut spare);
            got.sort_by(by_sum);
            assert_eq!(got[..n], ranked[..n], "best {n}");
        }
    }

    #[test]
    fn weigh_sums_each_entry_over_the_lists_it_is_on() {
        // Entry 4 is on all three lists, 9 only on the last; the expectation is added up
        // here, list by list, in a BTreeMap.
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 7], &[2, 4], &[4, 9]);
        let lists = vec![(a, 3.0), (b, 2.0), (c, 0.5)];
        let want = by_hand(&lists);
        let (mut got, mut spare) = (Vec::new(), vec![(99, 1.0)]);
        weigh(&lists, usize::MAX, usize::MAX, &mut got, &mut spare);
        assert_eq!(got, want);
        assert_eq!(want[2], (4, 5.5));
    }

    #[test]
    fn weigh_keeps_every_entry_that_can_be_among_the_best() {
        // Entry 5 is on both lists; the rest of the last list are entries new to it that
        // tie at its weight and rank by entry. The best `n` are worked out here from
        // BTreeMap sums, sorted by sum (descending) then entry.
        let (a, last): (&[u32], &[u32]) = (&[5, 9], &[1, 2, 3, 4, 5, 6, 7, 8]);
        let lists = vec![(a, 2.0), (last, 1.0)];
        assert_keeps_the_best(&lists);
        let (mut got, mut spare) = (Vec::new(), Vec::new());
        weigh(&lists, 3, 3, &mut got, &mut spare);
        // 5 and 9; of the new entries 1, 2, 3, 4, 6, 7, 8, which tie, only the first 3.
        assert_eq!(got.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 3, 5, 9]);
        // For the best 2, 5 and 9 sum to more than the last list's 1.0: no new entry.
        weigh(&lists, 2, 2, &mut got, &mut spare);
        assert_eq!(got.iter().map(|x| x.0).collect::<Vec<_>>(), [5, 9]);
    }

    #[test]
    fn a_long_last_list_looked_up_gives_the_sums_of_walking_it() {
        // merge_last searches the list for each sum; merge_list walks it. The sums of the
        // entries kept must be the same, and the best the same.
        let sums = [(3, 2.5), (8, 3.75), (12, 1.25), (40, 3.75), (41, 1.25)];
        let last: &[u32] = &[1, 2, 3, 5, 8, 9, 12, 30, 40, 50];
        for keep in [0, 1, 3, 100] {
            let (mut walked, mut looked_up) = (Vec::new(), Vec::new());
            merge_list(&sums, last, 0.75, keep, &mut walked);
            merge_last(&sums, last, 0.75, keep, &mut looked_up);
            assert_eq!(looked_up, walked, "keep {keep}");
            let n = keep.min(walked.len());
            walked.sort_by(by_sum);
            // The best are the summed entries on the list, then the rest by sum: 8 and 40
            // (4.5), 3 (3.25), 12 (2.0), 41 (1.25), then new entries at 0.75 by entry.
            let order = [8, 40, 3, 12, 41, 1, 2, 5, 9, 30, 50];
            let got: Vec<u32> = walked[..n].iter().map(|x| x.0).collect();
            assert_eq!(got, order[..n.min(order.len())], "keep {keep}");
        }
    }

    #[test]
    fn entries_out_of_reach_are_not_summed_and_the_best_are_unchanged() {
        // After the first two lists, entries 1..=4 sum to 5.0 or more, beyond the 1.5 the
        // last two lists can add together; so for the best 4 or fewer the later lists
        // only add to entries already summed. The ranking is worked out from BTreeMap
        // sums, sorted by sum (descending) then entry.
        let (a, b, c, d): (&[u32], &[u32], &[u32], &[u32]) = (
            &[1, 2, 3, 4, 5],
            &[1, 2, 3, 4, 6],
            &[2, 7, 8, 9],
            &[3, 9, 10, 11, 12],
        );
        let lists = vec![(a, 3.0), (b, 2.0), (c, 1.0), (d, 0.5)];
        assert_keeps_the_best(&lists);
        let (mut got, mut spare) = (Vec::new(), Vec::new());
        weigh(&lists, 4, 4, &mut got, &mut spare);
        assert_eq!(
            got.iter().map(|x| x.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn ties_at_the_cut_are_told_apart_by_the_words_that_fetched_nothing() {
        // Entries 1 to 4 tie at 5.0 for the best 2; entry 3 also holds word 7 (worth 1.5),
        // which fetched nothing, and so does entry 5, which is below the cut. By hand:
        // 3 rises to 6.5 and is first, then 1, the first by entry of those left at 5.0;
        // 5 (1.0) is not lifted, as it was never tied.
        let sums = vec![(1, 5.0), (2, 5.0), (3, 5.0), (4, 5.0), (5, 1.0)];
        let words = |e: u32| -> &'static [u32] {
            match e {
                3 | 5 => &[7, 8],
                _ => &[8],
            }
        };
        let picked = |sums: &[(u32, f64)], rank: &[(u32, f64)]| {
            let mut got = sums.to_vec();
            pick_best(&mut got, rank, 2, TIES, words);
            got.sort_by(by_sum);
            got
        };
        assert_eq!(picked(&sums, &[(7, 1.5)]), [(3, 6.5), (1, 5.0)]);
        // Without the word, the tie goes by entry.
        assert_eq!(picked(&sums, &[]), [(1, 5.0), (2, 5.0)]);
        // With no tie at the cut, the best are the best of the sums as they are.
        let clear = vec![(1, 6.0), (2, 5.0), (3, 4.0)];
        assert_eq!(picked(&clear, &[(7, 1.5)]), [(1, 6.0), (2, 5.0)]);
    }

    #[test]
    fn entries_far_below_the_first_are_not_scored() {
        // The first sums 10.0: with a share of 0.6 the floor is 6.0, so 6.0 stays (at the
        // floor) and 5.9 and 1.0 go; with 0, all stay.
        let ranked = vec![(4, 10.0), (2, 8.0), (9, 6.0), (1, 5.9), (3, 1.0)];
        let mut kept = ranked.clone();
        keep_share(&mut kept, 0.6);
        assert_eq!(kept, [(4, 10.0), (2, 8.0), (9, 6.0)]);
        let mut all = ranked.clone();
        keep_share(&mut all, 0.0);
        assert_eq!(all, ranked);
        let mut none: Vec<(u32, f64)> = Vec::new();
        keep_share(&mut none, 0.6);
        assert!(none.is_empty());
    }
}
