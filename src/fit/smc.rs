//! Calibration by sequential Monte Carlo ABC: population Monte Carlo (Beaumont, Cornuet,
//! Marin & Robert 2009) with an adaptive tolerance schedule (Del Moral, Doucet & Jasra
//! 2012; Drovandi & Pettitt 2011).
//!
//! Generation 0 is rejection ABC with no tolerance: the first `particles` valid draws
//! from the uniform priors, exactly the rejection path's draws `0..particles`, with equal
//! weights. Each later generation `g`
//!
//! 1. sets its tolerance to the `quantile` (default the median) of the previous
//!    population's distances;
//! 2. proposes particle after particle: a parent drawn by weight from the previous
//!    population, moved by a Gaussian kernel with twice the previous population's
//!    weighted variance, parameter by parameter (a diagonal covariance), each coordinate
//!    redrawn until it falls inside its prior interval, then rounded as the parameter is
//!    simulated ([`Param::round`]);
//! 3. simulates one run of each proposal and accepts it if its distance is at most the
//!    tolerance, until `particles` are accepted;
//! 4. weighs particle `i` by `prior(θ_i) / Σ_j w_j K(θ_i | θ_j)`, normalised. The prior is
//!    uniform on its box, so the numerator is a constant; `K` is the kernel's density
//!    truncated to the box, normalised by the product of normal probabilities of the box
//!    (the diagonal covariance is what makes that normaliser exact and cheap).
//!
//! It stops after `generations` generations, when a generation's acceptance rate falls
//! below `min_acceptance` (that generation is kept), or when the simulation budget is
//! spent (a generation cut short is dropped and the previous one is final).
//!
//! Proposal `i` of generation `g` draws its parent and move from a generator keyed by
//! (seed, g, i) and simulates run `i` of a master seed keyed by (seed, g). Proposals are
//! simulated in rounds whose sizes depend only on counts, each cut into the engine's fixed
//! chunks and gathered in index order, and the first `particles` accepted in index order
//! are kept: the same seed gives the same generations on any number of threads.

use super::calibration::{Calibration, Generation, Method, Stop};
use super::model::{Draw, Model};
use super::params::{Param, prior_draw};
use super::{map_range_in_order, quantile};
use crate::engine::batch::BatchError;
use crate::scenario::dist::unit_f64;
use crate::stats::mix64;
use crate::strategy::StreamRng;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

/// The acceptance rate below which no further generation is tried: at 2%, another
/// generation would cost 50 simulations a particle for a tolerance a quantile lower.
pub const MIN_ACCEPTANCE: f64 = 0.02;

/// The smallest round of proposals, so that a generation near its last particles does
/// not simulate a handful at a time.
const MIN_ROUND: u64 = 64;

/// The settings of an SMC calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Particles per generation.
    pub particles: u64,
    /// At most this many generations, generation 0 (from the prior) included.
    pub generations: u32,
    /// Each generation's tolerance: this quantile of the previous generation's distances.
    pub quantile: f64,
    /// Stop once a generation accepts fewer than this share of its proposals.
    pub min_acceptance: f64,
    /// Stop once this many runs have been simulated in all.
    pub budget: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            particles: 500,
            generations: 10,
            quantile: 0.5,
            min_acceptance: MIN_ACCEPTANCE,
            budget: 20_000,
        }
    }
}

/// The perturbation kernel: independent normals, truncated to the prior box.
#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    /// Standard deviation per parameter; 0 for a parameter whose prior is a point.
    pub sd: Vec<f64>,
    /// Each parameter's prior low end: no move goes below it.
    pub low: Vec<f64>,
    /// Each parameter's prior high end: no move goes above it.
    pub high: Vec<f64>,
}

impl Kernel {
    /// Twice the weighted variance of each parameter over `population` (Beaumont et al.
    /// 2009), at least a thousandth of its prior's width so that a population that has
    /// collapsed on one value can still move.
    pub fn from_population(params: &[Param], population: &[Draw], weights: &[f64]) -> Kernel {
        let sd = params
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let width = p.high - p.low;
                if width <= 0.0 {
                    return 0.0;
                }
                let mean: f64 = population
                    .iter()
                    .zip(weights)
                    .map(|(d, w)| w * d.values[k])
                    .sum();
                let var: f64 = population
                    .iter()
                    .zip(weights)
                    .map(|(d, w)| w * (d.values[k] - mean).powi(2))
                    .sum();
                (2.0 * var).sqrt().max(1e-3 * width)
            })
            .collect();
        Kernel {
            sd,
            low: params.iter().map(|p| p.low).collect(),
            high: params.iter().map(|p| p.high).collect(),
        }
    }

    /// A move from `centre`, each coordinate redrawn until inside its interval. A centre
    /// inside the box keeps each coordinate inside with probability at least
    /// `Φ(√2) - 1/2 = 0.42` (the sd is at most `√2` times the box's half-width, since a
    /// variance of values inside an interval is at most a quarter of its width squared),
    /// so the loop ends.
    pub fn perturb<R: rand::Rng + ?Sized>(&self, centre: &[f64], rng: &mut R) -> Vec<f64> {
        centre
            .iter()
            .enumerate()
            .map(|(k, &c)| {
                if self.sd[k] == 0.0 {
                    return c;
                }
                loop {
                    let z: f64 = StandardNormal.sample(rng);
                    let x = c + self.sd[k] * z;
                    if (self.low[k]..=self.high[k]).contains(&x) {
                        return x;
                    }
                }
            })
            .collect()
    }

    /// The log of the truncated kernel's normaliser per coordinate at `centre`:
    /// `ln(Φ((high - c) / sd) - Φ((low - c) / sd)) + ln(sd) + ln(2π) / 2`.
    fn log_normaliser(&self, centre: &[f64]) -> Vec<f64> {
        centre
            .iter()
            .enumerate()
            .map(|(k, &c)| {
                let s = self.sd[k];
                if s == 0.0 {
                    return 0.0;
                }
                let mass = normal_cdf((self.high[k] - c) / s) - normal_cdf((self.low[k] - c) / s);
                mass.ln() + s.ln() + 0.5 * (2.0 * std::f64::consts::PI).ln()
            })
            .collect()
    }

    /// The log density of moving from `centre` to `x`.
    pub fn log_density(&self, x: &[f64], centre: &[f64]) -> f64 {
        self.log_density_with(x, centre, &self.log_normaliser(centre))
    }

    fn log_density_with(&self, x: &[f64], centre: &[f64], log_norm: &[f64]) -> f64 {
        let mut sum = 0.0;
        for k in 0..x.len() {
            let s = self.sd[k];
            if s == 0.0 {
                continue;
            }
            let z = (x[k] - centre[k]) / s;
            sum -= 0.5 * z * z + log_norm[k];
        }
        sum
    }
}

/// The standard normal distribution function.
fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The normalised importance weights of `particles` proposed by `kernel` from `previous`
/// (with normalised weights `previous_weights`) under a uniform prior:
/// `w_i ∝ 1 / Σ_j W_j K(θ_i | θ_j)`, computed in logs.
pub fn importance_weights(
    kernel: &Kernel,
    previous: &[Draw],
    previous_weights: &[f64],
    particles: &[Draw],
) -> Vec<f64> {
    let norms: Vec<Vec<f64>> = previous
        .iter()
        .map(|d| kernel.log_normaliser(&d.values))
        .collect();
    let log_w: Vec<f64> = particles
        .iter()
        .map(|p| {
            let terms: Vec<f64> = previous
                .iter()
                .zip(previous_weights)
                .zip(&norms)
                .map(|((d, w), n)| w.ln() + kernel.log_density_with(&p.values, &d.values, n))
                .collect();
            -log_sum_exp(&terms)
        })
        .collect();
    normalise_logs(&log_w)
}

fn log_sum_exp(v: &[f64]) -> f64 {
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + v.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

/// `exp(v)` scaled to sum to 1.
fn normalise_logs(v: &[f64]) -> Vec<f64> {
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = v.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.into_iter().map(|x| x / sum).collect()
}

/// The effective sample size of normalised weights, `1 / Σ w²`.
pub fn ess(weights: &[f64]) -> f64 {
    1.0 / weights.iter().map(|w| w * w).sum::<f64>()
}

/// The generator of proposal `i` of generation `g`.
fn proposal_rng(seed: u64, g: u32, i: u64) -> StreamRng {
    StreamRng::seed_from_u64(mix64(
        mix64(mix64(seed ^ 0x5ec0_5ec0_0000_0000) ^ g as u64) ^ i,
    ))
}

/// The master seed of generation `g`'s runs; generation 0 runs as rejection's draws do.
fn generation_seed(seed: u64, g: u32) -> u64 {
    if g == 0 {
        seed
    } else {
        mix64(mix64(seed ^ 0x5ec0_0000_5ec0_0000) ^ g as u64)
    }
}

/// Runs ABC-SMC of `model` over `params` (see the module documentation).
pub fn smc<M: Model>(
    model: &M,
    params: &[Param],
    settings: &Settings,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Calibration, BatchError> {
    let n = settings.particles.max(1) as usize;
    let mut used = 0u64;
    let mut invalid_in_all = 0u64;
    let mut population: Vec<Draw> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut generations: Vec<Generation> = Vec::new();
    let mut stopped = Stop::Generations;
    for g in 0..settings.generations.max(1) {
        let (tolerance, kernel) = if g == 0 {
            (f64::INFINITY, None)
        } else {
            let mut d: Vec<f64> = population.iter().map(|p| p.distance).collect();
            d.sort_by(f64::total_cmp);
            let kernel = Kernel::from_population(params, &population, &weights);
            (quantile(&d, settings.quantile), Some(kernel))
        };
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |c, w| {
                *c += w;
                Some(*c)
            })
            .collect();
        let run_seed = generation_seed(seed, g);
        let propose = |i: u64| -> Draw {
            let values = match &kernel {
                None => prior_draw(params, seed, i),
                Some(k) => {
                    let mut rng = proposal_rng(seed, g, i);
                    let u = unit_f64(&mut rng);
                    let parent = cumulative
                        .partition_point(|c| *c <= u)
                        .min(population.len() - 1);
                    let x = k.perturb(&population[parent].values, &mut rng);
                    params.iter().zip(x).map(|(p, v)| p.round(v)).collect()
                }
            };
            let distance = model.distance(&values, run_seed, i..i + 1);
            Draw {
                index: i,
                values,
                distance,
            }
        };
        // Rounds of proposals, each sized by the acceptance rate seen so far, until `n`
        // are accepted or the budget is spent.
        let mut accepted: Vec<Draw> = Vec::with_capacity(n);
        let (mut simulated, mut hits, mut invalid) = (0u64, 0u64, 0u64);
        while accepted.len() < n && used < settings.budget {
            let need = (n - accepted.len()) as u64;
            let rate = if hits > 0 {
                hits as f64 / simulated as f64
            } else if g == 0 {
                1.0
            } else {
                settings.quantile
            };
            let size = ((need as f64 / rate).ceil() as u64)
                .max(MIN_ROUND)
                .min(settings.budget - used);
            let before = used;
            map_range_in_order(
                simulated..simulated + size,
                threads,
                &propose,
                &mut |chunk: Vec<Draw>| {
                    for d in chunk {
                        used += 1;
                        if !d.distance.is_finite() {
                            invalid += 1;
                        } else if d.distance <= tolerance {
                            hits += 1;
                            if accepted.len() < n {
                                accepted.push(d);
                            }
                        }
                    }
                    progress(used);
                    Ok(())
                },
            )?;
            simulated += used - before;
        }
        invalid_in_all += invalid;
        if accepted.len() < n && (g > 0 || accepted.is_empty()) {
            // Cut short by the budget: the previous population stays final.
            stopped = Stop::Budget;
            break;
        }
        let new_weights = match &kernel {
            None => vec![1.0 / accepted.len() as f64; accepted.len()],
            Some(k) => importance_weights(k, &population, &weights, &accepted),
        };
        let acceptance_rate = hits as f64 / simulated.max(1) as f64;
        generations.push(Generation {
            generation: g,
            tolerance,
            simulations: simulated,
            accepted: hits,
            acceptance_rate,
            invalid,
            ess: ess(&new_weights),
            kernel_sd: kernel.map(|k| k.sd).unwrap_or_default(),
        });
        population = accepted;
        weights = new_weights;
        if population.len() < n {
            stopped = Stop::Budget;
            break;
        }
        if g > 0 && acceptance_rate < settings.min_acceptance {
            stopped = Stop::Acceptance;
            break;
        }
        if used >= settings.budget && g + 1 < settings.generations {
            stopped = Stop::Budget;
            break;
        }
    }
    let mut cal = Calibration::conclude(
        model,
        params,
        Method::Smc,
        seed,
        used,
        invalid_in_all,
        population,
        Some(weights),
        threads,
    )?;
    cal.generations = generations;
    cal.stopped = Some(stopped);
    Ok(cal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::abc::reject;
    use crate::fit::calibration::{resample, summarise};
    use crate::fit::params::Target;
    use std::ops::Range;

    /// The mean of `n` draws from N(θ, 1), observed as `observed`: `x̄` is sufficient, so
    /// the distance `|x̄_sim - observed|` loses nothing, and with a flat prior the exact
    /// posterior is N(observed, 1/n). ABC at tolerance ε has posterior N(observed, 1/n)
    /// convolved with U(-ε, ε): variance `1/n + ε²/3`.
    struct NormalMean {
        observed: f64,
        n: f64,
    }

    impl Model for NormalMean {
        fn distance(&self, values: &[f64], seed: u64, runs: Range<u64>) -> f64 {
            let k = (runs.end - runs.start) as f64;
            runs.map(|run| {
                let mut rng = StreamRng::seed_from_u64(mix64(seed ^ mix64(run)));
                let z: f64 = StandardNormal.sample(&mut rng);
                (values[0] + z / self.n.sqrt() - self.observed).abs()
            })
            .sum::<f64>()
                / k
        }
    }

    /// A parameter on [low, high] rounded to 0.01 (the rounding of a sigma), far finer
    /// than the posteriors here.
    fn param(low: f64, high: f64) -> Param {
        Param {
            name: "theta".into(),
            target: Target::SentenceSigma,
            key: "theta".into(),
            low,
            high,
            integer: false,
            current: 0.5 * (low + high),
        }
    }

    /// A posterior (sd 0.05) narrow against the prior (width 10), where rejection wastes
    /// most draws.
    const TOY: NormalMean = NormalMean {
        observed: 4.0,
        n: 400.0,
    };

    fn settings() -> Settings {
        Settings {
            particles: 1000,
            generations: 12,
            quantile: 0.5,
            min_acceptance: MIN_ACCEPTANCE,
            budget: 40_000,
        }
    }

    #[test]
    fn smc_finds_the_exact_posterior_of_a_normal_mean() {
        // Eight independent calibrations. Within one, the ESS counts the spread of the
        // weights but not the ancestry particles share through resampling, so the error
        // of a single run's mean is larger than sd / sqrt(ESS) (about 1.5 times over 40
        // seeds); across independent runs it is measured directly.
        let params = [param(0.0, 10.0)];
        let runs: Vec<[f64; 4]> = (0..8)
            .map(|seed| {
                let cal = smc(&TOY, &params, &settings(), 100 + seed, Some(2), &|_| {}).unwrap();
                assert!(cal.generations.len() >= 6, "{:?}", cal.generations);
                let eps = cal.generations.last().unwrap().tolerance;
                // The ABC posterior at the final tolerance: N(4, 1/400 + ε²/3).
                let sd = (1.0 / TOY.n + eps * eps / 3.0).sqrt();
                let p = &cal.posterior[0];
                // Its 90% interval, 4 ± 1.645 sd, against the weighted quantiles.
                let width = (p.p95 - p.p05) / (2.0 * 1.645 * sd);
                [p.mean - TOY.observed, p.sd / sd - 1.0, width - 1.0, sd]
            })
            .collect();
        // Each error's mean over the runs within 4 standard errors of that mean (from
        // the runs' own spread: a t with 7 degrees of freedom passes 4 with probability
        // 0.5%).
        let column = |k: usize| -> Vec<f64> { runs.iter().map(|r| r[k]).collect() };
        for (what, errors) in [
            ("mean", column(0)),
            ("sd, relative", column(1)),
            ("90% interval's width, relative", column(2)),
        ] {
            let n = errors.len() as f64;
            let m = errors.iter().sum::<f64>() / n;
            let se = (errors.iter().map(|e| (e - m).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt();
            assert!(m.abs() < 4.0 * se, "{what}: error {m} (se {se}): {runs:?}");
        }
        // The tolerance small enough that the ABC posterior is within 10% of the exact
        // sd, 0.05.
        assert!(runs.iter().all(|r| r[3] < 0.055), "{runs:?}");
    }

    #[test]
    fn smc_is_narrower_than_rejection_at_the_same_budget() {
        let params = [param(0.0, 10.0)];
        let s = settings();
        let cal = smc(&TOY, &params, &s, 12, Some(2), &|_| {}).unwrap();
        let budget = cal.draws;
        let rej = reject(&TOY, &params, budget, s.particles, 12, Some(2), &|_| {}).unwrap();
        // Rejection keeps the 1,000 nearest of about 40,000 prior draws: its tolerance
        // is about 1000 / 40000 * 10 / 2 = 0.125 and its sd about
        // sqrt(0.0025 + 0.125² / 3) = 0.088, against an exact 0.05 that SMC comes within
        // 10% of (the test above); the sds' standard errors are about 3%.
        let (a, b) = (cal.posterior[0].sd, rej.posterior[0].sd);
        assert!(cal.tolerance < rej.tolerance / 2.0);
        assert!(
            a < 0.8 * b,
            "SMC sd {a}, rejection sd {b} with {budget} runs each"
        );
    }

    #[test]
    fn weights_are_positive_and_sum_to_one() {
        let params = [param(0.0, 10.0), param(-1.0, 1.0)];
        let cal = smc(&TOY, &params, &settings(), 13, Some(2), &|_| {}).unwrap();
        assert_eq!(cal.weights.len(), 1000);
        assert!(cal.weights.iter().all(|w| *w > 0.0 && w.is_finite()));
        assert!((cal.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for g in &cal.generations {
            assert!(g.ess > 1.0 && g.ess <= 1000.0 + 1e-9, "{g:?}");
            assert!((0.0..=1.0).contains(&g.acceptance_rate));
        }
        // The second parameter does not enter the distance: its posterior stays the
        // uniform prior on [-1, 1], sd 1/sqrt(3) = 0.577 (the importance weights undo the
        // kernel's pull towards the centre).
        let sd = cal.posterior[1].sd;
        assert!(
            (sd - 0.577).abs() < 0.06,
            "sd {sd} of an unconstrained parameter"
        );
        // Tolerances shrink.
        assert!(
            cal.generations
                .windows(2)
                .all(|w| w[1].tolerance <= w[0].tolerance)
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_generations_on_one_and_two_threads() {
        let params = [param(0.0, 10.0)];
        let s = Settings {
            particles: 300,
            budget: 5_000,
            ..settings()
        };
        let one = smc(&TOY, &params, &s, 14, Some(1), &|_| {}).unwrap();
        let two = smc(&TOY, &params, &s, 14, Some(2), &|_| {}).unwrap();
        assert_eq!(one, two);
        assert_eq!(one.stopped, Some(Stop::Budget));
        assert!(one.draws <= 5_000);
        // Generation 0 is rejection's first draws from the prior.
        assert_eq!(one.generations[0].simulations, 300);
    }

    #[test]
    fn a_flat_generation_stops_at_the_acceptance_floor() {
        // A tolerance at the 1% quantile of the previous distances accepts about 1% of
        // proposals drawn near the previous population: below a floor of 5%.
        let params = [param(0.0, 10.0)];
        let s = Settings {
            particles: 200,
            generations: 50,
            quantile: 0.01,
            min_acceptance: 0.05,
            budget: 1_000_000,
        };
        let cal = smc(&TOY, &params, &s, 15, Some(2), &|_| {}).unwrap();
        assert_eq!(cal.stopped, Some(Stop::Acceptance));
        let last = cal.generations.last().unwrap();
        assert!(last.acceptance_rate < 0.05, "{last:?}");
        assert!(cal.generations.len() < 50);
    }

    #[test]
    fn kernel_and_weights_match_a_hand_computation() {
        // Two parents on [0, 1]: 0.2 with weight 0.25 and 0.6 with weight 0.75. Weighted
        // mean 0.5, variance 0.25 * 0.09 + 0.75 * 0.01 = 0.03: the kernel's sd is
        // sqrt(0.06) = 0.244949.
        let params = [param(0.0, 1.0)];
        let draw = |index, x| Draw {
            index,
            values: vec![x],
            distance: 0.0,
        };
        let parents = [draw(0, 0.2), draw(1, 0.6)];
        let w = [0.25, 0.75];
        let k = Kernel::from_population(&params, &parents, &w);
        let s = 0.06f64.sqrt();
        assert!((k.sd[0] - s).abs() < 1e-12);
        // The density of 0.4 from 0.2: φ(0.2 / s) / s over the mass of [0, 1] under
        // N(0.2, s²), Φ(0.8 / s) - Φ(-0.2 / s) = 0.999455 - 0.207108 = 0.792346;
        // φ(0.816497) = 0.285855, so 0.285855 / 0.244949 / 0.792346 = 1.472836.
        let d = k.log_density(&[0.4], &[0.2]).exp();
        assert!((d - 1.472836).abs() < 1e-5, "{d}");
        // From 0.6: φ(0.816497) / s over Φ(1.632993) - Φ(-2.449490) = 0.948765 - 0.007153
        // = 0.941612: 1.239361.
        let e = k.log_density(&[0.4], &[0.6]).exp();
        assert!((e - 1.239361).abs() < 1e-5, "{e}");
        // 0.9 from 0.2: φ(2.857738) = 0.006723, / s / 0.792346 = 0.034638; from 0.6:
        // φ(1.224745) = 0.188447, / s / 0.941612 = 0.817037. The weights are the
        // reciprocals of 0.25 * 1.472836 + 0.75 * 1.239361 = 1.297730 and of
        // 0.25 * 0.034638 + 0.75 * 0.817037 = 0.621437, normalised: 0.323806, 0.676194.
        let particles = [draw(0, 0.4), draw(1, 0.9)];
        let got = importance_weights(&k, &parents, &w, &particles);
        assert!((got[0] - 0.323806).abs() < 1e-5, "{got:?}");
        assert!((got[1] - 0.676194).abs() < 1e-5, "{got:?}");
        assert!((got[0] + got[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn perturbed_values_stay_in_the_prior_box() {
        let k = Kernel {
            sd: vec![0.7, 0.0],
            low: vec![0.0, 3.0],
            high: vec![1.0, 3.0],
        };
        let mut rng = StreamRng::seed_from_u64(3);
        for _ in 0..2000 {
            let x = k.perturb(&[0.95, 3.0], &mut rng);
            assert!((0.0..=1.0).contains(&x[0]) && x[1] == 3.0, "{x:?}");
        }
    }

    #[test]
    fn systematic_resampling_fills_slots_in_proportion_to_weight() {
        let slots = resample(&[0.1, 0.6, 0.3], 10);
        assert_eq!(slots, vec![0, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
        let slots = resample(&[0.5, 0.5], 3);
        assert_eq!(slots.iter().filter(|i| **i == 0).count(), 2);
    }

    #[test]
    fn weighted_summaries_reduce_to_the_sample_ones_for_equal_weights() {
        let params = [param(0.0, 10.0)];
        let kept: Vec<Draw> = [1.0, 2.0, 4.0, 7.0]
            .iter()
            .enumerate()
            .map(|(i, x)| Draw {
                index: i as u64,
                values: vec![*x],
                distance: 0.0,
            })
            .collect();
        let a = &summarise(&params, &kept, None)[0];
        let b = &summarise(&params, &kept, Some(&[0.25; 4]))[0];
        assert!((a.mean - b.mean).abs() < 1e-12 && (a.sd - b.sd).abs() < 1e-12);
    }
}
