//! Summaries per place: counts by category per SDG goal, right and OHCHR type, ESCAP goal averages, goal scores, and award schemes.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::Workspace;
use crate::load::sdg::code_order;
use crate::model::{AwardScheme, Indicator, OhchrType, Target};

use super::result::{
    AwardResult, GoalSummary, GroupSummary, IndicatorAssessment, PlaceSummary, StatusCounts,
    TargetDetail,
};
use super::{Extra, score};

/// An award scheme: its id, threshold and members (indicator position, target position).
type Scheme = (String, f64, Vec<(usize, usize)>);

/// Points of one place in one scheme, in all and per indicator.
type Tally = (f64, BTreeMap<String, Option<f64>>);

/// Points of every award scheme for every place, added up one indicator at a time.
pub(crate) struct Awards {
    /// Each scheme (sorted by id) with its members (indicator position, target position).
    schemes: Vec<Scheme>,
    /// Per scheme, per place: points and points per indicator.
    tallies: Vec<Vec<Tally>>,
    places: Vec<String>,
}

impl Awards {
    /// The schemes of the project and its libraries with the indicators (in order) whose
    /// banded targets count towards them; schemes without such targets are left out.
    pub(crate) fn new(ws: &Workspace, indicators: &[&Indicator], places: &[String]) -> Awards {
        let mut schemes: BTreeMap<&str, &AwardScheme> = BTreeMap::new();
        for s in &ws.project().award_schemes {
            schemes.entry(s.id.as_str()).or_insert(s);
        }
        for s in &ws.award_schemes {
            schemes.entry(s.value.id.as_str()).or_insert(&s.value);
        }
        let mut out = Vec::new();
        for (id, scheme) in schemes {
            let members: Vec<(usize, usize)> = indicators
                .iter()
                .enumerate()
                .flat_map(|(i, ind)| {
                    ind.targets
                        .iter()
                        .enumerate()
                        .filter_map(move |(t, target)| match target {
                            Target::Bands(b) if b.scheme.as_deref() == Some(id) => Some((i, t)),
                            _ => None,
                        })
                })
                .collect();
            if !members.is_empty() {
                out.push((id.to_string(), scheme.threshold, members));
            }
        }
        let tallies = out
            .iter()
            .map(|_| vec![(0.0, BTreeMap::new()); places.len()])
            .collect();
        Awards {
            schemes: out,
            tallies,
            places: places.to_vec(),
        }
    }

    /// Adds the points of indicator `i` (its id `id`), from its assessment for every place
    /// (in the order of the places). Indicators are added in order.
    pub(crate) fn add(&mut self, i: usize, id: &str, assessed: &[(IndicatorAssessment, Extra)]) {
        for (scheme, tallies) in self.schemes.iter().zip(&mut self.tallies) {
            for &(_, t) in scheme.2.iter().filter(|(m, _)| *m == i) {
                for ((a, _), (points, per_indicator)) in assessed.iter().zip(tallies.iter_mut()) {
                    let p = a
                        .targets
                        .iter()
                        .find(|r| r.index == t)
                        .and_then(|r| match &r.detail {
                            TargetDetail::Bands { points, .. } => *points,
                            _ => None,
                        });
                    *points += p.unwrap_or(0.0);
                    let slot = per_indicator.entry(id.to_string()).or_insert(None);
                    if let Some(p) = p {
                        *slot = Some(slot.unwrap_or(0.0) + p);
                    }
                }
            }
        }
    }

    /// The award results, sorted by scheme id then place.
    pub(crate) fn finish(self) -> Vec<AwardResult> {
        let mut out = Vec::new();
        for ((id, threshold, _), tallies) in self.schemes.into_iter().zip(self.tallies) {
            for ((points, indicators), place) in tallies.into_iter().zip(&self.places) {
                out.push(AwardResult {
                    scheme: id.clone(),
                    place: place.clone(),
                    points,
                    threshold,
                    awarded: points >= threshold,
                    indicators,
                });
            }
        }
        out
    }
}

#[derive(Default)]
struct GoalAccumulator {
    counts: StatusCounts,
    escap: Vec<f64>,
    scores: Vec<Option<f64>>,
}

/// What the summaries of one place gather, indicator by indicator.
#[derive(Default)]
struct PlaceAccumulator {
    overall: StatusCounts,
    goals: BTreeMap<String, GoalAccumulator>,
    rights: BTreeMap<String, StatusCounts>,
    types: BTreeMap<OhchrType, StatusCounts>,
}

/// The summaries of every place, added up one indicator at a time.
pub(crate) struct Summaries {
    places: Vec<String>,
    accumulators: Vec<PlaceAccumulator>,
}

impl Summaries {
    /// Empty summaries of `places` (in this order).
    pub(crate) fn new(places: &[String]) -> Summaries {
        Summaries {
            places: places.to_vec(),
            accumulators: places.iter().map(|_| PlaceAccumulator::default()).collect(),
        }
    }

    /// Adds one indicator's assessment for every place (in the order of the places).
    /// Indicators are added in order.
    pub(crate) fn add(&mut self, ind: &Indicator, assessed: &[(IndicatorAssessment, Extra)]) {
        let goal_codes: BTreeSet<&str> = ind
            .links
            .sdg
            .iter()
            .map(|l| l.goal())
            .filter(|g| !g.is_empty())
            .collect();
        let right_ids: BTreeSet<&str> = ind.links.rights.iter().map(|r| r.right.as_str()).collect();
        for ((a, extra), acc) in assessed.iter().zip(&mut self.accumulators) {
            acc.overall.add(a.status);
            for g in &goal_codes {
                let goal = acc.goals.entry(g.to_string()).or_default();
                goal.counts.add(a.status);
                if !extra.assessed {
                    continue;
                }
                if let Some(e) = extra.escap {
                    goal.escap.push(e);
                }
                if let Some(d) = &a.distance_to_target {
                    goal.scores.push(d.score);
                }
            }
            for r in &right_ids {
                acc.rights.entry(r.to_string()).or_default().add(a.status);
            }
            if let Some(t) = ind.links.ohchr_type {
                acc.types.entry(t).or_default().add(a.status);
            }
        }
    }

    /// The summaries of every place, in the order of the places.
    pub(crate) fn finish(self) -> Vec<PlaceSummary> {
        self.places
            .into_iter()
            .zip(self.accumulators)
            .map(|(place, acc)| {
                let PlaceAccumulator {
                    overall,
                    goals,
                    rights,
                    mut types,
                } = acc;
                let mut goal_list: Vec<GoalSummary> = goals
                    .into_iter()
                    .map(|(goal, acc)| {
                        let (score, unscored) = score::goal_score(&acc.scores);
                        GoalSummary {
                            goal,
                            counts: acc.counts,
                            escap_current_status: (!acc.escap.is_empty())
                                .then(|| acc.escap.iter().sum::<f64>() / acc.escap.len() as f64),
                            escap_indicators: acc.escap.len(),
                            score,
                            scorable: acc.scores.len(),
                            unscored,
                        }
                    })
                    .collect();
                goal_list.sort_by_key(|g| code_order(&g.goal));
                PlaceSummary {
                    place,
                    overall,
                    goals: goal_list,
                    rights: rights
                        .into_iter()
                        .map(|(id, counts)| GroupSummary { id, counts })
                        .collect(),
                    ohchr_types: OhchrType::ALL
                        .iter()
                        .filter_map(|t| {
                            types.remove(t).map(|counts| GroupSummary {
                                id: t.name().to_string(),
                                counts,
                            })
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
