//! Incentives that feed back (MODEL.md, "Incentives that feed back"; seeds 002 and 003)
//! and the pressure sanctions put on the regime: pure functions of last month's state.
//!
//! - The hostage incentive: the price the last deal paid per prisoner raises the arrest
//!   rate (002: relief for limited releases "incentivizes the regime to continue hostage
//!   bargaining").
//! - Sanctions and repression: last month's net sanctions cost raises it too (Peksen 2009,
//!   Wood 2008).
//! - Pressure: the same cost makes the regime release more and ask less (its
//!   `sanctions_sensitivity`).
//! - Russia's cushion: the share of the cost Moscow covers, smaller after a ceasefire (001).
//!
//! The engine keeps the state (last price, last cost, the ceasefire) and the order of
//! events; this module owns the formulas.

use crate::scenario::{PatronParams, Prisoners, Regime};

/// The factor on the usual arrest rate from the hostage incentive and from
/// sanctions-driven repression: `(1 + e_h p / p_ref) (1 + e_s c / c_ref)`, with `p` the
/// relief per prisoner of the last deal and `c` last month's net sanctions cost. 1 when
/// neither elasticity is set or nothing has happened yet.
pub fn arrest_multiplier(prisoners: &Prisoners, last_price: f64, last_cost: f64) -> f64 {
    let p = prisoners;
    (1.0 + p.hostage_elasticity * last_price / p.hostage_reference_price)
        * (1.0 + p.sanctions_repression_elasticity * last_cost / p.sanctions_reference_cost)
}

/// The extra arrests a month in month `m` from repression waves, re-arrests and
/// crackdowns: the sum of the rates of the surges `(first month, month after the last,
/// rate)` under way (those that have begun; the caller drops those that have ended).
pub fn surge_rate(surges: &[(u32, u32, f64)], m: u32) -> f64 {
    surges
        .iter()
        .filter(|(first, _, _)| *first <= m)
        .map(|(_, _, r)| r)
        .sum()
}

/// A class's Poisson arrest rate a month: `(usual + extra) share multiplier`, saturating
/// at `cap share`. An unbounded rate (a tiny reference price, a huge wave) would run for
/// ever, or exceed what a Poisson draw can give and arrest no one; a NaN rate (0 times an
/// infinite factor) arrests no one.
pub fn class_arrest_rate(usual: f64, extra: f64, share: f64, multiplier: f64, cap: f64) -> f64 {
    let rate = (usual + extra) * share * multiplier;
    let cap = cap * share;
    if rate.is_nan() { 0.0 } else { rate.min(cap) }
}

/// How much last month's net sanctions cost moves the regime, `1 + s c / c_ref`: 1 when
/// it does not. Releases are scaled up by it and the regime's ask down.
pub fn pressure(regime: &Regime, reference_cost: f64, last_cost: f64) -> f64 {
    1.0 + regime.sanctions_sensitivity * last_cost / reference_cost
}

/// The share of the sanctions cost Russia covers: `cushion_share` while the war goes on,
/// `cushion_share_after_ceasefire` after (001).
pub fn cushion(russia: &PatronParams, ceasefire: bool) -> f64 {
    if ceasefire {
        russia.cushion_share_after_ceasefire
    } else {
        russia.cushion_share
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn baseline() -> Scenario {
        Scenario::bundled("baseline").expect("bundled baseline")
    }

    #[test]
    fn no_price_and_no_cost_leave_the_arrest_rate_alone() {
        let mut p = baseline().prisoners;
        p.hostage_elasticity = 0.7;
        p.sanctions_repression_elasticity = 0.3;
        assert_eq!(arrest_multiplier(&p, 0.0, 0.0), 1.0);
    }

    #[test]
    fn arrest_multiplier_is_the_product_of_the_two_feedbacks() {
        let mut p = baseline().prisoners;
        p.hostage_elasticity = 0.5;
        p.hostage_reference_price = 2.0;
        p.sanctions_repression_elasticity = 0.25;
        p.sanctions_reference_cost = 100.0;
        // A price at the reference raises arrests by half; a cost of twice the reference
        // by another half: 1.5 * 1.5.
        assert_eq!(arrest_multiplier(&p, 2.0, 200.0), 2.25);
        p.sanctions_repression_elasticity = 0.0;
        assert_eq!(arrest_multiplier(&p, 4.0, 200.0), 2.0);
    }

    #[test]
    fn surges_count_from_their_first_month() {
        let surges = [(0, 3, 10.0), (2, 5, 4.0), (4, 6, 1.0)];
        assert_eq!(surge_rate(&surges, 0), 10.0);
        assert_eq!(surge_rate(&surges, 2), 14.0);
        assert_eq!(surge_rate(&surges, 4), 15.0);
        assert_eq!(surge_rate(&[], 4), 0.0);
    }

    #[test]
    fn class_rate_scales_by_share_and_saturates_at_the_cap() {
        assert_eq!(class_arrest_rate(40.0, 10.0, 0.5, 2.0, 1e6), 50.0);
        assert_eq!(class_arrest_rate(40.0, 10.0, 0.5, 1e12, 1e6), 5e5);
        assert_eq!(class_arrest_rate(40.0, 0.0, 0.0, f64::INFINITY, 1e6), 0.0);
    }

    #[test]
    fn pressure_rises_with_cost_in_proportion_to_sensitivity() {
        let mut r = baseline().regime;
        r.sanctions_sensitivity = 0.0;
        assert_eq!(pressure(&r, 300.0, 600.0), 1.0);
        r.sanctions_sensitivity = 0.5;
        assert_eq!(pressure(&r, 300.0, 600.0), 2.0);
        assert_eq!(pressure(&r, 300.0, 0.0), 1.0);
    }

    #[test]
    fn the_cushion_shrinks_after_a_ceasefire() {
        let russia = baseline().russia;
        assert_eq!(cushion(&russia, false), russia.cushion_share);
        assert_eq!(cushion(&russia, true), russia.cushion_share_after_ceasefire);
        assert!(cushion(&russia, true) < cushion(&russia, false));
    }
}
