//! The ingest stage's entry point: every ledger of the study read into the run folder's
//! first tables, the transactions written as each sheet is finished so that no ledger is
//! held whole.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::reconcile::write_rejects;
use super::{Ingested, plan, transactions};
use crate::config::study::Study;
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
