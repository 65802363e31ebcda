//! What counts as a typo of a register word, in one place: the index looks up a
//! misspelt word's register spellings by it, and the scorer credits them by it.

use rapidfuzz::distance::{levenshtein, osa};

/// Shortest word matched up to one typo: shorter words have too many neighbours.
pub const MIN_TYPO_LEN: usize = 4;

/// Shortest words (both of them) matched up to two typos.
pub const MIN_TWO_TYPO_LEN: usize = 8;

/// How a ledger word the register does not hold differs from a register word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typo {
    /// Two neighbouring letters swapped (ABERDEEN / ABREDEEN): a slip of the keys, which
    /// no two organisations are named apart by, so it stops no automatic link.
    Swap,
    /// A letter changed, added or dropped: also what tells real twins apart
    /// (ZENTRIX / ZANTRIX), so in a distinctive word a person decides.
    One,
    /// Two such edits, in a long word.
    Two,
}

impl Typo {
    /// Credit for a word matched up to this typo.
    pub fn credit(self) -> f64 {
        match self {
            Typo::Swap | Typo::One => 0.7,
            Typo::Two => 0.55,
        }
    }
}

/// The typo that makes `word` of `c`, if it is a typo at all.
pub fn typo(word: &str, c: &str) -> Option<Typo> {
    let n = word.chars().count();
    if n < MIN_TYPO_LEN {
        return None;
    }
    match osa::distance(word.chars(), c.chars()) {
        1 if levenshtein::distance(word.chars(), c.chars()) == 2 => Some(Typo::Swap),
        1 => Some(Typo::One),
        2 if n >= MIN_TWO_TYPO_LEN && c.chars().count() >= MIN_TWO_TYPO_LEN => Some(Typo::Two),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_by_kind() {
        assert_eq!(typo("abredeen", "aberdeen"), Some(Typo::Swap));
        assert_eq!(typo("zantrix", "zentrix"), Some(Typo::One));
        assert_eq!(typo("zentrx", "zentrix"), Some(Typo::One));
        assert_eq!(typo("srviecs", "services"), None); // seven letters: one edit at most
        assert_eq!(typo("afbricatoins", "fabrications"), Some(Typo::Two));
        assert_eq!(typo("abc", "abd"), None);
        assert_eq!(typo("zzzzzzzz", "services"), None);
    }
}
