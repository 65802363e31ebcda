//! The everyday ways real names differ from a register's, each as a made-up analogue of a
//! miss found on the real Co-operatives UK truth set (tests/expectations/coop_names), on a
//! small register: what must be linked, and what must go to a person instead.

use super::{file, org};
use crate::reference::RegisterKind::CoopsUk;
use crate::reference::registers::Registers;
use crate::resolve::Resolver;
use crate::resolve::cascade::Decision;
use crate::resolve::cascade::Outcome;
use crate::resolve::matcher::score::Evidence;
use crate::resolve::name_rules::{MatchRules, NameRules};
use crate::resolve::overrides::Overrides;

fn resolver() -> Resolver {
    let mut society = org(CoopsUk, "R1", "Midshire Co-operative Society Limited", "");
    // An outlets file's shop names arrive as trading names.
    society.trading_names = vec!["Brackley Co-op Funeralcare".into()];
    let mut ripple = org(CoopsUk, "R21", "Ripple Design Ltd", "");
    ripple.trading_names = vec!["Ripple".into()];
    let orgs = [
        society,
        ripple,
        org(CoopsUk, "R2", "Elmsford Organic Growers (EOG)", ""),
        org(CoopsUk, "R3", "Tansy Lane Bakery (The Old Mill)", ""),
        org(CoopsUk, "R4", "Quillon (Harbour Works)", ""),
        org(CoopsUk, "R5", "Forest Vale Club", ""),
        org(CoopsUk, "R6", "Burnley Weavers Limited", ""),
        org(CoopsUk, "R7", "North Harrow Credit Union", ""),
        org(CoopsUk, "R8", "Alpha Bravo Catering Ltd", ""),
        org(CoopsUk, "R9", "Harrow Weald Cycle Workshop Limited", ""),
        org(
            CoopsUk,
            "R10",
            "Pennydale Doctors Co-operative (PennyDoc)",
            "SY1 1AA",
        ),
        org(CoopsUk, "R11", "Tring Royal British Legion Club", ""),
        org(CoopsUk, "R12", "Kirkby Lonsdale Social Club", ""),
        org(CoopsUk, "R13", "Laggan Community Housing", ""),
        org(
            CoopsUk,
            "R14",
            "Brampton and District Ex-Service and Social Club",
            "",
        ),
        org(
            CoopsUk,
            "R15",
            "Members of Upland Tenants (MUT) Housing Co-operative",
            "",
        ),
        org(CoopsUk, "R16", "Veterans Social Club (Hollin Heath)", ""),
        org(CoopsUk, "R17", "Tamworth and Fazeley Credit Union", ""),
        org(CoopsUk, "R18", "Ashcombe Bakery (1999)", ""),
        org(CoopsUk, "R19", "Wrenfield (Kendal)", ""),
        org(CoopsUk, "R20", "Belvoir Club", ""),
        org(CoopsUk, "R22", "Above Marsh CLT", ""),
        org(CoopsUk, "R23", "Tarnby South West", ""),
    ];
    Resolver::new(
        Registers {
            files: vec![file(CoopsUk, &orgs)],
        },
        &NameRules::builtin(),
        MatchRules::builtin(),
        Overrides::default(),
    )
}

fn decide(r: &Resolver, name: &str) -> (Outcome, String) {
    let o = r.matcher().decide(name, &Evidence::default(), &r.overrides);
    let id = o
        .chosen
        .as_ref()
        .map(|c| r.matcher().register_id(c.entity).1.to_string())
        .unwrap_or_default();
    (o, id)
}

/// Asserts `name` is decided `decision` with record `id` nearest; returns the reason.
#[track_caller]
fn decided(r: &Resolver, name: &str, decision: Decision, id: &str) -> String {
    let (o, got) = decide(r, name);
    assert_eq!(
        (o.decision, got.as_str()),
        (decision, id),
        "{name}: {}",
        o.reason
    );
    o.reason
}

#[track_caller]
fn linked(r: &Resolver, name: &str, id: &str) -> String {
    decided(r, name, Decision::Matched, id)
}

#[track_caller]
fn in_review(r: &Resolver, name: &str, id: &str) -> String {
    decided(r, name, Decision::Review, id)
}

#[track_caller]
fn not_linked(r: &Resolver, name: &str) {
    let (o, _) = decide(r, name);
    assert_ne!(o.decision, Decision::Matched, "{name}: {}", o.reason);
}

#[test]
fn a_branch_reaches_its_society_through_the_outlet_name() {
    let r = resolver();
    let why = linked(&r, "Brackley Co-op Funeralcare", "R1");
    assert!(why.contains("trading or outlet name"), "{why}");
}

#[test]
fn a_register_name_ending_in_brackets_is_also_the_name_without_them() {
    let r = resolver();
    let why = linked(&r, "Elmsford Organic Growers Limited", "R2");
    assert!(why.contains("bracketed words"), "{why}");
    linked(&r, "TANSY LANE BAKERY", "R3");
    // One distinctive word left is too little: "Quillon" may be any Quillon.
    not_linked(&r, "Quillon");
}

#[test]
fn form_like_words_added_are_a_feature_not_another_name() {
    let r = resolver();
    let why = linked(&r, "Forest Vale Club and Institute Limited", "R5");
    assert!(why.contains("form-like words"), "{why}");
    // One distinctive word is enough when only form-like words are added ("Belvoir Club
    // and Institute" is the Belvoir Club), not when the kinds differ ("Belvoir Trust").
    linked(&r, "Belvoir Club and Institute Limited", "R20");
    not_linked(&r, "Belvoir Trust");
    // A trading name is a short name: the charity "Ripple Trust" is not the design
    // company trading as "Ripple" (a real ledger's "WAVE TRUST").
    not_linked(&r, "Ripple Trust");
    // A co-operative is not the limited company of the same words: a person decides.
    not_linked(&r, "Burnley Weavers Co-operative");
}

#[test]
fn a_dropped_word_goes_to_a_person() {
    let r = resolver();
    // "West" tells two credit unions apart as often as it is left out.
    not_linked(&r, "North West Harrow Credit Union");
    not_linked(&r, "Harrow Weald Cycle Workshop Trading Limited");
}

#[test]
fn initials_for_a_run_of_words_are_those_words() {
    let r = resolver();
    let why = linked(&r, "Above Marsh Community Land Trust Limited", "R22");
    assert!(why.contains("\"clt\" the initials"), "{why}");
    linked(&r, "Tarnby SW LLP", "R23");
    // The words around the initials must agree, in order.
    not_linked(&r, "Below Marsh Community Land Trust");
    not_linked(&r, "Marsh Above Community Land Trust");
}

#[test]
fn an_acronym_before_its_expansion_reads_as_the_name() {
    let r = resolver();
    linked(&r, "ABC (ALPHA BRAVO CATERING LTD)", "R8");
}

#[test]
fn a_register_name_without_its_one_bracketed_word_links_a_distinctive_name() {
    let r = resolver();
    // The rest of the name, written whole with two core words and a distinctive one, is
    // that body whatever "(PennyDoc)" is: its short name, a nickname, a place.
    let why = linked(&r, "Pennydale Doctors Co-operative Limited", "R10");
    assert!(why.contains("without its bracketed word"), "{why}");
    // A number in the bracket may be another body of the same name ("(1999)"), and one
    // core word is too little to tell a branch from the whole: a person decides.
    in_review(&r, "Ashcombe Bakery Limited", "R18");
    in_review(&r, "Wrenfield Limited", "R19");
    // A ledger name bracketing words of its own qualifies itself differently.
    not_linked(&r, "Pennydale Doctors (Salop) Co-operative");
}

#[test]
fn a_place_in_brackets_may_come_first() {
    let r = resolver();
    linked(&r, "Royal British Legion Club (Tring) Limited", "R11");
    linked(&r, "Royal British Legion (Tring) Club Limited", "R11");
}

#[test]
fn a_name_written_longer_or_shorter_goes_to_a_person() {
    let r = resolver();
    // Every word of the register's name is in the ledger's, which adds several: too much
    // to link unseen, too near to leave unmatched. It is the one shown, though "Brampton
    // and District Ex-Service and Social Club" shares more words.
    let why = in_review(
        &r,
        "Kirkby Lonsdale and District Ex-Service and Social Club Limited",
        "R12",
    );
    assert!(why.contains("all in the other"), "{why}");
    // Two bodies of one place that share words but not all of them are not near misses.
    let (o, _) = decide(&r, "Laggan Community Trading Limited");
    assert_eq!(o.decision, Decision::Unmatched, "{}", o.reason);
}

#[test]
fn a_register_display_name_may_be_longer_than_the_legal_name_paid() {
    // The register writes a display name with no legal form; the ledger pays the society
    // by a shorter legal name: near enough for a person to look.
    let r = resolver();
    in_review(&r, "Tamworth Credit Union Limited", "R17");
}

#[test]
fn two_branches_qualified_differently_in_brackets_are_not_near_misses() {
    // Both names write a place in brackets, and neither holds the other's: alike only
    // with the brackets left out, which is what tells branches apart.
    let r = resolver();
    let (o, _) = decide(&r, "Veterans Social Club (Marsden Vale) Limited");
    assert_eq!(o.decision, Decision::Unmatched, "{}", o.reason);
    // A word in common is not agreement: "(Marsden Heath)" is another place.
    let (o, _) = decide(&r, "Veterans Social Club (Marsden Heath) Limited");
    assert_eq!(o.decision, Decision::Unmatched, "{}", o.reason);
    // A bracket mistyped, or left open by a field that cut the name, is no conflict.
    linked(&r, "Veterans Social Club (Hollin Haeth)", "R16");
    let (o, id) = decide(&r, "Veterans Social Club (Ho");
    assert_ne!(o.decision, Decision::Unmatched, "{}", o.reason);
    assert_eq!(id, "R16");
    // The same branch written with its place is still linked.
    linked(&r, "Veterans Social Club (Hollin Heath)", "R16");
}

#[test]
fn initials_in_brackets_stand_for_the_words_before_them() {
    let r = resolver();
    linked(&r, "MUT Housing Co-operative Limited", "R15");
}
