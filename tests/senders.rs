//! Western actors who differ (issue 13): sender costs, per-actor payoff weights and EU
//! unanimity, end to end through the engine. Closed forms where the world is deterministic,
//! exact counts where a probability is 0 or 1, and a statistical check with a tolerance
//! from the standard error.

mod common;

use common::{collect, edited};
use leverage::engine::{Event, NoObserver, Observer, Prepared, RunOutcome, simulate};
use leverage::scenario::raw::{RawScenario, RegimeStrategyName, WestStrategyName};
use leverage::scenario::{Scenario, WestActor};

fn scenario(edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    edited("baseline", edit)
}

/// A world without randomness in its arrests, deaths, waves, ceasefire, pardons or
/// bargaining; the regime holds.
fn quiet(raw: &mut RawScenario) {
    raw.prisoners.arrests_per_month = 0.0;
    raw.prisoners.death_hazard_per_month = 0.0;
    raw.events.repression_waves.probability_per_month = 0.0;
    raw.events.ceasefire_hazard_per_month = 0.0;
    raw.regime.strategy = RegimeStrategyName::Hold;
    raw.regime.holiday_pardons = 0;
    raw.bargaining.channel_probability_per_month = 0.0;
}

/// `sum of d^m` over the horizon: what a constant monthly term adds to a utility.
fn discounted_months(s: &Scenario) -> f64 {
    (0..s.horizon_months)
        .map(|m| s.payoffs.discount_per_month.powi(m as i32))
        .sum()
}

/// Each actor's sender cost a month with the measures in force at the start.
fn sender_cost_at_start(s: &Scenario) -> [f64; 4] {
    let mut out = [0.0; 4];
    for m in s
        .measures
        .iter()
        .filter(|m| m.status == leverage::scenario::MeasureStatus::Active)
    {
        for (o, c) in out.iter_mut().zip(m.sender_costs) {
            *o += c;
        }
    }
    out
}

#[derive(Default)]
struct Events(Vec<(u32, Event)>);

impl Observer for Events {
    fn event(&mut self, month: u32, e: &Event) {
        self.0.push((month, e.clone()));
    }
}

#[test]
fn the_four_western_utilities_differ_on_the_baseline_by_their_sender_costs() {
    let s = Scenario::bundled("baseline").expect("bundled");
    let costs = sender_cost_at_start(&s);
    // The baseline's figures: Klaipeda's loss on Lithuania, the EU's lost trade, Poland's
    // border trade; the US bears none.
    assert_eq!(costs, [0.0, 24.5, 10.0, 4.5]);
    let d = discounted_months(&s);
    let runs = collect(&s, 200, 20240701, 2);
    for o in &runs {
        // No measure moves in the baseline and no deal is struck, so the actors differ by
        // their sender costs alone, in every run.
        assert_eq!((o.measures_lifted, o.packages_imposed, o.deals), (0, 0, 0));
        let [us, eu, lt, pl] = o.utility;
        for (u, c) in [(eu, costs[1]), (lt, costs[2]), (pl, costs[3])] {
            assert!(((u - us) + c * d).abs() < 1e-6, "run {}", o.run);
        }
    }
    let mean = |i: usize| runs.iter().map(|o| o.utility[i]).sum::<f64>() / runs.len() as f64;
    let means: Vec<f64> = (0..4).map(mean).collect();
    for i in 0..4 {
        for j in 0..i {
            assert!((means[i] - means[j]).abs() > 100.0, "{means:?}");
        }
    }
}

#[test]
fn lithuanias_sender_cost_moves_its_utility_and_no_one_elses() {
    let with = Scenario::bundled("baseline").expect("bundled");
    let without = scenario(|raw| {
        for m in &mut raw.measures {
            m.sender_costs.lithuania = 0.0;
        }
    });
    let d = discounted_months(&with);
    let lt = WestActor::Lithuania.index();
    let a = collect(&with, 200, 7, 2);
    let b = collect(&without, 200, 7, 2);
    for (x, y) in a.iter().zip(&b) {
        // Paired on common random numbers: the same history, only Lithuania's payoff moves,
        // by its 10 USD m a month of Klaipeda losses, discounted.
        assert!((y.utility[lt] - x.utility[lt] - 10.0 * d).abs() < 1e-6);
        for i in (0..4).filter(|i| *i != lt) {
            assert_eq!(x.utility[i], y.utility[i]);
        }
        assert_eq!(x.regime_utility, y.regime_utility);
        assert_eq!(x.released, y.released);
    }
}

#[test]
fn a_sender_cost_weight_of_zero_removes_the_term_for_that_actor_only() {
    let s = scenario(|raw| raw.payoffs.poland.sender_cost = Some(0.0));
    let base = Scenario::bundled("baseline").expect("bundled");
    let d = discounted_months(&base);
    let pl = WestActor::Poland.index();
    let x = simulate(&Prepared::new(&base), 1, 0, &mut NoObserver);
    let y = simulate(&Prepared::new(&s), 1, 0, &mut NoObserver);
    assert!((y.utility[pl] - x.utility[pl] - 4.5 * d).abs() < 1e-6);
    assert_eq!(
        x.utility[WestActor::Eu.index()],
        y.utility[WestActor::Eu.index()]
    );
}

#[test]
fn lithuanias_security_stake_is_paid_every_month_its_ban_is_lifted() {
    // Lithuania engages and its ban is negotiable: it lifts it at its first step; from then
    // on it pays `security_lifted` every month, and no longer bears the ban's sender cost.
    // Relief given is weighed at 0 here, so that the stake and the sender cost are the
    // only terms that move.
    let s = scenario(|raw| {
        quiet(raw);
        raw.payoffs.lithuania.relief_given = Some(0.0);
        raw.lithuania.strategy = WestStrategyName::Engagement;
        raw.lithuania.engagement.step_months = 1;
        for m in &mut raw.measures {
            m.negotiable = Some(m.name == "lt-potash-transit");
        }
    });
    let mut ev = Events::default();
    let o = simulate(&Prepared::new(&s), 1, 0, &mut ev);
    let lifted_in: Vec<u32> =
        ev.0.iter()
            .filter(|(_, e)| matches!(e, Event::MeasureLifted { .. }))
            .map(|(m, _)| *m)
            .collect();
    assert_eq!(lifted_in, vec![1]);
    let still = scenario(|raw| {
        quiet(raw);
        raw.payoffs.lithuania.relief_given = Some(0.0);
        for m in &mut raw.measures {
            m.negotiable = Some(m.name == "lt-potash-transit");
        }
    });
    let h = simulate(&Prepared::new(&still), 1, 0, &mut NoObserver);
    let lt = WestActor::Lithuania.index();
    // From month 1: minus 20 a month for the lifted security measure, plus the 6 a month
    // of the ban's sender cost it no longer bears.
    let dd: f64 = (1..s.horizon_months)
        .map(|m| s.payoffs.discount_per_month.powi(m as i32))
        .sum();
    assert!((o.utility[lt] - h.utility[lt] - (6.0 - 20.0) * dd).abs() < 1e-6);
    // The stake is Lithuania's alone: the US's payoff does not move.
    assert_eq!(o.utility[0], h.utility[0]);
}

/// The EU's active measures at the start of the baseline.
fn eu_active(s: &Scenario) -> u32 {
    s.measures
        .iter()
        .filter(|m| {
            m.actor == WestActor::Eu && m.status == leverage::scenario::MeasureStatus::Active
        })
        .count() as u32
}

#[test]
fn no_measure_lapses_when_the_renewal_veto_probability_is_zero() {
    let s = scenario(|raw| {
        quiet(raw);
        raw.sanctions.unanimity.renewal_veto_probability = 0.0;
    });
    for o in collect(&s, 50, 3, 2) {
        assert_eq!((o.eu_measures_lapsed, o.measures_lifted), (0, 0));
    }
}

#[test]
fn every_eu_measure_lapses_at_the_first_renewal_when_the_veto_is_certain() {
    let s = scenario(|raw| {
        quiet(raw);
        raw.sanctions.unanimity.renewal_veto_probability = 1.0;
    });
    let n = eu_active(&s);
    assert_eq!(n, 7);
    let mut ev = Events::default();
    let o = simulate(&Prepared::new(&s), 5, 0, &mut ev);
    // Five Februaries in 60 months from July 2024; all seven lapse at the first (month 7)
    // and nothing re-imposes them.
    assert_eq!(o.eu_measures_lapsed, n);
    assert_eq!(o.measures_lifted, n);
    let lapsed: Vec<u32> =
        ev.0.iter()
            .filter(|(_, e)| matches!(e, Event::MeasureLapsed { .. }))
            .map(|(m, _)| *m)
            .collect();
    assert_eq!(lapsed, vec![7; n as usize]);
    assert!(o.relief_by_actor[WestActor::Eu.index()] > 0.0);
    assert_eq!(o.relief_by_actor[WestActor::Us.index()], 0.0);
    // Another renewal month moves the lapses there.
    let s = scenario(|raw| {
        quiet(raw);
        raw.sanctions.unanimity.renewal_veto_probability = 1.0;
        raw.sanctions.unanimity.renewal_month = 12;
    });
    let mut ev = Events::default();
    simulate(&Prepared::new(&s), 5, 0, &mut ev);
    assert!(
        ev.0.iter()
            .filter(|(_, e)| matches!(e, Event::MeasureLapsed { .. }))
            .all(|(m, _)| *m == 5)
    );
}

#[test]
fn the_renewal_veto_rate_matches_its_probability() {
    // One renewal (February 2025) in 12 months from July 2024: each run's lapses are
    // Binomial(7, p), so the share lapsed over n runs has standard error
    // sqrt(p (1 - p) / (7 n)).
    let p = 0.3;
    let s = scenario(|raw| {
        raw.time.horizon_months = 12;
        raw.sanctions.unanimity.renewal_veto_probability = p;
    });
    let n = 4000u64;
    let runs = collect(&s, n, 20240701, 2);
    let trials = f64::from(eu_active(&s)) * n as f64;
    let lapsed: f64 = runs.iter().map(|o| f64::from(o.eu_measures_lapsed)).sum();
    let rate = lapsed / trials;
    let se = (p * (1.0 - p) / trials).sqrt();
    assert!((rate - p).abs() < 4.0 * se, "rate {rate}, p {p}, se {se}");
}

#[test]
fn the_unanimity_stream_moves_no_other_draw() {
    // Different renewal months and lift-veto probabilities draw differently from the
    // unanimity stream; with no veto possible everything else is the same, run by run.
    let a = Scenario::bundled("baseline").expect("bundled");
    let b = scenario(|raw| {
        raw.sanctions.unanimity.renewal_month = 7;
        raw.sanctions.unanimity.lift_veto_probability = 0.0;
    });
    let x: Vec<RunOutcome> = collect(&a, 100, 11, 2);
    let y: Vec<RunOutcome> = collect(&b, 100, 11, 2);
    assert_eq!(x, y);
}

/// The baseline with the EU engaging: it lifts one measure a month, from month 1.
fn eu_engages(raw: &mut RawScenario) {
    quiet(raw);
    raw.eu.strategy = WestStrategyName::Engagement;
    raw.eu.engagement.step_months = 1;
}

#[test]
fn the_eu_lifts_only_with_every_members_consent() {
    let free = scenario(eu_engages);
    let o = simulate(&Prepared::new(&free), 1, 0, &mut NoObserver);
    assert!(o.measures_lifted > 0);
    assert_eq!(o.eu_lifts_vetoed, 0);

    // A certain veto: every attempt is blocked, nothing of the EU's is lifted.
    let vetoed = scenario(|raw| {
        eu_engages(raw);
        raw.sanctions.unanimity.lift_veto_probability = 1.0;
    });
    let o = simulate(&Prepared::new(&vetoed), 1, 0, &mut NoObserver);
    assert_eq!(o.measures_lifted, 0);
    assert_eq!(o.relief_granted, 0.0);
    // One attempt a month from month 1 (the EU has negotiable measures throughout).
    assert_eq!(o.eu_lifts_vetoed, free.horizon_months - 1);

    // Lithuania and Poland veto while their benchmarks (comprehensive) are unmet.
    let frontline = scenario(|raw| {
        eu_engages(raw);
        raw.sanctions.unanimity.frontline_veto = true;
    });
    let mut ev = Events::default();
    let o = simulate(&Prepared::new(&frontline), 1, 0, &mut ev);
    assert_eq!(o.measures_lifted, 0);
    assert!(
        ev.0.iter()
            .any(|(_, e)| *e == Event::EuLiftVetoed { frontline: true })
    );
}
