//! Variance-based sensitivity: first-order and total Sobol indices by Saltelli sampling.
//!
//! The design (Saltelli 2002; Saltelli et al. 2010, "Variance based sensitivity analysis of
//! model output", Comput. Phys. Commun. 181) takes two independent samples `A` and `B` of
//! `n` points in the unit cube `[0, 1)^k` and, for each input `i`, the matrix `A_B^i`: `A`
//! with column `i` taken from `B`. The model is evaluated at the `n (k + 2)` points and
//!
//! - first order: `S_i = mean((f(B) - m) (f(A_B^i) - f(A))) / V` (Saltelli et al. 2010,
//!   table 2, with `f(B)` centred on the mean `m` of `f` over `A` and `B`, which leaves
//!   the estimator unbiased and cuts its variance when the mean is large);
//! - total: `ST_i = mean((f(A) - f(A_B^i))^2) / (2 V)` (Jansen 1999);
//!
//! with `V` the variance of `f` over the points of `A` and `B`. Confidence intervals are
//! bootstrap percentiles: the `n` rows are resampled with replacement and the indices
//! computed again.
//!
//! Everything here is deterministic for a seed; nothing simulates.

use crate::stats::mix64;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng};

/// The points of a Saltelli design in the unit cube, in evaluation order: the `n` rows
/// of `A`, the `n` rows of `B`, then the `n` rows of `A_B^i` for each input `i` in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Base rows: the rows of `A`, and of `B`.
    pub n: usize,
    /// Inputs: the columns of every row.
    pub k: usize,
    /// The `n (k + 2)` points, each `k` coordinates in `[0, 1)`, in evaluation order.
    pub points: Vec<Vec<f64>>,
}

impl Design {
    /// A design of `n` base rows over `k` inputs, drawn from `seed`.
    pub fn new(n: usize, k: usize, seed: u64) -> Design {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix64(seed ^ 0x50b0_1da7_a5e7_1234));
        let mut draw = |_| (0..k).map(|_| rng.random::<f64>()).collect::<Vec<f64>>();
        let a: Vec<Vec<f64>> = (0..n).map(&mut draw).collect();
        let b: Vec<Vec<f64>> = (0..n).map(&mut draw).collect();
        let mut points = Vec::with_capacity(n * (k + 2));
        points.extend(a.iter().cloned());
        points.extend(b.iter().cloned());
        for i in 0..k {
            for (ra, rb) in a.iter().zip(&b) {
                let mut row = ra.clone();
                row[i] = rb[i];
                points.push(row);
            }
        }
        Design { n, k, points }
    }

    /// The model evaluations this design needs: `n (k + 2)`.
    pub fn evaluations(n: usize, k: usize) -> usize {
        n * (k + 2)
    }
}

/// The indices of one input, with 95% bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Indices {
    /// First-order index `S_i`: the share of the output's variance the input explains
    /// alone (estimates can fall a little outside [0, 1]).
    pub first: f64,
    /// The 2.5% and 97.5% bootstrap quantiles of `first` (both equal to it if no
    /// resample's output varied).
    pub first_ci95: [f64; 2],
    /// Total index `ST_i`: the share explained by the input with all its interactions.
    pub total: f64,
    /// The 2.5% and 97.5% bootstrap quantiles of `total` (both equal to it if no
    /// resample's output varied).
    pub total_ci95: [f64; 2],
}

/// `(first, total)` per input from the evaluations `f` (in [`Design`] order) over the
/// base rows `rows` (indices into `0..n`, repeats allowed). `None` when the output does not
/// vary over those rows.
fn estimate(f: &[f64], n: usize, k: usize, rows: &[usize]) -> Option<Vec<(f64, f64)>> {
    let (fa, fb) = (&f[..n], &f[n..2 * n]);
    let first_value = fa[rows[0]];
    if rows
        .iter()
        .all(|&j| fa[j] == first_value && fb[j] == first_value)
    {
        return None;
    }
    let m = rows.len() as f64;
    let mean = rows.iter().map(|&j| fa[j] + fb[j]).sum::<f64>() / (2.0 * m);
    let var = rows
        .iter()
        .map(|&j| (fa[j] - mean).powi(2) + (fb[j] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m - 1.0);
    if var <= 0.0 || !var.is_finite() {
        return None;
    }
    Some(
        (0..k)
            .map(|i| {
                let fab = &f[(2 + i) * n..(3 + i) * n];
                // f(B) centred on the mean: the same estimator in expectation, with far
                // less variance when the output's mean is large against its spread.
                let first = rows
                    .iter()
                    .map(|&j| (fb[j] - mean) * (fab[j] - fa[j]))
                    .sum::<f64>()
                    / m;
                let total = rows.iter().map(|&j| (fa[j] - fab[j]).powi(2)).sum::<f64>() / m;
                (first / var, total / (2.0 * var))
            })
            .collect(),
    )
}

/// The 2.5% and 97.5% quantiles of `xs` (type 7).
fn interval(xs: &mut [f64]) -> [f64; 2] {
    xs.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (xs.len() - 1) as f64 * p;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
    };
    [q(0.025), q(0.975)]
}

/// First-order and total indices of each input from the evaluations `f` of a design of
/// `n` rows and `k` inputs, with `resamples` bootstrap resamples for the intervals (drawn
/// from `seed`). `None` when the output is constant: no variance to apportion.
pub fn indices(f: &[f64], n: usize, k: usize, resamples: usize, seed: u64) -> Option<Vec<Indices>> {
    assert_eq!(
        f.len(),
        Design::evaluations(n, k),
        "one evaluation per design point"
    );
    let all: Vec<usize> = (0..n).collect();
    let point = estimate(f, n, k, &all)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix64(seed ^ 0xb007_57a9_0000_0001));
    let mut firsts = vec![Vec::with_capacity(resamples); k];
    let mut totals = vec![Vec::with_capacity(resamples); k];
    let mut rows = vec![0; n];
    for _ in 0..resamples {
        for r in rows.iter_mut() {
            *r = rng.random_range(0..n);
        }
        // A resample whose output happens not to vary says nothing; it is skipped.
        if let Some(est) = estimate(f, n, k, &rows) {
            for (i, (s, t)) in est.into_iter().enumerate() {
                firsts[i].push(s);
                totals[i].push(t);
            }
        }
    }
    Some(
        point
            .into_iter()
            .enumerate()
            .map(|(i, (first, total))| {
                let ci = |xs: &mut Vec<f64>, at: f64| {
                    if xs.is_empty() {
                        [at, at]
                    } else {
                        interval(xs)
                    }
                };
                Indices {
                    first,
                    first_ci95: ci(&mut firsts[i], first),
                    total,
                    total_ci95: ci(&mut totals[i], total),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// The Ishigami function on [-pi, pi]^3 with a = 7, b = 0.1, and its exact indices.
    fn ishigami(x: &[f64]) -> f64 {
        let u: Vec<f64> = x.iter().map(|v| -PI + 2.0 * PI * v).collect();
        u[0].sin() + 7.0 * u[1].sin().powi(2) + 0.1 * u[2].powi(4) * u[0].sin()
    }

    fn ishigami_exact() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (7.0f64, 0.1f64);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    #[test]
    fn ishigami_indices_match_the_closed_form() {
        let (n, k) = (20_000, 3);
        let design = Design::new(n, k, 7);
        let f: Vec<f64> = design.points.iter().map(|x| ishigami(x)).collect();
        let got = indices(&f, n, k, 200, 7).unwrap();
        let (first, total) = ishigami_exact();
        assert!((first[0] - 0.3139).abs() < 1e-4 && (total[2] - 0.2437).abs() < 1e-4);
        for i in 0..k {
            // The bootstrap interval is about 4 standard errors wide: the exact value lies
            // within one interval width of the estimate, or the estimator is wrong.
            for (est, ci, exact) in [
                (got[i].first, got[i].first_ci95, first[i]),
                (got[i].total, got[i].total_ci95, total[i]),
            ] {
                let width = ci[1] - ci[0];
                assert!(width > 0.0 && width < 0.1, "input {i}: interval {ci:?}");
                assert!(
                    (est - exact).abs() < width,
                    "input {i}: {est} vs exact {exact}, interval {ci:?}"
                );
                assert!(
                    ci[0] <= est && est <= ci[1],
                    "input {i}: {est} outside {ci:?}"
                );
            }
        }
    }

    #[test]
    fn an_additive_function_has_equal_first_and_total_indices() {
        // f = x0 + 2 x1 on the unit square: V = 1/12 + 4/12, S0 = 0.2, S1 = 0.8.
        let (n, k) = (5_000, 3);
        let d = Design::new(n, k, 11);
        let f: Vec<f64> = d.points.iter().map(|x| x[0] + 2.0 * x[1]).collect();
        let got = indices(&f, n, k, 100, 1).unwrap();
        for (i, exact) in [0.2, 0.8, 0.0].into_iter().enumerate() {
            let w = got[i].total_ci95[1] - got[i].total_ci95[0];
            assert!(
                (got[i].total - exact).abs() < w.max(1e-12),
                "{i}: {:?}",
                got[i]
            );
            assert!((got[i].first - exact).abs() < 0.05, "{i}: {:?}", got[i]);
        }
        // An input the function ignores has a total index of exactly 0.
        assert_eq!(got[2].total, 0.0);
    }

    #[test]
    fn the_design_swaps_one_column_and_is_seeded() {
        let d = Design::new(4, 3, 5);
        assert_eq!(d.points.len(), Design::evaluations(4, 3));
        let (a, b) = (&d.points[0], &d.points[4]);
        let ab1 = &d.points[2 * 4 + 4]; // row 0 of A_B^1
        assert_eq!((ab1[0], ab1[1], ab1[2]), (a[0], b[1], a[2]));
        assert_eq!(d, Design::new(4, 3, 5));
        assert_ne!(d, Design::new(4, 3, 6));
        assert!(d.points.iter().flatten().all(|v| (0.0..1.0).contains(v)));
    }

    #[test]
    fn a_constant_output_has_no_indices() {
        let f = vec![3.0; Design::evaluations(10, 2)];
        assert!(indices(&f, 10, 2, 10, 1).is_none());
    }
}
