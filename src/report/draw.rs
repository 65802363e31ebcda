//! Drawing a [`Chart`] with plotters, once for SVG (the report and slides) and once for
//! PNG (documents). Layout is worked out here in pixels, the same for both backends, and
//! text is set in DejaVu Sans, embedded in the binary, so a machine with no fonts
//! installed draws the same picture.

use std::sync::Once;

use anyhow::anyhow;
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::charts::{Axis, Chart, Colour, Kind};

const WIDTH: u32 = 960;
/// Room for row labels on the left.
const LABEL_W: i32 = 340;
const RIGHT: i32 = 70;
/// Room for the title above the plot.
const TOP: i32 = 48;
const AXIS_H: i32 = 28;
const LEGEND_H: i32 = 30;
pub(crate) const FONT: &str = "sans-serif";
const GRID: RGBColor = RGBColor(224, 224, 224);
const INK: RGBColor = RGBColor(33, 33, 33);
const FAINT: RGBColor = RGBColor(97, 97, 97);

/// Makes DejaVu Sans the font plotters draws "sans-serif" with (once per process).
pub(crate) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded files are valid fonts; a failure here would show in every test.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The chart as an SVG document.
pub fn svg(chart: &Chart) -> anyhow::Result<String> {
    register_font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size(chart)).into_drawing_area();
        paint(chart, &root)?;
        root.present().map_err(failed)?;
    }
    Ok(crate::text::printable_document(out))
}

/// The chart as a PNG image.
pub fn png(chart: &Chart) -> anyhow::Result<Vec<u8>> {
    register_font();
    let (w, h) = size(chart);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        paint(chart, &root)?;
        root.present().map_err(failed)?;
    }
    encode_png(&pixels, w, h)
}

/// RGB pixels as a PNG file, for the charts and the maps.
pub(crate) fn encode_png(pixels: &[u8], w: u32, h: u32) -> anyhow::Result<Vec<u8>> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(
        pixels,
        w,
        h,
        image::ColorType::Rgb8,
    )?;
    Ok(png)
}

fn failed<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing a chart: {e:?}")
}

/// Pixel height of one row: grouped bars get a slot per series.
fn row_height(chart: &Chart) -> i32 {
    match &chart.kind {
        Kind::Bars {
            series,
            stacked: false,
            ..
        } if series.len() > 1 => 8 + 13 * series.len() as i32,
        _ => 26,
    }
}

fn rows(chart: &Chart) -> usize {
    match &chart.kind {
        Kind::Bars { rows, .. } | Kind::Timeline { rows, .. } => rows.len().max(1),
    }
}

fn size(chart: &Chart) -> (u32, u32) {
    let h = TOP + rows(chart) as i32 * row_height(chart) + AXIS_H + LEGEND_H + 8;
    (WIDTH, h as u32)
}

type Area<'a, DB> = DrawingArea<DB, Shift>;

fn paint<DB: DrawingBackend>(chart: &Chart, root: &Area<'_, DB>) -> anyhow::Result<()> {
    root.fill(&WHITE).map_err(failed)?;
    let title = TextStyle::from((FONT, 17).into_font().style(FontStyle::Bold)).color(&INK);
    root.draw(&Text::new(chart.title.clone(), (16, 14), title))
        .map_err(failed)?;
    match &chart.kind {
        Kind::Bars {
            rows,
            series,
            stacked,
            axis,
        } => {
            let legend: Vec<(String, Colour)> =
                series.iter().map(|s| (s.name.clone(), s.colour)).collect();
            bars(root, chart, rows, series, *stacked, *axis)?;
            if series.len() > 1 {
                draw_legend(root, chart, &legend)?;
            }
        }
        Kind::Timeline {
            rows,
            points,
            legend,
        } => {
            timeline(root, chart, rows, points, legend)?;
            draw_legend(root, chart, legend)?;
        }
    }
    Ok(())
}

fn text(size: u32, colour: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
        .color(colour)
        .pos(Pos::new(h, VPos::Center))
}

fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Cuts a label to fit the label column.
fn fit(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).chain(['…']).collect()
    }
}

/// A round axis maximum and step for values up to `max`.
fn ticks(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 0.25);
    }
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| max / s <= 5.0)
        .unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

/// `£1.2m`, `£250k`, `£900`, `25%`: axis and bar labels.
pub fn short(value: f64, axis: Axis) -> String {
    match axis {
        Axis::Percent => {
            let pct = value * 100.0;
            if pct != 0.0 && pct.abs() < 1.0 {
                // One significant figure at least: a tiny share's axis is not 0.0% 0.0% 0.1%.
                let places = (-pct.abs().log10().floor()).clamp(1.0, 4.0) as usize;
                format!("{pct:.places$}%")
            } else {
                format!("{pct:.0}%")
            }
        }
        Axis::Pounds => {
            let a = value.abs();
            let sign = if value < 0.0 { "-" } else { "" };
            if a >= 1e6 {
                format!("{sign}£{:.1}m", a / 1e6)
            } else if a >= 1e3 {
                format!("{sign}£{:.0}k", a / 1e3)
            } else {
                format!("{sign}£{a:.0}")
            }
        }
    }
}

fn bars<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &Chart,
    rows: &[String],
    series: &[super::charts::Series],
    stacked: bool,
    axis: Axis,
) -> anyhow::Result<()> {
    let row_h = row_height(chart);
    let bottom = TOP + rows.len().max(1) as i32 * row_h;
    let (x0, x1) = (LABEL_W, WIDTH as i32 - RIGHT);
    let max = if stacked {
        1.0
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max)
    };
    let (top_value, step) = ticks(max);
    let x_of = |v: f64| x0 + ((v / top_value).clamp(0.0, 1.0) * f64::from(x1 - x0)).round() as i32;
    let mut v = 0.0;
    // An axis over nothing would read "£0 £0 £0 £1 £1".
    while max > 0.0 && v <= top_value + step / 2.0 {
        let x = x_of(v);
        root.draw(&PathElement::new(vec![(x, TOP), (x, bottom)], GRID))
            .map_err(failed)?;
        root.draw(&Text::new(
            short(v, axis),
            (x, bottom + 12),
            text(11, &FAINT, HPos::Center),
        ))
        .map_err(failed)?;
        v += step;
    }
    if rows.is_empty() {
        root.draw(&Text::new(
            "No figures to show",
            (x0, TOP + row_h / 2),
            text(13, &FAINT, HPos::Left),
        ))
        .map_err(failed)?;
    }
    for (i, label) in rows.iter().enumerate() {
        let y = TOP + i as i32 * row_h;
        root.draw(&Text::new(
            fit(label, 46),
            (x0 - 8, y + row_h / 2),
            text(12, &INK, HPos::Right),
        ))
        .map_err(failed)?;
        if stacked {
            let mut at = 0.0;
            for s in series {
                let value = s.values.get(i).copied().unwrap_or(0.0);
                let (a, b) = (x_of(at), x_of(at + value));
                at += value;
                if b <= a {
                    continue;
                }
                root.draw(&Rectangle::new(
                    [(a, y + 4), (b, y + row_h - 4)],
                    rgb(s.colour).filled(),
                ))
                .map_err(failed)?;
                if b - a > 34 {
                    let light =
                        u32::from(s.colour.0) + u32::from(s.colour.1) + u32::from(s.colour.2) > 450;
                    let ink: &'static RGBColor = if light { &INK } else { &WHITE };
                    root.draw(&Text::new(
                        short(value, axis),
                        ((a + b) / 2, y + row_h / 2),
                        text(10, ink, HPos::Center),
                    ))
                    .map_err(failed)?;
                }
            }
        } else {
            let slot = (row_h - 8) / series.len().max(1) as i32;
            for (k, s) in series.iter().enumerate() {
                let value = s.values.get(i).copied().unwrap_or(0.0);
                // No value (a figure not known): no bar and no label, never "0%".
                if value.is_nan() {
                    continue;
                }
                let top = y + 4 + k as i32 * slot;
                let end = x_of(value);
                if end > x0 {
                    root.draw(&Rectangle::new(
                        [(x0, top), (end, top + slot - 2)],
                        rgb(s.colour).filled(),
                    ))
                    .map_err(failed)?;
                }
                root.draw(&Text::new(
                    short(value, axis),
                    (end + 4, top + slot / 2),
                    text(10, &FAINT, HPos::Left),
                ))
                .map_err(failed)?;
            }
        }
    }
    root.draw(&PathElement::new(vec![(x0, TOP), (x0, bottom)], INK))
        .map_err(failed)?;
    Ok(())
}

fn timeline<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &Chart,
    rows: &[String],
    points: &[(usize, NaiveDate, usize)],
    legend: &[(String, Colour)],
) -> anyhow::Result<()> {
    let row_h = row_height(chart);
    let bottom = TOP + rows.len().max(1) as i32 * row_h;
    let (x0, x1) = (LABEL_W, WIDTH as i32 - RIGHT);
    let first = points.iter().map(|p| p.1).min();
    let last = points.iter().map(|p| p.1).max();
    let (Some(first), Some(last)) = (first, last) else {
        root.draw(&Text::new(
            "No contracts come up again within the horizon",
            (x0, TOP + row_h / 2),
            text(13, &FAINT, HPos::Left),
        ))
        .map_err(failed)?;
        return Ok(());
    };
    // From the start of the first date's half-year to the end of the last date's.
    let half = |d: NaiveDate| {
        NaiveDate::from_ymd_opt(d.year(), if d.month() <= 6 { 1 } else { 7 }, 1).unwrap_or(d)
    };
    let start = half(first);
    let end = half(last)
        .checked_add_months(chrono::Months::new(6))
        .unwrap_or(last);
    let span = (end - start).num_days().max(1) as f64;
    let x_of = |d: NaiveDate| {
        x0 + (((d - start).num_days() as f64 / span) * f64::from(x1 - x0)).round() as i32
    };
    let mut tick = start;
    while tick <= end {
        let x = x_of(tick);
        root.draw(&PathElement::new(vec![(x, TOP), (x, bottom)], GRID))
            .map_err(failed)?;
        root.draw(&Text::new(
            tick.format("%b %Y").to_string(),
            (x, bottom + 12),
            text(11, &FAINT, HPos::Center),
        ))
        .map_err(failed)?;
        tick = tick
            .checked_add_months(chrono::Months::new(6))
            .unwrap_or(end.succ_opt().unwrap_or(end));
        if tick == start {
            break;
        }
    }
    for (i, label) in rows.iter().enumerate() {
        let y = TOP + i as i32 * row_h + row_h / 2;
        root.draw(&Text::new(
            fit(label, 46),
            (x0 - 8, y),
            text(12, &INK, HPos::Right),
        ))
        .map_err(failed)?;
        root.draw(&PathElement::new(vec![(x0, y), (x1, y)], GRID))
            .map_err(failed)?;
    }
    for &(row, date, key) in points {
        let y = TOP + row as i32 * row_h + row_h / 2;
        let colour = legend.get(key).map_or(FAINT, |l| rgb(l.1));
        let x = x_of(date);
        root.draw(&Circle::new((x, y), 6, colour.filled()))
            .map_err(failed)?;
        root.draw(&Text::new(
            date.format("%d %b %Y").to_string(),
            (x + 10, y),
            text(10, &FAINT, HPos::Left),
        ))
        .map_err(failed)?;
    }
    root.draw(&PathElement::new(vec![(x0, TOP), (x0, bottom)], INK))
        .map_err(failed)?;
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &Chart,
    legend: &[(String, Colour)],
) -> anyhow::Result<()> {
    let y = TOP + rows(chart) as i32 * row_height(chart) + AXIS_H + LEGEND_H / 2 - 4;
    let mut x = LABEL_W;
    let style = text(12, &INK, HPos::Left);
    for (name, colour) in legend {
        root.draw(&Rectangle::new(
            [(x, y - 6), (x + 12, y + 6)],
            rgb(*colour).filled(),
        ))
        .map_err(failed)?;
        root.draw(&Text::new(name.clone(), (x + 18, y), style.clone()))
            .map_err(failed)?;
        let (w, _) = root.estimate_text_size(name, &style).map_err(failed)?;
        x += 18 + w as i32 + 22;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::Series;

    fn chart(rows: &[&str]) -> Chart {
        Chart {
            id: "t",
            title: "Test <chart> & \"quotes\"".into(),
            kind: Kind::Bars {
                rows: rows.iter().map(|r| r.to_string()).collect(),
                series: vec![Series {
                    name: "a".into(),
                    values: vec![1.0; rows.len()],
                    colour: (0, 0, 0),
                }],
                stacked: false,
                axis: Axis::Pounds,
            },
        }
    }

    #[test]
    fn svg_text_is_escaped() {
        let svg = svg(&chart(&["<script>alert(1)</script>"])).unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("Test &lt;chart&gt; &amp;"));
    }

    #[test]
    fn drawing_is_deterministic_and_png_is_a_png() {
        let c = chart(&["one", "two"]);
        assert_eq!(svg(&c).unwrap(), svg(&c).unwrap());
        let (a, b) = (png(&c).unwrap(), png(&c).unwrap());
        assert_eq!(a, b);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn an_empty_chart_still_draws() {
        assert!(svg(&chart(&[])).unwrap().contains("No figures to show"));
    }

    #[test]
    fn axis_labels() {
        assert_eq!(short(1_260_000.0, Axis::Pounds), "£1.3m");
        assert_eq!(short(250_000.0, Axis::Pounds), "£250k");
        assert_eq!(short(0.213, Axis::Percent), "21%");
        assert_eq!(short(0.004, Axis::Percent), "0.4%");
        assert_eq!(short(0.0002, Axis::Percent), "0.02%");
        assert_eq!(ticks(0.9), (1.0, 0.2));
        assert_eq!(ticks(4_300_000.0), (5_000_000.0, 1_000_000.0));
    }
}
