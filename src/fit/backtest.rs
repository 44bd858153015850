//! Backtests: simulate a scenario from its start and say where each observed figure falls
//! among the runs: its percentile, and whether it is inside the middle 50% and 90%.
//!
//! A batch may mix several prepared scenarios of the same months (run `r` uses
//! `preps[r % preps.len()]`, or a slot list that repeats them by weight): that is how
//! `calibrate` draws bands from its posterior.

use super::{Kind, Observation, Path, map_range_in_order, percentile_of, quantile};
use crate::engine::batch::BatchError;
use crate::engine::{Prepared, simulate};
use serde::Serialize;

/// The quantiles every band reports, in this order.
pub const PROBS: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// The simulated stock at the end of one month: p05, p25, p50, p75, p95 over runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthBand {
    /// Month index from the scenario's start (0 = the start month).
    pub month: u32,
    /// The calendar month, `YYYY-MM`.
    pub calendar: String,
    /// 5th percentile of the simulated stock over runs, people.
    pub p05: f64,
    /// 25th percentile, people.
    pub p25: f64,
    /// Median, people.
    pub p50: f64,
    /// 75th percentile, people.
    pub p75: f64,
    /// 95th percentile, people.
    pub p95: f64,
}

/// One observation and where it falls; the simulated fields are `None` when unscored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The observed figure and the months it covers (its fields written inline).
    #[serde(flatten)]
    pub observation: Observation,
    /// p05, p25, p50, p75, p95 of the simulated figure.
    pub simulated: Option<[f64; 5]>,
    /// The observed figure's mid-rank percentile among the runs, 0 to 1.
    pub percentile: Option<f64>,
    /// Whether the percentile is inside the middle 50% of runs, [0.25, 0.75].
    pub in50: Option<bool>,
    /// Whether the percentile is inside the middle 90% of runs, [0.05, 0.95].
    pub in90: Option<bool>,
}

/// How many scored points of a kind (or of all, `kind = "all"`) fall inside each band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The kind's name ([`Kind::name`]), or `all`.
    pub kind: String,
    /// Scored points of the kind.
    pub scored: usize,
    /// Of those, inside the middle 50% of runs.
    pub in50: usize,
    /// Of those, inside the middle 90% of runs.
    pub in90: usize,
}

impl Coverage {
    /// The share of scored points inside the middle 50% (0 when none is scored); about 0.5
    /// when the model's spread is right.
    pub fn share50(&self) -> f64 {
        self.in50 as f64 / self.scored.max(1) as f64
    }
    /// The share of scored points inside the middle 90% (0 when none is scored).
    pub fn share90(&self) -> f64 {
        self.in90 as f64 / self.scored.max(1) as f64
    }
}

/// A backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Runs simulated.
    pub runs: u64,
    /// The master seed.
    pub seed: u64,
    /// The simulated stock's band for each month of the horizon, in month order.
    pub months: Vec<MonthBand>,
    /// Every observation given, in the order given, scored or not.
    pub points: Vec<Point>,
    /// By kind, in [`Kind::ALL`] order (kinds without scored points left out), then all.
    pub coverage: Vec<Coverage>,
}

/// Whether a percentile is inside the central band of probability `width`.
fn inside(p: f64, width: f64) -> bool {
    let tail = (1.0 - width) / 2.0;
    (tail..=1.0 - tail).contains(&p)
}

/// Simulates `runs` runs and scores `observations`. Run `r` is run `r` of the seed (as
/// `leverage run` seeds it) of `preps[r % preps.len()]`, or, given `slots`, of
/// `preps[slots[r % slots.len()]]`: a weighted posterior is drawn by repeating each
/// scenario in `slots` as often as its weight says. `preps` must share start and horizon.
pub fn backtest(
    preps: &[Prepared],
    slots: Option<&[usize]>,
    observations: &[Observation],
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Backtest, BatchError> {
    let each: Vec<usize>;
    let slots = match slots {
        Some(s) => s,
        None => {
            each = (0..preps.len()).collect();
            &each
        }
    };
    assert!(
        !preps.is_empty() && !slots.is_empty(),
        "a backtest needs a scenario"
    );
    let horizon = preps[0].scenario.horizon_months as usize;
    let start = preps[0].scenario.start;
    let scored: Vec<&Observation> = observations.iter().filter(|o| o.scored()).collect();
    // stock[month][run] and values[observation][run], in run order.
    let mut stock: Vec<Vec<f64>> = vec![Vec::with_capacity(runs as usize); horizon];
    let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(runs as usize); scored.len()];
    let mut done = 0u64;
    map_range_in_order(
        0..runs,
        threads,
        &|run| {
            let prep = &preps[slots[(run % slots.len() as u64) as usize]];
            let mut path = Path::default();
            simulate(prep, seed, run, &mut path);
            let v: Vec<f64> = scored.iter().map(|o| path.value(o)).collect();
            (path.stock, v)
        },
        &mut |chunk: Vec<(Vec<u64>, Vec<f64>)>| {
            for (s, v) in chunk {
                for (m, x) in s.into_iter().enumerate().take(horizon) {
                    stock[m].push(x as f64);
                }
                for (k, x) in v.into_iter().enumerate() {
                    values[k].push(x);
                }
                done += 1;
            }
            progress(done);
            Ok(())
        },
    )?;
    let qs = |v: &mut Vec<f64>| -> [f64; 5] {
        v.sort_by(f64::total_cmp);
        PROBS.map(|p| quantile(v, p))
    };
    let months = stock
        .iter_mut()
        .enumerate()
        .map(|(m, v)| {
            let q = qs(v);
            MonthBand {
                month: m as u32,
                calendar: start.plus(m as i32).to_string(),
                p05: q[0],
                p25: q[1],
                p50: q[2],
                p75: q[3],
                p95: q[4],
            }
        })
        .collect();
    let mut k = 0;
    let mut points = Vec::with_capacity(observations.len());
    for o in observations {
        if !o.scored() {
            points.push(Point {
                observation: o.clone(),
                simulated: None,
                percentile: None,
                in50: None,
                in90: None,
            });
            continue;
        }
        let v = &mut values[k];
        k += 1;
        let q = qs(v);
        let p = percentile_of(v, o.observed);
        points.push(Point {
            observation: o.clone(),
            simulated: Some(q),
            percentile: Some(p),
            in50: Some(inside(p, 0.5)),
            in90: Some(inside(p, 0.9)),
        });
    }
    let count = |name: &str, f: &dyn Fn(&Point) -> bool| {
        let of: Vec<&Point> = points
            .iter()
            .filter(|p| p.percentile.is_some() && f(p))
            .collect();
        Coverage {
            kind: name.to_string(),
            scored: of.len(),
            in50: of.iter().filter(|p| p.in50 == Some(true)).count(),
            in90: of.iter().filter(|p| p.in90 == Some(true)).count(),
        }
    };
    let mut coverage: Vec<Coverage> = Kind::ALL
        .iter()
        .map(|k| count(k.name(), &|p: &Point| p.observation.kind == *k))
        .filter(|c| c.scored > 0)
        .collect();
    coverage.push(count("all", &|_| true));
    Ok(Backtest {
        runs,
        seed,
        months,
        points,
        coverage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_central() {
        assert!(inside(0.25, 0.5) && inside(0.75, 0.5) && !inside(0.76, 0.5));
        assert!(inside(0.05, 0.9) && inside(0.95, 0.9) && !inside(0.04, 0.9));
    }
}
