//! `spendgap directory`: one directory of the area's social economy, merged from every
//! list the study names and rebuilt from them each year.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::study::Study;

/// Build the directory of the social-economy organisations in the study's area: the
/// co-operatives, community benefit societies, community interest companies and charities
/// of every source the study's [directory] table names (Co-operatives UK organisations,
/// outlets and standard layout, workers.coop, dotcoop, Companies House, the Charity
/// Commission, local lists), with the same organisation found across sources by its ids
/// or, failing those, its name and postcode.
///
///   [directory]
///   sources = [
///     { path = "reference/coopsuk_standard_2023-03-02.csv", date = "2023-03-02" },
///     { path = "reference/workers_coop.csv", name = "workers.coop" },
///   ]
///
/// Writes directory.csv in the Co-operatives UK "standard" layout that mapping platforms
/// such as Mykomap load (every source's id, the other postcodes, and where sources
/// disagree, in the last columns), directory.geojson (points for QGIS, uMap, Mykomap),
/// directory.xlsx (each field with its source and date) and, against the folder's earlier
/// directory.csv or the study's `previous`, changes.csv: new, gone, moved, renamed.
///
/// Example:
///   spendgap directory my-study.toml --out baseline-2025/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder for the directory's files [default: reports]
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let study = args.study.load()?;
    let out = args.out.unwrap_or_else(|| PathBuf::from("reports"));
    super::stage_alone(Some(&study), &out, "directory", |dir| {
        directory_study(&study, dir, None)
    })
}

/// Builds the directory into `out` (comparing with `previous` when the study names no
/// earlier directory) and says what it holds.
pub fn directory_study(
    study: &Study,
    out: &Path,
    previous: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let Some((built, written)) = crate::directory::run(study, out, previous)? else {
        say!(
            "directory: the study has no [directory] table naming its sources; skipped (see docs/study-file.md)"
        );
        return Ok(ExitCode::SUCCESS);
    };
    for line in crate::directory::summary(&built) {
        say!("{line}");
    }
    super::print_written(&written);
    Ok(ExitCode::SUCCESS)
}
