//! The binary against hostile streams and files: standard output a closed pipe
//! (`leverage run | true`) or a full disk (`> /dev/full`); a FIFO, a device or a huge file
//! where a scenario, data or results file is expected; a folder named like a bundled
//! scenario; a horizon past the last month the outputs can write. Nothing panics, blocks
//! or fills memory: a closed pipe ends quietly with 141 (as SIGPIPE would), a full disk is
//! an error (1), a bad input file is refused at once naming it (2 for a scenario or the
//! record, 1 for results read back).
//!
//! Every child runs under a 1 GiB address-space limit and is killed after a minute, so
//! that a regression fails the test instead of hanging the suite or exhausting memory.

#![cfg(unix)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("leverage"))
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data_dir() -> PathBuf {
    manifest().join("data/belarus")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

struct Finished {
    code: Option<i32>,
    stderr: String,
}

/// Runs `leverage args` in `cwd` with `stdout`, and `stderr` or a file read back, under
/// the limits of the module doc.
fn exec_with(cwd: &Path, args: &[&str], stdout: Stdio, stderr: Option<Stdio>) -> Finished {
    let log = tempfile::NamedTempFile::new().unwrap();
    let captured = stderr.is_none();
    let stderr = stderr.unwrap_or_else(|| Stdio::from(log.reopen().unwrap()));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`leverage {}` still running after 60 s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let f = Finished {
        code: status.code(),
        stderr: if captured {
            std::fs::read_to_string(log.path()).unwrap()
        } else {
            String::new()
        },
    };
    assert!(
        !f.stderr.contains("panicked"),
        "`leverage {}` panicked:\n{}",
        args.join(" "),
        f.stderr
    );
    f
}

/// [`exec_with`], standard output discarded, standard error kept.
fn exec(cwd: &Path, args: &[&str]) -> Finished {
    exec_with(cwd, args, Stdio::null(), None)
}

/// `f` exited with `code` and its message has every fragment of `expect`, on one line.
fn assert_refused(f: &Finished, code: i32, expect: &[&str]) {
    assert_eq!(f.code, Some(code), "{}", f.stderr);
    assert!(
        f.stderr
            .lines()
            .any(|line| expect.iter().all(|e| line.contains(e))),
        "expected a line with {expect:?}:\n{}",
        f.stderr
    );
    assert_causes_once(&f.stderr);
}

/// No error line says the same cause twice in a row ("X: X").
fn assert_causes_once(stderr: &str) {
    for line in stderr.lines() {
        let parts: Vec<&str> = line.split(": ").collect();
        assert!(
            parts.windows(2).all(|w| w[0] != w[1]),
            "a cause repeated: {line}"
        );
    }
}

/// The write end of a pipe whose read end is already closed: every write fails with
/// EPIPE, as when the reader (`true`, `head`) has exited.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Replaces the file `path` with a FIFO nobody writes to.
fn replace_with_fifo(path: &Path) {
    std::fs::remove_file(path).unwrap();
    mkfifo(path);
}

/// A file of `len` bytes that takes no space (sparse).
fn sparse(path: &Path, len: u64) {
    File::create(path).unwrap().set_len(len).unwrap();
}

/// A shard folder of `run --shard 1/1` in `root/shard`.
fn shard(root: &Path) -> PathBuf {
    let dir = root.join("shard");
    let f = exec(
        root,
        &[
            "run",
            "-n",
            "20",
            "--shard",
            "1/1",
            "-q",
            "--no-plots",
            "-o",
            s(&dir),
        ],
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    dir
}

/// Every command that prints to standard output, with quick arguments, writing into
/// folders under `root`.
fn printing_commands(root: &Path) -> Vec<Vec<String>> {
    let out = |name: &str| s(&root.join(name)).to_string();
    let shard = shard(root);
    let data = data_dir();
    let baseline = manifest().join("scenarios/baseline.toml");
    let quick = ["-n", "20", "--no-plots"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["list"],
        vec!["validate", s(&baseline)],
        vec!["trace"],
        vec!["run"],
        vec!["compare", "baseline", "release-first"],
        vec!["sweep", "--set", "prisoners.arrests_per_month=10,20"],
        vec!["tournament"],
        vec!["sensitivity", "--params", "prisoners.arrests_per_month"],
        vec![
            "backtest",
            "belarus-2020",
            "--data",
            s(&data),
            "-n",
            "50",
            "--no-plots",
        ],
        vec![
            "calibrate",
            "belarus-2020",
            "--data",
            s(&data),
            "--draws",
            "200",
            "--keep",
            "10",
            "--bands-runs",
            "50",
            "--params",
            "arrests_per_month",
            "--no-plots",
        ],
        vec!["merge", s(&shard), "--no-plots"],
    ];
    commands
        .into_iter()
        .map(|args| {
            let mut v: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            if matches!(
                args[0],
                "run" | "compare" | "sweep" | "tournament" | "sensitivity"
            ) {
                v.extend(quick.iter().map(|a| a.to_string()));
            }
            if v.len() > 1 && !matches!(args[0], "validate" | "trace") {
                v.extend(["-o".to_string(), out(args[0])]);
            }
            v
        })
        .collect()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Hidden entries of `dir`: staging folders or temporary files left behind.
fn hidden(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect()
}

#[test]
fn a_closed_stdout_ends_every_command_quietly_with_141() {
    let root = TempDir::new().unwrap();
    for args in printing_commands(root.path()) {
        let f = exec_with(root.path(), &strs(&args), closed_pipe(), None);
        assert_eq!(
            f.code,
            Some(141),
            "`leverage {}`:\n{}",
            args.join(" "),
            f.stderr
        );
        assert!(
            !f.stderr.contains("error"),
            "`leverage {}` said more than the notes it always prints:\n{}",
            args.join(" "),
            f.stderr
        );
    }
    // The table is printed once the results are in place: they are whole.
    assert!(root.path().join("run/summary.json").is_file());
    assert!(root.path().join("compare/comparison.json").is_file());
    assert_eq!(hidden(root.path()), Vec::<PathBuf>::new());
}

#[test]
fn closed_stdout_and_stderr_end_with_141_not_a_panic() {
    let root = TempDir::new().unwrap();
    for args in printing_commands(root.path()) {
        let f = exec_with(
            root.path(),
            &strs(&args),
            closed_pipe(),
            Some(closed_pipe()),
        );
        assert_eq!(f.code, Some(141), "`leverage {}`", args.join(" "));
    }
}

#[test]
fn a_full_stdout_is_an_error_with_exit_1() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: this system has no /dev/full");
        return;
    }
    let root = TempDir::new().unwrap();
    for args in printing_commands(root.path()) {
        let stdout = std::fs::OpenOptions::new().write(true).open(full).unwrap();
        let f = exec_with(root.path(), &strs(&args), Stdio::from(stdout), None);
        assert_refused(
            &f,
            1,
            &["error: cannot write to standard output: No space left on device"],
        );
    }
    assert_eq!(hidden(root.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_fifo_is_refused_at_once_wherever_a_file_is_read() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    let fifo = "it is a FIFO (named pipe), not a regular file";

    // A scenario.
    let scenario = r.join("fifo.toml");
    mkfifo(&scenario);
    for command in ["validate", "run"] {
        let f = exec(r, &[command, s(&scenario)]);
        assert_refused(&f, 2, &["fifo.toml", fifo]);
    }

    // A CSV of the record, in a data folder or given alone.
    let data = r.join("data");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(data_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, data.join(p.file_name().unwrap())).unwrap();
    }
    replace_with_fifo(&data.join("flows.csv"));
    let counts = r.join("counts.csv");
    mkfifo(&counts);
    for (given, named) in [(&data, "flows.csv"), (&counts, "counts.csv")] {
        let f = exec(
            r,
            &[
                "backtest",
                "belarus-2020",
                "--data",
                s(given),
                "-n",
                "20",
                "--no-plots",
            ],
        );
        assert_refused(&f, 2, &[named, fifo]);
    }

    // The files of a shard that merge reads: shard.json, scenario.toml, runs.csv.
    for file in ["shard.json", "scenario.toml", "runs.csv"] {
        let dir = shard(r);
        replace_with_fifo(&dir.join(file));
        let merged = r.join("merged");
        let f = exec(r, &["merge", s(&dir), "--no-plots", "-o", s(&merged)]);
        assert_refused(&f, 2, &[file, fifo]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // A results file that plot and report read back.
    for (command, file) in [("plot", "monthly.csv"), ("report", "scenario.toml")] {
        let run = r.join(command);
        let f = exec(r, &["run", "-n", "20", "-q", "--no-plots", "-o", s(&run)]);
        assert_eq!(f.code, Some(0), "{}", f.stderr);
        replace_with_fifo(&run.join(file));
        let f = exec(r, &[command, s(&run)]);
        assert_refused(&f, 1, &[file, fifo]);
    }
}

#[test]
fn a_device_is_refused_without_reading_it() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    let zero = r.join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let device = "it is a character device, not a regular file";
    for command in ["validate", "run"] {
        let f = exec(r, &[command, s(&zero)]);
        assert_refused(&f, 2, &["zero.toml", device]);
    }
    let f = exec(
        r,
        &[
            "backtest",
            "belarus-2020",
            "--data",
            s(&zero),
            "-n",
            "20",
            "--no-plots",
        ],
    );
    assert_refused(&f, 2, &["zero.toml", device]);
}

#[test]
fn a_file_over_its_cap_is_refused_naming_its_size() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    let big = r.join("big.toml");
    sparse(&big, 3_500 << 20);
    let f = exec(r, &["validate", s(&big)]);
    assert_refused(
        &f,
        2,
        &[
            "big.toml",
            "it is 3.4 GiB; a scenario file is at most 1 MiB",
        ],
    );
    let csv = r.join("big.csv");
    sparse(&csv, 100 << 20);
    let f = exec(
        r,
        &[
            "backtest",
            "belarus-2020",
            "--data",
            s(&csv),
            "-n",
            "20",
            "--no-plots",
        ],
    );
    assert_refused(
        &f,
        2,
        &["big.csv", "it is 100 MiB; a data file is at most 64 MiB"],
    );
    let dir = shard(r);
    sparse(&dir.join("shard.json"), 5 << 30);
    let f = exec(r, &["merge", s(&dir), "-o", s(&r.join("merged"))]);
    assert_refused(
        &f,
        2,
        &["shard.json", "it is 5 GiB; a shard.json is at most 4 GiB"],
    );
}

#[test]
fn a_horizon_ending_in_9999_12_runs_and_one_month_more_is_refused_before_simulating() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    let scenario = |months: u32| {
        let path = r.join(format!("late-{months}.toml"));
        std::fs::write(
            &path,
            format!("name = \"late\"\n[time]\nstart = \"9999-01\"\nhorizon_months = {months}\n"),
        )
        .unwrap();
        path
    };
    let out = r.join("late");
    let f = exec(
        r,
        &["run", s(&scenario(12)), "-n", "20", "-q", "-o", s(&out)],
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    let last = monthly.lines().last().unwrap();
    assert!(last.starts_with("11,9999-12,"), "{last}");

    let over = scenario(13);
    std::fs::remove_dir_all(&out).unwrap();
    let validate = exec(r, &["validate", s(&over)]);
    let run = exec(r, &["run", s(&over), "-n", "20", "-o", s(&out)]);
    for f in [validate, run] {
        assert_refused(
            &f,
            2,
            &[
                "late-13.toml:4:",
                "`time.horizon_months` must be from 1 to 12 months when time.start is \
                 \"9999-01\"",
                "got 13 (ending 10000-01)",
            ],
        );
    }
    assert!(!out.exists(), "a refused scenario wrote {}", out.display());
}

#[test]
fn a_folder_named_like_a_bundled_scenario_does_not_hide_it() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    // The out folder of `leverage run baseline -o baseline`, say.
    std::fs::create_dir(r.join("baseline")).unwrap();
    std::fs::write(r.join("baseline/notes.txt"), "mine").unwrap();
    let f = exec(
        r,
        &[
            "run",
            "baseline",
            "-n",
            "20",
            "-q",
            "--no-plots",
            "-o",
            "out",
        ],
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    let summary = std::fs::read_to_string(r.join("out/summary.json")).unwrap();
    assert!(summary.contains("<embedded>/baseline.toml"), "{summary}");

    // A folder that names no bundled scenario is refused, its cause said once.
    std::fs::create_dir(r.join("mine")).unwrap();
    let f = exec(r, &["run", "mine", "-n", "20", "-q", "--no-plots"]);
    assert_refused(
        &f,
        2,
        &["cannot read scenario mine: it is a folder, not a regular file"],
    );
}

#[test]
fn an_error_says_its_cause_once() {
    let root = TempDir::new().unwrap();
    let r = root.path();
    let run = r.join("run");
    let f = exec(r, &["run", "-n", "20", "-q", "--no-plots", "-o", s(&run)]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    // A results file that is a folder: once "Is a directory (os error 21)" twice.
    std::fs::remove_file(run.join("monthly.csv")).unwrap();
    std::fs::create_dir(run.join("monthly.csv")).unwrap();
    let f = exec(r, &["plot", s(&run)]);
    assert_eq!(f.code, Some(1), "{}", f.stderr);
    assert_causes_once(&f.stderr);
    assert!(f.stderr.contains("monthly.csv"), "{}", f.stderr);
}
