//! The engine: one run ([`run`]), the Monte Carlo batch ([`batch`]) and per-run seeding
//! ([`seed`]). Reports progress through a callback; never prints.

pub mod batch;
pub mod compare;
pub mod run;
pub mod seed;

pub use batch::{
    BatchError, BatchOptions, Collector, CollectorError, CollectorState, MONTHLY_SERIES, run_batch,
    run_batch_range,
};
pub use run::{
    Event, MonthRecord, NoObserver, OPTIONAL_METRICS, Observer, Prepared, RUN_METRICS, RunOutcome,
    simulate,
};
