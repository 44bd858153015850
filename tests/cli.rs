//! End-to-end tests of the `leverage` binary: what it writes, what it prints, and how it
//! fails. Every out folder is a temporary directory; every batch is small.

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The per-run metrics, in `runs.csv` order.
const RUN_METRICS: [&str; 14] = [
    "initial_stock",
    "new_arrests",
    "released",
    "deported",
    "refused_deportation",
    "sentence_completions",
    "deaths_in_custody",
    "final_stock",
    "prisoner_years_forgiven",
    "relief_granted",
    "sanctions_cost",
    "packages_imposed",
    "measures_lifted",
    "repression_waves",
];

const SUMMARY_FIELDS: [&str; 10] = [
    "mean", "sd", "ci95", "min", "p05", "p25", "p50", "p75", "p95", "max",
];

const MONTHLY_HEADER: &str = "month,calendar,series,mean,p05,p25,p50,p75,p95";
const MONTHLY_SERIES: [&str; 4] = ["stock", "released", "arrests", "sanctions_cost"];

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn leverage() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled_text(name: &str) -> String {
    std::fs::read_to_string(
        manifest_dir()
            .join("scenarios")
            .join(format!("{name}.toml")),
    )
    .expect("bundled scenario readable")
}

struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `leverage ARGS` and captures everything, whatever the exit code.
fn exec<I, S>(args: I) -> Finished
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    exec_in(None, args)
}

fn exec_in<I, S>(cwd: Option<&Path>, args: I) -> Finished
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = leverage();
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let out = cmd.output().expect("the binary runs");
    Finished {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn assert_no_panic(f: &Finished) {
    assert!(
        !f.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        f.stderr
    );
}

fn assert_ok(f: &Finished) {
    assert_no_panic(f);
    assert_eq!(
        f.code,
        Some(0),
        "expected exit 0\nstdout:\n{}\nstderr:\n{}",
        f.stdout,
        f.stderr
    );
}

fn assert_exit(f: &Finished, code: i32) {
    assert_no_panic(f);
    assert_eq!(
        f.code,
        Some(code),
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        f.stdout,
        f.stderr
    );
}

/// `leverage run ARGS -o OUT`, which must succeed.
fn run_into(out: &Path, args: &[&str]) -> Finished {
    let mut all: Vec<String> = vec!["run".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.push("-o".into());
    all.push(out.display().to_string());
    let f = exec(&all);
    assert_ok(&f);
    f
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn summary(out: &Path) -> Value {
    serde_json::from_str(&read(&out.join("summary.json"))).expect("summary.json is valid JSON")
}

/// A CSV without quoting (all of leverage's outputs): header and rows.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Csv {
        let text = read(path);
        assert!(
            text.ends_with('\n'),
            "{} ends with a newline",
            path.display()
        );
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .expect("a header line")
            .split(',')
            .map(String::from)
            .collect();
        let rows: Vec<Vec<String>> = lines
            .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
            .collect();
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                r.len(),
                header.len(),
                "row {i} of {} has {} fields, the header {}",
                path.display(),
                r.len(),
                header.len()
            );
        }
        Csv { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.header))
    }

    fn num(&self, row: usize, name: &str) -> f64 {
        let s = &self.rows[row][self.col(name)];
        s.parse()
            .unwrap_or_else(|_| panic!("row {row} column {name}: {s:?} is not a number"))
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `.leverage-*.tmp` files anywhere under `dir`.
fn leftover_temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if name.starts_with(".leverage-") && name.ends_with(".tmp") {
                found.push(p);
            }
        }
    }
    found
}

/// The `LINE:COL` that follows `PATH:` in `text`, if any (`PATH:LINE:COL:`).
fn line_col_after(text: &str, path: &str) -> Option<(usize, usize)> {
    let prefix = format!("{path}:");
    let mut rest = text;
    while let Some(i) = rest.find(&prefix) {
        let after = &rest[i + prefix.len()..];
        let mut parts = after.splitn(3, ':');
        let line = parts.next().and_then(|s| s.parse::<usize>().ok());
        let col = parts.next().and_then(|s| s.parse::<usize>().ok());
        if let (Some(l), Some(c), Some(_)) = (line, col, parts.next()) {
            return Some((l, c));
        }
        rest = after;
    }
    None
}

/// The calendar month `m` months after `year`-`month`, as `YYYY-MM`.
fn calendar_from(year: i32, month: u32, m: u32) -> String {
    let total = year * 12 + (month as i32 - 1) + m as i32;
    format!("{:04}-{:02}", total / 12, total % 12 + 1)
}

fn write_scenario(dir: &Path, file: &str, text: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(&p, text).expect("write scenario");
    p
}

/// A bad scenario file: `validate` and `run` both exit 2, name the file, the key and the
/// line, do not panic, and `run` creates no out folder.
fn assert_rejected(file: &str, text: &str, key: &str, line: usize, also: &[&str]) -> String {
    let dir = TempDir::new().unwrap();
    let path = write_scenario(dir.path(), file, text);
    let shown = path.display().to_string();

    let v = exec(["validate", shown.as_str()]);
    assert_exit(&v, 2);
    assert!(
        v.stderr.contains(&shown),
        "validate: stderr names the file {shown}:\n{}",
        v.stderr
    );
    assert!(
        v.stderr.contains(key),
        "validate: stderr names the key `{key}`:\n{}",
        v.stderr
    );
    let lc = line_col_after(&v.stderr, &shown);
    assert!(
        lc.is_some(),
        "validate: stderr has {shown}:LINE:COL:\n{}",
        v.stderr
    );
    assert_eq!(
        lc.unwrap().0,
        line,
        "validate: the error is on line {line}:\n{}",
        v.stderr
    );
    for s in also {
        assert!(
            v.stderr.contains(s),
            "validate: stderr mentions {s:?}:\n{}",
            v.stderr
        );
    }
    assert!(
        !v.stdout.contains("ok"),
        "validate: an invalid file is not ok:\n{}",
        v.stdout
    );

    let out = dir.path().join("out");
    let r = exec([
        "run",
        shown.as_str(),
        "-n",
        "10",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&r, 2);
    assert!(
        r.stderr.contains(&shown) && r.stderr.contains(key),
        "run: stderr names the file and the key `{key}`:\n{}",
        r.stderr
    );
    assert!(
        line_col_after(&r.stderr, &shown).is_some(),
        "run: stderr has {shown}:LINE:COL:\n{}",
        r.stderr
    );
    assert!(!out.exists(), "run: no out folder for an invalid scenario");
    v.stderr
}

// ---------------------------------------------------------------------------------------
// run: outputs
// ---------------------------------------------------------------------------------------

#[test]
fn run_without_scenario_uses_embedded_baseline_and_writes_summary_runs_and_monthly() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let f = run_into(&out, &["-n", "500", "--seed", "7"]);
    for name in ["summary.json", "runs.csv", "monthly.csv"] {
        assert!(out.join(name).is_file(), "{name} written");
    }
    assert!(
        leftover_temp_files(dir.path()).is_empty(),
        "no temporary files left"
    );

    let s = summary(&out);
    assert_eq!(s["leverage_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(s["scenario"]["name"], "baseline");
    let path = s["scenario"]["path"].as_str().expect("scenario.path");
    assert!(path.ends_with("baseline.toml"), "path {path}");
    assert_eq!(
        s["scenario"]["sha256"],
        sha256_hex(bundled_text("baseline").as_bytes()),
        "sha256 is that of scenarios/baseline.toml"
    );
    assert_eq!(s["seed"], 7);
    assert_eq!(s["runs"], 500);
    assert_eq!(s["start"], "2024-07");
    assert_eq!(s["horizon_months"], 60);

    // The stdout table: a title line and one row per metric.
    assert!(
        f.stdout
            .starts_with("baseline: 500 runs, seed 7, 60 months from 2024-07"),
        "title line:\n{}",
        f.stdout
    );
    for m in RUN_METRICS.iter().chain(["months_to_target"].iter()) {
        assert!(
            f.stdout.lines().any(|l| l.starts_with(m)),
            "stdout table has a row for {m}:\n{}",
            f.stdout
        );
    }
}

#[test]
fn summary_has_every_metric_with_ordered_statistics() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    run_into(&out, &["-n", "400", "--quiet"]);
    let s = summary(&out);
    let runs = Csv::read(&out.join("runs.csv"));

    let metrics = s["metrics"].as_object().expect("metrics is an object");
    let names: BTreeSet<&str> = metrics.keys().map(String::as_str).collect();
    // Every runs.csv column but `run` (and the ceasefire month, an event date rather than
    // an outcome) is summarised, plus months_to_target.
    let mut expected: BTreeSet<&str> = runs
        .header
        .iter()
        .map(String::as_str)
        .filter(|h| *h != "run" && *h != "ceasefire_month")
        .collect();
    expected.insert("months_to_target");
    for m in RUN_METRICS {
        expected.insert(m);
    }
    assert_eq!(names, expected, "the metrics of summary.json");

    for (name, v) in metrics {
        // Optional metrics are null when no run has them.
        if (name == "months_to_target" || name == "months_to_first_deal") && v.is_null() {
            continue;
        }
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{name} is an object"));
        for k in SUMMARY_FIELDS {
            assert!(obj.contains_key(k), "{name} has {k}");
        }
        let n = |k: &str| {
            obj[k]
                .as_f64()
                .unwrap_or_else(|| panic!("{name}.{k} is a number"))
        };
        let ci = obj["ci95"].as_array().expect("ci95 is an array");
        assert_eq!(ci.len(), 2, "{name}.ci95 has two numbers");
        let (lo, hi) = (
            ci[0].as_f64().expect("ci95[0]"),
            ci[1].as_f64().expect("ci95[1]"),
        );
        assert!(n("sd") >= 0.0, "{name}.sd >= 0");
        assert!(
            lo <= n("mean") + 1e-9 && n("mean") <= hi + 1e-9,
            "{name}: ci95 holds the mean"
        );
        let q = ["min", "p05", "p25", "p50", "p75", "p95", "max"].map(n);
        assert!(
            q.windows(2).all(|w| w[0] <= w[1] + 1e-9),
            "{name}: min <= p05 <= ... <= max: {q:?}"
        );
        assert!(
            q[0] <= n("mean") + 1e-9 && n("mean") <= q[6] + 1e-9,
            "{name}: min <= mean <= max"
        );
    }
    let mtt = &metrics["months_to_target"];
    assert!(mtt.is_null() || mtt.is_object(), "months_to_target: {mtt}");
}

#[test]
fn summary_agrees_with_runs_csv() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    run_into(&out, &["-n", "600", "--quiet", "--seed", "11"]);
    let s = summary(&out);
    let runs = Csv::read(&out.join("runs.csv"));
    for m in [
        "new_arrests",
        "final_stock",
        "deaths_in_custody",
        "released",
    ] {
        let vals: Vec<f64> = (0..runs.rows.len()).map(|r| runs.num(r, m)).collect();
        let mean = vals.iter().sum::<f64>() / vals.len() as f64;
        let min = vals.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let sm = &s["metrics"][m];
        let tol = 1e-6 * mean.abs().max(1.0);
        assert!(
            (sm["mean"].as_f64().unwrap() - mean).abs() <= tol,
            "{m}: summary mean {} vs runs.csv mean {mean}",
            sm["mean"]
        );
        assert_eq!(sm["min"].as_f64().unwrap(), min, "{m}: min");
        assert_eq!(sm["max"].as_f64().unwrap(), max, "{m}: max");
    }
}

#[test]
fn runs_csv_has_one_row_per_run_in_order_and_balances_the_stock() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let n = 700;
    run_into(&out, &["-n", &n.to_string(), "--quiet"]);
    let runs = Csv::read(&out.join("runs.csv"));
    assert_eq!(runs.header[0], "run");
    for m in RUN_METRICS.iter().chain(["months_to_target"].iter()) {
        runs.col(m);
    }
    assert_eq!(runs.rows.len(), n, "one row per run");
    for (i, row) in runs.rows.iter().enumerate() {
        assert_eq!(row[0], i.to_string(), "rows are in run order");
        let lhs = runs.num(i, "initial_stock") + runs.num(i, "new_arrests");
        let rhs = runs.num(i, "final_stock")
            + runs.num(i, "released")
            + runs.num(i, "sentence_completions")
            + runs.num(i, "deaths_in_custody");
        assert_eq!(
            lhs, rhs,
            "run {i}: initial_stock + new_arrests == final_stock + released + \
             sentence_completions + deaths_in_custody"
        );
    }
}

#[test]
fn monthly_csv_has_four_series_per_month_from_the_scenario_start() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    run_into(&out, &["-n", "300", "--quiet"]);
    let text = read(&out.join("monthly.csv"));
    assert_eq!(text.lines().next(), Some(MONTHLY_HEADER));
    let csv = Csv::read(&out.join("monthly.csv"));
    let horizon = 60;
    assert_eq!(csv.rows.len(), horizon * 4, "horizon x 4 rows");
    for (i, row) in csv.rows.iter().enumerate() {
        let m = (i / 4) as u32;
        assert_eq!(row[0], m.to_string(), "row {i}: month");
        assert_eq!(row[1], calendar_from(2024, 7, m), "row {i}: calendar");
        assert_eq!(row[2], MONTHLY_SERIES[i % 4], "row {i}: series");
        let q: Vec<f64> = (4..9).map(|c| row[c].parse::<f64>().unwrap()).collect();
        assert!(
            q.windows(2).all(|w| w[0] <= w[1]),
            "row {i}: p05 <= p25 <= p50 <= p75 <= p95: {row:?}"
        );
        row[3].parse::<f64>().expect("mean is a number");
    }
    assert_eq!(csv.rows[0][1], "2024-07");
    assert_eq!(
        csv.rows[6 * 4][1],
        "2025-01",
        "the calendar crosses the year"
    );
}

#[test]
fn monthly_calendar_follows_a_scenario_file_start_and_horizon() {
    let dir = TempDir::new().unwrap();
    let text = bundled_text("bench-core")
        .replace("start = \"2024-07\"", "start = \"2023-11\"")
        .replace("horizon_months = 60", "horizon_months = 3");
    let path = write_scenario(dir.path(), "short.toml", &text);
    let out = dir.path().join("out");
    run_into(&out, &[path.to_str().unwrap(), "-n", "200", "--quiet"]);
    let csv = Csv::read(&out.join("monthly.csv"));
    assert_eq!(csv.rows.len(), 12);
    let calendars: Vec<&str> = csv.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        calendars,
        [
            "2023-11", "2023-11", "2023-11", "2023-11", "2023-12", "2023-12", "2023-12", "2023-12",
            "2024-01", "2024-01", "2024-01", "2024-01"
        ]
    );
    let s = summary(&out);
    assert_eq!(s["start"], "2023-11");
    assert_eq!(s["horizon_months"], 3);
    assert_eq!(s["scenario"]["path"], path.display().to_string());
    assert_eq!(s["scenario"]["sha256"], sha256_hex(text.as_bytes()));
}

#[test]
fn months_to_target_is_summarised_when_runs_reach_the_target() {
    let dir = TempDir::new().unwrap();
    // No arrests and a release of 28 in month 0: the stock falls below 1,395 at once.
    let text = bundled_text("bench-core")
        .replace("arrests_per_month = 50.0", "arrests_per_month = 0.0")
        .replace("target_stock = 1000", "target_stock = 1395");
    let path = write_scenario(dir.path(), "reach.toml", &text);
    let out = dir.path().join("out");
    run_into(&out, &[path.to_str().unwrap(), "-n", "300", "--quiet"]);
    let s = summary(&out);
    let mtt = &s["metrics"]["months_to_target"];
    assert!(mtt.is_object(), "months_to_target summarised: {mtt}");
    assert!(mtt["min"].as_f64().unwrap() >= 0.0);
    assert!(mtt["max"].as_f64().unwrap() <= 60.0);
    assert_eq!(s["share_never_reached_target"], 0.0);
    let runs = Csv::read(&out.join("runs.csv"));
    let c = runs.col("months_to_target");
    assert!(
        runs.rows.iter().all(|r| !r[c].is_empty()),
        "every run reached the target"
    );
}

// ---------------------------------------------------------------------------------------
// run: reproducibility
// ---------------------------------------------------------------------------------------

#[test]
fn same_seed_same_outputs_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let outs: Vec<PathBuf> = ["1", "2", "4"]
        .iter()
        .map(|j| {
            let out = dir.path().join(format!("j{j}"));
            run_into(&out, &["-n", "1000", "--seed", "99", "-j", j, "--quiet"]);
            out
        })
        .collect();
    for name in ["summary.json", "runs.csv", "monthly.csv"] {
        let first = read_bytes(&outs[0].join(name));
        for o in &outs[1..] {
            assert!(
                first == read_bytes(&o.join(name)),
                "{name} differs between -j 1 and {}",
                o.display()
            );
        }
    }
}

#[test]
fn same_seed_same_outputs_on_a_second_run() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    run_into(&a, &["-n", "800", "--seed", "5", "--quiet"]);
    run_into(&b, &["-n", "800", "--seed", "5", "--quiet"]);
    for name in ["summary.json", "runs.csv", "monthly.csv"] {
        assert!(
            read_bytes(&a.join(name)) == read_bytes(&b.join(name)),
            "{name} differs between two runs with the same seed"
        );
    }
}

#[test]
fn rerunning_into_the_same_folder_replaces_the_outputs() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    run_into(&out, &["-n", "300", "--seed", "1", "--quiet"]);
    run_into(&out, &["-n", "200", "--seed", "2", "--quiet"]);
    assert_eq!(summary(&out)["runs"], 200);
    assert_eq!(summary(&out)["seed"], 2);
    assert_eq!(Csv::read(&out.join("runs.csv")).rows.len(), 200);
    assert!(leftover_temp_files(dir.path()).is_empty());
}

#[test]
fn different_seeds_give_different_runs() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    run_into(&a, &["-n", "300", "--seed", "1", "--quiet"]);
    run_into(&b, &["-n", "300", "--seed", "2", "--quiet"]);
    assert!(
        read_bytes(&a.join("runs.csv")) != read_bytes(&b.join("runs.csv")),
        "runs.csv is the same for seeds 1 and 2"
    );
    assert_eq!(summary(&a)["seed"], 1);
    assert_eq!(summary(&b)["seed"], 2);
}

// ---------------------------------------------------------------------------------------
// run: options
// ---------------------------------------------------------------------------------------

#[test]
fn no_runs_csv_writes_no_runs_csv_and_the_same_summary() {
    let dir = TempDir::new().unwrap();
    let with = dir.path().join("with");
    let without = dir.path().join("without");
    run_into(&with, &["-n", "400", "--quiet"]);
    run_into(&without, &["-n", "400", "--quiet", "--no-runs-csv"]);
    assert!(!without.join("runs.csv").exists(), "no runs.csv");
    assert!(without.join("summary.json").is_file());
    assert!(without.join("monthly.csv").is_file());
    for name in ["summary.json", "monthly.csv"] {
        assert!(
            read_bytes(&with.join(name)) == read_bytes(&without.join(name)),
            "{name} does not depend on --no-runs-csv"
        );
    }
    assert!(leftover_temp_files(dir.path()).is_empty());
}

#[test]
fn quiet_prints_nothing() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let f = run_into(&out, &["-n", "300", "--quiet"]);
    assert_eq!(f.stdout, "", "--quiet prints nothing on stdout");
    assert_eq!(f.stderr, "", "--quiet prints nothing on stderr either");
    assert!(out.join("summary.json").is_file());
}

#[test]
fn bundled_scenario_runs_by_name() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let f = run_into(&out, &["bench-core", "-n", "500"]);
    let s = summary(&out);
    assert_eq!(s["scenario"]["name"], "bench-core");
    assert!(
        s["scenario"]["path"]
            .as_str()
            .unwrap()
            .ends_with("bench-core.toml")
    );
    assert_eq!(
        s["scenario"]["sha256"],
        sha256_hex(bundled_text("bench-core").as_bytes())
    );
    assert_eq!(s["runs"], 500);
    assert_eq!(s["metrics"]["initial_stock"]["mean"], 1400.0);
    assert!(f.stdout.starts_with("bench-core: 500 runs"), "{}", f.stdout);
    assert_eq!(Csv::read(&out.join("runs.csv")).rows.len(), 500);
}

#[test]
fn default_out_folder_is_results_slash_scenario_name_in_the_working_folder() {
    let dir = TempDir::new().unwrap();
    let f = exec_in(Some(dir.path()), ["run", "-n", "200", "--quiet"]);
    assert_ok(&f);
    let out = dir.path().join("results").join("baseline");
    for name in ["summary.json", "runs.csv", "monthly.csv"] {
        assert!(out.join(name).is_file(), "results/baseline/{name}");
    }
}

#[test]
fn zero_runs_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let f = exec(["run", "-n", "0", "-o", out.to_str().unwrap()]);
    assert_exit(&f, 2);
    assert!(!f.stderr.is_empty());
    assert!(!out.exists(), "nothing written");
}

#[test]
fn zero_threads_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let f = exec(["run", "-n", "10", "-j", "0", "-o", out.to_str().unwrap()]);
    assert_exit(&f, 2);
    assert!(!f.stderr.is_empty());
    assert!(!out.exists(), "nothing written");
}

// ---------------------------------------------------------------------------------------
// run: runtime failures
// ---------------------------------------------------------------------------------------

#[test]
fn out_folder_inside_a_file_fails_with_exit_1_and_leaves_no_temporary_files() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("sub");
    let shown = out.display().to_string();
    let f = exec(["run", "-n", "200", "-o", shown.as_str()]);
    assert_exit(&f, 1);
    assert!(
        f.stderr.contains(&shown),
        "stderr names the out folder {shown}:\n{}",
        f.stderr
    );
    assert!(
        leftover_temp_files(dir.path()).is_empty(),
        "temporary files left: {:?}",
        leftover_temp_files(dir.path())
    );
    assert_eq!(read(&file), "not a folder", "the file is untouched");
}

#[test]
fn output_name_taken_by_a_folder_is_refused_with_exit_2_and_leaves_no_temporary_files() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("summary.json")).unwrap();
    // Even forced past "not empty": the folder is not the tool's to replace.
    let f = exec(["run", "-n", "300", "--force", "-o", out.to_str().unwrap()]);
    assert_exit(&f, 2);
    assert!(out.join("summary.json").is_dir());
    assert!(
        f.stderr.contains("summary.json"),
        "stderr names the file it could not write:\n{}",
        f.stderr
    );
    assert!(
        leftover_temp_files(dir.path()).is_empty(),
        "temporary files left: {:?}",
        leftover_temp_files(dir.path())
    );
}

// ---------------------------------------------------------------------------------------
// validate and list
// ---------------------------------------------------------------------------------------

#[test]
fn validate_accepts_every_bundled_scenario_file() {
    let dir = manifest_dir().join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "scenarios/ has the bundled files");
    for file in &files {
        let f = exec([std::ffi::OsStr::new("validate"), file.as_os_str()]);
        assert_ok(&f);
        assert!(
            f.stdout.contains("ok") && f.stdout.contains(&file.display().to_string()),
            "validate {}:\n{}",
            file.display(),
            f.stdout
        );
    }
    // All at once: one ok line each.
    let mut args = vec![std::ffi::OsString::from("validate")];
    args.extend(files.iter().map(|p| p.as_os_str().to_owned()));
    let f = exec(&args);
    assert_ok(&f);
    assert_eq!(
        f.stdout.lines().filter(|l| l.starts_with("ok")).count(),
        files.len()
    );
}

#[test]
fn list_prints_strategies_and_bundled_scenarios() {
    let f = exec(["list"]);
    assert_ok(&f);
    let words: BTreeSet<&str> = f.stdout.split_whitespace().collect();
    for name in [
        "hold",
        "signal",
        "release-first",
        "sanctions-first",
        "patron",
        "baseline",
        "bench-core",
    ] {
        assert!(words.contains(name), "list names {name}:\n{}", f.stdout);
    }
}

// ---------------------------------------------------------------------------------------
// Bad scenarios: exit 2, file + key + LINE:COL on stderr, no panic
// ---------------------------------------------------------------------------------------

#[test]
fn malformed_toml_is_rejected_with_file_key_and_position() {
    assert_rejected(
        "malformed.toml",
        "name = \"x\"\n[prisoners\n",
        "prisoners",
        2,
        &[],
    );
}

#[test]
fn unknown_key_is_rejected_naming_its_path() {
    assert_rejected(
        "unknown.toml",
        "name = \"x\"\n[prisoners]\nfoo = 1\n",
        "prisoners.foo",
        3,
        &[],
    );
}

#[test]
fn negative_arrest_rate_is_rejected() {
    assert_rejected(
        "negative.toml",
        "name = \"x\"\n[prisoners]\narrests_per_month = -3\n",
        "prisoners.arrests_per_month",
        3,
        &["must be"],
    );
}

#[test]
fn probability_above_one_is_rejected() {
    assert_rejected(
        "probability.toml",
        "name = \"x\"\n[releases]\nrefusal_probability = 1.5\n",
        "releases.refusal_probability",
        3,
        &["must be"],
    );
}

#[test]
fn zero_horizon_is_rejected() {
    assert_rejected(
        "horizon.toml",
        "name = \"x\"\n[time]\nhorizon_months = 0\n",
        "time.horizon_months",
        3,
        &["must be"],
    );
}

#[test]
fn unknown_strategy_is_rejected_listing_the_known_ones() {
    assert_rejected(
        "strategy.toml",
        "name = \"x\"\n[regime]\nstrategy = \"nope\"\n",
        "regime.strategy",
        3,
        &["nope", "hold", "signal"],
    );
}

#[test]
fn empty_empirical_table_is_rejected() {
    assert_rejected(
        "empirical.toml",
        "name = \"x\"\n[prisoners]\nsentence = { kind = \"empirical\", values = [], weights = [] }\n",
        "prisoners.sentence",
        3,
        &[],
    );
}

#[test]
fn missing_scenario_file_is_a_usage_error_naming_it() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.toml");
    let shown = missing.display().to_string();

    let v = exec(["validate", shown.as_str()]);
    assert_exit(&v, 2);
    assert!(
        v.stderr.contains(&shown),
        "validate names {shown}:\n{}",
        v.stderr
    );

    let out = dir.path().join("out");
    let r = exec(["run", shown.as_str(), "-o", out.to_str().unwrap()]);
    assert_exit(&r, 2);
    assert!(
        r.stderr.contains(&shown),
        "run names {shown}:\n{}",
        r.stderr
    );
    assert!(!out.exists());
}

#[test]
fn validate_reports_every_problem_of_a_file_at_once() {
    let dir = TempDir::new().unwrap();
    let text = "name = \"x\"\n\
                [time]\nhorizon_months = 0\n\
                [prisoners]\narrests_per_month = -3\n\
                [releases]\nrefusal_probability = 1.5\n";
    let path = write_scenario(dir.path(), "several.toml", text);
    let shown = path.display().to_string();
    let f = exec(["validate", shown.as_str()]);
    assert_exit(&f, 2);
    for (key, line) in [
        ("time.horizon_months", 3),
        ("prisoners.arrests_per_month", 5),
        ("releases.refusal_probability", 7),
    ] {
        let l = f
            .stderr
            .lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("stderr names {key}:\n{}", f.stderr));
        assert_eq!(
            line_col_after(l, &shown).map(|(l, _)| l),
            Some(line),
            "{key} on line {line}: {l}"
        );
    }
}

#[test]
fn validate_checks_every_file_and_fails_if_any_is_invalid() {
    let dir = TempDir::new().unwrap();
    let good = manifest_dir().join("scenarios").join("bench-core.toml");
    let bad = write_scenario(
        dir.path(),
        "bad.toml",
        "name = \"x\"\n[time]\nhorizon_months = 0\n",
    );
    let f = exec([
        std::ffi::OsStr::new("validate"),
        bad.as_os_str(),
        good.as_os_str(),
    ]);
    assert_exit(&f, 2);
    assert!(
        f.stdout.contains("ok") && f.stdout.contains(&good.display().to_string()),
        "the good file after the bad one is still checked:\n{}",
        f.stdout
    );
    assert!(f.stderr.contains(&bad.display().to_string()));
}

/// `leverage compare ARGS -o OUT`, which must succeed.
fn compare_into(out: &Path, args: &[&str]) -> Finished {
    let mut all: Vec<String> = vec!["compare".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.push("-o".into());
    all.push(out.display().to_string());
    let f = exec(&all);
    assert_ok(&f);
    f
}

#[test]
fn compare_writes_a_paired_comparison_identical_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let names = ["pressure-works", "pressure-works-sanctions-first"];
    let f = compare_into(
        &a,
        &[names[0], names[1], "-n", "300", "-j", "1", "--no-plots"],
    );
    compare_into(
        &b,
        &[names[0], names[1], "-n", "300", "-j", "2", "--no-plots"],
    );
    assert!(f.stdout.contains("better in"), "{}", f.stdout);
    for file in ["comparison.json", "comparison.md"] {
        assert_eq!(
            read_bytes(&a.join(file)),
            read_bytes(&b.join(file)),
            "{file}"
        );
    }
    for name in names {
        for file in ["summary.json", "monthly.csv", "runs.csv", "histograms.json"] {
            assert!(a.join(name).join(file).is_file(), "{name}/{file}");
        }
    }
    let json: Value = serde_json::from_str(&read(&a.join("comparison.json"))).unwrap();
    assert_eq!(json["reference"], names[0]);
    let released = &json["metrics"]["released"];
    assert_eq!(released["better"], "higher");
    let d = &released["differences"][0];
    assert_eq!(d["name"], names[1]);
    // The paired difference is the difference of the means.
    let mean = |k: usize| {
        released["scenarios"][k]["summary"]["mean"]
            .as_f64()
            .unwrap()
    };
    assert!((d["mean"].as_f64().unwrap() - (mean(1) - mean(0))).abs() < 1e-6);
}

#[test]
fn compare_refuses_two_scenarios_of_one_name() {
    let dir = TempDir::new().unwrap();
    let f = exec([
        "compare",
        "baseline",
        "baseline",
        "-n",
        "10",
        "-o",
        &dir.path().join("x").display().to_string(),
    ]);
    assert_exit(&f, 2);
    assert!(f.stderr.contains("distinct"), "{}", f.stderr);
}

#[test]
fn run_draws_charts_and_a_report_unless_told_not_to() {
    let dir = TempDir::new().unwrap();
    let (with, without) = (dir.path().join("with"), dir.path().join("without"));
    run_into(&with, &["-n", "200", "--quiet"]);
    run_into(&without, &["-n", "200", "--quiet", "--no-plots"]);
    for file in [
        "stock_fan.png",
        "stock_fan.svg",
        "arrests_releases.svg",
        "report.html",
    ] {
        assert!(with.join(file).is_file(), "{file}");
        assert!(!without.join(file).exists(), "{file} with --no-plots");
    }
    assert!(without.join("histograms.json").is_file());
    assert!(without.join("scenario.toml").is_file());
}

#[test]
fn plot_and_report_redraw_from_saved_results_without_simulating() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    run_into(&out, &["-n", "200", "--quiet", "--no-plots"]);
    let summary_before = read_bytes(&out.join("summary.json"));
    assert_ok(&exec(["plot", &out.display().to_string()]));
    assert!(out.join("stock_fan.png").is_file());
    assert_ok(&exec(["report", &out.display().to_string()]));
    let html = read(&out.join("report.html"));
    assert!(html.contains("<svg"), "charts inline");
    assert_eq!(read_bytes(&out.join("summary.json")), summary_before);
    let missing = exec(["plot", &dir.path().join("nothing").display().to_string()]);
    assert_exit(&missing, 2);
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let f = exec(["report", &empty.display().to_string()]);
    assert_exit(&f, 2);
    assert!(f.stderr.contains("summary.json"), "{}", f.stderr);
}
