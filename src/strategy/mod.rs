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
use crate::scenario::{
    BenchmarkSpec, Regime, RegimeStrategyName, ReleaseMode, West, WestActor, WestStrategyName,
};
use rand::rngs::Xoshiro256PlusPlus;

/// The generator type of every random stream.
pub type StreamRng = Xoshiro256PlusPlus;

/// What everyone can observe, as of the moment a strategy decides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicRecord {
    /// Month index (0 = the start month).
    pub month: u32,
    /// Political prisoners held.
    pub stock: u64,
    pub arrests_this_month: u64,
    pub arrests_total: u64,
    pub released_this_month: u64,
    pub released_total: u64,
    /// Consecutive months, up to this one, without a new political arrest.
    pub months_without_arrests: u32,
    /// Measures lifted so far, by anyone.
    pub measures_lifted_total: u32,
    /// Packages imposed so far, by anyone.
    pub packages_imposed_total: u32,
    pub ceasefire: bool,
}

/// What the regime sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct RegimeView<'a> {
    pub calendar: YearMonth,
    pub record: &'a PublicRecord,
    /// Prisoners held per class.
    pub class_stock: &'a [u64],
}

/// A release the regime orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseOrder {
    pub class: usize,
    pub count: u64,
    pub mode: ReleaseMode,
}

/// What the regime does this month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegimeAction {
    pub release: Option<ReleaseOrder>,
}

/// A regime strategy.
pub trait RegimeStrategy: Send {
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction;
}

/// What a Western actor sees when it decides.
#[derive(Debug, Clone, Copy)]
pub struct WestView<'a> {
    pub actor: WestActor,
    pub calendar: YearMonth,
    pub record: &'a PublicRecord,
    /// Whether the actor's benchmark (or, aligned, the common one) is met this month.
    pub benchmark_met: bool,
    /// Reserve packages it can still add.
    pub reserve_left: usize,
    /// Its measures in force that can be traded against prisoners.
    pub active_negotiable: usize,
}

/// What a Western actor does this month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WestAction {
    /// Reserve packages to impose, in file order.
    pub impose_packages: u32,
    /// Lift every negotiable measure in force.
    pub lift_negotiable: bool,
}

/// A Western strategy.
pub trait WestStrategy: Send {
    fn decide(&mut self, view: &WestView, rng: &mut StreamRng) -> WestAction;
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

/// A fresh regime strategy for one run.
pub fn new_regime(spec: &Regime) -> Box<dyn RegimeStrategy> {
    match spec.strategy {
        RegimeStrategyName::Hold => Box::new(regime::Hold),
        RegimeStrategyName::Signal => Box::new(regime::Signal::new(
            &spec.signal,
            spec.signal_class,
            spec.signal_mode,
        )),
    }
}

/// A fresh Western strategy for one run.
pub fn new_west(spec: &West) -> Box<dyn WestStrategy> {
    match spec.strategy {
        WestStrategyName::ReleaseFirst => Box::new(west::ReleaseFirst::new(&spec.release_first)),
        WestStrategyName::SanctionsFirst => {
            Box::new(west::SanctionsFirst::new(&spec.sanctions_first))
        }
    }
}

/// Which side a strategy plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Regime,
    West,
    Russia,
}

impl Side {
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
    (Side::Regime, "hold", "no releases at all"),
    (
        Side::Regime,
        "signal",
        "small periodic releases that grow when rewarded with relief and stop when not (001)",
    ),
    (
        Side::West,
        "release-first",
        "holds its measures; lifts the negotiable ones only after its benchmark is met (000)",
    ),
    (
        Side::West,
        "sanctions-first",
        "adds a package at intervals while prisoners are held and at once on an arrest surge; \
         relief only after its benchmark (002, 003)",
    ),
    (
        Side::Russia,
        "patron",
        "offsets a share of the sanctions cost, a smaller one after a ceasefire (001)",
    ),
];
