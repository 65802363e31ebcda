//! `spendgap inspect`: what spendgap sees in a ledger, before anything is run.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::synonyms::Synonyms;
use crate::ingest::inspect::{FileInspection, inspect_file};

/// Show how spendgap reads ledger files: for each file and sheet, the encoding and line
/// endings, the header row found (or why none), how each column maps onto spendgap's
/// fields and which are left unmapped, row counts, parsed sample rows, and every problem.
///
/// Examples:
///   spendgap inspect ledgers/2024-q1.csv
///   spendgap inspect ledgers/*.xlsx --json > inspection.json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// Ledger files (CSV or other delimited text, XLSX, XLSM, XLS, ODS)
    #[arg(required = true, value_name = "LEDGER")]
    ledgers: Vec<PathBuf>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
    /// Sample rows to show per sheet
    #[arg(long, default_value_t = 5, value_name = "N")]
    samples: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let synonyms = Synonyms::builtin();
    let reports: Vec<FileInspection> = args
        .ledgers
        .iter()
        .map(|p| inspect_file(p, args.samples, &synonyms))
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        for r in &reports {
            print!("{}", r.text());
        }
    }
    let unreadable = reports
        .iter()
        .any(|r| r.error.is_some() || r.sheets.iter().all(|s| s.not_a_ledger.is_some()));
    let attention = reports.iter().flat_map(|r| &r.sheets).any(|s| {
        s.not_a_ledger.is_some() || s.counts.as_ref().is_some_and(|c| c.rows_rejected > 0)
    });
    Ok(ExitCode::from(if unreadable {
        2
    } else if attention {
        1
    } else {
        0
    }))
}
