//! What the integration tests share: scenarios edited in code, batches collected in run
//! order, and an observer that keeps a run's months and events.
#![allow(dead_code)]

use leverage::engine::{
    BatchOptions, Event, MonthRecord, Observer, Prepared, RunOutcome, run_batch, simulate,
};
use leverage::scenario::raw::RawScenario;
use leverage::scenario::{BUNDLED, Scenario};

/// A bundled scenario's file as written.
pub fn raw(name: &str) -> RawScenario {
    let text = BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("{name} is bundled"));
    toml::from_str(text).expect("a bundled scenario parses")
}

/// A bundled scenario, edited and validated again.
pub fn edited(name: &str, edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    let mut raw = raw(name);
    edit(&mut raw);
    let text = toml::to_string(&raw).expect("a scenario serialises");
    Scenario::from_toml(&text, &format!("{name}-edited.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every run's totals of a batch, in run order.
pub fn collect(s: &Scenario, runs: u64, seed: u64, threads: usize) -> Vec<RunOutcome> {
    let prep = Prepared::new(s);
    let mut all = Vec::new();
    let opts = BatchOptions {
        runs,
        seed,
        threads: Some(threads),
    };
    run_batch(
        &prep,
        &opts,
        &mut |o| {
            all.extend_from_slice(o);
            Ok(())
        },
        &|_| {},
    )
    .expect("the batch runs");
    all
}

/// A run's months and events, as they happened.
#[derive(Default)]
pub struct Log {
    pub months: Vec<MonthRecord>,
    pub events: Vec<(u32, Event)>,
}

impl Observer for Log {
    fn month(&mut self, r: &MonthRecord) {
        self.months.push(*r);
    }
    fn event(&mut self, month: u32, e: &Event) {
        self.events.push((month, e.clone()));
    }
}

/// Run `run` of a batch seeded with `seed`, with its log.
pub fn traced(s: &Scenario, seed: u64, run: u64) -> (RunOutcome, Log) {
    let prep = Prepared::new(s);
    let mut log = Log::default();
    let out = simulate(&prep, seed, run, &mut log);
    (out, log)
}
