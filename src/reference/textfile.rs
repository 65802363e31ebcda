//! Opening reference CSVs as their publishers ship them — plain, gzip-compressed or in a ZIP,
//! UTF-8 (with or without a BOM) or Latin-1 — as a stream, so that a national file of
//! several gigabytes never has to fit in memory, with errors naming the file and line.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};

use crate::read::decode::{Encoding, decode_field};

/// The data file inside a publisher's ZIP (Companies House's BasicCompanyData, the NSPL
/// and ONSPD downloads): its largest CSV or TXT member, streamed by a thread through a
/// pipe so that a file of gigabytes is never held whole; an error inside the archive (a
/// truncated download) surfaces at the end of the stream instead of passing as its end.
struct ZipMember {
    pipe: std::io::PipeReader,
    worker: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl ZipMember {
    fn open(path: &Path) -> anyhow::Result<Self> {
        let shown = path.display().to_string();
        let mut zip = zip::ZipArchive::new(BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {shown}"))?,
        ))
        .with_context(|| format!("{shown}: not a readable ZIP archive"))?;
        let mut best: Option<(u64, usize, String)> = None;
        for i in 0..zip.len() {
            let f = zip
                .by_index_raw(i)
                .with_context(|| format!("{shown}: member {i} is unreadable"))?;
            let name = f.name().unwrap_or_default().to_string();
            let lower = name.to_lowercase();
            if (lower.ends_with(".csv") || lower.ends_with(".txt"))
                && best.as_ref().is_none_or(|b| f.size() > b.0)
            {
                best = Some((f.size(), i, name));
            }
        }
        let Some((_, index, name)) = best else {
            bail!("{shown}: the ZIP holds no .csv or .txt file");
        };
        let (pipe, mut writer) = std::io::pipe()?;
        let worker = std::thread::spawn(move || -> std::io::Result<()> {
            let mut member = zip.by_index(index).map_err(std::io::Error::other)?;
            match std::io::copy(&mut member, &mut writer) {
                // The reader stopped early (a header check, an error of its own).
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(std::io::Error::other(format!("{shown} ({name}): {e}"))),
                Ok(_) => Ok(()),
            }
        });
        Ok(ZipMember {
            pipe,
            worker: Some(worker),
        })
    }
}

impl Read for ZipMember {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.pipe.read(buf)?;
        if n == 0
            && !buf.is_empty()
            && let Some(w) = self.worker.take()
        {
            w.join()
                .map_err(|_| std::io::Error::other("the ZIP reader thread failed"))??;
        }
        Ok(n)
    }
}

/// A streaming CSV reader over a reference file.
pub type CsvReader = csv::Reader<Box<dyn Read>>;

/// Opens `path` (gunzipping `.gz`, skipping a UTF-8 BOM) as CSV with `delimiter` (or, when
/// `None`, tab if the first line has a tab, else comma), and returns the reader with the
/// header row's names trimmed and lower-cased.
pub fn open_csv(path: &Path, delimiter: Option<u8>) -> anyhow::Result<(CsvReader, Vec<String>)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let ext = |x: &str| path.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
    let raw: Box<dyn Read> = if ext("gz") {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else if ext("zip") {
        drop(file);
        Box::new(ZipMember::open(path)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// NSPL and Companies House ship their data as a ZIP with documents beside it: the
    /// largest CSV is the data.
    #[test]
    fn a_zip_download_is_read_straight_from_its_data_member() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("NSPL_FEB_2024_UK.zip");
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("Documents/readme.txt", opts).unwrap();
        z.write_all(b"not the data\n").unwrap();
        z.start_file("Data/NSPL_FEB_2024_UK.csv", opts).unwrap();
        let mut data = String::from("pcds,laua\n");
        for i in 0..5000 {
            data += &format!("OX{} 1AA,E07000178\n", i % 10);
        }
        z.write_all(data.as_bytes()).unwrap();
        z.finish().unwrap();
        let (mut r, header) = open_csv(&path, None).unwrap();
        assert_eq!(header, ["pcds", "laua"]);
        let mut rec = csv::ByteRecord::new();
        let mut n = 0;
        while r.read_byte_record(&mut rec).unwrap() {
            n += 1;
        }
        assert_eq!(n, 5000);

        std::fs::write(&path, b"PK\x03\x04 not really a zip").unwrap();
        let Err(e) = open_csv(&path, None) else {
            panic!("a broken ZIP is refused")
        };
        let e = format!("{e:#}");
        assert!(e.contains("NSPL_FEB_2024_UK.zip"), "{e}");
    }
}
