//! Finding the header row (past titles, notes and blank lines) and mapping its columns
//! onto canonical fields, through the synonym table and the study's explicit columns.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cell::RowCells;
use crate::config::field::Field;
use crate::config::study::{ColumnRef, ReadOptions};
use crate::config::synonyms::{Synonyms, header_key};

/// How many non-blank rows are searched for a header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// How one column was understood.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnInfo {
    /// 1-based column number.
    pub column: usize,
    /// Header text as written (empty for spacer columns and headerless files).
    pub header: String,
    /// The canonical field it feeds, if any.
    pub field: Option<Field>,
    /// `synonym`, `study`, `unmapped`, `spacer` or `duplicate` (a second column naming a
    /// field already taken).
    pub how: &'static str,
}

/// The header row found and the column mapping that follows from it.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    /// 1-based row of the header; `None` for headerless files.
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnInfo>,
    /// Field → 0-based column.
    #[serde(skip)]
    pub fields: BTreeMap<Field, usize>,
    /// Trimmed header cells, to recognise the header repeated further down.
    #[serde(skip)]
    pub header_cells: Vec<String>,
}

impl Mapping {
    pub fn col(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    /// The header text of a 0-based column, or `column N`.
    pub fn column_label(&self, col: usize) -> String {
        match self.header_cells.get(col) {
            Some(h) if !h.is_empty() => h.clone(),
            _ => format!("column {}", col + 1),
        }
    }
}

/// Fields matched in a row, by synonym: field → (column, rank).
pub(crate) fn synonym_matches(
    row: &dyn RowCells,
    synonyms: &Synonyms,
) -> BTreeMap<Field, (usize, usize)> {
    let mut best: BTreeMap<Field, (usize, usize)> = BTreeMap::new();
    for col in 0..row.width() {
        let Some(text) = row.cell(col).text() else {
            continue;
        };
        if let Some((field, rank)) = synonyms.lookup(text) {
            let e = best.entry(field).or_insert((col, rank));
            if rank < e.1 {
                *e = (col, rank);
            }
        }
    }
    best
}

/// Whether a row looks like a header: it names the amount and a payee or a date.
pub(crate) fn is_header(m: &BTreeMap<Field, (usize, usize)>) -> bool {
    m.contains_key(&Field::Amount)
        && (m.contains_key(&Field::SupplierName) || m.contains_key(&Field::Date))
}

/// Finds the header among `rows` (row number, row). Returns the index into `rows`, or a
/// sentence saying why none was found.
pub fn find_header(
    rows: &[(u32, &dyn RowCells)],
    synonyms: &Synonyms,
    opts: &ReadOptions,
) -> Result<Option<usize>, String> {
    match opts.header_row {
        Some(0) => return Ok(None),
        Some(n) => {
            return rows
                .iter()
                .position(|(r, _)| *r as usize == n)
                .map(Some)
                .ok_or_else(|| {
                    format!("header_row = {n}: that row is blank, or the file ends before it")
                });
        }
        None => {}
    }
    let mut best: Option<(u32, Vec<Field>)> = None;
    for (i, (row_no, row)) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let m = synonym_matches(*row, synonyms);
        if is_header(&m) {
            return Ok(Some(i));
        }
        if best.as_ref().is_none_or(|(_, f)| m.len() > f.len()) && !m.is_empty() {
            best = Some((*row_no, m.into_keys().collect()));
        }
    }
    let searched = rows.len().min(HEADER_SEARCH_ROWS);
    Err(match best {
        None => format!("no header row: none of the first {searched} rows names any known column"),
        Some((r, fields)) => format!(
            "no header row: none of the first {searched} rows names both an amount column and a \
             payee or date column (closest: row {r}, which names {})",
            fields
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Maps the columns of `header` (or, for headerless files, of the widest row seen).
pub fn map_columns(
    header: Option<(u32, &dyn RowCells)>,
    width: usize,
    synonyms: &Synonyms,
    opts: &ReadOptions,
) -> Result<Mapping, String> {
    let header_cells: Vec<String> = (0..width)
        .map(|c| header.map(|(_, h)| h.cell(c).display()).unwrap_or_default())
        .collect();
    let mut fields: BTreeMap<Field, usize> = BTreeMap::new();
    let mut how: Vec<&'static str> = vec!["unmapped"; width];
    // Explicit columns first: the study always wins.
    for (field, col) in &opts.columns {
        let index = match col {
            ColumnRef::Position(p) => p - 1,
            ColumnRef::Header(name) => {
                let key = header_key(name);
                header_cells.iter().position(|h| header_key(h) == key).ok_or_else(|| {
                    format!(
                        "the study maps {field} to column {name:?}, but the header row has no such \
                         column (it has: {})",
                        header_cells.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                    )
                })?
            }
        };
        if index >= how.len() {
            how.resize(index + 1, "unmapped");
        }
        fields.insert(*field, index);
        how[index] = "study";
    }
    if let Some((_, h)) = header {
        for (field, (col, _)) in synonym_matches(h, synonyms) {
            if fields.contains_key(&field) || how[col] == "study" {
                continue;
            }
            fields.insert(field, col);
            how[col] = "synonym";
        }
        for (col, text) in header_cells.iter().enumerate() {
            if how[col] != "unmapped" {
                continue;
            }
            if text.is_empty() {
                how[col] = "spacer";
            } else if synonyms.lookup(text).is_some() {
                how[col] = "duplicate";
            }
        }
    }
    if !fields.contains_key(&Field::Amount) {
        return Err("no amount column: map one with `columns.amount` in the study".to_string());
    }
    let by_col: BTreeMap<usize, Field> = fields.iter().map(|(f, c)| (*c, *f)).collect();
    let columns = how
        .iter()
        .enumerate()
        .map(|(col, how)| ColumnInfo {
            column: col + 1,
            header: header_cells.get(col).cloned().unwrap_or_default(),
            field: by_col.get(&col).copied(),
            how,
        })
        .collect();
    Ok(Mapping {
        header_row: header.map(|(r, _)| r),
        columns,
        fields,
        header_cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<crate::ingest::cell::OwnedCell> {
        cells
            .iter()
            .map(|s| {
                if s.is_empty() {
                    crate::ingest::cell::OwnedCell::Empty
                } else {
                    crate::ingest::cell::OwnedCell::Text(s.to_string())
                }
            })
            .collect()
    }

    #[test]
    fn skips_preamble_and_maps_by_rank() {
        let rows = [
            row(&["Oxford City Council", "", ""]),
            row(&["Spend over £500", "", ""]),
            row(&[
                "Department Area",
                "",
                "Service Area",
                "Name:  ",
                "Payment Date",
                "Amount Paid",
            ]),
        ];
        let refs: Vec<(u32, &dyn RowCells)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i as u32 + 1, r as &dyn RowCells))
            .collect();
        let syn = Synonyms::builtin();
        let opts = ReadOptions::default();
        let at = find_header(&refs, &syn, &opts).unwrap().unwrap();
        assert_eq!(at, 2);
        let m = map_columns(Some(refs[at]), 6, &syn, &opts).unwrap();
        assert_eq!(m.header_row, Some(3));
        assert_eq!(
            m.col(Field::ServiceArea),
            Some(2),
            "service area outranks department area"
        );
        assert_eq!(m.col(Field::SupplierName), Some(3));
        assert_eq!(m.col(Field::Amount), Some(5));
        assert_eq!(m.columns[0].how, "duplicate");
        assert_eq!(m.columns[1].how, "spacer");
    }

    #[test]
    fn no_header_explains_why() {
        let rows = [row(&[
            "REGN",
            "",
            "CRINV0008145",
            "Rhea Projects",
            "04/03/2025",
            "2,730.00",
        ])];
        let refs: Vec<(u32, &dyn RowCells)> = vec![(1, &rows[0] as &dyn RowCells)];
        let err = find_header(&refs, &Synonyms::builtin(), &ReadOptions::default()).unwrap_err();
        assert!(err.contains("no header row"), "{err}");
    }

    #[test]
    fn study_columns_win() {
        let rows = [row(&["Payee", "Amount", "Net"])];
        let opts = ReadOptions {
            columns: [(Field::Amount, ColumnRef::Header("net".into()))]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let m = map_columns(Some((1, &rows[0])), 3, &Synonyms::builtin(), &opts).unwrap();
        assert_eq!(m.col(Field::Amount), Some(2));
        assert_eq!(m.col(Field::SupplierName), Some(0));
        assert_eq!(m.columns[1].how, "duplicate");
    }
}
