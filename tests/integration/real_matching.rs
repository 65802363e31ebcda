//! The matcher over real names: every payee of the real ledgers in ../shared/data/real
//! resolved against the Co-operatives UK register of June 2017, and scored against the 530
//! judgements made by hand in tests/expectations/matching/real_labelled.csv (how they were
//! made, and why a link to any unlabelled name counts as wrong, is in the README beside
//! it). The expected figures are those labels; nothing here is computed by spendgap's own
//! code. Skips, saying so, when ../shared is absent.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

/// One hand judgement.
#[derive(serde::Deserialize)]
struct Label {
    supplier_name: String,
    label: String,
    register_id: String,
}

/// Ingests and resolves `study` into `dir/out`, and reads every distinct name's decision.
fn resolve(dir: &Path, study: &Path) -> BTreeMap<String, Decided> {
    for stage in ["ingest", "resolve"] {
        let out = spendgap(dir, &[stage, study.to_str().unwrap(), "--out", "out"]);
        assert!(code(&out) <= 1, "{stage}: {}{}", stdout(&out), stderr(&out));
    }
    decisions(&dir.join("out"))
}

fn labels() -> Vec<Label> {
    let path = repo().join("tests/expectations/matching/real_labelled.csv");
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

/// The study: the three publishers' ledgers, the 2017 register, and `extra` lines.
fn study(dir: &Path, real: &Path, extra: &str) -> std::path::PathBuf {
    let register = real.join("coops/coopsuk_open_data_organisations_2017-06.csv");
    let s = format!(
        "name = \"Real ledgers against Co-ops UK 2017\"\n{}[reference]\nregisters = [ {{ kind = \"coops_uk\", path = {:?} }} ]\n{extra}",
        real_anchors(&real.join("ledgers")),
        register.to_str().unwrap()
    );
    let p = dir.join("study.toml");
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn real_payees_against_the_hand_labels() {
    let Some(real) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let got = resolve(tmp.path(), &study(tmp.path(), &real, ""));
    let labels = labels();
    assert_eq!(labels.len(), 530);
    let labelled: BTreeMap<&str, &Label> = labels
        .iter()
        .map(|l| (l.supplier_name.as_str(), l))
        .collect();
    // The README counts 4,541 distinct names; spendgap also keeps the one blank payee.
    assert_eq!(got.len(), 4_542, "distinct payee names, the blank one too");

    let mut tally: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    let mut review = 0;
    for (name, d) in &got {
        let label = labelled
            .get(name.as_str())
            .map_or("unlabelled", |l| &l.label);
        *tally.entry((label, d.decision.as_str())).or_default() += 1;
        review += usize::from(d.decision == "review");
        if d.decision != "matched" || label == "ambiguous" {
            continue;
        }
        let truth = labelled.get(name.as_str()).filter(|l| l.label == "match");
        match truth {
            Some(l) if d.register_id.as_deref() == Some(l.register_id.as_str()) => right.push(name),
            _ => wrong.push(format!("{name:?} → {:?} ({label})", d.register_id)),
        }
    }
    let matchable = labels.iter().filter(|l| l.label == "match").count();
    eprintln!("decisions by hand label:");
    for ((label, decision), n) in &tally {
        eprintln!("  {label:>10} → {decision:<9} {n:>5}");
    }
    let ambiguous = &got["SUBSTANCE 2005 lTD"];
    eprintln!(
        "automatic links {}: right {}, wrong {}; recall {}/{matchable}; review {review} of {} names; \
         the ambiguous SUBSTANCE 2005 lTD: {} {:?}",
        right.len() + wrong.len(),
        right.len(),
        wrong.len(),
        right.len(),
        got.len(),
        ambiguous.decision,
        ambiguous.register_id
    );

    // Every label is of a name the ledgers hold.
    for l in &labels {
        assert!(got.contains_key(&l.supplier_name), "{:?}", l.supplier_name);
    }
    // A wrong link is worse than none: not one, among the hard negatives (the 334 look-
    // alikes and 183 payees to set aside) or the 4,011 names the labels leave as no co-op.
    assert!(wrong.is_empty(), "wrong links:\n{}", wrong.join("\n"));
    // Found by the name alone: the eight whose names are the register's under the "same as"
    // rules. The four Poppy Appeal spellings need the knowledge that the appeal is the
    // Legion's (see the override test below).
    assert!(right.len() >= 8, "{} of {matchable} found", right.len());
    assert!(
        review * 100 <= got.len(),
        "review {review} of {}",
        got.len()
    );
    // None of the payees to set aside is linked; most are recognised as such.
    let aside = |l: &Label| got[&l.supplier_name].decision == "set_aside";
    let to_set_aside: Vec<&Label> = labels.iter().filter(|l| l.label == "set_aside").collect();
    let recognised = to_set_aside.iter().filter(|l| aside(l)).count();
    eprintln!("set aside: {recognised} of {}", to_set_aside.len());
    assert!(recognised * 10 >= to_set_aside.len() * 9);
    // A name is set aside only if it is a payee to set aside or unlabelled.
    for l in &labels {
        assert!(
            !aside(l) || l.label == "set_aside",
            "{:?} ({}) set aside",
            l.supplier_name,
            l.label
        );
    }
}

#[test]
fn overrides_settle_what_the_names_cannot() {
    let Some(real) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // What a working group would record once, from review.csv or its own knowledge.
    let mut o = String::from("supplier_name,decision,register,register_id,note\n");
    for name in [
        "BRITISH LEGION POPPY APPEAL",
        "Rbl Poppy Appeal",
        "Royal British Poppy Appeal",
        "THE ROYAL BRITISH LEGION POPPY APPEAL",
    ] {
        o += &format!("{name},match,coops_uk,R006110,the Poppy Appeal is the Legion's own\n");
    }
    std::fs::write(tmp.path().join("overrides.csv"), o).unwrap();
    let extra = "[resolve]\noverrides = \"overrides.csv\"\n";
    let got = resolve(tmp.path(), &study(tmp.path(), &real, extra));
    let mut found = 0;
    for l in labels().iter().filter(|l| l.label == "match") {
        let d = &got[&l.supplier_name];
        assert_eq!(d.decision, "matched", "{:?}", l.supplier_name);
        assert_eq!(d.register_id.as_deref(), Some(l.register_id.as_str()));
        found += 1;
    }
    assert_eq!(found, 12, "all twelve co-op payees");
}
