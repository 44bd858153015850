//! Exporters of a backtest (and of a calibration's posterior predictive check):
//! `backtest.json` (read back by `plot`), `backtest.csv` and the text printed. Each takes
//! the finished [`Backtest`]; nothing here simulates, prints or touches files.

use super::fmt;
use crate::fit::Observation;
use crate::fit::backtest::Backtest;
use crate::results::backtest::{CoverageFile, MonthBandFile, PointFile};
use crate::results::{self, BacktestFile, ScenarioRef, VERSION};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// `backtest.json` as its typed schema: provenance, the coverage, every point and the
/// monthly bands. `data` is the path of the observed record and `lead` names the check
/// ("Backtest" or "Posterior predictive"): `plot` puts both in the chart's subtitle.
pub fn backtest_file(scenario: &Scenario, data: &str, lead: &str, bt: &Backtest) -> BacktestFile {
    BacktestFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(scenario),
        data: data.to_string(),
        lead: lead.to_string(),
        seed: bt.seed,
        runs: bt.runs,
        start: scenario.start.to_string(),
        horizon_months: scenario.horizon_months,
        coverage: bt
            .coverage
            .iter()
            .map(|c| CoverageFile {
                kind: c.kind.clone(),
                scored: c.scored,
                in50: c.in50,
                in90: c.in90,
                share50: c.share50(),
                share90: c.share90(),
            })
            .collect(),
        points: bt
            .points
            .iter()
            .map(|p| {
                let o = &p.observation;
                PointFile {
                    kind: o.kind.name().to_string(),
                    label: o.label.clone(),
                    first: o.first,
                    last: o.last,
                    observed: o.observed,
                    unscored: o.unscored.clone(),
                    simulated: p.simulated,
                    percentile: p.percentile,
                    in50: p.in50,
                    in90: p.in90,
                }
            })
            .collect(),
        months: bt
            .months
            .iter()
            .map(|m| MonthBandFile {
                month: m.month,
                calendar: m.calendar.clone(),
                p05: m.p05,
                p25: m.p25,
                p50: m.p50,
                p75: m.p75,
                p95: m.p95,
            })
            .collect(),
    }
}

/// `backtest.json`'s text: [`backtest_file`], pretty-printed. No time or thread count, so
/// the same inputs give the same bytes.
pub fn backtest_json(scenario: &Scenario, data: &str, lead: &str, bt: &Backtest) -> String {
    results::pretty(&backtest_file(scenario, data, lead, bt))
}

/// `backtest.csv`: one row per observed figure, scored or not: the figure and the months
/// it covers, the simulated p05 to p95 of the same figure over runs, its mid-rank
/// percentile among them (in [0, 1]) and whether it falls in the 50% and 90% bands; for a
/// figure not scored these are empty and `not_scored` says why.
pub fn backtest_csv(scenario: &Scenario, bt: &Backtest) -> String {
    let mut out = String::from(
        "kind,observed_at,first_month,last_month,observed,p05,p25,p50,p75,p95,percentile,in50,in90,not_scored\n",
    );
    let q = |x: f64| format!("{x}");
    for p in &bt.points {
        let o = &p.observation;
        let label = if o.label.contains(',') {
            format!("\"{}\"", o.label)
        } else {
            o.label.clone()
        };
        let _ = write!(
            out,
            "{},{label},{},{},{},",
            o.kind.name(),
            scenario.start.plus(o.first),
            scenario.start.plus(o.last),
            o.observed
        );
        match (p.simulated, p.percentile, p.in50, p.in90) {
            (Some(s), Some(pc), Some(a), Some(b)) => {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{pc:.4},{a},{b},",
                    q(s[0]),
                    q(s[1]),
                    q(s[2]),
                    q(s[3]),
                    q(s[4])
                );
            }
            _ => {
                let why = o.unscored.clone().unwrap_or_default().replace('"', "'");
                let _ = writeln!(out, ",,,,,,,,\"{why}\"");
            }
        }
    }
    out
}

/// The text a backtest prints: every scored point, what was left out, the coverage.
/// `data` is the record's path and `what` names the check in the first line
/// ("backtest" or "posterior predictive").
pub fn backtest_text(scenario: &Scenario, data: &str, what: &str, bt: &Backtest) -> String {
    let mut out = String::new();
    let end = scenario.start.plus(scenario.horizon_months as i32 - 1);
    let _ = writeln!(
        out,
        "{}: {what} against {data}, {} runs, seed {}, {} to {end}\n",
        scenario.name, bt.runs, bt.seed, scenario.start
    );
    let mut rows: Vec<Vec<String>> = vec![
        [
            "kind",
            "observed at",
            "observed",
            "p05",
            "p50",
            "p95",
            "percentile",
            "in 50%",
            "in 90%",
        ]
        .map(String::from)
        .into(),
    ];
    let yes = |b: Option<bool>| if b == Some(true) { "yes" } else { "no" }.to_string();
    for p in bt.points.iter().filter(|p| p.percentile.is_some()) {
        let s = p.simulated.unwrap_or([f64::NAN; 5]);
        rows.push(vec![
            p.observation.kind.name().to_string(),
            p.observation.label.clone(),
            fmt(p.observation.observed),
            fmt(s[0]),
            fmt(s[2]),
            fmt(s[4]),
            format!("{:.0}%", 100.0 * p.percentile.unwrap_or(f64::NAN)),
            yes(p.in50),
            yes(p.in90),
        ]);
    }
    out.push_str(&super::text_table(&rows));
    let unscored: Vec<&Observation> = bt
        .points
        .iter()
        .map(|p| &p.observation)
        .filter(|o| !o.scored())
        .collect();
    if !unscored.is_empty() {
        let mut reasons: Vec<(String, usize)> = Vec::new();
        for o in &unscored {
            let r = o.unscored.clone().unwrap_or_default();
            match reasons.iter_mut().find(|(x, _)| *x == r) {
                Some((_, n)) => *n += 1,
                None => reasons.push((r, 1)),
            }
        }
        let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let _ = writeln!(
            out,
            "\nNot scored: {} figures ({}).",
            unscored.len(),
            parts.join("; ")
        );
    }
    let _ = writeln!(out);
    let mut rows: Vec<Vec<String>> = vec![
        ["coverage", "", "scored", "in 50% band", "in 90% band"]
            .map(String::from)
            .into(),
    ];
    for c in &bt.coverage {
        rows.push(vec![
            c.kind.clone(),
            String::new(),
            c.scored.to_string(),
            format!("{} ({:.0}%)", c.in50, 100.0 * c.share50()),
            format!("{} ({:.0}%)", c.in90, 100.0 * c.share90()),
        ]);
    }
    out.push_str(&super::text_table(&rows));
    let _ = writeln!(
        out,
        "\nA well-calibrated model puts about half the observed figures inside its 50% band \
         and nine in ten inside its 90% band."
    );
    out
}
