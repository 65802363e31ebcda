//! Initials written for a run of a name's words: "Above Derwent CLT" is the "Above Derwent
//! Community Land Trust", "Grin SW" the "Grin South West". Registers and ledgers shorten
//! the kind of body ("CBS", "TMO", "CDA") or a region this way, and the rest of the two
//! names then agrees word for word.

use super::Matcher;

/// Most letters initials for a run of words may have: longer, they are a name of its own.
const MAX_LETTERS: usize = 5;

/// Whether two lists of words are the same words in the same order.
fn same<A: AsRef<str>, B: AsRef<str>>(a: &[A], b: &[B]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.as_ref() == y.as_ref())
}

impl Matcher<'_> {
    /// The initials, when one name is the other with one word written as the initials of
    /// a run of the other's words ("clt" for "community land trust"), the words before and
    /// after agreeing word for word and in order, and one of those words distinctive: a
    /// name that is all initials is the acronym readings' to judge. Connectors in the run
    /// ("Bureau for Migrant Advice and Policy", BMAP) need no letter.
    pub(crate) fn initials_for_run<A: AsRef<str>, B: AsRef<str>>(
        &self,
        a: &[A],
        b: &[B],
    ) -> Option<String> {
        self.initials_one_way(a, b)
            .or_else(|| self.initials_one_way(b, a))
    }

    fn initials_one_way<S: AsRef<str>, L: AsRef<str>>(
        &self,
        short: &[S],
        long: &[L],
    ) -> Option<String> {
        if long.len() <= short.len() {
            return None;
        }
        let common = self.rules.thresholds.common_word_names;
        for (i, w) in short.iter().map(AsRef::as_ref).enumerate() {
            // Every word before the initials agrees, or no later word can be them either.
            if !same(&short[..i], &long[..i]) {
                return None;
            }
            if !(2..=MAX_LETTERS).contains(&w.len()) || !w.bytes().all(|c| c.is_ascii_lowercase()) {
                continue;
            }
            // The long name is longer, so the run it writes out has two words or more.
            let after = &short[i + 1..];
            let (run, tail) = long[i..].split_at(long.len() - i - after.len());
            let letters: String = run
                .iter()
                .map(AsRef::as_ref)
                .filter(|x| !self.norm.is_connector(x))
                .filter_map(|x| x.chars().next())
                .collect();
            if same(after, tail)
                && letters == w
                && (short[..i].iter().chain(after)).any(|x| self.distinctive(x.as_ref(), common))
            {
                return Some(w.to_string());
            }
        }
        None
    }
}
