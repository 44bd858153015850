//! Mergeable accumulators over runs: moments, exact quantiles, confidence intervals.
//!
//! An [`Accumulator`] keeps the count, the sums of values and of squares, the extremes
//! and the multiset of values, so that quantiles are exact while a metric takes at most
//! [`MAX_EXACT`] distinct values (every count the model produces, in practice). Past that
//! it folds into log-spaced buckets of relative width [`SKETCH_ACCURACY`]. Memory depends
//! on the number of distinct values, never on the number of runs.
//!
//! Accumulators merge with `+=`, and merging is exact: the sums are kept as integers in
//! units of 2^-32 ([`FIXED_BITS`]), each value rounded to that grid once as it comes in,
//! so that addition is associative and the result does not depend on how the runs were
//! grouped: on threads, on chunks, or on the shards of a cluster job. The multiset's form
//! depends only on the values in it (but for a -0.0: see the note on signed zeros), and
//! the extremes order -0.0 below 0.0.
//!
//! A value costs a few instructions: it waits in a tally of small integers or a cache of
//! recent floats (`pending.rs`) and is added into the sums and the multiset in bulk, later,
//! with the same result. No I/O.

#[cfg(test)]
mod fast_path_tests;
mod pending;
mod values;

use pending::{Recent, TALLY_LIMIT, Tally};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use values::Values;
pub use values::{MixHasher, mix64};

/// Distinct values kept exactly before an accumulator switches to buckets.
pub const MAX_EXACT: usize = 4096;
/// Relative accuracy of quantiles once in buckets.
pub const SKETCH_ACCURACY: f64 = 1e-3;

/// Fractional bits of the fixed-point sums: values are summed on a grid of 2^-32
/// (about 2.3e-10).
pub const FIXED_BITS: u32 = 32;
const FIXED_ONE: f64 = (1u64 << FIXED_BITS) as f64;

/// `x` on the fixed-point grid (toward zero), exactly for the integers the model counts.
#[inline]
fn fixed(x: f64) -> i128 {
    let y = x * FIXED_ONE;
    // Most values fit an i64 on the grid, whose conversion is one instruction.
    if y.abs() < 9.2e18 {
        i128::from(y as i64)
    } else {
        y as i128
    }
}

/// `x` as an integer if it is one of magnitude up to [`TALLY_LIMIT`], but not -0.0: the
/// values the tally takes.
#[inline]
fn small_int(x: f64) -> Option<i64> {
    // Adding 1.5 * 2^52 rounds x to an integer held in the low bits of the sum (for
    // |x| < 2^51, where the sum's unit in the last place is 1); taking it away again gives
    // x's bits back only if x was that integer, and not -0.0. Cheaper than a saturating
    // cast and a cast back.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let r = x + ROUND;
    let integer = (r - ROUND).to_bits() == x.to_bits();
    // The first test is false for NaN.
    (x.abs() <= TALLY_LIMIT as f64 && integer).then(|| r.to_bits() as i64 - ROUND.to_bits() as i64)
}

/// Summary statistics of one metric over runs.
///
/// A value pushed goes first into a fast path (`pending.rs`): small integers into a tally,
/// floats into a cache of recent values, where a repeat costs an increment. They are added
/// into the exact sums and the multiset in bulk when the accumulator is read or merged,
/// with the same result, to the bit, as adding each value as it came.
///
/// Merging is exact, so however the runs are split (threads, chunks, shards), the summary
/// is the same to the bit:
///
/// ```
/// use leverage::stats::Accumulator;
///
/// let costs = [312.5, 0.5, 298.25, 0.25, 305.0, 0.75];
/// let mut whole = Accumulator::new();
/// costs.iter().for_each(|x| whole.push(*x));
///
/// // The same values in two shards, merged afterwards.
/// let (mut first, mut second) = (Accumulator::new(), Accumulator::new());
/// costs[..4].iter().for_each(|x| first.push(*x));
/// costs[4..].iter().for_each(|x| second.push(*x));
/// first += &second;
///
/// assert_eq!(first.summary(), whole.summary());
/// assert_eq!(first.quantiles(&[0.5]), vec![149.5]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    /// Every value but those `tally` and `recent` hold; `recent`'s are in its extremes.
    settled: Settled,
    /// Integers pushed, not yet settled (nor in the extremes).
    tally: Tally,
    /// Floats pushed, not yet settled (but in the extremes).
    recent: Recent,
}

/// The exact statistics: count, sums, extremes and the multiset.
#[derive(Debug, Clone)]
struct Settled {
    n: u64,
    /// Sum of the values, in units of 2^-[`FIXED_BITS`].
    sum: i128,
    /// Sum of the squares, in the same units.
    sum_sq: i128,
    min: f64,
    max: f64,
    values: Values,
}

impl Default for Settled {
    fn default() -> Self {
        Settled {
            n: 0,
            sum: 0,
            sum_sq: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            values: Values::default(),
        }
    }
}

// Signed zeros. Values wait in the tally and the cache and are settled later, in another
// order, which changes nothing but where a -0.0 is concerned: the multiset keeps a -0.0 as
// 0 in its dense form but as itself in its exact form, so what it keeps depends on the
// values before it. So a -0.0 settles everything pending, and then itself, at once; and a
// merge with a -0.0 among the values of either side settles both sides first. (The
// extremes order -0.0 below 0.0, so they depend on no order.)

impl Accumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value; it must be finite.
    #[inline]
    pub fn push(&mut self, x: f64) {
        debug_assert!(x.is_finite(), "non-finite value {x}");
        // 0, the commonest value (no relief, no sanctions), straight to the tally.
        if x.to_bits() == 0 && self.tally.push(0) {
            return;
        }
        // A value in the cache of recent ones costs an increment: its extremes were taken
        // when it came in. (No zero is ever cached: see the note on signed zeros.)
        if self.recent.again(x) {
            return;
        }
        match small_int(x) {
            Some(v) if self.tally.push(v) => {}
            _ => self.push_float(x),
        }
    }

    /// Adds a value the tally does not take.
    fn push_float(&mut self, x: f64) {
        self.settled.take_extremes(x, x);
        if x == 0.0 {
            // -0.0 (or a 0 the tally had no room for): what is pending first, then this,
            // at once. So no zero is ever cached.
            self.settle();
            self.settled.add_repeats(x, 1);
        } else if self.recent.add(x, 1) {
            self.settle_evicted();
        }
    }

    /// Adds one count: the same as `push(v as f64)`, without the float work.
    #[inline]
    pub fn push_count(&mut self, v: u64) {
        // Counts of people and months stay far below 2^53, where f64 is exact.
        debug_assert!(v < 1 << 53);
        if !self.tally.push(v as i64) {
            self.settled.push_count(v);
        }
    }

    /// Empties the accumulator but keeps the tally's window, so that an accumulator used
    /// again for values like the last allocates nothing.
    pub fn clear(&mut self) {
        self.settled = Settled::default();
        self.tally.zero();
        self.recent.clear();
    }

    /// Adds in the values evicted from the cache.
    fn settle_evicted(&mut self) {
        for (x, n) in self.recent.take_evicted() {
            self.settled.add_repeats(x, n);
        }
    }

    /// Adds in what waits in the fast paths, so that reads need not, each time: for an
    /// accumulator that is done and will be read more than once.
    pub fn settle(&mut self) {
        if let Some((lo, counts)) = self.tally.occupied() {
            self.settled.add_counts(lo, counts);
        }
        self.tally.clear();
        for (x, n) in self.recent.iter() {
            self.settled.add_repeats(x, n);
        }
        self.recent.clear();
    }

    /// The exact statistics of every value pushed.
    fn view(&self) -> Cow<'_, Settled> {
        if self.tally.is_empty() && self.recent.is_empty() {
            return Cow::Borrowed(&self.settled);
        }
        let mut s = self.settled.clone();
        if let Some((lo, counts)) = self.tally.occupied() {
            s.add_counts(lo, counts);
        }
        for (x, n) in self.recent.iter() {
            s.add_repeats(x, n);
        }
        Cow::Owned(s)
    }

    /// Values pushed or merged in (runs, for a per-run metric).
    pub fn count(&self) -> u64 {
        self.view().n
    }

    /// Whether quantiles are exact (no bucketing has happened).
    pub fn is_exact(&self) -> bool {
        self.view().values.rank() < 2
    }

    /// The mean, exact but for the rounding of each value to the 2^-32 grid; 0 when
    /// empty.
    pub fn mean(&self) -> f64 {
        self.view().mean()
    }

    /// Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values.
    pub fn sd(&self) -> f64 {
        self.view().sd()
    }

    /// Quantiles at `probs` by linear interpolation between order statistics (Hyndman and
    /// Fan's type 7, numpy's default).
    pub fn quantiles(&self, probs: &[f64]) -> Vec<f64> {
        self.view().quantiles(probs)
    }

    /// Counts in `bins` equal-width bins from the minimum to the maximum, as
    /// `(low, high, count)`; integers get bins of whole units when their range is small.
    /// Bucketed values count at their bucket's midpoint.
    pub fn histogram(&self, bins: usize) -> Vec<(f64, f64, u64)> {
        self.view().histogram(bins)
    }

    /// Mean, standard deviation, 95% confidence interval of the mean, extremes and
    /// quantiles, as reports give them.
    pub fn summary(&self) -> Summary {
        self.view().summary()
    }

    /// The state to save.
    pub fn state(&self) -> AccumulatorState {
        self.view().state()
    }

    /// An accumulator back from its saved state, checked for consistency.
    pub fn from_state(s: &AccumulatorState) -> Result<Accumulator, StateError> {
        Ok(Accumulator {
            settled: Settled::from_state(s)?,
            ..Accumulator::default()
        })
    }
}

impl Accumulator {
    /// Whether `+= other` keeps the count and the sums within their integer types. Runs
    /// never come near; a state read from a crafted or corrupt file may.
    pub fn can_add(&self, other: &Accumulator) -> bool {
        let (a, b) = (self.view(), other.view());
        a.n.checked_add(b.n).is_some()
            && a.sum.checked_add(b.sum).is_some()
            && a.sum_sq.checked_add(b.sum_sq).is_some()
    }
}

impl std::ops::AddAssign<&Accumulator> for Accumulator {
    fn add_assign(&mut self, other: &Accumulator) {
        if self.settled.values.has_negative_zero() || other.settled.values.has_negative_zero() {
            self.settle();
            self.settled.merge(&other.view());
            return;
        }
        if !self.tally.merge(&other.tally)
            && let Some((lo, counts)) = other.tally.occupied()
        {
            self.settled.add_counts(lo, counts);
        }
        self.merge_untallied(&other.settled, &other.recent);
    }
}

impl Accumulator {
    /// Adds `other`'s values, as `+=` does, and empties `other` as [`clear`] does, in one
    /// pass: a chunk's statistics into the batch's, the chunk's kept for the next.
    ///
    /// [`clear`]: Accumulator::clear
    pub fn absorb(&mut self, other: &mut Accumulator) {
        if self.settled.values.has_negative_zero() || other.settled.values.has_negative_zero() {
            *self += &*other;
            other.clear();
            return;
        }
        if !self.tally.take(&mut other.tally) {
            other.settle();
        }
        self.merge_untallied(&other.settled, &other.recent);
        other.settled = Settled::default();
        other.recent.clear();
    }

    /// Merges what another accumulator holds outside its tally.
    fn merge_untallied(&mut self, settled: &Settled, recent: &Recent) {
        self.settled.merge(settled);
        for (x, n) in recent.cached() {
            if self.recent.add(x, n) {
                self.settle_evicted();
            }
        }
        for (x, n) in recent.evicted() {
            self.settled.add_repeats(*x, *n);
        }
    }
}

impl Settled {
    /// Adds one count at once (beyond the tally).
    fn push_count(&mut self, v: u64) {
        let x = v as f64;
        self.n += 1;
        self.sum += i128::from(v) << FIXED_BITS;
        self.sum_sq += (i128::from(v) * i128::from(v)) << FIXED_BITS;
        self.take_extremes(x, x);
        self.values.push(x, 1);
    }

    /// Adds `n` copies of `x`, whose extremes are already taken.
    fn add_repeats(&mut self, x: f64, n: u64) {
        let copies = i128::from(n);
        self.n += n;
        self.sum += copies * fixed(x);
        self.sum_sq += copies * fixed(x * x);
        self.values.push(x, n);
    }

    /// Adds `counts[i]` copies of each integer `lo + i`, of magnitudes up to
    /// [`TALLY_LIMIT`] (where `fixed` of the value and of its square are exact); `counts`
    /// has no zero at either end.
    fn add_counts(&mut self, lo: i64, counts: &[u64]) {
        let (mut n, mut sum, mut sum_sq) = (0u64, 0i128, 0i128);
        for (v, c) in (i128::from(lo)..).zip(counts) {
            n += c;
            let c = i128::from(*c);
            sum += c * v;
            sum_sq += c * v * v;
        }
        self.n += n;
        self.sum += sum << FIXED_BITS;
        self.sum_sq += sum_sq << FIXED_BITS;
        self.take_extremes(lo as f64, (lo + counts.len() as i64 - 1) as f64);
        self.values.add_dense(lo, counts);
    }

    /// Lowers the minimum to `lo` and raises the maximum to `hi`, where they go beyond.
    /// The order is IEEE's total order, with -0.0 below 0.0: `f64::min` may return either
    /// zero, and which depends on the code the compiler generates around it.
    fn take_extremes(&mut self, lo: f64, hi: f64) {
        if lo.total_cmp(&self.min).is_lt() {
            self.min = lo;
        }
        if hi.total_cmp(&self.max).is_gt() {
            self.max = hi;
        }
    }

    fn merge(&mut self, other: &Settled) {
        self.take_extremes(other.min, other.max);
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            self.values = other.values.clone();
        } else {
            self.values.merge(&other.values);
        }
        self.sum_sq += other.sum_sq;
        self.sum += other.sum;
        self.n += other.n;
    }

    fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / FIXED_ONE / self.n as f64
        }
    }

    fn sd(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        // n * sum_sq - sum^2, exactly where it fits 128 bits (every count the model makes),
        // in floating point beyond.
        let n = i128::from(self.n);
        let exact = n
            .checked_mul(self.sum_sq)
            .and_then(|a| self.sum.checked_mul(self.sum).map(|b| (a, b >> FIXED_BITS)));
        let var = match exact {
            Some((a, b)) => (a - b) as f64 / FIXED_ONE,
            None => {
                let (s, q) = (self.sum as f64 / FIXED_ONE, self.sum_sq as f64 / FIXED_ONE);
                self.n as f64 * q - s * s
            }
        } / (self.n as f64 * (self.n - 1) as f64);
        var.max(0.0).sqrt()
    }

    fn quantiles(&self, probs: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![0.0; probs.len()];
        }
        let sorted = self.values.sorted();
        let at_rank = |r: u64| {
            let mut seen = 0;
            for (v, c) in &sorted {
                seen += c;
                if r < seen {
                    return *v;
                }
            }
            sorted.last().map_or(0.0, |x| x.0)
        };
        probs
            .iter()
            .map(|p| {
                let h = (self.n - 1) as f64 * p.clamp(0.0, 1.0);
                let lo = h.floor();
                let (a, b) = (at_rank(lo as u64), at_rank((lo as u64 + 1).min(self.n - 1)));
                let q = a + (h - lo) * (b - a);
                // Buckets approximate: keep within the observed extremes.
                q.clamp(self.min, self.max)
            })
            .collect()
    }

    fn histogram(&self, bins: usize) -> Vec<(f64, f64, u64)> {
        if self.n == 0 || bins == 0 {
            return Vec::new();
        }
        let (lo, hi) = (self.min, self.max);
        let integers = matches!(self.values, Values::Dense { .. });
        let (lo, width, bins) = if integers && hi - lo < bins as f64 {
            // One bin per integer, centred on it.
            (lo - 0.5, 1.0, (hi - lo) as usize + 1)
        } else if hi == lo {
            (lo - 0.5, 1.0, 1)
        } else {
            (lo, (hi - lo) / bins as f64, bins)
        };
        let mut counts = vec![0u64; bins];
        for (v, c) in self.values.sorted() {
            let i = (((v - lo) / width) as usize).min(bins - 1);
            counts[i] += c;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(i, c)| (lo + i as f64 * width, lo + (i + 1) as f64 * width, c))
            .collect()
    }

    fn summary(&self) -> Summary {
        let q = self.quantiles(&[0.05, 0.25, 0.5, 0.75, 0.95]);
        let mean = self.mean();
        let sd = self.sd();
        let half = if self.n >= 2 {
            student_t_975(self.n - 1) * sd / (self.n as f64).sqrt()
        } else {
            0.0
        };
        let (min, max) = if self.n == 0 {
            (0.0, 0.0)
        } else {
            (self.min, self.max)
        };
        Summary {
            n: self.n,
            mean,
            sd,
            ci95: [mean - half, mean + half],
            min,
            p05: q[0],
            p25: q[1],
            p50: q[2],
            p75: q[3],
            p95: q[4],
            max,
        }
    }
}

/// An accumulator as saved in a shard's file: everything needed to merge it exactly.
/// Sums are decimal strings (they are 128-bit integers); value lists are sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccumulatorState {
    /// Values counted.
    pub n: u64,
    /// Sum of the values in units of 2^-32 ([`FIXED_BITS`]), a decimal integer.
    pub sum: String,
    /// Sum of the squares, in the same units.
    pub sum_sq: String,
    /// `None` when empty.
    pub min: Option<f64>,
    /// `None` when empty.
    pub max: Option<f64>,
    /// `dense`, `exact` or `buckets`.
    pub form: String,
    /// Dense: the first value counted.
    #[serde(default)]
    pub offset: i64,
    /// Dense: counts of `offset`, `offset + 1`, ...; empty in the other forms.
    pub counts: Vec<u64>,
    /// Exact: `[value, count]` pairs as `[f64 bits, count]`; buckets: `[key, count]`,
    /// the key signed like the values it holds (0: values within 1e-9 of zero); empty
    /// when dense. Sorted by the first element.
    #[serde(default)]
    pub pairs: Vec<(i64, u64)>,
}

impl Settled {
    fn state(&self) -> AccumulatorState {
        let (form, offset, counts, pairs) = match &self.values {
            Values::Dense { offset, counts } => ("dense", *offset, counts.clone(), Vec::new()),
            Values::Exact(map) => {
                let mut p: Vec<(i64, u64)> = map.iter().map(|(k, c)| (*k as i64, *c)).collect();
                p.sort_unstable();
                ("exact", 0, Vec::new(), p)
            }
            Values::Buckets(map) => {
                let mut p: Vec<(i64, u64)> = map.iter().map(|(k, c)| (i64::from(*k), *c)).collect();
                p.sort_unstable();
                ("buckets", 0, Vec::new(), p)
            }
        };
        let some = |x: f64| (self.n > 0).then_some(x);
        AccumulatorState {
            n: self.n,
            sum: self.sum.to_string(),
            sum_sq: self.sum_sq.to_string(),
            min: some(self.min),
            max: some(self.max),
            form: form.to_string(),
            offset,
            counts,
            pairs,
        }
    }

    fn from_state(s: &AccumulatorState) -> Result<Settled, StateError> {
        let int = |what: &'static str, t: &str| {
            t.parse::<i128>().map_err(|_| StateError::NotWhole {
                what,
                text: t.to_string(),
            })
        };
        let values = match s.form.as_str() {
            "dense" => Values::Dense {
                offset: s.offset,
                counts: s.counts.clone(),
            },
            "exact" => Values::Exact(s.pairs.iter().map(|(k, c)| (*k as u64, *c)).collect()),
            "buckets" => Values::Buckets(
                s.pairs
                    .iter()
                    .map(|(k, c)| {
                        i32::try_from(*k)
                            .map(|k| (k, *c))
                            .map_err(|_| StateError::BucketKey(*k))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            other => {
                return Err(StateError::Form(other.to_string()));
            }
        };
        // Checked: counts that wrap around u64 could otherwise add up to any n.
        fn total(mut counts: impl Iterator<Item = u64>) -> Option<u64> {
            counts.try_fold(0u64, |total, c| total.checked_add(c))
        }
        let counted = match &values {
            Values::Dense { counts, .. } => total(counts.iter().copied()),
            _ => total(s.pairs.iter().map(|(_, c)| *c)),
        }
        .ok_or(StateError::CountsOverflow)?;
        if counted != s.n {
            return Err(StateError::Counted { counted, n: s.n });
        }
        let (min, max) = match (s.min, s.max) {
            (Some(a), Some(b)) if s.n > 0 && a <= b => (a, b),
            (None, None) if s.n == 0 => (f64::INFINITY, f64::NEG_INFINITY),
            _ => return Err(StateError::MinMax),
        };
        Ok(Settled {
            n: s.n,
            sum: int("sum", &s.sum)?,
            sum_sq: int("sum_sq", &s.sum_sq)?,
            min,
            max,
            values,
        })
    }
}

/// Why a saved [`AccumulatorState`] is not the state of an accumulator: a file crafted
/// or corrupt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// A sum is not a whole number.
    #[error("{what} {text:?} is not a whole number")]
    NotWhole {
        /// `sum` or `sum_sq`.
        what: &'static str,
        /// The text saved.
        text: String,
    },
    /// A bucket's key is past what a bucket can be.
    #[error("bucket key {0} is out of range")]
    BucketKey(i64),
    /// An unknown form.
    #[error("form {0:?} is not one of dense, exact, buckets")]
    Form(String),
    /// The counts of the values overflow.
    #[error("the counts of its values add up to more than 2^64 - 1")]
    CountsOverflow,
    /// The counts of the values are not the count.
    #[error("the values counted ({counted}) are not the count n ({n})")]
    Counted {
        /// The counts of the values, added.
        counted: u64,
        /// The count saved.
        n: u64,
    },
    /// The extremes are missing, or given for no value, or the wrong way round.
    #[error("min and max do not fit the count")]
    MinMax,
}

/// What a report says of one metric.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Summary {
    /// Values summarised (runs); not written to `summary.json`.
    #[serde(skip)]
    pub n: u64,
    /// The mean; 0 when there are no values.
    pub mean: f64,
    /// Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values.
    pub sd: f64,
    /// 95% confidence interval of the mean, `mean ± t(0.975, n - 1) sd / sqrt(n)`
    /// ([`student_t_975`]); of width 0 for fewer than two values.
    pub ci95: [f64; 2],
    /// Smallest value; 0 when there are none.
    pub min: f64,
    /// 5th percentile (type 7, as [`Accumulator::quantiles`]).
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value; 0 when there are none.
    pub max: f64,
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom: exact table values
/// up to 30, then the Cornish-Fisher expansion around the normal (error below 1e-5).
pub fn student_t_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if df <= 30 {
        return TABLE[df as usize - 1];
    }
    let z = 1.959_963_984_540_054_f64;
    let n = df as f64;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * n)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n * n * n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn acc(xs: &[f64]) -> Accumulator {
        let mut a = Accumulator::new();
        for x in xs {
            a.push(*x);
        }
        a
    }

    #[test]
    fn quantiles_match_numpy_type_seven() {
        let a = acc(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        let q = a.quantiles(&[0.0, 0.05, 0.25, 0.5, 0.9, 1.0]);
        // numpy.percentile([1,2,3,4,10], [0,5,25,50,90,100])
        let numpy = [1.0, 1.2, 2.0, 3.0, 7.6, 10.0];
        for (got, want) in q.iter().zip(numpy) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn mean_sd_and_interval_of_a_known_sample() {
        let a = acc(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        let s = a.summary();
        assert_eq!(s.mean, 5.0);
        assert!((s.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        let half = 2.364624 * s.sd / 8f64.sqrt();
        assert!((s.ci95[1] - 5.0 - half).abs() < 1e-12);
        assert_eq!((s.min, s.max), (2.0, 9.0));
    }

    #[test]
    fn dense_integers_grow_both_ways_and_fall_back_to_exact() {
        let a = acc(&[100.0, 98.0, 103.0, 98.0]);
        assert!(matches!(a.view().values, Values::Dense { offset: 98, .. }));
        assert_eq!(a.quantiles(&[0.0, 0.5, 1.0]), vec![98.0, 99.0, 103.0]);
        let mut b = acc(&[100.0, 0.5]);
        assert!(matches!(b.view().values, Values::Exact(_)));
        b.push(1e9);
        assert_eq!(b.quantiles(&[0.0, 1.0]), vec![0.5, 1e9]);
        let wide = acc(&[0.0, 1e7]);
        assert!(matches!(wide.view().values, Values::Exact(_)));
        let mut dense = acc(&[5.0]);
        dense += &acc(&[0.25]);
        assert_eq!(dense.quantiles(&[0.0, 1.0]), vec![0.25, 5.0]);
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let a = acc(&[1.0, 2.0, 2.0, 3.0, 10.0]);
        let h = a.histogram(3);
        assert_eq!(h.iter().map(|b| b.2).sum::<u64>(), 5);
        assert_eq!(h[0], (1.0, 4.0, 4));
        assert_eq!(h[2].2, 1);
        // A narrow range of integers: one bin per value.
        let small = acc(&[4.0, 5.0, 5.0, 7.0]);
        let h = small.histogram(30);
        assert_eq!(h.len(), 4);
        assert_eq!(h[1], (4.5, 5.5, 2));
        assert_eq!(acc(&[2.5, 2.5]).histogram(10), vec![(2.0, 3.0, 2)]);
    }

    #[test]
    fn student_t_meets_the_normal_for_large_samples() {
        assert!((student_t_975(31) - 2.039513).abs() < 1e-5);
        assert!((student_t_975(60) - 2.000298).abs() < 1e-5);
        assert!((student_t_975(1_000_000) - 1.959966).abs() < 1e-5);
    }

    #[test]
    fn switches_switch_to_buckets_past_the_exact_limit_within_accuracy() {
        let xs: Vec<f64> = (0..20_000).map(|i| 1.0 + i as f64 * 0.37).collect();
        let a = acc(&xs);
        assert!(!a.is_exact());
        let exact = acc(&xs[..10]);
        assert!(exact.is_exact());
        let q = a.quantiles(&[0.5, 0.95]);
        let truth = [1.0 + 9999.5 * 0.37, 1.0 + 18999.05 * 0.37];
        for (got, want) in q.iter().zip(truth) {
            assert!(
                (got / want - 1.0).abs() < 2.0 * SKETCH_ACCURACY,
                "{got} vs {want}"
            );
        }
        // Moments stay exact.
        assert!((a.mean() - xs.iter().sum::<f64>() / xs.len() as f64).abs() < 1e-6);
    }

    #[test]
    fn merging_is_exact_in_any_grouping() {
        let xs: Vec<f64> = (0..500)
            .map(|i| (i as f64 * 0.731).sin() * 1e3 + 0.1)
            .collect();
        let whole = acc(&xs);
        // Three groupings of the same values: the summaries are identical to the bit.
        let mut left = acc(&xs[..100]);
        left += &acc(&xs[100..]);
        let mut right = acc(&xs[..400]);
        let mut tail = acc(&xs[400..450]);
        tail += &acc(&xs[450..]);
        right += &tail;
        for other in [&left, &right] {
            assert_eq!(other.summary(), whole.summary());
            assert_eq!(other.state(), whole.state());
        }
    }

    #[test]
    fn states_round_trip_and_are_checked() {
        for xs in [
            vec![],
            vec![3.0, 4.0, 4.0, 9.0],
            vec![0.5, 2.25, 0.5],
            (0..6000).map(|i| 1.0 + i as f64 * 0.37).collect::<Vec<_>>(),
        ] {
            let a = acc(&xs);
            let back = Accumulator::from_state(&a.state()).unwrap();
            assert_eq!(back.state(), a.state());
            assert_eq!(back.summary(), a.summary());
        }
        let mut bad = acc(&[1.0, 2.0]).state();
        bad.n = 3;
        let e = Accumulator::from_state(&bad).unwrap_err().to_string();
        assert!(e.contains("count"), "{e}");
        let mut bad = acc(&[1.0]).state();
        bad.form = "sketch".into();
        let e = Accumulator::from_state(&bad).unwrap_err().to_string();
        assert!(e.contains("dense"), "{e}");
        let mut bad = acc(&[1.0]).state();
        bad.sum = "x".into();
        let e = Accumulator::from_state(&bad).unwrap_err().to_string();
        assert!(e.contains("sum"), "{e}");
    }

    /// Issue 20: counts that wrap around u64 added up to the count n and were accepted.
    #[test]
    fn states_whose_counts_wrap_are_refused() {
        let mut bad = acc(&[1.0, 1.0, 2.0]).state();
        assert_eq!(bad.counts, [2, 1]);
        bad.counts = vec![u64::MAX, 4];
        let e = Accumulator::from_state(&bad).unwrap_err().to_string();
        assert!(e.contains("2^64"), "{e}");
        let mut bad = acc(&[0.5, 0.25]).state();
        assert_eq!(bad.form, "exact");
        bad.pairs[0].1 = u64::MAX;
        bad.pairs[1].1 = 3;
        let e = Accumulator::from_state(&bad).unwrap_err().to_string();
        assert!(e.contains("2^64"), "{e}");
    }

    #[test]
    fn accumulators_that_would_overflow_when_added_say_so() {
        let a = acc(&[1.0, 2.0]);
        assert!(a.can_add(&a));
        let mut big = a.state();
        big.sum = i128::MAX.to_string();
        let big = Accumulator::from_state(&big).unwrap();
        assert!(!big.can_add(&a) && !a.can_add(&big));
        let mut many = acc(&[]).state();
        many.n = u64::MAX;
        many.form = "dense".into();
        many.counts = vec![u64::MAX];
        many.min = Some(1.0);
        many.max = Some(1.0);
        let many = Accumulator::from_state(&many).unwrap();
        assert!(!many.can_add(&a));
    }

    #[test]
    fn push_count_is_push_of_the_count() {
        let mut a = Accumulator::new();
        let mut b = Accumulator::new();
        for v in [5u64, 0, 17, 5, 3_000_000] {
            a.push_count(v);
            b.push(v as f64);
        }
        assert_eq!(a.state(), b.state());
    }

    proptest! {
        #[test]
        fn merging_equals_pushing_everything_into_one(
            xs in prop::collection::vec(-1e4f64..1e4, 1..300),
            cut in 0usize..300,
        ) {
            let cut = cut.min(xs.len());
            let whole = acc(&xs);
            let mut merged = acc(&xs[..cut]);
            merged += &acc(&xs[cut..]);
            let (a, b) = (whole.summary(), merged.summary());
            prop_assert_eq!(a.n, b.n);
            prop_assert_eq!(a.p50, b.p50);
            prop_assert_eq!(a.p05, b.p05);
            prop_assert_eq!((a.min, a.max), (b.min, b.max));
            // Exact: the sums are integers on a fixed grid.
            prop_assert_eq!(a, b);
        }

        #[test]
        fn counts_are_exact_small_integers(xs in prop::collection::vec(0u32..50, 1..500)) {
            let a = acc(&xs.iter().map(|x| f64::from(*x)).collect::<Vec<_>>());
            let mut sorted = xs.clone();
            sorted.sort_unstable();
            let median = a.quantiles(&[0.5])[0];
            let n = sorted.len();
            let h = (n - 1) as f64 * 0.5;
            let lo = sorted[h.floor() as usize] as f64;
            let hi = sorted[(h.floor() as usize + 1).min(n - 1)] as f64;
            prop_assert_eq!(median, lo + (h - h.floor()) * (hi - lo));
        }
    }
}
