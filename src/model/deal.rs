//! What a deal costs and how it is kept (MODEL.md, "Bargaining"): the two reservation
//! prices of a round, the price each side's proposal sets, the relief that pays for it,
//! and the credibility each side keeps of the other as deals are honoured or reneged.
//!
//! A round between the regime and a counterpart (one Western actor, or the US and the EU
//! together) quotes the regime's ask and the counterpart's bid per prisoner of a class,
//! in USD millions of relief a month. A deal is possible when `bid >= ask` and the relief
//! on offer covers the ask; the proposer's share of the surplus (from
//! [`crate::model::bargain::proposer_share`]) sets the price. After a deal a window opens
//! ([`DealWatch`]): arrests above the usual rate in it mean the regime reneged; relief
//! withheld or re-imposed means the West did. Each lowers the reneger's credibility, which
//! scales the prices of later rounds; a window closed without reneging restores it.
//!
//! The engine decides who proposes and when, draws the random numbers and tells the
//! story; this module owns the formulas and the state they act on.

use crate::scenario::{Bargaining, CredibilityTypes, Scenario, WestActor};

/// The probability that a channel opens in a month: the scenario's monthly probability
/// times the counterpart's strategy multiplier (the largest of its members'), times
/// `ceasefire_channel_multiplier` after a ceasefire (001, 004: no breakthrough while the
/// fighting goes on). Above 1 it is certain.
pub fn channel_probability(b: &Bargaining, strategy_multiplier: f64, ceasefire: bool) -> f64 {
    let war = if ceasefire {
        b.ceasefire_channel_multiplier
    } else {
        1.0
    };
    b.channel_probability_per_month * strategy_multiplier * war
}

/// The regime's ask and a counterpart's bid per prisoner, USD millions of relief a month.
///
/// The proposer's share of the surplus `bid - ask` sets the price:
///
/// ```
/// use leverage::model::deal::Quote;
///
/// let q = Quote { ask: 0.05, bid: 0.25 };
/// // The regime proposes and takes three quarters of the surplus: 0.05 + 0.75 x 0.2.
/// assert!((q.regime_price(0.75) - 0.2).abs() < 1e-12);
/// // The West counters and takes three quarters: 0.25 - 0.75 x 0.2.
/// assert!((q.west_price(0.75) - 0.1).abs() < 1e-12);
/// // 50 prisoners need relief worth at least 50 x the ask on offer.
/// assert!(q.affordable(2.5, 50) && !q.affordable(2.4, 50));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quote {
    /// The regime's reservation price: the least relief, USD millions a month, it takes
    /// for one prisoner of the class (see [`Quote::new`]).
    pub ask: f64,
    /// The counterpart's reservation price: the most relief, USD millions a month, it
    /// gives for one prisoner of the class, the least over its members.
    pub bid: f64,
}

impl Quote {
    /// The quote of a round with `members` for a prisoner of `class`:
    /// - ask = reservation price x the class's value to the regime / the least trust the
    ///   regime has in a member / pressure (a regime under pressure asks less, one that
    ///   does not trust the West asks more);
    /// - bid = the least over members of valuation x the class's value to the West x the
    ///   member's trust in the regime (each discounts a promise it doubts).
    pub fn new(
        sc: &Scenario,
        class: usize,
        members: &[WestActor],
        credibility: &Credibility,
        pressure: f64,
    ) -> Quote {
        let c = &sc.prisoners.classes[class];
        let trust_west = credibility.least_of_west(members);
        let ask = sc.regime.reservation_price * c.value_to_regime / trust_west / pressure;
        let bid = members
            .iter()
            .map(|a| sc.west[a.index()].valuation * c.value_to_west * credibility.of_regime(*a))
            .fold(f64::INFINITY, f64::min);
        Quote { ask, bid }
    }

    /// The price when the regime proposes and takes `share` of the surplus.
    pub fn regime_price(&self, share: f64) -> f64 {
        self.ask + share * (self.bid - self.ask)
    }

    /// The price when the West proposes (a counter-offer) and takes `share` of the
    /// surplus.
    pub fn west_price(&self, share: f64) -> f64 {
        self.bid - share * (self.bid - self.ask)
    }

    /// Whether a deal for `count` prisoners can be struck: the bid covers the ask, and the
    /// relief on offer (`available`, USD millions a month) pays the ask for each.
    pub fn affordable(&self, available: f64, count: u64) -> bool {
        self.bid >= self.ask && available >= self.ask * count as f64
    }
}

/// The measures that pay for a deal: from `offer` (measure index, value to the regime),
/// sorted smallest first, as many as it takes for their value to reach `target`; all of
/// them if it never does.
pub fn relief_for(offer: &[(usize, f64)], target: f64) -> Vec<usize> {
    let mut chosen = Vec::new();
    let mut value = 0.0;
    for &(i, v) in offer {
        if value >= target {
            break;
        }
        chosen.push(i);
        value += v;
    }
    chosen
}

/// The credibility each side keeps of the other, per Western actor: a belief over the
/// other side's type, updated by Bayes' rule (issue 13; [`CredibilityTypes`]).
///
/// Each Western actor holds the probability that the regime is a liberaliser (it keeps
/// deals, and releases prisoners on its own more often) rather than a hostage-taker; the
/// regime holds the probability that each Western actor keeps its deals. A side's
/// *credibility* in the other's eyes is the posterior chance that it keeps a deal:
///
/// ```
/// use leverage::model::deal::Credibility;
/// use leverage::scenario::{CredibilityTypes, WestActor};
///
/// let types = CredibilityTypes::default();
/// let mut c = Credibility::new(&types);
/// // 0.7 x 0.95 + 0.3 x 0.15
/// assert!((c.of_regime(WestActor::Us) - 0.71).abs() < 1e-12);
/// // A broken deal: P(liberaliser) = 0.7 x 0.05 / (0.7 x 0.05 + 0.3 x 0.85) = 0.1207.
/// c.regime_reneged(WestActor::Us);
/// assert!((c.liberaliser[0] - 0.035 / 0.29).abs() < 1e-12);
/// assert!(c.of_regime(WestActor::Us) < 0.25);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Credibility {
    /// Each Western actor's probability that the regime is a liberaliser, indexed by
    /// [`WestActor::index`].
    pub liberaliser: [f64; 4],
    /// The regime's probability that each Western actor keeps its deals, indexed the same
    /// way.
    pub west_keeper: [f64; 4],
    /// The chance a deal is kept by the keeping type and by the other.
    keeps: [f64; 2],
    /// The monthly chance of a release of the regime's own, by a liberaliser and by a
    /// hostage-taker.
    releases: [f64; 2],
}

/// The least trust a quote divides by: an actor the regime does not trust at all makes the
/// ask very large, not infinite.
const LEAST_TRUST: f64 = 1e-6;

/// Bayes' rule for two types: the posterior probability of the first type, from its prior
/// `p` and the likelihoods of the observation under the first and the second type. An
/// observation neither type could make changes nothing (as [`crate::model::belief`]).
pub fn posterior(p: f64, first: f64, second: f64) -> f64 {
    let joint = p * first;
    let total = joint + (1.0 - p) * second;
    if total > 0.0 { joint / total } else { p }
}

impl Credibility {
    /// Every pair at the scenario's priors.
    pub fn new(types: &CredibilityTypes) -> Self {
        Credibility {
            liberaliser: [types.liberaliser_prior; 4],
            west_keeper: [types.west_keeper_prior; 4],
            keeps: [types.keeps_if_keeper, types.keeps_if_not],
            releases: [
                types.releases_if_liberaliser,
                types.releases_if_hostage_taker,
            ],
        }
    }

    /// Both sides at credibility `level` in every pair, with types that make the belief
    /// the credibility itself (a keeper always keeps, the other type never) and releases
    /// that say nothing: for tests and worked examples.
    pub fn flat(level: f64) -> Self {
        Credibility {
            liberaliser: [level; 4],
            west_keeper: [level; 4],
            keeps: [1.0, 0.0],
            releases: [0.5, 0.5],
        }
    }

    /// The chance a side of the keeping type with probability `p` keeps a deal.
    fn keeps(&self, p: f64) -> f64 {
        p * self.keeps[0] + (1.0 - p) * self.keeps[1]
    }

    /// The regime's credibility in `actor`'s eyes: the chance it keeps a deal, in `[0, 1]`.
    pub fn of_regime(&self, actor: WestActor) -> f64 {
        self.keeps(self.liberaliser[actor.index()])
    }

    /// `actor`'s credibility in the regime's eyes, in `[0, 1]`.
    pub fn of_west(&self, actor: WestActor) -> f64 {
        self.keeps(self.west_keeper[actor.index()])
    }

    /// The least credibility of `members` in the regime's eyes (1 for none), at least
    /// 1e-6, so that the ask a quote divides by it stays finite.
    pub fn least_of_west(&self, members: &[WestActor]) -> f64 {
        members
            .iter()
            .map(|a| self.of_west(*a))
            .fold(1.0, f64::min)
            .max(LEAST_TRUST)
    }

    /// `actor` withheld or re-imposed relief: the regime's belief that it keeps its deals
    /// falls.
    pub fn west_reneged(&mut self, actor: WestActor) {
        let p = &mut self.west_keeper[actor.index()];
        *p = posterior(*p, 1.0 - self.keeps[0], 1.0 - self.keeps[1]);
    }

    /// The regime arrested past a deal's limit: `actor`'s belief that it is a liberaliser
    /// falls.
    pub fn regime_reneged(&mut self, actor: WestActor) {
        let p = &mut self.liberaliser[actor.index()];
        *p = posterior(*p, 1.0 - self.keeps[0], 1.0 - self.keeps[1]);
    }

    /// A deal's window closed: each side that kept it is believed a keeper more in
    /// `actor`'s pair (a side that broke it was judged when it did).
    pub fn window_closed(&mut self, actor: WestActor, regime_kept: bool, west_kept: bool) {
        let i = actor.index();
        let [keeper, other] = self.keeps;
        if regime_kept {
            self.liberaliser[i] = posterior(self.liberaliser[i], keeper, other);
        }
        if west_kept {
            self.west_keeper[i] = posterior(self.west_keeper[i], keeper, other);
        }
    }

    /// A month's evidence from the regime's own releases, seen by every Western actor:
    /// whether it released prisoners of its own accord (holiday pardons and deals aside).
    pub fn regime_month(&mut self, released: bool) {
        let [lib, host] = self.releases;
        let (first, second) = if released {
            (lib, host)
        } else {
            (1.0 - lib, 1.0 - host)
        };
        if first == second {
            return;
        }
        for p in &mut self.liberaliser {
            *p = posterior(*p, first, second);
        }
    }
}

/// A deal whose reneging window is open.
#[derive(Debug, Clone)]
pub struct DealWatch {
    /// The Western actors who made the deal (the counterpart's members).
    pub members: &'static [WestActor],
    /// The last month whose arrests count: the deal's month plus `renege_window_months`.
    /// The window covers the arrests of the months after the deal's, up to this one, and
    /// closes once this month's are counted.
    pub until: u32,
    /// People arrested in the window so far, from the month after the deal.
    pub arrests: u64,
    /// Arrests in the window above which the regime has reneged, people:
    /// `renege_window_months` x the usual rate x (1 + `renege_arrest_tolerance`), raised
    /// month by month by the repression waves under way (expected, not the regime's doing).
    pub limit: f64,
    /// `1 + renege_arrest_tolerance`.
    pub tolerance: f64,
    /// Members who withheld their relief at the deal, indexed by [`WestActor::index`].
    pub withheld: [bool; 4],
    /// Whether the regime has reneged: arrests in the window passed `limit`.
    pub reneged_regime: bool,
    /// Whether each member has reneged, by withholding its relief at the deal or by
    /// re-imposing a measure while the window was open; indexed by [`WestActor::index`].
    pub reneged_west: [bool; 4],
}

impl DealWatch {
    /// The window of a deal struck in month `m` with `members`, `withheld` naming those
    /// who withheld relief (they have reneged already). The regime reneges when arrests
    /// in the window exceed the usual rate `usual` over it by more than the tolerance.
    pub fn new(
        b: &Bargaining,
        members: &'static [WestActor],
        m: u32,
        usual: f64,
        withheld: [bool; 4],
    ) -> Self {
        let window = b.renege_window_months;
        DealWatch {
            members,
            until: m + window,
            arrests: 0,
            limit: f64::from(window) * usual * (1.0 + b.renege_arrest_tolerance),
            tolerance: 1.0 + b.renege_arrest_tolerance,
            withheld,
            reneged_regime: false,
            reneged_west: withheld,
        }
    }

    /// Counts a month's arrests, of which `expected` more than the usual rate were expected
    /// (the repression waves under way, before the sanctions-repression multiplier, and the
    /// hostage incentive's arrests): the limit grows by as much, with the tolerance. True
    /// when the arrests take the regime past the limit now (once per deal). The regime's
    /// own surges (purges, re-arrests, its hardliners' crackdowns) and sanctions-driven
    /// repression count against it.
    pub fn count_arrests(&mut self, arrested: u64, expected: f64) -> bool {
        self.arrests += arrested;
        self.limit += expected * self.tolerance;
        if !self.reneged_regime && self.arrests as f64 > self.limit {
            self.reneged_regime = true;
            return true;
        }
        false
    }

    /// Whether the window is still open once month `m`'s arrests are counted: false from
    /// month `until` on, when the engine closes it and settles credibility.
    pub fn open_in(&self, m: u32) -> bool {
        m < self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    const US: WestActor = WestActor::Us;
    const EU: WestActor = WestActor::Eu;

    fn baseline() -> Scenario {
        Scenario::bundled("baseline").expect("bundled baseline")
    }

    #[test]
    fn a_ceasefire_and_an_eager_strategy_multiply_the_channel_probability() {
        let mut b = baseline().bargaining;
        b.channel_probability_per_month = 0.1;
        b.ceasefire_channel_multiplier = 2.0;
        assert_eq!(channel_probability(&b, 1.0, false), 0.1);
        assert_eq!(channel_probability(&b, 1.0, true), 0.2);
        assert_eq!(channel_probability(&b, 3.0, true), 0.6000000000000001);
        assert_eq!(channel_probability(&b, 0.0, true), 0.0);
    }

    #[test]
    fn full_trust_and_no_pressure_quote_the_reservation_prices() {
        let sc = baseline();
        let q = Quote::new(&sc, 0, &[US], &Credibility::flat(1.0), 1.0);
        let c = &sc.prisoners.classes[0];
        assert_eq!(q.ask, sc.regime.reservation_price * c.value_to_regime);
        assert_eq!(q.bid, sc.west[US.index()].valuation * c.value_to_west);
    }

    #[test]
    fn distrust_raises_the_ask_and_lowers_the_bid() {
        let sc = baseline();
        let full = Quote::new(&sc, 0, &[US], &Credibility::flat(1.0), 1.0);
        let half = Quote::new(&sc, 0, &[US], &Credibility::flat(0.5), 1.0);
        assert_eq!(half.ask, full.ask * 2.0);
        assert_eq!(half.bid, full.bid * 0.5);
        // No trust at all: a very large ask, not an infinite one.
        let none = Quote::new(&sc, 0, &[US], &Credibility::flat(0.0), 1.0);
        assert_eq!(none.ask, full.ask / LEAST_TRUST);
    }

    #[test]
    fn pressure_divides_the_ask_only() {
        let sc = baseline();
        let calm = Quote::new(&sc, 0, &[US], &Credibility::flat(1.0), 1.0);
        let pressed = Quote::new(&sc, 0, &[US], &Credibility::flat(1.0), 2.0);
        assert_eq!(pressed.ask, calm.ask / 2.0);
        assert_eq!(pressed.bid, calm.bid);
    }

    #[test]
    fn a_joint_counterpart_bids_its_least_and_is_trusted_its_least() {
        let mut sc = baseline();
        sc.west[US.index()].valuation = 3.0;
        sc.west[EU.index()].valuation = 2.0;
        let mut cred = Credibility::flat(1.0);
        cred.west_keeper[EU.index()] = 0.25;
        let joint = Quote::new(&sc, 0, &[US, EU], &cred, 1.0);
        let eu = Quote::new(&sc, 0, &[EU], &cred, 1.0);
        assert_eq!(joint, eu);
        assert_eq!(cred.least_of_west(&[]), 1.0);
    }

    #[test]
    fn each_proposer_takes_its_share_of_the_surplus() {
        let q = Quote { ask: 1.0, bid: 3.0 };
        assert_eq!(q.regime_price(0.5), 2.0);
        assert_eq!(q.west_price(0.5), 2.0);
        assert_eq!(q.regime_price(1.0), 3.0);
        assert_eq!(q.west_price(1.0), 1.0);
        assert_eq!(q.regime_price(0.0), q.ask);
    }

    #[test]
    fn a_deal_needs_a_surplus_and_the_relief_to_pay_the_ask() {
        let q = Quote { ask: 2.0, bid: 3.0 };
        assert!(q.affordable(20.0, 10));
        assert!(!q.affordable(19.9, 10));
        assert!(!Quote { ask: 3.0, bid: 2.0 }.affordable(1e9, 1));
        assert!(q.affordable(0.0, 0));
    }

    #[test]
    fn relief_takes_the_smallest_measures_until_the_price_is_covered() {
        let offer = [(7, 1.0), (2, 2.0), (5, 4.0)];
        assert_eq!(relief_for(&offer, 0.0), Vec::<usize>::new());
        assert_eq!(relief_for(&offer, 1.0), vec![7]);
        assert_eq!(relief_for(&offer, 2.5), vec![7, 2]);
        assert_eq!(relief_for(&offer, 100.0), vec![7, 2, 5]);
    }

    #[test]
    fn two_type_bayes_agrees_with_the_general_belief() {
        use crate::model::belief::Belief;
        for (p, a, b) in [
            (0.7, 0.05, 0.85),
            (0.3, 0.95, 0.15),
            (0.5, 0.2, 0.1),
            (0.9, 0.0, 1.0),
        ] {
            let mut belief = Belief::from_weights(&[p, 1.0 - p]).unwrap();
            belief.update(&[a, b]);
            assert!((posterior(p, a, b) - belief.probability(0)).abs() < 1e-15);
        }
        // Neither type could have done it: nothing learnt.
        assert_eq!(posterior(0.4, 0.0, 0.0), 0.4);
    }

    #[test]
    fn a_broken_deal_lowers_credibility_and_a_kept_one_raises_it_by_bayes_rule() {
        let types = CredibilityTypes::default();
        let mut c = Credibility::new(&types);
        let start = c.of_regime(US);
        // Closed form: the prior odds 7:3 times the likelihood ratio 0.05 / 0.85.
        c.regime_reneged(US);
        let odds = 0.7 / 0.3 * (0.05 / 0.85);
        assert!((c.liberaliser[US.index()] - odds / (1.0 + odds)).abs() < 1e-12);
        assert!(c.of_regime(US) < start);
        // Only the US's belief moved; the regime's belief in the US did not.
        assert_eq!(c.of_regime(EU), start);
        assert_eq!(c.west_keeper, [0.7; 4]);
        // A kept deal: odds times 0.95 / 0.15.
        c.window_closed(US, true, false);
        let odds = odds * (0.95 / 0.15);
        assert!((c.liberaliser[US.index()] - odds / (1.0 + odds)).abs() < 1e-12);
        c.west_reneged(EU);
        c.west_reneged(EU);
        // Two broken deals: 0.7 x 0.05^2 against 0.3 x 0.85^2; credibility near the floor.
        let p = 0.7 * 0.0025 / (0.7 * 0.0025 + 0.3 * 0.7225);
        assert!((c.west_keeper[EU.index()] - p).abs() < 1e-12);
        assert!((c.of_west(EU) - (p * 0.95 + (1.0 - p) * 0.15)).abs() < 1e-12);
        // Credibility stays between the two types' chances of keeping a deal.
        for _ in 0..50 {
            c.west_reneged(EU);
        }
        assert!(c.of_west(EU) >= 0.15 && c.of_west(EU) < 0.151);
    }

    #[test]
    fn a_release_of_its_own_doubles_the_odds_and_a_silent_month_lowers_them() {
        let mut c = Credibility::new(&CredibilityTypes::default());
        c.regime_month(true);
        let odds = 0.7 / 0.3 * 2.0;
        for p in c.liberaliser {
            assert!((p - odds / (1.0 + odds)).abs() < 1e-12);
        }
        c.regime_month(false);
        let odds = odds * (0.8 / 0.9);
        assert!((c.liberaliser[3] - odds / (1.0 + odds)).abs() < 1e-12);
        // Releases both types make alike say nothing.
        let mut flat = Credibility::flat(0.4);
        flat.regime_month(true);
        flat.regime_month(false);
        assert_eq!(flat.liberaliser, [0.4; 4]);
    }

    #[test]
    fn the_regime_reneges_once_when_arrests_pass_the_window_limit() {
        let mut b = baseline().bargaining;
        b.renege_window_months = 3;
        b.renege_arrest_tolerance = 0.5;
        let mut w = DealWatch::new(&b, &[US], 10, 20.0, [false; 4]);
        assert_eq!(w.until, 13);
        assert_eq!(w.limit, 90.0);
        assert!(!w.count_arrests(45, 0.0));
        assert!(!w.count_arrests(45, 0.0));
        assert!(w.count_arrests(1, 0.0));
        assert!(!w.count_arrests(100, 0.0));
        assert!(w.open_in(12));
        assert!(!w.open_in(13));
    }

    /// A repression wave's arrests are expected, the regime's own are not: a wave of 60 a
    /// month raises the limit by 60 x 1.5 for each of its months in the window.
    #[test]
    fn a_waves_arrests_are_expected_in_the_window() {
        let mut b = baseline().bargaining;
        b.renege_window_months = 3;
        b.renege_arrest_tolerance = 0.5;
        let mut w = DealWatch::new(&b, &[US], 10, 20.0, [false; 4]);
        // 20 usual and 60 of the wave, twice: 160 against 90 + 180.
        assert!(!w.count_arrests(80, 60.0));
        assert!(!w.count_arrests(80, 60.0));
        assert_eq!(w.limit, 270.0);
        // The same arrests without the wave break the deal.
        let mut w = DealWatch::new(&b, &[US], 10, 20.0, [false; 4]);
        assert!(!w.count_arrests(80, 0.0));
        assert!(w.count_arrests(80, 0.0));
    }

    #[test]
    fn withheld_relief_counts_as_the_wests_reneging_from_the_start() {
        let b = baseline().bargaining;
        let mut withheld = [false; 4];
        withheld[EU.index()] = true;
        let w = DealWatch::new(&b, &[US, EU], 0, 10.0, withheld);
        assert_eq!(w.reneged_west, withheld);
        assert!(!w.reneged_regime);
    }
}
