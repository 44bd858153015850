//! Each actor's monthly utility (MODEL.md, "Payoffs"), in USD-million equivalents, from
//! the weights a scenario sets under `[payoffs]`; a run sums them discounted by
//! `discount_per_month` to the power of the month index.

use crate::scenario::raw::{RegimePayoff, WestPayoff};
use crate::scenario::{Legitimacy, PrisonerClass};

/// The regime's utility in a month: minus the net sanctions cost, plus engagement (each
/// channel open), minus the cost of holding the stock, minus hardliner discontent, minus
/// blame for deaths in custody.
pub fn regime_month(
    w: &RegimePayoff,
    net_cost: f64,
    channels_open: u32,
    stock: u64,
    discontent: f64,
    deaths: u64,
) -> f64 {
    -w.sanctions_cost * net_cost + w.engagement * f64::from(channels_open)
        - w.prisoner_month * stock as f64
        - w.hardliner_discontent * discontent
        - w.death_in_custody * deaths as f64
}

/// The regime's payoff terms of issue 13 in a month: the legitimacy it holds, at
/// `worth` a unit (its weight, times the election multiplier in the window before an
/// election), and the opponents it deported this month.
pub fn regime_standing(w: &RegimePayoff, legitimacy: f64, worth: f64, deported: u64) -> f64 {
    worth * legitimacy + w.deportation * deported as f64
}

/// What a unit of legitimacy is worth to the regime in month `t`: its weight, times
/// `election_multiplier` in the `election_window_months` up to and including an election
/// month (`elections`, month indices).
pub fn legitimacy_worth(w: &RegimePayoff, l: &Legitimacy, elections: &[u32], t: u32) -> f64 {
    w.legitimacy * election_multiplier(l, elections, t)
}

/// `election_multiplier` in the `election_window_months` up to and including an election
/// month (`elections`, month indices), 1 otherwise.
pub fn election_multiplier(l: &Legitimacy, elections: &[u32], t: u32) -> f64 {
    let near = elections
        .iter()
        .any(|e| *e >= t && *e - t < l.election_window_months);
    if near { l.election_multiplier } else { 1.0 }
}

/// Prisoners freed this month weighted by their class's value to the West.
pub fn freed_value(released_by_class: &[u64], classes: &[PrisonerClass]) -> f64 {
    released_by_class
        .iter()
        .zip(classes)
        .map(|(n, c)| *n as f64 * c.value_to_west)
        .sum()
}

/// A Western actor's utility in a month: plus the (weighted) prisoners freed, minus new
/// arrests, deaths in custody, the relief it gave (USD millions) and the credibility it
/// lost by rewarding a revolving door.
pub fn west_month(
    w: &WestPayoff,
    freed: f64,
    arrested: u64,
    deaths: u64,
    relief: f64,
    credibility_lost: u32,
) -> f64 {
    w.prisoner_freed * freed
        - w.new_arrest * arrested as f64
        - w.death_in_custody * deaths as f64
        - w.relief_given * relief
        - w.credibility_lost * f64::from(credibility_lost)
}

/// The discount of each month of a horizon: `discount^m` for `m` in `0..horizon_months`.
pub fn discounts(discount_per_month: f64, horizon_months: u32) -> Vec<f64> {
    (0..horizon_months)
        .map(|m| discount_per_month.powi(m as i32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn unit_regime() -> RegimePayoff {
        RegimePayoff {
            sanctions_cost: 1.0,
            engagement: 10.0,
            prisoner_month: 0.01,
            hardliner_discontent: 2.0,
            death_in_custody: 5.0,
            legitimacy: 0.5,
            deportation: 3.0,
        }
    }

    #[test]
    fn legitimacy_and_deportees_count_for_the_regime() {
        let w = unit_regime();
        assert_eq!(regime_standing(&w, 10.0, 0.5, 0), 5.0);
        assert_eq!(regime_standing(&w, 0.0, 0.5, 4), 12.0);
        let l = Legitimacy {
            election_window_months: 3,
            election_multiplier: 4.0,
            ..Legitimacy::default()
        };
        let worth: Vec<f64> = (0..8).map(|t| legitimacy_worth(&w, &l, &[5], t)).collect();
        assert_eq!(worth, vec![0.5, 0.5, 0.5, 2.0, 2.0, 2.0, 0.5, 0.5]);
    }

    #[test]
    fn regime_utility_weighs_each_term() {
        let w = unit_regime();
        assert_eq!(regime_month(&w, 0.0, 0, 0, 0.0, 0), 0.0);
        assert_eq!(regime_month(&w, 100.0, 0, 0, 0.0, 0), -100.0);
        assert_eq!(regime_month(&w, 0.0, 2, 0, 0.0, 0), 20.0);
        assert_eq!(regime_month(&w, 0.0, 0, 1_000, 0.0, 0), -10.0);
        assert_eq!(regime_month(&w, 0.0, 0, 0, 3.0, 0), -6.0);
        assert_eq!(regime_month(&w, 0.0, 0, 0, 0.0, 2), -10.0);
        assert_eq!(regime_month(&w, 100.0, 2, 1_000, 3.0, 2), -106.0);
    }

    #[test]
    fn west_utility_weighs_each_term() {
        let w = WestPayoff {
            prisoner_freed: 1.0,
            new_arrest: 1.0,
            death_in_custody: 10.0,
            relief_given: 0.2,
            credibility_lost: 10.0,
        };
        assert_eq!(west_month(&w, 50.0, 0, 0, 0.0, 0), 50.0);
        assert_eq!(west_month(&w, 0.0, 30, 1, 0.0, 0), -40.0);
        assert_eq!(west_month(&w, 0.0, 0, 0, 100.0, 1), -30.0);
    }

    #[test]
    fn freed_prisoners_count_by_their_value_to_the_west() {
        let mut classes = Scenario::bundled("baseline")
            .expect("bundled baseline")
            .prisoners
            .classes;
        classes.truncate(1);
        classes.push(classes[0].clone());
        classes[0].value_to_west = 1.0;
        classes[1].value_to_west = 5.0;
        assert_eq!(freed_value(&[10, 2], &classes), 20.0);
        assert_eq!(freed_value(&[0, 0], &classes), 0.0);
    }

    #[test]
    fn discounts_are_powers_of_the_monthly_factor() {
        assert_eq!(discounts(0.5, 4), vec![1.0, 0.5, 0.25, 0.125]);
        assert!(discounts(0.99, 0).is_empty());
    }
}
