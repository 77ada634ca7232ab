//! What an import could not carry over, and the decisions it made: collected while importing,
//! printed, and written to the new project as `IMPORT-NOTES.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// A field that no indicator of the new project holds, with the indicators that had it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dropped {
    /// Why it was not carried over (and what to do instead).
    pub why: String,
    /// Indicator id -> a short excerpt of its value.
    pub indicators: BTreeMap<String, String>,
}

/// An Open SDG indicator that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// The Open SDG indicator id (`1-2-1`).
    pub id: String,
    /// Why.
    pub reason: String,
}

/// Everything an import reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// Files of the repository that could not be read (`file:line:col: what; hint`): what they
    /// hold was left out, and the import exits with problems.
    pub problems: Vec<String>,
    /// Repository-wide notes (inputs not supported, files not read, settings assumed).
    pub general: Vec<String>,
    /// Fields not carried over, by field name.
    pub dropped: BTreeMap<String, Dropped>,
    /// Notes about one indicator (decisions made, data problems), by Open SDG id.
    pub indicators: BTreeMap<String, Vec<String>>,
    /// Indicators not imported.
    pub skipped: Vec<Skipped>,
    /// Labels of CSV metadata that the mapping file does not name, with their files.
    pub unmapped_labels: BTreeMap<String, BTreeSet<String>>,
    /// Reporting status of each imported indicator (`complete`, `inprogress`...).
    pub reporting_status: BTreeMap<String, BTreeSet<String>>,
    /// localis indicators without a computed status, with why (no direction stated, or the
    /// platform computes none).
    pub not_assessed: BTreeMap<String, String>,
    /// Open SDG indicators whose status was set by the publisher (`progress_status`), with it.
    pub publisher_status: BTreeMap<String, String>,
    /// localis indicators imported but left out of the reported set, with why (their data
    /// have problems localis reports as errors).
    pub excluded: BTreeMap<String, String>,
}

/// The first line of a text, at most 60 characters.
pub(crate) fn excerpt(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 || s.trim().lines().count() > 1 {
        out.push('…');
    }
    out
}

impl Notes {
    /// Records a file that could not be read (its content was left out).
    pub fn problem(&mut self, note: impl Into<String>) {
        self.problems.push(note.into());
    }

    /// Adds a repository-wide note.
    pub fn general(&mut self, note: impl Into<String>) {
        self.general.push(note.into());
    }

    /// Records a field of an indicator that was not carried over.
    pub fn dropped(&mut self, field: &str, why: &str, indicator: &str, value: &str) {
        let d = self.dropped.entry(field.to_string()).or_default();
        if d.why.is_empty() {
            d.why = why.to_string();
        }
        d.indicators.insert(indicator.to_string(), excerpt(value));
    }

    /// Adds a note about one indicator.
    pub fn indicator(&mut self, id: &str, note: impl Into<String>) {
        self.indicators
            .entry(id.to_string())
            .or_default()
            .push(note.into());
    }

    /// Records an indicator that was not imported.
    pub fn skipped(&mut self, id: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            id: id.to_string(),
            reason: reason.into(),
        });
    }

    /// Records a CSV metadata label that the mapping does not name.
    pub fn unmapped_csv_label(&mut self, label: &str, file: &str) {
        self.unmapped_labels
            .entry(label.to_string())
            .or_default()
            .insert(file.to_string());
    }

    /// How many separate things were not carried over (fields x indicators, skipped indicators,
    /// unmapped labels, general notes).
    pub fn count(&self) -> usize {
        self.dropped
            .values()
            .map(|d| d.indicators.len())
            .sum::<usize>()
            + self.skipped.len()
            + self.unmapped_labels.len()
            + self.problems.len()
    }

    /// The notes as Markdown: a summary, then each section; `imported` is the number of
    /// Open SDG indicators imported and `made` the number of localis indicators made from them.
    pub fn to_markdown(&self, source: &str, imported: usize, made: usize, check: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Import notes\n");
        let _ = writeln!(
            s,
            "Imported from the Open SDG data repository `{source}` by `localis import opensdg`. \
             The repository was read, never changed; its data files were copied unchanged to `data/`.\n"
        );
        let _ = writeln!(
            s,
            "- {imported} Open SDG indicators imported as {made} localis indicators \
             (an indicator whose data mix several units or series becomes one localis indicator per unit and series)."
        );
        let _ = writeln!(
            s,
            "- {} Open SDG indicators not imported (below).",
            self.skipped.len()
        );
        let _ = writeln!(
            s,
            "- {} fields of imported indicators not carried over (below).",
            self.dropped.len()
        );
        let _ = writeln!(
            s,
            "- {} localis indicators left out of the reported set until their data are fixed (below).",
            self.excluded.len()
        );
        let _ = writeln!(
            s,
            "- {} localis indicators without a computed status (below); {} Open SDG indicators with a status set by the publisher, published as given.",
            self.not_assessed.len(),
            self.publisher_status.len()
        );
        let _ = writeln!(s, "- `localis check` of the new project: {check}.\n");
        if !self.problems.is_empty() {
            let _ = writeln!(
                s,
                "## Files that could not be read
"
            );
            let _ = writeln!(
                s,
                "What these files hold was left out of the new project: fix them in the repository and import again.\n"
            );
            for p in &self.problems {
                let _ = writeln!(s, "- {p}");
            }
            let _ = writeln!(s);
        }
        if !self.excluded.is_empty() {
            let _ = writeln!(s, "## Indicators left out of the report\n");
            let _ = writeln!(
                s,
                "Their data hold values localis rejects (the details are under each indicator below). Their YAML is \
                 in the library, and the set in `set.yaml` excludes them: fix the data (the copies under `data/`), \
                 then remove them from `exclude:`.\n"
            );
            for (id, why) in &self.excluded {
                let _ = writeln!(s, "- `{id}`: {why}");
            }
            let _ = writeln!(s);
        }
        if !self.not_assessed.is_empty() {
            let _ = writeln!(s, "## Indicators without a computed status\n");
            let _ = writeln!(
                s,
                "Open SDG computes a status only with `auto_progress_calculation: true`, and records which way is \
                 progress only in `progress_calculation_options` (`direction`). localis does the same and never guesses \
                 a direction: an indicator without one has `direction: not-stated` (set `increase` or `decrease` to \
                 assess it); one the platform does not assess has `assessment: {{assess: false}}`.\n"
            );
            let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (id, why) in &self.not_assessed {
                by_reason.entry(why).or_default().push(id);
            }
            for (why, ids) in by_reason {
                let _ = writeln!(s, "- {why}: {} ({})", ids.len(), id_list(ids.iter()));
            }
            let _ = writeln!(s);
        }
        if !self.reporting_status.is_empty() {
            let _ = writeln!(s, "## Reporting status of the imported indicators\n");
            let _ = writeln!(
                s,
                "localis has no reporting status: an indicator is reported when it has data. The Open SDG statuses were:\n"
            );
            for (status, ids) in &self.reporting_status {
                let _ = writeln!(s, "- `{status}`: {} ({})", ids.len(), id_list(ids.iter()));
            }
            let _ = writeln!(s);
        }
        if !self.general.is_empty() {
            let _ = writeln!(s, "## Repository\n");
            for n in &self.general {
                let _ = writeln!(s, "- {n}");
            }
            let _ = writeln!(s);
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(s, "## Indicators not imported\n");
            let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for k in &self.skipped {
                by_reason.entry(&k.reason).or_default().push(&k.id);
            }
            for (reason, ids) in by_reason {
                let _ = writeln!(s, "- {reason}: {} ({})", ids.len(), id_list(ids.iter()));
            }
            let _ = writeln!(s);
        }
        if !self.dropped.is_empty() {
            let _ = writeln!(s, "## Fields not carried over\n");
            let _ = writeln!(s, "| field | indicators | why | example |");
            let _ = writeln!(s, "|---|---|---|---|");
            for (field, d) in &self.dropped {
                let example = d
                    .indicators
                    .iter()
                    .next()
                    .map(|(id, v)| format!("{id}: {}", v.replace('|', "\\|")))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "| `{field}` | {} ({}) | {} | {example} |",
                    d.indicators.len(),
                    id_list(d.indicators.keys()),
                    d.why.replace('|', "\\|")
                );
            }
            let _ = writeln!(s);
        }
        if !self.unmapped_labels.is_empty() {
            let _ = writeln!(s, "## CSV metadata rows without a field name\n");
            let _ = writeln!(
                s,
                "These labels of CSV metadata files are not in the repository's metadata mapping, so sdg-build does not read them either:\n"
            );
            for (label, files) in &self.unmapped_labels {
                let _ = writeln!(
                    s,
                    "- `{label}` ({} file{})",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                );
            }
            let _ = writeln!(s);
        }
        if !self.indicators.is_empty() {
            let _ = writeln!(s, "## Indicator by indicator\n");
            for (id, notes) in &self.indicators {
                let _ = writeln!(s, "### {id}\n");
                for n in notes {
                    let _ = writeln!(s, "- {n}");
                }
                let _ = writeln!(s);
            }
        }
        s
    }
}

/// Ids as a short list: all of them up to 12, else the first 10 and a count.
fn id_list<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|s| s.as_ref().to_string()).collect();
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, and {} more", ids[..10].join(", "), ids.len() - 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_first_lines() {
        assert_eq!(excerpt("bar"), "bar");
        assert_eq!(excerpt("line one\nline two"), "line one…");
        assert_eq!(excerpt(&"x".repeat(70)).chars().count(), 61);
    }

    #[test]
    fn markdown_lists_what_was_dropped() {
        let mut n = Notes::default();
        n.dropped("graph_type", "localis draws its own charts", "1-1-1", "bar");
        n.skipped("1-2-2", "no data");
        let md = n.to_markdown("repo", 1, 1, "0 errors");
        assert!(
            md.contains("| `graph_type` | 1 (1-1-1) | localis draws its own charts | 1-1-1: bar |")
        );
        assert!(md.contains("- no data: 1 (1-2-2)"));
    }
}
