//! `transactions.parquet`: the canonical transactions, one row per accepted or duplicate
//! ledger row, in study order (anchor, file, sheet, row).

use std::io::Write;

use polars::prelude::*;

use crate::config::field::Field;
use crate::ingest::LedgerRead;
use crate::ingest::batch::Batch;

/// One batch with where it came from.
struct Part<'a> {
    anchor_id: &'a str,
    file: &'a str,
    sheet: Option<&'a str>,
    batch: &'a Batch,
}

fn parts(reads: &[LedgerRead]) -> Vec<Part<'_>> {
    reads
        .iter()
        .flat_map(|r| {
            r.sheets.iter().filter_map(move |s| {
                let o = s.outcome.as_ref().ok()?;
                Some(Part {
                    anchor_id: &r.anchor_id,
                    file: &r.file,
                    sheet: s.sheet.as_deref(),
                    batch: &o.batch,
                })
            })
        })
        .collect()
}

/// A column holding one value per part (a file's anchor, path or sheet), built as one
/// repeated value per part rather than a value per row.
fn constant<'a>(
    name: &str,
    parts: &'a [Part<'a>],
    value: impl Fn(&Part<'a>) -> Option<&'a str>,
) -> Column {
    let mut out = StringChunked::full_null(name.into(), 0);
    for p in parts {
        let piece = match value(p) {
            Some(v) => StringChunked::full(name.into(), v, p.batch.len()),
            None => StringChunked::full_null(name.into(), p.batch.len()),
        };
        out.append_owned(piece).expect("same type");
    }
    out.rechunk().into_owned().into_column()
}

/// The columns of the table, in output order.
#[derive(Clone, Copy)]
enum Col {
    AnchorId,
    SourceFile,
    SourceSheet,
    SourceRow,
    Date,
    Amount,
    DuplicateOf,
    Text(Field),
}

fn column(col: Col, parts: &[Part<'_>]) -> Column {
    let text = |name: &str, slot: usize| {
        StringChunked::from_iter_options(
            name.into(),
            parts
                .iter()
                .flat_map(move |p| -> Box<dyn Iterator<Item = Option<&str>>> {
                    match &p.batch.text[slot] {
                        Some(c) => Box::new(c.iter()),
                        None => Box::new(std::iter::repeat_n(None, p.batch.len())),
                    }
                }),
        )
        .into_column()
    };
    match col {
        Col::AnchorId => constant("anchor_id", parts, |p| Some(p.anchor_id)),
        Col::SourceFile => constant("source_file", parts, |p| Some(p.file)),
        Col::SourceSheet => constant("source_sheet", parts, |p| p.sheet),
        Col::SourceRow => UInt32Chunked::from_iter_values(
            "source_row".into(),
            parts.iter().flat_map(|p| p.batch.rows.iter().copied()),
        )
        .into_column(),
        Col::Date => Int32Chunked::from_iter_options(
            "date".into(),
            parts.iter().flat_map(|p| p.batch.dates.iter().copied()),
        )
        .into_date()
        .into_column(),
        Col::Amount => Int64Chunked::from_iter_values(
            "amount_pence".into(),
            parts.iter().flat_map(|p| p.batch.amounts.iter().copied()),
        )
        .into_column(),
        Col::DuplicateOf => StringChunked::from_iter_options(
            "duplicate_of".into(),
            parts
                .iter()
                .flat_map(|p| p.batch.duplicate_of.iter().map(Option::as_deref)),
        )
        .into_column(),
        Col::Text(field) => text(field.name(), field.text_index().expect("text field")),
    }
}

/// Builds the transactions table, its columns in parallel. Optional text columns appear
/// when any ledger has them.
pub fn table(reads: &[LedgerRead]) -> PolarsResult<DataFrame> {
    use rayon::prelude::*;
    let parts = parts(reads);
    let height: usize = parts.iter().map(|p| p.batch.len()).sum();
    let mut cols = vec![
        Col::AnchorId,
        Col::SourceFile,
        Col::SourceSheet,
        Col::SourceRow,
        Col::Date,
        Col::Amount,
        Col::Text(Field::SupplierName),
        Col::DuplicateOf,
    ];
    for field in Field::TEXT.into_iter().skip(1) {
        let slot = field.text_index().expect("text field");
        if parts.iter().any(|p| p.batch.text[slot].is_some()) {
            cols.push(Col::Text(field));
        }
    }
    let columns: Vec<Column> = cols.par_iter().map(|c| column(*c, &parts)).collect();
    DataFrame::new(height, columns)
}

/// Writes the table as Parquet: row groups of up to 1M rows, whose columns polars encodes
/// in parallel with less waiting than four small groups; LZ4, a third of the time of zstd
/// here for files ~20% larger; statistics on, for engines that prune by them.
pub fn write_parquet(w: &mut dyn Write, df: &mut DataFrame) -> anyhow::Result<()> {
    ParquetWriter::new(w)
        .with_compression(ParquetCompression::Lz4Raw)
        .with_statistics(StatisticsOptions::default())
        .with_row_group_size(Some(1 << 20))
        .finish(df)?;
    Ok(())
}
