//! The classify stage's tables for people: `suppliers.csv` (every supplier with its
//! classification and where each part came from), `exclusions.csv` (how much each
//! influenceable-spend rule set aside) and `unmapped_categories.csv` (ledger categories
//! the market table does not map, with their spend, so that a user can map them), and
//! `suppliers.geojson` (the placed organisations, for a map).

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

/// `suppliers.geojson`: the suppliers placed at a postcode with a position, as RFC 7946
/// points (longitude, latitude) with spend, band, deprivation decile, ownership form and
/// market — for QGIS, uMap or Mykomap. People are never drawn: a payee withheld, an
/// individual or a set-aside payee is counted in `left_out`, with its spend.
pub fn suppliers_geojson(
    c: &Classification,
    rules: &Rules,
    places: &crate::reference::places::Places,
) -> anyhow::Result<serde_json::Value> {
    use crate::reference::registers::org::OwnershipForm;
    use crate::resolve::master::WITHHELD;
    use serde_json::json;
    let df = &c.suppliers;
    let spend = df.column("spend_pence")?.i64()?;
    let status = df.column("status")?.str()?;
    let mut order: Vec<usize> = (0..df.height()).collect();
    order.sort_by(|&a, &b| {
        (spend.get(b).cmp(&spend.get(a)))
            .then_with(|| c.inputs[a].supplier_id.cmp(&c.inputs[b].supplier_id))
    });
    let (mut people, mut people_pence, mut unplaced, mut unplaced_pence) = (0u64, 0i64, 0u64, 0i64);
    let mut features = Vec::new();
    for i in order {
        let (s, k) = (&c.inputs[i], &c.classified[i]);
        let pence = spend.get(i).unwrap_or(0);
        let person = k.shown_name.starts_with(WITHHELD)
            || k.shown_name.starts_with('(')
            || k.ownership_form == OwnershipForm::Individual
            || status.get(i) == Some("set_aside");
        if person {
            people += 1;
            people_pence += pence;
            continue;
        }
        let at = (k.postcode.as_deref())
            .filter(|_| k.placed)
            .map(|p| places.place(p))
            .and_then(|p| Some((p.lat?, p.long?)));
        let Some((lat, lon)) = at else {
            unplaced += 1;
            unplaced_pence += pence;
            continue;
        };
        let round = |x: f32| (f64::from(x) * 1e6).round() / 1e6;
        features.push(json!({
            "type": "Feature",
            "id": s.supplier_id,
            "geometry": { "type": "Point", "coordinates": [round(lon), round(lat)] },
            "properties": {
                "supplier_id": s.supplier_id,
                "name": crate::text::printable(&k.shown_name),
                "spend_pence": pence,
                "spend_gbp": crate::format::pounds(pence),
                "postcode": k.postcode,
                "lsoa": k.lsoa,
                "band": rules.supplier_band(k),
                "imd_decile": k.imd_decile,
                "deprived": k.deprived,
                "size_band": k.size_band,
                "ownership_form": k.ownership_form.as_str(),
                "market": k.market,
            },
        }));
    }
    Ok(json!({
        "type": "FeatureCollection",
        "attribution": "Positions: the postcode directory (Contains OS data © Crown copyright and database right; ONS data, OGL v3).",
        "left_out": {
            "people_and_withheld_payees": { "suppliers": people, "spend_pence": people_pence },
            "no_position": { "suppliers": unplaced, "spend_pence": unplaced_pence },
        },
        "features": features,
    }))
}
