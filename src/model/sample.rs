//! Random draws the month loop makes, each built once per batch and cheap per draw.
//!
//! - [`AliasTable`]: a discrete distribution over `0..n` in one 64-bit draw (Walker/Vose
//!   alias method; the top bits pick a column, the rest decide between it and its alias).
//! - [`binomial`]: exact binomial draws, by inversion when the mean is small (deaths,
//!   refusals) and by rand_distr's BTPE otherwise.
//! - [`PoissonDraw`]: exact Poisson draws, by inversion for small means and rand_distr
//!   otherwise.
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

    /// Draws `count` times, handing each draw to `f`: the table's fields stay in
    /// registers across the loop, which matters in the arrivals loop.
    #[inline]
    pub fn for_each_sample<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        count: u64,
        mut f: impl FnMut(usize),
    ) {
        let columns = self.columns.as_slice();
        let shift = 64 - self.bits;
        let low = (1u64 << shift) - 1;
        // The table's length is a power of two: masking with it proves the index in
        // bounds, so the loop carries no bounds check.
        let last = columns.len() - 1;
        for _ in 0..count {
            let x = rng.next_u64();
            let column = (x >> shift) as usize & last;
            let (threshold, alias) = columns[column];
            let keep = u64::from((x & low) < threshold).wrapping_neg();
            f(((column as u64 & keep) | (alias & !keep)) as usize);
        }
    }

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

/// Mean above which [`binomial`] and [`PoissonDraw`] leave inversion for rand_distr.
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
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        BinomialP {
            p,
            ln_q: (-p).ln_1p(),
            ratio: p / (1.0 - p),
        }
    }

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

/// An exact Binomial(n, p) draw.
#[inline]
pub fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    BinomialP::new(p).sample(rng, n)
}

/// Largest mean drawn from a table by [`PoissonDraw::tabled`].
const TABLE_MAX_MEAN: f64 = 2000.0;

/// Exact Poisson draws with a fixed mean.
#[derive(Debug, Clone)]
pub enum PoissonDraw {
    Zero,
    /// An alias table over `0..K`, where the tail beyond `K` is below 1e-20, finer than
    /// the resolution of a 64-bit draw: exact for this generator, one draw each.
    Table {
        mean: f64,
        table: AliasTable,
    },
    /// Inversion; holds `exp(-mean)`.
    Inversion {
        mean: f64,
        p0: f64,
    },
    Large {
        mean: f64,
        draw: Poisson<f64>,
    },
}

impl PoissonDraw {
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

    pub fn mean(&self) -> f64 {
        match self {
            PoissonDraw::Zero => 0.0,
            PoissonDraw::Table { mean, .. } => *mean,
            PoissonDraw::Inversion { mean, .. } => *mean,
            PoissonDraw::Large { mean, .. } => *mean,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn rng() -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(11)
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
        let total: f64 = weights.iter().sum();
        for (i, &w) in weights.iter().enumerate() {
            let p = w / total;
            let se = (p * (1.0 - p) / n as f64).sqrt();
            let got = counts[i] as f64 / n as f64;
            assert!((got - p).abs() <= 4.0 * se + 1e-12, "{i}: {got} vs {p}");
        }
        assert_eq!(counts[6] + counts[7], 0, "padding is never drawn");
    }

    #[test]
    fn drawing_many_at_once_matches_drawing_one_by_one() {
        let table = AliasTable::new(&[0.5, 1.0, 2.0, 0.0, 3.0]);
        let (mut a, mut b) = (rng(), rng());
        let mut many = Vec::new();
        table.for_each_sample(&mut a, 1000, |i| many.push(i));
        let one: Vec<usize> = (0..1000).map(|_| table.sample(&mut b)).collect();
        assert_eq!(many, one);
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
            let xs: Vec<f64> = (0..draws).map(|_| binomial(&mut r, n, p) as f64).collect();
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
        assert_eq!(binomial(&mut r, 0, 0.5), 0);
        assert_eq!(binomial(&mut r, 100, 0.0), 0);
        assert_eq!(binomial(&mut r, 100, 1.0), 100);
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

    #[test]
    fn below_stays_in_range() {
        let mut r = rng();
        assert!((0..10_000).all(|_| below(&mut r, 7) < 7));
    }
}
