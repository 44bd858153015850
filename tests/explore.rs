//! `leverage sweep` and `leverage sensitivity` end to end: a sweep's cell is the run of the
//! scenario with that value, results do not depend on threads, bad input is refused.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn exec(args: &[&str]) -> Finished {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(args)
        .output()
        .expect("the binary runs");
    Finished {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

fn ok(args: &[&str]) -> Finished {
    let f = exec(args);
    assert_eq!(f.code, Some(0), "{args:?}\n{}\n{}", f.stdout, f.stderr);
    f
}

fn refused(args: &[&str], says: &[&str]) -> String {
    let f = exec(args);
    assert!(!f.stderr.contains("panicked"), "{}", f.stderr);
    assert_eq!(f.code, Some(2), "{args:?}\n{}", f.stderr);
    for s in says {
        assert!(f.stderr.contains(s), "{args:?}: no {s:?} in\n{}", f.stderr);
    }
    f.stderr
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_sweep_cell_is_the_run_of_the_scenario_with_that_value() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("sweep");
    ok(&[
        "sweep",
        "baseline",
        "--set",
        "prisoners.arrests_per_month=30,65.5",
        "-n",
        "600",
        "--seed",
        "9",
        "--no-plots",
        "-q",
        "-o",
        s(&sweep),
    ]);
    // The baseline file with the value written in by hand.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
    )
    .unwrap()
    .replace("arrests_per_month = 50.0", "arrests_per_month = 65.5");
    let file = dir.path().join("edited.toml");
    std::fs::write(&file, text).unwrap();
    let run = dir.path().join("run");
    ok(&[
        "run",
        s(&file),
        "-n",
        "600",
        "--seed",
        "9",
        "--no-plots",
        "--no-runs-csv",
        "-q",
        "-o",
        s(&run),
    ]);
    let cell = &json(&sweep.join("sweep.json"))["cells"][1];
    assert_eq!(cell["values"], serde_json::json!([65.5]));
    let summary = json(&run.join("summary.json"));
    assert_eq!(cell["metrics"], summary["metrics"]);
    assert_eq!(
        cell["share_never_reached_target"],
        summary["share_never_reached_target"]
    );
    // And the other cell differs: the parameter reaches the model.
    let other = &json(&sweep.join("sweep.json"))["cells"][0];
    assert_ne!(
        other["metrics"]["new_arrests"],
        cell["metrics"]["new_arrests"]
    );
}

#[test]
fn a_two_dimensional_sweep_is_tidy_and_independent_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let out = |j: &str| {
        let o = dir.path().join(format!("j{j}"));
        let f = ok(&[
            "sweep",
            "reciprocal",
            "--set",
            "prisoners.arrests_per_month=40..60:10",
            "--set",
            "regime.holiday_pardons=0,30",
            "-n",
            "300",
            "-j",
            j,
            "--no-plots",
            "-o",
            s(&o),
        ]);
        (o, f)
    };
    let (one, printed) = out("1");
    let (two, _) = out("2");
    for f in ["sweep.csv", "sweep.json", "sweep.md"] {
        assert_eq!(
            std::fs::read(one.join(f)).unwrap(),
            std::fs::read(two.join(f)).unwrap(),
            "{f} depends on the thread count"
        );
    }
    let csv = std::fs::read_to_string(one.join("sweep.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("prisoners.arrests_per_month,regime.holiday_pardons,metric,mean,")
    );
    let rows: Vec<&str> = lines.collect();
    let metrics = leverage::engine::RUN_METRICS.len() + leverage::engine::OPTIONAL_METRICS.len();
    assert_eq!(rows.len(), 6 * metrics);
    // Row-major: the last axis varies fastest.
    assert!(rows[metrics].starts_with("40,30,"), "{}", rows[metrics]);
    assert!(rows[2 * metrics].starts_with("50,0,"));
    // Holiday pardons release people: more pardons, more released, in every row of arrests.
    let released = |a: &str, h: &str| -> f64 {
        let prefix = format!("{a},{h},released,");
        let row = rows.iter().find(|r| r.starts_with(&prefix)).unwrap();
        row.split(',').nth(3).unwrap().parse().unwrap()
    };
    for a in ["40", "50", "60"] {
        assert!(released(a, "30") > released(a, "0"), "arrests {a}");
    }
    assert!(
        printed
            .stdout
            .contains("| prisoners.arrests_per_month | regime.holiday_pardons |")
    );
}

#[test]
fn sweeps_refuse_bad_parameters_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("x");
    let o = s(&o);
    refused(
        &["sweep", "--set", "prisoners.arrest_rate=1,2", "-o", o],
        &["prisoners.arrest_rate", "arrests_per_month"],
    );
    refused(
        &[
            "sweep",
            "--set",
            "releases.refusal_probability=0.5,1.5",
            "-o",
            o,
        ],
        &["releases.refusal_probability = 1.5", "[0, 1]"],
    );
    refused(
        &["sweep", "--set", "regime.holiday_pardons=2.5", "-o", o],
        &["whole number"],
    );
    refused(&["sweep", "--set", "name=1", "-o", o], &["not a number"]);
    refused(&["sweep", "--set", "x=1..9", "-o", o], &["a..b:step"]);
    refused(
        &[
            "sweep",
            "--set",
            "regime.holiday_pardons=1",
            "--set",
            "regime.holiday_pardons=2",
            "-o",
            o,
        ],
        &["twice"],
    );
    refused(
        &[
            "sweep", "--set", "a=1", "--set", "b=1", "--set", "c=1", "-o", o,
        ],
        &["one axis or two"],
    );
    refused(
        &[
            "sweep",
            "--set",
            "prisoners.arrests_per_month=1",
            "--metric",
            "nope",
        ],
        &["nope"],
    );
    assert!(!dir.path().join("x").join("sweep.json").exists());
}

#[test]
fn sensitivity_ranks_effects_and_is_independent_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |j: &str, sobol: bool, name: &str| {
        let o = dir.path().join(name);
        let mut args = vec![
            "sensitivity",
            "baseline",
            "--metric",
            "new_arrests,final_stock",
            "--params",
            "prisoners.arrests_per_month,releases.refusal_probability,prisoners.sentence.median",
            "--range",
            "prisoners.hostage_elasticity=0..0.5",
            "-n",
            "100",
            "-j",
            j,
            "--no-plots",
            "-q",
            "-o",
            s(&o),
        ];
        if sobol {
            args.extend(["--sobol", "--samples", "16"]);
        }
        ok(&args);
        o
    };
    let one = run("1", true, "one");
    let two = run("2", true, "two");
    for f in ["oat.csv", "sobol.csv", "sensitivity.json", "sensitivity.md"] {
        assert_eq!(
            std::fs::read(one.join(f)).unwrap(),
            std::fs::read(two.join(f)).unwrap(),
            "{f} depends on the thread count"
        );
    }
    // The schema the writer fills (and the charts read) gives back the same bytes.
    let text = std::fs::read_to_string(one.join("sensitivity.json")).unwrap();
    let file: leverage::results::SensitivityFile = serde_json::from_str(&text).unwrap();
    assert_eq!(leverage::results::pretty(&file), text);
    let j = json(&one.join("sensitivity.json"));
    let effects = j["oat"][0]["effects"].as_array().unwrap();
    assert_eq!(j["oat"][0]["metric"], "new_arrests");
    // The arrest rate moves arrests most; refusals of deportation not at all.
    assert_eq!(effects[0]["param"], "prisoners.arrests_per_month");
    assert_eq!(effects[0]["low"], 40.0);
    assert_eq!(effects[0]["high"], 60.0);
    let last = effects.last().unwrap();
    assert_eq!(last["change"]["mean"], 0.0);
    // The explicit range is varied although the scenario has 0 there.
    assert!(
        effects
            .iter()
            .any(|e| e["param"] == "prisoners.hostage_elasticity" && e["high"] == 0.5)
    );
    // Sobol over the four parameters: the arrest rate explains most of the arrests.
    let ix = j["sobol"]["metrics"][0]["indices"].as_array().unwrap();
    assert_eq!(ix.len(), 4);
    let total = |p: &str| {
        ix.iter().find(|x| x["param"] == p).unwrap()["total"]
            .as_f64()
            .unwrap()
    };
    assert!(total("prisoners.arrests_per_month") > 0.5, "{ix:?}");
    assert_eq!(total("releases.refusal_probability"), 0.0);
    assert_eq!(j["sobol"]["evaluations"], 16 * 6);
    // Without --sobol an earlier sobol.csv goes: it would not match.
    assert!(one.join("sobol.csv").exists());
    run("1", false, "one");
    assert!(!one.join("sobol.csv").exists());
    assert!(json(&one.join("sensitivity.json"))["sobol"].is_null());
}

#[test]
fn sensitivity_refuses_bad_settings() {
    refused(
        &["sensitivity", "--range", "prisoners.arrests_per_month=9..1"],
        &["LOW must be below HIGH"],
    );
    refused(
        &[
            "sensitivity",
            "--range",
            "releases.refusal_probability=0..2",
        ],
        &["releases.refusal_probability", "[0, 1]"],
    );
    refused(&["sensitivity", "--spread", "0"], &["--spread"]);
    // Issue 20: 1e300 was accepted and varied nothing but shares pinned to 0 and 1.
    for spread in ["1e300", "1.5", "inf", "NaN", "-0.2"] {
        refused(
            &["sensitivity", &format!("--spread={spread}")],
            &["--spread must be above 0 and at most 1", "--range"],
        );
    }
    refused(
        &["sensitivity", "--params", "prisoners.nope"],
        &["prisoners.nope", "arrests_per_month"],
    );
    refused(&["sensitivity", "--metric", "nope"], &["nope"]);
}

/// Issue 20: a rejected `--range` named the file twice and a line of the scenario as
/// rewritten with every default (298 for a key on line 28).
#[test]
fn sensitivity_range_error_names_the_file_once_and_the_key_line() {
    let file = "scenarios/baseline.toml";
    let text = std::fs::read_to_string(file).expect("the bundled file");
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("hostage_elasticity"))
        .expect("baseline sets hostage_elasticity");
    let err = refused(
        &[
            "sensitivity",
            file,
            "--range",
            "prisoners.hostage_elasticity=-5..0.5",
        ],
        &[&format!("{file}:{line}:1: `prisoners.hostage_elasticity`")],
    );
    assert_eq!(err.matches(file).count(), 1, "{err}");
}
