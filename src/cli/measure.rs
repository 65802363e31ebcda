//! `spendgap measure`: the progressive procurement baseline from the classified tables.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::measure::Baseline;
use crate::measure::figure::shown;
use crate::measure::years::Completeness;

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

/// Measures the classified tables in `out` and says what the baseline shows.
pub fn measure_study(
    study: &Study,
    out: &Path,
    compare: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let (b, written) = crate::measure::run(study, out, compare)?;
    print_summary(study, &b);
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
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
