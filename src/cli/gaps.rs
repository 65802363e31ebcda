//! `spendgap gaps`: where could local democratic enterprise grow, and when do the
//! contracts come up again?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{pounds, thousands};
use crate::classify::Rules;
use crate::config::study::Study;
use crate::gaps::rules::GapFiles;
use crate::gaps::{GapTables, Setting, analyse, calendar, contracts, demand, supply};
use crate::output::frame::write_rows_parquet;
use crate::output::{Staging, write_rows};
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::tables::{read_columns, read_table};

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

/// Finds the gaps from the classified tables in `out`.
pub fn gaps_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let origin = study.path.display();
    if study.gaps.areas.is_empty() {
        say!("gaps: the study declares no [[band]], so there is no area to find gaps in; skipped");
        return Ok(ExitCode::SUCCESS);
    }
    let files = GapFiles::load(&study.gaps).map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
    let rules = Rules::load(&study.analysis).map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
    let declared: Vec<String> = rules.bands.iter().map(|b| b.name.clone()).collect();
    let suppliers_df = read_table(out, "suppliers.parquet", "classify")?;
    let suppliers = demand::read_suppliers(&suppliers_df, &declared)?;
    drop(suppliers_df);
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
            "market",
        ]),
    )?;
    let anchors: Vec<String> = study.anchors.iter().map(|a| a.id.clone()).collect();
    let areas: Vec<(usize, String)> = study
        .gaps
        .areas
        .iter()
        .map(|&b| (b, declared[b].clone()))
        .collect();
    let band_ids: Vec<usize> = areas.iter().map(|a| a.0).collect();
    let sums = demand::sum(
        &df,
        &suppliers,
        &anchors,
        &band_ids,
        study.analysis.year_start_month,
    )?;
    drop(df);
    let registers = Registers::load(&study.reference)?;
    let places = Places::load(&study.reference)?;
    let area_mask = band_ids.iter().fold(0u64, |m, b| m | (1 << b));
    let name_rules = crate::resolve::rules::NameRules::load(study.resolve.name_rules.as_deref())?;
    let norm = crate::resolve::normalise::Normaliser::new(&name_rules);
    let (local, search) =
        supply::local_orgs(&registers, &places, &rules, area_mask, |n| norm.key(n).text);
    drop(registers);
    let named: Vec<(String, String)> = study
        .anchors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let contracts = contracts::read_all(&study.gaps.contracts, &files, &rules.markets, &named)?;
    let as_of = match (study.gaps.as_of, sums.last_date) {
        (Some(d), _) => d,
        (None, Some(last)) => calendar::default_as_of(last, study.analysis.year_start_month),
        (None, None) if contracts.is_empty() => NaiveDate::default(),
        (None, None) => anyhow::bail!(
            "{origin}: no payment is dated, so the calendar has no date to count from: give [gaps] as_of"
        ),
    };
    let set = Setting {
        anchors: &anchors,
        markets: &rules.markets,
        areas: &areas,
        files: &files,
        as_of,
        supply_unknown: search.unknown_because(),
        horizon_end: calendar::horizon_end(as_of, study.gaps.horizon_months),
    };
    let t = analyse(&sums, &suppliers, &local, &contracts, &set);
    let mut staging = Staging::new(out)?;
    staging.write("gaps.csv", |w| write_rows(w, &t.gaps))?;
    staging.write("gaps.parquet", |w| write_rows_parquet(w, &t.gaps))?;
    staging.write("opportunities.csv", |w| write_rows(w, &t.opportunities))?;
    staging.write("calendar.csv", |w| write_rows(w, &t.calendar))?;
    staging.write("contracts.csv", |w| write_rows(w, &t.contracts))?;
    staging.write("local_suppliers.csv", |w| write_rows(w, &t.local))?;
    staging.write("shared_suppliers.csv", |w| write_rows(w, &t.shared))?;
    let written = staging.commit()?;
    print_summary(study, &t, &set);
    super::print_written(&written);
    let problems = t
        .contracts
        .iter()
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

fn print_summary(study: &Study, t: &GapTables, set: &Setting) {
    say!("{}", study.name);
    for (_, area) in set.areas {
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
            set.as_of,
            set.horizon_end,
            thousands(listed.len() as u64),
            thousands(t.contracts.len() as u64),
            pounds(value)
        );
    }
}
