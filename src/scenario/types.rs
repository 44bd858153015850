//! The validated scenario: the types a [`Scenario`] is made of once every key has been
//! checked and every default filled in, the problems found on the way
//! ([`ScenarioError`]), and the hash that identifies a scenario's text. Reading and
//! validating are in the parent module and [`super::validate`]; nothing here reads a
//! file or checks a value.

use super::dist::DistSpec;
use super::raw::{
    AdaptiveParams, Bargaining, BenchmarkSpec, BestResponseParams, Coordination,
    ElectionCycleParams, EngagementParams, Hardliners, Justification, Legitimacy, MeasureStatus,
    PatronParams, Payoffs, QuidProQuoParams, ReciprocalParams, RegimeStrategyName,
    ReleaseFirstParams, ReleaseMode, RevolvingDoorParams, SanctionsFirstParams, Selection,
    SignalParams, TransactionalParams, Unanimity, WestBestResponseParams, WestPayoff,
    WestStrategyName,
};
use crate::calendar::YearMonth;
use sha2::{Digest, Sha256};
use std::fmt;

/// The four Western actors, in the order used for every per-actor array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WestActor {
    /// The United States (`[us]`).
    Us,
    /// The European Union (`[eu]`).
    Eu,
    /// Lithuania (`[lithuania]`), the holder of the potash transit route (003).
    Lithuania,
    /// Poland (`[poland]`).
    Poland,
}

impl WestActor {
    /// Every actor, in index order.
    pub const ALL: [WestActor; 4] = [
        WestActor::Us,
        WestActor::Eu,
        WestActor::Lithuania,
        WestActor::Poland,
    ];

    /// The actor's name in scenario files and outputs: `us`, `eu`, `lithuania`, `poland`.
    pub fn name(self) -> &'static str {
        match self {
            WestActor::Us => "us",
            WestActor::Eu => "eu",
            WestActor::Lithuania => "lithuania",
            WestActor::Poland => "poland",
        }
    }

    /// Its position in every per-actor array: 0 for the US to 3 for Poland.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The actor of a name as [`WestActor::name`] writes it (`None`: no such actor).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == s)
    }
}

impl fmt::Display for WestActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a release picks its prisoners: `random_share` of them (rounded to a whole number)
/// at random from the class, in proportion to cohort size, and the rest by `order`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReleaseSelection {
    /// How the prisoners not picked at random are chosen (`releases.selection`).
    pub order: Selection,
    /// In [0, 1]; 0 unless `order` is not `random`.
    pub random_share: f64,
}

impl From<Selection> for ReleaseSelection {
    fn from(order: Selection) -> Self {
        ReleaseSelection {
            order,
            random_share: 0.0,
        }
    }
}

/// `[releases]`, validated.
#[derive(Debug, Clone)]
pub struct Releases {
    /// `releases.selection` with `releases.random_share`.
    pub selection: ReleaseSelection,
    /// `releases.mode`: the mode of a strategy that sets none of its own.
    pub mode: ReleaseMode,
    /// `releases.refusal_probability`: probability in [0, 1] that a prisoner released by
    /// deportation refuses and is returned to prison.
    pub refusal_probability: f64,
    /// `releases.rearrest_hazard_per_month`: probability in [0, 1] that a person released
    /// at home is arrested again in a month.
    pub rearrest_hazard_per_month: f64,
}

/// A validated scenario: every value in range, every name resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// `name`: letters, digits, `-`, `_` and `.`, a letter or digit first (it names the
    /// out folder).
    pub name: String,
    /// `description`, free text (empty by default).
    pub description: String,
    /// `time.start`: the first month simulated, month index 0.
    pub start: YearMonth,
    /// `time.horizon_months`: months simulated, 1 to 1,200, the last no later than 9999-12.
    pub horizon_months: u32,
    /// `[prisoners]`: arrests, sentences, deaths and the classes held.
    pub prisoners: Prisoners,
    /// `[releases]`: how a release picks its prisoners and sends them off.
    pub releases: Releases,
    /// `[regime]`: its strategy with every strategy's settings, and its hardliners.
    pub regime: Regime,
    /// Indexed by [`WestActor::index`].
    pub west: [West; 4],
    /// `west.coordination`: whether the US and the EU act as one.
    pub coordination: Coordination,
    /// The one benchmark of the US and the EU when coordination is aligned.
    pub common_benchmark: BenchmarkSpec,
    /// Scheduled strategy changes, in month order.
    pub switches: Vec<Switch>,
    /// `[bargaining]`, as written (validated in place).
    pub bargaining: Bargaining,
    /// `bargaining.contacts`, by month index, in month order.
    pub contacts: Vec<ScheduledContact>,
    /// `[russia.patron]`, as written (validated in place); `patron` is Russia's only
    /// strategy.
    pub russia: PatronParams,
    /// `[[measures]]`, in file order; the engine's books and events name a measure by its
    /// index here.
    pub measures: Vec<Measure>,
    /// `sanctions.transit_veto`, if the file sets one.
    pub transit_veto: Option<TransitVeto>,
    /// `[sanctions.unanimity]`, as written (validated in place): the EU's renewals and
    /// vetoes.
    pub unanimity: Unanimity,
    /// `[events]`: ceasefire, elections, holidays and repression waves.
    pub events: Events,
    /// `[payoffs]`, as written (validated in place).
    pub payoffs: Payoffs,
    /// Where it came from, for provenance in every output.
    pub source: Source,
}

impl Scenario {
    /// `actor`'s payoff weights: `[payoffs.west]` with the keys of its own
    /// `[payoffs.<actor>]` in their place.
    pub fn west_payoff(&self, actor: WestActor) -> WestPayoff {
        self.payoffs
            .west
            .with(self.payoffs.overrides()[actor.index()])
    }
}

/// The file a scenario was read from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given, or `<embedded>/NAME.toml` for a bundled scenario.
    pub path: String,
    /// The file's text, whole.
    pub text: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

impl Source {
    /// The source of `text`, read from `path`, with its hash.
    pub fn new(path: &str, text: String) -> Source {
        Source {
            path: path.to_string(),
            sha256: sha256_hex(text.as_bytes()),
            text,
        }
    }
}

/// `[prisoners]`, validated: every class's distributions resolved.
#[derive(Debug, Clone)]
pub struct Prisoners {
    /// `prisoners.arrests_per_month`: the usual new political prisoners a month, all
    /// classes together (a Poisson mean), before the first arrest period; 0 to 1,000,000.
    pub arrests_per_month: f64,
    /// Ascending by month; before the first, `arrests_per_month` and each class's
    /// sentence. A period that starts before the scenario applies from month 0.
    pub arrest_periods: Vec<Period>,
    /// `prisoners.hostage_elasticity`: share of more arrests per
    /// `hostage_reference_price` of the relief the regime expects a prisoner to fetch; 0 to
    /// 100 (0: off).
    pub hostage_elasticity: f64,
    /// `prisoners.hostage_reference_price`: USD millions a month of relief per prisoner,
    /// above 0.
    pub hostage_reference_price: f64,
    /// `prisoners.hostage_arrests_per_prisoner`: more arrests per prisoner traded, 0 to
    /// 1,000 (0: off).
    pub hostage_arrests_per_prisoner: f64,
    /// `prisoners.hostage_max_arrests_per_prisoner`: the most hostage arrests per prisoner
    /// traded, 0 to 1,000.
    pub hostage_max_arrests_per_prisoner: f64,
    /// `prisoners.hostage_half_life_months`: months in which the hostage expectation halves,
    /// above 0 (infinite: never).
    pub hostage_half_life_months: f64,
    /// `prisoners.sanctions_repression_elasticity`: share of more arrests per
    /// `sanctions_reference_cost` of last month's net sanctions cost; 0 to 100 (0: off).
    pub sanctions_repression_elasticity: f64,
    /// `prisoners.sanctions_reference_cost`: USD millions a month of net sanctions cost,
    /// above 0; also the unit of `regime.sanctions_sensitivity`.
    pub sanctions_reference_cost: f64,
    /// `prisoners.death_hazard_per_month`: probability in [0, 1] that a prisoner dies in
    /// custody in a month.
    pub death_hazard_per_month: f64,
    /// `prisoners.max_sentence_months`: the longest remaining sentence tracked, 1 to 1,200
    /// months; longer draws are clamped to it.
    pub max_sentence_months: u32,
    /// `prisoners.target_stock`: `months_to_target` counts the months until the stock
    /// first falls below this many people.
    pub target_stock: u64,
    /// `[[prisoners.classes]]`, in file order (at least one, arrest shares summing to 1);
    /// the first is the one holiday pardons take.
    pub classes: Vec<PrisonerClass>,
}

impl Prisoners {
    /// Prisoners held at the start: every class's `initial_count`.
    pub fn initial_stock(&self) -> u64 {
        self.classes.iter().map(|c| c.initial_count).sum()
    }

    /// The usual arrests a month in month index `m`: the last period begun by then, else
    /// `arrests_per_month`.
    pub fn usual_arrests(&self, m: u32) -> f64 {
        self.arrest_period(m).1
    }

    /// The arrest period in force in month `m` (0: `arrests_per_month`, k: the k-th of
    /// `arrest_periods`, which are in month order) and its rate.
    pub fn arrest_period(&self, m: u32) -> (usize, f64) {
        let period = self
            .arrest_periods
            .iter()
            .take_while(|q| q.month <= m)
            .count();
        let rate = period
            .checked_sub(1)
            .map_or(self.arrests_per_month, |i| self.arrest_periods[i].rate);
        (period, rate)
    }
}

/// One of `prisoners.arrest_periods`, validated.
#[derive(Debug, Clone)]
pub struct Period {
    /// Month index it starts in (0 for a period begun before the start).
    pub month: u32,
    /// Usual arrests a month.
    pub rate: f64,
    /// The sentence of each class's convictions in the period, in class order, when the
    /// period sets one (a class's own `sentence` still wins); `None`: each class's
    /// `sentence`.
    pub sentences: Option<Vec<DistSpec>>,
}

/// One of `[[prisoners.classes]]`, validated (see [`super::raw::PrisonerClass`]).
#[derive(Debug, Clone)]
pub struct PrisonerClass {
    /// Its name, not empty and unique among classes; strategies' `class` keys name it.
    pub name: String,
    /// People of the class held at the start, at most 10,000,000.
    pub initial_count: u64,
    /// Its share of new arrests, in [0, 1].
    pub arrest_share: f64,
    /// Factor on the West's bid and on `payoffs.west.prisoner_freed` per release, 0 to 1e9.
    pub value_to_west: f64,
    /// Factor on the regime's ask and on hardliner discontent per release, 0 to 1e9.
    pub value_to_regime: f64,
    /// Remaining sentence of those held at the start, months: its own, else
    /// `prisoners.initial_remaining`.
    pub initial_remaining: DistSpec,
    /// Sentence of a new conviction, months: its own, else `prisoners.sentence`.
    pub sentence: DistSpec,
}

/// `[regime]`, validated: its strategies' tables as written, their classes resolved.
#[derive(Debug, Clone)]
pub struct Regime {
    /// `regime.strategy`: the strategy it plays for the whole run.
    pub strategy: RegimeStrategyName,
    /// `regime.holiday_pardons`: people pardoned in each holiday month.
    pub holiday_pardons: u64,
    /// `regime.reservation_price`: least relief asked per prisoner, USD millions a month,
    /// times the class's `value_to_regime`; 0 to 1,000,000.
    pub reservation_price: f64,
    /// `regime.sanctions_sensitivity`: how much last month's net sanctions cost scales its
    /// own releases up and its ask down; 0 to 100 (0: not at all).
    pub sanctions_sensitivity: f64,
    /// `[regime.signal]`.
    pub signal: SignalParams,
    /// `[regime.quid-pro-quo]`.
    pub quid_pro_quo: QuidProQuoParams,
    /// `[regime.revolving-door]`.
    pub revolving_door: RevolvingDoorParams,
    /// `[regime.election-cycle]`.
    pub election_cycle: ElectionCycleParams,
    /// `[regime.adaptive]`.
    pub adaptive: AdaptiveParams,
    /// `[regime.best-response]`.
    pub best_response: BestResponseParams,
    /// `[regime.legitimacy]`.
    pub legitimacy: Legitimacy,
    /// `[regime.hardliners]`.
    pub hardliners: Hardliners,
    /// Class and mode each strategy releases, resolved from its `class` and `mode`.
    pub targets: Targets,
}

/// Who a regime strategy releases: a class index and a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The strategy's `class`, as an index into `prisoners.classes`.
    pub class: usize,
    /// The strategy's `mode`, or `releases.mode` if it sets none.
    pub mode: ReleaseMode,
}

/// The release target of each regime strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// From `regime.signal.class` and `.mode`.
    pub signal: Target,
    /// From `regime.quid-pro-quo.class` and `.mode`.
    pub quid_pro_quo: Target,
    /// From `regime.revolving-door.class` and `.mode`.
    pub revolving_door: Target,
    /// From `regime.election-cycle.class` and `.mode`.
    pub election_cycle: Target,
    /// From `regime.adaptive.class` and `.mode`.
    pub adaptive: Target,
    /// From `regime.best-response.class` (its mode is chosen, not set).
    pub best_response: Target,
}

/// A Western actor's table (`[us]`, `[eu]`, `[lithuania]`, `[poland]`), validated, with
/// its defaults filled in.
#[derive(Debug, Clone)]
pub struct West {
    /// Which actor it is.
    pub actor: WestActor,
    /// `<actor>.strategy`: its strategy at the start (a switch may change it).
    pub strategy: WestStrategyName,
    /// `<actor>.benchmark`, else the actor's default ([`super::raw::default_benchmark`]).
    pub benchmark: BenchmarkSpec,
    /// `[<actor>.release-first]`.
    pub release_first: ReleaseFirstParams,
    /// `[<actor>.sanctions-first]`.
    pub sanctions_first: SanctionsFirstParams,
    /// `[<actor>.reciprocal]`.
    pub reciprocal: ReciprocalParams,
    /// `[<actor>.transactional]`.
    pub transactional: TransactionalParams,
    /// `[<actor>.engagement]`.
    pub engagement: EngagementParams,
    /// `[<actor>.best-response]`.
    pub best_response: WestBestResponseParams,
    /// `<actor>.valuation`, else [`DEFAULT_VALUATION`](super::DEFAULT_VALUATION): most relief it gives per prisoner,
    /// USD millions a month, times the class's `value_to_west`; 0 to 1,000,000.
    pub valuation: f64,
    /// `<actor>.withhold_probability`: probability in [0, 1] that it withholds the relief
    /// of a deal it agreed.
    pub withhold_probability: f64,
}

/// A scheduled change of a Western actor's strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The actor that switches.
    pub actor: WestActor,
    /// Month index (0 = the start month), inside the horizon.
    pub month: u32,
    /// Its strategy from that month on.
    pub strategy: WestStrategyName,
}

/// One of `[[measures]]`, validated (see [`super::raw::Measure`]).
#[derive(Debug, Clone)]
pub struct Measure {
    /// Its name, not empty and unique among measures.
    pub name: String,
    /// The actor that imposes it and may lift it.
    pub actor: WestActor,
    /// Its sector as written (`potash`, `aviation`, ...).
    pub sector: String,
    /// `sector` as a number: equal ids, equal sectors (see [`TransitVeto::sector_id`]).
    pub sector_id: u32,
    /// Why it was imposed; decides `negotiable` by default.
    pub justification: Justification,
    /// Cost to the regime at full bite, USD millions a month, 0 to 1,000,000.
    pub cost_per_month: f64,
    /// In force at the start, or a reserve package an actor may add.
    pub status: MeasureStatus,
    /// Months between imposition and the scenario start (0 for reserve packages).
    pub age_at_start_months: u32,
    /// Whether it can be traded against prisoners: as written, else whether its
    /// justification is in `sanctions.negotiable_justifications`.
    pub negotiable: bool,
    /// Half-life of its bite, months, above 0: its own, else
    /// `sanctions.erosion_half_life_months`. Infinite when the measure does not erode.
    pub erosion_half_life_months: f64,
    /// `sender_costs`: what it costs each Western actor while in force, USD millions a
    /// month, each 0 to 1,000,000, indexed by [`WestActor::index`]. Does not erode.
    pub sender_costs: [f64; 4],
}

/// `sanctions.transit_veto`, validated: while `actor` keeps a measure in `sector` in
/// force, relief on that sector by anyone else reaches the regime only in part (003).
#[derive(Debug, Clone)]
pub struct TransitVeto {
    /// The actor holding the transit route (Lithuania in the baseline).
    pub actor: WestActor,
    /// The sector it vetoes, the sector of at least one measure.
    pub sector: String,
    /// The sectors of a scenario are numbered in order of first appearance, the veto's
    /// first, so that the monthly account compares numbers rather than names.
    pub sector_id: u32,
    /// Share in [0, 1] of a lifted measure's bite that reaches the regime under the veto.
    pub relief_share: f64,
}

/// `[events]` and `[events.repression_waves]`, validated.
#[derive(Debug, Clone)]
pub struct Events {
    /// `events.ceasefire_hazard_per_month`: probability in [0, 1] a month that the
    /// fighting in Ukraine stops (once, for good).
    pub ceasefire_hazard_per_month: f64,
    /// `events.elections`: presidential election months as written, in file order (the
    /// engine drops those before the start).
    pub elections: Vec<YearMonth>,
    /// `events.holiday_months`: months of the year, 1 to 12, with holiday pardons.
    pub holiday_months: Vec<u32>,
    /// `events.repression_waves.probability_per_month`: probability in [0, 1] a month
    /// that a wave starts.
    pub wave_probability_per_month: f64,
    /// `events.repression_waves.size`: extra arrests over a whole wave, people.
    pub wave_size: DistSpec,
    /// `events.repression_waves.duration_months`: months a wave's arrests are spread
    /// over, 1 to 1,200.
    pub wave_duration_months: u32,
    /// Month indices (from the start) at which a wave starts whatever the probability.
    pub scheduled_waves: Vec<u32>,
}

/// A scheduled contact (`bargaining.contacts`), resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledContact {
    /// Month index from the start.
    pub month: u32,
    /// The Western actor.
    pub actor: WestActor,
    /// An envoy's visit or a contact at the top.
    pub level: super::raw::ContactLevel,
}

/// A problem found in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key path, e.g. `measures[2].cost_per_month`; empty for the whole file.
    pub key: String,
    /// Line and column (from 1) of the key in the file, when it can be found there.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong and what is allowed, to follow the key: "must be a probability in
    /// [0, 1], got 1.3".
    pub message: String,
}

/// Why a scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not a valid scenario; one line per problem.
    #[error("{}", format_problems(.path, .problems))]
    Invalid {
        /// The path as given (for a changed copy, with the values set).
        path: String,
        /// Every problem found, in the order of the file's documentation.
        problems: Vec<Problem>,
    },
}

fn format_problems(path: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(path);
        if let Some((l, c)) = p.line_col {
            out.push_str(&format!(":{l}:{c}"));
        }
        if p.key.is_empty() {
            out.push_str(&format!(": {}", p.message));
        } else {
            out.push_str(&format!(": `{}` {}", p.key, p.message));
        }
    }
    out
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
