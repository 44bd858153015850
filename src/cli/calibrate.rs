//! `leverage calibrate`: fit chosen parameters of a scenario to the historical record by
//! rejection ABC or ABC-SMC, report their posteriors, write the calibrated scenario, and
//! draw the posterior predictive bands against the observed counts.

use super::backtest::{backtest_text, load_record, scored_observations, write_backtest};
use super::{DEFAULT_SEED, Failure, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::{Args, ValueEnum};
use leverage::engine::Prepared;
use leverage::fit::abc::{self, ScenarioModel};
use leverage::fit::backtest::backtest;
use leverage::fit::smc::{self, Settings};
use leverage::report::calibration;
use leverage::results::VERSION;
use leverage::results::names;
use leverage::scenario::Editable;
use leverage::scenario::raw::RawScenario;
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

    let calibrated = calibration::calibrated_toml(&scenario, &tree, &record.path, &params, &cal)
        .map_err(|e| Failure::from(anyhow::Error::new(e)))?;
    let write = |name: &str, text: &str| super::write_file(out.path(), &out_dir, name, text);
    write(names::CALIBRATED_TOML, &calibrated)?;
    write(
        names::CALIBRATION_JSON,
        &calibration::calibration_json(&scenario, &record.path, &cal, smc_settings.as_ref()),
    )?;
    write(
        names::POSTERIOR_CSV,
        &calibration::posterior_csv(&params, &cal),
    )?;
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
            calibration::posterior_text(&scenario, &record.path, &cal),
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
