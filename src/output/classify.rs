//! The classify stage's tables for people: `suppliers.csv` (every supplier with its
//! classification and where each part came from), `exclusions.csv` (how much each
//! influenceable-spend rule set aside) and `unmapped_categories.csv` (ledger categories
//! the market table does not map, with their spend, so that a user can map them).

use std::io::Write;

use super::inert;
use crate::classify::ledger::{ExclusionRow, UnmappedRow};
use crate::classify::{Classification, Rules};

/// Any rows as CSV, one per serialised struct, headed by its field names (a table with
/// no rows still gets its header, taken from a default row).
pub fn write_rows<T: serde::Serialize + Default>(
    w: &mut dyn Write,
    rows: &[T],
) -> anyhow::Result<()> {
    if rows.is_empty() {
        let mut header = csv::Writer::from_writer(Vec::new());
        header.serialize(T::default())?;
        let bytes = header.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
        let end = bytes
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |p| p + 1);
        w.write_all(&bytes[..end])?;
        return Ok(());
    }
    let mut csv = csv::Writer::from_writer(w);
    for r in rows {
        csv.serialize(r)?;
    }
    csv.flush()?;
    Ok(())
}

/// `exclusions.csv`.
pub fn write_exclusions(w: &mut dyn Write, rows: &[ExclusionRow]) -> anyhow::Result<()> {
    write_rows(w, rows)
}

/// `unmapped_categories.csv`: ledger text, so made inert for spreadsheets.
pub fn write_unmapped(w: &mut dyn Write, rows: &[UnmappedRow]) -> anyhow::Result<()> {
    let rows: Vec<UnmappedRow> = rows
        .iter()
        .map(|r| UnmappedRow {
            category: inert(&r.category).into_owned(),
            ..r.clone()
        })
        .collect();
    write_rows(w, &rows)
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
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record([
        "supplier_id",
        "display_name",
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
        csv.write_record([
            s.supplier_id.clone(),
            inert(&s.display_name).into_owned(),
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
    csv.flush()?;
    Ok(())
}
