//! `leverage sweep [SCENARIO] --set KEY=VALUES [--set KEY2=VALUES]`: a scenario over a
//! 1-D or 2-D grid of parameter values.

use super::{BatchArgs, Failure, describe_files, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::Args;
use leverage::explore::sweep::{SweepAxis, run_sweep};
use leverage::report;
use leverage::results::RUN_METRICS;
use leverage::results::VERSION;
use leverage::results::names;
use std::path::Path;

/// The arguments of `leverage sweep`: the scenario, the parameters and their values (one or
/// two `--set`), the metrics shown, and the batch flags shared with `run`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML) or bundled name [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// A parameter and its values: KEY=V1,V2,... or KEY=a..b:step (b included when a step
    /// lands on it), mixed freely; KEY is the parameter's path in the scenario file, such
    /// as prisoners.arrests_per_month, us.benchmark.releases or measures[2].cost_per_month.
    /// Give it once for a 1-D sweep, twice for a 2-D grid.
    #[allow(rustdoc::broken_intra_doc_links)] // The doc is the --help text: [2] is literal.
    #[arg(long = "set", value_name = "KEY=VALUES", required = true, num_args = 1)]
    pub set: Vec<String>,
    /// The metrics of the printed table and the charts (sweep.csv has every metric).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "released,final_stock,new_arrests,relief_granted",
        value_parser = clap::builder::PossibleValuesParser::new(RUN_METRICS),
    )]
    pub metric: Vec<String>,
    /// The flags every batch command shares: runs, seed, threads, out folder, quiet, no
    /// plots, `--force` and `--allow-large`.
    #[command(flatten)]
    pub batch: BatchArgs,
}

pub fn sweep_command(args: &SweepArgs) -> Result<(), Failure> {
    let base = load_scenario(args.scenario.as_deref())?;
    if args.set.len() > 2 {
        return Err(Failure::usage(anyhow::anyhow!(
            "--set is given {} times: a sweep has one axis or two",
            args.set.len()
        )));
    }
    let axes = args
        .set
        .iter()
        .map(|s| SweepAxis::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::usage(anyhow::anyhow!("--set {e}")))?;
    if axes.len() == 2 && axes[0].path == axes[1].path {
        return Err(Failure::usage(anyhow::anyhow!(
            "--set names {} twice: give each axis its own parameter",
            axes[0].path
        )));
    }
    let keys: Vec<String> = axes.iter().map(|a| a.path.to_string()).collect();
    let out_dir = args.batch.out.clone().unwrap_or_else(|| {
        Path::new("results").join(format!("sweep-{}-{}", base.name, keys.join("-")))
    });
    let cells: u64 = axes.iter().map(|a| a.values.len() as u64).product();
    args.batch.check(
        &base,
        args.batch.runs,
        cells,
        false,
        &out_dir,
        &super::guard::Results::Sweep(base.name.clone()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    if !args.batch.quiet {
        note!(
            "leverage {VERSION}: sweep of {} over {} ({} cells), {} runs each, seed {}",
            base.name,
            keys.join(" x "),
            cells,
            args.batch.runs,
            args.batch.seed
        );
    }
    let bar = progress_bar(cells * args.batch.runs, args.batch.quiet);
    let progress = |done: u64| bar.set_position(done);
    let sweep = run_sweep(&base, &axes, &args.batch.options(), &progress)
        .map_err(|e| Failure::from_library(e, "the sweep failed"))?;
    bar.finish_and_clear();

    let table = report::sweep::sweep_md(&base.name, &sweep, &args.metric);
    let write = |name: &str, text: &str| super::write_file(out.path(), &out_dir, name, text);
    write(names::SWEEP_CSV, &report::sweep::sweep_csv(&sweep))?;
    write(
        names::SWEEP_JSON,
        &report::sweep::sweep_json(&base, &sweep, &args.metric),
    )?;
    write(names::SWEEP_MD, &table)?;
    write(names::SCENARIO_TOML, &base.source.text)?;
    let mut written: Vec<String> = [
        names::SWEEP_JSON,
        names::SWEEP_CSV,
        names::SWEEP_MD,
        names::SCENARIO_TOML,
    ]
    .map(String::from)
    .into();
    if !args.batch.no_plots {
        let charts = leverage::plot::draw_sweep(out.path())
            .with_context(|| format!("cannot draw the charts of {}", out_dir.display()))?;
        written.extend(super::file_names(&charts));
    }
    super::commit(out, &out_dir)?;
    if !args.batch.quiet {
        super::output::print(&table)?;
        note!(
            "wrote {} to {}",
            describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}
