//! The map projection: Lambert azimuthal equal-area centred on the boundaries, for a district, a city or a country.
//!
//! Every area keeps its true size relative to the others (a choropleth reads areas, so an
//! equal-area projection does not exaggerate large ones), and around the centre shapes are
//! close to true: at the scale of a city the projection is practically free of distortion,
//! at the scale of a country (up to some 4,000 km across) angles stay within a few degrees.
//! It is computed on a sphere (radius 1), which is exact enough for drawing: the ellipsoid
//! changes positions by less than 0.5% and areas by less than 1%. No scale bar is drawn, so
//! the projected unit does not matter.
//!
//! Longitudes are taken as they are written: boundaries are assumed not to cross the
//! antimeridian (180° east or west); `localis check` warns when a file spans more than 180°
//! of longitude, which is how a crossing shows.

use super::geojson::Position;

/// A planar point in projected units: x to the east, y to the north.
pub(crate) type Xy = (f64, f64);

/// A projection from longitude and latitude (degrees) to the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Projection {
    /// Lambert azimuthal equal-area on the unit sphere, centred on a longitude and latitude.
    Laea {
        /// Central longitude in radians.
        lon0: f64,
        /// Sine of the central latitude.
        sin_lat0: f64,
        /// Cosine of the central latitude.
        cos_lat0: f64,
    },
    /// The coordinates are already planar: drawn as they are.
    Identity,
}

impl Projection {
    /// Lambert azimuthal equal-area centred on (`lon`, `lat`) in degrees.
    pub(crate) fn laea(lon: f64, lat: f64) -> Projection {
        let lat0 = lat.to_radians();
        Projection::Laea {
            lon0: lon.to_radians(),
            sin_lat0: lat0.sin(),
            cos_lat0: lat0.cos(),
        }
    }

    /// The planar point of a position.
    pub(crate) fn project(&self, (x, y): Position) -> Xy {
        match *self {
            Projection::Identity => (x, y),
            Projection::Laea {
                lon0,
                sin_lat0,
                cos_lat0,
            } => {
                let (lat, dlon) = (y.to_radians(), x.to_radians() - lon0);
                let (sin_lat, cos_lat) = lat.sin_cos();
                let (sin_dlon, cos_dlon) = dlon.sin_cos();
                let denominator = 1.0 + sin_lat0 * sin_lat + cos_lat0 * cos_lat * cos_dlon;
                // the antipode of the centre has no image; boundaries never reach it
                let k = (2.0 / denominator.max(1e-12)).sqrt();
                (
                    k * cos_lat * sin_dlon,
                    k * (cos_lat0 * sin_lat - sin_lat0 * cos_lat * cos_dlon),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shoelace area of a ring.
    fn area(ring: &[Xy]) -> f64 {
        let n = ring.len();
        (0..n)
            .map(|i| {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum::<f64>()
            / 2.0
    }

    /// A cell of 0.1 degree at `lat`, projected (its sides are short enough that the chords
    /// of the projected parallels lose less than 1e-6 of its area).
    fn cell(p: &Projection, lon: f64, lat: f64) -> f64 {
        let ring: Vec<Xy> = [
            (lon, lat),
            (lon + 0.1, lat),
            (lon + 0.1, lat + 0.1),
            (lon, lat + 0.1),
        ]
        .into_iter()
        .map(|q| p.project(q))
        .collect();
        area(&ring)
    }

    #[test]
    fn the_centre_maps_to_the_origin_and_north_is_up() {
        let p = Projection::laea(-47.9, -15.8);
        let (x, y) = p.project((-47.9, -15.8));
        assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
        let (_, north) = p.project((-47.9, -14.8));
        let (east, _) = p.project((-46.9, -15.8));
        assert!(north > 0.0 && east > 0.0);
    }

    #[test]
    fn areas_keep_their_true_proportions_across_a_country() {
        // a cell's true area on the unit sphere is Δλ (sin φ2 - sin φ1); the projection keeps
        // it, thousands of kilometres from its centre too
        let p = Projection::laea(-52.0, -14.0);
        let true_area = |lat: f64| {
            0.1f64.to_radians() * ((lat + 0.1).to_radians().sin() - lat.to_radians().sin())
        };
        for (lon, lat) in [(-52.0, -14.0), (-35.0, -8.0), (-70.0, 2.0), (-55.0, -32.0)] {
            let ratio = cell(&p, lon, lat) / true_area(lat);
            assert!((ratio - 1.0).abs() < 1e-5, "{lon} {lat}: {ratio}");
        }
    }

    #[test]
    fn planar_coordinates_stay_as_they_are() {
        assert_eq!(
            Projection::Identity.project((512_000.0, 7_456_000.0)),
            (512_000.0, 7_456_000.0)
        );
    }
}
