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

use crate::scenario::{Bargaining, Scenario, WestActor};

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
            .map(|a| {
                sc.west[a.index()].valuation * c.value_to_west * credibility.of_regime[a.index()]
            })
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

/// The credibility each side keeps of the other, per Western actor, in `[0, 1]`: the
/// regime's in each actor's eyes, and each actor's in the regime's eyes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Credibility {
    /// The regime's credibility in each Western actor's eyes, indexed by
    /// [`WestActor::index`]: it scales that actor's bid.
    pub of_regime: [f64; 4],
    /// Each Western actor's credibility in the regime's eyes, indexed the same way: the
    /// least over a counterpart's members divides the regime's ask.
    pub of_west: [f64; 4],
}

/// The least trust a quote divides by: an actor the regime does not trust at all makes the
/// ask very large, not infinite.
const LEAST_TRUST: f64 = 1e-6;

impl Credibility {
    /// Both sides at `start` in every pair.
    pub fn new(start: f64) -> Self {
        Credibility {
            of_regime: [start; 4],
            of_west: [start; 4],
        }
    }

    /// The least credibility of `members` in the regime's eyes (1 for none), at least
    /// 1e-6, so that the ask a quote divides by it stays finite.
    pub fn least_of_west(&self, members: &[WestActor]) -> f64 {
        members
            .iter()
            .map(|a| self.of_west[a.index()])
            .fold(1.0, f64::min)
            .max(LEAST_TRUST)
    }

    /// `actor` withheld or re-imposed relief: the regime trusts it `penalty` less.
    pub fn west_reneged(&mut self, actor: WestActor, penalty: f64) {
        let c = &mut self.of_west[actor.index()];
        *c = (*c - penalty).max(0.0);
    }

    /// The regime arrested past a deal's limit: `actor` trusts it `penalty` less.
    pub fn regime_reneged(&mut self, actor: WestActor, penalty: f64) {
        let c = &mut self.of_regime[actor.index()];
        *c = (*c - penalty).max(0.0);
    }

    /// A deal's window closed: each side that kept it regains `recovery` in `actor`'s
    /// pair.
    pub fn window_closed(
        &mut self,
        actor: WestActor,
        recovery: f64,
        regime_kept: bool,
        west_kept: bool,
    ) {
        let i = actor.index();
        if regime_kept {
            self.of_regime[i] = (self.of_regime[i] + recovery).min(1.0);
        }
        if west_kept {
            self.of_west[i] = (self.of_west[i] + recovery).min(1.0);
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
    /// `renege_window_months` x the usual rate x (1 + `renege_arrest_tolerance`).
    pub limit: f64,
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
            withheld,
            reneged_regime: false,
            reneged_west: withheld,
        }
    }

    /// Counts a month's arrests; true when they take the regime past the limit now (once
    /// per deal).
    pub fn count_arrests(&mut self, arrested: u64) -> bool {
        self.arrests += arrested;
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
        let q = Quote::new(&sc, 0, &[US], &Credibility::new(1.0), 1.0);
        let c = &sc.prisoners.classes[0];
        assert_eq!(q.ask, sc.regime.reservation_price * c.value_to_regime);
        assert_eq!(q.bid, sc.west[US.index()].valuation * c.value_to_west);
    }

    #[test]
    fn distrust_raises_the_ask_and_lowers_the_bid() {
        let sc = baseline();
        let full = Quote::new(&sc, 0, &[US], &Credibility::new(1.0), 1.0);
        let half = Quote::new(&sc, 0, &[US], &Credibility::new(0.5), 1.0);
        assert_eq!(half.ask, full.ask * 2.0);
        assert_eq!(half.bid, full.bid * 0.5);
        // No trust at all: a very large ask, not an infinite one.
        let none = Quote::new(&sc, 0, &[US], &Credibility::new(0.0), 1.0);
        assert_eq!(none.ask, full.ask / LEAST_TRUST);
    }

    #[test]
    fn pressure_divides_the_ask_only() {
        let sc = baseline();
        let calm = Quote::new(&sc, 0, &[US], &Credibility::new(1.0), 1.0);
        let pressed = Quote::new(&sc, 0, &[US], &Credibility::new(1.0), 2.0);
        assert_eq!(pressed.ask, calm.ask / 2.0);
        assert_eq!(pressed.bid, calm.bid);
    }

    #[test]
    fn a_joint_counterpart_bids_its_least_and_is_trusted_its_least() {
        let mut sc = baseline();
        sc.west[US.index()].valuation = 3.0;
        sc.west[EU.index()].valuation = 2.0;
        let mut cred = Credibility::new(1.0);
        cred.of_west[EU.index()] = 0.25;
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
    fn reneging_costs_credibility_down_to_zero_and_keeping_restores_up_to_one() {
        let mut c = Credibility::new(0.5);
        c.west_reneged(US, 0.3);
        assert_eq!(c.of_west[US.index()], 0.2);
        c.west_reneged(US, 0.3);
        assert_eq!(c.of_west[US.index()], 0.0);
        c.regime_reneged(EU, 0.3);
        assert_eq!(c.of_regime[EU.index()], 0.2);
        assert_eq!(c.of_regime[US.index()], 0.5);
        c.window_closed(US, 0.75, true, false);
        assert_eq!(c.of_regime[US.index()], 1.0);
        assert_eq!(c.of_west[US.index()], 0.0);
        c.window_closed(US, 0.25, false, true);
        assert_eq!(c.of_regime[US.index()], 1.0);
        assert_eq!(c.of_west[US.index()], 0.25);
    }

    #[test]
    fn the_regime_reneges_once_when_arrests_pass_the_window_limit() {
        let mut b = baseline().bargaining;
        b.renege_window_months = 3;
        b.renege_arrest_tolerance = 0.5;
        let mut w = DealWatch::new(&b, &[US], 10, 20.0, [false; 4]);
        assert_eq!(w.until, 13);
        assert_eq!(w.limit, 90.0);
        assert!(!w.count_arrests(45));
        assert!(!w.count_arrests(45));
        assert!(w.count_arrests(1));
        assert!(!w.count_arrests(100));
        assert!(w.open_in(12));
        assert!(!w.open_in(13));
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
