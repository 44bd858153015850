//! The bundled scenario library: every file in `scenarios/` validates, and each one shows
//! the sequence of MODEL.md ("Sequences the scenarios must show", "Competing hypotheses")
//! it is named for, in batches run in-process on a fixed seed.
//!
//! Tolerances were checked on two other seeds; each assertion's comment gives the values
//! measured on the three.

mod common;

use common::{collect, edited, raw};
use leverage::engine::{Event, MonthRecord, Observer, Prepared, RunOutcome, simulate};
use leverage::scenario::raw::{RegimeStrategyName, Selection};
use leverage::scenario::{BUNDLED, Scenario, WestStrategyName};
use std::path::Path;

/// The seed of every batch here.
const SEED: u64 = 20240701;
/// Runs per batch.
const RUNS: u64 = 300;

fn bundled(name: &str) -> Scenario {
    Scenario::bundled(name).unwrap_or_else(|| panic!("{name} is bundled"))
}

/// The US and the EU on `strategy`: the headline comparison's one edit.
fn west_on(name: &str, strategy: WestStrategyName) -> Scenario {
    edited(name, |r| {
        r.us.strategy = strategy;
        r.eu.strategy = strategy;
    })
}

fn batch(s: &Scenario) -> Vec<RunOutcome> {
    collect(s, RUNS, SEED, 2)
}

fn mean(runs: &[RunOutcome], f: impl Fn(&RunOutcome) -> f64) -> f64 {
    runs.iter().map(f).sum::<f64>() / runs.len() as f64
}

fn share(runs: &[RunOutcome], f: impl Fn(&RunOutcome) -> bool) -> f64 {
    runs.iter().filter(|o| f(o)).count() as f64 / runs.len() as f64
}

fn median(runs: &[RunOutcome], f: impl Fn(&RunOutcome) -> f64) -> f64 {
    let mut v: Vec<f64> = runs.iter().map(f).collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[derive(Default)]
struct Log {
    months: Vec<MonthRecord>,
    events: Vec<(u32, Event)>,
}

impl Observer for Log {
    fn month(&mut self, r: &MonthRecord) {
        self.months.push(*r);
    }
    fn event(&mut self, month: u32, e: &Event) {
        self.events.push((month, e.clone()));
    }
}

/// Runs `0..runs` of the batch seeded with [`SEED`], one at a time, with their months and
/// events.
fn traced(s: &Scenario, runs: u64) -> Vec<(RunOutcome, Log)> {
    let prep = Prepared::new(s);
    (0..runs)
        .map(|run| {
            let mut log = Log::default();
            let o = simulate(&prep, SEED, run, &mut log);
            (o, log)
        })
        .collect()
}

#[test]
fn every_scenario_file_validates_and_is_bundled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        files += 1;
        let s = Scenario::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(
            s.name,
            stem,
            "{} names itself after its file",
            path.display()
        );
        let (_, text) = BUNDLED
            .iter()
            .find(|(n, _)| *n == stem)
            .unwrap_or_else(|| panic!("{stem} is in BUNDLED"));
        assert_eq!(*text, std::fs::read_to_string(&path).unwrap());
    }
    assert_eq!(files, BUNDLED.len());
    assert_eq!(BUNDLED[0].0, "baseline");
    for (name, _) in BUNDLED {
        assert_eq!(bundled(name).name, *name);
    }
}

#[test]
fn the_headline_pair_differs_only_in_the_us_and_eu_strategies() {
    let normal = |name: &str| {
        let mut r = raw(name);
        r.name.clear();
        r.description.clear();
        r.us.strategy = WestStrategyName::ReleaseFirst;
        r.eu.strategy = WestStrategyName::ReleaseFirst;
        toml::to_string(&r).unwrap()
    };
    assert_eq!(normal("release-first"), normal("sanctions-first"));
    let rf = bundled("release-first");
    let sf = bundled("sanctions-first");
    assert_eq!(rf.west[0].strategy, WestStrategyName::ReleaseFirst);
    assert_eq!(sf.west[1].strategy, WestStrategyName::SanctionsFirst);
}

/// Under the baseline's signalling regime, which answers relief and not pressure,
/// sanctions-first costs the regime more and frees exactly as many as release-first.
#[test]
fn sanctions_first_adds_packages_but_frees_no_more_than_release_first_in_the_baseline() {
    let rf = batch(&bundled("release-first"));
    let sf = batch(&bundled("sanctions-first"));
    for (a, b) in rf.iter().zip(&sf) {
        assert_eq!(a.released, b.released, "run {}", a.run);
        assert_eq!(a.packages_imposed, 0);
        assert!(b.packages_imposed > 0, "run {}", b.run);
        assert!(b.sanctions_cost > a.sanctions_cost, "run {}", b.run);
        assert_eq!(a.relief_granted + b.relief_granted, 0.0);
    }
    // Seeds 20240701, 1, 2: released 524 in both; 5.0 packages; net cost 8,007/8,986,
    // 8,047/9,027, 8,027/9,010.
    eprintln!(
        "release-first/sanctions-first: released {:.0}/{:.0}, packages {:.1}, cost {:.0}/{:.0}",
        mean(&rf, |o| o.released as f64),
        mean(&sf, |o| o.released as f64),
        mean(&sf, |o| f64::from(o.packages_imposed)),
        mean(&rf, |o| o.sanctions_cost),
        mean(&sf, |o| o.sanctions_cost),
    );
}

/// Pressure works (002, 003): under sustained pressure the West holds enough relief to buy
/// the 1,300 releases it asks for, and release-first's eroding measures never do; the paid
/// relief then raises arrests (the hostage incentive), within its bound.
#[test]
fn under_pressure_works_sanctions_first_frees_far_more_than_release_first() {
    let rf = batch(&bundled("pressure-works"));
    let sf = batch(&west_on("pressure-works", WestStrategyName::SanctionsFirst));
    let released = (
        mean(&rf, |o| o.released as f64),
        mean(&sf, |o| o.released as f64),
    );
    let dealt = (share(&rf, |o| o.deals > 0), share(&sf, |o| o.deals > 0));
    let years = (
        mean(&rf, |o| o.prisoner_months_forgiven as f64 / 12.0),
        mean(&sf, |o| o.prisoner_months_forgiven as f64 / 12.0),
    );
    let arrests = (
        mean(&rf, |o| o.new_arrests as f64),
        mean(&sf, |o| o.new_arrests as f64),
    );
    eprintln!(
        "pressure-works rf/sf: released {released:?}, share with a deal {dealt:?}, \
         prisoner-years {years:?}, arrests {arrests:?}"
    );
    // Seeds 20240701, 1, 2: released 370/1,403, 395/1,409, 325/1,396.
    assert!(released.1 > released.0 + 600.0, "{released:?}");
    // Share of runs with a deal: 0.05/1.00, 0.06/1.00, 0.01/1.00 (release-first deals
    // only in runs where an early ceasefire shrinks the cushion and raises what its
    // measures are worth to the regime).
    assert!(dealt.1 > 0.9 && dealt.0 < 0.2, "{dealt:?}");
    // Prisoner-years: 103/1,741, 129/1,729, 54/1,748.
    assert!(years.1 > 5.0 * years.0, "{years:?}");
    // The relief delivered raises arrests, by at most one per prisoner traded
    // (`hostage_max_arrests_per_prisoner`), fading with a half-life of a year: 3,237/3,390
    // at seed 20240701 (before the bound and the fading, the last price multiplied every
    // later arrest: about 300 more).
    let traded = released.1 - released.0;
    assert!(arrests.1 > arrests.0 + 50.0, "{arrests:?}");
    assert!(
        arrests.1 - arrests.0 < traded + 100.0,
        "{arrests:?} for {traded}"
    );
}

/// Pressure fails (004; Peksen, Wood): sanctions-first frees no one more than release-first,
/// and its pressure adds arrests; dealing without preconditions frees more than either.
#[test]
fn under_pressure_fails_sanctions_first_frees_no_more_and_adds_arrests() {
    let rf = batch(&bundled("pressure-fails"));
    let sf = batch(&west_on("pressure-fails", WestStrategyName::SanctionsFirst));
    let engaged = batch(&west_on("pressure-fails", WestStrategyName::Engagement));
    for (a, b) in rf.iter().zip(&sf) {
        assert!(b.released <= a.released, "run {}", a.run);
        assert!(b.packages_imposed > 0, "run {}", b.run);
    }
    let arrests = (
        mean(&rf, |o| o.new_arrests as f64),
        mean(&sf, |o| o.new_arrests as f64),
    );
    let stock = (
        mean(&rf, |o| o.final_stock as f64),
        mean(&sf, |o| o.final_stock as f64),
    );
    let released = (
        mean(&rf, |o| o.released as f64),
        mean(&engaged, |o| o.released as f64),
    );
    eprintln!(
        "pressure-fails rf/sf: arrests {arrests:?}, final stock {stock:?}; \
         released rf/engagement {released:?}"
    );
    // Seeds 20240701, 1, 2: arrests 3,446/3,495, 3,425/3,473, 3,437/3,485; final stock
    // 1,475/1,497, 1,463/1,485, 1,476/1,498.
    assert!(arrests.1 > arrests.0 + 20.0, "{arrests:?}");
    assert!(stock.1 > stock.0 + 10.0, "{stock:?}");
    // Released, release-first/engagement: 300/380, 300/380, 300/378.
    assert!(released.1 > released.0 + 40.0, "{released:?}");
}

/// Reciprocal: relief step for step, re-imposed after an arrest surge, and only then.
#[test]
fn reciprocal_relief_comes_step_for_step_and_is_reimposed_on_arrest_surges() {
    let rf = batch(&bundled("release-first"));
    let rc = batch(&bundled("reciprocal"));
    let released = (
        mean(&rf, |o| o.released as f64),
        mean(&rc, |o| o.released as f64),
    );
    let reimposed = share(&rc, |o| o.measures_reimposed > 0);
    eprintln!(
        "reciprocal: released rf/reciprocal {released:?}, lifted {:.1}, reimposed {:.1}, \
         share with a re-imposition {reimposed:.2}",
        mean(&rc, |o| f64::from(o.measures_lifted)),
        mean(&rc, |o| f64::from(o.measures_reimposed)),
    );
    assert!(rc.iter().all(|o| o.measures_lifted > 0));
    // Rewarded, the regime's signals grow. Seeds 20240701, 1, 2: 524 against 1,496,
    // 1,468, 1,486; a re-imposition in 0.78, 0.71, 0.79 of runs.
    assert!(released.1 > 2.0 * released.0, "{released:?}");
    assert!(reimposed > 0.5, "{reimposed}");
    let s = bundled("reciprocal");
    let trigger = s.west[0].reciprocal.arrest_trigger;
    for (o, log) in traced(&s, 40) {
        for (m, e) in &log.events {
            if let Event::MeasureReimposed { .. } = e {
                let arrests = log.months[*m as usize].arrests;
                assert!(arrests >= trigger, "run {} month {m}: {arrests}", o.run);
            }
        }
    }
}

/// Divide and trade (002): the regime deals with the transactional US while the EU, holding
/// out for everyone, grants nothing.
#[test]
fn divided_the_regime_trades_with_the_us_while_the_eu_grants_nothing() {
    let runs = batch(&bundled("divided"));
    let dealt = share(&runs, |o| o.deals > 0);
    eprintln!(
        "divided: share with a deal {dealt:.2}, deals {:.2}, US relief {:.0}, deported {:.1}",
        mean(&runs, |o| f64::from(o.deals)),
        mean(&runs, |o| o.relief_by_actor[0]),
        mean(&runs, |o| o.deported as f64),
    );
    // Seeds 20240701, 1, 2: a deal in 0.96 of runs on each.
    assert!(dealt > 0.8, "{dealt}");
    assert!(runs.iter().all(|o| o.relief_by_actor[1] == 0.0), "the EU");
    assert!(runs.iter().all(|o| o.relief_by_actor[0] > 0.0), "the US");
    assert!(mean(&runs, |o| o.deported as f64) > 0.0);
}

/// The split decides how much relief a release buys (issue 14): in `divided`, the regime's
/// Nash bargaining power from 0 to 1 moves the relief granted by at least 25%, on the
/// same runs, the lower end of the paired difference's 99.9% interval included; and every
/// deal's price rises with it.
#[test]
fn bargaining_power_moves_the_relief_granted_in_divided() {
    let at = |power: f64| {
        edited("divided", |r| {
            r.bargaining.protocol = leverage::model::bargain::Protocol::Nash { power };
        })
    };
    let (weak, strong) = (at(0.0), at(1.0));
    let runs = 1000;
    let base = mean(&collect(&weak, runs, SEED, 2), |o| o.relief_granted);
    let (diff, se) = common::paired(&weak, &strong, runs, SEED, |o| o.relief_granted);
    eprintln!("divided: relief {base:.1} at power 0, {diff:+.1} (se {se:.1}) at power 1");
    assert!(
        diff - 3.3 * se >= 0.25 * base,
        "relief {base:.1} moved by {diff:.1} (se {se:.1})"
    );
}

/// Aligned (002: "Effective pressure requires alignment"): the same regime and US cannot
/// trade without the EU.
#[test]
fn aligned_no_run_has_us_relief_without_eu_relief() {
    let divided = batch(&bundled("divided"));
    let aligned = batch(&bundled("aligned"));
    assert!(
        aligned
            .iter()
            .all(|o| o.relief_by_actor[0] == 0.0 || o.relief_by_actor[1] > 0.0)
    );
    assert!(aligned.iter().all(|o| o.deals == 0));
    // The same seed, divided: the US gives relief in every run.
    assert!(divided.iter().all(|o| o.relief_by_actor[0] > 0.0));
}

/// Revolving door (002): releases come, new arrests match them, the stock does not fall.
#[test]
fn revolving_door_releases_while_the_stock_holds() {
    let rd = batch(&bundled("revolving-door"));
    let qpq = batch(&edited("revolving-door", |r| {
        r.regime.strategy = RegimeStrategyName::QuidProQuo;
    }));
    let initial = rd[0].initial_stock as f64;
    let released = mean(&rd, |o| o.released as f64);
    let final_median = median(&rd, |o| o.final_stock as f64);
    let extra_arrests = mean(&rd, |o| o.new_arrests as f64) - mean(&qpq, |o| o.new_arrests as f64);
    let stock = (
        mean(&qpq, |o| o.final_stock as f64),
        mean(&rd, |o| o.final_stock as f64),
    );
    eprintln!(
        "revolving-door: released {released:.0}, median final stock {final_median:.0} of \
         {initial:.0}, extra arrests {extra_arrests:.0}, final stock qpq/rd {stock:?}"
    );
    // Seeds 20240701, 1, 2: released 360, 364, 358; median final stock 1,505, 1,497,
    // 1,500 of 1,413.
    assert!(released > 100.0, "{released}");
    assert!(final_median > 0.9 * initial, "{final_median}");
    // One re-arrest per release: 360, 365, 357 extra arrests; final stock 124-125 above
    // the same regime without re-arrests.
    assert!(
        extra_arrests > 0.8 * released,
        "{extra_arrests} for {released}"
    );
    assert!(stock.1 > stock.0 + 50.0, "{stock:?}");
}

/// Transit veto (003): US and EU potash relief is worth a fifth while Lithuania's ban holds.
#[test]
fn transit_veto_us_and_eu_relief_is_worth_little_while_lithuania_holds() {
    let veto = batch(&bundled("transit-veto"));
    let lifts = batch(&bundled("transit-veto-lithuania-lifts"));
    let total = (
        mean(&veto, |o| o.relief_granted),
        mean(&lifts, |o| o.relief_granted),
    );
    let us_eu = |runs: &[RunOutcome]| mean(runs, |o| o.relief_by_actor[0] + o.relief_by_actor[1]);
    let ratio = us_eu(&veto) / us_eu(&lifts);
    eprintln!("transit-veto: relief veto/lifts {total:?}, US and EU ratio {ratio:.3}");
    // Seeds 20240701, 1, 2: total relief 185/2,001, 186/2,010, 186/2,007.
    assert!(total.0 <= total.1 / 3.0, "{total:?}");
    // The veto's relief_share is 0.2: 0.202 on each seed.
    assert!(ratio > 0.15 && ratio < 0.3, "{ratio}");
    assert!(veto.iter().all(|o| o.relief_by_actor[2] == 0.0));
    assert!(lifts.iter().all(|o| o.relief_by_actor[2] > 0.0));
}

/// Pre-election releases and relief (004; data/README.md, fact 5): releases cluster in the
/// months before each election, and relief follows the tranche two months later.
#[test]
fn election_cycle_releases_cluster_before_elections_and_relief_follows() {
    let s = bundled("election-cycle");
    let elections: Vec<u32> = s
        .events
        .elections
        .iter()
        .map(|e| e.months_since(s.start) as u32)
        .collect();
    assert_eq!(elections, [6, 66], "both elections inside the horizon");
    let lead = s.regime.election_cycle.lead_months;
    let before = |m: u32| elections.iter().any(|e| m < *e && m + lead >= *e);
    let (mut inside, mut outside) = ((0.0, 0.0), (0.0, 0.0));
    for (o, log) in traced(&s, 100) {
        let mut cumulative = 0;
        let mut met = None;
        for r in &log.months {
            let slot = if before(r.month) {
                &mut inside
            } else {
                &mut outside
            };
            slot.0 += r.released as f64;
            slot.1 += 1.0;
            cumulative += r.released;
            if met.is_none() && cumulative >= 200 {
                met = Some(r.month);
            }
        }
        let met = met.unwrap();
        let relief = log.months.iter().find(|r| r.relief > 0.0).unwrap().month;
        assert!(
            met < elections[0],
            "run {}: tranche met before the election",
            o.run
        );
        assert_eq!(relief, met + 2, "run {}: relief two months after", o.run);
    }
    let (inside, outside) = (inside.0 / inside.1, outside.0 / outside.1);
    eprintln!("election-cycle: released a month {inside:.1} before elections, {outside:.1} else");
    // 40.0 against 4.0 on all three seeds.
    assert!(inside > 4.0 * outside, "{inside} vs {outside}");
}

/// Ceasefire (001, 004): channels open more often and Russia's cushion shrinks.
#[test]
fn ceasefire_opens_more_channels_and_leaves_the_regime_more_of_the_cost() {
    let channels = |s: &Scenario| {
        let runs = traced(s, 200);
        let opened = runs
            .iter()
            .map(|(_, log)| {
                log.events
                    .iter()
                    .filter(|(_, e)| matches!(e, Event::ChannelOpened(_)))
                    .count() as f64
            })
            .sum::<f64>()
            / runs.len() as f64;
        let outcomes: Vec<RunOutcome> = runs.into_iter().map(|(o, _)| o).collect();
        (opened, outcomes)
    };
    let (base_channels, base) = channels(&bundled("baseline"));
    let (cf_channels, cf) = channels(&bundled("ceasefire"));
    assert!(cf.iter().all(|o| o.ceasefire_month == Some(0)));
    let cost = (
        mean(&base, |o| o.sanctions_cost),
        mean(&cf, |o| o.sanctions_cost),
    );
    eprintln!("ceasefire: channels {base_channels:.1}/{cf_channels:.1}, net cost {cost:?}");
    // Channels opened per run, seeds 20240701, 1, 2: 45.3/64.8, 45.1/64.5, 46.3/65.0 (the
    // baseline's ceasefire comes too, in about 70% of runs, later).
    assert!(
        cf_channels > 1.3 * base_channels,
        "{base_channels} vs {cf_channels}"
    );
    // The cushion falls from 40% to 20%: net cost 7,985, 7,989, 8,041 against 9,507.
    assert!(cost.1 > 1.1 * cost.0, "{cost:?}");
}

/// Deadlock (000): the regime wants relief first, the West releases first: no deal.
#[test]
fn deadlock_no_deals_and_many_months_of_deadlock() {
    let runs = batch(&bundled("deadlock"));
    let pardons = bundled("deadlock").regime.holiday_pardons * 15;
    for o in &runs {
        assert_eq!(o.deals, 0, "run {}", o.run);
        assert!(o.months_to_first_deal.is_none());
        assert_eq!(o.relief_granted, 0.0);
        assert!(
            o.released <= pardons,
            "only holiday pardons: {}",
            o.released
        );
    }
    let deadlock = mean(&runs, |o| f64::from(o.deadlock_months));
    eprintln!("deadlock: {deadlock:.1} months of deadlock");
    // Seeds 20240701, 1, 2: 33.4, 33.4, 33.5.
    assert!(deadlock > 20.0, "{deadlock}");
}

/// Cheap releases (001): the shortest sentences go first, so many are freed and little
/// prison time is given up; the same headcount drawn at random would empty the prisons.
#[test]
fn cheap_releases_headcount_up_prisoner_years_small() {
    let s = bundled("cheap-releases");
    let prep = Prepared::new(&s);
    let stock = prep.initial();
    let (mut held, mut months) = (0.0, 0.0);
    for c in 0..s.prisoners.classes.len() {
        for k in 0..=stock.max_months() {
            let n = stock.cohort(c, k) as f64;
            held += n;
            months += n * f64::from(k);
        }
    }
    let mean_remaining = months / held;
    let per_release = |runs: &[RunOutcome]| {
        runs.iter()
            .map(|o| o.prisoner_months_forgiven as f64)
            .sum::<f64>()
            / runs.iter().map(|o| o.released as f64).sum::<f64>()
    };
    let cheap = batch(&s);
    let random = batch(&edited("cheap-releases", |r| {
        r.releases.selection = Selection::Random;
    }));
    let baseline = batch(&bundled("baseline"));
    let released = (
        mean(&baseline, |o| o.released as f64),
        mean(&cheap, |o| o.released as f64),
    );
    let stock = (
        mean(&cheap, |o| o.final_stock as f64),
        mean(&random, |o| o.final_stock as f64),
    );
    eprintln!(
        "cheap-releases: released baseline/cheap {released:?}, months forgiven per release \
         {:.2} (random {:.2}) against {mean_remaining:.1} left on average; final stock \
         cheap/random {stock:?}",
        per_release(&cheap),
        per_release(&random),
    );
    // Seeds 20240701, 1, 2: released 524 against 2,262, 2,257, 2,255.
    assert!(released.1 > 3.0 * released.0, "{released:?}");
    // 1.33, 1.31, 1.29 months given up per release (at random: 22.9, 22.9, 23.0), against
    // 19.3 left on average; final stock 1,373/590, 1,366/585, 1,382/593.
    assert!(per_release(&cheap) < mean_remaining / 5.0);
    assert!(per_release(&random) > 5.0 * per_release(&cheap));
    assert!(stock.1 < 0.7 * stock.0, "{stock:?}");
}

/// The cycle (003): waves, packages, releases, relief, and again.
#[test]
fn cycle_comes_round_and_again() {
    let runs = batch(&bundled("cycle"));
    let once = share(&runs, |o| o.cycles >= 1);
    let twice = share(&runs, |o| o.cycles >= 2);
    eprintln!("cycle: share with a cycle {once:.2}, with two or more {twice:.2}");
    // Seeds 20240701, 1, 2: once 0.84, 0.82, 0.86; twice 0.30, 0.29, 0.27.
    assert!(once > 0.7, "{once}");
    assert!(twice > 0.12, "{twice}");
    // No repression, no cycle.
    let calm = batch(&edited("cycle", |r| {
        r.events.repression_waves.probability_per_month = 0.0;
    }));
    let calm = share(&calm, |o| o.cycles > 0);
    eprintln!("cycle without waves: share with a cycle {calm:.3}");
    assert!(calm < 0.05, "{calm}");
}

#[test]
fn the_sanctions_first_variants_differ_only_in_the_us_and_eu_strategy() {
    for base in ["pressure-works", "pressure-fails"] {
        let a = Scenario::bundled(base).unwrap();
        let b = Scenario::bundled(&format!("{base}-sanctions-first")).unwrap();
        let body = |s: &Scenario| -> Vec<String> {
            s.source
                .text
                .lines()
                .filter(|l| {
                    !l.starts_with('#')
                        && !l.starts_with("name = ")
                        && !l.starts_with("description = ")
                })
                .map(|l| l.replace("sanctions-first", "release-first"))
                .collect()
        };
        assert_eq!(body(&a), body(&b), "{base}");
        for actor in [0, 1] {
            assert_eq!(b.west[actor].strategy, WestStrategyName::SanctionsFirst);
            assert_eq!(a.west[actor].strategy, WestStrategyName::ReleaseFirst);
        }
    }
}

#[test]
fn belarus_2020_builds_up_plateaus_and_falls() {
    // The record: 169 at the end of 2020, 969 at the end of 2021, 1,448 at the end of
    // 2022, 1,375-1,500 until mid-2024, 1,265 at the end of 2024. Medians of the
    // end-of-month stock (month 11 is 2021-12) over 2,000 runs with the default seed
    // (`leverage backtest belarus-2020 --data data/belarus`): 2021-12 1,003, 2022-12
    // 1,356, 2023 within 1,369-1,395, 2024-06 1,431, 2024-12 1,291.
    let s = bundled("belarus-2020");
    assert_eq!(
        (s.start.to_string(), s.horizon_months),
        ("2021-01".into(), 48)
    );
    let runs = traced(&s, 200);
    let median_at = |m: usize| {
        let mut v: Vec<f64> = runs.iter().map(|(_, l)| l.months[m].stock as f64).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (y2021, y2022, mid2024, y2024) =
        (median_at(11), median_at(23), median_at(41), median_at(47));
    assert!((900.0..=1050.0).contains(&y2021), "{y2021}");
    assert!((1300.0..=1550.0).contains(&y2022), "{y2022}");
    let plateau: Vec<f64> = (24..42).map(median_at).collect();
    for p in &plateau {
        assert!((1300.0..=1550.0).contains(p), "{plateau:?}");
    }
    assert!(
        y2024 < mid2024,
        "the stock falls from mid-2024: {mid2024} to {y2024}"
    );
    // No channel opens: no deal, no relief.
    assert!(
        runs.iter()
            .all(|(o, _)| o.deals == 0 && o.relief_granted == 0.0)
    );
}
