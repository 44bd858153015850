//! What the flags shared by batch commands mean: the engine's batch options, the thread
//! count, and the checks made before anything is simulated (size limits, and an out
//! folder holding other results).
//!
//! Owns the behaviour of [`BatchArgs`] and [`GuardArgs`]; their clap definitions stay in
//! `cli/mod.rs`. Must not simulate or write.

use super::{BatchArgs, Failure, GuardArgs, guard};
use leverage::engine::BatchOptions;
use leverage::scenario::Scenario;
use std::path::Path;

impl GuardArgs {
    /// Refuses, before anything is simulated, a batch whose `estimate` on `threads` threads
    /// is over the size limits (unless `--allow-large`), and an out folder holding other
    /// results than `results` (unless `--force`).
    pub(crate) fn check(
        &self,
        estimate: &guard::Estimate,
        threads: usize,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        guard::check_batch(estimate, threads, self.allow_large)?;
        guard::check_out_folder(out_dir, results, self.force)
    }

    /// [`GuardArgs::check`] for `runs` runs of `scenario` on `threads` threads (all cores
    /// by default).
    pub(crate) fn check_runs(
        &self,
        scenario: &Scenario,
        runs: u64,
        threads: Option<u64>,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        let threads = threads.map_or_else(rayon::current_num_threads, |t| t as usize);
        let estimate = guard::estimate(scenario, runs, 1, threads, false);
        self.check(&estimate, threads, out_dir, results)
    }
}

impl BatchArgs {
    /// The engine's options for this batch: runs, seed, threads.
    pub(crate) fn options(&self) -> BatchOptions {
        BatchOptions {
            runs: self.runs,
            seed: self.seed,
            threads: self.threads.map(|t| t as usize),
        }
    }

    /// Worker threads the batch will use.
    pub(crate) fn thread_count(&self) -> usize {
        self.threads
            .map_or_else(rayon::current_num_threads, |t| t as usize)
    }

    /// Refuses, before anything is simulated, `runs` runs of each of `simulations` scenario
    /// variants of `scenario` (writing a runs.csv of each if `runs_csv`) over the size limits (unless `--allow-large`), and an out folder
    /// holding other results than `results` (unless `--force`).
    pub(crate) fn check(
        &self,
        scenario: &Scenario,
        runs: u64,
        simulations: u64,
        runs_csv: bool,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        let threads = self.thread_count();
        let estimate = guard::estimate(scenario, runs, simulations, threads, runs_csv);
        self.guard.check(&estimate, threads, out_dir, results)
    }
}
