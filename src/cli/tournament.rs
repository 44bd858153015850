//! `leverage tournament`: every regime strategy against every Western strategy, and the
//! meta-game of their mean payoffs.

use super::{BatchArgs, Failure, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::Args;
use leverage::game::nfg::write_nfg_with_players;
use leverage::game::tournament::{
    REGIME_STRATEGIES, WEST_STRATEGIES, WestProfile, regime_strategy, run_tournament,
};
use leverage::report;
use leverage::results::VERSION;
use leverage::results::names;
use std::path::Path;

/// The arguments of `leverage tournament`: the scenario, the regime and Western strategies
/// played, and the batch flags shared with `run`.
#[derive(Debug, Args)]
pub struct TournamentArgs {
    /// Scenario file (TOML) or bundled name [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Regime strategies, comma-separated [default: all].
    #[arg(long, value_delimiter = ',')]
    pub regime: Vec<String>,
    /// Western strategies for the US and the EU together, comma-separated; a profile
    /// `us=NAME/eu=NAME` gives them different ones [default: all].
    #[arg(long, value_delimiter = ',')]
    pub west: Vec<String>,
    /// The flags every batch command shares: runs, seed, threads, out folder, quiet, no
    /// plots, `--force` and `--allow-large`.
    #[command(flatten)]
    pub batch: BatchArgs,
}

pub fn tournament_command(args: &TournamentArgs) -> Result<(), Failure> {
    let base = load_scenario(args.scenario.as_deref())?;
    let regimes = if args.regime.is_empty() {
        REGIME_STRATEGIES.iter().map(|(_, s)| *s).collect()
    } else {
        args.regime
            .iter()
            .map(|r| regime_strategy(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::usage(anyhow::anyhow!("--regime: {e}")))?
    };
    let wests = if args.west.is_empty() {
        WEST_STRATEGIES
            .iter()
            .map(|(_, s)| WestProfile { us: *s, eu: *s })
            .collect()
    } else {
        args.west
            .iter()
            .map(|w| WestProfile::parse(w))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| Failure::usage(anyhow::anyhow!("--west: {e}")))?
    };
    // A strategy listed twice would be a duplicate row or column of the meta-game, whose
    // equilibria then split the same strategy's weight between two names.
    if let Some(r) = regimes
        .iter()
        .enumerate()
        .find_map(|(i, r)| regimes[..i].contains(r).then_some(r))
    {
        let name = leverage::game::tournament::regime_name(*r);
        return Err(Failure::usage(anyhow::anyhow!(
            "--regime lists {name} twice: give each strategy once"
        )));
    }
    if let Some(w) = wests
        .iter()
        .enumerate()
        .find_map(|(i, w)| wests[..i].contains(w).then_some(w))
    {
        return Err(Failure::usage(anyhow::anyhow!(
            "--west lists {} twice (a name alone is us=NAME/eu=NAME): give each profile once",
            w.name()
        )));
    }
    let out_dir = args
        .batch
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("tournament-{}", base.name)));
    let cells = (regimes.len() * wests.len()) as u64;
    args.batch.check(
        &base,
        args.batch.runs,
        cells,
        false,
        &out_dir,
        &super::guard::Results::Tournament(base.name.clone()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    if !args.batch.quiet {
        note!(
            "leverage {VERSION}: tournament on {}, {} regime x {} Western strategies, {} runs \
             each, seed {}",
            base.name,
            regimes.len(),
            wests.len(),
            args.batch.runs,
            args.batch.seed
        );
    }
    let bar = progress_bar(args.batch.runs, args.batch.quiet);
    let progress = |done: u64| bar.set_position(done);
    let t = run_tournament(&base, &regimes, &wests, &args.batch.options(), &progress)
        .map_err(|e| Failure::from_library(e, "the tournament failed"))?;
    bar.finish_and_clear();
    let game = t
        .game()
        .map_err(|e| anyhow::anyhow!("the meta-game cannot be built: {e}"))?;

    let write = |name: &str, text: &str| -> Result<(), Failure> {
        leverage::results::write_atomic(&out.path().join(name), text.as_bytes())
            .with_context(|| format!("cannot write {}", out_dir.join(name).display()))?;
        Ok(())
    };
    write(names::PAYOFFS_CSV, &report::tournament::payoffs_csv(&t))?;
    write(
        names::META_GAME_NFG,
        &write_nfg_with_players(
            &game,
            &format!("leverage tournament on {}", base.name),
            ["Regime", "West"],
        ),
    )?;
    let analysis = game.analyse();
    let summary = report::tournament::summary_md(&base.name, args.batch.seed, &t, &analysis);
    write(names::TOURNAMENT_MD, &summary)?;
    write(
        names::TOURNAMENT_JSON,
        &report::tournament::tournament_json(&base, args.batch.seed, &t, &analysis),
    )?;
    let mut written: Vec<String> = [
        names::TOURNAMENT_JSON,
        names::PAYOFFS_CSV,
        names::META_GAME_NFG,
        names::TOURNAMENT_MD,
    ]
    .map(String::from)
    .into();
    if !args.batch.no_plots {
        let charts = leverage::plot::draw_tournament(out.path())
            .with_context(|| format!("cannot draw the charts of {}", out_dir.display()))?;
        written.extend(super::file_names(&charts));
    }
    super::commit(out, &out_dir)?;
    if !args.batch.quiet {
        super::output::print(&summary)?;
        note!(
            "wrote {} to {}",
            super::describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}
