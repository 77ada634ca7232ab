//! Charts as SVG with plotters: every figure a VLR and an accountability report need, each with its text alternative.
//!
//! Charts draw from the plain inputs of [`input`] and never compute. Every chart uses the
//! Okabe-Ito palette with a second cue (marker shape, dash or a direct label; maps use a
//! sequential ramp falling in lightness, with hatching for no data, see [`map`]), names the
//! embedded "Noto Sans" family for its text (left as SVG text, so typst sets it with the same
//! font), carries its text alternative in `<title>`, and has the same bytes for the same
//! inputs.

pub mod draw;
pub mod input;
mod layout;
mod lines;
pub mod map;
mod others;
pub mod style;

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

pub use input::*;
pub use style::{Status, Theme, Tone};

use super::format::NumberFormat;
use super::sentences::{Labels, SentenceError, Sentences};
use draw::DrawError;

/// The width of every chart in pixels (a text column of A4 at about 0.63 pt a pixel).
pub(crate) const WIDTH: u32 = 720;

/// The width of a compact chart in pixels (half a text column of A4 at about 0.63 pt a pixel).
pub(crate) const COMPACT_WIDTH: u32 = 400;

/// How large charts are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChartSize {
    /// A chart that stands on its own: the text width of A4, with its title, status, unit
    /// and source.
    #[default]
    Full,
    /// A time series or a map for a report that sets the title, status, unit and source
    /// beside it: [`COMPACT_WIDTH`] pixels wide, printed at about half the text width so that
    /// its text stays at 7 to 8 points. Other kinds are drawn at full size.
    Compact,
}

/// The file, under the language folder, of the chart text alternatives.
pub(crate) const ALT_TEMPLATE: &str = "charts.j2";

/// A chart of any kind, tagged by `kind` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Chart {
    /// An indicator over time with baseline, target and trajectory.
    TimeSeries(TimeSeriesChart),
    /// An indicator by the groups of one dimension.
    Disaggregation(DisaggregationChart),
    /// The worst-off against the best-off group and the total.
    Gap(GapChart),
    /// Tiles with counts by status.
    Dashboard(DashboardChart),
    /// Progress made against progress needed per goal.
    Progress(ProgressChart),
    /// A timeline of milestones.
    Milestones(MilestonesChart),
    /// Spending by right or SDG over time, nominal and real.
    Budget(BudgetChart),
    /// Budget execution rates.
    Execution(ExecutionChart),
    /// Distance-to-target ranking across places.
    Ranking(RankingChart),
    /// An indicator by area: a classed choropleth.
    Map(MapChart),
    /// A place within its region.
    Locator(LocatorChart),
}

impl Chart {
    /// The kebab-case name of the kind, as in JSON and in the sentence templates.
    pub fn kind(&self) -> &'static str {
        match self {
            Chart::TimeSeries(_) => "time-series",
            Chart::Disaggregation(_) => "disaggregation",
            Chart::Gap(_) => "gap",
            Chart::Dashboard(_) => "dashboard",
            Chart::Progress(_) => "progress",
            Chart::Milestones(_) => "milestones",
            Chart::Budget(_) => "budget",
            Chart::Execution(_) => "execution",
            Chart::Ranking(_) => "ranking",
            Chart::Map(_) => "map",
            Chart::Locator(_) => "locator",
        }
    }

    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::TimeSeries(c) => &c.about.title,
            Chart::Disaggregation(c) => &c.about.title,
            Chart::Gap(c) => &c.about.title,
            Chart::Dashboard(c) => &c.title,
            Chart::Progress(c) => &c.title,
            Chart::Milestones(c) => &c.title,
            Chart::Budget(c) => &c.about.title,
            Chart::Execution(c) => &c.about.title,
            Chart::Ranking(c) => &c.about.title,
            Chart::Map(c) => &c.about.title,
            Chart::Locator(c) => &c.title,
        }
    }
}

/// What the text alternative template gets as `data`: the chart, and for dashboards the
/// counts of all tiles together (`data.totals`, `data.indicators`).
#[derive(Serialize)]
struct AltData<'c> {
    #[serde(flatten)]
    chart: &'c Chart,
    #[serde(flatten)]
    totals: Option<Totals>,
}

/// The counts of a dashboard's tiles added up, by status in tone order.
#[derive(Serialize)]
struct Totals {
    totals: Vec<StatusCount>,
    indicators: u32,
}

/// The counts of a dashboard's tiles added up (what the dashboard shows, summarised).
fn totals(chart: &Chart) -> Option<Totals> {
    let Chart::Dashboard(d) = chart else {
        return None;
    };
    let mut by_status: std::collections::BTreeMap<(Tone, Status), u32> = Default::default();
    for t in &d.tiles {
        for c in &t.counts {
            *by_status.entry((c.status.tone(), c.status)).or_default() += c.count;
        }
    }
    let totals: Vec<StatusCount> = by_status
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|((_, status), count)| StatusCount { status, count })
        .collect();
    let indicators = totals.iter().map(|t| t.count).sum();
    Some(Totals { totals, indicators })
}

/// A drawn chart: the SVG and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedChart {
    /// The SVG document.
    pub svg: String,
    /// One or two sentences stating what the chart shows.
    pub alt: String,
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The text alternative or a fixed word failed to render.
    #[error(transparent)]
    Sentence(#[from] SentenceError),
    /// plotters failed.
    #[error(transparent)]
    Draw(#[from] DrawError),
}

/// Draws charts in one language.
pub struct ChartRenderer<'a> {
    sentences: &'a Sentences,
    ctx: Ctx,
    cache: Option<&'a ChartCache>,
}

/// Charts drawn before, by what they were drawn from (the chart, its map's id, its language
/// and size). `localis watch` keeps one across the rebuilds after data edits and drops it
/// when anything else changes (labels, sentences, fonts, maps), so that only the charts whose
/// data changed are drawn again: with the words and boundaries unchanged, a chart from the
/// cache is the one drawing would give.
#[derive(Debug, Default)]
pub struct ChartCache {
    /// Charts of the previous build, by key.
    previous: Mutex<HashMap<u128, RenderedChart>>,
    /// Charts of this build, by key.
    current: Mutex<HashMap<u128, RenderedChart>>,
}

impl ChartCache {
    /// Ends a build: what it drew is kept for the next one, what it did not use is dropped.
    pub fn advance(&self) {
        let current = std::mem::take(&mut *lock(&self.current));
        *lock(&self.previous) = current;
    }

    /// How many charts are kept: those of the last build that this build has not used yet,
    /// and those it has drawn or reused.
    pub fn len(&self) -> usize {
        lock(&self.previous).len() + lock(&self.current).len()
    }

    /// Whether no chart is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: u128) -> Option<RenderedChart> {
        if let Some(found) = lock(&self.current).get(&key) {
            return Some(found.clone());
        }
        // moved, not copied: a chart is held once
        let found = lock(&self.previous).remove(&key)?;
        lock(&self.current).insert(key, found.clone());
        Some(found)
    }

    fn insert(&self, key: u128, drawn: &RenderedChart) {
        lock(&self.current).insert(key, drawn.clone());
    }
}

/// The map behind a lock, also after a thread panicked holding it (the maps stay whole).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key of a chart drawn in a language at a size: a 128-bit hash of all three.
fn chart_key(chart: &Chart, lang: &str, size: ChartSize) -> Option<u128> {
    use std::hash::Hasher;
    struct Hashing<'h>(&'h mut siphasher::sip128::SipHasher13);
    impl std::io::Write for Hashing<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(lang.as_bytes());
    hasher.write_u8(0);
    hasher.write_u8(size as u8);
    // a map's boundaries are not in its JSON: their map's id stands for them
    if let Chart::Map(MapChart { geometry, .. }) | Chart::Locator(LocatorChart { geometry, .. }) =
        chart
    {
        hasher.write(geometry.0.id.as_bytes());
    }
    hasher.write_u8(0);
    serde_json::to_writer(Hashing(&mut hasher), chart).ok()?;
    Some(siphasher::sip128::Hasher128::finish128(&hasher).as_u128())
}

impl std::fmt::Debug for ChartRenderer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartRenderer")
            .field("lang", &self.ctx.lang)
            .field("size", &self.ctx.size)
            .finish()
    }
}

/// What drawing needs besides the chart: the language's words and number format.
pub(crate) struct Ctx {
    /// The language code.
    pub lang: String,
    /// Fixed words.
    pub labels: Labels,
    /// Number format.
    pub format: NumberFormat,
    /// How large charts are drawn.
    pub size: ChartSize,
}

impl Ctx {
    /// The word for `key`.
    pub(crate) fn word(&self, key: &str) -> String {
        self.labels.get(key)
    }

    /// A value with the chart's unit and decimals.
    pub(crate) fn value(&self, v: f64, about: &About) -> String {
        self.format
            .with_unit(v, about.decimals, about.unit.as_deref())
    }

    /// A value with the unit only when it is `%` (for labels next to an axis of that unit).
    pub(crate) fn short_value(&self, v: f64, about: &About) -> String {
        if about.unit.as_deref().map(str::trim) == Some("%") {
            self.format.percent(v, about.decimals)
        } else {
            self.format.number(v, about.decimals)
        }
    }

    /// The period of a dated value: as written in the data, or its year.
    pub(crate) fn period(&self, d: &Dated) -> String {
        d.period.clone().unwrap_or_else(|| self.format.year(d.year))
    }
}

impl<'a> ChartRenderer<'a> {
    /// A renderer for `lang`, with the fixed words of that language.
    pub fn new(sentences: &'a Sentences, lang: &str) -> Result<Self, ChartError> {
        Ok(ChartRenderer {
            sentences,
            ctx: Ctx {
                lang: lang.to_string(),
                labels: sentences.labels(lang)?,
                format: NumberFormat::for_language(lang),
                size: ChartSize::Full,
            },
            cache: None,
        })
    }

    /// The same renderer taking charts drawn before from `cache` (and keeping there what it
    /// draws).
    pub fn with_cache(mut self, cache: Option<&'a ChartCache>) -> Self {
        self.cache = cache;
        self
    }

    /// The same renderer drawing charts at `size`.
    pub fn with_size(mut self, size: ChartSize) -> Self {
        self.ctx.size = size;
        self
    }

    /// The fixed words of the renderer's language (chart titles, status names).
    pub fn labels(&self) -> &Labels {
        &self.ctx.labels
    }

    /// The text alternative of a chart.
    pub fn alt_text(&self, chart: &Chart) -> Result<String, ChartError> {
        Ok(self.sentences.render(
            &self.ctx.lang,
            ALT_TEMPLATE,
            chart.kind(),
            &AltData {
                chart,
                totals: totals(chart),
            },
            &self.ctx.labels,
        )?)
    }

    /// Draws a chart and writes its text alternative (or takes both from the cache, if any).
    pub fn render(&self, chart: &Chart) -> Result<RenderedChart, ChartError> {
        let Some(cache) = self.cache else {
            return self.draw(chart);
        };
        let Some(key) = chart_key(chart, &self.ctx.lang, self.ctx.size) else {
            return self.draw(chart);
        };
        if let Some(drawn) = cache.get(key) {
            return Ok(drawn);
        }
        let drawn = self.draw(chart)?;
        cache.insert(key, &drawn);
        Ok(drawn)
    }

    /// Draws a chart: its text alternative, then its SVG.
    fn draw(&self, chart: &Chart) -> Result<RenderedChart, ChartError> {
        let alt = self.alt_text(chart)?;
        let ctx = &self.ctx;
        let svg = match chart {
            Chart::TimeSeries(c) => lines::time_series(c, ctx, &alt)?,
            Chart::Disaggregation(c) => lines::disaggregation(c, ctx, &alt)?,
            Chart::Gap(c) => lines::gap(c, ctx, &alt)?,
            Chart::Budget(c) => lines::budget(c, ctx, &alt)?,
            Chart::Dashboard(c) => others::dashboard(c, ctx, &alt)?,
            Chart::Progress(c) => others::progress(c, ctx, &alt)?,
            Chart::Milestones(c) => others::milestones(c, ctx, &alt)?,
            Chart::Execution(c) => others::execution(c, ctx, &alt)?,
            Chart::Ranking(c) => others::ranking(c, ctx, &alt)?,
            Chart::Map(c) => map::choropleth(c, ctx, &alt)?,
            Chart::Locator(c) => map::locator(c, ctx, &alt)?,
        };
        Ok(RenderedChart { svg, alt })
    }
}
