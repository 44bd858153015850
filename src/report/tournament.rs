//! Exporters of a tournament: `tournament.json` (read back by `plot`), `payoffs.csv` and
//! the Markdown summary printed and saved as `tournament.md`. Each takes the finished
//! [`Tournament`] and its meta-game; nothing here simulates, prints or touches files.

use super::fmt;
use crate::game::equilibria::Analysis;
use crate::game::tournament::Tournament;
use crate::results::tournament::{Dominated, EquilibriumFile, TournamentCell};
use crate::results::{
    self, MetricSummary, Named, RUN_METRICS, ScenarioRef, TournamentFile, VERSION,
};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// Metrics written per cell to payoffs.csv and tournament.json.
const CELL_METRICS: [&str; 6] = [
    "regime_utility",
    "utility_us",
    "utility_eu",
    "released",
    "final_stock",
    "deals",
];

/// `payoffs.csv`: one row per pair of strategies and metric (`west_payoff`, then
/// `CELL_METRICS`): the mean over the cell's runs, its 95% CI and the runs per cell.
pub fn payoffs_csv(t: &Tournament) -> String {
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

/// The Markdown summary: the payoff table (both sides' mean payoffs per pair, with 95% CI
/// half-widths), the equilibria, best responses, dominated strategies and where
/// replicator dynamics end.
pub fn summary_md(name: &str, seed: u64, t: &Tournament, analysis: &Analysis) -> String {
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
    let eq = &analysis.equilibria;
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
        let br: Vec<&str> = analysis.row_best_responses[wi]
            .iter()
            .map(|r| t.regimes[*r].as_str())
            .collect();
        let _ = writeln!(out, "- the regime against {w}: {}", br.join(", "));
    }
    for (ri, r) in t.regimes.iter().enumerate() {
        let br: Vec<&str> = analysis.col_best_responses[ri]
            .iter()
            .map(|w| t.wests[*w].as_str())
            .collect();
        let _ = writeln!(out, "- the West against {r}: {}", br.join(", "));
    }
    let dominated_rows: Vec<&str> = analysis
        .dominated_rows
        .iter()
        .map(|r| t.regimes[*r].as_str())
        .collect();
    let dominated_cols: Vec<&str> = analysis
        .dominated_cols
        .iter()
        .map(|w| t.wests[*w].as_str())
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
    if let Some((row, col)) = &analysis.replicator_end {
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

/// `tournament.json`: provenance, every pair's payoffs and metrics, and the meta-game's
/// equilibria and dominated strategies.
pub fn tournament_json(base: &Scenario, seed: u64, t: &Tournament, analysis: &Analysis) -> String {
    let eq = &analysis.equilibria;
    let utility = RUN_METRICS
        .iter()
        .position(|x| *x == "regime_utility")
        .expect("a metric");
    let mut cells = Vec::with_capacity(t.regimes.len() * t.wests.len());
    for (ri, r) in t.regimes.iter().enumerate() {
        for (wi, w) in t.wests.iter().enumerate() {
            let mut metrics = Named::default();
            for m in CELL_METRICS {
                if let Some(i) = RUN_METRICS.iter().position(|x| *x == m) {
                    metrics.push(m, MetricSummary::from(&t.summaries[i][ri][wi]));
                }
            }
            cells.push(TournamentCell {
                regime: r.clone(),
                west: w.clone(),
                regime_payoff: Some(t.summaries[utility][ri][wi].mean),
                west_payoff: Some(t.west_payoff[ri][wi].mean),
                metrics,
            });
        }
    }
    let equilibria = eq
        .points
        .iter()
        .map(|e| EquilibriumFile {
            regime: e.row.clone(),
            west: e.col.clone(),
            regime_payoff: Some(e.payoff_row),
            west_payoff: Some(e.payoff_col),
        })
        .collect();
    results::pretty(&TournamentFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(base),
        seed,
        runs: t.runs,
        regime_strategies: t.regimes.clone(),
        west_profiles: t.wests.clone(),
        cells,
        equilibria,
        degenerate: eq.degenerate,
        continuum: eq.continuum,
        dominated: Dominated {
            regime: analysis
                .dominated_rows
                .iter()
                .map(|r| t.regimes[*r].clone())
                .collect(),
            west: analysis
                .dominated_cols
                .iter()
                .map(|w| t.wests[*w].clone())
                .collect(),
        },
    })
}
