//! The measure stage's tables: `metrics.csv` and `metrics.parquet` (long format),
//! `by_market.csv`, `top_suppliers.csv`, `trend.csv` and `years.csv`.

use std::io::Write;

use polars::prelude::*;

use crate::measure::MetricRow;

/// `metrics.parquet`: the same rows as metrics.csv, typed.
pub fn write_metrics_parquet(w: &mut dyn Write, rows: &[MetricRow]) -> anyhow::Result<()> {
    let s = |name: &str, f: fn(&MetricRow) -> &str| {
        StringChunked::from_iter_values(name.into(), rows.iter().map(f)).into_column()
    };
    let columns = vec![
        s("anchor_id", |r| &r.anchor_id),
        s("year", |r| &r.year),
        s("metric", |r| &r.metric),
        s("unit", |r| &r.unit),
        Float64Chunked::from_iter_values("value".into(), rows.iter().map(|r| r.value))
            .into_column(),
        Int64Chunked::from_iter_options(
            "numerator_pence".into(),
            rows.iter().map(|r| r.numerator_pence),
        )
        .into_column(),
        Int64Chunked::from_iter_options(
            "denominator_pence".into(),
            rows.iter().map(|r| r.denominator_pence),
        )
        .into_column(),
        Float64Chunked::from_iter_options("coverage".into(), rows.iter().map(|r| r.coverage))
            .into_column(),
        s("standing", |r| r.standing.as_str()),
    ];
    let df = DataFrame::new(rows.len(), columns)?;
    crate::output::parquet::write_parquet(w, &df)
}
