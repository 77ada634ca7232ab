//! The privacy stage: small cells of the evaluation suppressed, once, before anything is assessed, drawn or written.
//!
//! The rules are in [`cells`]. The stage runs between evaluation and assessment, on the
//! whole evaluation or window by window (a window holds the indicators that share
//! suppressions, see [`Privacy::reach`]); the assessment then reads the evaluation as it is.

pub mod cells;

pub use cells::{CountSource, IndicatorPrivacy};
pub(crate) use cells::{describe, reach};

use crate::evaluate::Evaluation;
use crate::load::Workspace;

/// The privacy rules of a project's active indicators: what each counts and the smallest
/// count that may be shown.
#[derive(Debug, Clone)]
pub struct Privacy {
    indicators: Vec<IndicatorPrivacy>,
    minimum_count: u32,
}

impl Privacy {
    /// The rules of the active indicators of `ws` (in their order) and its minimum count.
    pub fn new(ws: &Workspace) -> Privacy {
        let active: Vec<&crate::model::Indicator> =
            ws.active.iter().map(|a| &a.indicator).collect();
        Privacy {
            indicators: describe(&active),
            minimum_count: ws.project().privacy.minimum_count,
        }
    }

    /// What each active indicator counts, in the order of the workspace's active indicators.
    pub fn indicators(&self) -> &[IndicatorPrivacy] {
        &self.indicators
    }

    /// For each active indicator, the last position of the window it must share with the
    /// indicators it shares suppressions with.
    pub fn reach(&self) -> Vec<usize> {
        reach(&self.indicators)
    }

    /// Suppresses the small cells of `eval` (primary, secondary and across indicators) and
    /// clears what they held; returns how many cells are suppressed.
    pub fn suppress(&self, eval: &mut Evaluation) -> usize {
        cells::suppress(eval, &self.indicators, self.minimum_count)
    }
}
