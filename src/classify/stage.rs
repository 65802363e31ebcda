//! The classify stage's entry point: the suppliers and transactions resolve wrote, given
//! place, size, ownership and market, and each payment marked influenceable or excluded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::write::{write_exclusions, write_suppliers_csv, write_unmapped};
use super::{Classification, Rules, classify};
use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::output::Staging;
use crate::output::parquet::write_parquet;
use crate::reference::boundaries::Boundaries;
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::tables::{read_except, read_table};

/// Classifies the suppliers and transactions resolve left in `out`: rewrites
/// transactions.parquet and suppliers.parquet with the classification columns, and
/// writes suppliers.csv, exclusions.csv, unmapped_categories.csv and suppliers.geojson, and
/// areas.geojson and districts.geojson when the study gives boundaries of that level (a
/// stale one is removed, so the folder never holds another run's layer). Returns the
/// classification, the rules it used and the files written.
pub fn run(study: &Study, out: &Path) -> anyhow::Result<(Classification, Rules, Vec<PathBuf>)> {
    let rules = Rules::load(&study.analysis)
        .map_err(|e| anyhow::anyhow!("{}: {e:#}", study.path.display()))?;
    // A rerun reads the tables without the columns an earlier classify added.
    let transactions = read_except(
        out,
        &crate::tables::declared::TRANSACTIONS,
        &super::table::TRANSACTION_COLUMNS,
    )?;
    let suppliers = read_except(
        out,
        &crate::tables::declared::SUPPLIERS,
        &super::table::SUPPLIER_COLUMNS,
    )?;
    let names = read_table(out, &crate::tables::declared::SUPPLIER_NAMES)?;
    let registers = Registers::load(&study.reference)?;
    let places = Places::load(&study.reference)?;
    let starts: HashMap<String, usize> = study
        .anchors
        .iter()
        .zip(&study.analysis.anchor_band_start)
        .map(|(a, s)| (a.id.clone(), *s))
        .collect();
    let c = classify(
        transactions,
        suppliers,
        &names,
        registers,
        &places,
        &rules,
        &starts,
    )?;
    let mut staging = Staging::new(out)?;
    staging.write("transactions.parquet", |w| {
        write_parquet(w, &c.transactions)
    })?;
    staging.write("suppliers.parquet", |w| write_parquet(w, &c.suppliers))?;
    staging.write("suppliers.csv", |w| write_suppliers_csv(w, &c, &rules))?;
    staging.write("exclusions.csv", |w| write_exclusions(w, &c.exclusions))?;
    staging.write("unmapped_categories.csv", |w| {
        write_unmapped(w, &c.unmapped)
    })?;
    let influenceable = super::geo_layers::influenceable_by_supplier(&c)?;
    let map = super::geo_layers::suppliers_geojson(&c, &rules, &influenceable)?;
    staging.write("suppliers.geojson", |w| crate::output::write_json(w, &map))?;
    let boundaries = Boundaries::read(&study.reference.boundaries)?;
    let layers = super::geo_layers::area_layers(
        &c,
        &places,
        &boundaries,
        &study.reference.boundaries_attribution,
        &influenceable,
        super::geo_layers::anchor_sites(&study.anchors, &places),
    )?;
    for (name, layer) in ["areas.geojson", "districts.geojson"]
        .into_iter()
        .zip(layers)
    {
        match layer {
            Some(layer) => staging.write(name, |w| crate::output::write_json_compact(w, &layer))?,
            None => remove_stale(&out.join(name))?,
        }
    }
    let written = staging.commit()?;
    Ok((c, rules, written))
}

/// Removes a layer an earlier run wrote that this study no longer gives boundaries for.
fn remove_stale(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::anyhow!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

/// What classify says when done: suppliers placed and by which source, influenceable
/// spend, and what each exclusion rule set aside.
pub fn summary(study: &Study, c: &Classification, rules: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    push_line!(out, "{}", study.name);
    let n = c.classified.len();
    let placed = c.classified.iter().filter(|k| k.placed).count();
    let mut by_source: std::collections::BTreeMap<&str, usize> = Default::default();
    for k in &c.classified {
        *by_source
            .entry(k.place_source.unwrap_or("not placed"))
            .or_insert(0) += 1;
    }
    let sources: Vec<String> = by_source.iter().map(|(s, n)| format!("{s} {n}")).collect();
    push_line!(
        out,
        "  {} of {} suppliers placed ({}); see place_note in suppliers.csv for the rest",
        thousands(placed as u64),
        thousands(n as u64),
        sources.join(", ")
    );
    let (total, influenceable) = (c.counted_pence, c.influenceable_pence);
    push_line!(
        out,
        "  influenceable spend {} of {} ({:.1}%); size bands by the {} definition",
        pounds(influenceable),
        pounds(total),
        if total != 0 {
            100.0 * influenceable as f64 / total as f64
        } else {
            0.0
        },
        rules.sizes.name
    );
    for e in c.exclusions.iter().filter(|e| e.transactions > 0) {
        push_line!(
            out,
            "  excluded by {:<28} {:>7} rows {:>18}",
            e.rule,
            thousands(e.transactions),
            pounds(e.pence)
        );
    }
    if !c.unmapped.is_empty() {
        let p: i64 = c.unmapped.iter().map(|u| u.pence).sum();
        push_line!(
            out,
            "  {} ledger categories not in the category table ({}): see unmapped_categories.csv",
            thousands(c.unmapped.len() as u64),
            pounds(p)
        );
    }
    out
}
