//! A minimal OpenDocument spreadsheet writer whose bytes depend only on its input (fixed
//! zip timestamps and metadata dates, fixed element order), which spreadsheet-ods 1.0 is not.

use crate::dates::Date;
use anyhow::Result;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One spreadsheet cell.
pub enum Cell {
    Empty,
    Text(String),
    /// A float cell: exact decimal `value` and the text a spreadsheet shows.
    Number {
        value: String,
        shown: String,
    },
    Date(Date),
}

/// A named sheet of rows.
pub struct Table {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2""#;
const STYLES: &str = r#"<office:automatic-styles><number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style><number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/></office:automatic-styles>"#;

/// Writes `tables` as an .ods file; `created` goes into meta.xml as a fixed creation date.
pub fn write(path: &Path, tables: &[Table], created: Date) -> Result<()> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(manifest().as_bytes())?;
    zip.start_file("meta.xml", deflated)?;
    zip.write_all(meta(created).as_bytes())?;
    zip.start_file("content.xml", deflated)?;
    zip.write_all(content(tables).as_bytes())?;
    std::fs::write(path, zip.finish()?.into_inner())?;
    Ok(())
}

fn manifest() -> String {
    let entry = |p: &str| {
        format!(r#"<manifest:file-entry manifest:full-path="{p}" manifest:media-type="text/xml"/>"#)
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{MIMETYPE}"/>{}{}</manifest:manifest>"#,
        entry("content.xml"),
        entry("meta.xml")
    )
}

fn meta(created: Date) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><meta:generator>spendgap samplegen</meta:generator><meta:creation-date>{}T00:00:00</meta:creation-date><dc:date>{}T00:00:00</dc:date></office:meta></office:document-meta>"#,
        created.iso(),
        created.iso()
    )
}

fn content(tables: &[Table]) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{STYLES}<office:body><office:spreadsheet>"#
    );
    for t in tables {
        let width = t.rows.iter().map(Vec::len).max().unwrap_or(1);
        let _ = write!(
            x,
            r#"<table:table table:name="{}"><table:table-column table:number-columns-repeated="{width}"/>"#,
            esc(&t.name)
        );
        for row in &t.rows {
            x.push_str("<table:table-row>");
            for cell in row {
                cell_xml(&mut x, cell);
            }
            x.push_str("</table:table-row>");
        }
        x.push_str("</table:table>");
    }
    x.push_str("</office:spreadsheet></office:body></office:document-content>");
    x
}

fn cell_xml(x: &mut String, cell: &Cell) {
    let _ = match cell {
        Cell::Empty => write!(x, "<table:table-cell/>"),
        Cell::Text(s) => {
            let paras: String = s
                .split('\n')
                .map(|p| format!("<text:p>{}</text:p>", esc(p)))
                .collect();
            write!(
                x,
                r#"<table:table-cell office:value-type="string">{paras}</table:table-cell>"#
            )
        }
        Cell::Number { value, shown } => write!(
            x,
            r#"<table:table-cell table:style-name="ce2" office:value-type="float" office:value="{value}"><text:p>{}</text:p></table:table-cell>"#,
            esc(shown)
        ),
        Cell::Date(d) => write!(
            x,
            r#"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{}"><text:p>{}</text:p></table:table-cell>"#,
            d.iso(),
            d.dmy()
        ),
    };
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
