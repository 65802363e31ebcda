//! `spendgap gaps`: where could local democratic enterprise grow, and when do the
//! contracts come up again?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;

/// Find the supply-chain gaps: for each market (in each area the study names), the
/// anchors' demand (influenceable spend, anchors, suppliers, regularity, payment sizes),
/// the spend leaving the area, the local co-operatives and social enterprises that could
/// supply it (from the registers and the directory), a verdict — engage, grow, incubate,
/// served, not_addressable, watch or unmapped — and a score whose every term is shown.
///
/// Writes gaps.csv and gaps.parquet (every figure per area and market), opportunities.csv
/// (the ranked list to act on, each with a one-line reason), calendar.csv (contracts in
/// engage, grow and incubate markets that can be let again within the horizon),
/// contracts.csv (every contract read, and why it is in the calendar or not),
/// local_suppliers.csv (the local organisations behind each verdict) and
/// shared_suppliers.csv (suppliers paid by more than one anchor).
///
/// The study's [gaps] table names the areas, the contract registers, the horizon and
/// replacement rule files (thresholds and weights: schemas/defaults/gap-rules.toml).
///
/// Example:
///   spendgap measure sample-data/study.toml --out out/
///   spendgap gaps sample-data/study.toml --out out/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder holding the classified tables, where the tables are written
    #[arg(long, short)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    super::stage_alone(Some(&study), &args.out, "gaps", |dir| {
        gaps_study(&study, dir)
    })
}

/// Finds the gaps from the classified tables in `out` and says what they are.
pub fn gaps_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let Some((found, written)) = crate::gaps::run(study, out)? else {
        say!("gaps: the study declares no [[band]], so there is no area to find gaps in; skipped");
        return Ok(ExitCode::SUCCESS);
    };
    for line in crate::gaps::summary(study, &found) {
        say!("{line}");
    }
    super::print_written(&written);
    let problems = (found.tables.contracts.iter())
        .filter(|c| !c.problems.is_empty())
        .count();
    if problems > 0 {
        say!(
            "  {problems} contract(s) have cells that could not be read: see the problems column of contracts.csv"
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
