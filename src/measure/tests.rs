//! The measure sums, checked against figures added up by hand.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::read::values::date::epoch_days;

use super::aggregate::{Sums, sum_in, year_label};

#[test]
fn financial_years() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    assert_eq!(year_label(d(2024, 4, 1), 4), "2024/25");
    assert_eq!(year_label(d(2025, 3, 31), 4), "2024/25");
    assert_eq!(year_label(d(1999, 12, 31), 4), "1999/00");
    assert_eq!(year_label(d(2024, 6, 1), 1), "2024");
    assert_eq!(year_label(d(2024, 6, 30), 7), "2023/24");
}

/// anchor, date, pence, supplier, exclusion rule, band, partnership band, deprived,
/// size, form, market.
type Row = (
    &'static str,
    Option<(i32, u32, u32)>,
    i64,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<bool>,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ROWS: [Row; 8] = [
    ("a", Some((2024, 5, 1)), 1000, "S1", None, "Local", "County", Some(true), "micro", "cooperative", "Food"),
    ("a", Some((2024, 6, 1)), 1000, "S1", None, "Local", "County", Some(true), "micro", "cooperative", "Cleaning"),
    ("a", Some((2024, 6, 1)), 500, "S2", None, "Rest", "Rest", Some(false), "large", "private_company", "Cleaning"),
    ("a", Some((2024, 6, 1)), 700, "S2", Some("salaries"), "Rest", "Rest", Some(false), "large", "private_company", "Pay"),
    ("b", Some((2025, 2, 1)), 300, "S1", None, "County", "County", Some(true), "micro", "cooperative", "Food"),
    ("b", None, 200, "S3", None, "Unknown", "Unknown", None, "unknown", "unknown", "Food"),
    ("a", Some((2024, 5, 1)), 1000, "S1", Some("duplicate"), "Local", "County", Some(true), "micro", "cooperative", "Food"),
    ("a", Some((2025, 4, 1)), -50, "S3", None, "Unknown", "Unknown", None, "unknown", "unknown", "Food"),
];

fn frame(rows: &[Row]) -> DataFrame {
    let day = |d: Option<(i32, u32, u32)>| {
        d.map(|(y, m, dd)| epoch_days(NaiveDate::from_ymd_opt(y, m, dd).unwrap()))
    };
    let text = |name: &str, f: fn(&Row) -> &str| {
        StringChunked::from_iter_values(name.into(), rows.iter().map(f)).into_column()
    };
    let cols = vec![
        text("anchor_id", |r| r.0),
        Int32Chunked::from_iter_options("date".into(), rows.iter().map(|r| day(r.1)))
            .into_date()
            .into_column(),
        Int64Chunked::from_iter_values("amount_pence".into(), rows.iter().map(|r| r.2))
            .into_column(),
        text("supplier_id", |r| r.3),
        BooleanChunked::from_iter_values(
            "influenceable".into(),
            rows.iter().map(|r| r.4.is_none()),
        )
        .into_column(),
        StringChunked::from_iter_options("exclusion_rule".into(), rows.iter().map(|r| r.4))
            .into_column(),
        text("band", |r| r.5),
        text("partnership_band", |r| r.6),
        BooleanChunked::from_iter_options("deprived".into(), rows.iter().map(|r| r.7))
            .into_column(),
        text("size_band", |r| r.8),
        text("ownership_form", |r| r.9),
        text("market", |r| r.10),
    ];
    DataFrame::new(rows.len(), cols).unwrap()
}

fn sums(pieces: usize) -> Sums {
    let local: HashMap<String, String> = [("a", "Local"), ("b", "County")]
        .map(|(a, l)| (a.into(), l.into()))
        .into();
    sum_in(&frame(&ROWS), 4, &local, "County", 5, pieces).unwrap()
}

fn key(a: &str, y: &str) -> (String, String) {
    (a.to_string(), y.to_string())
}

#[test]
fn sums_worked_out_by_hand() {
    // Each figure below is added up by hand from ROWS: the duplicate (row 7) counts
    // nowhere, the salaries row (row 4) only in total_spend.
    let s = sums(1);
    let keys: Vec<_> = s.keys().cloned().collect();
    let want = [
        key("ALL", "2024/25"),
        key("ALL", "2025/26"),
        key("ALL", "undated"),
        key("a", "2024/25"),
        key("a", "2025/26"),
        key("b", "2024/25"),
        key("b", "undated"),
    ];
    assert_eq!(keys, want);
    let a = &s[&key("a", "2024/25")];
    assert_eq!((a.total, a.influenceable, a.deprived), (3200, 2500, 2000));
    assert_eq!(
        a.band,
        [("Local".into(), 2000), ("Rest".into(), 500)].into()
    );
    assert_eq!(a.size, [2000, 0, 0, 500, 0]);
    assert_eq!((a.ownership[0], a.ownership[6]), (2000, 500));
    let cleaning = &a.market["Cleaning"];
    assert_eq!(
        (cleaning.pence, cleaning.local, cleaning.sme),
        (1500, 1000, 1000)
    );
    assert_eq!(
        (cleaning.social_economy, cleaning.cooperative),
        (1000, 1000)
    );
    assert_eq!(
        (cleaning.transactions, cleaning.suppliers, cleaning.anchors),
        (2, 2, 1)
    );
    assert!(
        !a.market.contains_key("Pay"),
        "excluded spend has no market row"
    );
    assert_eq!((a.suppliers, a.ranked.clone()), (2, vec![2000, 500]));
    // S1 paid 1000 in Food and 1000 in Cleaning: the tie goes to the first by name.
    let s1 = &a.top[0];
    assert_eq!(
        (s1.supplier_id.as_str(), s1.market.as_str()),
        ("S1", "Cleaning")
    );
    assert_eq!((s1.band.as_str(), s1.deprived), ("Local", Some(true)));
    let all = &s[&key("ALL", "2024/25")];
    assert_eq!((all.total, all.influenceable), (3500, 2800));
    assert_eq!(
        all.band,
        [("County".into(), 2300), ("Rest".into(), 500)].into()
    );
    assert_eq!(
        (all.market["Food"].pence, all.market["Food"].anchors),
        (1300, 2)
    );
    assert_eq!(all.ranked, vec![2300, 500]);
    assert_eq!(
        (all.top[0].market.as_str(), all.top[0].band.as_str()),
        ("Food", "County")
    );
    assert_eq!(s[&key("b", "2024/25")].market["Food"].local, 300);
    // A supplier paid a net negative sum is counted but not ranked.
    let later = &s[&key("a", "2025/26")];
    assert_eq!(
        (later.suppliers, later.ranked.len(), later.influenceable),
        (1, 0, -50)
    );
    assert_eq!(s[&key("ALL", "undated")].ranked, vec![200]);
}

#[test]
fn sums_do_not_depend_on_how_the_rows_are_split() {
    let one = sums(1);
    for pieces in [2, 3, 8] {
        assert_eq!(sums(pieces), one, "{pieces} pieces");
    }
}
