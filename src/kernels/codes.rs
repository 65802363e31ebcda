//! Text columns as small integer codes, and back: the per-row passes of classify,
//! measure and gaps compare and index integers rather than hash text on every row, and
//! the columns they write store each distinct value once.

use polars::prelude::*;
use rayon::prelude::*;

/// A text column as small integer codes, with the distinct values (null → "") in the
/// order they first appear.
pub struct Codes {
    pub codes: Vec<u32>,
    pub values: Vec<String>,
}

impl Codes {
    pub fn of(df: &DataFrame, name: &str) -> anyhow::Result<Self> {
        Ok(Self::of_text(column(df, name)?))
    }

    pub fn of_text(ca: &StringChunked) -> Self {
        let chunks: Vec<&TextArray> = ca.downcast_iter().collect();
        let pieces: Vec<(Vec<u32>, Vec<&str>)> = chunks.into_par_iter().map(chunk_codes).collect();
        // Values are numbered in the order they first appear, so chunk after chunk.
        let mut index = Interner::default();
        let global: Vec<Vec<u32>> = (pieces.iter())
            .map(|(_, seen)| seen.iter().map(|v| index.code(*v)).collect())
            .collect();
        let codes = (pieces.into_par_iter().zip(global))
            .map(|((local, _), g)| renumber(local, &g))
            .collect::<Vec<_>>()
            .concat();
        let values = index.values.into_iter().map(str::to_string).collect();
        Codes { codes, values }
    }

    /// Each row's `f(value)`, calling `f` once per distinct value in first-seen order.
    pub fn map<'s, T: Copy>(&'s self, f: impl FnMut(&'s str) -> T) -> Vec<T> {
        let of_value: Vec<T> = self.values.iter().map(String::as_str).map(f).collect();
        self.codes.iter().map(|&c| of_value[c as usize]).collect()
    }
}

/// Values numbered in the order they are first met.
#[derive(Debug)]
pub struct Interner<T> {
    pub values: Vec<T>,
    index: PlHashMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            index: PlHashMap::default(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    /// The value's number, numbering it when it is new.
    pub fn code(&mut self, v: T) -> u32 {
        if let Some(&i) = self.index.get(&v) {
            return i;
        }
        self.values.push(v.clone());
        self.index.insert(v, self.values.len() as u32 - 1);
        self.values.len() as u32 - 1
    }
}

/// A text column of the classified transactions.
pub fn column<'a>(df: &'a DataFrame, name: &str) -> anyhow::Result<&'a StringChunked> {
    let col = df.column(name).map_err(|_| {
        anyhow::anyhow!("transactions.parquet has no {name} column: run `spendgap classify` first")
    })?;
    Ok(col.str()?)
}

/// Each row's `code_of(value)` (null → ""), calling `code_of` once per distinct value of
/// each chunk of the column; the chunks are coded on all threads.
pub fn map_codes(ca: &StringChunked, code_of: impl Fn(&str) -> u32 + Sync) -> Vec<u32> {
    let chunks: Vec<&TextArray> = ca.downcast_iter().collect();
    (chunks.into_par_iter())
        .map(|arr| {
            let (local, seen) = chunk_codes(arr);
            let g: Vec<u32> = seen.iter().map(|v| code_of(v)).collect();
            renumber(local, &g)
        })
        .collect::<Vec<_>>()
        .concat()
}

/// A text column whose row `i` is `values[codes[i]]`, or null where the code is `None`.
/// Rows are gathered from the distinct values, so each row is a 16-byte view of text
/// stored once rather than a copy of it: a 10-million-row column of a few long values
/// costs 160 MB however long they are.
pub fn text_column(
    name: &str,
    values: &[&str],
    codes: impl IntoIterator<Item = Option<u32>>,
) -> anyhow::Result<Column> {
    let distinct = StringChunked::from_slice(name.into(), values);
    let idx: IdxCa = codes.into_iter().collect();
    Ok(distinct.take(&idx)?.into_column())
}

/// Chunk-local codes as the codes `global` gives each.
fn renumber(mut local: Vec<u32>, global: &[u32]) -> Vec<u32> {
    local.iter_mut().for_each(|c| *c = global[*c as usize]);
    local
}

/// Polars' text array (Arrow string views).
type TextArray = <StringType as PolarsDataType>::Array;

/// One chunk's codes and its distinct values in first-seen order.
fn chunk_codes(arr: &TextArray) -> (Vec<u32>, Vec<&str>) {
    // Parquet dictionary pages decode to views into one shared buffer, so equal views
    // (inline text, or the same bytes of the same buffer) are looked up by their 16 bytes
    // before the text itself is hashed.
    let mut by_view: PlHashMap<u128, u32> = PlHashMap::default();
    let mut by_text = Interner::default();
    let mut codes = Vec::with_capacity(arr.len());
    for (view, v) in arr.views().iter().zip(arr.iter()) {
        codes.push(match v {
            None => by_text.code(""),
            Some(v) => *by_view
                .entry(view.as_u128())
                .or_insert_with(|| by_text.code(v)),
        });
    }
    (codes, by_text.values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_first_appearance_across_chunks() {
        // Three chunks, so that values met again in a later chunk keep their first code;
        // a null reads as "".
        let mut ca = StringChunked::new("x".into(), &[Some("b"), Some("a"), None]);
        ca.append(&StringChunked::new("x".into(), &[Some("c"), Some("a")]))
            .unwrap();
        ca.append(&StringChunked::new(
            "x".into(),
            &[Some("a long value past twelve bytes"), Some("b"), Some("")],
        ))
        .unwrap();
        assert_eq!(ca.chunks().len(), 3);
        let df = DataFrame::new(ca.len(), vec![ca.into_series().into()]).unwrap();
        let c = Codes::of(&df, "x").unwrap();
        assert_eq!(
            c.values,
            ["b", "a", "", "c", "a long value past twelve bytes"]
        );
        assert_eq!(c.codes, [0, 1, 2, 3, 1, 4, 0, 2]);
        // One call per distinct value, in first-seen order, and a result per row.
        let mut calls = Vec::new();
        let lengths = c.map(|v| {
            calls.push(v.to_string());
            v.len()
        });
        assert_eq!(calls, c.values);
        assert_eq!(lengths, [1, 1, 0, 1, 1, 30, 1, 0]);
    }

    #[test]
    fn a_column_gathered_from_codes_holds_each_value_and_null() {
        let values = ["short", "a value longer than twelve bytes", ""];
        let col = text_column("x", &values, [Some(1), None, Some(0), Some(1), Some(2)]).unwrap();
        let got: Vec<Option<&str>> = col.str().unwrap().iter().collect();
        assert_eq!(
            got,
            [
                Some("a value longer than twelve bytes"),
                None,
                Some("short"),
                Some("a value longer than twelve bytes"),
                Some("")
            ]
        );
        assert!(
            text_column("x", &values, [Some(3)]).is_err(),
            "a code past the values"
        );
    }
}
