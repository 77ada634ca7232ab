//! Text in several languages: a plain string (any language) or a map from language code to text.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The key under which a plain string (one text for every language) is stored.
pub(crate) const ANY_LANGUAGE: &str = "und";

/// A text given in one or more languages, such as a title.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// A text that is the same in every language.
    pub fn plain(s: impl Into<String>) -> Self {
        let mut m = BTreeMap::new();
        m.insert(ANY_LANGUAGE.to_string(), s.into());
        Text(m)
    }

    /// The text for `lang`: exact, then its base language (`pt` for `pt-BR`), then the
    /// language-neutral text; `None` when the language has no text.
    pub fn get_exact(&self, lang: &str) -> Option<&str> {
        if let Some(s) = self.0.get(lang) {
            return Some(s);
        }
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        if let Some(s) = self.0.get(base) {
            return Some(s);
        }
        self.0.get(ANY_LANGUAGE).map(String::as_str)
    }

    /// The text for `lang`, falling back to English and then to any language given.
    pub fn get(&self, lang: &str) -> &str {
        self.get_exact(lang)
            .or_else(|| self.0.get("en").map(String::as_str))
            .or_else(|| self.0.values().next().map(String::as_str))
            .unwrap_or("")
    }

    /// Whether no text is given at all.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|s| s.trim().is_empty())
    }

    /// The languages this text is given in (`und` for a plain string).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.len() == 1
            && let Some(t) = self.0.get(ANY_LANGUAGE)
        {
            return s.serialize_str(t);
        }
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a mapping from language code to text (`en: ...`)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::plain(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::plain(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text::plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(lang) = map.next_key::<String>()? {
                    if !is_language_code(&lang) {
                        return Err(de::Error::custom(format_args!(
                            "`{lang}` is not a language code (such as `en`, `pt`, `pt-BR`, `zh-Hans`)"
                        )));
                    }
                    let text: String = map.next_value()?;
                    out.insert(lang, text);
                }
                Ok(Text(out))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// Whether `s` looks like a BCP 47 language tag (`en`, `pt-BR`, `zh-Hans`, `nb_NO`, `und`).
pub(crate) fn is_language_code(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text in every language, or a mapping from language code (en, pt, pt-BR, zh-Hans) to text.",
            "anyOf": [
                {"type": "string"},
                {"type": "number"},
                {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"},
                    "additionalProperties": {"type": "string"}
                }
            ]
        })
    }
}

/// Replaces the accented Latin letters of Western European languages by their base letter, so
/// that `São João` gives the identifier `sao-joao`.
pub(crate) fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ç' => 'c',
            'Ç' => 'C',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ß' => 's',
            '–' | '—' => '-',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_from_region_to_base_to_neutral() {
        let t: Text =
            crate::yaml::from_node(&crate::yaml::parse("{en: Water, pt: Água}").unwrap()).unwrap();
        assert_eq!(t.get("pt-BR"), "Água");
        assert_eq!(t.get("de"), "Water");
        assert_eq!(t.get_exact("de"), None);
        let p: Text = crate::yaml::from_node(&crate::yaml::parse("'Água'").unwrap()).unwrap();
        assert_eq!(p.get_exact("fr"), Some("Água"));
    }

    #[test]
    fn rejects_non_language_keys() {
        let e = crate::yaml::from_node::<Text>(&crate::yaml::parse("{english: Water}").unwrap())
            .unwrap_err();
        assert!(e.message.contains("not a language code"));
    }
}
