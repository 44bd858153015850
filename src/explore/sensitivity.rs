//! Sensitivity of a metric to the scenario's parameters.
//!
//! - One at a time (OAT): each parameter is set to a low and a high value around the
//!   scenario's (by default 20% either side), the others held, and the change in the
//!   metric's mean from low to high is the parameter's effect. Every point runs the same
//!   runs with the same seed, so the effect is a paired difference with a tight interval.
//! - Sobol: the parameters vary together, uniformly over their low-high ranges, on a
//!   Saltelli design ([`super::sobol`]); each design point's output is the metric's mean
//!   over the runs. First-order indices say how much of the variance of that mean each
//!   parameter explains alone, total indices how much it explains with its interactions.
//!   The runs' own randomness is common to all points (one seed), so it adds little to
//!   the variance apportioned.
//!
//! Points are simulated in parallel, one point per task, and consumed in order: the
//! results do not depend on the thread count.

use super::sobol::{self, Design, Indices};
use crate::engine::batch::map_in_order;
use crate::engine::{BatchError, NoObserver, Prepared, RUN_METRICS, simulate};
use crate::scenario::edit::Param;
use crate::scenario::{Editable, KeyPath, Scenario, ScenarioError};
use crate::stats::{Accumulator, Summary};

/// A parameter with the range it is varied over.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// The scenario key, its value in the scenario, and whether it takes whole numbers.
    pub param: Param,
    /// The low end, in the key's own unit: a value the scenario accepts.
    pub low: f64,
    /// The high end, above `low`: a value the scenario accepts.
    pub high: f64,
}

/// A parameter left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The scenario key left out (`prisoners.arrests_per_month`).
    pub path: String,
    /// Why: a value of 0 with no range given, an empty range, or the validator's message.
    pub reason: String,
}

/// Where the parameters come from.
#[derive(Debug, Clone)]
pub struct RangeSpec {
    /// The parameters to vary; empty: every parameter the scenario uses (see [`used`]).
    pub params: Vec<KeyPath>,
    /// Low and high as the scenario's value times `1 - spread` and `1 + spread`.
    pub spread: f64,
    /// Explicit ranges, which win over the spread.
    pub ranges: Vec<(KeyPath, f64, f64)>,
}

/// Whether a parameter is one the scenario's model uses: not the clock, not a reporting
/// threshold, and not the settings of a strategy no actor plays.
pub fn used(table_path: &str, active: &[String]) -> bool {
    const IGNORED: [&str; 2] = ["time.horizon_months", "prisoners.target_stock"];
    if IGNORED.contains(&table_path) {
        return false;
    }
    let mut parts = table_path.split('.');
    let (Some(actor), Some(table)) = (parts.next(), parts.next()) else {
        return true;
    };
    // A strategy's settings table bears its name as written in files (kebab-case).
    if !crate::strategy::CATALOGUE
        .iter()
        .any(|(_, name, _)| *name == table)
    {
        return true;
    }
    active.iter().any(|a| a == &format!("{actor}.{table}"))
}

/// `actor.strategy_table` of every strategy an actor plays at some point: its own, and
/// those the scheduled switches give it.
fn active_strategies(editable: &Editable) -> Vec<String> {
    let text = |path: String| KeyPath::parse(&path).ok().and_then(|p| editable.text(&p));
    let mut out = Vec::new();
    for actor in ["regime", "us", "eu", "lithuania", "poland", "russia"] {
        if let Some(s) = text(format!("{actor}.strategy")) {
            out.push(format!("{actor}.{s}"));
        }
    }
    for i in 0.. {
        match (
            text(format!("west.switches[{i}].actor")),
            text(format!("west.switches[{i}].strategy")),
        ) {
            (Some(actor), Some(s)) => out.push(format!("{actor}.{s}")),
            _ => break,
        }
    }
    out
}

/// The parameters to vary and their ranges, each end checked against the scenario's
/// rules: an end the scenario rejects is pulled in to the nearest of 0 and 1 that it
/// accepts, or the parameter is skipped with the validator's reason.
///
/// An error names the scenario's file; a value given with `--range` that the scenario
/// rejects points at the key's line in that file.
pub fn ranges(
    editable: &Editable,
    spec: &RangeSpec,
) -> Result<(Vec<Range>, Vec<Skipped>), ScenarioError> {
    let candidates: Vec<Param> = if spec.params.is_empty() {
        let active = active_strategies(editable);
        editable
            .params()
            .into_iter()
            .filter(|p| used(&p.path, &active))
            .collect()
    } else {
        spec.params
            .iter()
            .map(|p| editable.get(p))
            .collect::<Result<_, _>>()
            .map_err(|e| editable.problem(e))?
    };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for (path, _, _) in &spec.ranges {
        editable.get(path).map_err(|e| editable.problem(e))?;
    }
    let mut candidates = candidates;
    for (path, _, _) in &spec.ranges {
        let name = path.to_string();
        if !candidates.iter().any(|c| c.path == name) {
            candidates.push(editable.get(path).map_err(|e| editable.problem(e))?);
        }
    }
    for param in candidates {
        let path = KeyPath::parse(&param.path).map_err(|e| editable.problem(e))?;
        let given = spec
            .ranges
            .iter()
            .find(|(p, _, _)| p.to_string() == param.path);
        let (low, high) = match given {
            Some((_, lo, hi)) => (*lo, *hi),
            None if param.value == 0.0 => {
                skipped.push(Skipped {
                    path: param.path.clone(),
                    reason: "0 in the scenario, so a spread around it is empty: give it a \
                             range with --range KEY=LOW..HIGH"
                        .into(),
                });
                continue;
            }
            None => {
                let (a, b) = (
                    param.value * (1.0 - spec.spread),
                    param.value * (1.0 + spec.spread),
                );
                let (lo, hi) = (a.min(b), a.max(b));
                if param.integer {
                    let (mut lo, mut hi) = (lo.round(), hi.round());
                    if lo == param.value {
                        lo = (param.value - 1.0).max(0.0);
                    }
                    if hi == param.value {
                        hi = param.value + 1.0;
                    }
                    (lo, hi)
                } else {
                    (lo, hi)
                }
            }
        };
        let (low, high) = (tidy(low), tidy(high));
        let accepted = |v: f64| editable.with(&[(&path, v)]).map(|_| v);
        let fit = |v: f64| -> Result<f64, ScenarioError> {
            accepted(v).or_else(|e| {
                // A share or probability pushed past 1 (or below 0) comes back to the edge.
                // A range given by the user is taken as given.
                let edge = v.clamp(0.0, 1.0);
                if given.is_none() && edge != v && (0.0..=1.0).contains(&param.value) {
                    accepted(edge).map_err(|_| e)
                } else {
                    Err(e)
                }
            })
        };
        match (fit(low), fit(high)) {
            (Ok(lo), Ok(hi)) if lo < hi => out.push(Range {
                param,
                low: lo,
                high: hi,
            }),
            (Ok(_), Ok(_)) => skipped.push(Skipped {
                path: param.path.clone(),
                reason: format!("the range {low}..{high} is empty within what is allowed"),
            }),
            (Err(e), _) | (_, Err(e)) => {
                if given.is_some() {
                    return Err(e);
                }
                skipped.push(Skipped {
                    path: param.path.clone(),
                    reason: e.to_string(),
                })
            }
        }
    }
    Ok((out, skipped))
}

/// `v` to 12 significant digits: 0.08 rather than 0.08000000000000002.
fn tidy(v: f64) -> f64 {
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// Per-run values of each metric at one point, in run order.
fn evaluate(prep: &Prepared, seed: u64, runs: u64, metrics: &[usize]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::with_capacity(runs as usize); metrics.len()];
    for run in 0..runs {
        let all = simulate(prep, seed, run, &mut NoObserver).metrics();
        for (o, &m) in out.iter_mut().zip(metrics) {
            o.push(all[m]);
        }
    }
    out
}

/// Simulates the scenarios in parallel, one per task; returns, in order, each one's
/// per-run values of `metrics`. `progress` gets the points done.
fn evaluate_all(
    scenarios: &[Scenario],
    seed: u64,
    runs: u64,
    metrics: &[usize],
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Vec<Vec<f64>>>, BatchError> {
    let mut out = Vec::with_capacity(scenarios.len());
    map_in_order(
        scenarios.len() as u64,
        threads,
        &|i| evaluate(&Prepared::new(&scenarios[i as usize]), seed, runs, metrics),
        &mut |v| {
            out.push(v);
            progress(out.len() as u64);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The effect of one parameter on one metric, low to high.
#[derive(Debug, Clone)]
pub struct Effect {
    /// The metric over the runs with the parameter at its low end.
    pub low: Summary,
    /// The metric over the same runs with the parameter at its high end.
    pub high: Summary,
    /// High minus low, run by run.
    pub change: Summary,
}

/// One-at-a-time results.
#[derive(Debug, Clone)]
pub struct Oat {
    /// The parameters varied, in the order simulated: those asked for (or every one the
    /// scenario uses), then any `--range` key not among them.
    pub ranges: Vec<Range>,
    /// The parameters left out, and why.
    pub skipped: Vec<Skipped>,
    /// The metrics, by name.
    pub metrics: Vec<String>,
    /// At the scenario's values, per metric.
    pub base: Vec<Summary>,
    /// `effects[metric][range]`.
    pub effects: Vec<Vec<Effect>>,
}

impl Oat {
    /// Range indices for `metric`, the largest absolute change first (ties by path).
    pub fn ranked(&self, metric: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ranges.len()).collect();
        let size = |i: usize| self.effects[metric][i].change.mean.abs();
        order.sort_by(|&a, &b| {
            size(b)
                .total_cmp(&size(a))
                .then_with(|| self.ranges[a].param.path.cmp(&self.ranges[b].param.path))
        });
        order
    }
}

/// The index of each metric in [`RUN_METRICS`], or an error naming the allowed ones.
pub fn metric_indices(names: &[String]) -> Result<Vec<usize>, super::ExploreError> {
    names
        .iter()
        .map(|m| {
            RUN_METRICS
                .iter()
                .position(|x| x == m)
                .ok_or_else(|| super::ExploreError::UnknownMetric { name: m.clone() })
        })
        .collect()
}

fn summary_of(values: &[f64]) -> Summary {
    let mut acc = Accumulator::new();
    for v in values {
        acc.push(*v);
    }
    acc.summary()
}

/// What a run of the analysis needs besides the scenario.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The metrics analysed, by their names in [`RUN_METRICS`].
    pub metrics: &'a [String],
    /// Runs at every point (the same runs at each).
    pub runs: u64,
    /// The master seed, the same at every point.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's default (all cores).
    pub threads: Option<usize>,
}

fn invalid(base: &Scenario, message: impl std::fmt::Display) -> ScenarioError {
    ScenarioError::Invalid {
        path: base.source.path.clone(),
        problems: vec![crate::scenario::Problem {
            key: String::new(),
            line_col: None,
            message: message.to_string(),
        }],
    }
}

/// Points simulated by [`one_at_a_time`] for `ranges` parameters: the scenario, then a
/// low and a high per parameter.
pub fn oat_points(ranges: usize) -> u64 {
    1 + 2 * ranges as u64
}

/// One-at-a-time effects of every parameter in `spec` on `settings.metrics`.
pub fn one_at_a_time(
    base: &Scenario,
    spec: &RangeSpec,
    settings: Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Oat> {
    let prepared = (|| -> Result<_, ScenarioError> {
        let metrics = metric_indices(settings.metrics).map_err(|m| invalid(base, m))?;
        let editable = Editable::new(base)?;
        let (ranges, skipped) = ranges(&editable, spec)?;
        let mut scenarios = vec![base.clone()];
        for r in &ranges {
            let path = KeyPath::parse(&r.param.path).map_err(|m| invalid(base, m))?;
            scenarios.push(editable.with(&[(&path, r.low)])?);
            scenarios.push(editable.with(&[(&path, r.high)])?);
        }
        Ok((metrics, ranges, skipped, scenarios))
    })();
    let (metrics, ranges, skipped, scenarios) = prepared?;
    let values = evaluate_all(
        &scenarios,
        settings.seed,
        settings.runs,
        &metrics,
        settings.threads,
        progress,
    )?;
    let base_summary = (0..metrics.len())
        .map(|m| summary_of(&values[0][m]))
        .collect();
    let effects = (0..metrics.len())
        .map(|m| {
            (0..ranges.len())
                .map(|r| {
                    let (lo, hi) = (&values[1 + 2 * r][m], &values[2 + 2 * r][m]);
                    let change: Vec<f64> = hi.iter().zip(lo).map(|(h, l)| h - l).collect();
                    Effect {
                        low: summary_of(lo),
                        high: summary_of(hi),
                        change: summary_of(&change),
                    }
                })
                .collect()
        })
        .collect();
    Ok(Oat {
        ranges,
        skipped,
        metrics: settings.metrics.to_vec(),
        base: base_summary,
        effects,
    })
}

/// Sobol results.
#[derive(Debug, Clone)]
pub struct Sobol {
    /// The parameters varied together, one per input of the design.
    pub ranges: Vec<Range>,
    /// Base rows of the design.
    pub n: usize,
    /// The metrics, by name.
    pub metrics: Vec<String>,
    /// `indices[metric]`: per range, or `None` when the metric's mean did not vary.
    pub indices: Vec<Option<Vec<Indices>>>,
    /// The variance of the metric's mean over the design, per metric.
    pub variance: Vec<f64>,
}

/// Bootstrap resamples for the Sobol intervals.
pub const SOBOL_RESAMPLES: usize = 1000;

/// The parameter values at a point of the unit cube: uniform over each range, whole
/// parameters rounded.
pub fn scale(ranges: &[Range], unit: &[f64]) -> Vec<f64> {
    ranges
        .iter()
        .zip(unit)
        .map(|(r, u)| {
            let v = r.low + u * (r.high - r.low);
            if r.param.integer { v.round() } else { v }
        })
        .collect()
}

/// First-order and total Sobol indices of `settings.metrics` over `ranges`, from a
/// Saltelli design of `n` base rows.
pub fn sobol_indices(
    base: &Scenario,
    ranges: &[Range],
    n: usize,
    settings: Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Sobol> {
    let prepared = (|| -> Result<_, ScenarioError> {
        let metrics = metric_indices(settings.metrics).map_err(|m| invalid(base, m))?;
        if ranges.is_empty() {
            return Err(invalid(base, "no parameter to vary"));
        }
        let editable = Editable::new(base)?;
        let paths = ranges
            .iter()
            .map(|r| KeyPath::parse(&r.param.path))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| invalid(base, m))?;
        let design = Design::new(n, ranges.len(), settings.seed);
        let scenarios = design
            .points
            .iter()
            .map(|u| {
                let values = scale(ranges, u);
                let set: Vec<(&KeyPath, f64)> = paths.iter().zip(values).collect();
                editable.with(&set)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((metrics, scenarios))
    })();
    let (metrics, scenarios) = prepared?;
    let values = evaluate_all(
        &scenarios,
        settings.seed,
        settings.runs,
        &metrics,
        settings.threads,
        progress,
    )?;
    let k = ranges.len();
    let mut indices = Vec::new();
    let mut variance = Vec::new();
    for m in 0..metrics.len() {
        let means: Vec<f64> = values
            .iter()
            .map(|point| point[m].iter().sum::<f64>() / point[m].len().max(1) as f64)
            .collect();
        variance.push(summary_of(&means[..2 * n]).sd.powi(2));
        indices.push(sobol::indices(
            &means,
            n,
            k,
            SOBOL_RESAMPLES,
            settings.seed ^ m as u64,
        ));
    }
    Ok(Sobol {
        ranges: ranges.to_vec(),
        n,
        metrics: settings.metrics.to_vec(),
        indices,
        variance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(params: &[&str]) -> RangeSpec {
        RangeSpec {
            params: params.iter().map(|p| KeyPath::parse(p).unwrap()).collect(),
            spread: 0.2,
            ranges: vec![],
        }
    }

    #[test]
    fn ranges_spread_round_and_clamp() {
        let base = Scenario::bundled("baseline").unwrap();
        let e = Editable::new(&base).unwrap();
        let (r, skipped) = ranges(
            &e,
            &spec(&[
                "prisoners.arrests_per_month",
                "regime.holiday_pardons",
                "bargaining.renege_window_months",
                "prisoners.hostage_elasticity",
            ]),
        )
        .unwrap();
        assert_eq!((r[0].low, r[0].high), (40.0, 60.0));
        assert_eq!((r[1].low, r[1].high), (16.0, 24.0));
        assert!(r[2].param.integer && r[2].low < r[2].param.value);
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].reason.contains("--range"));
        // A share near 1 is pulled back to 1 rather than skipped.
        let mut wide = spec(&["releases.refusal_probability"]);
        wide.spread = 80.0;
        let (r, _) = ranges(&e, &wide).unwrap();
        assert_eq!((r[0].low, r[0].high), (0.0, 1.0));
        // An explicit range that the scenario rejects is an error, not a skip.
        let mut bad = spec(&[]);
        bad.ranges = vec![(
            KeyPath::parse("releases.refusal_probability").unwrap(),
            0.0,
            3.0,
        )];
        bad.params = vec![KeyPath::parse("releases.refusal_probability").unwrap()];
        assert!(ranges(&e, &bad).unwrap_err().to_string().contains("[0, 1]"));
    }

    #[test]
    fn default_parameters_leave_out_unplayed_strategies() {
        let active = vec!["regime.signal".to_string(), "us.release-first".to_string()];
        assert!(used("regime.signal.offer_size", &active));
        assert!(used("us.release-first.benchmark", &active));
        assert!(!used("regime.adaptive.learning_rate", &active));
        assert!(!used("regime.quid-pro-quo.price_share", &active));
        assert!(!used("eu.reciprocal.step_size", &active));
        assert!(!used("eu.release-first.benchmark", &active));
        assert!(used("prisoners.arrests_per_month", &active));
        assert!(!used("time.horizon_months", &active));
        assert!(used("regime.hardliners.threshold", &active));
    }

    /// The baseline's parameters as `sensitivity` varies them by default: none of a
    /// strategy that no actor plays (21 of 95 were, through a snake_case list that no
    /// kebab-case table name matched).
    #[test]
    fn the_baseline_varies_no_parameter_of_an_unplayed_strategy() {
        let base = Scenario::bundled("baseline").unwrap();
        let e = Editable::new(&base).unwrap();
        let active = active_strategies(&e);
        assert!(active.contains(&"regime.signal".to_string()), "{active:?}");
        let strategy_of = |path: &str| {
            let table = path.split('.').nth(1).unwrap_or_default().to_string();
            crate::strategy::CATALOGUE
                .iter()
                .any(|(_, name, _)| *name == table)
                .then_some(table)
        };
        let spec = RangeSpec {
            params: Vec::new(),
            spread: 0.2,
            ranges: Vec::new(),
        };
        let (varied, _) = ranges(&e, &spec).unwrap();
        let mut strategies = 0;
        for r in &varied {
            let path = r.param.path.clone();
            if strategy_of(&path).is_some() {
                strategies += 1;
                let actor_table: Vec<&str> = path.splitn(3, '.').take(2).collect();
                assert!(
                    active.contains(&actor_table.join(".")),
                    "{path} belongs to a strategy nobody plays ({active:?})"
                );
            }
        }
        for played in ["regime.signal.", "us.release-first.", "russia.patron."] {
            assert!(
                varied.iter().any(|r| r.param.path.starts_with(played)),
                "{played} is played in the baseline"
            );
        }
        assert!(strategies > 0);
        assert!(
            !varied
                .iter()
                .any(|r| r.param.path.starts_with("regime.quid-pro-quo.")),
            "quid-pro-quo is not played in the baseline"
        );
    }

    #[test]
    fn oat_effects_are_paired_and_signed() {
        let base = Scenario::bundled("baseline").unwrap();
        let metrics = vec!["new_arrests".to_string()];
        let settings = Settings {
            metrics: &metrics,
            runs: 200,
            seed: 3,
            threads: Some(2),
        };
        let oat = one_at_a_time(
            &base,
            &spec(&[
                "prisoners.arrests_per_month",
                "releases.refusal_probability",
            ]),
            settings,
            &|_| {},
        )
        .unwrap();
        // Arrests are Poisson(rate) a month for 60 months: from 40 to 60 a month adds
        // 1,200 in expectation; the paired difference's interval must hold it.
        let e = &oat.effects[0][0];
        assert!(
            e.change.ci95[0] < 1200.0 && 1200.0 < e.change.ci95[1],
            "{:?}",
            e.change
        );
        assert!(e.change.ci95[1] - e.change.ci95[0] < 20.0);
        // Refusals of deportation do not change arrests at all, run by run.
        assert_eq!(oat.effects[0][1].change.sd, 0.0);
        assert_eq!(oat.ranked(0), vec![0, 1]);
        // The same on one thread.
        let again = one_at_a_time(
            &base,
            &spec(&[
                "prisoners.arrests_per_month",
                "releases.refusal_probability",
            ]),
            Settings {
                threads: Some(1),
                ..settings
            },
            &|_| {},
        )
        .unwrap();
        assert_eq!(again.effects[0][0].change, e.change);
    }
}
