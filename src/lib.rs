//! `leverage`: a Monte Carlo simulator of bargaining between an authoritarian regime and
//! Western governments over political prisoners and sanctions, modelled on Belarus since
//! 2020.
//!
//! Module map, dependencies pointing one way (model <- strategy <- engine <- stats <-
//! report <- cli):
//! - [`calendar`]: `YYYY-MM` months.
//! - [`files`]: reading the files given or read back: regular files only, size capped.
//! - [`scenario`]: the TOML file, parsed and validated into a [`scenario::Scenario`].
//! - [`data`]: the historical record (`data/belarus/`), read and checked.
//! - [`model`]: the world's equations as pure functions: prisoners as cohorts by remaining
//!   sentence, sanctions measures, sampling, the feedbacks on arrests, prices and
//!   credibility of deals, hardliners, payoffs, bargaining solutions.
//! - [`strategy`]: one trait per side and one file per strategy.
//! - [`engine`]: the order of events in a month (calling [`model`]); the batch over runs
//!   with rayon; per-run seeding.
//! - [`stats`]: mergeable accumulators, quantiles, confidence intervals (exact merges).
//! - [`results`]: the one owner of every output file: names, the metric registry, the
//!   provenance every file records, atomic writes.
//! - [`game`]: equilibria of the meta-game, Gambit files, tournaments.
//! - [`explore`]: sweeps over parameter values and sensitivity analysis.
//! - [`fit`]: the model against the record: backtests and calibration (rejection ABC and
//!   ABC-SMC).
//! - [`report`]: `summary.json`, `runs.csv`, `monthly.csv`, the summary table, the HTML
//!   report; and how an out folder is written ([`report::staging`]: staged inside it,
//!   journalled, locked, touching only the files its manifest lists).
//! - [`plot`]: the charts, drawn from the saved results only.
//! - [`cli`]: the command line; the only module that prints.
//!
//! ```
//! use leverage::engine::{BatchOptions, Prepared, run_batch};
//! use leverage::scenario::Scenario;
//!
//! let scenario = Scenario::bundled("baseline").unwrap();
//! let prepared = Prepared::new(&scenario);
//! let opts = BatchOptions { runs: 64, seed: 1, threads: Some(1) };
//! let stats = run_batch(&prepared, &opts, &mut |_| Ok(()), &|_| {}).unwrap();
//! assert_eq!(stats.runs, 64);
//! ```

pub mod calendar;
pub mod cli;
pub mod data;
pub mod engine;
pub mod explore;
pub mod files;
pub mod fit;
pub mod game;
pub mod model;
pub mod plot;
pub mod report;
pub mod results;
pub mod scenario;
pub mod stats;
pub mod strategy;
