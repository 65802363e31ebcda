//! The header row a sheet was read by and the column mapping that follows from it: the
//! study's explicit columns first, then each field's best-scoring column (see `columns`),
//! with the choices kept to explain them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::columns::{self, How, Scored, content::profiles};
use crate::config::field::ColumnRef;
use crate::config::field::Field;
use crate::config::study::ReadOptions;
use crate::config::synonyms::{Synonyms, header_key};
use crate::read::cell::RowCells;

/// How many non-blank rows are searched for a header.
pub const HEADER_SEARCH_ROWS: usize = 30;
/// How many rows below a candidate header are read to check what its columns hold.
pub const SAMPLE_ROWS: usize = 200;

/// How one column was understood.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnInfo {
    /// 1-based column number.
    pub column: usize,
    /// Header text as written (empty for spacer columns and headerless files).
    pub header: String,
    /// The canonical field it feeds, if any.
    pub field: Option<Field>,
    /// `synonym`, `typo` (a synonym with a typo), `words` (weighed from its words),
    /// `study`, `unmapped`, `spacer` or `duplicate` (it could name a field another column
    /// names better).
    pub how: &'static str,
}

/// Why a field took its column, and the column that came next.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub field: Field,
    /// 1-based column.
    pub column: usize,
    pub header: String,
    /// 0 to 1; 1 for a column the study named.
    pub score: f64,
    pub how: &'static str,
    pub why: String,
    pub runner_up: Option<RunnerUp>,
}

/// The best other column for a field.
#[derive(Debug, Clone, Serialize)]
pub struct RunnerUp {
    pub column: usize,
    pub header: String,
    pub score: f64,
    pub why: String,
}

/// The header row found and the column mapping that follows from it.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    /// 1-based row of the header; `None` for headerless files.
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnInfo>,
    /// Each mapped field's column, score and runner-up.
    pub choices: Vec<Choice>,
    /// Field → 0-based column.
    #[serde(skip)]
    pub fields: BTreeMap<Field, usize>,
    /// Trimmed header cells, to recognise the header repeated further down.
    #[serde(skip)]
    pub header_cells: Vec<String>,
    /// The 0-based column that splits a shared file among anchors (`shared` in the study).
    #[serde(skip)]
    pub shared_col: Option<usize>,
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

    /// How sure the mapping is: its key fields' scores, as `amount 0.98, date 1.00`.
    pub fn sureness(&self) -> String {
        self.choices
            .iter()
            .filter(|c| matches!(c.field, Field::Amount | Field::Date | Field::SupplierName))
            .map(|c| format!("{} {:.2}", c.field, c.score))
            .collect::<Vec<_>>()
            .join(", ")
    }
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
    let searched = rows.len().min(HEADER_SEARCH_ROWS);
    columns::best_header(rows, HEADER_SEARCH_ROWS, SAMPLE_ROWS, synonyms)
        .map(Some)
        .map_err(|closest| match closest {
            Some((r, named)) if !named.is_empty() => format!(
                "no header row: none of the first {searched} rows names both an amount column and \
                 a payee or date column (closest: row {r}, which names {})",
                named
                    .iter()
                    .map(|s| format!("{} ({:.2})", s.field, s.score))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!("no header row: none of the first {searched} rows names any known column"),
        })
}

fn how_name(how: How) -> &'static str {
    how.name()
}

/// Maps the columns of `header` (or, for headerless files, of the widest row seen), the
/// rows `below` it showing what each column holds.
pub fn map_columns(
    header: Option<(u32, &dyn RowCells)>,
    below: &[&dyn RowCells],
    width: usize,
    synonyms: &Synonyms,
    opts: &ReadOptions,
) -> Result<Mapping, String> {
    let header_cells: Vec<String> = (0..width)
        .map(|c| header.map(|(_, h)| h.cell(c).display()).unwrap_or_default())
        .collect();
    let mut fields: BTreeMap<Field, usize> = BTreeMap::new();
    let mut how: Vec<&'static str> = vec!["unmapped"; width];
    let mut choices = Vec::new();
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
        choices.push(Choice {
            field: *field,
            column: index + 1,
            header: header_cells.get(index).cloned().unwrap_or_default(),
            score: 1.0,
            how: "study",
            why: "named in the study".to_string(),
            runner_up: None,
        });
    }
    if let Some((_, h)) = header {
        let scored: Vec<Scored> =
            columns::score_row(h, &profiles(below, width), below.len(), synonyms);
        let fixed: Vec<(Field, usize)> = fields.iter().map(|(f, c)| (*f, *c)).collect();
        for s in columns::assign(&scored, &fixed) {
            fields.insert(s.field, s.col);
            how[s.col] = how_name(s.how);
            let runner_up = scored
                .iter()
                .filter(|o| o.field == s.field && o.col != s.col && o.score > 0.0)
                .max_by(|a, b| a.score.total_cmp(&b.score).then(b.col.cmp(&a.col)))
                .map(|o| RunnerUp {
                    column: o.col + 1,
                    header: header_cells[o.col].clone(),
                    score: o.score,
                    why: o.why.clone(),
                });
            choices.push(Choice {
                field: s.field,
                column: s.col + 1,
                header: header_cells[s.col].clone(),
                score: s.score,
                how: how_name(s.how),
                why: s.why.clone(),
                runner_up,
            });
        }
        for (col, text) in header_cells.iter().enumerate() {
            if how[col] != "unmapped" {
                continue;
            }
            if text.is_empty() {
                how[col] = "spacer";
            } else if scored
                .iter()
                .any(|s| s.col == col && s.score >= columns::threshold(s.field))
            {
                how[col] = "duplicate";
            }
        }
    }
    if !fields.contains_key(&Field::Amount) {
        return Err("no amount column: map one with `columns.amount` in the study".to_string());
    }
    choices.sort_by_key(|c| c.field);
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
    let shared_col = match opts.shared.as_ref().map(|s| &s.column) {
        None => None,
        Some(ColumnRef::Position(p)) if *p >= 1 => Some(p - 1),
        Some(ColumnRef::Position(_)) => {
            return Err("shared.column = 0: column numbers start at 1".to_string());
        }
        Some(ColumnRef::Header(name)) => {
            let key = header_key(name);
            Some(header_cells.iter().position(|h| header_key(h) == key).ok_or_else(|| {
                format!(
                    "the study splits this shared file by column {name:?}, but the header row \
                     has no such column (it has: {})",
                    header_cells.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                )
            })?)
        }
    };
    Ok(Mapping {
        header_row: header.map(|(r, _)| r),
        columns,
        choices,
        fields,
        header_cells,
        shared_col,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<crate::read::cell::OwnedCell> {
        cells
            .iter()
            .map(|s| {
                if s.is_empty() {
                    crate::read::cell::OwnedCell::Empty
                } else {
                    crate::read::cell::OwnedCell::Text(s.to_string())
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
        let m = map_columns(Some(refs[at]), &[], 6, &syn, &opts).unwrap();
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
        let m = map_columns(Some((1, &rows[0])), &[], 3, &Synonyms::builtin(), &opts).unwrap();
        assert_eq!(m.col(Field::Amount), Some(2));
        assert_eq!(m.col(Field::SupplierName), Some(0));
        assert_eq!(m.columns[1].how, "duplicate");
    }
}
