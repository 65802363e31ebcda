//! A map as a list of shapes in pixels, worked out once and then written by two
//! exporters (`svg.rs` with a tooltip on every area and point, `png.rs` through plotters),
//! so the file a slide uses and the page a browser shows are the same picture.

use geo::{Coord, MultiPolygon, Simplify};

/// A colour, `#rrggbb` in SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

pub const WHITE: Rgb = Rgb(255, 255, 255);
pub const INK: Rgb = Rgb(33, 33, 33);
pub const FAINT: Rgb = Rgb(97, 97, 97);
pub const EDGE: Rgb = Rgb(140, 140, 140);

/// How a point is marked: shapes as well as colours, so a greyscale print still tells
/// them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    /// An anchor's own site.
    Star,
}

impl Marker {
    /// The corners of the marker of radius `r` around `c` (none for a circle).
    pub fn corners(self, c: (f64, f64), r: f64) -> Vec<(f64, f64)> {
        let (x, y) = c;
        match self {
            Marker::Circle => Vec::new(),
            Marker::Square => {
                let h = r * 0.886; // the same area as the circle of radius r
                vec![
                    (x - h, y - h),
                    (x + h, y - h),
                    (x + h, y + h),
                    (x - h, y + h),
                ]
            }
            Marker::Triangle => {
                let h = r * 1.35;
                vec![
                    (x, y - h),
                    (x + h * 0.866, y + h * 0.5),
                    (x - h * 0.866, y + h * 0.5),
                ]
            }
            Marker::Diamond => {
                let h = r * 1.25;
                vec![(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
            }
            Marker::Star => (0..10)
                .map(|i| {
                    let a = std::f64::consts::PI * (i as f64) / 5.0;
                    let k = if i % 2 == 0 { r * 1.5 } else { r * 0.6 };
                    (x + k * a.sin(), y - k * a.cos())
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One shape of a map, in pixels from the top left.
#[derive(Debug, Clone)]
pub enum Item {
    /// An area of a boundary layer: its polygons, each its outer ring then its holes;
    /// its code (`data-code` in SVG, for tests and scripts) and its tooltip.
    Area {
        code: String,
        polygons: Vec<Vec<Vec<(f64, f64)>>>,
        fill: Rgb,
        stroke: Rgb,
        width: f64,
        title: String,
    },
    /// A supplier, an organisation of the directory or an anchor's site.
    Point {
        /// `data-` attributes: what the point is (`supplier`, `entry`) and its area.
        data: Vec<(&'static str, String)>,
        at: (f64, f64),
        r: f64,
        marker: Marker,
        fill: Rgb,
        stroke: Rgb,
        width: f64,
        title: String,
    },
    Text {
        at: (f64, f64),
        text: String,
        size: f64,
        bold: bool,
        anchor: Anchor,
        colour: Rgb,
    },
    Line {
        points: Vec<(f64, f64)>,
        stroke: Rgb,
        width: f64,
    },
    /// A filled shape with no tooltip: legend swatches, the north arrow.
    Shape {
        points: Vec<(f64, f64)>,
        fill: Rgb,
        stroke: Option<Rgb>,
    },
}

/// A whole map: its size in pixels, and its items in drawing order.
#[derive(Debug, Clone)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    /// A one-line description for screen readers (`aria-label`).
    pub label: String,
    pub items: Vec<Item>,
}

/// Longitude and latitude to pixels: an equirectangular projection about the middle
/// latitude of what is drawn (x shrunk by its cosine), which for a district or a country
/// the size of England distorts distances by under 3% — less than the boundaries are
/// generalised — and needs no projection crate.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    min_lon: f64,
    max_lat: f64,
    cos: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    left: f64,
    top: f64,
}

/// Metres in a degree of latitude.
const METRES_PER_DEGREE: f64 = 111_320.0;

impl Frame {
    /// The frame that fits `bounds` (min lon, min lat, max lon, max lat) into the box at
    /// (`left`, `top`) of `width` × `height` pixels, centred.
    pub fn fit(bounds: (f64, f64, f64, f64), left: f64, top: f64, width: f64, height: f64) -> Self {
        let (x0, y0, x1, y1) = bounds;
        let cos = ((y0 + y1) / 2.0).to_radians().cos();
        let w = ((x1 - x0) * cos).max(1e-9);
        let h = (y1 - y0).max(1e-9);
        let scale = (width / w).min(height / h);
        Frame {
            min_lon: x0,
            max_lat: y1,
            cos,
            scale,
            left: left + (width - w * scale) / 2.0,
            top: top + (height - h * scale) / 2.0,
        }
    }

    pub fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.left + (lon - self.min_lon) * self.cos * self.scale,
            self.top + (self.max_lat - lat) * self.scale,
        )
    }

    /// Pixels in `metres` on the ground.
    pub fn metres(&self, metres: f64) -> f64 {
        metres / METRES_PER_DEGREE * self.scale
    }

    /// An area in pixels, simplified to a third of a pixel (what the eye cannot see,
    /// and most of the file).
    pub fn project(&self, shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        use geo::MapCoords;
        shape
            .map_coords(|c| {
                let (x, y) = self.px(c.x, c.y);
                Coord { x, y }
            })
            .simplify(0.35)
    }
}

/// A shape's polygons as rings, outer ring before its holes, without the rings (and
/// polygons) simplified away.
pub fn polygons(shape: &MultiPolygon<f64>) -> Vec<Vec<Vec<(f64, f64)>>> {
    let ring = |r: &geo::LineString<f64>| r.0.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>();
    (shape.0.iter())
        .filter(|p| p.exterior().0.len() >= 4)
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors().iter().filter(|r| r.0.len() >= 4))
                .map(ring)
                .collect()
        })
        .collect()
}

/// Bounds of every shape, (min lon, min lat, max lon, max lat).
pub fn bounds<'a>(
    shapes: impl Iterator<Item = &'a MultiPolygon<f64>>,
) -> Option<(f64, f64, f64, f64)> {
    use geo::BoundingRect;
    shapes
        .filter_map(|s| s.bounding_rect())
        .map(|r| (r.min().x, r.min().y, r.max().x, r.max().y))
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_keeps_north_up_and_shrinks_longitude_by_the_cosine() {
        // One degree square at latitude 60: half as wide as high on the ground.
        let f = Frame::fit((0.0, 59.5, 1.0, 60.5), 0.0, 0.0, 200.0, 200.0);
        let (x0, y0) = f.px(0.0, 60.5);
        let (x1, y1) = f.px(1.0, 59.5);
        assert!((y1 - y0 - 200.0).abs() < 1e-9, "height fills the box");
        assert!(((x1 - x0) - 200.0 * 60f64.to_radians().cos()).abs() < 1e-6);
        assert!(y0 < y1, "north is up");
        // A kilometre is 1/111.32 of a degree of latitude.
        assert!((f.metres(111_320.0) - 200.0).abs() < 1e-9);
    }

    #[test]
    fn markers_have_their_corners_around_the_centre() {
        for m in [
            Marker::Square,
            Marker::Triangle,
            Marker::Diamond,
            Marker::Star,
        ] {
            let c = m.corners((10.0, 10.0), 4.0);
            let (sx, sy) = c.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
            let n = c.len() as f64;
            assert!(
                (sx / n - 10.0).abs() < 1e-9 && (sy / n - 10.0).abs() < 1.5,
                "{m:?}"
            );
        }
    }
}
