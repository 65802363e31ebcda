//! The baseline on the sample partnership, recomputed independently: every metric in
//! metrics.parquet is summed again here from transactions.parquet with plain loops (not
//! the measure module), and must agree exactly; the reconciliation identities hold; every
//! excluded penny names its rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::common::*;
use chrono::{Datelike, NaiveDate};

/// The sample study's bands (sample-data/study.toml), then the three every study ends with.
const LADDER: [&str; 6] = [
    "Oxford",
    "Oxfordshire",
    "South East",
    "Rest of UK",
    "Outside UK",
    "Unknown",
];
const SIZES: [&str; 5] = ["micro", "small", "medium", "large", "unknown"];
const FORMS: [&str; 12] = [
    "cooperative",
    "community_benefit_society",
    "community_interest_company",
    "charity",
    "employee_owned",
    "other_social_enterprise",
    "private_company",
    "public_limited_company",
    "partnership",
    "public_body",
    "individual",
    "unknown",
];
const SOCIAL: [&str; 6] = [
    "cooperative",
    "community_benefit_society",
    "community_interest_company",
    "charity",
    "employee_owned",
    "other_social_enterprise",
];

/// April–March years, written `2024/25`.
fn year(days: Option<i32>) -> String {
    let Some(days) = days else {
        return "undated".into();
    };
    let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days as i64);
    let y = if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    };
    format!("{y}/{:02}", (y + 1) % 100)
}

#[derive(Default)]
struct Expected {
    total: i64,
    influenceable: i64,
    parts: BTreeMap<String, i64>,
    suppliers: BTreeMap<String, i64>,
}

#[test]
fn every_metric_recomputes_exactly_from_the_transactions() {
    let dir = tempfile::tempdir().unwrap();
    let o = spendgap(&repo(), &["run", "--out", dir.path().to_str().unwrap()]);
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    let t = read_parquet(&dir.path().join("transactions.parquet"));
    let anchor = strings(&t, "anchor_id");
    let rule = strings(&t, "exclusion_rule");
    let supplier = strings(&t, "supplier_id");
    let band = strings(&t, "band");
    let pband = strings(&t, "partnership_band");
    let size = strings(&t, "size_band");
    let form = strings(&t, "ownership_form");
    let market = strings(&t, "market");
    let pence: Vec<i64> = t
        .column("amount_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    let infl: Vec<bool> = t
        .column("influenceable")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    let deprived: Vec<Option<bool>> = t
        .column("deprived")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    let dates: Vec<Option<i32>> = t
        .column("date")
        .unwrap()
        .date()
        .unwrap()
        .phys
        .iter()
        .collect();

    let mut want: BTreeMap<(String, String), Expected> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, i64> = BTreeMap::new();
    for i in 0..t.height() {
        // Every excluded penny names its rule; influenceable rows name none.
        assert_eq!(
            infl[i],
            rule[i].is_none(),
            "row {i}: influenceable {} with rule {:?}",
            infl[i],
            rule[i]
        );
        if let Some(r) = &rule[i] {
            *by_rule.entry(r.clone()).or_insert(0) += pence[i];
        }
        if rule[i].as_deref() == Some("duplicate") {
            continue;
        }
        for (scope, b) in [
            (anchor[i].clone().unwrap(), &band[i]),
            ("ALL".to_string(), &pband[i]),
        ] {
            let e = want.entry((scope, year(dates[i]))).or_default();
            e.total += pence[i];
            if !infl[i] {
                continue;
            }
            e.influenceable += pence[i];
            let mut add = |k: String| *e.parts.entry(k).or_insert(0) += pence[i];
            add(format!("band:{}", b.as_deref().unwrap()));
            add(format!("size:{}", size[i].as_deref().unwrap()));
            add(format!("ownership:{}", form[i].as_deref().unwrap()));
            add(format!("market:{}", market[i].as_deref().unwrap()));
            if deprived[i] == Some(true) {
                add("deprived".into());
            }
            if deprived[i].is_none() {
                add("deprived_unknown".into());
            }
            if SIZES[..3].contains(&size[i].as_deref().unwrap()) {
                add("sme".into());
            }
            if SOCIAL.contains(&form[i].as_deref().unwrap()) {
                add("social_economy".into());
            }
            *e.suppliers.entry(supplier[i].clone().unwrap()).or_insert(0) += pence[i];
        }
    }

    let m = read_parquet(&dir.path().join("metrics.parquet"));
    let (ma, my, mm, mu) = (
        strings(&m, "anchor_id"),
        strings(&m, "year"),
        strings(&m, "metric"),
        strings(&m, "unit"),
    );
    let value: Vec<f64> = m
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    let num: Vec<Option<i64>> = m
        .column("numerator_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    let den: Vec<Option<i64>> = m
        .column("denominator_pence")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    let coverage: Vec<Option<f64>> = m
        .column("coverage")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for i in 0..m.height() {
        let key = (ma[i].clone().unwrap(), my[i].clone().unwrap());
        let metric = mm[i].clone().unwrap();
        let e = want
            .get(&key)
            .unwrap_or_else(|| panic!("metrics for {key:?} that no transaction has"));
        let share = |n: i64, d: i64| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        let ranked: Vec<i64> = {
            let mut v: Vec<i64> = e.suppliers.values().copied().filter(|p| *p > 0).collect();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v
        };
        let positive: i64 = ranked.iter().sum();
        let (n, d, v) = match metric.as_str() {
            "total_spend" => (Some(e.total), None, e.total as f64 / 100.0),
            "influenceable_spend" => (
                Some(e.influenceable),
                Some(e.total),
                e.influenceable as f64 / 100.0,
            ),
            "suppliers" => (None, None, e.suppliers.len() as f64),
            "top10_share" => {
                let top: i64 = ranked.iter().take(10).sum();
                (Some(top), Some(positive), share(top, positive))
            }
            "hhi" => {
                let h: f64 = ranked
                    .iter()
                    .map(|p| (100.0 * *p as f64 / positive as f64).powi(2))
                    .sum();
                (None, None, h)
            }
            part => {
                let n = e.parts.get(part).copied().unwrap_or(0);
                assert_eq!(mu[i].as_deref(), Some("share"), "{part}");
                (Some(n), Some(e.influenceable), share(n, e.influenceable))
            }
        };
        assert_eq!((num[i], den[i]), (n, d), "{key:?} {metric}");
        // What a share rests on: the influenceable spend not in its kind's unknown part
        // (placed for bands, in a ranked area for deprivation, sized, known ownership).
        let known = |unknown: &str| {
            let u = e.parts.get(unknown).copied().unwrap_or(0);
            Some(share(e.influenceable - u, e.influenceable))
        };
        let kind = metric.split(':').next().unwrap();
        let want_cover = match kind {
            _ if e.influenceable == 0 => None,
            "band" if metric != "band:Unknown" => known("band:Unknown"),
            "deprived" => known("deprived_unknown"),
            "size" | "sme" if metric != "size:unknown" => known("size:unknown"),
            "ownership" | "social_economy" if metric != "ownership:unknown" => {
                known("ownership:unknown")
            }
            _ => None,
        };
        assert_eq!(coverage[i], want_cover, "{key:?} {metric} coverage");
        if metric == "hhi" {
            // A sum of squares: its last bits depend on the order of summing.
            assert!(
                (value[i] - v).abs() < 1e-6,
                "{key:?} hhi {} vs {v}",
                value[i]
            );
        } else {
            assert_eq!(value[i], v, "{key:?} {metric}");
        }
        seen.insert((key.0, key.1, metric));
    }
    // Nothing computed here is missing from the metrics: every scope, year and part.
    for ((a, y), e) in &want {
        for k in e.parts.keys() {
            assert!(
                seen.contains(&(a.clone(), y.clone(), k.clone())),
                "{a} {y} {k} missing"
            );
        }
        // Shares reconcile to the penny: bands, sizes and forms each add up.
        for (prefix, list) in [
            ("band:", &LADDER[..]),
            ("size:", &SIZES[..]),
            ("ownership:", &FORMS[..]),
        ] {
            let listed: i64 = list
                .iter()
                .map(|x| e.parts.get(&format!("{prefix}{x}")).copied().unwrap_or(0))
                .sum();
            assert_eq!(listed, e.influenceable, "{a} {y} {prefix}* do not add up");
            for x in list {
                assert!(
                    seen.contains(&(a.clone(), y.clone(), format!("{prefix}{x}"))),
                    "{a} {y} {prefix}{x} not reported"
                );
            }
        }
    }
    // total_spend over all years equals the ingested total, for each anchor and for ALL.
    let rec = json(&dir.path().join("reconciliation.json"));
    let mut totals: HashMap<String, i64> = HashMap::new();
    for ((a, _), e) in &want {
        *totals.entry(a.clone()).or_insert(0) += e.total;
    }
    assert_eq!(
        totals["ALL"],
        rec["totals"]["pence_accepted"].as_i64().unwrap()
    );
    for a in rec["anchors"].as_array().unwrap() {
        let id = a["anchor_id"].as_str().unwrap();
        assert_eq!(totals[id], a["pence_accepted"].as_i64().unwrap(), "{id}");
    }
    assert!(
        want.keys().any(|(_, y)| y == "undated"),
        "the sample's undated row is its own period"
    );
    // exclusions.csv totals each rule as the rows do.
    let text = std::fs::read_to_string(dir.path().join("exclusions.csv")).unwrap();
    let mut csv = csv::Reader::from_reader(text.as_bytes());
    for r in csv.records() {
        let r = r.unwrap();
        let p: i64 = r[3].parse().unwrap();
        assert_eq!(
            p,
            by_rule.get(&r[0]).copied().unwrap_or(0),
            "rule {}",
            &r[0]
        );
    }
    // The sample pays HMRC, pension funds and public bodies every month: all excluded;
    // its grants to individuals are excluded by what they are for.
    for r in [
        "payee-hmrc",
        "payee-pension-fund",
        "payee-public-body",
        "grants-to-individuals",
    ] {
        assert!(
            by_rule.get(r).copied().unwrap_or(0) > 0,
            "{r} excluded nothing"
        );
    }
}
