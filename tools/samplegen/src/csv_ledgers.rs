//! The two CSV ledgers: the city council's Windows-1252 "spend over £500" file and the
//! university's UTF-8, semicolon-delimited export.

use crate::dates::Fy;
use crate::formats::{accounting, csv_field, csv_line, quoted, sterling, windows_1252};
use crate::ledger::{Amount, Payment};
use crate::sample::{Notes, Written};
use anyhow::Result;
use std::path::Path;

/// Oxford City Council: Windows-1252, CRLF, a 3-line preamble, a spacer column and a
/// `Total` footer row whose amount is the sum of the rows above.
pub fn write_city(
    root: &Path,
    rel: &str,
    fy: Fy,
    rows: &[Payment],
    notes: &mut Notes,
) -> Result<Written> {
    let c = |s: &str| csv_field(s, ',');
    let mut lines = vec![
        format!(
            "{},,,,,,",
            c(&format!(
                "Oxford City Council - Payments to suppliers, {}",
                fy.label()
            ))
        ),
        "Spend over £500".to_string(),
        String::new(),
        "Service Area,Expense Type,Transaction Number,Supplier Name,,Payment Date,Net Amount (£)"
            .to_string(),
    ];
    let mut total = 0;
    for p in rows {
        let amount = match p.amount {
            Amount::Pence(v) => {
                total += v;
                accounting(v)
            }
            Amount::Text(t) => t.to_string(),
        };
        let date = p.date.map(|d| d.dmy()).unwrap_or_default();
        let fields = [
            c(p.area),
            c(p.category),
            c(&p.txn),
            c(&p.payee),
            String::new(),
            date,
            quoted(&amount),
        ];
        lines.push(csv_line(&fields, ','));
        note_row(notes, rel, format!("line {}", lines.len()), p);
    }
    lines.push(format!("Total,,,,,,{}", quoted(&accounting(total))));
    notes.add(
        rel,
        format!("line {}", lines.len()),
        "`Total` footer row (amount = sum of the rows above)",
    );
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    std::fs::write(root.join(rel), windows_1252(&text))?;
    Ok(Written::new(rel, rows.len(), ""))
}

/// University: UTF-8 with BOM, LF, `;`-delimited, `£1,204.50` amounts, `11-Aug-23` dates,
/// postcodes sometimes without their space, descriptions that need quoting.
pub fn write_uni(root: &Path, rel: &str, rows: &[Payment], notes: &mut Notes) -> Result<Written> {
    let c = |s: &str| csv_field(s, ';');
    let mut text =
        String::from("\u{feff}Department;Category;Description;Supplier;Postcode;Date;Amount\n");
    let mut line = 1;
    for (i, p) in rows.iter().enumerate() {
        let squash = i % 9 == 4 && !p.postcode().is_empty();
        let postcode = if squash {
            p.postcode().replace(' ', "")
        } else {
            p.postcode().to_string()
        };
        let amount = match p.amount {
            Amount::Pence(v) => sterling(v),
            Amount::Text(t) => t.to_string(),
        };
        let date = p.date.map(|d| d.d_mon_yy()).unwrap_or_default();
        let fields = [
            c(p.area),
            c(p.category),
            c(&p.description),
            c(&p.payee),
            c(&postcode),
            date,
            c(&amount),
        ];
        let record = csv_line(&fields, ';');
        line += 1;
        note_row(notes, rel, format!("line {line}"), p);
        if squash {
            notes.add(
                rel,
                format!("line {line}"),
                "postcode written without its space (OX42JY)",
            );
        }
        line += record.matches('\n').count();
        text.push_str(&record);
        text.push('\n');
    }
    std::fs::write(root.join(rel), text)?;
    Ok(Written::new(rel, rows.len(), ""))
}

/// Records a row's deliberate mess, if it has one.
pub fn note_row(notes: &mut Notes, rel: &str, place: String, p: &Payment) {
    if let Some(what) = p.mess {
        notes.add(rel, place, what);
    }
}
