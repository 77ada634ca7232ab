//! Issue 15, "every published sentence is true": one test per rule of the assessment and the
//! publications, on small fixtures under `tests/fixtures/assess/`, each with its expectation
//! worked out by hand in the comment above it.

use std::path::Path;

use localis::evaluate::Evaluation;

use crate::common::{fixture, localis};

/// Evaluates a fixture into a temporary folder: exit code, standard error and the results.
fn eval_fixture(name: &str) -> (i32, String, Evaluation, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let dir = fixture(&format!("assess/{name}"));
    let run = localis(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "eval",
            dir.to_str().unwrap(),
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(out.path().join("results.json")).expect("results.json");
    let e: Evaluation = serde_json::from_str(&text).unwrap();
    (run.code, run.stderr, e, out)
}

/// The headline (year, value) of an indicator.
fn headline(e: &Evaluation, id: &str) -> Vec<(i32, Option<f64>)> {
    let r = e
        .get(id, "100")
        .unwrap_or_else(|| panic!("no result for {id}"));
    r.headline()
        .unwrap()
        .observations
        .iter()
        .map(|o| (o.year, o.value))
        .collect()
}

/// Rule 6: (12 - 11) / (11 - 11) in 2020 is a division by zero: a warning at the indicator's
/// computation, and no value, while 2019 gives (12 - 11) / (11 - 10) = 1 and 2021 gives
/// (15 - 12) / (12 - 11) = 3.
#[test]
fn rule_6_non_finite_formula_results_are_warnings_at_the_indicator() {
    let (_, stderr, e, _out) = eval_fixture("bounds");
    assert!(
        stderr.contains("warning[non-finite-value]: indicator `price-change-ratio`: the computation gives no finite number in 1 periods (2020: infinite)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("indicators/local/indicators.yaml:21:7"),
        "{stderr}"
    );
    assert_eq!(
        headline(&e, "price-change-ratio"),
        vec![(2019, Some(1.0)), (2020, None), (2021, Some(3.0))]
    );
}

/// Rule 7: 120 vaccinated of 100 children (data row 2 = line 3) and -3 (line 4) are errors at
/// their rows, for the ratio declared a proportion and for the share alike; their values are
/// left out, so the series keeps 40% (2019) and 60% (2022) only, and the run exits 1.
#[test]
fn rule_7_proportions_out_of_bounds_are_errors_at_the_data_row() {
    let (code, stderr, e, _out) = eval_fixture("bounds");
    assert_eq!(code, 1, "{stderr}");
    for id in ["vaccinated-share", "vaccinated-part"] {
        assert!(
            stderr.contains(&format!("error[count-out-of-bounds]: indicator `{id}`: the part (120) is larger than the whole (100), so the proportion is above 100% in 2020")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("error[count-out-of-bounds]: indicator `{id}`: a count cannot be negative (numerator -3, denominator 100) in 2021")),
            "{stderr}"
        );
        assert_eq!(
            headline(&e, id),
            vec![
                (2019, Some(40.0)),
                (2020, None),
                (2021, None),
                (2022, Some(60.0))
            ]
        );
    }
    assert!(stderr.contains("= at data/vaccinated.csv:3:1"), "{stderr}");
    assert!(stderr.contains("= at data/vaccinated.csv:4:1"), "{stderr}");
    assert_eq!(stderr.matches("error[count-out-of-bounds]").count(), 4);
}

/// Runs `localis eval` with a fixed publication date, for the assessment of a fixture.
fn assess_fixture(name: &str) -> (localis::assess::Assessment, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
        .args(["eval", "-q"])
        .arg(fixture(&format!("assess/{name}")))
        .arg("--output")
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(out.path().join("assessment.json")).unwrap();
    (serde_json::from_str(&text).unwrap(), out)
}

fn result<'a>(
    a: &'a localis::assess::Assessment,
    id: &str,
) -> &'a localis::assess::IndicatorAssessment {
    a.results.iter().find(|r| r.indicator == id).unwrap()
}

/// Rule 1: the law is 0 in 2010 and 1 from 2011: in place since 2011, met, with no growth rate
/// judged; the plan (0 until 2025, deadline 2027) is due; the office (deadline 2022) overdue in
/// 2025. None gets a progress status or score, and each is drawn as a milestone strip.
#[test]
fn rule_1_structural_indicators_are_in_place_or_not_against_their_deadline() {
    use localis::assess::{Category, StatusSource, TargetStatus};
    let (a, _out) = assess_fixture("truth");
    let law = result(&a, "law");
    let st = law.structural.as_ref().expect("binary");
    assert_eq!(
        (st.status, st.in_place, st.since, st.deadline),
        (TargetStatus::Met, true, Some(2011), None)
    );
    assert_eq!(
        (law.status, law.status_source),
        (Category::Achieved, StatusSource::Structural)
    );
    let plan = result(&a, "plan").structural.as_ref().unwrap();
    assert_eq!(
        (plan.status, plan.in_place, plan.deadline),
        (TargetStatus::Due, false, Some(2027))
    );
    let office = result(&a, "office").structural.as_ref().unwrap();
    assert_eq!(
        (office.status, office.deadline),
        (TargetStatus::Overdue, Some(2022))
    );
    for id in ["law", "plan", "office"] {
        assert!(
            result(&a, id).series.iter().all(|s| s.progress.is_empty()),
            "{id} has a growth-rate status"
        );
    }
    // the death rate is no structural indicator
    assert!(result(&a, "death-rate").structural.is_none());
    // drawn as a milestone strip, never a trend line
    let out = tempfile::tempdir().unwrap();
    let run = localis(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "chart",
            fixture("assess/truth").to_str().unwrap(),
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("charts/charts.json")).unwrap(),
    )
    .unwrap();
    let kind = |name: &str| {
        list["charts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["kind"].as_str().unwrap().to_string())
    };
    assert_eq!(kind("law").as_deref(), Some("milestones"));
    assert_eq!(kind("plan").as_deref(), Some("milestones"));
    assert_eq!(kind("death-rate").as_deref(), Some("time-series"));
    // Rule 8: the chart's source is the data's publisher, never the definition's library
    let svg = std::fs::read_to_string(out.path().join("charts/death-rate.svg")).unwrap();
    assert!(
        svg.contains("Source: Vital statistics, Health Department"),
        "{svg}"
    );
    assert!(!svg.contains("Handbook") && !svg.contains("Indicator Library"));
    let gap = std::fs::read_to_string(out.path().join("charts/death-rate.gap-race.svg")).unwrap();
    assert!(gap.contains("Source: Vital statistics, Health Department"));
}

/// Rules 2 and 3, by hand (deaths per 100,000):
/// - Race 2025: White 30 / 60,000 = 50.0, Black 80 / 30,000 = 266.7, Asian 0 / 800 = 0.0. The
///   Asian rate comes from 0 events (20 or fewer): unreliable, named but never compared, so
///   it is not "best off". The reference is the largest group, White (60,000). The gap is
///   216.7; in 2015 it was 133.3 - 50.0 = 83.3, so it grew by 133.3. Its uncertainty, from
///   Poisson errors sqrt(x) / n x 100,000 (about 29.8 and 9.1 in 2025, 21.1 and 9.1 in 2015),
///   is about 1.96 x 38.7 = 76: the gap widens beyond it.
/// - Sex 2025: 55 and 55 of 45,400 each: a gap of 0, measured to the declared reference Male.
///   In 2015 Female (30) was better off than Male (40), so the shortfall went from -22 to 0:
///   never "widening" at zero.
/// - Department (North, South) does not describe people: no gap.
/// - Both indicators read one dataset: the second one's gaps are the same and listed once.
#[test]
fn rules_2_and_3_gaps_between_groups_of_people_against_a_stated_reference() {
    use localis::assess::{GapTrend, ReferenceFrom};
    let (a, _out) = assess_fixture("truth");
    let r = result(&a, "death-rate");
    let dims: Vec<&str> = r
        .leaving_no_one_behind
        .iter()
        .map(|g| g.dimension.as_str())
        .collect();
    assert_eq!(
        dims,
        vec!["Race", "Sex"],
        "Department is not a group of people"
    );
    let race = &r.leaving_no_one_behind[0];
    assert_eq!(race.worst.group, "Black");
    assert_eq!(race.reference.group, "White");
    assert_eq!(race.reference_from, ReferenceFrom::Largest);
    assert!((race.gap_to_reference.difference - 216.666_666).abs() < 1e-3);
    assert_eq!(
        race.best_off.group, "White",
        "the zero rate of 0 events is never best off"
    );
    assert_eq!(race.unreliable.len(), 1);
    assert_eq!(race.unreliable[0].group, "Asian");
    assert_eq!(race.trend, GapTrend::Widening);
    assert!(!race.within_uncertainty);
    let sex = &r.leaving_no_one_behind[1];
    assert_eq!(sex.reference.group, "Male");
    assert_eq!(sex.reference_from, ReferenceFrom::Declared);
    assert_eq!(sex.gap_to_reference.difference, 0.0);
    assert!(sex.within_uncertainty);
    assert_ne!(sex.trend, GapTrend::Widening);
    // the same gap from the shared dataset is listed once in the publications' tables
    let stages = localis::publish::report::build::stages_from_assessment(&a, "100");
    let first = &stages.gaps[&("death-rate".to_string(), "Race".to_string())];
    let again = &stages.gaps[&("death-rate-again".to_string(), "Race".to_string())];
    assert_eq!(first.same_as, None);
    assert_eq!(again.same_as.as_deref(), Some("death-rate"));
    assert_eq!(first.reference_key, "gap-reference-largest");
    assert_eq!(first.unreliable, vec![("Asian".to_string(), 0.0)]);
}

/// Text of a PDF with runs of white space as one space (`layout`: in reading order of the
/// page, so that a label and its value in a grid stay side by side).
fn pdf_words(path: &Path, layout: bool) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(if layout { &["-layout"][..] } else { &[][..] })
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rule 5 and the sentence test: every generated statement of the public version and of the
/// accountability report of the demonstration, recomputed from the assessment (run here with
/// the library on the same project) and found word for word in the PDFs: the counts by the
/// dashboards' categories, how many measures have a target, each measure said to go well or
/// to get worse, each group said to fall behind, and the facts at a glance, the structural
/// commitments and the gaps of the accountability report.
#[test]
fn sentence_test_every_generated_statement_is_true_for_the_assessment() {
    use localis::assess::{Category, GapTrend, TargetDetail, TargetStatus};
    use localis::model::OhchrType;
    use localis::publish::charts::Tone;
    use localis::publish::report::build::{shown_status, stages_from_assessment, tone_name};
    use std::collections::{BTreeMap, BTreeSet};

    let root = crate::common::repo_root();
    // the publications, built by the binary into a temporary folder
    let out = tempfile::tempdir().unwrap();
    for item in ["localis.yaml", "data", "indicators"] {
        let status = std::process::Command::new("cp")
            .args(["-r"])
            .arg(root.join(item))
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    for template in ["public", "accountability"] {
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_localis"))
            .args(["report", "-q", "--template", template, "--lang", "en"])
            .arg(out.path())
            .env("SOURCE_DATE_EPOCH", "1764000000")
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    let public = pdf_words(&out.path().join("out/reports/public-en.pdf"), false);
    let account = pdf_words(&out.path().join("out/reports/accountability-en.pdf"), true);

    // the same assessment, with the library
    let mut ws = localis::load::load(out.path()).unwrap();
    let index = localis::pipeline::check_all(&mut ws);
    let (evaluation, stages) = localis::pipeline::evaluate_and_assess(&mut ws, &index).unwrap();
    let a = &stages.assessment;
    let place = ws.project().place.geocode.clone();
    let inputs = stages_from_assessment(a, &place);
    let by_id: BTreeMap<&str, &localis::assess::IndicatorAssessment> = a
        .results
        .iter()
        .filter(|r| r.place == place)
        .map(|r| (r.indicator.as_str(), r))
        .collect();
    let linked: Vec<&localis::model::Indicator> = ws
        .active
        .iter()
        .map(|x| &x.indicator)
        .filter(|i| !i.links.rights.is_empty())
        .collect();
    let rights: BTreeSet<&str> = linked
        .iter()
        .flat_map(|i| i.links.rights.iter().map(|r| r.right.as_str()))
        .collect();
    let has_value = |id: &str| {
        evaluation
            .get(id, &place)
            .and_then(|r| r.headline())
            .and_then(|h| h.latest())
            .is_some()
    };
    let must = |text: &str, what: &str, doc: &str| {
        assert!(doc.contains(what), "missing «{what}» in:\n{text}");
    };

    // -- public version --
    must(
        "public",
        &format!(
            "The city follows {} measures linked to {} human rights.",
            linked.len(),
            rights.len()
        ),
        &public,
    );
    let mut tones: BTreeMap<Tone, usize> = BTreeMap::new();
    for i in &linked {
        *tones
            .entry(shown_status(&inputs, &i.id, has_value(&i.id)).tone())
            .or_default() += 1;
    }
    assert_eq!(tones.values().sum::<usize>(), linked.len());
    for (tone, n) in &tones {
        let plural = *n != 1;
        let sentence = match tone_name(*tone) {
            "achieved" => format!(
                "{n} {} reached {} target.",
                if plural { "have" } else { "has" },
                if plural { "their" } else { "its" }
            ),
            "good" => format!("{n} {} on track.", if plural { "are" } else { "is" }),
            "fair" => format!(
                "{n} {} improving, but too slowly.",
                if plural { "are" } else { "is" }
            ),
            "poor" => format!("{n} {} barely moving.", if plural { "are" } else { "is" }),
            "bad" => format!(
                "{n} {} going the wrong way",
                if plural { "are" } else { "is" }
            ),
            "pending" => format!("{n} {} not done yet", if plural { "are" } else { "is" }),
            _ => format!("For {n}, we cannot tell yet."),
        };
        must("public counts", &sentence, &public);
    }
    let with_target = linked
        .iter()
        .filter(|i| {
            i.targets.iter().any(|t| {
                !matches!(
                    t,
                    localis::model::Target::NonRetrogression(_) | localis::model::Target::Bands(_)
                )
            })
        })
        .count();
    must(
        "public how",
        &format!("{with_target} of them have a target the city set"),
        &public,
    );
    must(
        "public how",
        &format!("The other {} have no target", linked.len() - with_target),
        &public,
    );
    assert!(!public.contains("Each measure is compared with the city's target"));
    // each measure said to go well, to get worse, each group said to fall behind
    let section = |from: &str, to: &str| -> Vec<String> {
        let start = public.find(from).unwrap_or_else(|| panic!("no «{from}»"));
        let end = public[start..].find(to).map_or(public.len(), |e| start + e);
        public[start..end]
            .split('■')
            .skip(1)
            .map(|s| s.trim().to_string())
            .collect()
    };
    let title_of = |item: &str, sep: &str| -> &localis::model::Indicator {
        linked
            .iter()
            .filter(|i| item.starts_with(&format!("{}{sep}", i.title.get("en"))))
            .max_by_key(|i| i.title.get("en").len())
            .copied()
            .unwrap_or_else(|| panic!("no indicator for «{item}»"))
    };
    let well = section("What is going well", "What is going badly");
    assert!(!well.is_empty());
    for item in &well {
        let c = by_id[title_of(item, ":").id.as_str()].status;
        assert!(
            matches!(c, Category::Achieved | Category::OnTrack),
            "{item}: {c:?}"
        );
    }
    for item in section("What is going badly", "Who is left behind") {
        let c = by_id[title_of(&item, ":").id.as_str()].status;
        assert_eq!(c, Category::Deterioration, "{item} is said to get worse");
    }
    for item in section("Who is left behind", "Where the money went") {
        let ind = title_of(&item, " (");
        let widening = by_id[ind.id.as_str()]
            .leaving_no_one_behind
            .iter()
            .find(|g| g.trend == GapTrend::Widening && item.contains(&g.worst.group))
            .unwrap_or_else(|| panic!("{item}: no widening gap of that group"));
        assert!(item.contains(&format!("({})", widening.year)), "{item}");
        assert!(item.contains(&widening.reference.group), "{item}");
    }

    // -- accountability report --
    must(
        "accountability glance",
        &format!(
            "Indicators linked to human rights {} on {} rights",
            linked.len(),
            rights.len()
        ),
        &account,
    );
    let mut milestones = 0;
    let mut met = 0;
    let mut overdue = 0;
    for r in by_id.values() {
        for t in &r.targets {
            if matches!(t.detail, TargetDetail::Milestone { .. })
                && t.status != TargetStatus::UnableToAssess
            {
                milestones += 1;
                met += usize::from(t.status == TargetStatus::Met);
                overdue += usize::from(t.status == TargetStatus::Overdue);
            }
        }
    }
    must(
        "accountability glance",
        &format!("Structural commitments met {met} of {milestones}"),
        &account,
    );
    must(
        "accountability structural",
        &format!(
            "The city has {milestones} structural commitments with a deadline: laws, plans, councils, offices and procedures. By 2025: in place, {met}; overdue, {overdue}."
        ),
        &account,
    );
    let outcomes: Vec<&&localis::model::Indicator> = linked
        .iter()
        .filter(|i| i.links.ohchr_type == Some(OhchrType::Outcome))
        .collect();
    let good = outcomes
        .iter()
        .filter(|i| {
            matches!(
                shown_status(&inputs, &i.id, has_value(&i.id)).tone(),
                Tone::Achieved | Tone::Good
            )
        })
        .count();
    must(
        "accountability glance",
        &format!(
            "Outcome indicators achieved or on track {good} of {}",
            outcomes.len()
        ),
        &account,
    );
    // gaps of the outcome indicators, each counted once
    let mut measured = BTreeSet::new();
    let mut widening = BTreeSet::new();
    for i in &outcomes {
        for g in by_id
            .get(i.id.as_str())
            .map(|r| r.leaving_no_one_behind.as_slice())
            .unwrap_or(&[])
        {
            let key = (
                g.dimension.clone(),
                g.year,
                g.worst.group.clone(),
                g.worst.value.to_bits(),
                g.reference.group.clone(),
                g.reference.value.to_bits(),
            );
            if g.trend == GapTrend::Widening {
                assert!(!g.within_uncertainty && g.gap_to_reference.difference != 0.0);
                widening.insert(key.clone());
            }
            measured.insert(key);
        }
    }
    must(
        "accountability glance",
        &format!(
            "Gaps between groups that widened {} of {}",
            widening.len(),
            measured.len()
        ),
        &account,
    );
    must(
        "accountability groups",
        &format!(
            "The assessment measured {} gaps between the worst-off group and a reference group",
            measured.len()
        ),
        &account,
    );
    must(
        "accountability groups",
        &format!(
            "{} of them are widening beyond their uncertainty",
            widening.len()
        ),
        &account,
    );
}
