//! `spendgap resolve`: who is each supplier? Reads the ingest stage's transactions and
//! writes the supplier master, the match of every ledger name and the review queue.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use polars::prelude::*;

use super::{pounds, thousands};
use crate::config::study::Study;
use crate::output::Staging;
use crate::output::resolve::{
    Shown, write_matches, write_review, write_supplier_names, write_suppliers,
};
use crate::reference::registers::Registers;
use crate::resolve::cascade::Decision;
use crate::resolve::overrides::Overrides;
use crate::resolve::rules::{MatchRules, NameRules};
use crate::resolve::{NameResult, Resolver, master, name_stats};
use crate::tables::read_columns;

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

/// The columns resolve reads: the names and the evidence beside them.
fn read_transactions(dir: &Path) -> anyhow::Result<DataFrame> {
    read_columns(
        dir,
        "transactions.parquet",
        "ingest",
        Some(&[
            "supplier_name",
            "anchor_id",
            "amount_pence",
            "duplicate_of",
            "date",
            "postcode",
            "company_number",
            "charity_number",
        ]),
    )
}

/// Resolves the study's supplier names and writes the stage's tables into `out`.
pub fn resolve_study(study: &Study, out: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let df = read_transactions(out)?;
    let names = name_stats(&df)?;
    drop(df);
    let registers = Registers::load(&study.reference)?;
    let files = &study.resolve;
    let name_rules = NameRules::load(files.name_rules.as_deref())?;
    let rules = MatchRules::load(files.match_rules.as_deref())?;
    let overrides = Overrides::load(files.overrides.as_deref())?;
    let resolver = Resolver::new(registers, &name_rules, rules, overrides);
    let indexed = started.elapsed();
    let results = resolver.resolve(names);
    let m = resolver.matcher();
    let suppliers = master::suppliers(&m, &results);
    let shown = Shown::new(&suppliers);
    let mut staging = Staging::new(out)?;
    staging.write_together(vec![
        (
            "suppliers.parquet",
            Box::new(|w| write_suppliers(w, &suppliers)),
        ),
        (
            "supplier_names.parquet",
            Box::new(|w| write_supplier_names(w, &results)),
        ),
        (
            "matches.csv",
            Box::new(|w| write_matches(w, &m, &results, &shown)),
        ),
        (
            "review.csv",
            Box::new(|w| write_review(w, &m, &results, &shown)),
        ),
    ])?;
    let written = staging.commit()?;
    print_summary(study, &resolver, &results, suppliers.len());
    say!(
        "  {} register names indexed in {:.1} s; names decided in {:.1} s",
        thousands(resolver.index.len() as u64),
        indexed.as_secs_f64(),
        (started.elapsed() - indexed).as_secs_f64()
    );
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(study: &Study, resolver: &Resolver, results: &[NameResult], suppliers: usize) {
    let total: i64 = results.iter().map(|r| r.stats.pence).sum();
    say!("{}", study.name);
    say!(
        "  {} distinct supplier names → {} suppliers ({} override rows loaded)",
        thousands(results.len() as u64),
        thousands(suppliers as u64),
        resolver.overrides.len()
    );
    for d in [
        Decision::Matched,
        Decision::Review,
        Decision::Unmatched,
        Decision::SetAside,
    ] {
        let of: Vec<&NameResult> = results.iter().filter(|r| r.outcome.decision == d).collect();
        let pence: i64 = of.iter().map(|r| r.stats.pence).sum();
        let share = if total != 0 {
            100.0 * pence as f64 / total as f64
        } else {
            0.0
        };
        say!(
            "  {:<10} {:>7} names  {:>18}  {share:5.1}% of spend",
            d.as_str(),
            thousands(of.len() as u64),
            pounds(pence)
        );
    }
}
