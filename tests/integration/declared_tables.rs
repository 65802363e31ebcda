//! The run folder's tables against their declarations (src/tables/declared.rs): the
//! committed sample run, in the shapes classify leaves, and a fixture run stopped after
//! resolve, in the shapes ingest and resolve write. A column renamed, retyped, added or
//! moved by one stage without its declaration fails here.

use std::path::Path;

use polars::prelude::*;
use spendgap::tables::declared::{self, Table};

use crate::common::*;

fn check(dir: &Path, table: &Table) -> Vec<String> {
    let path = dir.join(table.file);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema = ParquetReader::new(file).schema().unwrap();
    let columns: Vec<(&str, DataType)> = schema
        .iter()
        .map(|(name, field)| (name.as_str(), DataType::from_arrow_dtype(field.dtype())))
        .collect();
    table
        .check(columns)
        .into_iter()
        .map(|w| format!("{} ({}): {w}", table.file, table.stage))
        .collect()
}

#[test]
fn the_sample_runs_tables_are_as_declared() {
    let reports = repo().join("reports");
    let wrong: Vec<String> = [
        &declared::CLASSIFIED_TRANSACTIONS,
        &declared::CLASSIFIED_SUPPLIERS,
        &declared::SUPPLIER_NAMES,
        &declared::METRICS,
    ]
    .into_iter()
    .flat_map(|t| check(&reports, t))
    .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_tables_before_classify_are_as_declared() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    for stage in ["ingest", "resolve"] {
        let o = spendgap(&fixtures(), &[stage, "study.toml", "--out", out]);
        assert!(code(&o) <= 1, "{stage}: {}", stderr(&o));
    }
    let wrong: Vec<String> = [
        &declared::TRANSACTIONS,
        &declared::SUPPLIERS,
        &declared::SUPPLIER_NAMES,
    ]
    .into_iter()
    .flat_map(|t| check(tmp.path(), t))
    .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // And the earlier shape is not the later one: classify's columns are not there yet.
    assert!(!check(tmp.path(), &declared::CLASSIFIED_SUPPLIERS).is_empty());
}

/// A table of another shape is refused where it is read, naming the file, the column and
/// the command to run again.
#[test]
fn a_table_of_another_shape_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    let o = spendgap(&fixtures(), &["ingest", "study.toml", "--out", out]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    // supplier_names.parquet written without its decision column.
    let mut df = df!(
        "supplier_name" => ["A LTD"],
        "supplier_id" => ["S1"],
    )
    .unwrap();
    let mut f = std::fs::File::create(tmp.path().join("supplier_names.parquet")).unwrap();
    ParquetWriter::new(&mut f).finish(&mut df).unwrap();
    let err = spendgap::tables::read_table(tmp.path(), &declared::SUPPLIER_NAMES)
        .unwrap_err()
        .to_string();
    assert!(err.contains("supplier_names.parquet"), "{err}");
    assert!(err.contains("no decision column"), "{err}");
    assert!(err.contains("spendgap resolve"), "{err}");
}
