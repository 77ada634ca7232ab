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

/// Removes everything a suppressed cell held that could reveal it (its value, `Progress`
/// value, numerator and denominator); the period, status and comment stay.
pub(crate) fn clear(o: &mut Observation) {
    o.value = None;
    if let Some(d) = o.details.as_mut() {
        d.progress = None;
        d.numerator = None;
        d.denominator = None;
        if d.is_empty() {
            o.details = None;
        }
    }
}
