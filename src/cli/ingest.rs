//! `spendgap ingest`: read every ledger of a study into the transactions table.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;
use crate::ingest::Ingested;

/// Read every ledger of every anchor into transactions.parquet, rejects.csv and
/// reconciliation.json (and sources.json, the input files the study names).
///
/// Each row below a header ends accepted, duplicate (repeats a row of another file of the
/// same anchor), rejected (its amount cannot be read: see rejects.csv) or skipped (blank,
/// total line, junk); reconciliation.json accounts for every row and penny.
///
/// Example:
///   spendgap ingest sample-data/study.toml --out out/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder to write the tables into (created if missing)
    #[arg(long, short)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    super::stage_alone(Some(&study), &args.out, "ingest", |dir| {
        crate::memory::keeping_freed_memory(|| ingest_study(&study, dir))
    })
}

/// Ingests the study into `out` and says what was read.
pub fn ingest_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let (ingested, written) = crate::ingest::run(study, out)?;
    for line in crate::ingest::summary(study, &ingested) {
        say!("{line}");
    }
    super::print_written(&written);
    Ok(exit_status(&ingested))
}

/// 1 when a person should look at something, saying what.
pub fn exit_status(ing: &Ingested) -> ExitCode {
    let mut reasons = Vec::new();
    let t = &ing.reconciliation.totals;
    if t.rows_rejected > 0 {
        reasons.push(format!(
            "{} row(s) rejected (see rejects.csv)",
            t.rows_rejected
        ));
    }
    if !ing.notes.is_empty() {
        reasons.push(format!(
            "{} sheet(s) passed over as not ledgers",
            ing.notes.len()
        ));
    }
    if !ing.quality.is_empty() {
        reasons.push(format!(
            "{} payment(s), total(s) or date column(s) to check (see data_quality.csv)",
            ing.quality.len()
        ));
    }
    if reasons.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "spendgap: finished with warnings (exit status 1): {}",
            reasons.join("; ")
        );
        ExitCode::from(1)
    }
}
