//! What every map carries besides its data: title, legend, scale bar, north arrow and the
//! attribution of the boundaries and positions it draws.

use super::scene::{Anchor, FAINT, Frame, INK, Item, Marker, Rgb, WHITE};

pub const WIDTH: u32 = 960;
/// The map's box, left of the legend.
pub const MAP_LEFT: f64 = 16.0;
pub const MAP_TOP: f64 = 64.0;
pub const MAP_W: f64 = 600.0;
pub const MAP_H: f64 = 600.0;
/// The legend's column.
pub const LEGEND_X: f64 = 640.0;

/// The frame that fits every shape into the map's box, a margin inside it.
pub fn map_frame<'a>(shapes: impl Iterator<Item = &'a geo::MultiPolygon<f64>>) -> Frame {
    let bounds = super::scene::bounds(shapes).unwrap_or((0.0, 0.0, 1.0, 1.0));
    Frame::fit(
        bounds,
        MAP_LEFT + 8.0,
        MAP_TOP + 8.0,
        MAP_W - 16.0,
        MAP_H - 16.0,
    )
}

pub fn text(at: (f64, f64), text: impl Into<String>, size: f64) -> Item {
    Item::Text {
        at,
        text: text.into(),
        size,
        bold: false,
        anchor: Anchor::Start,
        colour: INK,
    }
}

pub fn title(items: &mut Vec<Item>, title: &str, subtitle: &str) {
    items.push(Item::Text {
        at: (MAP_LEFT, 22.0),
        text: title.into(),
        size: 18.0,
        bold: true,
        anchor: Anchor::Start,
        colour: INK,
    });
    items.push(Item::Text {
        at: (MAP_LEFT, 44.0),
        text: subtitle.into(),
        size: 12.0,
        bold: false,
        anchor: Anchor::Start,
        colour: FAINT,
    });
}

/// A legend heading at `y`; returns the y below it.
pub fn heading(items: &mut Vec<Item>, y: f64, heading: &str) -> f64 {
    items.push(Item::Text {
        at: (LEGEND_X, y),
        text: heading.into(),
        size: 12.0,
        bold: true,
        anchor: Anchor::Start,
        colour: INK,
    });
    y + 20.0
}

/// Colour swatches with their labels; returns the y below them.
pub fn swatches(items: &mut Vec<Item>, mut y: f64, entries: &[(Rgb, String)]) -> f64 {
    for (fill, label) in entries {
        let (x0, y0) = (LEGEND_X, y - 7.0);
        items.push(Item::Shape {
            points: vec![
                (x0, y0),
                (x0 + 22.0, y0),
                (x0 + 22.0, y0 + 14.0),
                (x0, y0 + 14.0),
            ],
            fill: *fill,
            stroke: Some(super::scene::EDGE),
        });
        items.push(text((LEGEND_X + 30.0, y), label.clone(), 11.0));
        y += 19.0;
    }
    y + 8.0
}

/// Point markers with their labels; returns the y below them.
pub fn markers(items: &mut Vec<Item>, mut y: f64, entries: &[(Marker, Rgb, f64, String)]) -> f64 {
    for (marker, fill, width, label) in entries {
        items.push(Item::Point {
            data: vec![("legend", String::new())],
            at: (LEGEND_X + 11.0, y),
            r: 6.0,
            marker: *marker,
            fill: *fill,
            stroke: INK,
            width: *width,
            title: label.clone(),
        });
        items.push(text((LEGEND_X + 30.0, y), label.clone(), 11.0));
        y += 20.0;
    }
    y + 6.0
}

/// Lines of at most `chars` characters, broken at spaces.
pub fn wrap(s: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= chars => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Faint text wrapped at `chars` from (`x`, `y`), `size` points on lines `step` apart;
/// returns the y below it.
fn faint(
    items: &mut Vec<Item>,
    (x, mut y): (f64, f64),
    s: &str,
    chars: usize,
    size: f64,
    step: f64,
) -> f64 {
    for line in wrap(s, chars) {
        items.push(Item::Text {
            at: (x, y),
            text: line,
            size,
            bold: false,
            anchor: Anchor::Start,
            colour: FAINT,
        });
        y += step;
    }
    y
}

/// Wrapped small text in the legend column; returns the y below it.
pub fn note(items: &mut Vec<Item>, y: f64, s: &str) -> f64 {
    faint(items, (LEGEND_X, y), s, 48, 10.5, 15.0) + 6.0
}

/// A scale bar of a round length near 120 pixels, at the map's bottom left.
pub fn scale_bar(items: &mut Vec<Item>, frame: &Frame) {
    let per_metre = frame.metres(1.0);
    if per_metre <= 0.0 {
        return;
    }
    let target = 120.0 / per_metre;
    let power = 10f64.powf(target.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&m| m <= target)
        .unwrap_or(power);
    let len = metres * per_metre;
    let (x, y) = (MAP_LEFT + 10.0, MAP_TOP + MAP_H - 14.0);
    items.push(Item::Shape {
        points: vec![
            (x - 4.0, y - 20.0),
            (x + len + 34.0, y - 20.0),
            (x + len + 34.0, y + 8.0),
            (x - 4.0, y + 8.0),
        ],
        fill: WHITE,
        stroke: None,
    });
    items.push(Item::Line {
        points: vec![(x, y - 5.0), (x, y), (x + len, y), (x + len, y - 5.0)],
        stroke: INK,
        width: 2.0,
    });
    let label = if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    };
    items.push(text((x + len + 6.0, y - 4.0), label, 11.0));
}

/// A north arrow at the map's top right.
pub fn north_arrow(items: &mut Vec<Item>) {
    let (x, y) = (MAP_LEFT + MAP_W - 20.0, MAP_TOP + 30.0);
    items.push(Item::Shape {
        points: vec![
            (x, y - 18.0),
            (x + 9.0, y + 10.0),
            (x, y + 4.0),
            (x - 9.0, y + 10.0),
        ],
        fill: INK,
        stroke: Some(INK),
    });
    items.push(Item::Text {
        at: (x, y - 28.0),
        text: "N".into(),
        size: 13.0,
        bold: true,
        anchor: Anchor::Middle,
        colour: INK,
    });
}

/// The attribution under the map, wrapped; returns the scene's height.
pub fn attribution(items: &mut Vec<Item>, notices: &[&str]) -> u32 {
    let mut y = MAP_TOP + MAP_H + 18.0;
    for notice in notices.iter().filter(|n| !n.is_empty()) {
        y = faint(items, (MAP_LEFT, y), notice, 150, 10.0, 14.0);
    }
    (y + 6.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("a-very-long-word x", 5), ["a-very-long-word", "x"]);
    }

    #[test]
    fn the_scale_bar_is_a_round_length() {
        // 600 px across 0.2 degrees of latitude: 120 px ≈ 4.45 km, so the bar says 2 km.
        let f = Frame::fit((-1.3, 51.7, -1.1, 51.9), MAP_LEFT, MAP_TOP, MAP_W, MAP_H);
        let mut items = Vec::new();
        scale_bar(&mut items, &f);
        let labels: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["2 km"]);
    }
}
