//! The classify stage's open map layers: `suppliers.geojson` (the placed organisations),
//! and, when the study gives boundaries, `areas.geojson` (each small area with its
//! deprivation decile and the spend placed in it) and `districts.geojson` (the spend per
//! district). They are what QGIS, uMap and Mykomap open, and what the report's maps are
//! drawn from, so `spendgap report` needs nothing but the run folder.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::classify::{Classification, Rules};
use crate::reference::boundaries::{Boundaries, Layer, Level};
use crate::reference::places::Places;

/// Where the postcode positions come from, in every layer that draws them.
const POSITIONS: &str = "Positions: the postcode directory (Contains OS data © Crown copyright and database right; ONS data, OGL v3).";

/// Influenceable pence per supplier id, from the classified transactions.
pub fn influenceable_by_supplier(c: &Classification) -> anyhow::Result<HashMap<String, i64>> {
    let t = &c.transactions;
    let (Some(ids), Ok(flag), Ok(amount)) = (
        crate::tables::str_col(t, "supplier_id")?,
        t.column("influenceable"),
        t.column("amount_pence"),
    ) else {
        return Ok(HashMap::new());
    };
    let (flag, amount) = (flag.bool()?, amount.i64()?);
    let mut out: HashMap<String, i64> = HashMap::new();
    for ((id, f), a) in ids.iter().zip(flag.iter()).zip(amount.iter()) {
        if let (Some(id), Some(true), Some(a)) = (id, f, a) {
            *out.entry(id.to_string()).or_default() += a;
        }
    }
    Ok(out)
}

/// Whether a supplier is a person or a withheld payee: counted, never drawn.
fn is_person(c: &Classification, status: Option<&str>, i: usize) -> bool {
    use crate::reference::registers::org::OwnershipForm;
    use crate::resolve::master::WITHHELD;
    let k = &c.classified[i];
    k.shown_name.starts_with(WITHHELD)
        || k.shown_name.starts_with('(')
        || k.ownership_form == OwnershipForm::Individual
        || status == Some("set_aside")
}

/// `suppliers.geojson`: the suppliers placed at a postcode with a position, as RFC 7946
/// points (longitude, latitude) with spend, influenceable spend, band, deprivation
/// decile, ownership form and market — for QGIS, uMap or Mykomap. People are never
/// drawn: a payee withheld, an individual or a set-aside payee is counted in `left_out`,
/// with its spend.
pub fn suppliers_geojson(
    c: &Classification,
    rules: &Rules,
    influenceable: &HashMap<String, i64>,
) -> anyhow::Result<Value> {
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
        if is_person(c, status.get(i), i) {
            people += 1;
            people_pence += pence;
            continue;
        }
        let Some((lat, lon)) = k.position.filter(|_| k.placed) else {
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
                "influenceable_pence": influenceable.get(&s.supplier_id).copied().unwrap_or(0),
                "postcode": k.postcode,
                "lsoa": k.lsoa,
                "lad": k.lad,
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
        "attribution": POSITIONS,
        "left_out": {
            "people_and_withheld_payees": { "suppliers": people, "spend_pence": people_pence },
            "no_position": { "suppliers": unplaced, "spend_pence": unplaced_pence },
        },
        "features": features,
    }))
}

/// Spend placed in one area: every placed supplier counts, people too (a sum names no
/// one).
#[derive(Default, Clone, Copy)]
struct Placed {
    suppliers: u64,
    spend: i64,
    influenceable: i64,
}

/// The anchors' own sites the study gives, placed through the postcode directory: each
/// with its position, or why it has none.
pub fn anchor_sites(anchors: &[crate::config::study::Anchor], places: &Places) -> Value {
    let mut out = Vec::new();
    for a in anchors {
        for site in &a.sites {
            let p = places.place(site);
            let mut v = json!({
                "anchor_id": a.id,
                "anchor": crate::text::printable(&a.name),
                "postcode": p.postcode.as_deref().unwrap_or(site),
                "lsoa": p.lsoa,
            });
            match (p.lat, p.long) {
                (Some(lat), Some(lon)) => {
                    let round = |x: f32| (f64::from(x) * 1e6).round() / 1e6;
                    v["coordinates"] = json!([round(lon), round(lat)]);
                }
                _ => {
                    v["not_placed"] = json!(p.error.unwrap_or_else(|| "no position".into()));
                }
            }
            out.push(v);
        }
    }
    Value::Array(out)
}

/// `areas.geojson` and `districts.geojson` (in that order), each present when the
/// boundaries hold that level. Each counts what it cannot show: spend placed in areas it
/// does not hold (`placed_elsewhere`) and spend with suppliers not placed at all; the
/// small areas carry the anchors' own sites (`anchor_sites`).
pub fn area_layers(
    c: &Classification,
    places: &Places,
    boundaries: &Boundaries,
    attribution: &str,
    influenceable: &HashMap<String, i64>,
    sites: Value,
) -> anyhow::Result<[Option<Value>; 2]> {
    let spend = c.suppliers.column("spend_pence")?.i64()?;
    let (mut by_lsoa, mut by_lad): (HashMap<&str, Placed>, HashMap<&str, Placed>) =
        Default::default();
    let mut not_placed = Placed::default();
    for (i, (s, k)) in c.inputs.iter().zip(&c.classified).enumerate() {
        if !k.placed {
            not_placed.suppliers += 1;
            not_placed.spend += spend.get(i).unwrap_or(0);
            not_placed.influenceable += influenceable.get(&s.supplier_id).copied().unwrap_or(0);
            continue;
        }
        let add = |p: &mut Placed| {
            p.suppliers += 1;
            p.spend += spend.get(i).unwrap_or(0);
            p.influenceable += influenceable.get(&s.supplier_id).copied().unwrap_or(0);
        };
        if let Some(l) = k.lsoa.as_deref() {
            add(by_lsoa.entry(l).or_default());
        }
        if let Some(l) = k.lad.as_deref() {
            add(by_lad.entry(l).or_default());
        }
    }
    // The districts the small areas lie in, by the deprivation file's lookup: the maps
    // outline them on the national layer.
    let home: std::collections::HashSet<&str> = (boundaries.layer(Level::Small).into_iter())
        .flat_map(|l| &l.areas)
        .filter_map(|a| places.deprivation.by_lsoa.get(&a.code))
        .map(|d| d.lad.as_str())
        .collect();
    let layer = |level: Level, by: &HashMap<&str, Placed>| {
        boundaries.layer(level).map(|l| {
            let mut fc = collection(l, attribution, |code| {
                let p = by.get(code).copied().unwrap_or_default();
                let mut props = json!({
                    "suppliers": p.suppliers,
                    "spend_pence": p.spend,
                    "influenceable_pence": p.influenceable,
                });
                if level == Level::Small {
                    props["imd_decile"] =
                        json!(places.deprivation.by_lsoa.get(code).map(|d| d.decile));
                } else {
                    props["study_area"] = json!(home.contains(code));
                }
                props
            });
            // What the layer cannot show, so a map never hides spend silently.
            let drawn: std::collections::HashSet<&str> =
                l.areas.iter().map(|a| a.code.as_str()).collect();
            let mut elsewhere = Placed::default();
            for (code, p) in by {
                if !drawn.contains(code) {
                    elsewhere.suppliers += p.suppliers;
                    elsewhere.spend += p.spend;
                    elsewhere.influenceable += p.influenceable;
                }
            }
            fc["placed_elsewhere"] = totals(elsewhere);
            fc["not_placed"] = totals(not_placed);
            if level == Level::Small {
                fc["anchor_sites"] = sites.clone();
            }
            fc
        })
    };
    Ok([
        layer(Level::Small, &by_lsoa),
        layer(Level::District, &by_lad),
    ])
}

fn totals(p: Placed) -> Value {
    json!({ "suppliers": p.suppliers, "spend_pence": p.spend, "influenceable_pence": p.influenceable })
}

/// A layer as an RFC 7946 FeatureCollection, coordinates to a metre or so.
fn collection(layer: &Layer, attribution: &str, props: impl Fn(&str) -> Value) -> Value {
    let features: Vec<Value> = layer
        .areas
        .iter()
        .map(|a| {
            let mut p = props(&a.code);
            p["code"] = json!(a.code);
            p["name"] = json!(a.name);
            let polygons: Vec<Vec<Vec<Value>>> = a
                .shape
                .0
                .iter()
                .map(|poly| {
                    std::iter::once(poly.exterior())
                        .chain(poly.interiors())
                        .map(|ring| {
                            ring.0
                                .iter()
                                .map(|c| json!([round5(c.x), round5(c.y)]))
                                .collect::<Vec<_>>()
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            json!({
                "type": "Feature",
                "id": a.code,
                "geometry": { "type": "MultiPolygon", "coordinates": polygons },
                "properties": p,
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "attribution": attribution,
        "level": layer.level.as_str(),
        "code_property": layer.property,
        "features": features,
    })
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}
