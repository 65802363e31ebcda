//! `spendgap ingest`: read every ledger of a study into the transactions table.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;
use crate::format::{pounds, thousands};
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
    print_summary(study, &ingested);
    super::print_written(&written);
    Ok(exit_status(&ingested))
}

fn print_summary(study: &Study, ing: &Ingested) {
    let t = &ing.reconciliation.totals;
    let files = ing.files;
    let sheets = ing.reconciliation.files.len();
    say!("{}", study.name);
    say!(
        "  read       {:>9} rows from {files} file(s), {sheets} table(s)",
        thousands(t.rows_read)
    );
    say!(
        "  accepted   {:>9} rows  {}",
        thousands(t.rows_accepted),
        pounds(t.pence_accepted)
    );
    say!(
        "  duplicate  {:>9} rows  {}  (repeat rows of another file; kept and marked)",
        thousands(t.rows_duplicate),
        pounds(t.pence_duplicate)
    );
    say!(
        "  rejected   {:>9} rows  (amount unreadable: see rejects.csv)",
        thousands(t.rows_rejected)
    );
    let reasons: Vec<String> = ing
        .reconciliation
        .skipped
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let reasons = if reasons.is_empty() {
        String::new()
    } else {
        format!("  ({})", reasons.join("; "))
    };
    say!(
        "  skipped    {:>9} rows{reasons}",
        thousands(t.rows_skipped)
    );
    say!(
        "  of accepted and duplicate: {} undated, {} with no payee name, {} repaired, {} rounded to the penny",
        t.rows_undated,
        t.rows_unnamed,
        t.rows_repaired,
        t.rows_rounded
    );
    let troubled: Vec<String> = ing
        .reconciliation
        .files
        .iter()
        .filter(|f| f.counts.rows_rejected > 0 || f.counts.rows_repaired > 0)
        .map(|f| {
            let name = match &f.sheet {
                Some(s) => format!("{} [{s}]", f.file),
                None => f.file.clone(),
            };
            format!(
                "    {name}: {} rejected, {} repaired",
                f.counts.rows_rejected, f.counts.rows_repaired
            )
        })
        .collect();
    if !troubled.is_empty() {
        say!("  files with problems:\n{}", troubled.join("\n"));
    }
    if !ing.quality.is_empty() {
        let count = |k: &str| ing.quality.iter().filter(|q| q.kind == k).count();
        say!(
            "  to check before publishing (data_quality.csv): {} large payment(s), {} total line(s) that disagree with their rows, {} date column(s) written both ways",
            count("large_payment"),
            count("total_disagrees"),
            count("dates_conflict")
        );
    }
    for (file, sheet, why) in &ing.notes {
        if sheet.is_empty() {
            say!("  passed over {file}: {why}");
        } else {
            say!("  passed over sheet {sheet:?} of {file}: {why}");
        }
    }
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
