//! Speed of the engine: one run and a batch, of `bench-core` (the dynamics of
//! `../shared/bench/`), of the full baseline, and of players that choose. Run with `cargo bench`; compare runs per
//! second with the reference loop run in the same session (see the README).

use divan::{Bencher, black_box};
use leverage::engine::{BatchOptions, NoObserver, Prepared, run_batch, simulate};
use leverage::scenario::Scenario;

fn main() {
    divan::main();
}

/// A bundled scenario by name; `baseline-best-response` is the baseline with the
/// `best-response` regime (issue 13).
fn scenario(name: &str) -> Scenario {
    match name.strip_suffix("-best-response") {
        Some(base) => {
            let (_, text) = leverage::scenario::BUNDLED
                .iter()
                .find(|(n, _)| *n == base)
                .expect("bundled scenario");
            let text = text.replace("strategy = \"signal\"", "strategy = \"best-response\"");
            Scenario::from_toml(&text, "baseline-best-response.toml").expect("valid scenario")
        }
        None => Scenario::bundled(name).expect("bundled scenario"),
    }
}

fn prepared(name: &str) -> Prepared {
    Prepared::new(&scenario(name))
}

/// Solving `best-response`'s decision tables for the baseline: once per batch.
#[divan::bench]
fn solve_regime_tables(bencher: Bencher) {
    let sc = scenario("baseline-best-response");
    bencher.bench_local(|| leverage::strategy::regime::best_response::Model::new(black_box(&sc)));
}

/// One 60-month run, one thread (`both-choose`: the regime and the four Western actors
/// choose).
#[divan::bench(args = ["bench-core", "baseline", "baseline-best-response", "both-choose"])]
fn one_run(bencher: Bencher, name: &str) {
    let prep = prepared(name);
    let mut run = 0u64;
    bencher.bench_local(|| {
        run += 1;
        simulate(&prep, 7, black_box(run), &mut NoObserver)
    });
}

/// A batch of 20,000 runs with statistics, on all cores (no runs.csv).
#[divan::bench(args = ["bench-core", "baseline", "baseline-best-response"], sample_count = 10)]
fn batch_20k(bencher: Bencher, name: &str) {
    let prep = prepared(name);
    let opts = BatchOptions {
        runs: 20_000,
        seed: 7,
        threads: None,
    };
    bencher
        .counter(divan::counter::ItemsCount::new(opts.runs))
        .bench_local(|| run_batch(&prep, &opts, &mut |_| Ok(()), &|_| {}).expect("batch"));
}
