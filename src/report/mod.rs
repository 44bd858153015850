//! Exporters: `summary.json`, `runs.csv`, `monthly.csv` and the summary table.
//!
//! Each output is built as text from the batch's statistics and written atomically
//! (a temporary file in the same folder, renamed into place), so that a reader never sees
//! half a file. Nothing here simulates; nothing here prints.

use crate::engine::{Collector, RunOutcome};
use crate::results::{
    self, HISTOGRAM_BINS, HISTOGRAM_METRICS, HistogramEntry, HistogramsFile, MetricSummary, Named,
    OPTIONAL_METRICS, RUN_METRICS, ScenarioRef, SummaryFile, VERSION, metric_unit,
    metrics::MONTHLY_SERIES,
};
use crate::scenario::Scenario;
use std::fmt::Write as _;
pub mod backtest;
pub mod calibration;
pub mod compare;
pub mod html;
pub mod sensitivity;
pub mod shard;
pub mod staging;
pub mod sweep;
pub mod tournament;
pub mod trace;

// The registry in `results` names the engine's metrics and series in the engine's order:
// the files below index the engine's accumulators by the registry's positions.
const _: () = {
    assert!(same_names(&RUN_METRICS, &crate::engine::RUN_METRICS));
    assert!(same_names(&MONTHLY_SERIES, &crate::engine::MONTHLY_SERIES));
    let optional = crate::engine::OPTIONAL_METRICS;
    assert!(same_names(
        &OPTIONAL_METRICS,
        &[optional[0].0, optional[1].0]
    ));
};

/// Whether two lists of names are equal, at compile time.
const fn same_names(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let (x, y) = (a[i].as_bytes(), b[i].as_bytes());
        if x.len() != y.len() {
            return false;
        }
        let mut j = 0;
        while j < x.len() {
            if x[j] != y[j] {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// `summary.json`: provenance and every metric's summary. No thread count and no time, so
/// that identical inputs give identical bytes.
pub fn summary_json(scenario: &Scenario, seed: u64, stats: &Collector) -> String {
    let file = SummaryFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(scenario),
        seed,
        runs: stats.runs,
        start: scenario.start.to_string(),
        horizon_months: scenario.horizon_months,
        target_stock: Some(scenario.prisoners.target_stock),
        share_never_reached_target: Some(stats.share_never_reached_target()),
        share_no_deal: Some(stats.missing_shares()[1].1),
        metrics: metric_summaries(stats),
    };
    results::pretty(&file)
}

/// Every metric's summary in registry order, `None` where no run had it: the `metrics`
/// of `summary.json` and of each cell of `sweep.json`.
pub fn metric_summaries(stats: &Collector) -> Named<Option<MetricSummary>> {
    stats
        .summaries()
        .into_iter()
        .map(|(name, s)| (name.to_string(), s.as_ref().map(MetricSummary::from)))
        .collect()
}

/// `histograms.json`: the distribution over runs of the main metrics, binned, so that
/// charts can be drawn without the per-run rows: `{"metrics": {NAME: {"unit", "bins":
/// [[low, high, count], ...]}}}`.
pub fn histograms_json(stats: &Collector) -> String {
    let mut metrics = Named::default();
    for name in HISTOGRAM_METRICS {
        let Some(i) = RUN_METRICS.iter().position(|m| *m == name) else {
            continue;
        };
        let bins: Vec<[f64; 3]> = stats.metrics[i]
            .histogram(HISTOGRAM_BINS)
            .into_iter()
            .map(|(lo, hi, c)| [lo, hi, c as f64])
            .collect();
        let unit = Some(metric_unit(name).to_string());
        metrics.push(name, HistogramEntry { unit, bins });
    }
    results::pretty(&HistogramsFile { metrics })
}

/// The header of `runs.csv`.
pub fn runs_csv_header() -> String {
    let mut h = String::from("run");
    for name in RUN_METRICS {
        h.push(',');
        h.push_str(name);
    }
    h.push_str(",months_to_target,months_to_first_deal,ceasefire_month\n");
    h
}

/// Appends one `runs.csv` row per run.
pub fn runs_csv_rows(outcomes: &[RunOutcome], out: &mut String) {
    for o in outcomes {
        let _ = write!(out, "{}", o.run);
        for v in o.metrics() {
            out.push(',');
            push_number(out, v);
        }
        for v in o.optional_metrics() {
            out.push(',');
            if let Some(m) = v {
                let _ = write!(out, "{m}");
            }
        }
        out.push(',');
        if let Some(m) = o.ceasefire_month {
            let _ = write!(out, "{m}");
        }
        out.push('\n');
    }
}

/// Integers as integers; other values rounded to 6 decimals.
fn push_number(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{:.6}", v);
    }
}

/// `monthly.csv`: each series' mean and quantiles per month.
pub fn monthly_csv(scenario: &Scenario, stats: &Collector) -> String {
    let mut out = String::from("month,calendar,series,mean,p05,p25,p50,p75,p95\n");
    for (m, series) in stats.monthly.iter().enumerate() {
        let calendar = scenario.calendar(m as u32);
        for (name, acc) in MONTHLY_SERIES.iter().zip(series) {
            let s = acc.summary();
            let _ = write!(out, "{m},{calendar},{name}");
            for v in [s.mean, s.p05, s.p25, s.p50, s.p75, s.p95] {
                out.push(',');
                push_number(&mut out, v);
            }
            out.push('\n');
        }
    }
    out
}

/// The summary table printed on stdout.
pub fn table(scenario: &Scenario, seed: u64, stats: &Collector) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} runs, seed {seed}, {} months from {}",
        scenario.name, stats.runs, scenario.horizon_months, scenario.start
    );
    let _ = writeln!(out);
    let header = ["metric", "unit", "mean", "95% CI", "p05", "p50", "p95"];
    let mut rows: Vec<[String; 7]> = stats
        .summaries()
        .into_iter()
        .map(|(name, s)| match s {
            Some(s) => [
                name.to_string(),
                metric_unit(name).to_string(),
                fmt(s.mean),
                format!("{} to {}", fmt(s.ci95[0]), fmt(s.ci95[1])),
                fmt(s.p05),
                fmt(s.p50),
                fmt(s.p95),
            ],
            None => [
                name.to_string(),
                metric_unit(name).to_string(),
                "-".into(),
                "no run".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ],
        })
        .collect();
    rows.insert(0, header.map(String::from));
    out.push_str(&text_table(&rows));
    let _ = writeln!(
        out,
        "\nThe stock fell below {} in {:.1}% of runs, and a deal was made in {:.1}% \
         (months_to_target and months_to_first_deal count those runs).",
        scenario.prisoners.target_stock,
        100.0 * (1.0 - stats.share_never_reached_target()),
        100.0 * (1.0 - stats.missing_shares()[1].1)
    );
    out
}

/// Rows as a plain-text table: the first row a header underlined, the first two columns
/// (names and units) aligned left, the numbers right.
pub fn text_table<R: AsRef<[String]>>(rows: &[R]) -> String {
    let cols = rows.first().map_or(0, |r| r.as_ref().len());
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.as_ref()[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.as_ref().iter().enumerate() {
            if c < 2 {
                let _ = write!(line, "{cell:<w$}  ", w = widths[c]);
            } else {
                let _ = write!(line, "{cell:>w$}  ", w = widths[c]);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if i == 0 {
            let rule = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
            let _ = writeln!(out, "{}", "-".repeat(rule));
        }
    }
    out
}

/// A number for people: one decimal below 1,000, none above, thousands separated.
pub fn fmt(v: f64) -> String {
    let (digits, decimals) = if v.abs() >= 1000.0 {
        (format!("{:.0}", v.abs()), String::new())
    } else {
        let s = format!("{:.1}", v.abs());
        let (i, d) = s.split_once('.').unwrap_or((&s, "0"));
        (i.to_string(), format!(".{d}"))
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && (grouped != "0" || !decimals.trim_matches(['.', '0']).is_empty()) {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}{decimals}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(fmt(2444.4), "2,444");
        assert_eq!(fmt(1234567.0), "1,234,567");
        assert_eq!(fmt(7.64), "7.6");
        assert_eq!(fmt(-12.35), "-12.3");
        assert_eq!(fmt(-0.01), "0.0");
        assert_eq!(fmt(0.0), "0.0");
    }

    #[test]
    fn csv_numbers_are_integers_or_six_decimals() {
        let mut s = String::new();
        push_number(&mut s, 12.0);
        s.push(' ');
        push_number(&mut s, 0.1 + 0.2);
        assert_eq!(s, "12 0.300000");
    }
}
