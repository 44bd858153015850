//! Exporters of a calibration: `calibration.json`, `posterior.csv`, `calibrated.toml`
//! (the scenario with the best fit written in) and the text printed. Each takes the
//! finished [`Calibration`]; nothing here simulates, prints or touches files. The
//! posterior predictive check is a backtest, exported by [`super::backtest`].

use super::fmt;
use crate::fit::abc;
use crate::fit::best::{Candidate, Refine};
use crate::fit::calibration::{Calibration, Generation, Method, Posterior, Stop};
use crate::fit::params::{Param, ParamError, Target};
use crate::fit::smc::{self, Settings};
use crate::results::calibration::{
    CalibratedFile, CandidateFile, GenerationFile, MethodFile, ParamFile, PosteriorFile,
    RefineFile, SmcFile, StopFile, TargetFile,
};
use crate::results::{self, CalibrationFile, ScenarioRef, VERSION, names};
use crate::scenario::{Editable, Scenario, ScenarioError};
use std::fmt::Write as _;

/// Why `calibrated.toml` cannot be written ([`calibrated_toml`]): the values do not go
/// into the scenario's text, or the text they make is not a valid scenario. The tool's
/// fault, not the user's: the values are those the calibration kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalibratedError {
    /// The values could not be written into the scenario's text.
    #[error("cannot write the calibrated scenario: {0}")]
    Write(#[source] ParamError),
    /// The text written is not a valid scenario.
    #[error("the calibrated scenario is invalid: {0}")]
    Invalid(#[source] ScenarioError),
}

/// `calibration.json`'s `method_description` for rejection ABC.
const REJECTION_DESCRIPTION: &str =
    "rejection ABC: uniform priors, one run per draw, the nearest draws kept";
/// `calibration.json`'s `method_description` for ABC-SMC.
const SMC_DESCRIPTION: &str = "ABC-SMC (population Monte Carlo, Beaumont et al. 2009): uniform priors, one run per proposal, each generation's tolerance a quantile of the previous generation's distances, a diagonal Gaussian kernel with twice the weighted variance truncated to the prior box, importance weights prior / sum of weight x kernel; the last generation is the posterior sample";
/// `calibration.json`'s `distance`: the distance between a run and the record.
const DISTANCE_DESCRIPTION: &str = "root mean square over the scored counts and flows of (simulated - observed) / scale; scale max(2% of observed, 10) for a count, sqrt(max(observed, 1) + (2% of observed)^2) for a flow (docs/calibration.md)";

/// The file's name of a method.
fn method_file(m: Method) -> MethodFile {
    match m {
        Method::Rejection => MethodFile::Rejection,
        Method::Smc => MethodFile::Smc,
    }
}

/// The file's name of a reason to stop.
fn stop_file(s: Stop) -> StopFile {
    match s {
        Stop::Generations => StopFile::Generations,
        Stop::Acceptance => StopFile::Acceptance,
        Stop::Budget => StopFile::Budget,
    }
}

/// The file's name of a target.
fn target_file(t: &Target) -> TargetFile {
    match t {
        Target::Arrests => TargetFile::Arrests,
        Target::ArrestsFrom(m) => TargetFile::ArrestsFrom(m.clone()),
        Target::SentenceMedian => TargetFile::SentenceMedian,
        Target::SentenceMedianFrom(m) => TargetFile::SentenceMedianFrom(m.clone()),
        Target::SentenceSigma => TargetFile::SentenceSigma,
        Target::InitialRemainingMedian => TargetFile::InitialRemainingMedian,
        Target::DeathHazard => TargetFile::DeathHazard,
        Target::HolidayPardons => TargetFile::HolidayPardons,
        Target::ReleaseSize => TargetFile::ReleaseSize,
        Target::ReleaseRandomShare => TargetFile::ReleaseRandomShare,
    }
}

impl From<&Param> for ParamFile {
    fn from(p: &Param) -> Self {
        ParamFile {
            name: p.name.clone(),
            target: target_file(&p.target),
            key: p.key.clone(),
            low: p.low,
            high: p.high,
            integer: p.integer,
            current: p.current,
        }
    }
}

impl From<&Posterior> for PosteriorFile {
    fn from(q: &Posterior) -> Self {
        PosteriorFile {
            param: ParamFile::from(&q.param),
            mean: q.mean,
            sd: q.sd,
            p05: q.p05,
            p50: q.p50,
            p95: q.p95,
        }
    }
}

impl From<Refine> for RefineFile {
    fn from(r: Refine) -> Self {
        RefineFile {
            screen_runs: r.screen_runs,
            shortlist: r.shortlist,
            final_runs: r.final_runs,
        }
    }
}

impl From<&Candidate> for CandidateFile {
    fn from(c: &Candidate) -> Self {
        CandidateFile {
            draw: c.draw,
            values: c.values.clone(),
            screen_distance: c.screen_distance,
            mean_distance: c.mean_distance,
            gap_se: c.gap_se,
        }
    }
}

impl From<&Generation> for GenerationFile {
    fn from(g: &Generation) -> Self {
        GenerationFile {
            generation: g.generation,
            tolerance: g.tolerance.is_finite().then_some(g.tolerance),
            simulations: g.simulations,
            accepted: g.accepted,
            acceptance_rate: g.acceptance_rate,
            invalid: g.invalid,
            ess: g.ess,
            kernel_sd: g.kernel_sd.clone(),
        }
    }
}

/// `calibration.json` as its typed schema. `data` is the record's path; `settings` are
/// ABC-SMC's (`None` for rejection).
pub fn calibration_file(
    scenario: &Scenario,
    data: &str,
    cal: &Calibration,
    settings: Option<&Settings>,
) -> CalibrationFile {
    CalibrationFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(scenario),
        data: data.to_string(),
        method: method_file(cal.method),
        method_description: match cal.method {
            Method::Rejection => REJECTION_DESCRIPTION,
            Method::Smc => SMC_DESCRIPTION,
        }
        .to_string(),
        distance: DISTANCE_DESCRIPTION.to_string(),
        seed: cal.seed,
        draws: cal.draws,
        invalid_draws: cal.invalid,
        kept: cal.kept.len(),
        tolerance: cal.tolerance,
        effective_sample_size: smc::ess(&cal.weights),
        calibrated_draw: cal.calibrated_draw,
        calibrated_mean_distance: cal.calibrated_distance,
        refine: cal.refine.into(),
        shortlist: cal.shortlist.iter().map(CandidateFile::from).collect(),
        posterior: cal.posterior.iter().map(PosteriorFile::from).collect(),
        calibrated: cal
            .posterior
            .iter()
            .zip(&cal.calibrated)
            .map(|(p, v)| CalibratedFile {
                name: p.param.name.clone(),
                key: p.param.key.clone(),
                value: *v,
            })
            .collect(),
        smc: settings.map(|s| SmcFile {
            particles: s.particles,
            max_generations: s.generations,
            quantile: s.quantile,
            min_acceptance: s.min_acceptance,
            budget: s.budget,
            stopped: cal.stopped.map(stop_file),
            stopped_because: cal.stopped.map(|s| s.describe().to_string()),
            dropped_runs: dropped_runs(cal),
            generations: cal.generations.iter().map(GenerationFile::from).collect(),
        }),
    }
}

/// `calibration.json`'s text: [`calibration_file`], pretty-printed.
pub fn calibration_json(
    scenario: &Scenario,
    data: &str,
    cal: &Calibration,
    settings: Option<&Settings>,
) -> String {
    results::pretty(&calibration_file(scenario, data, cal, settings))
}

/// `posterior.csv`: one row per kept draw, its index, distance and weight, then its value
/// of each parameter in `params`.
pub fn posterior_csv(params: &[Param], cal: &Calibration) -> String {
    let mut out = String::from("draw,distance,weight");
    for p in params {
        let _ = write!(out, ",{}", p.name);
    }
    out.push('\n');
    for (d, w) in cal.kept.iter().zip(&cal.weights) {
        let _ = write!(out, "{},{},{}", d.index, d.distance, w);
        for v in &d.values {
            let _ = write!(out, ",{v}");
        }
        out.push('\n');
    }
    out
}

/// `calibrated.toml`: the scenario's own text with the calibrated values written in,
/// under a header that says where they come from (`data` is the record's path); checked
/// to be a valid scenario. The error says what failed.
pub fn calibrated_toml(
    scenario: &Scenario,
    tree: &Editable,
    data: &str,
    params: &[Param],
    cal: &Calibration,
) -> Result<String, CalibratedError> {
    // The header of an earlier calibration (lines starting `#: `) is replaced.
    let own: String = scenario
        .source
        .text
        .split_inclusive('\n')
        .skip_while(|l| l.starts_with("#: "))
        .collect();
    let body =
        abc::write_values(tree, &own, params, &cal.calibrated).map_err(CalibratedError::Write)?;
    let mut text = String::new();
    let _ = match cal.method {
        Method::Rejection => writeln!(
            text,
            "#: Calibrated by `leverage calibrate` (leverage {VERSION}) against {data}:\n\
             #: {} draws, the {} nearest kept (distance at most {:.3}), seed {}; written: the\n\
             #: values of kept draw {},\n\
             #: {},\n\
             #: for (see calibration.json and docs/calibration.md):",
            cal.draws,
            cal.kept.len(),
            cal.tolerance,
            cal.seed,
            cal.calibrated_draw,
            how_chosen(cal),
        ),
        Method::Smc => writeln!(
            text,
            "#: Calibrated by `leverage calibrate --method smc` (leverage {VERSION}) against\n\
             #: {data}: ABC-SMC, {} generations of {} particles in {} runs (distance at most\n\
             #: {:.3}), seed {}; written: the values of proposal {} of the last generation,\n\
             #: {},\n\
             #: for (see calibration.json and docs/calibration.md):",
            cal.generations.len(),
            cal.kept.len(),
            cal.draws,
            cal.tolerance,
            cal.seed,
            cal.calibrated_draw,
            how_chosen(cal),
        ),
    };
    for p in params {
        let _ = writeln!(text, "#:   {}", p.key);
    }
    text.push_str(&body);
    Scenario::from_toml(&text, names::CALIBRATED_TOML).map_err(CalibratedError::Invalid)?;
    Ok(text)
}

/// A value as written: enough digits for a small hazard.
fn show(p: &Param, v: f64) -> String {
    if v != 0.0 && v.abs() < 0.01 {
        format!("{v:.3e}")
    } else if p.integer {
        format!("{v:.0}")
    } else {
        fmt(v)
    }
}

/// The text a calibration prints: the method and sample, SMC's generations, each
/// parameter's prior, posterior and best fit, and how the best fit was chosen. `data` is
/// the record's path.
pub fn posterior_text(scenario: &Scenario, data: &str, cal: &Calibration) -> String {
    let mut out = String::new();
    match cal.method {
        Method::Rejection => {
            let _ = writeln!(
                out,
                "{}: calibrated against {data} by rejection ABC, {} draws, {} kept (distance \
                 at most {:.3}), seed {}\n",
                scenario.name,
                cal.draws,
                cal.kept.len(),
                cal.tolerance,
                cal.seed
            );
        }
        Method::Smc => {
            let _ = writeln!(
                out,
                "{}: calibrated against {data} by ABC-SMC, {} runs in {} generations, {} \
                 particles (distance at most {:.3}, effective sample size {:.0}), seed {}; \
                 stopped because {}\n",
                scenario.name,
                cal.draws,
                cal.generations.len(),
                cal.kept.len(),
                cal.tolerance,
                smc::ess(&cal.weights),
                cal.seed,
                cal.stopped.map_or("-", |s| s.describe())
            );
            out.push_str(&generations_table(cal));
            let dropped = dropped_runs(cal);
            if dropped > 0 {
                let _ = writeln!(
                    out,
                    "\nA further {dropped} runs went to generation {}, cut short by the budget \
                     and dropped.",
                    cal.generations.len()
                );
            }
            out.push('\n');
        }
    }
    let mut rows: Vec<Vec<String>> = vec![
        [
            "parameter",
            "key",
            "prior",
            "was",
            "mean",
            "90% interval",
            "best fit",
        ]
        .map(String::from)
        .into(),
    ];
    for (q, v) in cal.posterior.iter().zip(&cal.calibrated) {
        let p = &q.param;
        rows.push(vec![
            p.name.clone(),
            p.key.clone(),
            format!("{} to {}", show(p, p.low), show(p, p.high)),
            show(p, p.current),
            show(p, q.mean),
            format!("{} to {}", show(p, q.p05), show(p, q.p95)),
            show(p, *v),
        ]);
    }
    out.push_str(&super::text_table(&rows));
    // Draws with the best fit's own values (a whole-number or one-parameter posterior
    // repeats values) run the same runs: the runner-up is the best other values.
    let runner_up = cal
        .shortlist
        .iter()
        .filter(|c| c.values != cal.calibrated)
        .min_by(|a, b| a.mean_distance.total_cmp(&b.mean_distance));
    let _ = writeln!(
        out,
        "\nbest fit: kept draw {}, {}{}; calibrated.toml holds it.{}",
        cal.calibrated_draw,
        how_chosen(cal),
        runner_up.map_or(String::new(), |c| format!(
            " (the runner-up with other values, draw {}, {:.3} further, standard error of the gap {:.3})",
            c.draw,
            c.mean_distance - cal.calibrated_distance,
            c.gap_se
        )),
        match cal.method {
            Method::Rejection => "",
            Method::Smc => " The mean and interval are weighted by the particles' weights.",
        }
    );
    if cal.invalid > 0 {
        let _ = writeln!(
            out,
            "\n{} draws gave an invalid scenario and were dropped.",
            cal.invalid
        );
    }
    out
}

/// How the best fit was chosen, for the header of calibrated.toml and the report: "the
/// best on average over 1000 runs (mean distance 1.900) of the 50 best on 20 runs".
fn how_chosen(cal: &Calibration) -> String {
    let r = &cal.refine;
    if r.final_runs == 0 {
        return format!(
            "the best on average over {} runs (mean distance {:.3})",
            r.screen_runs, cal.calibrated_distance
        );
    }
    format!(
        "the best on average over {} runs (mean distance {:.3}) of the {} best on {} runs",
        r.final_runs,
        cal.calibrated_distance,
        cal.shortlist.len(),
        r.screen_runs
    )
}

/// SMC's generations, one row each.
fn generations_table(cal: &Calibration) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        [
            "generation",
            "tolerance",
            "runs",
            "accepted",
            "acceptance",
            "effective sample size",
        ]
        .map(String::from)
        .into(),
    ];
    for g in &cal.generations {
        rows.push(vec![
            g.generation.to_string(),
            if g.tolerance.is_finite() {
                format!("{:.3}", g.tolerance)
            } else {
                "none (prior)".into()
            },
            g.simulations.to_string(),
            g.accepted.to_string(),
            format!("{:.1}%", 100.0 * g.acceptance_rate),
            format!("{:.0}", g.ess),
        ]);
    }
    super::text_table(&rows)
}

/// SMC's runs spent on a generation the budget cut short, which is not in the table.
fn dropped_runs(cal: &Calibration) -> u64 {
    let kept: u64 = cal.generations.iter().map(|g| g.simulations).sum();
    cal.draws.saturating_sub(kept)
}
