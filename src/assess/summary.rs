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

/// Points of every award scheme for every place. `assessed` holds, for each indicator in
/// order, one assessment per place in the order of `places`.
pub(crate) fn awards(
    ws: &Workspace,
    indicators: &[&Indicator],
    assessed: &[(IndicatorAssessment, Extra)],
    places: &[String],
) -> Vec<AwardResult> {
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
        if members.is_empty() {
            continue;
        }
        for (j, place) in places.iter().enumerate() {
            let mut points = 0.0;
            let mut per_indicator: BTreeMap<String, Option<f64>> = BTreeMap::new();
            for &(i, t) in &members {
                let a = &assessed[i * places.len() + j].0;
                let p = a
                    .targets
                    .iter()
                    .find(|r| r.index == t)
                    .and_then(|r| match &r.detail {
                        TargetDetail::Bands { points, .. } => *points,
                        _ => None,
                    });
                points += p.unwrap_or(0.0);
                let slot = per_indicator
                    .entry(indicators[i].id.clone())
                    .or_insert(None);
                if let Some(p) = p {
                    *slot = Some(slot.unwrap_or(0.0) + p);
                }
            }
            out.push(AwardResult {
                scheme: id.to_string(),
                place: place.clone(),
                points,
                threshold: scheme.threshold,
                awarded: points >= scheme.threshold,
                indicators: per_indicator,
            });
        }
    }
    out
}

#[derive(Default)]
struct GoalAccumulator {
    counts: StatusCounts,
    escap: Vec<f64>,
    scores: Vec<Option<f64>>,
}

/// The summaries of every place, in the order of `places`.
pub(crate) fn summaries(
    indicators: &[&Indicator],
    assessed: &[(IndicatorAssessment, Extra)],
    places: &[String],
) -> Vec<PlaceSummary> {
    places
        .iter()
        .enumerate()
        .map(|(j, place)| {
            let mut overall = StatusCounts::default();
            let mut goals: BTreeMap<String, GoalAccumulator> = BTreeMap::new();
            let mut rights: BTreeMap<String, StatusCounts> = BTreeMap::new();
            let mut types: BTreeMap<OhchrType, StatusCounts> = BTreeMap::new();
            for (i, ind) in indicators.iter().enumerate() {
                let (a, extra) = &assessed[i * places.len() + j];
                overall.add(a.status);
                let goal_codes: BTreeSet<&str> = ind
                    .links
                    .sdg
                    .iter()
                    .map(|l| l.goal())
                    .filter(|g| !g.is_empty())
                    .collect();
                for g in goal_codes {
                    let acc = goals.entry(g.to_string()).or_default();
                    acc.counts.add(a.status);
                    if !extra.assessed {
                        continue;
                    }
                    if let Some(e) = extra.escap {
                        acc.escap.push(e);
                    }
                    if let Some(d) = &a.distance_to_target {
                        acc.scores.push(d.score);
                    }
                }
                let right_ids: BTreeSet<&str> =
                    ind.links.rights.iter().map(|r| r.right.as_str()).collect();
                for r in right_ids {
                    rights.entry(r.to_string()).or_default().add(a.status);
                }
                if let Some(t) = ind.links.ohchr_type {
                    types.entry(t).or_default().add(a.status);
                }
            }
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
                place: place.clone(),
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
