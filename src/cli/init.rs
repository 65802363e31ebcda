//! `spendgap init`: start (or extend) a study file from ledgers, writing the detected
//! reading of each one out explicitly so a person can check and correct it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use crate::ingest::draft::{draft, slug, write_study};

/// Write (or extend) a study file with an anchor and its ledgers, spelling out the header
/// row, sheets and column mapping spendgap detected, so a person can read and correct it.
///
/// Examples:
///   spendgap init --anchor "Oxford City Council" ledgers/city/*.csv
///   spendgap init --anchor "Oxford University Hospitals" --id ouh ledgers/ouh.xlsx -o study.toml
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// The anchor institution's name
    #[arg(long, value_name = "NAME")]
    anchor: String,
    /// Short identifier used in outputs [default: from the name, e.g. oxford-city-council]
    #[arg(long)]
    id: Option<String>,
    /// Ledger files to add
    #[arg(required = true, value_name = "LEDGER")]
    ledgers: Vec<PathBuf>,
    /// The study file to write or extend
    #[arg(
        short = 'o',
        long = "output",
        default_value = "study.toml",
        value_name = "STUDY"
    )]
    study: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let id = args.id.clone().unwrap_or_else(|| slug(&args.anchor));
    if id.is_empty() {
        bail!("--anchor {:?} gives an empty id; pass --id", args.anchor);
    }
    let d = draft(&args.study, &args.anchor, &id, &args.ledgers)?;
    for note in &d.notes {
        println!("{note}");
    }
    if d.added == 0 && !d.failed.is_empty() {
        let lines: Vec<String> = (d.failed.iter())
            .map(|(d, why)| format!("  {d}: {why}"))
            .collect();
        bail!(
            "no ledger could be read, so {} was not written:\n{}",
            args.study.display(),
            lines.join("\n")
        );
    }
    write_study(&args.study, &d.text)?;
    println!(
        "{}: anchor {id:?} with {} new ledger(s). Check the detected columns, then run:",
        args.study.display(),
        d.added
    );
    println!("  spendgap run {} --out out/", args.study.display());
    if d.failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for (display, why) in &d.failed {
        eprintln!("not added (written into the study as a comment): {display}: {why}");
    }
    eprintln!(
        "spendgap: finished with warnings (exit status 1): {} file(s) could not be read as ledgers",
        d.failed.len()
    );
    Ok(ExitCode::from(1))
}
