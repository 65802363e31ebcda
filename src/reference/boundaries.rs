//! Area boundaries as ONS and others publish them — GeoJSON or TopoJSON, plain or
//! gzipped, several files as one layer — read into areas (a code, a name, a shape in
//! longitude/latitude) for the maps. Which property holds an area's code is found in the
//! data, not named: the one whose values are GSS codes (`E01028521`), one per feature, so
//! `LSOA11CD`, `LSOA21CD`, `LAD13CD` and a renamed `code` all read alike; what the areas
//! are comes from the codes' GSS entity (`E01` an LSOA, `E07` a district).

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use geo::MultiPolygon;
use serde_json::{Map, Value};

/// What a layer's areas are, by the GSS entity of their codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Output areas, LSOAs, MSOAs, data zones and wards: the neighbourhoods a map shades.
    Small,
    /// Local authority districts and unitary authorities: where the money goes.
    District,
    /// Counties, regions, countries and the rest.
    Other,
}

impl Level {
    /// The level of a GSS code (`E01…` an LSOA); `None` for what is not a GSS code.
    pub fn of_code(code: &str) -> Option<Level> {
        let b = code.as_bytes();
        let gss = b.len() == 9
            && matches!(b[0], b'E' | b'W' | b'S' | b'N' | b'K')
            && b[1..].iter().all(u8::is_ascii_digit);
        if !gss {
            return None;
        }
        Some(match &code[..3] {
            // OA, LSOA, MSOA (England, Wales), OA, data zone, intermediate zone
            // (Scotland), small area and super output area (Northern Ireland), wards.
            "E00" | "E01" | "E02" | "W00" | "W01" | "W02" | "S00" | "S01" | "S02" | "N00"
            | "N01" | "N20" | "N21" | "E05" | "W05" | "S13" | "N08" => Level::Small,
            // Unitary authorities, non-metropolitan and metropolitan districts, London
            // boroughs, Welsh unitary authorities, Scottish council areas, NI districts.
            "E06" | "E07" | "E08" | "E09" | "W06" | "S12" | "N09" => Level::District,
            _ => Level::Other,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Small => "small areas",
            Level::District => "districts",
            Level::Other => "other areas",
        }
    }
}

/// One area of a layer.
#[derive(Debug, Clone)]
pub struct Area {
    pub code: String,
    pub name: Option<String>,
    /// Longitude, latitude (WGS 84), as published.
    pub shape: MultiPolygon<f64>,
}

/// The areas of one level, from every file that holds that level.
#[derive(Debug, Clone)]
pub struct Layer {
    pub level: Level,
    /// The property the codes were read from, first file first (`LSOA11CD`).
    pub property: String,
    /// In code order, each code once.
    pub areas: Vec<Area>,
    /// Codes given by more than one file or feature, drawn once (the first shape).
    pub repeated: usize,
}

/// Every layer the study's boundary files hold.
#[derive(Debug, Clone, Default)]
pub struct Boundaries {
    pub layers: Vec<Layer>,
    pub files: Vec<PathBuf>,
}

impl Boundaries {
    /// Reads each file and joins the areas of one level into one layer.
    pub fn read(paths: &[PathBuf]) -> anyhow::Result<Self> {
        let mut by_level: BTreeMap<Level, Layer> = BTreeMap::new();
        for path in paths {
            for (property, area) in read_file(path)? {
                let level = Level::of_code(&area.code).unwrap_or(Level::Other);
                let layer = by_level.entry(level).or_insert_with(|| Layer {
                    level,
                    property,
                    areas: Vec::new(),
                    repeated: 0,
                });
                layer.areas.push(area);
            }
        }
        let mut layers: Vec<Layer> = by_level.into_values().collect();
        for layer in &mut layers {
            // Stable: the first file's shape of a repeated code is the one kept.
            layer.areas.sort_by(|a, b| a.code.cmp(&b.code));
            let before = layer.areas.len();
            layer.areas.dedup_by(|b, a| a.code == b.code);
            layer.repeated = before - layer.areas.len();
        }
        Ok(Boundaries {
            layers,
            files: paths.to_vec(),
        })
    }

    pub fn layer(&self, level: Level) -> Option<&Layer> {
        self.layers.iter().find(|l| l.level == level)
    }
}

/// The file's text, unzipped when it is gzipped (by its first bytes, not its name).
fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .with_context(|| format!("{}: not a readable gzip of text", path.display()))?;
        return Ok(text);
    }
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8 text", path.display()))
}

/// A file's areas with the property their codes came from.
fn read_file(path: &Path) -> anyhow::Result<Vec<(String, Area)>> {
    let shown = path.display();
    let text = read_text(path)?;
    let value: Value = serde_json::from_str(&text)
        .with_context(|| format!("{shown}: not JSON, so neither GeoJSON nor TopoJSON"))?;
    let features = match value.get("type").and_then(Value::as_str) {
        Some("Topology") => topology_features(path, value)?,
        Some(_) => match geojson::GeoJson::from_json_value(value)
            .with_context(|| format!("{shown}: not valid GeoJSON"))?
        {
            geojson::GeoJson::FeatureCollection(fc) => fc.features,
            geojson::GeoJson::Feature(f) => vec![f],
            geojson::GeoJson::Geometry(_) => {
                bail!(
                    "{shown}: a bare geometry has no code; boundaries need features with properties"
                )
            }
        },
        None => bail!("{shown}: no \"type\": not GeoJSON or TopoJSON"),
    };
    areas(path, features)
}

/// Every object of a topology as GeoJSON features (arcs decoded by the topojson crate).
fn topology_features(path: &Path, value: Value) -> anyhow::Result<Vec<geojson::Feature>> {
    let Value::Object(object) = value else {
        unreachable!("a value with a \"type\" member is an object")
    };
    let topo = topojson::TopoJson::from_json_object(object)
        .map_err(|e| anyhow::anyhow!("{}: not valid TopoJSON: {e}", path.display()))?;
    let topojson::TopoJson::Topology(topo) = topo else {
        bail!("{}: a TopoJSON geometry, not a topology", path.display())
    };
    let mut features = Vec::new();
    for name in topo.list_names() {
        let fc = topojson::to_geojson(&topo, &name).map_err(|e| {
            anyhow::anyhow!("{}: object {name:?} cannot be decoded: {e}", path.display())
        })?;
        features.extend(fc.features);
    }
    Ok(features)
}

/// The property whose values are distinct GSS codes on every feature, preferring one
/// named like ONS's (`…CD`); the feature's own id when no property is.
fn code_property(features: &[geojson::Feature]) -> Option<String> {
    let first = features.first()?.properties.as_ref()?;
    let mut keys: Vec<&String> = first
        .iter()
        .filter(|(_, v)| v.as_str().and_then(Level::of_code).is_some())
        .map(|(k, _)| k)
        .collect();
    keys.sort_by_key(|k| (!k.to_ascii_uppercase().ends_with("CD"), k.as_str()));
    keys.into_iter()
        .find(|key| {
            let mut seen = HashSet::new();
            features.iter().all(|f| {
                let v = f.property(key.as_str()).and_then(Value::as_str);
                v.is_some_and(|v| Level::of_code(v).is_some() && seen.insert(v))
            })
        })
        .cloned()
}

/// The name property beside a code property: `LSOA11NM` beside `LSOA11CD`.
fn name_property(code: &str, props: &Map<String, Value>) -> Option<String> {
    let upper = code.to_ascii_uppercase();
    let stem = upper.strip_suffix("CD")?;
    props
        .keys()
        .find(|k| k.to_ascii_uppercase() == format!("{stem}NM"))
        .cloned()
}

fn feature_id(f: &geojson::Feature) -> Option<String> {
    match &f.id {
        Some(geojson::feature::Id::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn areas(path: &Path, features: Vec<geojson::Feature>) -> anyhow::Result<Vec<(String, Area)>> {
    let shown = path.display();
    if features.is_empty() {
        bail!("{shown}: no features");
    }
    let property = code_property(&features);
    let by_id = property.is_none()
        && features
            .iter()
            .all(|f| feature_id(f).as_deref().and_then(Level::of_code).is_some());
    if property.is_none() && !by_id {
        let keys: Vec<String> = (features[0].properties.iter().flatten())
            .map(|(k, v)| format!("{k}={v}"))
            .take(8)
            .collect();
        bail!(
            "{shown}: no property holds a GSS area code (like LSOA11CD = E01028521) on every feature; \
             the first feature has {}",
            if keys.is_empty() {
                "no properties".to_string()
            } else {
                keys.join(", ")
            }
        );
    }
    let name_key = (property.as_deref()).and_then(|p| {
        features[0]
            .properties
            .as_ref()
            .and_then(|props| name_property(p, props))
    });
    let mut out = Vec::with_capacity(features.len());
    for (i, f) in features.into_iter().enumerate() {
        let code = match &property {
            Some(p) => f.property(p).and_then(Value::as_str).map(str::to_string),
            None => feature_id(&f),
        }
        .unwrap_or_default();
        let name = (name_key.as_deref())
            .and_then(|k| f.property(k))
            .and_then(Value::as_str)
            .map(str::to_string);
        let Some(geometry) = f.geometry else {
            bail!("{shown}: feature {} ({code}) has no geometry", i + 1);
        };
        let shape = match geo::Geometry::<f64>::try_from(geometry.value) {
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            Ok(_) => bail!("{shown}: feature {} ({code}) is not a polygon", i + 1),
            Err(e) => bail!("{shown}: feature {} ({code}): {e}", i + 1),
        };
        check_degrees(path, &code, &shape)?;
        out.push((
            property.clone().unwrap_or_else(|| "id".into()),
            Area { code, name, shape },
        ));
    }
    Ok(out)
}

/// RFC 7946 coordinates are degrees; a British National Grid file (metres) is refused
/// with how to convert it, rather than drawn somewhere off the coast of Africa.
fn check_degrees(path: &Path, code: &str, shape: &MultiPolygon<f64>) -> anyhow::Result<()> {
    use geo::BoundingRect;
    if let Some(r) = shape.bounding_rect() {
        let ok = |c: geo::Coord<f64>| c.x.abs() <= 180.0 && c.y.abs() <= 90.0;
        if !ok(r.min()) || !ok(r.max()) {
            bail!(
                "{}: area {code} has coordinates like ({:.0}, {:.0}), not longitude and latitude; \
                 convert it to WGS 84 first (ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)",
                path.display(),
                r.min().x,
                r.min().y
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;

    #[test]
    fn levels_come_from_the_gss_entity() {
        assert_eq!(Level::of_code("E01028521"), Some(Level::Small));
        assert_eq!(Level::of_code("E07000178"), Some(Level::District));
        assert_eq!(Level::of_code("E10000025"), Some(Level::Other));
        assert_eq!(Level::of_code("OX1 1AP"), None);
        assert_eq!(Level::of_code("E0102852"), None);
    }

    #[test]
    fn the_code_property_is_found_by_its_values_not_its_name() {
        let dir = tempfile::tempdir().unwrap();
        // Two GSS properties; only `zone` is distinct per feature.
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","properties":{{"lad":"E07000178","zone":"E01000001","zoneNM":"A"}},"geometry":{SQUARE}}},
            {{"type":"Feature","properties":{{"lad":"E07000178","zone":"E01000002","zoneNM":"B"}},"geometry":{SQUARE}}}]}}"#
        );
        let p = write(dir.path(), "a.json", &text);
        let b = Boundaries::read(&[p]).unwrap();
        let layer = b.layer(Level::Small).unwrap();
        assert_eq!(layer.property, "zone");
        assert_eq!(layer.areas.len(), 2);
        assert_eq!(
            layer.areas[1].name.as_deref(),
            None,
            "zoneNM is not zone minus CD + NM"
        );
    }

    #[test]
    fn gzipped_files_join_one_layer_and_a_repeated_code_is_kept_once() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let feature = |code: &str| {
            format!(
                r#"{{"type":"Feature","properties":{{"LSOA21CD":"{code}","LSOA21NM":"n{code}"}},"geometry":{SQUARE}}}"#
            )
        };
        let a = write(
            dir.path(),
            "a.geojson",
            &format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                feature("E01000002")
            ),
        );
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
            feature("E01000001"),
            feature("E01000002")
        );
        let gz = dir.path().join("b.json.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();
        let b = Boundaries::read(&[a, gz]).unwrap();
        let layer = b.layer(Level::Small).unwrap();
        let codes: Vec<&str> = layer.areas.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["E01000001", "E01000002"]);
        assert_eq!(layer.repeated, 1);
        assert_eq!(layer.areas[0].name.as_deref(), Some("nE01000001"));
    }

    #[test]
    fn a_topology_is_decoded_through_its_arcs_and_transform() {
        let dir = tempfile::tempdir().unwrap();
        // One square district, quantised: arc deltas scaled by 0.5, translated by (-1, 50).
        let text = r#"{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[-1,50]},
            "objects":{"lad":{"type":"GeometryCollection","geometries":[
              {"type":"Polygon","arcs":[[0]],"properties":{"LAD13CD":"E07000178","LAD13NM":"Oxford"}}]}},
            "arcs":[[[0,0],[2,0],[0,2],[-2,0],[0,-2]]]}"#;
        let p = write(dir.path(), "t.json", text);
        let b = Boundaries::read(&[p]).unwrap();
        let layer = b.layer(Level::District).unwrap();
        assert_eq!(layer.areas[0].name.as_deref(), Some("Oxford"));
        let r = geo::BoundingRect::bounding_rect(&layer.areas[0].shape).unwrap();
        assert_eq!(
            (r.min().x, r.min().y, r.max().x, r.max().y),
            (-1.0, 50.0, 0.0, 51.0)
        );
    }

    #[test]
    fn files_that_cannot_be_drawn_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let no_code = write(
            dir.path(),
            "n.geojson",
            &format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"name":"x"}},"geometry":{SQUARE}}}]}}"#
            ),
        );
        let e = Boundaries::read(&[no_code]).unwrap_err().to_string();
        assert!(e.contains("n.geojson") && e.contains("name=\"x\""), "{e}");
        let metres = write(
            dir.path(),
            "m.geojson",
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"LSOA11CD":"E01000001"},
              "geometry":{"type":"Polygon","coordinates":[[[450000,206000],[451000,206000],[451000,207000],[450000,206000]]]}}]}"#,
        );
        let e = Boundaries::read(&[metres]).unwrap_err().to_string();
        assert!(e.contains("EPSG:4326") && e.contains("E01000001"), "{e}");
        let junk = write(dir.path(), "j.geojson", "not json");
        let e = Boundaries::read(&[junk]).unwrap_err().to_string();
        assert!(e.contains("j.geojson"), "{e}");
    }
}
