//! `spendgap run`: the main job, every stage built so far, from one study file.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::study::Study;
use crate::run_folder;

/// Run the whole analysis on a study: ingest → resolve → classify → measure → directory →
/// gaps → report. The output folder is replaced only when every stage succeeds, with a manifest
/// (run.json) of what was read and written; a failed run leaves the last complete run as
/// it was. Each stage can also be rerun on its own (`spendgap classify`, …).
///
/// Examples:
///   spendgap run                         # the bundled sample partnership, into reports/
///   spendgap run my-study.toml --out baseline-2025/ --compare baseline-2024/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    study: super::StudyArg,
    /// Folder for every output [default: reports]
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// An earlier run's output folder to compare the baseline with (see `measure`)
    #[arg(long, value_name = "DIR")]
    compare: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = args.out.unwrap_or_else(|| PathBuf::from("reports"));
    let study = args.study.load()?;
    preflight(&study)?;
    // Every stage writes into a staging folder; only a run that succeeds replaces `out`.
    run_folder::staged_run(
        &out,
        false,
        |dir| stages(&study, dir, args.compare.as_deref(), &out),
        |dir| super::manifest_of(dir, Some(&study), &STAGES),
    )
}

/// What can be checked before the first table is written: every input file the study
/// names readable (ledgers, reference data, contract registers), the cache folder writable
/// where there is reference data to cache.
fn preflight(study: &Study) -> anyhow::Result<()> {
    use anyhow::Context;
    let r = &study.reference;
    let mut cached = false;
    for (kind, p) in crate::config::sources::files(study) {
        std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?;
        cached |= !matches!(kind, "ledger" | "contracts" | "directory_source");
    }
    // National files are cached on first use; the folder must take them.
    if let Some(cache) = r.cache_dir.as_ref().filter(|_| cached) {
        std::fs::create_dir_all(cache)
            .and_then(|()| tempfile::NamedTempFile::new_in(cache).map(drop))
            .with_context(|| {
                format!(
                    "cannot write the reference cache folder {}: give a writable folder as \
                     `cache_dir` under [reference] in the study",
                    cache.display()
                )
            })?;
    }
    Ok(())
}

/// The stages `run` runs, in order, as the manifest names them.
const STAGES: [&str; 8] = [
    "ingest",
    "resolve",
    "classify",
    "measure",
    "directory",
    "gaps",
    "todo",
    "report",
];

/// Runs every stage into `out`; the first stage status that is not success is the run's.
fn stages(
    study: &Study,
    out: &std::path::Path,
    compare: Option<&std::path::Path>,
    last_run: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let mut steps = super::progress::Steps::new(8);
    let mut codes = Vec::new();
    steps.next("reading the ledgers");
    codes.push(super::ingest::ingest_study(study, out)?);
    steps.next("resolving suppliers against the registers");
    codes.push(super::resolve::resolve_study(study, out)?);
    steps.next("classifying suppliers and payments");
    codes.push(super::classify::classify_study(study, out)?);
    steps.next("measuring the baseline");
    codes.push(super::measure::measure_study(study, out, compare)?);
    steps.next("building the social-economy directory");
    // The last run's directory, which this run replaces, is what changes are counted from.
    let previous = last_run.join("directory.csv");
    codes.push(super::directory::directory_study(
        study,
        out,
        Some(previous.as_path()),
    )?);
    steps.next("finding supply-chain gaps");
    codes.push(super::gaps::gaps_study(study, out)?);
    steps.next("listing the suppliers to check");
    codes.push(super::todo::todo_study(study, out)?);
    steps.next("writing the report");
    codes.push(super::report::report_run(out)?);
    steps.finish();
    // Worth a look if any stage says so.
    Ok(codes
        .into_iter()
        .find(|c| *c != ExitCode::SUCCESS)
        .unwrap_or(ExitCode::SUCCESS))
}
