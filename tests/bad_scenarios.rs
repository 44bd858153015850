//! The corpus of bad scenario files in `tests/bad_scenarios/`: every one is rejected, by the
//! library and by `leverage validate`, with a message that names the file, the key and
//! what is wrong, and nothing panics.
//!
//! Each file opens with three comment lines:
//!
//! ```toml
//! # Bad scenario: why it is bad.
//! # key: prisoners.arrests_per_month
//! # expect: must be a number in [0, 1000000], got -3
//! ```
//!
//! `key` is the key path the message must name (empty when the file cannot be read at
//! all), `expect` a fragment of the message. Both must appear on the same line of the
//! message, after `FILE:LINE:COL:` when there is a key.

use assert_cmd::Command;
use leverage::scenario::Scenario;
use std::path::{Path, PathBuf};

struct Case {
    path: PathBuf,
    key: String,
    expect: String,
}

fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad_scenarios exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            // Read as bytes: one file of the corpus is deliberately not UTF-8.
            let bytes = std::fs::read(&path).expect("a readable file");
            let text = String::from_utf8_lossy(&bytes);
            let header = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("# {name}:")))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_else(|| panic!("{} has no `# {name}:` line", path.display()))
            };
            Case {
                key: header("key"),
                expect: header("expect"),
                path,
            }
        })
        .collect()
}

/// The line of `message` that reports `case`, if any.
fn reporting_line<'a>(message: &'a str, case: &Case) -> Option<&'a str> {
    let shown = case.path.display().to_string();
    message.lines().find(|line| {
        line.contains(&case.expect)
            && line.contains(&shown)
            && (case.key.is_empty() || {
                // `FILE:LINE:COL: `KEY` ...`, the key quoted in backticks.
                let rest = line.split_once(&shown).map_or("", |(_, r)| r);
                let position = rest
                    .strip_prefix(':')
                    .and_then(|r| r.split_once(": "))
                    .map(|(lc, _)| lc);
                let has_line_col = position.is_some_and(|lc| {
                    let parts: Vec<&str> = lc.split(':').collect();
                    parts.len() == 2 && parts.iter().all(|p| p.parse::<usize>().is_ok())
                });
                has_line_col && line.contains(&format!("`{}`", case.key))
            })
    })
}

#[test]
fn the_corpus_has_at_least_fifty_files_each_with_a_key_and_a_fragment() {
    let cases = corpus();
    assert!(cases.len() >= 50, "only {} bad scenarios", cases.len());
    for c in &cases {
        assert!(!c.expect.is_empty(), "{} expects nothing", c.path.display());
        let name = c.path.file_name().unwrap().to_string_lossy();
        // Two digits or more: the corpus has grown past 99.
        let digits = name.chars().take_while(char::is_ascii_digit).count();
        assert!(
            digits >= 2 && name[digits..].starts_with('-') && name.len() > digits + 1,
            "{name} is not named NN-name.toml"
        );
    }
}

#[test]
fn every_bad_scenario_is_rejected_naming_the_file_the_key_and_the_problem() {
    let mut failures = Vec::new();
    for case in corpus() {
        match Scenario::from_file(&case.path) {
            Ok(_) => failures.push(format!("{}: accepted", case.path.display())),
            Err(e) => {
                let message = e.to_string();
                if reporting_line(&message, &case).is_none() {
                    failures.push(format!(
                        "{}: expected `{}` and {:?} on one line, got:\n{message}",
                        case.path.display(),
                        case.key,
                        case.expect
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn validate_exits_2_on_every_bad_scenario_without_panicking() {
    let mut failures = Vec::new();
    for case in corpus() {
        let out = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
            .arg("validate")
            .arg(&case.path)
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("panicked") || out.status.code() != Some(2) {
            failures.push(format!(
                "{}: exit {:?}\n{stderr}",
                case.path.display(),
                out.status.code()
            ));
        } else if reporting_line(&stderr, &case).is_none() {
            failures.push(format!(
                "{}: stderr lacks `{}` and {:?}:\n{stderr}",
                case.path.display(),
                case.key,
                case.expect
            ));
        }
        if !out.stdout.is_empty() {
            failures.push(format!(
                "{}: printed on stdout: {}",
                case.path.display(),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
