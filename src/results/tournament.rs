//! `tournament.json`: every regime strategy against every Western strategy and the
//! meta-game's equilibria, as the type that the writer (`report::tournament`) serialises
//! and the reader (`plot`'s heatmaps) deserialises.

use super::{MetricSummary, Named, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One pair of strategies: the mean payoffs and some metrics' summaries over its runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentCell {
    /// The regime's strategy, one of [`TournamentFile::regime_strategies`].
    pub regime: String,
    /// The Western profile, one of [`TournamentFile::west_profiles`].
    pub west: String,
    /// The regime's payoff: the mean of `regime_utility` over the cell's runs, in
    /// discounted USD-million equivalents; `null` where no run gave a number.
    pub regime_payoff: Option<f64>,
    /// The West's payoff: the mean over runs of `utility_us + utility_eu`, in discounted
    /// USD-million equivalents.
    pub west_payoff: Option<f64>,
    /// Summaries of `regime_utility`, `utility_us`, `utility_eu`, `released`,
    /// `final_stock` and `deals` over the cell's runs, by name, each in its registry unit.
    #[serde(default)]
    pub metrics: Named<MetricSummary>,
}

/// A Nash equilibrium of the meta-game: a probability per strategy for each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquilibriumFile {
    /// The regime's probability of each strategy, in the order of
    /// [`TournamentFile::regime_strategies`]; each in [0, 1], summing to 1.
    pub regime: Vec<f64>,
    /// The West's probability of each profile, in the order of
    /// [`TournamentFile::west_profiles`]; each in [0, 1], summing to 1.
    pub west: Vec<f64>,
    /// The regime's expected payoff at the equilibrium, in discounted USD-million
    /// equivalents.
    #[serde(default)]
    pub regime_payoff: Option<f64>,
    /// The West's expected payoff at the equilibrium, in discounted USD-million
    /// equivalents.
    #[serde(default)]
    pub west_payoff: Option<f64>,
}

/// The strategies strictly dominated by a pure strategy, by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dominated {
    /// The regime's strategies that some other regime strategy beats against every
    /// Western profile.
    pub regime: Vec<String>,
    /// The Western profiles that some other profile beats against every regime strategy.
    pub west: Vec<String>,
}

/// `tournament.json`: provenance, every pair of strategies' payoffs and metrics, and the
/// meta-game's equilibria and dominated strategies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The base scenario, whose strategies each cell replaces.
    pub scenario: ScenarioRef,
    /// The master seed; every cell runs the same runs (common random numbers).
    pub seed: u64,
    /// Runs per cell.
    pub runs: u64,
    /// The regime's strategies by name: the rows of the meta-game.
    pub regime_strategies: Vec<String>,
    /// The Western profiles by name (`NAME` when the US and the EU play the same
    /// strategy, else `us=NAME/eu=NAME`): the columns of the meta-game.
    pub west_profiles: Vec<String>,
    /// Row-major: every Western profile against the first regime strategy, then the next.
    pub cells: Vec<TournamentCell>,
    /// The Nash equilibria found by support enumeration; empty if none was found.
    #[serde(default)]
    pub equilibria: Vec<EquilibriumFile>,
    /// Whether the game is degenerate (support enumeration may miss equilibria).
    #[serde(default)]
    pub degenerate: bool,
    /// Whether some equilibria form a continuum (only its extreme points are listed).
    #[serde(default)]
    pub continuum: bool,
    /// The strategies strictly dominated by a pure strategy.
    #[serde(default)]
    pub dominated: Dominated,
}
