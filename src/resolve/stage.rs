//! The resolve stage's entry point: every distinct payee name of the run's transactions
//! decided against the registers, and the supplier master written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use polars::prelude::*;

use super::cascade::Decision;
use super::name_rules::{MatchRules, NameRules};
use super::overrides::Overrides;
use super::write::{Shown, write_matches, write_review, write_supplier_names, write_suppliers};
use super::{NameResult, Resolver, master, name_stats};
use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::output::Staging;
use crate::reference::registers::Registers;
use crate::tables::read_columns;

/// The columns resolve reads: the names and the evidence beside them.
fn read_transactions(dir: &Path) -> anyhow::Result<DataFrame> {
    read_columns(
        dir,
        &crate::tables::declared::TRANSACTIONS,
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

/// What resolve decided, for the summary a person reads.
pub struct Resolved {
    /// Every distinct ledger name with its decision.
    pub results: Vec<NameResult>,
    /// Suppliers in the master.
    pub suppliers: usize,
    /// Rows of the study's overrides file.
    pub overrides: usize,
    /// Register names indexed.
    pub register_names: usize,
    /// Time taken to load and index the registers, and to decide and write the names.
    pub indexing: Duration,
    pub deciding: Duration,
}

/// Resolves the supplier names of `out`'s transactions against the study's registers and
/// writes suppliers.parquet, supplier_names.parquet, matches.csv and review.csv together.
/// Returns what was decided and the files written.
pub fn run(study: &Study, out: &Path) -> anyhow::Result<(Resolved, Vec<PathBuf>)> {
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
    let resolved = Resolved {
        suppliers: suppliers.len(),
        overrides: resolver.overrides.len(),
        register_names: resolver.index.len(),
        indexing: indexed,
        deciding: started.elapsed() - indexed,
        results,
    };
    Ok((resolved, written))
}

/// What resolve says when done: names and suppliers, and the spend of each decision.
pub fn summary(study: &Study, resolved: &Resolved) -> Vec<String> {
    let mut out = Vec::new();
    let results = &resolved.results;
    let total: i64 = results.iter().map(|r| r.stats.pence).sum();
    push_line!(out, "{}", study.name);
    push_line!(
        out,
        "  {} distinct supplier names → {} suppliers ({} override rows loaded)",
        thousands(results.len() as u64),
        thousands(resolved.suppliers as u64),
        resolved.overrides
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
        push_line!(
            out,
            "  {:<10} {:>7} names  {:>18}  {share:5.1}% of spend",
            d.as_str(),
            thousands(of.len() as u64),
            pounds(pence)
        );
    }
    out
}
