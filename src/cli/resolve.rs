//! `spendgap resolve`: who is each supplier? Reads the ingest stage's transactions and
//! writes the supplier master, the match of every ledger name and the review queue.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;
use crate::format::thousands;

/// Match every supplier name in DIR/transactions.parquet (written by `spendgap ingest`) to
/// the study's registers, and write suppliers.parquet, matches.csv, review.csv and
/// supplier_names.parquet into DIR.
///
/// Each distinct name ends matched (to one register id), review (a person decides: see
/// review.csv), unmatched, or set aside (redacted, an individual, an internal entry: their
/// money is counted, their names never shown). Decisions in the study's overrides file
/// ([resolve] overrides = "overrides.csv") always win; review.csv rows can be pasted into it
/// with `match` or `not` in the decision column.
///
/// Example:
///   spendgap ingest sample-data/study.toml --out out/
///   spendgap resolve sample-data/study.toml --out out/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder holding transactions.parquet, where the tables are written
    #[arg(long, short)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    super::stage_alone(Some(&study), &args.out, "resolve", |dir| {
        resolve_study(&study, dir)
    })
}

/// Resolves the study's supplier names into `out` and says how they were decided.
pub fn resolve_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let (resolved, written) = crate::resolve::run(study, out)?;
    for line in crate::resolve::summary(study, &resolved) {
        say!("{line}");
    }
    say!(
        "  {} register names indexed in {:.1} s; names decided in {:.1} s",
        thousands(resolved.register_names as u64),
        resolved.indexing.as_secs_f64(),
        resolved.deciding.as_secs_f64()
    );
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}
