//! Fixed labels of the report templates in the report language, from `report-templates/labels/<lang>.yaml`.
//!
//! English is the reference and the fallback for any missing key; a project's own
//! `report-templates/labels/<lang>.yaml` overrides single keys. The words charts and reports
//! share (status names) come from the sentence templates' `labels.j2`, so that a chart's
//! legend and the report's text say the same. Labels are data: `{name}` placeholders are
//! filled in here, and typst prints the result as text.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::load::read_yaml;
use crate::publish::pdf::{Origin, TemplateFiles};
use crate::publish::sentences::Sentences;
use crate::yaml;

/// The labels of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// The language (`pt-BR`).
    pub lang: String,
    /// Key -> text.
    pub map: BTreeMap<String, String>,
    /// The words shared with charts (status names...), from the sentence templates.
    pub words: BTreeMap<String, String>,
}

impl Labels {
    /// Loads the labels of `lang`: English, then the base language, then the exact tag, each
    /// from the embedded files overlaid by the project's, and the words of the sentence
    /// templates. Problems become diagnostics.
    pub fn load(
        templates: &TemplateFiles,
        sentences: &Sentences,
        lang: &str,
        sources: &mut Sources,
        diagnostics: &mut Diagnostics,
    ) -> Labels {
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        let mut chain = vec!["en".to_string()];
        for l in [base, lang] {
            if !chain.iter().any(|c| c == l) {
                chain.push(l.to_string());
            }
        }
        let reference = read_embedded("/labels/en.yaml", sources, diagnostics).unwrap_or_default();
        let mut map = BTreeMap::new();
        let mut found_own = lang == "en";
        for l in &chain {
            // the shipped file, then the project's: a project overrides single labels
            let vpath = format!("/labels/{l}.yaml");
            let mut found = false;
            if let Some(labels) = read_embedded(&vpath, sources, diagnostics) {
                map.extend(labels);
                found = true;
            }
            if matches!(templates.origin(&vpath), Some(Origin::Project(_)))
                && let Some(labels) = read_labels(templates, l, sources, diagnostics)
            {
                map.extend(labels);
                found = true;
            }
            if found && l != "en" {
                found_own = true;
            }
        }
        if !found_own {
            diagnostics.push(
                Diagnostic::warning(
                    "labels-missing",
                    format!("no report labels in `{lang}`: the fixed labels are printed in English"),
                )
                .hint(format!(
                    "add report-templates/labels/{base}.yaml to the project with the keys of the English file (shipped languages: {})",
                    crate::model::REPORT_LANGUAGES.join(", ")
                )),
            );
        }
        for (key, file, span) in unknown_keys(templates, &chain, &reference, sources) {
            let hint = yaml::closest(&key, reference.keys().map(String::as_str))
                .map(|b| format!("did you mean `{b}`?"))
                .unwrap_or_else(|| "see the English labels file for the keys".to_string());
            diagnostics.push(
                Diagnostic::warning("unknown-label", format!("unknown label `{key}`"))
                    .at(file, span)
                    .hint(hint),
            );
        }
        let words = match sentences.labels(lang) {
            Ok(w) => w.0,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error("sentence-template", e.to_string())
                        .hint("fix or remove the project's report-templates/sentences/ file"),
                );
                BTreeMap::new()
            }
        };
        Labels {
            lang: lang.to_string(),
            map,
            words,
        }
    }

    /// A word shared with charts, such as a status name (its key with dashes as spaces when
    /// the sentence templates lack it).
    pub fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.replace('-', " "))
    }

    /// The label of a key (the key itself when no language has it).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The label of a key with `{name}` placeholders replaced by values.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// An amount of money written out: `1,443.0 million R$` (through the language's words).
    pub fn amount(&self, v: f64, currency: &str) -> String {
        let numbers = crate::publish::format::NumberFormat::for_language(&self.lang);
        let (scaled, key) = if v.abs() >= 1e6 {
            (v / 1e6, "amount-million")
        } else if v.abs() >= 1e4 {
            (v / 1e3, "amount-thousand")
        } else {
            return numbers.with_unit(v, 0, Some(currency));
        };
        self.word(key)
            .replace("{v}", &numbers.number(scaled, 1))
            .replace("{unit}", currency)
            .trim()
            .to_string()
    }

    /// `1 indicator`, `12 indicators`, with the language's plural rule and number format.
    pub fn count(&self, n: usize) -> String {
        let base = self.lang.split(['-', '_']).next().unwrap_or("");
        // CLDR: French and Portuguese (Brazil) treat 0 as singular too
        let one = match base {
            "fr" => n <= 1,
            "pt" if self.lang != "pt-PT" => n <= 1,
            _ => n == 1,
        };
        let key = if one { "count-one" } else { "count-other" };
        self.fill(key, &[("n", &super::format::count(n, &self.lang))])
    }
}

/// Replaces `{name}` placeholders in a text.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The labels of a file embedded in the binary.
fn read_embedded(
    vpath: &str,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let text = crate::load::builtin::template(vpath.trim_start_matches('/'))?;
    parse_labels(
        &format!("<builtin>/report-templates{vpath}"),
        text.to_string(),
        sources,
        diagnostics,
    )
}

fn parse_labels(
    name: &str,
    text: String,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let file = match sources.find(name) {
        Some(f) => f,
        None => sources.add(name, text.clone()),
    };
    let mut local = Diagnostics::default();
    let labels = read_yaml::<BTreeMap<String, String>>(&text, file, &mut local).map(|(m, _)| m);
    diagnostics.extend(local.items().iter().cloned());
    labels
}

fn read_labels(
    templates: &TemplateFiles,
    lang: &str,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let vpath = format!("/labels/{lang}.yaml");
    let bytes = match templates.read(&vpath)? {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "unreadable-file",
                    format!("failed to read {} ({e})", templates.display_name(&vpath)),
                )
                .in_path(templates.display_name(&vpath)),
            );
            return None;
        }
    };
    let name = templates.display_name(&vpath);
    parse_labels(
        &name,
        String::from_utf8_lossy(&bytes).into_owned(),
        sources,
        diagnostics,
    )
}

/// Keys of a project's label files that the English reference does not have.
fn unknown_keys(
    templates: &TemplateFiles,
    chain: &[String],
    reference: &BTreeMap<String, String>,
    sources: &Sources,
) -> Vec<(String, crate::diag::FileId, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    if reference.is_empty() {
        return out;
    }
    for l in chain {
        let vpath = format!("/labels/{l}.yaml");
        if !matches!(templates.origin(&vpath), Some(Origin::Project(_))) {
            continue;
        }
        let Some(file) = sources.find(&templates.display_name(&vpath)) else {
            continue;
        };
        let Ok(node) = yaml::parse(sources.text(file)) else {
            continue;
        };
        if let yaml::NodeKind::Map(entries) = &node.kind {
            for (key, _) in entries {
                if let Some(k) = key.as_str()
                    && !reference.contains_key(k)
                {
                    out.push((k.to_string(), file, key.span.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(lang: &str) -> BTreeMap<String, String> {
        let text = crate::load::builtin::template(&format!("labels/{lang}.yaml")).unwrap();
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn every_shipped_language_has_every_english_key_and_no_other() {
        let en = shipped("en");
        for lang in ["pt", "es", "de", "fr"] {
            let other = shipped(lang);
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has unknown {extra:?}");
            // placeholders survive translation
            for (k, v) in &en {
                for p in v.split('{').skip(1).filter_map(|x| x.split_once('}')) {
                    let p = format!("{{{}}}", p.0);
                    assert!(other[k].contains(&p), "{lang}:{k} lost {p}");
                }
            }
        }
    }

    #[test]
    fn falls_back_to_english_and_warns_for_unknown_languages() {
        let templates = TemplateFiles::embedded();
        let sentences = Sentences::builtin();
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let pt = Labels::load(&templates, &sentences, "pt-BR", &mut sources, &mut diags);
        assert_eq!(pt.word("on-track"), "No caminho certo");
        assert_eq!(pt.get("contents"), "Sumário");
        assert!(diags.is_empty(), "{:?}", diags.items());
        assert_eq!(pt.count(1), "1 indicador");
        assert_eq!(pt.count(1200), "1.200 indicadores");
        let it = Labels::load(&templates, &sentences, "it", &mut sources, &mut diags);
        assert_eq!(it.get("contents"), "Contents");
        assert_eq!(diags.items()[0].code, "labels-missing");
        let fr = Labels::load(&templates, &sentences, "fr", &mut sources, &mut diags);
        assert_eq!(fr.count(0), "0 indicateur");
    }
}
