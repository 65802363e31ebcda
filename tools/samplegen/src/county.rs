//! The county council's XLSX: a sheet per quarter, headers at row 1 or under a two-row
//! title, Excel date serials with and without a date format, float-artefact amounts, and a
//! Notes sheet that is not a ledger.

use crate::dates::{Date, Fy};
use crate::formats::as_f64;
use crate::ledger::{Amount, Payment};
use crate::sample::{Notes, Written};
use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::path::Path;

const QUARTERS: [(&str, &str); 4] = [
    ("Q1 Apr-Jun", "April to June"),
    ("Q2 Jul-Sep", "July to September"),
    ("Q3 Oct-Dec", "October to December"),
    ("Q4 Jan-Mar", "January to March"),
];
const HEADER: [&str; 7] = [
    "Directorate",
    "Expenditure Category",
    "Supplier",
    "Date Paid",
    "Amount",
    "Supplier Postcode",
    "Company Number",
];

/// A fixed creation date, so the workbook's bytes do not depend on when it was written.
pub fn fixed_properties(created: Date) -> Result<DocProperties> {
    let when = ExcelDateTime::from_ymd(created.y as u16, created.m as u8, created.d as u8)?;
    Ok(DocProperties::new()
        .set_creation_datetime(&when)
        .set_author("spendgap samplegen"))
}

/// Writes one financial year; the Notes sheet comes first in 2023-24 and last in 2024-25.
pub fn write_county(
    root: &Path,
    rel: &str,
    fy: Fy,
    rows: &[Payment],
    notes: &mut Notes,
) -> Result<Written> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties(fy.last())?);
    let notes_first = fy.start_year % 2 == 1;
    if notes_first {
        notes_sheet(wb.add_worksheet(), fy)?;
    }
    let mut per_sheet = Vec::new();
    let mut n = 0usize;
    for (q, (name, months)) in QUARTERS.iter().enumerate() {
        // Rows without a date stay in the quarter of the row before them.
        let part: Vec<&Payment> = rows
            .iter()
            .scan(0, |last_q, p| {
                *last_q = p.date.map_or(*last_q, Date::fy_quarter);
                Some((*last_q, p))
            })
            .filter(|(pq, _)| *pq == q)
            .map(|(_, p)| p)
            .collect();
        let ws = wb.add_worksheet().set_name(*name)?;
        quarter_sheet(ws, q, months, fy, &part, &mut n, rel, notes)?;
        per_sheet.push(format!("{name}: {}", part.len()));
    }
    if !notes_first {
        notes_sheet(wb.add_worksheet(), fy)?;
    }
    wb.save(root.join(rel))?;
    Ok(Written::new(rel, rows.len(), &per_sheet.join(", ")))
}

#[allow(clippy::too_many_arguments)]
fn quarter_sheet(
    ws: &mut Worksheet,
    q: usize,
    months: &str,
    fy: Fy,
    rows: &[&Payment],
    n: &mut usize,
    rel: &str,
    notes: &mut Notes,
) -> Result<()> {
    let bold = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = QUARTERS[q].0;
    let mut r: u32 = 0;
    if q % 2 == 1 {
        ws.write_string_with_format(0, 0, "Oxfordshire County Council", &bold)?;
        ws.write_string(
            1,
            0,
            format!(
                "Payments to suppliers over £500 - {months} ({})",
                fy.label()
            ),
        )?;
        notes.add(
            rel,
            format!("sheet {sheet} rows 1-2"),
            "two-row title above the header (header on row 3)",
        );
        r = 2;
    }
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    for p in rows {
        r += 1;
        *n += 1;
        let place = format!("sheet {sheet} row {}", r + 1);
        ws.write_string(r, 0, p.area)?;
        ws.write_string(r, 1, p.category)?;
        ws.write_string(r, 2, &p.payee)?;
        if let Some(d) = p.date {
            let serial = d.excel_serial() as f64;
            if q == 2 {
                ws.write_number(r, 3, serial)?; // the date format was lost: a bare serial
            } else {
                ws.write_number_with_format(r, 3, serial, &date_fmt)?;
            }
        }
        match p.amount {
            Amount::Pence(v) => {
                let artefact = *n % 41 == 7;
                ws.write_number_with_format(r, 4, as_f64(v, artefact), &money)?;
                if artefact {
                    notes.add(
                        rel,
                        place.clone(),
                        "amount stored with a float artefact (e.g. 1263.6100000000001)",
                    );
                }
            }
            Amount::Text(t) => {
                ws.write_string(r, 4, t)?;
            }
        }
        ws.write_string(r, 5, p.postcode())?;
        let company = p.supplier.map_or("", |s| s.company);
        if company.starts_with('0') && n.is_multiple_of(23) {
            ws.write_number(r, 6, company.parse::<f64>()?)?;
            notes.add(
                rel,
                place.clone(),
                "company number stored as a number, leading zero lost",
            );
        } else {
            ws.write_string(r, 6, company)?;
        }
        if let Some(what) = p.mess {
            notes.add(rel, place, what);
        }
    }
    if q == 2 {
        notes.add(
            rel,
            format!("sheet {sheet} column D"),
            "dates as bare Excel serial numbers (no date format)",
        );
    }
    for (c, w) in [22.0, 30.0, 40.0, 12.0, 12.0, 12.0, 14.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

fn notes_sheet(ws: &mut Worksheet, fy: Fy) -> Result<()> {
    ws.set_name("Notes")?;
    let lines = [
        format!(
            "Oxfordshire County Council - supplier payments {}",
            fy.label()
        ),
        "This workbook lists payments to suppliers of £500 and over, one sheet per quarter.".into(),
        "Payments to individuals have been redacted to protect personal data.".into(),
        "Amounts exclude recoverable VAT.".into(),
        "Made-up sample data for spendgap: no real payments are shown.".into(),
    ];
    for (r, l) in lines.iter().enumerate() {
        ws.write_string(r as u32, 0, l)?;
    }
    ws.set_column_width(0, 90.0)?;
    Ok(())
}
