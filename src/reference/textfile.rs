//! Opening reference CSVs as their publishers ship them — plain or gzip-compressed,
//! UTF-8 (with or without a BOM) or Latin-1 — as a stream, so that a national file of
//! several gigabytes never has to fit in memory, with errors naming the file and line.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};

use crate::ingest::decode::{Encoding, decode_field};

/// A streaming CSV reader over a reference file.
pub type CsvReader = csv::Reader<Box<dyn Read>>;

/// Opens `path` (gunzipping `.gz`, skipping a UTF-8 BOM) as CSV with `delimiter` (or, when
/// `None`, tab if the first line has a tab, else comma), and returns the reader with the
/// header row's names trimmed and lower-cased.
pub fn open_csv(path: &Path, delimiter: Option<u8>) -> anyhow::Result<(CsvReader, Vec<String>)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let raw: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    let mut buffered = BufReader::with_capacity(1 << 20, raw);
    let head = buffered
        .fill_buf()
        .with_context(|| format!("{}: not readable (truncated or corrupt?)", path.display()))?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = delimiter.unwrap_or(if first_line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    });
    if bom {
        buffered.consume(3);
    }
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Box::new(buffered) as Box<dyn Read>);
    let header: Vec<String> = r
        .byte_headers()
        .with_context(|| format!("{}: line 1: cannot read the header row", path.display()))?
        .iter()
        .map(|h| text(h).trim().to_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        bail!(
            "{}: line 1: the file is empty or has no header row",
            path.display()
        );
    }
    Ok((r, header))
}

/// A field as text: UTF-8 when it is valid UTF-8, otherwise Windows-1252 (the superset of
/// the Latin-1 that older Co-ops UK files use).
pub fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => decode_field(bytes, Encoding::Windows1252),
    }
}

/// Reads the next record; errors name the file and line (a truncated gzip shows here).
pub fn next_record(
    r: &mut CsvReader,
    record: &mut csv::ByteRecord,
    path: &Path,
) -> anyhow::Result<Option<u64>> {
    let line = r.position().line();
    match r.read_byte_record(record) {
        Ok(true) => Ok(Some(record.position().map_or(line, |p| p.line()))),
        Ok(false) => Ok(None),
        Err(e) => bail!(
            "{}: line {line}: unreadable (truncated or corrupt?): {e}",
            path.display()
        ),
    }
}

/// The index of the first header among `names` (lower case), in preference order.
pub fn column(header: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h == n))
}

/// Like [`column`], but an error naming the file and what was looked for.
pub fn required(
    header: &[String],
    names: &[&str],
    path: &Path,
    what: &str,
) -> anyhow::Result<usize> {
    column(header, names).with_context(|| {
        format!(
            "{}: line 1: no {what} column (looked for {}; the header has: {})",
            path.display(),
            names.join(", "),
            header.join(", ")
        )
    })
}
