//! The model against the historical record: which observed figures a scenario can be
//! scored on, what a run says of each, backtests ([`backtest`]) and calibration by
//! approximate Bayesian computation: rejection ([`abc`]) and sequential Monte Carlo
//! ([`smc`]), which share the parameters ([`params`]), the model fitted ([`model`]), the
//! result ([`calibration`]) and the choice of the best fit ([`best`]).
//!
//! Pure computation over a [`crate::data::Record`] and the engine: no files, no printing.
//! Every batch here is cut into the engine's fixed chunks and merged in run order, so the
//! same seed gives the same numbers on any number of threads.

pub mod abc;
pub mod backtest;
pub mod best;
pub mod calibration;
pub mod model;
pub mod params;
pub mod smc;

pub use params::ParamError;

use crate::calendar::YearMonth;
use crate::data::Record;
use crate::engine::batch::{BatchError, CHUNK_RUNS, for_chunks_in_order};
use crate::engine::{MonthRecord, Observer};
use crate::scenario::Scenario;
use serde::Serialize;

/// What an observation counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Political prisoners held at the end of a month (`prisoner_counts.csv`).
    Stock,
    /// New political prisoners over a period (`flows.csv` `new_recognitions`).
    Arrests,
    /// New political prisoners in one month (`monthly_recognitions.csv`).
    ArrestsMonth,
    /// People released by the regime over a period (`flows.csv` `pardons`).
    Released,
    /// Deaths in custody over a period (`flows.csv` `deaths_in_custody`).
    Deaths,
}

impl Kind {
    /// Every kind, in the order backtests report their coverage.
    pub const ALL: [Kind; 5] = [
        Kind::Stock,
        Kind::Arrests,
        Kind::ArrestsMonth,
        Kind::Released,
        Kind::Deaths,
    ];

    /// The kind's name in output files (as serde writes it): `stock`, `arrests`,
    /// `arrests_month`, `released` or `deaths`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Stock => "stock",
            Kind::Arrests => "arrests",
            Kind::ArrestsMonth => "arrests_month",
            Kind::Released => "released",
            Kind::Deaths => "deaths",
        }
    }

    /// The scale of the distance's residual for an observed value `obs`
    /// (docs/calibration.md): for the stock, the 2% by which Viasna's revisions move a count (at least 10 people);
    /// for a flow, Poisson noise `sqrt(obs)` (at least 1) and the same 2%, in quadrature.
    pub fn scale(self, obs: f64) -> f64 {
        match self {
            Kind::Stock => (0.02 * obs).max(10.0),
            _ => (obs.max(1.0) + (0.02 * obs).powi(2)).sqrt(),
        }
    }

    /// Whether the calibration distance counts this kind. Single months of new
    /// recognitions are left to the backtest: the model's arrests are Poisson around a
    /// yearly rate and cannot follow a month of 139 after one of 40.
    pub fn in_distance(self) -> bool {
        self != Kind::ArrestsMonth
    }
}

/// One observed figure and the months of a run it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// What the figure counts.
    pub kind: Kind,
    /// The date (`2024-06-30`) or period (`2022-01-01 to 2022-12-31`) as the data gives it.
    pub label: String,
    /// First and last month index (from the scenario's start) the figure covers; for a
    /// count, the one month whose end it is.
    pub first: i32,
    /// The last month index the figure covers (negative: before the scenario's start).
    pub last: i32,
    /// The figure as the data gives it: people.
    pub observed: f64,
    /// Why it is not scored (outside the simulated months), or `None` if it is.
    pub unscored: Option<String>,
}

impl Observation {
    /// Whether the figure falls inside the simulated months and is compared with runs.
    pub fn scored(&self) -> bool {
        self.unscored.is_none()
    }

    /// The first month as a calendar month.
    pub fn first_month(&self, start: YearMonth) -> YearMonth {
        start.plus(self.first)
    }
}

/// The observations of `record` a scenario can be scored on, in file order (counts,
/// flows, monthly recognitions). Those outside its months are kept, marked unscored.
pub fn observations(scenario: &Scenario, record: &Record) -> Vec<Observation> {
    let start = scenario.start;
    let horizon = scenario.horizon_months as i32;
    let end = start.plus(horizon - 1);
    let mark = |first: i32, last: i32| -> Option<String> {
        if first < 0 {
            Some(format!("before the scenario's first month ({start})"))
        } else if last >= horizon {
            Some(format!("after the scenario's last month ({end})"))
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for c in &record.counts {
        let m = c.date.stock_month().months_since(start);
        out.push(Observation {
            kind: Kind::Stock,
            label: c.date.to_string(),
            first: m,
            last: m,
            observed: c.count as f64,
            unscored: if m == -1 {
                Some("the stock at the start, which the scenario sets".into())
            } else {
                mark(m, m)
            },
        });
    }
    for f in &record.flows {
        let (a, b) = f.months();
        let (first, last) = (a.months_since(start), b.months_since(start));
        let label = format!("{} to {}", f.period_start, f.period_end);
        for (kind, value) in [
            (Kind::Arrests, f.new_recognitions),
            (Kind::Released, f.pardons),
            (Kind::Deaths, f.deaths_in_custody),
        ] {
            if let Some(v) = value {
                out.push(Observation {
                    kind,
                    label: label.clone(),
                    first,
                    last,
                    observed: v as f64,
                    unscored: mark(first, last),
                });
            }
        }
    }
    for r in &record.monthly {
        let m = r.month.months_since(start);
        out.push(Observation {
            kind: Kind::ArrestsMonth,
            label: r.month.to_string(),
            first: m,
            last: m,
            observed: r.new_recognitions as f64,
            unscored: mark(m, m),
        });
    }
    out
}

/// A run's monthly figures, as an [`Observer`] keeps them.
#[derive(Debug, Clone, Default)]
pub struct Path {
    /// Political prisoners held at the end of each month, by month index.
    pub stock: Vec<u64>,
    /// New political arrests in each month.
    pub arrests: Vec<u64>,
    /// Prisoners released in each month, by any route (deportees included).
    pub released: Vec<u64>,
    /// Deaths in custody in each month.
    pub deaths: Vec<u64>,
}

impl Observer for Path {
    fn month(&mut self, r: &MonthRecord) {
        self.stock.push(r.stock);
        self.arrests.push(r.arrests);
        self.released.push(r.released);
        self.deaths.push(r.deaths);
    }

    fn wants_choices(&self) -> bool {
        false
    }
}

impl Path {
    /// What this run says of a scored observation: the stock at the end of its month, or
    /// the sum of a flow over its months.
    pub fn value(&self, o: &Observation) -> f64 {
        let (a, b) = (o.first.max(0) as usize, o.last.max(0) as usize);
        let sum = |v: &[u64]| v.get(a..=b).map_or(0, |s| s.iter().sum::<u64>()) as f64;
        match o.kind {
            Kind::Stock => self.stock.get(a).copied().unwrap_or(0) as f64,
            Kind::Arrests | Kind::ArrestsMonth => sum(&self.arrests),
            Kind::Released => sum(&self.released),
            Kind::Deaths => sum(&self.deaths),
        }
    }
}

/// The calibration distance between a run and the scored observations that count
/// ([`Kind::in_distance`]): with the scaled residual `r = (simulated - observed) /
/// Kind::scale(observed)` of each, the mean of `r^2` within each kind, averaged over the
/// kinds present, square-rooted. Each kind weighs the same whatever its number of points,
/// so that 30 counts of the stock do not drown 4 yearly death tolls. `None` if no
/// observation counts.
pub fn distance(path: &Path, observations: &[Observation]) -> Option<f64> {
    let mut by_kind = [(0.0f64, 0usize); Kind::ALL.len()];
    for o in observations
        .iter()
        .filter(|o| o.scored() && o.kind.in_distance())
    {
        let r = (path.value(o) - o.observed) / o.kind.scale(o.observed);
        let k = &mut by_kind[o.kind as usize];
        k.0 += r * r;
        k.1 += 1;
    }
    let kinds: Vec<f64> = by_kind
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(sum, n)| sum / *n as f64)
        .collect();
    (!kinds.is_empty()).then(|| (kinds.iter().sum::<f64>() / kinds.len() as f64).sqrt())
}

/// Quantiles of sorted values by linear interpolation between order statistics (type 7,
/// as the rest of the project).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The weighted quantile of `(value, weight)` pairs sorted by value, weights summing to
/// 1: each value stands at the middle of its weight on the cumulative scale, and `p` is
/// interpolated linearly between those points (below the first or above the last, the
/// end value). With equal weights this is Hazen's rule, `(k - 0.5) / n`.
pub fn weighted_quantile(sorted: &[(f64, f64)], p: f64) -> f64 {
    let Some(&(first, _)) = sorted.first() else {
        return f64::NAN;
    };
    let mut below = 0.0;
    let mut prev = (first, f64::NEG_INFINITY);
    for &(x, w) in sorted {
        let mid = below + w / 2.0;
        if p < mid {
            if prev.1 == f64::NEG_INFINITY {
                return x;
            }
            return prev.0 + (x - prev.0) * (p - prev.1) / (mid - prev.1);
        }
        prev = (x, mid);
        below += w;
    }
    prev.0
}

/// Maps the indices `range` in the engine's fixed chunks, in parallel, and hands each
/// chunk's results to `consume` in index order: the same results, in the same order, on
/// any number of threads.
pub(crate) fn map_range_in_order<T: Send>(
    range: std::ops::Range<u64>,
    threads: Option<usize>,
    map: &(dyn Fn(u64) -> T + Sync),
    consume: &mut (dyn FnMut(Vec<T>) -> Result<(), BatchError> + Send),
) -> Result<(), BatchError> {
    let (start, end) = (range.start, range.end.max(range.start));
    for_chunks_in_order(
        end - start,
        threads,
        &|chunk| {
            let first = start + chunk * CHUNK_RUNS;
            (first..(first + CHUNK_RUNS).min(end)).map(map).collect()
        },
        consume,
    )
}

/// Where `x` falls among `sorted` values, 0 to 1: the share below it plus half the share
/// equal to it (the mid-rank percentile, so that a value equal to every run's is 0.5).
pub fn percentile_of(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let below = sorted.partition_point(|v| *v < x);
    let not_above = sorted.partition_point(|v| *v <= x);
    (below as f64 + 0.5 * (not_above - below) as f64) / sorted.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank_percentiles() {
        let v = [1.0, 2.0, 2.0, 3.0];
        assert_eq!(percentile_of(&v, 0.0), 0.0);
        assert_eq!(percentile_of(&v, 2.0), 0.5);
        assert_eq!(percentile_of(&v, 2.5), 0.75);
        assert_eq!(percentile_of(&v, 9.0), 1.0);
        assert_eq!(percentile_of(&[5.0; 10], 5.0), 0.5);
    }

    #[test]
    fn type_7_quantiles() {
        let v = [10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(quantile(&v, 0.0), 10.0);
        assert_eq!(quantile(&v, 0.5), 30.0);
        assert_eq!(quantile(&v, 0.05), 12.0);
        assert_eq!(quantile(&v, 1.0), 50.0);
    }

    #[test]
    fn weighted_quantiles_interpolate_between_the_middles_of_the_weights() {
        // Middles at 0.125, 0.5 and 0.875 on the cumulative scale.
        let v = [(1.0, 0.25), (2.0, 0.5), (4.0, 0.25)];
        assert_eq!(weighted_quantile(&v, 0.05), 1.0);
        assert_eq!(weighted_quantile(&v, 0.125), 1.0);
        assert!((weighted_quantile(&v, 0.3125) - 1.5).abs() < 1e-12);
        assert_eq!(weighted_quantile(&v, 0.5), 2.0);
        assert!((weighted_quantile(&v, 0.6875) - 3.0).abs() < 1e-12);
        assert_eq!(weighted_quantile(&v, 0.95), 4.0);
        // Equal weights: Hazen's rule, the median of an even count halfway.
        let e = [(10.0, 0.25), (20.0, 0.25), (30.0, 0.25), (40.0, 0.25)];
        assert_eq!(weighted_quantile(&e, 0.5), 25.0);
        assert!(weighted_quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn a_path_sums_flows_over_their_months() {
        let p = Path {
            stock: vec![10, 20, 30],
            arrests: vec![1, 2, 3],
            released: vec![0, 5, 0],
            deaths: vec![0, 0, 1],
        };
        let o = |kind, first, last| Observation {
            kind,
            label: String::new(),
            first,
            last,
            observed: 0.0,
            unscored: None,
        };
        assert_eq!(p.value(&o(Kind::Stock, 1, 1)), 20.0);
        assert_eq!(p.value(&o(Kind::Arrests, 0, 2)), 6.0);
        assert_eq!(p.value(&o(Kind::Released, 1, 2)), 5.0);
        assert_eq!(p.value(&o(Kind::Deaths, 0, 2)), 1.0);
    }

    #[test]
    fn the_distance_is_the_rms_of_scaled_residuals() {
        let p = Path {
            stock: vec![1000, 1100],
            arrests: vec![50, 50],
            released: vec![0, 0],
            deaths: vec![0, 0],
        };
        let o = |kind, first, last, observed| Observation {
            kind,
            label: String::new(),
            first,
            last,
            observed,
            unscored: None,
        };
        // Stock 1,100 against 1,000 observed: scale 20, residual 5; against 1,100:
        // residual 0; mean square 12.5 for the stock. Arrests 100 against 100: 0. Mean
        // over the two kinds: 6.25.
        let obs = [
            o(Kind::Stock, 1, 1, 1000.0),
            o(Kind::Stock, 1, 1, 1100.0),
            o(Kind::Arrests, 0, 1, 100.0),
        ];
        let d = distance(&p, &obs).unwrap();
        assert!((d - 6.25f64.sqrt()).abs() < 1e-12, "{d}");
        // A single month of recognitions does not count.
        let obs = [o(Kind::ArrestsMonth, 0, 0, 10.0)];
        assert_eq!(distance(&p, &obs), None);
    }
}
