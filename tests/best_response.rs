//! The `best-response` regime (issue 13): payoffs are causes, not a scorecard. Each test
//! compares two worlds on common random numbers (run `i` of both shares its streams) and
//! asks that the paired difference of a metric be more than three standard errors from 0,
//! in the direction the mechanism predicts.

mod common;

use common::{collect, edited};
use leverage::engine::RunOutcome;
use leverage::scenario::Scenario;
use leverage::scenario::raw::{RawScenario, RegimeStrategyName, WestStrategyName};

const RUNS: u64 = 2_000;
const SEED: u64 = 13;

/// The baseline with the `best-response` regime, edited.
fn world(edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    edited("baseline", |raw| {
        raw.regime.strategy = RegimeStrategyName::BestResponse;
        edit(raw);
    })
}

/// Mean and standard error of `metric(b) - metric(a)` over paired runs.
fn paired(a: &Scenario, b: &Scenario, metric: impl Fn(&RunOutcome) -> f64) -> (f64, f64) {
    let xs = collect(a, RUNS, SEED, 2);
    let ys = collect(b, RUNS, SEED, 2);
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

fn released(o: &RunOutcome) -> f64 {
    o.released as f64
}

#[test]
fn a_dearer_release_lowers_releases() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.regime.hardliner_discontent = 2.0);
    let (d, se) = paired(&a, &b, released);
    assert!(d < -3.0 * se, "released moved by {d:.1} (se {se:.1})");
}

#[test]
fn dearer_sanctions_make_relief_worth_more_and_raise_releases() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.regime.sanctions_cost = 3.0);
    let (d, se) = paired(&a, &b, released);
    assert!(d > 3.0 * se, "released moved by {d:.1} (se {se:.1})");
}

#[test]
fn release_first_and_sanctions_first_free_different_numbers() {
    let every = |name: WestStrategyName| {
        world(move |raw| {
            for w in [
                &mut raw.us,
                &mut raw.eu,
                &mut raw.lithuania,
                &mut raw.poland,
            ] {
                w.strategy = name;
            }
        })
    };
    let a = every(WestStrategyName::ReleaseFirst);
    let b = every(WestStrategyName::SanctionsFirst);
    let (d, se) = paired(&a, &b, released);
    assert!(d.abs() > 3.0 * se, "released differ by {d:.1} (se {se:.1})");
}

#[test]
fn releases_vary_from_run_to_run() {
    let runs = collect(&world(|_| {}), 500, SEED, 2);
    let first = runs[0].released;
    assert!(runs.iter().any(|o| o.released != first));
}

#[test]
fn a_legitimacy_worth_more_raises_releases() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.regime.legitimacy = 0.8);
    let (d, se) = paired(&a, &b, released);
    assert!(d > 3.0 * se, "released moved by {d:.1} (se {se:.1})");
}

#[test]
fn deportation_worth_more_means_more_deported() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.regime.deportation = 3.0);
    let (d, se) = paired(&a, &b, |o| o.deported as f64);
    assert!(d > 3.0 * se, "deported moved by {d:.1} (se {se:.1})");
}

#[test]
fn the_same_seed_gives_the_same_runs_whatever_the_threads() {
    let s = world(|_| {});
    assert_eq!(collect(&s, 300, SEED, 1), collect(&s, 300, SEED, 2));
}
