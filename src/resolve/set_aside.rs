//! Payees that are not organisations to match — redacted entries, private individuals,
//! internal entries — recognised so that their money stays in every total while their
//! names stay out of every output meant for people.

use std::collections::HashSet;

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
    titles: HashSet<String>,
    organisation_words: HashSet<String>,
}

impl SetAside {
    pub fn new(rules: &SetAsideRules) -> Self {
        let phrases = |v: &[Phrase]| -> Vec<Phrase> {
            v.iter()
                .map(|p| p.iter().map(|w| w.to_lowercase()).collect())
                .collect()
        };
        SetAside {
            redacted: phrases(&rules.redacted),
            internal: phrases(&rules.internal),
            titles: rules.titles.iter().map(|t| t.to_lowercase()).collect(),
            organisation_words: rules
                .organisation_words
                .iter()
                .map(|t| t.to_lowercase())
                .collect(),
        }
    }

    /// Why `raw` is not an organisation, if it is not. `has_form`: the name ends in a legal
    /// form, which makes it an organisation whatever its words say ("Payroll Services Ltd").
    pub fn reason(&self, raw: &str, has_form: bool) -> Option<SetAsideReason> {
        let ws = words(&fold(raw));
        if ws.is_empty() {
            return Some(SetAsideReason::NoName);
        }
        if has_form {
            return None;
        }
        if self.redacted.iter().any(|p| contains(&ws, p)) {
            return Some(SetAsideReason::Redacted);
        }
        if self.internal.iter().any(|p| contains(&ws, p)) {
            return Some(SetAsideReason::Internal);
        }
        let titled = self.titles.contains(&ws[0]) && (2..=5).contains(&ws.len());
        if titled && !ws.iter().any(|w| self.organisation_words.contains(w)) {
            return Some(SetAsideReason::Individual);
        }
        None
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
    fn internal_entries() {
        for s in [
            "PAYROLL",
            "Petty Cash",
            "GENERAL EXPENSES",
            "P-CARD - SEP 22",
            "Barclaycard card settlement",
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
