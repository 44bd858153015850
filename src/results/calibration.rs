//! `calibration.json`: the method, the posterior's summaries, the best fit and (for
//! ABC-SMC) the generations of a calibration, as the type that the writer
//! (`report::calibration`) serialises and readers deserialise. The analysis's own types
//! live in `fit`, above this module: the writer converts them field by field.

use super::ScenarioRef;
use serde::{Deserialize, Serialize};

/// How the posterior sample was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodFile {
    /// Rejection ABC: the draws from the priors nearest the record.
    Rejection,
    /// ABC-SMC: weighted particles through generations of shrinking tolerance.
    Smc,
}

/// Why ABC-SMC stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopFile {
    /// It ran every generation asked for.
    Generations,
    /// The last generation's acceptance rate fell below the floor.
    Acceptance,
    /// The simulation budget (`--draws`) ran out.
    Budget,
}

/// The scenario figure a parameter sets, as `fit` names it: a name alone, or
/// `{"arrests_from": "YYYY-MM"}` for a figure of one arrest period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFile {
    /// `prisoners.arrests_per_month`, in people per month.
    Arrests,
    /// `arrests_per_month` of the arrest period starting in this month (`YYYY-MM`).
    ArrestsFrom(String),
    /// `prisoners.sentence` median, in months.
    SentenceMedian,
    /// The sentence median, in months, of the arrest period starting in this month.
    SentenceMedianFrom(String),
    /// `prisoners.sentence` sigma (lognormal, of log months).
    SentenceSigma,
    /// `prisoners.initial_remaining` median, in months.
    InitialRemainingMedian,
    /// `prisoners.death_hazard_per_month`, a probability per person and month.
    DeathHazard,
    /// `regime.holiday_pardons`, in people per holiday.
    HolidayPardons,
    /// The regime strategy's own release size, in people.
    ReleaseSize,
    /// `releases.random_share`, in [0, 1].
    ReleaseRandomShare,
}

/// A parameter fitted, with its uniform prior.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamFile {
    /// Its name as given to `--params` (`arrests_per_month`, `arrests_from_2021-06`).
    pub name: String,
    /// The scenario figure it sets.
    pub target: TargetFile,
    /// Its key path in the scenario file.
    pub key: String,
    /// The prior's low end, in the key's own unit.
    pub low: f64,
    /// The prior's high end, in the key's own unit.
    pub high: f64,
    /// Whether only whole values are allowed.
    pub integer: bool,
    /// Its value in the scenario before calibration, in the key's own unit.
    pub current: f64,
}

/// A parameter's posterior summary over the kept draws, weighted by their weights, in
/// the key's own unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PosteriorFile {
    /// The parameter and its prior.
    pub param: ParamFile,
    /// The posterior mean.
    pub mean: f64,
    /// The posterior standard deviation (0 with fewer than two draws).
    pub sd: f64,
    /// The posterior 5th percentile.
    pub p05: f64,
    /// The posterior median.
    pub p50: f64,
    /// The posterior 95th percentile.
    pub p95: f64,
}

/// How the best fit was chosen: every kept draw screened on `screen_runs` runs, then the
/// `shortlist` with the smallest means scored on `final_runs` further runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefineFile {
    /// Runs each kept draw is screened on.
    pub screen_runs: u64,
    /// Draws that go on to the final stage.
    pub shortlist: usize,
    /// Runs each shortlisted draw is scored on (0: the screen decides).
    pub final_runs: u64,
}

/// A shortlisted draw and its distances to the record (dimensionless, as the distance is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateFile {
    /// The draw's index.
    pub draw: u64,
    /// Its parameter values, in the order of [`CalibrationFile::posterior`].
    pub values: Vec<f64>,
    /// Its mean distance over the screening runs.
    pub screen_distance: f64,
    /// Its mean distance over the final runs (the screen's when there are none).
    pub mean_distance: f64,
    /// The standard error of the gap between its final mean and the best fit's.
    pub gap_se: f64,
}

/// A calibrated value, as written into `calibrated.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibratedFile {
    /// The parameter's name.
    pub name: String,
    /// Its key path in the scenario file.
    pub key: String,
    /// The best fit's value, in the key's own unit.
    pub value: f64,
}

/// One ABC-SMC generation as run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerationFile {
    /// Its number: 0 draws from the priors, each later one from the one before.
    pub generation: u32,
    /// The largest distance accepted; `null` for generation 0, which accepts all.
    pub tolerance: Option<f64>,
    /// Proposals simulated (one run each).
    pub simulations: u64,
    /// Of those, at most the tolerance.
    pub accepted: u64,
    /// `accepted / simulations`, in [0, 1].
    pub acceptance_rate: f64,
    /// Proposals whose scenario did not validate.
    pub invalid: u64,
    /// The effective sample size of the kept weights, `1 / Σ w²`, in particles.
    pub ess: f64,
    /// The kernel's standard deviation per parameter, in the key's own unit (empty for
    /// generation 0).
    pub kernel_sd: Vec<f64>,
}

/// ABC-SMC's settings and how its run went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmcFile {
    /// Particles in each generation.
    pub particles: u64,
    /// The most generations allowed (`--generations`).
    pub max_generations: u32,
    /// The quantile of the previous generation's distances that is the next tolerance,
    /// in (0, 1).
    pub quantile: f64,
    /// The acceptance rate, in [0, 1], below which it stops.
    pub min_acceptance: f64,
    /// The most runs it may simulate (`--draws`).
    pub budget: u64,
    /// Why it stopped.
    pub stopped: Option<StopFile>,
    /// The same, as a clause for people.
    pub stopped_because: Option<String>,
    /// Runs spent on a generation the budget cut short, and dropped.
    pub dropped_runs: u64,
    /// Every generation kept, in turn.
    pub generations: Vec<GenerationFile>,
}

/// `calibration.json`: provenance, the method and distance, the posterior sample's size
/// and tolerance, each parameter's posterior summary and the best fit, and for ABC-SMC
/// its settings and generations. No time or thread count, so the same inputs give the
/// same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The scenario calibrated, as read (before calibration).
    pub scenario: ScenarioRef,
    /// The path of the observed record, as given to `--data`.
    pub data: String,
    /// How the posterior sample was drawn.
    pub method: MethodFile,
    /// The method in a sentence, with its source.
    pub method_description: String,
    /// The distance between a run and the record, in a sentence.
    pub distance: String,
    /// The master seed of the draws, their runs and the refining runs.
    pub seed: u64,
    /// Runs simulated to draw the sample (the refining runs and bands come on top).
    pub draws: u64,
    /// Draws whose scenario did not validate.
    pub invalid_draws: u64,
    /// Draws (or particles) in the posterior sample.
    pub kept: usize,
    /// The largest kept distance (the ABC tolerance), dimensionless.
    pub tolerance: f64,
    /// The effective sample size of the kept weights, `1 / Σ w²`, in draws.
    pub effective_sample_size: f64,
    /// The index of the kept draw written as the best fit.
    pub calibrated_draw: u64,
    /// Its mean distance over the final runs.
    pub calibrated_mean_distance: f64,
    /// How the best fit was chosen.
    pub refine: RefineFile,
    /// The candidates of its final stage, in screening order.
    pub shortlist: Vec<CandidateFile>,
    /// Each parameter's posterior summary, in the order of `--params`.
    pub posterior: Vec<PosteriorFile>,
    /// The best fit's values.
    pub calibrated: Vec<CalibratedFile>,
    /// ABC-SMC's settings and generations; absent for rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smc: Option<SmcFile>,
}
