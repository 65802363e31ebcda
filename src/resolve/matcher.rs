//! Finding candidates for one ledger name: organisations its ledger identifiers name, then
//! register names with the same key, then register names sharing its rarest words (or a
//! register spelling of a misspelt word, or a word a cut-off word begins).

use polars::prelude::PlHashMap;

use super::entities::{Entities, id_keys};
use super::index::Index;
use super::normalise::{Key, Normaliser, Reading, fold, words};
use super::rules::MatchRules;
use super::score::{Candidate, Evidence};
use crate::reference::RegisterKind;
use crate::reference::registers::Registers;

/// Everything a match needs, built once per run.
pub struct Matcher<'a> {
    pub registers: &'a Registers,
    pub entities: &'a Entities,
    pub index: &'a Index,
    pub norm: &'a Normaliser,
    pub rules: &'a MatchRules,
}

/// One reading of a ledger name, looked up in the index once and compared with every
/// candidate.
pub struct QueryKey {
    pub key: Key,
    pub reading: Reading,
    pub words: Vec<String>,
    /// Whether the register holds each word as it is.
    pub known: Vec<bool>,
    /// Rarity weight of each word (an unknown word weighs as its nearest spellings).
    pub weights: Vec<f64>,
    /// Register words each word may stand for: itself, or its one-edit neighbours.
    sources: Vec<Vec<u32>>,
    /// The ledger field may have cut the name short.
    pub truncated: bool,
    /// The name as written ends in the key's last word: not in a stub of a legal form, a
    /// trailing "CO", an open bracket or a hyphen, any of which says the cut fell inside
    /// the name, whatever the key now ends with.
    pub ends_whole_word: bool,
}

/// A posting list to weigh: its entries (sorted), the weight each occurrence adds, and
/// whether an entry may be on it more than once (a register name using the word twice).
type List<'a> = (&'a [u32], f64, bool);

/// Each entry of the posting lists (each sorted by entry) with the sum of the weights of
/// the lists it is on, by entry, written into `out`; only entries that can be among the
/// `best` highest sums (ties by entry) are certain to be there. The lists are merged into
/// the sums one at a time, each a two-way merge, so every entry's weights are added in
/// list order (an entry twice on a list, for a word used twice, adds its weight twice).
/// `spare` is scratch space, kept between calls so that the buffers are not allocated
/// again.
///
/// Once `best` entries sum to more than every list still to come could add together, an
/// entry not yet summed cannot reach them (the "max-score" rule of search engines): the
/// remaining lists only add to the sums already there.
fn weigh(lists: &[List<'_>], best: usize, out: &mut Vec<(u32, f64)>, spare: &mut Vec<(u32, f64)>) {
    out.clear();
    let mut settled = false;
    for (k, &(list, w, repeats)) in lists.iter().enumerate() {
        settled = settled || (k > 0 && beyond_reach(out, &lists[k..], best));
        std::mem::swap(out, spare);
        out.clear();
        // Entries only once on the last list, and on no other, all sum to its weight and
        // rank by entry: past the first `best` of them, none can be among the best.
        if settled {
            add_to_summed(spare, list, w, out);
        } else if k + 1 < lists.len() {
            merge_list(spare, list, w, usize::MAX, out);
        } else if repeats || spare.len() * SEARCH_COST > list.len() {
            merge_list(spare, list, w, best, out);
        } else {
            merge_last(spare, list, w, best, out);
        }
    }
}

/// Whether the `best`-th highest of `sums` exceeds all that `rest` could add to an entry
/// new to them, that is whether `best` sums exceed it. Lists that may hold an entry twice
/// could add more than their weight, so with one of those to come the answer is no.
fn beyond_reach(sums: &[(u32, f64)], rest: &[List<'_>], best: usize) -> bool {
    if best == 0 || sums.len() < best || rest.iter().any(|l| l.2) {
        return false;
    }
    // Added in list order, as an entry's sum is: a sum over fewer of them is no larger.
    let reach = rest.iter().fold(0.0, |a, l| a + l.1);
    sums.iter().filter(|x| x.1 > reach).take(best).count() == best
}

/// `sums` with each entry that is on `list` (sorted, no entry twice) adding `w`; entries
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

/// [`merge_list`] for a list with no entry on it twice (often the longest, with the
/// commonest word): the sums are looked up in the list rather than the list walked, and
/// only its first `keep` entries new to the sums are read.
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
/// entries new to the sums and once on the list, only the first `keep`.
fn merge_list(sums: &[(u32, f64)], list: &[u32], w: f64, keep: usize, out: &mut Vec<(u32, f64)>) {
    out.reserve(sums.len() + list.len().min(keep));
    let (mut i, mut j, mut kept) = (0, 0, 0);
    while j < list.len() {
        let e = list[j];
        while i < sums.len() && sums[i].0 < e {
            out.push(sums[i]);
            i += 1;
        }
        let summed = i < sums.len() && sums[i].0 == e;
        let mut sum = if summed {
            i += 1;
            sums[i - 1].1
        } else {
            0.0
        };
        let from = j;
        while j < list.len() && list[j] == e {
            sum += w;
            j += 1;
        }
        let single_new = !summed && j - from == 1;
        if !single_new || kept < keep {
            out.push((e, sum));
            kept += usize::from(single_new);
        }
    }
    out.extend_from_slice(&sums[i..]);
}

/// Entries with their summed weights.
type Weighed = Vec<(u32, f64)>;

thread_local! {
    /// [`weigh`]'s buffers, one pair per thread.
    static WEIGHED: std::cell::RefCell<(Weighed, Weighed)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

impl Matcher<'_> {
    /// Every reading of a ledger name, keyed and looked up.
    pub fn query_keys(&self, raw: &str) -> Vec<QueryKey> {
        let ix = self.index;
        // A field cut where the name had a space loses that space too when the export
        // trims its cells: one character short of the field's width.
        let len = raw.trim().chars().count();
        let lengths = &self.rules.blocking.truncation_lengths;
        let cut = lengths.contains(&len) || lengths.contains(&(len + 1));
        // Read only for a name that may be cut (most are not), and none when the name ends
        // in a bracket or a hyphen.
        let last_word = (cut && raw.trim_end().ends_with(char::is_alphanumeric))
            .then(|| words(&fold(raw)).pop())
            .flatten();
        self.norm
            .readings(raw)
            .into_iter()
            .map(|(mut key, reading)| {
                if cut && reading == Reading::Whole {
                    self.norm.strip_cut_form(&mut key);
                }
                let words: Vec<String> = key.text.split(' ').map(str::to_string).collect();
                let ids: Vec<Option<u32>> = words.iter().map(|w| ix.token_id(w)).collect();
                // An unknown word stands for its one-edit neighbours, or failing those for
                // the two words it runs together; it weighs as the commonest neighbour or
                // the rarer half.
                let (sources, weights) = words
                    .iter()
                    .zip(&ids)
                    .map(|(w, id)| {
                        let freq = |t: &u32| ix.frequency(*t);
                        let near = match id {
                            Some(t) => vec![*t],
                            None => ix.near_words(w),
                        };
                        if near.is_empty()
                            && let Some(halves) = ix.split_words(w)
                        {
                            let weight = ix.idf(halves.iter().map(freq).min().unwrap_or(0));
                            return (halves.to_vec(), weight);
                        }
                        let weight = ix.idf(near.iter().map(freq).max().unwrap_or(0));
                        (near, weight)
                    })
                    .unzip();
                QueryKey {
                    truncated: cut && reading == Reading::Whole && key.form.is_none(),
                    ends_whole_word: last_word.as_deref() == key.text.rsplit(' ').next(),
                    known: ids.iter().map(Option::is_some).collect(),
                    key,
                    reading,
                    words,
                    weights,
                    sources,
                }
            })
            .collect()
    }

    /// Entries worth scoring for a reading, each with whether its key is the reading's.
    fn fetch(&self, q: &QueryKey) -> Vec<(u32, bool)> {
        let ix = self.index;
        let b = &self.rules.blocking;
        let whole = q.reading.is_whole();
        let mut out: Vec<(u32, bool)> = ix.exact(&q.key.text).map(|e| (e, whole)).collect();
        let token_names = b.token_names(ix.len());
        let mut sources: Vec<(u32, f64)> = Vec::new();
        for (i, ids) in q.sources.iter().enumerate() {
            let w = &q.words[i];
            let prefixed;
            let ids = if ids.is_empty() && q.truncated && i + 1 == q.words.len() && w.len() >= 2 {
                prefixed = ix.words_with_prefix(w, 64);
                &prefixed
            } else {
                ids
            };
            sources.extend(
                ids.iter()
                    .filter(|t| ix.frequency(**t) as usize <= token_names)
                    .map(|t| (*t, q.weights[i])),
            );
        }
        // Rarest words first, until enough register names have been looked at: a name
        // whose words are all common is found by its exact key or not at all.
        sources.sort_by_key(|(t, _)| (ix.frequency(*t), *t));
        sources.dedup_by_key(|(t, _)| *t);
        let mut lists: Vec<List<'_>> = Vec::with_capacity(4);
        let mut scanned = 0usize;
        for (t, w) in sources.iter().take(4) {
            let postings = ix.postings(*t);
            if scanned > 0 && scanned + postings.len() > token_names {
                break;
            }
            scanned += postings.len();
            lists.push((postings, *w, ix.repeats(*t)));
        }
        // The order is total (ties by entry), so the best few are picked out first and
        // only they are sorted: thousands of entries can share a name's rarest words.
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut ranked = WEIGHED.with_borrow_mut(|(sums, spare)| {
            weigh(&lists, b.max_candidates, sums, spare);
            if sums.len() > b.max_candidates {
                sums.select_nth_unstable_by(b.max_candidates - 1, order);
                sums.truncate(b.max_candidates);
            }
            sums.clone()
        });
        ranked.sort_unstable_by(order);
        out.extend(ranked.into_iter().map(|(e, _)| (e, false)));
        // An entry found both ways keeps its exact flag.
        out.sort_unstable_by_key(|(e, exact)| (*e, !*exact));
        out.dedup_by_key(|(e, _)| *e);
        out
    }

    /// Candidate organisations for a ledger name's readings, best first, one per
    /// organisation.
    pub fn candidates(&self, queries: &[QueryKey], ev: &Evidence) -> Vec<Candidate> {
        let mut best: PlHashMap<u32, Candidate> = PlHashMap::default();
        for q in queries {
            for (e, exact) in self.fetch(q) {
                let c = self.score(q, e, ev, exact);
                let better = |b: &Candidate| (c.raw, b.entry) > (b.raw, c.entry);
                if best.get(&c.entity).is_none_or(better) {
                    best.insert(c.entity, c);
                }
            }
        }
        let mut out: Vec<Candidate> = best.into_values().collect();
        out.sort_by(|a, b| b.raw.total_cmp(&a.raw).then(a.entity.cmp(&b.entity)));
        out
    }

    /// Organisations holding `id` in register `kind` (for a Companies House number, also
    /// the society or co-op records that carry it).
    pub fn entities_with_id(&self, kind: RegisterKind, id: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for key in id_keys(kind, id, ["", "", ""]) {
            for r in self.entities.by_id(&key) {
                let e = self.entities.entity[r as usize];
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// Organisations a ledger identifier (company or charity number) names, with it.
    pub fn by_identifier<'e>(&self, ev: &'e Evidence) -> Vec<(u32, &'e str)> {
        let ids = [
            (ev.company_number.as_deref(), RegisterKind::CompaniesHouse),
            (
                ev.charity_number.as_deref(),
                RegisterKind::CharityCommission,
            ),
        ];
        let mut out: Vec<(u32, &str)> = Vec::new();
        for (id, kind) in ids {
            let Some(id) = id else { continue };
            for e in self.entities_with_id(kind, id) {
                if !out.iter().any(|(x, _)| *x == e) {
                    out.push((e, id));
                }
            }
        }
        out
    }

    /// Scores one organisation's records against a name's readings: its best candidate.
    pub fn score_entity(
        &self,
        queries: &[QueryKey],
        ev: &Evidence,
        entity: u32,
    ) -> Option<Candidate> {
        let ix = self.index;
        let mut best: Option<Candidate> = None;
        for q in queries {
            for r in self.entities.members(entity) {
                let from = ix.record.partition_point(|x| *x < r);
                for e in (from..ix.len()).take_while(|e| ix.record[*e] == r) {
                    let c = self.score(q, e as u32, ev, ix.key(e) == q.key.text);
                    if best.as_ref().is_none_or(|b| c.raw > b.raw) {
                        best = Some(c);
                    }
                }
            }
        }
        best
    }

    /// The register kind and id that name organisation `entity`.
    pub fn register_id(&self, entity: u32) -> (RegisterKind, &str) {
        let rec = self.entities.records[self.entities.representative(entity) as usize];
        let file = &self.registers.files[rec.file as usize];
        (file.kind, file.table.id(rec.row as usize))
    }

    /// The register name of a record.
    pub fn record_name(&self, record: u32) -> &str {
        let rec = self.entities.records[record as usize];
        self.registers.files[rec.file as usize]
            .table
            .name(rec.row as usize)
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::{List, weigh};

    /// Each entry's weights added up list by list in a BTreeMap: the sums by hand, by entry.
    fn by_hand(lists: &[List<'_>]) -> Vec<(u32, f64)> {
        let mut sums = std::collections::BTreeMap::new();
        for (list, w, _) in lists {
            for e in *list {
                *sums.entry(*e).or_insert(0.0) += w;
            }
        }
        sums.into_iter().collect()
    }

    /// Highest sum first, ties by entry: the order the best are picked in.
    fn by_sum(x: &(u32, f64), y: &(u32, f64)) -> Ordering {
        y.1.total_cmp(&x.1).then(x.0.cmp(&y.0))
    }

    /// For every `n`, the best `n` that `weigh` keeps are the best `n` of the hand sums.
    fn assert_keeps_the_best(lists: &[List<'_>]) {
        let mut ranked = by_hand(lists);
        ranked.sort_by(by_sum);
        for n in 1..=ranked.len() {
            let (mut got, mut spare) = (Vec::new(), Vec::new());
            weigh(lists, n, &mut got, &mut spare);
            got.sort_by(by_sum);
            assert_eq!(got[..n], ranked[..n], "best {n}");
        }
    }

    #[test]
    fn weigh_sums_each_entry_over_the_lists_it_is_on() {
        // Entry 4 is on all three lists, 7 twice on the first (a word used twice), 9 only
        // on the last; the expectation is added up here, list by list, in a BTreeMap.
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 4, 7, 7], &[2, 4], &[4, 9]);
        let lists = vec![(a, 3.0, true), (b, 2.0, false), (c, 0.5, false)];
        let want = by_hand(&lists);
        let (mut got, mut spare) = (Vec::new(), vec![(99, 1.0)]);
        weigh(&lists, usize::MAX, &mut got, &mut spare);
        assert_eq!(got, want);
        assert_eq!(want[2], (4, 5.5));
        assert_eq!(want[3], (7, 6.0));
    }

    #[test]
    fn weigh_keeps_every_entry_that_can_be_among_the_best() {
        // Entry 6 is twice on the last list and 5 on both lists; the rest of the last list
        // are single entries that tie at its weight and rank by entry. The best `n` are
        // worked out here from BTreeMap sums, sorted by sum (descending) then entry.
        let (a, last): (&[u32], &[u32]) = (&[5, 9], &[1, 2, 3, 4, 5, 6, 6, 7, 8]);
        let lists = vec![(a, 2.0, false), (last, 1.0, true)];
        assert_keeps_the_best(&lists);
        let (mut got, mut spare) = (Vec::new(), Vec::new());
        weigh(&lists, 2, &mut got, &mut spare);
        // 5, 9 and 6 always; of the single entries 1, 2, 3, 4, 7, 8 only 1 and 2.
        assert_eq!(got.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2, 5, 6, 9]);
    }

    #[test]
    fn a_last_list_without_repeats_is_looked_up_with_the_same_sums() {
        // The last list holds no entry twice, so it may be searched rather than walked;
        // the sums of the entries kept must be those of walking it, which the first test
        // checks against sums added up by hand.
        let (a, b, last): (&[u32], &[u32], &[u32]) = (
            &[3, 8, 8, 40],
            &[8, 12, 40, 41],
            &[1, 2, 3, 5, 8, 9, 12, 30, 40, 50],
        );
        let walk = vec![(a, 2.5, true), (b, 1.25, false), (last, 0.75, true)];
        let look = vec![(a, 2.5, true), (b, 1.25, false), (last, 0.75, false)];
        for keep in [0, 1, 3, 100] {
            let (mut walked, mut looked_up, mut spare) = (Vec::new(), Vec::new(), Vec::new());
            weigh(&walk, keep, &mut walked, &mut spare);
            weigh(&look, keep, &mut looked_up, &mut spare);
            // Looked up, entries out of reach of the best may be left out; those kept
            // have the walked sums, and the best are the same.
            assert!(looked_up.iter().all(|x| walked.contains(x)), "keep {keep}");
            walked.sort_by(by_sum);
            looked_up.sort_by(by_sum);
            let n = keep.min(walked.len());
            assert_eq!(looked_up[..n], walked[..n], "keep {keep}");
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
        let lists = vec![
            (a, 3.0, false),
            (b, 2.0, false),
            (c, 1.0, false),
            (d, 0.5, false),
        ];
        assert_keeps_the_best(&lists);
        let (mut got, mut spare) = (Vec::new(), Vec::new());
        weigh(&lists, 4, &mut got, &mut spare);
        assert_eq!(
            got.iter().map(|x| x.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        // A list that may hold an entry twice could lift a new entry further: no pruning.
        let mut doubled = lists.clone();
        doubled[3].2 = true;
        weigh(&doubled, 4, &mut got, &mut spare);
        assert!(got.iter().any(|x| x.0 == 12));
    }
}
