//! Extreme parameters are simulated correctly or rejected with a message: rates of 0 and
//! 1e6, hazards and probabilities of 1, horizons of 1, 600 and 1,200 months (the most
//! allowed), empty and huge prisons. Whatever is accepted writes outputs in which no
//! number is NaN or infinite.

mod common;
use assert_cmd::Command;
use common::non_finite;
use std::path::Path;
use tempfile::TempDir;

fn leverage() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
}

/// Two measures of each of the US and the EU, one in reserve, so that sanctions,
/// bargaining and escalation all happen.
const MEASURES: &str = r#"
[[measures]]
name = "potash"
actor = "us"
sector = "potash"
justification = "repression"
cost_per_month = 50.0
imposed = "2022-01"

[[measures]]
name = "us-reserve"
actor = "us"
sector = "finance"
justification = "repression"
cost_per_month = 20.0
status = "reserve"

[[measures]]
name = "eu-trade"
actor = "eu"
sector = "trade"
justification = "repression"
cost_per_month = 80.0
imposed = "2021-06"

[[measures]]
name = "eu-reserve"
actor = "eu"
sector = "trade"
justification = "war"
cost_per_month = 30.0
status = "reserve"
"#;

/// Runs `leverage run` on `name = "x"` + `body` + the measures, and returns the out
/// folder after checking the exit code, that nothing panicked and that no output holds a
/// non-finite number.
fn run_ok(dir: &TempDir, body: &str, runs: &str, plots: bool) -> std::path::PathBuf {
    let path = dir.path().join("x.toml");
    std::fs::write(&path, format!("name = \"x\"\n{body}\n{MEASURES}")).unwrap();
    let out = dir.path().join("out");
    let mut cmd = leverage();
    cmd.args(["run", path.to_str().unwrap(), "-n", runs, "--quiet", "-o"])
        .arg(&out);
    if !plots {
        cmd.arg("--no-plots");
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "panicked:\n{stderr}\n{body}");
    assert_eq!(o.status.code(), Some(0), "{stderr}\n{body}");
    assert_all_finite(&out);
    out
}

fn assert_all_finite(out: &Path) {
    for name in ["summary.json", "monthly.csv", "runs.csv", "histograms.json"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(non_finite(name, &text), None);
    }
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn mean(out: &Path, metric: &str) -> f64 {
    summary(out)["metrics"][metric]["mean"].as_f64().unwrap()
}

#[test]
fn no_arrests_at_all() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[prisoners]\narrests_per_month = 0.0\n\
         [regime]\nstrategy = \"hold\"\n\
         [events.repression_waves]\nprobability_per_month = 0.0\n",
        "50",
        false,
    );
    assert_eq!(mean(&out, "new_arrests"), 0.0);
}

#[test]
fn feedbacks_and_waves_saturate_at_the_largest_rate_a_scenario_may_set() {
    // A wave of 1e300 arrests every month, and feedbacks with tiny reference values: the
    // rate is capped at 1e6 a month rather than running for ever (or, past what a Poisson
    // draw can give, arresting no one).
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[time]\nhorizon_months = 6\n\
         [prisoners]\nhostage_elasticity = 100.0\nhostage_reference_price = 1e-300\n\
         sanctions_repression_elasticity = 100.0\nsanctions_reference_cost = 1e-300\n\
         [events.repression_waves]\nprobability_per_month = 1.0\nduration_months = 1\n\
         size = { kind = \"fixed\", value = 1e300 }\n",
        "3",
        false,
    );
    let arrests = mean(&out, "new_arrests");
    assert!(arrests > 5.9e6 && arrests < 6.1e6, "{arrests}");
}

#[test]
fn a_million_arrests_a_month() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[time]\nhorizon_months = 12\n[prisoners]\narrests_per_month = 1e6\n",
        "4",
        false,
    );
    let arrests = mean(&out, "new_arrests");
    assert!((arrests / 12e6 - 1.0).abs() < 0.01, "{arrests}");
}

#[test]
fn every_rate_and_price_at_its_largest() {
    let dir = TempDir::new().unwrap();
    run_ok(
        &dir,
        "[time]\nhorizon_months = 24\n\
         [prisoners]\narrests_per_month = 1e6\nhostage_elasticity = 100.0\n\
         sanctions_repression_elasticity = 100.0\nhostage_reference_price = 1e-6\n\
         sanctions_reference_cost = 1e-6\n\
         [regime]\nstrategy = \"adaptive\"\nreservation_price = 1e6\nsanctions_sensitivity = 100.0\n\
         [regime.hardliners]\ncrackdown_arrests = 1e6\ndiscontent_per_release = 1e6\n\
         [us]\nvaluation = 1e6\nstrategy = \"transactional\"\n\
         [eu]\nvaluation = 1e6\nstrategy = \"sanctions-first\"\n",
        "4",
        false,
    );
}

#[test]
fn rates_and_prices_at_zero() {
    let dir = TempDir::new().unwrap();
    run_ok(
        &dir,
        "[prisoners]\narrests_per_month = 0.0\ndeath_hazard_per_month = 0.0\n\
         [regime]\nreservation_price = 0.0\nholiday_pardons = 0\n\
         [regime.hardliners]\ndecay_per_month = 0.0\nthreshold = 0.0\n\
         [us]\nvaluation = 0.0\n[eu]\nvaluation = 0.0\n\
         [bargaining]\nchannel_probability_per_month = 0.0\n\
         [bargaining.credibility]\nliberaliser_prior = 0.0\nwest_keeper_prior = 0.0\n\
         keeps_if_keeper = 0.0\nkeeps_if_not = 0.0\nreleases_if_liberaliser = 0.0\n\
         releases_if_hostage_taker = 0.0\n\
         [russia.patron]\ncushion_share = 0.0\n\
         [events]\nceasefire_hazard_per_month = 0.0\n\
         [events.repression_waves]\nprobability_per_month = 0.0\n\
         [payoffs]\ndiscount_per_month = 1e-300\n",
        "50",
        false,
    );
}

#[test]
fn a_death_hazard_of_one_empties_the_prisons_every_month() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[prisoners]\ndeath_hazard_per_month = 1.0\n",
        "20",
        true,
    );
    assert_eq!(mean(&out, "final_stock"), 0.0);
    assert!(mean(&out, "deaths_in_custody") > 1000.0);
}

#[test]
fn every_probability_at_one() {
    let dir = TempDir::new().unwrap();
    run_ok(
        &dir,
        "[releases]\nmode = \"deportation\"\nrefusal_probability = 1.0\n\
         [regime]\nstrategy = \"adaptive\"\n\
         [regime.adaptive]\nexploration = 1.0\nlearning_rate = 1.0\n\
         [regime.hardliners]\ndecay_per_month = 1.0\n\
         [us]\nwithhold_probability = 1.0\nstrategy = \"reciprocal\"\n\
         [bargaining]\nchannel_probability_per_month = 1.0\n\
         regime_discount_per_round = 1.0\nwest_discount_per_round = 1.0\n\
         [bargaining.credibility]\nliberaliser_prior = 1.0\nwest_keeper_prior = 1.0\n\
         keeps_if_keeper = 1.0\nkeeps_if_not = 1.0\nreleases_if_liberaliser = 1.0\n\
         releases_if_hostage_taker = 1.0\n\
         [russia.patron]\ncushion_share = 1.0\ncushion_share_after_ceasefire = 1.0\n\
         derail_probability_per_month = 1.0\n\
         [sanctions.transit_veto]\nactor = \"lithuania\"\nsector = \"potash\"\nrelief_share = 1.0\n\
         [events]\nceasefire_hazard_per_month = 1.0\n\
         [events.repression_waves]\nprobability_per_month = 1.0\n\
         [payoffs]\ndiscount_per_month = 1.0\n",
        "30",
        false,
    );
}

#[test]
fn a_horizon_of_one_month_with_charts() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(&dir, "[time]\nhorizon_months = 1\n", "30", true);
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    assert_eq!(monthly.lines().count(), 1 + 4, "one month of four series");
    assert!(out.join("stock_fan.png").is_file());
}

#[test]
fn a_horizon_of_600_months() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(&dir, "[time]\nhorizon_months = 600\n", "10", false);
    assert_eq!(summary(&out)["horizon_months"], 600);
}

#[test]
fn the_longest_horizon_allowed_with_the_longest_sentences() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[time]\nhorizon_months = 1200\n[prisoners]\nmax_sentence_months = 1200\n\
         sentence = { kind = \"fixed\", value = 5000 }\n",
        "3",
        true,
    );
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    assert_eq!(monthly.lines().count(), 1 + 4 * 1200);
}

#[test]
fn an_empty_prison_and_a_huge_one() {
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[prisoners]\narrests_per_month = 0.0\n\
         [events.repression_waves]\nprobability_per_month = 0.0\n\
         [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = 0\narrest_share = 1.0\n",
        "20",
        true,
    );
    assert_eq!(mean(&out, "final_stock"), 0.0);
    let dir = TempDir::new().unwrap();
    let out = run_ok(
        &dir,
        "[time]\nhorizon_months = 12\n\
         [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = 10000000\narrest_share = 1.0\n",
        "3",
        false,
    );
    assert_eq!(mean(&out, "initial_stock"), 1e7);
}

#[test]
fn degenerate_distributions() {
    let dir = TempDir::new().unwrap();
    run_ok(
        &dir,
        "[prisoners]\n\
         initial_remaining = { kind = \"uniform\", low = 0, high = 0 }\n\
         sentence = { kind = \"empirical\", values = [0, 1e308], weights = [1, 1e-300] }\n\
         [events.repression_waves]\nprobability_per_month = 1.0\n\
         size = { kind = \"lognormal\", median = 1e-300, sigma = 5 }\n",
        "30",
        false,
    );
}

#[test]
fn out_of_range_extremes_are_rejected_with_a_message() {
    for (body, key) in [
        ("[time]\nhorizon_months = 1201\n", "time.horizon_months"),
        (
            "[prisoners]\narrests_per_month = 1.5e6\n",
            "prisoners.arrests_per_month",
        ),
        (
            "[prisoners]\ndeath_hazard_per_month = 1.01\n",
            "prisoners.death_hazard_per_month",
        ),
        (
            "[payoffs]\ndiscount_per_month = 0.0\n",
            "payoffs.discount_per_month",
        ),
        (
            "[prisoners]\nmax_sentence_months = 1201\n",
            "prisoners.max_sentence_months",
        ),
    ] {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, format!("name = \"x\"\n{body}")).unwrap();
        let o = leverage()
            .args(["run", path.to_str().unwrap(), "-n", "5", "-o"])
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(key) && stderr.contains("must be"),
            "{stderr}"
        );
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn the_finiteness_check_finds_nan_and_infinity_but_not_words_that_contain_them() {
    assert_eq!(
        non_finite(
            "summary.json",
            r#"{"scenario": {"name": "ordinany", "path": "/tmp/inf/x.toml"}, "metrics": {"months_to_target": null}}"#
        ),
        None
    );
    assert!(
        non_finite(
            "summary.json",
            r#"{"metrics": {"released": {"mean": null}}}"#
        )
        .is_some()
    );
    assert_eq!(non_finite("runs.csv", "run,released\n0,12\n"), None);
    assert!(non_finite("runs.csv", "run,released\n0,NaN\n").is_some());
    assert!(non_finite("monthly.csv", "0,2024-07,stock,inf,1,2,3,4,5\n").is_some());
}
