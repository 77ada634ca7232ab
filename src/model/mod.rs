//! The declarative model: project, indicators, libraries, sets, datasets and the SDG framework.

/// Implements `Deserialize` (a bare string or the full mapping) and `Serialize` for a struct
/// declared with `#[serde(remote = "Self")]`; `from_str_shorthand` builds it from the string.
macro_rules! string_or_struct {
    ($ty:ident, $expecting:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        Ok($ty::from_str_shorthand(v))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_any(V)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    };
}

pub mod budget;
pub mod dataset;
pub mod indicator;
pub mod library;
pub mod map;
pub mod project;
pub mod scorecard;
pub mod text;
pub mod vocabulary;

pub use budget::*;
pub use dataset::*;
pub use indicator::*;
pub use library::*;
pub use map::*;
pub use project::*;
pub use scorecard::*;
pub use text::*;
pub use vocabulary::*;
