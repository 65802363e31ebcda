//! `spendgap measure`: the progressive procurement baseline from the classified tables.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{pounds, thousands};
use crate::config::study::Study;
use crate::measure::compare::{TrendRow, read_previous, trend};
use crate::measure::figure::shown;
use crate::measure::years::Completeness;
use crate::measure::{Baseline, SupplierInfo, aggregate, baseline};
use crate::output::Staging;
use crate::output::measure::write_metrics_parquet;
use crate::output::write_rows;
use crate::tables::{read_columns, read_table, str_col};

/// Measure the baseline for each anchor and the partnership (ALL), per financial year
/// (undated money as its own period): total and influenceable spend; shares by band,
/// in deprived areas, by size band (SME share), by ownership form (social economy and
/// co-operative shares) and by market; supplier counts, top-10 share and HHI.
///
/// Writes metrics.csv and metrics.parquet (long format: anchor_id, year, metric, unit,
/// value, numerator_pence, denominator_pence), by_market.csv, top_suppliers.csv and
/// trend.csv (each metric beside the year before's: from this run, or from an earlier
/// run's folder given with --compare).
///
/// Example:
///   spendgap classify sample-data/study.toml --out out/
///   spendgap measure sample-data/study.toml --out out/ --compare baseline-2024/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder holding the classified tables, where the tables are written
    #[arg(long, short)]
    out: PathBuf,
    /// An earlier run's output folder: trend.csv compares each year with the year
    /// before as that run measured it
    #[arg(long, value_name = "DIR")]
    compare: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    super::stage_alone(Some(&study), &args.out, "measure", |dir| {
        measure_study(&study, dir, args.compare.as_deref())
    })
}

/// What top_suppliers.csv shows of each supplier, from the classified suppliers.
fn supplier_info(out: &Path) -> anyhow::Result<HashMap<String, SupplierInfo>> {
    let df = read_table(out, "suppliers.parquet", "classify")?;
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

/// Measures the classified tables in `out`.
pub fn measure_study(
    study: &Study,
    out: &Path,
    compare: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let previous = compare.map(read_previous).transpose()?;
    // Only the columns measured: the ledger's own text stays on disk.
    let df = read_columns(
        out,
        "transactions.parquet",
        "classify",
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
    let settings = crate::measure::Settings {
        coverage_threshold: a.coverage_threshold,
        year_start_month: a.year_start_month,
    };
    staging.write("measure.json", |w| crate::output::write_json(w, &settings))?;
    staging.write("payments.csv", |w| {
        crate::output::payments::write_payments(w, out)
    })?;
    let written = staging.commit()?;
    print_summary(study, &b);
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
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

fn print_summary(study: &Study, b: &Baseline) {
    say!("{}", study.name);
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
            say!(
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
        say!(
            "  {year:<8} complete: {money}; {}, {}, {}, {}; {} suppliers",
            share(&local, &format!("band:{local}")),
            share("SME", "sme"),
            share("social economy", "social_economy"),
            share("co-operatives", "ownership:cooperative"),
            thousands(get(year, "suppliers").map_or(0, |r| r.value as u64)),
        );
    }
}
