//! Reading the tables one stage writes for the next: each stage reads its inputs from the
//! output folder through their declarations ([`declared`]), so a missing table names the
//! command that writes it, and a table of another shape is refused, naming the column.

pub mod declared;

use std::path::Path;

use anyhow::Context;
use polars::prelude::*;

use declared::Table;

/// Reads `dir`'s copy of `table`, saying which command writes it when it is missing.
pub fn read_table(dir: &Path, table: &Table) -> anyhow::Result<DataFrame> {
    read(dir, table, |_| None)
}

/// [`read_table`], reading only `columns` (all when `None`); a listed column the table
/// does not have (an optional ledger field no ledger gave) is left out.
pub fn read_columns(
    dir: &Path,
    table: &Table,
    columns: Option<&[&str]>,
) -> anyhow::Result<DataFrame> {
    for c in columns.into_iter().flatten() {
        debug_assert!(
            table.column(c).is_some(),
            "{c} is not a declared column of {}",
            table.file
        );
    }
    read(dir, table, |schema| {
        columns.map(|wanted| {
            wanted
                .iter()
                .filter(|c| schema.contains(c))
                .map(|c| c.to_string())
                .collect()
        })
    })
}

/// [`read_table`] without `except`: a stage rewriting a table leaves out the columns it
/// writes afresh, rather than holding the old ones too.
pub fn read_except(dir: &Path, table: &Table, except: &[&str]) -> anyhow::Result<DataFrame> {
    read(dir, table, |schema| {
        Some(
            schema
                .iter_names()
                .filter(|c| !except.contains(&c.as_str()))
                .map(|c| c.to_string())
                .collect(),
        )
    })
}

fn read(
    dir: &Path,
    table: &Table,
    columns: impl FnOnce(&ArrowSchema) -> Option<Vec<String>>,
) -> anyhow::Result<DataFrame> {
    let (name, stage) = (table.file, table.stage);
    let path = dir.join(name);
    let file = std::fs::File::open(&path).with_context(|| {
        format!(
            "cannot open {}: run `spendgap {stage} STUDY --out {}` first",
            path.display(),
            dir.display()
        )
    })?;
    let failed = |e: PolarsError| anyhow::anyhow!("cannot read {}: {e}", path.display());
    let mut reader = ParquetReader::new(file);
    let schema = reader.schema().map_err(failed)?;
    // Columns a later stage added are no concern of a reader of the earlier shape.
    let problems: Vec<String> = table
        .columns()
        .filter_map(|c| match schema.get(c.name) {
            None if c.required => Some(format!("it has no {} column", c.name)),
            Some(field) if !c.kind.is_arrow(field.dtype()) => Some(format!(
                "its column {} is {:?}, not {:?}",
                c.name,
                field.dtype(),
                c.kind
            )),
            _ => None,
        })
        .collect();
    if !problems.is_empty() {
        anyhow::bail!(
            "{} is not the table `spendgap {stage}` writes: {}; run `spendgap {stage} STUDY --out {}` again",
            path.display(),
            problems.join("; "),
            dir.display()
        );
    }
    reader
        .with_columns(columns(&schema))
        .finish()
        .map_err(failed)
}

/// A list-of-text column (every spelling of a supplier, every band holding a place).
pub fn list_column<L, S>(name: &str, rows: impl IntoIterator<Item = L>) -> Column
where
    L: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    // One builder for every row: a Series per row cost ~4 µs each, 1.4 s for the
    // three list columns of 100,000 suppliers.
    let rows = rows.into_iter();
    let mut b = ListStringChunkedBuilder::new(name.into(), rows.size_hint().0, 0);
    for row in rows {
        let texts: Vec<S> = row.into_iter().collect();
        b.append_values_iter(texts.iter().map(AsRef::as_ref));
    }
    b.finish().into_column()
}

/// A list-of-text column as lists, one per row; none when the table has no such column.
pub fn str_lists(df: &DataFrame, name: &str) -> anyhow::Result<Vec<Vec<String>>> {
    let Ok(col) = df.column(name) else {
        return Ok(Vec::new());
    };
    let list = col.list()?;
    (0..list.len())
        .map(|i| {
            Ok(match list.get_as_series(i) {
                Some(s) => s.str()?.iter().flatten().map(str::to_string).collect(),
                None => Vec::new(),
            })
        })
        .collect()
}

/// A text column, or `None` where the table has no such column (optional ledger fields).
pub fn str_col<'a>(df: &'a DataFrame, name: &str) -> anyhow::Result<Option<&'a StringChunked>> {
    match df.column(name) {
        Ok(c) => Ok(Some(c.str()?)),
        Err(_) => Ok(None),
    }
}
