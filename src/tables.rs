//! Reading the tables one stage writes for the next: each stage reads its inputs from the
//! output folder, so a missing table names the command that writes it.

use std::path::Path;

use anyhow::Context;
use polars::prelude::*;

/// Reads `dir/name`, saying which command writes it when it is missing.
pub fn read_table(dir: &Path, name: &str, stage: &str) -> anyhow::Result<DataFrame> {
    read_columns(dir, name, stage, None)
}

/// [`read_table`], reading only `columns` (all when `None`).
pub fn read_columns(
    dir: &Path,
    name: &str,
    stage: &str,
    columns: Option<&[&str]>,
) -> anyhow::Result<DataFrame> {
    let path = dir.join(name);
    let file = std::fs::File::open(&path).with_context(|| {
        format!(
            "cannot open {}: run `spendgap {stage} STUDY --out {}` first",
            path.display(),
            dir.display()
        )
    })?;
    ParquetReader::new(file)
        .with_columns(columns.map(|c| c.iter().map(|s| s.to_string()).collect()))
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// A text column, or `None` where the table has no such column (optional ledger fields).
pub fn str_col<'a>(df: &'a DataFrame, name: &str) -> anyhow::Result<Option<&'a StringChunked>> {
    match df.column(name) {
        Ok(c) => Ok(Some(c.str()?)),
        Err(_) => Ok(None),
    }
}
