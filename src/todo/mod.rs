//! What a person should check to raise coverage: the suppliers whose place, size or
//! ownership is not known, biggest influenceable spend first, down to the ones that
//! together hold 80% of the unknown spend — the CLES method's "top suppliers" list, made
//! for filling in. `to_check.xlsx`, filled in and named in the study (`[review]
//! workbook`), is read back by classify as decisions that win and carry over years.

mod workbook;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::config::study::Study;
use crate::output::Staging;
use crate::tables::{read_columns, read_table, str_col};

/// The share of the unknown influenceable spend the list covers.
pub const LIST_SHARE: f64 = 0.8;

/// One supplier to check: a row of to_check.xlsx.
#[derive(Debug, Clone, PartialEq)]
pub struct ToCheck {
    pub supplier_id: String,
    /// The name where it is evidently an organisation's, else "payee withheld (S…)".
    pub name: String,
    /// What is not known: `place`, `size`, `ownership`, `name` (withheld).
    pub unknown: Vec<&'static str>,
    pub influenceable_pence: i64,
    pub payments: u64,
    pub anchors: Vec<String>,
    /// The expense types (or service areas) it was paid under, most money first.
    pub categories: Vec<String>,
    /// Running share of the unknown influenceable spend, this row included.
    pub cumulative_share: f64,
    /// The closest register record resolve found, unmatched (`register:id name (score)`).
    pub candidate: String,
}

/// What the todo stage listed.
pub struct Listed {
    pub rows: Vec<ToCheck>,
    /// The influenceable spend resting on unknowns, which the list is drawn from.
    pub unknown_pence: i64,
}

/// The todo stage's entry point: writes `out`/to_check.xlsx from the classified run
/// folder. Returns what it lists and the files written.
pub fn run(study: &Study, out: &Path) -> anyhow::Result<(Listed, Vec<PathBuf>)> {
    let (rows, unknown_pence) = to_check(out)?;
    // Only the market tables, for the drop-down: not the overrides or review workbook.
    let f = &study.analysis.files;
    let markets = crate::classify::market::Markets::load(
        f.category_markets.as_deref(),
        f.sic_markets.as_deref(),
        f.market_keywords.as_deref(),
    )?
    .names();
    let bytes = workbook::build(&study.name, &rows, &markets)?;
    let mut staging = Staging::new(out)?;
    staging.write("to_check.xlsx", |w| {
        Ok(std::io::Write::write_all(w, &bytes)?)
    })?;
    Ok((
        Listed {
            rows,
            unknown_pence,
        },
        staging.commit()?,
    ))
}

/// The list for the run folder `out`, and the unknown influenceable spend it is drawn from.
pub fn to_check(out: &Path) -> anyhow::Result<(Vec<ToCheck>, i64)> {
    let sup = read_table(out, &crate::tables::declared::CLASSIFIED_SUPPLIERS)?;
    let need = |df: &polars::prelude::DataFrame, n: &str, file: &str| -> anyhow::Result<_> {
        str_col(df, n)?.cloned().ok_or_else(|| {
            anyhow::anyhow!("{file} has no {n} column: run `spendgap classify` first")
        })
    };
    let sid = need(&sup, "supplier_id", "suppliers.parquet")?;
    let shown = need(&sup, "shown_name", "suppliers.parquet")?;
    let band = need(&sup, "band", "suppliers.parquet")?;
    let size = need(&sup, "size_band", "suppliers.parquet")?;
    let form = need(&sup, "ownership_form", "suppliers.parquet")?;
    let candidate = str_col(&sup, "best_candidate")?.cloned();
    let mut unknown: HashMap<&str, (usize, Vec<&'static str>)> = HashMap::new();
    for i in 0..sup.height() {
        let (Some(id), Some(name)) = (sid.get(i), shown.get(i)) else {
            continue;
        };
        let mut parts = Vec::new();
        if band.get(i) == Some(crate::config::analysis::UNKNOWN) {
            parts.push("place");
        }
        if size.get(i) == Some("unknown") {
            parts.push("size");
        }
        if form.get(i) == Some("unknown") {
            parts.push("ownership");
        }
        if name.starts_with(crate::resolve::master::WITHHELD) {
            parts.push("name");
        }
        if !parts.is_empty() {
            unknown.insert(id, (i, parts));
        }
    }

    let tx = read_columns(
        out,
        &crate::tables::declared::CLASSIFIED_TRANSACTIONS,
        Some(&[
            "supplier_id",
            "influenceable",
            "amount_pence",
            "anchor_id",
            "expense_type",
            "service_area",
        ]),
    )?;
    let tsid = need(&tx, "supplier_id", "transactions.parquet")?;
    let anchor = need(&tx, "anchor_id", "transactions.parquet")?;
    let counted = tx.column("influenceable")?.bool()?.clone();
    let pence = tx.column("amount_pence")?.i64()?.clone();
    let expense = str_col(&tx, "expense_type")?.cloned();
    let service = str_col(&tx, "service_area")?.cloned();
    #[derive(Default)]
    struct Sums<'a> {
        pence: i64,
        payments: u64,
        anchors: BTreeSet<&'a str>,
        categories: BTreeMap<&'a str, i64>,
    }
    let mut sums: HashMap<&str, Sums> = HashMap::new();
    for r in 0..tx.height() {
        if counted.get(r) != Some(true) {
            continue;
        }
        let Some(id) = tsid.get(r) else { continue };
        if !unknown.contains_key(id) {
            continue;
        }
        let p = pence.get(r).unwrap_or(0);
        let s = sums.entry(id).or_default();
        s.pence += p;
        s.payments += 1;
        s.anchors.extend(anchor.get(r));
        let category = expense
            .as_ref()
            .and_then(|c| c.get(r))
            .filter(|c| !c.trim().is_empty())
            .or_else(|| service.as_ref().and_then(|c| c.get(r)));
        if let Some(c) = category.filter(|c| !c.trim().is_empty()) {
            *s.categories.entry(c.trim()).or_default() += p;
        }
    }
    let mut rows: Vec<ToCheck> = sums
        .into_iter()
        .filter(|(_, s)| s.pence > 0)
        .map(|(id, s)| {
            let (i, parts) = &unknown[id];
            let mut cats: Vec<(&str, i64)> = s.categories.into_iter().collect();
            cats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            ToCheck {
                supplier_id: id.to_string(),
                name: shown.get(*i).unwrap_or("").to_string(),
                unknown: parts.clone(),
                influenceable_pence: s.pence,
                payments: s.payments,
                anchors: s.anchors.into_iter().map(String::from).collect(),
                categories: cats.into_iter().take(3).map(|c| c.0.to_string()).collect(),
                cumulative_share: 0.0,
                candidate: candidate
                    .as_ref()
                    .and_then(|c| c.get(*i))
                    .unwrap_or("")
                    .to_string(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.influenceable_pence
            .cmp(&a.influenceable_pence)
            .then_with(|| a.supplier_id.cmp(&b.supplier_id))
    });
    let total: i64 = rows.iter().map(|r| r.influenceable_pence).sum();
    Ok((take_share(rows, total), total))
}

/// The rows, biggest first, down to the one that brings the running total to
/// [`LIST_SHARE`] of `total`.
fn take_share(mut rows: Vec<ToCheck>, total: i64) -> Vec<ToCheck> {
    let mut running = 0i64;
    let mut keep = 0;
    for r in &mut rows {
        if total > 0 && running as f64 >= LIST_SHARE * total as f64 {
            break;
        }
        running += r.influenceable_pence;
        r.cumulative_share = running as f64 / total as f64;
        keep += 1;
    }
    rows.truncate(keep);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, pence: i64) -> ToCheck {
        ToCheck {
            supplier_id: id.into(),
            name: id.into(),
            unknown: vec!["place"],
            influenceable_pence: pence,
            payments: 1,
            anchors: vec![],
            categories: vec![],
            cumulative_share: 0.0,
            candidate: String::new(),
        }
    }

    #[test]
    fn the_list_stops_once_it_holds_80_percent() {
        let rows = vec![row("a", 50), row("b", 25), row("c", 15), row("d", 10)];
        let kept = take_share(rows, 100);
        let ids: Vec<&str> = kept.iter().map(|r| r.supplier_id.as_str()).collect();
        assert_eq!(
            ids,
            ["a", "b", "c"],
            "75% after two rows; the third passes 80%"
        );
        assert_eq!(kept[2].cumulative_share, 0.9);
        assert!(take_share(vec![], 0).is_empty());
    }
}
