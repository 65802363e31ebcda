//! Payees that are not organisations to match — redacted entries, private individuals,
//! internal entries — recognised so that their money stays in every total while their
//! names stay out of every output meant for people.

use polars::prelude::PlHashSet as HashSet;

use serde::Serialize;

use super::normalise::{contains, fold, words};
use super::rules::{Phrase, SetAsideRules};

/// Why a payee is set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetAsideReason {
    /// "Redacted personal data" and the like.
    Redacted,
    /// A private individual.
    Individual,
    /// Payroll, petty cash, card settlements: not a supplier.
    Internal,
    /// The ledger row names no payee.
    NoName,
}

impl SetAsideReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SetAsideReason::Redacted => "redacted",
            SetAsideReason::Individual => "individual",
            SetAsideReason::Internal => "internal",
            SetAsideReason::NoName => "no_name",
        }
    }

    /// Whether outputs meant for people show a placeholder instead of the name: withheld
    /// (individuals, redactions) or absent.
    pub fn withholds_name(self) -> bool {
        !matches!(self, SetAsideReason::Internal)
    }
}

/// Compiled set-aside rules.
pub struct SetAside {
    redacted: Vec<Phrase>,
    internal: Vec<Phrase>,
    placeholders: Vec<Phrase>,
    titles: HashSet<String>,
    organisation_words: HashSet<String>,
    forenames: HashSet<String>,
    post_nominals: HashSet<String>,
}

impl SetAside {
    pub fn new(rules: &SetAsideRules) -> Self {
        let phrases = |v: &[Phrase]| -> Vec<Phrase> {
            v.iter()
                .map(|p| p.iter().map(|w| w.to_lowercase()).collect())
                .collect()
        };
        let set = |v: &[String]| v.iter().map(|t| t.to_lowercase()).collect();
        SetAside {
            redacted: phrases(&rules.redacted),
            internal: phrases(&rules.internal),
            placeholders: phrases(&rules.placeholders),
            titles: set(&rules.titles),
            organisation_words: set(&rules.organisation_words),
            forenames: set(&rules.forenames),
            post_nominals: set(&rules.post_nominals),
        }
    }

    /// Why `raw` is not an organisation, if it is not. `has_form`: the name ends in a legal
    /// form, which makes it an organisation whatever its words say ("Payroll Services Ltd").
    pub fn reason(&self, raw: &str, has_form: bool) -> Option<SetAsideReason> {
        let ws = words(&fold(raw));
        // A date range or a reference where the payee belongs names no one.
        if !ws.iter().any(|w| w.chars().any(char::is_alphabetic)) {
            return Some(SetAsideReason::NoName);
        }
        if has_form {
            return None;
        }
        if self.redacted.iter().any(|p| contains(&ws, p)) || self.placeholders.contains(&ws) {
            return Some(SetAsideReason::Redacted);
        }
        if self.internal.iter().any(|p| contains(&ws, p)) {
            return Some(SetAsideReason::Internal);
        }
        // "MR & MRS W L FARNWORTH": an "and" before a title joins two people.
        let organisation = ws.iter().enumerate().any(|(i, w)| {
            self.organisation_words.contains(w)
                && !(w == "and" && ws.get(i + 1).is_some_and(|n| self.titles.contains(n)))
        });
        let titled = self.titles.contains(&ws[0]) && (2..=7).contains(&ws.len());
        if titled && !organisation {
            return Some(SetAsideReason::Individual);
        }
        None
    }

    /// Whether `raw`, which has no title, reads as a person's name: a forename, at most two
    /// more forenames or initials, then a surname, with no word of an organisation or a
    /// trade and nothing in brackets. Initials alone are too often a firm's (B H AUDIO).
    pub fn personal_name(&self, raw: &str, has_form: bool) -> bool {
        let mut ws = words(&fold(raw));
        if ws.last().is_some_and(|w| self.post_nominals.contains(w)) {
            ws.pop();
        }
        let Some((surname, given)) = ws.split_last() else {
            return false;
        };
        let forename = |w: &String| self.forenames.contains(w);
        !has_form
            && !raw.contains(['(', ')', '/'])
            && (1..=3).contains(&given.len())
            && given.first().is_some_and(forename)
            && given.iter().all(|w| forename(w) || w.chars().count() == 1)
            && surname.chars().count() >= 2
            && ws.iter().all(|w| w.chars().all(char::is_alphabetic))
            && !ws.iter().any(|w| self.organisation_words.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::normalise::Normaliser;
    use crate::resolve::rules::NameRules;

    fn reason(s: &str) -> Option<&'static str> {
        let n = Normaliser::new(&NameRules::builtin());
        let has_form = n.key(s).form.is_some();
        n.set_aside.reason(s, has_form).map(SetAsideReason::as_str)
    }

    #[test]
    fn redacted_payees() {
        for s in [
            "Redacted personal data",
            "REDACTED PERSONAL DATA",
            "Personal data - redacted",
            "Name withheld",
            "Private Individual",
        ] {
            assert_eq!(reason(s), Some("redacted"), "{s}");
        }
    }

    #[test]
    fn individuals_by_title_unless_an_organisation_word_says_otherwise() {
        for s in [
            "Mr J Smith",
            "Mrs A Patel",
            "Ms K O'Brien",
            "DR. R. JONES",
            "Miss Amy Lee",
        ] {
            assert_eq!(reason(s), Some("individual"), "{s}");
        }
        for s in [
            "Dr Jones Surgery",
            "Mr Fix It Services",
            "Mr Kipling Ltd",
            "Mrs Smith & Sons",
            "J Smith",
        ] {
            assert_eq!(reason(s), None, "{s}");
        }
    }

    #[test]
    fn couples_placeholders_and_names_without_letters() {
        // An "and" between two titled people is no partnership.
        assert_eq!(reason("MR & MRS W L FARNWORTH"), Some("individual"));
        assert_eq!(
            reason("MRS RA FIELDING AND MR JH FIELDING"),
            Some("individual")
        );
        assert_eq!(reason("Mr Smith and Sons"), None);
        // The whole name a placeholder; the same words inside a name are not one.
        assert_eq!(reason("THIRD PARTY"), Some("redacted"));
        assert_eq!(reason("THIRD PARTY SUPPLIER"), Some("redacted"));
        assert_eq!(reason("Third Party Logistics"), None);
        assert_eq!(reason("30.11.19-28.02.20"), Some("no_name"));
        assert_eq!(reason("1066"), Some("no_name"));
        assert_eq!(reason("3M"), None);
    }

    #[test]
    fn personal_names_without_a_title() {
        let n = Normaliser::new(&NameRules::builtin());
        let personal = |s: &str| n.set_aside.personal_name(s, n.key(s).form.is_some());
        for s in [
            "ALAN RHODES",
            "Cath  Ford",
            "Stephen W Wood",
            "JAMIE EDWARD ROBINSON",
            "David Forsdick KC",
            "HELEN McCUE-MELLING",
        ] {
            assert!(personal(s), "{s}");
        }
        for s in [
            // Initials alone, a trade, a legal form, brackets, a forename that is a word.
            "B H AUDIO",
            "Paul Holt Joinery",
            "TONY HOWARTH JOINERY",
            "Peter Smith Ltd",
            "ROY CATTERMOLE (TREE SURGEON)",
            "Holly Tree",
            "Alan",
            "Mark 2 Motors",
        ] {
            assert!(!personal(s), "{s}");
        }
    }

    #[test]
    fn internal_entries() {
        for s in [
            "PAYROLL",
            "Petty Cash",
            "GENERAL EXPENSES",
            "P-CARD - SEP 22",
            "Barclaycard card settlement",
            "Lloyds Bank Cardnet",
            "RECEIPT ACCOUNT BANK CHARGES",
            "WORLDPAY",
        ] {
            assert_eq!(reason(s), Some("internal"), "{s}");
        }
        // A company whose name holds the words is a company.
        assert_eq!(reason("Payroll Solutions Ltd"), None);
        assert_eq!(reason("Confidential Shredding Limited"), None);
    }

    #[test]
    fn blank_names() {
        assert_eq!(reason("  "), Some("no_name"));
        assert_eq!(reason("--"), Some("no_name"));
    }
}
