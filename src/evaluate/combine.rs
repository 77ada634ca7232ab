//! Combinations of selections: ratios, shares, sums, gaps between groups, indices and expressions.

use evalexpr::{Context, DefaultNumericTypes, EvalexprError, Node, Value};
use rayon::prelude::*;

use crate::model::GapKind;

use super::result::{IndicatorResult, Observation, ObservationDetails, RowRange, RowSpan, Series};
use super::select::Values;

/// What a combination gives for one period.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Combined {
    /// The value.
    pub value: Option<f64>,
    /// Count behind a ratio or share.
    pub numerator: Option<f64>,
    /// Population behind a ratio or share.
    pub denominator: Option<f64>,
}

impl Combined {
    /// A computed value; one that is not finite is kept, for the evaluation to report at the
    /// indicator and remove.
    fn value(value: Option<f64>) -> Combined {
        Combined {
            value,
            ..Combined::default()
        }
    }
}

/// Builds a new observation from inputs, appending their rows to `rows`.
fn combined_observation(
    inputs: &[(&Observation, &IndicatorResult)],
    c: Combined,
    rows: &mut Vec<RowRange>,
) -> Observation {
    let start = rows.len() as u32;
    for (o, r) in inputs {
        rows.extend_from_slice(r.rows_of(o));
    }
    let first = inputs[0].0;
    let span = RowSpan {
        start,
        end: rows.len() as u32,
    };
    let observation = Observation::new(first.year, c.value, span);
    let period = first.period();
    let status = inputs.iter().find_map(|(o, _)| o.status());
    if period.is_none() && status.is_none() && c.numerator.is_none() && c.denominator.is_none() {
        return observation;
    }
    observation.with_details(ObservationDetails {
        period: period.map(str::to_string),
        numerator: c.numerator,
        denominator: c.denominator,
        status: status.map(str::to_string),
        ..ObservationDetails::default()
    })
}

/// Joins several values on place, disaggregation and year (only what every input has) and
/// combines the observations of each period with `f`.
pub(crate) fn join(inputs: &[Values], f: &(dyn Fn(&[&Observation]) -> Combined + Sync)) -> Values {
    let Some((first, rest)) = inputs.split_first() else {
        return Vec::new();
    };
    first
        .par_iter()
        .filter_map(|r0| {
            let mut others = Vec::with_capacity(rest.len());
            for other in rest {
                let i = other
                    .binary_search_by(|x| x.place.as_str().cmp(&r0.place))
                    .ok()?;
                others.push(&other[i]);
            }
            let mut rows = Vec::new();
            let mut series = Vec::new();
            for s0 in &r0.series {
                let mut matching = Vec::with_capacity(others.len());
                for r in &others {
                    match r
                        .series
                        .binary_search_by(|s| s.disaggregation.cmp(&s0.disaggregation))
                    {
                        Ok(i) => matching.push((&r.series[i], *r)),
                        Err(_) => break,
                    }
                }
                if matching.len() != others.len() {
                    continue;
                }
                let mut observations = Vec::new();
                'years: for o0 in &s0.observations {
                    let mut obs = Vec::with_capacity(inputs.len());
                    obs.push((o0, r0));
                    for (s, r) in &matching {
                        match s.observations.binary_search_by_key(&o0.year, |o| o.year) {
                            Ok(i) => obs.push((&s.observations[i], *r)),
                            Err(_) => continue 'years,
                        }
                    }
                    let plain: Vec<&Observation> = obs.iter().map(|(o, _)| *o).collect();
                    let c = if plain.iter().all(|o| o.value.is_some()) {
                        f(&plain)
                    } else {
                        Combined::default()
                    };
                    observations.push(combined_observation(&obs, c, &mut rows));
                }
                if !observations.is_empty() {
                    series.push(Series {
                        disaggregation: s0.disaggregation.clone(),
                        observations,
                    });
                }
            }
            (!series.is_empty()).then(|| IndicatorResult {
                indicator: String::new(),
                place: r0.place.clone(),
                unit: None,
                series,
                completeness: Default::default(),
                rows,
            })
        })
        .collect()
}

/// Numerator over denominator times a factor; no value for a zero denominator (a value that
/// overflows is kept here and reported by the evaluation as not finite).
pub(crate) fn ratio(factor: f64) -> impl Fn(&[&Observation]) -> Combined + Sync {
    move |o: &[&Observation]| {
        let (n, d) = (o[0].value, o[1].value);
        Combined {
            value: match (n, d) {
                (Some(n), Some(d)) if d != 0.0 => Some(n * factor / d),
                _ => None,
            },
            numerator: n,
            denominator: d,
        }
    }
}

/// The sum of every input.
pub(crate) fn sum(o: &[&Observation]) -> Combined {
    Combined::value(o.iter().map(|o| o.value).sum())
}

/// The gap between two groups of a dimension, per remaining disaggregation.
pub(crate) fn gap(
    values: &Values,
    dimension: &str,
    group: &str,
    reference: &str,
    kind: GapKind,
) -> Values {
    values
        .par_iter()
        .filter_map(|r| {
            let mut rows = Vec::new();
            let mut series: Vec<Series> = Vec::new();
            for s in &r.series {
                if s.disaggregation.get(dimension).map(String::as_str) != Some(group) {
                    continue;
                }
                let mut reference_key = s.disaggregation.clone();
                reference_key.insert(dimension.to_string(), reference.to_string());
                let Ok(i) = r
                    .series
                    .binary_search_by(|x| x.disaggregation.cmp(&reference_key))
                else {
                    continue;
                };
                let base = &r.series[i];
                let mut observations = Vec::new();
                for o in &s.observations {
                    let Ok(j) = base.observations.binary_search_by_key(&o.year, |x| x.year) else {
                        continue;
                    };
                    let b = &base.observations[j];
                    let value = match (o.value, b.value, kind) {
                        (Some(g), Some(x), GapKind::Difference) => Some(g - x),
                        (Some(g), Some(x), GapKind::Ratio) if x != 0.0 => Some(g / x),
                        _ => None,
                    };
                    observations.push(combined_observation(
                        &[(o, r), (b, r)],
                        Combined::value(value),
                        &mut rows,
                    ));
                }
                let mut key = s.disaggregation.clone();
                key.remove(dimension);
                if !observations.is_empty() {
                    series.push(Series {
                        disaggregation: key,
                        observations,
                    });
                }
            }
            series.sort_by(|a, b| a.disaggregation.cmp(&b.disaggregation));
            (!series.is_empty()).then(|| IndicatorResult {
                indicator: String::new(),
                place: r.place.clone(),
                unit: match kind {
                    GapKind::Difference => r.unit.clone(),
                    GapKind::Ratio => None,
                },
                series,
                completeness: Default::default(),
                rows,
            })
        })
        .collect()
}

/// Values as an index against a base year; returns the values and how many series lacked
/// a (non-zero) base-year value.
pub(crate) fn index(values: &Values, base_year: i32, factor: f64) -> (Values, usize) {
    let results: Vec<(Option<IndicatorResult>, usize)> = values
        .par_iter()
        .map(|r| {
            let mut rows = Vec::new();
            let mut series = Vec::new();
            let mut missing = 0;
            for s in &r.series {
                let base = s
                    .observations
                    .iter()
                    .find(|o| o.year == base_year)
                    .filter(|o| o.value.is_some_and(|v| v != 0.0));
                let Some(base) = base else {
                    missing += 1;
                    continue;
                };
                let b = base.value.unwrap_or(1.0);
                let observations: Vec<Observation> = s
                    .observations
                    .iter()
                    .map(|o| {
                        combined_observation(
                            &[(o, r), (base, r)],
                            Combined::value(o.value.map(|v| v * factor / b)),
                            &mut rows,
                        )
                    })
                    .collect();
                series.push(Series {
                    disaggregation: s.disaggregation.clone(),
                    observations,
                });
            }
            let result = (!series.is_empty()).then(|| IndicatorResult {
                indicator: String::new(),
                place: r.place.clone(),
                unit: None,
                series,
                completeness: Default::default(),
                rows,
            });
            (result, missing)
        })
        .collect();
    let missing = results.iter().map(|(_, m)| m).sum();
    (
        results.into_iter().filter_map(|(r, _)| r).collect(),
        missing,
    )
}

/// The variables of a formula, bound to the values of one period.
struct Variables<'a> {
    names: &'a [String],
    values: Vec<Value<DefaultNumericTypes>>,
}

impl Context for Variables<'_> {
    type NumericTypes = DefaultNumericTypes;

    fn get_value(&self, identifier: &str) -> Option<&Value<DefaultNumericTypes>> {
        self.names
            .iter()
            .position(|n| n == identifier)
            .map(|i| &self.values[i])
    }

    fn call_function(
        &self,
        identifier: &str,
        _argument: &Value<DefaultNumericTypes>,
    ) -> Result<Value<DefaultNumericTypes>, EvalexprError<DefaultNumericTypes>> {
        Err(EvalexprError::FunctionIdentifierNotFound(
            identifier.to_string(),
        ))
    }

    fn are_builtin_functions_disabled(&self) -> bool {
        false
    }

    fn set_builtin_functions_disabled(
        &mut self,
        _disabled: bool,
    ) -> Result<(), EvalexprError<DefaultNumericTypes>> {
        Err(EvalexprError::ContextNotMutable)
    }
}

/// Evaluates a formula with the inputs named `names` (in the order of the observations);
/// a formula that fails or gives no finite number gives no value, and the first error is kept.
pub(crate) fn expression<'a>(
    tree: &'a Node<DefaultNumericTypes>,
    names: &'a [String],
    first_error: &'a std::sync::Mutex<Option<String>>,
) -> impl Fn(&[&Observation]) -> Combined + Sync + 'a {
    move |o: &[&Observation]| {
        let vars = Variables {
            names,
            values: o
                .iter()
                .map(|o| Value::Float(o.value.unwrap_or(f64::NAN)))
                .collect(),
        };
        match tree.eval_number_with_context(&vars) {
            Ok(v) => Combined::value(Some(v)),
            Err(e) => {
                if let Ok(mut slot) = first_error.lock()
                    && slot.is_none()
                {
                    *slot = Some(format!("in {}: {e}", o[0].year));
                }
                Combined::default()
            }
        }
    }
}

/// Sorts the disaggregations of every result and the results by place (after a computation
/// that may have changed keys).
pub(crate) fn normalise(values: &mut Values) {
    values.sort_by(|a, b| a.place.cmp(&b.place));
    for r in values.iter_mut() {
        r.series
            .sort_by(|a, b| a.disaggregation.cmp(&b.disaggregation));
    }
}
