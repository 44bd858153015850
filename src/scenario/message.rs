//! How a value appears in a message about a scenario. Used by the validator and by the
//! distributions' own checks, apart from both so that neither imports the other.

/// A number as a message shows it: `1e300` rather than three hundred digits.
pub fn num(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
