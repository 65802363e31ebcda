//! Change since before: each metric beside its value for the year before — from an
//! earlier run's metrics (`--compare DIR`), else from this run's own earlier year.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::MetricRow;
use super::years::{Completeness, YearRow, status_of};

/// A row of trend.csv.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct TrendRow {
    pub anchor_id: String,
    pub metric: String,
    pub unit: String,
    pub year: String,
    pub value: f64,
    pub numerator_pence: Option<i64>,
    pub previous_year: String,
    pub previous_value: f64,
    pub previous_numerator_pence: Option<i64>,
    /// value − previous value (for shares: in share points, 0–1).
    pub change: f64,
    pub change_pence: Option<i64>,
    /// `this run`, or the folder of the earlier run.
    pub previous_source: String,
}

/// The financial year before a label: `2024/25` → `2023/24`, `2024` → `2023`.
pub fn year_before(year: &str) -> Option<String> {
    match year.split_once('/') {
        Some((y, _)) => {
            let y: i32 = y.parse().ok()?;
            Some(format!("{}/{:02}", y - 1, y.rem_euclid(100)))
        }
        None => Some((year.parse::<i32>().ok()? - 1).to_string()),
    }
}

/// A metric's value and numerator.
type Values = HashMap<(String, String, String), (f64, Option<i64>)>;

/// An earlier run's metrics, and which of its years were complete (`None` for a run
/// from before spendgap told years apart).
pub struct Previous {
    values: Values,
    complete: Option<std::collections::HashSet<(String, String)>>,
}

fn index(rows: &[MetricRow]) -> Values {
    rows.iter()
        .map(|r| {
            (
                (r.anchor_id.clone(), r.year.clone(), r.metric.clone()),
                (r.value, r.numerator_pence),
            )
        })
        .collect()
}

/// Reads an earlier run's metrics.parquet.
pub fn read_previous(dir: &Path) -> anyhow::Result<Previous> {
    let path = dir.join("metrics.parquet");
    let file = std::fs::File::open(&path).with_context(|| {
        format!(
            "--compare {}: cannot open {} (point it at an earlier run's output folder)",
            dir.display(),
            path.display()
        )
    })?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let s = |n: &str| -> anyhow::Result<&StringChunked> {
        let col = df
            .column(n)
            .map_err(|_| anyhow::anyhow!("{} has no {n} column", path.display()))?;
        Ok(col.str()?)
    };
    let (a, y, m) = (s("anchor_id")?, s("year")?, s("metric")?);
    let v = df.column("value")?.f64()?;
    let n = df.column("numerator_pence")?.i64()?;
    let mut values = Values::new();
    for i in 0..df.height() {
        if let (Some(a), Some(y), Some(m), Some(v)) = (a.get(i), y.get(i), m.get(i), v.get(i)) {
            values.insert((a.into(), y.into(), m.into()), (v, n.get(i)));
        }
    }
    Ok(Previous {
        values,
        complete: read_complete_years(dir)?,
    })
}

/// The complete (anchor, year) pairs of an earlier run's years.csv, if it has one.
fn read_complete_years(
    dir: &Path,
) -> anyhow::Result<Option<std::collections::HashSet<(String, String)>>> {
    let path = dir.join("years.csv");
    if !path.exists() {
        return Ok(None);
    }
    let mut r =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let head = r.headers()?.clone();
    let col = |n: &str| {
        head.iter()
            .position(|h| h == n)
            .ok_or_else(|| anyhow::anyhow!("{} has no {n} column", path.display()))
    };
    let (a, y, s) = (col("anchor_id")?, col("year")?, col("status")?);
    let mut out = std::collections::HashSet::new();
    for rec in r.records() {
        let rec = rec.with_context(|| format!("cannot read {}", path.display()))?;
        if &rec[s] == "complete" {
            out.insert((rec[a].to_string(), rec[y].to_string()));
        }
    }
    Ok(Some(out))
}

/// Each metric of a complete year beside the year before's, when that year was
/// complete too: a partial or stray year is never "the year before".
pub fn trend(
    current: &[MetricRow],
    years: &[YearRow],
    previous: Option<(&Path, &Previous)>,
) -> Vec<TrendRow> {
    let own = index(current);
    let complete = |a: &str, y: &str| status_of(years, a, y) == Some(Completeness::Complete);
    let (prev, source) = match previous {
        Some((dir, p)) => (&p.values, dir.display().to_string()),
        None => (&own, "this run".to_string()),
    };
    let was_complete = |a: &str, y: &str| match previous {
        Some((_, p)) => p
            .complete
            .as_ref()
            .is_none_or(|c| c.contains(&(a.to_string(), y.to_string()))),
        None => complete(a, y),
    };
    current
        .iter()
        .filter_map(|r| {
            let before = year_before(&r.year)?;
            if !complete(&r.anchor_id, &r.year) || !was_complete(&r.anchor_id, &before) {
                return None;
            }
            let &(pv, pn) = prev.get(&(r.anchor_id.clone(), before.clone(), r.metric.clone()))?;
            Some(TrendRow {
                anchor_id: r.anchor_id.clone(),
                metric: r.metric.clone(),
                unit: r.unit.to_string(),
                year: r.year.clone(),
                value: r.value,
                numerator_pence: r.numerator_pence,
                previous_year: before,
                previous_value: pv,
                previous_numerator_pence: pn,
                change: r.value - pv,
                change_pence: r.numerator_pence.zip(pn).map(|(a, b)| a - b),
                previous_source: source.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before() {
        assert_eq!(year_before("2024/25").as_deref(), Some("2023/24"));
        assert_eq!(year_before("2000/01").as_deref(), Some("1999/00"));
        assert_eq!(year_before("2024").as_deref(), Some("2023"));
        assert_eq!(year_before("undated"), None);
    }
}
