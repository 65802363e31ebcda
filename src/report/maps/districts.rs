//! Where the money leaves to: every district of the boundaries shaded by the influenceable
//! spend with suppliers placed in it, the study's own districts outlined, and what the
//! layer cannot show (districts whose codes it lacks, suppliers not placed) said in words.

use super::Map;
use super::furniture::{self as f, MAP_TOP};
use super::layers::{AreaFeature, Layer, int};
use super::scene::{INK, Item, Rgb, Scene, WHITE};
use crate::format::{pounds, whole_pounds};

/// Sequential oranges, light to dark (ColorBrewer Oranges), for up to five classes.
const RAMP: [Rgb; 5] = [
    Rgb(254, 230, 206),
    Rgb(253, 174, 107),
    Rgb(253, 141, 60),
    Rgb(230, 85, 13),
    Rgb(166, 54, 3),
];

/// Class breaks (upper bounds, inclusive) of the positive values: quantiles, so each
/// class holds about as many districts, rounded to whole pounds; fewer classes when
/// there are fewer distinct values.
fn breaks(mut values: Vec<i64>) -> Vec<i64> {
    values.retain(|&v| v > 0);
    values.sort_unstable();
    let mut out: Vec<i64> = Vec::new();
    for k in 1..=RAMP.len() {
        let i = (values.len() * k).div_ceil(RAMP.len()).saturating_sub(1);
        if let Some(&v) = values.get(i) {
            let v = v.div_euclid(100) * 100 + if v % 100 == 0 { 0 } else { 100 };
            if out.last() != Some(&v) {
                out.push(v);
            }
        }
    }
    out
}

fn class(v: i64, breaks: &[i64]) -> Option<usize> {
    (v > 0).then(|| {
        breaks
            .iter()
            .position(|&b| v <= b)
            .unwrap_or(breaks.len() - 1)
    })
}

pub fn leakage(layer: &Layer<AreaFeature>) -> Map {
    let frame = f::map_frame(layer.features.iter().map(|a| &a.shape));
    let spend = |a: &AreaFeature| int(&a.props, "influenceable_pence");
    let breaks = breaks(layer.features.iter().map(spend).collect());
    let mut items = Vec::new();
    f::title(
        &mut items,
        "Where the money leaves to",
        "Influenceable spend by the district its suppliers are placed in (the run's ledgers); the study's districts outlined",
    );
    let home = |a: &AreaFeature| a.props.get("study_area").and_then(|v| v.as_bool()) == Some(true);
    // The study's own districts last, so their outline is on top.
    let mut order: Vec<&AreaFeature> = layer.features.iter().collect();
    order.sort_by_key(|a| home(a));
    for a in order {
        let v = spend(a);
        let n = int(&a.props, "suppliers");
        items.push(Item::Area {
            code: a.code.clone(),
            polygons: super::scene::polygons(&frame.project(&a.shape)),
            fill: class(v, &breaks).map_or(WHITE, |c| RAMP[c + RAMP.len() - breaks.len()]),
            stroke: if home(a) { INK } else { super::scene::EDGE },
            width: if home(a) { 2.0 } else { 0.4 },
            title: format!(
                "{} ({}): {} influenceable spend with {n} supplier{} placed here{}",
                if a.name.is_empty() { &a.code } else { &a.name },
                a.code,
                pounds(v),
                if n == 1 { "" } else { "s" },
                if home(a) {
                    " — the study's own district"
                } else {
                    ""
                }
            ),
        });
    }
    f::scale_bar(&mut items, &frame);
    f::north_arrow(&mut items);
    let mut y = f::heading(&mut items, MAP_TOP + 4.0, "Influenceable spend placed here");
    let mut classes: Vec<(Rgb, String)> = vec![(WHITE, "none".into())];
    let mut low = 0i64;
    for (i, &b) in breaks.iter().enumerate() {
        let label = if i == 0 {
            format!("up to {}", whole_pounds(b))
        } else {
            format!("{} to {}", whole_pounds(low), whole_pounds(b))
        };
        classes.push((RAMP[i + RAMP.len() - breaks.len()], label));
        low = b;
    }
    y = f::swatches(&mut items, y, &classes);
    let total = |key: &str, what: &str| -> i64 {
        (layer.top.get(key))
            .and_then(|l| l.get(what))
            .and_then(|v| v.as_i64())
            .unwrap_or(0)
    };
    let on_map: i64 = layer.features.iter().map(spend).sum();
    let elsewhere = total("placed_elsewhere", "influenceable_pence");
    let unplaced = total("not_placed", "influenceable_pence");
    y = f::note(
        &mut items,
        y,
        "Thick outline: the districts of the neighbourhood maps. Hover over a district for its figures.",
    );
    let _ = y;
    let caption = vec![format!(
        "{} of influenceable spend drawn across {} districts; {} with suppliers placed in districts these \
         boundaries do not hold (codes changed since they were drawn, or outside their country), and {} with \
         {} supplier(s) not placed at all.",
        pounds(on_map),
        layer.features.iter().filter(|a| spend(a) > 0).count(),
        pounds(elsewhere),
        pounds(unplaced),
        total("not_placed", "suppliers"),
    )];
    let height = f::attribution(&mut items, &[layer.attribution()]);
    Map {
        id: "map-districts",
        title: "Where the money leaves to".into(),
        caption,
        scene: Scene {
            width: f::WIDTH,
            height,
            label:
                "Map of districts shaded by the influenceable spend with suppliers placed in each"
                    .into(),
            items,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_quantiles_of_the_positive_values_in_whole_pounds() {
        let b = breaks(vec![
            0, 150, 250, 1000, 5000, 9999, 0, 20000, 30000, 40000, 50000,
        ]);
        assert_eq!(b, [300, 5000, 20000, 40000, 50000]);
        assert_eq!(class(150, &b), Some(0));
        assert_eq!(class(50000, &b), Some(4));
        assert_eq!(class(0, &b), None);
        // Two distinct values: two classes, not five.
        assert_eq!(breaks(vec![100, 100, 100, 200]), [100, 200]);
    }
}
