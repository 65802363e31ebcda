//! Streaming the records of delimited text with the row numbers a spreadsheet shows, and
//! cutting a large file into pieces that can be read on separate cores.

use super::header::Mapping;
use super::record::{RowAccounting, SheetOutcome};
use super::sheet_reader::NotALedger;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::read::decode::{Encoding, decode_field};

/// Blank lines passed over by the csv reader when it reads on from byte `from`: the line
/// breaks (LF, CRLF or a lone CR) in the run of line-break bytes starting there. (The
/// `\n` of the previous record's CRLF may still be unread; it ends that record.)
pub(super) fn blank_lines_from(bytes: &[u8], from: usize) -> u32 {
    let mut at = record_start(bytes, from);
    let mut breaks = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            b'\r' | b'\n' => at += 1,
            _ => break,
        }
        breaks += 1;
    }
    breaks
}

/// Reads records from `bytes` into a row sink, decoding field by field: records that are
/// ASCII (or in a UTF-8 file) are viewed in place; only the rare others are decoded.
pub(super) struct Records<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    encoding: Encoding,
    raw: csv::ByteRecord,
    pub(super) record: csv::StringRecord,
    /// Rows seen so far, blank lines included.
    pub(super) row_no: u32,
}

impl<'a> Records<'a> {
    pub(super) fn new(bytes: &'a [u8], encoding: Encoding, delimiter: u8) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(bytes);
        Records {
            bytes,
            reader,
            encoding,
            raw: Default::default(),
            record: Default::default(),
            row_no: 0,
        }
    }

    pub(super) fn position(&self) -> usize {
        self.reader.position().byte() as usize
    }

    /// Reads the next record, first passing each blank line before it to `blank`.
    /// Returns false at the end.
    pub(super) fn next(
        &mut self,
        mut blank: impl FnMut(u32) -> Result<(), NotALedger>,
    ) -> Result<bool, NotALedger> {
        let from = self.position();
        match self.reader.read_byte_record(&mut self.raw) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(e) => return Err(format!("unreadable text after row {}: {e}", self.row_no).into()),
        }
        // The csv reader passes over empty lines; count them back in as blank rows.
        for _ in 0..blank_lines_from(self.bytes, from) {
            self.row_no += 1;
            blank(self.row_no)?;
        }
        self.row_no += 1;
        if self.encoding == Encoding::Utf8 || self.raw.as_slice().is_ascii() {
            match csv::StringRecord::from_byte_record(std::mem::take(&mut self.raw)) {
                Ok(r) => self.record = r,
                Err(e) => {
                    // A UTF-8 file is validated whole, so this is a forced, wrong encoding.
                    let r = e.into_byte_record();
                    self.record.clear();
                    r.iter()
                        .for_each(|f| self.record.push_field(&String::from_utf8_lossy(f)));
                    self.raw = r;
                }
            }
        } else {
            self.record.clear();
            let enc = self.encoding;
            self.raw
                .iter()
                .for_each(|f| self.record.push_field(&decode_field(f, enc)));
        }
        Ok(true)
    }

    /// Gives the record buffer back for reuse once the row has been used.
    pub(super) fn recycle(&mut self) {
        if self.raw.is_empty() {
            self.raw = std::mem::take(&mut self.record).into_byte_record();
        }
    }
}

/// Reads one piece of a file below its header, rows numbered from 1 within the piece.
/// Returns the outcome and how many rows the piece spans (blank lines at its end too).
pub(super) fn read_piece(
    bytes: &[u8],
    encoding: Encoding,
    delimiter: u8,
    mapping: &Mapping,
    opts: &ReadOptions,
    synonyms: &Synonyms,
) -> Result<(SheetOutcome, u32), NotALedger> {
    let mut classifier = RowAccounting::new(mapping.clone(), opts, synonyms, 0);
    let mut records = Records::new(bytes, encoding, delimiter);
    while records.next(|_| {
        classifier.blank();
        Ok(())
    })? {
        classifier.row(records.row_no, &records.record);
        records.recycle();
    }
    let trailing = blank_lines_from(bytes, records.position());
    (0..trailing).for_each(|_| classifier.blank());
    Ok((classifier.finish(), records.row_no + trailing))
}

/// Where to cut `bytes[start..]` (`start` a record's start, as [`record_start`] finds it)
/// into pieces of about `chunk` bytes: just after line breaks outside quoted fields, found
/// one at a time (ascending, inside the text), so pieces can be read while the rest is
/// scanned. Stops at a quote standing where CSV does not allow one (`12" pipe` inside an
/// unquoted field): from there quote parity cannot find the breaks, and the rest is one
/// piece.
pub(super) struct Cuts<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    chunk: usize,
    /// Where the scan goes on from.
    at: usize,
    in_quotes: bool,
    skip_quote: bool,
    next_cut: usize,
    stopped: bool,
}

impl<'a> Cuts<'a> {
    pub(super) fn new(bytes: &'a [u8], start: usize, delimiter: u8, chunk: usize) -> Self {
        Cuts {
            bytes,
            delimiter,
            chunk,
            at: start,
            in_quotes: false,
            skip_quote: false,
            next_cut: start + chunk,
            stopped: false,
        }
    }
}

impl Iterator for Cuts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.stopped {
            return None;
        }
        let bytes = self.bytes;
        let delimiter = self.delimiter;
        let ends_field =
            |b: Option<&u8>| matches!(b, None | Some(b'\n' | b'\r')) || b == Some(&delimiter);
        let from = self.at;
        for at in memchr::memchr3_iter(b'"', b'\n', b'\r', &bytes[from..]).map(|i| i + from) {
            match bytes[at] {
                b'"' if self.skip_quote => self.skip_quote = false,
                b'"' if self.in_quotes => {
                    if bytes.get(at + 1) == Some(&b'"') {
                        self.skip_quote = true; // an escaped quote inside the field
                    } else if ends_field(bytes.get(at + 1)) {
                        self.in_quotes = false;
                    } else {
                        self.stopped = true; // text after a closing quote
                        return None;
                    }
                }
                b'"' => {
                    // A quote opens a field only at the field's start; anywhere else
                    // (`12"`) the csv reader keeps it as text, and parity would go wrong.
                    if at > 0 && !ends_field(bytes.get(at - 1)) {
                        self.stopped = true;
                        return None;
                    }
                    self.in_quotes = true;
                }
                b'\r' if bytes.get(at + 1) == Some(&b'\n') => {}
                _ if !self.in_quotes && at + 1 >= self.next_cut && at + 1 < bytes.len() => {
                    self.next_cut = at + 1 + self.chunk;
                    self.at = at + 1;
                    return Some(at + 1);
                }
                _ => {}
            }
        }
        self.stopped = true;
        None
    }
}

/// The start of the next record at or after `at`: past the `\n` of a CRLF whose `\r`
/// ended the previous record.
pub(super) fn record_start(bytes: &[u8], at: usize) -> usize {
    if at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        at + 1
    } else {
        at
    }
}
