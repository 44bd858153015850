//! Random draws the month loop makes, each built once per batch and cheap per draw.
//!
//! - [`AliasTable`]: a discrete distribution over `0..n` in one 64-bit draw (Walker/Vose
//!   alias method; the top bits pick a column, the rest decide between it and its alias).
//! - [`LookupTable`]: the same, five draws from one 64-bit number: 12 bits index a table
//!   of 4,096 slots; the few slots left over lead to an alias table (Marsaglia's
//!   table-lookup method), so that the draws stay exact.
//! - [`BernoulliSkip`]: the count of successes among each month's trials, when successes
//!   are rare, by skipping a geometric number of trials to the next one.
//! - [`BinomialP`]: exact binomial draws, by inversion when the mean is small (refusals
//!   of deportation) and by rand_distr's BTPE otherwise.
//! - [`PoissonDraw`]: exact Poisson draws, by inversion for small means and rand_distr
//!   otherwise, or from an alias table when the mean is fixed for a whole batch.
//!
//! All take the generator as a parameter; nothing here holds randomness.

use super::super::scenario::dist::unit_f64;
use rand::Rng;
use rand_distr::{Binomial, Distribution, Poisson};

/// A discrete distribution over `0..n`, one `next_u64` per draw.
#[derive(Debug, Clone)]
pub struct AliasTable {
    /// log2 of the padded table size.
    bits: u32,
    /// Per column: the acceptance threshold, scaled to `2^(64 - bits)`, and the alias.
    /// Kept together so that a draw touches one cache line.
    columns: Vec<(u64, u64)>,
}

impl AliasTable {
    /// Builds the table from non-negative weights, at least one of them positive.
    pub fn new(weights: &[f64]) -> Self {
        let total: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
        assert!(total > 0.0, "an alias table needs a positive weight");
        let size = weights.len().next_power_of_two().max(2);
        let bits = size.trailing_zeros();
        let scale = size as f64 / total;
        let mut prob: Vec<f64> = (0..size)
            .map(|i| weights.get(i).copied().filter(|w| *w > 0.0).unwrap_or(0.0) * scale)
            .collect();
        let mut alias: Vec<u32> = (0..size as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..size).partition(|&i| prob[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s] = l as u32;
            prob[l] -= 1.0 - prob[s];
            if prob[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Whatever is left is 1 up to rounding.
        for i in large.into_iter().chain(small) {
            prob[i] = 1.0;
        }
        let one = 1u128 << (64 - bits);
        let columns = prob
            .iter()
            .zip(&alias)
            .map(|(&p, &a)| {
                let threshold = ((p.clamp(0.0, 1.0) * one as f64) as u128).min(one) as u64;
                (threshold, u64::from(a))
            })
            .collect();
        AliasTable { bits, columns }
    }

    /// The probability of each padded outcome the table implies, for tests.
    #[cfg(test)]
    fn implied(&self) -> Vec<f64> {
        let size = self.columns.len() as f64;
        let one = (1u128 << (64 - self.bits)) as f64;
        let mut p = vec![0.0; self.columns.len()];
        for (i, (threshold, alias)) in self.columns.iter().enumerate() {
            let keep = *threshold as f64 / one;
            p[i] += keep / size;
            p[*alias as usize] += (1.0 - keep) / size;
        }
        p
    }

    /// One outcome in `0..n`, with the probability its weight gives it; one `next_u64`.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let x = rng.next_u64();
        let column = (x >> (64 - self.bits)) as usize;
        let rest = x & ((1u64 << (64 - self.bits)) - 1);
        let (threshold, alias) = self.columns[column];
        // Branch-free: which side wins is a coin toss the predictor cannot learn.
        let keep = u64::from(rest < threshold).wrapping_neg();
        ((column as u64 & keep) | (alias & !keep)) as usize
    }
}

/// Bits of a 64-bit draw that pick one slot of a [`LookupTable`].
const LOOKUP_BITS: u32 = 12;
/// Slots a 64-bit draw picks: five of 12 bits (the top 4 bits go unused).
const LOOKUPS_PER_DRAW: u64 = (64 / LOOKUP_BITS) as u64;
const SLOTS: usize = 1 << LOOKUP_BITS;
/// A slot that sends the draw to the alias table of the remainders.
const REMAINDER: u16 = u16::MAX;

/// A discrete distribution over `0..n` (`n` below 65,535), drawn up to five times from
/// one 64-bit number.
///
/// Outcome `i` of probability `p_i` fills `floor(4096 p_i)` of 4,096 slots; the slots left
/// over (a few percent for a spread-out distribution) mark the remainders, from which a
/// draw that lands there takes a fresh 64-bit number through an alias table weighted by
/// `4096 p_i - floor(4096 p_i)`. Each outcome's probability is then `floor(4096 p_i) / 4096
/// + remainder_i / 4096 = p_i`: exact, not rounded to the slots.
#[derive(Debug, Clone)]
pub struct LookupTable {
    slots: Box<[u16; SLOTS]>,
    /// Drawn only when a slot is a remainder's (so never when every slot is filled).
    remainders: AliasTable,
}

impl LookupTable {
    /// Builds the table from non-negative weights, at least one of them positive.
    pub fn new(weights: &[f64]) -> Self {
        assert!(
            weights.len() < usize::from(REMAINDER),
            "a lookup table holds fewer than 65,535 outcomes"
        );
        let usable = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let total: f64 = weights.iter().map(|w| usable(*w)).sum();
        assert!(total > 0.0, "a lookup table needs a positive weight");
        let mut slots = Box::new([REMAINDER; SLOTS]);
        let mut filled = 0;
        let mut remainders = Vec::with_capacity(weights.len());
        for (i, w) in weights.iter().enumerate() {
            let exact = usable(*w) / total * SLOTS as f64;
            let whole = (exact.floor() as usize).min(SLOTS - filled);
            slots[filled..filled + whole].fill(i as u16);
            filled += whole;
            remainders.push(exact - whole as f64);
        }
        // Rounding can leave slots over with no remainder to speak of: the weights
        // themselves then share them.
        let remainders = if remainders.iter().any(|r| *r > 0.0) {
            AliasTable::new(&remainders)
        } else {
            AliasTable::new(weights)
        };
        LookupTable { slots, remainders }
    }

    /// Draws `count` times, handing each draw to `f`.
    #[inline]
    pub fn for_each_sample<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        count: u64,
        mut f: impl FnMut(usize),
    ) {
        let slots: &[u16; SLOTS] = &self.slots;
        let mut left = count;
        while left > 0 {
            let mut x = rng.next_u64();
            let here = left.min(LOOKUPS_PER_DRAW);
            for _ in 0..here {
                let slot = slots[x as usize & (SLOTS - 1)];
                x >>= LOOKUP_BITS;
                if slot != REMAINDER {
                    f(usize::from(slot));
                } else {
                    f(self.remainders.sample(rng));
                }
            }
            left -= here;
        }
    }

    /// The probability of each outcome the table implies, for tests.
    #[cfg(test)]
    fn implied(&self, n: usize) -> Vec<f64> {
        let mut p = vec![0.0; n];
        for s in self.slots.iter().filter(|s| **s != REMAINDER) {
            p[usize::from(*s)] += 1.0 / SLOTS as f64;
        }
        let share = self.slots.iter().filter(|s| **s == REMAINDER).count() as f64 / SLOTS as f64;
        for (i, q) in self.remainders.implied().into_iter().enumerate().take(n) {
            p[i] += share * q;
        }
        p
    }
}

/// The number of successes among each month's trials when each succeeds with the same
/// small probability `p`: deaths in custody among the prisoners held.
///
/// The trials of all months form one sequence of independent Bernoulli(p) trials; the
/// gap to the next success is geometric, drawn only when a success happens. A month of
/// `n` trials costs a comparison when no success falls in it, and its count is
/// Binomial(n, p) whatever the months before, as the gaps are memoryless.
#[derive(Debug, Clone, Copy)]
pub struct BernoulliSkip {
    /// ln(1 - p); `-inf` when `p` is 1, 0 when `p` is 0.
    ln_q: f64,
    /// Failures left before the next success.
    gap: u64,
}

impl BernoulliSkip {
    /// Starts the sequence, drawing the first gap.
    pub fn new<R: Rng + ?Sized>(p: f64, rng: &mut R) -> Self {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        let mut skip = BernoulliSkip {
            ln_q: (-p).ln_1p(),
            gap: 0,
        };
        skip.gap = skip.next_gap(rng);
        skip
    }

    /// A Geometric(p) number of failures: `floor(ln U / ln(1 - p))`.
    fn next_gap<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        if self.ln_q == 0.0 {
            return u64::MAX;
        }
        if self.ln_q == f64::NEG_INFINITY {
            return 0;
        }
        // U in (0, 1]: ln U is finite or 0. The cast saturates for gaps beyond u64.
        let u = 1.0 - unit_f64(rng);
        (u.ln() / self.ln_q).floor() as u64
    }

    /// The successes among the next `n` trials.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&mut self, rng: &mut R, n: u64) -> u64 {
        if self.gap >= n {
            self.gap -= n;
            return 0;
        }
        let mut left = n;
        let mut successes = 0;
        while self.gap < left {
            left -= self.gap + 1;
            successes += 1;
            self.gap = self.next_gap(rng);
        }
        self.gap -= left;
        successes
    }
}

/// Mean above which [`BinomialP`] and [`PoissonDraw`] leave inversion for rand_distr.
const INVERSION_MAX_MEAN: f64 = 30.0;

/// Exact Binomial(n, p) draws for a fixed `p` and any `n`, with the logarithms the
/// inversion needs computed once.
#[derive(Debug, Clone, Copy)]
pub struct BinomialP {
    p: f64,
    /// ln(1 - p).
    ln_q: f64,
    /// p / (1 - p).
    ratio: f64,
}

impl BinomialP {
    /// Draws with success probability `p`, clamped to `[0, 1]` (deportation refusals:
    /// `releases.refusal_probability`).
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        BinomialP {
            p,
            ln_q: (-p).ln_1p(),
            ratio: p / (1.0 - p),
        }
    }

    /// The successes among `n` trials: a Binomial(n, p) count in `0..=n`.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R, n: u64) -> u64 {
        let p = self.p;
        if n == 0 || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if n as f64 * p > INVERSION_MAX_MEAN {
            return Binomial::new(n, p).map_or(0, |d| d.sample(rng));
        }
        // Inversion: walk the pmf from 0 until it passes a uniform draw.
        let mut prob = (n as f64 * self.ln_q).exp();
        let mut cdf = prob;
        let u = unit_f64(rng);
        let mut k = 0;
        while u >= cdf && k < n {
            prob *= (n - k) as f64 / (k + 1) as f64 * self.ratio;
            k += 1;
            cdf += prob;
            if prob <= 0.0 {
                break;
            }
        }
        k
    }
}

/// Largest mean drawn from a table by [`PoissonDraw::tabled`].
const TABLE_MAX_MEAN: f64 = 2000.0;

/// Exact Poisson draws with a fixed mean.
#[derive(Debug, Clone)]
pub enum PoissonDraw {
    /// A mean of 0, negative or not finite: every draw is 0, and takes no random number.
    Zero,
    /// An alias table over `0..K`, where the tail beyond `K` is below 1e-20, finer than
    /// the resolution of a 64-bit draw: exact for this generator, one draw each.
    Table {
        /// The Poisson mean.
        mean: f64,
        /// The probabilities of `0..K`.
        table: AliasTable,
    },
    /// Inversion; holds `exp(-mean)`.
    Inversion {
        /// The Poisson mean, at most 30.
        mean: f64,
        /// `exp(-mean)`, the probability of 0, where the walk up the pmf starts.
        p0: f64,
    },
    /// rand_distr's Poisson sampler, for means above 30 not tabled.
    Large {
        /// The Poisson mean.
        mean: f64,
        /// The sampler.
        draw: Poisson<f64>,
    },
}

impl PoissonDraw {
    /// Draws with mean `mean` (arrests a month, for instance): inversion up to a mean of
    /// 30, rand_distr above; [`PoissonDraw::Zero`] for a mean that is not positive and
    /// finite.
    pub fn new(mean: f64) -> Self {
        if mean <= 0.0 || !mean.is_finite() {
            PoissonDraw::Zero
        } else if mean <= INVERSION_MAX_MEAN {
            PoissonDraw::Inversion {
                mean,
                p0: (-mean).exp(),
            }
        } else {
            Poisson::new(mean).map_or(PoissonDraw::Zero, |draw| PoissonDraw::Large { mean, draw })
        }
    }

    /// Like [`PoissonDraw::new`], with a one-draw table for means up to 2,000: worth its
    /// construction when the mean is fixed for a whole batch.
    pub fn tabled(mean: f64) -> Self {
        if !(mean > 0.0 && mean <= TABLE_MAX_MEAN) {
            return Self::new(mean);
        }
        let last = (mean + 14.0 * mean.sqrt() + 40.0).ceil() as usize;
        let mut ln_factorial = 0.0;
        let pmf: Vec<f64> = (0..=last)
            .map(|k| {
                if k > 0 {
                    ln_factorial += (k as f64).ln();
                }
                (-mean + k as f64 * mean.ln() - ln_factorial).exp()
            })
            .collect();
        PoissonDraw::Table {
            mean,
            table: AliasTable::new(&pmf),
        }
    }

    /// The mean the draws have (0 for [`PoissonDraw::Zero`]).
    pub fn mean(&self) -> f64 {
        match self {
            PoissonDraw::Zero => 0.0,
            PoissonDraw::Table { mean, .. } => *mean,
            PoissonDraw::Inversion { mean, .. } => *mean,
            PoissonDraw::Large { mean, .. } => *mean,
        }
    }

    /// One Poisson count.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match self {
            PoissonDraw::Zero => 0,
            PoissonDraw::Table { table, .. } => table.sample(rng) as u64,
            PoissonDraw::Inversion { mean, p0 } => {
                let u = unit_f64(rng);
                let (mut k, mut prob) = (0u64, *p0);
                let mut cdf = prob;
                while u >= cdf && prob > 0.0 {
                    k += 1;
                    prob *= mean / k as f64;
                    cdf += prob;
                }
                k
            }
            PoissonDraw::Large { draw, .. } => draw.sample(rng) as u64,
        }
    }
}

/// A uniform integer in `0..n` (n > 0) from one 64-bit draw, by widening multiplication.
#[inline]
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// `x.round() as u64`: the nearest whole count, halves away from zero, 0 for a negative
/// amount or NaN, `u64::MAX` above it. Without SSE4.1, which x86-64's baseline lacks,
/// `round` is a library call, and conversions between `f64` and `u64` take a dozen
/// instructions; those with `i64` take one. The fraction `x - trunc(x)` is exact for every
/// `x` below 2^52, and above it `x` is whole.
#[inline]
pub fn round_count(x: f64) -> u64 {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if (0.0..TWO_POW_63).contains(&x) {
        let whole = x as i64;
        (whole + i64::from(x - whole as f64 >= 0.5)) as u64
    } else if x >= TWO_POW_63 {
        x as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn rng() -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(11)
    }

    /// Each outcome's share of `n` draws is within four standard errors of its weight's.
    fn assert_frequencies(weights: &[f64], counts: &[u64], n: u64) {
        let total: f64 = weights.iter().sum();
        for (i, &w) in weights.iter().enumerate() {
            let p = w / total;
            let se = (p * (1.0 - p) / n as f64).sqrt();
            let got = counts[i] as f64 / n as f64;
            assert!((got - p).abs() <= 4.0 * se + 1e-12, "{i}: {got} vs {p}");
        }
    }

    #[test]
    fn alias_table_frequencies_match_weights_within_four_standard_errors() {
        let weights = [0.0, 1.0, 2.0, 0.0, 5.0, 0.5];
        let table = AliasTable::new(&weights);
        let mut counts = [0u64; 8];
        let n = 400_000;
        let mut r = rng();
        for _ in 0..n {
            counts[table.sample(&mut r)] += 1;
        }
        assert_frequencies(&weights, &counts, n);
        assert_eq!(counts[6] + counts[7], 0, "padding is never drawn");
    }

    #[test]
    fn alias_table_with_one_outcome_always_draws_it() {
        let table = AliasTable::new(&[0.0, 0.0, 3.0]);
        let mut r = rng();
        assert!((0..1000).all(|_| table.sample(&mut r) == 2));
    }

    #[test]
    fn binomial_mean_and_variance_match_for_small_and_large_means() {
        for (n, p) in [(1400u64, 6e-5), (52, 1.0 / 52.0), (2000, 0.3), (10, 0.5)] {
            let mut r = rng();
            let draws = 200_000;
            let xs: Vec<f64> = (0..draws)
                .map(|_| BinomialP::new(p).sample(&mut r, n) as f64)
                .collect();
            let mean = xs.iter().sum::<f64>() / draws as f64;
            let var = n as f64 * p * (1.0 - p);
            let se = (var / draws as f64).sqrt();
            assert!(
                (mean - n as f64 * p).abs() < 4.0 * se,
                "n={n} p={p}: {mean}"
            );
            let sample_var =
                xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
            assert!(
                (sample_var / var - 1.0).abs() < 0.03,
                "n={n} p={p}: {sample_var}"
            );
        }
    }

    #[test]
    fn binomial_degenerate_cases_are_exact() {
        let mut r = rng();
        assert_eq!(BinomialP::new(0.5).sample(&mut r, 0), 0);
        assert_eq!(BinomialP::new(0.0).sample(&mut r, 100), 0);
        assert_eq!(BinomialP::new(1.0).sample(&mut r, 100), 100);
    }

    #[test]
    fn poisson_table_matches_the_pmf_within_four_standard_errors() {
        let d = PoissonDraw::tabled(50.0);
        assert!(matches!(d, PoissonDraw::Table { .. }));
        let mut r = rng();
        let draws = 200_000;
        let mut counts = vec![0u64; 200];
        for _ in 0..draws {
            counts[d.sample(&mut r) as usize] += 1;
        }
        // Bins with at least 20 expected draws one by one; the tails pooled.
        let pmf: Vec<f64> = (0..200)
            .scan((-50f64).exp(), |p, k| {
                let here = *p;
                *p *= 50.0 / (k + 1) as f64;
                Some(here)
            })
            .collect();
        let check = |p: f64, got: u64, what: &str| {
            let se = (p * (1.0 - p) / draws as f64).sqrt();
            let got = got as f64 / draws as f64;
            assert!((got - p).abs() <= 4.0 * se, "{what}: {got} vs {p}");
        };
        let big = |k: &usize| pmf[*k] * draws as f64 >= 20.0;
        let (lo, hi) = ((0..200).find(big).unwrap(), (0..200).rfind(big).unwrap());
        for k in lo..=hi {
            check(pmf[k], counts[k], &format!("k={k}"));
        }
        check(
            pmf[..lo].iter().sum(),
            counts[..lo].iter().sum(),
            "lower tail",
        );
        check(
            pmf[hi + 1..].iter().sum(),
            counts[hi + 1..].iter().sum(),
            "upper tail",
        );
    }

    #[test]
    fn poisson_mean_within_four_standard_errors() {
        for d in [0.3, 8.0, 50.0, 1e4, 5e5]
            .into_iter()
            .flat_map(|m| [PoissonDraw::new(m), PoissonDraw::tabled(m)])
        {
            let mean = d.mean();
            let mut r = rng();
            let draws = 100_000;
            let got = (0..draws).map(|_| d.sample(&mut r) as f64).sum::<f64>() / draws as f64;
            let se = (mean / draws as f64).sqrt();
            assert!((got - mean).abs() < 4.0 * se, "{mean}: {got}");
        }
        assert_eq!(PoissonDraw::new(0.0).sample(&mut rng()), 0);
    }

    /// A lognormal sentence in months over 256 months, as the engine builds them.
    fn sentence_weights() -> Vec<f64> {
        let spec = crate::scenario::DistSpec::Lognormal {
            median: 48.0,
            sigma: 0.7,
        };
        spec.month_pmf(255)
    }

    #[test]
    fn lookup_table_implies_the_weights_exactly() {
        for weights in [
            sentence_weights(),
            vec![1.0, 1.0, 1.0],
            vec![0.0, 2.0, 0.0, 7.0, 1e-9],
            vec![1.0, 1.0, 2.0],
            vec![0.0, 0.0, 3.0],
        ] {
            let table = LookupTable::new(&weights);
            let total: f64 = weights.iter().sum();
            for (i, p) in table.implied(weights.len()).into_iter().enumerate() {
                let want = weights[i] / total;
                assert!((p - want).abs() < 1e-12, "{i}: {p} vs {want}");
            }
        }
        // Weights that fill the slots exactly need no remainders.
        let remainder_slots = |w: &[f64]| {
            let table = LookupTable::new(w);
            table.slots.iter().filter(|s| **s == REMAINDER).count()
        };
        assert_eq!(remainder_slots(&[1.0, 1.0, 2.0]), 0);
        assert_eq!(remainder_slots(&[1.0, 1.0, 1.0]), 1);
    }

    #[test]
    fn lookup_table_frequencies_match_weights_within_four_standard_errors() {
        // Thirds: every draw's slot has a remainder share, so both paths are exercised;
        // the tiny weight lives only in the remainders.
        for weights in [vec![1.0, 1.0, 1.0, 1e-4], sentence_weights()] {
            let table = LookupTable::new(&weights);
            let mut counts = vec![0u64; weights.len()];
            let n = 1_000_003;
            table.for_each_sample(&mut rng(), n, |i| counts[i] += 1);
            assert_eq!(counts.iter().sum::<u64>(), n);
            assert_frequencies(&weights, &counts, n);
        }
    }

    #[test]
    fn lookup_table_draws_exactly_the_count_asked_and_repeats_with_its_generator() {
        // Ten is two 64-bit numbers' worth; a count of zero draws nothing.
        let table = LookupTable::new(&[1.0, 2.0, 3.0, 4.0]);
        let (mut a, mut b) = (rng(), rng());
        let mut one = Vec::new();
        table.for_each_sample(&mut a, 10, |i| one.push(i));
        let mut two = Vec::new();
        table.for_each_sample(&mut b, 10, |i| two.push(i));
        assert_eq!(one, two);
        assert_eq!(one.len(), 10);
        let mut none = 0;
        table.for_each_sample(&mut a, 0, |_| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn lookup_table_with_one_outcome_always_draws_it() {
        let table = LookupTable::new(&[0.0, 0.0, 3.0]);
        let mut all = true;
        table.for_each_sample(&mut rng(), 10_000, |i| all &= i == 2);
        assert!(all);
    }

    #[test]
    fn bernoulli_skip_gives_binomial_counts_month_after_month() {
        // Varying trials a month, as a prison's stock varies: each month's count has the
        // Binomial(n, p) mean and variance, and consecutive months are uncorrelated.
        let p = 0.002;
        let mut r = rng();
        let mut skip = BernoulliSkip::new(p, &mut r);
        let months = 300_000;
        let (mut z, mut z2, mut prev, mut cross) = (0.0, 0.0, 0.0, 0.0);
        for m in 0..months {
            let n = 500 + (m % 7) * 300;
            let k = skip.sample(&mut r, n) as f64;
            let mean = n as f64 * p;
            let sd = (mean * (1.0 - p)).sqrt();
            let std = (k - mean) / sd;
            z += std;
            z2 += std * std;
            cross += std * prev;
            prev = std;
        }
        let m = months as f64;
        // Standardised counts: mean 0 (se 1/sqrt(m)), variance 1 (se about
        // sqrt((2 + excess kurtosis) / m), the kurtosis of a binomial with mean >= 1 below
        // 1), lag-1 correlation 0 (se 1/sqrt(m)).
        assert!((z / m).abs() < 4.0 / m.sqrt(), "mean {}", z / m);
        assert!(
            (z2 / m - 1.0).abs() < 4.0 * (3.0 / m).sqrt(),
            "var {}",
            z2 / m
        );
        assert!((cross / m).abs() < 4.0 / m.sqrt(), "lag-1 {}", cross / m);
    }

    #[test]
    fn bernoulli_skip_matches_the_binomial_pmf_within_four_standard_errors() {
        let (n, p) = (1000u64, 0.003);
        let mut r = rng();
        let mut skip = BernoulliSkip::new(p, &mut r);
        let draws = 200_000;
        let mut counts = vec![0u64; 40];
        for _ in 0..draws {
            counts[(skip.sample(&mut r, n) as usize).min(39)] += 1;
        }
        let mut pmf = (n as f64 * (-p).ln_1p()).exp();
        for (k, &got) in counts.iter().enumerate().take(12) {
            let se = (pmf * (1.0 - pmf) / draws as f64).sqrt();
            let got = got as f64 / draws as f64;
            assert!((got - pmf).abs() <= 4.0 * se, "k={k}: {got} vs {pmf}");
            pmf *= (n - k as u64) as f64 / (k + 1) as f64 * p / (1.0 - p);
        }
    }

    #[test]
    fn bernoulli_skip_degenerate_cases_are_exact() {
        let mut r = rng();
        let mut never = BernoulliSkip::new(0.0, &mut r);
        let mut always = BernoulliSkip::new(1.0, &mut r);
        for n in [0, 1, 17, 1_000_000] {
            assert_eq!(never.sample(&mut r, n), 0);
            assert_eq!(always.sample(&mut r, n), n);
        }
        assert_eq!(BernoulliSkip::new(f64::NAN, &mut r).sample(&mut r, 50), 0);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = rng();
        assert!((0..10_000).all(|_| below(&mut r, 7) < 7));
    }
    /// The same count as `round() as u64` for halves, near-halves, negatives, huge
    /// amounts and the non-finite.
    #[test]
    fn round_count_is_round_then_cast() {
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            -0.6,
            -2.5,
            0.49999999999999994,
            0.5000000000000001,
            4503599627370495.5,
            4503599627370496.0,
            9007199254740993.0,
            9.223372036854774e18,
            9.223_372_036_854_776e18,
            1.8446744073709552e19,
            1e300,
            -1e300,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut r = rng();
        cases.extend((0..100_000).map(|_| unit_f64(&mut r) * 2000.0 - 100.0));
        cases.extend((0..1_000).map(|k| f64::from(k) / 2.0));
        for x in cases {
            assert_eq!(round_count(x), x.round() as u64, "{x}");
        }
    }
}
