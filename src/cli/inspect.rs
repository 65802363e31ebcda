//! `spendgap inspect`: what spendgap sees in a ledger, before anything is run.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::synonyms::Synonyms;
use crate::format::pounds;
use crate::ingest::Format;
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
            print_text(r);
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

fn print_text(r: &FileInspection) {
    println!("== {}", r.file);
    if let Some(e) = &r.error {
        println!("   cannot read: {e}\n");
        return;
    }
    if let Some(format) = r.format {
        let what = match format {
            Format::Text => "delimited text".to_string(),
            Format::Workbook => "spreadsheet workbook".to_string(),
            Format::Archive => format!(
                "archive (a ZIP of {} text file(s), each read as a table)",
                r.sheets.len()
            ),
        };
        println!("   format: {what}, told from the file's bytes");
    }
    if let (Some(enc), Some(le), Some(d)) = (&r.encoding, &r.line_endings, &r.delimiter) {
        let bom = if r.bom == Some(true) { " with BOM" } else { "" };
        let le = if le == "no line breaks" {
            le.clone()
        } else {
            format!("{le} line endings")
        };
        println!("   text: {enc}{bom}, {le}, delimiter {d:?}");
    }
    for s in &r.sheets {
        if let Some(name) = &s.sheet {
            println!("-- sheet {name:?}");
        }
        if let Some(why) = &s.not_a_ledger {
            println!("   not read as a ledger: {why}\n");
            continue;
        }
        match s.header_row {
            Some(h) => println!("   header: row {h} ({} row(s) above it)", s.rows_preamble),
            None => println!("   header: none (columns by position from the study)"),
        }
        println!("   columns:");
        for c in &s.columns {
            let target = match c.field {
                Some(f) => format!("→ {f} ({})", c.how),
                None => format!("   {}", c.how),
            };
            println!(
                "     {:>3}  {:<32} {target}",
                c.column,
                format!("{:?}", c.header)
            );
        }
        for c in &s.choices {
            println!(
                "   {} → column {} {:?}: score {:.2} ({}{})",
                c.field,
                c.column,
                c.header,
                c.score,
                c.how,
                if c.why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.why)
                }
            );
            if let Some(r) = &c.runner_up {
                println!(
                    "       runner-up column {} {:?}: {:.2} ({})",
                    r.column, r.header, r.score, r.why
                );
            }
        }
        if let Some(d) = &s.dates {
            println!("   dates: {}: {}", d.date_order, d.evidence);
        }
        for (why, n) in &s.undated {
            println!("   undated {n}: {why}");
        }
        if s.month_only > 0 {
            println!(
                "   {} row(s) dated by a month alone, read as its 1st day",
                s.month_only
            );
        }
        for f in &s.footers_disagreeing {
            println!(
                "   row {}: a total line of {} where the rows above it sum to {}: not counted; check the file",
                f.row,
                pounds(f.footer_pence),
                pounds(f.rows_pence)
            );
        }
        if let Some(c) = &s.counts {
            println!(
                "   rows below the header: {} read = {} accepted + {} rejected + {} skipped",
                c.rows_read, c.rows_accepted, c.rows_rejected, c.rows_skipped
            );
            println!(
                "   accepted total {}; {} undated, {} with no payee, {} repaired, {} rounded",
                pounds(c.pence_accepted),
                c.rows_undated,
                c.rows_unnamed,
                c.rows_repaired,
                c.rows_rounded
            );
        }
        for (why, n) in &s.skipped {
            println!("   skipped {n}: {why}");
        }
        if !s.samples.is_empty() {
            println!("   sample rows:");
        }
        for x in &s.samples {
            let fields: Vec<String> = x.fields.iter().map(|(f, v)| format!("{f}={v:?}")).collect();
            println!(
                "     row {:>5}: {} {} {}",
                x.row,
                x.date.as_deref().unwrap_or("(no date)"),
                pounds(x.amount_pence),
                fields.join(" ")
            );
        }
        if s.problems_total > 0 {
            println!("   problems ({}):", s.problems_total);
            for p in &s.problems {
                println!(
                    "     row {:>5} {:?} {:?}: {}",
                    p.row, p.column, p.raw_value, p.message
                );
            }
            if s.problems_total > s.problems.len() as u64 {
                println!(
                    "     … and {} more",
                    s.problems_total - s.problems.len() as u64
                );
            }
        }
        println!();
    }
}
