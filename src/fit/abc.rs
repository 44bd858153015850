//! Calibration by rejection approximate Bayesian computation (ABC).
//!
//! Each of `draws` parameter sets is drawn from independent uniform priors; one run of
//! the scenario with those values is simulated, and its distance to the record is
//! measured ([`super::distance`]). The `keep` draws nearest the record are the posterior
//! sample (Pritchard et al. 1999; the tolerance is the `keep`-th smallest distance, as
//! in Beaumont, Zhang & Balding 2002). docs/calibration.md documents the distance.
//!
//! Draw `i` takes its prior values from a generator keyed by (seed, i) and simulates run
//! `i` of the master seed; draws are cut into the engine's fixed chunks and gathered in
//! draw order, and ties in distance go to the lower index: the posterior is the same on
//! any number of threads.
//!
//! What both calibrations share is apart: the parameters ([`super::params`]), the model
//! fitted ([`super::model`]), the result and its posterior summaries
//! ([`super::calibration`]) and the choice of the best fit ([`super::best`]). Sequential
//! Monte Carlo is in [`super::smc`].

use super::model::Model;
use super::params::prior_draw;
use super::{Observation, map_range_in_order};
use crate::engine::batch::BatchError;
use crate::scenario::Editable;

// The calibration's vocabulary, where `leverage calibrate` and the tests have found it.
pub use super::best::REFINE;
pub use super::calibration::{Calibration, Method};
pub use super::model::{Draw, ScenarioModel};
pub use super::params::{
    Param, ParamError, Target, available, choose, default_names, prepare, write_values,
};

/// Runs the rejection ABC: `draws` draws from the priors of `params` on `tree`, keeping
/// the `keep` nearest `observations`.
#[allow(clippy::too_many_arguments)]
pub fn calibrate(
    tree: &Editable,
    params: &[Param],
    observations: &[Observation],
    draws: u64,
    keep: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Calibration, BatchError> {
    let model = ScenarioModel {
        tree,
        params,
        observations,
    };
    reject(&model, params, draws, keep, seed, threads, progress)
}

/// Rejection ABC of any [`Model`]: draw `i` takes its values from [`prior_draw`] and
/// simulates run `i` of `seed`; the `keep` nearest are the posterior sample.
#[allow(clippy::too_many_arguments)]
pub fn reject<M: Model>(
    model: &M,
    params: &[Param],
    draws: u64,
    keep: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Calibration, BatchError> {
    let mut all: Vec<Draw> = Vec::with_capacity(draws as usize);
    map_range_in_order(
        0..draws,
        threads,
        &|i| {
            let values = prior_draw(params, seed, i);
            let distance = model.distance(&values, seed, i..i + 1);
            Draw {
                index: i,
                values,
                distance,
            }
        },
        &mut |chunk: Vec<Draw>| {
            all.extend(chunk);
            progress(all.len() as u64);
            Ok(())
        },
    )?;
    let invalid = all.iter().filter(|d| !d.distance.is_finite()).count() as u64;
    all.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(a.index.cmp(&b.index))
    });
    all.truncate(keep.clamp(1, draws.max(1)) as usize);
    all.retain(|d| d.distance.is_finite());
    Calibration::conclude(
        model,
        params,
        Method::Rejection,
        seed,
        draws,
        invalid,
        all,
        None,
        threads,
    )
}
