//! Delimited text ledgers (CSV, semicolon, tab, pipe): decode, detect the delimiter, and
//! stream records to the sheet reader with the row numbers a spreadsheet would show.

use super::sheet_reader::NotALedger;

use super::record::{SheetOutcome, Tail};
use super::records::{Cuts, Records, read_piece, record_start};
use super::sheet_reader::SheetReader;
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
mod tests {
    use super::*;
    use crate::config::field::Field;

    fn read(text: &str) -> SheetOutcome {
        crate::ingest::finish::read_finished(text)
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a,b,c\n\"x;y\",2,3\n"), b',');
        assert_eq!(detect_delimiter("a|b\n1|2\n"), b'|');
    }

    #[test]
    fn row_numbers_count_blank_lines_and_quoted_breaks() {
        let out = read(
            "Title\r\n\r\nName,Date,Amount\r\nA,01/01/2024,1.00\r\n\r\n\"B\r\nLtd\",02/01/2024,2.00\r\nC,03/01/2024,3.00\r\n\r\n\r\n",
        );
        assert_eq!(out.mapping.header_row, Some(3));
        assert_eq!(out.batch.rows, vec![4, 6, 7]);
        assert_eq!(
            out.counts.rows_read, 4,
            "one interior blank, trailing blanks dropped"
        );
        assert_eq!(out.counts.rows_skipped, 1);
        assert_eq!(out.counts.pence_accepted, 600);
        assert_eq!(out.rows_preamble, 2);
        assert_eq!(
            out.batch.text(Field::SupplierName).unwrap().get(1),
            Some("B\r\nLtd")
        );
    }

    #[test]
    fn classic_mac_line_endings() {
        let out = read("Name,Date,Amount\rA,01/01/2024,1.00\r\rB,02/01/2024,\"1,000.00\"\r");
        assert_eq!(out.batch.rows, vec![2, 4]);
        assert_eq!(out.counts.pence_accepted, 100_100);
    }

    #[test]
    fn accounting_rule() {
        let out = read(concat!(
            "Name,Date,Amount,Description\n",
            "A,01/01/2024,10.00,x\n",         // accepted
            ",02/01/2024,5.00,refund\n",      // accepted unnamed
            "B,,7.00,\n",                     // accepted undated
            "C,03/01/2024,TBC,\n",            // rejected
            "D,03/01/2024,,\n",               // rejected: empty amount
            ",,,note only\n",                 // skipped junk
            "Total,,22.00,\n",                // skipped total
            "E,04/01/2024,3.00,\n",           // accepted
            ",,3.00,\n",                      // skipped: unlabelled total
            "Name,Date,Amount,Description\n", // skipped: header again
        ));
        let c = &out.counts;
        assert_eq!(
            (
                c.rows_read,
                c.rows_accepted,
                c.rows_rejected,
                c.rows_skipped
            ),
            (10, 4, 2, 4)
        );
        assert_eq!((c.rows_undated, c.rows_unnamed), (1, 1));
        assert_eq!(c.pence_accepted, 2_500);
        assert!(c.balances());
        assert_eq!(out.rejects[0].0, 5);
        assert_eq!(out.rejects[0].2, "TBC");
    }

    #[test]
    fn fused_fields_are_repaired() {
        let out = read("Name,Date,Amount\nA,01/01/2024 12.50\nB 02/01/2024,7.25\n");
        assert_eq!(out.counts.rows_repaired, 2);
        assert_eq!(out.counts.pence_accepted, 1_975);
        assert_eq!(
            out.batch.text(Field::SupplierName).unwrap().get(1),
            Some("B")
        );
        assert_eq!(out.batch.date(1), Some(19_724));
    }

    /// Regression: a `header_row` below the 30 rows searched for a header was refused.
    #[test]
    fn header_row_far_down_the_file() {
        let mut text = String::new();
        for i in 0..35 {
            text += &format!("Note {i}: these payments are provisional\n");
        }
        text += "Payee,Paid on,Net\nA,01/01/2024,1.00\n";
        let mut opts = ReadOptions {
            header_row: Some(36),
            ..Default::default()
        };
        opts.columns.insert(
            Field::Amount,
            crate::config::study::ColumnRef::Header("Net".into()),
        );
        let mut out = read_text(text.as_bytes(), &opts, &Synonyms::builtin())
            .outcome
            .unwrap();
        crate::ingest::finish::finish_alone(&mut out, None);
        assert_eq!(
            (out.mapping.header_row, out.counts.rows_accepted),
            (Some(36), 1)
        );
        assert_eq!(out.rows_preamble, 35);
    }

    #[test]
    fn headerless_file_with_header_at_the_end() {
        let mut opts = ReadOptions {
            header_row: Some(0),
            ..Default::default()
        };
        opts.columns
            .insert(Field::Amount, crate::config::study::ColumnRef::Position(3));
        opts.columns.insert(
            Field::SupplierName,
            crate::config::study::ColumnRef::Position(1),
        );
        let text = "A,01/01/2024,1.00\nB,02/01/2024,2.00\nName,Payment Date,Amount Paid\n";
        let mut out = read_text(text.as_bytes(), &opts, &Synonyms::builtin())
            .outcome
            .unwrap();
        crate::ingest::finish::finish_alone(&mut out, None);
        assert_eq!((out.counts.rows_accepted, out.counts.rows_skipped), (2, 1));
    }
}

/// Arbitrary bytes never make the reader panic, and whatever is read balances; reading in
/// pieces gives exactly what reading whole gives.
#[cfg(test)]
mod robustness {
    use super::*;
    use crate::config::field::Field;

    /// A text read in pieces of `chunk` bytes, then finished as one sheet.
    fn read_in(bytes: &[u8], opts: &ReadOptions, syn: &Synonyms, chunk: usize) -> SheetOutcome {
        let mut out = read_records_in(bytes, Encoding::Utf8, b',', opts, syn, chunk).unwrap();
        crate::ingest::finish::finish_alone(&mut out, None);
        out
    }

    /// Everything a reader's outcome says, as comparable text.
    fn summary(o: &SheetOutcome) -> String {
        let b = &o.batch;
        let names: Vec<Option<&str>> = b
            .text(Field::SupplierName)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            o.counts,
            o.skipped,
            o.repairs,
            b.rows,
            b.amounts,
            (0..b.len()).map(|i| b.date(i)).collect::<Vec<_>>(),
            names,
            o.rejects,
            o.problems_total
        )
    }

    /// Regression: a literal quote ending an unquoted field (`Pipe 12"`) flipped the quote
    /// parity used to cut a file into pieces, so later cuts fell inside quoted fields and a
    /// row was split in two; and the whole-read fallback then counted a CRLF's `\n` as a
    /// blank row. Such files are now read whole, exactly.
    #[test]
    fn a_stray_quote_does_not_split_rows() {
        let mut text = String::from("Name,Date,Amount,Note\r\nPipe 12\",01/01/2024,5.00,x\r\n");
        for i in 0..40 {
            text += &format!("S{i},02/01/2024,1.00,\"two\nlines, here\"\r\n");
        }
        let (opts, syn) = (ReadOptions::default(), Synonyms::builtin());
        let whole = read_in(text.as_bytes(), &opts, &syn, usize::MAX / 4);
        assert_eq!(
            (whole.counts.rows_read, whole.counts.rows_accepted),
            (41, 41)
        );
        for chunk in [7, 50, 120] {
            let pieces = read_in(text.as_bytes(), &opts, &syn, chunk);
            assert_eq!(summary(&pieces), summary(&whole), "chunk {chunk}");
        }
    }

    #[test]
    fn reading_in_pieces_equals_reading_whole() {
        let body = concat!(
            "Report\r\n\r\nName,Date,Amount,Note\r\n",
            "A,01/02/2024,\"1,000.00\",\"two\r\nlines\"\r\n",
            "\r\n\r\n",
            "B,02/02/2024,5.00,x\r\n",
            ",,1005.00,\r\n",
            "C,03/02/2024,TBC,\r\n",
            "Caf\u{e9} Ltd,,7.00,\r\n",
            "Total,,7.00,\r\n",
            ",,,\r\n",
            "D,04/02/2024,(2.50),\"q \"\"x\"\"\"\r\n",
            "Name,Date,Amount,Note\r\n",
            "E,05/02/2024,2.50,\r\n",
            ",,2.50,\r\n",
            ",,2.50,\r\n",
            "\r\n",
        );
        // A stray quote late in the file: the pieces cut before it are read as pieces, the
        // rest as one.
        let stray = body.replace("E,05/02/2024,2.50,", "E,05/02/2024,2.50,12\" pipe");
        for text in [
            body.to_string(),
            body.replace("\r\n", "\r"),
            body.replace("\r\n", "\n"),
            stray,
        ] {
            let bytes = text.as_bytes();
            let (opts, syn) = (ReadOptions::default(), Synonyms::builtin());
            let whole = read_in(bytes, &opts, &syn, usize::MAX / 4);
            // blank rows 5, 6, 12; unlabelled totals 8 and 17 (16 follows a zero sum); Total 11; header 14
            assert_eq!(whole.counts.rows_skipped, 7, "{}", summary(&whole));
            for chunk in 1..text.len() {
                let pieces = read_in(bytes, &opts, &syn, chunk);
                assert_eq!(
                    summary(&pieces),
                    summary(&whole),
                    "chunk {chunk} of {text:?}"
                );
            }
        }
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    const SEED_TEXT: &[u8] = b"Title\r\n\r\nName,Date,Amount,Ref\r\n\"A, Ltd\",01/02/2024,\"1,000.00\",X1\r\nB,11-Aug-22,(5.00),X2\rC,,\xA3-3,\r\nTotal,,996.00,\r\n";

    #[test]
    fn mutated_ledgers_never_panic() {
        let mut rng = Rng(0x5eed_2026);
        let alphabet = b",;\t|\"\r\n0123456789./-()\xA3\xC2 NameDtAoutlTRf";
        for _ in 0..3000 {
            let mut bytes = SEED_TEXT.to_vec();
            for _ in 0..(rng.next() % 12) {
                let at = (rng.next() as usize) % (bytes.len() + 1);
                match rng.next() % 3 {
                    0 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, alphabet[(rng.next() as usize) % alphabet.len()]),
                    _ if at < bytes.len() => bytes[at] = (rng.next() & 0xff) as u8,
                    _ => {}
                }
            }
            let read = read_text(&bytes, &ReadOptions::default(), &Synonyms::builtin());
            if let Ok(mut out) = read.outcome {
                crate::ingest::finish::finish_alone(&mut out, None);
                assert!(
                    out.counts.balances(),
                    "{:?}",
                    String::from_utf8_lossy(&bytes)
                );
                assert_eq!(out.batch.len() as u64, out.counts.rows_accepted);
            }
        }
    }
}
