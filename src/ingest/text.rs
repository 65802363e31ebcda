//! Delimited text ledgers (CSV, semicolon, tab, pipe): decode, detect the delimiter, and
//! stream records to the sheet reader with the row numbers a spreadsheet would show.

use super::cell::RowCells;
use super::decode::{TextInfo, decode};
use super::record::SheetOutcome;
use super::sheet_reader::SheetReader;
use crate::config::study::ReadOptions;
use crate::config::synonyms::Synonyms;

/// Candidate delimiters, in order of preference when scores tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The result of reading a text ledger.
pub struct TextRead {
    pub info: TextInfo,
    pub delimiter: u8,
    pub outcome: Result<SheetOutcome, String>,
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

/// Blank lines passed over by the csv reader when it reads on from byte `from`: the line
/// breaks in the run of line-break bytes starting there. (The `\n` of the previous
/// record's CRLF may still be unread; it ends that record, not a blank line.)
fn blank_lines_from(bytes: &[u8], from: usize) -> u32 {
    let mut at = from;
    if at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count() as u32
}

/// Reads a whole text ledger. Row numbers count every line a spreadsheet program would
/// show as a row, blank lines included, with quoted line breaks kept inside their row.
pub fn read_text(bytes: &[u8], opts: &ReadOptions, synonyms: &Synonyms) -> TextRead {
    let (text, info) = decode(bytes, opts.encoding);
    let delimiter = opts.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let outcome = read_records(&text, delimiter, opts, synonyms);
    TextRead {
        info,
        delimiter,
        outcome,
    }
}

fn read_records(
    text: &str,
    delimiter: u8,
    opts: &ReadOptions,
    synonyms: &Synonyms,
) -> Result<SheetOutcome, String> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut sheet = SheetReader::new(opts, synonyms);
    let mut record = csv::StringRecord::new();
    let mut row_no: u32 = 0;
    loop {
        let from = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(format!("unreadable text after row {row_no}: {e}")),
        }
        // The csv reader passes over empty lines; count them back in as blank rows.
        for _ in 0..blank_lines_from(bytes, from) {
            row_no += 1;
            sheet.push(row_no, None)?;
        }
        row_no += 1;
        sheet.push(row_no, Some(&record as &dyn RowCells))?;
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::field::Field;

    fn read(text: &str) -> SheetOutcome {
        read_text(
            text.as_bytes(),
            &ReadOptions::default(),
            &Synonyms::builtin(),
        )
        .outcome
        .unwrap()
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
        assert_eq!(out.batch.dates[1], Some(19_724));
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
        let out = read_text(text.as_bytes(), &opts, &Synonyms::builtin())
            .outcome
            .unwrap();
        assert_eq!((out.counts.rows_accepted, out.counts.rows_skipped), (2, 1));
    }
}

/// Arbitrary bytes never make the reader panic, and whatever is read balances.
#[cfg(test)]
mod robustness {
    use super::*;

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
            if let Ok(out) = read.outcome {
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
