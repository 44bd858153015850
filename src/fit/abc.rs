//! Calibration by rejection approximate Bayesian computation (ABC).
//!
//! Each of `draws` parameter sets is drawn from independent uniform priors; one run of
//! the scenario with those values is simulated, and its distance to the record is
//! measured ([`super::distance`]). The `keep` draws nearest the record are the posterior
//! sample (Pritchard et al. 1999; the tolerance is the `keep`-th smallest distance, as
//! in Beaumont, Zhang & Balding 2002). docs/calibration.md documents the distance.
//!
//! Draw `i` takes its prior values from a generator keyed by (seed, i) and simulates run
//! `i` of the master seed; draws are cut into the engine's fixed chunks and gathered in
//! draw order, and ties in distance go to the lower index: the posterior is the same on
//! any number of threads.
//!
//! Also what both calibrations share: the parameters a scenario offers, their priors and
//! rounding, writing values into a scenario, the [`Model`] a calibration fits (a scenario
//! against the record, or a toy with a known posterior in tests), the posterior
//! summaries and the choice of the best fit ([`Calibration::conclude`]). Sequential Monte
//! Carlo is in [`super::smc`].

use super::{Observation, Path, distance, quantile};
use crate::engine::batch::BatchError;
use crate::engine::{Prepared, simulate};
use crate::scenario::dist::unit_f64;
use crate::scenario::raw::RawScenario;
use crate::scenario::{DistSpec, RegimeStrategyName, Scenario};
use crate::stats::mix64;
use crate::strategy::StreamRng;
use rand::SeedableRng;
use serde::Serialize;
use std::ops::Range;

/// A scenario figure the calibration can fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// `prisoners.arrests_per_month` (the rate before the first arrest period).
    Arrests,
    /// `arrests_per_month` of the arrest period starting in this month (`YYYY-MM`).
    ArrestsFrom(String),
    /// `prisoners.sentence` median (lognormal).
    SentenceMedian,
    /// `prisoners.sentence` sigma (lognormal).
    SentenceSigma,
    /// `prisoners.initial_remaining` median (lognormal).
    InitialRemainingMedian,
    /// `prisoners.death_hazard_per_month`.
    DeathHazard,
    /// `regime.holiday_pardons`.
    HolidayPardons,
    /// The regime strategy's own release size: `regime.election-cycle.release_per_month`
    /// or `regime.signal.initial_size`.
    ReleaseSize,
    /// `releases.random_share`: the share of each release picked at random.
    ReleaseRandomShare,
}

/// One fitted parameter: its name on the command line, what it sets, its uniform prior.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub name: String,
    pub target: Target,
    /// The scenario key it sets, for messages and reports.
    pub key: String,
    pub low: f64,
    pub high: f64,
    /// Whole numbers only: draws are rounded.
    pub integer: bool,
    /// Its value in the scenario as given.
    pub current: f64,
}

impl Param {
    /// Rounds a value as it is simulated and written: whole numbers for counts, 3
    /// significant digits for a hazard, 0.01 for a sigma, 0.1 for the rest.
    pub fn round(&self, x: f64) -> f64 {
        if self.integer {
            return x.round();
        }
        let step = match self.target {
            Target::DeathHazard => {
                if x <= 0.0 {
                    return 0.0;
                }
                10f64.powf(x.log10().floor() - 2.0)
            }
            Target::SentenceSigma | Target::ReleaseRandomShare => 0.01,
            _ => 0.1,
        };
        let r = (x / step).round() * step;
        // Print as the step's decimals would (no 0.30000000000000004).
        let decimals = (-step.log10()).ceil().max(0.0) as i32;
        let f = 10f64.powi(decimals);
        (r * f).round() / f
    }
}

fn lognormal(spec: &DistSpec, key: &str) -> Result<(f64, f64), String> {
    match spec {
        DistSpec::Lognormal { median, sigma } => Ok((*median, *sigma)),
        _ => Err(format!(
            "`{key}` must be a lognormal distribution to fit its median or sigma"
        )),
    }
}

/// The parameters `raw` offers, each with its default prior: half to one and a half times
/// its value for rates and sizes, half to twice for the sentence median, 0.2 to 1.5 for
/// its sigma, 0 to four times for the death hazard, 0 to three times plus 5 for holiday
/// pardons. Distributions that are not lognormal and strategies without a release size
/// offer nothing.
pub fn available(raw: &RawScenario) -> Vec<Param> {
    let p = &raw.prisoners;
    let mut out = Vec::new();
    let scaled = |name: &str, target: Target, key: String, v: f64, lo: f64, hi: f64, integer| {
        let (low, high) = if v > 0.0 {
            (lo * v, hi * v)
        } else {
            (0.0, 10.0)
        };
        Param {
            name: name.to_string(),
            target,
            key,
            low,
            high,
            integer,
            current: v,
        }
    };
    out.push(scaled(
        "arrests_per_month",
        Target::Arrests,
        "prisoners.arrests_per_month".into(),
        p.arrests_per_month,
        0.5,
        1.5,
        false,
    ));
    for (i, period) in p.arrest_periods.iter().enumerate() {
        out.push(scaled(
            &format!("arrests_from_{}", period.from),
            Target::ArrestsFrom(period.from.clone()),
            format!("prisoners.arrest_periods[{i}].arrests_per_month"),
            period.arrests_per_month,
            0.5,
            1.5,
            false,
        ));
    }
    if let Ok((median, sigma)) = lognormal(&p.sentence, "prisoners.sentence") {
        out.push(scaled(
            "sentence_median",
            Target::SentenceMedian,
            "prisoners.sentence.median".into(),
            median,
            0.5,
            2.0,
            false,
        ));
        out.push(Param {
            name: "sentence_sigma".into(),
            target: Target::SentenceSigma,
            key: "prisoners.sentence.sigma".into(),
            low: 0.2,
            high: 1.5,
            integer: false,
            current: sigma,
        });
    }
    if let Ok((median, _)) = lognormal(&p.initial_remaining, "prisoners.initial_remaining") {
        out.push(scaled(
            "initial_remaining_median",
            Target::InitialRemainingMedian,
            "prisoners.initial_remaining.median".into(),
            median,
            0.5,
            2.0,
            false,
        ));
    }
    let hazard = p.death_hazard_per_month;
    out.push(Param {
        name: "death_hazard".into(),
        target: Target::DeathHazard,
        key: "prisoners.death_hazard_per_month".into(),
        low: 0.0,
        high: if hazard > 0.0 { 4.0 * hazard } else { 0.001 },
        integer: false,
        current: hazard,
    });
    if raw.regime.strategy != RegimeStrategyName::Hold {
        let h = raw.regime.holiday_pardons as f64;
        out.push(Param {
            name: "holiday_pardons".into(),
            target: Target::HolidayPardons,
            key: "regime.holiday_pardons".into(),
            low: 0.0,
            high: 3.0 * h + 5.0,
            integer: true,
            current: h,
        });
    }
    if let Some((key, size)) = release_size(raw) {
        out.push(scaled(
            "release_size",
            Target::ReleaseSize,
            key.into(),
            size as f64,
            0.5,
            1.5,
            true,
        ));
    }
    // Only where a share can be set: with `selection = "random"` every pick is random.
    if raw.releases.selection != crate::scenario::Selection::Random {
        out.push(Param {
            name: "release_random_share".into(),
            target: Target::ReleaseRandomShare,
            key: "releases.random_share".into(),
            low: 0.0,
            high: 1.0,
            integer: false,
            current: raw.releases.random_share,
        });
    }
    out
}

fn release_size(raw: &RawScenario) -> Option<(&'static str, u64)> {
    match raw.regime.strategy {
        RegimeStrategyName::ElectionCycle => Some((
            "regime.election-cycle.release_per_month",
            raw.regime.election_cycle.release_per_month,
        )),
        RegimeStrategyName::Signal => {
            Some(("regime.signal.initial_size", raw.regime.signal.initial_size))
        }
        _ => None,
    }
}

/// The default set: every arrest rate, the sentence median, the death hazard, the
/// holiday pardons and the release size (those the scenario offers).
pub fn default_names(available: &[Param]) -> Vec<String> {
    available
        .iter()
        .filter(|p| {
            !matches!(
                p.target,
                Target::SentenceSigma | Target::InitialRemainingMedian | Target::ReleaseRandomShare
            )
        })
        .map(|p| p.name.clone())
        .collect()
}

/// Parses `--params`: each `NAME` or `NAME=LOW:HIGH`. Errors name the parameter and what
/// is allowed.
pub fn choose(available: &[Param], specs: &[String]) -> Result<Vec<Param>, String> {
    let names = || {
        available
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out: Vec<Param> = Vec::new();
    for spec in specs {
        let (name, range) = match spec.split_once('=') {
            Some((n, r)) => (n.trim(), Some(r.trim())),
            None => (spec.trim(), None),
        };
        let mut p = available
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "`{name}` is not a parameter this scenario offers; choose from: {}",
                    names()
                )
            })?;
        if let Some(r) = range {
            let bad = || {
                format!(
                    "`{spec}`: write the prior as NAME=LOW:HIGH with 0 <= LOW <= HIGH (e.g. {name}={}:{})",
                    p.round(p.low),
                    p.round(p.high)
                )
            };
            let (a, b) = r.split_once(':').ok_or_else(bad)?;
            let low: f64 = a.trim().parse().map_err(|_| bad())?;
            let high: f64 = b.trim().parse().map_err(|_| bad())?;
            if !(low.is_finite() && high.is_finite() && 0.0 <= low && low <= high) {
                return Err(bad());
            }
            if matches!(p.target, Target::DeathHazard) && high > 1.0 {
                return Err(format!(
                    "`{spec}`: the death hazard is a probability, at most 1"
                ));
            }
            if matches!(p.target, Target::SentenceSigma) && high > 5.0 {
                return Err(format!("`{spec}`: a lognormal sigma is at most 5"));
            }
            if matches!(p.target, Target::ReleaseRandomShare) && high > 1.0 {
                return Err(format!("`{spec}`: a share is at most 1"));
            }
            if matches!(
                p.target,
                Target::SentenceMedian | Target::InitialRemainingMedian
            ) && low <= 0.0
            {
                return Err(format!("`{spec}`: a median must be above 0"));
            }
            p.low = low;
            p.high = high;
        }
        if out.iter().any(|q| q.name == p.name) {
            return Err(format!("`{name}` is given twice"));
        }
        out.push(p);
    }
    if out.is_empty() {
        return Err(format!("no parameter to fit; choose from: {}", names()));
    }
    Ok(out)
}

/// Sets `values` (one per parameter, already rounded) in a copy of `raw`.
pub fn apply(raw: &RawScenario, params: &[Param], values: &[f64]) -> RawScenario {
    let mut r = raw.clone();
    for (p, &x) in params.iter().zip(values) {
        match &p.target {
            Target::Arrests => r.prisoners.arrests_per_month = x,
            Target::ArrestsFrom(m) => {
                for period in r
                    .prisoners
                    .arrest_periods
                    .iter_mut()
                    .filter(|q| q.from == *m)
                {
                    period.arrests_per_month = x;
                }
            }
            Target::SentenceMedian | Target::SentenceSigma => {
                if let DistSpec::Lognormal { median, sigma } = &mut r.prisoners.sentence {
                    if p.target == Target::SentenceMedian {
                        *median = x;
                    } else {
                        *sigma = x;
                    }
                }
            }
            Target::InitialRemainingMedian => {
                if let DistSpec::Lognormal { median, .. } = &mut r.prisoners.initial_remaining {
                    *median = x;
                }
            }
            Target::DeathHazard => r.prisoners.death_hazard_per_month = x,
            Target::HolidayPardons => r.regime.holiday_pardons = x as u64,
            Target::ReleaseSize => match r.regime.strategy {
                RegimeStrategyName::ElectionCycle => {
                    r.regime.election_cycle.release_per_month = x as u64
                }
                _ => r.regime.signal.initial_size = x as u64,
            },
            Target::ReleaseRandomShare => r.releases.random_share = x,
        }
    }
    r
}

/// Validates an edited scenario; the error names the parameters' values.
pub fn prepare(raw: &RawScenario, path: &str) -> Result<Scenario, String> {
    let text = toml::to_string(raw).map_err(|e| format!("cannot write the scenario: {e}"))?;
    Scenario::from_toml(&text, path).map_err(|e| e.to_string())
}

/// Writes `values` into the scenario's own text, keeping its comments and layout, and
/// returns the new text. A key the file leaves to its default is added.
pub fn write_values(text: &str, params: &[Param], values: &[f64]) -> Result<String, String> {
    use toml_edit::{DocumentMut, Item, value};
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("cannot edit the scenario text: {e}"))?;
    let float = |x: f64| value(x);
    for (p, &x) in params.iter().zip(values) {
        match &p.target {
            Target::Arrests => doc["prisoners"]["arrests_per_month"] = float(x),
            Target::ArrestsFrom(m) => {
                let periods = &mut doc["prisoners"]["arrest_periods"];
                let mut found = false;
                if let Some(array) = periods.as_array_mut() {
                    for t in array.iter_mut().filter_map(|v| v.as_inline_table_mut()) {
                        if t.get("from").and_then(|f| f.as_str()) == Some(m.as_str()) {
                            t.insert("arrests_per_month", x.into());
                            found = true;
                        }
                    }
                } else if let Some(tables) = periods.as_array_of_tables_mut() {
                    for t in tables.iter_mut() {
                        if t.get("from").and_then(|f| f.as_str()) == Some(m.as_str()) {
                            t["arrests_per_month"] = float(x);
                            found = true;
                        }
                    }
                }
                if !found {
                    return Err(format!("no arrest period from {m} in the scenario text"));
                }
            }
            Target::SentenceMedian => set_dist_key(&mut doc, "sentence", "median", x)?,
            Target::SentenceSigma => set_dist_key(&mut doc, "sentence", "sigma", x)?,
            Target::InitialRemainingMedian => {
                set_dist_key(&mut doc, "initial_remaining", "median", x)?
            }
            Target::DeathHazard => doc["prisoners"]["death_hazard_per_month"] = float(x),
            Target::HolidayPardons => doc["regime"]["holiday_pardons"] = value(x as i64),
            Target::ReleaseSize => {
                let key = if p.key.contains("election-cycle") {
                    ("election-cycle", "release_per_month")
                } else {
                    ("signal", "initial_size")
                };
                let regime = &mut doc["regime"];
                if regime.get(key.0).is_none() {
                    regime[key.0] = Item::Table(toml_edit::Table::new());
                }
                regime[key.0][key.1] = value(x as i64);
            }
            Target::ReleaseRandomShare => {
                if doc.get("releases").is_none() {
                    doc["releases"] = Item::Table(toml_edit::Table::new());
                }
                doc["releases"]["random_share"] = float(x);
            }
        }
    }
    Ok(doc.to_string())
}

/// Sets `key` of the distribution `prisoners.<dist>`, an inline or a plain table; a file
/// that leaves the distribution to its default gets the default, edited.
fn set_dist_key(
    doc: &mut toml_edit::DocumentMut,
    dist: &str,
    key: &str,
    x: f64,
) -> Result<(), String> {
    let item = &mut doc["prisoners"][dist];
    if item.is_none() {
        // The defaults of `prisoners.sentence` and `prisoners.initial_remaining`.
        let raw = crate::scenario::raw::Prisoners::default();
        let (median, sigma) = match dist {
            "sentence" => lognormal(&raw.sentence, dist)?,
            _ => lognormal(&raw.initial_remaining, dist)?,
        };
        let mut t = toml_edit::InlineTable::new();
        t.insert("kind", "lognormal".into());
        t.insert("median", median.into());
        t.insert("sigma", sigma.into());
        *item = toml_edit::Item::Value(toml_edit::Value::InlineTable(t));
    }
    if let Some(t) = item.as_inline_table_mut() {
        t.insert(key, x.into());
        return Ok(());
    }
    if let Some(t) = item.as_table_mut() {
        t[key] = toml_edit::value(x);
        return Ok(());
    }
    Err(format!(
        "`prisoners.{dist}` is not a table in the scenario text"
    ))
}

/// The generator of draw `i`'s prior values.
fn prior_rng(seed: u64, i: u64) -> StreamRng {
    StreamRng::seed_from_u64(mix64(mix64(seed ^ 0xabc0_ca11_b4a7_e000) ^ mix64(i)))
}

/// Draw `i`'s values, rounded as simulated.
pub fn prior_draw(params: &[Param], seed: u64, i: u64) -> Vec<f64> {
    let mut rng = prior_rng(seed, i);
    params
        .iter()
        .map(|p| p.round(p.low + (p.high - p.low) * unit_f64(&mut rng)))
        .collect()
}

/// What a calibration fits: how far runs with given parameter values fall from the
/// record. [`ScenarioModel`] is a scenario against `data/belarus`; the tests fit toy
/// models with known posteriors through the same code.
pub trait Model: Sync {
    /// The mean distance of runs `runs` of master seed `seed` with `values` (one per
    /// parameter, rounded); infinite if the values make no valid model.
    fn distance(&self, values: &[f64], seed: u64, runs: Range<u64>) -> f64;
}

/// A scenario's runs against observed figures, with `params` set to the values.
pub struct ScenarioModel<'a> {
    pub raw: &'a RawScenario,
    pub params: &'a [Param],
    pub observations: &'a [Observation],
}

impl Model for ScenarioModel<'_> {
    fn distance(&self, values: &[f64], seed: u64, runs: Range<u64>) -> f64 {
        let Ok(s) = prepare(&apply(self.raw, self.params, values), "draw") else {
            return f64::INFINITY;
        };
        let prep = Prepared::new(&s);
        let n = runs.end.saturating_sub(runs.start).max(1);
        let total: f64 = runs
            .map(|run| {
                let mut path = Path::default();
                simulate(&prep, seed, run, &mut path);
                distance(&path, self.observations).unwrap_or(f64::INFINITY)
            })
            .sum();
        total / n as f64
    }
}

/// How the posterior sample was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Rejection: the draws nearest the record among draws from the prior ([`calibrate`]).
    Rejection,
    /// Sequential Monte Carlo ABC: weighted particles under shrinking tolerances
    /// ([`super::smc`]).
    Smc,
}

/// One draw: its index, values and distance (`inf` if its scenario was invalid).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draw {
    pub index: u64,
    pub values: Vec<f64>,
    pub distance: f64,
}

/// A parameter's posterior summary over the kept draws, weighted by their weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posterior {
    pub param: Param,
    pub mean: f64,
    pub sd: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub method: Method,
    pub seed: u64,
    /// Runs simulated to draw the sample: one per draw (rejection), or every generation's
    /// proposals (SMC). The refining runs and the bands come on top.
    pub draws: u64,
    /// Draws whose scenario did not validate (distance `inf`).
    pub invalid: u64,
    /// The posterior sample, nearest first.
    pub kept: Vec<Draw>,
    /// The normalised weight of each kept draw: equal for rejection, the importance
    /// weights for SMC.
    pub weights: Vec<f64>,
    /// The largest kept distance (the ABC tolerance).
    pub tolerance: f64,
    pub posterior: Vec<Posterior>,
    /// The calibrated values: those of the kept draw with the smallest mean distance over
    /// [`REFINE_RUNS`] fresh runs (the same runs for every kept draw).
    pub calibrated: Vec<f64>,
    /// That draw's index and mean distance.
    pub calibrated_draw: u64,
    pub calibrated_distance: f64,
    /// SMC: each generation in turn, and why it stopped; empty for rejection.
    pub generations: Vec<super::smc::Generation>,
    pub stopped: Option<super::smc::Stop>,
}

/// Fresh runs per kept draw when choosing the calibrated values.
pub const REFINE_RUNS: u64 = 20;

/// The master seed of the refining runs, apart from the draws' own.
fn refine_seed(seed: u64) -> u64 {
    mix64(seed ^ 0x005e_ed0f_4ef1_4e00)
}

impl Calibration {
    /// The posterior summaries and the best fit of the sample `kept` (sorted nearest
    /// first here, ties to the lower index) with normalised `weights` (`None`: equal).
    #[allow(clippy::too_many_arguments)]
    pub fn conclude<M: Model>(
        model: &M,
        params: &[Param],
        method: Method,
        seed: u64,
        draws: u64,
        invalid: u64,
        kept: Vec<Draw>,
        weights: Option<Vec<f64>>,
        threads: Option<usize>,
    ) -> Result<Calibration, BatchError> {
        let mut pairs: Vec<(Draw, f64)> = match &weights {
            Some(w) => kept.into_iter().zip(w.iter().copied()).collect(),
            None => kept.into_iter().map(|d| (d, 0.0)).collect(),
        };
        pairs.sort_by(|a, b| {
            a.0.distance
                .total_cmp(&b.0.distance)
                .then(a.0.index.cmp(&b.0.index))
        });
        let (kept, w): (Vec<Draw>, Vec<f64>) = pairs.into_iter().unzip();
        let weights = weights.map(|_| w);
        let tolerance = kept.last().map_or(f64::INFINITY, |d| d.distance);
        let posterior = summarise(params, &kept, weights.as_deref());
        // The posterior mean of correlated parameters need not lie where runs fit: the
        // written values are the kept draw that fits best on average, on common runs.
        let mut mean_distance: Vec<f64> = Vec::with_capacity(kept.len());
        super::map_range_in_order(
            0..kept.len() as u64,
            threads,
            &|i| model.distance(&kept[i as usize].values, refine_seed(seed), 0..REFINE_RUNS),
            &mut |chunk: Vec<f64>| {
                mean_distance.extend(chunk);
                Ok(())
            },
        )?;
        let best = mean_distance
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i);
        let (calibrated, calibrated_draw, calibrated_distance) = match best {
            Some(i) => (kept[i].values.clone(), kept[i].index, mean_distance[i]),
            None => (
                params.iter().map(|p| p.round(p.current)).collect(),
                0,
                f64::INFINITY,
            ),
        };
        let n = kept.len();
        Ok(Calibration {
            method,
            seed,
            draws,
            invalid,
            kept,
            weights: weights.unwrap_or_else(|| vec![1.0 / n.max(1) as f64; n]),
            tolerance,
            posterior,
            calibrated,
            calibrated_draw,
            calibrated_distance,
            generations: Vec::new(),
            stopped: None,
        })
    }

    /// The kept draw each run of a posterior predictive batch of `runs` simulates, as
    /// indices into `kept` (run `r` takes entry `r % len`): every kept draw in turn for
    /// rejection, a systematic resample of the weights for SMC.
    pub fn predictive_draws(&self, runs: u64) -> Vec<usize> {
        match self.method {
            Method::Rejection => (0..self.kept.len()).collect(),
            Method::Smc => super::smc::resample(&self.weights, runs as usize),
        }
    }
}

/// Each parameter's posterior mean, standard deviation and 5th, 50th and 95th
/// percentiles over `kept`. Unweighted (`None`): the sample mean and sd and type-7
/// quantiles. Weighted: the weighted mean, the sd with the reliability-weights correction
/// `1 / (1 - sum w^2)` (which reduces to the sample sd for equal weights) and weighted
/// quantiles ([`super::weighted_quantile`]).
pub fn summarise(params: &[Param], kept: &[Draw], weights: Option<&[f64]>) -> Vec<Posterior> {
    params
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let mut v: Vec<f64> = kept.iter().map(|d| d.values[j]).collect();
            let n = v.len() as f64;
            let (mean, sd, q) = match weights {
                None => {
                    let mean = v.iter().sum::<f64>() / n.max(1.0);
                    let sd = if v.len() > 1 {
                        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                    } else {
                        0.0
                    };
                    v.sort_by(f64::total_cmp);
                    (mean, sd, [0.05, 0.5, 0.95].map(|p| quantile(&v, p)))
                }
                Some(w) => {
                    let mean: f64 = v.iter().zip(w).map(|(x, w)| x * w).sum();
                    let spread: f64 = v.iter().zip(w).map(|(x, w)| w * (x - mean).powi(2)).sum();
                    let squares: f64 = w.iter().map(|w| w * w).sum();
                    let sd = if squares < 1.0 {
                        (spread / (1.0 - squares)).sqrt()
                    } else {
                        0.0
                    };
                    let mut pairs: Vec<(f64, f64)> = v.into_iter().zip(w.iter().copied()).collect();
                    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (
                        mean,
                        sd,
                        [0.05, 0.5, 0.95].map(|p| super::weighted_quantile(&pairs, p)),
                    )
                }
            };
            Posterior {
                param: p.clone(),
                mean,
                sd,
                p05: q[0],
                p50: q[1],
                p95: q[2],
            }
        })
        .collect()
}

/// Runs the rejection ABC: `draws` draws from the priors of `params` on `raw`, keeping
/// the `keep` nearest `observations`.
#[allow(clippy::too_many_arguments)]
pub fn calibrate(
    raw: &RawScenario,
    params: &[Param],
    observations: &[Observation],
    draws: u64,
    keep: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Calibration, BatchError> {
    let model = ScenarioModel {
        raw,
        params,
        observations,
    };
    reject(&model, params, draws, keep, seed, threads, progress)
}

/// Rejection ABC of any [`Model`]: draw `i` takes its values from [`prior_draw`] and
/// simulates run `i` of `seed`; the `keep` nearest are the posterior sample.
#[allow(clippy::too_many_arguments)]
pub fn reject<M: Model>(
    model: &M,
    params: &[Param],
    draws: u64,
    keep: u64,
    seed: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Calibration, BatchError> {
    let mut all: Vec<Draw> = Vec::with_capacity(draws as usize);
    super::map_range_in_order(
        0..draws,
        threads,
        &|i| {
            let values = prior_draw(params, seed, i);
            let distance = model.distance(&values, seed, i..i + 1);
            Draw {
                index: i,
                values,
                distance,
            }
        },
        &mut |chunk: Vec<Draw>| {
            all.extend(chunk);
            progress(all.len() as u64);
            Ok(())
        },
    )?;
    let invalid = all.iter().filter(|d| !d.distance.is_finite()).count() as u64;
    all.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(a.index.cmp(&b.index))
    });
    all.truncate(keep.clamp(1, draws.max(1)) as usize);
    all.retain(|d| d.distance.is_finite());
    Calibration::conclude(
        model,
        params,
        Method::Rejection,
        seed,
        draws,
        invalid,
        all,
        None,
        threads,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(target: Target, integer: bool) -> Param {
        Param {
            name: "x".into(),
            target,
            key: "x".into(),
            low: 0.0,
            high: 1.0,
            integer,
            current: 0.0,
        }
    }

    #[test]
    fn values_are_rounded_as_written() {
        assert_eq!(param(Target::Arrests, false).round(76.3456), 76.3);
        assert_eq!(param(Target::HolidayPardons, true).round(4.5), 5.0);
        assert_eq!(param(Target::SentenceSigma, false).round(0.8149), 0.81);
        assert_eq!(
            param(Target::DeathHazard, false).round(0.000_123_456),
            0.000_123
        );
        assert_eq!(param(Target::DeathHazard, false).round(0.0), 0.0);
    }

    #[test]
    fn prior_draws_depend_on_seed_and_index_only() {
        let mut p = param(Target::Arrests, false);
        p.low = 10.0;
        p.high = 20.0;
        let ps = [p];
        assert_eq!(prior_draw(&ps, 1, 7), prior_draw(&ps, 1, 7));
        assert_ne!(prior_draw(&ps, 1, 7), prior_draw(&ps, 1, 8));
        assert_ne!(prior_draw(&ps, 2, 7), prior_draw(&ps, 1, 7));
        let v = prior_draw(&ps, 1, 7)[0];
        assert!((10.0..=20.0).contains(&v));
    }
}
