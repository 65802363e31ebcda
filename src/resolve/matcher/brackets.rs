//! What words in brackets say about two names: a register name read without the one
//! bracketed word that ends it ("(TRESOC)", "(The Woodbine)", "(Bath)") may be linked only
//! when the ledger's name settles it, and two names bracketing different places are two
//! branches, not one body written two ways.

use rapidfuzz::distance::indel;

use super::{Matcher, QueryKey};

impl Matcher<'_> {
    /// Whether a register name read without the one bracketed word that ends it may be
    /// linked unseen: the ledger writes the rest whole and unqualified, with two core words,
    /// one of them distinctive ("Blackwood Working Men's Club" for "… (The Woodbine)",
    /// "Totnes Renewable Energy Society" for "… (TRESOC)"). A number in the bracket
    /// ("(1999)") may be another body of the same name, and one core word ("Cultivate") is
    /// too little to tell a branch from the whole.
    pub(super) fn qualifier_settled(&self, q: &QueryKey, register_name: &str) -> bool {
        let common = self.rules.thresholds.common_word_names;
        q.reading.is_whole()
            && q.bracketed.is_empty()
            && q.core.len() >= 2
            && q.core
                .iter()
                .any(|&i| self.distinctive(&q.words[i], common))
            && !self
                .norm
                .qualifier_words(register_name)
                .iter()
                .any(|w| w.chars().any(|c| c.is_ascii_digit()))
    }

    /// Whether the ledger name and the register record both write words in brackets and
    /// neither name holds all of the other's: each qualifies the name with something the
    /// other does not say, as two branches do. Read from the record's own names, since the
    /// entry scored may be one read without its brackets.
    pub(super) fn qualifiers_conflict(
        &self,
        q: &QueryKey,
        table: &crate::reference::registers::org::OrgTable,
        row: usize,
        cand: &[&str],
    ) -> bool {
        if q.bracketed.is_empty() {
            return false;
        }
        let name = table.name(row);
        if !name.contains(['(', '[']) {
            return false;
        }
        let theirs = self.norm.qualifier_words(name);
        let register_words = crate::resolve::fold::words(&crate::resolve::fold::fold(name));
        // A word of one bracket is in the other name as it is, cut short ("(HOLD" of a
        // name cut by the ledger's field) or mistyped ("(EUROEP)").
        let alike = |a: &str, b: &str| {
            let short = a.len().min(b.len());
            a == b
                || (short >= 3 && (a.starts_with(b) || b.starts_with(a)))
                || (short >= 4 && indel::normalized_similarity(a.chars(), b.chars()) >= 0.75)
        };
        let held = |w: &String, words: &[&str]| words.iter().any(|x| alike(w, x));
        let register: Vec<&str> = register_words
            .iter()
            .map(String::as_str)
            .chain(cand.iter().copied())
            .collect();
        let ledger: Vec<&str> = q
            .words
            .iter()
            .chain(q.bracketed.iter())
            .map(String::as_str)
            .collect();
        // Neither bracket is all in the other name: "(Stockton Heath)" and "(Iver Heath)"
        // share a word and still name two places.
        !theirs.is_empty()
            && !q.bracketed.iter().all(|w| held(w, &register))
            && !theirs.iter().all(|w| held(w, &ledger))
    }
}
