//! `spendgap gaps`: where could local democratic enterprise grow, and when do the
//! contracts come up again?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::gaps::Found;

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
    print_summary(study, &found);
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

fn print_summary(study: &Study, found: &Found) {
    let t = &found.tables;
    say!("{}", study.name);
    for area in &found.areas {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for g in t.gaps.iter().filter(|g| &g.area == area) {
            *counts.entry(g.verdict.as_str()).or_default() += 1;
        }
        let c: Vec<String> = counts.iter().map(|(v, n)| format!("{v} {n}")).collect();
        say!("  {area}: markets {}", c.join(", "));
        for o in t.opportunities.iter().filter(|o| &o.area == area).take(5) {
            say!(
                "    {:>2}. {:<40} {:<9} score {:.2}, {} a year",
                o.rank,
                o.market,
                o.verdict.as_str(),
                o.score,
                pounds(o.annual_pence)
            );
        }
    }
    if !t.contracts.is_empty() {
        let listed: Vec<&crate::gaps::rows::ContractRow> = t
            .contracts
            .iter()
            .filter(|c| c.status.starts_with("in calendar"))
            .collect();
        let value: i64 = listed.iter().filter_map(|c| c.value_pence).sum();
        say!(
            "  calendar from {} to {}: {} of {} contracts ({}) come up in gap markets",
            found.as_of,
            found.horizon_end,
            thousands(listed.len() as u64),
            thousands(t.contracts.len() as u64),
            pounds(value)
        );
    }
}
