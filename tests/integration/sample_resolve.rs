//! Supplier matching on the bundled sample partnership, checked against the generator's
//! own truth (sample-data/truth/payees.csv, written by tools/samplegen from the supplier
//! list it spelled the ledgers from — not by spendgap): no wrong link, nine in ten names
//! linked, individuals set aside and never named, ids stable across runs and thread counts.

use std::collections::HashMap;

use crate::common::*;

struct Truth {
    expected: String,
    register: String,
    register_id: String,
}

fn truth() -> HashMap<String, Truth> {
    let path = repo().join("sample-data/truth/payees.csv");
    let mut r = csv::Reader::from_path(&path).expect("sample-data/truth/payees.csv");
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[0].to_string(),
                Truth {
                    expected: rec[1].to_string(),
                    register: rec[2].to_string(),
                    register_id: rec[3].to_string(),
                },
            )
        })
        .collect()
}

fn run(out: &std::path::Path, threads: &str) {
    let o = spendgap(
        &repo(),
        &["--threads", threads, "run", "--out", out.to_str().unwrap()],
    );
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn sample_matches_agree_with_the_generators_truth() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "2");
    let truth = truth();
    let (mut matchable, mut linked, mut review, mut wrong) = (0, 0, 0, Vec::new());
    let mut seen = 0;
    for (name, d) in decisions(dir.path()) {
        let decision = d.decision;
        let (reg, rid) = (
            d.register.unwrap_or_default(),
            d.register_id.unwrap_or_default(),
        );
        let Some(t) = truth.get(&name) else {
            assert!(
                name.is_empty(),
                "{name:?} is in no ledger the generator wrote"
            );
            continue;
        };
        seen += 1;
        match t.expected.as_str() {
            "match" => {
                matchable += 1;
                match decision.as_str() {
                    "matched" if (&reg, &rid) == (&t.register, &t.register_id) => linked += 1,
                    "matched" => wrong.push(format!(
                        "{name} → {reg} {rid}, truth {} {}",
                        t.register, t.register_id
                    )),
                    "review" => review += 1,
                    _ => {}
                }
            }
            "set_aside" => assert_eq!(decision, "set_aside", "{name}"),
            _ => assert_ne!(
                decision, "matched",
                "{name} is in no register but was linked to {reg} {rid}"
            ),
        }
    }
    assert_eq!(
        seen,
        truth.len(),
        "every spelling the generator wrote is decided"
    );
    assert!(wrong.is_empty(), "wrong links: {wrong:#?}");
    assert!(
        linked * 10 >= matchable * 9,
        "recall {linked}/{matchable} below 90%"
    );
    assert!(
        review * 10 <= truth.len(),
        "review band {review} over 10% of names"
    );
}

#[test]
fn individuals_are_never_named_in_outputs_for_people() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "2");
    let people: Vec<String> = truth()
        .into_iter()
        .filter(|(_, t)| t.expected == "set_aside")
        .map(|(n, _)| n)
        .collect();
    assert!(people.len() >= 4);
    // Every CSV a person opens (matches, review, suppliers, top suppliers, …).
    let csvs: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert!(csvs.len() >= 8, "{csvs:?}");
    for file in &csvs {
        let text = std::fs::read_to_string(dir.path().join(file))
            .unwrap()
            .to_lowercase();
        for p in &people {
            assert!(!text.contains(&p.to_lowercase()), "{file} names {p:?}");
        }
    }
    let suppliers = read_parquet(&dir.path().join("suppliers.parquet"));
    let shown: Vec<String> = strings(&suppliers, "display_name")
        .into_iter()
        .flatten()
        .collect();
    for p in &people {
        assert!(!shown.contains(p), "suppliers.parquet shows {p:?}");
    }
}

#[test]
fn run_outputs_are_identical_across_runs_and_thread_counts() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a.path(), "1");
    run(b.path(), "2");
    // Every file, the report's charts/ folder included.
    let mut files: Vec<String> = Vec::new();
    for sub in ["", "charts"] {
        for e in std::fs::read_dir(a.path().join(sub)).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                files.push(
                    format!("{sub}/{}", e.file_name().to_string_lossy())
                        .trim_start_matches('/')
                        .to_string(),
                );
            }
        }
    }
    files.sort();
    assert!(files.len() >= 30, "{files:?}");
    assert!(
        files.iter().any(|f| f == "baseline.xlsx") && files.iter().any(|f| f == "charts/gaps.png")
    );
    for f in &files {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between 1 and 2 threads");
    }
}

#[test]
fn resolve_without_ingest_says_what_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let o = spendgap(&repo(), &["resolve", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("spendgap ingest"), "{}", stderr(&o));
    assert!(!dir.path().join("matches.csv").exists());
}
