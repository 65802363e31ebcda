//! Which register names a ledger name fetches, on registers made so that the one sought is
//! easily crowded out: a few candidates and a small budget of names per word stand in for
//! a national register's thousands of names sharing each word.

use super::{best, file, org};
use crate::reference::RegisterKind::CompaniesHouse;
use crate::reference::registers::Registers;
use crate::resolve::Resolver;
use crate::resolve::matcher::score::Evidence;
use crate::resolve::name_rules::{MatchRules, NameRules};
use crate::resolve::overrides::Overrides;

/// A resolver over Companies House `names` (ids 1, 2, … in order), fetching at most
/// `candidates` names and looking at most `budget` names per word.
fn resolver(names: &[&str], candidates: usize, budget: usize) -> Resolver {
    let orgs: Vec<_> = (names.iter().enumerate())
        .map(|(i, n)| org(CompaniesHouse, &(i + 1).to_string(), n, ""))
        .collect();
    let mut rules = MatchRules::builtin();
    rules.blocking.max_candidates = candidates;
    rules.blocking.max_token_names = budget;
    let registers = Registers {
        files: vec![file(CompaniesHouse, &orgs)],
    };
    Resolver::new(
        registers,
        &NameRules::builtin(),
        rules,
        Overrides::default(),
    )
}

/// The register id of the best candidate for `name`.
fn best_id(r: &Resolver, name: &str) -> String {
    let c = best(r, name, &Evidence::default());
    r.matcher().register_id(c.entity).1.to_string()
}

#[test]
fn a_name_using_a_word_twice_is_one_name_holding_it() {
    let r = resolver(
        &["OASIS OASIS SERVICES LTD", "WEST OASIS MARKETING LTD"],
        30,
        20000,
    );
    let ix = &r.index;
    let oasis = ix.token_id("oasis").expect("a register word");
    assert_eq!(ix.frequency(oasis), 2);
    assert_eq!(ix.postings(oasis), [0, 1]);
}

#[test]
fn names_tied_at_the_cut_are_told_apart_by_a_common_word() {
    // Four names share TORBAY and CALEDONIAN; INTERNATIONAL is in seven names, over the
    // budget of six, so it fetches nothing, and CALEDONIAN does not fit in the budget
    // after TORBAY. Of the four tied on TORBAY, only two are kept: without the common
    // words, the first two by entry (VENTURES, FLOORING).
    let mut names = vec![
        "TORBAY CALEDONIAN VENTURES LTD",
        "TORBAY CALEDONIAN FLOORING LTD",
        "TORBAY CALEDONIAN HOME CARE LTD",
        "TORBAY CALEDONIAN INTERNATIONAL LTD",
    ];
    let others = ["ACME", "BRAVO", "CYGNET", "DELTA", "EMBER", "FALCON"];
    let others: Vec<String> = (others.iter())
        .map(|w| format!("{w} INTERNATIONAL LTD"))
        .collect();
    names.extend(others.iter().map(String::as_str));
    let r = resolver(&names, 2, 6);
    assert_eq!(best_id(&r, "TORBAY CALEDONIAN INTERNATONAL LTD"), "4");
}

#[test]
fn a_misspelt_words_register_spellings_do_not_crowd_out_the_other_words() {
    // FINACE is one edit from FINANCE and from four rarer words, which come first in the
    // index. Were each spelling a word of its own, the four would take every fetching
    // word and WARD & THOMAS FINANCE would not be fetched at all.
    let names = [
        "FINACO HOME CARE LTD",
        "FINARE GLAZING LTD",
        "FINACU LTD",
        "FINECE LTD",
        "WARD & THOMAS FINANCE LTD",
    ];
    let r = resolver(&names, 30, 20000);
    assert_eq!(best_id(&r, "WARD & THOMAS FINACE LTD"), "5");
}

#[test]
fn a_word_run_together_weighs_as_one_word_across_its_halves() {
    // CNTRRL is no register word nor one edit from one: it is read as CNT + RRL, each in
    // two names, so each rarer than IVOCO (three names). At full weight each half would
    // rank the four names holding one half above the IVOCO names, and with two
    // candidates IVOCO CENTRAL would not be fetched; at half weight, IVOCO outranks them.
    let names = [
        "IVOCO CENTRAL LTD",
        "IVOCO ALPHA LTD",
        "IVOCO BETA LTD",
        "CNT WASTE LTD",
        "CNT SERVICES LTD",
        "RRL HOLDINGS LTD",
        "RRL GROUP LTD",
    ];
    let r = resolver(&names, 2, 20000);
    assert_eq!(best_id(&r, "IVOCO CNTRRL LTD"), "1");
}
