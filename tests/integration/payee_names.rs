//! Which payees' names people may see, measured on 1,076 real payee names of the ledgers in
//! ../shared/data/real, each labelled by hand organisation, individual, redacted or unsure
//! (tests/expectations/payees, with its notes). The labels are the expectation; the
//! tool's decision is read from a run over a ledger holding every labelled name once,
//! with the real Co-operatives UK register: a name is shown when suppliers.parquet's
//! `shown_name` is the name, not "payee withheld (S…)". No individual may be shown; the share of organisations still
//! named is printed and held above its measured floor (66.9%; the bar is 97%,
//! not met: BENCHMARKS.md, issue 22).

use std::collections::BTreeMap;

use crate::common::*;

/// The share of labelled organisations named on the data here when the rule was written
/// (see BENCHMARKS.md): a regression below it fails.
const ORGANISATIONS_NAMED_FLOOR: f64 = 0.66;

#[test]
fn no_labelled_individual_is_shown_and_most_organisations_are_named() {
    let Some(real) = real_data() else { return };
    let path = repo().join("tests/expectations/payees/labelled.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let rows: Vec<(String, String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[1].to_string(), rec[2].to_string(), rec[3].to_string())
        })
        .collect();
    assert!(rows.len() >= 500, "at least 500 labelled names");

    let tmp = tempfile::tempdir().unwrap();
    let mut w = csv::Writer::from_path(tmp.path().join("ledger.csv")).unwrap();
    w.write_record(["Supplier Name", "Expense Type", "Date", "Amount"])
        .unwrap();
    for (i, (name, _, _)) in rows.iter().enumerate() {
        let amount = format!("{}.00", 100 + i);
        w.write_record([name.as_str(), "Services", "15/05/2024", &amount])
            .unwrap();
    }
    w.flush().unwrap();
    let study = format!(
        "name = \"Payee names\"\n[[anchor]]\nid = \"all\"\nname = \"All publishers\"\n[[anchor.ledger]]\npath = \"ledger.csv\"\n[reference]\nregisters = [{{ kind = \"coops_uk\", path = {:?} }}]\n",
        real.join("coops/coopsuk_standard_2023-03-02.csv")
            .to_str()
            .unwrap()
    );
    std::fs::write(tmp.path().join("study.toml"), study).unwrap();
    let o = spendgap(tmp.path(), &["run", "study.toml", "--out", "out"]);
    assert!(code(&o) <= 1, "{}{}", stdout(&o), stderr(&o));
    let out = tmp.path().join("out");

    let sup = read_parquet(&out.join("suppliers.parquet"));
    // What people see: classify's shown_name (resolve's evidence, and a form the ownership
    // rules read from the name); why it is shown, where resolve gave a reason.
    let shown: BTreeMap<String, bool> = strings(&sup, "supplier_id")
        .into_iter()
        .map(Option::unwrap)
        .zip(strings(&sup, "shown_name").into_iter().map(|n| {
            let n = n.unwrap_or_default();
            !(n.starts_with("payee withheld") || n.starts_with('('))
        }))
        .collect();
    let evidence: BTreeMap<String, Option<String>> = strings(&sup, "supplier_id")
        .into_iter()
        .map(Option::unwrap)
        .zip(strings(&sup, "name_evidence"))
        .collect();
    let by_name = supplier_ids(&out);

    let mut tally: BTreeMap<(&str, bool), usize> = BTreeMap::new();
    let mut shown_people = Vec::new();
    for (name, label, form) in &rows {
        let id = by_name
            .get(name.trim())
            .unwrap_or_else(|| panic!("labelled name {name:?} was not read"));
        let is_shown = shown[id];
        *tally.entry((label.as_str(), is_shown)).or_default() += 1;
        if is_shown && label == "individual" {
            // The form, not the name: the test's output names nobody.
            let why = evidence[id].as_deref().unwrap_or("ownership rule");
            shown_people.push(format!("{form} ({why})"));
        }
    }
    let count = |l: &str, s: bool| tally.get(&(l, s)).copied().unwrap_or(0);
    let orgs = count("organisation", true) + count("organisation", false);
    let named = count("organisation", true) as f64 / orgs as f64;
    println!(
        "individuals shown {} of {}; redacted shown {} of {}; organisations named {} of {orgs} ({:.1}%)",
        count("individual", true),
        count("individual", true) + count("individual", false),
        count("redacted", true),
        count("redacted", true) + count("redacted", false),
        count("organisation", true),
        100.0 * named
    );
    assert!(
        shown_people.is_empty(),
        "individuals shown, by form: {shown_people:?}"
    );
    assert!(
        named >= ORGANISATIONS_NAMED_FLOOR,
        "organisations named {named:.3}"
    );
}
