//! Western actors that choose (`best-response` for `us`, `eu`, `lithuania`, `poland`;
//! issue 13, section 2): each weighs imposing, lifting and re-imposing, and the deals it
//! accepts, by its own payoff weights and its belief about the regime. Each test changes
//! one thing the choice depends on and asks that the paired difference of an outcome, on
//! common random numbers, be more than three standard errors from 0 in the direction the
//! model predicts.

mod common;

use common::{collect, edited};
use leverage::engine::RunOutcome;
use leverage::scenario::raw::{RawScenario, RegimeStrategyName, WestStrategyName};
use leverage::scenario::{Scenario, WestActor};

const RUNS: u64 = 1_500;
const SEED: u64 = 14;

/// `both-choose` (the regime and every Western actor choose), edited.
fn world(edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    edited("both-choose", edit)
}

/// Mean and standard error of `metric(b) - metric(a)` over paired runs.
fn paired(a: &Scenario, b: &Scenario, metric: impl Fn(&RunOutcome) -> f64) -> (f64, f64) {
    common::paired(a, b, RUNS, SEED, metric)
}

fn eu_relief(o: &RunOutcome) -> f64 {
    o.relief_by_actor[WestActor::Eu.index()]
}

fn packages(o: &RunOutcome) -> f64 {
    f64::from(o.packages_imposed)
}

/// `both-choose` with no channel ever opening (so no measure is worth keeping as a chip for
/// a deal) and the scripted `signal` regime, which releases on its own every month: each
/// Western move is then worth its flows, its pressure and a liberaliser's reciprocity
/// alone.
fn quiet(edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    world(|raw| {
        raw.bargaining.channel_probability_per_month = 0.0;
        raw.regime.strategy = RegimeStrategyName::Signal;
        edit(raw);
    })
}

#[test]
fn the_eu_imposes_less_and_lifts_more_when_its_own_sanctions_cost_it_more() {
    let a = quiet(|_| {});
    let b = quiet(|raw| raw.payoffs.eu.sender_cost = Some(3.0));
    let (d, se) = paired(&a, &b, packages);
    assert!(d < -3.0 * se, "packages moved by {d:.2} (se {se:.2})");
    // Fewer packages and more lifts: the regime bears less. (The EU's relief is no
    // measure of it: fewer packages imposed by a quantal mistake are fewer to lift.)
    let (d, se) = paired(&a, &b, |o| o.sanctions_cost);
    assert!(d < -3.0 * se, "sanctions cost moved by {d:.1} (se {se:.1})");
    let (d, se) = paired(&a, &b, |o| f64::from(o.measures_reimposed));
    assert!(d < -3.0 * se, "re-impositions moved by {d:.2} (se {se:.2})");
}

#[test]
fn the_eu_lifts_less_when_relief_given_weighs_more() {
    let a = world(|_| {});
    let b = world(|raw| raw.payoffs.eu.relief_given = Some(2.0));
    let (d, se) = paired(&a, &b, eu_relief);
    assert!(d < -3.0 * se, "EU relief moved by {d:.1} (se {se:.1})");
}

#[test]
fn packages_are_imposed_when_pressure_moves_the_regime() {
    // With sensitivity, a package's bite scales up the releases the regime makes on its
    // own: worth its sender cost.
    let a = quiet(|_| {});
    let b = quiet(|raw| raw.regime.sanctions_sensitivity = 2.0);
    let (d, se) = paired(&a, &b, packages);
    assert!(d > 3.0 * se, "packages moved by {d:.2} (se {se:.2})");
}

#[test]
fn packages_are_imposed_as_chips_when_deals_can_be_struck() {
    // A negotiable package in force can be traded for prisoners in a deal: with channels
    // it is worth imposing, without them only its sender cost counts.
    let a = quiet(|raw| raw.regime.strategy = RegimeStrategyName::BestResponse);
    let b = world(|_| {});
    let (d, se) = paired(&a, &b, packages);
    assert!(d > 3.0 * se, "packages moved by {d:.2} (se {se:.2})");
}

#[test]
fn relief_without_a_deal_grows_with_what_a_liberaliser_gives_back() {
    let a = quiet(|raw| raw.eu.best_response.reciprocity = 0.0);
    let b = quiet(|raw| raw.eu.best_response.reciprocity = 1.0);
    let (d, se) = paired(&a, &b, eu_relief);
    assert!(d > 3.0 * se, "EU relief moved by {d:.1} (se {se:.1})");
}

#[test]
fn an_audience_cost_makes_the_us_take_fewer_deals() {
    let a = world(|raw| raw.payoffs.us.audience_cost = Some(0.0));
    let b = world(|raw| raw.payoffs.us.audience_cost = Some(200.0));
    let (d, se) = paired(&a, &b, |o| o.relief_by_actor[WestActor::Us.index()]);
    assert!(d < -3.0 * se, "US relief moved by {d:.1} (se {se:.1})");
}

#[test]
fn a_choosing_west_differs_from_release_first_and_the_four_utilities_differ() {
    let a = edited("both-choose", |raw| {
        for w in [
            &mut raw.us,
            &mut raw.eu,
            &mut raw.lithuania,
            &mut raw.poland,
        ] {
            w.strategy = WestStrategyName::ReleaseFirst;
        }
    });
    let b = world(|_| {});
    let (d, se) = paired(&a, &b, |o| f64::from(o.deals));
    assert!(d.abs() > 3.0 * se, "deals moved by {d:.2} (se {se:.2})");
    let runs = collect(&b, 200, SEED, 2);
    let mean = |i: usize| runs.iter().map(|o| o.utility[i]).sum::<f64>() / runs.len() as f64;
    let u: Vec<f64> = (0..4).map(mean).collect();
    for i in 0..4 {
        for j in i + 1..4 {
            assert!((u[i] - u[j]).abs() > 1.0, "utilities {u:?}");
        }
    }
}

#[test]
fn every_western_move_is_narrated_and_is_the_move_made() {
    use leverage::engine::run::Event;
    use leverage::strategy::west::best_response::Move;
    // At infinite precision: a best response, so nothing weighed is worth more.
    let s = world(|raw| {
        for w in [
            &mut raw.us,
            &mut raw.eu,
            &mut raw.lithuania,
            &mut raw.poland,
        ] {
            w.best_response.precision = f64::INFINITY;
        }
    });
    let (_, log) = common::traced(&s, SEED, 0);
    let mut moves = [0u32; 4];
    let mut made = 0;
    for (k, (month, e)) in log.events.iter().enumerate() {
        let Event::WestChoice { actor, why } = e else {
            continue;
        };
        moves[actor.index()] += 1;
        // A month with nothing to weigh but holding is not narrated.
        assert!(
            why.options.iter().flatten().count() > 1,
            "month {month}: {why:?}"
        );
        // Ties (a package that costs and earns nothing is worth what holding is) split
        // evenly.
        let ties = why
            .options
            .iter()
            .flatten()
            .filter(|(_, v)| *v == why.value)
            .count();
        assert_eq!(why.probability, 1.0 / ties as f64, "month {month}: {why:?}");
        for (_, v) in why.options.iter().flatten() {
            assert!(why.value >= *v, "month {month}: {why:?}");
        }
        assert!((0.0..=1.0).contains(&why.liberaliser) && (0.0..=1.0).contains(&why.keeps));
        // The move is what the engine does next for that actor (unless the EU's lift is
        // vetoed, which the run narrates).
        let after: Vec<&Event> = log.events[k + 1..]
            .iter()
            .take_while(|(m, _)| m == month)
            .map(|(_, e)| e)
            .collect();
        let vetoed = after
            .iter()
            .any(|e| matches!(e, Event::EuLiftVetoed { .. }));
        let done = |want: &dyn Fn(&Event) -> bool| after.iter().any(|e| want(e));
        match why.chosen {
            Move::Hold => {}
            Move::Impose(m) => assert!(done(&|e| matches!(e,
                Event::PackageImposed { actor: a, measure } if a == actor && *measure == m))),
            Move::Lift(m) => assert!(
                vetoed
                    || done(&|e| matches!(e,
                        Event::MeasureLifted { actor: a, measure } if a == actor && *measure == m)),
                "month {month}: {why:?}"
            ),
            Move::Reimpose(m) => assert!(done(&|e| matches!(e,
                Event::MeasureReimposed { actor: a, measure } if a == actor && *measure == m))),
        }
        if why.chosen != Move::Hold {
            made += 1;
        }
    }
    // At most one choice an actor a month, many in all, and some moves.
    assert!(moves.iter().all(|n| *n <= 60), "{moves:?}");
    assert!(moves.iter().sum::<u32>() > 60, "{moves:?}");
    assert!(made > 0);
}

#[test]
fn trace_says_why_each_western_actor_moves_in_words_and_in_json() {
    let trace = |format: &str| {
        let o = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
            .args(["trace", "both-choose", "--format", format])
            .output()
            .expect("the binary runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let words = trace("text");
    let line = words
        .lines()
        .find(|l| l.contains("the EU decides to"))
        .expect("a Western move narrated");
    for part in ["worth", "likely", "it puts the regime at", "liberaliser"] {
        assert!(line.contains(part), "{part:?} missing from: {line}");
    }
    let json: serde_json::Value = serde_json::from_str(&trace("json")).unwrap();
    let text = json.to_string();
    assert!(
        text.contains("\"kind\":\"west_choice\""),
        "no west_choice event"
    );
    for key in [
        "\"options\"",
        "\"liberaliser\"",
        "\"keeps\"",
        "\"alternative\"",
    ] {
        assert!(text.contains(key), "{key} missing from the JSON");
    }
}
