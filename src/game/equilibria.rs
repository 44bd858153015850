//! Two-player games in strategic form: best responses, dominance, Nash equilibria and
//! replicator dynamics.
//!
//! A [`Game`] holds the row player's payoffs `a` and the column player's payoffs `b`, both
//! `m x n` and row-major: `a[i][j]` is what the row player gets when she plays row `i` and
//! the column player plays column `j`. Mixed strategies are probability vectors over rows
//! (`x`, length `m`) and columns (`y`, length `n`); expected payoffs are `x^T A y` and
//! `x^T B y`.
//!
//! All Nash equilibria come from [`Game::support_enumeration`]: the equal-size support
//! enumeration of Nisan et al. (2007, *Algorithmic Game Theory*, ch. 3, von Stengel,
//! Algorithm 3.4), complete for nondegenerate games, followed, when the game turns out to be
//! degenerate, by the enumeration of completely labelled vertex pairs of the two
//! best-response polytopes (von Stengel 2002, "Computing equilibria for two-person games",
//! *Handbook of Game Theory* 3, ch. 45, section 3; Avis, Rosenberg, Savani and von Stengel
//! 2010, *Economic Theory* 42, 9-37), which yields every *extreme* equilibrium whatever the
//! support sizes. Both enumerations are exhaustive over supports: cost grows like
//! `C(m + n, m) min(m, n)^3`, meant for games of up to about ten strategies a side.
//!
//! This module must not draw random numbers, print or keep state; every function is a pure
//! function of its arguments. The fields of [`Game`] are public, so a caller can break the
//! shape invariant that [`Game::new`] checks; every method then returns an empty result
//! (or `false`) instead of panicking.

use super::GameError;
/// Relative tolerance for "is a best response": within `1e-9 max(1, |best payoff|)` of the
/// best payoff.
pub const BEST_RESPONSE_TOL: f64 = 1e-9;

/// Two reported equilibria closer than this (largest coordinate difference) are one.
pub const DEDUP_TOL: f64 = 1e-7;

/// Feasibility tolerance (non-negativity, no better pure deviation, tight constraints) on
/// the rescaled payoffs of [`normalised`], which lie in `[1, 2]`.
const FEAS_TOL: f64 = 1e-9;

/// A pivot smaller than this (on the rescaled payoffs) makes a linear system singular.
const PIVOT_TOL: f64 = 1e-11;

/// Probabilities are compared on this grid when sorting equilibria.
const SORT_GRID: f64 = 1e-9;

/// A bimatrix game: the row player's payoffs `a` and the column player's payoffs `b`, both
/// `rows x cols`, with one name per strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    /// The row player's strategy names, `m` of them.
    pub row_names: Vec<String>,
    /// The column player's strategy names, `n` of them.
    pub col_names: Vec<String>,
    /// The row player's payoffs, `m` rows of `n`.
    pub a: Vec<Vec<f64>>,
    /// The column player's payoffs, `m` rows of `n`.
    pub b: Vec<Vec<f64>>,
}

/// One Nash equilibrium: a mixed strategy per player and the expected payoffs.
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibrium {
    /// The row player's probabilities, one per row (non-negative, summing to 1).
    pub row: Vec<f64>,
    /// The column player's probabilities, one per column.
    pub col: Vec<f64>,
    /// `row^T A col`.
    pub payoff_row: f64,
    /// `row^T B col`.
    pub payoff_col: f64,
}

/// Steps of the replicator dynamics an [`Analysis`] runs from a uniform start.
pub const REPLICATOR_STEPS: usize = 2000;
/// The step size of those dynamics (payoffs rescaled per population).
pub const REPLICATOR_DT: f64 = 0.05;

/// What a meta-game says, computed once so that every exporter formats the same values:
/// its equilibria, each side's best responses, the strictly dominated strategies and
/// where replicator dynamics end. Indices are rows (the first player's strategies) and
/// columns (the second's).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The Nash equilibria found by support enumeration.
    pub equilibria: Equilibria,
    /// For each column, the rows that are best responses to it.
    pub row_best_responses: Vec<Vec<usize>>,
    /// For each row, the columns that are best responses to it.
    pub col_best_responses: Vec<Vec<usize>>,
    /// Rows strictly dominated by another pure row.
    pub dominated_rows: Vec<usize>,
    /// Columns strictly dominated by another pure column.
    pub dominated_cols: Vec<usize>,
    /// The mixtures (rows, columns) where [`REPLICATOR_STEPS`] steps of replicator
    /// dynamics from a uniform start end; `None` for a game that fails its check.
    pub replicator_end: Option<(Vec<f64>, Vec<f64>)>,
}

/// What [`Game::support_enumeration`] found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Equilibria {
    /// The equilibria: every equilibrium of a nondegenerate game; every extreme equilibrium
    /// (vertex of a maximal convex set of equilibria) of a degenerate one. Deduplicated
    /// within [`DEDUP_TOL`] and sorted lexicographically by `row` then `col`, larger
    /// probabilities on earlier strategies first.
    pub points: Vec<Equilibrium>,
    /// Some mixed strategy with `k` strategies in its support has more than `k` pure best
    /// responses (von Stengel 2002, Definition 3.2).
    pub degenerate: bool,
    /// The equilibria are not isolated: two distinct reported points are interchangeable
    /// (each player's strategy in one is a best response to the other's in the other), so
    /// every convex combination of them is an equilibrium too and `points` lists the
    /// extreme points of such a set. Only degenerate games have continua.
    pub continuum: bool,
}

impl Game {
    /// Builds a game, checking that both matrices are `m x n` with `m, n >= 1`, that every
    /// payoff is finite and that there is one name per strategy.
    pub fn new(
        row_names: Vec<String>,
        col_names: Vec<String>,
        a: Vec<Vec<f64>>,
        b: Vec<Vec<f64>>,
    ) -> Result<Game, GameError> {
        let game = Game {
            row_names,
            col_names,
            a,
            b,
        };
        game.check()?;
        Ok(game)
    }

    /// Builds a game with strategies named `r1, r2, ...` and `c1, c2, ...`.
    pub fn from_payoffs(a: Vec<Vec<f64>>, b: Vec<Vec<f64>>) -> Result<Game, GameError> {
        let m = a.len();
        let n = a.first().map_or(0, Vec::len);
        let row_names = (1..=m).map(|i| format!("r{i}")).collect();
        let col_names = (1..=n).map(|j| format!("c{j}")).collect();
        Game::new(row_names, col_names, a, b)
    }

    /// Checks the invariants [`Game::new`] establishes; the message says what is wrong.
    pub fn check(&self) -> Result<(), GameError> {
        let m = self.a.len();
        if m == 0 {
            return Err(GameError::NoRows);
        }
        let n = self.a[0].len();
        if n == 0 {
            return Err(GameError::NoColumns);
        }
        for (matrix, mat) in [("a", &self.a), ("b", &self.b)] {
            if mat.len() != m {
                return Err(GameError::Rows {
                    matrix,
                    rows: mat.len(),
                    expected: m,
                });
            }
            for (i, row) in mat.iter().enumerate() {
                if row.len() != n {
                    return Err(GameError::RowLength {
                        matrix,
                        row: i,
                        entries: row.len(),
                        expected: n,
                    });
                }
                if let Some(j) = row.iter().position(|v| !v.is_finite()) {
                    return Err(GameError::NotFinite {
                        matrix,
                        row: i,
                        col: j,
                        value: row[j],
                    });
                }
            }
        }
        if self.row_names.len() != m {
            return Err(GameError::RowNames {
                names: self.row_names.len(),
                rows: m,
            });
        }
        if self.col_names.len() != n {
            return Err(GameError::ColumnNames {
                names: self.col_names.len(),
                cols: n,
            });
        }
        Ok(())
    }

    /// The number of rows `m` (the row player's strategies).
    pub fn rows(&self) -> usize {
        self.a.len()
    }

    /// The number of columns `n` (the column player's strategies).
    pub fn cols(&self) -> usize {
        self.a.first().map_or(0, Vec::len)
    }

    /// The rows that maximise the row player's payoff against pure column `col`, in
    /// increasing order, within [`BEST_RESPONSE_TOL`]. Empty if `col` is out of range or the
    /// game is malformed.
    pub fn best_responses_row(&self, col: usize) -> Vec<usize> {
        if self.check().is_err() || col >= self.cols() {
            return Vec::new();
        }
        let column: Vec<f64> = self.a.iter().map(|r| r[col]).collect();
        maximisers(&column)
    }

    /// The columns that maximise the column player's payoff against pure row `row`, in
    /// increasing order, within [`BEST_RESPONSE_TOL`]. Empty if `row` is out of range or the
    /// game is malformed.
    pub fn best_responses_col(&self, row: usize) -> Vec<usize> {
        if self.check().is_err() {
            return Vec::new();
        }
        self.b.get(row).map_or_else(Vec::new, |r| maximisers(r))
    }

    /// Rows strictly dominated by another pure row (worse against every column).
    pub fn strictly_dominated_rows(&self) -> Vec<usize> {
        if self.check().is_err() {
            return Vec::new();
        }
        let rows: Vec<usize> = (0..self.rows()).collect();
        let cols: Vec<usize> = (0..self.cols()).collect();
        self.dominated_rows_within(&rows, &cols)
    }

    /// Columns strictly dominated by another pure column (worse against every row).
    pub fn strictly_dominated_cols(&self) -> Vec<usize> {
        if self.check().is_err() {
            return Vec::new();
        }
        let rows: Vec<usize> = (0..self.rows()).collect();
        let cols: Vec<usize> = (0..self.cols()).collect();
        self.dominated_cols_within(&rows, &cols)
    }

    /// Iterated elimination of strategies strictly dominated by pure strategies: the rows and
    /// columns that survive, in increasing order. Each pass removes every row and column
    /// dominated in the game that remains; the result does not depend on the order of
    /// removal for strict dominance (Gilboa, Kalai and Zemel 1990, *Mathematics of
    /// Operations Research* 15(1), 163-169).
    pub fn iterated_elimination(&self) -> (Vec<usize>, Vec<usize>) {
        if self.check().is_err() {
            return (Vec::new(), Vec::new());
        }
        let mut rows: Vec<usize> = (0..self.rows()).collect();
        let mut cols: Vec<usize> = (0..self.cols()).collect();
        loop {
            let dead_rows = self.dominated_rows_within(&rows, &cols);
            let dead_cols = self.dominated_cols_within(&rows, &cols);
            if dead_rows.is_empty() && dead_cols.is_empty() {
                return (rows, cols);
            }
            rows.retain(|i| !dead_rows.contains(i));
            cols.retain(|j| !dead_cols.contains(j));
        }
    }

    fn dominated_rows_within(&self, rows: &[usize], cols: &[usize]) -> Vec<usize> {
        let a = &self.a;
        rows.iter()
            .copied()
            .filter(|&i| {
                rows.iter()
                    .any(|&k| k != i && cols.iter().all(|&j| a[k][j] > a[i][j]))
            })
            .collect()
    }

    fn dominated_cols_within(&self, rows: &[usize], cols: &[usize]) -> Vec<usize> {
        let b = &self.b;
        cols.iter()
            .copied()
            .filter(|&j| {
                cols.iter()
                    .any(|&l| l != j && rows.iter().all(|&i| b[i][l] > b[i][j]))
            })
            .collect()
    }

    /// The pure equilibria `(row, col)`: each is a best response to the other. Sorted.
    pub fn pure_equilibria(&self) -> Vec<(usize, usize)> {
        if self.check().is_err() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for j in 0..self.cols() {
            let column: Vec<f64> = self.a.iter().map(|r| r[j]).collect();
            for i in maximisers(&column) {
                if maximisers(&self.b[i]).contains(&j) {
                    out.push((i, j));
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// Whether `(row, col)` is a Nash equilibrium up to `tol`: both are probability vectors
    /// of the right length (entries at least `-tol`, summing to 1 within `tol`) and no pure
    /// strategy gains either player more than `tol` (in payoff units) over
    /// `row^T A col`, resp. `row^T B col`.
    pub fn is_equilibrium(&self, row: &[f64], col: &[f64], tol: f64) -> bool {
        if self.check().is_err() || tol.is_nan() || tol < 0.0 {
            return false;
        }
        is_equilibrium_of(&self.a, &self.b, row, col, tol)
    }

    /// Everything an exporter reports about the game, computed once: see [`Analysis`].
    pub fn analyse(&self) -> Analysis {
        Analysis {
            equilibria: self.support_enumeration(),
            row_best_responses: (0..self.cols())
                .map(|c| self.best_responses_row(c))
                .collect(),
            col_best_responses: (0..self.rows())
                .map(|r| self.best_responses_col(r))
                .collect(),
            dominated_rows: self.strictly_dominated_rows(),
            dominated_cols: self.strictly_dominated_cols(),
            replicator_end: self.replicator(REPLICATOR_STEPS, REPLICATOR_DT).pop(),
        }
    }

    /// All Nash equilibria (all extreme ones, for a degenerate game); see [`Equilibria`].
    ///
    /// First, equal-size support enumeration: for every pair of supports `I` (rows) and `J`
    /// (columns) with `|I| = |J| = k`, solve the indifference systems
    /// `sum_{j in J} a_ij y_j = v (i in I), sum y_j = 1` and the same for `x` with `B^T`
    /// (Gaussian elimination with partial pivoting), keep non-negative solutions against
    /// which no pure strategy outside the support does better. In a nondegenerate game the
    /// equilibria are exactly these (von Stengel 2002, Theorem 2.6 and section 3.1).
    ///
    /// Then degeneracy is decided exactly on the best-response polytopes
    /// `P = {x >= 0 : B^T x <= 1}` and `Q = {y >= 0 : A y <= 1}` (payoffs rescaled into
    /// `[1, 2]`, which leaves best responses unchanged): the game is degenerate iff some
    /// vertex of `P` has more than `m` labels or some vertex of `Q` more than `n`. A vertex
    /// is a choice of support and of the opponent's best responses of equal size, so a
    /// degenerate game then gets every extreme equilibrium as a completely labelled vertex
    /// pair: this is the search over supports of unequal size (a vertex `x` with `k` rows in
    /// its support and more than `k` best-response columns pairs with a `y` of any support
    /// inside those columns). Singular indifference systems are skipped in the first pass;
    /// the vertices they stand for are found in the second, and they do not by themselves
    /// make a game degenerate (e.g. a dominated row whose payoff gap is constant).
    pub fn support_enumeration(&self) -> Equilibria {
        if self.check().is_err() {
            return Equilibria::default();
        }
        let (m, n) = (self.rows(), self.cols());
        let a = normalised(&self.a);
        let b = normalised(&self.b);
        let mut found: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
        for k in 1..=m.min(n) {
            for_each_combination(m, k, |rows| {
                for_each_combination(n, k, |cols| {
                    if let Some(p) = equal_support_equilibrium(&a, &b, rows, cols) {
                        found.push(p);
                    }
                });
            });
        }

        // P lives in R^m with the n constraints (B^T x)_j <= 1; Q in R^n with A y <= 1.
        let bt: Vec<Vec<f64>> = (0..n).map(|j| b.iter().map(|r| r[j]).collect()).collect();
        let p_vertices = vertices(&bt, m);
        let q_vertices = vertices(&a, n);
        let degenerate =
            p_vertices.iter().any(|v| v.labels() > m) || q_vertices.iter().any(|v| v.labels() > n);
        // Row label i: x_i = 0 or row i is a best response to y (tight in Q). Column label j:
        // column j is a best response to x (tight in P) or y_j = 0.
        let complete = |x: &Vertex, y: &Vertex| {
            (0..m).all(|i| x.zero[i] || y.tight[i]) && (0..n).all(|j| x.tight[j] || y.zero[j])
        };
        let mut continuum = false;
        if degenerate {
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            for (p, x) in p_vertices.iter().enumerate() {
                for (q, y) in q_vertices.iter().enumerate() {
                    if complete(x, y) {
                        pairs.push((p, q));
                        found.push((probabilities(&x.z), probabilities(&y.z)));
                    }
                }
            }
            // Distinct extreme equilibria (x1, y1), (x2, y2) are interchangeable when
            // (x1, y2) and (x2, y1) are equilibria too; then the supports of x1 and x2 lie in
            // BR(y1) and BR(y2), hence in the best responses to any mix of y1 and y2, so the
            // whole product of the two segments consists of equilibria. Decided on the
            // labels, with the same tolerance that found the vertices.
            continuum = pairs.iter().enumerate().any(|(s, &(p1, q1))| {
                pairs[s + 1..].iter().any(|&(p2, q2)| {
                    complete(&p_vertices[p1], &q_vertices[q2])
                        && complete(&p_vertices[p2], &q_vertices[q1])
                })
            });
        }

        let mut unique: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
        for p in found {
            if !unique
                .iter()
                .any(|q| max_diff(&p.0, &q.0) <= DEDUP_TOL && max_diff(&p.1, &q.1) <= DEDUP_TOL)
            {
                unique.push(p);
            }
        }
        unique.sort_by(|p, q| lex_desc(&p.0, &q.0).then_with(|| lex_desc(&p.1, &q.1)));

        let points = unique
            .into_iter()
            .map(|(row, col)| Equilibrium {
                payoff_row: bilinear(&self.a, &row, &col),
                payoff_col: bilinear(&self.b, &row, &col),
                row,
                col,
            })
            .collect();
        Equilibria {
            points,
            degenerate,
            continuum,
        }
    }

    /// Two-population replicator dynamics (Taylor and Jonker 1978, *Mathematical
    /// Biosciences* 40, 145-156) from the uniform mixed strategies, by explicit Euler steps
    /// of size `dt`:
    /// `x_i += dt x_i ((A y)_i - x^T A y)`, `y_j += dt y_j ((B^T x)_j - x^T B y)`,
    /// then negative shares are clamped to 0 and each vector is renormalised to sum 1.
    ///
    /// Returns every point, the start included: `steps + 1` pairs `(x, y)`. `dt` is in
    /// inverse payoff units, so with large payoffs it must be small for the Euler steps to
    /// follow the flow. A malformed game, or a `dt` that is negative or not finite, gives
    /// only the start (nothing, for a malformed game).
    pub fn replicator(&self, steps: usize, dt: f64) -> Vec<(Vec<f64>, Vec<f64>)> {
        if self.check().is_err() {
            return Vec::new();
        }
        let (m, n) = (self.rows(), self.cols());
        let mut x = vec![1.0 / m as f64; m];
        let mut y = vec![1.0 / n as f64; n];
        let mut out = vec![(x.clone(), y.clone())];
        if !(dt.is_finite() && dt >= 0.0) {
            return out;
        }
        for _ in 0..steps {
            let ay: Vec<f64> = self.a.iter().map(|r| dot(r, &y)).collect();
            let btx: Vec<f64> = (0..n)
                .map(|j| self.b.iter().zip(&x).map(|(r, xi)| r[j] * xi).sum())
                .collect();
            let mean_row = dot(&x, &ay);
            let mean_col = dot(&y, &btx);
            let next_x: Vec<f64> = x
                .iter()
                .zip(&ay)
                .map(|(xi, f)| (xi + dt * xi * (f - mean_row)).max(0.0))
                .collect();
            let next_y: Vec<f64> = y
                .iter()
                .zip(&btx)
                .map(|(yj, f)| (yj + dt * yj * (f - mean_col)).max(0.0))
                .collect();
            // A step that overshoots every share to 0 (dt far too large) keeps the old point.
            if let Some(v) = renormalised(next_x) {
                x = v;
            }
            if let Some(v) = renormalised(next_y) {
                y = v;
            }
            out.push((x.clone(), y.clone()));
        }
        out
    }
}

/// The indices within `BEST_RESPONSE_TOL` (relative) of the largest value.
fn maximisers(values: &[f64]) -> Vec<usize> {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return Vec::new();
    }
    let tol = BEST_RESPONSE_TOL * max.abs().max(1.0);
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v >= max - tol)
        .map(|(i, _)| i)
        .collect()
}

fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).map(|(p, q)| p * q).sum()
}

/// `x^T M y`.
fn bilinear(mat: &[Vec<f64>], x: &[f64], y: &[f64]) -> f64 {
    mat.iter().zip(x).map(|(r, xi)| xi * dot(r, y)).sum()
}

fn is_equilibrium_of(a: &[Vec<f64>], b: &[Vec<f64>], x: &[f64], y: &[f64], tol: f64) -> bool {
    let (m, n) = (a.len(), a.first().map_or(0, Vec::len));
    let is_mix = |p: &[f64], len: usize| {
        p.len() == len
            && p.iter().all(|v| v.is_finite() && *v >= -tol)
            && (p.iter().sum::<f64>() - 1.0).abs() <= tol
    };
    if !is_mix(x, m) || !is_mix(y, n) {
        return false;
    }
    let value_row = bilinear(a, x, y);
    let value_col = bilinear(b, x, y);
    let row_ok = a.iter().all(|r| dot(r, y) <= value_row + tol);
    let col_ok =
        (0..n).all(|j| b.iter().zip(x).map(|(r, xi)| r[j] * xi).sum::<f64>() <= value_col + tol);
    row_ok && col_ok
}

/// A positive affine rescaling of `mat` into `[1, 2]` (all ones for a constant matrix).
/// Best responses, and so equilibria, are unchanged; the fixed range makes the tolerances
/// absolute and the best-response polytopes bounded. Halving first keeps `max - min` from
/// overflowing.
fn normalised(mat: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let lo = mat.iter().flatten().copied().fold(f64::INFINITY, f64::min) / 2.0;
    let hi = mat
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        / 2.0;
    let range = hi - lo;
    mat.iter()
        .map(|r| {
            r.iter()
                .map(|v| {
                    if range > 0.0 {
                        (v / 2.0 - lo) / range + 1.0
                    } else {
                        1.0
                    }
                })
                .collect()
        })
        .collect()
}

/// Calls `f` with every `k`-subset of `0..n`, in lexicographic order.
fn for_each_combination(n: usize, k: usize, mut f: impl FnMut(&[usize])) {
    if k == 0 || k > n {
        return;
    }
    let mut c: Vec<usize> = (0..k).collect();
    loop {
        f(&c);
        // Advance the rightmost index that can still move right, reset those after it.
        let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) else {
            return;
        };
        c[i] += 1;
        for t in i + 1..k {
            c[t] = c[t - 1] + 1;
        }
    }
}

/// Solves the square system `m z = rhs` by Gaussian elimination with partial pivoting;
/// `None` if a pivot is below `PIVOT_TOL` (singular, for our rescaled payoffs).
fn solve(mut m: Vec<Vec<f64>>, mut rhs: Vec<f64>) -> Option<Vec<f64>> {
    let d = rhs.len();
    for col in 0..d {
        let pivot = (col..d).max_by(|&r, &s| m[r][col].abs().total_cmp(&m[s][col].abs()))?;
        if m[pivot][col].abs() < PIVOT_TOL {
            return None;
        }
        m.swap(col, pivot);
        rhs.swap(col, pivot);
        let (upper, lower) = m.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for (offset, row) in lower.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for (entry, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *entry -= factor * p;
                }
                rhs[col + 1 + offset] -= factor * rhs[col];
            }
        }
    }
    let mut z = vec![0.0; d];
    for r in (0..d).rev() {
        let tail: f64 = (r + 1..d).map(|c| m[r][c] * z[c]).sum();
        z[r] = (rhs[r] - tail) / m[r][r];
    }
    Some(z)
}

/// The column player's mix on `cols` that makes the rows in `rows` indifferent under
/// `payoff` (rows of `payoff` index the indifferent player's strategies), with the common
/// value; `None` if singular or some probability is negative.
fn indifference(
    payoff: impl Fn(usize, usize) -> f64,
    rows: &[usize],
    cols: &[usize],
    len: usize,
) -> Option<(Vec<f64>, f64)> {
    let k = rows.len();
    let mut m: Vec<Vec<f64>> = rows
        .iter()
        .map(|&i| {
            let mut r: Vec<f64> = cols.iter().map(|&j| payoff(i, j)).collect();
            r.push(-1.0);
            r
        })
        .collect();
    let mut last = vec![1.0; k];
    last.push(0.0);
    m.push(last);
    let mut rhs = vec![0.0; k];
    rhs.push(1.0);
    let z = solve(m, rhs)?;
    if z[..k].iter().any(|p| p.is_nan() || *p < -FEAS_TOL) {
        return None;
    }
    let mut mix = vec![0.0; len];
    for (&j, p) in cols.iter().zip(&z) {
        mix[j] = p.max(0.0);
    }
    Some((renormalised(mix)?, z[k]))
}

/// The equilibrium with supports `rows` and `cols` (equal sizes), if there is one.
fn equal_support_equilibrium(
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    rows: &[usize],
    cols: &[usize],
) -> Option<(Vec<f64>, Vec<f64>)> {
    let (m, n) = (a.len(), a[0].len());
    let (y, v) = indifference(|i, j| a[i][j], rows, cols, n)?;
    if a.iter().any(|r| dot(r, &y) > v + FEAS_TOL) {
        return None;
    }
    let (x, u) = indifference(|j, i| b[i][j], cols, rows, m)?;
    if (0..n).any(|j| b.iter().zip(&x).map(|(r, xi)| r[j] * xi).sum::<f64>() > u + FEAS_TOL) {
        return None;
    }
    Some((x, y))
}

/// A vertex `z` of `{z >= 0 : c z <= 1}` with its labels: which coordinates are zero and
/// which constraints are tight.
struct Vertex {
    z: Vec<f64>,
    zero: Vec<bool>,
    tight: Vec<bool>,
}

impl Vertex {
    fn labels(&self) -> usize {
        self.zero.iter().chain(&self.tight).filter(|t| **t).count()
    }
}

/// Every vertex other than 0 of the polytope `{z in R^d : z >= 0, c z <= 1}` (`c` has one
/// row per constraint, entries in `[1, 2]`, so the polytope is bounded). A vertex is where
/// `d` linearly independent constraints are tight: `z_s = 0` off a support `S` and `|S|`
/// independent rows of `c` tight on it.
fn vertices(c: &[Vec<f64>], d: usize) -> Vec<Vertex> {
    let e = c.len();
    let mut out: Vec<Vertex> = Vec::new();
    for k in 1..=d.min(e) {
        for_each_combination(d, k, |support| {
            for_each_combination(e, k, |tight| {
                let m: Vec<Vec<f64>> = tight
                    .iter()
                    .map(|&t| support.iter().map(|&s| c[t][s]).collect())
                    .collect();
                let Some(zs) = solve(m, vec![1.0; k]) else {
                    return;
                };
                if zs.iter().any(|v| v.is_nan() || *v < -FEAS_TOL) {
                    return;
                }
                let mut z = vec![0.0; d];
                for (&s, v) in support.iter().zip(&zs) {
                    z[s] = v.max(0.0);
                }
                let loads: Vec<f64> = c.iter().map(|r| dot(r, &z)).collect();
                if loads.iter().any(|l| *l > 1.0 + FEAS_TOL) {
                    return;
                }
                if out.iter().any(|v| max_diff(&v.z, &z) <= FEAS_TOL * 1e2) {
                    return;
                }
                out.push(Vertex {
                    zero: z.iter().map(|v| *v <= FEAS_TOL).collect(),
                    tight: loads.iter().map(|l| *l >= 1.0 - FEAS_TOL).collect(),
                    z,
                });
            });
        });
    }
    out
}

/// `v / sum(v)`, or `None` if the sum is not positive.
fn renormalised(v: Vec<f64>) -> Option<Vec<f64>> {
    let total: f64 = v.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    Some(v.into_iter().map(|p| p / total).collect())
}

/// A point of a best-response polytope scaled to a probability vector (it is never 0).
fn probabilities(z: &[f64]) -> Vec<f64> {
    renormalised(z.to_vec()).unwrap_or_else(|| z.to_vec())
}

fn max_diff(u: &[f64], v: &[f64]) -> f64 {
    if u.len() != v.len() {
        return f64::INFINITY;
    }
    u.iter()
        .zip(v)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max)
}

/// Lexicographic order, larger entries first, on entries rounded to multiples of
/// `SORT_GRID` (so that rounding noise between equal points does not reorder them; a
/// rounded key keeps the order total), then on the exact values.
fn lex_desc(u: &[f64], v: &[f64]) -> std::cmp::Ordering {
    let key =
        |w: &[f64]| -> Vec<i64> { w.iter().map(|p| (p / SORT_GRID).round() as i64).collect() };
    key(v).cmp(&key(u)).then_with(|| {
        v.iter()
            .zip(u)
            .map(|(q, p)| q.total_cmp(p))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tolerance for `is_equilibrium` in the tests, in payoff units of games with payoffs of
    /// order 1.
    const TOL: f64 = 1e-7;

    fn game(a: &[&[f64]], b: &[&[f64]]) -> Game {
        let to_vec = |m: &[&[f64]]| m.iter().map(|r| r.to_vec()).collect();
        Game::from_payoffs(to_vec(a), to_vec(b)).expect("valid game")
    }

    fn matching_pennies() -> Game {
        game(&[&[1.0, -1.0], &[-1.0, 1.0]], &[&[-1.0, 1.0], &[1.0, -1.0]])
    }

    /// Rows and columns: cooperate, defect.
    fn prisoners_dilemma() -> Game {
        game(&[&[3.0, 0.0], &[5.0, 1.0]], &[&[3.0, 5.0], &[0.0, 1.0]])
    }

    /// The row player prefers the first outcome (2, 1), the column player the second (1, 2).
    fn battle_of_the_sexes() -> Game {
        game(&[&[2.0, 0.0], &[0.0, 1.0]], &[&[1.0, 0.0], &[0.0, 2.0]])
    }

    fn close(u: &[f64], v: &[f64]) -> bool {
        max_diff(u, v) <= 1e-9
    }

    fn assert_all_equilibria(g: &Game, eq: &Equilibria) {
        for p in &eq.points {
            assert!(
                g.is_equilibrium(&p.row, &p.col, TOL),
                "{p:?} is no equilibrium"
            );
        }
    }

    #[test]
    fn analysis_of_the_prisoners_dilemma_says_defect_everywhere() {
        let a = prisoners_dilemma().analyse();
        assert_eq!(a.equilibria, prisoners_dilemma().support_enumeration());
        // Defection (index 1) is each side's best response to anything, and cooperation
        // is strictly dominated on both sides.
        assert_eq!(a.row_best_responses, vec![vec![1], vec![1]]);
        assert_eq!(a.col_best_responses, vec![vec![1], vec![1]]);
        assert_eq!((a.dominated_rows, a.dominated_cols), (vec![0], vec![0]));
        let (row, col) = a.replicator_end.expect("a valid game");
        assert!(row[1] > 0.99 && col[1] > 0.99, "{row:?} {col:?}");
    }

    #[test]
    fn analysis_of_the_battle_of_the_sexes_keeps_both_best_responses_apart() {
        let a = battle_of_the_sexes().analyse();
        assert_eq!(a.row_best_responses, vec![vec![0], vec![1]]);
        assert_eq!(a.col_best_responses, vec![vec![0], vec![1]]);
        assert!(a.dominated_rows.is_empty() && a.dominated_cols.is_empty());
        assert_eq!(a.equilibria.points.len(), 3);
    }

    #[test]
    fn matching_pennies_has_one_mixed_equilibrium_and_no_pure_one() {
        let g = matching_pennies();
        let eq = g.support_enumeration();
        assert_eq!(eq.points.len(), 1);
        assert!(close(&eq.points[0].row, &[0.5, 0.5]));
        assert!(close(&eq.points[0].col, &[0.5, 0.5]));
        assert!(eq.points[0].payoff_row.abs() < 1e-12);
        assert!(!eq.degenerate && !eq.continuum);
        assert!(g.pure_equilibria().is_empty());
        assert_all_equilibria(&g, &eq);
    }

    #[test]
    fn prisoners_dilemma_has_only_mutual_defection_and_cooperation_is_dominated() {
        let g = prisoners_dilemma();
        let eq = g.support_enumeration();
        assert_eq!(eq.points.len(), 1);
        assert!(close(&eq.points[0].row, &[0.0, 1.0]));
        assert!(close(&eq.points[0].col, &[0.0, 1.0]));
        assert_eq!(
            (eq.points[0].payoff_row, eq.points[0].payoff_col),
            (1.0, 1.0)
        );
        assert!(!eq.degenerate && !eq.continuum);
        assert_eq!(g.pure_equilibria(), vec![(1, 1)]);
        assert_eq!(g.strictly_dominated_rows(), vec![0]);
        assert_eq!(g.strictly_dominated_cols(), vec![0]);
        assert_eq!(g.iterated_elimination(), (vec![1], vec![1]));
        assert_all_equilibria(&g, &eq);
    }

    #[test]
    fn battle_of_the_sexes_has_two_pure_and_one_mixed_equilibrium() {
        let g = battle_of_the_sexes();
        let eq = g.support_enumeration();
        assert_eq!(eq.points.len(), 3);
        assert!(!eq.degenerate && !eq.continuum);
        // Sorted with larger probabilities on earlier strategies first.
        assert!(close(&eq.points[0].row, &[1.0, 0.0]) && close(&eq.points[0].col, &[1.0, 0.0]));
        // The row player mixes to make the column player indifferent: x = (2/3, 1/3).
        assert!(close(&eq.points[1].row, &[2.0 / 3.0, 1.0 / 3.0]));
        assert!(close(&eq.points[1].col, &[1.0 / 3.0, 2.0 / 3.0]));
        assert!((eq.points[1].payoff_row - 2.0 / 3.0).abs() < 1e-12);
        assert!((eq.points[1].payoff_col - 2.0 / 3.0).abs() < 1e-12);
        assert!(close(&eq.points[2].row, &[0.0, 1.0]) && close(&eq.points[2].col, &[0.0, 1.0]));
        assert_eq!(g.pure_equilibria(), vec![(0, 0), (1, 1)]);
        assert!(g.strictly_dominated_rows().is_empty());
        assert_all_equilibria(&g, &eq);
    }

    #[test]
    fn indifferent_column_player_gives_a_continuum_reported_by_its_endpoints() {
        // Row 0 dominates; the column player is indifferent, so ((1, 0), y) is an
        // equilibrium for every y: a segment with endpoints y = (1, 0) and (0, 1).
        let g = game(&[&[1.0, 1.0], &[0.0, 0.0]], &[&[1.0, 1.0], &[0.0, 0.0]]);
        let eq = g.support_enumeration();
        assert!(eq.degenerate && eq.continuum);
        assert_eq!(eq.points.len(), 2);
        assert!(close(&eq.points[0].row, &[1.0, 0.0]) && close(&eq.points[0].col, &[1.0, 0.0]));
        assert!(close(&eq.points[1].row, &[1.0, 0.0]) && close(&eq.points[1].col, &[0.0, 1.0]));
        assert_all_equilibria(&g, &eq);
        // The midpoint of the segment is an equilibrium too.
        assert!(g.is_equilibrium(&[1.0, 0.0], &[0.5, 0.5], TOL));
    }

    #[test]
    fn constant_game_reports_the_four_pure_corners_of_its_continuum() {
        let g = game(&[&[1.0, 1.0], &[1.0, 1.0]], &[&[1.0, 1.0], &[1.0, 1.0]]);
        let eq = g.support_enumeration();
        assert!(eq.degenerate && eq.continuum);
        assert_eq!(eq.points.len(), 4);
        assert_all_equilibria(&g, &eq);
        assert_eq!(g.pure_equilibria().len(), 4);
    }

    #[test]
    fn degenerate_game_with_isolated_equilibria_has_no_continuum() {
        // Column 0 against row 0 ties for the column player (a pure strategy with two best
        // responses), but no segment of equilibria: equilibria are (0, 0) and (1, 1).
        let g = game(&[&[3.0, 0.0], &[0.0, 2.0]], &[&[1.0, 1.0], &[0.0, 2.0]]);
        let eq = g.support_enumeration();
        assert!(eq.degenerate);
        assert_all_equilibria(&g, &eq);
        for (i, j) in g.pure_equilibria() {
            assert!(eq.points.iter().any(|p| p.row[i] == 1.0 && p.col[j] == 1.0));
        }
    }

    #[test]
    fn unequal_supports_are_found_in_degenerate_games() {
        // von Stengel (2002), Figure 3 style: row 0 against the pure column 0 leaves the
        // column player indifferent between columns 0 and 1, and the row player's payoffs
        // make a mixed column over {0, 1} a best response only together with row 0.
        let g = game(
            &[&[1.0, 1.0], &[0.0, 2.0], &[2.0, 0.0]],
            &[&[1.0, 1.0], &[0.0, 0.0], &[0.0, 0.0]],
        );
        let eq = g.support_enumeration();
        assert!(eq.degenerate && eq.continuum);
        assert_all_equilibria(&g, &eq);
        // Row 0 with y = (1/2, 1/2) makes every row indifferent: an equilibrium with one row
        // and two columns in the supports.
        assert!(g.is_equilibrium(&[1.0, 0.0, 0.0], &[0.5, 0.5], TOL));
        assert!(
            eq.points
                .iter()
                .any(|p| close(&p.row, &[1.0, 0.0, 0.0]) && p.col.iter().all(|q| *q > 0.0))
        );
    }

    #[test]
    fn a_singular_system_alone_does_not_make_a_game_degenerate() {
        // Row 0 beats row 1 by exactly 1 everywhere: the 2x2 indifference system is singular.
        let g = game(&[&[1.0, 2.0], &[0.0, 1.0]], &[&[0.0, 1.0], &[1.0, 0.0]]);
        let eq = g.support_enumeration();
        assert!(!eq.degenerate && !eq.continuum);
        assert_eq!(eq.points.len(), 1);
        assert!(close(&eq.points[0].row, &[1.0, 0.0]) && close(&eq.points[0].col, &[0.0, 1.0]));
    }

    #[test]
    fn constructor_rejects_ragged_mismatched_and_non_finite_matrices() {
        let ok = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
        assert!(Game::from_payoffs(vec![], vec![]).is_err());
        assert!(Game::from_payoffs(vec![vec![]], vec![vec![]]).is_err());
        let ragged = vec![vec![1.0, 2.0], vec![3.0]];
        assert!(Game::from_payoffs(ragged, ok.clone()).is_err());
        assert!(Game::from_payoffs(ok.clone(), vec![vec![1.0, 2.0]]).is_err());
        let nan = vec![vec![1.0, f64::NAN], vec![3.0, 4.0]];
        let err = Game::from_payoffs(ok.clone(), nan).unwrap_err().to_string();
        assert!(err.contains("`b[0][1]` must be finite"), "{err}");
        assert!(
            Game::new(
                vec!["x".into()],
                vec!["p".into(), "q".into()],
                ok.clone(),
                ok
            )
            .is_err()
        );
    }

    #[test]
    fn malformed_public_fields_give_empty_results_not_panics() {
        let mut g = battle_of_the_sexes();
        g.b.pop();
        assert!(g.support_enumeration().points.is_empty());
        assert!(g.pure_equilibria().is_empty());
        assert!(g.best_responses_row(0).is_empty());
        assert!(g.replicator(10, 0.1).is_empty());
        assert!(!g.is_equilibrium(&[1.0, 0.0], &[1.0, 0.0], TOL));
        assert_eq!(g.iterated_elimination(), (vec![], vec![]));
    }

    #[test]
    fn is_equilibrium_rejects_wrong_lengths_and_non_distributions() {
        let g = prisoners_dilemma();
        assert!(g.is_equilibrium(&[0.0, 1.0], &[0.0, 1.0], TOL));
        assert!(!g.is_equilibrium(&[1.0, 0.0], &[1.0, 0.0], TOL));
        assert!(!g.is_equilibrium(&[0.0, 1.0, 0.0], &[0.0, 1.0], TOL));
        assert!(!g.is_equilibrium(&[0.0, 2.0], &[0.0, 1.0], TOL));
        assert!(!g.is_equilibrium(&[-0.5, 1.5], &[0.0, 1.0], TOL));
        assert!(!g.is_equilibrium(&[0.0, 1.0], &[0.0, 1.0], f64::NAN));
    }

    #[test]
    fn out_of_range_best_response_queries_are_empty() {
        let g = prisoners_dilemma();
        assert!(g.best_responses_row(2).is_empty());
        assert!(g.best_responses_col(2).is_empty());
        assert_eq!(g.best_responses_row(0), vec![1]);
        assert_eq!(g.best_responses_col(0), vec![1]);
    }

    #[test]
    fn iterated_elimination_removes_strategies_dominated_only_after_others_go() {
        // Column 2 is dominated by column 1; only then is row 1 dominated by row 0, and then
        // column 0 by column 1.
        let g = game(
            &[&[1.0, 1.0, 0.0], &[0.0, 0.0, 2.0]],
            &[&[0.0, 2.0, 1.0], &[3.0, 1.0, 0.0]],
        );
        assert_eq!(g.strictly_dominated_cols(), vec![2]);
        assert!(g.strictly_dominated_rows().is_empty());
        assert_eq!(g.iterated_elimination(), (vec![0], vec![1]));
    }

    #[test]
    fn replicator_on_the_prisoners_dilemma_converges_to_mutual_defection() {
        let path = prisoners_dilemma().replicator(2_000, 0.05);
        assert_eq!(path.len(), 2_001);
        assert_eq!(path[0], (vec![0.5, 0.5], vec![0.5, 0.5]));
        let (x, y) = &path[2_000];
        assert!(x[1] > 0.999 && y[1] > 0.999, "{x:?} {y:?}");
        // Defection earns more against any column mix, so its share never falls (up to
        // rounding once it is within an ulp of 1).
        assert!(path.windows(2).all(|w| w[1].0[1] >= w[0].0[1] - 1e-15));
        for (x, y) in &path {
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!((y.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn replicator_with_a_bad_step_returns_only_the_start() {
        let g = prisoners_dilemma();
        assert_eq!(g.replicator(10, f64::NAN).len(), 1);
        assert_eq!(g.replicator(10, -1.0).len(), 1);
        // A huge step overshoots but still yields distributions.
        let path = g.replicator(5, 1e9);
        assert!(path.iter().all(|(x, y)| x.iter().all(|p| *p >= 0.0)
            && (x.iter().sum::<f64>() - 1.0).abs() < 1e-12
            && (y.iter().sum::<f64>() - 1.0).abs() < 1e-12));
    }

    fn matrix(
        m: usize,
        n: usize,
        values: impl Strategy<Value = f64> + Clone,
    ) -> impl Strategy<Value = Vec<Vec<f64>>> {
        prop::collection::vec(prop::collection::vec(values, n), m)
    }

    /// Small games with integer payoffs in [-3, 3]: ties, hence degeneracy, are common.
    fn integer_game() -> impl Strategy<Value = Game> {
        (1usize..=4, 1usize..=4)
            .prop_flat_map(|(m, n)| {
                let ints = (-3i32..=3).prop_map(f64::from);
                (matrix(m, n, ints.clone()), matrix(m, n, ints))
            })
            .prop_map(|(a, b)| Game::from_payoffs(a, b).expect("valid"))
    }

    /// Small games with continuous payoffs: nondegenerate with probability 1.
    fn generic_game() -> impl Strategy<Value = Game> {
        (1usize..=4, 1usize..=4)
            .prop_flat_map(|(m, n)| {
                (
                    matrix(m, n, (-10.0f64..10.0).no_shrink()),
                    matrix(m, n, (-10.0f64..10.0).no_shrink()),
                )
            })
            .prop_map(|(a, b)| Game::from_payoffs(a, b).expect("valid"))
    }

    proptest! {
        #[test]
        fn best_responses_are_exactly_the_maximisers_on_a_random_4x3_game(
            a in matrix(4, 3, -10.0f64..10.0),
            b in matrix(4, 3, -10.0f64..10.0),
        ) {
            let g = Game::from_payoffs(a, b).expect("valid");
            for j in 0..3 {
                let best = (0..4).map(|i| g.a[i][j]).fold(f64::NEG_INFINITY, f64::max);
                let br = g.best_responses_row(j);
                prop_assert!(!br.is_empty());
                for i in 0..4 {
                    prop_assert_eq!(br.contains(&i), g.a[i][j] >= best - 1e-8);
                }
            }
            for i in 0..4 {
                let best = g.b[i].iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let br = g.best_responses_col(i);
                for j in 0..3 {
                    prop_assert_eq!(br.contains(&j), g.b[i][j] >= best - 1e-8);
                }
            }
        }

        #[test]
        fn every_support_enumeration_point_is_an_equilibrium(g in integer_game()) {
            let eq = g.support_enumeration();
            // Nash (1951): every finite game has an equilibrium.
            prop_assert!(!eq.points.is_empty());
            for p in &eq.points {
                prop_assert!(g.is_equilibrium(&p.row, &p.col, TOL), "{:?} in {:?}", p, g);
            }
            // Pure equilibria are extreme, so they are all reported.
            for (i, j) in g.pure_equilibria() {
                prop_assert!(eq.points.iter().any(|p| p.row[i] == 1.0 && p.col[j] == 1.0));
            }
            prop_assert!(!eq.continuum || eq.degenerate);
        }

        #[test]
        fn generic_games_are_nondegenerate_with_an_odd_number_of_equilibria(g in generic_game()) {
            let eq = g.support_enumeration();
            prop_assert!(!eq.degenerate && !eq.continuum);
            // Nondegenerate games have an odd number of equilibria (Lemke and Howson 1964).
            prop_assert!(eq.points.len() % 2 == 1, "{} equilibria", eq.points.len());
            for p in &eq.points {
                prop_assert!(g.is_equilibrium(&p.row, &p.col, 1e-6));
            }
        }

        #[test]
        fn equilibria_do_not_change_under_positive_affine_payoff_changes(
            g in integer_game(), scale in 0.1f64..100.0, shift in -50.0f64..50.0,
        ) {
            let mut h = g.clone();
            h.a = g.a.iter().map(|r| r.iter().map(|v| scale * v + shift).collect()).collect();
            let (p, q) = (g.support_enumeration(), h.support_enumeration());
            prop_assert_eq!(p.points.len(), q.points.len());
            prop_assert_eq!((p.degenerate, p.continuum), (q.degenerate, q.continuum));
            for (s, t) in p.points.iter().zip(&q.points) {
                prop_assert!(max_diff(&s.row, &t.row) <= 1e-9 && max_diff(&s.col, &t.col) <= 1e-9);
            }
        }
    }
}
