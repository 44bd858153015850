//! The engine: one run ([`run`]), the Monte Carlo batch ([`batch`]) and per-run seeding
//! ([`seed`]). Reports progress through a callback; never prints.

pub mod batch;
pub mod compare;
pub mod run;
pub mod seed;

pub use batch::{BatchError, BatchOptions, Collector, MONTHLY_SERIES, run_batch};
pub use run::{
    Event, MonthRecord, NoObserver, Observer, Prepared, RUN_METRICS, RunOutcome, simulate,
};
