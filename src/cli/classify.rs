//! `spendgap classify`: where is each supplier, how big, who owns it, what does it sell —
//! and which spend could the anchors steer?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::classify::{Classification, Rules};
use crate::config::study::Study;
use crate::format::{pounds, thousands};

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
    print_summary(study, &c, &rules);
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(study: &Study, c: &Classification, rules: &Rules) {
    say!("{}", study.name);
    let n = c.classified.len();
    let placed = c.classified.iter().filter(|k| k.placed).count();
    let mut by_source: std::collections::BTreeMap<&str, usize> = Default::default();
    for k in &c.classified {
        *by_source
            .entry(k.place_source.unwrap_or("not placed"))
            .or_insert(0) += 1;
    }
    let sources: Vec<String> = by_source.iter().map(|(s, n)| format!("{s} {n}")).collect();
    say!(
        "  {} of {} suppliers placed ({}); see place_note in suppliers.csv for the rest",
        thousands(placed as u64),
        thousands(n as u64),
        sources.join(", ")
    );
    let (total, influenceable) = (c.counted_pence, c.influenceable_pence);
    say!(
        "  influenceable spend {} of {} ({:.1}%); size bands by the {} definition",
        pounds(influenceable),
        pounds(total),
        if total != 0 {
            100.0 * influenceable as f64 / total as f64
        } else {
            0.0
        },
        rules.sizes.name
    );
    for e in c.exclusions.iter().filter(|e| e.transactions > 0) {
        say!(
            "  excluded by {:<28} {:>7} rows {:>18}",
            e.rule,
            thousands(e.transactions),
            pounds(e.pence)
        );
    }
    if !c.unmapped.is_empty() {
        let p: i64 = c.unmapped.iter().map(|u| u.pence).sum();
        say!(
            "  {} ledger categories not in the category table ({}): see unmapped_categories.csv",
            thousands(c.unmapped.len() as u64),
            pounds(p)
        );
    }
}
