//! `leverage tournament`: every regime strategy against every Western strategy, and the
//! meta-game of their mean payoffs.

use super::{BatchArgs, Failure, load_scenario, progress_bar};
use crate::game::equilibria::Game;
use crate::game::nfg::write_nfg_with_players;
use crate::game::tournament::{
    REGIME_STRATEGIES, Tournament, WEST_STRATEGIES, WestProfile, regime_strategy, run_tournament,
};
use crate::note;
use crate::report::fmt;
use crate::results::RUN_METRICS;
use crate::results::VERSION;
use crate::results::names;
use anyhow::Context as _;
use clap::Args;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

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
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Metrics written per cell to payoffs.csv and tournament.json.
const CELL_METRICS: [&str; 6] = [
    "regime_utility",
    "utility_us",
    "utility_eu",
    "released",
    "final_stock",
    "deals",
];

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
        let name = crate::game::tournament::regime_name(*r);
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
        .context("the tournament failed")??;
    bar.finish_and_clear();
    let game = t
        .game()
        .map_err(|e| anyhow::anyhow!("the meta-game cannot be built: {e}"))?;

    let write = |name: &str, text: &str| -> Result<(), Failure> {
        crate::results::write_atomic(&out.path().join(name), text.as_bytes())
            .with_context(|| format!("cannot write {}", out_dir.join(name).display()))?;
        Ok(())
    };
    write(names::PAYOFFS_CSV, &payoffs_csv(&t))?;
    write(
        names::META_GAME_NFG,
        &write_nfg_with_players(
            &game,
            &format!("leverage tournament on {}", base.name),
            ["Regime", "West"],
        ),
    )?;
    let summary = summary_md(&base.name, args.batch.seed, &t, &game);
    write(names::TOURNAMENT_MD, &summary)?;
    write(
        names::TOURNAMENT_JSON,
        &tournament_json(&base, args.batch.seed, &t, &game),
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
        let charts = crate::plot::draw_tournament(out.path())
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

fn payoffs_csv(t: &Tournament) -> String {
    let mut out = String::from("regime,west,metric,mean,ci_low,ci_high,runs\n");
    let mut row = |r: &str, w: &str, m: &str, s: &crate::stats::Summary| {
        let _ = writeln!(
            out,
            "{r},{w},{m},{},{},{},{}",
            s.mean, s.ci95[0], s.ci95[1], t.runs
        );
    };
    for (ri, r) in t.regimes.iter().enumerate() {
        for (wi, w) in t.wests.iter().enumerate() {
            row(r, w, "west_payoff", &t.west_payoff[ri][wi]);
            for m in CELL_METRICS {
                if let Some(cells) = t.metric(m) {
                    row(r, w, m, &cells[ri][wi]);
                }
            }
        }
    }
    out
}

fn profile_text(names: &[String], p: &[f64]) -> String {
    let parts: Vec<String> = names
        .iter()
        .zip(p)
        .filter(|(_, x)| **x > 1e-9)
        .map(|(n, x)| {
            if (*x - 1.0).abs() < 1e-9 {
                n.clone()
            } else {
                format!("{n} {:.0}%", 100.0 * x)
            }
        })
        .collect();
    parts.join(" + ")
}

fn summary_md(name: &str, seed: u64, t: &Tournament, game: &Game) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Tournament on {name}\n");
    let _ = writeln!(
        out,
        "{} runs per cell on common random numbers (seed {seed}), leverage {VERSION}. Rows: \
         the regime's strategy, payoff `regime_utility`; columns: the US's and the EU's \
         strategy, payoff `utility_us + utility_eu` (discounted USD-million equivalents). \
         Each cell: regime payoff, West payoff (95% CI half-widths in brackets).\n",
        t.runs
    );
    let _ = write!(out, "| regime \\ West |");
    for w in &t.wests {
        let _ = write!(out, " {w} |");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "|{}", " --- |".repeat(t.wests.len() + 1));
    let regime = t.metric("regime_utility").expect("a run metric");
    for (ri, r) in t.regimes.iter().enumerate() {
        let _ = write!(out, "| {r} |");
        for (a, b) in regime[ri].iter().zip(&t.west_payoff[ri]) {
            let _ = write!(
                out,
                " {} (±{}), {} (±{}) |",
                fmt(a.mean),
                fmt((a.ci95[1] - a.ci95[0]) / 2.0),
                fmt(b.mean),
                fmt((b.ci95[1] - b.ci95[0]) / 2.0)
            );
        }
        let _ = writeln!(out);
    }
    let eq = game.support_enumeration();
    let _ = writeln!(out, "\n## Nash equilibria of the meta-game\n");
    if eq.points.is_empty() {
        let _ = writeln!(out, "None found.");
    }
    for e in &eq.points {
        let _ = writeln!(
            out,
            "- regime: {}; West: {} (payoffs {}, {})",
            profile_text(&t.regimes, &e.row),
            profile_text(&t.wests, &e.col),
            fmt(e.payoff_row),
            fmt(e.payoff_col)
        );
    }
    if eq.degenerate {
        let _ = writeln!(
            out,
            "\nThe game is degenerate (ties in the payoffs){}: the equilibria listed are \
             extreme points; mixtures between them may also be equilibria.",
            if eq.continuum {
                ", with a continuum of equilibria"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(out, "\n## Best responses\n");
    for (wi, w) in t.wests.iter().enumerate() {
        let br: Vec<&str> = game
            .best_responses_row(wi)
            .into_iter()
            .map(|r| t.regimes[r].as_str())
            .collect();
        let _ = writeln!(out, "- the regime against {w}: {}", br.join(", "));
    }
    for (ri, r) in t.regimes.iter().enumerate() {
        let br: Vec<&str> = game
            .best_responses_col(ri)
            .into_iter()
            .map(|w| t.wests[w].as_str())
            .collect();
        let _ = writeln!(out, "- the West against {r}: {}", br.join(", "));
    }
    let dominated_rows: Vec<&str> = game
        .strictly_dominated_rows()
        .into_iter()
        .map(|r| t.regimes[r].as_str())
        .collect();
    let dominated_cols: Vec<&str> = game
        .strictly_dominated_cols()
        .into_iter()
        .map(|w| t.wests[w].as_str())
        .collect();
    let list = |v: &[&str]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "\nStrictly dominated (by a pure strategy): regime {}; West {}.",
        list(&dominated_rows),
        list(&dominated_cols)
    );
    let path = game.replicator(2000, 0.05);
    if let Some((row, col)) = path.last() {
        let _ = writeln!(
            out,
            "\nReplicator dynamics from a uniform start (payoffs rescaled per population, 2,000 \
             steps) end near: regime {}; West {}.",
            profile_text(&t.regimes, row),
            profile_text(&t.wests, col)
        );
    }
    out
}

fn tournament_json(
    base: &crate::scenario::Scenario,
    seed: u64,
    t: &Tournament,
    game: &Game,
) -> String {
    let eq = game.support_enumeration();
    let cells: Vec<serde_json::Value> = t
        .regimes
        .iter()
        .enumerate()
        .flat_map(|(ri, r)| {
            t.wests.iter().enumerate().map(move |(wi, w)| {
                let mut metrics = serde_json::Map::new();
                for m in CELL_METRICS {
                    if let Some(i) = RUN_METRICS.iter().position(|x| *x == m) {
                        metrics.insert(
                            m.to_string(),
                            serde_json::to_value(t.summaries[i][ri][wi]).expect("serialises"),
                        );
                    }
                }
                json!({
                    "regime": r,
                    "west": w,
                    "regime_payoff": t.summaries[RUN_METRICS.iter().position(|x| *x == "regime_utility").expect("a metric")][ri][wi].mean,
                    "west_payoff": t.west_payoff[ri][wi].mean,
                    "metrics": metrics,
                })
            })
        })
        .collect();
    let equilibria: Vec<serde_json::Value> = eq
        .points
        .iter()
        .map(|e| {
            json!({
                "regime": e.row,
                "west": e.col,
                "regime_payoff": e.payoff_row,
                "west_payoff": e.payoff_col,
            })
        })
        .collect();
    let doc = json!({
        "leverage_version": VERSION,
        "scenario": { "name": base.name, "path": base.source.path, "sha256": base.source.sha256 },
        "seed": seed,
        "runs": t.runs,
        "regime_strategies": t.regimes,
        "west_profiles": t.wests,
        "cells": cells,
        "equilibria": equilibria,
        "degenerate": eq.degenerate,
        "continuum": eq.continuum,
        "dominated": {
            "regime": game.strictly_dominated_rows().into_iter().map(|r| t.regimes[r].clone()).collect::<Vec<_>>(),
            "west": game.strictly_dominated_cols().into_iter().map(|w| t.wests[w].clone()).collect::<Vec<_>>(),
        },
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("serialises");
    text.push('\n');
    text
}
