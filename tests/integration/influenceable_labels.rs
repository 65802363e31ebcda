//! The influenceable-spend rules measured on real categories: 575 (publisher, category,
//! payee) cases of the ledgers in ../shared/data/real, each labelled influenceable or
//! excluded by a person reading the rows (tests/expectations/influenceable, with its notes).
//! The labels are the expectation; the tool's verdicts come from running `spendgap run`
//! over the ledger files the labels name and finding each case's rows in
//! transactions.parquet. The bar is 95% precision and recall of "excluded"; the
//! rules reach 92.6% and 79.3% (BENCHMARKS.md, issue 22, says where they fall short), and
//! the test holds them at those floors so that a change can only raise them.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

struct Case {
    publisher: String,
    file: String,
    category: String,
    payee: String,
    excluded: bool,
    note: String,
}

fn cases() -> Vec<Case> {
    let path = repo().join("tests/expectations/influenceable/labelled.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let h = r.headers().unwrap().clone();
    let at = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (p, f, c, y, l, n) = (
        at("publisher"),
        at("file"),
        at("category"),
        at("payee"),
        at("label"),
        at("note"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Case {
                publisher: rec[p].to_string(),
                file: rec[f].to_string(),
                category: rec[c].to_string(),
                payee: rec[y].to_string(),
                excluded: &rec[l] == "excluded",
                note: rec[n].to_string(),
            }
        })
        .collect()
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Hyndburn's three files without a header row, read by position as in tests/integration/common.
const HEADERLESS: [&str; 3] = ["March-25-CSV.csv", "April-25-CSV.csv", "Sept-25-CVS.csv"];

#[test]
fn exclusion_rules_measured_on_labelled_real_cases_hold_their_floors() {
    let Some(ledgers) = real_folder("ledgers") else {
        return;
    };
    let cases = cases();
    assert!(cases.len() >= 300, "the sample holds at least 300 cases");
    // One anchor per publisher, holding the files the labels name.
    let mut files: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in &cases {
        files.entry(&c.publisher).or_default().insert(&c.file);
    }
    let mut study = String::from("name = \"Labelled categories\"\n");
    for (publisher, names) in &files {
        study += &format!("[[anchor]]\nid = {publisher:?}\nname = {publisher:?}\n");
        for n in names {
            let path = ledgers.join(publisher).join(n);
            study += &format!("[[anchor.ledger]]\npath = {:?}\n", path.to_str().unwrap());
            if HEADERLESS.contains(n) {
                study += "header_row = 0\ncolumns = { transaction_ref = 10, supplier_name = 12, date = 15, amount = 17, service_area = 3, description = 5 }\n";
            }
        }
    }
    // Another rules file to measure beside the shipped one (BENCHMARKS.md's baseline).
    if let Some(rules) = std::env::var_os("SPENDGAP_MEASURE_RULES") {
        study += &format!(
            "[classify]\ninfluenceable = {:?}\n",
            rules.to_str().unwrap()
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("study.toml");
    std::fs::write(&path, study).unwrap();
    let o = spendgap(tmp.path(), &["run", path.to_str().unwrap(), "--out", "out"]);
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    let out = tmp.path().join("out");

    let sup = read_parquet(&out.join("suppliers.parquet"));
    let aside: BTreeMap<String, Option<String>> = strings(&sup, "supplier_id")
        .into_iter()
        .map(Option::unwrap)
        .zip(strings(&sup, "set_aside_reason"))
        .collect();
    let tx = read_parquet(&out.join("transactions.parquet"));
    let col = |n: &str| {
        if tx.column(n).is_ok() {
            strings(&tx, n)
        } else {
            vec![None; tx.height()]
        }
    };
    let (anchor, name, id, service, expense, rule) = (
        col("anchor_id"),
        col("supplier_name"),
        col("supplier_id"),
        col("service_area"),
        col("expense_type"),
        col("exclusion_rule"),
    );
    // The payees each publisher's labels name, so that "(individual)" covers the others.
    let named: BTreeSet<(String, String)> = cases
        .iter()
        .filter(|c| c.payee != "(individual)")
        .map(|c| (c.publisher.clone(), fold(&c.payee)))
        .collect();

    // Per case: rows excluded and rows counted. A row belongs to a case when its payee is
    // the case's (for "(individual)": a payee the tool set aside as a person) and every
    // category field the tool read is one of the parts the label joined with " | ".
    let mut tally = vec![(0usize, 0usize); cases.len()];
    let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        let payee = if c.payee == "(individual)" {
            String::new()
        } else {
            fold(&c.payee)
        };
        by_key
            .entry((c.publisher.clone(), payee))
            .or_default()
            .push(i);
    }
    for r in 0..tx.height() {
        let Some(a) = anchor[r].as_deref() else {
            continue;
        };
        let payee = fold(name[r].as_deref().unwrap_or(""));
        let key = if named.contains(&(a.to_string(), payee.clone())) {
            (a.to_string(), payee)
        } else {
            let person = id[r]
                .as_ref()
                .and_then(|s| aside.get(s).cloned().flatten())
                .is_some_and(|why| why == "individual" || why == "redacted");
            if !person {
                continue;
            }
            (a.to_string(), String::new())
        };
        let Some(candidates) = by_key.get(&key) else {
            continue;
        };
        // The category the rules read: the expense type, else the service area.
        let field = [&expense[r], &service[r]]
            .into_iter()
            .flatten()
            .map(|s| fold(s))
            .find(|s| !s.is_empty());
        let Some(field) = field else { continue };
        for &i in candidates {
            let parts: BTreeSet<String> = cases[i].category.split(" | ").map(fold).collect();
            if parts.contains(&field) {
                tally[i].1 += 1;
                tally[i].0 += usize::from(rule[r].is_some());
            }
        }
    }

    let (mut tp, mut fp, mut fneg, mut tn, mut unfound) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for (c, &(excluded, rows)) in cases.iter().zip(&tally) {
        if rows == 0 {
            unfound += 1;
            misses.push(format!(
                "not found  {} {} | {} | {}",
                c.publisher, c.file, c.category, c.payee
            ));
            continue;
        }
        // The tool's verdict on the case: what it says of most of its rows.
        let said = excluded * 2 > rows;
        match (said, c.excluded) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            (false, false) => tn += 1,
        }
        if said != c.excluded {
            misses.push(format!(
                "{}  {} | {} | {}  ({})",
                if said { "over-excl " } else { "missed    " },
                c.publisher,
                c.category,
                c.payee,
                c.note
            ));
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fneg) as f64;
    println!(
        "labelled cases {}: found {}, not found {unfound}\nexcluded as labelled {tp}, excluded against the label {fp}, missed exclusions {fneg}, influenceable as labelled {tn}\nprecision {:.1}%  recall {:.1}%",
        cases.len(),
        cases.len() - unfound,
        100.0 * precision,
        100.0 * recall
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        unfound * 20 <= cases.len(),
        "at most 5% of the labelled cases may go unfound in the tool's rows ({unfound})"
    );
    // Measured 2026-12-07: precision 0.926, recall 0.793 (the bar, 0.95 each, is not met).
    assert!(precision >= 0.92, "precision {precision:.3}");
    assert!(recall >= 0.79, "recall {recall:.3}");
}
