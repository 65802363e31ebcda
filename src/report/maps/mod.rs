//! The report's maps, drawn offline from the run folder's layers: where the influenceable
//! spend lands (the study's neighbourhoods by deprivation, the suppliers on them), the
//! local social economy (the directory over the same base), and where the money leaves
//! to (spend by district). Each is a [`Scene`] written as SVG (inline in report.html,
//! with a tooltip on every area and point) and PNG (in charts/).

mod districts;
mod furniture;
mod layers;
mod neighbourhoods;
mod png;
pub mod scene;
mod svg;

use std::path::Path;

use scene::{Marker, Rgb, Scene};

/// One map: its file name in charts/, its heading, what a reader should know about it,
/// and the drawing.
pub struct Map {
    pub id: &'static str,
    pub title: String,
    /// Sentences under the map: what it shows and what it leaves out, with figures.
    pub caption: Vec<String>,
    pub scene: Scene,
}

impl Map {
    pub fn svg(&self) -> String {
        svg::svg(&self.scene)
    }

    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        png::png(&self.scene)
    }
}

/// The maps a run folder can draw, and, when it has no boundaries, what to add.
pub struct Maps {
    pub maps: Vec<Map>,
    /// Why a map is missing and how to get it, one line each.
    pub missing: Vec<String>,
}

/// Where ONS publishes boundaries, for the line that says what to add.
pub const WHERE_PUBLISHED: &str = "the ONS Open Geography Portal (geoportal.statistics.gov.uk: \
     'Lower layer Super Output Areas (2011 or 2021) Boundaries' and 'Local Authority Districts \
     Boundaries', as GeoJSON)";

/// Works out every map the run folder's layers allow.
pub fn all(dir: &Path, gaps: &[crate::report::tables::Gap]) -> anyhow::Result<Maps> {
    let areas = layers::areas(dir, "areas.geojson")?;
    let districts = layers::areas(dir, "districts.geojson")?;
    let suppliers = layers::points(dir, "suppliers.geojson")?;
    let directory = layers::points(dir, "directory.geojson")?;
    let mut maps = Vec::new();
    let mut missing = Vec::new();
    match &areas {
        Some(a) if !a.features.is_empty() => {
            let base = neighbourhoods::Base::new(a);
            if let Some(s) = &suppliers {
                maps.push(neighbourhoods::spend(&base, a, s));
            }
            match &directory {
                Some(d) => maps.push(neighbourhoods::economy(&base, a, d, dir, gaps)?),
                None => missing.push(
                    "The local social economy map needs a directory: add a [directory] table to the study (docs/study-file.md)."
                        .into(),
                ),
            }
        }
        _ => missing.push(format!(
            "No neighbourhood maps: the study gives no small-area boundaries. Add the LSOA boundaries of \
             the study's area to [reference] boundaries (GeoJSON or TopoJSON, plain or gzipped), from {WHERE_PUBLISHED}."
        )),
    }
    match &districts {
        Some(d) if !d.features.is_empty() => maps.push(districts::leakage(d)),
        _ => missing.push(format!(
            "No map of where the money leaves to: the study gives no district boundaries. Add England's \
             (or the UK's) local authority district boundaries to [reference] boundaries, from {WHERE_PUBLISHED}."
        )),
    }
    Ok(Maps { maps, missing })
}

/// Five classes of IMD decile, most deprived darkest, so a greyscale print keeps the
/// order (ColorBrewer Purples).
const DEPRIVATION: [(Rgb, &str); 5] = [
    (
        Rgb(84, 39, 143),
        "deciles 1–2 (most deprived fifth of England)",
    ),
    (Rgb(117, 107, 177), "deciles 3–4"),
    (Rgb(158, 154, 200), "deciles 5–6"),
    (Rgb(188, 189, 220), "deciles 7–8"),
    (Rgb(218, 218, 235), "deciles 9–10 (least deprived)"),
];

/// An area with no deprivation figure (outside England, or not in the file): light grey,
/// so it is drawn and still lighter than every decile.
const NO_FIGURE: Rgb = Rgb(242, 242, 242);

fn deprivation_fill(decile: Option<i64>) -> Rgb {
    match decile {
        Some(d @ 1..=10) => DEPRIVATION[((d - 1) / 2) as usize].0,
        _ => NO_FIGURE,
    }
}

/// The ownership forms a map tells apart, each with a shape as well as a colour.
fn ownership(form: &str) -> (Marker, Rgb, &'static str) {
    match form {
        "cooperative" | "community_benefit_society" | "employee_owned" => {
            (Marker::Circle, Rgb(230, 97, 1), "co-operative or mutual")
        }
        "community_interest_company" | "other_social_enterprise" => (
            Marker::Square,
            Rgb(27, 158, 119),
            "social enterprise or CIC",
        ),
        "charity" => (Marker::Triangle, Rgb(253, 184, 99), "charity"),
        "public_body" => (Marker::Diamond, Rgb(120, 120, 120), "public body"),
        _ => (Marker::Diamond, scene::WHITE, "company or other"),
    }
}

/// The legend rows of the ownership forms, in a fixed order.
fn ownership_legend(forms: &[&str]) -> Vec<(Marker, Rgb, f64, String)> {
    let mut out: Vec<(Marker, Rgb, f64, String)> = Vec::new();
    for form in [
        "cooperative",
        "community_interest_company",
        "charity",
        "public_body",
        "private_company",
    ] {
        let (m, c, label) = ownership(form);
        let shown = forms.iter().any(|f| ownership(f).2 == label);
        if shown && !out.iter().any(|e| e.3 == label) {
            out.push((m, c, 1.0, label.to_string()));
        }
    }
    out
}

/// The report's section of maps: each map with what it leaves out, and what to add for
/// the maps the study cannot draw yet.
pub fn section(maps: &Maps) -> crate::report::page::Section {
    let mut paragraphs: Vec<String> = maps.maps.iter().flat_map(|m| m.caption.clone()).collect();
    paragraphs.extend(maps.missing.iter().cloned());
    crate::report::page::Section {
        id: "maps",
        title: "Maps".into(),
        paragraphs,
        charts: maps.maps.iter().map(|m| m.id).collect(),
        ..Default::default()
    }
}
