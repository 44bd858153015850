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
/// election), the opponents it deported this month, the hardliners' vetoes this month, and
/// the arrests it ordered this month to reassure them.
pub fn regime_standing(
    w: &RegimePayoff,
    legitimacy: f64,
    worth: f64,
    deported: u64,
    vetoes: u32,
    purged: u64,
) -> f64 {
    worth * legitimacy + w.deportation * deported as f64
        - w.hardliner_veto * f64::from(vetoes)
        - w.purge_arrest * purged as f64
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

/// What a Western actor's utility weighs in one month (MODEL.md, "Payoffs"; docs/model.md,
/// section 7.12). [`Default`] is a month in which nothing happened.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WestMonth {
    /// Prisoners freed this month by every source, weighted by their class's
    /// `value_to_west` ([`freed_value`]).
    pub freed: f64,
    /// Of `freed`, those freed in this actor's own deals, weighted the same way.
    pub freed_in_own_deals: f64,
    /// New political arrests this month, people.
    pub arrested: u64,
    /// Deaths in custody this month, people.
    pub deaths: u64,
    /// Relief of the actor's lifted measures this month, USD millions, net of the cushion.
    pub relief: f64,
    /// The actor's deals the regime reneged on this month after the actor delivered.
    pub credibility_lost: u32,
    /// What the measures in force cost the actor this month, USD millions.
    pub sender_cost: f64,
    /// The actor's deals struck this month.
    pub deals: u32,
    /// Political prisoners held at the end of the month, people: the audience cost of a
    /// deal is paid only while some are held.
    pub held: u64,
    /// Measures justified by security lifted this month, any actor's; one lifted in part
    /// counts its share.
    pub security_lifted: f64,
}

/// A Western actor's utility in a month: plus the (weighted) prisoners freed, and those
/// freed in its own deals once more at `freed_in_own_deal`; minus new arrests, deaths in
/// custody, the relief it gave (USD millions), the credibility it lost by rewarding a
/// revolving door, what its sanctions cost it, the audience cost of each of its deals
/// while prisoners are still held, and its stake in each security measure lifted.
pub fn west_month(w: &WestPayoff, x: &WestMonth) -> f64 {
    let deals_while_held = if x.held > 0 { x.deals } else { 0 };
    w.prisoner_freed * x.freed + w.freed_in_own_deal * x.freed_in_own_deals
        - w.new_arrest * x.arrested as f64
        - w.death_in_custody * x.deaths as f64
        - w.relief_given * x.relief
        - w.credibility_lost * f64::from(x.credibility_lost)
        - w.sender_cost * x.sender_cost
        - w.audience_cost * f64::from(deals_while_held)
        - w.security_lifted * x.security_lifted
}

/// The weights of [`west_month`] for the four Western actors, term by term, indexed by
/// [`crate::scenario::WestActor::index`]: a month's four utilities computed together
/// ([`WestWeights::months`]), each with the same operations in the same order as
/// [`west_month`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WestWeights {
    prisoner_freed: [f64; 4],
    freed_in_own_deal: [f64; 4],
    new_arrest: [f64; 4],
    death_in_custody: [f64; 4],
    relief_given: [f64; 4],
    credibility_lost: [f64; 4],
    sender_cost: [f64; 4],
    audience_cost: [f64; 4],
    security_lifted: [f64; 4],
    /// Whether any of the terms of issue 13 (own deals, sender costs, audience costs,
    /// security measures) can be other than zero.
    issue_13: bool,
    /// Whether the four actors weigh the terms they share (prisoners freed, arrests,
    /// deaths) alike, to the bit.
    shared_alike: bool,
}
/// A month of the four Western actors, as [`WestMonth`]: what they share once, what
/// differs per actor by [`crate::scenario::WestActor::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WestMonths {
    /// [`WestMonth::freed`].
    pub freed: f64,
    /// [`WestMonth::freed_in_own_deals`], per actor.
    pub freed_in_own_deals: [f64; 4],
    /// [`WestMonth::arrested`].
    pub arrested: u64,
    /// [`WestMonth::deaths`].
    pub deaths: u64,
    /// [`WestMonth::relief`], per actor.
    pub relief: [f64; 4],
    /// [`WestMonth::credibility_lost`], per actor.
    pub credibility_lost: [u32; 4],
    /// [`WestMonth::sender_cost`], per actor.
    pub sender_cost: [f64; 4],
    /// [`WestMonth::deals`], per actor.
    pub deals: [u32; 4],
    /// [`WestMonth::held`].
    pub held: u64,
    /// [`WestMonth::security_lifted`].
    pub security_lifted: f64,
}

impl WestWeights {
    /// The weights of `w`, each actor's payoffs in [`crate::scenario::WestActor::index`]
    /// order; `sender_costs` is false when no measure costs any sender anything.
    pub fn new(w: &[WestPayoff; 4], sender_costs: bool) -> WestWeights {
        let weights = WestWeights {
            prisoner_freed: w.each_ref().map(|w| w.prisoner_freed),
            freed_in_own_deal: w.each_ref().map(|w| w.freed_in_own_deal),
            new_arrest: w.each_ref().map(|w| w.new_arrest),
            death_in_custody: w.each_ref().map(|w| w.death_in_custody),
            relief_given: w.each_ref().map(|w| w.relief_given),
            credibility_lost: w.each_ref().map(|w| w.credibility_lost),
            sender_cost: w.each_ref().map(|w| w.sender_cost),
            audience_cost: w.each_ref().map(|w| w.audience_cost),
            security_lifted: w.each_ref().map(|w| w.security_lifted),
            issue_13: false,
            shared_alike: false,
        };
        let alike = |x: &[f64; 4]| x.iter().all(|w| w.to_bits() == x[0].to_bits());
        let any = |x: &[f64; 4]| x.iter().any(|w| *w != 0.0);
        WestWeights {
            issue_13: any(&weights.freed_in_own_deal)
                || any(&weights.audience_cost)
                || any(&weights.security_lifted)
                || (sender_costs && any(&weights.sender_cost)),
            shared_alike: alike(&weights.prisoner_freed)
                && alike(&weights.new_arrest)
                && alike(&weights.death_in_custody),
            ..weights
        }
    }

    /// Each actor's [`west_month`] in month `x`, or, when every term of issue 13 is zero
    /// whatever happens, the same without them: a finite weight times zero is a zero, and
    /// adding or subtracting a zero changes no other number, so the two differ at most in
    /// the sign of a zero utility, which a discounted sum from `0.0` does not keep. The
    /// shorter chain of additions is what a month of the core dynamics waits on. The terms
    /// the actors share and weigh alike are computed once.
    #[inline(always)]
    pub fn months(&self, x: &WestMonths) -> [f64; 4] {
        let arrested = x.arrested as f64;
        let deaths = x.deaths as f64;
        let mut u = [0.0; 4];
        if !self.issue_13 && self.shared_alike {
            let shared = self.prisoner_freed[0] * x.freed
                - self.new_arrest[0] * arrested
                - self.death_in_custody[0] * deaths;
            for (i, u) in u.iter_mut().enumerate() {
                *u = shared
                    - self.relief_given[i] * x.relief[i]
                    - self.credibility_lost[i] * f64::from(x.credibility_lost[i]);
            }
            return u;
        }
        if !self.issue_13 {
            for (i, u) in u.iter_mut().enumerate() {
                *u = self.prisoner_freed[i] * x.freed
                    - self.new_arrest[i] * arrested
                    - self.death_in_custody[i] * deaths
                    - self.relief_given[i] * x.relief[i]
                    - self.credibility_lost[i] * f64::from(x.credibility_lost[i]);
            }
            return u;
        }
        let security = x.security_lifted;
        let held = x.held > 0;
        for (i, u) in u.iter_mut().enumerate() {
            let deals_while_held = if held { x.deals[i] } else { 0 };
            *u = self.prisoner_freed[i] * x.freed
                + self.freed_in_own_deal[i] * x.freed_in_own_deals[i]
                - self.new_arrest[i] * arrested
                - self.death_in_custody[i] * deaths
                - self.relief_given[i] * x.relief[i]
                - self.credibility_lost[i] * f64::from(x.credibility_lost[i])
                - self.sender_cost[i] * x.sender_cost[i]
                - self.audience_cost[i] * f64::from(deals_while_held)
                - self.security_lifted[i] * security;
        }
        u
    }
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
            hardliner_veto: 100.0,
            purge_arrest: 7.0,
        }
    }

    #[test]
    fn legitimacy_and_deportees_count_for_the_regime() {
        let w = unit_regime();
        assert_eq!(regime_standing(&w, 10.0, 0.5, 0, 0, 0), 5.0);
        assert_eq!(regime_standing(&w, 0.0, 0.5, 4, 0, 0), 12.0);
        assert_eq!(regime_standing(&w, 0.0, 0.5, 0, 2, 0), -200.0);
        assert_eq!(regime_standing(&w, 0.0, 0.5, 0, 0, 3), -21.0);
        let l = Legitimacy {
            election_window_months: 3,
            election_multiplier: 4.0,
            ..Legitimacy::default()
        };
        let worth: Vec<f64> = (0..8).map(|t| legitimacy_worth(&w, &l, &[5], t)).collect();
        assert_eq!(worth, vec![0.5, 0.5, 0.5, 2.0, 2.0, 2.0, 0.5, 0.5]);
    }

    proptest::proptest! {
        /// The four actors' utilities computed together are each actor's `west_month`, to
        /// the bit once summed.
        #[test]
        fn four_actors_together_are_each_alone_to_the_bit(
            weights in proptest::collection::vec(-1e3f64..1e3, 36),
            zeros in proptest::collection::vec(proptest::bool::ANY, 36),
            per in proptest::collection::vec(0.0f64..500.0, 12),
            counts in proptest::collection::vec(0u32..4, 8),
            freed in 0.0f64..300.0,
            arrested in 0u64..200,
            deaths in 0u64..3,
            held in 0u64..2,
            security_lifted in 0u32..3,
            part in 0u32..4,
            plain in proptest::bool::ANY,
        ) {
            // Half the cases without the terms of issue 13: their weights and the sender
            // costs zero.
            let zeros: Vec<bool> = zeros
                .iter()
                .enumerate()
                .map(|(k, z)| *z || (plain && matches!(k % 9, 1 | 7 | 8)))
                .collect();
            let per: Vec<f64> = per
                .iter()
                .enumerate()
                .map(|(k, c)| if plain && k >= 8 { 0.0 } else { *c })
                .collect();
            let w: Vec<f64> = weights
                .iter()
                .zip(&zeros)
                .map(|(w, z)| if *z { 0.0 } else { *w })
                .collect();
            let payoffs: [WestPayoff; 4] = std::array::from_fn(|i| {
                // In half the cases, every actor weighs the shared terms as the first.
                let shared = if plain { &w[..] } else { &w[9 * i..] };
                let w = &w[9 * i..];
                WestPayoff {
                    prisoner_freed: shared[0],
                    freed_in_own_deal: w[1],
                    new_arrest: shared[2],
                    death_in_custody: shared[3],
                    relief_given: w[4],
                    credibility_lost: w[5],
                    sender_cost: w[6],
                    audience_cost: w[7],
                    security_lifted: w[8],
                }
            });
            let x = WestMonths {
                freed,
                freed_in_own_deals: std::array::from_fn(|i| per[i]),
                arrested,
                deaths,
                relief: std::array::from_fn(|i| per[4 + i]),
                credibility_lost: std::array::from_fn(|i| counts[i]),
                sender_cost: std::array::from_fn(|i| per[8 + i]),
                deals: std::array::from_fn(|i| counts[4 + i]),
                held,
                // Whole measures and a part of one (a quarter at a time).
                security_lifted: f64::from(security_lifted) + f64::from(part) / 4.0,
            };
            let sender_costs = x.sender_cost.iter().any(|c| *c != 0.0);
            let weights = WestWeights::new(&payoffs, sender_costs);
            let together = weights.months(&x);
            for i in 0..4 {
                let alone = west_month(
                    &payoffs[i],
                    &WestMonth {
                        freed,
                        freed_in_own_deals: x.freed_in_own_deals[i],
                        arrested,
                        deaths,
                        relief: x.relief[i],
                        credibility_lost: x.credibility_lost[i],
                        sender_cost: x.sender_cost[i],
                        deals: x.deals[i],
                        held,
                        security_lifted: x.security_lifted,
                    },
                );
                // Summed from 0.0 as a run sums them: the same to the bit (without the
                // terms of issue 13, a zero's sign may differ, which the sum drops).
                let summed = |u: f64| (0.0 + 0.97 * u).to_bits();
                proptest::prop_assert_eq!(summed(together[i]), summed(alone));
                if weights.issue_13 {
                    proptest::prop_assert_eq!(together[i].to_bits(), alone.to_bits());
                }
            }
        }
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

    fn unit_west() -> WestPayoff {
        WestPayoff {
            prisoner_freed: 1.0,
            new_arrest: 1.0,
            death_in_custody: 10.0,
            relief_given: 0.2,
            credibility_lost: 10.0,
            sender_cost: 1.0,
            audience_cost: 5.0,
            freed_in_own_deal: 0.5,
            security_lifted: 20.0,
        }
    }

    #[test]
    fn west_utility_weighs_each_term() {
        let w = unit_west();
        let u = |x: WestMonth| west_month(&w, &x);
        assert_eq!(u(WestMonth::default()), 0.0);
        assert_eq!(
            u(WestMonth {
                freed: 50.0,
                ..Default::default()
            }),
            50.0
        );
        assert_eq!(
            u(WestMonth {
                arrested: 30,
                deaths: 1,
                ..Default::default()
            }),
            -40.0
        );
        assert_eq!(
            u(WestMonth {
                relief: 100.0,
                credibility_lost: 1,
                ..Default::default()
            }),
            -30.0
        );
    }

    #[test]
    fn sender_cost_counts_at_its_weight() {
        let w = unit_west();
        let x = WestMonth {
            sender_cost: 8.0,
            ..Default::default()
        };
        assert_eq!(west_month(&w, &x), -8.0);
        let heavy = WestPayoff {
            sender_cost: 2.5,
            ..unit_west()
        };
        assert_eq!(west_month(&heavy, &x), -20.0);
    }

    #[test]
    fn audience_cost_is_paid_per_deal_only_while_prisoners_are_held() {
        let w = unit_west();
        let x = WestMonth {
            deals: 2,
            held: 1_200,
            ..Default::default()
        };
        assert_eq!(west_month(&w, &x), -10.0);
        // The deal that freed the last prisoner costs no audience.
        assert_eq!(west_month(&w, &WestMonth { held: 0, ..x }), 0.0);
    }

    #[test]
    fn releases_in_own_deals_count_on_top_of_releases_in_general() {
        let w = unit_west();
        // 40 freed this month, 30 of them in this actor's deals: 40 + 0.5 * 30.
        let x = WestMonth {
            freed: 40.0,
            freed_in_own_deals: 30.0,
            ..Default::default()
        };
        assert_eq!(west_month(&w, &x), 55.0);
    }

    #[test]
    fn security_stake_is_paid_per_security_measure_lifted_each_month() {
        let w = unit_west();
        let x = WestMonth {
            security_lifted: 1.0,
            ..Default::default()
        };
        assert_eq!(west_month(&w, &x), -20.0);
        let none = WestPayoff {
            security_lifted: 0.0,
            ..unit_west()
        };
        assert_eq!(west_month(&none, &x), 0.0);
    }

    #[test]
    fn every_term_adds_up_in_one_month() {
        let w = unit_west();
        let x = WestMonth {
            freed: 40.0,
            freed_in_own_deals: 30.0,
            arrested: 50,
            deaths: 1,
            relief: 10.0,
            credibility_lost: 1,
            sender_cost: 8.0,
            deals: 1,
            held: 1_000,
            security_lifted: 1.0,
        };
        // 40 + 15 - 50 - 10 - 2 - 10 - 8 - 5 - 20.
        assert_eq!(west_month(&w, &x), -50.0);
    }

    #[test]
    fn an_actor_overrides_only_the_keys_it_sets() {
        let o = crate::scenario::WestPayoffOverride {
            sender_cost: Some(3.0),
            security_lifted: Some(0.0),
            ..Default::default()
        };
        let w = unit_west().with(&o);
        assert_eq!(w.sender_cost, 3.0);
        assert_eq!(w.security_lifted, 0.0);
        assert_eq!(w.audience_cost, 5.0);
        assert_eq!(w.prisoner_freed, 1.0);
        assert_eq!(
            o.set_keys(),
            vec![("sender_cost", 3.0), ("security_lifted", 0.0)]
        );
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
