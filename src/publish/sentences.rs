//! Generated plain-language sentences (chart text alternatives, later highlights) from per-language minijinja templates.
//!
//! Templates live under `report-templates/sentences/<lang>/` (embedded in the binary, and
//! overridable by a project's own `report-templates/sentences/`). A language without its
//! own file falls back to its base language (`pt` for `pt-BR`), then to English. Fixed words
//! (legend entries, status names) come from the `labels` mapping each language's
//! `labels.j2` defines. Sentences are plain text: runs of whitespace are collapsed, so
//! templates may be laid out over several lines. Filters: `num(decimals)`, `pct(decimals)`,
//! `with_unit(decimals, unit)`, `year`, `amount(unit)` (numbers written for the language) and
//! `join_and`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, State, UndefinedBehavior};
use serde::Serialize;

use super::format::NumberFormat;
use crate::load::builtin;

/// The folder of sentence templates inside `report-templates/`.
pub(crate) const SENTENCES_DIR: &str = "sentences";

/// The language used when a template has no version in the requested language.
pub(crate) const FALLBACK_LANGUAGE: &str = "en";

/// A sentence template that failed to load or render.
#[derive(Debug, thiserror::Error)]
#[error("failed to render sentence template `{template}` ({message})")]
pub struct SentenceError {
    /// The template, such as `pt/charts.j2`.
    pub template: String,
    /// What went wrong, from minijinja (with the line where it has one).
    pub message: String,
}

/// The sentence templates of every language, ready to render.
pub struct Sentences {
    env: Environment<'static>,
    overrides: Option<PathBuf>,
}

/// The fixed words of one language (`target`, `on-track`...), from its `labels.j2`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    /// The word for `key`, or the key itself (dashes as spaces) when the language lacks it.
    pub fn get(&self, key: &str) -> String {
        self.0
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.replace('-', " "))
    }
}

impl Sentences {
    /// The templates shipped in the binary.
    pub fn builtin() -> Sentences {
        Sentences::new(None)
    }

    /// The shipped templates, with files in `<report_templates>/sentences/` taking precedence.
    pub fn with_overrides(report_templates: &Path) -> Sentences {
        Sentences::new(Some(report_templates.join(SENTENCES_DIR)))
    }

    fn new(overrides: Option<PathBuf>) -> Sentences {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let dir = overrides.clone();
        env.set_loader(move |name| Ok(load_template(dir.as_deref(), name)));
        env.add_filter("num", |state: &State, v: f64, decimals: Option<u8>| {
            format_of(state).number(v, decimals.unwrap_or(0))
        });
        env.add_filter("pct", |state: &State, v: f64, decimals: Option<u8>| {
            format_of(state).percent(v, decimals.unwrap_or(0))
        });
        env.add_filter(
            "with_unit",
            |state: &State, v: f64, decimals: Option<u8>, unit: Option<String>| {
                format_of(state).with_unit(v, decimals.unwrap_or(0), unit.as_deref())
            },
        );
        env.add_filter("year", |state: &State, y: i32| format_of(state).year(y));
        env.add_filter("amount", |state: &State, v: f64, unit: Option<String>| {
            amount(state, v, unit.as_deref().unwrap_or(""))
        });
        env.add_filter("join_and", |state: &State, items: Vec<String>| {
            let and = state
                .lookup("labels")
                .and_then(|l| l.get_attr("and").ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "and".to_string());
            join_and(&items, &and)
        });
        Sentences { env, overrides }
    }

    /// The language folder used for `lang` and `file`: `lang`, its base language, or English.
    pub fn resolve_language(&self, lang: &str, file: &str) -> String {
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        for candidate in [lang, base] {
            if load_template(self.overrides.as_deref(), &format!("{candidate}/{file}")).is_some() {
                return candidate.to_string();
            }
        }
        FALLBACK_LANGUAGE.to_string()
    }

    /// The fixed words of `lang`, from `<lang>/labels.j2` (`{% set labels = {...} %}`).
    pub fn labels(&self, lang: &str) -> Result<Labels, SentenceError> {
        let folder = self.resolve_language(lang, "labels.j2");
        let name = format!("{folder}/labels.j2");
        let err = |e: minijinja::Error| SentenceError {
            template: name.clone(),
            message: describe(&e),
        };
        let tmpl = self.env.get_template(&name).map_err(err)?;
        let captured = tmpl
            .render_captured(minijinja::context! { lang => lang })
            .map_err(err)?;
        let mut out = BTreeMap::new();
        if let Some(map) = captured.state().lookup("labels") {
            let keys = map.try_iter().map_err(err)?;
            for key in keys {
                let value = map.get_item(&key).map_err(err)?;
                if let (Some(k), Some(v)) = (key.as_str(), value.as_str()) {
                    out.insert(k.to_string(), v.to_string());
                }
            }
        }
        Ok(Labels(out))
    }

    /// Renders the sentence `<lang>/<file>` with `data` under the name `data` (its keys with
    /// `_` in place of `-`), `kind` and the language's `labels`, and collapses whitespace into
    /// single spaces.
    pub fn render(
        &self,
        lang: &str,
        file: &str,
        kind: &str,
        data: &impl Serialize,
        labels: &Labels,
    ) -> Result<String, SentenceError> {
        let folder = self.resolve_language(lang, file);
        let name = format!("{folder}/{file}");
        let err = |e: minijinja::Error| SentenceError {
            template: name.clone(),
            message: describe(&e),
        };
        let tmpl = self.env.get_template(&name).map_err(err)?;
        let text = tmpl
            .render(minijinja::context! {
                lang => lang,
                kind => kind,
                labels => Value::from(Serde(&labels.0)),
                data => Value::from(Serde(template_keys(serde_json::to_value(data).map_err(|e| SentenceError {
                    template: name.clone(),
                    message: format!("the data cannot be serialised: {e}"),
                })?))),
            })
            .map_err(err)?;
        Ok(collapse_whitespace(&text))
    }
}

/// The data with `-` in keys replaced by `_`, so templates write `data.base_year`.
fn template_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k.replace('-', "_"), template_keys(v)))
            .collect(),
        serde_json::Value::Array(items) => items.into_iter().map(template_keys).collect(),
        other => other,
    }
}

/// The text of a sentence template: the project's override first, then the embedded file.
fn load_template(overrides: Option<&Path>, name: &str) -> Option<String> {
    if name.contains("..") {
        return None;
    }
    if let Some(dir) = overrides
        && let Ok(text) = std::fs::read_to_string(dir.join(name))
    {
        return Some(text);
    }
    builtin::template(&format!("{SENTENCES_DIR}/{name}")).map(str::to_string)
}

/// The number format of the language being rendered.
fn format_of(state: &State) -> NumberFormat {
    let lang = state.lookup("lang");
    NumberFormat::for_language(lang.as_ref().and_then(|v| v.as_str()).unwrap_or("en"))
}

/// A money amount in millions or thousands with one decimal, through the language's
/// `amount-million` and `amount-thousand` labels (`{v} million {unit}`).
fn amount(state: &State, v: f64, unit: &str) -> String {
    let f = format_of(state);
    let (scaled, key) = if v.abs() >= 1e6 {
        (v / 1e6, Some("amount-million"))
    } else if v.abs() >= 1e4 {
        (v / 1e3, Some("amount-thousand"))
    } else {
        (v, None)
    };
    let pattern = key.and_then(|k| {
        state
            .lookup("labels")
            .and_then(|l| l.get_attr(k).ok())
            .and_then(|p| p.as_str().map(str::to_string))
    });
    match pattern {
        Some(p) => p
            .replace("{v}", &f.number(scaled, 1))
            .replace("{unit}", unit)
            .trim()
            .to_string(),
        None => f.with_unit(v, 0, Some(unit)),
    }
}

/// The error with its line, when minijinja knows it.
fn describe(e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!("line {line}: {e}"),
        None => e.to_string(),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// Runs of ASCII whitespace become one space; leading and trailing whitespace goes; a space
/// before `.`, `,`, `;` or `)` left by template layout goes too. No-break spaces (in numbers,
/// before French punctuation) stay as they are.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_ascii_whitespace() {
        let glued = word.starts_with(['.', ',', ';', ')']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_language_has_labels_and_falls_back_by_base_language() {
        let s = Sentences::builtin();
        for lang in ["en", "pt", "es", "de", "fr"] {
            let labels = s.labels(lang).unwrap();
            assert!(labels.0.contains_key("target"), "{lang} lacks `target`");
            assert!(labels.0.contains_key("on-track"), "{lang} lacks `on-track`");
        }
        assert_eq!(s.resolve_language("pt-BR", "labels.j2"), "pt");
        assert_eq!(s.resolve_language("it", "labels.j2"), "en");
        let en = s.labels("en").unwrap();
        let de = s.labels("de").unwrap();
        assert_ne!(en.get("target"), de.get("target"));
        assert_eq!(en.get("no-such-word"), "no such word");
    }

    #[test]
    fn every_language_knows_the_same_words() {
        let s = Sentences::builtin();
        let en: Vec<String> = s.labels("en").unwrap().0.into_keys().collect();
        for lang in ["pt", "es", "de", "fr"] {
            let other: Vec<String> = s.labels(lang).unwrap().0.into_keys().collect();
            assert_eq!(en, other, "labels of {lang} differ from English");
        }
    }

    #[test]
    fn collapses_layout_whitespace() {
        assert_eq!(collapse_whitespace("  a\n  b .  c ,d\n"), "a b. c,d");
        assert_eq!(collapse_whitespace("4,5\u{A0}% ;x"), "4,5\u{A0}%;x");
        assert_eq!(collapse_whitespace("a\u{202F}: b"), "a\u{202F}: b");
        assert_eq!(
            join_and(&["x".into(), "y".into(), "z".into()], "and"),
            "x, y and z"
        );
    }
}
