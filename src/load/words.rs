//! The words of the data in the reader's language: dimensions, categories, units, series and departments, from the project's vocabulary.
//!
//! Every publication and chart names what the data name in codes (`Sex`, `F`,
//! `economic-development`, `currency per inhabitant`) through [`DataWords`], so that a label
//! declared once under `vocabulary:` reaches every page. The order of precedence: the
//! vocabulary in the reader's language; for the `Department` and `Right` dimensions, the
//! titles of the departments and rights the project declares; the vocabulary in English; the
//! code itself (`localis check` warns of every label missing in a project language).
//! `{currency}` in a unit's label is the project's budget currency (`R$` for `BRL`).

use std::collections::BTreeMap;

use super::Workspace;
use crate::model::{Indicator, Text};

/// Labels of the data's words in one language.
#[derive(Clone, Copy)]
pub struct DataWords<'a> {
    ws: &'a Workspace,
    lang: &'a str,
}

/// The dimensions whose categories are the ids of the project's departments.
const DEPARTMENT_DIMENSIONS: [&str; 2] = ["department", "departments"];
/// The dimensions whose categories are the ids of the project's rights.
const RIGHT_DIMENSIONS: [&str; 2] = ["right", "rights"];

impl<'a> DataWords<'a> {
    /// The words of a workspace in a language.
    pub fn new(ws: &'a Workspace, lang: &'a str) -> Self {
        DataWords { ws, lang }
    }

    /// The language the words are in.
    pub fn lang(&self) -> &'a str {
        self.lang
    }

    /// The name of a dimension (`Sex` -> `Sexo`).
    pub fn dimension(&self, name: &str) -> String {
        let v = &self.ws.vocabulary;
        v.dimension_title(name, self.lang)
            .map(str::to_string)
            .or_else(|| {
                v.dimensions
                    .get(name)
                    .and_then(|d| d.title.as_ref())
                    .map(|t| t.get(self.lang).to_string())
            })
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| name.to_string())
    }

    /// The label of a category of a dimension (`Sex`, `Female` -> `Mulheres`).
    pub fn category(&self, dimension: &str, value: &str) -> String {
        let v = &self.ws.vocabulary;
        if let Some(s) = v.category(dimension, value, self.lang) {
            return s.to_string();
        }
        let lower = dimension.to_lowercase();
        if DEPARTMENT_DIMENSIONS.contains(&lower.as_str())
            && let Some(t) = self.department_title(value)
        {
            return t;
        }
        if RIGHT_DIMENSIONS.contains(&lower.as_str())
            && let Some(r) = self.ws.rights.iter().find(|r| r.value.id == value)
        {
            return r.value.title.get(self.lang).to_string();
        }
        v.dimensions
            .get(dimension)
            .and_then(|d| d.categories.get(value))
            .map(|t| t.get(self.lang).to_string())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| value.to_string())
    }

    /// A series' groups written out (`Sexo: Mulheres, Distrito: Centro`), in the order given.
    pub fn groups<'b>(&self, groups: impl IntoIterator<Item = (&'b str, &'b str)>) -> String {
        groups
            .into_iter()
            .map(|(d, c)| format!("{}: {}", self.dimension(d), self.category(d, c)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A series' disaggregation written out (see [`DataWords::groups`]).
    pub fn disaggregation(&self, d: &BTreeMap<String, String>) -> String {
        self.groups(d.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The label of a unit as the data or an indicator writes it (`PER_100000_POP`,
    /// `currency per inhabitant`), `{currency}` replaced.
    pub fn unit(&self, unit: &str) -> String {
        let v = &self.ws.vocabulary;
        let label = v
            .unit(unit, self.lang)
            .map(str::to_string)
            .or_else(|| v.units.get(unit).map(|t| t.get(self.lang).to_string()));
        match label {
            Some(l) if l.contains("{currency}") => match self.currency() {
                Some(c) => l.replace("{currency}", &c),
                None => unit.to_string(),
            },
            Some(l) => l,
            None => unit.to_string(),
        }
    }

    /// The unit of an indicator: its own (looked up in the vocabulary by its English text,
    /// else as written in the reader's language), or the one its data report; none for a
    /// plain count (`number`).
    pub fn indicator_unit(&self, ind: &Indicator, data_unit: Option<&str>) -> Option<String> {
        // a count needs no unit: `650`, not `650 number`
        let english = ind
            .unit
            .as_ref()
            .map(|u| u.get("en"))
            .or(data_unit)
            .unwrap_or("");
        if matches!(
            english.trim().to_lowercase().as_str(),
            "number" | "count" | "nombre" | "número" | "anzahl"
        ) {
            return None;
        }
        let from_indicator = ind.unit.as_ref().filter(|u| !u.is_empty()).map(|u| {
            let key = u.get("en");
            if self.ws.vocabulary.units.contains_key(key) {
                let label = self.unit(key);
                if label != key || self.lang.starts_with("en") {
                    return label;
                }
            }
            u.get(self.lang).to_string()
        });
        from_indicator
            .or_else(|| data_unit.map(|u| self.unit(u)))
            .filter(|u| !u.trim().is_empty())
    }

    /// The label of a series code (`SH_STA_MORT`).
    pub fn series(&self, code: &str) -> String {
        let v = &self.ws.vocabulary;
        v.series(code, self.lang)
            .map(str::to_string)
            .or_else(|| v.series.get(code).map(|t| t.get(self.lang).to_string()))
            .unwrap_or_else(|| code.to_string())
    }

    /// The title of a department by its id (the id itself, never shown, only when the
    /// project declares no such department: `localis check` reports that).
    pub fn department(&self, id: &str) -> String {
        self.department_title(id).unwrap_or_else(|| id.to_string())
    }

    fn department_title(&self, id: &str) -> Option<String> {
        let project = self.ws.project.as_ref();
        project
            .and_then(|p| p.departments.iter().find(|d| d.id == id))
            .or_else(|| {
                self.ws
                    .departments
                    .iter()
                    .map(|d| &d.value)
                    .find(|d| d.id == id)
            })
            .map(|d| d.title.get(self.lang).to_string())
    }

    /// The symbol of the project's budget currency (`R$` for `BRL`), when it has a budget.
    pub fn currency(&self) -> Option<String> {
        let code = self
            .ws
            .project
            .as_ref()?
            .budget
            .as_ref()?
            .currency
            .as_deref()?;
        Some(currency_symbol(code).to_string())
    }

    /// A text of the model in this language.
    pub fn text(&self, t: &Text) -> String {
        t.get(self.lang).to_string()
    }
}

/// The symbol a currency is written with (its ISO 4217 code when it has no common one).
pub fn currency_symbol(code: &str) -> &str {
    match code {
        "BRL" => "R$",
        "EUR" => "€",
        "USD" => "US$",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "ZAR" => "R",
        "MXN" => "MX$",
        "ARS" => "AR$",
        "CLP" => "CLP$",
        "COP" => "COL$",
        "CAD" => "CA$",
        "AUD" => "A$",
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_have_their_symbols() {
        assert_eq!(currency_symbol("BRL"), "R$");
        assert_eq!(currency_symbol("EUR"), "€");
        assert_eq!(currency_symbol("XOF"), "XOF");
    }
}
