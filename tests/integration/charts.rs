//! Charts drawn from fixture inputs: SVG snapshots, text alternatives in every language, determinism.

use std::path::{Path, PathBuf};

use localis::publish::charts::{
    About, Chart, ChartCache, ChartRenderer, ChartSize, RankedPlace, RankingChart,
};
use localis::publish::sentences::Sentences;

/// The languages every chart text is written in.
const LANGUAGES: [&str; 5] = ["en", "pt", "es", "de", "fr"];

fn fixtures() -> Vec<(String, Chart)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out: Vec<(String, Chart)> = paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(p).unwrap();
            let chart: Chart = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("fixture {name} is not a chart: {e}"));
            (name, chart)
        })
        .collect();
    out.push(("ranking-national".to_string(), national_ranking()));
    out
}

/// 5,570 places with scores falling from 92 to 8 (a made-up but realistic spread), 40 of
/// them without data, the 1,234th place highlighted.
fn national_ranking() -> Chart {
    let n = 5570usize;
    let places = (0..n)
        .map(|i| {
            let scored = i < n - 40;
            let t = i as f64 / (n - 40) as f64;
            let score = 92.0 - 84.0 * t.powf(0.8);
            RankedPlace {
                name: format!("Place {:04}", i + 1),
                score: scored.then_some((score * 10.0).round() / 10.0),
                rank: scored.then_some(i as u32 + 1),
            }
        })
        .collect();
    let mut places: Vec<RankedPlace> = places;
    places[1233].name = "Jardim do Sul".to_string();
    Chart::Ranking(RankingChart {
        about: About {
            title: "SDG Index of municipalities: distance to the 2030 targets".to_string(),
            unit: Some("score 0-100".to_string()),
            source: Some("SDSN method over 100 indicators".to_string()),
            decimals: 1,
        },
        places,
        highlight: 1233,
    })
}

/// Writes the SVGs and texts to `$LOCALIS_CHARTS_OUT`, when set, to look at them.
fn keep(name: &str, lang: &str, svg: &str, alt: &str) {
    if let Ok(dir) = std::env::var("LOCALIS_CHARTS_OUT") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.{lang}.svg")), svg).unwrap();
        std::fs::write(dir.join(format!("{name}.{lang}.txt")), alt).unwrap();
    }
}

#[test]
fn every_chart_kind_draws_as_reviewed() {
    let sentences = Sentences::builtin();
    let en = ChartRenderer::new(&sentences, "en").unwrap();
    for (name, chart) in fixtures() {
        let drawn = en.render(&chart).unwrap();
        keep(&name, "en", &drawn.svg, &drawn.alt);
        insta::assert_snapshot!(format!("svg-{name}"), drawn.svg);
    }
}

#[test]
fn a_chart_cache_gives_what_drawing_gives_and_keeps_only_what_the_last_build_used() {
    // what `localis watch` does across data edits: charts whose input did not change come
    // from the cache, byte for byte what drawing them gives
    let sentences = Sentences::builtin();
    let cache = ChartCache::default();
    let charts: Vec<(String, Chart)> = fixtures();
    let plain = ChartRenderer::new(&sentences, "en").unwrap();
    let cached = ChartRenderer::new(&sentences, "en")
        .unwrap()
        .with_cache(Some(&cache));
    for (name, chart) in &charts {
        assert_eq!(
            cached.render(chart).unwrap(),
            plain.render(chart).unwrap(),
            "{name}"
        );
    }
    cache.advance();
    assert_eq!(cache.len(), charts.len());
    // the next build: the same charts from the cache, one with other data drawn anew
    let edited = charts.iter().position(|(n, _)| n == "time-series").unwrap();
    let first = &charts[edited].1;
    let mut changed = first.clone();
    let Chart::TimeSeries(ts) = &mut changed else {
        panic!("the fixture `time-series` is a time series");
    };
    ts.about.title.push_str(" (edited)");
    for (i, (name, chart)) in charts.iter().enumerate() {
        if i != edited {
            assert_eq!(
                cached.render(chart).unwrap(),
                plain.render(chart).unwrap(),
                "{name}"
            );
        }
    }
    let redrawn = cached.render(&changed).unwrap();
    assert_eq!(redrawn, plain.render(&changed).unwrap());
    assert_ne!(redrawn, plain.render(first).unwrap());
    let other = (edited + 1) % charts.len();
    // another language or size is another chart
    let pt = ChartRenderer::new(&sentences, "pt")
        .unwrap()
        .with_cache(Some(&cache));
    let compact = ChartRenderer::new(&sentences, "en")
        .unwrap()
        .with_size(ChartSize::Compact)
        .with_cache(Some(&cache));
    for (lang, renderer) in [("pt", &pt), ("compact", &compact)] {
        let plain_other = match lang {
            "pt" => ChartRenderer::new(&sentences, "pt").unwrap(),
            _ => ChartRenderer::new(&sentences, "en")
                .unwrap()
                .with_size(ChartSize::Compact),
        };
        assert_eq!(
            renderer.render(&charts[other].1).unwrap(),
            plain_other.render(&charts[other].1).unwrap(),
            "{lang}"
        );
    }
    // this build used every chart (the time series as edited), plus two in another language
    // or size: the time series as it was is dropped
    cache.advance();
    assert_eq!(cache.len(), charts.len() + 2);
    cache.advance();
    assert!(cache.is_empty());
}

#[test]
fn every_chart_has_a_text_alternative_in_every_language() {
    let sentences = Sentences::builtin();
    for (name, chart) in fixtures() {
        let mut texts = String::new();
        for lang in LANGUAGES {
            let r = ChartRenderer::new(&sentences, lang).unwrap();
            let drawn = r.render(&chart).unwrap();
            assert!(
                !drawn.alt.is_empty(),
                "{name} in {lang}: no text alternative"
            );
            assert!(
                drawn.svg.contains("<title>"),
                "{name} in {lang}: no <title>"
            );
            if lang != "en" {
                keep(&name, lang, &drawn.svg, &drawn.alt);
            }
            texts.push_str(&format!("{lang}: {}\n", drawn.alt));
        }
        insta::assert_snapshot!(format!("alt-{name}"), texts);
    }
}

#[test]
fn the_text_alternative_states_the_latest_value_with_its_year_and_the_status() {
    let sentences = Sentences::builtin();
    let chart = fixtures()
        .into_iter()
        .find(|(n, _)| n == "time-series")
        .unwrap()
        .1;
    let expected = [
        ("en", "23.4%", "limited progress"),
        ("pt", "23,4%", "progresso limitado"),
        ("es", "23,4\u{A0}%", "progreso limitado"),
        ("de", "23,4\u{A0}%", "begrenzter Fortschritt"),
        ("fr", "23,4\u{202F}%", "progrès limités"),
    ];
    for (lang, value, status) in expected {
        let alt = ChartRenderer::new(&sentences, lang)
            .unwrap()
            .alt_text(&chart)
            .unwrap();
        assert!(alt.contains(value), "{lang}: `{alt}` lacks {value}");
        assert!(alt.contains("2023"), "{lang}: `{alt}` lacks the year");
        assert!(
            alt.to_lowercase().contains(&status.to_lowercase()),
            "{lang}: `{alt}` lacks the status {status}"
        );
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let sentences = Sentences::builtin();
    let first = ChartRenderer::new(&sentences, "de").unwrap();
    let other_sentences = Sentences::builtin();
    let second = ChartRenderer::new(&other_sentences, "de").unwrap();
    for (name, chart) in fixtures() {
        let a = first.render(&chart).unwrap();
        let b = second.render(&chart).unwrap();
        let c = first.render(&chart).unwrap();
        assert_eq!(a, b, "{name}: two renderers differ");
        assert_eq!(a, c, "{name}: two renders differ");
    }
}

#[test]
fn text_is_svg_text_in_the_embedded_family_only() {
    let sentences = Sentences::builtin();
    let en = ChartRenderer::new(&sentences, "en").unwrap();
    for (name, chart) in fixtures() {
        let svg = en.render(&chart).unwrap().svg;
        assert!(svg.contains("<text"), "{name}: no SVG text");
        for part in svg.split("font-family=\"").skip(1) {
            let family = part.split('"').next().unwrap();
            assert_eq!(family, "Noto Sans", "{name}: names the family `{family}`");
        }
        assert!(!svg.contains("<path"), "{name}: text turned into outlines");
    }
}

#[test]
fn a_missing_value_breaks_the_line_instead_of_being_bridged() {
    let sentences = Sentences::builtin();
    let en = ChartRenderer::new(&sentences, "en").unwrap();
    let mut chart: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts/time-series.json"),
        )
        .unwrap(),
    )
    .unwrap();
    chart["target"] = serde_json::Value::Null;
    chart["baseline"] = serde_json::Value::Null;
    let with_gap: Chart = serde_json::from_value(chart.clone()).unwrap();
    // the fixture lacks 2020: the observed line is drawn as two polylines
    let svg = en.render(&with_gap).unwrap().svg;
    let thick = svg.matches("stroke-width=\"3\" points=").count();
    assert_eq!(thick, 2, "the line should break at the missing year");
    chart["series"][0]["points"][5]["value"] = serde_json::json!(25.5);
    let without_gap: Chart = serde_json::from_value(chart).unwrap();
    let svg = en.render(&without_gap).unwrap().svg;
    assert_eq!(svg.matches("stroke-width=\"3\" points=").count(), 1);
}

#[test]
fn a_bad_chart_input_is_a_clear_error() {
    let err = serde_json::from_str::<Chart>(
        r#"{"kind": "time-series", "about": {"title": "x"}, "series": [], "targte": null}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("targte"), "{err}");
    let err = serde_json::from_str::<Chart>(r#"{"kind": "pie"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("pie"), "{err}");
}

/// The number in an attribute `name="…"` of an SVG element's opening tag.
fn svg_number(tag: &str, name: &str) -> f64 {
    let key = format!(" {name}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let to = from + tag[from..].find('"').expect("a closing quote");
    tag[from..to]
        .parse()
        .unwrap_or_else(|_| panic!("{name} in {tag}"))
}

/// A latest value on the axis (a run of zeros) is labelled just above the axis, on a patch of
/// paper that stops the grid lines: the axis line never strikes through its figures and is
/// never cut.
#[test]
fn a_latest_value_on_the_axis_is_labelled_just_above_it() {
    let (_, chart) = fixtures()
        .into_iter()
        .find(|(name, _)| name == "time-series-zeros")
        .expect("the fixture of zeros");
    let sentences = Sentences::builtin();
    let svg = ChartRenderer::new(&sentences, "en")
        .unwrap()
        .render(&chart)
        .unwrap()
        .svg;
    // the axis: the first horizontal line drawn in the axis colour
    let axis = svg
        .split('<')
        .filter(|e| e.starts_with("polyline") && e.contains("stroke=\"#8C8C8C\""))
        .find_map(|e| {
            let from = e.find("points=\"")? + "points=\"".len();
            let ys: Vec<f64> = e[from..]
                .split(['"', ' '])
                .take_while(|p| p.contains(','))
                .filter_map(|p| p.split(',').nth(1)?.parse().ok())
                .collect();
            (ys.len() == 2 && ys[0] == ys[1]).then_some(ys[0])
        })
        .expect("an axis line");
    let at = svg.find("0 (2019)").expect("the latest value's label");
    let tag = &svg[svg[..at].rfind("<text").expect("its text element")..at];
    let (y, size) = (svg_number(tag, "y"), svg_number(tag, "font-size"));
    // the baseline is half an x-height below `y`; brackets reach a sixth of the size below it
    let lowest = y + 0.27 * size + 0.17 * size;
    assert!(lowest < axis, "label down to {lowest}, axis at {axis}");
    let (patch_top, patch_height) = svg
        .split('<')
        .filter(|e| e.starts_with("rect") && e.contains("fill=\"#FFFFFF\""))
        .map(|e| (svg_number(e, "y"), svg_number(e, "height")))
        .find(|(top, height)| *top <= y && y <= top + height && *height < 40.0)
        .expect("a patch of paper behind the label");
    assert!(
        patch_top + patch_height < axis,
        "patch down to {}, axis at {axis}",
        patch_top + patch_height
    );
}
