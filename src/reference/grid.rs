//! British National Grid eastings and northings to WGS 84 latitude and longitude, for a
//! postcode directory that gives no latitude and longitude (Code-Point Open, extracts of
//! the ONSPD without them). EPSG:27700 as PROJ writes it, with its seven-parameter Helmert
//! shift to WGS 84 (good to a few metres, well inside a postcode's own spread), through
//! proj4rs.

use proj4rs::proj::Proj;

/// EPSG:27700, OSGB 1936 / British National Grid.
const BNG: &str = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 \
     +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

pub struct NationalGrid {
    from: Proj,
    to: Proj,
}

impl NationalGrid {
    pub fn new() -> anyhow::Result<Self> {
        let parse = |s: &str| {
            Proj::from_proj_string(s).map_err(|e| anyhow::anyhow!("projection {s:?}: {e}"))
        };
        Ok(NationalGrid {
            from: parse(BNG)?,
            to: parse(WGS84)?,
        })
    }

    /// (latitude, longitude) in degrees of a grid reference in metres; `None` outside the
    /// grid (the ONSPD writes a postcode with no grid reference as 0 or leaves it empty).
    pub fn lat_long(&self, east: f64, north: f64) -> Option<(f64, f64)> {
        let on_grid = (1.0..=700_000.0).contains(&east) && (1.0..=1_300_000.0).contains(&north);
        if !on_grid {
            return None;
        }
        let mut p = (east, north, 0.0);
        proj4rs::transform::transform(&self.from, &self.to, &mut p).ok()?;
        Some((p.1.to_degrees(), p.0.to_degrees()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_reference_lands_where_the_postcode_directory_puts_it() {
        // Two rows of the ONS's NSPL (November 2021), which publishes both: DG1 1AA at
        // 297315 E, 576211 N is 55.069708 N, 3.609592 W; HR1 1AA at 351418 E, 240501 N
        // is 52.060745 N, 2.710027 W. Within 0.0001° (about 10 m).
        let g = NationalGrid::new().unwrap();
        for ((e, n), (lat, lon)) in [
            ((297_315.0, 576_211.0), (55.069_708, -3.609_592)),
            ((351_418.0, 240_501.0), (52.060_745, -2.710_027)),
        ] {
            let (la, lo) = g.lat_long(e, n).unwrap();
            assert!(
                (la - lat).abs() < 1e-4 && (lo - lon).abs() < 1e-4,
                "{la},{lo}"
            );
        }
        assert_eq!(g.lat_long(0.0, 0.0), None);
    }
}
