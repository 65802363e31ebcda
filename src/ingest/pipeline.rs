//! The ingest stage from a study's files to the rows of the transactions table, in study
//! order: files under [`STREAM_FROM`] are read whole, on every core at once; a larger text
//! ledger is streamed, its pieces read ahead on every core and each finished, checked for
//! duplicates and handed on as soon as it can be, so that no ledger is ever held whole and
//! memory grows far slower than the input.

use rayon::prelude::*;

use super::dedup::Deduper;
use super::evidence::{AmountProfile, DateEvidence};
use super::finish::{Finisher, decide_sheet, proven_order};
use super::finished::DateDecision;
use super::quality::{AnchorQuality, QualityNote};
use super::reconcile::{self, FileReconciliation, Reconciliation, Reject};
use super::record::SheetOutcome;
use super::sheet_reader::NotALedger;
use super::{LedgerRead, batch::Batch, read_ledger};
use crate::config::field::Field;
use crate::config::study::{Ledger, Study};
use crate::read::container::Container;
use crate::read::values::date::DateOrder;

/// Text ledgers from this size are streamed rather than read whole.
pub const STREAM_FROM: u64 = 64 << 20;

/// How large ledgers are streamed.
#[derive(Debug, Clone, Copy)]
pub struct Streaming {
    /// Text ledgers from this size are streamed rather than read whole.
    pub from: u64,
    /// Streamed ledgers from this size have their pages let go as they are read.
    pub let_go_from: u64,
    /// Bytes in a piece.
    pub chunk: usize,
    /// Rows a streamed sheet gathers before its date order and amount format are decided
    /// (and then until a date proves the order, up to `window_max`). A sheet shorter than
    /// this is decided on all its rows, exactly as if read whole.
    pub window: u64,
    pub window_max: u64,
}

impl Default for Streaming {
    fn default() -> Self {
        Streaming {
            from: STREAM_FROM,
            let_go_from: 512 << 20,
            chunk: super::text::CHUNK_BYTES,
            window: 100_000,
            window_max: 1_000_000,
        }
    }
}

/// The result of the ingest stage.
pub struct Ingested {
    /// Files read.
    pub files: usize,
    pub reconciliation: Reconciliation,
    pub rejects: Vec<Reject>,
    /// Sheets passed over because they hold no ledger: (file, sheet, reason).
    pub notes: Vec<(String, String, String)>,
    /// What a person should look at before publishing (`data_quality.csv`).
    pub quality: Vec<QualityNote>,
}

/// Rows on their way to the transactions table: one sheet's, or a piece of one.
pub struct Chunk<'a> {
    pub anchor_id: &'a str,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub batch: Batch,
}

/// A file of the study as planned: read whole already, or to be streamed.
enum Planned {
    Read(LedgerRead),
    Streamed {
        text_fields: Vec<Field>,
        /// The date order its first rows prove.
        head_order: Option<DateOrder>,
    },
}

/// The study's files, checked and (all but the largest) read, ready to be finished and
/// handed on in study order by [`Plan::run`].
pub struct Plan<'a> {
    study: &'a Study,
    jobs: Vec<(&'a str, &'a Ledger)>,
    files: Vec<Planned>,
    streaming: Streaming,
}

/// Whether a ledger is a text file large enough to stream.
fn streamed(ledger: &Ledger, from: u64) -> bool {
    let large = std::fs::metadata(&ledger.path).is_ok_and(|m| m.len() >= from);
    large
        && matches!(
            crate::read::container::sniff(&ledger.path),
            Ok(Container::Text)
        )
}

/// What a streamed text ledger's first rows (its first 256 KB) say: the fields its header
/// names, and the date order they prove (for its anchor's other files to borrow); nothing
/// when it holds no ledger (the stream says why).
fn head(ledger: &Ledger, study: &Study) -> Result<Planned, String> {
    use std::io::Read;
    // Enough for the header search and the rows it weighs (230 rows of 1 KB).
    let mut head = vec![0u8; 256 << 10];
    let n = std::fs::File::open(&ledger.path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("cannot read {}: {e}", ledger.path.display()))?;
    head.truncate(n);
    // Whole lines only.
    if let Some(end) = head.iter().rposition(|b| *b == b'\n' || *b == b'\r') {
        head.truncate(end + 1);
    }
    let read = super::text::read_text(&head, &ledger.options, &study.synonyms);
    Ok(match read.outcome {
        Ok(o) => Planned::Streamed {
            text_fields: Field::TEXT
                .into_iter()
                .filter(|f| o.mapping.col(*f).is_some())
                .collect(),
            head_order: proven_order(&o.dates),
        },
        Err(_) => Planned::Streamed {
            text_fields: Vec::new(),
            head_order: None,
        },
    })
}

/// Checks every file of the study and reads all but the largest, in parallel. Fails,
/// naming each file, when one cannot be read, or when none holds a ledger.
pub fn plan(study: &Study) -> anyhow::Result<Plan<'_>> {
    plan_with(study, Streaming::default())
}

/// [`plan`] with the streaming of large ledgers set by hand (for tests: a tiny file
/// streamed in tiny pieces).
pub fn plan_with(study: &Study, streaming: Streaming) -> anyhow::Result<Plan<'_>> {
    let jobs: Vec<(&str, &Ledger)> = study
        .anchors
        .iter()
        .flat_map(|a| a.ledgers.iter().map(move |l| (a.id.as_str(), l)))
        .collect();
    let files: Vec<Result<Planned, String>> = jobs
        .par_iter()
        .map(|(id, l)| {
            if streamed(l, streaming.from) {
                return head(l, study);
            }
            let read = read_ledger(id, l, &study.synonyms);
            match read.error.clone().or_else(|| read.fatal()) {
                Some(e) => Err(e),
                None => Ok(Planned::Read(read)),
            }
        })
        .collect();
    let fatal: Vec<String> = jobs
        .iter()
        .zip(&files)
        .filter_map(|((_, l), f)| f.as_ref().err().map(|e| format!("  {}: {e}", l.display)))
        .collect();
    if !fatal.is_empty() {
        anyhow::bail!(
            "cannot read {} ledger file(s); nothing was written:\n{}",
            fatal.len(),
            fatal.join("\n")
        );
    }
    let files: Vec<Planned> = files.into_iter().map(|f| f.expect("checked")).collect();
    let any_ledger = files.iter().any(|f| match f {
        Planned::Streamed { .. } => true,
        Planned::Read(r) => r.sheets.iter().any(|s| s.outcome.is_ok()),
    });
    if !any_ledger {
        let why: Vec<String> = files
            .iter()
            .filter_map(|f| match f {
                Planned::Read(r) => Some(r),
                Planned::Streamed { .. } => None,
            })
            .flat_map(|r| {
                r.sheets.iter().filter_map(move |s| {
                    let e = s.outcome.as_ref().err()?;
                    Some(format!("  {}: {e}", r.label(s.sheet.as_deref())))
                })
            })
            .collect();
        anyhow::bail!(
            "no ledger could be read from the study's files; nothing was written:\n{}",
            why.join("\n")
        );
    }
    Ok(Plan {
        study,
        jobs,
        files,
        streaming,
    })
}

/// What one anchor's files share while they are finished in order.
struct AnchorRun<'a> {
    anchor_id: &'a str,
    labels: &'a crate::config::ledger_words::LedgerWords,
    dedup: Deduper,
    quality: AnchorQuality,
    /// The nearest earlier sheet whose own dates prove an order, and its name.
    last_proven: Option<(DateOrder, String)>,
    /// The nearest later sheet read whole that proves one (for a streamed sheet that
    /// proves none).
    later_proven: Vec<(usize, DateOrder, String)>,
}

/// The output of finishing the study's files, gathered for the reconciliation.
#[derive(Default)]
struct Gathered {
    files: Vec<FileReconciliation>,
    rejects: Vec<Reject>,
    notes: Vec<(String, String, String)>,
    quality: Vec<QualityNote>,
}

impl Plan<'_> {
    /// The optional text columns the transactions table will have: those any ledger has.
    pub fn text_fields(&self) -> Vec<Field> {
        Field::TEXT
            .into_iter()
            .filter(|f| {
                self.files.iter().any(|p| match p {
                    Planned::Streamed { text_fields, .. } => text_fields.contains(f),
                    Planned::Read(r) => r
                        .sheets
                        .iter()
                        .filter_map(|s| s.outcome.as_ref().ok())
                        .any(|o| o.mapping.col(*f).is_some()),
                })
            })
            .collect()
    }

    /// Finishes every sheet in study order — dates, totals, references, duplicates — and
    /// hands its rows to `sink`, then reconciles.
    pub fn run(
        self,
        sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<Ingested> {
        let Plan {
            study,
            jobs,
            files,
            streaming,
        } = self;
        let n_files = files.len();
        let mut files: Vec<Option<Planned>> = files.into_iter().map(Some).collect();
        let mut out = Gathered::default();
        for anchor in &study.anchors {
            let own: Vec<usize> = (0..jobs.len())
                .filter(|&i| jobs[i].0 == anchor.id)
                .collect();
            let proofs = proofs(&own, &files, &jobs);
            let decisions = decide_read_sheets(&own, &files, &proofs);
            let mut run = AnchorRun {
                anchor_id: &anchor.id,
                labels: &study.synonyms.words,
                dedup: Deduper::default(),
                quality: AnchorQuality::new(&anchor.id),
                last_proven: None,
                later_proven: proofs
                    .into_iter()
                    .filter_map(|(k, o, l)| Some((k, o?, l)))
                    .collect(),
            };
            let mut decisions = decisions.into_iter();
            for (k, &i) in own.iter().enumerate() {
                let remember = k + 1 < own.len();
                match files[i].take().expect("each file once") {
                    Planned::Read(mut read) => finish_read(
                        &mut read,
                        &mut decisions,
                        &mut run,
                        remember,
                        &mut out,
                        sink,
                    )?,
                    Planned::Streamed { .. } => {
                        let at = stream::StreamAt {
                            position: k,
                            remember,
                            streaming,
                        };
                        stream::stream_file(jobs[i].1, at, study, &mut run, &mut out, sink)?
                    }
                }
                run.dedup.end_file();
            }
            out.quality.extend(run.quality.end(study.payment_ceiling));
        }
        let anchors: Vec<(String, String)> = study
            .anchors
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect();
        let reconciliation = Reconciliation::build(&study.name, &anchors, out.files);
        if !reconciliation.totals.balances()
            || reconciliation.files.iter().any(|f| !f.counts.balances())
        {
            anyhow::bail!(
                "internal error: the reconciliation does not balance; please report this"
            );
        }
        Ok(Ingested {
            files: n_files,
            reconciliation,
            rejects: out.rejects,
            notes: out.notes,
            quality: out.quality,
        })
    }
}

/// Each sheet of an anchor in study order as (position of its file in the anchor, the
/// order its own dates prove, its name); a streamed file counts by its first rows.
fn proofs(
    own: &[usize],
    files: &[Option<Planned>],
    jobs: &[(&str, &Ledger)],
) -> Vec<(usize, Option<DateOrder>, String)> {
    let mut out = Vec::new();
    for (k, &i) in own.iter().enumerate() {
        match &files[i] {
            Some(Planned::Read(r)) => {
                for s in &r.sheets {
                    if let Ok(o) = &s.outcome {
                        out.push((k, proven_order(&o.dates), r.label(s.sheet.as_deref())));
                    }
                }
            }
            Some(Planned::Streamed { head_order, .. }) => {
                out.push((k, *head_order, jobs[i].1.display.clone()));
            }
            None => {}
        }
    }
    out
}

/// The date decisions of an anchor's sheets read whole, in study order: a sheet whose own
/// dates prove nothing takes the order of the nearest sheet that does, before it, else
/// after it (streamed files decide their own as they are read).
fn decide_read_sheets(
    own: &[usize],
    files: &[Option<Planned>],
    proofs: &[(usize, Option<DateOrder>, String)],
) -> Vec<DateDecision> {
    let mut out = Vec::new();
    let mut at = 0; // index into `proofs`, which lists the read sheets in the same order
    for &i in own {
        match &files[i] {
            Some(Planned::Read(r)) => {
                for s in &r.sheets {
                    if let Ok(o) = &s.outcome {
                        let before = proofs[..at].iter().rev().find(|p| p.1.is_some());
                        let after = proofs[at + 1..].iter().find(|p| p.1.is_some());
                        let borrowed = before
                            .or(after)
                            .map(|(_, o, l)| (o.expect("proven"), l.as_str()));
                        out.push(decide_sheet(&o.dates, r.date_order, borrowed));
                        at += 1;
                    }
                }
            }
            Some(Planned::Streamed { .. }) => at += 1,
            None => {}
        }
    }
    out
}

/// Finishes the sheets of a file read whole and hands them on.
fn finish_read(
    read: &mut LedgerRead,
    decisions: &mut impl Iterator<Item = DateDecision>,
    run: &mut AnchorRun<'_>,
    remember: bool,
    out: &mut Gathered,
    sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let labels: Vec<String> = read
        .sheets
        .iter()
        .map(|s| read.label(s.sheet.as_deref()))
        .collect();
    for (s, label) in read.sheets.iter_mut().zip(labels) {
        match &mut s.outcome {
            Ok(o) => {
                if let Some(order) = proven_order(&o.dates) {
                    run.last_proven = Some((order, label.clone()));
                }
                super::finish::finish(
                    o,
                    decisions.next().expect("a decision per sheet"),
                    &run.labels.totals,
                );
                run.dedup
                    .sheet(&label, &mut o.batch, &mut o.counts, remember);
                hand_on(read.file.as_str(), s.sheet.as_deref(), o, run, out, sink)?;
                out.files.push(reconcile::of_sheet(
                    &read.file,
                    &read.anchor_id,
                    s.sheet.as_deref(),
                    o,
                ));
            }
            Err(e) => out.notes.push((
                read.file.clone(),
                s.sheet.clone().unwrap_or_default(),
                e.to_string(),
            )),
        }
    }
    Ok(())
}

/// A finished sheet's (or piece's) rows: counted for the data-quality notes and the
/// rejects, then handed to the table.
fn hand_on(
    file: &str,
    sheet: Option<&str>,
    o: &mut SheetOutcome,
    run: &mut AnchorRun<'_>,
    out: &mut Gathered,
    sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    run.quality.rows(file, sheet, &o.batch);
    out.rejects.extend(reconcile::rejects_of(o, file, sheet));
    o.rejects.clear();
    if let Some(f) = &o.finished {
        run.quality.finished(file, sheet, f);
    }
    sink(Chunk {
        anchor_id: run.anchor_id,
        file,
        sheet,
        batch: std::mem::take(&mut o.batch),
    })
}

fn run_anchor<'a>(run: &AnchorRun<'a>) -> &'a str {
    run.anchor_id
}

mod stream;
#[cfg(test)]
mod tests;
