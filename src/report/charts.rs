//! What each chart shows, as data: every chart is a pure function of the run's tables,
//! so the picture can be checked by checking its numbers. [`super::draw`] turns these
//! into SVG and PNG.

use chrono::NaiveDate;

use super::summary::{ALL, OUTER_BANDS, Summary, figure};
use super::tables::RunTables;
use crate::measure::figure::Standing;

/// One chart: its file stem under `charts/`, its title and what it plots.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Horizontal bars, one row per label; several series side by side, or stacked.
    Bars {
        rows: Vec<String>,
        series: Vec<Series>,
        stacked: bool,
        axis: Axis,
    },
    /// Dated points, one row per label, coloured by a key named in the legend.
    Timeline {
        rows: Vec<String>,
        points: Vec<(usize, NaiveDate, usize)>,
        legend: Vec<(String, Colour)>,
    },
}

/// One series of bars: its name (for the legend), a value per row and its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub colour: Colour,
}

/// The scale of a bar chart's axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Axis {
    /// Values are pounds.
    Pounds,
    /// Values are fractions shown as percentages.
    Percent,
}

/// An RGB colour.
pub type Colour = (u8, u8, u8);

/// Greens for the bands inside the area, greys for the rest.
const BAND_COLOURS: [Colour; 6] = [
    (27, 94, 32),
    (67, 160, 71),
    (165, 214, 167),
    (200, 230, 201),
    (232, 245, 233),
    (241, 248, 233),
];
const OUTER_COLOURS: [Colour; 3] = [(120, 144, 156), (84, 110, 122), (207, 216, 220)];
const MAIN: Colour = (46, 125, 50);
const SECOND: Colour = (176, 190, 197);
const LEAK: Colour = (198, 40, 40);
/// The part of the spend a figure could not see (unplaced, unsized, of unknown ownership).
const UNSEEN: Colour = (224, 224, 224);

/// The colour of a verdict, shared by the gap chart's legend and the calendar.
pub fn verdict_colour(verdict: &str) -> Colour {
    match verdict {
        "incubate" => (198, 40, 40),
        "engage" => (239, 108, 0),
        "grow" => (46, 125, 50),
        "served" => (21, 101, 192),
        _ => (117, 117, 117),
    }
}

/// Every chart the report draws, in the order the report shows them.
pub fn all(t: &RunTables, summary: &Summary) -> Vec<Chart> {
    let Some(year) = summary.year.as_deref() else {
        return Vec::new();
    };
    let mut out = vec![
        spend_by_band(t, summary, year),
        trend(summary, year),
        shares(
            t,
            year,
            "ownership",
            "Ownership form of suppliers",
            "ownership:",
        ),
        shares(t, year, "size", "Size of suppliers", "size:"),
        top_suppliers(t, year),
    ];
    out.extend(gap_chart(t));
    out.extend(calendar(t));
    out
}

/// Stacked shares of each anchor's influenceable spend by band, and the partnership's.
fn spend_by_band(t: &RunTables, summary: &Summary, year: &str) -> Chart {
    let bands = &t.bands;
    let mut rows: Vec<(String, String)> = summary
        .anchors
        .iter()
        .map(|a| (a.anchor_id.clone(), a.name.clone()))
        .collect();
    if rows.len() > 1 {
        rows.push((ALL.into(), "All anchors".into()));
    }
    let (mut inner, mut outer) = (0, 0);
    let series = bands
        .iter()
        .map(|b| {
            let colour = if OUTER_BANDS.contains(&b.as_str()) {
                outer += 1;
                OUTER_COLOURS[(outer - 1) % OUTER_COLOURS.len()]
            } else {
                inner += 1;
                BAND_COLOURS[(inner - 1).min(BAND_COLOURS.len() - 1)]
            };
            Series {
                name: b.clone(),
                values: rows
                    .iter()
                    .map(|(id, _)| {
                        figure(t, id, year, &format!("band:{b}")).map_or(0.0, |f| f.value)
                    })
                    .collect(),
                colour,
            }
        })
        .collect();
    Chart {
        id: "spend-by-band",
        title: format!("Where influenceable spend went, {year}"),
        kind: Kind::Bars {
            rows: rows.into_iter().map(|r| r.1).collect(),
            series,
            stacked: true,
            axis: Axis::Percent,
        },
    }
}

/// The headline shares this year beside the compared year.
fn trend(summary: &Summary, year: &str) -> Chart {
    let shares: Vec<_> = summary
        .headline
        .iter()
        .filter(|h| h.unit == "share")
        .collect();
    let mut series = Vec::new();
    if let Some(prev) = &summary.compared_year {
        series.push(Series {
            name: prev.clone(),
            values: shares
                .iter()
                .map(|h| h.previous_value.unwrap_or(f64::NAN))
                .collect(),
            colour: SECOND,
        });
    }
    // A figure that is not known has no bar of its own — drawing it at 0 would say it is
    // zero — but the part of the spend it could not see is drawn beside every figure.
    series.push(Series {
        name: year.to_string(),
        values: shares.iter().map(|h| h.value.unwrap_or(f64::NAN)).collect(),
        colour: MAIN,
    });
    let unseen: Vec<f64> = shares
        .iter()
        .map(|h| h.coverage.map_or(0.0, |c| (1.0 - c).max(0.0)))
        .collect();
    if unseen.iter().any(|u| *u > 0.0) {
        series.push(Series {
            name: format!("Spend it rests on nothing known about, {year}"),
            values: unseen,
            colour: UNSEEN,
        });
    }
    let title = match &summary.compared_year {
        Some(prev) => format!("Headline shares of influenceable spend, {prev} and {year}"),
        None => format!("Headline shares of influenceable spend, {year}"),
    };
    Chart {
        id: "trend",
        title,
        kind: Kind::Bars {
            rows: shares
                .iter()
                .map(|h| match h.standing {
                    Standing::Provisional => format!("{} (provisional)", h.label),
                    Standing::NotKnown => format!("{} (not known)", h.label),
                    Standing::Known => h.label.clone(),
                })
                .collect(),
            series,
            stacked: false,
            axis: Axis::Percent,
        },
    }
}

/// The partnership's shares by the metrics under one prefix, largest first, zeros left out.
fn shares(t: &RunTables, year: &str, id: &'static str, title: &str, prefix: &str) -> Chart {
    let mut rows: Vec<(String, f64)> = t
        .metrics
        .iter()
        .filter(|m| m.anchor_id == ALL && m.year == year && m.value > 0.0)
        .filter_map(|m| Some((label(m.metric.strip_prefix(prefix)?), m.value)))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Chart {
        id,
        title: format!("{title}: share of influenceable spend, {year}"),
        kind: Kind::Bars {
            rows: rows.iter().map(|r| r.0.clone()).collect(),
            series: vec![Series {
                name: year.to_string(),
                values: rows.iter().map(|r| r.1).collect(),
                colour: MAIN,
            }],
            stacked: false,
            axis: Axis::Percent,
        },
    }
}

/// `community_interest_company` → `Community interest company`.
pub fn label(code: &str) -> String {
    let text = code.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The partnership's ten largest suppliers of influenceable spend.
fn top_suppliers(t: &RunTables, year: &str) -> Chart {
    let top: Vec<_> = t
        .top_suppliers
        .iter()
        .filter(|s| s.anchor_id == ALL && s.year == year)
        .take(10)
        .collect();
    Chart {
        id: "top-suppliers",
        title: format!("The ten largest suppliers of influenceable spend, {year}"),
        kind: Kind::Bars {
            rows: top.iter().map(|s| s.display_name.clone()).collect(),
            series: vec![Series {
                name: year.to_string(),
                values: top
                    .iter()
                    .map(|s| s.influenceable_pence as f64 / 100.0)
                    .collect(),
                colour: MAIN,
            }],
            stacked: false,
            axis: Axis::Pounds,
        },
    }
}

/// For the first area: the markets leaking most, their leakage beside what local
/// democratic suppliers already win (the gap chart).
fn gap_chart(t: &RunTables) -> Option<Chart> {
    let area = &t.gaps.first()?.area;
    // The markets worth acting on first, then the largest other leaks, twelve in all;
    // markets no local enterprise could serve are left out.
    let actionable = |v: &str| ["incubate", "engage", "grow"].contains(&v);
    let mut rows: Vec<_> = t
        .gaps
        .iter()
        .filter(|g| &g.area == area && g.leakage_pence > 0)
        .filter(|g| !["unmapped", "not_addressable", "unknown"].contains(&g.verdict.as_str()))
        .collect();
    // No market judged: the report says why in words; an empty chart would say nothing.
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| {
        actionable(&b.verdict)
            .cmp(&actionable(&a.verdict))
            .then(b.leakage_pence.cmp(&a.leakage_pence))
            .then_with(|| a.market.cmp(&b.market))
    });
    rows.truncate(12);
    rows.sort_by(|a, b| {
        b.leakage_pence
            .cmp(&a.leakage_pence)
            .then_with(|| a.market.cmp(&b.market))
    });
    Some(Chart {
        id: "gaps",
        title: format!("Spend leaving {area} against local democratic supply, by market"),
        kind: Kind::Bars {
            rows: rows
                .iter()
                .map(|g| format!("{} ({}, {} local)", g.market, g.verdict, g.local_orgs))
                .collect(),
            series: vec![
                Series {
                    name: format!("Spent with suppliers outside {area}"),
                    values: rows
                        .iter()
                        .map(|g| g.leakage_pence as f64 / 100.0)
                        .collect(),
                    colour: LEAK,
                },
                Series {
                    name: "Spent with local democratic suppliers".into(),
                    values: rows
                        .iter()
                        .map(|g| g.local_democratic_pence as f64 / 100.0)
                        .collect(),
                    colour: MAIN,
                },
            ],
            stacked: false,
            axis: Axis::Pounds,
        },
    })
}

/// The first area's incubation calendar: each contract at its re-let date.
fn calendar(t: &RunTables) -> Option<Chart> {
    let area = &t.calendar.first()?.area;
    let entries: Vec<_> = t.calendar.iter().filter(|c| &c.area == area).collect();
    let mut legend: Vec<(String, Colour)> = Vec::new();
    let mut points = Vec::new();
    let mut rows = Vec::new();
    for c in &entries {
        let Ok(date) = NaiveDate::parse_from_str(&c.relet_date, "%Y-%m-%d") else {
            continue;
        };
        let key = match legend.iter().position(|(v, _)| v == &c.verdict) {
            Some(k) => k,
            None => {
                legend.push((c.verdict.clone(), verdict_colour(&c.verdict)));
                legend.len() - 1
            }
        };
        points.push((rows.len(), date, key));
        rows.push(format!("{} · {}", c.market, c.reference));
    }
    Some(Chart {
        id: "calendar",
        title: format!("Contracts in {area}'s gap markets by re-let date"),
        kind: Kind::Timeline {
            rows,
            points,
            legend,
        },
    })
}
