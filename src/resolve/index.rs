//! The candidate index over every register name: exact keys, a token index weighted by
//! rarity, a one-edit deletion index that finds a misspelt word's register spelling, and
//! a sorted vocabulary for the prefixes that truncated names leave.

use polars::prelude::PlHashMap as HashMap;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::entities::Entities;
use super::normalise::{Key, Normaliser, Reading};
use super::typo::{MIN_TYPO_LEN, typo};
use crate::reference::binio::StrTable;
use crate::reference::registers::Registers;

/// What kind of name an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Current,
    Trading,
    Previous,
    /// A register name read without the bracketed words that end it, or those words
    /// alone: an alias the register writes beside the name.
    Bracket,
    /// A register name read without the one bracketed word that ends it ("(Bath)",
    /// "(1999)", "(ShropDoc)"): a place or year may tell two bodies apart, a short name
    /// may not, and nothing in the name says which. Linked unseen only when the ledger
    /// name settles it (`Matcher::qualifier_settled`); otherwise found for a person.
    Qualifier,
}

const NO_FORM: u8 = u8::MAX;

/// Every register name, keyed.
pub struct Index {
    /// Entry → record.
    pub record: Vec<u32>,
    kind: Vec<NameKind>,
    form: Vec<u8>,
    keys: StrTable,
    tokens: Vec<u32>,
    /// Entry `e`'s tokens are `tokens[token_start[e]..token_start[e + 1]]`.
    token_start: Vec<u32>,
    /// Token id → its text.
    vocab: Vec<Box<str>>,
    vocab_ids: HashMap<Box<str>, u32>,
    /// Token ids sorted by their text, for prefix search.
    sorted_vocab: Vec<u32>,
    /// Token `t`'s entries are `postings[posting_start[t]..posting_start[t + 1]]`.
    postings: Vec<u32>,
    posting_start: Vec<u32>,
    /// (hash of key text, entry), sorted.
    exact: Vec<(u64, u32)>,
    /// (hash of a token with one letter deleted, or whole, token id), sorted.
    deletes: Vec<(u64, u32)>,
}

/// Shortest half of a word that runs two together: shorter halves split too many words.
const MIN_SPLIT_PART: usize = 3;

fn deletions(word: &str) -> impl Iterator<Item = u64> + '_ {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let whole = std::iter::once(xxh3_64(word.as_bytes()));
    let cut = (0..chars.len()).map(move |i| {
        let (at, c) = chars[i];
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..at]);
        s.push_str(&word[at + c.len_utf8()..]);
        xxh3_64(s.as_bytes())
    });
    whole.chain(cut)
}

impl Index {
    /// `current` holds the key of each record's current name, in record order.
    pub fn build(
        registers: &Registers,
        entities: &Entities,
        norm: &Normaliser,
        current: Vec<Key>,
    ) -> Self {
        // Key every other name of every record, in parallel, in record order.
        let keyed: Vec<Vec<(NameKind, String, u8)>> = entities
            .records
            .par_iter()
            .zip(current)
            .map(|(rec, key)| {
                let t = &registers.files[rec.file as usize].table;
                let i = rec.row as usize;
                let mut out = Vec::new();
                let add = |kind, k: Key, out: &mut Vec<(NameKind, String, u8)>| {
                    if !k.text.is_empty() && !out.iter().any(|(_, t, _)| *t == k.text) {
                        out.push((kind, k.text, k.form.unwrap_or(NO_FORM)));
                    }
                };
                // A register name that ends in bracketed words ("Elphicks (The Department
                // Store)", "South Devon Organic Producers (SDOP)") is also the name without
                // them, and the bracketed words an alias. One bracketed word that is no
                // acronym ("(1999)", "(Bath)") may tell two bodies apart: read without it as
                // a Qualifier, which the scorer links only on a name that settles it.
                // Brackets inside a name ("Royal British Legion (Worcester Park) Social
                // Club") do tell them apart: that name is read only
                // with initials in place of the words they stand for ("MINA Housing
                // Co-operative"). The bracketed words written first are the ledger's reading
                // to find (Reading::Moved): the register's own name holds the same words.
                let readings = |n: &str, out: &mut Vec<(NameKind, String, u8)>| {
                    if !n.contains(['(', '[']) {
                        return;
                    }
                    let at_end = n.trim_end().ends_with([')', ']']);
                    for (k, r) in norm.readings(n).into_iter().skip(1) {
                        if r == Reading::Abbreviated {
                            add(NameKind::Bracket, k, out);
                        } else if !at_end {
                            continue;
                        } else if matches!(
                            r,
                            Reading::Unbracketed
                                | Reading::Initialled
                                | Reading::Bracketed
                                | Reading::Expanded
                        ) {
                            add(NameKind::Bracket, k, out);
                        } else if r == Reading::Unqualified {
                            add(NameKind::Qualifier, k, out);
                        }
                    }
                };
                add(NameKind::Current, key, &mut out);
                readings(t.name(i), &mut out);
                for n in t.names_of(i, false) {
                    add(NameKind::Trading, norm.key(n), &mut out);
                    readings(n, &mut out);
                }
                for n in t.names_of(i, true) {
                    add(NameKind::Previous, norm.key(n), &mut out);
                }
                out
            })
            .collect();
        let mut ix = Index {
            record: Vec::new(),
            kind: Vec::new(),
            form: Vec::new(),
            keys: StrTable::default(),
            tokens: Vec::new(),
            token_start: vec![0],
            vocab: Vec::new(),
            vocab_ids: HashMap::default(),
            sorted_vocab: Vec::new(),
            postings: Vec::new(),
            posting_start: Vec::new(),
            exact: Vec::new(),
            deletes: Vec::new(),
        };
        for (r, names) in keyed.into_iter().enumerate() {
            for (kind, text, form) in names {
                ix.record.push(r as u32);
                ix.kind.push(kind);
                ix.form.push(form);
                for w in text.split(' ') {
                    // Looked up before it is copied: almost every word is seen before.
                    let id = match ix.vocab_ids.get(w) {
                        Some(id) => *id,
                        None => {
                            let id = ix.vocab.len() as u32;
                            ix.vocab_ids.insert(w.into(), id);
                            ix.vocab.push(w.into());
                            id
                        }
                    };
                    ix.tokens.push(id);
                }
                ix.token_start.push(ix.tokens.len() as u32);
                ix.keys.push(&text);
            }
        }
        ix.build_postings();
        ix.exact = (0..ix.len())
            .into_par_iter()
            .map(|e| (xxh3_64(ix.key(e).as_bytes()), e as u32))
            .collect();
        ix.exact.par_sort_unstable();
        ix.deletes = ix
            .vocab
            .par_iter()
            .enumerate()
            .filter(|(_, w)| w.chars().count() >= MIN_TYPO_LEN)
            .flat_map_iter(|(id, w)| {
                deletions(w)
                    .map(move |h| (h, id as u32))
                    .collect::<Vec<_>>()
            })
            .collect();
        ix.deletes.par_sort_unstable();
        ix.deletes.dedup();
        let mut sorted: Vec<u32> = (0..ix.vocab.len() as u32).collect();
        sorted.par_sort_unstable_by(|a, b| ix.vocab[*a as usize].cmp(&ix.vocab[*b as usize]));
        ix.sorted_vocab = sorted;
        ix
    }

    /// Each token's entries, once each: a name using a word twice ("OASIS OASIS
    /// SERVICES") holds it as any other name does.
    fn build_postings(&mut self) {
        let first_use =
            |e: usize, k: usize| !self.entry_tokens(e)[..k].contains(&self.entry_tokens(e)[k]);
        let mut start = vec![0u32; self.vocab.len() + 1];
        for e in 0..self.len() {
            for (k, &t) in self.entry_tokens(e).iter().enumerate() {
                if first_use(e, k) {
                    start[t as usize + 1] += 1;
                }
            }
        }
        for t in 0..self.vocab.len() {
            start[t + 1] += start[t];
        }
        let mut fill = start.clone();
        let mut postings = vec![0u32; start[self.vocab.len()] as usize];
        for e in 0..self.len() {
            for (k, &t) in self.entry_tokens(e).iter().enumerate() {
                if first_use(e, k) {
                    postings[fill[t as usize] as usize] = e as u32;
                    fill[t as usize] += 1;
                }
            }
        }
        self.postings = postings;
        self.posting_start = start;
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// The comparison key of entry `e`.
    pub fn key(&self, e: usize) -> &str {
        self.keys.get(e as u32)
    }

    pub fn entry_tokens(&self, e: usize) -> &[u32] {
        &self.tokens[self.token_start[e] as usize..self.token_start[e + 1] as usize]
    }

    pub fn kind(&self, e: usize) -> NameKind {
        self.kind[e]
    }

    pub fn form(&self, e: usize) -> Option<u8> {
        Some(self.form[e]).filter(|f| *f != NO_FORM)
    }

    pub fn token_id(&self, w: &str) -> Option<u32> {
        self.vocab_ids.get(w).copied()
    }

    pub fn token(&self, id: u32) -> &str {
        &self.vocab[id as usize]
    }

    /// How many register names hold token `id`.
    pub fn frequency(&self, id: u32) -> u32 {
        self.posting_start[id as usize + 1] - self.posting_start[id as usize]
    }

    pub fn postings(&self, id: u32) -> &[u32] {
        let t = id as usize;
        &self.postings[self.posting_start[t] as usize..self.posting_start[t + 1] as usize]
    }

    /// Rarity weight of a token seen in `df` names: log-scaled inverse frequency.
    pub fn idf(&self, df: u32) -> f64 {
        ((self.len() as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0
    }

    /// Entries whose key is exactly `key`.
    pub fn exact<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u32> + 'a {
        let h = xxh3_64(key.as_bytes());
        let from = self.exact.partition_point(|(x, _)| *x < h);
        self.exact[from..]
            .iter()
            .take_while(move |(x, _)| *x == h)
            .map(|(_, e)| *e)
            .filter(move |e| self.key(*e as usize) == key)
    }

    /// Register words that `word`, which the register does not hold, is a [`typo`] of:
    /// one edit away (a letter changed, added, dropped or two swapped), or for long
    /// words two, among those sharing a one-letter deletion with it.
    pub fn near_words(&self, word: &str) -> Vec<u32> {
        if word.chars().count() < MIN_TYPO_LEN {
            return Vec::new();
        }
        let mut out: Vec<u32> = deletions(word)
            .flat_map(|h| {
                let from = self.deletes.partition_point(|(x, _)| *x < h);
                self.deletes[from..]
                    .iter()
                    .take_while(move |(x, _)| *x == h)
                    .map(|(_, t)| *t)
            })
            .filter(|t| typo(word, self.token(*t)).is_some())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Two register words that `word`, which the register does not hold, runs together
    /// ("FIREPROTECTION"): of the ways to split it, the one whose commoner half is rarest.
    pub fn split_words(&self, word: &str) -> Option<[u32; 2]> {
        (MIN_SPLIT_PART..=word.len().saturating_sub(MIN_SPLIT_PART))
            .filter(|i| word.is_char_boundary(*i))
            .filter_map(|i| Some([self.token_id(&word[..i])?, self.token_id(&word[i..])?]))
            .min_by_key(|parts| {
                let f = parts.map(|t| self.frequency(t));
                (f[0].max(f[1]), f[0].min(f[1]))
            })
    }

    /// Register words starting with `prefix`, at most `limit` of them, alphabetically.
    pub fn words_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        let from = self
            .sorted_vocab
            .partition_point(|t| &*self.vocab[*t as usize] < prefix);
        self.sorted_vocab[from..]
            .iter()
            .take_while(|t| self.vocab[**t as usize].starts_with(prefix))
            .take(limit)
            .copied()
            .collect()
    }
}
