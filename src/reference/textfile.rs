//! Opening reference CSVs as their publishers ship them: plain or gzip-compressed, UTF-8
//! (with or without a BOM) or Latin-1, with errors that name the file and line.

use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};

/// Reads a whole reference file as text: gunzips `.gz`, strips a BOM, and decodes
/// Windows-1252 when the bytes are not UTF-8 (Co-ops UK's older files are Latin-1).
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        flate2::read::MultiGzDecoder::new(BufReader::new(file))
            .read_to_end(&mut bytes)
            .with_context(|| {
                format!(
                    "{}: not a readable gzip file (truncated or corrupt?)",
                    path.display()
                )
            })?;
    } else {
        BufReader::new(file)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    let (text, _) = crate::ingest::decode::decode(&bytes, None);
    Ok(text.into_owned())
}

/// A CSV reader over `text` with the header row read, and the header's lower-cased names.
pub fn csv_with_header<'a>(
    text: &'a str,
    path: &Path,
) -> anyhow::Result<(csv::Reader<&'a [u8]>, Vec<String>)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .with_context(|| format!("{}: line 1: cannot read the header row", path.display()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        bail!(
            "{}: line 1: the file is empty or has no header row",
            path.display()
        );
    }
    Ok((r, header))
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
