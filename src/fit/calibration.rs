//! The result of a calibration, by rejection or SMC: the kept draws and their weights,
//! the posterior summaries, the best fit ([`super::best`]) and, for SMC, its generations.

use super::best::{Candidate, REFINE, Refine, choose_best};
use super::model::{Draw, Model};
use super::params::Param;
use super::quantile;
use crate::engine::batch::BatchError;
use serde::Serialize;

/// How the posterior sample was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Rejection: the draws nearest the record among draws from the prior
    /// ([`super::abc::calibrate`]).
    Rejection,
    /// Sequential Monte Carlo ABC: weighted particles under shrinking tolerances
    /// ([`super::smc`]).
    Smc,
}

/// A parameter's posterior summary over the kept draws, weighted by their weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posterior {
    /// The parameter summarised: its name, key and prior.
    pub param: Param,
    /// The posterior mean, in the key's own unit.
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

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// How the posterior sample was drawn.
    pub method: Method,
    /// The master seed of the draws, their runs and the refining runs.
    pub seed: u64,
    /// Runs simulated to draw the sample: one per draw (rejection), or every generation's
    /// proposals (SMC). The refining runs and the bands come on top.
    pub draws: u64,
    /// Draws whose scenario did not validate (distance `inf`).
    pub invalid: u64,
    /// The posterior sample, nearest first.
    pub kept: Vec<Draw>,
    /// The normalised weight of each kept draw: equal for rejection, the importance
    /// weights for SMC.
    pub weights: Vec<f64>,
    /// The largest kept distance (the ABC tolerance).
    pub tolerance: f64,
    /// Each parameter's posterior summary, in the parameters' order ([`summarise`]).
    pub posterior: Vec<Posterior>,
    /// The calibrated values: those of the kept draw chosen by [`choose_best`] with
    /// [`REFINE`], the smallest mean distance over common runs.
    pub calibrated: Vec<f64>,
    /// That draw's index ([`Draw::index`]); 0 when nothing was kept.
    pub calibrated_draw: u64,
    /// That draw's mean distance over the final runs (infinite when nothing was kept).
    pub calibrated_distance: f64,
    /// How the best fit was chosen.
    pub refine: Refine,
    /// The candidates of its second stage, in screening order.
    pub shortlist: Vec<Candidate>,
    /// SMC: each generation in turn; empty for rejection.
    pub generations: Vec<Generation>,
    /// SMC: why it stopped; `None` for rejection.
    pub stopped: Option<Stop>,
}

impl Calibration {
    /// The posterior summaries and the best fit of the sample `kept` (sorted nearest
    /// first here, ties to the lower index) with normalised `weights` (`None`: equal).
    #[allow(clippy::too_many_arguments)]
    pub fn conclude<M: Model>(
        model: &M,
        params: &[Param],
        method: Method,
        seed: u64,
        draws: u64,
        invalid: u64,
        kept: Vec<Draw>,
        weights: Option<Vec<f64>>,
        threads: Option<usize>,
    ) -> Result<Calibration, BatchError> {
        let mut pairs: Vec<(Draw, f64)> = match &weights {
            Some(w) => kept.into_iter().zip(w.iter().copied()).collect(),
            None => kept.into_iter().map(|d| (d, 0.0)).collect(),
        };
        pairs.sort_by(|a, b| {
            a.0.distance
                .total_cmp(&b.0.distance)
                .then(a.0.index.cmp(&b.0.index))
        });
        let (kept, w): (Vec<Draw>, Vec<f64>) = pairs.into_iter().unzip();
        let weights = weights.map(|_| w);
        let tolerance = kept.last().map_or(f64::INFINITY, |d| d.distance);
        let posterior = summarise(params, &kept, weights.as_deref());
        // The posterior mean of correlated parameters need not lie where runs fit: the
        // written values are the kept draw that fits best on average, on common runs.
        let (calibrated, calibrated_draw, calibrated_distance, shortlist) =
            match choose_best(model, &kept, seed, &REFINE, threads)? {
                Some(c) => (
                    kept[c.position].values.clone(),
                    kept[c.position].index,
                    c.mean_distance,
                    c.candidates,
                ),
                None => (
                    params.iter().map(|p| p.round(p.current)).collect(),
                    0,
                    f64::INFINITY,
                    Vec::new(),
                ),
            };
        let n = kept.len();
        Ok(Calibration {
            method,
            seed,
            draws,
            invalid,
            kept,
            weights: weights.unwrap_or_else(|| vec![1.0 / n.max(1) as f64; n]),
            tolerance,
            posterior,
            calibrated,
            calibrated_draw,
            calibrated_distance,
            refine: REFINE,
            shortlist,
            generations: Vec::new(),
            stopped: None,
        })
    }

    /// The kept draw each run of a posterior predictive batch of `runs` simulates, as
    /// indices into `kept` (run `r` takes entry `r % len`): every kept draw in turn for
    /// rejection, a systematic resample of the weights for SMC.
    pub fn predictive_draws(&self, runs: u64) -> Vec<usize> {
        match self.method {
            Method::Rejection => (0..self.kept.len()).collect(),
            Method::Smc => resample(&self.weights, runs as usize),
        }
    }
}

/// Each parameter's posterior mean, standard deviation and 5th, 50th and 95th
/// percentiles over `kept`. Unweighted (`None`): the sample mean and sd and type-7
/// quantiles. Weighted: the weighted mean, the sd with the reliability-weights correction
/// `1 / (1 - sum w^2)` (which reduces to the sample sd for equal weights) and weighted
/// quantiles ([`super::weighted_quantile`]).
pub fn summarise(params: &[Param], kept: &[Draw], weights: Option<&[f64]>) -> Vec<Posterior> {
    params
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let mut v: Vec<f64> = kept.iter().map(|d| d.values[j]).collect();
            let n = v.len() as f64;
            let (mean, sd, q) = match weights {
                None => {
                    let mean = v.iter().sum::<f64>() / n.max(1.0);
                    let sd = if v.len() > 1 {
                        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                    } else {
                        0.0
                    };
                    v.sort_by(f64::total_cmp);
                    (mean, sd, [0.05, 0.5, 0.95].map(|p| quantile(&v, p)))
                }
                Some(w) => {
                    let mean: f64 = v.iter().zip(w).map(|(x, w)| x * w).sum();
                    let spread: f64 = v.iter().zip(w).map(|(x, w)| w * (x - mean).powi(2)).sum();
                    let squares: f64 = w.iter().map(|w| w * w).sum();
                    let sd = if squares < 1.0 {
                        (spread / (1.0 - squares)).sqrt()
                    } else {
                        0.0
                    };
                    let mut pairs: Vec<(f64, f64)> = v.into_iter().zip(w.iter().copied()).collect();
                    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (
                        mean,
                        sd,
                        [0.05, 0.5, 0.95].map(|p| super::weighted_quantile(&pairs, p)),
                    )
                }
            };
            Posterior {
                param: p.clone(),
                mean,
                sd,
                p05: q[0],
                p50: q[1],
                p95: q[2],
            }
        })
        .collect()
}

/// One generation as run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Generation {
    /// Its number: 0 draws from the prior, each later one from the one before.
    pub generation: u32,
    /// The largest distance accepted (infinite, written `null`, for generation 0).
    pub tolerance: f64,
    /// Proposals simulated.
    pub simulations: u64,
    /// Of those, at most the tolerance (the first `particles` of them are kept).
    pub accepted: u64,
    /// `accepted / simulations`.
    pub acceptance_rate: f64,
    /// Proposals whose scenario did not validate.
    pub invalid: u64,
    /// The effective sample size of the kept weights, `1 / Σ w²`.
    pub ess: f64,
    /// The kernel's standard deviation per parameter (empty for generation 0).
    pub kernel_sd: Vec<f64>,
}

/// Why the calibration stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// It ran every generation asked for.
    Generations,
    /// The last generation's acceptance rate fell below the floor.
    Acceptance,
    /// The simulation budget ran out.
    Budget,
}

impl Stop {
    /// Why it stopped, as a clause for a report (`"the simulation budget ran out"`).
    pub fn describe(self) -> &'static str {
        match self {
            Stop::Generations => "ran every generation asked for",
            Stop::Acceptance => "the acceptance rate fell below the floor",
            Stop::Budget => "the simulation budget ran out",
        }
    }
}

/// A systematic resample of normalised `weights` to `m` indices, without randomness:
/// slot `r` takes the particle whose cumulative weight first passes `(r + 1/2) / m`, so
/// that particle `i` fills `m w_i` slots, give or take one.
pub fn resample(weights: &[f64], m: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(m);
    let mut i = 0;
    let mut cumulative = weights.first().copied().unwrap_or(0.0);
    for r in 0..m {
        let u = (r as f64 + 0.5) / m as f64;
        while cumulative < u && i + 1 < weights.len() {
            i += 1;
            cumulative += weights[i];
        }
        out.push(i);
    }
    out
}
