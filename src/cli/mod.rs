//! The command line: clap types stop here; each command turns its arguments into the
//! library's types and runs one job.

/// `println!` for stage summaries: printed above the progress spinner, and not at all
/// under `--quiet`.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::progress::say(&format!($($arg)*))
    };
}

mod classify;
mod directory;
mod gaps;
mod ingest;
mod init;
mod inspect;
mod measure;
mod org;
mod place;
mod progress;
mod reference;
mod report;
mod resolve;
mod run;
mod todo;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  ran, but worth a look: rows rejected, files passed over, or a headline figure not known (the summary says which)
  2  could not run: bad study file, unreadable ledger, unwritable output folder, …";

/// spendgap: how much of anchor institutions' spend stays local, small and democratically
/// owned — and where a new co-operative could fill a gap.
#[derive(Debug, Parser)]
#[command(name = "spendgap", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    /// Worker threads (default: one per core). Outputs are identical for any number.
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    /// No progress spinner and no summaries: only warnings and errors (on stderr)
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::Args),
    Init(init::Args),
    Ingest(ingest::Args),
    Run(run::Args),
    Resolve(resolve::Args),
    Classify(classify::Args),
    Measure(measure::Args),
    Directory(directory::Args),
    Gaps(gaps::Args),
    Report(report::Args),
    Todo(todo::Args),
    Place(place::Args),
    Org(org::Args),
    Reference(reference::Args),
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    progress::set_quiet(cli.quiet);
    // The worker threads are started here, so that a machine out of threads says so
    // before any work begins rather than part-way through it.
    let threads = cli
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build_global()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot start {threads} worker thread(s): {e} (the machine is out of threads, \
                 or of memory for their stacks; try --threads 1)"
            )
        })?;
    match cli.command {
        Command::Inspect(a) => inspect::run(a),
        Command::Init(a) => init::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Run(a) => run::run(a),
        Command::Resolve(a) => resolve::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Measure(a) => measure::run(a),
        Command::Directory(a) => directory::run(a),
        Command::Gaps(a) => gaps::run(a),
        Command::Report(a) => report::run(a),
        Command::Todo(a) => todo::run(a),
        Command::Place(a) => place::run(a),
        Command::Org(a) => org::run(a),
        Command::Reference(a) => reference::run(a),
    }
}

/// The manifest of the run folder `dir` written by `stages` of `study`.
pub(crate) fn manifest_of(
    dir: &std::path::Path,
    study: Option<&crate::config::study::Study>,
    stages: &[&str],
) -> anyhow::Result<crate::run_folder::Manifest> {
    // The inputs as sources.json lists them: ledgers hashed, the rest sized.
    let (ledgers, reference): (Vec<_>, Vec<_>) = study
        .map(crate::config::sources::files)
        .unwrap_or_default()
        .into_iter()
        .partition(|(kind, _)| *kind == "ledger");
    let paths = |v: Vec<(&str, &std::path::Path)>| -> Vec<std::path::PathBuf> {
        v.into_iter().map(|(_, p)| p.to_path_buf()).collect()
    };
    let (ledgers, reference) = (paths(ledgers), paths(reference));
    crate::run_folder::Manifest::of(
        dir,
        study.map(|s| s.path.as_path()),
        &ledgers,
        &reference,
        stages,
    )
}

/// Runs one stage on its own into `out`: from the folder's files as they are, put in
/// place only when the stage succeeds, with a manifest naming the stage.
pub(crate) fn stage_alone(
    study: Option<&crate::config::study::Study>,
    out: &std::path::Path,
    stage: &str,
    work: impl FnOnce(&std::path::Path) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    crate::run_folder::staged_run(out, true, work, |dir| manifest_of(dir, study, &[stage]))
}

/// The last line of a stage: the files it wrote.
pub fn print_written(written: &[PathBuf]) {
    let names: Vec<String> = written
        .iter()
        .map(|p| crate::run_folder::shown(p).display().to_string())
        .collect();
    say!("wrote {}", names.join(", "));
}

/// Options shared by the lookup commands (`place`, `org`).
#[derive(Debug, clap::Args)]
pub struct LookupOptions {
    /// The study whose [reference] files to use [default: sample-data/study.toml]
    #[arg(long)]
    study: Option<PathBuf>,
    /// Print a JSON array, one object per query, in the order given
    #[arg(long)]
    json: bool,
}

impl LookupOptions {
    fn study(&self) -> anyhow::Result<crate::config::study::Study> {
        load_study(self.study.as_deref())
    }

    /// Prints the answers as JSON or as text; exit status 1 when any `failed`.
    fn print<T: serde::Serialize>(
        &self,
        answers: &[T],
        text: impl Fn(&T),
        failed: impl Fn(&T) -> bool,
    ) -> anyhow::Result<ExitCode> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(answers)?);
        } else {
            answers.iter().for_each(text);
        }
        Ok(ExitCode::from(u8::from(answers.iter().any(failed))))
    }
}

/// The study file every stage command reads, given first.
#[derive(Debug, clap::Args)]
pub struct StudyArg {
    /// The study file [default: sample-data/study.toml]
    study: Option<PathBuf>,
}

impl StudyArg {
    fn load(&self) -> anyhow::Result<crate::config::study::Study> {
        load_study(self.study.as_deref())
    }
}

/// Loads the study given, or the sample study.
fn load_study(path: Option<&std::path::Path>) -> anyhow::Result<crate::config::study::Study> {
    let path = path.map_or_else(default_study, std::path::Path::to_path_buf);
    crate::config::study::Study::load(&path)
}

/// The study used when none is given.
pub fn default_study() -> PathBuf {
    PathBuf::from("sample-data/study.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
