//! Strategies: how each actor decides, one trait per side and one file per strategy.
//!
//! A strategy sees only what its actor could observe: the public record (Viasna's count,
//! announced releases and arrests, sanctions imposed and lifted) and its own position. It
//! returns an action; the engine applies it. Strategies keep their own state across months
//! and draw from their actor's own random stream, so that a change of policy never shifts
//! the world's randomness. To add one: write a type implementing [`RegimeStrategy`] or
//! [`WestStrategy`], give it a name in `scenario::raw`, and list it in [`CATALOGUE`].

pub mod regime;
pub mod west;

use crate::calendar::YearMonth;
pub use crate::scenario::Target;
use crate::scenario::raw::RussiaStrategyName;
use crate::scenario::{
    BenchmarkSpec, RegimeStrategyName, ReleaseMode, Scenario, West, WestActor, WestStrategyName,
};
use rand::rngs::Xoshiro256PlusPlus;
use std::sync::Arc;

/// The generator type of every random stream.
pub type StreamRng = Xoshiro256PlusPlus;

/// What everyone can observe, as of the moment a strategy decides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicRecord {
    /// Month index (0 = the start month).
    pub month: u32,
    /// Political prisoners held.
    pub stock: u64,
    /// New political arrests this month, over every class (waves included).
    pub arrests_this_month: u64,
    /// New political arrests since the start month, this month included.
    pub arrests_total: u64,
    /// Releases this month so far: unilateral, holiday pardons and deals.
    pub released_this_month: u64,
    /// Of those, released in deals (already paid for by the deal's relief).
    pub released_in_deals_this_month: u64,
    /// Prisoners released since the start month, by any route (deportees included).
    pub released_total: u64,
    /// Consecutive months, up to this one, without a new political arrest.
    pub months_without_arrests: u32,
    /// Measures lifted so far, by anyone.
    pub measures_lifted_total: u32,
    /// Packages imposed so far, by anyone.
    pub packages_imposed_total: u32,
    /// Deals made so far, with anyone.
    pub deals_total: u32,
    /// Whether the Russia-Ukraine ceasefire has come (it never ends once it has).
    pub ceasefire: bool,
}

/// What the regime sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct RegimeView<'a> {
    /// The calendar month being decided.
    pub calendar: YearMonth,
    /// The public record so far this month.
    pub record: &'a PublicRecord,
    /// Prisoners held per class, in `prisoners.classes` order.
    pub class_stock: &'a [u64],
    /// Months until the next presidential election (0: this month), if one is scheduled.
    pub months_to_election: Option<u32>,
    /// Relief each Western actor's lifted measures are worth to the regime last month,
    /// USD millions, net of the cushion; indexed by [`WestActor::index`].
    pub relief_by_actor: &'a [f64; 4],
    /// For a strategy that asks for it ([`RegimeStrategy::wants_sight`]): its own state and
    /// the West's positions.
    pub sight: Option<&'a regime::best_response::Sight<'a>>,
}

/// A release the regime orders or offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseOrder {
    /// The class released from: an index into `prisoners.classes`.
    pub class: usize,
    /// Prisoners asked for. The engine scales a unilateral order by the sanctions pressure;
    /// hardliners may block a release, a class holding fewer releases all it holds, and
    /// deportees may refuse.
    pub count: u64,
    /// Released at home or deported.
    pub mode: ReleaseMode,
}

/// What the regime does this month on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegimeAction {
    /// The unilateral release it orders (`None`: none this month).
    pub release: Option<ReleaseOrder>,
    /// Arrests it orders to reassure its hardliners (a purge; 0: none), made next month.
    /// Each takes `regime.hardliners.appeasement_per_arrest` off their discontent at once,
    /// before this month's release.
    pub purge: u64,
}

/// A regime strategy.
pub trait RegimeStrategy: Send {
    /// Unilateral releases this month.
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction;

    /// The release it offers in a bargaining round with `counterpart` (the relief it asks
    /// per prisoner is its reservation price, set by the engine). `None`: no offer.
    fn propose(
        &mut self,
        _view: &RegimeView,
        _counterpart: WestActor,
        _rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        None
    }

    /// Whether it accepts a Western counter-offer asking for `order` (the engine has
    /// checked that the relief offered meets its reservation price).
    fn accept_counter(
        &mut self,
        _view: &RegimeView,
        _counterpart: WestActor,
        _order: &ReleaseOrder,
        _rng: &mut StreamRng,
    ) -> bool {
        false
    }

    /// Whether it pardons on national holidays (all but `hold`).
    fn pardons_on_holidays(&self) -> bool {
        true
    }

    /// Extra arrests after releasing `released` prisoners, and the months they spread
    /// over (`revolving-door`).
    fn rearrests(&self, _released: u64) -> Option<(f64, u32)> {
        None
    }

    /// Whether it needs [`RegimeView::sight`] and [`RegimeStrategy::observe_west`] (the
    /// engine builds them only then).
    fn wants_sight(&self) -> bool {
        false
    }

    /// Sees a Western actor's move this month, with the view that actor decided on.
    fn observe_west(&mut self, _view: &WestView, _action: &WestAction) {}

    /// Why it made its last decision (`decide`, `propose` or `accept_counter`), for a
    /// strategy that chooses by expected utility, when its sight asked for it
    /// ([`regime::best_response::Sight::explain`]).
    fn explanation(&self) -> Option<regime::best_response::Explanation> {
        None
    }
}

/// What a Western actor sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct WestView<'a> {
    /// The actor deciding.
    pub actor: WestActor,
    /// The calendar month being decided.
    pub calendar: YearMonth,
    /// The public record so far this month, after the regime's releases and the bargaining.
    pub record: &'a PublicRecord,
    /// Whether the benchmark it applies ([`WestView::benchmark`]) is met this month.
    pub benchmark_met: bool,
    /// The benchmark it applies: its own, or for the US and the EU under
    /// `coordination = "aligned"`, the common one.
    pub benchmark: &'a BenchmarkSpec,
    /// Reserve packages it can still add.
    pub reserve_left: usize,
    /// Its measures in force that can be traded against prisoners.
    pub active_negotiable: usize,
    /// Its measures lifted and not re-imposed.
    pub lifted: usize,
    /// For a strategy that asks for it ([`WestStrategy::wants_sight`]): its payoff
    /// weights, its belief about the regime and its measures.
    pub sight: Option<&'a west::best_response::WestSight<'a>>,
}

/// What a Western actor does this month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WestAction {
    /// Reserve packages to impose, in file order.
    pub impose_packages: u32,
    /// Negotiable measures to lift, smallest bite first (`u32::MAX`: all).
    pub lift: u32,
    /// Lifted measures to re-impose, the last lifted first.
    pub reimpose: u32,
    /// Prisoners whose release it pays for at the going price: relief worth the price of a
    /// deal with it (the regime's price at the split, at most its own bid) times this
    /// many, lifted in parts smallest first as a deal's is
    /// (`bargaining.tranches_per_measure`).
    pub pay_for: u64,
}

/// A Western strategy.
pub trait WestStrategy: Send {
    /// This month's sanctions moves: packages to impose, measures to lift or re-impose.
    /// Under aligned coordination the US and the EU each lift only as many as both ask.
    fn decide(&mut self, view: &WestView, rng: &mut StreamRng) -> WestAction;

    /// The least release it accepts in a deal now (`None`: it makes no deals). A smaller
    /// offer gets a counter-offer asking for this many.
    fn deal_minimum(&self, view: &WestView) -> Option<u64>;

    /// Whether it accepts the regime's offer of `count` prisoners of a class of
    /// `value_to_west` `value` at `price` a prisoner: by default when `count` is at least
    /// its deal minimum ([`WestStrategy::deal_minimum`]). A strategy that values the offer
    /// itself may refuse one its minimum would let through.
    fn accepts(&self, view: &WestView, count: u64, _value: f64, _price: f64) -> bool {
        self.deal_minimum(view).is_some_and(|k| count >= k)
    }

    /// Factor on the monthly probability that a channel with it opens.
    fn channel_multiplier(&self) -> f64 {
        1.0
    }

    /// The measures it would lift this month, or after a delay, were `view.record` to show
    /// `extra` more prisoners released this month (`in_deal`: released in a deal, which
    /// steps and rewards of unilateral releases do not count): a choosing regime's model of
    /// its answer ([`regime::BestResponse`]). Lifts it would make anyway count too; the
    /// caller takes the difference with `extra = 0`. The model agrees with
    /// [`WestStrategy::decide`], and its count never falls as `extra` grows (a test checks
    /// both for every strategy).
    fn relief_if(&self, _view: &WestView, _extra: u64, _in_deal: bool) -> Lift {
        Lift::NONE
    }

    /// Whether it decides on its sight ([`WestView::sight`]): the engine builds it only
    /// for those that do.
    fn wants_sight(&self) -> bool {
        false
    }

    /// Why it made its last monthly move, for a strategy that chooses by expected utility.
    fn explanation(&self) -> Option<west::best_response::Explanation> {
        None
    }
}

/// Relief a Western strategy would grant: `count` measures (`u32::MAX`: all its negotiable
/// measures in force), smallest bite first, `after_months` from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lift {
    /// Measures lifted; `u32::MAX` for all.
    pub count: u32,
    /// Months from now (0: this month).
    pub after_months: u32,
    /// Prisoners paid for at the going price ([`WestAction::pay_for`]), as well.
    pub pay_for: u64,
}

impl Lift {
    /// No relief.
    pub const NONE: Lift = Lift {
        count: 0,
        after_months: 0,
        pay_for: 0,
    };
}

/// `record` as it would read with `extra` more released this month (`in_deal`: in a deal).
pub fn with_released(record: &PublicRecord, extra: u64, in_deal: bool) -> PublicRecord {
    PublicRecord {
        stock: record.stock.saturating_sub(extra),
        released_this_month: record.released_this_month + extra,
        released_in_deals_this_month: record.released_in_deals_this_month
            + if in_deal { extra } else { 0 },
        released_total: record.released_total + extra,
        ..record.clone()
    }
}

/// Releases this month outside deals, with `extra` more (`in_deal`: the extra are in a
/// deal and do not count).
pub fn unilateral_released(record: &PublicRecord, extra: u64, in_deal: bool) -> u64 {
    record.released_this_month - record.released_in_deals_this_month
        + if in_deal { 0 } else { extra }
}

/// Whether a benchmark is met by the record (002: incremental counts can be gamed,
/// comprehensive ones cannot).
pub fn benchmark_met(benchmark: &BenchmarkSpec, record: &PublicRecord) -> bool {
    match *benchmark {
        BenchmarkSpec::Incremental { releases } => record.released_total >= releases,
        BenchmarkSpec::Comprehensive { quiet_months } => {
            record.stock == 0 && record.months_without_arrests >= quiet_months
        }
    }
}

/// Whether a benchmark would be met by `record` with `extra` more released this month:
/// [`benchmark_met`] of [`with_released`], without building the record.
pub fn benchmark_met_with(benchmark: &BenchmarkSpec, record: &PublicRecord, extra: u64) -> bool {
    match *benchmark {
        BenchmarkSpec::Incremental { releases } => record.released_total + extra >= releases,
        BenchmarkSpec::Comprehensive { quiet_months } => {
            record.stock.saturating_sub(extra) == 0 && record.months_without_arrests >= quiet_months
        }
    }
}

/// The release a `release-first` or `sanctions-first` actor asks in a deal: what is
/// missing of its benchmark, at most `tranche` prisoners when it is above 0; at least 1.
pub fn tranche_asked(benchmark: &BenchmarkSpec, record: &PublicRecord, tranche: u64) -> u64 {
    let gap = benchmark_gap(benchmark, record);
    let asked = if tranche > 0 { gap.min(tranche) } else { gap };
    asked.max(1)
}

/// Releases still needed to meet a benchmark: for a comprehensive one, everyone held.
pub fn benchmark_gap(benchmark: &BenchmarkSpec, record: &PublicRecord) -> u64 {
    match *benchmark {
        BenchmarkSpec::Incremental { releases } => releases.saturating_sub(record.released_total),
        BenchmarkSpec::Comprehensive { .. } => record.stock,
    }
}

/// Any regime strategy, called through a `match` rather than a pointer: the engine asks
/// it every month, and a static call inlines and returns its action in registers.
#[derive(Debug, Clone)]
pub enum AnyRegime {
    /// `hold`: see [`regime::Hold`].
    Hold(regime::Hold),
    /// `signal`: see [`regime::Signal`].
    Signal(regime::Signal),
    /// `quid-pro-quo`: see [`regime::QuidProQuo`].
    QuidProQuo(regime::QuidProQuo),
    /// `revolving-door`: see [`regime::RevolvingDoor`].
    RevolvingDoor(regime::RevolvingDoor),
    /// `election-cycle`: see [`regime::ElectionCycle`].
    ElectionCycle(regime::ElectionCycle),
    /// `adaptive`: see [`regime::Adaptive`].
    Adaptive(regime::Adaptive),
    /// `best-response`: see [`regime::BestResponse`].
    BestResponse(Box<regime::BestResponse>),
}

/// `$body` with `$s` bound to the strategy inside `$value`, whatever its kind.
macro_rules! each_regime {
    ($value:expr, $s:ident => $body:expr) => {
        match $value {
            AnyRegime::Hold($s) => $body,
            AnyRegime::Signal($s) => $body,
            AnyRegime::QuidProQuo($s) => $body,
            AnyRegime::RevolvingDoor($s) => $body,
            AnyRegime::ElectionCycle($s) => $body,
            AnyRegime::Adaptive($s) => $body,
            AnyRegime::BestResponse($s) => $body,
        }
    };
}

impl RegimeStrategy for AnyRegime {
    #[inline(always)]
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction {
        each_regime!(self, s => s.decide(view, rng))
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        counterpart: WestActor,
        rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        each_regime!(self, s => s.propose(view, counterpart, rng))
    }

    fn accept_counter(
        &mut self,
        view: &RegimeView,
        counterpart: WestActor,
        order: &ReleaseOrder,
        rng: &mut StreamRng,
    ) -> bool {
        each_regime!(self, s => s.accept_counter(view, counterpart, order, rng))
    }

    #[inline]
    fn pardons_on_holidays(&self) -> bool {
        each_regime!(self, s => s.pardons_on_holidays())
    }

    #[inline]
    fn rearrests(&self, released: u64) -> Option<(f64, u32)> {
        each_regime!(self, s => s.rearrests(released))
    }

    #[inline]
    fn wants_sight(&self) -> bool {
        each_regime!(self, s => s.wants_sight())
    }

    fn observe_west(&mut self, view: &WestView, action: &WestAction) {
        each_regime!(self, s => s.observe_west(view, action))
    }

    fn explanation(&self) -> Option<regime::best_response::Explanation> {
        each_regime!(self, s => s.explanation())
    }
}

/// Any Western strategy, called through a `match` (see [`AnyRegime`]).
#[derive(Debug, Clone)]
pub enum AnyWest {
    /// `release-first`: see [`west::ReleaseFirst`].
    ReleaseFirst(west::ReleaseFirst),
    /// `sanctions-first`: see [`west::SanctionsFirst`].
    SanctionsFirst(west::SanctionsFirst),
    /// `reciprocal`: see [`west::Reciprocal`].
    Reciprocal(west::Reciprocal),
    /// `transactional`: see [`west::Transactional`].
    Transactional(west::Transactional),
    /// `engagement`: see [`west::Engagement`].
    Engagement(west::Engagement),
    /// `best-response`: see [`west::BestResponse`].
    BestResponse(Box<west::BestResponse>),
}

/// `$body` with `$s` bound to the strategy inside `$value`, whatever its kind.
macro_rules! each_west {
    ($value:expr, $s:ident => $body:expr) => {
        match $value {
            AnyWest::ReleaseFirst($s) => $body,
            AnyWest::SanctionsFirst($s) => $body,
            AnyWest::Reciprocal($s) => $body,
            AnyWest::Transactional($s) => $body,
            AnyWest::Engagement($s) => $body,
            AnyWest::BestResponse($s) => $body,
        }
    };
}

impl WestStrategy for AnyWest {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, rng: &mut StreamRng) -> WestAction {
        each_west!(self, s => s.decide(view, rng))
    }

    #[inline]
    fn deal_minimum(&self, view: &WestView) -> Option<u64> {
        each_west!(self, s => s.deal_minimum(view))
    }

    #[inline]
    fn channel_multiplier(&self) -> f64 {
        each_west!(self, s => s.channel_multiplier())
    }

    #[inline]
    fn relief_if(&self, view: &WestView, extra: u64, in_deal: bool) -> Lift {
        each_west!(self, s => s.relief_if(view, extra, in_deal))
    }

    #[inline]
    fn accepts(&self, view: &WestView, count: u64, value: f64, price: f64) -> bool {
        each_west!(self, s => s.accepts(view, count, value, price))
    }

    #[inline]
    fn wants_sight(&self) -> bool {
        matches!(self, AnyWest::BestResponse(_))
    }

    fn explanation(&self) -> Option<west::best_response::Explanation> {
        each_west!(self, s => s.explanation())
    }
}

/// A fresh regime strategy for one run of `sc`; `model` is what `best-response` shares
/// over a batch ([`regime::best_response::Model`], built when it is the strategy).
pub fn new_regime(sc: &Scenario, model: Option<&Arc<regime::best_response::Model>>) -> AnyRegime {
    let spec = &sc.regime;
    let t = &spec.targets;
    match spec.strategy {
        RegimeStrategyName::BestResponse => {
            let built;
            let model = match model {
                Some(m) => m,
                None => {
                    built = Arc::new(regime::best_response::Model::new(sc));
                    &built
                }
            };
            AnyRegime::BestResponse(Box::new(regime::BestResponse::new(model, sc)))
        }
        RegimeStrategyName::Hold => AnyRegime::Hold(regime::Hold),
        RegimeStrategyName::Signal => {
            AnyRegime::Signal(regime::Signal::new(&spec.signal, t.signal))
        }
        RegimeStrategyName::QuidProQuo => {
            AnyRegime::QuidProQuo(regime::QuidProQuo::new(&spec.quid_pro_quo, t.quid_pro_quo))
        }
        RegimeStrategyName::RevolvingDoor => AnyRegime::RevolvingDoor(regime::RevolvingDoor::new(
            &spec.revolving_door,
            t.revolving_door,
        )),
        RegimeStrategyName::ElectionCycle => AnyRegime::ElectionCycle(regime::ElectionCycle::new(
            &spec.election_cycle,
            t.election_cycle,
        )),
        RegimeStrategyName::Adaptive => AnyRegime::Adaptive(regime::Adaptive::new(
            &spec.adaptive,
            t.adaptive,
            spec.reservation_price,
        )),
    }
}

/// A fresh Western strategy for one run, by name (a scheduled switch may change it).
pub fn new_west(spec: &West, name: WestStrategyName) -> AnyWest {
    match name {
        WestStrategyName::ReleaseFirst => {
            AnyWest::ReleaseFirst(west::ReleaseFirst::new(&spec.release_first))
        }
        WestStrategyName::SanctionsFirst => {
            AnyWest::SanctionsFirst(west::SanctionsFirst::new(&spec.sanctions_first))
        }
        WestStrategyName::Reciprocal => {
            AnyWest::Reciprocal(west::Reciprocal::new(&spec.reciprocal))
        }
        WestStrategyName::Transactional => {
            AnyWest::Transactional(west::Transactional::new(&spec.transactional))
        }
        WestStrategyName::Engagement => {
            AnyWest::Engagement(west::Engagement::new(&spec.engagement))
        }
        WestStrategyName::BestResponse => {
            AnyWest::BestResponse(Box::new(west::BestResponse::new(&spec.best_response)))
        }
    }
}

/// Which side a strategy plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The Belarusian regime (`regime.strategy`).
    Regime,
    /// A Western actor: the US, the EU, Lithuania or Poland (`<actor>.strategy`).
    West,
    /// Russia, the regime's patron (`russia.strategy`).
    Russia,
}

impl Side {
    /// The side's name in `leverage list` output: `regime`, `west` or `russia`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Regime => "regime",
            Side::West => "west",
            Side::Russia => "russia",
        }
    }
}

/// Every strategy: side, name as written in a scenario, one line on what it does.
pub const CATALOGUE: &[(Side, &str, &str)] = &[
    (
        Side::Regime,
        RegimeStrategyName::Hold.name(),
        "no releases, no deals, no holiday pardons (000)",
    ),
    (
        Side::Regime,
        RegimeStrategyName::Signal.name(),
        "small periodic releases that grow when rewarded with relief and stop when not (001)",
    ),
    (
        Side::Regime,
        RegimeStrategyName::QuidProQuo.name(),
        "releases only in deals, against concrete relief sized to what is offered (000)",
    ),
    (
        Side::Regime,
        RegimeStrategyName::RevolvingDoor.name(),
        "deals like quid-pro-quo, and matches every release with new arrests (002)",
    ),
    (
        Side::Regime,
        RegimeStrategyName::ElectionCycle.name(),
        "releases and offers deals in the months before a presidential election (004)",
    ),
    (
        Side::Regime,
        RegimeStrategyName::Adaptive.name(),
        "learns how each Western actor answers releases and picks sizes by expected utility",
    ),
    (
        Side::Regime,
        RegimeStrategyName::BestResponse.name(),
        "releases, offers and answers by expected discounted utility under Bayesian beliefs \
         about each Western actor's type; quantal (logit)",
    ),
    (
        Side::West,
        WestStrategyName::ReleaseFirst.name(),
        "holds its measures; relief, and deals, only once its benchmark is met (000)",
    ),
    (
        Side::West,
        WestStrategyName::SanctionsFirst.name(),
        "adds a package at intervals while prisoners are held and at once on an arrest surge; \
         relief only after its benchmark (002, 003)",
    ),
    (
        Side::West,
        WestStrategyName::Reciprocal.name(),
        "step for step: a measure lifted per verified step of releases, re-imposed on new arrests",
    ),
    (
        Side::West,
        WestStrategyName::Transactional.name(),
        "relief for each release, large or small; deals of any size (002)",
    ),
    (
        Side::West,
        WestStrategyName::Engagement.name(),
        "lifts measures in steps without preconditions and opens channels more often (004)",
    ),
    (
        Side::West,
        WestStrategyName::BestResponse.name(),
        "imposes, lifts, re-imposes and takes deals by expected discounted utility under its \
         belief that the regime is a liberaliser; quantal (logit)",
    ),
    (
        Side::Russia,
        RussiaStrategyName::Patron.name(),
        "offsets a share of the sanctions cost, a smaller one after a ceasefire (001)",
    ),
];

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_strategy_of_each_side_in_order() {
        let listed = |side: Side| -> Vec<&str> {
            CATALOGUE
                .iter()
                .filter(|(s, _, _)| *s == side)
                .map(|(_, name, _)| *name)
                .collect()
        };
        let regime: Vec<&str> = RegimeStrategyName::ALL.iter().map(|s| s.name()).collect();
        let west: Vec<&str> = WestStrategyName::ALL.iter().map(|s| s.name()).collect();
        let russia: Vec<&str> = RussiaStrategyName::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(listed(Side::Regime), regime);
        assert_eq!(listed(Side::West), west);
        assert_eq!(listed(Side::Russia), russia);
    }
}

/// Views for strategy unit tests.
#[cfg(test)]
pub(crate) mod testkit {
    use super::*;
    use rand::SeedableRng;

    pub const NO_RELIEF: [f64; 4] = [0.0; 4];

    pub fn rng() -> StreamRng {
        StreamRng::seed_from_u64(1)
    }

    pub fn regime_view<'a>(record: &'a PublicRecord, relief: &'a [f64; 4]) -> RegimeView<'a> {
        RegimeView {
            calendar: "2024-07".parse().expect("a month"),
            record,
            class_stock: &[1000],
            months_to_election: None,
            relief_by_actor: relief,
            sight: None,
        }
    }

    pub const INCREMENTAL_300: BenchmarkSpec = BenchmarkSpec::Incremental { releases: 300 };

    pub fn west_view<'a>(record: &'a PublicRecord, benchmark_met: bool) -> WestView<'a> {
        WestView {
            actor: WestActor::Eu,
            calendar: "2024-07".parse().expect("a month"),
            record,
            benchmark_met,
            benchmark: &INCREMENTAL_300,
            reserve_left: 3,
            active_negotiable: 5,
            lifted: 0,
            sight: None,
        }
    }
}
