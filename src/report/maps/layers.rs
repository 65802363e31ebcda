//! The run folder's map layers as the maps read them: areas.geojson, districts.geojson,
//! suppliers.geojson and directory.geojson (written by classify and directory), parsed
//! with the geojson crate into shapes and properties.

use std::path::Path;

use anyhow::Context;
use geo::MultiPolygon;
use serde_json::{Map, Value};

/// One area with its properties (`code`, `name`, `imd_decile`, `influenceable_pence`…).
pub struct AreaFeature {
    pub code: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub props: Map<String, Value>,
}

/// One point with its properties.
pub struct PointFeature {
    pub lon: f64,
    pub lat: f64,
    pub props: Map<String, Value>,
}

/// A layer: its features and its top-level members (`attribution`, `left_out`…).
pub struct Layer<F> {
    pub features: Vec<F>,
    pub top: Map<String, Value>,
}

impl<F> Layer<F> {
    pub fn attribution(&self) -> &str {
        self.top
            .get("attribution")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// A property as text, empty when missing.
pub fn text<'a>(props: &'a Map<String, Value>, key: &str) -> &'a str {
    props.get(key).and_then(Value::as_str).unwrap_or("")
}

pub fn int(props: &Map<String, Value>, key: &str) -> i64 {
    props.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// `run_dir/name` as a FeatureCollection's JSON; `None` when the run wrote no such layer.
fn read(dir: &Path, name: &str) -> anyhow::Result<Option<Map<String, Value>>> {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        _ => anyhow::bail!(
            "{}: not a GeoJSON FeatureCollection; rerun the stage that writes it",
            path.display()
        ),
    }
}

fn features(top: &mut Map<String, Value>) -> Vec<Map<String, Value>> {
    match top.remove("features") {
        Some(Value::Array(fs)) => fs
            .into_iter()
            .filter_map(|f| match f {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn props(f: &mut Map<String, Value>) -> Map<String, Value> {
    match f.remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    }
}

pub fn areas(dir: &Path, name: &str) -> anyhow::Result<Option<Layer<AreaFeature>>> {
    let Some(mut top) = read(dir, name)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for mut f in features(&mut top) {
        let props = props(&mut f);
        let Some(geometry) = f.remove("geometry") else {
            continue;
        };
        let geometry = geojson::Geometry::from_json_value(geometry)
            .with_context(|| format!("{name}: a feature's geometry is not GeoJSON"))?;
        let shape = match geo::Geometry::<f64>::try_from(geometry.value) {
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            _ => continue,
        };
        out.push(AreaFeature {
            code: text(&props, "code").to_string(),
            name: text(&props, "name").to_string(),
            shape,
            props,
        });
    }
    Ok(Some(Layer { features: out, top }))
}

pub fn points(dir: &Path, name: &str) -> anyhow::Result<Option<Layer<PointFeature>>> {
    let Some(mut top) = read(dir, name)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for mut f in features(&mut top) {
        let props = props(&mut f);
        let at = f
            .get("geometry")
            .and_then(|g| g.get("coordinates"))
            .and_then(Value::as_array)
            .and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
        if let Some((lon, lat)) = at {
            out.push(PointFeature { lon, lat, props });
        }
    }
    Ok(Some(Layer { features: out, top }))
}
