//! `spendgap classify`: where is each supplier, how big, who owns it, what does it sell —
//! and which spend could the anchors steer?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;

/// Classify every supplier resolve found in DIR (place, band, deprivation, size band,
/// ownership form, market, each with its source) and every transaction (market; whether
/// its spend is influenceable, or which rule excluded it).
///
/// Rewrites DIR/suppliers.parquet and DIR/transactions.parquet with the classification
/// columns added, and writes suppliers.csv, exclusions.csv (what each rule set aside) and
/// unmapped_categories.csv (ledger categories with no market mapping, and their spend).
///
/// The study's [[band]] entries say what "local" means; [classify] names replacement rule
/// and mapping files and an overrides file of a person's decisions.
///
/// Example:
///   spendgap resolve sample-data/study.toml --out out/
///   spendgap classify sample-data/study.toml --out out/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder holding the resolve stage's tables, where the tables are written
    #[arg(long, short)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    super::stage_alone(Some(&study), &args.out, "classify", |dir| {
        classify_study(&study, dir)
    })
}

/// Classifies the study's suppliers and transactions in `out` and says how.
pub fn classify_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let (c, rules, written) = crate::classify::run(study, out)?;
    for line in crate::classify::summary(study, &c, &rules) {
        say!("{line}");
    }
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}
