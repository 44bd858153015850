//! One run: a scenario's world, month by month.
//!
//! Each month, in this order (the first four are those of `../shared/bench/`):
//! 1. scheduled strategy switches; events: a ceasefire may arrive, a repression wave may
//!    start;
//! 2. prisoners with one month left complete their sentence;
//! 3. Poisson arrests by class (the usual rate, plus waves, re-arrests and crackdowns,
//!    times the sanctions feedback, plus the hostage incentive), each with a sentence;
//! 4. deaths in custody, Binomial(stock, hazard), each from a cohort in proportion to size;
//!    deals whose window is open are checked for reneging (new arrests);
//! 5. the regime's own releases, then holiday pardons; hardliners may block them;
//! 6. bargaining: with each counterpart (the US and the EU together when aligned) a
//!    channel may open; the regime offers, the West accepts, rejects or counters; a deal
//!    releases prisoners and lifts measures;
//! 7. each Western actor decides, seeing this month's arrests and releases: packages
//!    imposed, measures lifted or re-imposed;
//! 8. the sanctions account (cushion, transit veto), utilities, the monthly record.
//!
//! [`Prepared`] holds what is computed once per batch; [`simulate`] runs one history and
//! reports it to an [`Observer`], which the batch uses for monthly statistics and `trace`
//! for narration.

use super::seed::{Stream, month_stream, stream, stream_key};
use crate::model::bargain::shares;
use crate::model::cycle::Cycle;
use crate::model::deal::{Credibility, DealWatch, Quote, channel_probability, relief_for};
use crate::model::feedback;
use crate::model::hardliners::InnerCircle;
use crate::model::payoffs;
use crate::model::prisoners::{Prison, ReleaseOutcome, allocate};
use crate::model::sample::{BernoulliSkip, BinomialP, LookupTable, PoissonDraw, round_count};
use crate::model::sanctions::{BiteTables, SanctionsBook};
use crate::scenario::dist::{Sampler, unit_f64};
use crate::scenario::{
    ContactLevel, Coordination, MAX_ARRESTS_PER_MONTH, ReleaseMode, Scenario, WestActor,
    WestStrategyName,
};
use crate::strategy::regime::best_response::{self, DealTerms, Explanation, Sight};
use crate::strategy::west::best_response::{self as west_choice, MeasureFacts, WestSight};
use crate::strategy::{
    self, AnyRegime, PublicRecord, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng, WestAction,
    WestStrategy, WestView,
};
use std::sync::Arc;

/// What a batch computes once and every run shares.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The validated scenario every run reads its parameters from (a copy).
    pub scenario: Scenario,
    /// Sentence of a new conviction, per class, in months.
    sentences: Vec<LookupTable>,
    /// Per arrest period (0: before the first of `arrest_periods`), the sentences per
    /// class when the period sets its own; built only for those.
    period_sentences: Vec<Option<Vec<LookupTable>>>,
    /// The prisoners held at the start.
    initial: Prison,
    /// The measures at the start.
    book: SanctionsBook,
    /// Arrests per month and class at each usual rate: `arrests_per_month` first, then
    /// each of `arrest_periods` in order.
    base_arrests: Vec<Vec<PoissonDraw>>,
    bites: BiteTables,
    wave_size: Sampler,
    /// The death hazard a month.
    death_hazard: f64,
    refusals: BinomialP,
    /// Re-arrests of people released at home (`releases.rearrest_hazard_per_month`).
    rearrest: BinomialP,
    /// Month indices of elections, ascending (those before the start dropped).
    elections: Vec<u32>,
    /// The regime's share of the surplus when it proposes, and the West's when it does.
    regime_share: f64,
    west_share: f64,
    /// The payoff discount of each month, `discount_per_month^month`.
    discounts: Vec<f64>,
    /// What a unit of legitimacy is worth to the regime each month.
    legitimacy_worth: Vec<f64>,
    /// `best-response`'s tables, solved once (`None` for another strategy).
    regime_model: Option<Arc<best_response::Model>>,
    /// Each Western actor's payoff weights, `[payoffs.west]` with its own overrides, term
    /// by term, for the four utilities of a month at once.
    west_weights: payoffs::WestWeights,
    /// Indices of the EU's measures, in file order: those that come up for renewal.
    eu_measures: Vec<usize>,
    /// Each Western actor's payoff weights, for a strategy that chooses by them.
    west_payoffs: [crate::scenario::WestPayoff; 4],
    /// Each measure's bite kept a month.
    kept: Vec<f64>,
}

impl Prepared {
    /// Builds, once for a batch, what every run of `scenario` shares: sentence and arrest
    /// tables, the initial stock (allocated, not drawn), the sanctions book and bites,
    /// election months, the proposers' shares of the surplus and the monthly discounts.
    pub fn new(scenario: &Scenario) -> Self {
        let p = &scenario.prisoners;
        let max = p.max_sentence_months;
        let sentences = p
            .classes
            .iter()
            .map(|c| LookupTable::new(&c.sentence.month_pmf(max)))
            .collect();
        let period_sentences = std::iter::once(None)
            .chain(p.arrest_periods.iter().map(|q| {
                q.sentences.as_ref().map(|specs| {
                    specs
                        .iter()
                        .map(|d| LookupTable::new(&d.month_pmf(max)))
                        .collect()
                })
            }))
            .collect();
        let mut initial = Prison::new(p.classes.len(), max);
        for (i, class) in p.classes.iter().enumerate() {
            let pmf = class.initial_remaining.month_pmf(max);
            for (months, n) in allocate(class.initial_count, &pmf).into_iter().enumerate() {
                if n > 0 {
                    initial.admit(i, months, n);
                }
            }
        }
        let base_arrests = std::iter::once(p.arrests_per_month)
            .chain(p.arrest_periods.iter().map(|q| q.rate))
            .map(|rate| {
                p.classes
                    .iter()
                    .map(|c| PoissonDraw::tabled(rate * c.arrest_share))
                    .collect()
            })
            .collect();
        let elections = scenario.election_months();
        let b = &scenario.bargaining;
        let shares = shares(
            &b.protocol,
            b.regime_discount_per_round,
            b.west_discount_per_round,
        );
        Prepared {
            scenario: scenario.clone(),
            sentences,
            period_sentences,
            initial,
            book: SanctionsBook::new(&scenario.measures)
                .in_tranches(scenario.bargaining.tranches_per_measure),
            base_arrests,
            bites: BiteTables::new(&scenario.measures, scenario.horizon_months),
            wave_size: scenario.events.wave_size.sampler(),
            death_hazard: p.death_hazard_per_month,
            refusals: BinomialP::new(scenario.releases.refusal_probability),
            rearrest: BinomialP::new(scenario.releases.rearrest_hazard_per_month),
            regime_share: shares.0,
            west_share: shares.1,
            discounts: payoffs::discounts(
                scenario.payoffs.discount_per_month,
                scenario.horizon_months,
            ),
            legitimacy_worth: (0..scenario.horizon_months)
                .map(|m| {
                    payoffs::legitimacy_worth(
                        &scenario.payoffs.regime,
                        &scenario.regime.legitimacy,
                        &elections,
                        m,
                    )
                })
                .collect(),
            regime_model: (scenario.regime.strategy
                == crate::scenario::RegimeStrategyName::BestResponse)
                .then(|| Arc::new(best_response::Model::new(scenario))),
            elections,
            west_weights: payoffs::WestWeights::new(
                &WestActor::ALL.map(|a| scenario.west_payoff(a)),
                scenario
                    .measures
                    .iter()
                    .any(|m| m.sender_costs.iter().any(|c| *c != 0.0)),
            ),
            eu_measures: (0..scenario.measures.len())
                .filter(|&i| scenario.measures[i].actor == WestActor::Eu)
                .collect(),
            west_payoffs: WestActor::ALL.map(|a| scenario.west_payoff(a)),
            kept: scenario
                .measures
                .iter()
                .map(crate::model::sanctions::kept_per_month)
                .collect(),
        }
    }

    /// The prisoners held at the start (the same in every run).
    pub fn initial(&self) -> &Prison {
        &self.initial
    }
}

/// Totals of one run over the horizon: one row of `runs.csv` (`docs/model.md`, section 9).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunOutcome {
    /// The run's index in the batch, from 0; with the master seed it seeds the run's
    /// streams.
    pub run: u64,
    /// Prisoners held at the start, people: the sum of `initial_count` over classes (the
    /// same in every run).
    pub initial_stock: u64,
    /// New political prisoners over the run, people: the usual rate plus repression
    /// waves, re-arrests and crackdowns, times the sanctions feedback, and the hostage
    /// incentive's arrests.
    pub new_arrests: u64,
    /// Prisoners the regime freed, people, from every source (its own releases, holiday
    /// pardons, deals), at home or deported. Refusers, who stay in prison, and sentence
    /// completions are not counted.
    pub released: u64,
    /// Of `released`, those freed by deportation, people.
    pub deported: u64,
    /// People the regime released at home and arrested again, people (also counted in
    /// `new_arrests`): the revolving door measured (`releases.rearrest_hazard_per_month`).
    pub rearrested: u64,
    /// Refusals of deportation, people: selected, refused and returned to the stock
    /// (002). A prisoner who refuses in two releases counts twice.
    pub refused_deportation: u64,
    /// Prisoners freed at the end of their sentence, people.
    pub sentence_completions: u64,
    /// Deaths in custody, people.
    pub deaths_in_custody: u64,
    /// Prisoners held at the end of the last month, people.
    pub final_stock: u64,
    /// Remaining sentence given up by those released, in months, summed at the time of
    /// each release; `runs.csv` reports it in years as `prisoner_years_forgiven`.
    pub prisoner_months_forgiven: u64,
    /// Relief over the run, USD millions: the sum over months of what lifted measures are
    /// worth to the regime, after the transit veto and net of the Russian cushion.
    pub relief_granted: f64,
    /// The same by Western actor, indexed by [`WestActor::index`]; the four sum to
    /// `relief_granted`.
    pub relief_by_actor: [f64; 4],
    /// Sanctions cost over the run, USD millions: the sum over months of what the regime
    /// bears, net of the Russian cushion.
    pub sanctions_cost: f64,
    /// Months until the stock first fell below `prisoners.target_stock`: `m + 1` for the
    /// first month `m` whose end-of-month stock is below it, 0 if the initial stock is;
    /// `None` if it never was.
    pub months_to_target: Option<u32>,
    /// Reserve packages imposed, all actors.
    pub packages_imposed: u32,
    /// Measures lifted, all actors, by decision or in deals; a measure lifted, re-imposed
    /// and lifted again counts twice.
    pub measures_lifted: u32,
    /// Lifted measures re-imposed, all actors.
    pub measures_reimposed: u32,
    /// Repression waves started, random and scheduled (not re-arrests or crackdowns).
    pub repression_waves: u32,
    /// Month index of the ceasefire, if one came.
    pub ceasefire_month: Option<u32>,
    /// Deals struck, with any counterpart. A deal whose release freed no one (blocked by
    /// the hardliners, or every deportee refused) is not struck.
    pub deals: u32,
    /// Months until the first deal (the month of the deal counts).
    pub months_to_first_deal: Option<u32>,
    /// Months with an offer on the table (the regime's or the West's) and no deal.
    pub deadlock_months: u32,
    /// Completed repression-sanctions-release-relief cycles (003; [`Cycle`]).
    pub cycles: u32,
    /// Deals after which the regime reneged: arrests in the deal's window passed its
    /// limit, the usual arrests over the window times (1 +
    /// `bargaining.renege_arrest_tolerance`).
    pub reneged_by_regime: u32,
    /// Times a Western actor broke a deal, by withholding its relief or re-imposing a
    /// measure within the window: one per actor and deal.
    pub reneged_by_west: u32,
    /// Times the hardliners' discontent passed the threshold and they blocked releases
    /// (vetoes, not the releases they blocked).
    pub hardliner_blocks: u32,
    /// EU measures that lapsed because a member vetoed their renewal
    /// (`sanctions.unanimity.renewal_veto_probability`); each is also counted in
    /// `measures_lifted`.
    pub eu_measures_lapsed: u32,
    /// EU lifts a member vetoed: decisions to lift and deals whose EU relief was blocked
    /// (`sanctions.unanimity`), one per attempt.
    pub eu_lifts_vetoed: u32,
    /// The regime's utility over the run, discounted, USD-million equivalents (MODEL.md,
    /// "Payoffs").
    pub regime_utility: f64,
    /// Each Western actor's utility over the run, discounted, USD-million equivalents;
    /// indexed by [`WestActor::index`].
    pub utility: [f64; 4],
}

/// Names of [`RunOutcome::metrics`], as in `runs.csv` and `summary.json`.
pub const RUN_METRICS: [&str; 33] = [
    "initial_stock",
    "new_arrests",
    "rearrested",
    "released",
    "deported",
    "refused_deportation",
    "sentence_completions",
    "deaths_in_custody",
    "final_stock",
    "prisoner_years_forgiven",
    "relief_granted",
    "relief_granted_us",
    "relief_granted_eu",
    "relief_granted_lithuania",
    "relief_granted_poland",
    "sanctions_cost",
    "packages_imposed",
    "measures_lifted",
    "measures_reimposed",
    "repression_waves",
    "deals",
    "deadlock_months",
    "cycles",
    "reneged_by_regime",
    "reneged_by_west",
    "hardliner_blocks",
    "eu_measures_lapsed",
    "eu_lifts_vetoed",
    "regime_utility",
    "utility_us",
    "utility_eu",
    "utility_lithuania",
    "utility_poland",
];

/// Metrics that only some runs have, with the name of the share of runs without them.
pub const OPTIONAL_METRICS: [(&str, &str); 2] = [
    ("months_to_target", "share_never_reached_target"),
    ("months_to_first_deal", "share_no_deal"),
];

impl RunOutcome {
    /// The per-run metrics, in [`RUN_METRICS`] order.
    pub fn metrics(&self) -> [f64; RUN_METRICS.len()] {
        let [r_us, r_eu, r_lt, r_pl] = self.relief_by_actor;
        let [u_us, u_eu, u_lt, u_pl] = self.utility;
        [
            self.initial_stock as f64,
            self.new_arrests as f64,
            self.rearrested as f64,
            self.released as f64,
            self.deported as f64,
            self.refused_deportation as f64,
            self.sentence_completions as f64,
            self.deaths_in_custody as f64,
            self.final_stock as f64,
            self.prisoner_months_forgiven as f64 / 12.0,
            self.relief_granted,
            r_us,
            r_eu,
            r_lt,
            r_pl,
            self.sanctions_cost,
            f64::from(self.packages_imposed),
            f64::from(self.measures_lifted),
            f64::from(self.measures_reimposed),
            f64::from(self.repression_waves),
            f64::from(self.deals),
            f64::from(self.deadlock_months),
            f64::from(self.cycles),
            f64::from(self.reneged_by_regime),
            f64::from(self.reneged_by_west),
            f64::from(self.hardliner_blocks),
            f64::from(self.eu_measures_lapsed),
            f64::from(self.eu_lifts_vetoed),
            self.regime_utility,
            u_us,
            u_eu,
            u_lt,
            u_pl,
        ]
    }

    /// The optional metrics, in [`OPTIONAL_METRICS`] order.
    pub fn optional_metrics(&self) -> [Option<u32>; 2] {
        [self.months_to_target, self.months_to_first_deal]
    }

    /// A metric by name (per-run or optional), for picking runs; an optional metric the
    /// run lacks (the target never reached, no deal) is `f64::INFINITY`. `None` for a
    /// name that is neither.
    pub fn metric(&self, name: &str) -> Option<f64> {
        if let Some(i) = RUN_METRICS.iter().position(|m| *m == name) {
            return Some(self.metrics()[i]);
        }
        let i = OPTIONAL_METRICS.iter().position(|(m, _)| *m == name)?;
        Some(self.optional_metrics()[i].map_or(f64::INFINITY, f64::from))
    }
}

/// One month of one run, as the monthly series record it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthRecord {
    /// Month index, from 0 (the scenario's start month).
    pub month: u32,
    /// Prisoners held at the end of the month.
    pub stock: u64,
    /// Prisoners the regime freed this month, people, every source, at home or
    /// deported (as [`RunOutcome::released`]).
    pub released: u64,
    /// New political prisoners this month, people.
    pub arrests: u64,
    /// Prisoners freed at the end of their sentence this month, people.
    pub completions: u64,
    /// Deaths in custody this month, people.
    pub deaths: u64,
    /// Refused deportation this month and returned to the stock.
    pub refused: u64,
    /// USD millions this month, net of the cushion.
    pub sanctions_cost: f64,
    /// USD millions of relief this month, net of the cushion.
    pub relief: f64,
    /// Deals struck this month, all counterparts.
    pub deals: u32,
}

/// Why prisoners were released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseSource {
    /// The regime's strategy, unilaterally.
    Strategy,
    /// A pardon on a national holiday.
    Holiday,
    /// A deal with a Western counterpart.
    Deal,
}

/// Who the regime bargains with in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counterpart {
    /// One Western actor alone: any actor under divided coordination, Lithuania and
    /// Poland always.
    One(WestActor),
    /// The US and the EU together (aligned coordination): neither deals alone.
    UsAndEu,
}

impl Counterpart {
    /// The Western actors that make the deal, the lead first (the one the regime
    /// addresses its offer to): `[us, eu]` for [`Counterpart::UsAndEu`].
    pub fn members(self) -> &'static [WestActor] {
        match self {
            Counterpart::One(WestActor::Us) => &[WestActor::Us],
            Counterpart::One(WestActor::Eu) => &[WestActor::Eu],
            Counterpart::One(WestActor::Lithuania) => &[WestActor::Lithuania],
            Counterpart::One(WestActor::Poland) => &[WestActor::Poland],
            Counterpart::UsAndEu => &[WestActor::Us, WestActor::Eu],
        }
    }

    /// The name narration uses: the actor's (`us`, `eu`, `lithuania`, `poland`) or
    /// `us+eu`.
    pub fn name(self) -> &'static str {
        match self {
            Counterpart::One(a) => a.name(),
            Counterpart::UsAndEu => "us+eu",
        }
    }
}

/// Who broke a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reneger {
    /// The regime, by new arrests after the deal.
    Regime,
    /// A Western actor, by withholding or re-imposing relief.
    West(WestActor),
}

/// Something that happened in a run, for narration.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A scheduled switch (`west.switches`) gave an actor a new strategy, from this month.
    StrategySwitch {
        /// The actor that switched.
        actor: WestActor,
        /// Its strategy from now on.
        strategy: WestStrategyName,
    },
    /// An election month (`events.elections`).
    Election,
    /// The ceasefire came (at most once a run): from now on the channel probability is
    /// multiplied by `bargaining.ceasefire_channel_multiplier` and Russia's cushion is
    /// `cushion_share_after_ceasefire` (001, 004).
    Ceasefire,
    /// A repression wave started, random or scheduled (003).
    WaveStarted {
        /// Extra arrests over the whole wave, people (drawn from `events.wave_size`),
        /// spread evenly over its months from this one.
        extra_arrests: f64,
        /// The wave's length, `events.wave_duration_months`.
        months: u32,
    },
    /// The regime ordered arrests to reassure its hardliners (a purge, `best-response`):
    /// made next month, they calm the hardliners at once.
    Purge {
        /// Arrests ordered, people (the number made is drawn around it next month).
        arrests: u64,
        /// The hardliners' discontent before and after.
        discontent: (f64, f64),
    },
    /// After a release, the regime's strategy (`revolving-door`) scheduled re-arrests.
    Rearrests {
        /// Extra arrests in all, people (`rearrest_ratio` per prisoner released), spread
        /// evenly over the months from next month.
        extra_arrests: f64,
        /// The months they spread over, at least 1.
        months: u32,
    },
    /// A release went ahead (the hardliners did not block it); its outcome may free fewer
    /// than ordered, or no one.
    Release {
        /// Why the prisoners were released.
        source: ReleaseSource,
        /// The class released, an index into `prisoners.classes`.
        class: usize,
        /// People asked for: a deal's count, a holiday's pardons, or the strategy's count
        /// scaled by the sanctions pressure. The class's stock may hold fewer.
        ordered: u64,
        /// At home or by deportation.
        mode: ReleaseMode,
        /// Who went free, who was deported and who refused.
        outcome: ReleaseOutcome,
    },
    /// Hardliners blocked a release.
    ReleaseBlocked {
        /// The release they blocked.
        source: ReleaseSource,
        /// People it asked for, none of whom went free.
        ordered: u64,
    },
    /// Hardliners' discontent passed the threshold: releases blocked until `until`.
    HardlinerVeto {
        /// Releases are blocked in the months before this one: the rest of this month and
        /// `regime.hardliners.block_months` more.
        until: u32,
        /// The crackdown's extra arrests over the block, people
        /// (`regime.hardliners.crackdown_arrests`; 0 for no crackdown).
        crackdown_arrests: f64,
    },
    /// Deaths in custody this month, people (sent only when there were some).
    Deaths(u64),
    /// A channel opened with the counterpart: a round of bargaining follows.
    ChannelOpened(Counterpart),
    /// A scheduled contact (`bargaining.contacts`): it opens a round with its actor this
    /// month and earns the regime legitimacy.
    Contact {
        /// The Western actor.
        actor: WestActor,
        /// An envoy's visit or a contact at the top.
        level: ContactLevel,
    },
    /// A channel was about to open and Moscow derailed it
    /// (`russia.derail_probability_per_month`; 001).
    ChannelDerailed(Counterpart),
    /// The regime offered a release.
    Offer {
        /// Whom it offered it to.
        counterpart: Counterpart,
        /// The release it offered.
        order: ReleaseOrder,
        /// The regime's ask per prisoner, USD millions a month of relief (its reservation
        /// price, [`Quote::ask`]); a deal on this offer is priced between the ask and the
        /// bid.
        price: f64,
    },
    /// The West asked for a release: a counter to a smaller offer, or its own proposal
    /// when the regime offered nothing.
    Counter {
        /// Who asked.
        counterpart: Counterpart,
        /// The release asked for: the least every member accepts.
        order: ReleaseOrder,
        /// Relief offered per prisoner, USD millions a month.
        price: f64,
    },
    /// An offer or a counter was refused; no deal this round.
    Rejected {
        /// The counterpart of the round.
        counterpart: Counterpart,
        /// True when the regime refused the West's counter, false when the West refused
        /// the regime's offer.
        by_regime: bool,
    },
    /// A deal was struck and executed: its release freed someone, and the members that
    /// did not withhold lifted measures to pay for it (none if they have none left).
    Deal {
        /// Who made it.
        counterpart: Counterpart,
        /// The release agreed.
        order: ReleaseOrder,
        /// Relief per prisoner agreed, USD millions a month.
        price: f64,
        /// People actually freed, at least 1 (fewer than ordered when deportees refused).
        released: u64,
        /// Measures lifted whole to pay `price` per prisoner freed, smallest first, by the
        /// members that did not withhold (with `bargaining.tranches_per_measure` above 1,
        /// those whose last part this deal lifted).
        measures_lifted: u32,
        /// What the relief lifted is worth to the regime now, USD millions a month, net of
        /// Russia's cushion: `price` x `released` or more, by less than one part of a
        /// measure (less than one measure when they are lifted whole); less when the
        /// members' relief on offer runs out or a member withheld its own.
        relief: f64,
    },
    /// A member withheld its relief from the deal just struck (`withhold_probability`):
    /// it has reneged.
    ReliefWithheld(WestActor),
    /// A side broke a deal; credibility events follow.
    Reneged(Reneger),
    /// Credibility of the regime in `actor`'s eyes, and of `actor` in the regime's.
    Credibility {
        /// The Western actor of the pair.
        actor: WestActor,
        /// The regime's credibility in `actor`'s eyes, in `[0, 1]`, after the change.
        of_regime: f64,
        /// `actor`'s credibility in the regime's eyes, in `[0, 1]`, after the change.
        of_west: f64,
        /// `actor`'s probability that the regime is a liberaliser, after the change.
        liberaliser: f64,
        /// The regime's probability that `actor` keeps its deals, after the change.
        west_keeper: f64,
    },
    /// A choosing regime (`best-response`) decided: what it chose and why.
    Choice {
        /// The round's counterpart, for an offer or an answer; `None` for the month's own
        /// release decision.
        counterpart: Option<Counterpart>,
        /// The values it weighed and its beliefs.
        why: Explanation,
    },
    /// A Western actor that chooses (`best-response`) made its monthly move: what it chose
    /// and why.
    WestChoice {
        /// Who chose.
        actor: WestActor,
        /// The values it weighed and its belief.
        why: west_choice::Explanation,
    },
    /// An actor imposed its next reserve package.
    PackageImposed {
        /// Who imposed it.
        actor: WestActor,
        /// The measure, an index into `measures`.
        measure: usize,
    },
    /// A measure was lifted, by an actor's decision or to pay for a deal.
    MeasureLifted {
        /// The measure's actor.
        actor: WestActor,
        /// The measure, an index into `measures`.
        measure: usize,
    },
    /// An actor paid for prisoners released outside deals at the going price
    /// ([`WestAction::pay_for`]).
    Paid {
        /// Who paid.
        actor: WestActor,
        /// The prisoners it paid for.
        prisoners: u64,
        /// Relief per prisoner, USD millions a month.
        price: f64,
        /// What the relief lifted is worth to the regime now, USD millions a month: as a
        /// deal's, `price` x `prisoners` or more by less than one part of a measure, or
        /// less when its relief on offer runs out.
        relief: f64,
        /// Measures lifted whole.
        measures_lifted: u32,
    },
    /// Part of a measure was lifted to pay for a deal (`bargaining.tranches_per_measure`
    /// above 1); the rest still bites.
    ReliefPart {
        /// The measure's actor.
        actor: WestActor,
        /// The measure, an index into `measures`.
        measure: usize,
        /// The share of its bite now lifted, in (0, 1).
        share: f64,
    },
    /// A lifted measure was re-imposed, the last lifted first (a measure lifted in part
    /// has its parts back).
    MeasureReimposed {
        /// Who re-imposed it.
        actor: WestActor,
        /// The measure, an index into `measures`.
        measure: usize,
    },
    /// An EU measure came up for renewal and a member vetoed it: it lapsed, lifted though
    /// the EU did not choose it (`sanctions.unanimity.renewal_veto_probability`).
    MeasureLapsed {
        /// The measure, an index into `measures` (an EU measure).
        measure: usize,
    },
    /// The EU meant to lift measures (a decision, or relief for a deal) and a member
    /// vetoed it (`sanctions.unanimity`): nothing of the EU's was lifted.
    EuLiftVetoed {
        /// True when Lithuania or Poland vetoed because its own benchmark is unmet
        /// (`frontline_veto`), false for the random veto (`lift_veto_probability`).
        frontline: bool,
    },
}

/// Receives a run as it happens. Both methods default to doing nothing.
pub trait Observer {
    /// Called at the end of every month, in month order, with its record.
    fn month(&mut self, _record: &MonthRecord) {}
    /// Called as each event happens, with the month index it happens in.
    fn event(&mut self, _month: u32, _event: &Event) {}
    /// Whether it reads why a choosing regime chose ([`Event::Choice`]): when not, the
    /// reasons are not built. True by default.
    fn wants_choices(&self) -> bool {
        true
    }
}

/// An observer that ignores everything.
pub struct NoObserver;
impl Observer for NoObserver {
    fn wants_choices(&self) -> bool {
        false
    }
}

struct Streams {
    /// The key of the month generators of arrests and their sentences.
    arrests: u64,
    deaths: StreamRng,
    events: StreamRng,
    refusals: StreamRng,
    regime: StreamRng,
    west: [StreamRng; 4],
    bargaining: StreamRng,
    unanimity: StreamRng,
}

impl Streams {
    fn new(seed: u64, run: u64) -> Self {
        Streams {
            arrests: stream_key(seed, run, Stream::Arrests),
            deaths: stream(seed, run, Stream::Deaths),
            events: stream(seed, run, Stream::Events),
            refusals: stream(seed, run, Stream::Refusals),
            regime: stream(seed, run, Stream::Regime),
            west: [Stream::Us, Stream::Eu, Stream::Lithuania, Stream::Poland]
                .map(|s| stream(seed, run, s)),
            bargaining: stream(seed, run, Stream::Bargaining),
            unanimity: stream(seed, run, Stream::Unanimity),
        }
    }
}

/// A Western actor's own position, for its [`WestView`].
struct WestPosition<'p> {
    benchmark_met: bool,
    benchmark: &'p crate::scenario::BenchmarkSpec,
    reserve_left: usize,
    active_negotiable: usize,
    lifted: usize,
}

impl<'p> WestPosition<'p> {
    fn view<'a>(&self, actor: WestActor, sc: &Scenario, record: &'a PublicRecord) -> WestView<'a>
    where
        'p: 'a,
    {
        WestView {
            actor,
            calendar: sc.calendar(record.month),
            record,
            benchmark_met: self.benchmark_met,
            benchmark: self.benchmark,
            reserve_left: self.reserve_left,
            active_negotiable: self.active_negotiable,
            lifted: self.lifted,
            sight: None,
        }
    }
}

/// The state of one run.
struct World<'p, O> {
    prep: &'p Prepared,
    obs: &'p mut O,
    prison: Prison,
    book: SanctionsBook,
    regime: strategy::AnyRegime,
    /// Whether the regime's strategy wants its sight ([`RegimeStrategy::wants_sight`]),
    /// asked once a run.
    watching: bool,
    west: [strategy::AnyWest; 4],
    rng: Streams,
    /// Deaths in custody: each prisoner-month a trial.
    deaths: BernoulliSkip,
    record: PublicRecord,
    out: RunOutcome,
    month: u32,
    ceasefire: bool,
    /// Extra arrests a month: (first month, month after the last, rate).
    extra: Vec<(u32, u32, f64)>,
    /// This month's arrest draws per class: the prepared ones of the arrest period
    /// `Some(period)`, or, while waves or feedbacks move the rate, the run's own.
    arrests_base: Option<usize>,
    arrests_own: Vec<PoissonDraw>,
    /// (usual rate, extra rate, hostage rate, multiplier) the current draws were chosen
    /// for.
    arrests_for: (f64, f64, f64, f64),
    inner: InnerCircle,
    /// The regime's credibility in each Western actor's eyes, and theirs in its eyes.
    cred: Credibility,
    watches: Vec<DealWatch>,
    /// The hostage incentive: the price the regime expects a prisoner to fetch, and the
    /// arrests the prisoners traded bring.
    hostage: feedback::Hostage,
    /// This month's hostage arrests expected (a deal's window expects them).
    hostage_rate: f64,
    /// Net sanctions cost of last month.
    last_cost: f64,
    /// Relief by actor last month, for the regime's view.
    relief_last: [f64; 4],
    cycle: Cycle,
    /// Reused for the relief on offer in bargaining rounds.
    offer_buf: Vec<(usize, f64)>,
    /// Reused for the parts a deal lifts: each measure and whether its part was its last.
    lifted_buf: Vec<(usize, bool)>,
    /// Reused for the parts of the measures on offer.
    parts_buf: Vec<(usize, f64)>,
    /// This month: releases by class, channels open, offers made, deals, credibility lost.
    released_by_class: Vec<u64>,
    /// People released at home and not arrested again, by class; kept only when they may
    /// be (`releases.rearrest_hazard_per_month` above 0), empty otherwise.
    at_home: Vec<u64>,
    engaged: u32,
    offers: u32,
    deals: u32,
    credibility_lost: [u32; 4],
    refused: u64,
    /// The regime's legitimacy stock (`[regime.legitimacy]`).
    legitimacy: f64,
    /// Deported this month.
    deported: u64,
    /// Hardliners' vetoes this month.
    vetoes: u32,
    /// Arrests the regime ordered this month to reassure its hardliners.
    purged: u64,
    /// For a regime that wants its sight: each actor's negotiable measures in force, and a
    /// round's measures on offer, by value to the regime, smallest first.
    sight_relief: [Vec<(usize, f64)>; 4],
    deal_offer: Vec<(usize, f64)>,
    /// What `sight_relief` was filled for: the month, the counts of measures lifted,
    /// imposed and re-imposed, and whether the EU's relief was blocked.
    sight_key: Option<(u32, u32, u32, u32, bool)>,
    /// This month: prisoners freed in each actor's own deals (weighted by
    /// `value_to_west`), and the deals each actor paid for.
    freed_own: [f64; 4],
    deals_by_actor: [u32; 4],
    /// This month's draw of the EU lift veto, and whether the EU's relief is blocked in
    /// the round under way.
    eu_lift_draw: f64,
    eu_blocked: bool,
    /// For Western actors that choose by expected utility: their negotiable measures (a
    /// buffer each), and the rounds they have had and the deals struck in them.
    west_facts: [Vec<MeasureFacts>; 4],
    rounds_with: [u32; 4],
    deals_with: [u32; 4],
    /// The repression waves of this run: (first month, month after the last, rate), kept
    /// apart from the other surges because a deal's window expects them.
    waves: Vec<(u32, u32, f64)>,
    /// Per measure, whether a deal lifted it (empty until the first deal): relief a
    /// choosing Western actor has agreed to, which it does not re-impose.
    dealt: Vec<bool>,
}

/// The buffers of a thread's last run, for its next run to reuse: a run then allocates
/// nothing once the first has run. Every buffer is reset before use.
#[derive(Default)]
struct Scratch {
    prison: Option<Prison>,
    book: Option<SanctionsBook>,
    extra: Vec<(u32, u32, f64)>,
    arrests_own: Vec<PoissonDraw>,
    watches: Vec<DealWatch>,
    offer_buf: Vec<(usize, f64)>,
    released_by_class: Vec<u64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// `source` copied into `reuse`'s memory if there is one.
fn copy_into<T: Clone>(reuse: Option<T>, source: &T) -> T {
    match reuse {
        Some(mut t) => {
            t.clone_from(source);
            t
        }
        None => source.clone(),
    }
}

/// Simulates run `run` of a batch seeded with `seed`.
pub fn simulate<O: Observer>(prep: &Prepared, seed: u64, run: u64, obs: &mut O) -> RunOutcome {
    let sc = &prep.scenario;
    let mut scratch = SCRATCH.with(std::cell::RefCell::take);
    let prison = copy_into(scratch.prison.take(), &prep.initial);
    let book = copy_into(scratch.book.take(), &prep.book);
    scratch.extra.clear();
    scratch.arrests_own.clear();
    scratch.watches.clear();
    scratch.offer_buf.clear();
    scratch.released_by_class.clear();
    scratch
        .released_by_class
        .resize(sc.prisoners.classes.len(), 0);
    let initial_stock = prison.stock();
    let mut rng = Streams::new(seed, run);
    let deaths = BernoulliSkip::new(prep.death_hazard, &mut rng.deaths);
    let regime = strategy::new_regime(sc, prep.regime_model.as_ref());
    let mut world = World {
        prep,
        obs,
        book,
        watching: regime.wants_sight(),
        regime,
        west: sc
            .west
            .each_ref()
            .map(|w| strategy::new_west(w, w.strategy)),
        rng,
        deaths,
        record: PublicRecord {
            stock: initial_stock,
            ..Default::default()
        },
        out: RunOutcome {
            run,
            initial_stock,
            months_to_target: (initial_stock < sc.prisoners.target_stock).then_some(0),
            ..Default::default()
        },
        prison,
        month: 0,
        ceasefire: false,
        extra: scratch.extra,
        arrests_base: Some(0),
        arrests_own: scratch.arrests_own,
        arrests_for: (sc.prisoners.arrests_per_month, 0.0, 0.0, 1.0),
        inner: InnerCircle::default(),
        cred: Credibility::new(&sc.bargaining.credibility),
        watches: scratch.watches,
        hostage: feedback::Hostage::new(&sc.prisoners),
        hostage_rate: 0.0,
        last_cost: 0.0,
        relief_last: [0.0; 4],
        cycle: Cycle::Calm,
        offer_buf: scratch.offer_buf,
        lifted_buf: Vec::new(),
        parts_buf: Vec::new(),
        released_by_class: scratch.released_by_class,
        at_home: if sc.releases.rearrest_hazard_per_month > 0.0 {
            vec![0; sc.prisoners.classes.len()]
        } else {
            Vec::new()
        },
        engaged: 0,
        offers: 0,
        deals: 0,
        credibility_lost: [0; 4],
        refused: 0,
        legitimacy: 0.0,
        deported: 0,
        vetoes: 0,
        purged: 0,
        sight_relief: Default::default(),
        deal_offer: Vec::new(),
        sight_key: None,
        freed_own: [0.0; 4],
        deals_by_actor: [0; 4],
        eu_lift_draw: 1.0,
        eu_blocked: false,
        west_facts: Default::default(),
        rounds_with: [0; 4],
        deals_with: [0; 4],
        dealt: Vec::new(),
        waves: Vec::new(),
    };
    for m in 0..sc.horizon_months {
        world.step(m);
    }
    world.out.final_stock = world.prison.stock();
    let World {
        prison,
        book,
        extra,
        arrests_own,
        watches,
        offer_buf,
        released_by_class,
        out,
        ..
    } = world;
    SCRATCH.with(|s| {
        *s.borrow_mut() = Scratch {
            prison: Some(prison),
            book: Some(book),
            extra,
            arrests_own,
            watches,
            offer_buf,
            released_by_class,
        }
    });
    out
}

impl<'p, O: Observer> World<'p, O> {
    fn sc(&self) -> &Scenario {
        &self.prep.scenario
    }

    fn event(&mut self, e: Event) {
        self.obs.event(self.month, &e);
    }

    fn step(&mut self, m: u32) {
        self.month = m;
        self.record.month = m;
        self.record.released_this_month = 0;
        self.record.released_in_deals_this_month = 0;
        self.released_by_class.iter_mut().for_each(|c| *c = 0);
        (self.engaged, self.offers, self.deals) = (0, 0, 0);
        self.credibility_lost = [0; 4];
        self.refused = 0;
        self.deported = 0;
        self.vetoes = 0;
        self.purged = 0;
        self.freed_own = [0.0; 4];
        self.deals_by_actor = [0; 4];
        self.inner.decay(&self.prep.scenario.regime.hardliners);
        self.legitimacy *= self.prep.scenario.regime.legitimacy.decay_per_month;

        self.switches_and_events();
        let completions = self.prison.advance();
        self.out.sentence_completions += completions;
        let arrested = self.arrests();
        let deaths = self.deaths();
        self.record.arrests_this_month = arrested;
        self.record.arrests_total += arrested;
        self.record.months_without_arrests = if arrested == 0 {
            self.record.months_without_arrests + 1
        } else {
            0
        };
        self.record.stock = self.prison.stock();
        self.check_watches(arrested);

        self.regime_releases();
        self.eu_council();
        self.bargaining();
        self.west_decisions();
        let cost = self.account();
        self.utilities(arrested, deaths, &cost);

        if self.offers > 0 && self.deals == 0 {
            self.out.deadlock_months += 1;
        }
        if self.out.months_to_target.is_none()
            && self.record.stock < self.sc().prisoners.target_stock
        {
            self.out.months_to_target = Some(m + 1);
        }
        let record = MonthRecord {
            month: m,
            stock: self.record.stock,
            released: self.record.released_this_month,
            arrests: arrested,
            completions,
            deaths,
            refused: self.refused,
            sanctions_cost: cost.net_cost,
            relief: cost.relief,
            deals: self.deals,
        };
        self.obs.month(&record);
    }

    fn switches_and_events(&mut self) {
        let m = self.month;
        let prep = self.prep;
        let sc = &prep.scenario;
        for sw in sc.switches.iter().filter(|s| s.month == m) {
            let i = sw.actor.index();
            self.west[i] = strategy::new_west(&sc.west[i], sw.strategy);
            self.event(Event::StrategySwitch {
                actor: sw.actor,
                strategy: sw.strategy,
            });
        }
        if prep.elections.contains(&m) {
            self.event(Event::Election);
        }
        // Both draws every month, so that the stream stays aligned across scenarios.
        let u_ceasefire = unit_f64(&mut self.rng.events);
        let u_wave = unit_f64(&mut self.rng.events);
        let ev = &sc.events;
        if !self.ceasefire && u_ceasefire < ev.ceasefire_hazard_per_month {
            self.ceasefire = true;
            self.record.ceasefire = true;
            self.out.ceasefire_month = Some(m);
            self.event(Event::Ceasefire);
        }
        if u_wave < ev.wave_probability_per_month || ev.scheduled_waves.contains(&m) {
            let size = prep.wave_size.sample(&mut self.rng.events).max(0.0);
            let months = ev.wave_duration_months;
            self.extra.push((m, m + months, size / f64::from(months)));
            self.waves.push((m, m + months, size / f64::from(months)));
            self.out.repression_waves += 1;
            self.cycle.wave();
            self.event(Event::WaveStarted {
                extra_arrests: size,
                months,
            });
        }
    }

    /// Arrests this month, with the feedbacks; returns how many.
    fn arrests(&mut self) -> u64 {
        let m = self.month;
        let prep = self.prep;
        let p = &prep.scenario.prisoners;
        self.extra.retain(|(_, end, _)| *end > m);
        let extra = feedback::surge_rate(&self.extra, m);
        let multiplier = feedback::repression_multiplier(p, self.last_cost);
        let (period, usual) = p.arrest_period(m);
        let hostage = self.hostage.month_rate(p, usual);
        self.hostage_rate = hostage;
        if (usual, extra, hostage, multiplier) != self.arrests_for {
            self.arrests_for = (usual, extra, hostage, multiplier);
            if extra == 0.0 && hostage == 0.0 && multiplier == 1.0 {
                self.arrests_base = Some(period);
            } else {
                self.arrests_base = None;
                // Waves and feedbacks saturate at the largest rate a scenario may set.
                self.arrests_own.clear();
                self.arrests_own.extend(p.classes.iter().map(|class| {
                    PoissonDraw::new(feedback::class_arrest_rate(
                        usual,
                        extra,
                        hostage,
                        class.arrest_share,
                        multiplier,
                        MAX_ARRESTS_PER_MONTH,
                    ))
                }));
            }
        }
        // Each month's draws come from the month's own generators (see `month_stream`).
        // One generator serves the month's counts and sentences, class after class: in a
        // month where every class's rate is the same in two scenarios, the counts take
        // the same draws, and so do the sentences.
        let mut draws = month_stream(self.rng.arrests, m);
        let mut arrested = 0;
        let draws_now = match self.arrests_base {
            Some(period) => &prep.base_arrests[period],
            None => &self.arrests_own,
        };
        // The month's sentences: its period's if it sets them (chosen once a month).
        let sentences = prep.period_sentences[period]
            .as_ref()
            .unwrap_or(&prep.sentences);
        for (class, draw) in draws_now.iter().enumerate() {
            let k = draw.sample(&mut draws);
            self.prison
                .admit_drawn(class, k, &sentences[class], &mut draws);
            arrested += k;
        }
        // Then people released at home, arrested again: drawn last, so that a scenario
        // without them draws the same arrests.
        for (class, home) in self.at_home.iter_mut().enumerate() {
            let k = prep.rearrest.sample(&mut draws, *home);
            if k > 0 {
                *home -= k;
                self.prison
                    .admit_drawn(class, k, &sentences[class], &mut draws);
                self.out.rearrested += k;
                arrested += k;
            }
        }
        self.out.new_arrests += arrested;
        self.cycle.arrests(arrested, usual);
        arrested
    }

    fn deaths(&mut self) -> u64 {
        let deaths = self
            .deaths
            .sample(&mut self.rng.deaths, self.prison.stock());
        for _ in 0..deaths {
            self.prison.remove_uniform(&mut self.rng.deaths);
        }
        if deaths > 0 {
            self.out.deaths_in_custody += deaths;
            self.event(Event::Deaths(deaths));
        }
        deaths
    }

    fn months_to_election(&self) -> Option<u32> {
        let m = self.month;
        self.prep.elections.iter().find(|e| **e >= m).map(|e| e - m)
    }

    /// Releases `order` unless hardliners block it; updates every count.
    fn release(&mut self, order: ReleaseOrder, source: ReleaseSource) -> ReleaseOutcome {
        let m = self.month;
        if self.inner.blocks(m) {
            self.event(Event::ReleaseBlocked {
                source,
                ordered: order.count,
            });
            return ReleaseOutcome::default();
        }
        let prep = self.prep;
        let sc = &prep.scenario;
        let outcome = self.prison.release(
            order.class,
            order.count,
            sc.releases.selection,
            order.mode,
            &prep.refusals,
            &mut self.rng.refusals,
        );
        let released = outcome.released;
        self.out.released += released;
        self.out.deported += outcome.deported;
        self.out.refused_deportation += outcome.refused;
        self.refused += outcome.refused;
        self.out.prisoner_months_forgiven += outcome.prisoner_months;
        self.record.released_this_month += released;
        self.record.released_total += released;
        self.record.stock = self.prison.stock();
        self.released_by_class[order.class] += released;
        if let Some(home) = self.at_home.get_mut(order.class) {
            *home += released - outcome.deported;
        }
        self.deported += outcome.deported;
        self.legitimacy += released as f64
            * sc.regime.legitimacy.per_release
            * sc.prisoners.classes[order.class].value_to_regime;
        if source == ReleaseSource::Deal {
            self.record.released_in_deals_this_month += released;
        }
        self.event(Event::Release {
            source,
            class: order.class,
            ordered: order.count,
            mode: order.mode,
            outcome,
        });
        self.cycle.release(released);
        if let Some((extra, months)) = self.regime.rearrests(released) {
            let months = months.max(1);
            self.extra
                .push((m + 1, m + 1 + months, extra / f64::from(months)));
            self.event(Event::Rearrests {
                extra_arrests: extra,
                months,
            });
        }
        // Hardliners (000): discontent grows with releases; past the threshold they block
        // releases for a while and push a crackdown.
        let h = &sc.regime.hardliners;
        let value = sc.prisoners.classes[order.class].value_to_regime;
        if let Some(veto) = self.inner.after_release(h, released, value, m) {
            self.out.hardliner_blocks += 1;
            self.vetoes += 1;
            if let Some(rate) = veto.crackdown_per_month {
                self.extra.push((m + 1, veto.until, rate));
            }
            self.event(Event::HardlinerVeto {
                until: veto.until,
                crackdown_arrests: h.crackdown_arrests,
            });
        }
        outcome
    }

    /// A purge of `arrests`: made next month (drawn around it, as a surge of arrests), and
    /// the hardliners are reassured at once.
    fn purge(&mut self, arrests: u64) {
        let m = self.month;
        let before = self.inner.discontent;
        let r = &self.prep.scenario.regime;
        self.inner.appease(&r.hardliners, arrests);
        self.legitimacy -= arrests as f64 * r.legitimacy.per_purge_arrest;
        self.extra.push((m + 1, m + 2, arrests as f64));
        self.purged += arrests;
        self.event(Event::Purge {
            arrests,
            discontent: (before, self.inner.discontent),
        });
    }

    /// Calls `f` with the regime's strategy, its view and its random stream. The view
    /// carries the regime's sight when its strategy wants it (in a round with `deal`, the
    /// terms on the table), and a choosing regime's reasons are narrated after.
    #[inline(always)]
    fn ask_regime<R>(
        &mut self,
        deal: Option<Counterpart>,
        f: impl FnOnce(&mut AnyRegime, &RegimeView, &mut StreamRng) -> R,
    ) -> R {
        if self.watching {
            return self.ask_regime_with_sight(deal, f);
        }
        let calendar = self.prep.scenario.calendar(self.month);
        let view = RegimeView {
            calendar,
            record: &self.record,
            class_stock: self.prison.class_stocks(),
            months_to_election: self.months_to_election(),
            relief_by_actor: &self.relief_last,
            sight: None,
        };
        f(&mut self.regime, &view, &mut self.rng.regime)
    }

    /// [`World::ask_regime`] for a strategy that wants its sight: kept out of line, so
    /// that the scripted strategies' months stay as compact as before.
    #[inline(never)]
    fn ask_regime_with_sight<R>(
        &mut self,
        deal: Option<Counterpart>,
        f: impl FnOnce(&mut AnyRegime, &RegimeView, &mut StreamRng) -> R,
    ) -> R {
        let prep = self.prep;
        let sc = &prep.scenario;
        let calendar = sc.calendar(self.month);
        let months_to_election = self.months_to_election();
        self.fill_sight(deal);
        let met = self.benchmarks_met();
        let positions = WestActor::ALL.map(|a| self.west_position(a, &met));
        let west: [WestView; 4] =
            std::array::from_fn(|i| positions[i].view(WestActor::ALL[i], sc, &self.record));
        let largest = self.largest_deal();
        let pressure = self.pressure();
        let terms = deal.map(|cp| {
            let class = sc.regime.targets.best_response.class;
            let q = Quote::new(sc, class, cp.members(), &self.cred, pressure);
            DealTerms {
                members: cp.members(),
                price: q.regime_price(prep.regime_share),
                counter_price: q.west_price(prep.west_share),
                surplus: q.bid >= q.ask,
                ask: q.ask,
                offer: &self.deal_offer,
                largest,
            }
        });
        let prices = WestActor::ALL.map(|a| self.going_price(a));
        let sight = Sight {
            prices,
            discontent: self.inner.discontent,
            blocked: self.inner.blocks(self.month),
            progress: self.record.released_total as f64,
            west: &west,
            relief: &self.sight_relief,
            deal: terms,
            explain: self.obs.wants_choices(),
        };
        let view = RegimeView {
            calendar,
            record: &self.record,
            class_stock: self.prison.class_stocks(),
            months_to_election,
            relief_by_actor: &self.relief_last,
            sight: Some(&sight),
        };
        let r = f(&mut self.regime, &view, &mut self.rng.regime);
        if let Some(why) = self.regime.explanation() {
            self.event(Event::Choice {
                counterpart: deal,
                why,
            });
        }
        r
    }

    /// Fills the regime's sight of each actor's measures, and with `deal` those on offer.
    fn fill_sight(&mut self, deal: Option<Counterpart>) {
        // The measures change only when one is imposed, lifted, re-imposed or lapses, and
        // their values with the month: refilled only then.
        let key = (
            self.month,
            // Every lift, a part or a whole measure (`measures_lifted` counts only whole
            // ones).
            self.book.lifts(),
            self.out.packages_imposed,
            self.out.measures_reimposed,
            self.eu_blocked,
        );
        if self.sight_key != Some(key) {
            self.sight_key = Some(key);
            // Each actor's relief on offer alone (as `relief_on_offer_into`), in one pass.
            let sc = &self.prep.scenario;
            let mut skip = [false; 4];
            skip[WestActor::Eu.index()] = self.eu_blocked;
            self.book.negotiable_each_into(
                &sc.measures,
                &self.prep.bites,
                sc.transit_veto.as_ref(),
                self.month,
                skip,
                &mut self.sight_relief,
            );
            let net = 1.0 - self.cushion();
            for offer in &mut self.sight_relief {
                for (_, v) in offer.iter_mut() {
                    *v *= net;
                }
                crate::model::sanctions::sort_by_value(offer);
            }
        }
        // The measures on offer are the members' (as `relief_on_offer_into` lists them):
        // the same values, in the same total order.
        if let Some(cp) = deal {
            self.deal_offer.clear();
            for a in cp.members() {
                self.deal_offer
                    .extend_from_slice(&self.sight_relief[a.index()]);
            }
            if self.book.in_parts() {
                // A deal buys parts of measures: the offer lists them.
                let mut parts = std::mem::take(&mut self.parts_buf);
                self.book.parts_into(&self.deal_offer, &mut parts);
                std::mem::swap(&mut self.deal_offer, &mut parts);
                self.parts_buf = parts;
            } else if cp.members().len() > 1 {
                crate::model::sanctions::sort_by_value(&mut self.deal_offer);
            }
        }
    }

    fn regime_releases(&mut self) {
        let calendar = self.prep.scenario.calendar(self.month);
        let action = self.ask_regime(
            None,
            #[inline(always)]
            |regime, view, rng| regime.decide(view, rng),
        );
        if action.purge > 0 {
            self.purge(action.purge);
        }
        let mut own = 0;
        if let Some(mut order) = action.release {
            order.count = round_count(order.count as f64 * self.pressure());
            own = self.release(order, ReleaseSource::Strategy).released;
        }
        // The West reads the month's releases of the regime's own as evidence of its type,
        // but not while the hardliners block every release: neither type could release.
        if !self.inner.blocks(self.month) {
            self.cred.regime_month(own > 0);
        }
        let sc = &self.prep.scenario;
        let pardons = sc.regime.holiday_pardons;
        if pardons > 0
            && sc.events.holiday_months.contains(&calendar.month())
            && self.regime.pardons_on_holidays()
            && !sc.prisoners.classes.is_empty()
        {
            let order = ReleaseOrder {
                class: 0,
                count: pardons,
                mode: ReleaseMode::Home,
            };
            self.release(order, ReleaseSource::Holiday);
        }
    }

    /// What `actor` sees, but the record (borrowed separately by the caller).
    fn west_position(&self, actor: WestActor, met: &[bool; 4]) -> WestPosition<'p> {
        let sc: &'p Scenario = &self.prep.scenario;
        let aligned = sc.coordination == Coordination::Aligned
            && matches!(actor, WestActor::Us | WestActor::Eu);
        WestPosition {
            benchmark_met: met[actor.index()],
            benchmark: if aligned {
                &sc.common_benchmark
            } else {
                &sc.west[actor.index()].benchmark
            },
            reserve_left: self.book.reserve_left(&sc.measures, actor),
            active_negotiable: self.book.active_negotiable(&sc.measures, actor),
            lifted: self.book.lifted(&sc.measures, actor),
        }
    }

    /// Calls `f` with `actor`'s strategy, its view (with its sight, for a strategy that
    /// wants it: [`WestStrategy::wants_sight`]) and its random stream.
    #[inline(always)]
    fn ask_west<R>(
        &mut self,
        actor: WestActor,
        met: &[bool; 4],
        f: impl FnOnce(&mut strategy::AnyWest, &WestView, &mut StreamRng) -> R,
    ) -> R {
        let i = actor.index();
        let position = self.west_position(actor, met);
        let mut view = position.view(actor, &self.prep.scenario, &self.record);
        if !self.west[i].wants_sight() {
            return f(&mut self.west[i], &view, &mut self.rng.west[i]);
        }
        let mut facts = std::mem::take(&mut self.west_facts[i]);
        let sight = self.west_sight(actor, &mut facts);
        view.sight = Some(&sight);
        let r = f(&mut self.west[i], &view, &mut self.rng.west[i]);
        self.west_facts[i] = facts;
        r
    }

    /// What a Western actor that chooses by expected utility sees
    /// ([`west_choice::WestSight`]), its negotiable measures written into `facts`.
    fn west_sight<'a>(&self, actor: WestActor, facts: &'a mut Vec<MeasureFacts>) -> WestSight<'a>
    where
        'p: 'a,
    {
        let prep: &'p Prepared = self.prep;
        let sc = &prep.scenario;
        let i = actor.index();
        let net = 1.0 - self.cushion();
        let fact = |m: usize, bite: f64| {
            let measure = &sc.measures[m];
            // Of a measure lifted in part, what is left in force.
            let share_left = 1.0 - self.book.share_lifted(m);
            MeasureFacts {
                measure: m,
                bite,
                kept: prep.kept[m],
                sender_cost: measure.sender_costs[i] * share_left,
                parts: self.book.parts_left(m).max(1),
                share_left,
                security: measure.justification == crate::scenario::Justification::Security,
                negotiable: measure.negotiable,
            }
        };
        let value = |m: usize| {
            self.book.relief_value(
                &sc.measures,
                &prep.bites,
                sc.transit_veto.as_ref(),
                m,
                self.month,
            ) * net
        };
        facts.clear();
        for (m, measure) in sc.measures.iter().enumerate() {
            let active = matches!(
                self.book.state(m),
                crate::model::sanctions::MeasureState::Active { .. }
            );
            if measure.actor == actor && measure.negotiable && active {
                facts.push(fact(m, value(m)));
            }
        }
        facts.sort_by(|a, b| a.bite.total_cmp(&b.bite).then(a.measure.cmp(&b.measure)));
        let reserve = self.book.next_reserve(&sc.measures, actor).map(|m| {
            fact(
                m,
                crate::model::sanctions::bite_at(&sc.measures[m], 0.0) * net,
            )
        });
        // Relief agreed in a deal is not taken back: only a measure it lifted on its own
        // may be re-imposed.
        let last_lifted = self
            .book
            .last_lifted(&sc.measures, actor)
            .filter(|m| !self.dealt.get(*m).copied().unwrap_or(false))
            .map(|m| fact(m, value(m)));
        let quote = Quote::new(
            sc,
            0,
            std::slice::from_ref(&WestActor::ALL[i]),
            &self.cred,
            self.pressure(),
        );
        let b = &sc.bargaining;
        let p = &sc.prisoners;
        WestSight {
            weights: &prep.west_payoffs[i],
            discount: sc.payoffs.discount_per_month,
            months_left: sc.horizon_months - self.month,
            liberaliser: self.cred.liberaliser[i],
            keeps: self.cred.of_regime(actor),
            reserve,
            negotiable: facts,
            last_lifted,
            ask: quote.ask,
            price: quote.regime_price(prep.regime_share),
            value_to_west: p.classes[0].value_to_west,
            round_chance: channel_probability(b, self.west[i].channel_multiplier(), self.ceasefire)
                .min(1.0)
                * (1.0 - sc.russia.derail_probability_per_month),
            rounds: self.rounds_with[i],
            deals: self.deals_with[i],
            release_slope: sc.regime.sanctions_sensitivity / p.sanctions_reference_cost,
            arrest_slope: p.usual_arrests(self.month) * p.sanctions_repression_elasticity
                / p.sanctions_reference_cost,
            deal_open: self
                .watches
                .iter()
                .any(|w| w.members.contains(&actor) && !w.reneged_west[i] && !w.reneged_regime),
        }
    }

    fn benchmarks_met(&self) -> [bool; 4] {
        let sc = self.sc();
        let mut met = sc
            .west
            .each_ref()
            .map(|w| strategy::benchmark_met(&w.benchmark, &self.record));
        if sc.coordination == Coordination::Aligned {
            let common = strategy::benchmark_met(&sc.common_benchmark, &self.record);
            met[WestActor::Us.index()] = common;
            met[WestActor::Eu.index()] = common;
        }
        met
    }

    fn counterparts(&self) -> &'static [Counterpart] {
        const DIVIDED: [Counterpart; 4] = [
            Counterpart::One(WestActor::Us),
            Counterpart::One(WestActor::Eu),
            Counterpart::One(WestActor::Lithuania),
            Counterpart::One(WestActor::Poland),
        ];
        const ALIGNED: [Counterpart; 3] = [
            Counterpart::UsAndEu,
            Counterpart::One(WestActor::Lithuania),
            Counterpart::One(WestActor::Poland),
        ];
        match self.sc().coordination {
            Coordination::Aligned => &ALIGNED,
            Coordination::Divided => &DIVIDED,
        }
    }

    fn bargaining(&mut self) {
        // No channel ever opens: skip the rounds (the bargaining stream is this module's
        // own, so not drawing from it shifts nothing else).
        let sc = &self.prep.scenario;
        if sc.bargaining.channel_probability_per_month == 0.0 && sc.contacts.is_empty() {
            return;
        }
        for &cp in self.counterparts() {
            self.round(cp);
        }
    }

    /// One counterpart's channel and, if it opens, one round of bargaining.
    fn round(&mut self, cp: Counterpart) {
        let prep = self.prep;
        let sc = &prep.scenario;
        let b = &sc.bargaining;
        let members = cp.members();
        // Two draws every month and counterpart, whatever happens, to keep the stream
        // aligned.
        let u_open = unit_f64(&mut self.rng.bargaining);
        let u_derail = unit_f64(&mut self.rng.bargaining);
        let multiplier = members
            .iter()
            .map(|a| self.west[a.index()].channel_multiplier())
            .fold(0.0, f64::max);
        // A scheduled contact opens the round whatever the draws (it is not derailed).
        let mut scheduled = false;
        let month = self.month;
        for c in sc.contacts.iter().filter(|c| c.month == month) {
            if members.contains(&c.actor) {
                scheduled = true;
                self.legitimacy += match c.level {
                    ContactLevel::Envoy => sc.regime.legitimacy.per_envoy_visit,
                    ContactLevel::Top => sc.regime.legitimacy.per_top_contact,
                };
                self.event(Event::Contact {
                    actor: c.actor,
                    level: c.level,
                });
            }
        }
        if !scheduled && u_open >= channel_probability(b, multiplier, self.ceasefire) {
            return;
        }
        if !scheduled && u_derail < sc.russia.derail_probability_per_month {
            self.event(Event::ChannelDerailed(cp));
            return;
        }
        self.engaged += 1;
        for a in members {
            self.rounds_with[a.index()] += 1;
        }
        self.event(Event::ChannelOpened(cp));
        // The EU's relief is on offer only if no member vetoes lifting it (unanimity).
        self.eu_blocked = members.contains(&WestActor::Eu)
            && self.book.active_negotiable(&sc.measures, WestActor::Eu) > 0
            && self.eu_lift_vetoed();

        let met = self.benchmarks_met();
        // The least release every member accepts; None if any member makes no deals.
        let mut minimum = Some(0u64);
        for a in members {
            let least = self.ask_west(*a, &met, |west, view, _| west.deal_minimum(view));
            minimum = match (minimum, least) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            };
        }
        let lead = members[0];
        // Before a ceasefire a deal may be capped: a larger offer is cut to the cap.
        let largest = self.largest_deal();
        let offer = self
            .ask_regime(
                Some(cp),
                #[inline(always)]
                |regime, view, rng| regime.propose(view, lead, rng),
            )
            .map(|o| ReleaseOrder {
                count: o.count.min(largest),
                ..o
            })
            .filter(|o| o.count > 0);
        let class = offer.map_or(0, |o| o.class);
        let quote = Quote::new(sc, class, members, &self.cred, self.pressure());
        let available = self.relief_available(members);
        let affordable = |count: u64| quote.affordable(available, count);

        if let Some(order) = offer {
            self.offers += 1;
            self.event(Event::Offer {
                counterpart: cp,
                order,
                price: quote.ask,
            });
            let price = quote.regime_price(prep.regime_share);
            match minimum {
                Some(k)
                    if order.count >= k
                        && affordable(order.count)
                        && self.members_accept(members, order, price) =>
                {
                    self.deal(cp, order, price);
                }
                Some(k) if order.count < k && k <= self.prison.class_stock(class).min(largest) => {
                    self.counter(cp, order, k, quote, affordable(k));
                }
                _ => self.event(Event::Rejected {
                    counterpart: cp,
                    by_regime: false,
                }),
            }
        } else if let Some(k) =
            minimum.filter(|k| *k > 0 && *k <= self.prison.class_stock(0).min(largest))
        {
            // The regime made no offer: the West proposes.
            self.offers += 1;
            let order = ReleaseOrder {
                class: 0,
                count: k,
                mode: sc.releases.mode,
            };
            self.counter(cp, order, k, quote, affordable(k));
        }
    }

    /// The most prisoners a deal may free this month: `bargaining.largest_deal_before_ceasefire`
    /// before a ceasefire, no limit after one or without it.
    fn largest_deal(&self) -> u64 {
        match self.prep.scenario.bargaining.largest_deal_before_ceasefire {
            Some(n) if !self.ceasefire => n,
            _ => u64::MAX,
        }
    }

    /// Whether every member that values offers itself ([`WestStrategy::accepts`]) takes
    /// the regime's offer of `order` at `price` a prisoner; the others' deal minimum has
    /// already let it through.
    fn members_accept(&mut self, members: &[WestActor], order: ReleaseOrder, price: f64) -> bool {
        if !members.iter().any(|a| self.west[a.index()].wants_sight()) {
            return true;
        }
        let value = self.prep.scenario.prisoners.classes[order.class].value_to_west;
        let met = self.benchmarks_met();
        members.iter().all(|a| {
            self.ask_west(*a, &met, |west, view, _| {
                !west.wants_sight() || west.accepts(view, order.count, value, price)
            })
        })
    }

    /// The West asks for `k` prisoners at its price; the regime answers.
    fn counter(
        &mut self,
        cp: Counterpart,
        offer: ReleaseOrder,
        k: u64,
        quote: Quote,
        affordable: bool,
    ) {
        let prep = self.prep;
        let order = ReleaseOrder { count: k, ..offer };
        let price = quote.west_price(prep.west_share);
        self.event(Event::Counter {
            counterpart: cp,
            order,
            price,
        });
        let accepted = affordable
            && self.ask_regime(
                Some(cp),
                #[inline(always)]
                |regime, view, rng| regime.accept_counter(view, cp.members()[0], &order, rng),
            );
        if accepted {
            self.deal(cp, order, price);
        } else {
            self.event(Event::Rejected {
                counterpart: cp,
                by_regime: true,
            });
        }
    }

    /// Executes a deal: the releases, then relief worth `price` per prisoner released.
    fn deal(&mut self, cp: Counterpart, order: ReleaseOrder, price: f64) {
        let prep = self.prep;
        let sc = &prep.scenario;
        let b = &sc.bargaining;
        let members = cp.members();
        let mut withheld = [false; 4];
        for a in members {
            let u = unit_f64(&mut self.rng.bargaining);
            withheld[a.index()] = u < sc.west[a.index()].withhold_probability;
        }
        let outcome = self.release(order, ReleaseSource::Deal);
        if outcome.released == 0 {
            return;
        }
        // Relief: the members' negotiable measures, smallest first, until their value
        // covers what was agreed for those actually released.
        let target = price * outcome.released as f64;
        let givers: Vec<WestActor> = members
            .iter()
            .copied()
            .filter(|a| !withheld[a.index()])
            .collect();
        let (chosen, lifted, delivered) = self.buy_relief(&givers, target);
        if self.dealt.is_empty() {
            self.dealt = vec![false; sc.measures.len()];
        }
        for &i in &chosen {
            self.dealt[i] = true;
        }
        // Every member brokered the release; those that did not withhold paid for it.
        let freed = outcome.released as f64 * sc.prisoners.classes[order.class].value_to_west;
        for a in members {
            self.deals_with[a.index()] += 1;
            self.freed_own[a.index()] += freed;
            if !withheld[a.index()] {
                self.deals_by_actor[a.index()] += 1;
            }
        }
        self.deals += 1;
        self.legitimacy += sc.regime.legitimacy.per_deal;
        self.out.deals += 1;
        self.record.deals_total += 1;
        self.hostage
            .traded(&sc.prisoners, outcome.released, delivered);
        if self.out.months_to_first_deal.is_none() {
            self.out.months_to_first_deal = Some(self.month + 1);
        }
        self.event(Event::Deal {
            counterpart: cp,
            order,
            price,
            released: outcome.released,
            measures_lifted: lifted,
            relief: delivered,
        });
        for a in members.iter().filter(|a| withheld[a.index()]) {
            self.event(Event::ReliefWithheld(*a));
            self.west_reneged(*a);
        }
        let usual = sc.prisoners.usual_arrests(self.month);
        self.watches
            .push(DealWatch::new(b, members, self.month, usual, withheld));
    }

    /// Calls `f` with the negotiable measures `members` could lift now, with what each is
    /// worth to the regime net of Russia's cushion (it values relief net of what Russia
    /// would have covered anyway), smallest first. The list lives in a buffer the run
    /// keeps, so a bargaining round allocates nothing.
    fn with_relief_on_offer<R>(
        &mut self,
        members: &[WestActor],
        f: impl FnOnce(&mut Self, &[(usize, f64)]) -> R,
    ) -> R {
        let mut offer = std::mem::take(&mut self.offer_buf);
        self.relief_on_offer_into(members, &mut offer);
        if self.book.in_parts() {
            // A deal buys parts of measures: the offer lists them.
            let mut parts = std::mem::take(&mut self.parts_buf);
            self.book.parts_into(&offer, &mut parts);
            std::mem::swap(&mut offer, &mut parts);
            self.parts_buf = parts;
        }
        let r = f(self, &offer);
        self.offer_buf = offer;
        r
    }

    /// What the negotiable measures `members` could lift now are worth to the regime, net
    /// of Russia's cushion: their values summed smallest first, whole measures (their
    /// parts add up to the same, and need not be listed to be summed).
    fn relief_available(&mut self, members: &[WestActor]) -> f64 {
        let mut offer = std::mem::take(&mut self.offer_buf);
        self.relief_on_offer_into(members, &mut offer);
        let available = offer.iter().map(|(_, v)| v).sum();
        self.offer_buf = offer;
        available
    }

    /// Writes into `offer` the negotiable measures `members` could lift now, with what each
    /// is worth to the regime net of Russia's cushion, smallest first.
    fn relief_on_offer_into(&self, members: &[WestActor], offer: &mut Vec<(usize, f64)>) {
        let sc = &self.prep.scenario;
        let net = 1.0 - self.cushion();
        offer.clear();
        for a in members {
            if *a == WestActor::Eu && self.eu_blocked {
                continue;
            }
            self.book.negotiable_into(
                &sc.measures,
                &self.prep.bites,
                sc.transit_veto.as_ref(),
                *a,
                self.month,
                offer,
            );
        }
        for (_, v) in offer.iter_mut() {
            *v *= net;
        }
        crate::model::sanctions::sort_by_value(offer);
    }

    /// Lifts `givers`' relief worth `target` (USD m a month, net of the cushion): their
    /// negotiable measures' parts smallest first until covered
    /// ([`relief_for`]). Returns the parts chosen (measure indices), the measures lifted
    /// whole and what the relief lifted is worth.
    fn buy_relief(&mut self, givers: &[WestActor], target: f64) -> (Vec<usize>, u32, f64) {
        let (chosen, delivered) = self.with_relief_on_offer(givers, |_, offer| {
            let chosen = relief_for(offer, target);
            // From +0: an empty sum of f64 is -0, which would print as "-0.00".
            let delivered = offer[..chosen.len()].iter().fold(0.0, |a, (_, v)| a + v);
            (chosen, delivered)
        });
        let lifted = self.lift_parts(&chosen);
        (chosen, lifted, delivered)
    }

    /// `actor`'s going price: the regime's price at the split for a prisoner of the first
    /// class in a round with it alone, at most its bid (0 without prisoner classes).
    fn going_price(&self, actor: WestActor) -> f64 {
        let sc = &self.prep.scenario;
        if sc.prisoners.classes.is_empty() {
            return 0.0;
        }
        let members = std::slice::from_ref(&WestActor::ALL[actor.index()]);
        let quote = Quote::new(sc, 0, members, &self.cred, self.pressure());
        quote.regime_price(self.prep.regime_share).min(quote.bid)
    }

    /// `actor` pays for `prisoners` released outside deals at the going price
    /// ([`WestAction::pay_for`]): the regime's price at the split for a prisoner of the
    /// first class in a round with it alone, at most its bid.
    /// Returns the relief it lifted (0 if none); the caller counts the prisoners paid
    /// for once for the hostage expectation, whoever paid.
    fn pay_for(&mut self, actor: WestActor, prisoners: u64) -> f64 {
        let sc = &self.prep.scenario;
        let price = self.going_price(actor);
        if price <= 0.0 || self.book.active_negotiable(&sc.measures, actor) == 0 {
            return 0.0;
        }
        let (_, lifted, delivered) = self.buy_relief(
            std::slice::from_ref(&WestActor::ALL[actor.index()]),
            price * prisoners as f64,
        );
        if delivered > 0.0 {
            self.event(Event::Paid {
                actor,
                prisoners,
                price,
                relief: delivered,
                measures_lifted: lifted,
            });
        }
        delivered
    }

    /// Lifts a part of each measure in `chosen` for each time it is named (whole measures
    /// when deals lift them whole); returns the measures lifted whole.
    fn lift_parts(&mut self, chosen: &[usize]) -> u32 {
        let mut lifted = std::mem::take(&mut self.lifted_buf);
        lifted.clear();
        self.book
            .lift_parts(chosen, |i, whole| lifted.push((i, whole)));
        let mut whole_count = 0;
        for (k, &(i, whole)) in lifted.iter().enumerate() {
            let actor = self.prep.scenario.measures[i].actor;
            // A measure's parts come one after another: narrated once, after its last.
            let last_of_measure = lifted.get(k + 1).is_none_or(|(j, _)| *j != i);
            if whole {
                whole_count += 1;
                self.lifted_one(actor, i);
            } else if last_of_measure {
                if self.cycle.relief() {
                    self.out.cycles += 1;
                }
                self.event(Event::ReliefPart {
                    actor,
                    measure: i,
                    share: self.book.share_lifted(i),
                });
            }
        }
        self.lifted_buf = lifted;
        whole_count
    }

    fn lifted_one(&mut self, actor: WestActor, measure: usize) {
        self.out.measures_lifted += 1;
        self.record.measures_lifted_total += 1;
        if self.cycle.relief() {
            self.out.cycles += 1;
        }
        self.event(Event::MeasureLifted { actor, measure });
    }

    fn west_reneged(&mut self, actor: WestActor) {
        self.cred.west_reneged(actor);
        self.out.reneged_by_west += 1;
        self.event(Event::Reneged(Reneger::West(actor)));
        self.credibility_event(actor);
    }

    fn credibility_event(&mut self, actor: WestActor) {
        let i = actor.index();
        self.event(Event::Credibility {
            actor,
            of_regime: self.cred.of_regime(actor),
            of_west: self.cred.of_west(actor),
            liberaliser: self.cred.liberaliser[i],
            west_keeper: self.cred.west_keeper[i],
        });
    }

    /// New arrests after a deal count against the regime; a closed window restores trust.
    fn check_watches(&mut self, arrested: u64) {
        let m = self.month;
        // The regime's own rates expect waves and the hostage incentive's arrests: only
        // arrests beyond them (its purges and re-arrests) break a deal.
        let expected = if self.waves.is_empty() {
            0.0
        } else {
            self.waves.retain(|(_, end, _)| *end > m);
            feedback::surge_rate(&self.waves, m)
        } + self.hostage_rate;
        let mut watches = std::mem::take(&mut self.watches);
        for w in &mut watches {
            if w.count_arrests(arrested, expected) {
                self.out.reneged_by_regime += 1;
                self.event(Event::Reneged(Reneger::Regime));
                for a in w.members {
                    self.cred.regime_reneged(*a);
                    // Relief that rewarded a revolving door costs the giver credibility.
                    if !w.withheld[a.index()] {
                        self.credibility_lost[a.index()] += 1;
                    }
                    self.credibility_event(*a);
                }
            }
        }
        watches.retain(|w| {
            if w.open_in(m) {
                return true;
            }
            for a in w.members {
                let (regime_kept, west_kept) = (!w.reneged_regime, !w.reneged_west[a.index()]);
                self.cred.window_closed(*a, regime_kept, west_kept);
                if regime_kept || west_kept {
                    self.credibility_event(*a);
                }
            }
            false
        });
        self.watches = watches;
    }

    fn west_decisions(&mut self) {
        let prep = self.prep;
        let sc = &prep.scenario;
        let met = self.benchmarks_met();
        let mut actions = [WestAction::default(); 4];
        for actor in WestActor::ALL {
            let i = actor.index();
            actions[i] = self.ask_west(actor, &met, |west, view, rng| west.decide(view, rng));
            // A month with nothing to weigh but holding is not a choice to narrate.
            if let Some(why) = self.west[i]
                .explanation()
                .filter(|w| w.options.iter().flatten().count() > 1)
            {
                self.event(Event::WestChoice { actor, why });
            }
        }
        if self.watching {
            self.regime_watches(&met, &actions);
        }
        // Unanimity: a member's veto stops the EU's lifts (and, aligned, the US's too).
        let eu = WestActor::Eu.index();
        if (actions[eu].lift > 0 || actions[eu].pay_for > 0)
            && self.book.active_negotiable(&sc.measures, WestActor::Eu) > 0
            && self.eu_lift_vetoed()
        {
            actions[eu].lift = 0;
            actions[eu].pay_for = 0;
        }
        // Aligned: neither the US nor the EU grants relief alone.
        if sc.coordination == Coordination::Aligned {
            let (us, eu) = (WestActor::Us.index(), WestActor::Eu.index());
            let both = actions[us].lift.min(actions[eu].lift);
            actions[us].lift = both;
            actions[eu].lift = both;
            let both = actions[us].pay_for.min(actions[eu].pay_for);
            actions[us].pay_for = both;
            actions[eu].pay_for = both;
        }
        // The releases paid for this month and the relief paid for them, by every payer.
        let mut paid = (0u64, 0.0);
        for actor in WestActor::ALL {
            let action = actions[actor.index()];
            for _ in 0..action.impose_packages {
                if let Some(measure) = self.book.impose_next(&sc.measures, actor, self.month) {
                    self.out.packages_imposed += 1;
                    self.record.packages_imposed_total += 1;
                    self.cycle.package();
                    self.event(Event::PackageImposed { actor, measure });
                }
            }
            if action.lift > 0 {
                let mut lifted = Vec::new();
                self.book.lift_smallest(
                    &sc.measures,
                    &prep.bites,
                    sc.transit_veto.as_ref(),
                    actor,
                    action.lift,
                    self.month,
                    |i| lifted.push(i),
                );
                for i in lifted {
                    self.lifted_one(actor, i);
                }
            }
            if action.pay_for > 0 {
                let relief = self.pay_for(actor, action.pay_for);
                if relief > 0.0 {
                    paid = (paid.0.max(action.pay_for), paid.1 + relief);
                }
            }
            if action.reimpose > 0 {
                let mut back = Vec::new();
                self.book
                    .reimpose_last(&sc.measures, actor, action.reimpose, |i| back.push(i));
                for measure in back {
                    if let Some(d) = self.dealt.get_mut(measure) {
                        *d = false;
                    }
                    self.out.measures_reimposed += 1;
                    self.event(Event::MeasureReimposed { actor, measure });
                }
                // Re-imposing while a deal's window is open breaks the deal, unless the
                // regime broke it first (then it is retaliation).
                let open = self.watches.iter_mut().find(|w| {
                    w.members.contains(&actor)
                        && !w.reneged_west[actor.index()]
                        && !w.reneged_regime
                });
                if let Some(w) = open {
                    w.reneged_west[actor.index()] = true;
                    self.west_reneged(actor);
                }
            }
        }
        // Relief paid for releases is a price paid, as a deal's: it raises the regime's
        // expected price and its hostage allowance, once for the prisoners whoever paid.
        if paid.1 > 0.0 {
            self.hostage.traded(&sc.prisoners, paid.0, paid.1);
        }
    }

    /// Shows a regime that wants its sight each actor's move this month, with the view the
    /// actor decided on (the Western strategies read neither the regime nor the book they
    /// leave as it was, so the views are built again as they were). Out of line, so that
    /// the scripted strategies' months need not build the views in memory.
    #[inline(never)]
    fn regime_watches(&mut self, met: &[bool; 4], actions: &[WestAction; 4]) {
        let sc = &self.prep.scenario;
        for actor in WestActor::ALL {
            let position = self.west_position(actor, met);
            let view = position.view(actor, sc, &self.record);
            self.regime.observe_west(&view, &actions[actor.index()]);
        }
    }

    /// How much last month's sanctions cost moves the regime: 1 when it does not.
    fn pressure(&self) -> f64 {
        let sc = &self.prep.scenario;
        feedback::pressure(
            &sc.regime,
            sc.prisoners.sanctions_reference_cost,
            self.last_cost,
        )
    }

    /// The share of the sanctions cost Russia covers now.
    fn cushion(&self) -> f64 {
        feedback::cushion(&self.prep.scenario.russia, self.ceasefire)
    }

    fn account(&mut self) -> crate::model::sanctions::MonthCost {
        let prep = self.prep;
        let sc = &prep.scenario;
        let cushion = self.cushion();
        let cost = self.book.month_cost(
            &sc.measures,
            &prep.bites,
            sc.transit_veto.as_ref(),
            cushion,
            self.month,
        );
        self.out.sanctions_cost += cost.net_cost;
        self.out.relief_granted += cost.relief;
        for (total, r) in self
            .out
            .relief_by_actor
            .iter_mut()
            .zip(cost.relief_by_actor)
        {
            *total += r;
        }
        self.relief_last = cost.relief_by_actor;
        self.last_cost = cost.net_cost;
        cost
    }

    /// Discounted utilities of the month (MODEL.md, Payoffs).
    fn utilities(&mut self, arrested: u64, deaths: u64, cost: &crate::model::sanctions::MonthCost) {
        let sc = &self.prep.scenario;
        let pay = &sc.payoffs;
        let discount = self.prep.discounts[self.month as usize];
        let regime = payoffs::regime_month(
            &pay.regime,
            cost.net_cost,
            self.engaged,
            self.record.stock,
            self.inner.discontent,
            deaths,
        ) + payoffs::regime_standing(
            &pay.regime,
            self.legitimacy,
            self.prep.legitimacy_worth[self.month as usize],
            self.deported,
            self.vetoes,
            self.purged,
        );
        self.out.regime_utility += discount * regime;
        let freed = payoffs::freed_value(&self.released_by_class, &sc.prisoners.classes);
        let u = self.prep.west_weights.months(&payoffs::WestMonths {
            freed,
            freed_in_own_deals: self.freed_own,
            arrested,
            deaths,
            relief: cost.relief_by_actor,
            credibility_lost: self.credibility_lost,
            sender_cost: cost.sender_cost,
            deals: self.deals_by_actor,
            held: self.record.stock,
            security_lifted: cost.security_lifted,
        });
        for (total, u) in self.out.utility.iter_mut().zip(u) {
            *total += discount * u;
        }
    }

    /// EU unanimity, before the month's rounds and decisions (`sanctions.unanimity`): in
    /// the renewal month each EU measure in force lapses if a member vetoes its renewal;
    /// then the month's draw that decides whether a member vetoes the EU's lifts. Every
    /// draw is taken whatever happens (one per EU measure at a renewal, one a month), from
    /// the unanimity stream alone, so that no other stream moves.
    fn eu_council(&mut self) {
        let prep = self.prep;
        let sc = &prep.scenario;
        let u = &sc.unanimity;
        // No veto can happen: the unanimity stream's draws would decide nothing (the stream
        // is this function's own, so not drawing from it moves nothing else).
        if u.renewal_veto_probability == 0.0 && u.lift_veto_probability == 0.0 {
            return;
        }
        if sc.calendar(self.month).month() == u.renewal_month {
            for &i in &prep.eu_measures {
                let draw = unit_f64(&mut self.rng.unanimity);
                let active = matches!(
                    self.book.state(i),
                    crate::model::sanctions::MeasureState::Active { .. }
                );
                if active && draw < u.renewal_veto_probability {
                    self.book.lift_these(&[i], |_| {});
                    self.out.eu_measures_lapsed += 1;
                    self.out.measures_lifted += 1;
                    self.record.measures_lifted_total += 1;
                    if self.cycle.relief() {
                        self.out.cycles += 1;
                    }
                    self.event(Event::MeasureLapsed { measure: i });
                }
            }
        }
        self.eu_lift_draw = unit_f64(&mut self.rng.unanimity);
    }

    /// Whether a member vetoes the lift the EU is attempting now: this month's draw below
    /// `lift_veto_probability`, or, with `frontline_veto`, Lithuania's or Poland's
    /// benchmark unmet. A veto is counted and narrated.
    fn eu_lift_vetoed(&mut self) -> bool {
        let u = &self.prep.scenario.unanimity;
        let frontline = u.frontline_veto && {
            let met = self.benchmarks_met();
            !(met[WestActor::Lithuania.index()] && met[WestActor::Poland.index()])
        };
        let vetoed = frontline || self.eu_lift_draw < u.lift_veto_probability;
        if vetoed {
            self.out.eu_lifts_vetoed += 1;
            self.event(Event::EuLiftVetoed { frontline });
        }
        vetoed
    }
}
