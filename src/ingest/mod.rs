//! Stage 1, ingest: every ledger of every anchor read into canonical transactions, with
//! each row below a header accounted for as accepted, duplicate, rejected or skipped.

pub mod batch;
pub mod cell;
pub mod decode;
pub mod dedup;
pub mod header;
pub mod infer;
pub mod reconcile;
pub mod record;
pub mod records;
pub mod sheet_reader;
pub mod text;
pub mod values;
pub mod workbook;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::study::{Ledger, Study};
use crate::config::synonyms::Synonyms;
use decode::TextInfo;
use reconcile::{FileReconciliation, Reconciliation, Reject};
use record::SheetOutcome;
use sheet_reader::NotALedger;

/// The kind of file a ledger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Workbook,
}

/// Chooses by extension, then by the first bytes (ZIP or OLE2 containers are workbooks).
pub fn format_of(path: &Path, head: &[u8]) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "xla" | "ods" => Format::Workbook,
        "csv" | "tsv" | "txt" | "psv" | "tab" => Format::Text,
        _ if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
            Format::Workbook
        }
        _ => Format::Text,
    }
}

/// One sheet (or the single table of a text file) and what came of reading it.
pub struct SheetResult {
    pub sheet: Option<String>,
    pub outcome: Result<SheetOutcome, NotALedger>,
}

/// Everything read from one ledger file.
pub struct LedgerRead {
    pub anchor_id: String,
    pub file: String,
    pub format: Format,
    pub text: Option<(TextInfo, u8)>,
    /// Set when the file could not be read at all.
    pub error: Option<String>,
    pub sheets: Vec<SheetResult>,
    /// Whether the study named the sheets (then a sheet that fails is an error, not a note).
    pub sheets_named: bool,
}

impl LedgerRead {
    /// Why this file stops the run, if it does: unreadable, no ledger in it, or a sheet
    /// the study asked for that could not be read.
    pub fn fatal(&self) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.clone());
        }
        let failed: Vec<String> = self
            .sheets
            .iter()
            .filter_map(|s| {
                let e = s.outcome.as_ref().err()?;
                Some(match &s.sheet {
                    Some(name) => format!("sheet {name:?}: {e}"),
                    None => e.to_string(),
                })
            })
            .collect();
        let all_failed = failed.len() == self.sheets.len();
        if failed.is_empty() || !(all_failed || self.sheets_named || self.format == Format::Text) {
            return None;
        }
        if self.format == Format::Workbook && all_failed && !self.sheets_named {
            return Some(format!("no sheet holds a ledger: {}", failed.join("; ")));
        }
        Some(failed.join("; "))
    }

    /// `file[sheet]` or `file`, as rows are cited in `duplicate_of`.
    pub fn label(&self, sheet: Option<&str>) -> String {
        match sheet {
            Some(s) => format!("{}[{s}]", self.file),
            None => self.file.clone(),
        }
    }
}

/// A ledger's bytes: mapped from the file where it can be, so that a large file is not
/// copied into fresh memory (most of a big ingest's system time is the kernel zeroing
/// new pages), else read.
enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Read(v) => v,
        }
    }
}

/// Files smaller than this are read: mapping costs more than it saves.
const MAP_FROM: u64 = 4 << 20;

fn load(path: &std::path::Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() >= MAP_FROM {
        // SAFETY: the map is read-only and lives only while this ledger is read. A ledger
        // truncated by another program during the read is outside what spendgap can
        // guard against, as for any tool that maps its input (ripgrep does the same).
        if let Ok(m) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok(Bytes::Mapped(m));
        }
    }
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut &file, &mut v)?;
    Ok(Bytes::Read(v))
}

/// Reads one ledger file. Never panics on bad input: problems become `error` or a
/// sheet's `Err`.
pub fn read_ledger(anchor_id: &str, ledger: &Ledger, synonyms: &Synonyms) -> LedgerRead {
    let mut read = LedgerRead {
        anchor_id: anchor_id.to_string(),
        file: ledger.display.clone(),
        format: Format::Text,
        text: None,
        error: None,
        sheets: Vec::new(),
        sheets_named: ledger.options.sheets.is_some(),
    };
    let bytes = match load(&ledger.path) {
        Ok(b) => b,
        Err(e) => {
            read.error = Some(format!("cannot read {}: {e}", ledger.path.display()));
            return read;
        }
    };
    read.format = format_of(&ledger.path, &bytes[..bytes.len().min(8)]);
    match read.format {
        Format::Text => {
            let t = text::read_text(&bytes, &ledger.options, synonyms);
            // Unmapping a large file takes the kernel a while; the rows are copied out, so
            // it can happen while the table is built.
            rayon::spawn(move || drop(bytes));
            read.text = Some((t.info, t.delimiter));
            read.sheets.push(SheetResult {
                sheet: None,
                outcome: t.outcome,
            });
        }
        Format::Workbook => {
            drop(bytes);
            match workbook::read_workbook(&ledger.path, &ledger.options, synonyms) {
                Ok(sheets) => {
                    read.sheets = sheets
                        .into_iter()
                        .map(|s| SheetResult {
                            sheet: Some(s.name),
                            outcome: s.outcome,
                        })
                        .collect();
                }
                Err(e) => read.error = Some(e),
            }
        }
    }
    read
}

/// The result of the ingest stage.
pub struct Ingested {
    pub reads: Vec<LedgerRead>,
    pub reconciliation: Reconciliation,
    pub rejects: Vec<Reject>,
    /// Sheets passed over because they hold no ledger: (file, sheet, reason).
    pub notes: Vec<(String, String, String)>,
}

/// Reads every ledger of the study (in parallel, results in study order), marks
/// duplicates and reconciles. Fails, naming each file, when any ledger cannot be read.
pub fn ingest(study: &Study) -> anyhow::Result<Ingested> {
    let jobs: Vec<(&str, &Ledger)> = study
        .anchors
        .iter()
        .flat_map(|a| a.ledgers.iter().map(move |l| (a.id.as_str(), l)))
        .collect();
    let mut reads: Vec<LedgerRead> = jobs
        .par_iter()
        .map(|(id, l)| read_ledger(id, l, &study.synonyms))
        .collect();
    let fatal: Vec<String> = reads
        .iter()
        .filter_map(|r| r.fatal().map(|e| format!("  {}: {e}", r.file)))
        .collect();
    if !fatal.is_empty() {
        anyhow::bail!(
            "cannot read {} ledger file(s); nothing was written:\n{}",
            fatal.len(),
            fatal.join("\n")
        );
    }
    for anchor in &study.anchors {
        let mut input = Vec::new();
        for (file_index, read) in reads
            .iter_mut()
            .enumerate()
            .filter(|(_, r)| r.anchor_id == anchor.id)
        {
            let labels: Vec<String> = read
                .sheets
                .iter()
                .map(|s| read.label(s.sheet.as_deref()))
                .collect();
            for (s, label) in read.sheets.iter_mut().zip(labels) {
                if let Ok(o) = &mut s.outcome {
                    input.push(dedup::DedupInput {
                        file_index,
                        label,
                        batch: &mut o.batch,
                        counts: &mut o.counts,
                    });
                }
            }
        }
        dedup::mark_duplicates(&mut input);
    }
    let mut files = Vec::new();
    let mut rejects = Vec::new();
    let mut notes = Vec::new();
    for read in &reads {
        for s in &read.sheets {
            match &s.outcome {
                Ok(o) => {
                    rejects.extend(o.reject_rows(&read.file, s.sheet.as_deref()));
                    files.push(FileReconciliation {
                        file: read.file.clone(),
                        sheet: s.sheet.clone(),
                        anchor_id: read.anchor_id.clone(),
                        counts: o.counts.clone(),
                        rows_preamble: o.rows_preamble,
                        skipped: o.skipped.clone(),
                        repairs: o.repairs.clone(),
                    });
                }
                Err(e) => notes.push((
                    read.file.clone(),
                    s.sheet.clone().unwrap_or_default(),
                    e.to_string(),
                )),
            }
        }
    }
    let anchors: Vec<(String, String)> = study
        .anchors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let reconciliation = Reconciliation::build(&study.name, &anchors, files);
    if !reconciliation.totals.balances()
        || reconciliation.files.iter().any(|f| !f.counts.balances())
    {
        anyhow::bail!("internal error: the reconciliation does not balance; please report this");
    }
    Ok(Ingested {
        reads,
        reconciliation,
        rejects,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_ledger_is_mapped_and_a_small_one_read_with_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let row = "ACME SUPPLIES LTD,01/04/2024,\"1,234.56\"\r\n";
        for (name, rows, mapped) in [("small.csv", 10, false), ("large.csv", 200_000, true)] {
            let path = dir.path().join(name);
            let text = format!("Supplier,Date,Amount\r\n{}", row.repeat(rows));
            std::fs::write(&path, &text).unwrap();
            let bytes = load(&path).unwrap();
            assert_eq!(matches!(bytes, Bytes::Mapped(_)), mapped, "{name}");
            assert_eq!(&*bytes, text.as_bytes(), "{name}");
        }
    }
}
