//! End-to-end tests of `leverage trace`: the story of one run, pinned by snapshots, and
//! its agreement with the batch (`runs.csv`) it comes from. Every batch is small.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A year of quid-pro-quo deals with a transactional US that sometimes withholds relief,
/// EU sanctions-first pressure, touchy hardliners, a scheduled repression wave, an
/// election and a holiday pardon: every kind of line a trace prints but counter-offers.
/// The bargaining values are written out, so that a change of a default does not move
/// the snapshots.
const DEMO: &str = r#"
name = "trace-demo"
description = "A year of quid-pro-quo deals with a transactional US"

[time]
start = "2024-07"
horizon_months = 12

[prisoners]
arrests_per_month = 40.0
death_hazard_per_month = 0.0005
max_sentence_months = 120
target_stock = 900
initial_remaining = { kind = "lognormal", median = 12.0, sigma = 0.8 }
sentence = { kind = "lognormal", median = 20.0, sigma = 0.8 }

[[prisoners.classes]]
name = "ordinary"
initial_count = 980
arrest_share = 0.98

[[prisoners.classes]]
name = "prominent"
initial_count = 20
arrest_share = 0.02
value_to_west = 10.0
value_to_regime = 10.0

[releases]
selection = "shortest-remaining"
mode = "deportation"
refusal_probability = 0.05

[regime]
strategy = "quid-pro-quo"
holiday_pardons = 15
reservation_price = 0.05

[regime.quid-pro-quo]
offer_size = 40
max_deal_size = 120

[regime.hardliners]
discontent_per_release = 1.0
decay_per_month = 0.8
threshold = 70.0
block_months = 2
crackdown_arrests = 60.0

[us]
strategy = "transactional"
valuation = 0.3
withhold_probability = 0.2

[eu]
strategy = "sanctions-first"
valuation = 0.3

[eu.sanctions-first]
package_interval_months = 4
arrest_trigger = 45
delay_months = 1

[lithuania]
valuation = 0.3

[poland]
valuation = 0.3

[bargaining]
channel_probability_per_month = 0.5
ceasefire_channel_multiplier = 2.0
regime_discount_per_round = 0.95
west_discount_per_round = 0.95
renege_window_months = 3
renege_arrest_tolerance = 0.25

[russia.patron]
cushion_share = 0.4
cushion_share_after_ceasefire = 0.2
derail_probability_per_month = 0.1

[events]
ceasefire_hazard_per_month = 0.05
elections = ["2025-01"]
holiday_months = [9]

[events.repression_waves]
probability_per_month = 0.0
size = { kind = "lognormal", median = 150.0, sigma = 0.6 }
duration_months = 3
scheduled = ["2024-11"]

[[measures]]
name = "us-belaruskali"
actor = "us"
sector = "potash"
justification = "repression"
cost_per_month = 40.0
imposed = "2021-08"

[[measures]]
name = "us-sovereign-debt"
actor = "us"
sector = "finance"
justification = "repression"
cost_per_month = 15.0
imposed = "2021-12"

[[measures]]
name = "us-belavia"
actor = "us"
sector = "aviation"
justification = "repression"
cost_per_month = 5.0
imposed = "2023-08"

[[measures]]
name = "us-listings-1"
actor = "us"
sector = "individuals"
justification = "repression"
cost_per_month = 3.0
imposed = "2022-01"

[[measures]]
name = "us-listings-2"
actor = "us"
sector = "individuals"
justification = "repression"
cost_per_month = 4.0
imposed = "2022-02"

[[measures]]
name = "us-listings-3"
actor = "us"
sector = "individuals"
justification = "repression"
cost_per_month = 6.0
imposed = "2022-03"

[[measures]]
name = "us-listings-4"
actor = "us"
sector = "individuals"
justification = "repression"
cost_per_month = 8.0
imposed = "2022-04"

[[measures]]
name = "eu-sectoral-2021"
actor = "eu"
sector = "potash"
justification = "repression"
cost_per_month = 80.0
imposed = "2021-06"

[[measures]]
name = "eu-war-2022"
actor = "eu"
sector = "trade"
justification = "war"
cost_per_month = 150.0
imposed = "2022-03"

[[measures]]
name = "eu-repression-package-1"
actor = "eu"
sector = "finance"
justification = "repression"
cost_per_month = 15.0
status = "reserve"

[[measures]]
name = "eu-repression-package-2"
actor = "eu"
sector = "industry"
justification = "repression"
cost_per_month = 10.0
status = "reserve"
"#;

/// The seed of the pinned traces: a run with deals, withheld relief, broken deals,
/// credibility changes, a hardliner veto, refusals and a ceasefire.
const DEMO_SEED: &str = "1";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn exec<I, S>(args: I) -> Finished
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(args)
        .output()
        .expect("the binary runs");
    Finished {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn assert_exit(f: &Finished, code: i32) {
    assert!(
        !f.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        f.stderr
    );
    assert_eq!(
        f.code,
        Some(code),
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        f.stdout,
        f.stderr
    );
}

/// Runs `leverage ARGS`, which must succeed, and returns its stdout.
fn ok(args: &[&str]) -> String {
    let f = exec(args);
    assert_exit(&f, 0);
    f.stdout
}

/// The demo scenario written into a temporary folder.
fn demo() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("trace-demo.toml");
    std::fs::write(&path, DEMO).unwrap();
    (dir, path)
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// `runs.csv` of `leverage run SCENARIO --seed SEED -n RUNS`: header and rows.
fn runs_csv(
    dir: &Path,
    scenario: &Path,
    seed: &str,
    runs: &str,
) -> (Vec<String>, Vec<Vec<String>>) {
    let out = dir.join("out");
    ok(&[
        "run",
        scenario.to_str().unwrap(),
        "--seed",
        seed,
        "-n",
        runs,
        "--quiet",
        "-o",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(out.join("runs.csv")).expect("runs.csv written");
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// A `runs.csv` cell against a JSON total: equal numbers (the CSV has 6 decimals), or an
/// empty cell for null.
fn assert_cell_matches(column: &str, cell: &str, total: &Value) {
    if cell.is_empty() {
        assert!(
            total.is_null(),
            "{column}: runs.csv is empty, trace has {total}"
        );
        return;
    }
    let csv: f64 = cell.parse().unwrap();
    let trace = total
        .as_f64()
        .unwrap_or_else(|| panic!("{column}: trace has {total}, runs.csv {cell}"));
    assert!(
        (csv - trace).abs() <= 1e-6 * csv.abs().max(1.0),
        "{column}: runs.csv {cell}, trace {trace}"
    );
}

/// The run at the nearest-rank `percent` of `column` in runs.csv (empty cells last, ties
/// to the smaller run index), computed independently of the binary.
fn nearest_rank_run(header: &[String], rows: &[Vec<String>], column: &str, percent: u64) -> usize {
    let c = header.iter().position(|h| h == column).unwrap();
    let mut order: Vec<(f64, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r[c].parse().unwrap_or(f64::INFINITY), i))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let n = rows.len() as u64;
    let rank = (percent * n).div_ceil(100).max(1);
    order[(rank - 1) as usize].1
}

// ---------------------------------------------------------------------------------------
// The story, pinned
// ---------------------------------------------------------------------------------------

#[test]
fn text_trace_of_a_small_scenario_is_pinned() {
    let (_dir, path) = demo();
    let text = ok(&["trace", path.to_str().unwrap(), "--seed", DEMO_SEED]);
    insta::assert_snapshot!("demo_text", text);
}

#[test]
fn json_trace_of_a_small_scenario_is_pinned() {
    let (_dir, path) = demo();
    let v = json(&ok(&[
        "trace",
        path.to_str().unwrap(),
        "--seed",
        DEMO_SEED,
        "--format",
        "json",
    ]));
    insta::assert_json_snapshot!("demo_json", v);
}

#[test]
fn text_and_json_tell_the_same_run() {
    let (_dir, path) = demo();
    let p = path.to_str().unwrap();
    let text = ok(&["trace", p, "--seed", DEMO_SEED, "--run", "4"]);
    let v = json(&ok(&[
        "trace", p, "--seed", DEMO_SEED, "--run", "4", "--format", "json",
    ]));
    assert_eq!(v["scenario"], "trace-demo");
    assert_eq!(v["seed"], 1);
    assert_eq!(v["run"], 4);
    assert!(v["picked_by"].is_null());
    assert!(
        text.starts_with("Scenario trace-demo, seed 1, run 4\n"),
        "{text}"
    );
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    for (m, month) in months.iter().enumerate() {
        assert_eq!(month["month"], m);
        let calendar = month["calendar"].as_str().unwrap();
        let stock = month["stock"].as_u64().unwrap();
        let line = format!("\n{calendar}  stock {}", with_separators(stock));
        assert!(text.contains(&line), "a stock line {line:?} in:\n{text}");
        for e in month["events"].as_array().unwrap() {
            assert!(e["kind"].is_string(), "every event has a kind: {e}");
            let said = format!("\n  {}\n", e["text"].as_str().unwrap());
            assert!(text.contains(&said), "the text says {said:?}");
        }
    }
    let last = months.last().unwrap();
    assert_eq!(last["stock"], v["totals"]["final_stock"]);
}

fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Agreement with the batch
// ---------------------------------------------------------------------------------------

#[test]
fn run_k_totals_equal_row_k_of_runs_csv() {
    let (dir, path) = demo();
    let p = path.to_str().unwrap();
    let (header, rows) = runs_csv(dir.path(), &path, "5", "300");
    for k in [0usize, 7, 255, 256, 299] {
        let v = json(&ok(&[
            "trace",
            p,
            "--seed",
            "5",
            "--run",
            &k.to_string(),
            "--format",
            "json",
        ]));
        assert_eq!(v["run"], k);
        let totals = v["totals"].as_object().unwrap();
        let mut shared = 0;
        for (c, column) in header.iter().enumerate() {
            if column == "run" {
                assert_eq!(rows[k][c], k.to_string());
                continue;
            }
            let total = totals
                .get(column)
                .unwrap_or_else(|| panic!("the trace's totals lack the column {column}"));
            assert_cell_matches(column, &rows[k][c], total);
            shared += 1;
        }
        assert_eq!(
            shared,
            header.len() - 1,
            "every column of runs.csv is a total"
        );
    }
}

#[test]
fn pick_median_by_final_stock_tells_the_batch_median_run() {
    let (dir, path) = demo();
    let (header, rows) = runs_csv(dir.path(), &path, "3", "200");
    let expected = nearest_rank_run(&header, &rows, "final_stock", 50);
    let fs = header.iter().position(|h| h == "final_stock").unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "trace",
        p,
        "--seed",
        "3",
        "-n",
        "200",
        "--pick",
        "median",
        "--by",
        "final_stock",
    ];
    let v = json(&ok(&[&args[..], &["--format", "json"]].concat()));
    let run = v["run"].as_u64().unwrap() as usize;
    assert_eq!(
        run, expected,
        "the median run by nearest rank, ties to the smaller index"
    );
    assert_eq!(
        rows[run][fs],
        v["totals"]["final_stock"].to_string(),
        "the story's final stock is the batch's"
    );
    let picked = &v["picked_by"];
    assert_eq!(picked["percentile"], "median");
    assert_eq!(picked["metric"], "final_stock");
    assert_eq!(picked["runs"], 200);
    assert_eq!(picked["rank"], 100);
    assert_eq!(picked["value"].to_string(), rows[run][fs]);

    let text = ok(&args);
    assert!(
        text.starts_with(&format!("Scenario trace-demo, seed 3, run {run}\n")),
        "{text}"
    );
    assert!(
        text.contains("Picked as the median run of 200 runs by final_stock (rank 100): "),
        "{text}"
    );
}

#[test]
fn pick_p10_and_p90_agree_with_runs_csv() {
    let (dir, path) = demo();
    let (header, rows) = runs_csv(dir.path(), &path, "9", "150");
    let p = path.to_str().unwrap();
    for (pick, percent, metric) in [
        ("p10", 10, "released"),
        ("p90", 90, "sanctions_cost"),
        ("p05", 5, "deals"),
        // Runs without a deal rank last.
        ("p95", 95, "months_to_first_deal"),
    ] {
        let expected = nearest_rank_run(&header, &rows, metric, percent);
        let v = json(&ok(&[
            "trace", p, "--seed", "9", "-n", "150", "--pick", pick, "--by", metric, "--format",
            "json",
        ]));
        assert_eq!(v["run"], expected, "{pick} by {metric}");
        let c = header.iter().position(|h| h == metric).unwrap();
        assert_cell_matches(metric, &rows[expected][c], &v["totals"][metric]);
        assert_cell_matches(metric, &rows[expected][c], &v["picked_by"]["value"]);
    }
}

// ---------------------------------------------------------------------------------------
// Usage errors and the default scenario
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_by_metric_is_a_usage_error_naming_the_allowed_metrics() {
    let f = exec(["trace", "--pick", "median", "--by", "final_stok"]);
    assert_exit(&f, 2);
    for name in [
        "final_stock",
        "utility_poland",
        "months_to_target",
        "months_to_first_deal",
    ] {
        assert!(
            f.stderr.contains(name),
            "stderr names {name}:\n{}",
            f.stderr
        );
    }
    assert!(f.stdout.is_empty());
}

#[test]
fn run_and_pick_together_is_a_usage_error() {
    let f = exec([
        "trace",
        "--run",
        "3",
        "--pick",
        "median",
        "--by",
        "final_stock",
    ]);
    assert_exit(&f, 2);
    assert!(
        f.stderr.contains("--run") && f.stderr.contains("--pick"),
        "{}",
        f.stderr
    );
}

#[test]
fn pick_and_by_need_each_other_and_pick_takes_median_or_pnn() {
    for args in [
        &["trace", "--pick", "median"][..],
        &["trace", "--by", "final_stock"],
        &["trace", "-n", "50"],
        &["trace", "--pick", "p100", "--by", "deals"],
        &["trace", "--pick", "mean", "--by", "deals"],
        &["trace", "--format", "html"],
        &["trace", "no-such-scenario"],
    ] {
        assert_exit(&exec(args), 2);
    }
}

#[test]
fn default_trace_tells_run_0_of_the_baseline_as_json() {
    let v = json(&ok(&["trace", "--format", "json"]));
    assert_eq!(v["scenario"], "baseline");
    assert_eq!(v["run"], 0);
    assert_eq!(v["seed"], 20_240_701);
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 60);
    assert_eq!(months[0]["calendar"], "2024-07");
    for key in [
        "month",
        "calendar",
        "stock",
        "arrests",
        "released",
        "completions",
        "deaths",
        "sanctions_cost",
        "relief",
        "events",
    ] {
        assert!(months[0].get(key).is_some(), "months have {key}");
    }
    let totals = v["totals"].as_object().unwrap();
    assert!(totals.contains_key("months_to_target"));
    assert!(totals.contains_key("months_to_first_deal"));
    assert_eq!(totals["final_stock"], months[59]["stock"]);
}
