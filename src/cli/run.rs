//! `spendgap run`: the main job, every stage built so far, from one study file.

use std::path::PathBuf;
use std::process::ExitCode;

/// Run the whole analysis on a study: today, the ingest and resolve stages (later:
/// classify, measure, gaps, report).
///
/// Examples:
///   spendgap run                         # the bundled sample partnership, into reports/
///   spendgap run my-study.toml --out baseline-2025/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// The study file [default: sample-data/study.toml]
    study: Option<PathBuf>,
    /// Folder for every output [default: reports]
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.unwrap_or_else(super::default_study);
    let out = args.out.unwrap_or_else(|| PathBuf::from("reports"));
    let study = crate::config::study::Study::load(&study)?;
    let ingested = super::ingest::ingest_study(&study, &out)?;
    let resolved = super::resolve::resolve_study(&study, &out)?;
    // Worth a look if either stage says so.
    Ok(if ingested != ExitCode::SUCCESS {
        ingested
    } else {
        resolved
    })
}
