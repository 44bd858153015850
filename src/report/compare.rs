//! Exporters of a paired comparison: `comparison.json`, `comparison.md` and the table on
//! stdout. The first scenario is the reference; every other is compared run by run with
//! it (common random numbers, see `engine::compare`).

use super::fmt;
use crate::engine::compare::Comparison;
use crate::results::comparison::{
    ComparedMetric, ComparedScenarioRef, ComparisonFile, PairedDifference, PerScenario,
};
use crate::results::metrics::Better;
use crate::results::{
    self, MetricSummary, Named, RUN_METRICS, VERSION, better_direction, metric_unit,
};
use crate::scenario::Scenario;
use crate::stats::student_t_975;
use std::fmt::Write as _;

/// The metrics shown in the table and `comparison.md` (all are in `comparison.json`).
pub const HEADLINE: [&str; 10] = [
    "released",
    "new_arrests",
    "final_stock",
    "prisoner_years_forgiven",
    "deaths_in_custody",
    "relief_granted",
    "sanctions_cost",
    "deals",
    "deadlock_months",
    "utility_eu",
];

/// Mean, 95% CI and shares of one scenario's paired difference from the reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Mean over runs of the scenario's value minus the reference's in the same run, in
    /// the metric's unit.
    pub mean: f64,
    /// 95% confidence interval of the mean difference, `[low, high]`, from Student's t;
    /// of width 0 for fewer than two runs.
    pub ci95: [f64; 2],
    /// Share of runs, in [0, 1], in which the scenario's value was above the reference's.
    pub share_higher: f64,
    /// Share of runs, in [0, 1], in which it was below (ties count in neither share).
    pub share_lower: f64,
    /// Share of runs, in [0, 1], in which it did better: `share_higher` or `share_lower`
    /// by the metric's better direction; `None` where neither direction is better.
    pub share_better: Option<f64>,
}

/// The difference of scenario `k` (1 or more) from the reference on metric `i`.
pub fn difference(cmp: &Comparison, k: usize, i: usize) -> Difference {
    let p = &cmp.paired[k - 1];
    let d = &p.difference[i];
    let n = d.count().max(1);
    let mean = d.mean();
    let half = if d.count() >= 2 {
        student_t_975(d.count() - 1) * d.sd() / (d.count() as f64).sqrt()
    } else {
        0.0
    };
    let (higher, lower) = (p.higher[i] as f64 / n as f64, p.lower[i] as f64 / n as f64);
    let share_better = match better_direction(RUN_METRICS[i]) {
        Better::Higher => Some(higher),
        Better::Lower => Some(lower),
        Better::Neither => None,
    };
    Difference {
        mean,
        ci95: [mean - half, mean + half],
        share_higher: higher,
        share_lower: lower,
        share_better,
    }
}

/// `comparison.json`: provenance, each scenario's summaries and the paired differences.
pub fn comparison_json(
    scenarios: &[Scenario],
    dirs: &[String],
    seed: u64,
    cmp: &Comparison,
) -> String {
    let list = scenarios
        .iter()
        .zip(dirs)
        .map(|(s, dir)| ComparedScenarioRef {
            name: s.name.clone(),
            path: s.source.path.clone(),
            sha256: s.source.sha256.clone(),
            dir: dir.clone(),
        })
        .collect();
    let mut metrics = Named::default();
    for (i, name) in RUN_METRICS.iter().enumerate() {
        let per = scenarios
            .iter()
            .zip(&cmp.scenarios)
            .map(|(s, c)| PerScenario {
                name: s.name.clone(),
                summary: Some(MetricSummary::from(&c.metrics[i].summary())),
            })
            .collect();
        let differences = (1..scenarios.len())
            .map(|k| {
                let d = difference(cmp, k, i);
                PairedDifference {
                    name: scenarios[k].name.clone(),
                    versus: scenarios[0].name.clone(),
                    mean: d.mean,
                    ci95: d.ci95,
                    share_higher: d.share_higher,
                    share_lower: d.share_lower,
                    share_better: d.share_better,
                }
            })
            .collect();
        let metric = ComparedMetric {
            unit: Some(metric_unit(name).to_string()),
            better: Some(better_direction(name).word().to_string()),
            scenarios: per,
            differences,
        };
        metrics.push(*name, metric);
    }
    results::pretty(&ComparisonFile {
        leverage_version: VERSION.to_string(),
        seed,
        runs: cmp.scenarios.first().map_or(0, |c| c.runs),
        reference: scenarios.first().map(|s| s.name.clone()),
        scenarios: list,
        metrics,
    })
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// Rows of the comparison table: metric, then per scenario `mean [lo, hi]`, then per
/// other scenario `difference (lo to hi)` and the share of runs in which it did better.
fn rows(scenarios: &[Scenario], cmp: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec!["metric".to_string(), "unit".to_string()];
    for s in scenarios {
        header.push(format!("{} mean (95% CI)", s.name));
    }
    for s in &scenarios[1..] {
        header.push(format!("{} - {} (95% CI)", s.name, scenarios[0].name));
        header.push(format!("{} better in", s.name));
    }
    let mut out = Vec::new();
    for name in HEADLINE {
        let Some(i) = RUN_METRICS.iter().position(|m| *m == name) else {
            continue;
        };
        let mut row = vec![name.to_string(), metric_unit(name).to_string()];
        for c in &cmp.scenarios {
            let s = c.metrics[i].summary();
            row.push(format!(
                "{} ({} to {})",
                fmt(s.mean),
                fmt(s.ci95[0]),
                fmt(s.ci95[1])
            ));
        }
        for k in 1..scenarios.len() {
            let d = difference(cmp, k, i);
            row.push(format!(
                "{} ({} to {})",
                fmt(d.mean),
                fmt(d.ci95[0]),
                fmt(d.ci95[1])
            ));
            row.push(d.share_better.map_or("-".to_string(), percent));
        }
        out.push(row);
    }
    (header, out)
}

/// The comparison table printed on stdout.
pub fn table(scenarios: &[Scenario], seed: u64, cmp: &Comparison) -> String {
    let (header, body) = rows(scenarios, cmp);
    let mut all = vec![header];
    all.extend(body);
    let mut out = String::new();
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let _ = writeln!(
        out,
        "{}: {} runs each on common random numbers, seed {seed}\n",
        names.join(" vs "),
        cmp.scenarios.first().map_or(0, |c| c.runs)
    );
    out.push_str(&super::text_table(&all));
    let _ = writeln!(
        out,
        "\nDifferences are run by run against {}; \"better in\" counts the runs in which the \
         scenario did better by the West's stated aim (more released, fewer held, arrested \
         or dead); \"-\" where neither direction is better.",
        scenarios[0].name
    );
    out
}

/// `comparison.md`: the same table in Markdown, with provenance.
pub fn comparison_md(scenarios: &[Scenario], seed: u64, cmp: &Comparison) -> String {
    let (header, body) = rows(scenarios, cmp);
    let mut out = String::new();
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let _ = writeln!(out, "# {}\n", names.join(" vs "));
    let _ = writeln!(
        out,
        "{} runs of each scenario on common random numbers (seed {seed}), leverage {VERSION}. \
         Means with 95% confidence intervals; differences run by run against `{}`, with the \
         share of runs in which the scenario did better by the West's stated aim.\n",
        cmp.scenarios.first().map_or(0, |c| c.runs),
        scenarios[0].name
    );
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for row in body {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    let _ = writeln!(out, "\n| scenario | file | sha256 |\n| --- | --- | --- |");
    for s in scenarios {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` |",
            s.name,
            s.source.path,
            &s.source.sha256[..12]
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_metrics_are_run_metrics() {
        for m in HEADLINE {
            assert!(RUN_METRICS.contains(&m), "{m}");
        }
    }
}
