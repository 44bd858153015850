//! `leverage`: a Monte Carlo simulator of bargaining between an authoritarian regime and
//! Western governments over political prisoners and sanctions, modelled on Belarus since
//! 2020.
//!
//! Module map, from the ground up: each module imports only modules listed before it, and
//! no two files import each other.
//! - [`calendar`]: `YYYY-MM` months.
//! - [`files`]: reading the files given or read back: regular files only, size capped.
//! - [`stats`]: mergeable accumulators, quantiles, confidence intervals (exact merges).
//! - [`scenario`]: the TOML file, parsed and validated into a [`scenario::Scenario`]; key
//!   paths and the one editor of a scenario's values.
//! - [`data`]: the historical record (`data/belarus/`), read and checked.
//! - [`model`]: the world's equations as pure functions: prisoners as cohorts by remaining
//!   sentence, sanctions measures, sampling, the feedbacks on arrests, prices and
//!   credibility of deals, hardliners, payoffs, bargaining solutions, logit choice and
//!   beliefs.
//! - [`strategy`]: one trait per side and one file per strategy.
//! - [`engine`]: the order of events in a month (calling [`model`]); the batch over runs
//!   with rayon; per-run seeding.
//! - [`results`]: the one owner of every output file: names, the metric registry, the
//!   schemas writers and readers share, the provenance every file records, atomic writes.
//! - [`game`], [`explore`], [`fit`]: analyses over batches: equilibria of the meta-game,
//!   Gambit files and tournaments; sweeps and sensitivity analysis; backtests and
//!   calibration against the record (rejection ABC and ABC-SMC).
//! - [`plot`]: the charts, drawn from the saved results only.
//! - [`report`]: the exporters (`summary.json`, `runs.csv`, `monthly.csv`, tables, the
//!   HTML report, the narrated trace), and how an out folder is written
//!   ([`report::staging`]: staged inside it, journalled, locked, touching only the files
//!   its manifest lists).
//!
//! The command line is not part of the library: it lives in the binary (`src/main.rs` and
//! `src/cli/`), behind the default feature `cli`, so a program that uses the library with
//! `default-features = false` builds without clap, indicatif, ctrlc or anyhow. Nothing in
//! the library prints.
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

#![warn(missing_docs)]

pub mod calendar;
pub mod data;
pub mod engine;
pub mod error;
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

pub use error::{Error, Result};
