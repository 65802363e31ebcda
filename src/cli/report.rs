//! `spendgap report`: the report, charts, workbook and summary from a finished run folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::report::page::{points, shown_now};
use crate::report::summary::Summary;

/// Write report.html, charts/ (charts and maps, SVG and PNG), baseline.xlsx and
/// summary.json into a run folder, from the tables the other stages wrote there.
///
/// report.html is one self-contained page that opens in any browser and prints to A4;
/// baseline.xlsx holds every table as a formatted sheet; each chart is also a file for
/// slides. Rerun it after editing nothing but the run folder's tables, or let `spendgap
/// run` do it as its last stage.
///
/// Example:
///   spendgap report reports/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = super::EXIT_CODES)]
pub struct Args {
    /// The run folder [default: reports]
    run_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.run_dir.unwrap_or_else(|| PathBuf::from("reports"));
    super::stage_alone(None, &dir, "report", report_run)
}

/// Writes the report into `dir` and prints where it is and the headline figures. Exit
/// status 1 when a headline figure is not known: the report is written, but it cannot
/// be published as a baseline yet.
pub fn report_run(dir: &Path) -> anyhow::Result<ExitCode> {
    let (report, written) = crate::report::write(dir)?;
    say!(
        "report: {} ({} chart(s), {} map(s), baseline.xlsx, summary.json)",
        crate::run_folder::shown(&dir.join("report.html")).display(),
        report.charts.len(),
        report.maps.maps.len()
    );
    for line in &report.maps.missing {
        say!("  {line}");
    }
    print_headline(&report.summary);
    super::print_written(&written);
    let s = &report.summary;
    if s.not_known.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "spendgap: finished with warnings (exit status 1): {} headline figure(s) not known ({}): \
         run `spendgap todo` to list the suppliers to place, size and identify",
        s.not_known.len(),
        s.not_known.join("; ")
    );
    Ok(ExitCode::from(1))
}

/// The headline figures, as the report's table gives them.
fn print_headline(s: &Summary) {
    let Some(year) = &s.year else {
        say!("  no dated spend: no yearly figures");
        return;
    };
    let status = s.year_status.as_deref().unwrap_or("complete");
    say!("  {year} ({status} year):");
    for h in &s.headline {
        let change = match (h.unit.as_str(), h.change, &s.compared_year) {
            ("share", Some(c), Some(y)) => format!("  ({} on {y})", points(c)),
            _ => String::new(),
        };
        say!("    {:<42} {}{change}", h.label, shown_now(h));
    }
    if !s.coverage.is_empty() {
        say!(
            "  of the influenceable spend: {}",
            s.coverage_parts().join(", ")
        );
    }
    if let Some(o) = s.opportunities.first() {
        say!(
            "  first opportunity: {} in {} ({})",
            o.market,
            o.area,
            o.verdict
        );
    }
    if !s.missing_reference.is_empty() {
        say!("  reference data the study went without:");
        for m in &s.missing_reference {
            say!("    {} ({}): {}", m.kind, m.what, m.leaves_unknown);
            say!("      get it from {}", m.get_it);
        }
    }
}
