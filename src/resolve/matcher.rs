//! Finding and scoring candidates for one ledger name: identifiers first, then exact keys,
//! then fuzzy candidates fetched by rare words and scored feature by feature, so that every
//! score can be explained.

use std::collections::HashMap;

use chrono::NaiveDate;
use rapidfuzz::distance::{indel, osa};
use serde::Serialize;

use super::entities::{Entities, id_keys};
use super::index::{Index, NameKind};
use super::normalise::{Key, Normaliser, Reading};
use super::rules::MatchRules;
use crate::reference::RegisterKind;
use crate::reference::registers::Registers;

/// What the ledgers say about one supplier name besides the name.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Postcode without spaces, upper case.
    pub postcode: Option<String>,
    pub company_number: Option<String>,
    pub charity_number: Option<String>,
    pub first_paid: Option<NaiveDate>,
    pub last_paid: Option<NaiveDate>,
}

/// Agreement of one piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Agree,
    Partial,
    Conflict,
    Unknown,
}

/// The features behind a score.
#[derive(Debug, Clone, Serialize)]
pub struct Features {
    /// Character similarity of the keys (best of as written, words sorted, truncated).
    pub name: f64,
    /// Share of word rarity the two names have in common.
    pub rare_words: f64,
    pub legal_form: Agreement,
    pub postcode: Agreement,
    /// The register says it was dissolved before the first payment or incorporated
    /// after the last.
    pub inactive_when_paid: bool,
    pub previous_name: bool,
    pub truncated: bool,
    /// Words matched only up to a typo.
    pub typo_words: u8,
    /// A typo in a distinctive word (few register names hold it).
    pub distinctive_typo: bool,
    /// The same words in another order.
    pub reordered: bool,
    /// Matched through a trading name or bracketed words rather than the legal name.
    pub other_reading: bool,
    /// A number in one name is not in the other.
    pub numbers_differ: bool,
}

/// One scored candidate organisation.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub entity: u32,
    pub record: u32,
    pub entry: u32,
    /// Unclamped: ties above 1 still rank.
    pub raw: f64,
    pub features: Features,
    pub reading: Reading,
    pub exact: bool,
}

impl Candidate {
    pub fn score(&self) -> f64 {
        self.raw.clamp(0.0, 1.0)
    }

    /// Whether the evidence is of a kind that may be linked without a person: not through
    /// a trading name or a long alias, no typo in a distinctive word, no reordering.
    pub fn auto_acceptable(&self) -> bool {
        let f = &self.features;
        !f.distinctive_typo && !f.reordered && !f.other_reading && !f.numbers_differ
    }
}

/// Everything a match needs, built once per run.
pub struct Matcher<'a> {
    pub registers: &'a Registers,
    pub entities: &'a Entities,
    pub index: &'a Index,
    pub norm: &'a Normaliser,
    pub rules: &'a MatchRules,
}

/// A ledger name's reading, ready to compare.
struct QueryKey {
    key: Key,
    reading: Reading,
    /// Weaker than the legal name (a trading name, words in brackets).
    other: bool,
    words: Vec<String>,
    weights: Vec<f64>,
    truncated: bool,
}

/// Credit for a word matched up to one typo.
const TYPO: f64 = 0.7;

/// `HLDGS` for `HOLDINGS`, `SOLNS` for `SOLUTIONS`: same first letter, the letters in
/// order, clearly shorter.
fn is_abbreviation(short: &str, long: &str) -> bool {
    if short.len() < 3
        || short.len() + 2 > long.len()
        || short.chars().next() != long.chars().next()
    {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

fn sorted_words(s: &str) -> String {
    let mut w: Vec<&str> = s.split(' ').collect();
    w.sort_unstable();
    w.join(" ")
}

fn outward(pc: &str) -> &str {
    &pc[..pc.len().saturating_sub(3)]
}

impl Matcher<'_> {
    fn kind(&self, record: u32) -> RegisterKind {
        let r = self.entities.records[record as usize];
        self.registers.files[r.file as usize].kind
    }

    fn query_keys(&self, raw: &str) -> Vec<QueryKey> {
        let len = raw.trim().chars().count();
        let cut = self.rules.blocking.truncation_lengths.contains(&len);
        self.norm
            .readings(raw)
            .into_iter()
            .map(|(mut key, reading)| {
                if cut && reading == Reading::Whole {
                    self.norm.strip_cut_form(&mut key);
                }
                let words: Vec<String> = key.text.split(' ').map(str::to_string).collect();
                let weights = words
                    .iter()
                    .map(|w| {
                        let df = match self.index.token_id(w) {
                            Some(t) => self.index.frequency(t),
                            // An unknown word weighs as a word its nearest spelling is.
                            None => self
                                .index
                                .near_words(w)
                                .iter()
                                .map(|t| self.index.frequency(*t))
                                .max()
                                .unwrap_or(0),
                        };
                        self.index.idf(df)
                    })
                    .collect();
                let truncated = cut && matches!(reading, Reading::Whole) && key.form.is_none();
                // Leaving out bracketed words still reads the legal name (at a cost in
                // score); the bracketed words alone, or a trading name, do not.
                let other = match reading {
                    Reading::Whole => false,
                    Reading::Unbracketed => false,
                    Reading::Bracketed | Reading::Trading => true,
                };
                QueryKey {
                    key,
                    reading,
                    other,
                    words,
                    weights,
                    truncated,
                }
            })
            .collect()
    }

    /// Entries worth scoring for a reading: exact keys, then those sharing its rarest words
    /// (or a register spelling of a misspelt word, or a word a cut-off word begins).
    fn fetch(&self, q: &QueryKey) -> Vec<(u32, bool)> {
        let whole = q.reading == Reading::Whole;
        let mut out: Vec<(u32, bool)> = self.index.exact(&q.key.text).map(|e| (e, whole)).collect();
        let b = &self.rules.blocking;
        let mut sources: Vec<(u32, f64)> = Vec::new();
        for (i, w) in q.words.iter().enumerate() {
            let ids = match self.index.token_id(w) {
                Some(t) => vec![t],
                None => {
                    let mut ids = self.index.near_words(w);
                    if ids.is_empty() && q.truncated && i + 1 == q.words.len() && w.len() >= 2 {
                        ids = self.index.words_with_prefix(w, 64);
                    }
                    ids
                }
            };
            for t in ids {
                let df = self.index.frequency(t);
                if (df as usize) <= b.max_token_names {
                    sources.push((t, q.weights[i]));
                }
            }
        }
        // Rarest words first; four are plenty to find the name.
        sources.sort_by_key(|(t, _)| (self.index.frequency(*t), *t));
        sources.dedup_by_key(|(t, _)| *t);
        // Rarest words first, until enough register names have been looked at: a name
        // whose words are all common is found by its exact key or not at all.
        let mut acc: HashMap<u32, f64> = HashMap::new();
        let mut scanned = 0usize;
        for (t, w) in sources.iter().take(4) {
            let postings = self.index.postings(*t);
            if scanned > 0 && scanned + postings.len() > b.max_token_names {
                break;
            }
            scanned += postings.len();
            for &e in postings {
                *acc.entry(e).or_default() += w;
            }
        }
        let mut ranked: Vec<(u32, f64)> = acc.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(b.max_candidates);
        out.extend(ranked.into_iter().map(|(e, _)| (e, false)));
        // An entry found both ways keeps its exact flag.
        out.sort_unstable_by_key(|(e, exact)| (*e, !*exact));
        out.dedup_by_key(|(e, _)| *e);
        out
    }

    /// Scores entry `e` against reading `q`.
    fn score(&self, q: &QueryKey, e: u32, ev: &Evidence, exact: bool) -> Candidate {
        let ix = self.index;
        let w = &self.rules.weights;
        let ck = ix.key(e as usize);
        let qk = q.key.text.as_str();
        let direct = indel::normalized_similarity(qk.chars(), ck.chars());
        let sorted =
            indel::normalized_similarity(sorted_words(qk).chars(), sorted_words(ck).chars());
        let reordered = sorted > direct + 0.05;
        let mut name = direct.max(sorted);
        let mut truncated = false;
        if q.truncated && ck.chars().count() > qk.chars().count() {
            let cut: String = ck.chars().take(qk.chars().count()).collect();
            let s = indel::normalized_similarity(qk.chars(), cut.chars());
            if s > name {
                name = s;
                truncated = true;
            }
        }
        // Word agreement weighted by rarity.
        let cand: Vec<&str> = ix
            .entry_tokens(e as usize)
            .iter()
            .map(|t| ix.token(*t))
            .collect();
        let mut used = vec![false; cand.len()];
        let (mut matched, mut total, mut typos) = (0.0, 0.0, 0u8);
        let mut distinctive_typo = false;
        let mut last_used = 0;
        let mut skip_next = false;
        for (i, word) in q.words.iter().enumerate() {
            let wt = q.weights[i];
            total += wt;
            if std::mem::take(&mut skip_next) {
                matched += wt; // the second half of a word the register writes as one
                continue;
            }
            let last = i + 1 == q.words.len();
            // A word the register knows is that word, not a misspelling of another:
            // DAVIS is not DAVIES, COUNTY is not COUNTRY, BIG is not BRIDGE.
            let known = ix.token_id(word).is_some();
            // "PRINTWORKS" for "PRINT WORKS" and the other way round.
            let joined = (0..cand.len().saturating_sub(1)).find(|&j| {
                !used[j]
                    && !used[j + 1]
                    && word.len() == cand[j].len() + cand[j + 1].len()
                    && word.starts_with(cand[j])
                    && word.ends_with(cand[j + 1])
            });
            if let Some(j) = joined {
                used[j] = true;
                used[j + 1] = true;
                matched += wt;
                last_used = last_used.max(j + 1);
                continue;
            }
            if let Some(next) = q.words.get(i + 1)
                && let Some(j) = (0..cand.len()).find(|&j| {
                    !used[j]
                        && cand[j].len() == word.len() + next.len()
                        && cand[j].starts_with(word.as_str())
                        && cand[j].ends_with(next.as_str())
                })
            {
                used[j] = true;
                matched += wt;
                skip_next = true;
                last_used = last_used.max(j);
                continue;
            }
            let found = (0..cand.len()).filter(|j| !used[*j]).find_map(|j| {
                let c = cand[j];
                if c == word {
                    Some((j, 1.0))
                } else if !known
                    && word.chars().count() >= 4
                    && osa::distance(word.chars(), c.chars()) <= 1
                {
                    Some((j, TYPO))
                } else if word.len() >= 3 && c.starts_with(word.as_str()) {
                    Some((j, if last && q.truncated { 1.0 } else { 0.8 }))
                } else if !known && is_abbreviation(word, c) {
                    Some((j, 0.75))
                } else {
                    None
                }
            });
            if let Some((j, credit)) = found {
                used[j] = true;
                matched += wt * credit;
                if credit == TYPO {
                    typos += 1;
                    let df = ix.token_id(cand[j]).map_or(0, |t| ix.frequency(t));
                    distinctive_typo |= df < self.rules.thresholds.common_word_names;
                }
                last_used = last_used.max(j);
            }
        }
        for (j, c) in cand.iter().enumerate() {
            if used[j] || (truncated && j > last_used) {
                continue; // beyond the cut, the ledger could not show the word
            }
            total += ix.idf(ix.token_id(c).map_or(0, |t| ix.frequency(t)));
        }
        let rare_words = if total > 0.0 { matched / total } else { 0.0 };
        // Numbers tell companies apart (… 2019 LTD, … 2 LTD): every number on one side
        // must be on the other (a cut name only needs its own).
        let numbers = |ws: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            let mut v: Vec<String> = ws
                .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                .map(str::to_string)
                .collect();
            v.sort();
            v
        };
        let qn = numbers(&mut q.words.iter().map(String::as_str));
        let cn = numbers(&mut cand.iter().copied());
        let numbers_differ = if truncated {
            qn.iter().any(|n| !cn.contains(n))
        } else {
            qn != cn
        };
        let legal_form = match (q.key.form, ix.form(e as usize)) {
            (Some(a), Some(b)) if a == b => Agreement::Agree,
            (Some(_), Some(_)) => Agreement::Conflict,
            _ => Agreement::Unknown,
        };
        let record = ix.record[e as usize];
        let rec = self.entities.records[record as usize];
        let table = &self.registers.files[rec.file as usize].table;
        let reg_pc: String = table
            .postcode(rec.row as usize)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let postcode = match ev.postcode.as_deref() {
            Some(p) if !reg_pc.is_empty() && p.len() >= 5 => {
                if p == reg_pc {
                    Agreement::Agree
                } else if outward(p) == outward(&reg_pc) {
                    Agreement::Partial
                } else {
                    Agreement::Conflict
                }
            }
            _ => Agreement::Unknown,
        };
        let (born, died) = table.dates(rec.row as usize);
        let inactive_when_paid = matches!((died, ev.first_paid), (Some(d), Some(f)) if d < f)
            || matches!((born, ev.last_paid), (Some(b), Some(l)) if b > l);
        let previous_name = ix.kind(e as usize) == NameKind::Previous;
        let mut raw = w.name * name + w.tokens * rare_words;
        raw += match legal_form {
            Agreement::Agree => w.legal_form_agree,
            Agreement::Conflict => w.legal_form_conflict,
            _ => 0.0,
        };
        raw += match postcode {
            Agreement::Agree => w.postcode_agree,
            Agreement::Partial => w.postcode_district_agree,
            Agreement::Conflict => w.postcode_conflict,
            Agreement::Unknown => 0.0,
        };
        if inactive_when_paid {
            raw += w.inactive_when_paid;
        }
        if previous_name {
            raw += w.previous_name;
        }
        if q.reading != Reading::Whole {
            raw += w.other_reading;
        }
        Candidate {
            entity: self.entities.entity[record as usize],
            record,
            entry: e,
            raw,
            features: Features {
                name,
                rare_words,
                legal_form,
                postcode,
                inactive_when_paid,
                previous_name,
                truncated,
                typo_words: typos,
                distinctive_typo,
                reordered: reordered && name > direct,
                other_reading: q.other,
                numbers_differ,
            },
            reading: q.reading,
            exact,
        }
    }

    /// Candidate organisations for a ledger name, best first, one per organisation.
    pub fn candidates(&self, raw: &str, ev: &Evidence) -> Vec<Candidate> {
        let mut best: HashMap<u32, Candidate> = HashMap::new();
        for q in self.query_keys(raw) {
            for (e, exact) in self.fetch(&q) {
                let c = self.score(&q, e, ev, exact);
                match best.get(&c.entity) {
                    Some(b)
                        if (b.raw, std::cmp::Reverse(b.entry))
                            >= (c.raw, std::cmp::Reverse(c.entry)) => {}
                    _ => {
                        best.insert(c.entity, c);
                    }
                }
            }
        }
        let mut out: Vec<Candidate> = best.into_values().collect();
        out.sort_by(|a, b| b.raw.total_cmp(&a.raw).then(a.entity.cmp(&b.entity)));
        out
    }

    /// Organisations a ledger identifier (company or charity number) names.
    pub fn by_identifier(&self, ev: &Evidence) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        let ids = [
            (ev.company_number.as_deref(), RegisterKind::CompaniesHouse),
            (
                ev.charity_number.as_deref(),
                RegisterKind::CharityCommission,
            ),
        ];
        for (id, kind) in ids {
            let Some(id) = id else { continue };
            for k in id_keys(kind, id, ["", "", ""]) {
                for r in self.entities.by_id(&k) {
                    let e = self.entities.entity[r as usize];
                    if !out.iter().any(|(x, _)| *x == e) {
                        out.push((e, id.to_string()));
                    }
                }
            }
        }
        out
    }

    /// Scores one organisation's records against a name: its best candidate.
    pub fn score_entity(&self, raw: &str, ev: &Evidence, entity: u32) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        for q in self.query_keys(raw) {
            for r in self.entities.members(entity) {
                for e in self.entries_of(r) {
                    let c = self.score(&q, e, ev, ix_key_eq(self.index, e, &q.key.text));
                    if best.as_ref().is_none_or(|b| c.raw > b.raw) {
                        best = Some(c);
                    }
                }
            }
        }
        best
    }

    fn entries_of(&self, record: u32) -> impl Iterator<Item = u32> + '_ {
        let ix = self.index;
        let from = ix.record.partition_point(|r| *r < record);
        (from..ix.len())
            .take_while(move |e| ix.record[*e] == record)
            .map(|e| e as u32)
    }

    /// The register kind and id that name organisation `entity`.
    pub fn register_id(&self, entity: u32) -> (RegisterKind, &str) {
        let r = self.entities.representative(entity);
        let rec = self.entities.records[r as usize];
        (
            self.kind(r),
            self.registers.files[rec.file as usize]
                .table
                .id(rec.row as usize),
        )
    }

    /// The register name of a candidate's record.
    pub fn record_name(&self, record: u32) -> &str {
        let rec = self.entities.records[record as usize];
        self.registers.files[rec.file as usize]
            .table
            .name(rec.row as usize)
    }
}

fn ix_key_eq(ix: &Index, e: u32, key: &str) -> bool {
    ix.key(e as usize) == key
}
