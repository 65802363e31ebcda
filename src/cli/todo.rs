//! `spendgap todo`: the suppliers a person should check to raise coverage, as a workbook
//! to fill in.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::study::Study;
use crate::format::pounds;

/// List the suppliers whose place, size or ownership is not known (or whose name is
/// withheld), biggest influenceable spend first, down to those holding 80% of the spend
/// resting on unknowns: to_check.xlsx, with blank columns to fill in (postcode or
/// "outside UK", size band, ownership form, market, whether the payee is an individual).
///
/// Name the filled-in file in the study and run again: its entries win over register
/// evidence and, keyed by supplier id, carry to later years.
///
///   [review]
///   workbook = "to_check.xlsx"
///
/// Example:
///   spendgap todo my-study.toml --out baseline-2025/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// The run folder, where to_check.xlsx is written [default: reports]
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    let out = args.out.unwrap_or_else(|| PathBuf::from("reports"));
    super::stage_alone(Some(&study), &out, "todo", |dir| todo_study(&study, dir))
}

/// Writes `out`/to_check.xlsx from the classified run folder and says what it holds.
pub fn todo_study(study: &Study, out: &std::path::Path) -> anyhow::Result<ExitCode> {
    let (listed, written) = crate::todo::run(study, out)?;
    let (rows, unknown) = (&listed.rows, listed.unknown_pence);
    if rows.is_empty() {
        say!(
            "to check: nothing — every supplier with influenceable spend is placed, sized and identified"
        );
    } else {
        let held: i64 = rows.iter().map(|r| r.influenceable_pence).sum();
        say!(
            "to check: {} supplier(s) holding {} of the {} influenceable spend resting on unknowns",
            rows.len(),
            pounds(held),
            pounds(unknown)
        );
        say!("  fill in to_check.xlsx, name it in the study ([review] workbook) and run again");
    }
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}
