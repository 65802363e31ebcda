//! The matcher on real names written differently: the truth set of
//! tests/expectations/coop_names (made from the Co-operatives UK releases in
//! ../shared/data/real/coops, which name one organisation differently across years and files
//! under one stable organisation id; its README says how each part was made). Each name is
//! paid once in a ledger without postcodes, as transparency ledgers are, and resolved
//! against the 2023 register. The expectation is the truth set's organisation id, never
//! spendgap's own output: a positive is right only when linked to its id, a negative (an
//! organisation not in the 2023 register) only when linked to nothing.
//!
//! The figures are printed (BENCHMARKS.md, issue 23, records them): precision is held at
//! the bar, 99.5%, and recall at its measured floor (the bar, 90%, is not met).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

#[derive(serde::Deserialize)]
struct Pair {
    case: String,
    how: String,
    name: String,
    expected_id: String,
    label: String,
    differs: String,
    notes: String,
}

impl Pair {
    /// A person could link it by reading the two names: they share a word (the truth
    /// set's notes say "no shared word" of renames such as Scotmid for Scottish Midland,
    /// which only the register's history links).
    fn matchable(&self) -> bool {
        self.label == "match" && !self.notes.contains("no shared word")
    }
}

/// What a person makes of a positive's two names alone (`misses_labelled.csv`: every
/// positive the matcher did not link when it was labelled, read by hand): `same`, `check`
/// or `different`.
fn labels() -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Label {
        case: String,
        label: String,
    }
    let path = repo().join("tests/expectations/coop_names/misses_labelled.csv");
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(|r: Result<Label, _>| {
            let r = r.unwrap();
            assert!(["same", "check", "different"].contains(&r.label.as_str()));
            (r.case, r.label)
        })
        .collect()
}

fn pairs() -> Vec<Pair> {
    let path = repo().join("tests/expectations/coop_names/pairs.csv");
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

/// What the run decided for one name: the decision, the linked id, and for a name in
/// review or unmatched the id of its nearest register record.
struct Got {
    decision: String,
    linked: Option<String>,
    nearest: Option<String>,
}

/// Runs `pairs`' names as one ledger against `registers`, in `dir`.
fn run(dir: &Path, pairs: &[&Pair], registers: &[&Path]) -> BTreeMap<String, Got> {
    let mut w = csv::Writer::from_path(dir.join("ledger.csv")).unwrap();
    w.write_record(["Supplier Name", "Expense Type", "Date", "Amount"])
        .unwrap();
    for (i, p) in pairs.iter().enumerate() {
        w.write_record([
            p.name.as_str(),
            "Services",
            "15/05/2024",
            &format!("{}.00", 100 + i),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let registers: Vec<String> = registers
        .iter()
        .map(|p| {
            format!(
                "{{ kind = \"coops_uk\", path = {:?} }}",
                p.to_str().unwrap()
            )
        })
        .collect();
    let study = format!(
        "name = \"Co-op names\"\n[[anchor]]\nid = \"a\"\nname = \"A\"\n[[anchor.ledger]]\npath = \"ledger.csv\"\n[reference]\nregisters = [{}]\n",
        registers.join(", ")
    );
    std::fs::write(dir.join("study.toml"), study).unwrap();
    for stage in ["ingest", "resolve"] {
        let o = spendgap(dir, &[stage, "study.toml", "--out", "out"]);
        assert!(code(&o) <= 1, "{stage}: {}{}", stdout(&o), stderr(&o));
    }
    let out = dir.join("out");
    let sup = read_parquet(&out.join("suppliers.parquet"));
    // `best_candidate` reads `coops_uk:R000123 Name (score 0.812)`.
    let nearest: BTreeMap<String, Option<String>> = strings(&sup, "supplier_id")
        .into_iter()
        .map(Option::unwrap)
        .zip(strings(&sup, "best_candidate").into_iter().map(|b| {
            b.and_then(|b| {
                let id = b.split(' ').next()?;
                Some(id.split_once(':')?.1.to_string())
            })
        }))
        .collect();
    let ids = supplier_ids(&out);
    decisions(&out)
        .into_iter()
        .map(|(name, d)| {
            let near = nearest[&ids[&name]].clone();
            (
                name,
                Got {
                    decision: d.decision,
                    linked: d.register_id,
                    nearest: near,
                },
            )
        })
        .collect()
}

/// Precision, recall and the review band's catch over `pairs`, printed under `title`.
#[derive(Debug, Default)]
struct Tally {
    positives: usize,
    matchable: usize,
    right_matchable: usize,
    /// Positives a person links on sight: sharing a word, and not labelled `check` or
    /// `different` (a positive linked when the labels were made has no label and counts).
    by_eye: usize,
    right_by_eye: usize,
    differs: usize,
    right: usize,
    right_differs: usize,
    wrong: Vec<String>,
    not_auto: usize,
    caught: usize,
    review: usize,
    negatives: usize,
}

impl Tally {
    fn of(pairs: &[&Pair], got: &BTreeMap<String, Got>, labels: &BTreeMap<String, String>) -> Self {
        let mut t = Tally::default();
        for p in pairs {
            let g = got
                .get(p.name.trim())
                .unwrap_or_else(|| panic!("{} {:?} was not read", p.case, p.name));
            let linked = g.decision == "matched";
            t.review += usize::from(g.decision == "review");
            if p.label == "no-match" {
                t.negatives += 1;
                if linked {
                    t.wrong
                        .push(format!("{} negative → {:?}", p.case, g.linked));
                }
                continue;
            }
            t.positives += 1;
            t.matchable += usize::from(p.matchable());
            let by_eye = p.matchable()
                && labels
                    .get(&p.case)
                    .is_none_or(|l| !matches!(l.as_str(), "check" | "different"));
            t.by_eye += usize::from(by_eye);
            let differs = p.differs == "true";
            t.differs += usize::from(differs);
            if linked && g.linked.as_deref() == Some(p.expected_id.as_str()) {
                t.right += 1;
                t.right_differs += usize::from(differs);
                t.right_matchable += usize::from(p.matchable());
                t.right_by_eye += usize::from(by_eye);
            } else if linked {
                t.wrong.push(format!(
                    "{} ({}) → {:?}, not {}",
                    p.case, p.how, g.linked, p.expected_id
                ));
            } else {
                // COOP_NAMES_MISSES=1 lists each positive not linked, to study them.
                if std::env::var_os("COOP_NAMES_MISSES").is_some() {
                    eprintln!(
                        "MISS\t{}\t{}\t{}\t{}\t{:?}",
                        p.case, p.how, p.expected_id, g.decision, g.nearest
                    );
                }
                t.not_auto += 1;
                t.caught += usize::from(
                    g.decision == "review" && g.nearest.as_deref() == Some(p.expected_id.as_str()),
                );
            }
        }
        t
    }

    fn precision(&self) -> f64 {
        let links = self.right + self.wrong.len();
        if links == 0 {
            1.0
        } else {
            self.right as f64 / links as f64
        }
    }

    fn recall(&self) -> f64 {
        self.right_matchable as f64 / self.matchable.max(1) as f64
    }

    /// Recall of the names a person links on sight: the "matchable names".
    fn recall_by_eye(&self) -> f64 {
        self.right_by_eye as f64 / self.by_eye.max(1) as f64
    }

    fn print(&self, title: &str) {
        println!(
            "{title}: positives {} (written differently {}, sharing a word {}), negatives {}; \
             automatic links {} right, {} wrong: precision {:.2}%, recall of names a person \
             links on sight {:.2}% ({} of {}), of names sharing a word {:.2}% (of all positives \
             {:.2}%, of those written differently {:.2}%); \
             not linked {}, of which in review with the right record {} ({:.1}%); names in review {}",
            self.positives,
            self.differs,
            self.matchable,
            self.negatives,
            self.right,
            self.wrong.len(),
            100.0 * self.precision(),
            100.0 * self.recall_by_eye(),
            self.right_by_eye,
            self.by_eye,
            100.0 * self.recall(),
            100.0 * self.right as f64 / self.positives.max(1) as f64,
            100.0 * self.right_differs as f64 / self.differs.max(1) as f64,
            self.not_auto,
            self.caught,
            100.0 * self.caught as f64 / self.not_auto.max(1) as f64,
            self.review,
        );
        for w in &self.wrong {
            println!("  wrong: {w}");
        }
    }
}

#[test]
fn real_names_written_differently_find_their_cooperative() {
    let Some(real) = real_data() else { return };
    let all = pairs();
    let labels = labels();
    assert!(all.iter().filter(|p| p.label == "match").count() >= 2_000);
    assert!(all.iter().filter(|p| p.label == "no-match").count() >= 2_000);
    let coops = real.join("coops");
    let register = coops.join("coopsuk_standard_2023-03-02.csv");
    let outlets = coops.join("coopsuk_open_data_outlets_2019_q1.csv");

    // The 2023 register alone: every name but the outlets'.
    let tmp = tempfile::tempdir().unwrap();
    let named: Vec<&Pair> = all.iter().filter(|p| p.how != "outlet-name").collect();
    let got = run(tmp.path(), &named, &[&register]);
    let t = Tally::of(&named, &got, &labels);
    t.print("2023 register");

    // With the outlets file beside it: outlet names reach their society.
    let tmp = tempfile::tempdir().unwrap();
    let shops: Vec<&Pair> = all.iter().filter(|p| p.how == "outlet-name").collect();
    let got = run(tmp.path(), &shops, &[&register, &outlets]);
    let o = Tally::of(&shops, &got, &labels);
    o.print("2023 register and 2019 outlets, outlet names");

    assert!(t.precision() >= 0.995, "precision {:.4}", t.precision());
    assert!(
        o.precision() >= 0.995,
        "outlets precision {:.4}",
        o.precision()
    );
    // Measured 2026-12-08 (BENCHMARKS.md, issue 23): 86.3% of the names a person links on
    // sight, 72.6% of those sharing a word with their register name; the bar, 90% of the
    // matchable names, is not met.
    assert!(
        t.recall_by_eye() >= 0.86,
        "recall of names linked on sight {:.4}",
        t.recall_by_eye()
    );
    assert!(t.recall() >= 0.72, "recall {:.4}", t.recall());
    // The review band holds 34.7% of the positives not linked (the bar, 80%, is not met:
    // most of the rest have another record as their nearest, and about 208 of the 932
    // share nothing but common or form-like words with their register name). It was 37.3%
    // before the surest of those in review were linked instead.
    let catch = t.caught as f64 / t.not_auto.max(1) as f64;
    assert!(catch >= 0.335, "review catch {catch:.4}");
}
