//! The classify stage's tables for people: `suppliers.csv` (every supplier with its
//! classification and where each part came from), `exclusions.csv` (how much each
//! influenceable-spend rule set aside) and `unmapped_categories.csv` (ledger categories
//! the market table does not map, with their spend, so that a user can map them).

use std::io::Write;

use crate::classify::transaction_pass::{ExclusionRow, UnmappedRow};
use crate::classify::{Classification, Rules};
use crate::output::{SafeCsv, write_rows};

/// `exclusions.csv`.
pub fn write_exclusions(w: &mut dyn Write, rows: &[ExclusionRow]) -> anyhow::Result<()> {
    write_rows(w, rows)
}

/// `unmapped_categories.csv`.
pub fn write_unmapped(w: &mut dyn Write, rows: &[UnmappedRow]) -> anyhow::Result<()> {
    write_rows(w, rows)
}

/// `suppliers.csv`: the classified supplier master, largest spend first.
pub fn write_suppliers_csv(
    w: &mut dyn Write,
    c: &Classification,
    rules: &Rules,
) -> anyhow::Result<()> {
    let df = &c.suppliers;
    let spend = df.column("spend_pence")?.i64()?;
    let txs = df.column("transactions")?.u64()?;
    let status = df.column("status")?.str()?;
    let mut order: Vec<usize> = (0..df.height()).collect();
    order.sort_by(|&a, &b| {
        spend
            .get(b)
            .cmp(&spend.get(a))
            .then_with(|| c.inputs[a].supplier_id.cmp(&c.inputs[b].supplier_id))
    });
    let mut csv = SafeCsv::new(w);
    csv.record([
        "supplier_id",
        "shown_name",
        "status",
        "register",
        "register_id",
        "transactions",
        "spend_pence",
        "postcode",
        "place_source",
        "place_note",
        "lad_name",
        "imd_decile",
        "deprived",
        "band",
        "size_band",
        "size_source",
        "size_evidence",
        "ownership_form",
        "ownership_class",
        "ownership_source",
        "market",
        "market_source",
    ])?;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    for i in order {
        let (s, k) = (&c.inputs[i], &c.classified[i]);
        csv.record([
            s.supplier_id.clone(),
            k.shown_name.clone(),
            status.get(i).unwrap_or("").to_string(),
            opt(&s.register),
            opt(&s.register_id),
            txs.get(i).unwrap_or(0).to_string(),
            spend.get(i).unwrap_or(0).to_string(),
            opt(&k.postcode),
            k.place_source.unwrap_or("").to_string(),
            opt(&k.place_note),
            opt(&k.lad_name),
            k.imd_decile.map(|d| d.to_string()).unwrap_or_default(),
            k.deprived.map(|d| d.to_string()).unwrap_or_default(),
            rules.supplier_band(k).to_string(),
            k.size_band.to_string(),
            k.size_source.to_string(),
            opt(&k.size_evidence),
            k.ownership_form.as_str().to_string(),
            opt(&k.ownership_class),
            k.ownership_source.to_string(),
            opt(&k.market),
            k.market_source.unwrap_or("").to_string(),
        ])?;
    }
    csv.finish()?;
    Ok(())
}
