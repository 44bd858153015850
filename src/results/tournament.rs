//! `tournament.json`: every regime strategy against every Western strategy and the
//! meta-game's equilibria, as the type that the writer (`report::tournament`) serialises
//! and the reader (`plot`'s heatmaps) deserialises.

use super::{MetricSummary, Named, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One pair of strategies: the mean payoffs and some metrics' summaries over its runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentCell {
    pub regime: String,
    pub west: String,
    /// `null` where no run gave a number.
    pub regime_payoff: Option<f64>,
    /// The US's and the EU's payoffs summed.
    pub west_payoff: Option<f64>,
    #[serde(default)]
    pub metrics: Named<MetricSummary>,
}

/// A Nash equilibrium of the meta-game: a probability per strategy for each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquilibriumFile {
    pub regime: Vec<f64>,
    pub west: Vec<f64>,
    #[serde(default)]
    pub regime_payoff: Option<f64>,
    #[serde(default)]
    pub west_payoff: Option<f64>,
}

/// The strategies strictly dominated by a pure strategy, by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dominated {
    pub regime: Vec<String>,
    pub west: Vec<String>,
}

/// `tournament.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentFile {
    pub leverage_version: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub runs: u64,
    pub regime_strategies: Vec<String>,
    pub west_profiles: Vec<String>,
    /// Row-major: every Western profile against the first regime strategy, then the next.
    pub cells: Vec<TournamentCell>,
    #[serde(default)]
    pub equilibria: Vec<EquilibriumFile>,
    /// Whether the game is degenerate (support enumeration may miss equilibria).
    #[serde(default)]
    pub degenerate: bool,
    /// Whether some equilibria form a continuum (only its extreme points are listed).
    #[serde(default)]
    pub continuum: bool,
    #[serde(default)]
    pub dominated: Dominated,
}
