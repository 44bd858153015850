//! `run --shard K/N` and `merge`: the shards of a batch add up to the batch, byte for byte.

use std::path::Path;
use std::process::Command;

fn leverage(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

fn ok(args: &[&str]) {
    let (code, stderr) = leverage(args);
    assert_eq!(code, Some(0), "{args:?}\n{stderr}");
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn shard(dir: &Path, name: &str, k: &str, extra: &[&str]) -> String {
    let out = dir.join(name);
    let mut args = vec![
        "run",
        "reciprocal",
        "-n",
        "700",
        "--seed",
        "11",
        "-q",
        "--shard",
        k,
        "-o",
        s(&out),
    ];
    args.extend(extra);
    ok(&args);
    out.to_str().unwrap().to_string()
}

#[test]
fn merged_shards_are_the_whole_batch_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&[
        "run",
        "reciprocal",
        "-n",
        "700",
        "--seed",
        "11",
        "-q",
        "-j",
        "2",
        "--no-plots",
        "-o",
        s(&whole),
    ]);
    // Four uneven shards, each on one thread, given to merge out of order.
    let shards: Vec<String> = (1..=4)
        .map(|k| {
            shard(
                dir.path(),
                &format!("s{k}"),
                &format!("{k}/4"),
                &["-j", "1"],
            )
        })
        .collect();
    let merged = dir.path().join("merged");
    ok(&[
        "merge",
        &shards[2],
        &shards[0],
        &shards[3],
        &shards[1],
        "-q",
        "--no-plots",
        "-o",
        s(&merged),
    ]);
    for f in [
        "summary.json",
        "monthly.csv",
        "histograms.json",
        "runs.csv",
        "scenario.toml",
    ] {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f} differs"
        );
    }
    // A shard holds only its runs: 700 / 4 -> runs 175..350 for the second.
    let rows = std::fs::read_to_string(Path::new(&shards[1]).join("runs.csv")).unwrap();
    assert_eq!(rows.lines().count(), 1 + 175);
    assert!(rows.lines().nth(1).unwrap().starts_with("175,"));
    assert!(!Path::new(&shards[1]).join("summary.json").exists());
}

#[test]
fn merge_refuses_anything_but_all_shards_of_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    let a = shard(dir.path(), "a", "1/3", &[]);
    let b = shard(dir.path(), "b", "2/3", &[]);
    let c = shard(dir.path(), "c", "3/3", &["--no-runs-csv"]);
    let out = dir.path().join("out");
    let out = s(&out);
    let refuse = |args: &[&str], says: &str| {
        let (code, stderr) = leverage(args);
        assert_eq!(code, Some(2), "{args:?}\n{stderr}");
        assert!(stderr.contains(says), "{args:?}: no {says:?} in {stderr}");
    };
    refuse(&["merge", &a, &b, "-o", out], "shard 3/3 is missing");
    refuse(&["merge", &a, &a, &b, "-o", out], "both shard 1/3");
    // Another seed is another batch.
    let other = dir.path().join("other");
    ok(&[
        "run",
        "reciprocal",
        "-n",
        "700",
        "--seed",
        "12",
        "-q",
        "--shard",
        "3/3",
        "-o",
        s(&other),
    ]);
    refuse(
        &["merge", &a, &b, s(&other), "-o", out],
        "its seed is 12, not 11",
    );
    refuse(&["merge", s(dir.path()), "-o", out], "shard.json");
    // A shard whose statistics were tampered with does not fit its runs.
    let text = std::fs::read_to_string(Path::new(&b).join("shard.json")).unwrap();
    std::fs::write(
        Path::new(&b).join("shard.json"),
        text.replacen("\"runs\":233", "\"runs\":234", 1),
    )
    .unwrap();
    refuse(&["merge", &a, &b, &c, "-o", out], "does not hold runs");
    std::fs::write(Path::new(&b).join("shard.json"), text).unwrap();
    // All three merge; one shard without rows means no runs.csv, and an old one (of an
    // earlier run of the scenario into that folder) goes.
    ok(&[
        "run",
        "reciprocal",
        "-n",
        "50",
        "-q",
        "--no-plots",
        "-o",
        out,
    ]);
    assert!(Path::new(out).join("runs.csv").exists());
    ok(&["merge", &a, &b, &c, "-o", out, "-q", "--no-plots"]);
    assert!(Path::new(out).join("summary.json").exists());
    assert!(!Path::new(out).join("runs.csv").exists());
}

/// Issue 20: shards run from two copies of one file record two paths, and the merged
/// `scenario.path` was that of whichever folder came first on the command line.
#[test]
fn the_merged_scenario_path_does_not_depend_on_the_order_of_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/reciprocal.toml").unwrap();
    let mut shards = Vec::new();
    for k in 1..=2 {
        let copy = dir.path().join(format!("copy{k}.toml"));
        std::fs::write(&copy, &text).unwrap();
        let out = dir.path().join(format!("s{k}"));
        ok(&[
            "run",
            s(&copy),
            "-n",
            "40",
            "-q",
            "--shard",
            &format!("{k}/2"),
            "-o",
            s(&out),
        ]);
        shards.push(out);
    }
    let merge = |name: &str, order: [usize; 2]| {
        let out = dir.path().join(name);
        ok(&[
            "merge",
            s(&shards[order[0]]),
            s(&shards[order[1]]),
            "-q",
            "--no-plots",
            "-o",
            s(&out),
        ]);
        out
    };
    let (forward, backward) = (merge("forward", [0, 1]), merge("backward", [1, 0]));
    for f in ["summary.json", "monthly.csv", "histograms.json", "runs.csv"] {
        let (a, b) = (
            std::fs::read_to_string(forward.join(f)).unwrap(),
            std::fs::read_to_string(backward.join(f)).unwrap(),
        );
        assert!(a == b, "{f} depends on the order of the shard folders");
    }
    let summary = std::fs::read_to_string(forward.join("summary.json")).unwrap();
    assert!(summary.contains("copy1.toml"), "shard 1's path: {summary}");
}

/// Issue 20: a crafted shard.json whose counts wrap around u64 passed the check that
/// they add up to the runs, and was merged.
#[test]
fn a_shard_whose_counts_wrap_or_overflow_is_refused_naming_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = shard(dir.path(), "a", "1/2", &["--no-runs-csv"]);
    let b = shard(dir.path(), "b", "2/2", &["--no-runs-csv"]);
    let edit = |folder: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let path = Path::new(folder).join("shard.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        change(&mut json["collector"]["metrics"][0]);
        std::fs::write(&path, json.to_string()).unwrap();
        text
    };
    let refused = |says: &str, file: &str| {
        let out = dir.path().join("out");
        let (code, stderr) = leverage(&["merge", &a, &b, "-q", "--no-plots", "-o", s(&out)]);
        assert_eq!(code, Some(2), "{stderr}");
        let named = format!("{file}/shard.json: the statistics do not fit");
        assert!(stderr.contains(&named) && stderr.contains(says), "{stderr}");
        assert!(!out.exists());
    };
    // Runs 0..350 all start from one stock: counts [350] at one value. u64::MAX + 351
    // wraps to 350.
    let original = edit(&a, &|m| {
        assert_eq!(m["counts"].as_array().unwrap().len(), 1, "{m}");
        let n = m["n"].as_u64().unwrap();
        m["counts"] = serde_json::json!([u64::MAX, n + 1]);
        m["max"] = serde_json::json!(m["min"].as_f64().unwrap() + 1.0);
    });
    refused("2^64", &a);
    std::fs::write(Path::new(&a).join("shard.json"), original).unwrap();
    // Sums at the edge of their 128 bits, each valid alone, overflow when added.
    for folder in [&a, &b] {
        edit(folder, &|m| m["sum"] = i128::MAX.to_string().into());
    }
    refused("overflows when added", &b);
}
