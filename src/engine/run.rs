//! One run: a scenario's world, month by month.
//!
//! Each month, in this order (the order of `../shared/bench/` for the first four):
//! 1. events: a ceasefire may arrive; a repression wave may start;
//! 2. prisoners with one month left complete their sentence;
//! 3. Poisson arrests by class, each with a sentence from the class's distribution;
//! 4. deaths in custody, Binomial(stock, hazard), each from a cohort in proportion to size;
//! 5. the regime decides and releases (refusals of deportation go back to the stock);
//! 6. each Western actor decides, seeing this month's arrests and releases: packages
//!    imposed, negotiable measures lifted;
//! 7. the sanctions account: cost net of the Russian cushion, relief, transit veto.
//!
//! [`Prepared`] holds what is computed once per batch (sampling tables, the initial
//! cohorts, bite tables); [`simulate`] runs one history and reports it to an
//! [`Observer`], which the batch uses for monthly statistics and `trace` for narration.

use super::seed::{Stream, stream};
use crate::model::prisoners::{Prison, ReleaseOutcome};
use crate::model::sample::{AliasTable, BinomialP, PoissonDraw};
use crate::model::sanctions::{BiteTables, SanctionsBook};
use crate::scenario::dist::{Sampler, unit_f64};
use crate::scenario::{Coordination, ReleaseMode, Scenario, WestActor};
use crate::strategy::{self, PublicRecord, RegimeView, StreamRng, WestView};

/// What a batch computes once and every run shares.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub scenario: Scenario,
    /// Sentence of a new conviction, per class, in months.
    sentences: Vec<AliasTable>,
    /// The prisoners held at the start.
    initial: Prison,
    /// Arrests per month and class without waves.
    base_arrests: Vec<PoissonDraw>,
    bites: BiteTables,
    wave_size: Sampler,
    deaths: BinomialP,
    refusals: BinomialP,
}

impl Prepared {
    pub fn new(scenario: &Scenario) -> Self {
        let p = &scenario.prisoners;
        let max = p.max_sentence_months;
        let sentences = p
            .classes
            .iter()
            .map(|c| AliasTable::new(&c.sentence.month_pmf(max)))
            .collect();
        let mut initial = Prison::new(p.classes.len(), max);
        for (i, class) in p.classes.iter().enumerate() {
            for (months, n) in
                allocate(class.initial_count, &class.initial_remaining.month_pmf(max))
                    .into_iter()
                    .enumerate()
            {
                if n > 0 {
                    initial.admit(i, months, n);
                }
            }
        }
        let base_arrests = p
            .classes
            .iter()
            .map(|c| PoissonDraw::tabled(p.arrests_per_month * c.arrest_share))
            .collect();
        Prepared {
            scenario: scenario.clone(),
            sentences,
            initial,
            base_arrests,
            bites: BiteTables::new(&scenario.measures, scenario.horizon_months),
            wave_size: scenario.events.wave_size.sampler(),
            deaths: BinomialP::new(p.death_hazard_per_month),
            refusals: BinomialP::new(scenario.releases.refusal_probability),
        }
    }

    /// The prisoners held at the start (the same in every run).
    pub fn initial(&self) -> &Prison {
        &self.initial
    }
}

/// Splits `n` over months in proportion to `pmf` by largest remainders (ties to the
/// shorter sentence): the known stock at the start is a fact, not a draw.
pub fn allocate(n: u64, pmf: &[f64]) -> Vec<u64> {
    let total: f64 = pmf.iter().sum();
    let exact: Vec<f64> = pmf.iter().map(|p| n as f64 * p / total).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let assigned: u64 = counts.iter().sum();
    let mut order: Vec<usize> = (0..pmf.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().take(n.saturating_sub(assigned) as usize) {
        counts[i] += 1;
    }
    counts
}

/// Totals of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunOutcome {
    pub run: u64,
    pub initial_stock: u64,
    pub new_arrests: u64,
    pub released: u64,
    pub deported: u64,
    pub refused_deportation: u64,
    pub sentence_completions: u64,
    pub deaths_in_custody: u64,
    pub final_stock: u64,
    /// Remaining sentence given up by those released, in months.
    pub prisoner_months_forgiven: u64,
    /// USD millions, net of the Russian cushion.
    pub relief_granted: f64,
    /// USD millions, net of the Russian cushion.
    pub sanctions_cost: f64,
    /// Months until the stock first fell below `prisoners.target_stock`.
    pub months_to_target: Option<u32>,
    pub packages_imposed: u32,
    pub measures_lifted: u32,
    pub repression_waves: u32,
    /// Month index of the ceasefire, if one came.
    pub ceasefire_month: Option<u32>,
}

impl RunOutcome {
    /// The per-run metrics, in [`RUN_METRICS`] order.
    pub fn metrics(&self) -> [f64; RUN_METRICS.len()] {
        [
            self.initial_stock as f64,
            self.new_arrests as f64,
            self.released as f64,
            self.deported as f64,
            self.refused_deportation as f64,
            self.sentence_completions as f64,
            self.deaths_in_custody as f64,
            self.final_stock as f64,
            self.prisoner_months_forgiven as f64 / 12.0,
            self.relief_granted,
            self.sanctions_cost,
            f64::from(self.packages_imposed),
            f64::from(self.measures_lifted),
            f64::from(self.repression_waves),
        ]
    }
}

/// Names of [`RunOutcome::metrics`], as in `runs.csv` and `summary.json`.
pub const RUN_METRICS: [&str; 14] = [
    "initial_stock",
    "new_arrests",
    "released",
    "deported",
    "refused_deportation",
    "sentence_completions",
    "deaths_in_custody",
    "final_stock",
    "prisoner_years_forgiven",
    "relief_granted",
    "sanctions_cost",
    "packages_imposed",
    "measures_lifted",
    "repression_waves",
];

/// One month of one run, as the monthly series record it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthRecord {
    pub month: u32,
    /// Prisoners held at the end of the month.
    pub stock: u64,
    pub released: u64,
    pub arrests: u64,
    pub completions: u64,
    pub deaths: u64,
    /// Refused deportation this month and returned to the stock.
    pub refused: u64,
    /// USD millions this month, net of the cushion.
    pub sanctions_cost: f64,
    /// USD millions of relief this month, net of the cushion.
    pub relief: f64,
}

/// Something that happened in a run, for narration.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Ceasefire,
    WaveStarted {
        extra_arrests: f64,
        months: u32,
    },
    Release {
        class: usize,
        ordered: u64,
        mode: ReleaseMode,
        outcome: ReleaseOutcome,
    },
    Deaths(u64),
    PackageImposed {
        actor: WestActor,
        measure: usize,
    },
    MeasureLifted {
        actor: WestActor,
        measure: usize,
    },
}

/// Receives a run as it happens. Both methods default to doing nothing.
pub trait Observer {
    fn month(&mut self, _record: &MonthRecord) {}
    fn event(&mut self, _month: u32, _event: &Event) {}
}

/// An observer that ignores everything.
pub struct NoObserver;
impl Observer for NoObserver {}

struct Streams {
    arrests: StreamRng,
    sentences: StreamRng,
    deaths: StreamRng,
    events: StreamRng,
    refusals: StreamRng,
    regime: StreamRng,
    west: [StreamRng; 4],
}

impl Streams {
    fn new(seed: u64, run: u64) -> Self {
        Streams {
            arrests: stream(seed, run, Stream::Arrests),
            sentences: stream(seed, run, Stream::Sentences),
            deaths: stream(seed, run, Stream::Deaths),
            events: stream(seed, run, Stream::Events),
            refusals: stream(seed, run, Stream::Refusals),
            regime: stream(seed, run, Stream::Regime),
            west: [Stream::Us, Stream::Eu, Stream::Lithuania, Stream::Poland]
                .map(|s| stream(seed, run, s)),
        }
    }
}

/// Simulates run `run` of a batch seeded with `seed`.
pub fn simulate<O: Observer>(prep: &Prepared, seed: u64, run: u64, obs: &mut O) -> RunOutcome {
    let sc = &prep.scenario;
    let p = &sc.prisoners;
    let ev = &sc.events;
    let mut rng = Streams::new(seed, run);
    let mut prison = prep.initial.clone();
    let mut book = SanctionsBook::new(&sc.measures);
    let mut regime = strategy::new_regime(&sc.regime);
    let mut west = sc.west.each_ref().map(strategy::new_west);

    let initial_stock = prison.stock();
    let mut out = RunOutcome {
        run,
        initial_stock,
        months_to_target: (initial_stock < p.target_stock).then_some(0),
        ..Default::default()
    };
    let mut record = PublicRecord {
        stock: initial_stock,
        ..Default::default()
    };
    let mut ceasefire = false;
    // Active waves: (first month after the wave, extra arrests a month).
    let mut waves: Vec<(u32, f64)> = Vec::new();
    let mut arrests = prep.base_arrests.clone();
    let mut extra_rate = 0.0;

    for m in 0..sc.horizon_months {
        record.month = m;
        let calendar = sc.calendar(m);

        // 1. Events. Both draws are made every month so that the stream stays aligned.
        let u_ceasefire = unit_f64(&mut rng.events);
        let u_wave = unit_f64(&mut rng.events);
        if !ceasefire && u_ceasefire < ev.ceasefire_hazard_per_month {
            ceasefire = true;
            record.ceasefire = true;
            out.ceasefire_month = Some(m);
            obs.event(m, &Event::Ceasefire);
        }
        if u_wave < ev.wave_probability_per_month || ev.scheduled_waves.contains(&m) {
            let size = prep.wave_size.sample(&mut rng.events).max(0.0);
            let months = ev.wave_duration_months;
            waves.push((m + months, size / f64::from(months)));
            out.repression_waves += 1;
            obs.event(
                m,
                &Event::WaveStarted {
                    extra_arrests: size,
                    months,
                },
            );
        }
        waves.retain(|(end, _)| *end > m);
        let rate: f64 = waves.iter().map(|(_, r)| r).sum();
        if rate != extra_rate {
            extra_rate = rate;
            for ((draw, base), class) in arrests.iter_mut().zip(&prep.base_arrests).zip(&p.classes)
            {
                *draw = if rate == 0.0 {
                    base.clone()
                } else {
                    PoissonDraw::new((p.arrests_per_month + rate) * class.arrest_share)
                };
            }
        }

        // 2. Completions.
        let completions = prison.advance();
        out.sentence_completions += completions;

        // 3. Arrests.
        let mut arrested = 0;
        for (class, draw) in arrests.iter().enumerate() {
            let k = draw.sample(&mut rng.arrests);
            prison.admit_drawn(class, k, &prep.sentences[class], &mut rng.sentences);
            arrested += k;
        }
        out.new_arrests += arrested;

        // 4. Deaths in custody.
        let deaths = prep.deaths.sample(&mut rng.deaths, prison.stock());
        for _ in 0..deaths {
            prison.remove_uniform(&mut rng.deaths);
        }
        if deaths > 0 {
            out.deaths_in_custody += deaths;
            obs.event(m, &Event::Deaths(deaths));
        }

        record.arrests_this_month = arrested;
        record.arrests_total += arrested;
        record.months_without_arrests = if arrested == 0 {
            record.months_without_arrests + 1
        } else {
            0
        };
        record.stock = prison.stock();

        // 5. The regime.
        let view = RegimeView {
            calendar,
            record: &record,
            class_stock: prison.class_stocks(),
        };
        let action = regime.decide(&view, &mut rng.regime);
        let (mut released, mut refused) = (0, 0);
        if let Some(order) = action.release {
            let outcome = prison.release(
                order.class,
                order.count,
                sc.releases.selection,
                order.mode,
                &prep.refusals,
                &mut rng.refusals,
            );
            released = outcome.released;
            refused = outcome.refused;
            out.released += outcome.released;
            out.deported += outcome.deported;
            out.refused_deportation += outcome.refused;
            out.prisoner_months_forgiven += outcome.prisoner_months;
            obs.event(
                m,
                &Event::Release {
                    class: order.class,
                    ordered: order.count,
                    mode: order.mode,
                    outcome,
                },
            );
        }
        record.released_this_month = released;
        record.released_total += released;
        record.stock = prison.stock();

        // 6. The West.
        let mut met = sc
            .west
            .each_ref()
            .map(|w| strategy::benchmark_met(&w.benchmark, &record));
        if sc.coordination == Coordination::Aligned {
            let common = strategy::benchmark_met(&sc.common_benchmark, &record);
            met[WestActor::Us.index()] = common;
            met[WestActor::Eu.index()] = common;
        }
        for actor in WestActor::ALL {
            let i = actor.index();
            let view = WestView {
                actor,
                calendar,
                record: &record,
                benchmark_met: met[i],
                reserve_left: book.reserve_left(&sc.measures, actor),
                active_negotiable: book.active_negotiable(&sc.measures, actor),
            };
            let action = west[i].decide(&view, &mut rng.west[i]);
            for _ in 0..action.impose_packages {
                if let Some(measure) = book.impose_next(&sc.measures, actor, m) {
                    out.packages_imposed += 1;
                    record.packages_imposed_total += 1;
                    obs.event(m, &Event::PackageImposed { actor, measure });
                }
            }
            if action.lift_negotiable {
                book.lift_negotiable(&sc.measures, actor, |measure| {
                    out.measures_lifted += 1;
                    record.measures_lifted_total += 1;
                    obs.event(m, &Event::MeasureLifted { actor, measure });
                });
            }
        }

        // 7. The sanctions account.
        let cushion = if ceasefire {
            sc.russia.cushion_share_after_ceasefire
        } else {
            sc.russia.cushion_share
        };
        let cost = book.month_cost(
            &sc.measures,
            &prep.bites,
            sc.transit_veto.as_ref(),
            cushion,
            m,
        );
        out.sanctions_cost += cost.net_cost;
        out.relief_granted += cost.relief;

        if out.months_to_target.is_none() && record.stock < p.target_stock {
            out.months_to_target = Some(m + 1);
        }
        obs.month(&MonthRecord {
            month: m,
            stock: record.stock,
            released,
            arrests: arrested,
            completions,
            deaths,
            refused,
            sanctions_cost: cost.net_cost,
            relief: cost.relief,
        });
    }
    out.final_stock = prison.stock();
    out
}
