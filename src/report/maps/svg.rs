//! A [`Scene`] as an SVG document: every area and point carries a `<title>` (the
//! browser's tooltip — no scripts), areas a `data-code` and points their `data-`
//! attributes, so a reader can hover and a script can check what was drawn where.

use std::fmt::Write;

use super::scene::{Anchor, Item, Scene};
use crate::text::xml_escape;

/// Coordinates to a tenth of a pixel: finer than any screen, and a third of the bytes.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn path(polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        for (i, (x, y)) in ring.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, n(*x), n(*y));
        }
        d.push('Z');
    }
    d
}

fn points(pts: &[(f64, f64)]) -> String {
    pts.iter()
        .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn svg(scene: &Scene) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" font-family="DejaVu Sans, Verdana, sans-serif">"#,
        w = scene.width,
        h = scene.height,
        label = xml_escape(&scene.label)
    );
    let _ = write!(
        s,
        r##"<rect width="{}" height="{}" fill="#ffffff"/>"##,
        scene.width, scene.height
    );
    for item in &scene.items {
        match item {
            Item::Area {
                code,
                polygons,
                fill,
                stroke,
                width,
                title,
            } => {
                let _ = write!(
                    s,
                    r#"<path data-code="{}" d="{}" fill="{}" fill-rule="evenodd" stroke="{}" stroke-width="{}"><title>{}</title></path>"#,
                    xml_escape(code),
                    path(polygons),
                    fill.hex(),
                    stroke.hex(),
                    width,
                    xml_escape(title)
                );
            }
            Item::Point {
                data,
                at,
                r,
                marker,
                fill,
                stroke,
                width,
                title,
            } => {
                let attrs: String = data
                    .iter()
                    .map(|(k, v)| format!(r#" data-{k}="{}""#, xml_escape(v)))
                    .collect();
                let _ = write!(s, r#"<g{attrs} data-at="{} {}">"#, n(at.0), n(at.1));
                let style = format!(
                    r#"fill="{}" stroke="{}" stroke-width="{width}""#,
                    fill.hex(),
                    stroke.hex()
                );
                let corners = marker.corners(*at, *r);
                if corners.is_empty() {
                    let _ = write!(
                        s,
                        r#"<circle cx="{}" cy="{}" r="{}" {style}/>"#,
                        n(at.0),
                        n(at.1),
                        n(*r)
                    );
                } else {
                    let _ = write!(s, r#"<polygon points="{}" {style}/>"#, points(&corners));
                }
                let _ = write!(s, "<title>{}</title></g>", xml_escape(title));
            }
            Item::Text {
                at,
                text,
                size,
                bold,
                anchor,
                colour,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" font-size="{size}"{} text-anchor="{anchor}" dominant-baseline="middle" fill="{}">{}</text>"#,
                    n(at.0),
                    n(at.1),
                    if *bold { r#" font-weight="bold""# } else { "" },
                    colour.hex(),
                    xml_escape(text)
                );
            }
            Item::Line {
                points: pts,
                stroke,
                width,
            } => {
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}"/>"#,
                    points(pts),
                    stroke.hex()
                );
            }
            Item::Shape {
                points: pts,
                fill,
                stroke,
            } => {
                let stroke = stroke.map_or("none".to_string(), |c| c.hex());
                let _ = write!(
                    s,
                    r#"<polygon points="{}" fill="{}" stroke="{stroke}" stroke-width="1"/>"#,
                    points(pts),
                    fill.hex()
                );
            }
        }
    }
    s.push_str("</svg>");
    crate::text::printable_document(s)
}
