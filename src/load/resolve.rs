//! Resolves sets: which indicators a project reports, with each set's overrides applied.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use globset::{Glob, GlobMatcher};

use super::{Located, Workspace};
use crate::diag::{Diagnostic, FileId};
use crate::model::{Indicator, IndicatorSet};
use crate::yaml::{self, Node, Step};

/// An override applied to an indicator by a set.
#[derive(Debug, Clone)]
pub struct AppliedOverride {
    /// The set that applied it.
    pub set: String,
    /// The file of the set.
    pub file: FileId,
    /// The override's YAML node.
    pub node: Node,
    /// The fields it replaced.
    pub fields: Vec<&'static str>,
}

/// Where an active indicator was defined and which overrides changed it.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Library of the definition.
    pub library: String,
    /// File of the definition.
    pub file: FileId,
    /// YAML node of the definition.
    pub node: Node,
    /// Overrides applied, in order.
    pub overrides: Vec<AppliedOverride>,
}

impl Origin {
    /// The file and span of the value at `path`, in the override that last set it or in the definition.
    pub fn locate(&self, path: &[Step]) -> (FileId, Range<usize>) {
        if let Some(Step::Key(first)) = path.first()
            && let Some(o) = self
                .overrides
                .iter()
                .rev()
                .find(|o| o.fields.contains(&first.as_str()))
        {
            return (o.file, o.node.span_at(path));
        }
        (self.file, self.node.span_at(path))
    }

    /// Like [`Origin::locate`] but the span of the key introducing the value.
    pub fn locate_key(&self, path: &[Step]) -> (FileId, Range<usize>) {
        if let Some(Step::Key(first)) = path.first()
            && let Some(o) = self
                .overrides
                .iter()
                .rev()
                .find(|o| o.fields.contains(&first.as_str()))
        {
            return (o.file, o.node.key_span_at(path));
        }
        (self.file, self.node.key_span_at(path))
    }
}

/// An indicator the project reports, after overrides, with its origin.
#[derive(Debug, Clone)]
pub struct ActiveIndicator {
    /// The indicator as the project uses it.
    pub indicator: Indicator,
    /// Where it was defined and changed.
    pub origin: Origin,
}

fn matcher(pattern: &str) -> Option<GlobMatcher> {
    Glob::new(pattern).ok().map(|g| g.compile_matcher())
}

struct Resolver<'a> {
    definitions: BTreeMap<&'a str, &'a Located<Indicator>>,
    sets: BTreeMap<&'a str, &'a Located<IndicatorSet>>,
    libraries: BTreeSet<&'a str>,
    diagnostics: Vec<Diagnostic>,
    memo: BTreeMap<String, Vec<ActiveIndicator>>,
}

impl<'a> Resolver<'a> {
    fn library_members(&self, library: &str) -> Vec<ActiveIndicator> {
        self.definitions
            .values()
            .filter(|d| d.library == library)
            .map(|d| ActiveIndicator {
                indicator: d.value.clone(),
                origin: Origin {
                    library: d.library.clone(),
                    file: d.file,
                    node: d.node.clone(),
                    overrides: Vec::new(),
                },
            })
            .collect()
    }

    fn members(&mut self, name: &str, stack: &mut Vec<String>) -> Vec<ActiveIndicator> {
        if let Some(m) = self.memo.get(name) {
            return m.clone();
        }
        let Some(set) = self.sets.get(name).copied() else {
            return self.library_members(name);
        };
        if stack.iter().any(|s| s == name) {
            let mut d = Diagnostic::error(
                "set-cycle",
                format!(
                    "sets extend each other in a cycle ({} -> {name})",
                    stack.join(" -> ")
                ),
            )
            .at(set.file, set.span(&["id".into()]))
            .hint("remove one of the `extends` entries that close the cycle");
            for s in stack.iter() {
                if let Some(other) = self.sets.get(s.as_str()) {
                    d = d.related(
                        other.file,
                        other.span(&["extends".into()]),
                        format!("`{s}` extends"),
                    );
                }
            }
            self.diagnostics.push(d);
            return Vec::new();
        }
        stack.push(name.to_string());
        let mut pool: BTreeMap<String, ActiveIndicator> = BTreeMap::new();
        for (i, base) in set.value.extends.iter().enumerate() {
            if !self.sets.contains_key(base.as_str()) && !self.libraries.contains(base.as_str()) {
                let known = self.sets.keys().chain(self.libraries.iter()).copied();
                let hint = yaml::closest(base, known)
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| "list the library in `libraries:` of localis.yaml, or define a set with this id".into());
                self.diagnostics.push(
                    Diagnostic::error("unknown-reference", format!("set `{name}` extends `{base}`, which is neither a loaded library nor a set"))
                        .at(set.file, set.span(&["extends".into(), i.into()]))
                        .hint(hint),
                );
                continue;
            }
            for m in self.members(base, stack) {
                pool.entry(m.indicator.id.clone()).or_insert(m);
            }
        }
        stack.pop();
        let include: Vec<GlobMatcher> = set
            .value
            .include
            .iter()
            .filter_map(|p| matcher(p))
            .collect();
        let exclude: Vec<GlobMatcher> = set
            .value
            .exclude
            .iter()
            .filter_map(|p| matcher(p))
            .collect();
        for (i, p) in set.value.include.iter().enumerate() {
            let matched = matcher(p).is_some_and(|m| pool.keys().any(|k| m.is_match(k)));
            if !matched {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "include-matches-nothing",
                        format!("`{p}` matches no indicator of what set `{name}` extends"),
                    )
                    .at(set.file, set.span(&["include".into(), i.into()]))
                    .maybe_hint(
                        yaml::closest(p, pool.keys().map(String::as_str))
                            .map(|b| format!("did you mean `{b}`?")),
                    ),
                );
            }
        }
        pool.retain(|id, _| {
            (include.is_empty() || include.iter().any(|m| m.is_match(id)))
                && !exclude.iter().any(|m| m.is_match(id))
        });
        for (id, ov) in &set.value.overrides {
            let path = [Step::from("overrides"), Step::Key(id.clone())];
            let node = set
                .node
                .at(&path)
                .cloned()
                .unwrap_or_else(|| set.node.clone());
            match pool.get_mut(id) {
                Some(active) => {
                    let fields = ov.apply(&mut active.indicator);
                    active.origin.overrides.push(AppliedOverride {
                        set: name.to_string(),
                        file: set.file,
                        node,
                        fields,
                    });
                }
                None => {
                    let hint = yaml::closest(id, pool.keys().map(String::as_str))
                        .map(|b| format!("did you mean `{b}`?"))
                        .unwrap_or_else(|| format!("the set `{name}` has no indicator `{id}`; check `extends` and `include`"));
                    self.diagnostics.push(
                        Diagnostic::error(
                            "unknown-reference",
                            format!("override of unknown indicator `{id}`"),
                        )
                        .at(set.file, set.key_span(&path))
                        .hint(hint),
                    );
                }
            }
        }
        let out: Vec<ActiveIndicator> = pool.into_values().collect();
        self.memo.insert(name.to_string(), out.clone());
        out
    }
}

/// Computes the project's active indicators from its libraries and sets.
pub(super) fn resolve(ws: &mut Workspace) {
    let project = ws.project().clone();
    let mut resolver = Resolver {
        definitions: BTreeMap::new(),
        sets: BTreeMap::new(),
        libraries: ws.libraries.iter().map(|l| l.id.as_str()).collect(),
        diagnostics: Vec::new(),
        memo: BTreeMap::new(),
    };
    for d in &ws.definitions {
        resolver.definitions.entry(d.value.id.as_str()).or_insert(d);
    }
    for s in &ws.sets {
        resolver.sets.entry(s.value.id.as_str()).or_insert(s);
    }
    let mut active: BTreeMap<String, ActiveIndicator> = BTreeMap::new();
    if project.sets.is_empty() {
        for lib in &project.libraries {
            for m in resolver.library_members(lib) {
                active.entry(m.indicator.id.clone()).or_insert(m);
            }
        }
    } else {
        for (i, set) in project.sets.iter().enumerate() {
            if !resolver.sets.contains_key(set.as_str()) {
                let hint = yaml::closest(set, resolver.sets.keys().copied())
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        "sets are defined under `sets:` in a file of a listed library".into()
                    });
                resolver.diagnostics.push(
                    Diagnostic::error("unknown-reference", format!("unknown set `{set}`"))
                        .at(
                            ws.project_file,
                            ws.project_node.span_at(&["sets".into(), i.into()]),
                        )
                        .hint(hint),
                );
                continue;
            }
            for m in resolver.members(set, &mut Vec::new()) {
                active.entry(m.indicator.id.clone()).or_insert(m);
            }
        }
    }
    let diagnostics = std::mem::take(&mut resolver.diagnostics);
    ws.diagnostics.extend(diagnostics);
    ws.active = active.into_values().collect();
}
