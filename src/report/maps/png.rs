//! A [`Scene`] as a PNG image through plotters' bitmap backend, in the embedded DejaVu
//! Sans, for documents and slides. A bitmap has no holes in a fill: areas are painted
//! largest first, so an area inside another's hole is painted over it.

use anyhow::anyhow;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::scene::{Anchor, Item, Rgb, Scene};

fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn px(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

fn failed<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing a map: {e:?}")
}

/// The area of the bounding box of an area's outer rings, for painting order.
fn extent(polygons: &[Vec<Vec<(f64, f64)>>]) -> f64 {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in polygons.iter().filter_map(|p| p.first()).flatten() {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    if x1 < x0 { 0.0 } else { (x1 - x0) * (y1 - y0) }
}

pub fn png(scene: &Scene) -> anyhow::Result<Vec<u8>> {
    crate::report::draw::register_font();
    let (w, h) = (scene.width, scene.height);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        // Areas first, largest first (stable, so ties keep the scene's order), then the rest
        // in the scene's order.
        let mut areas: Vec<&Item> = (scene.items.iter())
            .filter(|i| matches!(i, Item::Area { .. }))
            .collect();
        areas.sort_by(|a, b| {
            let e = |i: &Item| match i {
                Item::Area { polygons, .. } => extent(polygons),
                _ => 0.0,
            };
            e(b).total_cmp(&e(a))
        });
        let rest = scene
            .items
            .iter()
            .filter(|i| !matches!(i, Item::Area { .. }));
        for item in areas.into_iter().chain(rest) {
            draw(&root, item)?;
        }
        root.present().map_err(failed)?;
    }
    crate::report::draw::encode_png(&pixels, w, h)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    item: &Item,
) -> anyhow::Result<()> {
    match item {
        Item::Area {
            polygons,
            fill,
            stroke,
            width,
            ..
        } => {
            for outer in polygons.iter().filter_map(|p| p.first()) {
                let pts: Vec<(i32, i32)> = outer.iter().map(|&p| px(p)).collect();
                root.draw(&Polygon::new(pts, colour(*fill).filled()))
                    .map_err(failed)?;
            }
            for ring in polygons.iter().flatten() {
                let pts: Vec<(i32, i32)> = ring.iter().map(|&p| px(p)).collect();
                let style = colour(*stroke).stroke_width(width.round().max(1.0) as u32);
                root.draw(&PathElement::new(pts, style)).map_err(failed)?;
            }
        }
        Item::Point {
            at,
            r,
            marker,
            fill,
            stroke,
            width,
            ..
        } => {
            let corners = marker.corners(*at, *r);
            let line = colour(*stroke).stroke_width(width.round().max(1.0) as u32);
            if corners.is_empty() {
                let (c, r) = (px(*at), r.round().max(1.0) as i32);
                root.draw(&Circle::new(c, r, colour(*fill).filled()))
                    .map_err(failed)?;
                root.draw(&Circle::new(c, r, line)).map_err(failed)?;
            } else {
                let pts: Vec<(i32, i32)> = corners.iter().map(|&p| px(p)).collect();
                root.draw(&Polygon::new(pts.clone(), colour(*fill).filled()))
                    .map_err(failed)?;
                let mut closed = pts.clone();
                closed.push(pts[0]);
                root.draw(&PathElement::new(closed, line)).map_err(failed)?;
            }
        }
        Item::Text {
            at,
            text,
            size,
            bold,
            anchor,
            colour: c,
        } => {
            let h = match anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
                Anchor::End => HPos::Right,
            };
            let style = if *bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let font = (crate::report::draw::FONT, *size).into_font().style(style);
            let ink = colour(*c);
            let text_style = TextStyle::from(font)
                .color(&ink)
                .pos(Pos::new(h, VPos::Center));
            root.draw(&Text::new(text.clone(), px(*at), text_style))
                .map_err(failed)?;
        }
        Item::Line {
            points,
            stroke,
            width,
        } => {
            let pts: Vec<(i32, i32)> = points.iter().map(|&p| px(p)).collect();
            let style = colour(*stroke).stroke_width(width.round().max(1.0) as u32);
            root.draw(&PathElement::new(pts, style)).map_err(failed)?;
        }
        Item::Shape {
            points,
            fill,
            stroke,
        } => {
            let pts: Vec<(i32, i32)> = points.iter().map(|&p| px(p)).collect();
            root.draw(&Polygon::new(pts.clone(), colour(*fill).filled()))
                .map_err(failed)?;
            if let Some(s) = stroke {
                let mut closed = pts.clone();
                closed.push(pts[0]);
                root.draw(&PathElement::new(closed, colour(*s)))
                    .map_err(failed)?;
            }
        }
    }
    Ok(())
}
