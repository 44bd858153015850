//! `leverage sensitivity [SCENARIO]`: which parameters move a metric, one at a time
//! (a tornado chart) and, with `--sobol`, together (first-order and total Sobol indices).

use super::{DEFAULT_SEED, Failure, describe_files, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::Args;
use leverage::engine::RUN_METRICS;
use leverage::explore::sensitivity::{
    RangeSpec, Settings, oat_points, one_at_a_time, sobol_indices,
};
use leverage::explore::sobol::Design;
use leverage::report::{self, sensitivity::SensitivityRun};
use leverage::results::VERSION;
use leverage::results::names;
use leverage::scenario::KeyPath;
use std::path::{Path, PathBuf};

/// The arguments of `leverage sensitivity`: the scenario, the metrics, the parameters and
/// how far each is moved, the Sobol design, and the batch's runs and out folder.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file (TOML) or bundled name [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// The metrics whose sensitivity is measured; the first ranks the parameters.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "released",
        value_parser = clap::builder::PossibleValuesParser::new(RUN_METRICS),
    )]
    pub metric: Vec<String>,
    /// The parameters to vary, by path in the scenario file, comma-separated [default:
    /// every numeric parameter the scenario uses: not the horizon, not target_stock, not
    /// the settings of strategies nobody plays].
    #[arg(long, value_delimiter = ',', value_name = "KEY,...")]
    pub params: Vec<String>,
    /// Low and high as the scenario's value times (1 - SPREAD) and (1 + SPREAD), SPREAD
    /// above 0 and at most 1; whole parameters are rounded and moved by at least 1.
    #[arg(long, default_value_t = 0.2, value_name = "SPREAD")]
    pub spread: f64,
    /// An explicit range for one parameter, KEY=LOW..HIGH (repeatable); it is varied even
    /// if not in --params.
    #[arg(long = "range", value_name = "KEY=LOW..HIGH")]
    pub ranges: Vec<String>,
    /// Also compute first-order and total Sobol indices (Saltelli design, bootstrap CIs)
    /// over the ranges of the --params, or of the --top parameters of the one-at-a-time
    /// ranking.
    #[arg(long)]
    pub sobol: bool,
    /// Parameters in the Sobol analysis when --params is not given: the largest
    /// one-at-a-time effects.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u64).range(1..=50))]
    pub top: u64,
    /// Base rows of the Saltelli design: the model runs at samples x (parameters + 2)
    /// points.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(8..=1_000_000))]
    pub samples: u64,
    /// Runs at each point (the same runs, by seed, at every point).
    #[arg(short = 'n', long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed: the same seed gives the same results, byte for byte.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/sensitivity-<scenario>/].
    #[allow(rustdoc::invalid_html_tags)] // The doc is the --help text: <...> is literal.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors: no progress bar, no table.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
    /// The flags that lift the checks made before results are written: `--force` and
    /// `--allow-large`.
    #[command(flatten)]
    pub guard: super::GuardArgs,
}

/// The widest `--spread`: its low end is 0.
const MAX_SPREAD: f64 = 1.0;

/// `KEY=LOW..HIGH`.
fn parse_range(text: &str) -> Result<(KeyPath, f64, f64), String> {
    let how = "write KEY=LOW..HIGH, for example prisoners.hostage_elasticity=0..0.5";
    let (key, range) = text
        .split_once('=')
        .ok_or_else(|| format!("--range {text:?}: {how}"))?;
    let (lo, hi) = range
        .split_once("..")
        .ok_or_else(|| format!("--range {text:?}: {how}"))?;
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("--range {text:?}: {s:?} is not a number; {how}"))
    };
    let (lo, hi) = (num(lo)?, num(hi)?);
    if lo >= hi {
        return Err(format!("--range {text:?}: LOW must be below HIGH"));
    }
    let key = KeyPath::parse(key.trim()).map_err(|e| e.to_string())?;
    Ok((key, lo, hi))
}

pub fn sensitivity_command(args: &SensitivityArgs) -> Result<(), Failure> {
    let base = load_scenario(args.scenario.as_deref())?;
    // Past 1 the low end of every positive parameter is below 0, which only the few that
    // may be negative accept: the rest would be skipped and shares pinned to 0 and 1.
    if !(args.spread > 0.0 && args.spread <= MAX_SPREAD) {
        return Err(Failure::usage(anyhow::anyhow!(
            "--spread must be above 0 and at most {MAX_SPREAD} (0.2 varies each parameter \
             by 20% either way; at 1 the low end is 0, past it below 0, where no count, \
             rate or share may go), got {}; for a wider range of one parameter give \
             --range KEY=LOW..HIGH",
            args.spread
        )));
    }
    let usage = |e: String| Failure::usage(anyhow::anyhow!(e));
    let spec = RangeSpec {
        params: args
            .params
            .iter()
            .map(|p| KeyPath::parse(p.trim()))
            .collect::<Result<_, _>>()
            .map_err(|e| Failure::from_library(leverage::Error::from(e), "--param"))?,
        spread: args.spread,
        ranges: args
            .ranges
            .iter()
            .map(|r| parse_range(r))
            .collect::<Result<_, _>>()
            .map_err(usage)?,
    };
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("sensitivity-{}", base.name)));
    // The points simulated, known once the ranges are: one-at-a-time, then the Saltelli
    // design over --params or the --top parameters.
    let oat_length = {
        let e = leverage::scenario::Editable::new(&base)?;
        let (r, _) = leverage::explore::sensitivity::ranges(&e, &spec)?;
        let sobol_params = if args.params.is_empty() {
            r.len().min(args.top as usize)
        } else {
            r.len()
        };
        let sobol = if args.sobol {
            Design::evaluations(args.samples as usize, sobol_params) as u64
        } else {
            0
        };
        let threads = args
            .threads
            .map_or_else(rayon::current_num_threads, |t| t as usize);
        let points = oat_points(r.len()) + sobol;
        // Points run one after another, each keeping only its runs' metrics: the time of
        // every point, the memory of one batch and of those metrics.
        let mut estimate = super::guard::estimate(&base, args.runs, points, threads, false);
        estimate.memory_bytes = super::guard::estimate(&base, args.runs, 1, threads, false)
            .memory_bytes
            + 8.0 * (points * args.runs * args.metric.len() as u64) as f64;
        args.guard.check(
            &estimate,
            threads,
            &out_dir,
            &super::guard::Results::Sensitivity(base.name.clone()),
        )?;
        oat_points(r.len()) * args.runs
    };
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    let settings = Settings {
        metrics: &args.metric,
        runs: args.runs,
        seed: args.seed,
        threads: args.threads.map(|t| t as usize),
    };
    if !args.quiet {
        note!(
            "leverage {VERSION}: sensitivity of {} in {}, {} runs a point, seed {}",
            args.metric.join(", "),
            base.name,
            args.runs,
            args.seed
        );
    }

    // One at a time. The bar counts runs; its length is known once the ranges are.
    let bar = progress_bar(0, args.quiet);
    let runs = args.runs;
    let progress = |points: u64| bar.set_position(points * runs);
    bar.set_length(oat_length);
    let oat = one_at_a_time(&base, &spec, settings, &progress)
        .map_err(|e| Failure::from_library(e, "the one-at-a-time analysis failed"))?;
    bar.finish_and_clear();

    let sobol = if args.sobol {
        let ranges = if args.params.is_empty() {
            oat.ranked(0)
                .into_iter()
                .take(args.top as usize)
                .map(|i| oat.ranges[i].clone())
                .collect()
        } else {
            oat.ranges.clone()
        };
        let n = args.samples as usize;
        let bar = progress_bar(
            Design::evaluations(n, ranges.len()) as u64 * runs,
            args.quiet,
        );
        let progress = |points: u64| bar.set_position(points * runs);
        let s = sobol_indices(&base, &ranges, n, settings, &progress)
            .map_err(|e| Failure::from_library(e, "the Sobol analysis failed"))?;
        bar.finish_and_clear();
        Some(s)
    } else {
        None
    };

    let run = SensitivityRun {
        runs: args.runs,
        seed: args.seed,
        spread: args.spread,
    };
    let summary = report::sensitivity::sensitivity_md(&base, run, &oat, sobol.as_ref());
    let write = |name: &str, text: &str| super::write_file(out.path(), &out_dir, name, text);
    write(names::OAT_CSV, &report::sensitivity::oat_csv(&oat))?;
    let mut written: Vec<String> = vec![names::SENSITIVITY_JSON.into(), names::OAT_CSV.into()];
    if let Some(s) = &sobol {
        write(names::SOBOL_CSV, &report::sensitivity::sobol_csv(s))?;
        written.push(names::SOBOL_CSV.into());
    }
    write(names::SENSITIVITY_MD, &summary)?;
    write(
        names::SENSITIVITY_JSON,
        &report::sensitivity::sensitivity_json(&base, run, &oat, sobol.as_ref()),
    )?;
    written.push(names::SENSITIVITY_MD.into());
    if !args.no_plots {
        let charts = leverage::plot::draw_sensitivity(out.path())
            .with_context(|| format!("cannot draw the charts of {}", out_dir.display()))?;
        written.extend(super::file_names(&charts));
    }
    super::commit(out, &out_dir)?;
    if !args.quiet {
        super::output::print(&summary)?;
        note!(
            "wrote {} to {}",
            describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}
