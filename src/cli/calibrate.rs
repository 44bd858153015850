//! `leverage calibrate`: fit chosen parameters of a scenario to the historical record by
//! rejection ABC or ABC-SMC, report their posteriors, write the calibrated scenario, and
//! draw the posterior predictive bands against the observed counts.

use super::backtest::{backtest_text, load_record, scored_observations, write_backtest};
use super::{DEFAULT_SEED, Failure, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::{Args, ValueEnum};
use leverage::engine::Prepared;
use leverage::fit::abc::{self, Calibration, Method, Param, ScenarioModel};
use leverage::fit::backtest::backtest;
use leverage::fit::smc::{self, Settings};
use leverage::report::{self, fmt};
use leverage::results::VERSION;
use leverage::results::names;
use leverage::scenario::raw::RawScenario;
use leverage::scenario::{Editable, Scenario};
use serde_json::json;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The arguments of `leverage calibrate`: the scenario, the record, the parameters to fit
/// and their priors, the ABC method and its budget, and the out folder.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Scenario file (TOML) or the name of a bundled scenario.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// The record: a folder such as data/belarus (or one CSV of counts).
    #[arg(long, value_name = "PATH")]
    pub data: PathBuf,
    /// Parameters to fit, comma-separated, each NAME or NAME=LOW:HIGH (a uniform prior):
    /// arrests_per_month, arrests_from_YYYY-MM (one per arrest period), sentence_median,
    /// sentence_sigma, initial_remaining_median, death_hazard, holiday_pardons,
    /// release_size, release_random_share [default: every arrest rate, sentence_median,
    /// death_hazard, holiday_pardons, release_size].
    #[arg(long, value_delimiter = ',', value_name = "NAME[=LOW:HIGH]")]
    pub params: Vec<String>,
    /// How to draw the posterior: `rejection` keeps the draws from the priors nearest the
    /// record; `smc` (sequential Monte Carlo ABC) moves weighted particles through
    /// generations of shrinking tolerance, and gets a narrower posterior from the same
    /// number of runs (docs/calibration.md).
    #[arg(long, value_enum, default_value_t = MethodArg::Rejection)]
    pub method: MethodArg,
    /// Runs to simulate: rejection draws this many parameter sets from the priors (one
    /// run each); smc stops once this many runs are spent.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub draws: u64,
    /// Rejection: draws kept as the posterior sample, the nearest to the record
    /// [default: 200].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub keep: Option<u64>,
    /// Smc: particles in each generation [default: 500].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub particles: Option<u64>,
    /// Smc: at most this many generations, the first drawn from the priors; it stops
    /// earlier if a generation accepts under 2% of its proposals or the --draws runs are
    /// spent [default: 10].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub generations: Option<u32>,
    /// Smc: each generation's tolerance is this quantile of the previous generation's
    /// distances, between 0 and 1 [default: 0.5, the median].
    #[arg(long, value_name = "Q")]
    pub quantile: Option<f64>,
    /// Runs of the posterior predictive bands (the kept draws in turn, or smc's particles
    /// as often as their weights say).
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub bands_runs: u64,
    /// Master seed: the same seed gives the same posterior, byte for byte.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/calibrate-<scenario name>/].
    #[allow(rustdoc::invalid_html_tags)] // The doc is the --help text: <...> is literal.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw the chart.
    #[arg(long)]
    pub no_plots: bool,
    /// The flags that lift the checks made before results are written: `--force` and
    /// `--allow-large`.
    #[command(flatten)]
    pub guard: super::GuardArgs,
}

/// `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Rejection,
    Smc,
}

/// The rejection default of `--keep`.
const DEFAULT_KEEP: u64 = 200;

/// The method's settings from the flags, refusing a flag of the other method.
fn settings(args: &CalibrateArgs) -> Result<Option<Settings>, Failure> {
    let usage = |m: String| Err(Failure::usage(anyhow::anyhow!(m)));
    match args.method {
        MethodArg::Rejection => {
            for (flag, given) in [
                ("--particles", args.particles.is_some()),
                ("--generations", args.generations.is_some()),
                ("--quantile", args.quantile.is_some()),
            ] {
                if given {
                    return usage(format!("{flag} applies to --method smc"));
                }
            }
            let keep = args.keep.unwrap_or(DEFAULT_KEEP);
            if keep > args.draws {
                return usage(format!(
                    "--keep {keep} must not exceed --draws {}",
                    args.draws
                ));
            }
            Ok(None)
        }
        MethodArg::Smc => {
            if args.keep.is_some() {
                return usage(
                    "--keep applies to --method rejection; smc keeps its last generation's \
                     --particles"
                        .into(),
                );
            }
            let d = Settings::default();
            let s = Settings {
                particles: args.particles.unwrap_or(d.particles),
                generations: args.generations.unwrap_or(d.generations),
                quantile: args.quantile.unwrap_or(d.quantile),
                budget: args.draws,
                ..d
            };
            if !(s.quantile > 0.0 && s.quantile < 1.0) {
                return usage(format!(
                    "--quantile must be between 0 and 1 (not either), got {}",
                    s.quantile
                ));
            }
            if s.particles > s.budget {
                return usage(format!(
                    "--particles {} must not exceed --draws {}: the first generation alone \
                     simulates a run per particle",
                    s.particles, s.budget
                ));
            }
            Ok(Some(s))
        }
    }
}

pub fn calibrate_command(args: &CalibrateArgs) -> Result<(), Failure> {
    let smc_settings = settings(args)?;
    let scenario = load_scenario(Some(&args.scenario))?;
    let raw: RawScenario = toml::from_str(&scenario.source.text)
        .map_err(|e| Failure::usage(anyhow::anyhow!("{}: {e}", scenario.source.path)))?;
    let record = load_record(&args.data)?;
    let obs = scored_observations(&scenario, &record)?;
    let tree = Editable::from_raw(raw.clone(), &scenario.source.path, &scenario.source.text)?;
    let available = abc::available(&raw);
    let names = if args.params.is_empty() {
        abc::default_names(&available)
    } else {
        args.params.clone()
    };
    let params = abc::choose(&available, &names)
        .map_err(|m| Failure::usage(anyhow::anyhow!("--params: {m}")))?;
    // Every corner of the prior box must be a valid scenario, or draws would be lost.
    for corner in [
        params.iter().map(|p| p.round(p.low)).collect::<Vec<_>>(),
        params.iter().map(|p| p.round(p.high)).collect(),
    ] {
        abc::prepare(&tree, &params, &corner).map_err(|m| {
            Failure::usage(anyhow::anyhow!(
                "--params: the priors reach an invalid scenario: {m}"
            ))
        })?;
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("calibrate-{}", scenario.name)));
    // Each draw is a run; the best fit re-runs every kept draw on the screening runs and
    // its shortlist on the final runs; then the bands.
    let kept = smc_settings
        .as_ref()
        .map_or(args.keep.unwrap_or(DEFAULT_KEEP), |s| s.particles);
    let r = abc::REFINE;
    args.guard.check_runs(
        &scenario,
        args.draws
            + r.screen_runs * kept
            + r.final_runs * kept.min(r.shortlist as u64)
            + args.bands_runs,
        args.threads,
        &out_dir,
        &super::guard::Results::Calibration(scenario.name.clone()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    if !args.quiet {
        let how = match &smc_settings {
            None => format!(
                "rejection ABC, {} draws, keeping {}",
                args.draws,
                args.keep.unwrap_or(DEFAULT_KEEP)
            ),
            Some(s) => format!(
                "ABC-SMC, {} particles, at most {} generations and {} runs",
                s.particles, s.generations, s.budget
            ),
        };
        note!(
            "leverage {VERSION}: calibrating {} of {} ({}) against {} by {how}, seed {}",
            names.join(", "),
            scenario.name,
            scenario.source.path,
            record.path,
            args.seed
        );
    }
    let threads = args.threads.map(|t| t as usize);
    let bar = progress_bar(args.draws, args.quiet);
    let progress = |done: u64| bar.set_position(done);
    let model = ScenarioModel {
        tree: &tree,
        params: &params,
        observations: &obs,
    };
    let cal = match &smc_settings {
        None => abc::reject(
            &model,
            &params,
            args.draws,
            args.keep.unwrap_or(DEFAULT_KEEP),
            args.seed,
            threads,
            &progress,
        ),
        Some(s) => smc::smc(&model, &params, s, args.seed, threads, &progress),
    }
    .context("the calibration failed")?;
    bar.finish_and_clear();
    if cal.kept.is_empty() {
        return Err(anyhow::anyhow!("no draw gave a valid scenario").into());
    }

    // The posterior predictive: the kept draws' scenarios, run in turn (rejection) or as
    // often as their weights say (smc).
    let preps: Vec<Prepared> = cal
        .kept
        .iter()
        .map(|d| {
            abc::prepare(&tree, &params, &d.values)
                .map(|s| Prepared::new(&s))
                .map_err(|m| anyhow::anyhow!("a kept draw is invalid: {m}"))
        })
        .collect::<Result<_, _>>()?;
    let bar = progress_bar(args.bands_runs, args.quiet);
    let progress = |done: u64| bar.set_position(done);
    let slots = cal.predictive_draws(args.bands_runs);
    let bt = backtest(
        &preps,
        Some(&slots),
        &obs,
        args.bands_runs,
        args.seed,
        threads,
        &progress,
    )
    .context("the posterior predictive batch failed")?;
    bar.finish_and_clear();

    let calibrated = calibrated_text(&scenario, &tree, &record.path, &params, &cal)?;
    let write = |name: &str, text: &str| super::write_file(out.path(), &out_dir, name, text);
    write(names::CALIBRATED_TOML, &calibrated)?;
    write(
        names::CALIBRATION_JSON,
        &calibration_json(&scenario, &record.path, &cal, smc_settings.as_ref()),
    )?;
    write(names::POSTERIOR_CSV, &posterior_csv(&params, &cal))?;
    let mut written = vec![
        names::CALIBRATED_TOML.to_string(),
        names::CALIBRATION_JSON.into(),
        names::POSTERIOR_CSV.into(),
    ];
    written.extend(write_backtest(
        out.path(),
        &out_dir,
        &scenario,
        &record.path,
        "Posterior predictive",
        &bt,
        args.no_plots,
    )?);
    super::commit(out, &out_dir)?;
    if !args.quiet {
        super::output::print(&format!(
            "{}\n{}",
            posterior_text(&scenario, &record.path, &cal),
            backtest_text(&scenario, &record.path, "posterior predictive", &bt)
        ))?;
        note!(
            "wrote {} to {}",
            super::describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}

/// The scenario's own text with the calibrated values written in, under a header that
/// says where they come from; checked to be a valid scenario.
fn calibrated_text(
    scenario: &Scenario,
    tree: &Editable,
    data: &str,
    params: &[Param],
    cal: &Calibration,
) -> Result<String, Failure> {
    // The header of an earlier calibration (lines starting `#: `) is replaced.
    let own: String = scenario
        .source
        .text
        .split_inclusive('\n')
        .skip_while(|l| l.starts_with("#: "))
        .collect();
    let body = abc::write_values(tree, &own, params, &cal.calibrated)
        .map_err(|m| anyhow::anyhow!("cannot write the calibrated scenario: {m}"))?;
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
    Scenario::from_toml(&text, names::CALIBRATED_TOML)
        .map_err(|e| anyhow::anyhow!("the calibrated scenario is invalid: {e}"))?;
    Ok(text)
}

fn calibration_json(
    scenario: &Scenario,
    data: &str,
    cal: &Calibration,
    settings: Option<&Settings>,
) -> String {
    let doc = json!({
        "leverage_version": VERSION,
        "scenario": {
            "name": scenario.name,
            "path": scenario.source.path,
            "sha256": scenario.source.sha256,
        },
        "data": data,
        "method": cal.method,
        "method_description": match cal.method {
            Method::Rejection => "rejection ABC: uniform priors, one run per draw, the nearest draws kept",
            Method::Smc => "ABC-SMC (population Monte Carlo, Beaumont et al. 2009): uniform priors, one run per proposal, each generation's tolerance a quantile of the previous generation's distances, a diagonal Gaussian kernel with twice the weighted variance truncated to the prior box, importance weights prior / sum of weight x kernel; the last generation is the posterior sample",
        },
        "distance": "root mean square over the scored counts and flows of (simulated - observed) / scale; scale max(2% of observed, 10) for a count, sqrt(max(observed, 1) + (2% of observed)^2) for a flow (docs/calibration.md)",
        "seed": cal.seed,
        "draws": cal.draws,
        "invalid_draws": cal.invalid,
        "kept": cal.kept.len(),
        "tolerance": cal.tolerance,
        "effective_sample_size": smc::ess(&cal.weights),
        "calibrated_draw": cal.calibrated_draw,
        "calibrated_mean_distance": cal.calibrated_distance,
        "refine": cal.refine,
        "shortlist": cal.shortlist,
        "posterior": cal.posterior,
        "calibrated": cal.posterior.iter().zip(&cal.calibrated).map(|(p, v)| json!({ "name": p.param.name, "key": p.param.key, "value": v })).collect::<Vec<_>>(),
    });
    let mut doc = doc;
    if let Some(s) = settings {
        doc["smc"] = json!({
            "particles": s.particles,
            "max_generations": s.generations,
            "quantile": s.quantile,
            "min_acceptance": s.min_acceptance,
            "budget": s.budget,
            "stopped": cal.stopped,
            "stopped_because": cal.stopped.map(|s| s.describe()),
            "dropped_runs": dropped_runs(cal),
            "generations": cal.generations,
        });
    }
    let mut text = serde_json::to_string_pretty(&doc).expect("serialises");
    text.push('\n');
    text
}

fn posterior_csv(params: &[Param], cal: &Calibration) -> String {
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

fn posterior_text(scenario: &Scenario, data: &str, cal: &Calibration) -> String {
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
    out.push_str(&report::text_table(&rows));
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
    report::text_table(&rows)
}

/// SMC's runs spent on a generation the budget cut short, which is not in the table.
fn dropped_runs(cal: &Calibration) -> u64 {
    let kept: u64 = cal.generations.iter().map(|g| g.simulations).sum();
    cal.draws.saturating_sub(kept)
}
