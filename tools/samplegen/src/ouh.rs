//! The hospital trust's ODS ledger: one sheet, real date and float cells, text where an
//! amount should be, and a VAT registration number column.

use crate::csv_ledgers::note_row;
use crate::dates::Fy;
use crate::formats::{accounting, plain};
use crate::ledger::{Amount, Payment};
use crate::ods::{self, Cell, Table};
use crate::sample::{Notes, Written};
use anyhow::Result;
use std::path::Path;

const HEADER: [&str; 7] = [
    "Expense Area",
    "Expense Type",
    "Supplier",
    "Transaction Date",
    "Transaction Number",
    "Amount",
    "VAT Registration Number",
];

pub fn write_ouh(
    root: &Path,
    rel: &str,
    fy: Fy,
    rows: &[Payment],
    notes: &mut Notes,
) -> Result<Written> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    };
    let mut table = vec![
        HEADER
            .iter()
            .map(|h| Cell::Text(h.to_string()))
            .collect::<Vec<_>>(),
    ];
    for p in rows {
        let amount = match p.amount {
            Amount::Pence(v) => Cell::Number {
                value: plain(v),
                shown: accounting(v),
            },
            Amount::Text(t) => Cell::Text(t.to_string()),
        };
        let vat = p
            .supplier
            .map(crate::suppliers::vat_number)
            .unwrap_or_default();
        table.push(vec![
            text(p.area),
            text(p.category),
            text(&p.payee),
            p.date.map_or(Cell::Empty, Cell::Date),
            text(&p.txn),
            amount,
            text(&vat),
        ]);
        note_row(notes, rel, format!("row {}", table.len()), p);
    }
    let sheet = Table {
        name: format!("Expenditure {}", fy.label()),
        rows: table,
    };
    ods::write(&root.join(rel), &[sheet], fy.last())?;
    Ok(Written::new(rel, rows.len(), ""))
}
