//! `spendgap measure`: the progressive procurement baseline from the classified tables.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;

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
    for line in crate::measure::summary(study, &b) {
        say!("{line}");
    }
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}
