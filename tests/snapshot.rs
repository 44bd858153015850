//! A pinned `summary.json` (issue 18): 300 runs of the bundled baseline with the default
//! seed, so that any change to any figure of the main output is seen in review, not found
//! later in a briefing. The same bytes at one thread and at two.
//!
//! A deliberate change of the model or of its random streams updates the snapshot
//! (`INSTA_UPDATE=always cargo test --release --test snapshot`, then review the diff).

use std::path::Path;
use std::process::Command;

fn summary(dir: &Path, threads: &str) -> String {
    let out = dir.join(format!("j{threads}"));
    let status = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(["run", "baseline", "-n", "300", "-j", threads, "--quiet"])
        .args(["--no-plots", "--no-runs-csv", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read_to_string(out.join("summary.json")).unwrap()
}

#[test]
fn the_baseline_summary_is_pinned_byte_for_byte_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = summary(dir.path(), "1");
    assert_eq!(
        one,
        summary(dir.path(), "2"),
        "thread count changed the bytes"
    );
    insta::assert_snapshot!("baseline_summary_300_runs", one);
}
