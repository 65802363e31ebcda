//! The rules that need a whole sheet (and its anchor's other sheets) before they can
//! decide a row: the order of day and month its dates are written in, total lines that
//! equal the sum of the rows above them wherever their label stands, and reference
//! numbers that landed in the amount column. Money is dropped only by such proof.

use super::batch::flag;
use super::evidence::DateEvidence;
use super::finished::{DateDecision, Finished, FooterNote};
use super::label::is_total_label;
use super::record::SheetOutcome;
use crate::config::field::Field;
use crate::config::ledger_words::TotalWords;
use crate::read::values::date::{DateOrder, DateRead, Undated};

fn name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Dmy => "dmy",
        DateOrder::Mdy => "mdy",
        DateOrder::Ymd => "ymd",
    }
}

fn words(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Dmy => "day-first",
        DateOrder::Mdy => "month-first",
        DateOrder::Ymd => "year-first",
    }
}

/// The order a sheet's own dates prove: the one more dates prove, or on a tie the one
/// proven first.
fn proven(e: &DateEvidence) -> Option<DateOrder> {
    match (e.day_first, e.month_first) {
        (0, 0) => None,
        (d, m) if d > m => Some(DateOrder::Dmy),
        (d, m) if m > d => Some(DateOrder::Mdy),
        _ if e.first_day_first < e.first_month_first => Some(DateOrder::Dmy),
        _ => Some(DateOrder::Mdy),
    }
}

/// Whether a sheet's ambiguous dates fit its other dates only the other way round: with
/// a tolerance of a quarter of the span of its dates that need no order (at least a
/// fortnight), at least two more, and at least twice as many, of them land near that
/// span read in the other order.
fn ambiguous_order(e: &DateEvidence, order: DateOrder) -> DateOrder {
    let Some((lo, hi)) = e.span else {
        return order;
    };
    let other = if order == DateOrder::Mdy {
        DateOrder::Dmy
    } else {
        DateOrder::Mdy
    };
    let tolerance = (f64::from(hi - lo) / 4.0).max(14.0);
    let near = |d: i32| f64::from((lo - d).max(d - hi).max(0)) <= tolerance;
    let reading =
        |(dmy, mdy): (i32, i32), o: DateOrder| if o == DateOrder::Mdy { mdy } else { dmy };
    let fits = |o: DateOrder| e.ambiguous.iter().filter(|p| near(reading(**p, o))).count();
    let (n_order, n_other) = (fits(order), fits(other));
    if n_other >= n_order + 2 && n_other >= 2 * n_order {
        other
    } else {
        order
    }
}

/// Decides the date order of each sheet of one anchor, in study order (`labels` name them
/// for the evidence text). A sheet its own dates prove takes that order; one that proves
/// nothing takes the order of the nearest sheet before it that does, else the nearest
/// after it, else day-first (the UK convention). `forced` is the study's order, if given,
/// which always wins.
pub fn decide_orders(
    sheets: &[(&DateEvidence, Option<DateOrder>)],
    labels: &[String],
) -> Vec<DateDecision> {
    let own: Vec<Option<DateOrder>> = sheets.iter().map(|(e, _)| proven(e)).collect();
    (0..sheets.len())
        .map(|i| {
            let before = (0..i).rev().find(|&j| own[j].is_some());
            let after = (i + 1..sheets.len()).find(|&j| own[j].is_some());
            let borrowed = before
                .or(after)
                .map(|j| (own[j].expect("found proven"), labels[j].as_str()));
            let (e, forced) = sheets[i];
            decide_sheet(e, forced, borrowed)
        })
        .collect()
}

/// The order this sheet's own dates prove, if any (for a later sheet to borrow).
pub fn proven_order(e: &DateEvidence) -> Option<DateOrder> {
    proven(e)
}

/// Decides one sheet's date order: the study's, else its own dates', else `borrowed` (the
/// order another sheet of the anchor proves, and its name), else day-first.
pub fn decide_sheet(
    e: &DateEvidence,
    forced: Option<DateOrder>,
    borrowed: Option<(DateOrder, &str)>,
) -> DateDecision {
    let (order, evidence) = if !e.numeric && forced.is_none() {
        let how = if e.year_first {
            "year first"
        } else {
            "as date cells, with month names or as a month alone"
        };
        (
            DateOrder::Dmy,
            format!("no order needed: the dates are written {how}"),
        )
    } else if let Some(o) = forced {
        (
            o,
            format!(
                "{} as the study says (date_order = \"{}\")",
                words(o),
                name(o)
            ),
        )
    } else if let Some(o) = proven(e) {
        let n = if o == DateOrder::Dmy {
            e.day_first
        } else {
            e.month_first
        };
        let which = if o == DateOrder::Dmy {
            "first"
        } else {
            "second"
        };
        (
            o,
            format!("{n} dates prove it {} (a {which} number over 12)", words(o)),
        )
    } else {
        match borrowed {
            Some((o, label)) => (
                o,
                format!(
                    "no date proves either order, so {} as {label} proves",
                    words(o)
                ),
            ),
            None => (
                DateOrder::Dmy,
                "no date in the anchor's files proves either order: read day-first (the UK \
                 convention); check it"
                    .to_string(),
            ),
        }
    };
    let read_ambiguous = if forced.is_some() {
        order
    } else {
        ambiguous_order(e, order)
    };
    let conflict = e.day_first > 0 && e.month_first > 0;
    let mut evidence = evidence;
    if conflict {
        evidence += &format!(
            "; but {} dates are only day-first and {} only month-first: each is read the one \
             way it is a date, a data problem to check",
            e.day_first, e.month_first
        );
    }
    if read_ambiguous != order {
        evidence += &format!(
            "; its {} dates readable either way are read {}, the only way they fall among its \
             other dates",
            e.ambiguous.len(),
            words(read_ambiguous)
        );
    }
    let date_order = if e.numeric {
        name(order)
    } else if e.year_first {
        "ymd"
    } else {
        "none"
    };
    DateDecision {
        date_order,
        evidence,
        day_first: e.day_first,
        month_first: e.month_first,
        ambiguous: e.ambiguous.len() as u64,
        conflict,
        ambiguous_read: (read_ambiguous != order).then(|| name(read_ambiguous)),
        read_ambiguous,
    }
}

const TOTAL: &str = "total or sub-total line";
const UNLABELLED_TOTAL: &str = "unlabelled total (equals the sum of the rows above it)";
const GRAND_TOTAL: &str = "grand total (equals the sum of its sub-totals)";
const SECOND_LINE: &str = "second line of a record split over two lines (joined to the line above)";
const REFERENCE: &str = "looks like a reference number, not an amount";
const TOO_LARGE: &str =
    "amount is too large to be a payment (and is not the total of the rows above it)";

/// A sum of pence as written in a ledger: `436195370011.08`.
fn pounds_text(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        pence.unsigned_abs() / 100,
        pence.unsigned_abs() % 100
    )
}

/// The sheet-wide rules applied to a sheet's rows in order, piece by piece (a sheet read
/// whole is one piece): dates read in the decided order; then each kept row is a total
/// when it lacks a payee or a date and its amount equals the sum of the rows above it
/// (since the last total; a grand total equals the sum since the last grand total); a
/// reference-shaped amount in a column that formats its sums is joined to the next line
/// when that line holds only an amount, else rejected; a row of a total's label and an
/// amount alone is a total that disagrees. Each piece's counts are then taken from the
/// rows that remain.
pub struct Finisher<'w> {
    labels: &'w TotalWords,
    read_ambiguous: DateOrder,
    formatted: bool,
    since: i64,
    count: u64,
    since_grand: i64,
    /// The first row of the next piece was joined to the last row of the one before.
    drop_first: bool,
    totals: u64,
    footers: Vec<FooterNote>,
}

impl<'w> Finisher<'w> {
    /// `formatted`: whether the sheet's amount column writes its large sums with pence
    /// or separators (see `AmountProfile`); `labels`: the words of a total's label.
    pub fn new(dates: &DateDecision, formatted: bool, labels: &'w TotalWords) -> Self {
        Finisher {
            labels,
            read_ambiguous: dates.read_ambiguous,
            formatted,
            since: 0,
            count: 0,
            since_grand: 0,
            drop_first: false,
            totals: 0,
            footers: Vec::new(),
        }
    }

    /// Applies the rules to the rows of `o`, the sheet's next piece; `next` is the flags
    /// and amount of the first row of the piece after it, if one follows.
    pub fn piece(&mut self, o: &mut SheetOutcome, next: Option<(u16, i64)>) {
        let month_first = self.read_ambiguous == DateOrder::Mdy;
        for d in &mut o.batch.dates {
            match *d {
                DateRead::Either { dmy, mdy } => {
                    *d = DateRead::Fixed(if month_first { mdy } else { dmy });
                }
                DateRead::DayFirst(x) | DateRead::MonthFirst(x) => *d = DateRead::Fixed(x),
                _ => {}
            }
        }
        let amount_label = o
            .mapping
            .col(Field::Amount)
            .map(|c| o.mapping.column_label(c))
            .unwrap_or_default();
        let n = o.batch.len();
        let mut drop = vec![false; n];
        let mut skipped: Vec<&str> = Vec::new();
        let mut rejected: Vec<(u32, String, &str)> = Vec::new();
        let mut i = 0;
        if std::mem::take(&mut self.drop_first) && n > 0 {
            drop[0] = true;
            skipped.push(SECOND_LINE);
            i = 1;
        }
        while i < n {
            let mut f = o.batch.flags[i];
            let amount = o.batch.amounts[i];
            let dated = f & flag::DATED != 0;
            // A dated row equal to the rows above it: is its payee cell a total's label?
            let sums = amount != 0
                && ((amount == self.since && self.count >= 2)
                    || (self.since_grand != self.since && amount == self.since_grand));
            if sums
                && dated
                && f & flag::PAYEE != 0
                && o.batch
                    .text(Field::SupplierName)
                    .and_then(|c| c.get(i))
                    .is_some_and(|t| is_total_label(t, self.labels))
            {
                f = (f & !flag::PAYEE) | flag::HAS_LABEL;
            }
            let payee = f & flag::PAYEE != 0;
            if !(payee && dated) && amount != 0 {
                let need = if payee || dated { 2 } else { 1 };
                if amount == self.since && self.count >= need {
                    drop[i] = true;
                    skipped.push(if f & flag::HAS_LABEL != 0 {
                        TOTAL
                    } else {
                        UNLABELLED_TOTAL
                    });
                    self.totals += 1;
                    (self.since, self.count) = (0, 0);
                    i += 1;
                    continue;
                }
                if self.since_grand != self.since && amount == self.since_grand {
                    drop[i] = true;
                    skipped.push(GRAND_TOTAL);
                    self.totals += 1;
                    (self.since, self.count, self.since_grand) = (0, 0, 0);
                    i += 1;
                    continue;
                }
            }
            if f & flag::TOO_LARGE != 0 && (f & flag::LABEL_ONLY == 0 || payee || dated) {
                drop[i] = true;
                rejected.push((o.batch.rows[i], pounds_text(amount), TOO_LARGE));
                i += 1;
                continue;
            }
            let mut joined = false;
            if f & flag::REF_SHAPED != 0 && self.formatted {
                let following = if i + 1 < n {
                    Some((o.batch.flags[i + 1], o.batch.amounts[i + 1]))
                } else {
                    next
                };
                let continues = following
                    .is_some_and(|(g, _)| g & (flag::AFTER_GAP | flag::PAYEE | flag::DATED) == 0);
                if let (true, Some((g, next_amount))) = (continues, following) {
                    o.batch.amounts[i] = next_amount;
                    o.batch.flags[i] |= flag::repair(flag::REPAIRS[3]) | (g & flag::ROUNDED);
                    if i + 1 < n {
                        drop[i + 1] = true;
                        skipped.push(SECOND_LINE);
                    } else {
                        self.drop_first = true;
                    }
                    o.problem(
                        o.batch.rows[i],
                        amount_label.clone(),
                        (amount / 100).to_string(),
                        format!(
                            "repaired: {} (the number is kept as its reference)",
                            flag::REPAIRS[3]
                        ),
                    );
                    joined = true;
                } else {
                    drop[i] = true;
                    rejected.push((o.batch.rows[i], (amount / 100).to_string(), REFERENCE));
                    i += 1;
                    continue;
                }
            }
            let amount = o.batch.amounts[i];
            if !joined && f & flag::LABEL_ONLY != 0 && !payee && !dated {
                // Counted as the total line it is; the disagreement is reported apart.
                drop[i] = true;
                skipped.push(TOTAL);
                self.footers.push(FooterNote {
                    row: o.batch.rows[i],
                    footer_pence: amount,
                    rows_pence: self.since,
                });
                (self.since, self.count) = (0, 0);
                i += 1;
                continue;
            }
            self.since += amount;
            self.since_grand += amount;
            self.count += 1;
            i += if joined { 2 } else { 1 };
        }
        for reason in &skipped {
            *o.skipped.entry(reason.to_string()).or_insert(0) += 1;
            o.counts.rows_skipped += 1;
        }
        for (row, raw, why) in rejected {
            o.counts.rows_rejected += 1;
            o.rejects
                .push((row, amount_label.clone(), raw.clone(), why.to_string()));
            o.problem(row, amount_label.clone(), raw, format!("rejected: {why}"));
        }

        o.rejects.sort_by_key(|r| r.0);
        let drop: Vec<usize> = (0..n).filter(|&i| drop[i]).collect();
        if !drop.is_empty() {
            o.batch.remove(&drop);
        }
        recount(o);
    }

    /// What the rules found over the whole sheet.
    pub fn done(self, dates: DateDecision) -> Finished {
        Finished {
            dates,
            totals: self.totals,
            footers_disagreeing: self.footers,
        }
    }
}

/// Applies the sheet-wide rules to a sheet read whole.
pub fn finish(o: &mut SheetOutcome, dates: DateDecision, labels: &TotalWords) {
    let mut f = Finisher::new(&dates, o.amounts.formatted(), labels);
    f.piece(o, None);
    o.finished = Some(f.done(dates));
}

/// The counts of the rows kept: accepted, pence, undated (by reason), unnamed, rounded,
/// repaired (by kind), month-only.
fn recount(o: &mut SheetOutcome) {
    let b = &o.batch;
    let c = &mut o.counts;
    c.rows_accepted = b.len() as u64;
    c.pence_accepted = b.amounts.iter().fold(0i64, |s, a| s.saturating_add(*a));
    c.rows_duplicate = 0;
    c.pence_duplicate = 0;
    // One pass over the flags and one over the dates, tallied in plain counters.
    let mut repaired = [0u64; flag::REPAIRS.len()];
    let mut rounded = 0;
    for f in &b.flags {
        rounded += u64::from(f & flag::ROUNDED != 0);
        let kind = (f >> flag::REPAIR_SHIFT) & 0xF;
        if kind > 0 {
            repaired[kind as usize - 1] += 1;
        }
    }
    c.rows_rounded = rounded;
    o.repairs = flag::REPAIRS
        .iter()
        .zip(repaired)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    c.rows_repaired = repaired.iter().sum();
    let mut undated = [0u64; 3];
    let mut month_only = 0;
    for d in &b.dates {
        match d {
            DateRead::Missing(why) => undated[*why as usize] += 1,
            DateRead::MonthOnly(_) => month_only += 1,
            _ => {}
        }
    }
    o.undated = [Undated::Empty, Undated::Hashes, Undated::Unreadable]
        .into_iter()
        .zip(undated)
        .filter(|(_, n)| *n > 0)
        .collect();
    o.month_only = month_only;
    c.rows_undated = undated.iter().sum();
    c.rows_unnamed = match b.text(Field::SupplierName) {
        Some(col) => col.nulls() as u64,
        None => b.len() as u64,
    };
}

/// A text ledger read with the default options and finished on its own, as tests
/// need it.
#[cfg(test)]
pub fn read_finished(text: &str) -> SheetOutcome {
    use crate::config::study::ReadOptions;
    use crate::config::synonyms::Synonyms;
    let read = super::text::read_text(
        text.as_bytes(),
        &ReadOptions::default(),
        &Synonyms::builtin(),
    );
    let mut out = read.outcome.expect("a ledger");
    finish_alone(&mut out, None);
    out
}

/// Decides a lone sheet's dates from its own evidence and applies the sheet-wide rules,
/// as the tests of single sheets need.
#[cfg(test)]
pub fn finish_alone(o: &mut SheetOutcome, forced: Option<DateOrder>) {
    let d = decide_orders(&[(&o.dates, forced)], &["this file".to_string()])
        .pop()
        .expect("one decision");
    finish(
        o,
        d,
        &crate::config::ledger_words::LedgerWords::builtin().totals,
    );
}

#[cfg(test)]
mod tests;
