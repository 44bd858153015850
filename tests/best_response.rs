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
    paired_n(a, b, RUNS, metric)
}

fn paired_n(
    a: &Scenario,
    b: &Scenario,
    runs: u64,
    metric: impl Fn(&RunOutcome) -> f64,
) -> (f64, f64) {
    common::paired(a, b, runs, SEED, metric)
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
    // The US and the EU, whose strategies the tournament varies (Lithuania and Poland
    // hold no reserve package to add).
    let every = |name: WestStrategyName| {
        world(move |raw| {
            raw.us.strategy = name;
            raw.eu.strategy = name;
        })
    };
    let a = every(WestStrategyName::ReleaseFirst);
    let b = every(WestStrategyName::SanctionsFirst);
    // The difference is small (a few prisoners in 1,900): more runs, and the issue's
    // criterion, a 95% confidence interval that excludes 0.
    let (d, se) = paired_n(&a, &b, 8_000, released);
    assert!(
        d.abs() > 1.96 * se,
        "released differ by {d:.1} (se {se:.1})"
    );
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
fn a_dearer_veto_means_fewer_vetoes() {
    let a = world(|raw| raw.payoffs.regime.hardliner_veto = 0.0);
    let b = world(|_| {});
    let (d, se) = paired(&a, &b, |o| f64::from(o.hardliner_blocks));
    assert!(d < -3.0 * se, "vetoes moved by {d:.2} (se {se:.2})");
}

#[test]
fn purges_are_chosen_when_they_pay_and_make_room_for_releases() {
    // Near a best response (precision 1,000), weighing purges raises what the regime
    // gets and, since calmer hardliners let it release more, its releases: the revolving
    // door as a choice (002).
    let sharp = |purges: Vec<u64>| {
        world(move |raw| {
            raw.regime.best_response.precision = 1000.0;
            raw.regime.best_response.purges = purges;
        })
    };
    let (a, b) = (sharp(vec![]), sharp(vec![25, 50, 100]));
    let (d, se) = paired(&a, &b, |o| o.regime_utility);
    assert!(d > 3.0 * se, "regime utility moved by {d:.1} (se {se:.1})");
    let (d, se) = paired(&a, &b, released);
    assert!(d > 3.0 * se, "released moved by {d:.1} (se {se:.1})");
    let (d, se) = paired(&a, &b, |o| o.new_arrests as f64);
    assert!(d > 3.0 * se, "arrests moved by {d:.1} (se {se:.1})");
}

#[test]
fn dearer_purges_mean_fewer_arrests() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.regime.purge_arrest = 10.0);
    let (d, se) = paired(&a, &b, |o| o.new_arrests as f64);
    assert!(d < -3.0 * se, "arrests moved by {d:.1} (se {se:.1})");
}

#[test]
fn a_regime_sure_the_benchmark_pays_campaigns_for_it() {
    // The same West (release-first), two priors: uniform, and all but sure that each
    // Western actor is release-first. Only the second makes the US's 1,300 a milestone
    // worth nearly all its relief, so the regime releases more to reach it.
    let a = world(|_| {});
    let b = world(|raw| raw.regime.best_response.prior.release_first = 100.0);
    let (d, se) = paired(&a, &b, released);
    assert!(d > 3.0 * se, "released moved by {d:.1} (se {se:.1})");
    let (relief, se) = paired(&a, &b, |o| o.relief_by_actor[0]);
    assert!(
        relief > 3.0 * se,
        "US relief moved by {relief:.1} (se {se:.1})"
    );
}

#[test]
fn the_same_seed_gives_the_same_runs_whatever_the_threads() {
    let s = world(|_| {});
    assert_eq!(collect(&s, 300, SEED, 1), collect(&s, 300, SEED, 2));
}

#[test]
fn in_the_tournament_best_response_does_at_least_as_well_as_every_scripted_row() {
    use leverage::engine::BatchOptions;
    use leverage::game::tournament::{WestProfile, run_tournament};
    let base = Scenario::bundled("baseline").expect("bundled baseline");
    let wests: Vec<WestProfile> = WestStrategyName::ALL
        .iter()
        .map(|w| WestProfile { us: *w, eu: *w })
        .collect();
    let opts = BatchOptions {
        runs: 1_000,
        seed: SEED,
        threads: Some(2),
    };
    let t = run_tournament(&base, &RegimeStrategyName::ALL, &wests, &opts, &|_| {})
        .expect("the tournament runs");
    let payoff = t.metric("regime_utility").expect("regime_utility");
    let row = |name: RegimeStrategyName| {
        RegimeStrategyName::ALL
            .iter()
            .position(|r| *r == name)
            .expect("a row")
    };
    let half = |s: &leverage::stats::Summary| (s.ci95[1] - s.ci95[0]) / 2.0;
    let best_response = &payoff[row(RegimeStrategyName::BestResponse)];
    for (w, west) in wests.iter().enumerate() {
        let br = &best_response[w];
        let hold = &payoff[row(RegimeStrategyName::Hold)][w];
        // Paired runs: a margin of the two half-widths covers the noise of both means.
        assert!(
            br.mean + half(br) + half(hold) >= hold.mean,
            "{}: best-response {} below hold {}",
            west.name(),
            br.mean,
            hold.mean
        );
        let best = RegimeStrategyName::ALL
            .iter()
            .filter(|r| **r != RegimeStrategyName::BestResponse)
            .map(|r| payoff[row(*r)][w].mean)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            br.mean >= best - 0.02 * best.abs(),
            "{}: best-response {} more than 2% below the best scripted row {best}",
            west.name(),
            br.mean
        );
    }
}

#[test]
fn every_choice_is_narrated_with_its_values_and_the_release_it_orders_follows() {
    use leverage::engine::run::{Event, ReleaseSource};
    use leverage::strategy::regime::best_response::Choice;
    let s = world(|raw| raw.regime.best_response.precision = f64::INFINITY);
    let (_, log) = common::traced(&s, SEED, 0);
    let mut decisions = 0;
    for (k, (month, e)) in log.events.iter().enumerate() {
        let Event::Choice {
            counterpart: None,
            why,
        } = e
        else {
            continue;
        };
        decisions += 1;
        // A best response: nothing else is worth more, and it is chosen for sure.
        if let Some((_, v)) = why.alternative {
            assert!(why.value >= v, "month {month}: {why:?}");
        }
        assert_eq!(why.probability, 1.0);
        let ordered = log.events[k + 1..]
            .iter()
            .take_while(|(m, _)| m == month)
            .find_map(|(_, e)| match e {
                Event::Release {
                    source: ReleaseSource::Strategy,
                    ordered,
                    ..
                } => Some(*ordered),
                _ => None,
            });
        match why.chosen {
            Choice::Release(item) => assert_eq!(ordered, Some(item.count), "month {month}"),
            Choice::Hold => assert_eq!(ordered, None, "month {month}"),
            other => panic!("a monthly decision is a release or holding, got {other:?}"),
        }
        for (_, p) in why.beliefs {
            assert!((0.0..=1.0).contains(&p));
        }
    }
    // One decision a month, except in the months the hardliners block releases.
    assert!(decisions >= 40, "{decisions} decisions in 60 months");
}

#[test]
fn trace_says_why_in_words_and_in_json() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("choosing.toml");
    let text = leverage::scenario::BASELINE
        .replace("strategy = \"signal\"", "strategy = \"best-response\"");
    std::fs::write(&file, text).unwrap();
    let trace = |format: &str| {
        let o = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
            .arg("trace")
            .arg(&file)
            .args(["--format", format])
            .output()
            .expect("the binary runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let words = trace("text");
    let line = words
        .lines()
        .find(|l| l.contains("regime decides to"))
        .expect("a decision narrated");
    for part in [
        "worth",
        "likely",
        "the West's expected answer",
        "it puts the US at",
    ] {
        assert!(line.contains(part), "{part:?} missing from: {line}");
    }
    let json: serde_json::Value = serde_json::from_str(&trace("json")).unwrap();
    let text = json.to_string();
    assert!(
        text.contains("\"kind\":\"choice\""),
        "no choice event in the JSON"
    );
    for key in [
        "\"chosen\"",
        "\"value\"",
        "\"probability\"",
        "\"west_value\"",
        "\"beliefs\"",
    ] {
        assert!(text.contains(key), "{key} missing from the JSON");
    }
}
