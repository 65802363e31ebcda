//! `spendgap run`: the main job, every stage built so far, from one study file.

use std::path::PathBuf;
use std::process::ExitCode;

/// Run the whole analysis on a study: ingest → resolve → classify → measure → gaps (later:
/// report). Each stage's tables land in the output folder; each stage can also be rerun
/// on its own (`spendgap classify`, `spendgap measure`, …).
///
/// Examples:
///   spendgap run                         # the bundled sample partnership, into reports/
///   spendgap run my-study.toml --out baseline-2025/ --compare baseline-2024/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder for every output [default: reports]
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// An earlier run's output folder to compare the baseline with (see `measure`)
    #[arg(long, value_name = "DIR")]
    compare: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = args.out.unwrap_or_else(|| PathBuf::from("reports"));
    let study = args.study.load()?;
    let codes = [
        super::ingest::ingest_study(&study, &out)?,
        super::resolve::resolve_study(&study, &out)?,
        super::classify::classify_study(&study, &out)?,
        super::measure::measure_study(&study, &out, args.compare.as_deref())?,
        super::gaps::gaps_study(&study, &out)?,
    ];
    // Worth a look if any stage says so.
    Ok(codes
        .into_iter()
        .find(|c| *c != ExitCode::SUCCESS)
        .unwrap_or(ExitCode::SUCCESS))
}
