//! The out folder never costs a user a file (issue 20, items 1-4): a scenario's name
//! cannot leave the results folder; a folder of the user's is refused unless `--force`,
//! and even then only files the tool's manifest lists are replaced or removed, with the
//! folder's mode and owner kept; a mount point inside is never entered; one writer at a
//! time, and what a killed writer left is cleaned and reported by the next.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("leverage"))
}

struct Finished {
    code: Option<i32>,
    stderr: String,
}

fn exec_in(dir: &Path, args: &[&str]) -> Finished {
    let o = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
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

/// Every entry under `dir` (the folder itself included) with its kind, mode, owner and
/// bytes: what a user would notice had changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u32, u32, u32, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        let bytes = if meta.is_file() {
            std::fs::read(&p).unwrap()
        } else {
            Vec::new()
        };
        out.push((
            p.strip_prefix(dir).unwrap().to_path_buf(),
            meta.mode(),
            meta.uid(),
            meta.gid(),
            bytes,
        ));
        if meta.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        }
    }
    out.sort();
    out
}

/// Hidden entries of leverage under `dir` other than its manifests.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .map(|(p, ..)| p)
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.contains(".leverage-") && name != ".leverage-manifest.json"
        })
        .collect()
}

fn mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A folder as a user keeps it: charts and a report of their own, a private `.ssh`, a
/// shared sticky folder, a setgid folder, and (where the machine allows) a file owned by
/// another user.
fn users_folder(at: &Path) {
    std::fs::create_dir_all(at).unwrap();
    std::fs::write(at.join("figure.png"), "my chart").unwrap();
    std::fs::write(at.join("figure.svg"), "my chart").unwrap();
    std::fs::write(at.join("notes.txt"), "my notes").unwrap();
    std::fs::create_dir(at.join(".ssh")).unwrap();
    std::fs::write(at.join(".ssh").join("id"), "secret").unwrap();
    mode(&at.join(".ssh"), 0o700);
    std::fs::create_dir(at.join("shared")).unwrap();
    mode(&at.join("shared"), 0o1777);
    std::fs::create_dir(at.join("group")).unwrap();
    mode(&at.join("group"), 0o2775);
    std::fs::write(at.join("theirs.txt"), "another user's").unwrap();
    // Only root may give a file away; elsewhere the file stays ours and is still checked.
    let _ = std::os::unix::fs::chown(at.join("theirs.txt"), Some(65534), Some(65534));
    mode(at, 0o700);
}

fn write_scenario(dir: &Path, file: &str, name: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(&p, format!("name = {name:?}\n")).unwrap();
    p
}

#[test]
fn a_scenario_named_dot_or_dot_dot_never_writes_outside_the_results_folder() {
    let root = TempDir::new().unwrap();
    let work = root.path().join("work");
    users_folder(&work);
    std::fs::write(work.join("report.html"), "my report").unwrap();
    std::fs::write(work.join("runs.csv"), "my runs").unwrap();
    std::fs::create_dir_all(work.join("results")).unwrap();
    std::fs::write(work.join("results").join("keep.png"), "mine").unwrap();
    let evil = write_scenario(root.path(), "evil.toml", "..");
    let dot = write_scenario(root.path(), "dot.toml", ".");
    let before = snapshot(&work);
    for scenario in [&evil, &dot] {
        let f = exec_in(&work, &["run", s(scenario), "-n", "20", "--quiet"]);
        assert_eq!(f.code, Some(2), "{}", f.stderr);
        assert!(
            f.stderr.contains("must start with a letter or digit"),
            "{}",
            f.stderr
        );
        let f = exec_in(
            &work,
            &[
                "compare",
                "baseline",
                s(scenario),
                "-n",
                "20",
                "--quiet",
                "-o",
                "prev/cmp",
            ],
        );
        assert_eq!(f.code, Some(2), "{}", f.stderr);
    }
    assert_eq!(snapshot(&work), before, "nothing in the folder changed");
}

#[test]
fn a_folder_of_user_files_is_refused_and_kept_whole_even_when_forced() {
    let root = TempDir::new().unwrap();
    let home = root.path().join("home");
    users_folder(&home);
    let before = snapshot(&home);

    let f = exec_in(root.path(), &["run", "-n", "50", "--quiet", "-o", s(&home)]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(
        f.stderr.contains("is not empty") && f.stderr.contains(s(&home)),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains("--force"), "{}", f.stderr);
    assert_eq!(snapshot(&home), before, "refused: nothing changed");

    // Forced, the results go beside the user's files, which keep bytes, modes and owners.
    let f = exec_in(
        root.path(),
        &["run", "-n", "50", "--quiet", "--force", "-o", s(&home)],
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(home.join("summary.json").is_file() && home.join("stock_fan.png").is_file());
    let theirs = |snap: Vec<(PathBuf, u32, u32, u32, Vec<u8>)>| -> Vec<_> {
        snap.into_iter()
            .filter(|(p, ..)| before.iter().any(|(q, ..)| q == p))
            .collect()
    };
    assert_eq!(
        theirs(snapshot(&home)),
        before,
        "the user's entries as they were"
    );

    // Run again with fewer outputs: the tool's stale files go, the user's stay.
    let f = exec_in(
        root.path(),
        &[
            "run",
            "-n",
            "50",
            "--quiet",
            "--no-plots",
            "--no-runs-csv",
            "-o",
            s(&home),
        ],
    );
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(!home.join("stock_fan.png").exists() && !home.join("runs.csv").exists());
    assert_eq!(theirs(snapshot(&home)), before);
    assert!(leftovers(&home).is_empty(), "{:?}", leftovers(&home));
}

#[test]
fn a_user_file_named_like_an_output_is_never_replaced_even_when_forced() {
    let root = TempDir::new().unwrap();
    let proj = root.path().join("project");
    std::fs::create_dir(&proj).unwrap();
    std::fs::write(proj.join("report.html"), "my report").unwrap();
    let before = snapshot(&proj);
    for force in [false, true] {
        let mut args = vec!["run", "-n", "20", "--quiet", "-o", s(&proj)];
        if force {
            args.push("--force");
        }
        let f = exec_in(root.path(), &args);
        assert_eq!(f.code, Some(2), "{}", f.stderr);
        assert!(f.stderr.contains("report.html"), "{}", f.stderr);
        assert_eq!(snapshot(&proj), before);
    }
}

/// Mounts a tmpfs at `at`, if the machine lets this process.
fn mount_tmpfs(at: &Path) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs", s(at)])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|st| st.success())
}

struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_mount_point_inside_the_out_folder_is_never_entered() {
    let root = TempDir::new().unwrap();
    let cmp = root.path().join("cmp");
    let args = [
        "compare",
        "baseline",
        "release-first",
        "-n",
        "20",
        "--quiet",
        "--no-plots",
        "-o",
        s(&cmp),
    ];
    let f = exec_in(root.path(), &args);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    let data = cmp.join("data");
    std::fs::create_dir(&data).unwrap();
    if !mount_tmpfs(&data) {
        eprintln!("skipped: this machine does not let the test mount a tmpfs");
        return;
    }
    let _data = Mounted(data.clone());
    std::fs::write(data.join("precious"), "on another file system").unwrap();
    // Beside the results: a rerun leaves it alone.
    let f = exec_in(root.path(), &args);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert_eq!(
        std::fs::read_to_string(data.join("precious")).unwrap(),
        "on another file system"
    );
    // Where a scenario's results go: refused, the previous results whole.
    let scenario_dir = cmp.join("release-first");
    let before = snapshot(&cmp);
    std::fs::remove_dir_all(&scenario_dir).unwrap();
    std::fs::create_dir(&scenario_dir).unwrap();
    if !mount_tmpfs(&scenario_dir) {
        return;
    }
    let _scenario = Mounted(scenario_dir.clone());
    std::fs::write(scenario_dir.join("precious"), "mine").unwrap();
    let f = exec_in(root.path(), &args);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(f.stderr.contains("another file system"), "{}", f.stderr);
    assert_eq!(
        std::fs::read_to_string(scenario_dir.join("precious")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read(cmp.join("comparison.json")).unwrap(),
        before
            .iter()
            .find(|(p, ..)| p == Path::new("comparison.json"))
            .unwrap()
            .4
    );
    assert!(leftovers(&cmp).is_empty(), "{:?}", leftovers(&cmp));
}

#[test]
fn a_second_writer_is_refused_and_a_killed_writer_is_cleaned_up_by_the_next() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let mut first = Command::new(bin())
        .args(["run", "-n", "2000000", "-j", "1", "--no-plots", "--quiet"])
        .args(["--allow-large", "-o", s(&out)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while leftovers(root.path()).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "never started");
        assert!(first.try_wait().unwrap().is_none(), "ended too soon");
        std::thread::sleep(Duration::from_millis(20));
    }
    let f = exec_in(root.path(), &["run", "-n", "20", "--quiet", "-o", s(&out)]);
    assert_eq!(f.code, Some(2), "{}", f.stderr);
    assert!(
        f.stderr.contains("in use by another leverage command"),
        "{}",
        f.stderr
    );
    first.kill().unwrap(); // SIGKILL: no handler runs
    first.wait().unwrap();
    assert!(
        !leftovers(root.path()).is_empty(),
        "a killed writer leaves its folder"
    );
    let f = exec_in(root.path(), &["run", "-n", "20", "--quiet", "-o", s(&out)]);
    assert_eq!(f.code, Some(0), "{}", f.stderr);
    assert!(f.stderr.contains("unfinished results"), "{}", f.stderr);
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
    assert!(out.join("summary.json").is_file());
}

#[test]
fn concurrent_writers_either_finish_or_are_told_the_folder_is_in_use() {
    let root = TempDir::new().unwrap();
    let out = root.path().join("out");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(bin())
                .args(["run", "-n", "3000", "--no-plots", "--quiet", "-o", s(&out)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut finished = 0;
    for child in children {
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => finished += 1,
            Some(2) => assert!(stderr.contains("in use"), "{stderr}"),
            other => panic!("exit {other:?}: {stderr}"),
        }
    }
    assert!(finished >= 1);
    assert!(
        leftovers(root.path()).is_empty(),
        "{:?}",
        leftovers(root.path())
    );
    assert!(out.join("summary.json").is_file());
}
