//! Turns a stream of rows (from a text file or a worksheet) into a `SheetOutcome`: reads
//! ahead to find the header, then hands every later row to the classifier.

use std::collections::BTreeMap;

use super::header::{HEADER_SEARCH_ROWS, Mapping, SAMPLE_ROWS, find_header, map_columns};
use super::record::{RowAccounting, SheetOutcome};
use crate::config::field::Field;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::read::cell::{OwnedCell, RowCells, own_row};

/// Why no ledger could be read from a sheet or file, and — when it has no header — the
/// column layout its content suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct NotALedger {
    pub why: String,
    /// No row was found that reads as a header (the other reasons are about a header
    /// found, such as one with no amount column).
    pub headerless: bool,
    /// 0-based columns inferred from the content (see `infer`).
    pub columns: Option<BTreeMap<Field, usize>>,
}

impl From<String> for NotALedger {
    fn from(why: String) -> Self {
        NotALedger {
            why,
            headerless: false,
            columns: None,
        }
    }
}

impl std::fmt::Display for NotALedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = &self.why;
        match &self.columns {
            Some(cols) => write!(
                f,
                "{why}. If the file has no header, its columns look like {} from their content: \
                 check them, then give `header_row = 0` and those `columns` in the study",
                super::infer::describe(cols)
            ),
            None if self.headerless => write!(
                f,
                "{why} (if the file has no header, give `header_row = 0` and `columns` by number in the study)"
            ),
            None => f.write_str(why),
        }
    }
}

enum State<'a> {
    /// Rows read so far (`None` = blank), while fewer than enough non-blank rows are seen.
    Searching {
        ahead: Vec<(u32, Option<Vec<OwnedCell>>)>,
        non_blank: usize,
    },
    Reading(Box<RowAccounting<'a>>),
}

/// Push-based reader of one sheet's rows.
pub struct SheetReader<'a> {
    state: State<'a>,
    opts: &'a ReadOptions,
    synonyms: &'a Synonyms,
}

impl<'a> SheetReader<'a> {
    pub fn new(opts: &'a ReadOptions, synonyms: &'a Synonyms) -> Self {
        SheetReader {
            state: State::Searching {
                ahead: Vec::new(),
                non_blank: 0,
            },
            opts,
            synonyms,
        }
    }

    /// Feeds the row numbered `row_no` (1-based); `None` is a blank line.
    pub fn push(&mut self, row_no: u32, row: Option<&dyn RowCells>) -> Result<(), NotALedger> {
        match &mut self.state {
            State::Reading(c) => {
                match row {
                    Some(r) => c.row(row_no, r),
                    None => c.blank(),
                }
                Ok(())
            }
            State::Searching { ahead, non_blank } => {
                let owned = row.filter(|r| !r.is_blank()).map(own_row);
                *non_blank += usize::from(owned.is_some());
                ahead.push((row_no, owned));
                // With `header_row` given, read ahead to it however far down it is.
                let enough = match self.opts.header_row {
                    Some(h) if h > 0 => row_no as usize >= h,
                    _ => *non_blank >= HEADER_SEARCH_ROWS + SAMPLE_ROWS,
                };
                if enough { self.start_reading() } else { Ok(()) }
            }
        }
    }

    fn start_reading(&mut self) -> Result<(), NotALedger> {
        let State::Searching { ahead, .. } = std::mem::replace(
            &mut self.state,
            State::Searching {
                ahead: Vec::new(),
                non_blank: 0,
            },
        ) else {
            return Ok(());
        };
        let candidates: Vec<(u32, &dyn RowCells)> = ahead
            .iter()
            .filter_map(|(n, r)| r.as_ref().map(|r| (*n, r as &dyn RowCells)))
            .collect();
        let width = candidates.iter().map(|(_, r)| r.width()).max().unwrap_or(0);
        let found = find_header(&candidates, self.synonyms, self.opts).map_err(|why| {
            let rows: Vec<&dyn RowCells> = candidates.iter().map(|(_, r)| *r).collect();
            NotALedger {
                why,
                headerless: true,
                columns: super::infer::infer_columns(
                    &rows,
                    self.opts.date_order.unwrap_or_default(),
                ),
            }
        })?;
        let header = found.map(|i| candidates[i]);
        let below: Vec<&dyn RowCells> = match found {
            Some(i) => candidates[i + 1..]
                .iter()
                .take(SAMPLE_ROWS)
                .map(|(_, r)| *r)
                .collect(),
            None => Vec::new(),
        };
        let mapping: Mapping = map_columns(header, &below, width, self.synonyms, self.opts)?;
        let header_row = mapping.header_row;
        let preamble =
            header_row.map_or(0, |h| ahead.iter().filter(|(n, _)| *n < h).count() as u64);
        let mut classifier = RowAccounting::new(mapping, self.opts, self.synonyms, preamble);
        for (n, r) in &ahead {
            if header_row.is_some_and(|h| *n <= h) {
                continue;
            }
            match r {
                Some(r) => classifier.row(*n, r),
                None => classifier.blank(),
            }
        }
        self.state = State::Reading(Box::new(classifier));
        Ok(())
    }

    /// The column mapping, once the header is settled.
    pub fn mapping(&self) -> Option<&Mapping> {
        match &self.state {
            State::Reading(c) => Some(c.mapping()),
            State::Searching { .. } => None,
        }
    }

    /// Ends the sheet. An error says why no ledger could be read from it. The rules that
    /// need the whole sheet and its anchor (dates, totals: see `finish`) are applied by
    /// the caller once every sheet is read.
    pub fn finish(mut self) -> Result<SheetOutcome, NotALedger> {
        if let State::Searching { ahead, .. } = &self.state {
            if ahead.iter().all(|(_, r)| r.is_none()) {
                return Err("it holds no rows: the file (or sheet) is empty"
                    .to_string()
                    .into());
            }
            self.start_reading()?;
        }
        match self.state {
            State::Reading(c) => Ok(c.finish()),
            State::Searching { .. } => unreachable!("start_reading leaves the reading state"),
        }
    }
}
