//! Typed Parquet from the same serde row structs the CSV tables are written from, so a
//! table's two forms cannot drift apart: each field becomes a column of the type its
//! values serialise to (integers, floats, booleans, text), nulls where a value is absent.

use std::io::Write;

use polars::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// The rows as a DataFrame, columns in field order (a table with no rows takes its
/// columns, as text, from a default row).
pub fn rows_frame<T: Serialize + Default>(rows: &[T]) -> anyhow::Result<DataFrame> {
    let values: Vec<serde_json::Map<String, Value>> = rows
        .iter()
        .map(|r| match serde_json::to_value(r)? {
            Value::Object(m) => Ok(m),
            _ => anyhow::bail!("a table row must serialise to a struct"),
        })
        .collect::<anyhow::Result<_>>()?;
    // Field order from the CSV serialiser (a JSON map may sort its keys).
    let mut header = csv::Writer::from_writer(Vec::new());
    header.serialize(T::default())?;
    let bytes = header.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let names: Vec<String> = csv::Reader::from_reader(bytes.as_slice())
        .headers()?
        .iter()
        .map(str::to_string)
        .collect();
    let columns = names
        .iter()
        .map(|name| {
            let col: Vec<&Value> = values.iter().map(|m| &m[name]).collect();
            column(name, &col)
        })
        .collect();
    Ok(DataFrame::new(rows.len(), columns)?)
}

fn column(name: &str, values: &[&Value]) -> Column {
    let present = || values.iter().filter(|v| !v.is_null());
    let name: PlSmallStr = name.into();
    if present().next().is_some() && present().all(|v| v.is_i64()) {
        Int64Chunked::from_iter_options(name, values.iter().map(|v| v.as_i64())).into_column()
    } else if present().next().is_some() && present().all(|v| v.is_number()) {
        Float64Chunked::from_iter_options(name, values.iter().map(|v| v.as_f64())).into_column()
    } else if present().next().is_some() && present().all(|v| v.is_boolean()) {
        BooleanChunked::from_iter_options(name, values.iter().map(|v| v.as_bool())).into_column()
    } else {
        StringChunked::from_iter_options(
            name,
            values.iter().map(|v| match v {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            }),
        )
        .into_column()
    }
}

/// [`rows_frame`] written as Parquet.
pub fn write_rows_parquet<T: Serialize + Default>(
    w: &mut dyn Write,
    rows: &[T],
) -> anyhow::Result<()> {
    let df = rows_frame(rows)?;
    super::parquet::write_parquet(w, &df)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Default)]
    struct Row {
        name: String,
        pence: i64,
        share: f64,
        value: Option<i64>,
    }

    #[test]
    fn columns_take_their_values_types() {
        let rows = [
            Row {
                name: "a".into(),
                pence: 5,
                share: 0.5,
                value: None,
            },
            Row {
                name: "b".into(),
                pence: -1,
                share: 1.0,
                value: Some(3),
            },
        ];
        let df = rows_frame(&rows).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["name", "pence", "share", "value"]);
        assert_eq!(df.column("pence").unwrap().dtype(), &DataType::Int64);
        assert_eq!(df.column("share").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("value").unwrap().i64().unwrap().get(1), Some(3));
        assert_eq!(rows_frame::<Row>(&[]).unwrap().width(), 4);
    }
}
