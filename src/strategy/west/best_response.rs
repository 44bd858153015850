//! `best-response` (Western): an actor that chooses its sanctions moves and the deals it
//! accepts by expected utility under its belief about the regime's type.
//!
//! Each month it weighs four moves against one another: hold; impose its next reserve
//! package; lift its negotiable measure of smallest bite; re-impose the measure it lifted
//! last. Each is valued relative to holding, to the horizon, under its own payoff weights
//! (`docs/model.md`, section 7.14):
//! - the *flows* of a measure lifted rather than in force: the relief it gives, its own
//!   sender cost saved, and its security stake;
//! - the *pressure* a measure's bite puts on the regime, with `regime.sanctions_sensitivity`
//!   (more releases of the regime's own, at the rate it has released so far) and
//!   `prisoners.sanctions_repression_elasticity` (more arrests);
//! - the *chip* a negotiable measure in force is: the chance that a round opens and ends
//!   in a deal, month by month, times what trading the measure then would be worth (the
//!   prisoners its bite buys at the price, less its flows, the audience cost and the risk
//!   that the regime reneges), when that is positive;
//! - the *reciprocity* of a liberaliser: relief granted without a deal earns, with the
//!   probability the actor gives the liberaliser type, `reciprocity` times the prisoners it
//!   would buy at the regime's asking price; relief taken back loses as much. A
//!   hostage-taker pockets it.
//!
//! It keeps its deals: it re-imposes nothing while a deal of its is in its reneging window,
//! and never a measure a deal lifted.
//!
//! It chooses by logit at `precision` ([`crate::model::choice`]), drawing from its own
//! stream. In a round it accepts the least release whose deal is worth more than a logit
//! threshold drawn the month before (0 at infinite precision: a best response).
//!
//! Its belief is the posterior the engine keeps for it ([`crate::model::deal::Credibility`]):
//! the regime's type is a liberaliser or a hostage-taker, updated by Bayes' rule from deals
//! kept and broken and from releases of the regime's own. It plans with today's belief to
//! the horizon and values one move at a time (a one-step deviation from holding), not a
//! full plan; `docs/model.md` lists what that leaves out.

use crate::model::choice;
use crate::scenario::WestBestResponseParams;
use crate::scenario::dist::unit_f64;
use crate::scenario::raw::WestPayoff;
use crate::strategy::{StreamRng, WestAction, WestStrategy, WestView};

/// What a Western actor choosing by expected utility sees of one of its measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureFacts {
    /// The measure, an index into `measures`.
    pub measure: usize,
    /// What it costs the regime a month now (in force) or would save it (lifted), USD
    /// millions, net of Russia's cushion and of a transit veto's share.
    pub bite: f64,
    /// Share of its bite kept from one month to the next (erosion).
    pub kept: f64,
    /// What it costs this actor a month while in force, USD millions.
    pub sender_cost: f64,
    /// Whether it is justified by security (its lifting costs `security_lifted` a month).
    pub security: bool,
    /// Whether it can be traded against prisoners.
    pub negotiable: bool,
    /// The equal parts a deal can still lift of it (`bargaining.tranches_per_measure` less
    /// those lifted; 1 when deals lift whole measures). `bite` and `sender_cost` are of
    /// what is left.
    pub parts: u32,
    /// The share of it still in force: 1 but for a measure a deal lifted in part. Its
    /// security stake is paid on this share when the rest is lifted.
    pub share_left: f64,
}

/// What a Western actor choosing by expected utility sees besides the public record: its
/// payoff weights, its belief, its measures and the terms a deal would have.
#[derive(Debug, Clone, Copy)]
pub struct WestSight<'a> {
    /// Its payoff weights (`[payoffs.west]` with its overrides).
    pub weights: &'a WestPayoff,
    /// `payoffs.discount_per_month`.
    pub discount: f64,
    /// Months to the horizon, this one included.
    pub months_left: u32,
    /// Its probability that the regime is a liberaliser.
    pub liberaliser: f64,
    /// The regime's credibility in its eyes: the posterior chance that it keeps a deal.
    pub keeps: f64,
    /// Its next reserve package, as it would bite if imposed now.
    pub reserve: Option<MeasureFacts>,
    /// Its negotiable measures in force, smallest bite first.
    pub negotiable: &'a [MeasureFacts],
    /// The measure it lifted last and has not re-imposed, unless a deal lifted it.
    pub last_lifted: Option<MeasureFacts>,
    /// The regime's asking price for a prisoner of the first class in a round with it, USD
    /// millions a month.
    pub ask: f64,
    /// The price of a deal the regime proposes to it, per prisoner of the first class.
    pub price: f64,
    /// `value_to_west` of the first class.
    pub value_to_west: f64,
    /// Monthly chance that a channel with it opens and Russia does not derail it.
    pub round_chance: f64,
    /// Rounds it has had so far, and deals struck in them.
    pub rounds: u32,
    /// Deals it has struck so far.
    pub deals: u32,
    /// Extra releases of the regime's own a month per USD million of net sanctions cost,
    /// per release a month it makes without it: `sanctions_sensitivity / reference cost`.
    pub release_slope: f64,
    /// Extra arrests a month per USD million of net sanctions cost: the usual arrests times
    /// `sanctions_repression_elasticity / reference cost`.
    pub arrest_slope: f64,
    /// Whether a deal of its is in its reneging window: re-imposing now breaks it.
    pub deal_open: bool,
}

/// A move of a Western actor choosing by expected utility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// No move.
    Hold,
    /// Impose its next reserve package (a measure index).
    Impose(usize),
    /// Lift this negotiable measure.
    Lift(usize),
    /// Re-impose this lifted measure.
    Reimpose(usize),
}

/// Why a Western actor choosing by expected utility made its move: each move it weighed
/// with its value relative to holding, and the belief behind them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Explanation {
    /// The move made.
    pub chosen: Move,
    /// Its value relative to holding, in the actor's payoff units.
    pub value: f64,
    /// The probability it had of being chosen.
    pub probability: f64,
    /// Every move weighed, holding first, with its value; `None` past the last.
    pub options: [Option<(Move, f64)>; 4],
    /// Its probability that the regime is a liberaliser.
    pub liberaliser: f64,
    /// The regime's credibility in its eyes.
    pub keeps: f64,
}

impl Explanation {
    /// The best move not chosen, with its value.
    pub fn alternative(&self) -> Option<(Move, f64)> {
        self.options
            .iter()
            .flatten()
            .filter(|(m, _)| *m != self.chosen)
            .copied()
            .fold(None, |best: Option<(Move, f64)>, (m, v)| match best {
                Some((_, b)) if b >= v => best,
                _ => Some((m, v)),
            })
    }
}

/// The Western actor that chooses by expected utility.
#[derive(Debug, Clone)]
pub struct BestResponse {
    params: WestBestResponseParams,
    /// Releases of the regime's own so far (outside deals), and the months seen.
    own_released: f64,
    months: u32,
    /// The logit threshold a deal must clear in this month's rounds (0: a best response).
    threshold: f64,
    /// Why it made its last move.
    why: Option<Explanation>,
    /// The measures it lifted on its own, with the reciprocity it counted for each: what
    /// re-imposing one gives up.
    credited: Vec<(usize, f64)>,
    scratch: Vec<f64>,
}

impl BestResponse {
    /// From the actor's `[<actor>.best-response]` table.
    pub fn new(params: &WestBestResponseParams) -> Self {
        BestResponse {
            params: params.clone(),
            own_released: 0.0,
            months: 0,
            threshold: 0.0,
            why: None,
            credited: Vec::new(),
            scratch: Vec::with_capacity(4),
        }
    }

    /// The releases a month the regime makes on its own, as seen so far.
    fn release_rate(&self) -> f64 {
        if self.months == 0 {
            0.0
        } else {
            self.own_released / f64::from(self.months)
        }
    }
}

/// `Σ_{k<n} (δ x)^k`: a flow of 1 this month, shrinking by `x` a month, discounted to the
/// horizon `n` months away.
pub fn annuity(x: f64, discount: f64, n: u32) -> f64 {
    let r = discount * x;
    if n == 0 {
        0.0
    } else if (r - 1.0).abs() < 1e-12 {
        f64::from(n)
    } else {
        (1.0 - r.powi(n as i32)) / (1.0 - r)
    }
}

/// The values an actor weighs, from its sight and what it has seen.
struct Valuer<'s> {
    s: &'s WestSight<'s>,
    /// Releases of the regime's own a month so far.
    rate: f64,
    reciprocity: f64,
    /// Monthly chance of a deal: a round, and a deal in it (Laplace's rule on its record).
    deal_hazard: f64,
}

impl Valuer<'_> {
    /// What `m` lifted rather than in force costs the actor over the next `n` months,
    /// starting at its bite `bite`: the relief it gives, less its sender cost saved, plus
    /// its security stake.
    fn flows(&self, m: &MeasureFacts, bite: f64, n: u32) -> f64 {
        let w = self.s.weights;
        let flat = annuity(1.0, self.s.discount, n);
        let security = if m.security {
            w.security_lifted * m.share_left
        } else {
            0.0
        };
        w.relief_given * bite * annuity(m.kept, self.s.discount, n)
            - w.sender_cost * m.sender_cost * flat
            + security * flat
    }

    /// What `m`'s bite in force from now, `bite` a month and eroding, earns the actor
    /// through the pressure on the regime over the next `n` months: its own releases scaled
    /// up, arrests scaled up. A month's cost moves the next month's releases and arrests
    /// (section 2 of docs/model.md), so the last month's bite moves nothing.
    fn pressure_over(&self, m: &MeasureFacts, bite: f64, n: u32) -> f64 {
        let s = self.s;
        let w = s.weights;
        let per_cost = w.prisoner_freed * s.value_to_west * self.rate * s.release_slope
            - w.new_arrest * s.arrest_slope;
        if per_cost == 0.0 {
            return 0.0;
        }
        per_cost * s.discount * bite * annuity(m.kept, s.discount, n.saturating_sub(1))
    }

    /// [`Self::pressure_over`] from now to the horizon.
    fn pressure(&self, m: &MeasureFacts) -> f64 {
        self.pressure_over(m, m.bite, self.s.months_left)
    }

    /// Prisoners that `bite` of relief a month buys at `price`, at most those held.
    fn bought(&self, bite: f64, price: f64, held: u64) -> f64 {
        if price > 0.0 {
            (bite / price).floor().min(held as f64)
        } else {
            held as f64
        }
    }

    /// What a deal for `count` prisoners of `value` each (`value_to_west`) paid by relief
    /// whose flows (and pressure lost) cost `flows` is worth to the actor: the prisoners,
    /// less the audience cost while others are held and the chance that the regime
    /// reneges.
    fn deal(&self, count: f64, value: f64, held: u64, flows: f64) -> f64 {
        let s = self.s;
        let w = s.weights;
        let audience = if count < held as f64 {
            w.audience_cost
        } else {
            0.0
        };
        count * value * (w.prisoner_freed + w.freed_in_own_deal)
            - audience
            - (1.0 - s.keeps) * w.credibility_lost
            - flows
    }

    /// What keeping `m` in force as a chip is worth: in each later month, the chance that
    /// the first deal comes then, times what trading `m` then would be worth, if positive.
    fn chip(&self, m: &MeasureFacts, held: u64) -> f64 {
        let s = self.s;
        if !m.negotiable || self.deal_hazard <= 0.0 {
            return 0.0;
        }
        let h = self.deal_hazard;
        let mut total = 0.0;
        let mut none_yet = 1.0;
        let mut discount = 1.0;
        let mut bite = m.bite;
        for j in 1..s.months_left {
            discount *= s.discount;
            bite *= m.kept;
            let count = self.bought(bite, s.price, held);
            let left = s.months_left - j;
            let gain = self.deal(
                count,
                s.value_to_west,
                held,
                self.flows(m, bite, left) + self.pressure_over(m, bite, left),
            );
            total += none_yet * h * discount * gain.max(0.0);
            none_yet *= 1.0 - h;
        }
        total
    }

    /// What a liberaliser gives back for `m` lifted without a deal, weighted by the belief.
    fn reciprocity(&self, m: &MeasureFacts, held: u64) -> f64 {
        let s = self.s;
        let freed = (self.reciprocity * self.bought(m.bite, s.ask, held)).min(held as f64);
        s.liberaliser * s.weights.prisoner_freed * s.value_to_west * freed
    }

    /// Each move's value relative to holding, holding first; `credited` is the reciprocity
    /// it counted for each measure it lifted on its own.
    fn options(
        &self,
        held: u64,
        reserve_left: bool,
        credited: &[(usize, f64)],
    ) -> [Option<(Move, f64)>; 4] {
        let s = self.s;
        let n = s.months_left;
        let mut out = [Some((Move::Hold, 0.0)), None, None, None];
        let mut k = 1;
        if let Some(r) = s.reserve.filter(|_| reserve_left) {
            let flat = annuity(1.0, s.discount, n);
            let value = -s.weights.sender_cost * r.sender_cost * flat
                + self.pressure(&r)
                + self.chip(&r, held);
            out[k] = Some((Move::Impose(r.measure), value));
            k += 1;
        }
        if let Some(m) = s.negotiable.first() {
            let value = -self.flows(m, m.bite, n) - self.pressure(m) - self.chip(m, held)
                + self.reciprocity(m, held);
            out[k] = Some((Move::Lift(m.measure), value));
            k += 1;
        }
        // It keeps its deals: no re-imposing while one is in its window (the engine counts
        // that as reneging), and never relief a deal lifted (the engine leaves that out of
        // `last_lifted`).
        // A liberaliser reads the relief taken back as bad faith and takes back what it
        // gave for it: lifting and re-imposing a measure earns nothing but the flows.
        if let Some(l) = s.last_lifted.filter(|_| !s.deal_open) {
            // What the lift was credited with.
            let given = credited
                .iter()
                .rev()
                .find(|(m, _)| *m == l.measure)
                .map_or(0.0, |(_, v)| *v);
            let value = self.flows(&l, l.bite, n) + self.pressure(&l) + self.chip(&l, held) - given;
            out[k] = Some((Move::Reimpose(l.measure), value));
        }
        out
    }

    /// What a deal for `count` prisoners of `value` each at `price` a prisoner is worth:
    /// its negotiable measures pay smallest first until their bite covers the price (all
    /// of them if it never does), as the engine executes it
    /// ([`crate::model::deal::relief_for`]).
    fn offer_value(&self, count: u64, value: f64, price: f64, held: u64) -> f64 {
        let target = price * count as f64;
        let (mut covered, mut flows) = (0.0, 0.0);
        for (bite, f) in self.parts() {
            if covered >= target {
                break;
            }
            covered += bite;
            flows += f;
        }
        self.deal(count as f64, value, held, flows)
    }

    /// The parts a deal lifts of its negotiable measures, smallest first as the engine
    /// lifts them ([`crate::model::sanctions::SanctionsBook::parts_into`]): each part's
    /// bite and what lifting it costs the actor (its flows and the pressure lost), the
    /// measure's shared equally among its parts.
    fn parts(&self) -> impl Iterator<Item = (f64, f64)> {
        let s = self.s;
        // Each measure once at its part's bite, sorted as the engine sorts parts (by value,
        // ties by measure), then repeated for each of its parts.
        let mut measures: Vec<(f64, f64, usize, u32)> = s
            .negotiable
            .iter()
            .map(|m| {
                let n = m.parts.max(1);
                let flows = self.flows(m, m.bite, s.months_left) + self.pressure(m);
                (m.bite / f64::from(n), flows / f64::from(n), m.measure, n)
            })
            .collect();
        if s.negotiable.iter().any(|m| m.parts > 1) {
            measures.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        }
        measures
            .into_iter()
            .flat_map(|(bite, flows, _, n)| std::iter::repeat_n((bite, flows), n as usize))
    }

    /// The least release of the first class it accepts in a deal now: the first count, with
    /// its negotiable measures paying smallest first, whose deal is worth more than
    /// `threshold`; `None` if none is.
    fn deal_minimum(&self, held: u64, threshold: f64) -> Option<u64> {
        let s = self.s;
        let w = s.weights;
        let per_prisoner = s.value_to_west * (w.prisoner_freed + w.freed_in_own_deal);
        if per_prisoner <= 0.0 || s.price <= 0.0 || held == 0 {
            return None;
        }
        let mut bite = 0.0;
        let mut flows = 0.0;
        for (part, f) in self.parts() {
            let lo = (bite / s.price).floor() + 1.0;
            bite += part;
            flows += f;
            let hi = (bite / s.price).floor().min(held as f64);
            if hi < lo {
                continue;
            }
            // The deal's value rises with the count: the least count clearing the
            // threshold, audience cost included (a count below those held).
            let fixed = w.audience_cost + (1.0 - s.keeps) * w.credibility_lost + flows;
            let least = ((fixed + threshold) / per_prisoner).ceil().max(lo).max(1.0);
            if least <= hi {
                return Some(least as u64);
            }
            // All held released: no audience cost.
            if hi >= held as f64 && self.deal(hi, s.value_to_west, held, flows) > threshold {
                return Some(hi as u64);
            }
        }
        None
    }
}

impl WestStrategy for BestResponse {
    fn decide(&mut self, view: &WestView, rng: &mut StreamRng) -> WestAction {
        let record = view.record;
        self.own_released +=
            (record.released_this_month - record.released_in_deals_this_month) as f64;
        self.months += 1;
        // Two draws every month, whatever happens: the move, then next month's threshold.
        let u_move = unit_f64(rng);
        let u_deal = unit_f64(rng);
        self.threshold = threshold(self.params.precision, u_deal);
        let Some(s) = view.sight else {
            self.why = None;
            return WestAction::default();
        };
        let valuer = self.valuer(s);
        let options = valuer.options(record.stock, view.reserve_left > 0, &self.credited);
        let values: Vec<f64> = options.iter().flatten().map(|(_, v)| *v).collect();
        let i = choice::choose(&values, self.params.precision, u_move, &mut self.scratch);
        let (chosen, value) = options[i].unwrap_or((Move::Hold, 0.0));
        self.why = Some(Explanation {
            chosen,
            value,
            probability: self.scratch[i],
            options,
            liberaliser: s.liberaliser,
            keeps: s.keeps,
        });
        match chosen {
            Move::Lift(m) => {
                let given = s
                    .negotiable
                    .first()
                    .map_or(0.0, |f| valuer.reciprocity(f, record.stock));
                self.credited.push((m, given));
            }
            Move::Reimpose(m) => self.credited.retain(|(c, _)| *c != m),
            _ => {}
        }
        match chosen {
            Move::Hold => WestAction::default(),
            Move::Impose(_) => WestAction {
                impose_packages: 1,
                ..Default::default()
            },
            Move::Lift(_) => WestAction {
                lift: 1,
                ..Default::default()
            },
            Move::Reimpose(_) => WestAction {
                reimpose: 1,
                ..Default::default()
            },
        }
    }

    fn deal_minimum(&self, view: &WestView) -> Option<u64> {
        let s = view.sight?;
        self.valuer(s)
            .deal_minimum(view.record.stock, self.threshold)
    }

    fn accepts(&self, view: &WestView, count: u64, value: f64, price: f64) -> bool {
        view.sight.is_some_and(|s| {
            self.valuer(s)
                .offer_value(count, value, price, view.record.stock)
                > self.threshold
        })
    }

    fn wants_sight(&self) -> bool {
        true
    }

    fn explanation(&self) -> Option<Explanation> {
        self.why
    }
}

impl BestResponse {
    fn valuer<'s>(&self, s: &'s WestSight<'s>) -> Valuer<'s> {
        let chance = (f64::from(s.deals) + 1.0) / (f64::from(s.rounds) + 2.0);
        Valuer {
            s,
            rate: self.release_rate(),
            reciprocity: self.params.reciprocity,
            deal_hazard: s.round_chance * chance,
        }
    }
}

/// The value a deal must exceed for a quantal chooser of `precision` to take it, from the
/// uniform draw `u`: it accepts with probability `1 / (1 + e^(-precision × value))`, so
/// with `u` below that, that is with value above `logit(u) / precision`.
pub fn threshold(precision: f64, u: f64) -> f64 {
    if precision == f64::INFINITY {
        0.0
    } else if precision == 0.0 {
        if u < 0.5 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }
    } else {
        (u / (1.0 - u)).ln() / precision
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    fn weights() -> WestPayoff {
        // relief_given 0.2, sender_cost 1, credibility_lost 10, no audience cost.
        WestPayoff::default()
    }

    fn facts(measure: usize, bite: f64, sender_cost: f64) -> MeasureFacts {
        MeasureFacts {
            parts: 1,
            share_left: 1.0,
            measure,
            bite,
            kept: 1.0,
            sender_cost,
            security: false,
            negotiable: true,
        }
    }

    fn sight<'a>(w: &'a WestPayoff, negotiable: &'a [MeasureFacts]) -> WestSight<'a> {
        WestSight {
            weights: w,
            discount: 1.0,
            months_left: 10,
            liberaliser: 0.0,
            keeps: 1.0,
            reserve: None,
            negotiable,
            last_lifted: None,
            ask: 0.05,
            price: 0.1,
            value_to_west: 1.0,
            round_chance: 0.0,
            rounds: 0,
            deals: 0,
            release_slope: 0.0,
            arrest_slope: 0.0,
            deal_open: false,
        }
    }

    fn best(precision: f64) -> BestResponse {
        BestResponse::new(&WestBestResponseParams {
            precision,
            reciprocity: 0.25,
        })
    }

    #[test]
    fn annuities_have_their_closed_forms() {
        assert_eq!(annuity(1.0, 1.0, 10), 10.0);
        assert_eq!(annuity(0.5, 1.0, 0), 0.0);
        // 1 + 0.45 + 0.45^2
        assert!((annuity(0.5, 0.9, 3) - (1.0 + 0.45 + 0.2025)).abs() < 1e-12);
    }

    /// One measure, no chips, no pressure, no reciprocity: lifting is worth its sender cost
    /// saved less the relief it gives, to the horizon, and a best response lifts exactly
    /// when that is positive.
    #[test]
    fn a_best_response_lifts_when_the_sender_cost_saved_exceeds_the_relief_given() {
        let w = weights();
        for (sender, lifts) in [(3.0, true), (1.0, false)] {
            // Relief 0.2 x 10 a month = 2 against the sender cost.
            let m = [facts(7, 10.0, sender)];
            let s = sight(&w, &m);
            let mut b = best(f64::INFINITY);
            let record = PublicRecord {
                stock: 100,
                ..Default::default()
            };
            let mut view = west_view(&record, false);
            view.sight = Some(&s);
            let a = b.decide(&view, &mut rng());
            assert_eq!(a.lift == 1, lifts, "sender cost {sender}");
            let why = b.explanation().expect("an explanation");
            let lift = why.options[1].expect("a lift weighed");
            assert_eq!(lift.0, Move::Lift(7));
            assert!((lift.1 - (sender - 2.0) * 10.0).abs() < 1e-9, "{lift:?}");
        }
    }

    /// At finite precision the lift is chosen with its logit probability: over many
    /// draws, its share is within 4 standard errors of `1 / (1 + e^(-λ v))`.
    #[test]
    fn a_quantal_actor_lifts_with_the_logit_probability() {
        let w = weights();
        let m = [facts(0, 10.0, 2.1)];
        let s = sight(&w, &m);
        let precision = 0.5;
        let mut b = best(precision);
        let record = PublicRecord {
            stock: 100,
            ..Default::default()
        };
        let mut view = west_view(&record, false);
        view.sight = Some(&s);
        let mut r = rng();
        let n = 20_000;
        let lifts = (0..n).filter(|_| b.decide(&view, &mut r).lift == 1).count();
        // Lift worth (2.1 - 2) x 10 = 1.
        let p = 1.0 / (1.0 + (-precision * 1.0_f64).exp());
        let se = (p * (1.0 - p) / n as f64).sqrt();
        let share = lifts as f64 / n as f64;
        assert!((share - p).abs() < 4.0 * se, "share {share}, expected {p}");
    }

    /// A liberaliser's reciprocity makes the lift worth more as the belief in it grows,
    /// by the belief times the prisoners given back.
    #[test]
    fn the_belief_in_a_liberaliser_raises_the_value_of_lifting() {
        let w = weights();
        let m = [facts(0, 10.0, 0.0)];
        let mut s = sight(&w, &m);
        let b = best(1.0);
        let value = |s: &WestSight| b.valuer(s).options(1000, false, &[])[1].expect("lift").1;
        s.liberaliser = 0.0;
        let doubt = value(&s);
        s.liberaliser = 0.8;
        let trust = value(&s);
        // 0.25 x 10 / 0.05 = 50 given back, times 0.8.
        assert!((trust - doubt - 40.0).abs() < 1e-9, "{doubt} {trust}");
    }

    /// No money pump: lifting a measure and re-imposing it at once are worth exactly
    /// opposite amounts, reciprocity included.
    #[test]
    fn lifting_and_re_imposing_a_measure_cancel_out() {
        let w = weights();
        let m = facts(3, 10.0, 1.0);
        let list = [m];
        let mut s = sight(&w, &list);
        s.liberaliser = 0.9;
        let b = best(1.0);
        let lift = b.valuer(&s).options(1000, false, &[])[1].expect("lift").1;
        let credited = [(3, b.valuer(&s).reciprocity(&m, 1000))];
        assert!(credited[0].1 > 0.0);
        let none: [MeasureFacts; 0] = [];
        let mut after = sight(&w, &none);
        // A month later the belief has moved: what is taken back is what was credited.
        after.liberaliser = 0.5;
        after.last_lifted = Some(m);
        let back = b.valuer(&after).options(1000, false, &credited)[1].expect("re-impose");
        assert_eq!(back.0, Move::Reimpose(3));
        assert!((lift + back.1).abs() < 1e-9, "{lift} {back:?}");
    }

    /// Keeping a measure as a chip: with a round and a deal certain next month, the chip
    /// is the deal's value then, discounted once.
    #[test]
    fn a_chip_is_worth_the_deal_it_buys() {
        let w = weights();
        let m = facts(0, 1.0, 0.0);
        let list = [m];
        let mut s = sight(&w, &list);
        s.months_left = 2;
        s.discount = 0.9;
        s.round_chance = 1.0;
        s.rounds = 1_000_000;
        s.deals = 1_000_000;
        let b = best(1.0);
        let v = b.valuer(&s);
        // Next month: 1 / 0.1 = 10 prisoners for relief 0.2 x 1 over the 1 month left.
        let deal = 10.0 - 0.2;
        let hazard = (1_000_000.0 + 1.0) / (1_000_000.0 + 2.0);
        assert!((v.chip(&m, 100) - hazard * 0.9 * deal).abs() < 1e-9);
    }

    /// The chip in closed form: no flows, no discount, no erosion, so a deal is worth its
    /// 10 prisoners whenever it comes: `10 (1 - (1 - h)^(n-1))`.
    #[test]
    fn a_chip_over_many_months_has_its_closed_form() {
        let mut w = weights();
        w.relief_given = 0.0;
        w.sender_cost = 0.0;
        let m = facts(0, 1.0, 0.0);
        let list = [m];
        let mut s = sight(&w, &list);
        s.round_chance = 0.2;
        let b = best(1.0);
        let v = b.valuer(&s);
        let h: f64 = 0.2 * 0.5;
        let expected = 10.0 * (1.0 - (1.0 - h).powi(9));
        assert!((v.chip(&m, 100) - expected).abs() < 1e-9);
    }

    /// Pressure acts a month late: a bite in force for the 10 months left moves the
    /// releases of the 9 after this one, `0.3 x 10 x 9` with 30 releases a month and a
    /// slope of 0.01; in the last month, nothing.
    #[test]
    fn pressure_moves_the_months_after_the_cost() {
        let w = weights();
        let m = facts(0, 10.0, 0.0);
        let list = [m];
        let mut s = sight(&w, &list);
        s.release_slope = 0.01;
        let v = Valuer {
            s: &s,
            rate: 30.0,
            reciprocity: 0.0,
            deal_hazard: 0.0,
        };
        assert!((v.pressure(&m) - 27.0).abs() < 1e-9);
        let mut last = s;
        last.months_left = 1;
        let v = Valuer {
            s: &last,
            rate: 30.0,
            reciprocity: 0.0,
            deal_hazard: 0.0,
        };
        assert_eq!(v.pressure(&m), 0.0);
    }

    /// An offer is valued as the engine executes it: one prisoner more than the first
    /// measure pays for takes the second too, and may be worth less than the minimum's.
    #[test]
    fn an_offer_that_needs_one_more_measure_can_be_refused_above_the_minimum() {
        let mut w = weights();
        w.relief_given = 1.0;
        // Bites 1 and 10 at 0.1 a prisoner: 10 prisoners for the first (relief 1 x 10
        // months = 10), 11 need both (relief 110).
        let m = [facts(0, 1.0, 0.0), facts(1, 10.0, 0.0)];
        let s = sight(&w, &m);
        let b = best(f64::INFINITY);
        let v = b.valuer(&s);
        assert_eq!(v.deal_minimum(1000, 0.0), Some(10));
        assert!(v.offer_value(10, 1.0, 0.1, 1000) >= 0.0);
        assert!(v.offer_value(11, 1.0, 0.1, 1000) < 0.0);
        // Prisoners of a class worth twenty times as much pay for both measures.
        assert!(v.offer_value(11, 20.0, 0.1, 1000) > 0.0);
    }

    /// The least acceptable deal: the first count whose value clears the threshold.
    #[test]
    fn the_deal_minimum_is_the_least_count_worth_its_relief() {
        let mut w = weights();
        w.audience_cost = 5.0;
        let m = [facts(0, 10.0, 0.0)];
        let s = sight(&w, &m);
        let b = best(f64::INFINITY);
        let v = b.valuer(&s);
        // Relief 0.2 x 10 x 10 months = 20, audience 5: 25 prisoners, within the 100 the
        // measure buys at 0.1.
        assert_eq!(v.deal_minimum(1000, 0.0), Some(25));
        // A threshold of 10 more: 35.
        assert_eq!(v.deal_minimum(1000, 10.0), Some(35));
        // Releasing everyone held costs no audience: 21 when 21 are held, worth 21 - 20.
        assert_eq!(v.deal_minimum(21, 0.0), Some(21));
        // Nothing to pay with: no deal.
        let none: [MeasureFacts; 0] = [];
        let s = sight(&w, &none);
        assert_eq!(b.valuer(&s).deal_minimum(1000, 0.0), None);
    }

    #[test]
    fn the_threshold_is_the_logit_of_the_draw() {
        assert_eq!(threshold(f64::INFINITY, 0.3), 0.0);
        assert_eq!(threshold(0.0, 0.3), f64::NEG_INFINITY);
        assert_eq!(threshold(0.0, 0.7), f64::INFINITY);
        assert!((threshold(0.5, 0.75) - 3f64.ln() / 0.5).abs() < 1e-12);
    }
}
