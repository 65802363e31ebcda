//! Payees that are not organisations to match — redacted entries, private individuals,
//! internal entries — recognised so that their money stays in every total while their
//! names stay out of every output meant for people.

use polars::prelude::PlHashSet as HashSet;

use serde::Serialize;

use super::fold::{contains, fold, words};
use super::name_rules::{Phrase, SetAsideRules};

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
    occupations: HashSet<String>,
    foreign_forms: HashSet<String>,
    evidence_words: HashSet<String>,
}

/// What shows a payee's name is an organisation's, so that it may be shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgEvidence {
    /// A legal form: "Ltd", "LLP", "GmbH" as the last word.
    LegalForm,
    /// A word of an organisation or trade in the name itself ("Surgery", "Plumbers").
    OrganisationWord,
    /// A figure ("3M", "B4 Solutions") or a web address ("GOV.UK"), not a person's name.
    FigureOrAddress,
    /// A single word: a brand ("AMAZON"); a person is written with at least two.
    OneWord,
    /// A trading name ("A C DICKER T/A GLEVERS"): the payee trades as a business.
    TradingAs,
    /// A possessive before more words ("Kathy's Caterpillars"): people are not written so.
    Possessive,
    /// Surnames joined as a firm is named ("Bird & Bird", "Waller Needham & Green"), no
    /// forename or title among them: a couple is written with a surname after both.
    FirmOfNames,
}

impl OrgEvidence {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgEvidence::LegalForm => "legal_form",
            OrgEvidence::OrganisationWord => "organisation_word",
            OrgEvidence::FigureOrAddress => "figure_or_address",
            OrgEvidence::OneWord => "one_word",
            OrgEvidence::TradingAs => "trading_as",
            OrgEvidence::Possessive => "possessive",
            OrgEvidence::FirmOfNames => "firm_of_names",
        }
    }
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
            occupations: set(&rules.occupations),
            foreign_forms: set(&rules.foreign_legal_forms),
            evidence_words: set(&rules.evidence_words),
        }
    }

    /// The evidence in `raw` itself that it names an organisation, if any. A name that
    /// starts with a title, or has a role written after a dash or in brackets ("A SMITH -
    /// TAXIS", "J BLOGGS (TREE SURGEON)"), needs a legal form. A register match or a person's decision, the other
    /// evidence, is the supplier master's to add.
    /// `has_form`: the name ends in a legal form; `trades_as`: it names a trading name
    /// after a mark such as "T/A" (both as the [`Normaliser`] reads them).
    ///
    /// [`Normaliser`]: super::normalise::Normaliser
    pub fn organisation_evidence(
        &self,
        raw: &str,
        has_form: bool,
        trades_as: bool,
    ) -> Option<OrgEvidence> {
        if has_form {
            return Some(OrgEvidence::LegalForm);
        }
        // Before the title test: "Dr A K Sahal T/A The Family Surgery" is a practice.
        if trades_as {
            return Some(OrgEvidence::TradingAs);
        }
        let main = main_part(raw);
        let mut ws = words(&fold(main));
        if ws.last().is_some_and(|w| self.post_nominals.contains(w)) {
            ws.pop();
        }
        let last = ws.last()?;
        if ws.len() > 1 && self.foreign_forms.contains(last) {
            return Some(OrgEvidence::LegalForm);
        }
        // A title, or a role written after the name ("A PLANT - TAXIS"), marks a
        // person's name: only a legal form outweighs it.
        if self.titles.contains(&ws[0]) || main.len() < raw.trim().len() {
            return None;
        }
        if ws.iter().any(|w| {
            w != "and"
                && (self.organisation_words.contains(w) || self.evidence_words.contains(w))
                && !self.occupations.contains(w)
                && !self.foreign_forms.contains(w)
        }) {
            return Some(OrgEvidence::OrganisationWord);
        }
        let lower = raw.to_lowercase();
        if main.chars().any(|c| c.is_ascii_digit())
            || lower.contains("www.")
            || [".com", ".co.uk", ".org", ".net", ".gov.uk", ".uk"]
                .iter()
                .any(|d| lower.contains(d))
        {
            return Some(OrgEvidence::FigureOrAddress);
        }
        if has_possessive(main) {
            return Some(OrgEvidence::Possessive);
        }
        if self.firm_of_names(&ws) {
            return Some(OrgEvidence::FirmOfNames);
        }
        (ws.len() == 1 && last.chars().count() > 1 && !self.forenames.contains(last))
            .then_some(OrgEvidence::OneWord)
    }

    /// "Bird & Bird", "B & Q", "Waller Needham & Green": one "and" with one or two names
    /// before it and one after, none a title, forename or post-nominal, all of two letters
    /// or more (or two single letters, a brand's). Couples are written otherwise ("J & M
    /// Smith", "Mary & Tom Smith", "Mr & Mrs Smith"): a surname after both.
    fn firm_of_names(&self, ws: &[String]) -> bool {
        let Some(i) = ws.iter().position(|w| w == "and") else {
            return false;
        };
        let (left, right) = (&ws[..i], &ws[i + 1..]);
        if right.len() != 1 || !(1..=2).contains(&left.len()) || right[0] == "and" {
            return false;
        }
        let names = || left.iter().chain(right);
        let plain = names().all(|w| {
            w.chars().all(char::is_alphabetic)
                && !self.titles.contains(w)
                && !self.forenames.contains(w)
                && !self.post_nominals.contains(w)
        });
        let letters = names().all(|w| w.chars().count() >= 2)
            || (left.len() == 1 && names().all(|w| w.chars().count() == 1));
        plain && letters
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

/// A name without the role written after it: text from a spaced dash or a bracket on.
/// Whether a word before the last is a possessive ("Kathy's Caterpillars", "Val`s
/// Buttercups", "Farmers' Market"), the way businesses are named and people are not.
fn has_possessive(main: &str) -> bool {
    let tokens: Vec<&str> = main.split_whitespace().collect();
    tokens.len() >= 2
        && tokens[..tokens.len() - 1].iter().any(|t| {
            let t = t.trim_end_matches(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '\'' | '`' | '\u{2019}')
            });
            let lower = t.to_lowercase();
            let stem = ["'s", "`s", "\u{2019}s", "s'", "s`", "s\u{2019}"]
                .iter()
                .find_map(|e| lower.strip_suffix(e));
            stem.is_some_and(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        })
}

fn main_part(raw: &str) -> &str {
    let cut = [" - ", " \u{2013} ", "(", "["]
        .iter()
        .filter_map(|m| raw.find(m))
        .min()
        .unwrap_or(raw.len());
    let main = raw[..cut].trim();
    if main.is_empty() { raw } else { main }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::name_rules::NameRules;
    use crate::resolve::normalise::Normaliser;

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

    #[test]
    fn a_name_is_shown_only_with_evidence_of_an_organisation() {
        let n = Normaliser::new(&NameRules::builtin());
        let evidence = |s: &str| n.organisation_evidence(s);
        // People, made up, in the forms ledgers write them: none carries evidence.
        for s in [
            "WHITLOCK, EDWINA",
            "Okonkwo, Chidi A.",
            "J R T HALVERSON",
            "Halverson J R",
            "Priya Venkataraman",
            "NGUYEN THI MAI",
            "Zhang Weiqiang",
            "Siobhán Ní Bhriain",
            "Kwame Mensah-Boateng",
            "Mohammed Al-Rashidi",
            "ARNE BJØRNSTAD",
            "Tomasz Wiśniewski",
            "EDWINA WHITLOCK MRS",
            "Carys Pryce MBE",
            "D QUILLAN - TAXIS",
            "R FENWICK-HOLT (TREE SURGEON)",
            "Ffion Rhys (Counsel)",
            "MRS O ADEYEMI CATERING",
            "Halvard Presenter",
            "MR & MRS K DALTON",
            "Edwina & Kwame Mensah",
            "E & K WHITLOCK",
            "E WHITLOCK & K DALTON",
            "Whitlock & Dalton Mrs",
            "D'ARCY O'SHAUGHNESSY",
            "Ta Van Minh",
            "Ifeoma O'Neill",
        ] {
            assert_eq!(evidence(s), None, "{s}");
        }
        // Organisations: each shows what it is.
        for (s, e) in [
            ("Quillan Taxis Ltd", OrgEvidence::LegalForm),
            ("Abrotea Bulgaria AD", OrgEvidence::LegalForm),
            ("Fenwick Tree Surgeons", OrgEvidence::OrganisationWord),
            (
                "Citizens Advice East Lancashire",
                OrgEvidence::OrganisationWord,
            ),
            ("3M UNITED KINGDOM", OrgEvidence::FigureOrAddress),
            ("B4 Box", OrgEvidence::FigureOrAddress),
            ("KEY.CO.UK", OrgEvidence::FigureOrAddress),
            ("TRAVELODGE", OrgEvidence::OneWord),
            ("Q V Hamblin T/A Hamblin Glazing", OrgEvidence::TradingAs),
            (
                "DR O ASHWORTH T/AS THE MOOR SURGERY",
                OrgEvidence::TradingAs,
            ),
            (
                "Tobin Ferrar - trading as Ferrar Roofing",
                OrgEvidence::TradingAs,
            ),
            ("Wenna's Pantry", OrgEvidence::Possessive),
            ("GRUNDY`S CLOGS", OrgEvidence::Possessive),
            ("Growers' Market Hulme", OrgEvidence::Possessive),
            ("Pelham & Quarrie", OrgEvidence::FirmOfNames),
            ("THRALE TOSNEY AND CROOM", OrgEvidence::FirmOfNames),
            ("K & Z", OrgEvidence::FirmOfNames),
        ] {
            assert_eq!(evidence(s), Some(e), "{s}");
        }
    }
}
