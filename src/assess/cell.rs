//! What the assess stage reads and clears in an observation, in one place.

use crate::evaluate::Observation;

/// The value replacing `value` for assessment only (`Progress` column).
pub(crate) fn progress(o: &Observation) -> Option<f64> {
    o.progress()
}

/// The count behind a ratio or share.
pub(crate) fn numerator(o: &Observation) -> Option<f64> {
    o.numerator()
}

/// The population behind a ratio or share.
pub(crate) fn denominator(o: &Observation) -> Option<f64> {
    o.denominator()
}
