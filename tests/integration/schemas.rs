//! The JSON Schemas in schemas/ are generated from the Rust types; these tests fail when
//! a committed schema is stale. Regenerate with
//! `UPDATE_SCHEMAS=1 cargo test --test integration schemas::`.

use crate::common::repo;
use spendgap::config::study::json_schema as study_schema;
use spendgap::config::synonyms::json_schema as synonyms_schema;

fn check(name: &str, generated: String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/{name} is stale: run `UPDATE_SCHEMAS=1 cargo test --test integration schemas::` and commit it"
    );
}

#[test]
fn study_schema_is_current() {
    check("study.schema.json", study_schema());
}

#[test]
fn column_synonyms_schema_is_current() {
    check("column-synonyms.schema.json", synonyms_schema());
}

#[test]
fn ledger_words_schema_is_current() {
    check(
        "ledger-words.schema.json",
        spendgap::config::ledger_words::json_schema(),
    );
}

#[test]
fn ownership_forms_schema_is_current() {
    check(
        "ownership-forms.schema.json",
        spendgap::reference::registers::forms::json_schema(),
    );
}

#[test]
fn shipped_files_follow_their_schemas() {
    spendgap::reference::registers::forms::Forms::parse(
        spendgap::reference::registers::forms::DEFAULT_FORMS,
        "default",
    )
    .expect("the shipped ownership-forms file is valid");
    // The shipped synonym table parses (deny_unknown_fields) and has no synonym twice.
    spendgap::config::synonyms::Synonyms::parse(
        spendgap::config::synonyms::DEFAULT_SYNONYMS,
        "default",
    )
    .expect("the shipped synonym table is valid");
    spendgap::config::ledger_words::LedgerWords::parse(
        spendgap::config::ledger_words::DEFAULT_LEDGER_WORDS,
        "default",
    )
    .expect("the shipped ledger words are valid");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/study.toml");
    if sample.exists() {
        spendgap::config::study::Study::load(&sample).expect("the sample study is valid");
    }
}

#[test]
fn resolve_rule_schemas_are_current() {
    use spendgap::resolve::{name_rules, overrides};
    check("name-rules.schema.json", name_rules::name_rules_schema());
    check("match-rules.schema.json", name_rules::match_rules_schema());
    check("overrides.schema.json", overrides::json_schema());
}

#[test]
fn directory_columns_schema_is_current() {
    use spendgap::directory::source;
    check("directory-columns.schema.json", source::columns_schema());
    source::Columns::load(None).expect("the shipped directory columns are valid");
}

#[test]
fn shipped_resolve_rules_parse() {
    use spendgap::resolve::name_rules::{MatchRules, NameRules};
    NameRules::load(None).expect("the shipped name rules are valid");
    MatchRules::load(None).expect("the shipped match rules are valid");
}

#[test]
fn classify_rule_schemas_are_current() {
    use spendgap::classify::{market, overrides, rule_files};
    for (name, schema) in rule_files::json_schemas()
        .into_iter()
        .chain(market::json_schemas())
    {
        check(name, schema);
    }
    check("classify-overrides.schema.json", overrides::json_schema());
}

#[test]
fn shipped_classify_rules_load() {
    use spendgap::classify::{market::Markets, rule_files};
    rule_files::load_influence(None).expect("the shipped influenceable rules are valid");
    rule_files::load_sizes(None, "procurement_act_2023")
        .expect("the shipped size definitions are valid");
    rule_files::load_ownership_names(None).expect("the shipped ownership name rules are valid");
    Markets::load(None, None, None).expect("the shipped market tables are valid");
}

#[test]
fn gap_rule_schemas_are_current() {
    for (name, schema) in spendgap::gaps::gap_files::json_schemas() {
        check(name, schema);
    }
}

#[test]
fn report_schemas_are_current() {
    check(
        "summary.schema.json",
        spendgap::report::summary::json_schema(),
    );
    check(
        "sources.schema.json",
        spendgap::config::sources::json_schema(),
    );
}

/// The study-file reference (docs/study-file.md) is written by hand; every key the
/// study's schema knows must appear in it: as `key =` in an example, as a table header
/// (`[key]`, `[[anchor.key]]`), or as `key` in the text.
#[test]
fn the_study_file_reference_names_every_key() {
    fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(p)) = m.get("properties") {
                    out.extend(p.keys().cloned());
                }
                m.values().for_each(|v| keys(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/study.schema.json")).unwrap(),
    )
    .unwrap();
    let mut all = std::collections::BTreeSet::new();
    keys(&schema, &mut all);
    assert!(all.len() > 40, "the schema's keys were found: {all:?}");
    let doc = std::fs::read_to_string(repo().join("docs/study-file.md")).unwrap();
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| {
            let forms = [
                format!("{k} ="),
                format!("`{k}`"),
                format!("[{k}]"),
                format!("[[{k}]]"),
                format!("[[{k}."),
                format!(".{k}]]"),
            ];
            !forms.iter().any(|f| doc.contains(f.as_str()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/study-file.md does not name {missing:?}"
    );
}
