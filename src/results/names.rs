//! The names of the files in an out folder, each in one place: the writer and every
//! reader (`plot`, `report::html`, `merge`, the out-folder guard) use these constants.

/// A batch: provenance and every metric's summary.
pub const SUMMARY_JSON: &str = "summary.json";
/// A batch: one row per run.
pub const RUNS_CSV: &str = "runs.csv";
/// A batch: each series' mean and quantiles per month.
pub const MONTHLY_CSV: &str = "monthly.csv";
/// A batch: the main metrics' distributions, binned.
pub const HISTOGRAMS_JSON: &str = "histograms.json";
/// The scenario file as read, beside the results it made.
pub const SCENARIO_TOML: &str = "scenario.toml";
/// The HTML report of a batch or a comparison.
pub const REPORT_HTML: &str = "report.html";
/// A comparison: provenance, summaries and paired differences.
pub const COMPARISON_JSON: &str = "comparison.json";
/// A comparison: the headline table in Markdown.
pub const COMPARISON_MD: &str = "comparison.md";
/// A tournament: every pair's summaries and the meta-game's equilibria.
pub const TOURNAMENT_JSON: &str = "tournament.json";
/// A tournament: one row per pair of strategies.
pub const PAYOFFS_CSV: &str = "payoffs.csv";
/// A tournament: the meta-game for Gambit.
pub const META_GAME_NFG: &str = "meta-game.nfg";
/// A tournament: the summary in Markdown.
pub const TOURNAMENT_MD: &str = "tournament.md";
/// A sweep: every cell's summaries.
pub const SWEEP_JSON: &str = "sweep.json";
/// A sweep: one row per cell and metric.
pub const SWEEP_CSV: &str = "sweep.csv";
/// A sweep: the table in Markdown.
pub const SWEEP_MD: &str = "sweep.md";
/// A shard of a batch, for `merge`.
pub const SHARD_JSON: &str = "shard.json";
/// A sensitivity analysis: one-at-a-time effects and Sobol indices.
pub const SENSITIVITY_JSON: &str = "sensitivity.json";
/// A sensitivity analysis: the summary in Markdown.
pub const SENSITIVITY_MD: &str = "sensitivity.md";
/// A sensitivity analysis: the one-at-a-time effects.
pub const OAT_CSV: &str = "oat.csv";
/// A sensitivity analysis: the Sobol indices.
pub const SOBOL_CSV: &str = "sobol.csv";
/// A backtest: the model's bands against the record.
pub const BACKTEST_JSON: &str = "backtest.json";
/// A backtest: one row per month and series.
pub const BACKTEST_CSV: &str = "backtest.csv";
/// A calibration: the scenario with the posterior's medians.
pub const CALIBRATED_TOML: &str = "calibrated.toml";
/// A calibration: the method, the posterior's summaries and the bands.
pub const CALIBRATION_JSON: &str = "calibration.json";
/// A calibration: the accepted draws.
pub const POSTERIOR_CSV: &str = "posterior.csv";

/// Every file the commands write by these names (charts aside).
pub const OUTPUT_FILES: &[&str] = &[
    SUMMARY_JSON,
    RUNS_CSV,
    MONTHLY_CSV,
    HISTOGRAMS_JSON,
    SCENARIO_TOML,
    REPORT_HTML,
    COMPARISON_JSON,
    COMPARISON_MD,
    TOURNAMENT_JSON,
    PAYOFFS_CSV,
    META_GAME_NFG,
    TOURNAMENT_MD,
    SWEEP_JSON,
    SWEEP_CSV,
    SWEEP_MD,
    SHARD_JSON,
    SENSITIVITY_JSON,
    SENSITIVITY_MD,
    OAT_CSV,
    SOBOL_CSV,
    BACKTEST_JSON,
    BACKTEST_CSV,
    CALIBRATED_TOML,
    CALIBRATION_JSON,
    POSTERIOR_CSV,
];

/// The stem of the fan chart of a batch's stock (`.png` and `.svg`).
pub const STOCK_FAN: &str = "stock_fan";
/// The stem of the chart of a batch's monthly arrests and releases.
pub const ARRESTS_RELEASES: &str = "arrests_releases";
/// The stem of a comparison's chart of every scenario's stock.
pub const COMPARE_STOCK: &str = "compare_stock";

/// The SVG file of the chart with this stem.
pub fn svg(stem: &str) -> String {
    format!("{stem}.svg")
}

/// The PNG file of the chart with this stem.
pub fn png(stem: &str) -> String {
    format!("{stem}.png")
}
