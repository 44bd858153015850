//! Incentives that feed back (MODEL.md, "Incentives that feed back"; seeds 002 and 003)
//! and the pressure sanctions put on the regime: pure functions of last month's state.
//!
//! - The hostage incentive ([`Hostage`]): the relief a prisoner is expected to fetch raises
//!   the arrest rate, and every prisoner traded brings more arrests, bounded per prisoner
//!   traded and fading (002: relief for limited releases "incentivizes the regime to
//!   continue hostage bargaining").
//! - Sanctions and repression: last month's net sanctions cost raises it too (Peksen 2009,
//!   Wood 2008).
//! - Pressure: the same cost makes the regime release more and ask less (its
//!   `sanctions_sensitivity`).
//! - Russia's cushion: the share of the cost Moscow covers, smaller after a ceasefire (001).
//!
//! The engine keeps the state (the hostage expectation, last cost, the ceasefire) and the
//! order of events; this module owns the formulas.

use crate::scenario::{PatronParams, Prisoners, Regime};

/// The factor on the arrest rate from sanctions-driven repression: `1 + e_s c / c_ref`,
/// with `c` last month's net sanctions cost. 1 when the elasticity is 0 or nothing has been
/// spent yet.
pub fn repression_multiplier(prisoners: &Prisoners, last_cost: f64) -> f64 {
    let p = prisoners;
    1.0 + p.sanctions_repression_elasticity * last_cost / p.sanctions_reference_cost
}

/// The hostage incentive (002, 003; Brandt, George & Sandler 2016): what the regime has
/// learned a prisoner fetches, and the arrests that trading prisoners brings.
///
/// - The *expected price* is the relief a month the last deal delivered per prisoner
///   freed (measures actually lifted, not the price agreed; 0 if all of it was withheld),
///   fading by half every
///   `hostage_half_life_months`. Arrests rise by `hostage_elasticity` of the usual rate per
///   `hostage_reference_price` of it.
/// - The *volume*: each prisoner traded adds `hostage_arrests_per_prisoner` arrests, made
///   as the expectation fades (half of them within a half-life).
/// - The *bound*: the hostage arrests expected over the run never exceed
///   `hostage_max_arrests_per_prisoner` per prisoner traded, whatever the price or the
///   size of the deals (the literature's order is about one more taken per one traded).
///
/// ```
/// use leverage::model::feedback::Hostage;
/// use leverage::scenario::Scenario;
///
/// let mut p = Scenario::bundled("baseline").unwrap().prisoners;
/// p.hostage_elasticity = 0.5;
/// p.hostage_reference_price = 0.1;
/// p.hostage_arrests_per_prisoner = 0.0;
/// p.hostage_max_arrests_per_prisoner = 1.0;
/// p.hostage_half_life_months = f64::INFINITY;
/// let mut h = Hostage::new(&p);
/// // Nothing traded: no hostage arrests.
/// assert_eq!(h.month_rate(&p, 50.0), 0.0);
/// // 10 freed for 0.2 a month each: arrests rise by 0.5 x 0.2 / 0.1 = 100% of the usual 50,
/// // until the 10 x 1.0 arrests the bound allows are spent.
/// h.traded(&p, 10, 2.0);
/// assert_eq!(h.month_rate(&p, 50.0), 10.0);
/// assert_eq!(h.month_rate(&p, 50.0), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hostage {
    /// Relief a month the regime expects a prisoner to fetch, USD millions.
    pub expected_price: f64,
    /// The share of the expectation, and of what is owed, left after a month.
    keep: f64,
    /// Arrests owed to the volume traded, still to come.
    owed: f64,
    /// Hostage arrests the bound still allows.
    allowance: f64,
}

impl Hostage {
    /// Nothing traded yet, under `p`'s half-life.
    pub fn new(p: &Prisoners) -> Self {
        Hostage {
            expected_price: 0.0,
            keep: fade(p.hostage_half_life_months),
            owed: 0.0,
            allowance: 0.0,
        }
    }

    /// A deal freed `released` prisoners and delivered `relief` USD millions a month of
    /// relief for them (0 if every member withheld it).
    pub fn traded(&mut self, p: &Prisoners, released: u64, relief: f64) {
        if released == 0 {
            return;
        }
        let n = released as f64;
        self.expected_price = relief / n;
        self.owed += p.hostage_arrests_per_prisoner * n;
        self.allowance += p.hostage_max_arrests_per_prisoner * n;
    }

    /// The hostage arrests expected this month, with `usual` arrests a month otherwise;
    /// then the month passes: the expectation and what is owed fade, and the allowance is
    /// spent.
    pub fn month_rate(&mut self, p: &Prisoners, usual: f64) -> f64 {
        if self.allowance <= 0.0 {
            return 0.0;
        }
        let keep = self.keep;
        let price = usual * p.hostage_elasticity * self.expected_price / p.hostage_reference_price;
        let volume = self.owed * (1.0 - keep);
        let rate = (price + volume).min(self.allowance);
        // NaN (an infinite price times 0) arrests no one.
        let rate = if rate.is_nan() { 0.0 } else { rate.max(0.0) };
        self.allowance -= rate;
        self.owed -= volume;
        self.expected_price *= keep;
        rate
    }
}

/// The share of a quantity with half-life `months` left after a month: 1 when it never
/// fades.
fn fade(months: f64) -> f64 {
    if months.is_infinite() {
        1.0
    } else {
        0.5f64.powf(1.0 / months)
    }
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

/// A class's Poisson arrest rate a month: `((usual + extra) multiplier + hostage) share`,
/// saturating at `cap share`. An unbounded rate (a tiny reference cost, a huge wave) would
/// run for ever, or exceed what a Poisson draw can give and arrest no one; a NaN rate (0
/// times an infinite factor) arrests no one.
pub fn class_arrest_rate(
    usual: f64,
    extra: f64,
    hostage: f64,
    share: f64,
    multiplier: f64,
    cap: f64,
) -> f64 {
    let rate = ((usual + extra) * multiplier + hostage) * share;
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
    fn no_cost_leaves_the_arrest_rate_alone_and_the_multiplier_grows_with_it() {
        let mut p = baseline().prisoners;
        p.sanctions_repression_elasticity = 0.25;
        p.sanctions_reference_cost = 100.0;
        assert_eq!(repression_multiplier(&p, 0.0), 1.0);
        // Twice the reference cost: half as many more arrests.
        assert_eq!(repression_multiplier(&p, 200.0), 1.5);
    }

    fn hostage(elasticity: f64, volume: f64, bound: f64, half_life: f64) -> Prisoners {
        let mut p = baseline().prisoners;
        p.hostage_elasticity = elasticity;
        p.hostage_reference_price = 0.1;
        p.hostage_arrests_per_prisoner = volume;
        p.hostage_max_arrests_per_prisoner = bound;
        p.hostage_half_life_months = half_life;
        p
    }

    /// The hostage arrests expected over `months` after one deal of `n` at `price` a
    /// prisoner, 50 usual arrests a month.
    fn after_one_deal(p: &Prisoners, n: u64, price: f64, months: usize) -> f64 {
        let mut h = Hostage::new(p);
        h.traded(p, n, price * n as f64);
        (0..months).map(|_| h.month_rate(p, 50.0)).sum()
    }

    #[test]
    fn nothing_traded_brings_no_hostage_arrests() {
        let p = hostage(0.7, 1.0, 2.0, 12.0);
        let mut h = Hostage::new(&p);
        assert!((0..24).all(|_| h.month_rate(&p, 50.0) == 0.0));
        // A deal in which no one was freed teaches nothing.
        h.traded(&p, 0, 5.0);
        assert_eq!(h, Hostage::new(&p));
    }

    #[test]
    fn the_expected_price_fades_by_half_every_half_life() {
        let p = hostage(0.5, 0.0, 1e6, 6.0);
        let mut h = Hostage::new(&p);
        h.traded(&p, 100, 10.0);
        assert_eq!(h.expected_price, 0.1);
        let first = h.month_rate(&p, 50.0);
        // 50 x 0.5 x 0.1 / 0.1.
        assert!((first - 25.0).abs() < 1e-12);
        for _ in 1..6 {
            h.month_rate(&p, 50.0);
        }
        assert!(
            (h.expected_price - 0.05).abs() < 1e-12,
            "{}",
            h.expected_price
        );
        assert!((h.month_rate(&p, 50.0) - 12.5).abs() < 1e-9);
    }

    #[test]
    fn the_volume_traded_is_owed_in_full_as_it_fades() {
        // One more arrest per prisoner traded, whatever the price: over a long run all of
        // them, half within the first half-life.
        let p = hostage(0.0, 1.0, 2.0, 3.0);
        for n in [1, 30, 1000] {
            let half = after_one_deal(&p, n, 0.0, 3);
            let all = after_one_deal(&p, n, 0.0, 600);
            assert!(
                (half - 0.5 * n as f64).abs() < 1e-9 * n as f64,
                "{n}: {half}"
            );
            assert!((all - n as f64).abs() < 1e-9 * n as f64, "{n}: {all}");
        }
    }

    #[test]
    fn extra_arrests_per_prisoner_traded_never_exceed_the_bound() {
        // A price far above the reference would bring thousands of arrests a month for a
        // one-prisoner deal; the bound keeps them at 1.5 per prisoner traded, at every size.
        let p = hostage(0.26, 1.0, 1.5, 12.0);
        for n in [1, 10, 100, 1000] {
            for price in [0.0, 0.01, 0.1, 10.0] {
                let per = after_one_deal(&p, n, price, 60) / n as f64;
                assert!(per <= 1.5 + 1e-9, "{n} at {price}: {per}");
            }
            // A high price reaches the bound; with none, the volume alone stays below it.
            assert!((after_one_deal(&p, n, 10.0, 60) / n as f64 - 1.5).abs() < 1e-9);
            assert!(after_one_deal(&p, n, 0.0, 60) / n as f64 <= 1.0 + 1e-9);
        }
        // Two deals: the bound is per prisoner traded in all.
        let mut h = Hostage::new(&p);
        h.traded(&p, 5, 50.0);
        h.traded(&p, 20, 200.0);
        let all: f64 = (0..60).map(|_| h.month_rate(&p, 50.0)).sum();
        assert!((all - 1.5 * 25.0).abs() < 1e-9, "{all}");
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
        assert_eq!(class_arrest_rate(40.0, 10.0, 0.0, 0.5, 2.0, 1e6), 50.0);
        // Hostage arrests are not multiplied by sanctions-driven repression.
        assert_eq!(class_arrest_rate(40.0, 10.0, 20.0, 0.5, 2.0, 1e6), 60.0);
        assert_eq!(class_arrest_rate(40.0, 10.0, 0.0, 0.5, 1e12, 1e6), 5e5);
        assert_eq!(
            class_arrest_rate(40.0, 0.0, 0.0, 0.0, f64::INFINITY, 1e6),
            0.0
        );
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
