//! The vocabulary of the data: labels of dimensions, categories, units and series in each language.
//!
//! Datasets speak in codes and column names (`Sex`, `F`, `PER_100000_POP`, `SH_STA_MORT`);
//! publications speak the reader's language. A vocabulary maps one to the other, and says what
//! a dimension is: whether its categories are groups of people (compared by the
//! leaving-no-one-behind analysis) and which group gaps are measured against. It is declared
//! under `vocabulary:` in any library file or in `localis.yaml`; entries merge key by key and
//! language by language, shipped libraries first, then the project's libraries in order, then
//! the project file, so a project overrides single labels.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::Text;

/// Labels and roles of the values found in data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Vocabulary {
    /// Dimensions (disaggregation columns) by their name in the data, such as `Sex`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, Dimension>,
    /// Units by their code or text in the data, such as `PER_100000_POP` or `number`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub units: BTreeMap<String, Text>,
    /// Series by their code in the data, such as `SH_STA_MORT`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub series: BTreeMap<String, Text>,
}

/// What a dimension of the data is called and what its categories are.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Dimension {
    /// Name of the dimension, such as `{en: Sex, pt: Sexo}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Whether the categories are groups of people (sex, age, disability, income...), whose
    /// gaps the leaving-no-one-behind analysis compares; unset, a default list of such
    /// dimensions decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<bool>,
    /// The category gaps are measured against (default: the largest group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Labels of the categories, by their value in the data (`F: {en: Female, pt: Mulheres}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<String, Text>,
}

impl Vocabulary {
    /// Adds the entries of `other`, which win over this vocabulary's, key by key and language
    /// by language.
    pub fn merge(&mut self, other: &Vocabulary) {
        for (name, d) in &other.dimensions {
            let mine = self.dimensions.entry(name.clone()).or_default();
            if let Some(t) = &d.title {
                merge_text(mine.title.get_or_insert_with(Text::default), t);
            }
            if d.population.is_some() {
                mine.population = d.population;
            }
            if d.reference.is_some() {
                mine.reference.clone_from(&d.reference);
            }
            merge_texts(&mut mine.categories, &d.categories);
        }
        merge_texts(&mut self.units, &other.units);
        merge_texts(&mut self.series, &other.series);
    }

    /// The name of a dimension in `lang`, when the vocabulary gives one in that language.
    pub fn dimension_title(&self, dimension: &str, lang: &str) -> Option<&str> {
        self.dimensions
            .get(dimension)?
            .title
            .as_ref()?
            .get_exact(lang)
    }

    /// The label of a category of a dimension in `lang`, when the vocabulary gives one in
    /// that language.
    pub fn category(&self, dimension: &str, value: &str, lang: &str) -> Option<&str> {
        self.dimensions
            .get(dimension)?
            .categories
            .get(value)?
            .get_exact(lang)
    }

    /// The label of a unit in `lang`, when the vocabulary gives one in that language.
    pub fn unit(&self, unit: &str, lang: &str) -> Option<&str> {
        self.units.get(unit)?.get_exact(lang)
    }

    /// The label of a series in `lang`, when the vocabulary gives one in that language.
    pub fn series(&self, series: &str, lang: &str) -> Option<&str> {
        self.series.get(series)?.get_exact(lang)
    }

    /// Whether the vocabulary declares a dimension to hold groups of people (`None`: not
    /// declared).
    pub fn population(&self, dimension: &str) -> Option<bool> {
        self.dimensions.get(dimension)?.population
    }

    /// The declared reference category of a dimension.
    pub fn reference(&self, dimension: &str) -> Option<&str> {
        self.dimensions.get(dimension)?.reference.as_deref()
    }
}

/// Merges texts by key, the languages of `from` winning.
fn merge_texts(into: &mut BTreeMap<String, Text>, from: &BTreeMap<String, Text>) {
    for (key, text) in from {
        merge_text(into.entry(key.clone()).or_default(), text);
    }
}

/// Merges the languages of `from` into `into`.
fn merge_text(into: &mut Text, from: &Text) {
    for (lang, s) in &from.0 {
        into.0.insert(lang.clone(), s.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Vocabulary {
        crate::yaml::from_node(&crate::yaml::parse(yaml).unwrap()).unwrap()
    }

    #[test]
    fn later_entries_win_key_by_key_and_language_by_language() {
        let mut v = read(
            "dimensions: {Sex: {title: {en: Sex, pt: Sexo}, categories: {F: {en: Female, pt: Mulher}}}}\nunits: {PER_100000_POP: {en: \"per 100,000 population\"}}",
        );
        v.merge(&read(
            "dimensions: {Sex: {population: true, categories: {F: {pt: Mulheres}, M: {en: Male}}}}\nunits: {PER_100000_POP: {pt: por 100 000 habitantes}}",
        ));
        assert_eq!(v.dimension_title("Sex", "pt-BR"), Some("Sexo"));
        assert_eq!(v.category("Sex", "F", "pt"), Some("Mulheres"));
        assert_eq!(v.category("Sex", "F", "en"), Some("Female"));
        assert_eq!(v.category("Sex", "M", "en"), Some("Male"));
        assert_eq!(v.category("Sex", "M", "pt"), None);
        assert_eq!(v.population("Sex"), Some(true));
        assert_eq!(v.population("Age"), None);
        assert_eq!(
            v.unit("PER_100000_POP", "en"),
            Some("per 100,000 population")
        );
        assert_eq!(
            v.unit("PER_100000_POP", "pt"),
            Some("por 100 000 habitantes")
        );
    }

    #[test]
    fn rejects_unknown_keys() {
        let e = crate::yaml::from_node::<Vocabulary>(
            &crate::yaml::parse("dimensions: {Sex: {categoris: {}}}").unwrap(),
        )
        .unwrap_err();
        assert!(e.message.contains("categoris"), "{}", e.message);
    }
}
