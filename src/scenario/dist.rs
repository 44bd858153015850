//! Distributions a user picks in a scenario file: sentence lengths, remaining sentences,
//! wave sizes.
//!
//! Four kinds, written as an inline table with a `kind` key:
//! `{ kind = "fixed", value = 36 }`, `{ kind = "uniform", low = 12, high = 60 }`,
//! `{ kind = "lognormal", median = 48, sigma = 0.7 }` and
//! `{ kind = "empirical", values = [12, 36, 60], weights = [3, 5, 2] }`.
//! A distribution is either sampled as a real number (wave sizes) or discretised into whole
//! months (sentences), where a draw `x` falls in month `floor(x)` clamped to `1..=max`, the
//! rounding that `../shared/bench/` uses too.

use super::message::num;
use rand::Rng;
use rand_distr::{Distribution, LogNormal};
use serde::{Deserialize, Serialize};

/// A distribution as written in the file (validated by [`DistSpec::check`]). Its numbers
/// are in the unit of the key that holds it: months for a sentence, people for a wave.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum DistSpec {
    /// Always `value`.
    Fixed {
        /// The one value, at least 0.
        value: f64,
    },
    /// Uniform on `[low, high]`.
    Uniform {
        /// The low end, at least 0.
        low: f64,
        /// The high end, at least `low`.
        high: f64,
    },
    /// Lognormal with the given median and log-scale standard deviation `sigma`.
    Lognormal {
        /// The median, above 0.
        median: f64,
        /// The standard deviation of the log, in [0, 5] (0: always the median).
        sigma: f64,
    },
    /// The points `values` with probabilities proportional to `weights`.
    Empirical {
        /// The points, each at least 0; at least one.
        values: Vec<f64>,
        /// One relative weight per point, each at least 0, not all 0, with a finite sum.
        weights: Vec<f64>,
    },
}

impl DistSpec {
    /// Checks the parameters; the error names the offending key (relative to the
    /// distribution) and what is allowed.
    pub fn check(&self) -> Result<(), (String, String)> {
        let finite_nonneg = |key: &str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err((
                    key.to_string(),
                    format!("must be a finite number >= 0, got {}", num(v)),
                ))
            }
        };
        match self {
            DistSpec::Fixed { value } => finite_nonneg("value", *value),
            DistSpec::Uniform { low, high } => {
                finite_nonneg("low", *low)?;
                finite_nonneg("high", *high)?;
                if high < low {
                    return Err((
                        "high".into(),
                        format!("must be >= low ({}), got {}", num(*low), num(*high)),
                    ));
                }
                Ok(())
            }
            DistSpec::Lognormal { median, sigma } => {
                if !(median.is_finite() && *median > 0.0) {
                    return Err((
                        "median".into(),
                        format!("must be > 0, got {}", num(*median)),
                    ));
                }
                if !(sigma.is_finite() && *sigma >= 0.0 && *sigma <= 5.0) {
                    return Err((
                        "sigma".into(),
                        format!("must be in [0, 5], got {}", num(*sigma)),
                    ));
                }
                Ok(())
            }
            DistSpec::Empirical { values, weights } => {
                if values.is_empty() {
                    return Err((
                        "values".into(),
                        "must list at least one value (the table is empty)".into(),
                    ));
                }
                if values.len() != weights.len() {
                    return Err((
                        "weights".into(),
                        format!(
                            "must have one weight per value: {} values, {} weights",
                            values.len(),
                            weights.len()
                        ),
                    ));
                }
                for v in values {
                    finite_nonneg("values", *v)?;
                }
                for w in weights {
                    finite_nonneg("weights", *w)?;
                }
                let total = weights.iter().sum::<f64>();
                if total <= 0.0 {
                    return Err(("weights".into(), "must not all be zero".into()));
                }
                // Probabilities are weight / total: an infinite total would make them NaN.
                if !total.is_finite() {
                    return Err((
                        "weights".into(),
                        format!("must sum to a finite number (they are relative), got {total}"),
                    ));
                }
                Ok(())
            }
        }
    }

    /// P(X < x): the left-continuous distribution function, so that a point mass at `v`
    /// belongs to the bucket `[floor(v), floor(v) + 1)`.
    pub fn prob_below(&self, x: f64) -> f64 {
        match self {
            DistSpec::Fixed { value } => f64::from(u8::from(*value < x)),
            DistSpec::Uniform { low, high } => {
                if high == low {
                    f64::from(u8::from(*low < x))
                } else {
                    ((x - low) / (high - low)).clamp(0.0, 1.0)
                }
            }
            DistSpec::Lognormal { median, sigma } => {
                if x <= 0.0 {
                    0.0
                } else if *sigma == 0.0 {
                    f64::from(u8::from(*median < x))
                } else {
                    let z = (x.ln() - median.ln()) / (sigma * std::f64::consts::SQRT_2);
                    0.5 * (1.0 + libm::erf(z))
                }
            }
            DistSpec::Empirical { values, weights } => {
                let total: f64 = weights.iter().sum();
                let below: f64 = values
                    .iter()
                    .zip(weights)
                    .filter(|(v, _)| **v < x)
                    .map(|(_, w)| w)
                    .sum();
                below / total
            }
        }
    }

    /// The mean of the distribution (before any rounding into months).
    pub fn mean(&self) -> f64 {
        match self {
            DistSpec::Fixed { value } => *value,
            DistSpec::Uniform { low, high } => 0.5 * (low + high),
            DistSpec::Lognormal { median, sigma } => median * (0.5 * sigma * sigma).exp(),
            DistSpec::Empirical { values, weights } => {
                let total: f64 = weights.iter().sum();
                values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total
            }
        }
    }

    /// Probabilities of whole months `0..=max` (index 0 is always 0): a draw `x` counts
    /// as `floor(x)` clamped to `1..=max`.
    pub fn month_pmf(&self, max: u32) -> Vec<f64> {
        let max = max.max(1) as usize;
        let mut pmf = vec![0.0; max + 1];
        if max == 1 {
            pmf[1] = 1.0;
            return pmf;
        }
        pmf[1] = self.prob_below(2.0);
        for (b, p) in pmf.iter_mut().enumerate().take(max).skip(2) {
            *p = (self.prob_below(b as f64 + 1.0) - self.prob_below(b as f64)).max(0.0);
        }
        pmf[max] = (1.0 - self.prob_below(max as f64)).max(0.0);
        pmf
    }

    /// A sampler for real-valued draws (wave sizes).
    pub fn sampler(&self) -> Sampler {
        match self {
            DistSpec::Fixed { value } => Sampler::Fixed(*value),
            DistSpec::Uniform { low, high } => Sampler::Uniform(*low, *high),
            DistSpec::Lognormal { median, sigma } => match LogNormal::new(median.ln(), *sigma) {
                Ok(d) => Sampler::Lognormal(d),
                Err(_) => Sampler::Fixed(*median),
            },
            DistSpec::Empirical { values, weights } => {
                let total: f64 = weights.iter().sum();
                let mut acc = 0.0;
                let cumulative = weights
                    .iter()
                    .map(|w| {
                        acc += w / total;
                        acc
                    })
                    .collect();
                Sampler::Empirical(values.clone(), cumulative)
            }
        }
    }
}

/// A distribution ready to draw from, built once per batch.
#[derive(Clone, Debug)]
pub enum Sampler {
    /// Always this value (also a lognormal that `rand_distr` cannot build).
    Fixed(f64),
    /// Uniform between the low and the high end.
    Uniform(f64, f64),
    /// Lognormal, with `ln(median)` and `sigma` as its log's mean and deviation.
    Lognormal(LogNormal<f64>),
    /// Values and their cumulative probabilities.
    Empirical(Vec<f64>, Vec<f64>),
}

impl Sampler {
    /// One real-valued draw from `rng`: one 64-bit draw for a uniform or empirical
    /// distribution, none for a fixed one.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform(low, high) => low + (high - low) * unit_f64(rng),
            Sampler::Lognormal(d) => d.sample(rng),
            Sampler::Empirical(values, cumulative) => {
                let u = unit_f64(rng);
                let i = cumulative.partition_point(|c| *c <= u);
                values[i.min(values.len() - 1)]
            }
        }
    }
}

/// A uniform draw in [0, 1) from the top 53 bits of one 64-bit draw.
pub fn unit_f64<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn month_pmf_sums_to_one_and_puts_fixed_values_in_their_month() {
        let d = DistSpec::Fixed { value: 36.7 };
        let pmf = d.month_pmf(100);
        assert_eq!(pmf[36], 1.0);
        assert_eq!(pmf.iter().sum::<f64>(), 1.0);
        let ln = DistSpec::Lognormal {
            median: 48.0,
            sigma: 0.7,
        };
        let pmf = ln.month_pmf(255);
        assert!((pmf.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The median month: P(48 <= Y < 49) is about the density at the median.
        let density = 1.0 / (48.5 * 0.7 * (2.0 * std::f64::consts::PI).sqrt());
        assert!((pmf[48] - density).abs() < 2e-4, "{}", pmf[48]);
    }

    #[test]
    fn month_pmf_clamps_both_tails() {
        let d = DistSpec::Uniform {
            low: 0.0,
            high: 20.0,
        };
        let pmf = d.month_pmf(10);
        // [0, 2) goes to month 1; [10, 20] to month 10.
        assert!((pmf[1] - 0.1).abs() < 1e-12);
        assert!((pmf[10] - 0.5).abs() < 1e-12);
        assert_eq!(pmf[0], 0.0);
    }

    #[test]
    fn empirical_table_rounds_values_down_to_months() {
        let d = DistSpec::Empirical {
            values: vec![12.0, 24.5, 300.0],
            weights: vec![1.0, 2.0, 1.0],
        };
        let pmf = d.month_pmf(240);
        assert_eq!(pmf[12], 0.25);
        assert_eq!(pmf[24], 0.5);
        assert_eq!(pmf[240], 0.25);
    }

    #[test]
    fn rejects_empty_or_mismatched_tables_and_bad_parameters() {
        let empty = DistSpec::Empirical {
            values: vec![],
            weights: vec![],
        };
        assert_eq!(empty.check().unwrap_err().0, "values");
        let mismatched = DistSpec::Empirical {
            values: vec![1.0],
            weights: vec![1.0, 2.0],
        };
        assert_eq!(mismatched.check().unwrap_err().0, "weights");
        let bad = DistSpec::Lognormal {
            median: -1.0,
            sigma: 0.5,
        };
        assert_eq!(bad.check().unwrap_err().0, "median");
        let inverted = DistSpec::Uniform {
            low: 5.0,
            high: 1.0,
        };
        assert_eq!(inverted.check().unwrap_err().0, "high");
    }

    #[test]
    fn sampler_means_match_within_four_standard_errors() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let n = 100_000;
        for (spec, sd) in [
            (
                DistSpec::Lognormal {
                    median: 100.0,
                    sigma: 0.5,
                },
                // sd of a lognormal: mean * sqrt(exp(sigma^2) - 1)
                113.3 * ((0.25f64).exp() - 1.0).sqrt(),
            ),
            (
                DistSpec::Uniform {
                    low: 10.0,
                    high: 30.0,
                },
                20.0 / 12f64.sqrt(),
            ),
            (
                DistSpec::Empirical {
                    values: vec![0.0, 10.0],
                    weights: vec![1.0, 3.0],
                },
                (0.75f64 * 0.25).sqrt() * 10.0,
            ),
        ] {
            let s = spec.sampler();
            let mean = (0..n).map(|_| s.sample(&mut rng)).sum::<f64>() / n as f64;
            let se = sd / (n as f64).sqrt();
            assert!(
                (mean - spec.mean()).abs() < 4.0 * se,
                "{spec:?}: {mean} vs {}",
                spec.mean()
            );
        }
    }
}
