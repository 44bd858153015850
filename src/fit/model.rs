//! What a calibration fits: how far runs with given parameter values fall from the
//! record ([`Model`]), for a scenario ([`ScenarioModel`]) or a toy with a known posterior
//! in tests, and one draw of values with its distance ([`Draw`]).

use super::params::{Param, prepare};
use super::{Observation, Path, distance};
use crate::engine::{Prepared, simulate};
use crate::scenario::Editable;
use serde::Serialize;
use std::ops::Range;

/// What a calibration fits: how far runs with given parameter values fall from the
/// record. [`ScenarioModel`] is a scenario against `data/belarus`; the tests fit toy
/// models with known posteriors through the same code.
pub trait Model: Sync {
    /// The mean distance of runs `runs` of master seed `seed` with `values` (one per
    /// parameter, rounded); infinite if the values make no valid model.
    fn distance(&self, values: &[f64], seed: u64, runs: Range<u64>) -> f64;

    /// The distance of each of runs `runs`, in run order. By default each run through
    /// [`Model::distance`]; a model that prepares something per parameter set does it
    /// once here.
    fn distances(&self, values: &[f64], seed: u64, runs: Range<u64>) -> Vec<f64> {
        runs.map(|run| self.distance(values, seed, run..run + 1))
            .collect()
    }
}

/// A scenario's runs against observed figures, with `params` set to the values.
pub struct ScenarioModel<'a> {
    /// The scenario as read, which each parameter set is written into.
    pub tree: &'a Editable,
    /// The parameters fitted, in the order of each draw's values.
    pub params: &'a [Param],
    /// The observed figures runs are scored against (unscored ones are skipped).
    pub observations: &'a [Observation],
}

impl Model for ScenarioModel<'_> {
    fn distance(&self, values: &[f64], seed: u64, runs: Range<u64>) -> f64 {
        let n = runs.end.saturating_sub(runs.start).max(1);
        let total: f64 = self.distances(values, seed, runs).iter().sum();
        total / n as f64
    }

    fn distances(&self, values: &[f64], seed: u64, runs: Range<u64>) -> Vec<f64> {
        let Ok(s) = prepare(self.tree, self.params, values) else {
            return runs.map(|_| f64::INFINITY).collect();
        };
        let prep = Prepared::new(&s);
        runs.map(|run| {
            let mut path = Path::default();
            simulate(&prep, seed, run, &mut path);
            distance(&path, self.observations).unwrap_or(f64::INFINITY)
        })
        .collect()
    }
}

/// One draw: its index, values and distance (`inf` if its scenario was invalid).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draw {
    /// Its number in its batch (rejection) or generation (SMC); also the run it was
    /// simulated on and the stream of its prior values.
    pub index: u64,
    /// One value per parameter, in the parameters' order, rounded as simulated.
    pub values: Vec<f64>,
    /// The distance of its one run from the record ([`super::distance`]).
    pub distance: f64,
}
