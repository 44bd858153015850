//! `leverage merge DIR...`: the shards of `run --shard K/N` combined into the results of
//! the whole batch.

use super::{Failure, commit, describe_files, out_folder, persist_runs_csv, write_results};
use crate::note;
use anyhow::Context as _;
use clap::Args;
use leverage::report::{self, shard};
use leverage::results::names;
use leverage::scenario::Scenario;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

/// The arguments of `leverage merge`: the shard folders of one batch and the out folder.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The folders of all N shards, in any order.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Out folder [default: results/<scenario name>/].
    #[allow(rustdoc::invalid_html_tags)] // The doc is the --help text: <...> is literal.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors: no table.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw charts or write report.html.
    #[arg(long)]
    pub no_plots: bool,
    /// Replace the results of another scenario or command in the out folder.
    #[arg(long)]
    pub force: bool,
}

pub fn merge_command(args: &MergeArgs) -> Result<(), Failure> {
    let usage = |e: String| Failure::usage(anyhow::anyhow!(e));
    let shards = args
        .dirs
        .iter()
        .map(|d| shard::read_shard(d).map(|s| (d.display().to_string(), s)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::from_library(e.into(), "cannot read the shards"))?;
    // The scenario as the shards ran it, checked against the hash they recorded. Its path
    // is shard 1's (the lowest index given), whatever the order of the folders: shards
    // run from different copies of one file record different paths.
    let Some((first_dir, first)) = shards.iter().min_by_key(|(_, s)| s.shard.index) else {
        return Err(usage("no shard folders given".into()));
    };
    let toml_path = Path::new(first_dir).join(names::SCENARIO_TOML);
    let text = leverage::files::read_to_string(&toml_path, &leverage::files::SCENARIO)
        .map_err(|e| usage(format!("cannot read {}: {e}", toml_path.display())))?;
    let scenario = Scenario::from_toml(&text, &first.scenario.path)?;
    if scenario.source.sha256 != first.scenario.sha256 {
        return Err(usage(format!(
            "{} is not the scenario {first_dir}/shard.json was run with (sha256 differs)",
            toml_path.display()
        )));
    }
    let seed = first.seed;
    let (shards, stats) = shard::merge_shards(shards, scenario.horizon_months)
        .map_err(|e| Failure::from_library(e.into(), "cannot merge the shards"))?;

    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name));
    super::guard::check_out_folder(
        &out_dir,
        &super::guard::Results::Run(scenario.name.clone()),
        args.force,
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = out_folder(&out_dir)?;
    let mut written = Vec::new();
    if shards.iter().all(|(_, s)| s.runs_csv) {
        let tmp = leverage::results::temp_in(out.path())
            .with_context(|| format!("cannot write to the out folder {}", out_dir.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
        w.write_all(report::runs_csv_header().as_bytes())
            .context("cannot write runs.csv")?;
        for (dir, s) in &shards {
            append_rows(&mut w, Path::new(dir), s.shard.end_run - s.shard.first_run)?;
        }
        persist_runs_csv(w, out.path())?;
        written.push(names::RUNS_CSV.to_string());
    }
    written.splice(
        0..0,
        write_results(out.path(), &out_dir, &scenario, seed, &stats, args.no_plots)?,
    );
    commit(out, &out_dir)?;
    if !args.quiet {
        super::output::print(&report::table(&scenario, seed, &stats))?;
        note!(
            "merged {} shards ({} runs); wrote {} to {}",
            shards.len(),
            stats.runs,
            describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}

/// Copies the rows of `dir/runs.csv` after its header, checking the header and the count.
fn append_rows(w: &mut impl std::io::Write, dir: &Path, rows: u64) -> Result<(), Failure> {
    let path = dir.join(names::RUNS_CSV);
    let file = leverage::files::open_regular(&path)
        .map_err(|e| Failure::usage(anyhow::anyhow!("cannot read {}: {e}", path.display())))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let header = lines
        .next()
        .transpose()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if header.as_deref().map(|h| format!("{h}\n")) != Some(report::runs_csv_header()) {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} does not start with the runs.csv header of this version",
            path.display()
        )));
    }
    let mut n = 0;
    for line in lines {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        w.write_all(line.as_bytes())
            .and_then(|()| w.write_all(b"\n"))
            .context("cannot write runs.csv")?;
        n += 1;
    }
    if n != rows {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} has {n} rows; its shard ran {rows}",
            path.display()
        )));
    }
    Ok(())
}
