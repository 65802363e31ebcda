//! `baseline.xlsx`: every table of the run as a formatted sheet — money in pounds with a
//! £ format, shares as percentages, a frozen and filtered header row, fitted column
//! widths — and a README sheet saying what each sheet holds.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet,
};

use super::summary::Summary;
use super::tables::{RUN_TABLES, RunTables, read_text_table};
use crate::config::sources::Source;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    Text,
    /// Integer pence, written as pounds.
    Pence,
    /// Pounds.
    Pounds,
    Percent,
    Count,
    Decimal,
    /// metrics.csv's and trend.csv's values: pounds, a share or a count by the row's unit.
    ByUnit,
}

/// Columns holding counts.
const COUNTS: &[&str] = &[
    "transactions",
    "suppliers",
    "anchors",
    "anchors_buying",
    "anchors_leaking",
    "rank",
    "row",
    "payments",
    "months_with_spend",
    "period_months",
    "months_from_as_of",
    "local_orgs",
    "local_cooperatives",
    "local_micro",
    "local_small",
    "local_medium",
    "local_large",
    "local_size_unknown",
    "local_orgs_paid",
    "calendar_contracts",
    "turnover_pounds",
    "imd_decile",
    "typo_words",
];

/// What a column holds, from its name.
fn kind(header: &str) -> Cell {
    if header.ends_with("_pence") || header == "pence" {
        Cell::Pence
    } else if header == "share"
        || header == "coverage"
        || header.ends_with("_share")
        || header.starts_with("share_")
        || header == "regularity"
    {
        Cell::Percent
    } else if COUNTS.contains(&header) {
        Cell::Count
    } else if header == "score"
        || header.starts_with("score_")
        || header == "name_similarity"
        || header == "rare_words"
    {
        Cell::Decimal
    } else if ["value", "previous_value", "change"].contains(&header) {
        Cell::ByUnit
    } else {
        Cell::Text
    }
}

/// Sheet headings: money columns say they are in pounds.
fn heading(header: &str) -> String {
    match header.strip_suffix("_pence") {
        Some(stem) => format!("{stem}_gbp"),
        None if header == "pence" => "gbp".into(),
        None => header.to_string(),
    }
}

struct Formats {
    head: Format,
    pounds: Format,
    percent: Format,
    count: Format,
    decimal: Format,
    quoted: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE8F5E9))
                .set_border_bottom(FormatBorder::Thin),
            pounds: Format::new().set_num_format("£#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
            count: Format::new().set_num_format("#,##0"),
            decimal: Format::new().set_num_format("0.000"),
            quoted: Format::new().set_quote_prefix(),
        }
    }
}

/// The rows a sheet holds, its header row included.
const EXCEL_ROWS: usize = 1_048_576;

/// Builds the workbook from the run folder's tables.
pub fn build(t: &RunTables, summary: &Summary, sources: &[Source]) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation date: the same run gives the same bytes.
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_title(&summary.study),
    );
    let f = Formats::new();
    let present: Vec<_> = RUN_TABLES
        .iter()
        .filter(|(file, _)| t.dir.join(file).exists())
        .collect();
    readme(wb.add_worksheet(), &f, summary, &present, sources)?;
    for (file, _) in &present {
        if *file == "payments.csv" {
            // A row per transaction, accepted or duplicate (counted by the reconciliation,
            // not by reading the CSV twice): longer than a sheet holds, it stays a CSV.
            let c = &t.reconciliation.totals;
            if c.rows_accepted + c.rows_duplicate >= EXCEL_ROWS as u64 {
                continue;
            }
            let ws = wb.add_worksheet_with_constant_memory()?;
            ws.set_name("payments")?;
            stream_table(ws, &f, &t.dir.join(file))?;
            continue;
        }
        let (header, rows) = read_text_table(&t.dir.join(file))?;
        let ws = wb.add_worksheet();
        ws.set_name(file.trim_end_matches(".csv"))?;
        table(ws, &f, &header, &rows)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("reconciliation")?;
    let header: Vec<String> = [
        "file",
        "sheet",
        "anchor_id",
        "rows_read",
        "rows_accepted",
        "rows_duplicate",
        "rows_rejected",
        "rows_skipped",
        "accepted_pence",
        "duplicate_pence",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = t
        .reconciliation
        .files
        .iter()
        .map(|r| {
            let c = &r.counts;
            vec![
                r.file.clone(),
                r.sheet.clone().unwrap_or_default(),
                r.anchor_id.clone(),
                c.rows_read.to_string(),
                c.rows_accepted.to_string(),
                c.rows_duplicate.to_string(),
                c.rows_rejected.to_string(),
                c.rows_skipped.to_string(),
                c.pence_accepted.to_string(),
                c.pence_duplicate.to_string(),
            ]
        })
        .collect();
    let counts: Vec<&str> = [
        "rows_read",
        "rows_accepted",
        "rows_duplicate",
        "rows_rejected",
        "rows_skipped",
    ]
    .to_vec();
    table_with(ws, &f, &header, &rows, |h| {
        if counts.contains(&h) {
            Cell::Count
        } else {
            kind(h)
        }
    })?;
    Ok(wb.save_to_buffer()?)
}

fn readme(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Summary,
    sheets: &[&(&str, &str)],
    sources: &[Source],
) -> anyhow::Result<()> {
    ws.set_name("README")?;
    let title = Format::new().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, &s.study, &title)?;
    ws.write_string(
        1,
        0,
        format!(
            "Progressive procurement baseline{}, made by spendgap {}.",
            s.year
                .as_deref()
                .map(|y| format!(" for {y}"))
                .unwrap_or_default(),
            env!("CARGO_PKG_VERSION")
        ),
    )?;
    ws.write_string(2, 0, "Each sheet below is one table of the run folder. Money is in pounds (the CSV files hold integer pence; columns ending _gbp here end _pence there); shares are percentages of influenceable spend.")?;
    ws.write_string(3, 0, "Text from ledgers and registers is always text here, never a formula. Private individuals are never named.")?;
    ws.write_string_with_format(5, 0, "Sheet", &f.head)?;
    ws.write_string_with_format(5, 1, "What it holds", &f.head)?;
    let mut row = 6;
    for (file, about) in sheets {
        ws.write_string(row, 0, file.trim_end_matches(".csv"))?;
        ws.write_string(row, 1, *about)?;
        row += 1;
    }
    ws.write_string(row, 0, "reconciliation")?;
    ws.write_string(
        row,
        1,
        "Rows and money read from each ledger table, and where every row ended",
    )?;
    row += 2;
    if !sources.is_empty() {
        ws.write_string_with_format(row, 0, "Input", &f.head)?;
        ws.write_string_with_format(row, 1, "File", &f.head)?;
        for s in sources {
            row += 1;
            ws.write_string(row, 0, &s.kind)?;
            ws.write_string(row, 1, &s.path)?;
        }
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 110)?;
    Ok(())
}

fn table(
    ws: &mut Worksheet,
    f: &Formats,
    header: &[String],
    rows: &[Vec<String>],
) -> anyhow::Result<()> {
    table_with(ws, f, header, rows, kind)
}

fn table_with(
    ws: &mut Worksheet,
    f: &Formats,
    header: &[String],
    rows: &[Vec<String>],
    kind_of: impl Fn(&str) -> Cell,
) -> anyhow::Result<()> {
    let kinds: Vec<Cell> = header.iter().map(|h| kind_of(h)).collect();
    let unit = header.iter().position(|h| h == "unit");
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, heading(h), &f.head)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row.iter().enumerate() {
            let k = match kinds.get(c).copied().unwrap_or(Cell::Text) {
                Cell::ByUnit => match unit.and_then(|u| row.get(u)).map(String::as_str) {
                    Some("gbp") => Cell::Pounds,
                    Some("share") => Cell::Percent,
                    Some("count") => Cell::Count,
                    _ => Cell::Decimal,
                },
                k => k,
            };
            write_cell(ws, f, r, c as u16, k, text)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    }
    for (c, h) in header.iter().enumerate() {
        let longest = rows
            .iter()
            .take(1000)
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        let width = longest.max(heading(h).chars().count() + 3).clamp(6, 60);
        ws.set_column_width(c as u16, width as f64 + 1.0)?;
    }
    Ok(())
}

/// One cell: a number in the format its column's kind asks for, else text.
fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    col: u16,
    k: Cell,
    text: &str,
) -> anyhow::Result<()> {
    let number = text.parse::<f64>().ok().filter(|n| n.is_finite());
    let (value, format) = match (k, number) {
        (Cell::Text, _) | (_, None) => return write_text(ws, f, r, col, text),
        (Cell::Pence, Some(n)) => (n / 100.0, &f.pounds),
        (Cell::Pounds, Some(n)) => (n, &f.pounds),
        (Cell::Percent, Some(n)) => (n, &f.percent),
        (Cell::Count, Some(n)) => (n, &f.count),
        (_, Some(n)) => (n, &f.decimal),
    };
    ws.write_number_with_format(r, col, value, format)?;
    Ok(())
}

/// A long table (payments.csv) streamed from its CSV into a sheet that keeps only the
/// row being written in memory.
fn stream_table(ws: &mut Worksheet, f: &Formats, path: &std::path::Path) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let kinds: Vec<Cell> = header.iter().map(|h| kind(h)).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, heading(h), &f.head)?;
        ws.set_column_width(
            c as u16,
            (heading(h).chars().count() + 4).clamp(10, 40) as f64,
        )?;
    }
    let mut rec = csv::StringRecord::new();
    let mut r = 0u32;
    while reader.read_record(&mut rec)? {
        r += 1;
        for (c, text) in rec.iter().enumerate() {
            let k = kinds.get(c).copied().unwrap_or(Cell::Text);
            write_cell(ws, f, r, c as u16, k, text)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        ws.autofilter(0, 0, r, header.len() as u16 - 1)?;
    }
    Ok(())
}

/// Text as text: a value the CSV writer made inert (a leading `'` before `=`, `+`, `-`,
/// `@`, tab or return) is written as its original text with Excel's quote prefix, which
/// shows it as typed and keeps it text when the cell is edited.
fn write_text(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    text: &str,
) -> anyhow::Result<()> {
    use crate::text::printable;
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
            ws.write_string_with_format(row, col, printable(rest).as_ref(), &f.quoted)?;
        }
        _ => {
            ws.write_string(row, col, printable(text).as_ref())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_name() {
        assert_eq!(kind("influenceable_pence"), Cell::Pence);
        assert_eq!(kind("share_of_influenceable"), Cell::Percent);
        assert_eq!(kind("register_id"), Cell::Text);
        assert_eq!(kind("transactions"), Cell::Count);
        assert_eq!(heading("leakage_pence"), "leakage_gbp");
    }
}
