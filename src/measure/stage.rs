//! The measure stage's entry point: the classified tables summed into the baseline, per
//! anchor and the partnership, per financial year, and written with the trend.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::compare::{TrendRow, read_previous, trend};
use super::figure::shown;
use super::write::write_metrics_parquet;
use super::years::Completeness;
use super::{Baseline, SupplierInfo, aggregate, baseline};
use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::output::{Staging, write_rows};
use crate::tables::{read_columns, read_table, str_col};

/// What top_suppliers.csv shows of each supplier, from the classified suppliers.
fn supplier_info(out: &Path) -> anyhow::Result<HashMap<String, SupplierInfo>> {
    let df = read_table(out, &crate::tables::declared::CLASSIFIED_SUPPLIERS)?;
    let col = |n: &str| -> anyhow::Result<_> {
        str_col(&df, n)?.ok_or_else(|| {
            anyhow::anyhow!("suppliers.parquet has no {n} column: run `spendgap classify` first")
        })
    };
    let (id, name, size, form) = (
        col("supplier_id")?,
        col("shown_name")?,
        col("size_band")?,
        col("ownership_form")?,
    );
    let place = col("place_source")?;
    let s = |c: &polars::prelude::StringChunked, i| c.get(i).unwrap_or("").to_string();
    Ok((0..df.height())
        .map(|i| {
            (
                s(id, i),
                SupplierInfo {
                    display_name: s(name, i),
                    size_band: s(size, i),
                    ownership_form: s(form, i),
                    place_source: s(place, i),
                },
            )
        })
        .collect())
}

/// Measures the classified tables in `out` (compared, where `compare` names an earlier
/// run's folder, with the years that run measured): writes metrics.csv and .parquet,
/// by_market.csv, top_suppliers.csv, trend.csv, years.csv, measure.json and payments.csv.
/// Returns the baseline and the files written.
pub fn run(
    study: &Study,
    out: &Path,
    compare: Option<&Path>,
) -> anyhow::Result<(Baseline, Vec<PathBuf>)> {
    let previous = compare.map(read_previous).transpose()?;
    // Only the columns measured: the ledger's own text stays on disk.
    let df = read_columns(
        out,
        &crate::tables::declared::CLASSIFIED_TRANSACTIONS,
        Some(&[
            "anchor_id",
            "date",
            "amount_pence",
            "supplier_id",
            "influenceable",
            "exclusion_rule",
            "band",
            "partnership_band",
            "deprived",
            "size_band",
            "ownership_form",
            "market",
        ]),
    )?;
    let a = &study.analysis;
    let names = a.band_names();
    let anchors: Vec<String> = study.anchors.iter().map(|x| x.id.clone()).collect();
    let ladders: HashMap<String, Vec<String>> = anchors
        .iter()
        .zip(&a.anchor_band_start)
        .map(|(id, s)| (id.clone(), names[*s..].to_vec()))
        .collect();
    let local: HashMap<String, String> = ladders
        .iter()
        .map(|(id, l)| (id.clone(), l[0].clone()))
        .collect();
    let sums = aggregate::sum(&df, a.year_start_month, &local, &names[0], a.top_n)?;
    drop(df);
    let info = supplier_info(out)?;
    let b = baseline(
        &sums,
        &anchors,
        &ladders,
        &names,
        &info,
        a.year_start_month,
        a.coverage_threshold,
    );
    let t = trend(&b.metrics, &b.years, compare.zip(previous.as_ref()));
    let mut staging = Staging::new(out)?;
    write_tables(&mut staging, &b, &t)?;
    let settings = super::Settings {
        coverage_threshold: a.coverage_threshold,
        year_start_month: a.year_start_month,
    };
    staging.write("measure.json", |w| crate::output::write_json(w, &settings))?;
    staging.write("payments.csv", |w| super::payments::write_payments(w, out))?;
    let written = staging.commit()?;
    Ok((b, written))
}

fn write_tables(staging: &mut Staging, b: &Baseline, t: &[TrendRow]) -> anyhow::Result<()> {
    staging.write("metrics.csv", |w| write_rows(w, &b.metrics))?;
    staging.write("metrics.parquet", |w| write_metrics_parquet(w, &b.metrics))?;
    staging.write("by_market.csv", |w| write_rows(w, &b.by_market))?;
    staging.write("top_suppliers.csv", |w| write_rows(w, &b.top_suppliers))?;
    staging.write("trend.csv", |w| write_rows(w, t))?;
    staging.write("years.csv", |w| write_rows(w, &b.years))?;
    Ok(())
}

/// What measure says when done: each year's spend and headline shares for all anchors.
pub fn summary(study: &Study, b: &Baseline) -> Vec<String> {
    let mut out = Vec::new();
    push_line!(out, "{}", study.name);
    let get = |year: &str, metric: &str| {
        b.metrics
            .iter()
            .find(|m| m.anchor_id == "ALL" && m.year == year && m.metric == metric)
    };
    let local = study.analysis.band_names()[0].clone();
    for y in b.years.iter().filter(|y| y.anchor_id == "ALL") {
        let year = y.year.as_str();
        let (Some(total), Some(inf)) = (get(year, "total_spend"), get(year, "influenceable_spend"))
        else {
            continue;
        };
        let money = format!(
            "{} spent, {} influenceable",
            pounds(total.numerator_pence.unwrap_or(0)),
            pounds(inf.numerator_pence.unwrap_or(0))
        );
        if y.status != Completeness::Complete {
            push_line!(
                out,
                "  {year:<8} {}: {money} ({}; not compared with other years)",
                y.status.as_str(),
                y.note
            );
            continue;
        }
        let share = |label: &str, m: &str| {
            get(year, m).map_or_else(
                || format!("{label} not measured"),
                |r| format!("{label} {}", shown(r.value, r.coverage, r.standing, m)),
            )
        };
        push_line!(
            out,
            "  {year:<8} complete: {money}; {}, {}, {}, {}; {} suppliers",
            share(&local, &format!("band:{local}")),
            share("SME", "sme"),
            share("social economy", "social_economy"),
            share("co-operatives", "ownership:cooperative"),
            thousands(get(year, "suppliers").map_or(0, |r| r.value as u64)),
        );
    }
    out
}
