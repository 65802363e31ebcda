//! Initials written for a run of a name's words: "Above Derwent CLT" is the "Above Derwent
//! Community Land Trust", "Grin SW" the "Grin South West". Registers and ledgers shorten
//! the kind of body ("CBS", "TMO", "CDA") or a region this way, and the rest of the two
//! names then agrees word for word.

use super::Matcher;

/// Most letters initials for a run of words may have: longer, they are a name of its own.
const MAX_LETTERS: usize = 5;

impl Matcher<'_> {
    /// The initials, when one name is the other with one word written as the initials of
    /// a run of the other's words ("clt" for "community land trust"), the words before and
    /// after agreeing word for word and in order, and one of those words distinctive: a
    /// name that is all initials is the acronym readings' to judge. Connectors in the run
    /// ("Bureau for Migrant Advice and Policy", BMAP) need no letter.
    pub(crate) fn initials_for_run(&self, a: &[&str], b: &[&str]) -> Option<String> {
        self.initials_one_way(a, b)
            .or_else(|| self.initials_one_way(b, a))
    }

    fn initials_one_way(&self, short: &[&str], long: &[&str]) -> Option<String> {
        if long.len() <= short.len() {
            return None;
        }
        let ix = self.index;
        let common = self.rules.thresholds.common_word_names;
        let distinctive = |w: &&str| {
            !self.norm.is_form_word(w) && ix.token_id(w).is_some_and(|t| ix.frequency(t) < common)
        };
        for (i, w) in short.iter().enumerate() {
            // Every word before the initials agrees, or no later word can be them either.
            if short[..i] != long[..i] {
                return None;
            }
            if !(2..=MAX_LETTERS).contains(&w.len()) || !w.bytes().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            let after = &short[i + 1..];
            let run = &long[i..long.len() - after.len()];
            let letters: String = run
                .iter()
                .filter(|x| !self.norm.is_connector(x))
                .filter_map(|x| x.chars().next())
                .collect();
            if run.len() >= 2
                && long.ends_with(after)
                && letters == *w
                && short[..i].iter().chain(after).any(distinctive)
            {
                return Some(w.to_string());
            }
        }
        None
    }
}
