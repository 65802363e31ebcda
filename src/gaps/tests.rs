//! Tiny partnerships where the right verdict is obvious by construction: two anchors, a
//! few suppliers placed inside or outside the one area, and local organisations given by
//! hand. Each test says why its expected verdict or ranking follows.

use chrono::NaiveDate;
use polars::prelude::*;

use super::demand::{self, SupplierFacts};
use super::gap_files::GapFiles;
use super::supply::LocalOrg;
use super::*;
use crate::config::gaps::Gaps;
use crate::read::values::date::epoch_days;

const ANCHORS: [&str; 2] = ["city", "hospital"];

/// A payment: anchor, month (1–24 from April 2023; 0 = undated), pounds, supplier, market.
type Pay = (&'static str, u32, i64, &'static str, &'static str);

fn supplier(id: &str, local: bool, democratic: bool, size: &str) -> SupplierFacts {
    SupplierFacts {
        supplier_id: id.into(),
        display_name: id.into(),
        mask: u64::from(local),
        placed: true,
        band: if local { "Here" } else { "Rest of UK" }.into(),
        size_band: size.into(),
        ownership_form: if democratic {
            "cooperative"
        } else {
            "private_company"
        }
        .into(),
        democratic,
        ..Default::default()
    }
}

fn suppliers() -> Vec<SupplierFacts> {
    vec![
        supplier("far-plc", false, false, "large"),
        supplier("far-small", false, false, "small"),
        supplier("near-coop", true, true, "small"),
        supplier("near-firm", true, false, "small"),
    ]
}

fn org(name: &str, market: &str, size: &'static str) -> LocalOrg {
    LocalOrg {
        name: name.into(),
        register: "directory".into(),
        register_id: name.into(),
        mask: 1,
        ownership_form: crate::reference::registers::org::OwnershipForm::Cooperative,
        size_band: size,
        market: Some(market.into()),
        ..Default::default()
    }
}

fn frame(pays: &[Pay]) -> DataFrame {
    let day = |m: u32| {
        (m > 0).then(|| {
            let d = NaiveDate::from_ymd_opt(2023 + ((m + 2) / 12) as i32, (m + 2) % 12 + 1, 15);
            epoch_days(d.unwrap())
        })
    };
    let s = |name: &str, f: fn(&Pay) -> &str| {
        StringChunked::from_iter_values(name.into(), pays.iter().map(f)).into_column()
    };
    DataFrame::new(
        pays.len(),
        vec![
            s("anchor_id", |p| p.0),
            Int32Chunked::from_iter_options("date".into(), pays.iter().map(|p| day(p.1)))
                .into_date()
                .into_column(),
            Int64Chunked::from_iter_values("amount_pence".into(), pays.iter().map(|p| p.2 * 100))
                .into_column(),
            s("supplier_id", |p| p.3),
            BooleanChunked::from_iter_values("influenceable".into(), pays.iter().map(|_| true))
                .into_column(),
            s("market", |p| p.4),
        ],
    )
    .unwrap()
}

/// Monthly payments for `months` months.
fn monthly(
    anchor: &'static str,
    months: u32,
    pounds: i64,
    to: &'static str,
    market: &'static str,
) -> Vec<Pay> {
    (1..=months)
        .map(|m| (anchor, m, pounds, to, market))
        .collect()
}

fn run_with(pays: &[Pay], local: &[LocalOrg], files: &GapFiles) -> GapTables {
    let facts = suppliers();
    let anchors: Vec<String> = ANCHORS.iter().map(|a| a.to_string()).collect();
    let d = demand::sum(&frame(pays), &facts, &anchors, &[0], 4).unwrap();
    let markets = crate::classify::market::Markets::load(None, None, None).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
    let set = Setting {
        anchors: &anchors,
        markets: &markets,
        areas: &[(0, "Here".to_string())],
        files,
        as_of,
        horizon_end: calendar::horizon_end(as_of, 36),
        supply_unknown: None,
    };
    analyse(&d, &facts, local, &[], &set)
}

fn run(pays: &[Pay], local: &[LocalOrg]) -> GapTables {
    run_with(pays, local, &GapFiles::load(&Gaps::default()).unwrap())
}

fn verdict(t: &GapTables, market: &str) -> String {
    t.gaps
        .iter()
        .find(|g| g.market == market)
        .map(|g| g.verdict.as_str().to_string())
        .unwrap_or_else(|| panic!("no row for {market}"))
}

#[test]
fn incubate_needs_no_local_supplier_and_sizeable_regular_divisible_spend() {
    // £5,000 a month from each anchor for two years: £120,000 a year (over £50,000), every
    // month (100% ≥ 50%), all under £25,000 (100% ≥ 50%); nobody local.
    let mut p = monthly("city", 24, 5_000, "far-plc", "Cleaning & domestic services");
    p.extend(monthly(
        "hospital",
        24,
        5_000,
        "far-small",
        "Cleaning & domestic services",
    ));
    let t = run(&p, &[]);
    assert_eq!(verdict(&t, "Cleaning & domestic services"), "incubate");
    let g = &t.gaps[0];
    assert_eq!(g.influenceable_pence, 240_000 * 100);
    assert_eq!(g.annual_pence, 120_000 * 100);
    assert_eq!(
        (g.months_with_spend, g.period_months, g.anchors_leaking),
        (24, 24, 2)
    );
    assert_eq!(g.large_nonlocal_pence, 120_000 * 100);
}

#[test]
fn watch_when_spend_is_irregular() {
    // £60,010 in 4 of 24 months: regularity 17% < 50% (and £30,005 a year < £50,000).
    let mut q: Vec<Pay> = [1, 2, 3]
        .map(|m| ("city", m, 20_000, "far-plc", "Security services"))
        .to_vec();
    q.push(("city", 24, 10, "far-plc", "Security services"));
    let t = run(&q, &[]);
    assert_eq!(verdict(&t, "Security services"), "watch");
    assert!(
        t.gaps[0].reason.contains("of months"),
        "{}",
        t.gaps[0].reason
    );
}

#[test]
fn engage_when_local_cooperatives_exist_but_win_little() {
    // Two local co-ops sell catering; the anchors buy it all from outside, in small payments.
    let p = monthly("city", 24, 3_000, "far-plc", "Catering & food");
    let local = [
        org("Bakers Co-op", "Catering & food", "small"),
        org("Cooks Co-op", "Catering & food", "unknown"),
    ];
    let t = run(&p, &local);
    assert_eq!(verdict(&t, "Catering & food"), "engage");
    assert_eq!(t.gaps[0].local_orgs, 2);
    assert_eq!(
        t.local.len(),
        2,
        "the organisations behind the verdict are listed"
    );
}

#[test]
fn grow_when_local_cooperatives_are_small_and_the_spend_comes_in_large_lots() {
    // One micro co-op; every payment is £40,000 (over £25,000): 100% lumpy ≥ 50%.
    let p = monthly("city", 24, 40_000, "far-plc", "Adult social care");
    let t = run(&p, &[org("Carers Co-op", "Adult social care", "micro")]);
    assert_eq!(verdict(&t, "Adult social care"), "grow");
    // A medium co-op could take such lots: engage instead.
    let t = run(&p, &[org("Carers Co-op", "Adult social care", "medium")]);
    assert_eq!(verdict(&t, "Adult social care"), "engage");
}

#[test]
fn served_when_local_democratic_suppliers_take_most() {
    // 60% to a local co-op (≥ 50%), 40% outside.
    let mut p = monthly("city", 24, 600, "near-coop", "Printing & stationery");
    p.extend(monthly("city", 24, 400, "far-plc", "Printing & stationery"));
    let t = run(&p, &[]);
    assert_eq!(verdict(&t, "Printing & stationery"), "served");
    let g = &t.gaps[0];
    assert_eq!(
        (g.local_democratic_pence, g.leakage_pence),
        (14_400 * 100, 9_600 * 100)
    );
    // The paid co-op is counted as local supply though no register lists it.
    assert_eq!(g.local_orgs, 1);
}

#[test]
fn not_addressable_and_unmapped_markets_are_never_opportunities() {
    let mut p = monthly("city", 24, 5_000, "far-plc", "Telecommunications");
    p.extend(monthly(
        "city",
        24,
        5_000,
        "far-plc",
        crate::classify::UNMAPPED,
    ));
    let t = run(&p, &[]);
    assert_eq!(verdict(&t, "Telecommunications"), "not_addressable");
    assert_eq!(verdict(&t, crate::classify::UNMAPPED), "unmapped");
    assert!(t.opportunities.is_empty());
}

#[test]
fn a_market_with_spend_but_no_sic_mapping_says_so() {
    // No SIC code maps to pest control, so registers cannot show local supply in it.
    let p = monthly("city", 24, 5_000, "far-plc", "Pest control");
    let t = run(&p, &[]);
    assert_eq!(verdict(&t, "Pest control"), "incubate");
    assert!(
        t.gaps[0].reason.contains("no SIC code maps"),
        "{}",
        t.gaps[0].reason
    );
}

#[test]
fn ties_rank_by_market_name_and_undated_money_is_kept() {
    let mut p = monthly("city", 24, 5_000, "far-plc", "Waste & recycling");
    p.extend(monthly("city", 24, 5_000, "far-plc", "Security services"));
    p.push(("city", 0, 7, "far-plc", "Security services"));
    p.push(("city", 0, -7, "far-plc", "Security services"));
    let t = run(&p, &[]);
    let o: Vec<(&str, f64)> = t
        .opportunities
        .iter()
        .map(|o| (o.market.as_str(), o.score))
        .collect();
    assert_eq!(o[0].1, o[1].1, "identical demand, identical score");
    assert_eq!([o[0].0, o[1].0], ["Security services", "Waste & recycling"]);
    let sec = t
        .gaps
        .iter()
        .find(|g| g.market == "Security services")
        .unwrap();
    assert_eq!(sec.undated_pence, 0);
    assert!(
        sec.years_present.ends_with("undated"),
        "{}",
        sec.years_present
    );
}

/// Market A: £300,000 leaking, one anchor. Market B: £192,000 leaking, both anchors.
fn two_markets() -> Vec<Pay> {
    let mut p = monthly("city", 24, 12_500, "far-small", "Security services");
    p.extend(monthly("city", 24, 4_000, "far-small", "Waste & recycling"));
    p.extend(monthly(
        "hospital",
        24,
        4_000,
        "far-small",
        "Waste & recycling",
    ));
    p
}

#[test]
fn several_anchors_together_rank_higher_than_one_alone() {
    // The same £5,000 a month, from one anchor or split between two.
    let mut p = monthly("city", 24, 5_000, "far-small", "Security services");
    p.extend(monthly("city", 24, 2_500, "far-small", "Waste & recycling"));
    p.extend(monthly(
        "hospital",
        24,
        2_500,
        "far-small",
        "Waste & recycling",
    ));
    let t = run(&p, &[]);
    assert_eq!(t.opportunities[0].market, "Waste & recycling");
}

#[test]
fn changing_a_weight_changes_the_ranking_as_the_terms_say() {
    let tmp = tempfile::tempdir().unwrap();
    let ranking = |leakage: f64, anchors: f64| {
        let path = tmp.path().join("gap-rules.toml");
        let text = gap_files::DEFAULT_RULES
            .replace("leakage = 0.35", &format!("leakage = {leakage}"))
            .replace("anchors = 0.2", &format!("anchors = {anchors}"));
        std::fs::write(&path, text).unwrap();
        let g = Gaps {
            rules: Some(path),
            ..Default::default()
        };
        let t = run_with(&two_markets(), &[], &GapFiles::load(&g).unwrap());
        // The score is the sum of its shown terms, and the ranking follows the score.
        for g in &t.gaps {
            let sum = g.score_leakage
                + g.score_anchors
                + g.score_regularity
                + g.score_divisibility
                + g.score_corporate;
            assert!((g.score - sum).abs() < 1e-12);
        }
        let a = t
            .gaps
            .iter()
            .find(|g| g.market == "Security services")
            .unwrap();
        let b = t
            .gaps
            .iter()
            .find(|g| g.market == "Waste & recycling")
            .unwrap();
        // Terms by hand: A leaks the most (leakage term 1), B 0.64 of it; A has one anchor
        // of two (0.5), B both (1). Regularity, divisibility and corporate are equal.
        assert!((a.score_leakage - leakage).abs() < 1e-9);
        assert!((b.score_leakage - leakage * 192_000.0 / 300_000.0).abs() < 1e-6);
        assert!((a.score_anchors - anchors * 0.5).abs() < 1e-12);
        assert!((b.score_anchors - anchors).abs() < 1e-12);
        t.opportunities
            .iter()
            .map(|o| o.market.clone())
            .collect::<Vec<_>>()
    };
    // Leakage weighted more: A's extra third of leakage outweighs B's second anchor.
    assert_eq!(
        ranking(0.6, 0.1),
        ["Security services", "Waste & recycling"]
    );
    // Anchors weighted more: B's second anchor outweighs A's extra leakage.
    assert_eq!(
        ranking(0.1, 0.6),
        ["Waste & recycling", "Security services"]
    );
}

#[test]
fn demand_sums_do_not_depend_on_how_the_rows_are_split() {
    // 600 payments over both anchors, every supplier (and one not in the master),
    // four markets, refunds and undated months; summed whole and in 2, 3 and 7 runs.
    let ids = ["far-plc", "far-small", "near-coop", "near-firm", "nobody"];
    let markets = ["Catering", "Cleaning", "ICT", "Legal"];
    let pays: Vec<Pay> = (0..600u32)
        .map(|i| {
            let pounds = i64::from(i % 97) * 13 - 200;
            (
                ANCHORS[(i % 2) as usize],
                i % 25,
                pounds,
                ids[(i % 5) as usize],
                markets[(i / 7 % 4) as usize],
            )
        })
        .collect();
    let facts = suppliers();
    let anchors: Vec<String> = ANCHORS.iter().map(|a| a.to_string()).collect();
    let df = frame(&pays);
    let whole = demand::sum_in(&df, &facts, &anchors, &[0], 4, 1).unwrap();
    for pieces in [2, 3, 7] {
        let split = demand::sum_in(&df, &facts, &anchors, &[0], 4, pieces).unwrap();
        assert_eq!(split, whole, "{pieces} pieces");
    }
    // Each supplier's pence by market, added up here from the payments themselves.
    let mut expected: std::collections::BTreeMap<(&str, &str), i64> = Default::default();
    for p in pays.iter().filter(|p| p.3 != "nobody") {
        *expected.entry((p.3, p.4)).or_default() += p.2 * 100;
    }
    let mut got = std::collections::BTreeMap::new();
    for (s, f) in facts.iter().enumerate() {
        for (m, pence) in whole.supplier_market.of(s as u32) {
            got.insert(
                (
                    f.supplier_id.as_str(),
                    whole.markets[*m as usize].market.as_str(),
                ),
                *pence,
            );
        }
    }
    assert_eq!(got, expected);
    let total: i64 = pays.iter().map(|p| p.2 * 100).sum();
    assert_eq!(
        whole.markets.iter().map(|m| m.influenceable).sum::<i64>(),
        total
    );
}
