//! The scenario figures a calibration can fit, as `--params` names them: what each
//! sets, its default prior and rounding, drawing from the priors, and setting values in a
//! scenario (through [`Editable`]) or in its file's text. What a target is (rounding,
//! default set, limits of a prior) is its [`Row`]; where it is in a scenario is its key,
//! which [`available`] finds and every editor follows.

use crate::scenario::dist::unit_f64;
use crate::scenario::raw::RawScenario;
use crate::scenario::{
    DistSpec, EditError, Editable, KeyPath, KeyPathError, RegimeStrategyName, Scenario,
    ScenarioError,
};
use crate::stats::mix64;
use crate::strategy::StreamRng;
use rand::SeedableRng;
use serde::Serialize;

/// Why parameters cannot be chosen (`--params`) or their values set: the user's to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// A name the scenario does not offer.
    #[error("`{name}` is not a parameter this scenario offers; choose from: {offered}")]
    NotOffered {
        /// The name given.
        name: String,
        /// The names offered, joined by `, `.
        offered: String,
    },
    /// A prior that is not `NAME=LOW:HIGH` with `0 <= LOW <= HIGH`.
    #[error(
        "`{spec}`: write the prior as NAME=LOW:HIGH with 0 <= LOW <= HIGH (e.g. {name}={low}:{high})"
    )]
    Prior {
        /// The parameter as given.
        spec: String,
        /// Its name.
        name: String,
        /// Its default prior's low end, rounded.
        low: f64,
        /// Its default prior's high end, rounded.
        high: f64,
    },
    /// A prior above what the parameter may be.
    #[error("`{spec}`: {why}")]
    TooHigh {
        /// The parameter as given.
        spec: String,
        /// The limit, in words.
        why: &'static str,
    },
    /// A median's prior that reaches 0.
    #[error("`{spec}`: a median must be above 0")]
    MedianNotPositive {
        /// The parameter as given.
        spec: String,
    },
    /// A parameter given twice.
    #[error("`{name}` is given twice")]
    Twice {
        /// Its name.
        name: String,
    },
    /// No parameter given.
    #[error("no parameter to fit; choose from: {offered}")]
    NoParameter {
        /// The names offered, joined by `, `.
        offered: String,
    },
    /// A parameter's key is not a key path.
    #[error(transparent)]
    KeyPath(#[from] KeyPathError),
    /// A value cannot be set at a parameter's key.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The values set make an invalid scenario.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
}

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
    /// The sentence median of the arrest period starting in this month (`YYYY-MM`): its
    /// own `sentence` (lognormal), or, if it has none, `prisoners.sentence` with this
    /// median (and the scenario's sigma) for that period's convictions.
    SentenceMedianFrom(String),
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

/// How a target is drawn, rounded and checked: one row per target ([`Target::row`]), so
/// that these facts are written once rather than in each function that needs one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// In the default set of `--params` ([`default_names`]).
    pub default: bool,
    /// How a value is rounded as it is simulated and written (unless a whole number).
    pub rounding: Rounding,
    /// A prior's high end must be at most this; the message says why.
    pub at_most: Option<(f64, &'static str)>,
    /// A prior's low end must be above 0: a median.
    pub above_zero: bool,
}

/// How a fitted value is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// To 0.1.
    Tenth,
    /// To 0.01: a sigma, a share.
    Hundredth,
    /// To 3 significant digits: a hazard.
    ThreeDigits,
}

impl Target {
    /// The target's row: whether `--params` fits it by default, how it is rounded and
    /// what a prior given for it must respect.
    pub fn row(&self) -> Row {
        let row = |default, rounding| Row {
            default,
            rounding,
            at_most: None,
            above_zero: false,
        };
        match self {
            Target::Arrests
            | Target::ArrestsFrom(_)
            | Target::HolidayPardons
            | Target::ReleaseSize => row(true, Rounding::Tenth),
            Target::SentenceMedian => Row {
                above_zero: true,
                ..row(true, Rounding::Tenth)
            },
            Target::SentenceMedianFrom(_) | Target::InitialRemainingMedian => Row {
                above_zero: true,
                ..row(false, Rounding::Tenth)
            },
            Target::SentenceSigma => Row {
                at_most: Some((5.0, "a lognormal sigma is at most 5")),
                ..row(false, Rounding::Hundredth)
            },
            Target::DeathHazard => Row {
                at_most: Some((1.0, "the death hazard is a probability, at most 1")),
                ..row(true, Rounding::ThreeDigits)
            },
            Target::ReleaseRandomShare => Row {
                at_most: Some((1.0, "a share is at most 1")),
                ..row(false, Rounding::Hundredth)
            },
        }
    }
}

/// One fitted parameter: its name on the command line, what it sets, its uniform prior.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Its name in `--params` (`arrests_per_month`, `arrests_from_2022-01`, ...).
    pub name: String,
    /// The scenario figure it sets.
    pub target: Target,
    /// The scenario key it sets, for messages and reports.
    pub key: String,
    /// The low end of its uniform prior, in the key's own unit (`NAME=LOW:HIGH`).
    pub low: f64,
    /// The high end of its uniform prior, at least `low`.
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
        let step = match self.target.row().rounding {
            Rounding::ThreeDigits => {
                if x <= 0.0 {
                    return 0.0;
                }
                10f64.powf(x.log10().floor() - 2.0)
            }
            Rounding::Hundredth => 0.01,
            Rounding::Tenth => 0.1,
        };
        let r = (x / step).round() * step;
        // Print as the step's decimals would (no 0.30000000000000004).
        let decimals = (-step.log10()).ceil().max(0.0) as i32;
        let f = 10f64.powi(decimals);
        (r * f).round() / f
    }
}

/// The median and sigma of a lognormal distribution; other kinds offer no parameter.
fn lognormal(spec: &DistSpec) -> Option<(f64, f64)> {
    match spec {
        DistSpec::Lognormal { median, sigma } => Some((*median, *sigma)),
        _ => None,
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
    if let Some((median, sigma)) = lognormal(&p.sentence) {
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
    // A period's sentence median: offered where the period's sentence, or the
    // scenario's it would start from, is lognormal.
    for (i, period) in p.arrest_periods.iter().enumerate() {
        let key = format!("prisoners.arrest_periods[{i}].sentence");
        let spec = period.sentence.as_ref().unwrap_or(&p.sentence);
        if let Some((median, _)) = lognormal(spec) {
            out.push(scaled(
                &format!("sentence_median_from_{}", period.from),
                Target::SentenceMedianFrom(period.from.clone()),
                format!("{key}.median"),
                median,
                0.5,
                2.0,
                false,
            ));
        }
    }
    if let Some((median, _)) = lognormal(&p.initial_remaining) {
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
        .filter(|p| p.target.row().default)
        .map(|p| p.name.clone())
        .collect()
}

/// Parses `--params`: each `NAME` or `NAME=LOW:HIGH`. Errors name the parameter and what
/// is allowed.
pub fn choose(available: &[Param], specs: &[String]) -> Result<Vec<Param>, ParamError> {
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
            .ok_or_else(|| ParamError::NotOffered {
                name: name.to_string(),
                offered: names(),
            })?;
        if let Some(r) = range {
            let bad = || ParamError::Prior {
                spec: spec.clone(),
                name: name.to_string(),
                low: p.round(p.low),
                high: p.round(p.high),
            };
            let (a, b) = r.split_once(':').ok_or_else(bad)?;
            let low: f64 = a.trim().parse().map_err(|_| bad())?;
            let high: f64 = b.trim().parse().map_err(|_| bad())?;
            if !(low.is_finite() && high.is_finite() && 0.0 <= low && low <= high) {
                return Err(bad());
            }
            let row = p.target.row();
            if let Some((most, why)) = row.at_most
                && high > most
            {
                return Err(ParamError::TooHigh {
                    spec: spec.clone(),
                    why,
                });
            }
            if row.above_zero && low <= 0.0 {
                return Err(ParamError::MedianNotPositive { spec: spec.clone() });
            }
            p.low = low;
            p.high = high;
        }
        if out.iter().any(|q| q.name == p.name) {
            return Err(ParamError::Twice {
                name: name.to_string(),
            });
        }
        out.push(p);
    }
    if out.is_empty() {
        return Err(ParamError::NoParameter { offered: names() });
    }
    Ok(out)
}

/// Sets `values` (one per parameter, already rounded) in a copy of `tree`, each at its
/// key. A period's sentence median comes last, so that a period given a sentence of its
/// own takes the scenario's sigma as fitted.
pub fn apply(tree: &Editable, params: &[Param], values: &[f64]) -> Result<Editable, ParamError> {
    let mut t = tree.clone();
    let (later, first): (Vec<_>, Vec<_>) = params
        .iter()
        .zip(values)
        .partition(|(p, _)| matches!(p.target, Target::SentenceMedianFrom(_)));
    for (p, &x) in first.into_iter().chain(later) {
        let key = KeyPath::parse(&p.key)?;
        if let Target::SentenceMedianFrom(_) = p.target {
            // `...arrest_periods[i].sentence.median`: a period without a sentence of its
            // own gets the scenario's, as fitted so far.
            let sentence = key.prefix(key.steps().len() - 1);
            if t.value(&sentence).is_err() {
                let scenario = t.value(&KeyPath::parse("prisoners.sentence")?)?.clone();
                t.set_value(&sentence, scenario)?;
            }
        }
        t.set(&key, x)?;
    }
    Ok(t)
}

/// The scenario `tree` with `values` set, validated; the error names the key and value.
pub fn prepare(tree: &Editable, params: &[Param], values: &[f64]) -> Result<Scenario, ParamError> {
    Ok(apply(tree, params, values)?.scenario()?)
}

/// Writes `values` into `text`, the scenario's own file, keeping its comments and layout
/// (see [`Editable::write_into`]): each parameter's key as `tree` has it once the values
/// are set, a period's sentence median last, as in [`apply`].
pub fn write_values(
    tree: &Editable,
    text: &str,
    params: &[Param],
    values: &[f64],
) -> Result<String, ParamError> {
    let edited = apply(tree, params, values)?;
    let (later, first): (Vec<&Param>, Vec<&Param>) = params
        .iter()
        .partition(|p| matches!(p.target, Target::SentenceMedianFrom(_)));
    let keys = first
        .into_iter()
        .chain(later)
        .map(|p| KeyPath::parse(&p.key))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(edited.write_into(text, &keys)?)
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
    fn a_period_sentence_median_is_set_in_the_period_with_the_fitted_sigma() {
        let text = r#"name = "t"
[prisoners]
sentence = { kind = "lognormal", median = 20.0, sigma = 0.8 }
arrest_periods = [
    { from = "2025-01", arrests_per_month = 60.0 },
    { from = "2026-01", arrests_per_month = 40.0, sentence = { kind = "lognormal", median = 30.0, sigma = 0.5 } },
]
[[prisoners.classes]]
name = "ordinary"
initial_count = 100
arrest_share = 1.0
"#;
        let raw: RawScenario = toml::from_str(text).unwrap();
        let all = available(&raw);
        // Offered, but not in the default set: earlier command lines fit what they did.
        let a = all
            .iter()
            .find(|p| p.name == "sentence_median_from_2025-01")
            .unwrap();
        assert_eq!((a.current, a.low, a.high), (20.0, 10.0, 40.0));
        let b = all
            .iter()
            .find(|p| p.name == "sentence_median_from_2026-01")
            .unwrap();
        assert_eq!(b.key, "prisoners.arrest_periods[1].sentence.median");
        assert_eq!((b.current, b.low, b.high), (30.0, 15.0, 60.0));
        assert!(
            !default_names(&all)
                .iter()
                .any(|n| n.starts_with("sentence_median_from"))
        );
        // The period without a sentence gets the scenario's, with its sigma as fitted,
        // whatever the order of the parameters.
        let sigma = all.iter().find(|p| p.name == "sentence_sigma").unwrap();
        let params = choose(
            &all,
            &[
                "sentence_median_from_2025-01".into(),
                "sentence_median_from_2026-01".into(),
            ],
        )
        .unwrap();
        let params = [params[0].clone(), sigma.clone(), params[1].clone()];
        let values = [12.5, 0.4, 33.0];
        let tree = Editable::from_raw(raw, "t.toml", text).unwrap();
        let r = apply(&tree, &params, &values).unwrap().raw().unwrap();
        let lognormal = |median, sigma| Some(DistSpec::Lognormal { median, sigma });
        assert_eq!(r.prisoners.arrest_periods[0].sentence, lognormal(12.5, 0.4));
        assert_eq!(r.prisoners.arrest_periods[1].sentence, lognormal(33.0, 0.5));
        assert_eq!(
            r.prisoners.sentence,
            DistSpec::Lognormal {
                median: 20.0,
                sigma: 0.4
            }
        );
        // The text says the same, and the scenario's own comments and keys stay.
        let written = write_values(&tree, text, &params, &values).unwrap();
        let again: RawScenario = toml::from_str(&written).unwrap();
        assert_eq!(
            again.prisoners.arrest_periods[0].sentence,
            lognormal(12.5, 0.4)
        );
        assert_eq!(
            again.prisoners.arrest_periods[1].sentence,
            lognormal(33.0, 0.5)
        );
        assert_eq!(again.prisoners.sentence, r.prisoners.sentence);
        // A median of zero is no prior.
        assert!(choose(&all, &["sentence_median_from_2025-01=0:30".into()]).is_err());
    }

    #[test]
    fn a_table_the_file_leaves_out_is_written_as_a_table_after_its_comments() {
        // Until issue 18 a file without [regime] got an inline `regime = { .. }` above
        // its first comment.
        let text = "name = \"t\"\n# keep\n[prisoners]\narrests_per_month = 5.0\n\
                    [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = 1\narrest_share = 1.0\n";
        let raw: RawScenario = toml::from_str(text).unwrap();
        let all = available(&raw);
        let tree = Editable::from_raw(raw, "t.toml", text).unwrap();
        let params = choose(&all, &["holiday_pardons".into(), "release_size".into()]).unwrap();
        let written = write_values(&tree, text, &params, &[33.0, 28.0]).unwrap();
        assert!(
            written.starts_with("name = \"t\"\n# keep\n[prisoners]"),
            "{written}"
        );
        assert!(
            written.ends_with(
                "[regime]\nholiday_pardons = 33\n\n[regime.signal]\ninitial_size = 28\n"
            ),
            "{written}"
        );
        let s = Scenario::from_toml(&written, "written.toml").unwrap();
        assert_eq!(
            (s.regime.holiday_pardons, s.regime.signal.initial_size),
            (33, 28)
        );
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
