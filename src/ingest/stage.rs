//! The ingest stage's entry point: every ledger of the study read into the run folder's
//! first tables, the transactions written as each sheet is finished so that no ledger is
//! held whole.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::reconcile::write_rejects;
use super::{Ingested, plan, transactions};
use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::output::{Staging, write_json, write_rows};

/// Reads every ledger of `study` and writes transactions.parquet, rejects.csv,
/// data_quality.csv, sources.json and reconciliation.json into `out`: what was read, and
/// the files written.
pub fn run(study: &Study, out: &Path) -> anyhow::Result<(Ingested, Vec<PathBuf>)> {
    let mut staging = Staging::new(out)?;
    let plan = plan(study)?;
    let fields = plan.text_fields();
    let mut ingested = None;
    staging.write("transactions.parquet", |w| {
        let mut table = transactions::Writer::new(w, &fields)?;
        ingested = Some(plan.run(&mut |chunk| table.push(chunk))?);
        table.finish().context("writing the transactions table")
    })?;
    let ingested = ingested.expect("the table is written once the ledgers are read");
    staging.write("rejects.csv", |w| write_rejects(w, &ingested.rejects))?;
    staging.write("data_quality.csv", |w| write_rows(w, &ingested.quality))?;
    staging.write("sources.json", |w| {
        write_json(w, &crate::config::sources::of_study(study))
    })?;
    staging.write("reconciliation.json", |w| {
        write_json(w, &ingested.reconciliation)
    })?;
    Ok((ingested, staging.commit()?))
}

/// What ingest says when done: rows read, accepted, duplicate, rejected and skipped, with
/// their pence, the files with problems and the sheets passed over.
pub fn summary(study: &Study, ing: &Ingested) -> Vec<String> {
    let mut out = Vec::new();
    let t = &ing.reconciliation.totals;
    let files = ing.files;
    let sheets = ing.reconciliation.files.len();
    push_line!(out, "{}", study.name);
    push_line!(
        out,
        "  read       {:>9} rows from {files} file(s), {sheets} table(s)",
        thousands(t.rows_read)
    );
    push_line!(
        out,
        "  accepted   {:>9} rows  {}",
        thousands(t.rows_accepted),
        pounds(t.pence_accepted)
    );
    push_line!(
        out,
        "  duplicate  {:>9} rows  {}  (repeat rows of another file; kept and marked)",
        thousands(t.rows_duplicate),
        pounds(t.pence_duplicate)
    );
    push_line!(
        out,
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
    push_line!(
        out,
        "  skipped    {:>9} rows{reasons}",
        thousands(t.rows_skipped)
    );
    push_line!(
        out,
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
        push_line!(out, "  files with problems:\n{}", troubled.join("\n"));
    }
    if !ing.quality.is_empty() {
        let count = |k: &str| ing.quality.iter().filter(|q| q.kind == k).count();
        push_line!(
            out,
            "  to check before publishing (data_quality.csv): {} large payment(s), {} total line(s) that disagree with their rows, {} date column(s) written both ways",
            count("large_payment"),
            count("total_disagrees"),
            count("dates_conflict")
        );
    }
    for (file, sheet, why) in &ing.notes {
        if sheet.is_empty() {
            push_line!(out, "  passed over {file}: {why}");
        } else {
            push_line!(out, "  passed over sheet {sheet:?} of {file}: {why}");
        }
    }
    out
}
