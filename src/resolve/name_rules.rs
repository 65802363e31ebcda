//! The rule files of the resolve stage — word lists for reading names, thresholds and
//! weights for deciding matches — so that a partnership can tune them without a release.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::reference::RegisterKind;

pub const DEFAULT_NAME_RULES: &str = include_str!("../../schemas/defaults/name-rules.toml");
pub const DEFAULT_MATCH_RULES: &str = include_str!("../../schemas/defaults/match-rules.toml");

/// A phrase: one or more lower-case words.
pub type Phrase = Vec<String>;

/// How names are read (schemas/defaults/name-rules.toml).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameRules {
    /// Words ignored at the start of a name ("the").
    pub leading_ignored: Vec<String>,
    /// Words meaning "and" ("&" and "+" always do).
    pub and_words: Vec<String>,
    /// Endings ignored once the legal form is taken off ("and co").
    pub trailing_ignored: Vec<Phrase>,
    /// Marks separating a legal name from a trading name, as written ("t/a").
    pub trading_as: Vec<String>,
    /// Marks that are also words ("ta"), read as marks only right after a legal form.
    pub trading_as_after_legal_form: Vec<String>,
    /// Words that say what kind of body a name is, not which ("club", "society"): scored
    /// as a feature beside the name's distinctive core.
    #[serde(default)]
    pub form_words: Vec<String>,
    /// Words that join others and name nothing ("and", "of"): left out of a name's core.
    #[serde(default)]
    pub connector_words: Vec<String>,
    /// Abbreviation (one or two words) → the word registers write.
    pub abbreviations: BTreeMap<String, String>,
    /// Legal forms and their spellings.
    pub legal_form: Vec<LegalFormRule>,
    /// Payees that are not organisations.
    pub set_aside: SetAsideRules,
}

/// One legal form and the word sequences that spell it at the end of a name.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalFormRule {
    pub form: String,
    pub spellings: Vec<Phrase>,
}

/// Word lists that set a payee aside.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAsideRules {
    /// Phrases marking a redacted payee.
    pub redacted: Vec<Phrase>,
    /// Phrases marking an internal entry (payroll, petty cash, card settlements).
    pub internal: Vec<Phrase>,
    /// Whole names that stand in for a withheld payee ("THIRD PARTY").
    pub placeholders: Vec<Phrase>,
    /// Titles that start a person's name.
    pub titles: Vec<String>,
    /// Words that make a titled name an organisation.
    pub organisation_words: Vec<String>,
    /// Forenames that start an untitled personal name.
    pub forenames: Vec<String>,
    /// Letters that may follow a personal name (KC, MBE).
    pub post_nominals: Vec<String>,
    /// Words for one person's trade ("plumber", "presenter"): an organisation word in
    /// the plural ("plumbers") is evidence of a firm, the singular is not.
    #[serde(default)]
    pub occupations: Vec<String>,
    /// More words of organisations, evidence for showing a name only.
    #[serde(default)]
    pub evidence_words: Vec<String>,
    /// Legal forms of other countries ("sa", "gmbh"), evidence of an organisation only
    /// as a name's last word: inside a name they are initials or words.
    #[serde(default)]
    pub foreign_legal_forms: Vec<String>,
}

/// How matches are decided (schemas/defaults/match-rules.toml).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRules {
    pub thresholds: Thresholds,
    pub weights: Weights,
    pub blocking: Blocking,
    /// Register whose id names an organisation found in several, first first.
    pub register_precedence: Vec<RegisterKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Lowest score for an automatic match.
    pub accept: f64,
    /// Lowest score for the review band.
    pub review: f64,
    /// Lead over the runner-up organisation needed for an automatic match.
    pub margin: f64,
    /// Lowest name similarity at which a ledger identifier is trusted.
    pub identifier_min_name: f64,
    /// Register names a word must appear in to be common enough that a typo in it does
    /// not stop an automatic link.
    pub common_word_names: u32,
    /// Doubts about a name that the register's own full postcode, written beside the name
    /// in the ledger, settles: the candidate may then be linked without a person.
    pub postcode_settles: Vec<Doubt>,
    /// Most of its name's word rarity one word may hold and still be dropped or added
    /// between two names whose other words agree (0: never).
    #[serde(default)]
    pub max_dropped_share: f64,
    /// Lowest score for review when every word of one name's core is in the other name
    /// and one of them is distinctive ("Seahouses Social Club" in "Seahouses and District
    /// Ex-Service and Social Club Limited"): a near miss a person would check. Default:
    /// the review floor.
    #[serde(default)]
    pub review_contained: Option<f64>,
}

impl Thresholds {
    /// The review floor for a candidate whose words contain, or are contained in, the
    /// name's.
    pub fn review_contained(&self) -> f64 {
        self.review_contained
            .unwrap_or(self.review)
            .min(self.review)
    }
}

/// Evidence that stops an automatic link: the names may belong to two organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Doubt {
    /// A letter changed, added or dropped in a distinctive word (ASHFIELD / ASHFORD).
    DistinctiveTypo,
    /// The same words in another order.
    Reordered,
    /// Matched through a trading name or bracketed words rather than the legal name.
    OtherReading,
    /// A number in one name is not in the other.
    NumbersDiffer,
    /// A word of one name is missing from the other ("North West London" / "North London").
    DroppedWord,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub name: f64,
    pub tokens: f64,
    pub legal_form_agree: f64,
    pub legal_form_conflict: f64,
    pub postcode_agree: f64,
    pub postcode_district_agree: f64,
    pub postcode_conflict: f64,
    pub inactive_when_paid: f64,
    pub previous_name: f64,
    pub other_reading: f64,
    /// The ledger's whole legal name has the register name's key.
    pub same_key: f64,
    /// The same words in another order.
    pub reordered: f64,
    /// A number in one name is not in the other.
    pub numbers_differ: f64,
    /// A ledger name cut short exactly where a register word ends.
    pub cut_at_word_end: f64,
    /// The names' cores agree and one has form-like words the other lacks.
    #[serde(default)]
    pub form_words_added: f64,
    /// The names' cores agree and each has form-like words the other lacks.
    #[serde(default)]
    pub form_words_conflict: f64,
    /// The names' cores agree but for one common word.
    #[serde(default)]
    pub dropped_word: f64,
    /// Both names write words in brackets and neither holds all of the other's
    /// (`(Stockton Heath)`, `(Iver Heath)`): two branches of one name.
    #[serde(default)]
    pub qualifier_conflict: f64,
    /// One name writes the initials of a run of the other's words, the rest agreeing.
    #[serde(default)]
    pub initials: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blocking {
    pub max_candidates: usize,
    /// Of the names fetched, only those whose shared words weigh at least this share of
    /// the best-fetched name's are scored. A rules file written before this setting
    /// scores them all (0).
    #[serde(default)]
    pub min_weight_share: f64,
    pub max_token_names: usize,
    pub truncation_lengths: Vec<usize>,
}

impl Blocking {
    /// `max_token_names` for an index of `names` register names: as set up to a million
    /// names, and in proportion beyond, so that a word fetches from a national register
    /// the same share of names as from a regional one.
    pub fn token_names(&self, names: usize) -> usize {
        let scaled = self.max_token_names as u128 * names as u128 / 1_000_000;
        self.max_token_names
            .max(usize::try_from(scaled).unwrap_or(usize::MAX))
    }
}

fn load<T: serde::de::DeserializeOwned>(path: Option<&Path>, builtin: &str) -> anyhow::Result<T> {
    crate::rulefile::load_toml(path, builtin, "rules")
}

impl NameRules {
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        load(path, DEFAULT_NAME_RULES)
    }

    pub fn builtin() -> Self {
        Self::load(None).expect("the shipped name rules are valid")
    }
}

impl MatchRules {
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let rules: Self = load(path, DEFAULT_MATCH_RULES)?;
        let t = &rules.thresholds;
        let origin = path.map_or("(built-in rules)".into(), |p| p.display().to_string());
        if !(0.0..=1.0).contains(&t.review) || t.review > t.accept || t.accept > 1.0 {
            anyhow::bail!(
                "{origin}: thresholds need 0 ≤ review ≤ accept ≤ 1 (review {}, accept {})",
                t.review,
                t.accept
            );
        }
        if let Some(c) = t.review_contained.filter(|c| !(0.0..=1.0).contains(c)) {
            anyhow::bail!("{origin}: thresholds.review_contained {c} is not within 0–1");
        }
        if rules.blocking.max_candidates == 0 {
            anyhow::bail!("{origin}: blocking.max_candidates must be at least 1");
        }
        let share = rules.blocking.min_weight_share;
        if !(0.0..=1.0).contains(&share) {
            anyhow::bail!(
                "{origin}: blocking.min_weight_share must be from 0 to 1 (it is {share})"
            );
        }
        Ok(rules)
    }

    pub fn builtin() -> Self {
        Self::load(None).expect("the shipped match rules are valid")
    }

    /// Rank of a register in [`MatchRules::register_precedence`] (unlisted: last).
    pub fn precedence(&self, kind: RegisterKind) -> usize {
        self.register_precedence
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(self.register_precedence.len())
    }
}

/// JSON Schemas of the two rule files, as committed in `schemas/`.
pub fn name_rules_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(NameRules))
}

pub fn match_rules_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(MatchRules))
}

#[cfg(test)]
mod tests {
    use super::{Blocking, DEFAULT_MATCH_RULES, MatchRules};

    #[test]
    fn a_share_outside_0_to_1_is_refused_naming_the_file_and_setting() {
        // Over 1 no fetched name would be scored; the shipped rules with 1.5 put in.
        let text = DEFAULT_MATCH_RULES.replace("min_weight_share = 0.6", "min_weight_share = 1.5");
        assert_ne!(text, DEFAULT_MATCH_RULES);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("match-rules.toml");
        std::fs::write(&path, text).unwrap();
        let err = MatchRules::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("match-rules.toml"), "{err}");
        assert!(
            err.contains("min_weight_share must be from 0 to 1 (it is 1.5)"),
            "{err}"
        );
    }

    #[test]
    fn the_token_budget_holds_to_a_million_names_and_grows_in_proportion_beyond() {
        // 20,000 per million: 5.5 million names get 5.5 × 20,000, worked out by hand.
        let b = Blocking {
            max_candidates: 30,
            min_weight_share: 0.6,
            max_token_names: 20_000,
            truncation_lengths: Vec::new(),
        };
        assert_eq!(b.token_names(0), 20_000);
        assert_eq!(b.token_names(500_000), 20_000);
        assert_eq!(b.token_names(1_000_000), 20_000);
        assert_eq!(b.token_names(5_500_000), 110_000);
        // No overflow for any size.
        assert!(b.token_names(usize::MAX) > 110_000);
    }
}
