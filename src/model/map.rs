//! Boundary files declared in `localis.yaml`: GeoJSON polygons whose codes match places or the groups of a disaggregation dimension.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::indicator::SourceRef;

/// A boundary file: one GeoJSON feature (Polygon or MultiPolygon) per area, with the code that
/// matches the data and, optionally, a name.
///
/// ```yaml
/// maps:
///   - id: districts
///     path: data/maps/districts.geojson
///     code-property: district        # its values are the categories of `District`
///     matches: {dimension: District}
///   - id: municipalities
///     path: data/maps/municipalities.geojson
///     code-property: CD_MUN          # its values are GeoCodes
///     name-property: NM_MUN
///     matches: place
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapSpec {
    /// Id of the map, used in chart names (`<indicator>.map-<id>`); lowercase letters, digits and `-`.
    pub id: String,
    /// Path of the GeoJSON file (a FeatureCollection), relative to the project.
    pub path: String,
    /// The feature property holding each area's code: a GeoCode (`matches: place`) or a
    /// category of the dimension (`matches: {dimension: District}`), as the data write it.
    pub code_property: String,
    /// The feature property holding each area's name (default: the vocabulary's label of the
    /// category, the place's name, or the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_property: Option<String>,
    /// What the codes match: `place` (GeoCodes of places) or `{dimension: District}` (the
    /// categories of a disaggregation dimension).
    pub matches: MapMatch,
    /// The coordinates of the file: `wgs84` longitude and latitude (the default, as RFC 7946
    /// requires) or `projected` (planar coordinates, such as metres of a UTM zone, drawn as
    /// they are with north up).
    #[serde(default, skip_serializing_if = "MapProjection::is_default")]
    pub projection: MapProjection,
    /// Where the boundaries come from, stated under every map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// What the codes of a boundary file match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum MapMatch {
    /// The GeoCodes of places (the `GeoCode` column, the project's place and its places table).
    Place,
    /// The categories of a disaggregation dimension (a column such as `District`).
    Dimension(String),
}

impl MapMatch {
    /// The dimension the codes are categories of, when they are.
    pub fn dimension(&self) -> Option<&str> {
        match self {
            MapMatch::Place => None,
            MapMatch::Dimension(d) => Some(d),
        }
    }
}

/// The coordinates of a boundary file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MapProjection {
    /// Longitude and latitude in degrees on WGS84 (RFC 7946); projected by localis with a
    /// Lambert azimuthal equal-area projection centred on the boundaries.
    #[default]
    Wgs84,
    /// Planar coordinates of a projected system (such as a UTM zone), drawn as they are.
    Projected,
}

impl MapProjection {
    /// Whether this is the default (`wgs84`), which the YAML may leave out.
    pub fn is_default(&self) -> bool {
        *self == MapProjection::Wgs84
    }
}
