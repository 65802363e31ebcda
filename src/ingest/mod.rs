//! Stage 1, ingest: every ledger of every anchor read into canonical transactions, with
//! each row below a header accounted for as accepted, duplicate, rejected or skipped.

mod batch;
mod columns;
mod counts;
mod dedup;
pub mod draft;
mod evidence;
mod finish;
mod finished;
mod header;
pub mod infer;
pub mod inspect;
mod label;
mod pipeline;
pub mod quality;
pub mod reconcile;
pub mod record;
mod repair;
mod sheet_reader;
mod stage;
pub mod text;
mod text_records;
mod transactions;
pub mod workbook;

use crate::config::study::Ledger;
use crate::config::synonyms::Synonyms;
pub use crate::read::container::Format;
use crate::read::container::{self, Container};
use crate::read::decode::TextInfo;
pub use pipeline::{Chunk, Ingested, Plan, plan};
use record::SheetOutcome;
use sheet_reader::NotALedger;
pub use stage::{run, summary};

/// One sheet (or the single table of a text file) and what came of reading it.
pub struct SheetResult {
    pub sheet: Option<String>,
    /// How the text was written, for a text file or an archive's text member.
    pub text: Option<(TextInfo, u8)>,
    pub outcome: Result<SheetOutcome, NotALedger>,
}

/// Everything read from one ledger file.
pub struct LedgerRead {
    pub anchor_id: String,
    pub file: String,
    pub format: Format,
    /// Set when the file could not be read at all.
    pub error: Option<String>,
    pub sheets: Vec<SheetResult>,
    /// Whether the study named the sheets (then a sheet that fails is an error, not a note).
    pub sheets_named: bool,
    /// The study's order of day and month for this file, if it gives one.
    pub date_order: Option<crate::read::values::date::DateOrder>,
}

impl LedgerRead {
    /// Why each sheet that could not be read as a ledger was not, naming the sheet.
    pub fn sheet_failures(&self) -> Vec<String> {
        self.sheets
            .iter()
            .filter_map(|s| {
                let e = s.outcome.as_ref().err()?;
                Some(match &s.sheet {
                    Some(name) => format!("sheet {name:?}: {e}"),
                    None => e.to_string(),
                })
            })
            .collect()
    }

    /// Why this file stops the run, if it does: unreadable, no ledger in it, or a sheet
    /// the study asked for that could not be read.
    pub fn fatal(&self) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.clone());
        }
        let failed = self.sheet_failures();
        // A file or sheet that holds no ledger is passed over with its reason (a notes
        // file in a folder of ledgers); only a sheet the study asked for by name stops
        // the run.
        if failed.is_empty() || !self.sheets_named {
            return None;
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
        error: None,
        sheets: Vec::new(),
        sheets_named: ledger.options.sheets.is_some(),
        date_order: ledger.options.date_order,
    };
    let container = match container::sniff(&ledger.path) {
        Ok(c) => c,
        Err(e) => {
            read.error = Some(e);
            return read;
        }
    };
    read.format = container.format();
    match container {
        Container::Text => {
            let bytes = match load(&ledger.path) {
                Ok(b) => b,
                Err(e) => {
                    read.error = Some(format!("cannot read {}: {e}", ledger.path.display()));
                    return read;
                }
            };
            let t = text::read_text(&bytes, &ledger.options, synonyms);
            // Unmapping a large file takes the kernel a while; the rows are copied out, so
            // it can happen while the table is built.
            rayon::spawn(move || drop(bytes));
            read.sheets.push(SheetResult {
                sheet: None,
                text: Some((t.info, t.delimiter)),
                outcome: t.outcome,
            });
        }
        Container::Archive => match container::archive_members(&ledger.path) {
            Ok(members) => {
                read.sheets = members
                    .into_iter()
                    .map(|(name, bytes)| {
                        let t = text::read_text(&bytes, &ledger.options, synonyms);
                        SheetResult {
                            sheet: Some(name),
                            text: Some((t.info, t.delimiter)),
                            outcome: t.outcome,
                        }
                    })
                    .collect();
            }
            Err(e) => read.error = Some(e),
        },
        Container::Workbook(kind) => {
            match workbook::read_workbook(&ledger.path, kind, &ledger.options, synonyms) {
                Ok(sheets) => {
                    read.sheets = sheets
                        .into_iter()
                        .map(|s| SheetResult {
                            sheet: Some(s.name),
                            text: None,
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

/// Applies the rules that need whole sheets (see `finish`) to the sheets of one anchor's
/// files, given in study order: each sheet's date order is decided from its own dates, or
/// the nearest of its anchor's sheets that proves one.
pub fn finish_sheets(reads: &mut [&mut LedgerRead], synonyms: &Synonyms) {
    let decisions = {
        let mut labels = Vec::new();
        let mut evidence = Vec::new();
        for r in reads.iter() {
            for s in &r.sheets {
                if let Ok(o) = &s.outcome {
                    labels.push(r.label(s.sheet.as_deref()));
                    evidence.push((&o.dates, r.date_order));
                }
            }
        }
        finish::decide_orders(&evidence, &labels)
    };
    let mut decisions = decisions.into_iter();
    for r in reads.iter_mut() {
        for s in &mut r.sheets {
            if let Ok(o) = &mut s.outcome {
                finish::finish(
                    o,
                    decisions.next().expect("a decision per sheet"),
                    &synonyms.words.totals,
                );
            }
        }
    }
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
