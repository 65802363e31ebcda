//! The resolve stage's tables: `suppliers.parquet` (the supplier master), `matches.csv`
//! (one row per ledger name, for people), `review.csv` (candidates for a person to decide,
//! pasteable into the overrides file) and `supplier_names.parquet` (name → supplier, the
//! join later stages use).

use std::io::Write;

use polars::prelude::*;

use crate::tables::list_column;

use crate::output::SafeCsv;
use crate::resolve::NameResult;
use crate::resolve::cascade::Decision;
use crate::resolve::master::{Supplier, shown_name};
use crate::resolve::matcher::Matcher;
use crate::resolve::matcher::score::Agreement;

/// `suppliers.parquet`, one row per supplier (see [`Supplier`] for the columns).
pub fn write_suppliers(w: &mut dyn Write, rows: &[Supplier]) -> anyhow::Result<()> {
    let s = |f: fn(&Supplier) -> Option<&str>, name: &str| {
        StringChunked::from_iter_options(name.into(), rows.iter().map(f)).into_column()
    };
    let columns = vec![
        s(|r| Some(&r.supplier_id), "supplier_id"),
        s(|r| Some(&r.display_name), "display_name"),
        s(|r| Some(&r.shown_name), "resolve_shown_name"),
        s(|r| r.name_evidence.as_deref(), "name_evidence"),
        list_column("spellings", rows.iter().map(|r| &r.spellings)),
        list_column("anchors", rows.iter().map(|r| &r.anchors)),
        UInt64Chunked::from_iter_values("transactions".into(), rows.iter().map(|r| r.transactions))
            .into_column(),
        Int64Chunked::from_iter_values("spend_pence".into(), rows.iter().map(|r| r.spend_pence))
            .into_column(),
        s(|r| Some(&r.status), "status"),
        s(|r| r.set_aside_reason.as_deref(), "set_aside_reason"),
        s(|r| r.register.as_deref(), "register"),
        s(|r| r.register_id.as_deref(), "register_id"),
        Float64Chunked::from_iter_options("score".into(), rows.iter().map(|r| r.score))
            .into_column(),
        s(|r| r.tier.as_deref(), "tier"),
        s(|r| Some(&r.explanation), "explanation"),
        list_column("linked_ids", rows.iter().map(|r| &r.linked_ids)),
        s(|r| r.best_candidate.as_deref(), "best_candidate"),
    ];
    let df = DataFrame::new(rows.len(), columns)?;
    crate::output::parquet::write_parquet(w, &df)
}

/// `supplier_names.parquet`: every ledger name as written (trimmed) and its supplier id.
/// Ledger text, as in transactions.parquet: a machine join table, not a report.
pub fn write_supplier_names(w: &mut dyn Write, names: &[NameResult]) -> anyhow::Result<()> {
    let columns = vec![
        StringChunked::from_iter_values(
            "supplier_name".into(),
            names.iter().map(|r| r.stats.name.as_str()),
        )
        .into_column(),
        StringChunked::from_iter_values(
            "supplier_id".into(),
            names.iter().map(|r| r.supplier_id.as_str()),
        )
        .into_column(),
        StringChunked::from_iter_values(
            "decision".into(),
            names.iter().map(|r| r.outcome.decision.as_str()),
        )
        .into_column(),
    ];
    let df = DataFrame::new(names.len(), columns)?;
    crate::output::parquet::write_parquet(w, &df)
}

/// Which suppliers' names people may see: a ledger name is shown as written only when
/// its supplier has evidence of being an organisation.
pub struct Shown<'a>(std::collections::HashMap<&'a str, &'a Supplier>);

impl<'a> Shown<'a> {
    pub fn new(suppliers: &'a [Supplier]) -> Self {
        Shown(
            suppliers
                .iter()
                .map(|s| (s.supplier_id.as_str(), s))
                .collect(),
        )
    }

    fn name<'n>(&'n self, r: &'n NameResult) -> &'n str {
        match self.0.get(r.supplier_id.as_str()) {
            Some(s) if s.name_evidence.is_some() => shown_name(r),
            Some(s) => &s.shown_name,
            None => shown_name(r),
        }
    }
}

fn score(x: f64) -> String {
    format!("{x:.3}")
}

/// `matches.csv`: `supplier_name, supplier_id, decision, register, register_id, score,
/// tier, reason`, one row per ledger name; individuals' names withheld.
pub fn write_matches(
    w: &mut dyn Write,
    m: &Matcher,
    names: &[NameResult],
    shown: &Shown,
) -> anyhow::Result<()> {
    let mut csv = SafeCsv::new(w);
    csv.record([
        "supplier_name",
        "supplier_id",
        "decision",
        "register",
        "register_id",
        "score",
        "tier",
        "reason",
    ])?;
    for r in names {
        let o = &r.outcome;
        let (register, id) = match (&o.chosen, o.decision) {
            (Some(c), Decision::Matched) => {
                let (k, id) = m.register_id(c.entity);
                (k.as_str(), id.to_string())
            }
            _ => ("", String::new()),
        };
        // The chosen organisation's score, else the best candidate's (unmatched).
        let sc = (o.chosen.as_ref())
            .or(o.candidates.first())
            .map_or(String::new(), |c| score(c.score()));
        csv.record([
            shown.name(r),
            &r.supplier_id,
            o.decision.as_str(),
            register,
            &id,
            &sc,
            o.tier.map_or("", |t| t.as_str()),
            &o.reason,
        ])?;
    }
    csv.finish()?;
    Ok(())
}

fn agreement(a: Agreement) -> &'static str {
    match a {
        Agreement::Agree => "agree",
        Agreement::Partial => "same_district",
        Agreement::Conflict => "conflict",
        Agreement::Unknown => "",
    }
}

/// `review.csv`: for each name in the review band, biggest spend first, its candidates
/// ranked. The first five columns are those of the overrides file: fill in `decision`
/// (`match` or `not`) and paste the row there.
pub fn write_review(
    w: &mut dyn Write,
    m: &Matcher,
    names: &[NameResult],
    shown: &Shown,
) -> anyhow::Result<()> {
    let mut csv = SafeCsv::new(w);
    csv.record([
        "supplier_name",
        "decision",
        "register",
        "register_id",
        "note",
        "rank",
        "candidate_name",
        "candidate_postcode",
        "candidate_status",
        "score",
        "name_similarity",
        "rare_words",
        "legal_form",
        "postcode",
        "inactive_when_paid",
        "previous_name",
        "truncated",
        "typo_words",
        "spend_pence",
        "transactions",
        "anchors",
        "why_in_review",
    ])?;
    let mut review: Vec<&NameResult> = names
        .iter()
        .filter(|r| r.outcome.decision == Decision::Review)
        .collect();
    review.sort_by(|a, b| {
        b.stats
            .pence
            .cmp(&a.stats.pence)
            .then(a.stats.name.cmp(&b.stats.name))
    });
    for r in review {
        for (rank, c) in r.outcome.candidates.iter().enumerate() {
            let (k, id) = m.register_id(c.entity);
            let rec = m.entities.records[c.record as usize];
            let org = m.registers.files[rec.file as usize]
                .table
                .get(rec.row as usize);
            let f = &c.features;
            csv.record([
                shown.name(r),
                "",
                k.as_str(),
                id,
                "",
                &(rank + 1).to_string(),
                &org.name,
                org.postcode.as_deref().unwrap_or(""),
                org.status.as_deref().unwrap_or(""),
                &score(c.score()),
                &score(f.name),
                &score(f.rare_words),
                agreement(f.legal_form),
                agreement(f.postcode),
                if f.inactive_when_paid { "yes" } else { "" },
                if f.previous_name { "yes" } else { "" },
                match (f.truncated, f.cut_at_word_end) {
                    (_, true) => "at a word end",
                    (true, false) => "yes",
                    _ => "",
                },
                &f.typo_words.to_string(),
                &r.stats.pence.to_string(),
                &r.stats.transactions.to_string(),
                &r.stats
                    .anchors
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
                &r.outcome.reason,
            ])?;
        }
    }
    csv.finish()?;
    Ok(())
}
