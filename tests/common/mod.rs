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

/// Why an output holds a non-finite number, if it does. serde_json writes NaN and
/// infinities as `null`, so in JSON only the optional metrics no run produced may be null;
/// in CSV every field that parses as a number ("NaN" and "inf" do) must be finite. Text
/// fields (a scenario named "ordinany") are not numbers.
pub fn non_finite(name: &str, text: &str) -> Option<String> {
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        match v {
            serde_json::Value::Null => (path != "metrics.months_to_target"
                && path != "metrics.months_to_first_deal")
                .then(|| format!("null (a NaN or an infinity) at {path}")),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            serde_json::Value::Object(o) => o.iter().find_map(|(k, x)| {
                walk(
                    x,
                    &if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                )
            }),
            _ => None,
        }
    }
    if name.ends_with(".json") {
        return match serde_json::from_str(text) {
            Ok(v) => walk(&v, "").map(|why| format!("{name}: {why}")),
            Err(e) => Some(format!("{name} is not JSON: {e}")),
        };
    }
    text.lines().find_map(|line| {
        line.split(',')
            .any(|f| f.trim().parse::<f64>().is_ok_and(|v| !v.is_finite()))
            .then(|| format!("{name}: {line}"))
    })
}

/// Mean and standard error of `metric(b) - metric(a)` over `runs` paired runs of seed
/// `seed` (common random numbers: run `i` of both shares its streams).
pub fn paired(
    a: &Scenario,
    b: &Scenario,
    runs: u64,
    seed: u64,
    metric: impl Fn(&RunOutcome) -> f64,
) -> (f64, f64) {
    let xs = collect(a, runs, seed, 2);
    let ys = collect(b, runs, seed, 2);
    let d: Vec<f64> = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| metric(y) - metric(x))
        .collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}
