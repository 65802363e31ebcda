//! Contract registers and forward procurement plans, read as anchors publish them (CSV in
//! any encoding, or any sheet of a workbook, with the header found among the first rows
//! and named by synonyms), each contract mapped to a market.

use std::path::Path;

use anyhow::{Context, bail};
use chrono::NaiveDate;

use super::gap_files::{ContractField, GapFiles};
use crate::classify::market::Markets;
use crate::config::gaps::ContractFile;
use crate::read::cell::{Cell, OwnedCell, RowCells, SheetRow, own_row};
use crate::read::decode::{decode_field, sniff};
use crate::read::values::amount::{parse_amount, pence_from_float};
use crate::read::values::date::DateOrder;

/// How many leading rows are searched for the header.
const HEADER_SEARCH: usize = 30;

/// One contract, as read.
#[derive(Debug, Clone, Default)]
pub struct Contract {
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row in the file or sheet.
    pub row: u32,
    /// An anchor id of the study, or the text given when it names none.
    pub anchor: String,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub cpv: String,
    pub supplier: String,
    pub value_pence: Option<i64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub extension: Option<NaiveDate>,
    pub market: Option<String>,
    /// `category`, `cpv`, `title` (keywords) or none.
    pub market_source: Option<&'static str>,
    /// Cells that could not be read, each naming the column and value.
    pub problems: Vec<String>,
}

/// Reads every contract register of the study. `anchors` are (id, name) pairs.
pub fn read_all(
    files: &[ContractFile],
    gf: &GapFiles,
    markets: &Markets,
    anchors: &[(String, String)],
) -> anyhow::Result<Vec<Contract>> {
    let mut out = Vec::new();
    for f in files {
        let sheets =
            read_sheets(&f.path).with_context(|| format!("contract register {}", f.display))?;
        let mut found = false;
        for (sheet, rows) in sheets {
            let Some((header_at, columns)) = find_header(&rows, gf) else {
                continue;
            };
            found = true;
            for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
                if row.is_blank() {
                    continue;
                }
                let mut c = read_row(row, &columns, anchors, f.anchor.as_deref());
                if c.title.is_empty() && c.end.is_none() && c.value_pence.is_none() {
                    continue; // a footer or note line
                }
                c.file = f.display.clone();
                c.sheet = sheet.clone();
                c.row = i as u32 + 1;
                map_market(&mut c, gf, markets);
                out.push(c);
            }
        }
        if !found {
            bail!(
                "contract register {}: no header row found in its first {HEADER_SEARCH} rows (a row naming an end date and a title or category; see schemas/defaults/contract-columns.toml)",
                f.display
            );
        }
    }
    Ok(out)
}

type Rows = Vec<Vec<OwnedCell>>;

/// Every sheet's rows (a text file is one unnamed sheet).
fn read_sheets(path: &Path) -> anyhow::Result<Vec<(Option<String>, Rows)>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&ext.as_str()) {
        use calamine::Reader;
        let mut book = crate::ingest::workbook::open(path).map_err(anyhow::Error::msg)?;
        let mut out = Vec::new();
        for name in book.sheet_names().to_vec() {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| anyhow::anyhow!("cannot read sheet {name:?}: {e}"))?;
            let offset = range.start().map_or(0, |s| s.1 as usize);
            let first = range.start().map_or(0, |s| s.0 as usize);
            let mut rows: Rows = vec![Vec::new(); first];
            rows.extend(
                range
                    .rows()
                    .map(|cells| own_row(&SheetRow { offset, cells })),
            );
            out.push((Some(name), rows));
        }
        return Ok(out);
    }
    let bytes = std::fs::read(path).context("cannot read the file")?;
    let (body, info) = sniff(&bytes, None);
    let text = decode_field(body, info.encoding);
    let delimiter = crate::ingest::text::detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.with_context(|| format!("line {}: unreadable", rows.len() + 1))?;
        rows.push(rec.iter().map(|s| OwnedCell::Text(s.to_string())).collect());
    }
    Ok(vec![(None, rows)])
}

/// The header row and the column of each field: the first row naming an end date and a
/// title or category; where two cells name one field, the better synonym wins.
fn find_header(rows: &Rows, gf: &GapFiles) -> Option<(usize, Vec<(ContractField, usize)>)> {
    for (r, row) in rows.iter().take(HEADER_SEARCH).enumerate() {
        let mut best: Vec<(ContractField, usize, usize)> = Vec::new();
        for col in 0..row.width() {
            let Some(text) = row.cell(col).text() else {
                continue;
            };
            let Some((field, rank)) = gf.column(text) else {
                continue;
            };
            match best.iter_mut().find(|b| b.0 == field) {
                Some(b) if rank < b.2 => *b = (field, col, rank),
                Some(_) => {}
                None => best.push((field, col, rank)),
            }
        }
        let has = |f| best.iter().any(|b| b.0 == f);
        if has(ContractField::EndDate)
            && (has(ContractField::Title) || has(ContractField::Category))
        {
            return Some((r, best.into_iter().map(|(f, c, _)| (f, c)).collect()));
        }
    }
    None
}

fn read_row(
    row: &Vec<OwnedCell>,
    columns: &[(ContractField, usize)],
    anchors: &[(String, String)],
    default_anchor: Option<&str>,
) -> Contract {
    let mut c = Contract::default();
    let cell = |f: ContractField| {
        columns
            .iter()
            .find(|(x, _)| *x == f)
            .map_or(Cell::Empty, |(_, col)| row.cell(*col))
    };
    let text = |f| cell(f).display();
    c.reference = text(ContractField::Reference);
    c.title = text(ContractField::Title);
    c.category = text(ContractField::Category);
    c.cpv = text(ContractField::Cpv);
    c.supplier = text(ContractField::Supplier);
    let raw_anchor = text(ContractField::Anchor);
    c.anchor = if raw_anchor.is_empty() {
        default_anchor.unwrap_or("").to_string()
    } else {
        anchors
            .iter()
            .find(|(id, name)| {
                id.eq_ignore_ascii_case(&raw_anchor) || name.eq_ignore_ascii_case(&raw_anchor)
            })
            .map_or(raw_anchor.clone(), |(id, _)| id.clone())
    };
    if !raw_anchor.is_empty() && !anchors.iter().any(|(id, _)| *id == c.anchor) {
        c.problems.push(format!(
            "anchor {raw_anchor:?} is not an anchor of the study"
        ));
    }
    let value = cell(ContractField::Value);
    c.value_pence = match value {
        Cell::Empty => None,
        Cell::Number(x) | Cell::DateTime(x) => pence_from_float(x).ok().map(|p| p.pence),
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => match parse_amount(t) {
            Ok(p) => Some(p.pence),
            Err(_) => {
                c.problems.push(format!("value {t:?} is not an amount"));
                None
            }
        },
    };
    let mut date = |f: ContractField, what: &str| {
        let v = cell(f);
        if v.is_empty() {
            return None;
        }
        let d = v.date(DateOrder::Dmy);
        if d.is_none() {
            c.problems
                .push(format!("{what} {:?} is not a date", v.display()));
        }
        d
    };
    let start = date(ContractField::StartDate, "start date");
    let end = date(ContractField::EndDate, "end date");
    let extension = date(ContractField::ExtensionDate, "extension date");
    c.start = start;
    c.end = end;
    c.extension = extension;
    c
}

/// Category first (the anchor's own word for it), then CPV code, then title keywords.
fn map_market(c: &mut Contract, gf: &GapFiles, markets: &Markets) {
    let found = markets
        .category(&c.category)
        .map(|m| (m, "category"))
        .or_else(|| gf.cpv_market(&c.cpv).map(|m| (m, "cpv")))
        .or_else(|| markets.keyword(&c.category).map(|m| (m, "category")))
        .or_else(|| markets.keyword(&c.title).map(|m| (m, "title")));
    if let Some((m, source)) = found {
        c.market = Some(m.to_string());
        c.market_source = Some(source);
    }
}
