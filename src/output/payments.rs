//! `payments.csv`: every classified payment, one row each, for people to pivot — the
//! ledgers' own columns a person needs, the classification beside them, and each payee as
//! outputs for people show it (withheld where nothing shows it is an organisation's).
//! The workbook holds it as a sheet too when it fits Excel's row limit.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;

use super::SafeCsv;
use crate::tables::{read_columns, read_table, str_col};

/// The columns, in order. A free-text description is left out: it may name a person.
pub const COLUMNS: [&str; 15] = [
    "anchor_id",
    "date",
    "amount_pence",
    "supplier_id",
    "payee",
    "expense_type",
    "service_area",
    "influenceable",
    "exclusion_rule",
    "market",
    "band",
    "size_band",
    "ownership_form",
    "source_file",
    "source_row",
];

/// Writes payments.csv from the classified tables in `dir`.
pub fn write_payments(w: &mut dyn Write, dir: &Path) -> anyhow::Result<()> {
    let sup = read_table(dir, "suppliers.parquet", "classify")?;
    let shown: HashMap<&str, &str> =
        match (str_col(&sup, "supplier_id")?, str_col(&sup, "shown_name")?) {
            (Some(id), Some(name)) => id
                .iter()
                .zip(name.iter())
                .filter_map(|(i, n)| Some((i?, n?)))
                .collect(),
            _ => anyhow::bail!(
                "suppliers.parquet has no shown_name column: run `spendgap classify` first"
            ),
        };
    let tx = read_columns(dir, "transactions.parquet", "classify", Some(&COLUMNS))?;
    let text = |n: &str| -> anyhow::Result<Option<&StringChunked>> { str_col(&tx, n) };
    let cols: Vec<Option<&StringChunked>> =
        COLUMNS.iter().map(|n| text(n).ok().flatten()).collect();
    let date = tx.column("date").ok().and_then(|c| c.date().ok().cloned());
    let pence = tx.column("amount_pence")?.i64()?.clone();
    let counted = tx
        .column("influenceable")
        .ok()
        .and_then(|c| c.bool().ok().cloned());
    let row_no = tx
        .column("source_row")
        .ok()
        .and_then(|c| c.cast(&DataType::Int64).ok())
        .and_then(|c| c.i64().ok().cloned());
    let mut csv = SafeCsv::new(w);
    csv.record(COLUMNS)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    for r in 0..tx.height() {
        let get = |c: usize| cols[c].and_then(|s| s.get(r)).unwrap_or("").to_string();
        let id = get(3);
        let row: Vec<String> = COLUMNS
            .iter()
            .enumerate()
            .map(|(c, name)| match *name {
                "date" => date
                    .as_ref()
                    .and_then(|d| d.phys.get(r))
                    .map(|d| (epoch + chrono::TimeDelta::days(i64::from(d))).to_string())
                    .unwrap_or_default(),
                "amount_pence" => pence.get(r).map(|p| p.to_string()).unwrap_or_default(),
                "payee" => shown.get(id.as_str()).copied().unwrap_or("").to_string(),
                "influenceable" => counted
                    .as_ref()
                    .and_then(|b| b.get(r))
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                "source_row" => row_no
                    .as_ref()
                    .and_then(|n| n.get(r))
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                _ => get(c),
            })
            .collect();
        csv.record(row)?;
    }
    csv.finish()
}
