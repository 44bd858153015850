//! `best-response`: a regime that chooses by expected utility under its beliefs.
//!
//! Each month it weighs holding against every release of its menu (each size at home and,
//! if `deport`, deported), and in each bargaining round the offers it could make and the
//! counter-offer before it. An action's value is:
//! - its effect on the regime's own state, from tables solved once per batch by backward
//!   induction ([`crate::model::decision`]): the hardliners' discontent and their veto,
//!   legitimacy (worth more before an election), the worth of deportees;
//! - the West's answer it can foresee, under its beliefs: for each Western actor and each
//!   type it might be (one of the library's Western strategies), what that strategy would
//!   lift because of the release ([`WestStrategy::relief_if`]), valued as the sanctions
//!   cost it removes to the horizon, eroding and discounted;
//! - in a deal, the relief agreed, times the chance that the counterpart accepts, which
//!   its belief gives from each type's least acceptable release
//!   ([`WestStrategy::deal_minimum`]).
//!
//! It chooses by logit at `precision` ([`crate::model::choice`]). It keeps, for each
//! Western actor, a shadow of every Western strategy fed what the actor sees, and after
//! each month's moves updates its belief by Bayes' rule: a type whose shadow made the
//! move seen has likelihood `1 - tremble`, any other `tremble`.

use crate::model::belief::Belief;
use crate::model::choice;
use crate::model::decision::{MenuItem, Milestone, Problem, Tables, annuity};
use crate::model::feedback;
use crate::model::sanctions::{BiteTables, SanctionsBook, kept_per_month};
use crate::scenario::dist::unit_f64;
use crate::scenario::{
    BenchmarkSpec, Coordination, ReleaseMode, Scenario, WestActor, WestStrategyName,
};
use crate::strategy::{
    AnyWest, Lift, RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng, WestAction,
    WestStrategy, WestView, new_west,
};
use rand::SeedableRng;
use std::sync::Arc;

/// What every run of a batch shares: the solved tables and what values relief.
#[derive(Debug)]
pub struct Model {
    tables: Tables,
    /// Per measure, `(discount × erosion)^k` for `k` in `0..=horizon`: [`annuity`] by
    /// lookup.
    powers: Vec<Vec<f64>>,
    /// Per measure, the sum of the first `n` of its `powers` in closed form, for `n` in
    /// `0..=horizon`.
    sums: Vec<Vec<f64>>,
    /// `payoffs.regime.sanctions_cost`.
    /// `bargaining.tranches_per_measure`: 1 lifts whole measures.
    tranches: u32,
    sanctions_weight: f64,
    /// The class it releases.
    class: usize,
    /// `sizes`, in order.
    sizes: Vec<u64>,
    /// For each item of the menu, the place in `sizes` of its count (`None` for holding).
    menu_sizes: Vec<Option<usize>>,
    precision: f64,
    tremble: f64,
    prior: Belief,
    /// Per Western actor, whether the tables count its incremental benchmark as a
    /// milestone (then the answer of the types that meet it is priced against the prior).
    milestone: [bool; 4],
}

/// The types a Western actor may be: the Western strategies.
const TYPES: usize = WestStrategyName::SCRIPTS.len();

/// The Western strategies whose answer is relief once a benchmark is met.
const BENCHMARK_TYPES: [WestStrategyName; 2] = [
    WestStrategyName::ReleaseFirst,
    WestStrategyName::SanctionsFirst,
];

/// The benchmark `actor` applies in `sc` (the common one for the US and the EU when
/// aligned).
fn benchmark_of(sc: &Scenario, actor: WestActor) -> &BenchmarkSpec {
    let aligned =
        sc.coordination == Coordination::Aligned && matches!(actor, WestActor::Us | WestActor::Eu);
    if aligned {
        &sc.common_benchmark
    } else {
        &sc.west[actor.index()].benchmark
    }
}

/// Each measure's bite kept a month.
fn erosion(sc: &Scenario) -> Vec<f64> {
    sc.measures.iter().map(kept_per_month).collect()
}

/// The milestones: each actor's incremental benchmark, worth the relief of all its
/// negotiable measures in force at the start (net of the cushion before a ceasefire),
/// lifted after the delay of each benchmark type, weighted by the prior chance of that
/// type.
fn milestones(sc: &Scenario, prior: &Belief, erosion: &[f64]) -> (Vec<Milestone>, [bool; 4]) {
    let book = SanctionsBook::new(&sc.measures);
    let bites = BiteTables::new(&sc.measures, sc.horizon_months);
    let net = 1.0 - feedback::cushion(&sc.russia, false);
    let weight = sc.payoffs.regime.sanctions_cost;
    let delta = sc.payoffs.discount_per_month;
    let mut out = Vec::new();
    let mut counted = [false; 4];
    for a in WestActor::ALL {
        let BenchmarkSpec::Incremental { releases } = *benchmark_of(sc, a) else {
            continue;
        };
        let measures =
            book.negotiable_by_value(&sc.measures, &bites, sc.transit_veto.as_ref(), a, 0);
        if measures.is_empty() {
            continue;
        }
        let w = &sc.west[a.index()];
        let types = BENCHMARK_TYPES.map(|ty| {
            let i = WestStrategyName::SCRIPTS
                .iter()
                .position(|n| *n == ty)
                .unwrap_or(0);
            let delay = match ty {
                WestStrategyName::SanctionsFirst => w.sanctions_first.delay_months,
                _ => w.release_first.delay_months,
            };
            (prior.probability(i), delay)
        });
        let value = (0..sc.horizon_months)
            .map(|t| {
                types
                    .iter()
                    .map(|(p, delay)| {
                        p * measures
                            .iter()
                            .map(|(i, v)| {
                                let now = v * net * erosion[*i].powi(t as i32);
                                annuity(
                                    now,
                                    erosion[*i],
                                    delta,
                                    weight,
                                    t,
                                    *delay,
                                    sc.horizon_months,
                                )
                            })
                            .sum::<f64>()
                    })
                    .sum()
            })
            .collect();
        out.push(Milestone { releases, value });
        counted[a.index()] = true;
    }
    (out, counted)
}

impl Model {
    /// Builds the menu and solves the tables for `sc`'s regime (whatever its strategy).
    pub fn new(sc: &Scenario) -> Model {
        let r = &sc.regime;
        let b = &r.best_response;
        let class = r.targets.best_response.class;
        let classes = &sc.prisoners.classes;
        let value = |c: usize| classes.get(c).map_or(1.0, |k| k.value_to_regime);
        let mut menu = vec![MenuItem::HOLD];
        for &count in &b.sizes {
            menu.push(MenuItem {
                count,
                mode: ReleaseMode::Home,
            });
            if b.deport {
                menu.push(MenuItem {
                    count,
                    mode: ReleaseMode::Deportation,
                });
            }
        }
        let pardons = (0..sc.horizon_months)
            .map(|m| {
                let holiday = sc.events.holiday_months.contains(&sc.calendar(m).month());
                if holiday && !classes.is_empty() {
                    r.holiday_pardons
                } else {
                    0
                }
            })
            .collect();
        let elections = sc.election_months();
        let h = &r.hardliners;
        let weights: Vec<f64> = b.prior.weights().iter().map(|(_, w)| *w).collect();
        let prior = Belief::from_weights(&weights).unwrap_or_else(|| Belief::uniform(5));
        let erosion = erosion(sc);
        let (milestones, milestone) = milestones(sc, &prior, &erosion);
        let problem = Problem {
            horizon_months: sc.horizon_months,
            discount: sc.payoffs.discount_per_month,
            hardliners: h.clone(),
            discontent_weight: sc.payoffs.regime.hardliner_discontent,
            discontent_per_prisoner: h.discontent_per_release * value(class),
            discontent_per_pardon: h.discontent_per_release * value(0),
            legitimacy: r.legitimacy.clone(),
            legitimacy_weight: sc.payoffs.regime.legitimacy,
            legitimacy_per_prisoner: r.legitimacy.per_release * value(class),
            legitimacy_per_pardon: r.legitimacy.per_release * value(0),
            deportation_weight: sc.payoffs.regime.deportation,
            veto_weight: sc.payoffs.regime.hardliner_veto,
            refusal_probability: sc.releases.refusal_probability,
            pardons,
            elections,
            menu,
            purges: b.purges.clone(),
            appeasement: h.appeasement_per_arrest,
            purge_weight: sc.payoffs.regime.purge_arrest,
            holding_weight: sc.payoffs.regime.prisoner_month,
            precision: b.precision,
            milestones,
        };
        let delta = sc.payoffs.discount_per_month;
        let powers = erosion
            .iter()
            .map(|e| {
                let r = delta * e;
                std::iter::successors(Some(1.0), |x| Some(x * r))
                    .take(sc.horizon_months as usize + 1)
                    .collect()
            })
            .collect::<Vec<Vec<f64>>>();
        let sums = powers
            .iter()
            .map(|pw| {
                let r = pw.get(1).copied().unwrap_or(1.0);
                (0..pw.len())
                    .map(|n| {
                        if (r - 1.0).abs() < 1e-12 {
                            n as f64
                        } else {
                            (1.0 - pw[n]) / (1.0 - r)
                        }
                    })
                    .collect()
            })
            .collect();
        let menu_sizes = problem
            .menu
            .iter()
            .map(|item| b.sizes.iter().position(|k| *k == item.count))
            .collect();
        Model {
            tables: Tables::solve(problem),
            powers,
            sums,
            sanctions_weight: sc.payoffs.regime.sanctions_cost,
            tranches: sc.bargaining.tranches_per_measure,
            class,
            sizes: b.sizes.clone(),
            menu_sizes,
            precision: b.precision,
            tremble: b.tremble,
            prior,
            milestone,
        }
    }

    /// The solved tables.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    /// What lifting `measures` (index, value a month now, smallest first) from
    /// `delay` months on is worth at month `t`: the first `count` of them (all for
    /// `u32::MAX`); then, for `pay_for` prisoners at `price` each, the next ones smallest
    /// first until their value covers the price: whole measures, as the engine lifts them
    /// ([`crate::model::deal::relief_for`]), or with measures lifted in parts, the last in
    /// the share that covers it (the engine overshoots by less than a part, and orders
    /// parts by their value, which this leaves out).
    fn lift_value(&self, measures: &[(usize, f64)], lift: Lift, t: u32, price: f64) -> f64 {
        let n = (lift.count as usize).min(measures.len());
        let whole: f64 = measures[..n]
            .iter()
            .map(|(i, v)| self.annuity(*i, *v, t, lift.after_months))
            .sum();
        if lift.pay_for == 0 || price <= 0.0 {
            return whole;
        }
        let mut left = price * lift.pay_for as f64;
        let mut paid = 0.0;
        for &(i, v) in &measures[n..] {
            if left <= 0.0 {
                break;
            }
            let bought = if self.tranches == 1 { v } else { v.min(left) };
            left -= bought;
            paid += self.annuity(i, bought, t, lift.after_months);
        }
        whole + paid
    }

    /// [`annuity`] of measure `i`, worth `value` a month now, by table lookup.
    fn annuity(&self, i: usize, value: f64, t: u32, delay: u32) -> f64 {
        let horizon = self.tables.problem().horizon_months;
        let start = t.saturating_add(delay);
        if start >= horizon {
            return 0.0;
        }
        let n = (horizon - start) as usize;
        self.sanctions_weight * value * self.powers[i][delay as usize] * self.sums[i][n]
    }
}

/// What a choosing regime sees besides the public record: its own state, each Western
/// actor's position, and in a bargaining round the terms on the table.
#[derive(Debug, Clone, Copy)]
pub struct Sight<'a> {
    /// The hardliners' discontent now (after this month's decay and releases so far).
    pub discontent: f64,
    /// Whether the hardliners block releases this month.
    pub blocked: bool,
    /// Prisoners released since the start, by any route, so far.
    pub progress: f64,
    /// Each Western actor's view, as the engine would give it now, by
    /// [`WestActor::index`].
    pub west: &'a [WestView<'a>; 4],
    /// Each actor's negotiable measures in force, with what each is worth to the regime a
    /// month (net of the cushion and the transit veto), smallest first.
    pub relief: &'a [Vec<(usize, f64)>; 4],
    /// Each actor's going price per prisoner of the first class, USD m a month: what it
    /// pays for releases outside deals ([`crate::strategy::WestAction::pay_for`]), by
    /// [`WestActor::index`].
    pub prices: [f64; 4],
    /// In a bargaining round, the terms.
    pub deal: Option<DealTerms<'a>>,
    /// Whether the engine narrates the decision ([`RegimeStrategy::explanation`]): when
    /// not, no [`Explanation`] is built.
    pub explain: bool,
}

/// The terms of a bargaining round, for the regime's target class.
#[derive(Debug, Clone, Copy)]
pub struct DealTerms<'a> {
    /// The Western actors across the table, the lead first.
    pub members: &'static [WestActor],
    /// Relief per prisoner, USD m a month, if they accept the regime's offer.
    pub price: f64,
    /// Relief per prisoner in their counter-offer.
    pub counter_price: f64,
    /// Whether a deal can be struck at all: their bid covers the regime's ask.
    pub surplus: bool,
    /// The least relief a month per prisoner the regime asks (the ask).
    pub ask: f64,
    /// Their negotiable measures, worth to the regime a month, smallest first.
    pub offer: &'a [(usize, f64)],
    /// The most prisoners a deal may free now (`bargaining.largest_deal_before_ceasefire`
    /// before a ceasefire; `u64::MAX` without a limit).
    pub largest: u64,
}

/// A decision of a choosing regime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Choice {
    /// No release this month.
    Hold,
    /// A release on its own.
    Release(MenuItem),
    /// No offer in the round.
    NoOffer,
    /// An offer of a release for relief.
    Offer(MenuItem),
    /// Accepted the counterpart's counter-offer.
    Accept,
    /// Refused it.
    Reject,
}

/// Why a choosing regime chose what it did: the values it weighed and its beliefs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Explanation {
    /// What it chose.
    pub chosen: Choice,
    /// Its expected utility, USD-million equivalents, over the default: holding, making no
    /// offer, or refusing.
    pub value: f64,
    /// The best of the other actions and its expected utility, on the same scale.
    pub alternative: Option<(Choice, f64)>,
    /// The part of the chosen action's value that is the West's answer or a deal's relief.
    pub west_value: f64,
    /// The probability it gave the action (the logit).
    pub probability: f64,
    /// For each Western actor, its most likely type and the probability it gives it.
    pub beliefs: [(WestStrategyName, f64); 4],
    /// Before its month's release: the purge it chose, if any (arrests ordered), its
    /// expected utility over none, and the probability it gave it.
    pub purge: Option<Purge>,
}

/// A purge chosen before the month's release: arrests ordered to reassure the hardliners.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Purge {
    /// Arrests ordered.
    pub arrests: u64,
    /// Its expected utility over no purge, USD-million equivalents.
    pub value: f64,
    /// The probability it gave it (the logit).
    pub probability: f64,
}

/// The strategy (see the module documentation).
#[derive(Debug, Clone)]
pub struct BestResponse {
    model: Arc<Model>,
    /// What it keeps about the Western actors: a shadow of each type and a belief.
    types: Types,
    /// Draws of the shadows (no Western strategy draws today; kept apart from the world's).
    shadow_rng: StreamRng,
    /// Buffers reused from decision to decision.
    buf: Buffers,
    last: Option<Explanation>,
}

/// What a choosing regime keeps about each Western actor: a shadow of every type it may
/// be, fed what the actor sees, and its belief over them.
#[derive(Debug, Clone)]
struct Types {
    /// Per Western actor, a shadow of each Western strategy, in
    /// [`WestStrategyName::SCRIPTS`] order.
    shadows: [Vec<AnyWest>; 4],
    beliefs: [Belief; 4],
    /// Per Western actor, the weight of each type's answer in [`Types::answers_into`]:
    /// its belief, less the prior for a benchmark the tables count. Kept with the beliefs.
    weights: [[f64; TYPES]; 4],
}

/// The buffers of a decision, reused from one to the next.
#[derive(Debug, Clone, Default)]
struct Buffers {
    /// Each action's value over the default, and the part of it that is the West's.
    values: Vec<f64>,
    west: Vec<f64>,
    /// The logit's probability of each action.
    probabilities: Vec<f64>,
    /// The actions, in the order of `values`.
    choices: Vec<Choice>,
    /// The counts the West would see, their answers' worth, and each offer's chance.
    counts: Vec<u64>,
    answers: Vec<f64>,
    chances: Vec<f64>,
}

impl BestResponse {
    /// A fresh strategy for one run.
    pub fn new(model: &Arc<Model>, sc: &Scenario) -> Self {
        let mut types = Types {
            shadows: sc.west.each_ref().map(|w| {
                WestStrategyName::SCRIPTS
                    .iter()
                    .map(|name| new_west(w, *name))
                    .collect()
            }),
            beliefs: std::array::from_fn(|_| model.prior.clone()),
            weights: [[0.0; TYPES]; 4],
        };
        for i in 0..4 {
            types.weigh(model, i);
        }
        BestResponse {
            model: Arc::clone(model),
            types,
            shadow_rng: StreamRng::seed_from_u64(0),
            buf: Buffers::default(),
            last: None,
        }
    }

    /// The belief about `actor`'s type, in [`WestStrategyName::SCRIPTS`] order.
    pub fn belief(&self, actor: WestActor) -> &Belief {
        &self.types.beliefs[actor.index()]
    }
}

impl Types {
    /// Works out `weights` of the actor of index `i` from its belief.
    fn weigh(&mut self, model: &Model, i: usize) {
        for (ty, name) in WestStrategyName::SCRIPTS.iter().enumerate() {
            let mut weight = self.beliefs[i].probability(ty);
            if model.milestone[i] && BENCHMARK_TYPES.contains(name) {
                // The tables count this actor's benchmark at the prior chance of the
                // types that answer it: only the belief's departure from the prior is
                // added by the answers.
                weight -= model.prior.probability(ty);
            }
            self.weights[i][ty] = weight;
        }
    }

    fn belief_summary(&self) -> [(WestStrategyName, f64); 4] {
        self.beliefs.each_ref().map(|b| {
            let i = b.most_likely();
            (WestStrategyName::SCRIPTS[i], b.probability(i))
        })
    }

    /// The expected worth of the West's answers to each of `counts` more released this
    /// month, after `base` already due (`in_deal`: in a deal), over every actor and the
    /// types it may be, written into `out`. A type of belief below 1e-4 (or, for a
    /// benchmark counted in the tables, departing from the prior by less) is skipped, and so
    /// is one whose answer does not change up to the largest count: answers never fall as
    /// releases grow ([`WestStrategy::relief_if`]).
    #[allow(clippy::too_many_arguments)]
    fn answers_into(
        &self,
        model: &Model,
        sight: &Sight,
        t: u32,
        base: u64,
        counts: &[u64],
        in_deal: bool,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        out.resize(counts.len(), 0.0);
        let Some(&largest) = counts.iter().max() else {
            return;
        };
        for a in WestActor::ALL {
            let i = a.index();
            let view = &sight.west[i];
            let measures = &sight.relief[i];
            if measures.is_empty() {
                continue;
            }
            for (ty, &weight) in self.weights[i].iter().enumerate() {
                if weight.abs() < 1e-4 {
                    continue;
                }
                let shadow = &self.shadows[i][ty];
                let without = shadow.relief_if(view, base, in_deal);
                if shadow.relief_if(view, base + largest, in_deal) == without {
                    continue;
                }
                let price = sight.prices[i];
                let before = model.lift_value(measures, without, t, price);
                // Answers repeat from count to count: each valued once.
                let mut last = (without, before);
                for (k, count) in counts.iter().enumerate() {
                    let with = shadow.relief_if(view, base + count, in_deal);
                    if with != without {
                        if with != last.0 {
                            last = (with, model.lift_value(measures, with, t, price));
                        }
                        out[k] += weight * (last.1 - before);
                    }
                }
            }
        }
    }

    /// The least release each of `members` (by place) accepts now under each type it may
    /// be, in [`WestStrategyName::SCRIPTS`] order ([`WestStrategy::deal_minimum`]).
    fn minima(&self, sight: &Sight, members: &[WestActor]) -> [[Option<u64>; TYPES]; 4] {
        let mut out = [[None; TYPES]; 4];
        for (m, a) in out.iter_mut().zip(members) {
            let i = a.index();
            for (ty, shadow) in self.shadows[i].iter().enumerate().take(TYPES) {
                m[ty] = shadow.deal_minimum(&sight.west[i]);
            }
        }
        out
    }

    /// The chance that `members` accept a release of `count`: each one's type accepts it
    /// if its least acceptable release (`minima`, [`Types::minima`]) is at most `count`.
    fn acceptance(
        &self,
        members: &[WestActor],
        minima: &[[Option<u64>; TYPES]; 4],
        count: u64,
    ) -> f64 {
        members
            .iter()
            .zip(minima)
            .map(|(a, minimum)| {
                self.beliefs[a.index()]
                    .expect(|ty| f64::from(u8::from(minimum[ty].is_some_and(|k| k <= count))))
            })
            .product()
    }
}

impl Model {
    /// The value of a deal releasing `item` at `price` a prisoner, against no deal, and
    /// the part of it that is relief; `answers` is the worth of the West's answers to its
    /// release ([`Types::answers_into`]), `no_deal` the value of ending the month as it
    /// stands ([`Tables::end`] from the sight's discontent and progress, nothing blocked).
    #[allow(clippy::too_many_arguments)]
    fn deal_value(
        &self,
        sight: &Sight,
        terms: &DealTerms,
        t: u32,
        item: MenuItem,
        price: f64,
        answers: f64,
        no_deal: f64,
    ) -> (f64, f64) {
        let tables = &self.tables;
        let pr = tables.problem();
        let released = pr.expected_released(item);
        let d = sight.discontent;
        let progress = sight.progress;
        let reached = progress + released;
        let own = tables.release_gain(t, released, item.mode)
            + pr.legitimacy.per_deal * tables.legitimacy(t)
            + tables.milestones_met(t, progress, reached)
            + tables.end_after(t, pr.add(d, released, pr.discontent_per_prisoner), reached)
            - no_deal;
        // The measures that pay for it, smallest first, until their value covers the price
        // (as `model::deal::relief_for`).
        let target = price * released;
        let mut covered = 0.0;
        let mut relief = 0.0;
        for (i, v) in terms.offer {
            if covered >= target {
                break;
            }
            covered += v;
            relief += self.annuity(*i, *v, t, 0);
        }
        (own + relief + answers, relief + answers)
    }
}

impl Buffers {
    /// Chooses among `values` by logit at `precision` with a draw from `rng`; the
    /// probabilities are left in `probabilities`.
    fn choose(&mut self, precision: f64, rng: &mut StreamRng) -> usize {
        let u = unit_f64(rng);
        choice::choose(&self.values, precision, u, &mut self.probabilities)
    }

    /// Why `chosen` was chosen among `choices`: its values, the best alternative and the
    /// beliefs of `types`.
    fn explain(&self, chosen: usize, types: &Types) -> Explanation {
        let alternative = (0..self.choices.len())
            .filter(|i| *i != chosen)
            .max_by(|a, b| self.values[*a].total_cmp(&self.values[*b]).then(b.cmp(a)))
            .map(|i| (self.choices[i], self.values[i]));
        Explanation {
            chosen: self.choices[chosen],
            value: self.values[chosen],
            alternative,
            west_value: self.west[chosen],
            probability: self.probabilities[chosen],
            beliefs: types.belief_summary(),
            purge: None,
        }
    }

    /// Chooses the month's purge by logit over the tables' values (none, or each size of
    /// `purges`): its cost against the release stage's value from the discontent it
    /// leaves. Returns the purge chosen (`None`: none) and the discontent after it. No
    /// draw is taken when the menu has no purge.
    fn purge(
        &mut self,
        model: &Model,
        t: u32,
        sight: &Sight,
        rng: &mut StreamRng,
    ) -> (Option<Purge>, f64) {
        let tables = &model.tables;
        let pr = tables.problem();
        let d = sight.discontent;
        if pr.purges.is_empty() {
            return (None, d);
        }
        let q = &mut self.values;
        tables.purge_values_into(t, d, sight.progress, q);
        let none = q[0];
        q.iter_mut().for_each(|v| *v -= none);
        let u = unit_f64(rng);
        let k = choice::choose(q, model.precision, u, &mut self.probabilities);
        let chosen = (k > 0).then(|| Purge {
            arrests: pr.purges[k - 1],
            value: q[k],
            probability: self.probabilities[k],
        });
        let left = chosen.map_or(d, |p| (d - p.arrests as f64 * pr.appeasement).max(0.0));
        (chosen, left)
    }
}

/// A move with the counts capped by what the actor can do: what its opponents see.
fn effective(action: &WestAction, view: &WestView) -> (u32, u32, u32, u64) {
    (
        action.impose_packages.min(view.reserve_left as u32),
        action.lift.min(view.active_negotiable as u32),
        action.reimpose.min(view.lifted as u32),
        // A payment with nothing left to lift is no payment.
        if view.active_negotiable > 0 {
            action.pay_for
        } else {
            0
        },
    )
}

impl RegimeStrategy for BestResponse {
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction {
        self.last = None;
        let Some(sight) = view.sight else {
            return RegimeAction::default();
        };
        if sight.blocked {
            return RegimeAction::default();
        }
        let model: &Model = &self.model;
        let buf = &mut self.buf;
        let tables = &model.tables;
        let t = view.record.month;
        // First the purge: arrests that calm the hardliners before this month's release.
        let (purge, discontent) = buf.purge(model, t, sight, rng);
        tables.q_values_into(t, discontent, sight.progress, &mut buf.values);
        // Against holding (the menu's first item): the logit is the same, and the values
        // read as what an action is worth more than holding.
        let hold = buf.values[0];
        buf.values.iter_mut().for_each(|v| *v -= hold);
        let pardons = tables
            .problem()
            .pardons
            .get(t as usize)
            .copied()
            .unwrap_or(0);
        let menu = &tables.problem().menu;
        let stock = view.class_stock.get(model.class).copied().unwrap_or(0);
        // The West sees the count ordered (or what the class holds), whatever the mode.
        buf.counts.clear();
        buf.counts
            .extend(model.sizes.iter().map(|k| (*k).min(stock)));
        self.types.answers_into(
            model,
            sight,
            t,
            pardons,
            &buf.counts,
            false,
            &mut buf.answers,
        );
        buf.west.clear();
        buf.choices.clear();
        for (i, item) in menu.iter().enumerate() {
            let w = model.menu_sizes[i].map_or(0.0, |k| buf.answers[k]);
            buf.values[i] += w;
            buf.west.push(w);
            buf.choices.push(if item.count == 0 {
                Choice::Hold
            } else {
                Choice::Release(*item)
            });
        }
        let chosen = buf.choose(model.precision, rng);
        if sight.explain {
            self.last = Some(Explanation {
                purge,
                ..buf.explain(chosen, &self.types)
            });
        }
        let item = menu[chosen];
        RegimeAction {
            release: (item.count > 0).then_some(ReleaseOrder {
                class: model.class,
                count: item.count,
                mode: item.mode,
            }),
            purge: purge.map_or(0, |p| p.arrests),
        }
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        self.last = None;
        let sight = view.sight?;
        let terms = sight.deal?;
        if sight.blocked {
            return None;
        }
        let model: &Model = &self.model;
        let buf = &mut self.buf;
        let types = &self.types;
        let t = view.record.month;
        let stock = view.class_stock.get(model.class).copied().unwrap_or(0);
        let menu = &model.tables.problem().menu;
        let available: f64 = terms.offer.iter().map(|(_, v)| v).sum();
        // Offers above the largest deal allowed would be cut: they are not on the menu.
        let offers = || {
            menu.iter()
                .enumerate()
                .filter(|(_, m)| m.count > 0 && m.count <= stock && m.count <= terms.largest)
        };
        // An offer the counterpart surely refuses (no type of it accepts so few, or its
        // relief cannot pay the ask) is no offer: it is not weighed.
        let minima = types.minima(sight, terms.members);
        // The menu lists each count at home and deported, one after the other: the chance
        // that a count is accepted is worked out once.
        let mut last: Option<(u64, f64)> = None;
        buf.chances.clear();
        buf.chances.extend(offers().map(|(_, item)| {
            let affordable = terms.surplus && available >= terms.ask * item.count as f64;
            if !affordable {
                return 0.0;
            }
            match last {
                Some((count, p)) if count == item.count => p,
                _ => {
                    let p = types.acceptance(terms.members, &minima, item.count);
                    last = Some((item.count, p));
                    p
                }
            }
        }));
        if buf.chances.iter().all(|p| *p == 0.0) {
            // Nothing to weigh: no decision to narrate, no draw taken.
            return None;
        }
        buf.counts.clear();
        buf.counts
            .extend(model.sizes.iter().map(|k| (*k).min(stock)));
        types.answers_into(model, sight, t, 0, &buf.counts, true, &mut buf.answers);
        let no_deal = model.tables.end(t, sight.discontent, sight.progress, 0);
        buf.values.clear();
        buf.west.clear();
        buf.choices.clear();
        buf.choices.push(Choice::NoOffer);
        buf.values.push(0.0);
        buf.west.push(0.0);
        for ((i, item), &p) in offers().zip(&buf.chances) {
            if p == 0.0 {
                continue;
            }
            let answer = model.menu_sizes[i].map_or(0.0, |k| buf.answers[k]);
            let (value, west) =
                model.deal_value(sight, &terms, t, *item, terms.price, answer, no_deal);
            buf.values.push(p * value);
            buf.west.push(p * west);
            buf.choices.push(Choice::Offer(*item));
        }
        let chosen = buf.choose(model.precision, rng);
        if sight.explain {
            self.last = Some(buf.explain(chosen, types));
        }
        match buf.choices[chosen] {
            Choice::Offer(item) => Some(ReleaseOrder {
                class: model.class,
                count: item.count,
                mode: item.mode,
            }),
            _ => None,
        }
    }

    fn accept_counter(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        order: &ReleaseOrder,
        rng: &mut StreamRng,
    ) -> bool {
        self.last = None;
        let (Some(sight), true) = (view.sight, order.class == self.model.class) else {
            return false;
        };
        let Some(terms) = sight.deal else {
            return false;
        };
        let model: &Model = &self.model;
        let buf = &mut self.buf;
        let t = view.record.month;
        let item = MenuItem {
            count: order.count,
            mode: order.mode,
        };
        self.types
            .answers_into(model, sight, t, 0, &[order.count], true, &mut buf.answers);
        let no_deal = model.tables.end(t, sight.discontent, sight.progress, 0);
        let (value, west) = model.deal_value(
            sight,
            &terms,
            t,
            item,
            terms.counter_price,
            buf.answers[0],
            no_deal,
        );
        buf.values.clear();
        buf.values.extend([0.0, value]);
        buf.west.clear();
        buf.west.extend([0.0, west]);
        buf.choices.clear();
        buf.choices.extend([Choice::Reject, Choice::Accept]);
        let chosen = buf.choose(model.precision, rng);
        if sight.explain {
            self.last = Some(buf.explain(chosen, &self.types));
        }
        chosen == 1
    }

    fn wants_sight(&self) -> bool {
        true
    }

    fn observe_west(&mut self, view: &WestView, action: &WestAction) {
        let i = view.actor.index();
        let seen = effective(action, view);
        let tremble = self.model.tremble;
        let mut likelihoods = [0.0; 5];
        for (ty, shadow) in self.types.shadows[i].iter_mut().enumerate() {
            let would = shadow.decide(view, &mut self.shadow_rng);
            likelihoods[ty] = if effective(&would, view) == seen {
                1.0 - tremble
            } else {
                tremble
            };
        }
        self.types.beliefs[i].update(&likelihoods);
        self.types.weigh(&self.model, i);
    }

    fn explanation(&self) -> Option<Explanation> {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::west_view;

    fn baseline() -> Scenario {
        let mut sc = Scenario::bundled("baseline").expect("bundled baseline");
        sc.regime.strategy = crate::scenario::RegimeStrategyName::BestResponse;
        sc
    }

    #[test]
    fn the_annuity_by_lookup_is_the_closed_form() {
        let sc = baseline();
        let model = Model::new(&sc);
        let pr = model.tables().problem();
        for (i, m) in sc.measures.iter().enumerate() {
            let e = kept_per_month(m);
            for (t, delay) in [(0, 0), (10, 2), (58, 1), (59, 3)] {
                let closed = annuity(
                    7.0,
                    e,
                    pr.discount,
                    sc.payoffs.regime.sanctions_cost,
                    t,
                    delay,
                    pr.horizon_months,
                );
                let looked = model.annuity(i, 7.0, t, delay);
                assert!(
                    (looked - closed).abs() < 1e-9 * closed.abs().max(1.0),
                    "{i} {t} {delay}"
                );
            }
        }
    }

    #[test]
    fn moves_that_only_one_type_makes_concentrate_the_belief_on_it() {
        // An actor that pays for every month's release outside deals: transactional.
        // Release-first and sanctions-first would not lift; reciprocal only per step of
        // 50; engagement every few months regardless.
        let sc = baseline();
        let model = Arc::new(Model::new(&sc));
        let mut s = BestResponse::new(&model, &sc);
        for month in 1..8 {
            let record = PublicRecord {
                month,
                stock: 1000,
                released_this_month: 10,
                released_total: 10 * u64::from(month),
                ..Default::default()
            };
            let mut view = west_view(&record, false);
            view.actor = WestActor::Us;
            let lift = WestAction {
                pay_for: 10,
                ..Default::default()
            };
            s.observe_west(&view, &lift);
        }
        let b = s.belief(WestActor::Us);
        let transactional = WestStrategyName::SCRIPTS
            .iter()
            .position(|n| *n == WestStrategyName::Transactional)
            .expect("a strategy");
        assert_eq!(b.most_likely(), transactional);
        assert!(
            b.probability(transactional) > 0.99,
            "{:?}",
            b.probabilities()
        );
        // The other actors were not observed: their beliefs are the prior.
        assert_eq!(s.belief(WestActor::Eu), &model.prior);
    }
}
