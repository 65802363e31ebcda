//! Spreadsheet ledgers (XLSX, XLSM, XLS, ODS) through calamine: every sheet that holds a
//! ledger is read; sheets that do not are reported with the reason and passed over.

use super::sheet_reader::NotALedger;
use std::path::Path;

use std::fs::File;
use std::io::BufReader;

use calamine::{Data, OdsError, Reader, Sheets, XlsError, XlsbError, XlsxError, open_workbook};

use crate::read::container::{Container, WorkbookKind};

use super::record::SheetOutcome;
use super::sheet_reader::SheetReader;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::read::cell::{RowCells, SheetRow};

/// A sheet read, or passed over with the reason.
pub struct SheetRead {
    pub name: String,
    pub outcome: Result<SheetOutcome, NotALedger>,
}

/// Opens a workbook of the kind its bytes show (whatever its name says); the error says
/// what a user can do about a password-protected or corrupt file.
pub fn open(path: &Path) -> Result<Sheets<BufReader<File>>, String> {
    match crate::read::container::sniff(path)? {
        Container::Workbook(kind) => open_kind(path, kind),
        Container::Text => Err("the file is text, not a spreadsheet workbook".to_string()),
        Container::Archive => {
            Err("the file is a ZIP archive, not a spreadsheet workbook".to_string())
        }
    }
}

fn open_kind(path: &Path, kind: WorkbookKind) -> Result<Sheets<BufReader<File>>, String> {
    let opened = match kind {
        WorkbookKind::Xlsx => open_workbook(path)
            .map(Sheets::Xlsx)
            .map_err(|e: XlsxError| e.to_string()),
        WorkbookKind::Xlsb => open_workbook(path)
            .map(Sheets::Xlsb)
            .map_err(|e: XlsbError| e.to_string()),
        WorkbookKind::Xls => open_workbook(path)
            .map(Sheets::Xls)
            .map_err(|e: XlsError| e.to_string()),
        WorkbookKind::Ods => open_workbook(path)
            .map(Sheets::Ods)
            .map_err(|e: OdsError| e.to_string()),
    };
    opened.map_err(|text| {
        let hint = if text.to_lowercase().contains("password") || text.contains("encrypt") {
            " (the workbook is password-protected: save an unprotected copy)"
        } else {
            " (the file may be corrupt, or not the spreadsheet its name says)"
        };
        format!("cannot open workbook: {text}{hint}")
    })
}

/// Opens a workbook and reads the sheets the study asks for (default: all).
pub fn read_workbook(
    path: &Path,
    kind: WorkbookKind,
    opts: &ReadOptions,
    synonyms: &Synonyms,
) -> Result<Vec<SheetRead>, String> {
    let mut book = open_kind(path, kind)?;
    let names = book.sheet_names().to_vec();
    let wanted: Vec<String> = match &opts.sheets {
        Some(list) => {
            for s in list {
                if !names.contains(s) {
                    return Err(format!(
                        "the study names sheet {s:?}, but the workbook has only {names:?}"
                    ));
                }
            }
            list.clone()
        }
        None => names,
    };
    let mut out = Vec::new();
    for name in wanted {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet {name:?}: {e}"))?;
        out.push(SheetRead {
            outcome: read_range(&range, opts, synonyms),
            name,
        });
    }
    Ok(out)
}

fn read_range(
    range: &calamine::Range<Data>,
    opts: &ReadOptions,
    synonyms: &Synonyms,
) -> Result<SheetOutcome, NotALedger> {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut reader = SheetReader::new(opts, synonyms);
    for (i, cells) in range.rows().enumerate() {
        let row_no = first_row + i as u32 + 1;
        let row = SheetRow {
            offset: first_col as usize,
            cells,
        };
        if row.is_blank() {
            reader.push(row_no, None)?;
        } else {
            reader.push(row_no, Some(&row as &dyn RowCells))?;
        }
    }
    reader.finish()
}
