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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// A series: its disaggregation pairs and (year, value) points.
    type SeriesSpec<'a> = (&'a [(&'a str, &'a str)], &'a [(i32, Option<f64>)]);

    /// A result for `place` whose observations each come from their own data row, numbered
    /// from `first_row` in the order given (so that provenance can be followed).
    fn result(place: &str, first_row: u32, series: &[SeriesSpec]) -> IndicatorResult {
        let mut rows = Vec::new();
        let series = series
            .iter()
            .map(|(key, points)| Series {
                disaggregation: key
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                observations: points
                    .iter()
                    .map(|(year, value)| {
                        let start = rows.len() as u32;
                        rows.push(RowRange {
                            file: 0,
                            first: first_row + start,
                            last: first_row + start,
                        });
                        Observation::new(
                            *year,
                            *value,
                            RowSpan {
                                start,
                                end: start + 1,
                            },
                        )
                    })
                    .collect(),
            })
            .collect();
        IndicatorResult {
            indicator: String::new(),
            place: place.to_string(),
            unit: Some("people".to_string()),
            series,
            completeness: Default::default(),
            rows,
        }
    }

    /// (year, value) of every observation of a series.
    fn points(s: &Series) -> Vec<(i32, Option<f64>)> {
        s.observations.iter().map(|o| (o.year, o.value)).collect()
    }

    fn key(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_ratio_divides_period_by_period_and_keeps_its_counts() {
        let numerator = vec![result(
            "A",
            1,
            &[(&[], &[(2020, Some(5.0)), (2021, Some(8.0))])],
        )];
        let denominator = vec![result(
            "A",
            100,
            &[(&[], &[(2020, Some(200.0)), (2021, Some(0.0))])],
        )];
        let out = join(&[numerator, denominator], &ratio(1000.0));
        assert_eq!(out.len(), 1);
        let s = &out[0].series[0];
        // 2020: 5 * 1000 / 200 = 25; 2021: a zero denominator gives no value, not infinity
        assert_eq!(points(s), vec![(2020, Some(25.0)), (2021, None)]);
        let d = s.observations[0].details.as_deref().unwrap();
        assert_eq!((d.numerator, d.denominator), (Some(5.0), Some(200.0)));
        // the counts of the period without a value are still known
        let d = s.observations[1].details.as_deref().unwrap();
        assert_eq!((d.numerator, d.denominator), (Some(8.0), Some(0.0)));
        // the value of 2020 comes from row 1 of the numerator and row 100 of the denominator
        let rows: Vec<u32> = out[0]
            .rows_of(&s.observations[0])
            .iter()
            .map(|r| r.first)
            .collect();
        assert_eq!(rows, vec![1, 100]);
    }

    #[test]
    fn a_join_keeps_only_the_places_groups_and_years_every_input_has() {
        let first = vec![
            result(
                "A",
                1,
                &[
                    (&[], &[(2019, Some(1.0)), (2020, Some(2.0))]),
                    (&[("Sex", "Female")], &[(2020, Some(3.0))]),
                ],
            ),
            result("B", 10, &[(&[], &[(2020, Some(4.0))])]),
        ];
        let second = vec![result("A", 20, &[(&[], &[(2020, Some(10.0))])])];
        let out = join(&[first, second], &sum);
        // B has no second input, A's Female series and year 2019 neither: only A 2020 remains
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].place, "A");
        assert_eq!(out[0].series.len(), 1);
        assert!(out[0].series[0].disaggregation.is_empty());
        assert_eq!(points(&out[0].series[0]), vec![(2020, Some(12.0))]);
    }

    #[test]
    fn a_missing_input_gives_no_value_never_a_filled_in_one() {
        let a = vec![result("A", 1, &[(&[], &[(2020, Some(2.0)), (2021, None)])])];
        let b = vec![result(
            "A",
            5,
            &[(&[], &[(2020, Some(3.0)), (2021, Some(4.0))])],
        )];
        let out = join(&[a, b], &sum);
        // 2021 is kept as a period with no value: the sum is not 4 (a blank read as zero)
        assert_eq!(
            points(&out[0].series[0]),
            vec![(2020, Some(5.0)), (2021, None)]
        );
        // the same with a ratio: a blank numerator is not a zero rate
        let n = vec![result("A", 1, &[(&[], &[(2021, None)])])];
        let d = vec![result("A", 5, &[(&[], &[(2021, Some(40.0))])])];
        let out = join(&[n, d], &ratio(100.0));
        assert_eq!(points(&out[0].series[0]), vec![(2021, None)]);
    }

    #[test]
    fn a_gap_compares_each_group_with_the_reference_in_the_same_year() {
        let values = vec![result(
            "A",
            1,
            &[
                (
                    &[("Sex", "Female")],
                    &[(2020, Some(30.0)), (2021, Some(33.0)), (2022, Some(9.0))],
                ),
                (
                    &[("Sex", "Male")],
                    &[(2020, Some(20.0)), (2021, None), (2022, Some(0.0))],
                ),
            ],
        )];
        let out = gap(&values, "Sex", "Female", "Male", GapKind::Difference);
        // the dimension is gone from the key: one series per remaining disaggregation
        assert_eq!(out[0].series[0].disaggregation, key(&[]));
        // 30 - 20 = 10; no Male value in 2021 gives no gap; 9 - 0 = 9
        assert_eq!(
            points(&out[0].series[0]),
            vec![(2020, Some(10.0)), (2021, None), (2022, Some(9.0))]
        );
        assert_eq!(out[0].unit.as_deref(), Some("people"));
        let out = gap(&values, "Sex", "Female", "Male", GapKind::Ratio);
        // 30 / 20 = 1.5; dividing by a zero reference gives no value; a ratio has no unit
        assert_eq!(
            points(&out[0].series[0]),
            vec![(2020, Some(1.5)), (2021, None), (2022, None)]
        );
        assert_eq!(out[0].unit, None);
    }

    #[test]
    fn an_index_divides_by_the_base_year_and_counts_series_without_one() {
        let values = vec![result(
            "A",
            1,
            &[
                (&[], &[(2015, Some(50.0)), (2016, Some(60.0)), (2017, None)]),
                (&[("Sex", "Female")], &[(2016, Some(7.0))]),
                (&[("Sex", "Male")], &[(2015, Some(0.0)), (2016, Some(3.0))]),
            ],
        )];
        let (out, missing) = index(&values, 2015, 100.0);
        // 50 -> 100, 60 -> 60 * 100 / 50 = 120, and the blank 2017 stays blank
        assert_eq!(out[0].series.len(), 1);
        assert_eq!(
            points(&out[0].series[0]),
            vec![(2015, Some(100.0)), (2016, Some(120.0)), (2017, None)]
        );
        // Female has no 2015 value, Male a zero one: neither can be indexed
        assert_eq!(missing, 2);
    }

    #[test]
    fn an_expression_binds_inputs_by_name_and_keeps_the_first_error() {
        let tree = evalexpr::build_operator_tree::<DefaultNumericTypes>("(x - y) / y").unwrap();
        let names = vec!["x".to_string(), "y".to_string()];
        let error = std::sync::Mutex::new(None);
        let f = expression(&tree, &names, &error);
        let x = Observation::new(2020, Some(15.0), RowSpan::default());
        let y = Observation::new(2020, Some(10.0), RowSpan::default());
        // (15 - 10) / 10 = 0.5: x is the first observation, y the second
        assert_eq!(f(&[&x, &y]).value, Some(0.5));
        assert!(error.lock().unwrap().is_none());
        let tree = evalexpr::build_operator_tree::<DefaultNumericTypes>("x + z").unwrap();
        let f = expression(&tree, &names, &error);
        assert_eq!(f(&[&x, &y]).value, None);
        let first = error.lock().unwrap().clone().unwrap();
        assert!(first.starts_with("in 2020: "), "{first}");
        assert!(first.contains('z'), "{first}");
    }
}
