//! The model's mechanisms, end to end through the engine: conservation, closed forms for
//! degenerate cases, statistical checks with tolerances from the standard error, and the
//! cross-check of `bench-core` against `../shared/bench/`.

mod common;

use common::{collect, edited};
use leverage::engine::{MonthRecord, NoObserver, Observer, Prepared, RunOutcome, simulate};
use leverage::scenario::raw::{
    BenchmarkSpec, MeasureStatus, PrisonerClass, RawScenario, RegimeStrategyName, TransitVeto,
    WestStrategyName,
};
use leverage::scenario::{Coordination, DistSpec, Justification, ReleaseMode, Scenario, Selection};
use proptest::prelude::*;

/// The baseline as written, edited, and validated again.
fn scenario(edit: impl FnOnce(&mut RawScenario)) -> Scenario {
    edited("baseline", edit)
}

/// A world without randomness: no arrests, deaths, waves, ceasefire, holiday pardons or
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

#[derive(Default)]
struct Months(Vec<MonthRecord>);

impl Observer for Months {
    fn month(&mut self, r: &MonthRecord) {
        self.0.push(*r);
    }
}

fn one_run(s: &Scenario, seed: u64, run: u64) -> (RunOutcome, Vec<MonthRecord>) {
    let prep = Prepared::new(s);
    let mut months = Months::default();
    let out = simulate(&prep, seed, run, &mut months);
    (out, months.0)
}

fn batch(s: &Scenario, runs: u64, seed: u64, threads: usize) -> Vec<RunOutcome> {
    collect(s, runs, seed, threads)
}

fn mean(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let v: Vec<f64> = xs.collect();
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (m, sd / n.sqrt())
}

fn assert_conserved(o: &RunOutcome, months: &[MonthRecord]) {
    assert_eq!(
        o.initial_stock + o.new_arrests,
        o.final_stock + o.released + o.sentence_completions + o.deaths_in_custody,
        "{o:?}"
    );
    let mut stock = o.initial_stock;
    for r in months {
        stock = stock + r.arrests - r.completions - r.deaths - r.released;
        assert_eq!(stock, r.stock, "month {}", r.month);
    }
    assert!(o.deported <= o.released);
}

#[test]
fn bundled_scenarios_are_valid() {
    for (name, _) in leverage::scenario::BUNDLED {
        assert!(Scenario::bundled(name).is_some(), "{name}");
    }
}

#[test]
fn without_arrests_or_releases_the_stock_falls_exactly_by_completions() {
    let s = scenario(quiet);
    let prep = Prepared::new(&s);
    let initial = prep.initial().clone();
    let (o, months) = one_run(&s, 1, 0);
    assert_eq!(o.initial_stock, 1413);
    for r in &months {
        // After month m, the prisoners who had more than m + 1 months left remain.
        let expected: u64 = (0..s.prisoners.classes.len())
            .map(|c| {
                (r.month + 2..=initial.max_months())
                    .map(|k| initial.cohort(c, k))
                    .sum::<u64>()
            })
            .sum();
        assert_eq!(r.stock, expected, "month {}", r.month);
        assert_eq!(r.deaths + r.arrests + r.released, 0);
    }
    assert_conserved(&o, &months);
}

#[test]
fn with_deaths_only_the_stock_falls_exactly_by_completions_and_deaths() {
    let s = scenario(|r| {
        quiet(r);
        r.prisoners.death_hazard_per_month = 0.01;
    });
    let (o, months) = one_run(&s, 3, 0);
    assert!(o.deaths_in_custody > 0);
    assert_conserved(&o, &months);
}

#[test]
fn initial_stock_follows_its_distribution_exactly() {
    let s = scenario(|r| {
        r.prisoners.classes.truncate(1);
        r.prisoners.classes[0].initial_count = 1000;
        r.prisoners.classes[0].arrest_share = 1.0;
        r.prisoners.initial_remaining = DistSpec::Empirical {
            values: vec![3.0, 10.5, 400.0],
            weights: vec![1.0, 2.0, 1.0],
        };
    });
    let prep = Prepared::new(&s);
    let p = prep.initial();
    assert_eq!(
        (p.cohort(0, 3), p.cohort(0, 10), p.cohort(0, 300)),
        (250, 500, 250)
    );
}

#[test]
fn arrests_mean_within_four_standard_errors_of_the_rate() {
    let s = scenario(|r| {
        r.events.repression_waves.probability_per_month = 0.0;
        r.prisoners.arrests_per_month = 37.5;
    });
    let runs = batch(&s, 4000, 9, 2);
    let (m, _) = mean(runs.iter().map(|o| o.new_arrests as f64));
    // Poisson: the total over 60 months has variance equal to its mean.
    let expected = 37.5 * 60.0;
    let se = (expected / runs.len() as f64).sqrt();
    assert!((m - expected).abs() < 4.0 * se, "{m} vs {expected}");
}

#[test]
fn a_scheduled_wave_adds_its_size_to_arrests() {
    let base = |r: &mut RawScenario| {
        r.events.repression_waves.probability_per_month = 0.0;
        r.events.repression_waves.size = DistSpec::Fixed { value: 600.0 };
        r.events.repression_waves.duration_months = 4;
    };
    let s = scenario(|r| {
        base(r);
        r.events.repression_waves.scheduled = vec!["2025-01".into()];
    });
    let runs = batch(&s, 4000, 9, 2);
    assert!(runs.iter().all(|o| o.repression_waves == 1));
    let (m, _) = mean(runs.iter().map(|o| o.new_arrests as f64));
    let expected = 50.0 * 60.0 + 600.0;
    let se = (expected / runs.len() as f64).sqrt();
    assert!((m - expected).abs() < 4.0 * se, "{m} vs {expected}");
    // The wave's months, and only those, carry the extra 150 a month.
    let s0 = scenario(base);
    let prep = Prepared::new(&s);
    let prep0 = Prepared::new(&s0);
    let mut with = [0.0; 60];
    let mut without = [0.0; 60];
    for run in 0..3000 {
        let mut a = Months::default();
        let mut b = Months::default();
        simulate(&prep, 4, run, &mut a);
        simulate(&prep0, 4, run, &mut b);
        for (m, (x, y)) in a.0.iter().zip(&b.0).enumerate() {
            with[m] += x.arrests as f64 / 3000.0;
            without[m] += y.arrests as f64 / 3000.0;
            // Common random numbers month by month: outside the wave the counts are the
            // very same draws.
            if !(6..10).contains(&m) {
                assert_eq!(x.arrests, y.arrests, "run {run}, month {m}");
            }
        }
    }
    // Month 6 is 2025-01: months 6-9 have the wave.
    for m in 0..60 {
        let extra = with[m] - without[m];
        let want = if (6..10).contains(&m) { 150.0 } else { 0.0 };
        let se = ((50.0 + want) / 3000.0_f64).sqrt() + (50.0 / 3000.0_f64).sqrt();
        assert!((extra - want).abs() < 4.0 * se, "month {m}: {extra}");
    }
}

#[test]
fn releases_take_the_shortest_sentences_first() {
    let s = scenario(|r| {
        quiet(r);
        r.regime.strategy = RegimeStrategyName::Signal;
        r.regime.signal.interval_months = 100;
        r.regime.signal.initial_size = 300;
        r.releases.refusal_probability = 0.0;
    });
    let prep = Prepared::new(&s);
    let p = prep.initial();
    // Month 0: the one-month cohort completes first; then the 300 cheapest go.
    let mut need = 300;
    let mut months_forgiven = 0;
    for k in 2..=p.max_months() {
        let take = need.min(p.cohort(0, k));
        // After a month passes, a prisoner with k months left has k - 1 left.
        months_forgiven += take * u64::from(k - 1);
        need -= take;
    }
    let (o, months) = one_run(&s, 1, 0);
    assert_eq!(o.released, 300);
    assert_eq!(o.prisoner_months_forgiven, months_forgiven);
    assert_eq!(months[0].released, 300);
    // Cheap releases (001): far fewer prisoner-years than the average prisoner carries.
    let mean_left = (1..=p.max_months())
        .map(|k| (p.cohort(0, k) * u64::from(k)) as f64)
        .sum::<f64>()
        / p.class_stock(0) as f64;
    assert!((o.prisoner_months_forgiven as f64 / 300.0) < 0.5 * mean_left);
}

#[test]
fn refused_deportations_stay_in_the_stock() {
    let s = scenario(|r| {
        quiet(r);
        r.regime.strategy = RegimeStrategyName::Signal;
        r.releases.mode = ReleaseMode::Deportation;
        r.releases.refusal_probability = 0.3;
        r.regime.signal.stop_after_unrewarded = 0;
    });
    let runs = batch(&s, 500, 2, 2);
    let (ordered, refused): (u64, u64) = runs.iter().fold((0, 0), |(a, b), o| {
        (
            a + o.released + o.refused_deportation,
            b + o.refused_deportation,
        )
    });
    let share = refused as f64 / ordered as f64;
    let se = (0.3 * 0.7 / ordered as f64).sqrt();
    assert!((share - 0.3).abs() < 4.0 * se, "{share}");
    for o in &runs {
        assert_eq!(o.deported, o.released);
        assert_eq!(
            o.initial_stock,
            o.final_stock + o.released + o.sentence_completions
        );
    }
    let (o, months) = one_run(&s, 2, 7);
    assert_conserved(&o, &months);
}

/// A scenario in which the US and the EU lift potash measures in month 2 (after a
/// release of 50 meets their incremental benchmarks), with Lithuania's transit ban either
/// holding or lifted alongside.
fn potash(lithuania_lifts: bool) -> Scenario {
    scenario(|r| {
        quiet(r);
        r.regime.strategy = RegimeStrategyName::Signal;
        r.regime.signal.initial_size = 50;
        r.releases.refusal_probability = 0.0;
        r.russia.patron.cushion_share = 0.0;
        r.measures.retain(|m| m.sector == "potash");
        for m in &mut r.measures {
            m.negotiable = Some(true);
            m.erosion_half_life_months = Some(f64::INFINITY);
        }
        for w in [&mut r.us, &mut r.eu] {
            w.benchmark = Some(BenchmarkSpec::Incremental { releases: 50 });
            w.release_first.delay_months = 0;
        }
        r.lithuania.benchmark = Some(if lithuania_lifts {
            BenchmarkSpec::Incremental { releases: 50 }
        } else {
            BenchmarkSpec::Comprehensive { quiet_months: 12 }
        });
        r.lithuania.release_first.delay_months = 0;
        r.sanctions.transit_veto = Some(TransitVeto {
            actor: "lithuania".into(),
            sector: "potash".into(),
            relief_share: 0.2,
        });
    })
}

#[test]
fn transit_veto_makes_us_and_eu_potash_relief_worth_its_share() {
    let (vetoed, _) = one_run(&potash(false), 1, 0);
    let (open, _) = one_run(&potash(true), 1, 0);
    let s = potash(false);
    let us_eu: f64 = s
        .measures
        .iter()
        .filter(|m| m.actor.name() != "lithuania")
        .map(|m| m.cost_per_month)
        .sum();
    let lt: f64 = s
        .measures
        .iter()
        .filter(|m| m.actor.name() == "lithuania")
        .map(|m| m.cost_per_month)
        .sum();
    // Lifted in month 0 (the release happens then), relief for all 60 months.
    assert!((vetoed.relief_granted - 0.2 * us_eu * 60.0).abs() < 1e-6);
    assert!((open.relief_granted - (us_eu + lt) * 60.0).abs() < 1e-6);
    assert!(vetoed.relief_granted <= open.relief_granted / 3.0);
}

#[test]
fn erosion_halves_the_bite_at_its_half_life() {
    let s = scenario(|r| {
        quiet(r);
        r.russia.patron.cushion_share = 0.0;
        r.measures.truncate(1);
        r.measures[0].cost_per_month = 100.0;
        r.measures[0].imposed = Some("2024-07".into());
        r.measures[0].erosion_half_life_months = Some(12.0);
        r.sanctions.transit_veto = None;
    });
    let (_, months) = one_run(&s, 1, 0);
    assert!((months[0].sanctions_cost - 100.0).abs() < 1e-9);
    assert!((months[12].sanctions_cost - 50.0).abs() < 1e-9);
    assert!((months[24].sanctions_cost - 25.0).abs() < 1e-9);
}

#[test]
fn the_cushion_shrinks_after_a_ceasefire() {
    let s = scenario(|r| {
        quiet(r);
        r.events.ceasefire_hazard_per_month = 1.0;
        r.russia.patron.cushion_share = 0.5;
        r.russia.patron.cushion_share_after_ceasefire = 0.1;
        r.measures.truncate(1);
        r.measures[0].cost_per_month = 100.0;
        r.measures[0].imposed = Some("2024-07".into());
        r.measures[0].erosion_half_life_months = Some(f64::INFINITY);
        r.sanctions.transit_veto = None;
    });
    let (o, months) = one_run(&s, 1, 0);
    assert_eq!(o.ceasefire_month, Some(0));
    assert!((months[0].sanctions_cost - 90.0).abs() < 1e-9);
    let s = scenario(|r| {
        quiet(r);
        r.russia.patron.cushion_share = 0.5;
        r.measures.truncate(1);
        r.measures[0].cost_per_month = 100.0;
        r.measures[0].imposed = Some("2024-07".into());
        r.measures[0].erosion_half_life_months = Some(f64::INFINITY);
        r.sanctions.transit_veto = None;
    });
    let (o, months) = one_run(&s, 1, 0);
    assert_eq!(o.ceasefire_month, None);
    assert!((months[59].sanctions_cost - 50.0).abs() < 1e-9);
}

#[test]
fn sanctions_first_escalates_while_release_first_holds() {
    let hold = scenario(|r| {
        r.eu.strategy = WestStrategyName::ReleaseFirst;
    });
    let press = scenario(|r| {
        r.eu.strategy = WestStrategyName::SanctionsFirst;
        r.eu.sanctions_first.arrest_trigger = 10_000;
    });
    let (a, _) = one_run(&hold, 5, 0);
    let (b, _) = one_run(&press, 5, 0);
    assert_eq!(a.packages_imposed, 0);
    // Three EU reserve packages, one every 11 months from the start.
    assert_eq!(b.packages_imposed, 3);
    assert!(b.sanctions_cost > a.sanctions_cost);
}

#[test]
fn policy_does_not_shift_the_world() {
    // Common random numbers: arrests and events are the same run by run whatever the
    // policy, so paired comparisons measure policy, not luck.
    let a = scenario(|r| r.eu.strategy = WestStrategyName::ReleaseFirst);
    let b = scenario(|r| {
        r.eu.strategy = WestStrategyName::SanctionsFirst;
        r.regime.strategy = RegimeStrategyName::Hold;
        r.releases.mode = ReleaseMode::Deportation;
    });
    let (ra, rb) = (batch(&a, 300, 11, 2), batch(&b, 300, 11, 2));
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!(x.new_arrests, y.new_arrests);
        assert_eq!(x.repression_waves, y.repression_waves);
        assert_eq!(x.ceasefire_month, y.ceasefire_month);
    }
    assert!(ra.iter().zip(&rb).all(|(x, y)| x.released > y.released));
}

#[test]
fn aligned_coordination_denies_relief_from_one_side_alone() {
    let make = |coordination| {
        scenario(|r| {
            quiet(r);
            r.regime.strategy = RegimeStrategyName::Signal;
            r.regime.signal.stop_after_unrewarded = 0;
            r.us.benchmark = Some(BenchmarkSpec::Incremental { releases: 100 });
            r.eu.benchmark = Some(BenchmarkSpec::Comprehensive { quiet_months: 6 });
            r.west.coordination = coordination;
        })
    };
    let (divided, _) = one_run(&make(Coordination::Divided), 1, 0);
    let (aligned, _) = one_run(&make(Coordination::Aligned), 1, 0);
    assert!(divided.measures_lifted > 0);
    assert!(divided.relief_granted > 0.0);
    assert_eq!(aligned.measures_lifted, 0);
    assert_eq!(aligned.relief_granted, 0.0);
}

#[test]
fn months_to_target_is_the_first_month_below_the_target() {
    let s = scenario(|r| {
        quiet(r);
        r.prisoners.target_stock = 1000;
    });
    let (o, months) = one_run(&s, 1, 0);
    let first = months.iter().find(|r| r.stock < 1000).unwrap().month + 1;
    assert_eq!(o.months_to_target, Some(first));
    let never = scenario(|r| {
        quiet(r);
        r.prisoners.target_stock = 0;
    });
    assert_eq!(one_run(&never, 1, 0).0.months_to_target, None);
}

#[test]
fn same_seed_same_runs_at_any_thread_count_and_different_seeds_differ() {
    let s = Scenario::bundled("baseline").unwrap();
    let one = batch(&s, 1500, 42, 1);
    let two = batch(&s, 1500, 42, 2);
    assert_eq!(one, two);
    let other = batch(&s, 1500, 43, 2);
    assert_ne!(one, other);
}

#[test]
fn bench_core_means_agree_with_the_reference_within_two_percent() {
    // ../shared/bench/README.md: reference loop, 200,000 runs.
    let s = Scenario::bundled("bench-core").unwrap();
    let runs = batch(&s, 20_000, 7, 2);
    for (name, want, got) in [
        (
            "final stock",
            2444.0,
            mean(runs.iter().map(|o| o.final_stock as f64)),
        ),
        (
            "released",
            840.0,
            mean(runs.iter().map(|o| o.released as f64)),
        ),
        (
            "arrests",
            3000.0,
            mean(runs.iter().map(|o| o.new_arrests as f64)),
        ),
        (
            "deaths",
            7.6,
            mean(runs.iter().map(|o| o.deaths_in_custody as f64)),
        ),
    ] {
        assert!(
            (got.0 / want - 1.0).abs() < 0.02,
            "{name}: {} vs {want}",
            got.0
        );
    }
}

fn arb_dist() -> impl Strategy<Value = DistSpec> {
    prop_oneof![
        (0.0f64..400.0).prop_map(|value| DistSpec::Fixed { value }),
        (0.0f64..50.0, 0.0f64..200.0).prop_map(|(low, w)| DistSpec::Uniform { low, high: low + w }),
        (0.5f64..200.0, 0.0f64..2.0)
            .prop_map(|(median, sigma)| DistSpec::Lognormal { median, sigma }),
        prop::collection::vec((0.0f64..500.0, 0.0f64..5.0), 1..6).prop_map(|vw| {
            let (values, mut weights): (Vec<f64>, Vec<f64>) = vw.into_iter().unzip();
            weights[0] += 0.1;
            DistSpec::Empirical { values, weights }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn prisoners_are_conserved_in_random_valid_scenarios(
        arrests in 0.0f64..400.0,
        hazard in 0.0f64..0.2,
        refusal in 0.0f64..=1.0,
        horizon in 1u32..120,
        max_sentence in 1u32..400,
        prominent in 0u64..200,
        ordinary in 0u64..3000,
        share in 0.0f64..=1.0,
        sentence in arb_dist(),
        remaining in arb_dist(),
        selection in prop_oneof![
            Just(Selection::ShortestRemaining),
            Just(Selection::LongestRemaining),
            Just(Selection::Random)
        ],
        deport in any::<bool>(),
        size in 0u64..300,
        interval in 1u32..6,
        growth in 0.0f64..3.0,
        wave_p in 0.0f64..0.5,
        hold in any::<bool>(),
        escalate in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let s = scenario(|r| {
            r.time.horizon_months = horizon;
            r.prisoners.arrests_per_month = arrests;
            r.prisoners.death_hazard_per_month = hazard;
            r.prisoners.max_sentence_months = max_sentence;
            r.prisoners.sentence = sentence;
            r.prisoners.initial_remaining = remaining;
            r.prisoners.classes = vec![
                PrisonerClass {
                    name: "ordinary".into(),
                    initial_count: ordinary,
                    arrest_share: share,
                    value_to_west: 1.0,
                    value_to_regime: 1.0,
                    initial_remaining: None,
                    sentence: None,
                },
                PrisonerClass {
                    name: "prominent".into(),
                    initial_count: prominent,
                    arrest_share: 1.0 - share,
                    value_to_west: 10.0,
                    value_to_regime: 10.0,
                    initial_remaining: None,
                    sentence: None,
                },
            ];
            r.releases.selection = selection;
            r.releases.mode = if deport { ReleaseMode::Deportation } else { ReleaseMode::Home };
            r.releases.refusal_probability = refusal;
            r.regime.strategy = if hold { RegimeStrategyName::Hold } else { RegimeStrategyName::Signal };
            r.regime.signal.initial_size = size;
            r.regime.signal.interval_months = interval;
            r.regime.signal.growth = growth;
            r.events.repression_waves.probability_per_month = wave_p;
            r.us.benchmark = Some(BenchmarkSpec::Incremental { releases: 100 });
            if escalate {
                r.eu.strategy = WestStrategyName::SanctionsFirst;
                r.eu.sanctions_first.package_interval_months = 2;
            }
            for m in &mut r.measures {
                if m.status == MeasureStatus::Reserve {
                    m.justification = Justification::Repression;
                }
            }
        });
        let prep = Prepared::new(&s);
        for run in 0..3 {
            let mut months = Months::default();
            let o = simulate(&prep, seed, run, &mut months);
            assert_conserved(&o, &months.0);
            prop_assert_eq!(months.0.len() as u32, horizon);
            prop_assert!(o.sanctions_cost.is_finite() && o.sanctions_cost >= 0.0);
            prop_assert!(o.relief_granted.is_finite() && o.relief_granted >= 0.0);
            prop_assert_eq!(o, simulate(&prep, seed, run, &mut NoObserver));
        }
    }
}

fn arrest_period(from: &str, rate: f64) -> leverage::scenario::ArrestPeriod {
    leverage::scenario::ArrestPeriod {
        from: from.into(),
        arrests_per_month: rate,
        sentence: None,
    }
}

#[test]
fn arrests_follow_the_period_in_force() {
    // Baseline starts 2024-07: 50 a month for a year, 200 from 2025-07, 10 from 2026-07.
    let s = scenario(|r| {
        quiet(r);
        r.prisoners.arrests_per_month = 50.0;
        r.prisoners.arrest_periods = vec![
            arrest_period("2025-07", 200.0),
            arrest_period("2026-07", 10.0),
        ];
    });
    assert_eq!(s.prisoners.usual_arrests(11), 50.0);
    assert_eq!(s.prisoners.usual_arrests(12), 200.0);
    assert_eq!(s.prisoners.usual_arrests(59), 10.0);
    let runs = 200;
    let mut sums = [(0.0f64, 0.0f64); 3];
    for run in 0..runs {
        let (o, months) = one_run(&s, 11, run);
        assert_conserved(&o, &months);
        for r in &months {
            let period = &mut sums[(r.month / 12).min(2) as usize];
            period.0 += r.arrests as f64;
            period.1 += 1.0;
        }
    }
    // Poisson: the mean of n months has a standard error of sqrt(rate / n).
    for ((sum, n), rate) in sums.iter().zip([50.0, 200.0, 10.0]) {
        let mean = sum / n;
        let se = (rate / n).sqrt();
        assert!((mean - rate).abs() < 4.0 * se, "mean {mean}, rate {rate}");
    }
}

#[test]
fn an_arrest_period_begun_before_the_start_applies_from_the_start() {
    let s = scenario(|r| {
        r.prisoners.arrest_periods = vec![
            arrest_period("2020-01", 90.0),
            arrest_period("2023-01", 60.0),
            arrest_period("2025-01", 40.0),
        ];
    });
    assert_eq!(s.prisoners.usual_arrests(0), 60.0);
    assert_eq!(s.prisoners.usual_arrests(5), 60.0);
    assert_eq!(s.prisoners.usual_arrests(6), 40.0);
}

/// A world of new convictions only, from the baseline's start (2024-07): 80 arrests a
/// month, no one held at the start, a fixed sentence of 3 months, and from 2025-07
/// (month 12) an arrest period whose convictions get `period_sentence`.
fn convictions_only(period_sentence: Option<DistSpec>) -> Scenario {
    scenario(|r| {
        quiet(r);
        r.prisoners.arrests_per_month = 80.0;
        r.prisoners.sentence = DistSpec::Fixed { value: 3.0 };
        r.prisoners.arrest_periods = vec![leverage::scenario::ArrestPeriod {
            sentence: period_sentence,
            ..arrest_period("2025-07", 80.0)
        }];
        for class in &mut r.prisoners.classes {
            class.initial_count = 0;
            class.sentence = None;
        }
        r.time.horizon_months = 60;
    })
}

/// Month `t`'s completions are the arrests of the month `lag(t)` months before, for
/// every month: the exact timing of fixed sentences.
fn completions_lag_arrests(months: &[MonthRecord], lag: impl Fn(usize) -> Option<usize>) -> bool {
    months.iter().enumerate().all(|(t, r)| {
        let due: u64 = months
            .iter()
            .enumerate()
            .filter(|(a, _)| lag(*a).is_some_and(|l| a + l == t))
            .map(|(_, x)| x.arrests)
            .sum();
        r.completions == due
    })
}

#[test]
fn an_arrest_period_sentences_its_own_convictions() {
    let s = convictions_only(Some(DistSpec::Fixed { value: 30.0 }));
    assert_eq!(s.prisoners.arrest_periods.len(), 1);
    let mut lags_found = 0;
    for run in 0..5 {
        let (o, months) = one_run(&s, 7, run);
        assert_conserved(&o, &months);
        assert!(o.new_arrests > 0);
        // Convictions before month 12 serve 3 months, from month 12 on 30: whatever the
        // engine's lag L of a 3-month sentence, a 30-month one takes L + 27.
        let lag = (1..=5)
            .find(|&l| completions_lag_arrests(&months, |a| Some(if a < 12 { l } else { l + 27 })))
            .expect("completions follow each period's own fixed sentence");
        // The same lag as when every conviction serves 3 months.
        let (_, plain) = one_run(&convictions_only(None), 7, run);
        assert!(completions_lag_arrests(&plain, |_| Some(lag)));
        lags_found += 1;
    }
    assert_eq!(lags_found, 5);
}

#[test]
fn a_class_with_its_own_sentence_keeps_it_in_a_period_with_one() {
    let own = DistSpec::Fixed { value: 100.0 };
    let period = DistSpec::Fixed { value: 30.0 };
    let s = scenario(|r| {
        r.prisoners.classes[1].sentence = Some(own.clone());
        r.prisoners.classes[0].sentence = None;
        r.prisoners.arrest_periods = vec![
            leverage::scenario::ArrestPeriod {
                sentence: Some(period.clone()),
                ..arrest_period("2025-07", 80.0)
            },
            arrest_period("2026-07", 60.0),
        ];
    });
    let by_class = s.prisoners.arrest_periods[0].sentences.as_ref().unwrap();
    assert_eq!(by_class[0], period);
    assert_eq!(by_class[1], own);
    assert!(s.prisoners.arrest_periods[1].sentences.is_none());
}

#[test]
fn rejects_a_bad_arrest_period_sentence() {
    let mut raw = common::raw("baseline");
    raw.prisoners.arrest_periods = vec![leverage::scenario::ArrestPeriod {
        sentence: Some(DistSpec::Lognormal {
            median: -3.0,
            sigma: 0.8,
        }),
        ..arrest_period("2026-01", 60.0)
    }];
    let text = toml::to_string(&raw).unwrap();
    let e = Scenario::from_toml(&text, "periods.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`prisoners.arrest_periods[0].sentence.median`"),
        "{e}"
    );
}

#[test]
fn rejects_arrest_periods_out_of_order_or_negative() {
    let mut raw = common::raw("baseline");
    raw.prisoners.arrest_periods = vec![
        arrest_period("2026-01", 60.0),
        arrest_period("2025-01", -1.0),
        arrest_period("2025-13", 10.0),
    ];
    let text = toml::to_string(&raw).unwrap();
    let e = Scenario::from_toml(&text, "periods.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`prisoners.arrest_periods[1].from` 2025-01 must come after"),
        "{e}"
    );
    assert!(
        e.contains("`prisoners.arrest_periods[1].arrests_per_month` must be a number in [0"),
        "{e}"
    );
    assert!(e.contains("`prisoners.arrest_periods[2].from`"), "{e}");
}
