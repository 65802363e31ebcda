//! `transactions.parquet`: the canonical transactions, one row per accepted or duplicate
//! ledger row, in study order (anchor, file, sheet, row).

use polars::prelude::*;
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::ArrowDataType;
use polars_buffer::Buffer;

use crate::config::field::Field;
use crate::ingest::LedgerRead;
use crate::ingest::batch::{Batch, StrColumn};

/// One batch with where it came from.
struct Part<'a> {
    anchor_id: &'a str,
    file: &'a str,
    sheet: Option<&'a str>,
    batch: &'a Batch,
}

fn parts(reads: &[LedgerRead]) -> Vec<Part<'_>> {
    reads
        .iter()
        .flat_map(|r| {
            r.sheets.iter().filter_map(move |s| {
                let o = s.outcome.as_ref().ok()?;
                Some(Part {
                    anchor_id: &r.anchor_id,
                    file: &r.file,
                    sheet: s.sheet.as_deref(),
                    batch: &o.batch,
                })
            })
        })
        .collect()
}

/// A column holding one value per part (a file's anchor, path or sheet), built as one
/// repeated value per part rather than a value per row.
fn constant<'a>(
    name: &str,
    parts: &'a [Part<'a>],
    value: impl Fn(&Part<'a>) -> Option<&'a str>,
) -> Column {
    let mut out = StringChunked::full_null(name.into(), 0);
    for p in parts {
        let piece = match value(p) {
            Some(v) => StringChunked::full(name.into(), v, p.batch.len()),
            None => StringChunked::full_null(name.into(), p.batch.len()),
        };
        out.append_owned(piece).expect("same type");
    }
    out.rechunk().into_owned().into_column()
}

/// The columns of the table, in output order.
#[derive(Clone, Copy)]
enum Col {
    AnchorId,
    SourceFile,
    SourceSheet,
    SourceRow,
    Date,
    Amount,
    DuplicateOf,
    Text(Field),
}

/// A text column's values as Arrow views over the column's own segments, which the
/// array takes over: the strings are not copied, so no fresh memory is touched for them.
/// Every segment must fit a view's 32-bit offsets.
fn view_array(col: StrColumn) -> Utf8ViewArray {
    let views: Vec<View> = col
        .located()
        .map(|(k, offset, s)| View::new_from_bytes(s.as_bytes(), k as u32, offset as u32))
        .collect();
    let (segments, valid) = col.into_buffers();
    let validity = valid.iter().any(|v| !v).then(|| Bitmap::from_iter(valid));
    let buffer_len = segments.iter().map(String::len).sum();
    let buffers: Buffer<Buffer<u8>> = segments
        .into_iter()
        .map(|s| Buffer::from(s.into_bytes()))
        .collect();
    // SAFETY: each segment was a `String`, and each view covers one value pushed into it
    // as a `&str`, so every view is valid UTF-8 inside its buffer.
    unsafe {
        Utf8ViewArray::new_unchecked(
            ArrowDataType::Utf8View,
            Buffer::from(views),
            buffers,
            validity,
            None,
            buffer_len,
        )
    }
}

/// One text field across the parts: each part's column as views (see [`view_array`]), or
/// nulls for a part whose ledger lacks the field.
fn text_column(name: &str, parts: &[Part<'_>], cols: Vec<Option<StrColumn>>) -> Column {
    let mut out = StringChunked::full_null(name.into(), 0);
    for (p, col) in parts.iter().zip(cols) {
        let piece = match col {
            Some(c) if u32::try_from(c.longest_segment()).is_ok() => {
                StringChunked::with_chunk(name.into(), view_array(c))
            }
            Some(c) => StringChunked::from_iter_options(name.into(), c.iter()),
            None => StringChunked::full_null(name.into(), p.batch.len()),
        };
        out.append_owned(piece).expect("same type");
    }
    out.into_column()
}

fn column(col: Col, parts: &[Part<'_>], text: Vec<Option<StrColumn>>) -> Column {
    match col {
        Col::AnchorId => constant("anchor_id", parts, |p| Some(p.anchor_id)),
        Col::SourceFile => constant("source_file", parts, |p| Some(p.file)),
        Col::SourceSheet => constant("source_sheet", parts, |p| p.sheet),
        Col::SourceRow => UInt32Chunked::from_iter_values(
            "source_row".into(),
            parts.iter().flat_map(|p| p.batch.rows.iter().copied()),
        )
        .into_column(),
        Col::Date => Int32Chunked::from_iter_options(
            "date".into(),
            parts
                .iter()
                .flat_map(|p| (0..p.batch.len()).map(|i| p.batch.date(i))),
        )
        .into_date()
        .into_column(),
        Col::Amount => Int64Chunked::from_iter_values(
            "amount_pence".into(),
            parts.iter().flat_map(|p| p.batch.amounts.iter().copied()),
        )
        .into_column(),
        Col::DuplicateOf => StringChunked::from_iter_options(
            "duplicate_of".into(),
            parts
                .iter()
                .flat_map(|p| p.batch.duplicate_of.iter().map(Option::as_deref)),
        )
        .into_column(),
        Col::Text(field) => text_column(field.name(), parts, text),
    }
}

/// Builds the transactions table, its columns in parallel. Optional text columns appear
/// when any ledger has them. The text columns are taken out of `reads` (the table owns
/// their buffers from then on); everything else in `reads` is left as it was.
pub fn table(reads: &mut [LedgerRead]) -> PolarsResult<DataFrame> {
    use rayon::prelude::*;
    let mut texts: Vec<[Option<StrColumn>; Field::TEXT.len()]> = reads
        .iter_mut()
        .flat_map(|r| r.sheets.iter_mut())
        .filter_map(|s| s.outcome.as_mut().ok())
        .map(|o| std::mem::take(&mut o.batch.text))
        .collect();
    let parts = parts(reads);
    let height: usize = parts.iter().map(|p| p.batch.len()).sum();
    let mut cols = vec![
        Col::AnchorId,
        Col::SourceFile,
        Col::SourceSheet,
        Col::SourceRow,
        Col::Date,
        Col::Amount,
        Col::Text(Field::SupplierName),
        Col::DuplicateOf,
    ];
    for field in Field::TEXT.into_iter().skip(1) {
        let slot = field.text_index().expect("text field");
        if texts.iter().any(|t| t[slot].is_some()) {
            cols.push(Col::Text(field));
        }
    }
    let jobs: Vec<(Col, Vec<Option<StrColumn>>)> = cols
        .into_iter()
        .map(|c| {
            let text = match c {
                Col::Text(f) => {
                    let slot = f.text_index().expect("text field");
                    texts.iter_mut().map(|t| t[slot].take()).collect()
                }
                _ => Vec::new(),
            };
            (c, text)
        })
        .collect();
    let columns: Vec<Column> = jobs
        .into_par_iter()
        .map(|(c, text)| column(c, &parts, text))
        .collect();
    DataFrame::new(height, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_over_the_columns_own_buffer_read_back_every_value() {
        // Short values sit inside their view, longer ones point into the buffer; nulls and
        // empty strings differ. The expectation is the values as pushed.
        let values = [
            Some("ACME LTD"),
            None,
            Some(""),
            Some("Oxfordshire County Council — Highways"),
            Some("Café Ñandú"),
            None,
            Some("exactly twelv"),
        ];
        let mut col = StrColumn::default();
        values.iter().for_each(|v| col.push(*v));
        let arr = view_array(col.clone());
        let got: Vec<Option<&str>> = arr.iter().collect();
        assert_eq!(got, values);
        // Joined from pieces, as a large file is read: the pieces' buffers become the
        // array's buffers, one each, and every value still reads back.
        let mut joined = StrColumn::default();
        for _ in 0..3 {
            joined.append(col.clone());
        }
        joined.push(Some("after the pieces, in the last one"));
        let arr = view_array(joined.clone());
        let got: Vec<Option<&str>> = arr.iter().collect();
        let mut want: Vec<Option<&str>> = values.repeat(3);
        want.push(Some("after the pieces, in the last one"));
        assert_eq!(got, want);
        assert_eq!(joined.iter().collect::<Vec<_>>(), want);
        // Nothing but nulls: no buffer at all.
        let mut nulls = StrColumn::default();
        nulls.push(None);
        nulls.push(None);
        assert_eq!(view_array(nulls).iter().collect::<Vec<_>>(), [None, None]);
    }
}
