//! Checks made before a command simulates anything: that its out folder does not hold
//! another scenario's results (unless `--force`), and that the batch will not exhaust
//! memory or run for hours (unless `--allow-large`).

use super::Failure;
use crate::scenario::Scenario;
use std::path::Path;

/// Whose results a folder holds, as told by the JSON file each command writes first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Results {
    /// `leverage run` of the scenario of this name (summary.json).
    Run(String),
    /// `leverage compare` of these scenarios, in order (comparison.json).
    Compare(Vec<String>),
    /// `leverage tournament` on this scenario (tournament.json).
    Tournament(String),
    /// `leverage sweep` of this scenario (sweep.json).
    Sweep(String),
    /// A shard of `leverage run --shard` of this scenario (shard.json).
    Shard(String),
    /// `leverage sensitivity` of this scenario (sensitivity.json).
    Sensitivity(String),
    /// `leverage calibrate` of this scenario (calibration.json).
    Calibration(String),
    /// `leverage backtest` of this scenario (backtest.json without calibration.json).
    Backtest(String),
}

impl Results {
    fn describe(&self) -> String {
        match self {
            Results::Run(name) => format!("`leverage run` of scenario {name:?}"),
            Results::Compare(names) => format!(
                "`leverage compare` of {}",
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Results::Tournament(name) => format!("`leverage tournament` on scenario {name:?}"),
            Results::Sweep(name) => format!("`leverage sweep` of scenario {name:?}"),
            Results::Shard(name) => format!("a shard of `leverage run` of scenario {name:?}"),
            Results::Sensitivity(name) => {
                format!("`leverage sensitivity` of scenario {name:?}")
            }
            Results::Calibration(name) => format!("`leverage calibrate` of scenario {name:?}"),
            Results::Backtest(name) => format!("`leverage backtest` of scenario {name:?}"),
        }
    }

    /// The results in `dir`, if it holds any; `Err` names a results file it cannot read.
    pub fn found_in(dir: &Path) -> Result<Option<Results>, String> {
        let read = |file: &str| -> Result<Option<serde_json::Value>, String> {
            let path = dir.join(file);
            if !path.is_file() {
                return Ok(None);
            }
            let text = crate::files::read_to_string(&path, &crate::files::RESULTS)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{} is not a results file of leverage: {e}", path.display()))
        };
        let name_of = |v: &serde_json::Value| v["scenario"]["name"].as_str().map(str::to_string);
        if let Some(v) = read("comparison.json")? {
            let names: Option<Vec<String>> = v["scenarios"].as_array().and_then(|list| {
                list.iter()
                    .map(|s| s["name"].as_str().map(str::to_string))
                    .collect()
            });
            return names.map(|n| Some(Results::Compare(n))).ok_or_else(|| {
                format!(
                    "{} names no scenarios",
                    dir.join("comparison.json").display()
                )
            });
        }
        if let Some(v) = read("tournament.json")? {
            return name_of(&v)
                .map(|n| Some(Results::Tournament(n)))
                .ok_or_else(|| {
                    format!(
                        "{} names no scenario",
                        dir.join("tournament.json").display()
                    )
                });
        }
        for (file, kind) in [
            ("sweep.json", Results::Sweep as fn(String) -> Results),
            ("shard.json", Results::Shard),
            ("sensitivity.json", Results::Sensitivity),
            // A calibration writes its posterior predictive as a backtest too.
            ("calibration.json", Results::Calibration),
            ("backtest.json", Results::Backtest),
        ] {
            if let Some(v) = read(file)? {
                return name_of(&v)
                    .map(|n| Some(kind(n)))
                    .ok_or_else(|| format!("{} names no scenario", dir.join(file).display()));
            }
        }
        if let Some(v) = read("summary.json")? {
            return name_of(&v).map(|n| Some(Results::Run(n))).ok_or_else(|| {
                format!("{} names no scenario", dir.join("summary.json").display())
            });
        }
        Ok(None)
    }
}

/// Refuses to replace another scenario's results in `dir` unless `force`. A scenario is
/// known by its `name`: an edited file of the same name replaces its earlier results.
pub fn check_out_folder(dir: &Path, new: &Results, force: bool) -> Result<(), Failure> {
    if force || !dir.is_dir() {
        return Ok(());
    }
    let found = match Results::found_in(dir) {
        Ok(None) => return check_foreign_folder(dir),
        Ok(Some(found)) if found == *new => return Ok(()),
        Ok(Some(found)) => found.describe(),
        Err(why) => format!("results that cannot be read ({why})"),
    };
    Err(Failure::usage(anyhow::anyhow!(
        "{} holds the results of {found}, not of {}: give another folder with -o, or pass \
         --force to replace them",
        dir.display(),
        new.describe()
    )))
}

/// Refuses a folder that is not empty and holds no results of `leverage` (no manifest
/// of the files it wrote, no results file): a user's folder, given by mistake with `-o`.
fn check_foreign_folder(dir: &Path) -> Result<(), Failure> {
    use crate::report::staging::MANIFEST;
    if dir.join(MANIFEST).exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::from(anyhow::anyhow!(
            "cannot read the out folder {}: {e}",
            dir.display()
        ))
    })?;
    let mut theirs = entries.flatten().filter(|e| {
        // A staging folder of a stopped command is the tool's, cleaned on this run.
        !e.file_name()
            .to_string_lossy()
            .starts_with(".leverage-stage-")
    });
    match theirs.next() {
        None => Ok(()),
        Some(first) => Err(Failure::usage(anyhow::anyhow!(
            "{} is not empty (it holds {}) and holds no results of leverage: give a new or \
             empty folder with -o, or pass --force to write beside its files (leverage never \
             replaces or removes a file it did not write)",
            dir.display(),
            first.file_name().to_string_lossy()
        ))),
    }
}

/// Seconds a run-month costs on one thread, whatever it does (release build, measured
/// with `leverage run -j 1 --no-plots` on the 2-core development machine under load: the
/// baseline at 6.3e-7 s a run-month, a scenario without arrests at 3.1e-7, one with 1e5
/// arrests a month at 2.5e-9 s an arrest). Rounded up: an estimate may be pessimistic.
const SECONDS_PER_RUN_MONTH: f64 = 5e-7;
/// ... and per new arrest (a Poisson share, a sentence from the lookup table, an admission).
const SECONDS_PER_ARREST: f64 = 3e-9;
/// ... and per month of remaining sentence tracked per class (the cohort arrays).
const SECONDS_PER_COHORT: f64 = 2e-10;

/// Longest batch that starts without `--allow-large`.
pub const MAX_SECONDS: f64 = 3600.0;
/// Most memory a batch may need without `--allow-large`.
pub const MAX_MEMORY_BYTES: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;
/// Largest runs.csv written without `--allow-large`.
pub const MAX_RUNS_CSV_BYTES: f64 = 20.0 * 1024.0 * 1024.0 * 1024.0;

/// What a batch will cost, before it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub seconds: f64,
    pub memory_bytes: f64,
    pub runs_csv_bytes: f64,
}

/// Bytes one accumulator holds after `n` values: at most [`crate::stats::MAX_EXACT`]
/// distinct ones kept, each a key and a count in a hash map (or a dense count).
fn accumulator_bytes(n: f64) -> f64 {
    const PER_VALUE: f64 = 32.0;
    256.0 + PER_VALUE * n.min(crate::stats::MAX_EXACT as f64)
}

/// Estimates a batch of `runs` runs of each of `simulations` scenario variants (1 for
/// `run`, the scenarios of `compare`, the cells of `tournament`) on `threads` threads.
pub fn estimate(
    scenario: &Scenario,
    runs: u64,
    simulations: u64,
    threads: usize,
    runs_csv: bool,
) -> Estimate {
    let p = &scenario.prisoners;
    let months = f64::from(scenario.horizon_months);
    let per_run_month = SECONDS_PER_RUN_MONTH
        + SECONDS_PER_ARREST * p.arrests_per_month
        + SECONDS_PER_COHORT * (p.classes.len() as f64) * f64::from(p.max_sentence_months);
    let total_runs = runs as f64 * simulations as f64;
    let seconds = total_runs * months * per_run_month / threads.max(1) as f64;
    // One collector per scenario over the whole batch, and one per chunk in flight.
    let accumulators = crate::engine::RUN_METRICS.len() as f64 + 4.0 * months;
    let window = 4.0 * threads.max(1) as f64;
    let chunk = crate::engine::batch::CHUNK_RUNS as f64;
    let memory_bytes = simulations as f64 * accumulators * accumulator_bytes(runs as f64)
        + window * simulations as f64 * accumulators * accumulator_bytes(chunk)
        + 64.0 * 1024.0 * 1024.0;
    // A row of runs.csv: about 30 numbers of up to 12 characters.
    let runs_csv_bytes = if runs_csv { total_runs * 300.0 } else { 0.0 };
    Estimate {
        seconds,
        memory_bytes,
        runs_csv_bytes,
    }
}

fn human_time(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7200.0 {
        format!("{:.0} minutes", seconds / 60.0)
    } else if seconds < 3.0 * 86400.0 {
        format!("{:.1} hours", seconds / 3600.0)
    } else {
        format!("{:.0} days", seconds / 86400.0)
    }
}

fn human_bytes(bytes: f64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    if bytes >= GIB {
        format!("{:.1} GiB", bytes / GIB)
    } else {
        format!("{:.0} MiB", bytes / (1024.0 * 1024.0))
    }
}

/// Refuses a batch over the limits unless `allow_large`, saying what it would cost.
pub fn check_batch(e: &Estimate, threads: usize, allow_large: bool) -> Result<(), Failure> {
    let mut over = Vec::new();
    if e.seconds > MAX_SECONDS {
        over.push(format!(
            "run for about {} on {threads} threads (the limit is {})",
            human_time(e.seconds),
            human_time(MAX_SECONDS)
        ));
    }
    if e.memory_bytes > MAX_MEMORY_BYTES {
        over.push(format!(
            "need about {} of memory (the limit is {}; fewer threads need less: -j N, or \
             RAYON_NUM_THREADS=N for trace, which has no -j)",
            human_bytes(e.memory_bytes),
            human_bytes(MAX_MEMORY_BYTES)
        ));
    }
    if e.runs_csv_bytes > MAX_RUNS_CSV_BYTES {
        over.push(format!(
            "write a runs.csv of about {} (the limit is {}; --no-runs-csv writes none)",
            human_bytes(e.runs_csv_bytes),
            human_bytes(MAX_RUNS_CSV_BYTES)
        ));
    }
    if over.is_empty() || allow_large {
        return Ok(());
    }
    Err(Failure::usage(anyhow::anyhow!(
        "this batch would {}: use fewer runs (-n), a shorter horizon, or pass --allow-large to \
         start it anyway",
        over.join(", and ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Scenario {
        Scenario::bundled("baseline").unwrap()
    }

    #[test]
    fn the_default_batch_is_well_within_the_limits() {
        let e = estimate(&baseline(), 10_000, 1, 2, true);
        assert!(e.seconds > 0.1 && e.seconds < 60.0, "{e:?}");
        assert!(e.memory_bytes < 512.0 * 1024.0 * 1024.0, "{e:?}");
        assert!(check_batch(&e, 2, false).is_ok());
    }

    #[test]
    fn time_grows_with_runs_months_and_scenarios_and_falls_with_threads() {
        let s = baseline();
        let one = estimate(&s, 1000, 1, 1, false).seconds;
        assert!((estimate(&s, 2000, 1, 1, false).seconds / one - 2.0).abs() < 1e-9);
        assert!((estimate(&s, 1000, 3, 1, false).seconds / one - 3.0).abs() < 1e-9);
        assert!((estimate(&s, 1000, 1, 4, false).seconds / one - 0.25).abs() < 1e-9);
        let mut long = s.clone();
        long.horizon_months *= 2;
        assert!((estimate(&long, 1000, 1, 1, false).seconds / one - 2.0).abs() < 1e-9);
        let mut busy = s.clone();
        busy.prisoners.arrests_per_month = 1e6;
        assert!(estimate(&busy, 1000, 1, 1, false).seconds > 1000.0 * one);
    }

    #[test]
    fn over_a_limit_is_refused_with_the_estimate_and_the_override() {
        let e = Estimate {
            seconds: 5.0 * 3600.0,
            memory_bytes: 8.0 * 1024.0 * 1024.0 * 1024.0,
            runs_csv_bytes: 30.0 * 1024.0 * 1024.0 * 1024.0,
        };
        let f = check_batch(&e, 8, false).unwrap_err();
        assert_eq!(f.code, 2);
        let m = f.error.to_string();
        for part in [
            "about 5.0 hours on 8 threads",
            "about 8.0 GiB of memory",
            "runs.csv of about 30.0 GiB",
            "--allow-large",
        ] {
            assert!(m.contains(part), "{part:?} in {m}");
        }
        assert!(check_batch(&e, 8, true).is_ok(), "--allow-large starts it");
    }

    #[test]
    fn each_limit_alone_is_enough_to_refuse() {
        let ok = Estimate {
            seconds: 1.0,
            memory_bytes: 1.0,
            runs_csv_bytes: 1.0,
        };
        assert!(check_batch(&ok, 1, false).is_ok());
        for e in [
            Estimate {
                seconds: MAX_SECONDS * 1.01,
                ..ok
            },
            Estimate {
                memory_bytes: MAX_MEMORY_BYTES * 1.01,
                ..ok
            },
            Estimate {
                runs_csv_bytes: MAX_RUNS_CSV_BYTES * 1.01,
                ..ok
            },
        ] {
            assert!(check_batch(&e, 1, false).is_err(), "{e:?}");
        }
    }

    #[test]
    fn results_are_told_apart_by_command_and_scenario_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(Results::found_in(d), Ok(None));
        let run = Results::Run("a".into());
        assert!(check_out_folder(d, &run, false).is_ok(), "an empty folder");
        std::fs::create_dir(d.join(".leverage-stage-dead.tmp")).unwrap();
        assert!(
            check_out_folder(d, &run, false).is_ok(),
            "a stopped command's staging folder alone"
        );
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        let m = check_out_folder(d, &run, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(
            m.contains("is not empty") && m.contains("--force"),
            "a folder of other files: {m}"
        );
        assert!(check_out_folder(d, &run, true).is_ok(), "--force");
        std::fs::write(d.join(crate::report::staging::MANIFEST), "{}").unwrap();
        assert!(
            check_out_folder(d, &run, false).is_ok(),
            "a folder with a manifest is the tool's"
        );
        std::fs::remove_file(d.join(crate::report::staging::MANIFEST)).unwrap();
        std::fs::write(d.join("summary.json"), r#"{"scenario": {"name": "a"}}"#).unwrap();
        assert_eq!(Results::found_in(d), Ok(Some(run.clone())));
        assert!(check_out_folder(d, &run, false).is_ok());
        let other = Results::Run("b".into());
        let m = check_out_folder(d, &other, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(
            m.contains("scenario \"a\", not of `leverage run` of scenario \"b\""),
            "{m}"
        );
        assert!(check_out_folder(d, &other, true).is_ok(), "--force");
        std::fs::write(d.join("summary.json"), "{half").unwrap();
        let m = check_out_folder(d, &run, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(m.contains("cannot be read") && m.contains("--force"), "{m}");
        std::fs::write(
            d.join("comparison.json"),
            r#"{"scenarios": [{"name": "a"}, {"name": "b"}]}"#,
        )
        .unwrap();
        assert_eq!(
            Results::found_in(d),
            Ok(Some(Results::Compare(vec!["a".into(), "b".into()])))
        );
        assert!(check_out_folder(d, &run, false).is_err());
    }
}
