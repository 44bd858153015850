//! How the binary protects results: an interrupted run leaves the previous complete
//! results or none, never half of them; a run does not replace another scenario's results
//! without `--force`; a batch too large to finish is refused before it starts.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("leverage"))
}

fn leverage() -> Command {
    Command::new(bin())
}

struct Finished {
    code: Option<i32>,
    stderr: String,
}

fn exec(args: &[&str]) -> Finished {
    let o = leverage().args(args).output().unwrap();
    let f = Finished {
        code: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(!f.stderr.contains("panicked"), "panicked:\n{}", f.stderr);
    f
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir`, with its bytes, in order.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// `f` was refused as too large, before `root/huge` was made, and nothing is left over.
fn refused_before_starting(f: &Finished, root: &Path) {
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("--allow-large"), "{}", f.stderr);
    assert!(!root.join("huge").exists());
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

/// Entries left by leverage anywhere under `dir`: hidden folders or temporary files.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            // The manifest of the files leverage wrote is a result, not a leftover.
            if name.contains(".leverage-") && name != ".leverage-manifest.json" {
                found.push(p.clone());
            }
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    found
}

/// Starts `leverage ARGS`, waits until it is writing its hidden out folder under `root`
/// (so that it has got past its checks) and a little longer, sends `signal`, and returns
/// its exit code and stderr.
fn interrupt(root: &Path, args: &[&str], signal: &str) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while leftovers(root).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the run never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was interrupted"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it was interrupted: make it longer"
    );
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A run of the baseline long enough to be interrupted (tens of seconds).
const LONG: &[&str] = &[
    "run",
    "-n",
    "2000000",
    "-j",
    "1",
    "--no-plots",
    "--quiet",
    "--allow-large",
];

#[test]
fn sigterm_during_a_first_run_leaves_no_out_folder_and_no_temporary_files() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let mut args = LONG.to_vec();
    args.extend(["-o", s(&out)]);
    let (code, stderr) = interrupt(root.path(), &args, "-TERM");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no out folder");
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
}

#[test]
fn ctrl_c_during_a_rerun_leaves_the_previous_results_byte_for_byte() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let f = exec(&["run", "-n", "200", "--quiet", "-o", s(&out)]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&out);
    assert!(before.iter().any(|(p, _)| p == Path::new("runs.csv")));
    assert!(before.iter().any(|(p, _)| p == Path::new("stock_fan.png")));

    let mut args = LONG.to_vec();
    args.extend(["-o", s(&out)]);
    let (code, stderr) = interrupt(root.path(), &args, "-INT");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("keeps its previous results"), "{stderr}");
    assert!(snapshot(&out) == before, "the previous results changed");
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
}

#[test]
fn sigterm_during_a_compare_leaves_no_out_folder() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("cmp");
    let args = [
        "compare",
        "baseline",
        "release-first",
        "-n",
        "1000000",
        "-j",
        "1",
        "--quiet",
        "--no-plots",
        "--allow-large",
        "-o",
        s(&out),
    ];
    let (code, stderr) = interrupt(root.path(), &args, "-TERM");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(!out.exists());
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
}

#[test]
fn a_rerun_keeps_files_it_did_not_write_and_drops_outputs_it_no_longer_writes() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    assert_eq!(
        exec(&["run", "-n", "100", "--quiet", "-o", s(&out)]).code,
        Some(0)
    );
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    assert!(out.join("runs.csv").is_file() && out.join("report.html").is_file());
    let f = exec(&[
        "run",
        "-n",
        "100",
        "--quiet",
        "--no-runs-csv",
        "--no-plots",
        "-o",
        s(&out),
    ]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out.join("runs.csv").exists(), "a stale runs.csv is gone");
    assert!(!out.join("report.html").exists(), "a stale report is gone");
    assert!(!out.join("stock_fan.png").exists(), "stale charts are gone");
    assert!(out.join("summary.json").is_file());
    assert!(leftovers(root.path()).is_empty());
}

#[test]
fn a_run_refuses_to_replace_another_scenarios_results_unless_forced() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    assert_eq!(
        exec(&[
            "run",
            "baseline",
            "-n",
            "50",
            "--quiet",
            "--no-plots",
            "-o",
            s(&out)
        ])
        .code,
        Some(0)
    );
    let before = snapshot(&out);

    let f = exec(&[
        "run",
        "bench-core",
        "-n",
        "50",
        "--quiet",
        "--no-plots",
        "-o",
        s(&out),
    ]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    for part in ["\"baseline\"", "\"bench-core\"", "--force", s(&out)] {
        assert!(
            f.stderr.contains(part),
            "the message names {part}:\n{}",
            f.stderr
        );
    }
    assert!(snapshot(&out) == before, "the results are untouched");

    let f = exec(&[
        "run",
        "bench-core",
        "-n",
        "50",
        "--quiet",
        "--no-plots",
        "--force",
        "-o",
        s(&out),
    ]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["scenario"]["name"], "bench-core");
    assert!(leftovers(root.path()).is_empty());
}

#[test]
fn an_edited_scenario_of_the_same_name_replaces_its_earlier_results() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let file = root.path().join("mine.toml");
    std::fs::write(&file, "name = \"mine\"\n").unwrap();
    assert_eq!(
        exec(&[
            "run",
            s(&file),
            "-n",
            "20",
            "--quiet",
            "--no-plots",
            "-o",
            s(&out)
        ])
        .code,
        Some(0)
    );
    std::fs::write(&file, "name = \"mine\"\n[time]\nhorizon_months = 12\n").unwrap();
    let f = exec(&[
        "run",
        s(&file),
        "-n",
        "20",
        "--quiet",
        "--no-plots",
        "-o",
        s(&out),
    ]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["horizon_months"], 12);
}

#[test]
fn commands_refuse_each_others_folders_unless_forced() {
    let root = TempDir::new().unwrap();
    let run = root.path().join("run");
    let cmp = root.path().join("cmp");
    let quick = ["-n", "20", "--quiet", "--no-plots"];
    let with = |args: &[&str], out: &Path| {
        let mut v: Vec<&str> = args.to_vec();
        v.extend(quick);
        v.push("-o");
        v.push(s(out));
        exec(&v)
    };
    assert_eq!(with(&["run", "baseline"], &run).code, Some(0));
    assert_eq!(
        with(&["compare", "baseline", "release-first"], &cmp).code,
        Some(0)
    );

    let f = with(&["compare", "baseline", "release-first"], &run);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(
        f.stderr.contains("`leverage run` of scenario \"baseline\""),
        "{}",
        f.stderr
    );

    let f = with(&["run", "baseline"], &cmp);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(
        f.stderr
            .contains("`leverage compare` of \"baseline\", \"release-first\""),
        "{}",
        f.stderr
    );

    let f = with(&["compare", "baseline", "sanctions-first"], &cmp);
    assert_eq!(
        f.code,
        Some(2),
        "a comparison of other scenarios:\n{}",
        f.stderr
    );

    // The same comparison again is fine.
    assert_eq!(
        with(&["compare", "baseline", "release-first"], &cmp).code,
        Some(0)
    );
    let f = with(&["compare", "baseline", "sanctions-first", "--force"], &cmp);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(cmp.join("sanctions-first").join("summary.json").is_file());
    assert!(
        !cmp.join("release-first").exists(),
        "the replaced comparison's folder is gone"
    );

    // A forced run replaces the comparison's own files (not its folders), so the folder
    // is a run's from then on.
    let f = with(&["run", "baseline", "--force"], &cmp);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(!cmp.join("comparison.json").exists() && !cmp.join("comparison.md").exists());
    assert!(cmp.join("summary.json").is_file());
    assert_eq!(with(&["run", "baseline"], &cmp).code, Some(0));
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
}

#[test]
fn a_batch_that_would_run_for_hours_is_refused_before_it_starts() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let f = exec(&["run", "-n", "1000000000", "-j", "2", "-o", s(&out)]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    for part in [
        "run for about",
        "hours",
        "--allow-large",
        "runs.csv of about",
        "--no-runs-csv",
    ] {
        assert!(
            f.stderr.contains(part),
            "the message says {part:?}:\n{}",
            f.stderr
        );
    }
    assert!(!out.exists());
}

#[test]
fn a_batch_that_would_exhaust_memory_is_refused_before_it_starts() {
    let root = TempDir::new().unwrap();
    let file = root.path().join("long.toml");
    std::fs::write(&file, "name = \"long\"\n[time]\nhorizon_months = 1200\n").unwrap();
    let out = root.path().join("out");
    // 1,024 workers each hold a window of chunks of 1,200 months of statistics (5,000
    // runs would start only 20 workers: 0.6 GB).
    let f = exec(&[
        "run",
        s(&file),
        "-n",
        "1000000",
        "-j",
        "1024",
        "-o",
        s(&out),
    ]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    for part in ["GiB of memory", "-j", "--allow-large"] {
        assert!(
            f.stderr.contains(part),
            "the message says {part:?}:\n{}",
            f.stderr
        );
    }
    assert!(!out.exists());
}

/// Runs `leverage ARGS`, killed if it has not ended within `seconds` (a batch that starts
/// when it should have been refused would run for hours).
fn exec_within(args: &[&str], seconds: u64) -> Finished {
    let mut child = std::process::Command::new(bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(seconds) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("leverage {args:?} was still running after {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let f = Finished {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!f.stderr.contains("panicked"), "panicked:\n{}", f.stderr);
    f
}

#[test]
fn the_size_guard_counts_classes_deaths_and_only_the_chunks_in_flight() {
    // Issue 20: the estimate ignored classes, the stock and deaths, and counted a window
    // of chunks for every thread asked for.
    let root = TempDir::new().unwrap();
    // 1,000 classes with sentences up to 1,200 months: each of 512 workers holds a
    // prison of 16 MB, 8 GiB in all (256 workers were measured at 4.4 GB). The unit
    // tests hold the 100,000 classes, whose file would be megabytes.
    let mut text = String::from("name = \"many\"\n[prisoners]\nmax_sentence_months = 1200\n");
    for i in 0..1000 {
        let name = if i == 0 {
            "ordinary".to_string()
        } else {
            format!("c{i}")
        };
        text.push_str(&format!(
            "[[prisoners.classes]]\nname = \"{name}\"\ninitial_count = 10\narrest_share = 0.001\n"
        ));
    }
    let many = root.path().join("many.toml");
    std::fs::write(&many, text).unwrap();
    let huge = root.path().join("huge");
    let f = exec_within(
        &["run", s(&many), "-n", "200000", "-j", "512", "-o", s(&huge)],
        120,
    );
    refused_before_starting(&f, root.path());
    assert!(f.stderr.contains("GiB of memory"), "{}", f.stderr);
    // 10 million prisoners dying in the first month of every run: 19 ns a death.
    let dying = root.path().join("dying.toml");
    std::fs::write(
        &dying,
        "name = \"dying\"\n[prisoners]\ndeath_hazard_per_month = 1.0\n\
         [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = 10000000\n\
         arrest_share = 1.0\n",
    )
    .unwrap();
    let f = exec_within(
        &["run", s(&dying), "-n", "200000", "-j", "2", "-o", s(&huge)],
        120,
    );
    refused_before_starting(&f, root.path());
    assert!(f.stderr.contains("run for about"), "{}", f.stderr);
    // A thousand threads for 2,000 runs start 8 workers: 20 MB, not 8.6 GiB.
    let out = root.path().join("out");
    let f = exec_within(
        &[
            "run",
            "-n",
            "2000",
            "-j",
            "1000",
            "--no-plots",
            "-q",
            "-o",
            s(&out),
        ],
        120,
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(out.join("summary.json").is_file());
}

#[test]
fn a_tournament_too_large_is_refused_naming_the_override() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("t");
    let f = exec(&["tournament", "-n", "100000000", "-j", "2", "-o", s(&out)]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("--allow-large"), "{}", f.stderr);
    assert!(!out.exists());
}

#[test]
fn sensitivity_writes_whole_folders_and_guards_them() {
    let root = TempDir::new().unwrap();
    let run = root.path().join("run");
    let sens = root.path().join("sens");
    let quick = ["-n", "20", "--quiet", "--no-plots"];
    let sensitivity = |extra: &[&str], out: &Path| {
        let mut v = vec![
            "sensitivity",
            "--params",
            "prisoners.arrests_per_month,prisoners.sentence.median",
        ];
        v.extend(quick);
        v.extend(extra);
        v.extend(["-o", s(out)]);
        exec(&v)
    };
    let mut args = vec!["run", "baseline"];
    args.extend(quick);
    args.extend(["-o", s(&run)]);
    assert_eq!(exec(&args).code, Some(0));

    // Another command's results are not replaced without --force.
    let f = sensitivity(&[], &run);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(
        f.stderr.contains("`leverage run` of scenario \"baseline\""),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains("--force"), "{}", f.stderr);
    assert!(run.join("summary.json").is_file() && !run.join("oat.csv").exists());

    // With --sobol, then without: the whole folder is replaced, so no sobol.csv of the
    // earlier analysis is left beside the new one.
    let samples = ["--sobol", "--samples", "8"];
    assert_eq!(sensitivity(&samples, &sens).code, Some(0));
    assert!(sens.join("sobol.csv").is_file());
    assert_eq!(sensitivity(&[], &sens).code, Some(0));
    assert!(sens.join("oat.csv").is_file() && !sens.join("sobol.csv").exists());
    // And the folder is the sensitivity's: a run needs --force there.
    let mut args = vec!["run", "baseline"];
    args.extend(quick);
    args.extend(["-o", s(&sens)]);
    let f = exec(&args);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("`leverage sensitivity`"), "{}", f.stderr);

    // Every parameter of the baseline, as the README's command does: its points run one
    // after another, so the guard must not count their memory as if at once.
    let f = exec(&[
        "sensitivity",
        "--metric",
        "final_stock",
        "-n",
        "5",
        "-j",
        "2",
        "--no-plots",
        "--quiet",
        "-o",
        s(&root.path().join("all")),
    ]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);

    // An analysis estimated to run for hours is refused before it starts.
    let f = exec(&[
        "sensitivity",
        "-n",
        "100000000",
        "--quiet",
        "-o",
        s(&root.path().join("huge")),
    ]);
    refused_before_starting(&f, root.path());
}

#[test]
fn a_trace_that_would_search_a_huge_batch_is_refused_before_it_starts() {
    let f = exec(&[
        "trace",
        "--pick",
        "median",
        "--by",
        "final_stock",
        "-n",
        "1000000000",
    ]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    for part in ["run for about", "of memory", "--allow-large"] {
        assert!(f.stderr.contains(part), "says {part:?}:\n{}", f.stderr);
    }
}

#[test]
fn a_comparison_is_estimated_by_its_costliest_scenario() {
    // The baseline alone would pass; the second scenario's long horizon and heavy arrests
    // make the comparison too long, whichever comes first.
    let root = TempDir::new().unwrap();
    let long = root.path().join("long.toml");
    std::fs::write(
        &long,
        "name = \"long\"\n[time]\nhorizon_months = 600\n[prisoners]\narrests_per_month = 5000.0\n",
    )
    .unwrap();
    let out = root.path().join("out");
    for pair in [["baseline", s(&long)], [s(&long), "baseline"]] {
        let f = exec(&[
            "compare",
            pair[0],
            pair[1],
            "-n",
            "2000000",
            "-j",
            "2",
            "-o",
            s(&out),
        ]);
        assert_eq!(f.code, Some(2), "{}", f.stderr);
        assert!(f.stderr.contains("--allow-large"), "{}", f.stderr);
    }
    assert!(!out.exists());
}

#[test]
fn backtest_and_calibrate_write_whole_folders_and_guard_them() {
    let root = TempDir::new().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/belarus");
    let (bt, cal) = (root.path().join("bt"), root.path().join("cal"));
    let backtest = |extra: &[&str], out: &Path| {
        let mut v = vec!["backtest", "belarus-2020", "--data", s(&data), "-n", "50"];
        v.extend(["--quiet", "-o", s(out)]);
        v.extend(extra);
        exec(&v)
    };
    let calibrate_with = |draws: &str, extra: &[&str], out: &Path| {
        let mut v = vec!["calibrate", "belarus-2020", "--data", s(&data)];
        v.extend(["--draws", draws, "--keep", "10", "--bands-runs", "50"]);
        v.extend(["--params", "arrests_per_month", "--quiet", "-o", s(out)]);
        v.extend(extra);
        exec(&v)
    };
    let calibrate = |extra: &[&str], out: &Path| calibrate_with("200", extra, out);
    assert_eq!(backtest(&[], &bt).code, Some(0));
    assert_eq!(calibrate(&["--no-plots"], &cal).code, Some(0));
    assert!(cal.join("calibrated.toml").is_file() && !cal.join("backtest_fan.png").exists());

    // Each refuses the other's folder without --force, naming whose results are there.
    let f = backtest(&[], &cal);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("`leverage calibrate`"), "{}", f.stderr);
    let f = calibrate(&[], &bt);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("`leverage backtest`"), "{}", f.stderr);

    // Forced, the folder is replaced whole: no posterior of the calibration is left
    // beside the backtest.
    assert_eq!(backtest(&["--force"], &cal).code, Some(0));
    for gone in ["calibrated.toml", "calibration.json", "posterior.csv"] {
        assert!(!cal.join(gone).exists(), "{gone} is left");
    }
    assert!(cal.join("backtest.json").is_file() && cal.join("backtest_fan.png").is_file());

    // A calibration estimated to run for hours is refused before it starts.
    let f = calibrate_with("2000000000", &[], &root.path().join("huge"));
    refused_before_starting(&f, root.path());
}
