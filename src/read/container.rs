//! What a ledger file is, told from its bytes rather than its name: publishers save CSV
//! text as `.xls`, an Excel 97 workbook as `.csv`, and ship a month's CSV inside a ZIP.
//! Archives are also checked against their own declared sizes before anything inflates
//! them, so a zip bomb is refused at once instead of filling memory.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

/// The kind of file a ledger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Delimited text.
    Text,
    /// A spreadsheet workbook of one of the kinds below.
    Workbook,
    /// A ZIP of text ledgers, each member read as one table.
    Archive,
}

/// A workbook's kind, which decides the reader that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// What the bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Text,
    Workbook(WorkbookKind),
    Archive,
}

impl Container {
    pub fn format(self) -> Format {
        match self {
            Container::Text => Format::Text,
            Container::Workbook(_) => Format::Workbook,
            Container::Archive => Format::Archive,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Uncompressed bytes an archive may declare in all: several times the largest real
/// ledger workbook (Excel's 1,048,576 rows of twenty columns inflate to well under 1 GiB).
pub const MAX_INFLATED: u64 = 4 << 30;
/// Compression ratio above which a large member is taken for a zip bomb: spreadsheet XML
/// and CSV compress 5–30 times, a bomb thousands of times.
const MAX_RATIO: u64 = 500;
/// Members smaller than this are never refused for their ratio alone.
const RATIO_FROM: u64 = 64 << 20;

/// Tells what `path` is from its first bytes and, for a ZIP, from the names inside it.
/// The extension only breaks a tie for text (it is never trusted over the bytes).
pub fn sniff(path: &Path) -> Result<Container, String> {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let head = &head[..n];
    if head.starts_with(OLE2_MAGIC) {
        return Ok(Container::Workbook(WorkbookKind::Xls));
    }
    if !head.starts_with(ZIP_MAGIC) {
        return Ok(Container::Text);
    }
    let names = zip_names(path)?;
    let has = |n: &str| {
        names
            .iter()
            .any(|(name, _, _)| name.eq_ignore_ascii_case(n))
    };
    Ok(if has("xl/workbook.xml") {
        Container::Workbook(WorkbookKind::Xlsx)
    } else if has("xl/workbook.bin") {
        Container::Workbook(WorkbookKind::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Container::Workbook(WorkbookKind::Ods)
    } else {
        Container::Archive
    })
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Every member of a ZIP with its declared uncompressed and compressed sizes, after
/// refusing an archive whose declared sizes no real ledger comes near.
fn zip_names(path: &Path) -> Result<Vec<(String, u64, u64)>, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        format!(
            "cannot open workbook: {e} (the file is a ZIP container, as XLSX workbooks are, but \
             it is damaged or cut short)"
        )
    })?;
    let mut out = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("not a readable ZIP archive: {e}"))?;
        out.push((
            entry.name().map(|n| n.into_owned()).unwrap_or_default(),
            entry.size(),
            entry.compressed_size(),
        ));
    }
    check_inflation(&out)?;
    Ok(out)
}

/// Refuses an archive whose members would inflate far beyond any real ledger.
fn check_inflation(members: &[(String, u64, u64)]) -> Result<(), String> {
    let total: u64 = members.iter().map(|m| m.1).fold(0, u64::saturating_add);
    if total > MAX_INFLATED {
        return Err(format!(
            "refused: the archive declares {} of content ({} compressed), far more than any \
             ledger holds; it may be a zip bomb (limit {})",
            human(total),
            human(members.iter().map(|m| m.2).sum()),
            human(MAX_INFLATED)
        ));
    }
    if let Some((name, size, packed)) = members
        .iter()
        .find(|(_, size, packed)| *size >= RATIO_FROM && *size / (*packed).max(1) > MAX_RATIO)
    {
        return Err(format!(
            "refused: member {name:?} would inflate from {} to {}, {}× — no spreadsheet or CSV \
             compresses that far; it may be a zip bomb",
            human(*packed),
            human(*size),
            size / (*packed).max(1)
        ));
    }
    Ok(())
}

fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Whether an archive member is a table to read: delimited text by its name.
fn is_text_member(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.ends_with('/')
        && !lower.starts_with("__macosx/")
        && [".csv", ".txt", ".tsv", ".psv", ".tab"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// The text members of an archive, in name order, each read whole (their sizes were
/// checked against [`MAX_INFLATED`] first, and a member is never read past the size it
/// declares). An archive holding no text member is an error that lists what it holds.
pub fn archive_members(path: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let members = zip_names(path)?;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| format!("not a readable ZIP archive: {e}"))?;
    let mut wanted: Vec<(usize, &str, u64)> = members
        .iter()
        .enumerate()
        .filter(|(_, (name, _, _))| is_text_member(name))
        .map(|(i, (name, size, _))| (i, name.as_str(), *size))
        .collect();
    wanted.sort_by(|a, b| a.1.cmp(b.1));
    if wanted.is_empty() {
        let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).take(10).collect();
        return Err(format!(
            "the ZIP archive holds no CSV or text file (it holds: {})",
            names.join(", ")
        ));
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (i, name, size) in wanted {
        let entry = zip
            .by_index(i)
            .map_err(|e| format!("cannot read {name:?} in the archive: {e}"))?;
        let mut bytes = Vec::with_capacity(size.min(MAX_INFLATED) as usize);
        entry
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name:?} in the archive: {e}"))?;
        if bytes.len() as u64 > size {
            return Err(format!(
                "refused: {name:?} inflates past the {} it declares; the archive is damaged or \
                 a zip bomb",
                human(size)
            ));
        }
        out.push((name.to_string(), bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in members {
                w.start_file(*name, opts).unwrap();
                w.write_all(bytes).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn the_bytes_decide_not_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("named.xls");
        std::fs::write(&text, "Body Name,Net Amount\r\nX,£1.00\r\n").unwrap();
        assert_eq!(sniff(&text).unwrap(), Container::Text);
        let ole = dir.path().join("named.csv");
        let mut bytes = OLE2_MAGIC.to_vec();
        bytes.extend([0u8; 100]);
        std::fs::write(&ole, bytes).unwrap();
        assert_eq!(sniff(&ole).unwrap(), Container::Workbook(WorkbookKind::Xls));
        let archive = dir.path().join("spend.zip");
        std::fs::write(&archive, zip_of(&[("b.csv", b"x"), ("a.csv", b"y")])).unwrap();
        assert_eq!(sniff(&archive).unwrap(), Container::Archive);
        let members = archive_members(&archive).unwrap();
        let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, ["a.csv", "b.csv"], "members in name order");
        let book = dir.path().join("book.dat");
        std::fs::write(&book, zip_of(&[("xl/workbook.xml", b"<x/>")])).unwrap();
        assert_eq!(
            sniff(&book).unwrap(),
            Container::Workbook(WorkbookKind::Xlsx)
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_from_its_declared_sizes() {
        // 80 MiB of zeros deflate to about 80 KiB: a ratio no ledger has.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.xlsx");
        let zeros = vec![0u8; 80 << 20];
        std::fs::write(&path, zip_of(&[("xl/worksheets/sheet1.xml", &zeros)])).unwrap();
        drop(zeros);
        let started = std::time::Instant::now();
        let err = sniff(&path).unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
        assert!(
            started.elapsed().as_secs_f64() < 1.0,
            "refused before inflating"
        );
    }

    #[test]
    fn declared_totals_beyond_any_ledger_are_refused() {
        let members = vec![(
            "xl/worksheets/sheet1.xml".to_string(),
            5u64 << 30,
            3u64 << 30,
        )];
        let err = check_inflation(&members).unwrap_err();
        assert!(err.contains("5.0 GiB"), "{err}");
        assert!(check_inflation(&[("a.csv".to_string(), 9_655_249, 557_000)]).is_ok());
    }
}
