//! A text ledger too large to hold whole, streamed: its pieces read ahead on every core,
//! gathered until their dates and amounts say how to read the sheet, then finished one
//! behind the next, checked for duplicates and handed on.

use super::*;

/// A streamed sheet: its pieces gathered until its dates and amounts say how to read it,
/// then finished one behind the next (a reference number at the end of one piece may be
/// joined to the first line of the next), checked for duplicates and handed on.
struct StreamedSheet<'f, 'r, 'a> {
    streaming: Streaming,
    file: &'f str,
    label: String,
    remember: bool,
    forced: Option<DateOrder>,
    borrowed: Option<(DateOrder, String)>,
    dates: DateEvidence,
    amounts: AmountProfile,
    window: Vec<SheetOutcome>,
    decided: Option<(DateDecision, Finisher<'a>)>,
    pending: Option<SheetOutcome>,
    /// Everything but the rows, gathered from the pieces handed on.
    summary: Option<SheetOutcome>,
    run: &'r mut AnchorRun<'a>,
}

impl StreamedSheet<'_, '_, '_> {
    fn take(
        &mut self,
        mut piece: SheetOutcome,
        out: &mut Gathered,
        sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.dates.absorb(std::mem::take(&mut piece.dates));
        self.amounts.absorb(std::mem::take(&mut piece.amounts));
        if self.decided.is_some() {
            return self.queue(piece, out, sink);
        }
        self.window.push(piece);
        let seen = self.dates.seen;
        let settled =
            !self.dates.numeric || self.dates.proven() || seen >= self.streaming.window_max;
        if seen >= self.streaming.window && settled {
            self.decide();
            for p in std::mem::take(&mut self.window) {
                self.queue(p, out, sink)?;
            }
        }
        Ok(())
    }

    fn decide(&mut self) {
        let borrowed = self.borrowed.as_ref().map(|(o, l)| (*o, l.as_str()));
        let d = decide_sheet(&self.dates, self.forced, borrowed);
        let f = Finisher::new(&d, self.amounts.formatted(), &self.run.labels.totals);
        self.decided = Some((d, f));
    }

    /// Finishes the piece before this one, now that its successor is known.
    fn queue(
        &mut self,
        piece: SheetOutcome,
        out: &mut Gathered,
        sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let next = piece.batch.flags.first().zip(piece.batch.amounts.first());
        let next = next.map(|(f, a)| (*f, *a));
        match self.pending.replace(piece) {
            Some(prev) => self.finish_piece(prev, next, out, sink),
            None => Ok(()),
        }
    }

    fn finish_piece(
        &mut self,
        mut o: SheetOutcome,
        next: Option<(u16, i64)>,
        out: &mut Gathered,
        sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let (_, finisher) = self.decided.as_mut().expect("decided before finishing");
        finisher.piece(&mut o, next);
        self.run
            .dedup
            .sheet(&self.label, &mut o.batch, &mut o.counts, self.remember);
        hand_on(self.file, None, &mut o, self.run, out, sink)?;
        match &mut self.summary {
            None => self.summary = Some(o),
            Some(s) => s.merge(o),
        }
        Ok(())
    }

    /// Ends the sheet: the last pieces finished, the rules' findings noted.
    fn end(
        mut self,
        out: &mut Gathered,
        sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<SheetOutcome> {
        if self.decided.is_none() {
            self.decide();
            for p in std::mem::take(&mut self.window) {
                self.queue(p, out, sink)?;
            }
        }
        if let Some(last) = self.pending.take() {
            self.finish_piece(last, None, out, sink)?;
        }
        let (mut decision, finisher) = self.decided.take().expect("decided");
        // The counts of the whole sheet, where the decision saw its first rows.
        decision.day_first = self.dates.day_first;
        decision.month_first = self.dates.month_first;
        decision.conflict = self.dates.day_first > 0 && self.dates.month_first > 0;
        let mut summary = self
            .summary
            .take()
            .expect("a streamed sheet has a first piece");
        summary.dates = std::mem::take(&mut self.dates);
        summary.amounts = self.amounts;
        let finished = finisher.done(decision);
        self.run.quality.finished(self.file, None, &finished);
        summary.finished = Some(finished);
        Ok(summary)
    }
}

/// Where a streamed file stands in its anchor, and how to stream it.
pub(super) struct StreamAt {
    pub(super) position: usize,
    pub(super) remember: bool,
    pub(super) streaming: Streaming,
}

/// Streams a large text ledger: mapped, looked at a window at a time, read in pieces on
/// every core, each piece's pages let go once it is handed on.
pub(super) fn stream_file(
    ledger: &Ledger,
    at: StreamAt,
    study: &Study,
    run: &mut AnchorRun<'_>,
    out: &mut Gathered,
    sink: &mut dyn FnMut(Chunk<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = std::fs::File::open(&ledger.path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", ledger.path.display()))?;
    let size = file.metadata().map_or(0, |m| m.len());
    // Under `let_go_from` the file is read into memory at once (faulting its pages in one by
    // one costs more than holding them); from it, pages are let go as soon as each
    // window and piece is done with, so memory stays a few pieces' worth.
    let let_go = size >= at.streaming.let_go_from;
    // SAFETY: read-only, and held only while this ledger is read; a ledger truncated by
    // another program during the read is outside what spendgap can guard against, as for
    // any tool that maps its input.
    let map = unsafe {
        let mut options = memmap2::MmapOptions::new();
        if !let_go {
            options.populate();
        }
        options.map(&file)
    }
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot read {}: {e} (out of memory or address space?)",
            ledger.path.display()
        )
    })?;
    let _ = map.advise(memmap2::Advice::Sequential);
    let release = |from: usize, to: usize| {
        if !let_go {
            return;
        }
        // SAFETY: a private read-only file mapping: pages let go are read again from the
        // file if touched, never lost.
        let _ = unsafe {
            map.unchecked_advise_range(
                memmap2::UncheckedAdvice::DontNeed,
                from,
                to.saturating_sub(from),
            )
        };
    };
    let (body, info) =
        crate::read::decode::sniff_in_windows(&map, ledger.options.encoding, &release);
    let base = map.len() - body.len();
    let delimiter = crate::ingest::text::delimiter_of(body, &info, &ledger.options);
    let borrowed = run.last_proven.clone().or_else(|| {
        run.later_proven
            .iter()
            .find(|(k, _, _)| *k > at.position)
            .map(|(_, o, l)| (*o, l.clone()))
    });
    let mut sheet = StreamedSheet {
        streaming: at.streaming,
        file: &ledger.display,
        label: ledger.display.clone(),
        remember: at.remember,
        forced: ledger.options.date_order,
        borrowed,
        dates: DateEvidence::default(),
        amounts: AmountProfile::default(),
        window: Vec::new(),
        decided: None,
        pending: None,
        summary: None,
        run,
    };
    let pieces = crate::ingest::text::Pieces {
        bytes: body,
        encoding: info.encoding,
        delimiter,
        chunk: at.streaming.chunk,
    };
    let mut failed: Option<anyhow::Error> = None;
    let read = pieces.stream(
        &ledger.options,
        &study.synonyms,
        &|from, to| release(base + from, base + to),
        &mut |piece| {
            sheet.take(piece, out, sink).map_err(|e| {
                failed = Some(e);
                NotALedger::from("stopped".to_string())
            })
        },
    );
    if let Some(e) = failed {
        return Err(e);
    }
    if let Err(e) = read {
        out.notes
            .push((ledger.display.clone(), String::new(), e.to_string()));
        return Ok(());
    }
    let summary = sheet.end(out, sink)?;
    if let Some(order) = proven_order(&summary.dates) {
        run.last_proven = Some((order, ledger.display.clone()));
    }
    out.files.push(reconcile::of_sheet(
        &ledger.display,
        run_anchor(run),
        None,
        &summary,
    ));
    Ok(())
}
