//! The SDG global framework: goals, targets and indicators with their titles in many languages.

use std::collections::BTreeMap;

use crate::diag::FileId;
use crate::model::{SdgEntry, Text};
use crate::yaml::Node;

/// Goals, targets and indicators of the SDG framework, keyed by code.
#[derive(Debug, Default, Clone)]
pub struct SdgFramework {
    /// Version of the framework (such as `2025`).
    pub version: String,
    /// Goals by code (`1`..`17`).
    pub goals: BTreeMap<String, SdgEntry>,
    /// Targets by code (`1.1`).
    pub targets: BTreeMap<String, SdgEntry>,
    /// Indicators by code (`1.1.1`).
    pub indicators: BTreeMap<String, SdgEntry>,
    /// Where each code is defined (for duplicate checks).
    pub defined_at: BTreeMap<String, (FileId, Node)>,
}

impl SdgFramework {
    pub(crate) fn insert(&mut self, key: &str, entry: SdgEntry, file: FileId, node: Node) {
        self.defined_at.insert(entry.code.clone(), (file, node));
        let map = match key {
            "sdg-goals" => &mut self.goals,
            "sdg-targets" => &mut self.targets,
            _ => &mut self.indicators,
        };
        map.insert(entry.code.clone(), entry);
    }

    /// Whether the framework has this goal, target or indicator code.
    pub fn contains(&self, code: &str) -> bool {
        self.entry(code).is_some()
    }

    /// The entry for a code of any level.
    pub fn entry(&self, code: &str) -> Option<&SdgEntry> {
        match code.split('.').count() {
            1 => self.goals.get(code),
            2 => self.targets.get(code),
            _ => self.indicators.get(code),
        }
    }

    /// The title of a code in a language (falling back to English).
    pub fn title(&self, code: &str, lang: &str) -> Option<&str> {
        self.entry(code).map(|e| e.title.get(lang))
    }

    /// The short title of a goal in a language.
    pub fn short_title(&self, goal: &str, lang: &str) -> Option<&str> {
        self.goals
            .get(goal)
            .and_then(|e| e.short.as_ref())
            .map(|t: &Text| t.get(lang))
    }

    /// Every code of every level.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.goals
            .keys()
            .chain(self.targets.keys())
            .chain(self.indicators.keys())
            .map(String::as_str)
    }

    /// Whether the framework was loaded at all.
    pub fn is_loaded(&self) -> bool {
        !self.goals.is_empty()
    }
}

/// Orders SDG codes numerically (`2.1` before `10.1`, `1.a` after `1.5`).
pub fn code_order(code: &str) -> Vec<(u32, String)> {
    code.split('.')
        .map(|p| (p.parse::<u32>().unwrap_or(u32::MAX), p.to_string()))
        .collect()
}
