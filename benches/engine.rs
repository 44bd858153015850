//! Speed of the engine: one run and a batch, of `bench-core` (the dynamics of
//! `../shared/bench/`) and of the full baseline. Run with `cargo bench`; compare runs per
//! second with the reference loop run in the same session (see the README).

use divan::{Bencher, black_box};
use leverage::engine::{BatchOptions, NoObserver, Prepared, run_batch, simulate};
use leverage::scenario::Scenario;

fn main() {
    divan::main();
}

fn prepared(name: &str) -> Prepared {
    Prepared::new(&Scenario::bundled(name).expect("bundled scenario"))
}

/// One 60-month run, one thread.
#[divan::bench(args = ["bench-core", "baseline"])]
fn one_run(bencher: Bencher, name: &str) {
    let prep = prepared(name);
    let mut run = 0u64;
    bencher.bench_local(|| {
        run += 1;
        simulate(&prep, 7, black_box(run), &mut NoObserver)
    });
}

/// A batch of 20,000 runs with statistics, on all cores (no runs.csv).
#[divan::bench(args = ["bench-core", "baseline"], sample_count = 10)]
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
