//! Scoring one register name against one reading of a ledger name, feature by feature, so
//! that every score can be explained and every automatic link justified.

use chrono::NaiveDate;
use rapidfuzz::distance::indel;
use serde::Serialize;

use super::core::{CoreMatch, FormWords};
use super::{Matcher, QueryKey};
use crate::reference::postcode::{self, Postcode};
use crate::resolve::index::NameKind;
use crate::resolve::name_rules::Doubt;
use crate::resolve::typo::{Typo, typo};

/// What the ledgers say about one supplier name besides the name.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The postcode written most often beside the name.
    pub postcode: Option<Postcode>,
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
    /// Cut short exactly where a register word ends, so the ledger name reads as a whole
    /// name too (DURHAM CONSTABULARY, not the Durham Constabulary Credit Union).
    pub cut_at_word_end: bool,
    /// Words matched only up to a typo.
    pub typo_words: u8,
    /// A typo in a distinctive word (few register names hold it).
    pub distinctive_typo: bool,
    /// The same words in another order.
    pub reordered: bool,
    /// Matched through a trading name or bracketed words rather than the legal name, or
    /// through a register name read without the one bracketed word that ends it when the
    /// ledger name is too little to settle it (see `qualifier_settled`).
    pub other_reading: bool,
    /// A number in one name is not in the other.
    pub numbers_differ: bool,
    /// Matched through a register name read with or without its bracketed words, or
    /// scored on cores whose form-like words conflict, with one distinctive word left to
    /// agree on ("Cultivate" for "Cultivate (Cwm Harry)", "Pioneer Trust" for "Pioneer
    /// Club"): too little to link unseen. Form-like words only added to a registered name
    /// ("Belmont Club and Institute" for "Belmont Club") leave the one word the whole
    /// name; added to a trading name ("Wave Trust" for a company trading as "wave"), not.
    pub thin_alias: bool,
    /// Scored on the names' cores, whose form-like words differ (added, or in conflict).
    pub form_words: Option<FormWords>,
    /// Scored on the names' cores, one common word of one missing from the other.
    pub dropped_word: Option<String>,
    /// Every core word of one name is in the other, one of them distinctive: a name
    /// written longer or shorter, worth a person's look even when it scores low.
    pub contained: bool,
    /// One name writes the initials of a run of the other's words ("clt" for "community
    /// land trust"), the rest agreeing word for word.
    pub initials: Option<String>,
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
    pub exact: bool,
}

impl Candidate {
    pub fn score(&self) -> f64 {
        self.raw.clamp(0.0, 1.0)
    }

    /// What keeps this candidate from being linked without a person.
    pub fn doubts(&self) -> impl Iterator<Item = Doubt> {
        let f = &self.features;
        [
            (f.distinctive_typo, Doubt::DistinctiveTypo),
            (f.reordered, Doubt::Reordered),
            (f.other_reading, Doubt::OtherReading),
            (f.numbers_differ, Doubt::NumbersDiffer),
            (f.dropped_word.is_some(), Doubt::DroppedWord),
            (f.thin_alias, Doubt::OtherReading),
        ]
        .into_iter()
        .filter_map(|(has, d)| has.then_some(d))
    }

    /// Whether the evidence is of a kind that may be linked without a person: not through
    /// a trading name or bracketed words alone, no typo in a distinctive word, no
    /// reordering, the same numbers — unless an agreeing full postcode settles the doubt.
    pub fn auto_acceptable(&self, postcode_settles: &[Doubt]) -> bool {
        let same_place = self.features.postcode == Agreement::Agree;
        self.doubts()
            .all(|d| same_place && postcode_settles.contains(&d))
    }
}

/// A name of one distinctive word is contained in another only when the word is in
/// fewer register names than this: "MiEnterprise" names a body, "Development" does not.
const SINGLE_WORD_NAMES: u32 = 4;

/// Most words one side may write as one word (HENLEY-ON-THAMES).
const MAX_JOINED: usize = 3;

/// Whether `word` is `parts` written together.
fn is_concat<S: AsRef<str>>(word: &str, parts: &[S]) -> bool {
    let mut rest = word;
    for p in parts {
        match rest.strip_prefix(p.as_ref()) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Credit for a common word (SERVICES, LIMITED) matched up to a typo.
const COMMON_TYPO: f64 = 0.9;

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

/// How far two names' words agree, weighted by rarity.
struct WordAgreement {
    rare_words: f64,
    typos: u8,
    distinctive_typo: bool,
}

/// Numbers tell companies apart (… 2019 LTD, … 2 LTD): every number on one side must be
/// on the other (a cut name only needs its own).
fn numbers_differ(query: &[String], cand: &[&str], truncated: bool) -> bool {
    let numeric = |w: &&str| w.chars().any(|c| c.is_ascii_digit());
    let mut qn: Vec<&str> = query.iter().map(String::as_str).filter(numeric).collect();
    let mut cn: Vec<&str> = cand.iter().copied().filter(numeric).collect();
    if truncated {
        return qn.iter().any(|n| !cn.contains(n));
    }
    qn.sort_unstable();
    cn.sort_unstable();
    qn != cn
}

impl Matcher<'_> {
    /// Whether every core word of the name with fewer is among the other's words, and one
    /// of them is distinctive (in fewer register names than `common_word_names`, and not a
    /// form-like word); a core of one word must be all but unique to say so. The two must
    /// not both have a legal form, and the numbers must agree. Only names as the
    /// register writes them: one read without its bracketed words ("Royal British
    /// Legion Club" of "… (Iver Heath)") is in every other branch's name.
    fn contained(&self, q: &QueryKey, e: usize, cand: &[&str], cand_core: &[usize]) -> bool {
        let ix = self.index;
        if matches!(ix.kind(e), NameKind::Bracket | NameKind::Qualifier) {
            return false;
        }
        let q_core: Vec<&str> = q.core.iter().map(|&i| q.words[i].as_str()).collect();
        let c_core: Vec<&str> = cand_core.iter().map(|&j| cand[j]).collect();
        let q_all: Vec<&str> = q.words.iter().map(String::as_str).collect();
        let (short, long, short_form, long_form) = if q_core.len() <= c_core.len() {
            (&q_core, cand, q.key.form.is_some(), ix.form(e).is_some())
        } else {
            (
                &c_core,
                q_all.as_slice(),
                ix.form(e).is_some(),
                q.key.form.is_some(),
            )
        };
        // A legal name is the whole name: "LINOLCO UK LIMITED" is another company than
        // "LINOLCO BUILDERS UK LIMITED". A name written without a legal form is often a
        // shortened one — and so is a longer name without one, a register's display name
        // ("Chesterfield and North East Derbyshire Credit Union" for the society a ledger
        // pays as "Chesterfield Credit Union Limited").
        if short_form && long_form {
            return false;
        }
        let common = self.rules.thresholds.common_word_names;
        let limit = if short.len() == 1 {
            SINGLE_WORD_NAMES
        } else {
            common
        };
        !short.is_empty()
            && short.iter().all(|w| long.contains(w))
            && short.iter().any(|w| self.distinctive(w, limit))
    }

    /// Whether `word` tells bodies apart: not a form-like word, and in fewer register names
    /// than `limit`.
    pub(super) fn distinctive(&self, word: &str, limit: u32) -> bool {
        let ix = self.index;
        !self.norm.is_form_word(word) && ix.token_id(word).is_some_and(|t| ix.frequency(t) < limit)
    }

    fn word_agreement(
        &self,
        q: &QueryKey,
        ids: &[u32],
        cand: &[&str],
        truncated: bool,
    ) -> WordAgreement {
        let ix = self.index;
        let mut used = vec![false; cand.len()];
        let (mut matched, mut total, mut typos) = (0.0, 0.0, 0u8);
        let mut distinctive_typo = false;
        let mut last_used = 0;
        let mut skip = 0usize;
        for (i, word) in q.words.iter().enumerate() {
            let wt = q.weights[i];
            total += wt;
            if skip > 0 {
                skip -= 1;
                matched += wt; // a later part of a word the register writes as one
                continue;
            }
            let last = i + 1 == q.words.len();
            // A word the register knows is that word, not a misspelling of another:
            // DAVIS is not DAVIES, COUNTY is not COUNTRY, BIG is not BRIDGE.
            let known = q.known[i];
            // "PRINTWORKS" for "PRINT WORKS", "HENLEYONTHAMES" for "HENLEY ON THAMES", and
            // the other way round.
            let joined = (2..=MAX_JOINED).find_map(|k| {
                cand.windows(k)
                    .enumerate()
                    .find(|(j, parts)| !used[*j..*j + k].contains(&true) && is_concat(word, parts))
                    .map(|(j, _)| (j, k))
            });
            if let Some((j, k)) = joined {
                used[j..j + k].iter_mut().for_each(|u| *u = true);
                matched += wt;
                last_used = last_used.max(j + k - 1);
                continue;
            }
            let split = (2..=MAX_JOINED).find_map(|k| {
                let parts = q.words.get(i..i + k)?;
                (0..cand.len())
                    .find(|&j| !used[j] && is_concat(cand[j], parts))
                    .map(|j| (j, k))
            });
            if let Some((j, k)) = split {
                used[j] = true;
                matched += wt;
                skip = k - 1;
                last_used = last_used.max(j);
                continue;
            }
            let found = (0..cand.len()).filter(|j| !used[*j]).find_map(|j| {
                let c = cand[j];
                // A cut name's last word is the start of the register's word.
                let prefix = c.starts_with(word.as_str());
                if c == word || (prefix && last && q.truncated) {
                    Some((j, 1.0, None))
                } else if let Some(t) = (!known).then(|| typo(word, c)).flatten() {
                    Some((j, t.credit(), Some(t)))
                } else if prefix && word.len() >= 3 {
                    Some((j, 0.8, None))
                } else if !known && is_abbreviation(word, c) {
                    Some((j, 0.75, None))
                } else {
                    None
                }
            });
            if let Some((j, mut credit, typo)) = found {
                used[j] = true;
                if let Some(t) = typo {
                    typos += 1;
                    let common = ix.frequency(ids[j]) >= self.rules.thresholds.common_word_names;
                    distinctive_typo |= t != Typo::Swap && !common;
                    // SERVCIES says as much as SERVICES: next to nothing about which
                    // organisation it is, so the slip costs little.
                    if common {
                        credit = credit.max(COMMON_TYPO);
                    }
                }
                matched += wt * credit;
                last_used = last_used.max(j);
            }
        }
        for (j, id) in ids.iter().enumerate() {
            if used[j] || (truncated && j > last_used) {
                continue; // beyond the cut, the ledger could not show the word
            }
            total += ix.idf(ix.frequency(*id));
        }
        WordAgreement {
            rare_words: if total > 0.0 { matched / total } else { 0.0 },
            typos,
            distinctive_typo,
        }
    }

    /// Scores entry `e` against reading `q`.
    pub(crate) fn score(&self, q: &QueryKey, e: u32, ev: &Evidence, exact: bool) -> Candidate {
        let ix = self.index;
        let w = &self.rules.weights;
        let ck = ix.key(e as usize);
        let qk = q.key.text.as_str();
        let direct = indel::normalized_similarity(qk.chars(), ck.chars());
        let sorted =
            indel::normalized_similarity(sorted_words(qk).chars(), sorted_words(ck).chars());
        let reordered = sorted > direct + 0.05;
        let mut name = direct.max(sorted);
        let (mut truncated, mut cut_at_word_end) = (false, false);
        if q.truncated {
            // The register name cut where the ledger's was, and what comes next.
            let mut chars = ck.chars();
            let cut: String = chars.by_ref().take(qk.chars().count()).collect();
            if let Some(next) = chars.next() {
                let s = indel::normalized_similarity(qk.chars(), cut.chars());
                if s > name {
                    name = s;
                    truncated = true;
                    cut_at_word_end = q.ends_whole_word && next == ' ';
                }
            }
        }
        let ids = ix.entry_tokens(e as usize);
        let cand: Vec<&str> = ids.iter().map(|t| ix.token(*t)).collect();
        let words = self.word_agreement(q, ids, &cand, truncated);
        let numbers_differ = numbers_differ(&q.words, &cand, truncated);
        let legal_form = match (q.key.form, ix.form(e as usize)) {
            (Some(a), Some(b)) if a == b => Agreement::Agree,
            (Some(_), Some(_)) => Agreement::Conflict,
            _ => Agreement::Unknown,
        };
        let record = ix.record[e as usize];
        let rec = self.entities.records[record as usize];
        let table = &self.registers.files[rec.file as usize].table;
        // The register's postcode is read only when the ledger gives one to compare; one
        // that is not a postcode (`OX2 OBT`) is no evidence either way.
        let register_pc = ev
            .postcode
            .as_ref()
            .and_then(|_| postcode::parse(table.postcode(rec.row as usize)).ok());
        let postcode = match (&ev.postcode, register_pc) {
            (Some(p), Some(r)) if *p == r => Agreement::Agree,
            (Some(p), Some(r)) if p.district() == r.district() => Agreement::Partial,
            (Some(_), Some(_)) => Agreement::Conflict,
            _ => Agreement::Unknown,
        };
        let (born, died) = table.dates(rec.row as usize);
        let inactive_when_paid = matches!((died, ev.first_paid), (Some(d), Some(f)) if d < f)
            || matches!((born, ev.last_paid), (Some(b), Some(l)) if b > l);
        let kind = ix.kind(e as usize);
        let previous_name = kind == NameKind::Previous;
        let mut raw = w.name * name + w.tokens * words.rare_words;
        let (mut name, mut rare_words) = (name, words.rare_words);
        // One word written as the initials of a run of the other name's words, the rest
        // agreeing word for word: the same words, shortened.
        let mut initials = self.initials_for_run(&q.words, &cand);
        if initials.is_some() {
            let s = w.name + w.tokens + w.initials;
            if s > raw {
                (raw, name, rare_words) = (s, 1.0, 1.0);
            } else {
                initials = None;
            }
        }
        // The cores, where the whole names differ only in form-like words or one common
        // word: kept when they score higher, with the difference as a feature.
        // The candidate's core, split once for the two comparisons that read it.
        let split = super::core::split_core(self.norm, &cand);
        let contained = !numbers_differ && self.contained(q, e as usize, &cand, &split.0);
        let core = self
            .core_match(q, e as usize, ids, &cand, &split)
            .and_then(|c: CoreMatch| {
                let mut s = w.name * c.name + w.tokens * c.rare_words;
                s += match c.form_words {
                    Some(FormWords::Added) => w.form_words_added,
                    Some(FormWords::Conflict) => w.form_words_conflict,
                    None => 0.0,
                };
                if c.dropped.is_some() {
                    s += w.dropped_word;
                }
                (s > raw).then(|| {
                    raw = s;
                    name = c.name;
                    rare_words = c.rare_words;
                    c
                })
            });
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
        if self.qualifiers_conflict(q, table, rec.row as usize, &cand) {
            raw += w.qualifier_conflict;
        }
        // A register name without its one bracketed word is another reading of it.
        let qualifier_dropped = kind == NameKind::Qualifier;
        let qualifier_doubt =
            qualifier_dropped && !self.qualifier_settled(q, table.name(rec.row as usize));
        if !q.reading.is_whole() || qualifier_dropped {
            raw += w.other_reading;
        } else if exact {
            raw += w.same_key;
        }
        if cut_at_word_end {
            raw += w.cut_at_word_end;
        }
        if reordered {
            raw += w.reordered;
        }
        if numbers_differ {
            raw += w.numbers_differ;
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
                cut_at_word_end,
                typo_words: words.typos,
                distinctive_typo: words.distinctive_typo,
                reordered,
                other_reading: !q.reading.is_legal_name() || qualifier_doubt,
                numbers_differ,
                thin_alias: q.core.len() < 2
                    && (kind == NameKind::Bracket
                        || core.as_ref().is_some_and(|c| {
                            c.form_words == Some(FormWords::Conflict)
                                || (c.form_words.is_some() && kind != NameKind::Current)
                        })),
                form_words: core.as_ref().and_then(|c| c.form_words),
                dropped_word: core.and_then(|c| c.dropped),
                contained,
                initials,
            },
            exact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_numbers() {
        assert!(is_abbreviation("hldgs", "holdings"));
        assert!(is_abbreviation("solns", "solutions"));
        assert!(!is_abbreviation("holdings", "hldgs"));
        assert!(!is_abbreviation("sols", "tools"));
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(numbers_differ(&w(&["acme", "2019"]), &["acme"], false));
        assert!(!numbers_differ(
            &w(&["acme", "2"]),
            &["acme", "2", "3"],
            true
        ));
        assert!(numbers_differ(
            &w(&["acme", "2"]),
            &["acme", "2", "3"],
            false
        ));
        assert!(!numbers_differ(&w(&["acme"]), &["acme"], false));
    }

    #[test]
    fn words_written_together() {
        assert!(is_concat("henleyonthames", &["henley", "on", "thames"]));
        assert!(is_concat("printworks", &["print", "works"]));
        assert!(!is_concat("printworks", &["print"]));
        assert!(!is_concat("printwork", &["print", "works"]));
    }
}
