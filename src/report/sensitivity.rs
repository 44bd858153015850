//! Exporters of a sensitivity analysis: `sensitivity.json` (read back by `plot`),
//! `oat.csv`, `sobol.csv` and the Markdown summary printed and saved as `sensitivity.md`.
//! Each takes the finished [`Oat`] (and [`Sobol`]); nothing here simulates, prints or
//! touches files.

use super::fmt;
use crate::explore::sensitivity::{Effect, Oat, SOBOL_RESAMPLES, Sobol};
use crate::explore::sobol::{Design, Indices};
use crate::results::sensitivity::{
    EffectFile, OatMetricFile, SkippedFile, SobolFile, SobolIndexFile, SobolMetricFile,
    SobolParamFile,
};
use crate::results::{self, MetricSummary, ScenarioRef, SensitivityFile, VERSION, metric_unit};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// How the points were run, as every exporter of the analysis records it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SensitivityRun {
    /// Runs at each point.
    pub runs: u64,
    /// The master seed.
    pub seed: u64,
    /// A parameter's default range: its value times `1 - spread` to `1 + spread`, a share
    /// in (0, 1].
    pub spread: f64,
}

/// An effect's figures as `oat.csv` and `sensitivity.md` show them, in the metric's
/// unit: the mean at the low end, at the high end, the change and its 95% CI.
fn effect_figures(e: &Effect) -> [f64; 5] {
    [
        e.low.mean,
        e.high.mean,
        e.change.mean,
        e.change.ci95[0],
        e.change.ci95[1],
    ]
}

/// A parameter's Sobol indices as `sobol.csv` and `sensitivity.md` show them: first
/// order, its 95% CI, total, its 95% CI.
fn index_figures(x: &Indices) -> [f64; 6] {
    [
        x.first,
        x.first_ci95[0],
        x.first_ci95[1],
        x.total,
        x.total_ci95[0],
        x.total_ci95[1],
    ]
}

/// Numbers as a CSV row's cells, each as Rust writes it (shortest round-trip).
fn csv_row<const N: usize>(figures: [f64; N]) -> String {
    figures.map(|v| v.to_string()).join(",")
}

/// `oat.csv`, tidy: one row per metric and parameter, largest effect first.
pub fn oat_csv(oat: &Oat) -> String {
    let mut out = String::from(
        "metric,param,value,low,high,mean_at_low,mean_at_high,change,change_ci_low,\
         change_ci_high,runs\n",
    );
    for (m, metric) in oat.metrics.iter().enumerate() {
        for i in oat.ranked(m) {
            let (r, e) = (&oat.ranges[i], &oat.effects[m][i]);
            let _ = writeln!(
                out,
                "{metric},{},{},{},{},{},{}",
                r.param.path,
                r.param.value,
                r.low,
                r.high,
                csv_row(effect_figures(e)),
                e.change.n
            );
        }
    }
    out
}

/// `sobol.csv`, tidy: one row per metric and parameter.
pub fn sobol_csv(s: &Sobol) -> String {
    let mut out = String::from(
        "metric,param,low,high,first,first_ci_low,first_ci_high,total,total_ci_low,\
         total_ci_high\n",
    );
    for (m, metric) in s.metrics.iter().enumerate() {
        let Some(indices) = &s.indices[m] else {
            continue;
        };
        for (r, x) in s.ranges.iter().zip(indices) {
            let _ = writeln!(
                out,
                "{metric},{},{},{},{}",
                r.param.path,
                r.low,
                r.high,
                csv_row(index_figures(x))
            );
        }
    }
    out
}

/// A number, or `None` (written `null`, as JSON has no NaN) if it is not finite.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// `sensitivity.json` as its typed schema: provenance, settings, the one-at-a-time
/// effects (ranked) and the Sobol indices.
pub fn sensitivity_file(
    base: &Scenario,
    run: SensitivityRun,
    oat: &Oat,
    sobol: Option<&Sobol>,
) -> SensitivityFile {
    let oat_metrics = oat
        .metrics
        .iter()
        .enumerate()
        .map(|(m, name)| OatMetricFile {
            metric: name.clone(),
            unit: metric_unit(name).to_string(),
            at_scenario: MetricSummary::from(&oat.base[m]),
            effects: oat
                .ranked(m)
                .into_iter()
                .map(|i| {
                    let (r, e) = (&oat.ranges[i], &oat.effects[m][i]);
                    EffectFile {
                        param: r.param.path.clone(),
                        value: r.param.value,
                        low: r.low,
                        high: r.high,
                        at_low: MetricSummary::from(&e.low),
                        at_high: MetricSummary::from(&e.high),
                        change: MetricSummary::from(&e.change),
                    }
                })
                .collect(),
        })
        .collect();
    let sobol = sobol.map(|s| SobolFile {
        samples: s.n as u64,
        evaluations: Some(Design::evaluations(s.n, s.ranges.len()) as u64),
        resamples: Some(SOBOL_RESAMPLES as u64),
        params: s
            .ranges
            .iter()
            .map(|r| SobolParamFile {
                param: r.param.path.clone(),
                low: r.low,
                high: r.high,
            })
            .collect(),
        metrics: s
            .metrics
            .iter()
            .enumerate()
            .map(|(m, name)| SobolMetricFile {
                metric: name.clone(),
                unit: metric_unit(name).to_string(),
                variance_of_mean: finite(s.variance[m]),
                indices: s.indices[m].as_ref().map(|ix| {
                    s.ranges
                        .iter()
                        .zip(ix)
                        .map(|(r, x)| SobolIndexFile {
                            param: r.param.path.clone(),
                            first: finite(x.first),
                            first_ci95: x.first_ci95.map(finite),
                            total: finite(x.total),
                            total_ci95: x.total_ci95.map(finite),
                        })
                        .collect()
                }),
            })
            .collect(),
    });
    SensitivityFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(base),
        seed: run.seed,
        runs: run.runs,
        spread: run.spread,
        oat: oat_metrics,
        skipped: oat
            .skipped
            .iter()
            .map(|s| SkippedFile {
                param: s.path.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        sobol,
    }
}

/// `sensitivity.json`'s text: [`sensitivity_file`], pretty-printed. No time or thread
/// count, so the same inputs give the same bytes.
pub fn sensitivity_json(
    base: &Scenario,
    run: SensitivityRun,
    oat: &Oat,
    sobol: Option<&Sobol>,
) -> String {
    results::pretty(&sensitivity_file(base, run, oat, sobol))
}

/// The Markdown summary, printed too and saved as `sensitivity.md`: the top of the
/// one-at-a-time ranking per metric, then the Sobol indices.
pub fn sensitivity_md(
    base: &Scenario,
    run: SensitivityRun,
    oat: &Oat,
    sobol: Option<&Sobol>,
) -> String {
    const SHOWN: usize = 15;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Sensitivity of {}\n\n{} parameters varied one at a time, {} runs at each point \
         (the same runs everywhere), seed {}. Change: mean at high minus mean at low, with \
         its 95% CI (paired, run by run).\n",
        base.name,
        oat.ranges.len(),
        run.runs,
        run.seed
    );
    for (m, metric) in oat.metrics.iter().enumerate() {
        let unit = metric_unit(metric);
        let _ = writeln!(
            out,
            "## {metric} ({unit}): {} at the scenario's values\n",
            fmt(oat.base[m].mean)
        );
        let _ = writeln!(
            out,
            "| parameter | value | low | high | at low | at high | change [95% CI] |\n\
             |---|---:|---:|---:|---:|---:|---:|"
        );
        let ranked = oat.ranked(m);
        for &i in ranked.iter().take(SHOWN) {
            let (r, e) = (&oat.ranges[i], &oat.effects[m][i]);
            let [at_low, at_high, change, ci_low, ci_high] = effect_figures(e).map(fmt);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {at_low} | {at_high} | {change} [{ci_low}, {ci_high}] |",
                r.param.path, r.param.value, r.low, r.high,
            );
        }
        if ranked.len() > SHOWN {
            let _ = writeln!(out, "\n{} more in oat.csv.", ranked.len() - SHOWN);
        }
        out.push('\n');
    }
    if !oat.skipped.is_empty() {
        let names: Vec<&str> = oat.skipped.iter().map(|s| s.path.as_str()).collect();
        let _ = writeln!(
            out,
            "Not varied ({}; reasons in sensitivity.json): {}\n",
            names.len(),
            names.join(", ")
        );
    }
    if let Some(s) = sobol {
        let _ = writeln!(
            out,
            "## Sobol indices\n\n{} parameters varied together, uniformly over their ranges; \
             Saltelli design of {} rows ({} points); 95% bootstrap CIs. First order: the \
             share of the variance of the metric's mean a parameter explains alone; total: \
             with its interactions.\n",
            s.ranges.len(),
            s.n,
            Design::evaluations(s.n, s.ranges.len())
        );
        for (m, metric) in s.metrics.iter().enumerate() {
            let _ = writeln!(out, "### {metric}\n");
            let Some(ix) = &s.indices[m] else {
                let _ = writeln!(
                    out,
                    "The mean of {metric} does not vary over these ranges: no variance to \
                     apportion.\n"
                );
                continue;
            };
            let _ = writeln!(
                out,
                "| parameter | range | first order [95% CI] | total [95% CI] |\n|---|---|---:|---:|"
            );
            for (r, x) in s.ranges.iter().zip(ix) {
                let [first, first_low, first_high, total, total_low, total_high] = index_figures(x);
                let _ = writeln!(
                    out,
                    "| {} | {}..{} | {first:.3} [{first_low:.3}, {first_high:.3}] | \
                     {total:.3} [{total_low:.3}, {total_high:.3}] |",
                    r.param.path, r.low, r.high,
                );
            }
            out.push('\n');
        }
    }
    out
}
