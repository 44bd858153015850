//! Exploring a scenario's assumptions: sweeps over a grid of parameter values, and
//! sensitivity analysis (one at a time, and Sobol indices).
//!
//! - [`sweep`]: 1-D and 2-D grids, each cell a batch with the same seed.
//! - [`sensitivity`]: one-at-a-time low/high effects and Sobol indices of a metric.
//! - [`sobol`]: the Saltelli design and estimators, independent of the model.

pub mod sensitivity;
pub mod sobol;
pub mod sweep;
