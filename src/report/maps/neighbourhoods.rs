//! The two maps of the study's own neighbourhoods, on one base of small areas shaded by
//! deprivation: where the influenceable spend lands (the suppliers placed there, sized by
//! spend) and the local social economy (the directory's organisations, marked where they
//! serve a gap market).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use geo::{BoundingRect, Contains, Coord, InteriorPoint, MultiPolygon, Point, Rect};
use serde::Deserialize;

use super::furniture::{self as f, MAP_TOP};
use super::layers::{AreaFeature, Layer, PointFeature, int, text};
use super::scene::{Frame, INK, Item, Marker, Scene};
use super::{DEPRIVATION, Map, deprivation_fill, ownership, ownership_legend};
use crate::format::{pounds, whole_pounds};

/// The small areas projected once for both maps.
pub struct Base {
    frame: Frame,
    /// Each area in pixels (simplified), with its bounds, in the layer's order.
    shapes: Vec<(MultiPolygon<f64>, Option<Rect<f64>>)>,
    by_code: HashMap<String, usize>,
}

impl Base {
    pub fn new(layer: &Layer<AreaFeature>) -> Base {
        let frame = f::map_frame(layer.features.iter().map(|a| &a.shape));
        let shapes = (layer.features.iter())
            .map(|a| {
                let px = frame.project(&a.shape);
                let r = px.bounding_rect();
                (px, r)
            })
            .collect();
        let by_code = (layer.features.iter().enumerate())
            .map(|(i, a)| (a.code.clone(), i))
            .collect();
        Base {
            frame,
            shapes,
            by_code,
        }
    }

    /// The area whose drawn shape holds the pixel, if any.
    fn area_at(&self, p: (f64, f64)) -> Option<usize> {
        let c = Coord { x: p.0, y: p.1 };
        self.shapes.iter().position(|(s, r)| {
            r.is_some_and(|r| {
                r.min().x <= c.x && c.x <= r.max().x && r.min().y <= c.y && c.y <= r.max().y
            }) && s.contains(&Point::from(c))
        })
    }

    /// Where to draw a point that the postcode directory places in area `i`: its own
    /// position when that lies inside the area as drawn, else a point inside the area —
    /// generalised boundaries can put a postcode just over a line, and a reader must
    /// never see a supplier in the wrong neighbourhood.
    /// The point moved is the nearest of the area's edge, stepped two pixels in: the
    /// smallest move that puts it inside (an interior point of a long area can be a
    /// kilometre off).
    fn inside(&self, i: usize, p: (f64, f64)) -> (f64, f64) {
        use geo::{Closest, ClosestPoint};
        let shape = &self.shapes[i].0;
        let at = Point::new(p.0, p.1);
        if shape.contains(&at) {
            return p;
        }
        let Some(centre) = shape.interior_point() else {
            return p;
        };
        if let Closest::SinglePoint(edge) | Closest::Intersection(edge) = shape.closest_point(&at) {
            let (dx, dy) = (centre.x() - edge.x(), centre.y() - edge.y());
            let len = dx.hypot(dy);
            for step in [2.0, 1.0, 0.5] {
                if len > step {
                    let q = Point::new(edge.x() + dx * step / len, edge.y() + dy * step / len);
                    if shape.contains(&q) {
                        return (q.x(), q.y());
                    }
                }
            }
        }
        (centre.x(), centre.y())
    }

    /// The base: every area once, shaded by its deprivation decile.
    fn areas(&self, layer: &Layer<AreaFeature>, items: &mut Vec<Item>) {
        for (a, (shape, _)) in layer.features.iter().zip(&self.shapes) {
            let decile = a.props.get("imd_decile").and_then(|v| v.as_i64());
            let n = int(&a.props, "suppliers");
            let title = format!(
                "{} ({}): {}; {} supplier{} placed here, {} influenceable spend",
                if a.name.is_empty() { &a.code } else { &a.name },
                a.code,
                decile.map_or("no deprivation figure".into(), |d| format!(
                    "IMD decile {d} (1 = most deprived tenth of England)"
                )),
                n,
                if n == 1 { "" } else { "s" },
                pounds(int(&a.props, "influenceable_pence")),
            );
            items.push(Item::Area {
                code: a.code.clone(),
                polygons: super::scene::polygons(shape),
                fill: deprivation_fill(decile),
                stroke: super::scene::WHITE,
                width: 0.6,
                title,
            });
        }
    }

    fn furniture(&self, items: &mut Vec<Item>, layer: &Layer<AreaFeature>) -> f64 {
        f::scale_bar(items, &self.frame);
        f::north_arrow(items);
        let mut y = f::heading(items, MAP_TOP + 4.0, "Deprivation (IMD 2019, by LSOA)");
        let mut classes: Vec<(super::scene::Rgb, String)> = DEPRIVATION
            .iter()
            .map(|(c, l)| (*c, l.to_string()))
            .collect();
        let unknown = (layer.features.iter())
            .filter(|a| a.props.get("imd_decile").and_then(|v| v.as_i64()).is_none())
            .count();
        if unknown > 0 {
            classes.push((super::NO_FIGURE, format!("no figure ({unknown} areas)")));
        }
        y = f::swatches(items, y, &classes);
        y
    }
}

/// The size of a point for `pence` of the largest `max`: area in proportion.
fn radius(pence: i64, max: i64) -> f64 {
    if pence <= 0 || max <= 0 {
        return 3.0;
    }
    3.0 + 13.0 * (pence as f64 / max as f64).sqrt()
}

/// Where the influenceable spend lands.
pub fn spend(base: &Base, layer: &Layer<AreaFeature>, suppliers: &Layer<PointFeature>) -> Map {
    let mut items = Vec::new();
    f::title(
        &mut items,
        "Where the influenceable spend lands",
        "Suppliers placed in the study's neighbourhoods, sized by influenceable spend in the run's ledgers, over deprivation",
    );
    base.areas(layer, &mut items);
    let mut drawn: Vec<(&PointFeature, usize)> = (suppliers.features.iter())
        .filter_map(|s| Some((s, *base.by_code.get(text(&s.props, "lsoa"))?)))
        .collect();
    // Largest first, so a small supplier is never hidden under a large one.
    drawn.sort_by_key(|(s, _)| {
        (
            -int(&s.props, "influenceable_pence"),
            text(&s.props, "supplier_id").to_string(),
        )
    });
    let max = drawn
        .iter()
        .map(|(s, _)| int(&s.props, "influenceable_pence"))
        .max()
        .unwrap_or(0);
    let mut forms: Vec<&str> = Vec::new();
    for (s, i) in &drawn {
        let p = &s.props;
        let at = base.inside(*i, base.frame.px(s.lon, s.lat));
        let (marker, fill, label) = ownership(text(p, "ownership_form"));
        forms.push(text(p, "ownership_form"));
        items.push(Item::Point {
            data: vec![
                ("supplier", text(p, "supplier_id").to_string()),
                ("lsoa", text(p, "lsoa").to_string()),
            ],
            at,
            r: radius(int(p, "influenceable_pence"), max),
            marker,
            fill,
            stroke: INK,
            width: 1.0,
            title: format!(
                "{} ({}), {label}: {} influenceable spend ({} in all); market: {}",
                text(p, "name"),
                text(p, "postcode"),
                pounds(int(p, "influenceable_pence")),
                pounds(int(p, "spend_pence")),
                Some(text(p, "market"))
                    .filter(|m| !m.is_empty())
                    .unwrap_or("not known"),
            ),
        });
    }
    let sites = anchor_sites(base, layer, &mut items);
    let mut y = base.furniture(&mut items, layer);
    y = f::heading(&mut items, y, "Suppliers, by ownership");
    let mut legend = ownership_legend(&forms);
    if sites.drawn > 0 {
        legend.push((Marker::Star, INK, 1.0, "an anchor's own site".into()));
    }
    y = f::markers(&mut items, y, &legend);
    if max > 0 {
        y = f::heading(&mut items, y, "Influenceable spend");
        let sizes: Vec<i64> = [max, max / 4].into_iter().filter(|&v| v > 0).collect();
        for v in sizes {
            let r = radius(v, max);
            items.push(Item::Point {
                data: vec![("legend", String::new())],
                at: (f::LEGEND_X + 16.0, y + r - 6.0),
                r,
                marker: super::scene::Marker::Circle,
                fill: super::scene::WHITE,
                stroke: INK,
                width: 1.0,
                title: whole_pounds(v),
            });
            items.push(f::text(
                (f::LEGEND_X + 40.0, y + r - 6.0),
                whole_pounds(v),
                11.0,
            ));
            y += 2.0 * r + 6.0;
        }
        y += 6.0;
    }
    let left_out = |key: &str, what: &str| -> i64 {
        (suppliers.top.get("left_out"))
            .and_then(|l| l.get(key))
            .and_then(|l| l.get(what))
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
    };
    let elsewhere = (layer.top.get("placed_elsewhere"))
        .and_then(|l| l.get("suppliers"))
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let mut caption = vec![format!(
        "{} supplier{} drawn in {} neighbourhoods; {} placed outside them (see where the money leaves to); \
             {} with no position and {} people or withheld payees ({} of spend) are counted but never drawn.",
        drawn.len(),
        if drawn.len() == 1 { "" } else { "s" },
        layer.features.len(),
        elsewhere,
        left_out("no_position", "suppliers"),
        left_out("people_and_withheld_payees", "suppliers"),
        pounds(left_out("people_and_withheld_payees", "spend_pence")),
    )];
    if !sites.not_drawn.is_empty() {
        caption.push(format!("Sites not drawn: {}.", sites.not_drawn.join("; ")));
    }
    let _ = f::note(
        &mut items,
        y,
        "Hover over an area or a point for its figures.",
    );
    let height = f::attribution(&mut items, &[layer.attribution(), suppliers.attribution()]);
    Map {
        id: "map-spend",
        title: "Where the influenceable spend lands".into(),
        caption,
        scene: Scene {
            width: f::WIDTH,
            height,
            label: "Map of the study's neighbourhoods shaded by deprivation, with its suppliers as points sized by influenceable spend".into(),
            items,
        },
    }
}

/// The anchors' sites drawn, and why the others are not.
struct Sites {
    drawn: usize,
    not_drawn: Vec<String>,
}

/// The anchors' own sites (areas.geojson's `anchor_sites`), drawn last, on top.
fn anchor_sites(base: &Base, layer: &Layer<AreaFeature>, items: &mut Vec<Item>) -> Sites {
    let mut sites = Sites {
        drawn: 0,
        not_drawn: Vec::new(),
    };
    let none = Vec::new();
    let all = (layer.top.get("anchor_sites"))
        .and_then(|v| v.as_array())
        .unwrap_or(&none);
    for site in all.iter().filter_map(|s| s.as_object()) {
        let (anchor, postcode) = (text(site, "anchor"), text(site, "postcode"));
        let at = (site.get("coordinates").and_then(|c| c.as_array()))
            .and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
        let area = base.by_code.get(text(site, "lsoa"));
        let (Some((lon, lat)), Some(&i)) = (at, area) else {
            let why = match at {
                None => text(site, "not_placed").to_string(),
                Some(_) => "outside these neighbourhoods".to_string(),
            };
            sites
                .not_drawn
                .push(format!("{anchor} at {postcode} ({why})"));
            continue;
        };
        sites.drawn += 1;
        items.push(Item::Point {
            data: vec![
                ("site", text(site, "anchor_id").to_string()),
                ("lsoa", text(site, "lsoa").to_string()),
            ],
            at: base.inside(i, base.frame.px(lon, lat)),
            r: 6.0,
            marker: Marker::Star,
            fill: INK,
            stroke: super::scene::WHITE,
            width: 1.0,
            title: format!("{anchor}: its own site at {postcode}"),
        });
    }
    sites
}

/// One row of local_suppliers.csv, as this map needs it.
#[derive(Deserialize)]
struct LocalOrg {
    area: String,
    market: String,
    verdict: Option<String>,
    name: String,
    postcode: String,
}

/// Verdicts of markets where a local democratic supplier exists but wins little or is too
/// small: the gap markets the directory's organisations could serve.
fn is_gap(verdict: &str) -> bool {
    matches!(verdict, "engage" | "grow")
}

/// The local social economy.
pub fn economy(
    base: &Base,
    layer: &Layer<AreaFeature>,
    directory: &Layer<PointFeature>,
    dir: &Path,
    gaps: &[crate::report::tables::Gap],
) -> anyhow::Result<Map> {
    let locals: Vec<LocalOrg> = if dir.join("local_suppliers.csv").exists() {
        crate::report::tables::read_csv(dir, "local_suppliers.csv", "gaps")?
    } else {
        Vec::new()
    };
    // Gap markets each organisation serves, by postcode and name as the gap stage read them.
    let mut serves: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for l in locals
        .iter()
        .filter(|l| l.verdict.as_deref().is_some_and(is_gap))
    {
        let entry = serves
            .entry((l.postcode.to_uppercase(), l.name.to_lowercase()))
            .or_default();
        let m = format!(
            "{} ({} in {})",
            l.market,
            l.verdict.as_deref().unwrap_or(""),
            l.area
        );
        if !entry.contains(&m) {
            entry.push(m);
        }
    }
    let mut items = Vec::new();
    f::title(
        &mut items,
        "The local social economy",
        "Co-operatives, social enterprises and charities of the directory, marked where they serve a gap market",
    );
    base.areas(layer, &mut items);
    let mut forms: Vec<&str> = Vec::new();
    let (mut drawn, mut outside, mut serving) = (0usize, 0usize, 0usize);
    for e in &directory.features {
        let p = &e.props;
        let at = base.frame.px(e.lon, e.lat);
        let Some(area) = base.area_at(at) else {
            outside += 1;
            continue;
        };
        drawn += 1;
        let markets = serves
            .get(&(
                text(p, "postcode").to_uppercase(),
                text(p, "name").to_lowercase(),
            ))
            .cloned()
            .unwrap_or_default();
        let (marker, fill, label) = ownership(text(p, "ownership_form"));
        forms.push(text(p, "ownership_form"));
        let gap = !markets.is_empty();
        serving += usize::from(gap);
        items.push(Item::Point {
            data: vec![
                ("entry", text(p, "identifier").to_string()),
                ("lsoa", layer.features[area].code.clone()),
            ],
            at,
            r: if gap { 7.0 } else { 5.0 },
            marker,
            fill,
            stroke: INK,
            width: if gap { 3.0 } else { 1.0 },
            title: format!(
                "{} ({}), {label}{}",
                text(p, "name"),
                text(p, "postcode"),
                if gap {
                    format!(": serves {}", markets.join("; "))
                } else {
                    String::new()
                }
            ),
        });
    }
    let mut y = base.furniture(&mut items, layer);
    y = f::heading(&mut items, y, "Organisations, by ownership");
    let mut legend = ownership_legend(&forms);
    if let Some((m, _, _, _)) = legend.first().cloned() {
        legend.push((
            m,
            super::scene::WHITE,
            3.0,
            "thick outline: serves a gap market".into(),
        ));
    }
    y = f::markers(&mut items, y, &legend);
    // The markets with no local democratic supplier at all, which a point cannot show.
    let area = gaps.first().map(|g| g.area.clone()).unwrap_or_default();
    let incubate: Vec<&str> = (gaps.iter())
        .filter(|g| g.area == area && g.verdict == "incubate")
        .map(|g| g.market.as_str())
        .collect();
    if !incubate.is_empty() {
        y = f::heading(&mut items, y, &format!("No local supplier ({area})"));
        y = f::note(
            &mut items,
            y,
            &format!("Markets to incubate: {}.", incubate.join("; ")),
        );
    }
    let _ = f::note(
        &mut items,
        y,
        "Hover over a point for the markets it serves.",
    );
    let height = f::attribution(&mut items, &[layer.attribution(), directory.attribution()]);
    let caption = vec![format!(
        "{drawn} organisation{} of the directory drawn, {serving} of them serving a market where local democratic \
         suppliers win little or are too small (engage or grow); {outside} lie outside these neighbourhoods.",
        if drawn == 1 { "" } else { "s" }
    )];
    Ok(Map {
        id: "map-economy",
        title: "The local social economy".into(),
        caption,
        scene: Scene {
            width: f::WIDTH,
            height,
            label: "Map of the study's neighbourhoods with the directory's co-operatives, social enterprises and charities".into(),
            items,
        },
    })
}
