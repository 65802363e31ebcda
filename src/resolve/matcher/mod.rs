//! Finding candidates for one ledger name: organisations its ledger identifiers name, then
//! register names with the same key, then register names sharing its rarest words (or a
//! register spelling of a misspelt word, or a word a cut-off word begins).

mod brackets;
pub(super) mod core;
mod initials;
pub mod score;

use polars::prelude::PlHashMap;

use self::core::split_core;
use self::score::{Candidate, Evidence};
use crate::reference::RegisterKind;
use crate::reference::registers::Registers;
use crate::resolve::blocking::{Lists, best_entries};
use crate::resolve::entities::{Entities, id_keys};
use crate::resolve::fold::{fold, words};
use crate::resolve::index::Index;
use crate::resolve::name_rules::MatchRules;
use crate::resolve::normalise::{Key, Normaliser, Reading};

/// At most this many of a name's words (its rarest) fetch register names.
const FETCHING_WORDS: usize = 4;

/// Everything a match needs, built once per run.
/// How much a form-like word weighs in ranking the register names fetched, against its
/// rarity.
const FORM_WORD_RANK: f64 = 0.25;

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
    /// Register words each word may stand for: itself, or its one-edit neighbours, or the
    /// two words it runs together.
    sources: Vec<Vec<u32>>,
    /// Whether each word's sources are the two it runs together.
    split: Vec<bool>,
    /// Positions in `words` of the name's core, and its ending form-like words, sorted
    /// (see [`split_core`]).
    pub core: Vec<usize>,
    pub form: Vec<String>,
    /// The ledger field may have cut the name short.
    pub truncated: bool,
    /// The name as written ends in the key's last word: not in a stub of a legal form, a
    /// trailing "CO", an open bracket or a hyphen, any of which says the cut fell inside
    /// the name, whatever the key now ends with.
    pub ends_whole_word: bool,
    /// The words the ledger name qualifies itself with in brackets (the same for every
    /// reading; see [`Normaliser::qualifier_words`]).
    pub bracketed: std::sync::Arc<[String]>,
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
        let bracketed: std::sync::Arc<[String]> = self.norm.qualifier_words(raw).into();
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
                let mut split = vec![false; words.len()];
                let (sources, weights) = words
                    .iter()
                    .zip(&ids)
                    .zip(&mut split)
                    .map(|((w, id), split)| {
                        let freq = |t: &u32| ix.frequency(*t);
                        let near = match id {
                            Some(t) => vec![*t],
                            None => ix.near_words(w),
                        };
                        if near.is_empty()
                            && let Some(halves) = ix.split_words(w)
                        {
                            *split = true;
                            let weight = ix.idf(halves.iter().map(freq).min().unwrap_or(0));
                            return (halves.to_vec(), weight);
                        }
                        let weight = ix.idf(near.iter().map(freq).max().unwrap_or(0));
                        (near, weight)
                    })
                    .unzip();
                let (core, form) = {
                    let ws: Vec<&str> = words.iter().map(String::as_str).collect();
                    let (core, form) = split_core(self.norm, &ws);
                    (core, form.into_iter().map(str::to_string).collect())
                };
                QueryKey {
                    core,
                    form,
                    truncated: cut && reading == Reading::Whole && key.form.is_none(),
                    ends_whole_word: last_word.as_deref() == key.text.rsplit(' ').next(),
                    bracketed: bracketed.clone(),
                    known: ids.iter().map(Option::is_some).collect(),
                    key,
                    reading,
                    words,
                    weights,
                    sources,
                    split,
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
        let lists = self.blocking_lists(q);
        let ranked = best_entries(&lists, b.max_candidates, b.min_weight_share, ix);
        out.extend(ranked.into_iter().map(|e| (e, false)));
        // An entry found both ways keeps its exact flag.
        out.sort_unstable_by_key(|(e, exact)| (*e, !*exact));
        out.dedup_by_key(|(e, _)| *e);
        out
    }

    /// The posting lists a reading's words fetch register names from, and those of its
    /// other words, which only rank the names fetched.
    ///
    /// Rarest words first, at most [`FETCHING_WORDS`] of them, until enough register names
    /// have been looked at (a word in more names than that only ranks): a name whose
    /// words are all common is found by its exact key or not at all. A misspelt word
    /// fetches through every register spelling it may stand for; a word run together
    /// through both halves, each at half its weight, so that a name holding one half does
    /// not outrank one holding a whole other word.
    fn blocking_lists(&self, q: &QueryKey) -> Lists<'_> {
        let ix = self.index;
        let budget = self.rules.blocking.token_names(ix.len());
        let mut words: Vec<(Vec<u32>, f64)> = Vec::with_capacity(q.words.len());
        let mut seen: Vec<u32> = Vec::new();
        for (i, ids) in q.sources.iter().enumerate() {
            let w = &q.words[i];
            let prefixed;
            let ids = if ids.is_empty() && q.truncated && i + 1 == q.words.len() && w.len() >= 2 {
                prefixed = ix.words_with_prefix(w, 64);
                &prefixed
            } else {
                ids
            };
            // A register word two of the ledger words stand for counts once.
            let mut ids: Vec<u32> = ids.iter().copied().filter(|t| !seen.contains(t)).collect();
            ids.sort_by_key(|t| (ix.frequency(*t), *t));
            seen.extend(&ids);
            let mut weight = if q.split[i] {
                q.weights[i] / 2.0
            } else {
                q.weights[i]
            };
            // A form-like word (club, institute, society) says what kind of body, not which:
            // "Allotment Social Club and Institute" should bring the allotment social clubs
            // to the top, not every "… Club and Institute".
            if self.norm.is_form_word(w) {
                weight *= FORM_WORD_RANK;
            }
            if !ids.is_empty() {
                words.push((ids, weight));
            }
        }
        words.sort_by_key(|(ids, _)| (ix.frequency(ids[0]), ids[0]));
        let mut out = Lists::default();
        let mut scanned = 0usize;
        for (k, (ids, weight)) in words.iter().enumerate() {
            for t in ids {
                let postings = ix.postings(*t);
                if k < FETCHING_WORDS && scanned + postings.len() <= budget {
                    scanned += postings.len();
                    out.fetch.push((postings, *weight));
                } else {
                    out.rank.push((*t, *weight));
                }
            }
        }
        out
    }

    /// Candidate organisations for a ledger name's readings, best first, one per
    /// organisation.
    pub fn candidates(&self, queries: &[QueryKey], ev: &Evidence) -> Vec<Candidate> {
        self.candidates_besides(queries, ev, None)
    }

    /// [`Matcher::candidates`] but for organisation `own`, whose names are not scored (a
    /// register record looked up among the others: a society's thousand outlets are one
    /// organisation, not a thousand candidates to score).
    pub fn candidates_besides(
        &self,
        queries: &[QueryKey],
        ev: &Evidence,
        own: Option<u32>,
    ) -> Vec<Candidate> {
        let mut best: PlHashMap<u32, Candidate> = PlHashMap::default();
        for q in queries {
            for (e, exact) in self.fetch(q) {
                if own.is_some_and(|o| {
                    let r = self.index.record[e as usize];
                    self.entities.entity[r as usize] == o
                }) {
                    continue;
                }
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
