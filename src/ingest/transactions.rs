//! `transactions.parquet`: the canonical transactions, one row per accepted or duplicate
//! ledger row, in study order (anchor, file, sheet, row).

use polars::prelude::*;
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::ArrowDataType;
use polars_buffer::Buffer;

use crate::config::field::Field;
use crate::ingest::batch::{Batch, StrColumn};

/// One batch with where it came from.
struct Part<'a> {
    anchor_id: &'a str,
    file: &'a str,
    sheet: Option<&'a str>,
    batch: &'a Batch,
}

/// A column holding one value per part (a file's anchor, path or sheet): one array whose
/// views repeat each part's value, stored once (equal values share one view, so a column
/// of one value throughout is seen to be so).
fn constant<'a>(
    name: &str,
    parts: &'a [Part<'a>],
    value: impl Fn(&Part<'a>) -> Option<&'a str>,
) -> Column {
    let height: usize = parts.iter().map(|p| p.batch.len()).sum();
    let mut views: Vec<View> = Vec::with_capacity(height);
    let mut valid: Vec<bool> = Vec::with_capacity(height);
    let mut buffer: Vec<u8> = Vec::new();
    let mut seen: Vec<(&str, View)> = Vec::new();
    for p in parts {
        let n = p.batch.len();
        match value(p) {
            Some(v) => {
                let view = match seen.iter().find(|(s, _)| *s == v) {
                    Some((_, view)) => *view,
                    None => {
                        let view = View::new_from_bytes(v.as_bytes(), 0, buffer.len() as u32);
                        if v.len() > View::MAX_INLINE_SIZE as usize {
                            buffer.extend_from_slice(v.as_bytes());
                        }
                        seen.push((v, view));
                        view
                    }
                };
                views.extend(std::iter::repeat_n(view, n));
                valid.extend(std::iter::repeat_n(true, n));
            }
            None => {
                views.extend(std::iter::repeat_n(View::default(), n));
                valid.extend(std::iter::repeat_n(false, n));
            }
        }
    }
    let buffers = if buffer.is_empty() {
        Vec::new()
    } else {
        vec![buffer]
    };
    views_column(name, views, valid, buffers)
}

/// A text column from views over `buffers` (each a whole string buffer), with nulls where
/// `valid` says.
fn views_column(name: &str, views: Vec<View>, valid: Vec<bool>, buffers: Vec<Vec<u8>>) -> Column {
    let validity = valid.iter().any(|v| !v).then(|| Bitmap::from_iter(valid));
    let buffer_len = buffers.iter().map(Vec::len).sum();
    let buffers: Buffer<Buffer<u8>> = buffers.into_iter().map(Buffer::from).collect();
    // SAFETY: every view covers a whole UTF-8 string inside its buffer, or is inline.
    let array = unsafe {
        Utf8ViewArray::new_unchecked(
            ArrowDataType::Utf8View,
            Buffer::from(views),
            buffers,
            validity,
            None,
            buffer_len,
        )
    };
    StringChunked::with_chunk(name.into(), array).into_column()
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

/// One text field across the parts as one array: views over every part's own segments,
/// which the array takes over (the strings are not copied, so no fresh memory is touched
/// for them), nulls for a part whose ledger lacks the field. Segments too long for a view's 32-bit offsets are copied instead.
fn text_column(name: &str, parts: &[Part<'_>], cols: Vec<Option<StrColumn>>) -> Column {
    let fits = cols
        .iter()
        .flatten()
        .all(|c| u32::try_from(c.longest_segment()).is_ok());
    if !fits {
        let mut out = StringChunked::full_null(name.into(), 0);
        for (p, col) in parts.iter().zip(cols) {
            let piece = match col {
                Some(c) => StringChunked::from_iter_options(name.into(), c.iter()),
                None => StringChunked::full_null(name.into(), p.batch.len()),
            };
            out.append_owned(piece).expect("same type");
        }
        return out.into_column();
    }
    let height: usize = parts.iter().map(|p| p.batch.len()).sum();
    let mut views: Vec<View> = Vec::with_capacity(height);
    let mut valid: Vec<bool> = Vec::with_capacity(height);
    let mut buffers: Vec<Vec<u8>> = Vec::new();
    for (p, col) in parts.iter().zip(cols) {
        match col {
            Some(c) => {
                let base = buffers.len() as u32;
                views.extend(c.located().map(|(k, offset, s)| {
                    View::new_from_bytes(s.as_bytes(), base + k as u32, offset as u32)
                }));
                let (segments, v) = c.into_buffers();
                valid.extend(v);
                buffers.extend(segments.into_iter().map(String::into_bytes));
            }
            None => {
                views.extend(std::iter::repeat_n(View::default(), p.batch.len()));
                valid.extend(std::iter::repeat_n(false, p.batch.len()));
            }
        }
    }
    views_column(name, views, valid, buffers)
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

/// `transactions.parquet` written as the sheets are finished: each chunk of rows becomes
/// a frame of the table's columns (fixed when the writer is made: the optional text
/// columns are those any ledger of the study has), and every full row group is encoded
/// and written at once, so the table is never held whole.
pub struct Writer<'w> {
    groups: crate::output::parquet::GroupWriter<'w>,
    cols: Vec<Col>,
    /// Rows not yet written: (anchor, file, sheet, rows); a row group's text columns are
    /// each one array of views over these batches' own buffers.
    pending: Vec<(String, String, Option<String>, Batch)>,
    pending_rows: usize,
}

/// The table's columns: the fixed ones, then each optional text field that `present`
/// says some ledger holds, in [`Field::TEXT`] order.
fn columns_for(present: impl Fn(Field) -> bool) -> Vec<Col> {
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
    cols.extend(
        Field::TEXT
            .into_iter()
            .skip(1)
            .filter(|f| present(*f))
            .map(Col::Text),
    );
    cols
}

impl<'w> Writer<'w> {
    pub fn new(w: &'w mut dyn std::io::Write, text_fields: &[Field]) -> anyhow::Result<Self> {
        let cols = columns_for(|f| text_fields.contains(&f));
        let empty = frame(&cols, &[], Vec::new())?;
        Ok(Writer {
            groups: crate::output::parquet::GroupWriter::new(w, empty.schema())?,
            cols,
            pending: Vec::new(),
            pending_rows: 0,
        })
    }

    /// Adds a chunk of rows; once [`crate::output::parquet::ROW_GROUP_ROWS`] rows are waiting,
    /// they are written as one row group (a group ends where a chunk does, so it may be a
    /// little longer).
    pub fn push(&mut self, chunk: crate::ingest::Chunk<'_>) -> anyhow::Result<()> {
        if chunk.batch.is_empty() {
            return Ok(());
        }
        self.pending_rows += chunk.batch.len();
        self.pending.push((
            chunk.anchor_id.to_string(),
            chunk.file.to_string(),
            chunk.sheet.map(str::to_string),
            chunk.batch,
        ));
        if self.pending_rows >= crate::output::parquet::ROW_GROUP_ROWS {
            self.write_pending()?;
        }
        Ok(())
    }

    fn write_pending(&mut self) -> anyhow::Result<()> {
        let mut pending = std::mem::take(&mut self.pending);
        self.pending_rows = 0;
        let texts: Vec<_> = pending
            .iter_mut()
            .map(|p| std::mem::take(&mut p.3.text))
            .collect();
        let parts: Vec<Part<'_>> = pending
            .iter()
            .map(|(a, f, s, batch)| Part {
                anchor_id: a,
                file: f,
                sheet: s.as_deref(),
                batch,
            })
            .collect();
        let df = frame(&self.cols, &parts, texts)?;
        self.groups.write(&[df])
    }

    /// Writes the last row group and the file's footer.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if self.pending_rows > 0 {
            self.write_pending()?;
        }
        self.groups.finish()
    }
}

/// A frame of `cols` over `parts`, each text column taken from `texts` (one set per part).
fn frame(
    cols: &[Col],
    parts: &[Part<'_>],
    mut texts: Vec<[Option<StrColumn>; Field::TEXT.len()]>,
) -> PolarsResult<DataFrame> {
    use rayon::prelude::*;
    let height: usize = parts.iter().map(|p| p.batch.len()).sum();
    let jobs: Vec<(Col, Vec<Option<StrColumn>>)> = cols
        .iter()
        .map(|c| {
            let text = match c {
                Col::Text(f) => {
                    let slot = f.text_index().expect("text field");
                    texts.iter_mut().map(|t| t[slot].take()).collect()
                }
                _ => Vec::new(),
            };
            (*c, text)
        })
        .collect();
    let columns: Vec<Column> = jobs
        .into_par_iter()
        .map(|(c, text)| column(c, parts, text))
        .collect();
    DataFrame::new(height, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as written with every optional field is the declared one, column for
    /// column (the declaration lists the fields apart from `config::field::Field`).
    #[test]
    fn the_table_with_every_field_is_as_declared() {
        use crate::tables::declared::TRANSACTIONS;
        let df = frame(&columns_for(|_| true), &[], Vec::new()).unwrap();
        let cols = df
            .columns()
            .iter()
            .map(|c| (c.name().as_str(), c.dtype().clone()));
        assert_eq!(TRANSACTIONS.check(cols), Vec::<String>::new());
        assert_eq!(df.width(), TRANSACTIONS.columns().count());
    }

    /// A text column built as the table's is, read back as strings.
    fn read_back(cols: Vec<StrColumn>) -> Vec<Option<String>> {
        let batches: Vec<Batch> = cols
            .iter()
            .map(|c| Batch {
                rows: vec![0; c.len()],
                ..Default::default()
            })
            .collect();
        let parts: Vec<Part<'_>> = batches
            .iter()
            .map(|b| Part {
                anchor_id: "a",
                file: "f",
                sheet: None,
                batch: b,
            })
            .collect();
        let column = text_column("x", &parts, cols.into_iter().map(Some).collect());
        column
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

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
        let own = |v: &[Option<&str>]| -> Vec<Option<String>> {
            v.iter().map(|x| x.map(str::to_string)).collect()
        };
        let mut col = StrColumn::default();
        values.iter().for_each(|v| col.push(*v));
        assert_eq!(read_back(vec![col.clone()]), own(&values));
        // Joined from pieces, as a large file is read: the pieces' buffers become the
        // array's buffers, and every value still reads back; and as parts of a table.
        let mut joined = StrColumn::default();
        for _ in 0..3 {
            joined.append(col.clone());
        }
        joined.push(Some("after the pieces, in the last one"));
        let mut want: Vec<Option<&str>> = values.repeat(3);
        want.push(Some("after the pieces, in the last one"));
        assert_eq!(read_back(vec![joined.clone()]), own(&want));
        assert_eq!(joined.iter().collect::<Vec<_>>(), want);
        let mut two = values.to_vec();
        two.extend(want.iter().copied());
        assert_eq!(read_back(vec![col, joined]), own(&two));
        // Nothing but nulls: no buffer at all.
        let mut nulls = StrColumn::default();
        nulls.push(None);
        nulls.push(None);
        assert_eq!(read_back(vec![nulls]), vec![None, None]);
    }
}
