//! `payments.csv`: every classified payment, one row each, for people to pivot — the
//! ledgers' own columns a person needs, the classification beside them, and each payee as
//! outputs for people show it (withheld where nothing shows it is an organisation's).
//! The workbook holds it as a sheet too when it fits Excel's row limit.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;

use crate::output::SafeCsv;
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
    let sup = read_table(dir, &crate::tables::declared::CLASSIFIED_SUPPLIERS)?;
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
    // The payee is the supplier's shown name, not a column of the transactions.
    let read: Vec<&str> = COLUMNS.into_iter().filter(|c| *c != "payee").collect();
    let tx = read_columns(
        dir,
        &crate::tables::declared::CLASSIFIED_TRANSACTIONS,
        Some(&read),
    )?;
    // Each column as text for row `r`; a column no ledger gave is blank.
    let text = |n: &str| -> anyhow::Result<Option<StringChunked>> {
        Ok(match tx.column(n) {
            Ok(c) => Some(c.cast(&DataType::String)?.str()?.clone()),
            Err(_) => None,
        })
    };
    let cols: Vec<Option<StringChunked>> = COLUMNS
        .iter()
        .map(|n| if *n == "payee" { Ok(None) } else { text(n) })
        .collect::<anyhow::Result<_>>()?;
    let id = COLUMNS
        .iter()
        .position(|n| *n == "supplier_id")
        .expect("a column");
    let mut csv = SafeCsv::new(w);
    csv.record(COLUMNS)?;
    for r in 0..tx.height() {
        let cell = |c: usize| cols[c].as_ref().and_then(|s| s.get(r)).unwrap_or("");
        let payee = shown.get(cell(id)).copied().unwrap_or("");
        csv.record(
            COLUMNS
                .iter()
                .enumerate()
                .map(|(c, n)| if *n == "payee" { payee } else { cell(c) }),
        )?;
    }
    csv.finish()
}
