//! Delimited text ledgers (CSV, semicolon, tab, pipe): decode, detect the delimiter, and
//! stream records to the sheet reader with the row numbers a spreadsheet would show.

use super::sheet_reader::NotALedger;

use super::record::{SheetOutcome, Tail};
use super::sheet_reader::SheetReader;
use super::text_records::{Cuts, Records, read_piece, record_start};
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;
use crate::read::cell::RowCells;
use crate::read::decode::{Encoding, TextInfo, decode_field, sniff};

/// Candidate delimiters, in order of preference when scores tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The result of reading a text ledger.
pub struct TextRead {
    pub info: TextInfo,
    pub delimiter: u8,
    pub outcome: Result<SheetOutcome, NotALedger>,
}

/// Picks the delimiter that splits the first lines most consistently: for each candidate,
/// the most common per-line count (outside quotes) times the number of lines having it.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for &d in &DELIMITERS {
        let mut counts: Vec<usize> = Vec::new();
        let mut in_quotes = false;
        let mut n = 0usize;
        for &b in text.as_bytes().iter().take(64 * 1024) {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    if n > 0 {
                        counts.push(n);
                    }
                    n = 0;
                    if counts.len() >= 50 {
                        break;
                    }
                }
                _ if b == d && !in_quotes => n += 1,
                _ => {}
            }
        }
        if n > 0 {
            counts.push(n);
        }
        let mut freq: std::collections::BTreeMap<usize, usize> = Default::default();
        for c in &counts {
            *freq.entry(*c).or_insert(0) += 1;
        }
        let score = freq
            .iter()
            .map(|(count, lines)| count.min(&64) * lines)
            .max()
            .unwrap_or(0);
        if score > best.0 {
            best = (score, d);
        }
    }
    best.1
}

/// The study's delimiter, or the one detected from the first 64 KiB.
pub(super) fn delimiter_of(body: &[u8], info: &TextInfo, opts: &ReadOptions) -> u8 {
    opts.delimiter.unwrap_or_else(|| {
        let head = &body[..body.len().min(64 * 1024)];
        detect_delimiter(&decode_field(head, info.encoding).replace('\r', "\n"))
    })
}

/// Reads a whole text ledger. Row numbers count every line a spreadsheet program would
/// show as a row, blank lines included, with quoted line breaks kept inside their row.
pub fn read_text(bytes: &[u8], opts: &ReadOptions, synonyms: &Synonyms) -> TextRead {
    let (body, info) = sniff(bytes, opts.encoding);
    let delimiter = delimiter_of(body, &info, opts);
    let outcome = read_records(body, info.encoding, delimiter, opts, synonyms);
    TextRead {
        info,
        delimiter,
        outcome,
    }
}

/// Below this many bytes left after the header, a file is read on one thread.
pub(super) const CHUNK_BYTES: usize = 8 << 20;

/// Reads the records of a text ledger whole: the pieces [`stream_records`] reads, joined.
fn read_records(
    bytes: &[u8],
    encoding: Encoding,
    delimiter: u8,
    opts: &ReadOptions,
    synonyms: &Synonyms,
) -> Result<SheetOutcome, NotALedger> {
    read_records_in(bytes, encoding, delimiter, opts, synonyms, CHUNK_BYTES)
}

fn read_records_in(
    bytes: &[u8],
    encoding: Encoding,
    delimiter: u8,
    opts: &ReadOptions,
    synonyms: &Synonyms,
    chunk: usize,
) -> Result<SheetOutcome, NotALedger> {
    let mut whole: Option<SheetOutcome> = None;
    let pieces = Pieces {
        bytes,
        encoding,
        delimiter,
        chunk,
    };
    pieces.stream(opts, synonyms, &|_, _| {}, &mut |piece| {
        match &mut whole {
            None => whole = Some(piece),
            Some(w) => w.merge(piece),
        }
        Ok(())
    })?;
    Ok(whole.expect("the first piece holds the header"))
}

/// How many pieces are read ahead of the one being taken: enough to keep every core busy
/// while the taker works, few enough that memory stays a few pieces' worth.
fn pieces_ahead() -> usize {
    rayon::current_num_threads() + 2
}

/// A text ledger's bytes, decoded as `encoding` and split at `delimiter`, read in pieces
/// of about `chunk` bytes.
pub(super) struct Pieces<'a> {
    pub bytes: &'a [u8],
    pub encoding: Encoding,
    pub delimiter: u8,
    pub chunk: usize,
}

impl Pieces<'_> {
    /// Streams the rows to `take` in pieces, in order: first the rows read while the header
    /// is settled (and the whole of a small file), then the rest, cut at line breaks outside
    /// quotes into pieces read on every core. A piece is handed on, readied to follow the
    /// ones before it, as soon as it and they are read, with at most [`pieces_ahead`] read
    /// ahead; `done(from, to)` is told when the bytes of a handed-on piece are no longer
    /// needed. Joined, the pieces are exactly the file read whole.
    pub fn stream(
        &self,
        opts: &ReadOptions,
        synonyms: &Synonyms,
        done: &(dyn Fn(usize, usize) + Sync),
        take: &mut dyn FnMut(SheetOutcome) -> Result<(), NotALedger>,
    ) -> Result<(), NotALedger> {
        let (bytes, encoding, delimiter, chunk) =
            (self.bytes, self.encoding, self.delimiter, self.chunk);
        let mut sheet = SheetReader::new(opts, synonyms);
        let mut records = Records::new(bytes, encoding, delimiter);
        let mut tail = Tail::default();
        loop {
            let at = records.position();
            if let Some(mapping) = sheet
                .mapping()
                .filter(|_| bytes.len() - at > 2 * chunk)
                .cloned()
            {
                let head_rows = records.row_no;
                let mut head = sheet.finish()?;
                tail.follow(&mut head, 0);
                take(head)?;
                let start = record_start(bytes, at);
                let read = |from: usize, to: usize| {
                    read_piece(
                        &bytes[from..to],
                        encoding,
                        delimiter,
                        &mapping,
                        opts,
                        synonyms,
                    )
                };
                return rayon::in_place_scope(|s| {
                    let (sender, receiver) = std::sync::mpsc::channel();
                    let mut cuts = Cuts::new(bytes, start, delimiter, chunk);
                    let mut ranges = std::collections::VecDeque::new();
                    let (mut from, mut last_spawned) = (start, false);
                    let (mut spawned, mut taken) = (0usize, 0usize);
                    let mut ready = std::collections::BTreeMap::new();
                    let mut offset = head_rows;
                    loop {
                        while spawned - taken < pieces_ahead() && !last_spawned {
                            let to = cuts.next().unwrap_or_else(|| {
                                last_spawned = true;
                                bytes.len()
                            });
                            let (sender, k, piece_from) = (sender.clone(), spawned, from);
                            let read = &read;
                            s.spawn(move |_| {
                                let _ = sender.send((k, read(piece_from, to)));
                            });
                            ranges.push_back((from, to));
                            (from, spawned) = (to, spawned + 1);
                        }
                        if taken == spawned {
                            return Ok(());
                        }
                        let piece = loop {
                            if let Some(p) = ready.remove(&taken) {
                                break p;
                            }
                            let (k, p) = receiver.recv().expect("every piece sends its result");
                            ready.insert(k, p);
                        };
                        let (mut piece, rows) = piece?;
                        tail.follow(&mut piece, offset);
                        offset += rows;
                        let (a, b) = ranges.pop_front().expect("a range per piece");
                        done(a, b);
                        take(piece)?;
                        taken += 1;
                    }
                });
            }
            let more = records.next(|n| sheet.push(n, None))?;
            if !more {
                break;
            }
            sheet.push(records.row_no, Some(&records.record as &dyn RowCells))?;
            records.recycle();
        }
        let mut whole = sheet.finish()?;
        tail.follow(&mut whole, 0);
        take(whole)
    }
}

#[cfg(test)]
mod tests;

/// Arbitrary bytes never make the reader panic, and whatever is read balances; reading in
/// pieces gives exactly what reading whole gives.
#[cfg(test)]
mod robustness;
