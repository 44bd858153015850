//! `report.html` from real results folders: it holds the title, every metric, the charts
//! inline, the escaped scenario text and its SHA-256; it loads nothing from elsewhere; the
//! same folder gives the same bytes; a missing or tampered input is said, not a panic.

use leverage::engine::compare::run_paired;
use leverage::engine::{BatchOptions, Prepared, run_batch};
use leverage::plot::{draw_compare, draw_run};
use leverage::report::html::{ReportError, write_compare_report, write_run_report};
use leverage::report::{self, compare::HEADLINE};
use leverage::scenario::Scenario;
use std::path::Path;

const RUNS: u64 = 200;
const SEED: u64 = 11;

/// A bundled scenario with a description that holds markup, to test escaping.
fn with_description(name: &str, description: &str) -> Scenario {
    let original = Scenario::bundled(name).expect("bundled scenario");
    let line = format!("description = {:?}", original.description);
    assert!(
        original.source.text.contains(&line),
        "{name} has one description line"
    );
    let text = original
        .source
        .text
        .replacen(&line, &format!("description = {description:?}"), 1);
    Scenario::from_toml(&text, &format!("scenarios/{name} (edited).toml")).expect("still valid")
}

fn write(path: &Path, text: &str) {
    leverage::results::write_atomic(path, text.as_bytes()).unwrap();
}

/// What `leverage run` writes: the data files, the scenario and the charts.
fn run_folder(scenario: &Scenario, dir: &Path) {
    let opts = BatchOptions {
        runs: RUNS,
        seed: SEED,
        threads: Some(2),
    };
    let stats = run_batch(&Prepared::new(scenario), &opts, &mut |_| Ok(()), &|_| {}).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    write(
        &dir.join("summary.json"),
        &report::summary_json(scenario, SEED, &stats),
    );
    write(
        &dir.join("monthly.csv"),
        &report::monthly_csv(scenario, &stats),
    );
    write(
        &dir.join("histograms.json"),
        &report::histograms_json(&stats),
    );
    write(&dir.join("scenario.toml"), &scenario.source.text);
    draw_run(dir).expect("charts draw");
}

/// What `leverage compare` writes: `comparison.json`, one folder per scenario (no charts
/// in them) and the overlay charts.
fn compare_folder(scenarios: &[Scenario], dir: &Path) {
    let opts = BatchOptions {
        runs: RUNS,
        seed: SEED,
        threads: Some(2),
    };
    let preps: Vec<Prepared> = scenarios.iter().map(Prepared::new).collect();
    let cmp = run_paired(&preps, &opts, &mut |_, _| Ok(()), &|_| {}).unwrap();
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    for ((s, stats), name) in scenarios.iter().zip(&cmp.scenarios).zip(&names) {
        let d = dir.join(name);
        std::fs::create_dir_all(&d).unwrap();
        write(
            &d.join("summary.json"),
            &report::summary_json(s, SEED, stats),
        );
        write(&d.join("monthly.csv"), &report::monthly_csv(s, stats));
        write(&d.join("histograms.json"), &report::histograms_json(stats));
        write(&d.join("scenario.toml"), &s.source.text);
    }
    write(
        &dir.join("comparison.json"),
        &report::compare::comparison_json(scenarios, &names, SEED, &cmp),
    );
    draw_compare(dir).expect("comparison charts draw");
}

/// HTML-escaping as the report must do it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Nothing in the page is fetched from elsewhere, and nothing runs.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "href='http",
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!lower.contains(bad), "the report contains {bad:?}");
    }
}

/// Every metric name of a `summary.json`.
fn metric_names(summary: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    v["metrics"].as_object().unwrap().keys().cloned().collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn run_report_holds_title_metrics_charts_and_escaped_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("baseline");
    let scenario = with_description(
        "baseline",
        "Status quo with <b>bold</b> claims & \"quotes\"",
    );
    run_folder(&scenario, &dir);

    let path = write_run_report(&dir).expect("report writes");
    assert_eq!(path, dir.join("report.html"));
    let html = std::fs::read_to_string(&path).unwrap();

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<title>Scenario baseline"));
    assert!(
        html.contains("<h1>Scenario “baseline”"),
        "the title names the scenario"
    );
    assert!(
        html.contains("Status quo with &lt;b&gt;bold&lt;/b&gt; claims &amp; &quot;quotes&quot;"),
        "the title says what the scenario is, escaped"
    );
    assert!(
        !html.contains("<b>"),
        "no markup from a file reaches the page"
    );
    assert!(
        html.contains(&escaped(scenario.source.text.trim_end())),
        "the scenario text is in the page, escaped"
    );
    assert!(html.contains(&scenario.source.sha256));
    assert!(html.contains("matches the one recorded with the results"));
    assert!(html.contains(&format!("seed {SEED}")));
    assert!(html.contains(&format!("{RUNS} runs")));

    for name in metric_names(&dir.join("summary.json")) {
        assert!(
            html.contains(&format!("<code>{name}</code>")),
            "metric {name} is in the table"
        );
    }
    for finding in [
        "prisoners are released",
        "newly jailed",
        "the target of 1,000",
        "release deal",
    ] {
        assert!(html.contains(finding), "a finding says {finding:?}");
    }

    // The charts, inline and whole: the fan chart's own SVG text is in the page.
    let fan = std::fs::read_to_string(dir.join("stock_fan.svg")).unwrap();
    assert!(html.contains(fan.trim()), "stock_fan.svg is inlined");
    let svgs = html.matches("<svg").count();
    let drawn = files(&dir).iter().filter(|f| f.ends_with(".svg")).count();
    assert_eq!(svgs, drawn, "every chart of the folder is inlined once");
    assert!(!html.contains("Chart not shown"));
    assert_self_contained(&html);
}

#[test]
fn same_folder_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    run_folder(&Scenario::bundled("baseline").unwrap(), &dir);
    let first = std::fs::read(write_run_report(&dir).unwrap()).unwrap();
    let second = std::fs::read(write_run_report(&dir).unwrap()).unwrap();
    assert!(first == second, "the report is deterministic");

    // Moved elsewhere, the folder still gives the same report: no path is written in.
    let moved = tmp.path().join("elsewhere").join("run");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&dir, &moved).unwrap();
    let third = std::fs::read(write_run_report(&moved).unwrap()).unwrap();
    assert!(
        first == third,
        "the report does not depend on where the folder is"
    );
}

#[test]
fn missing_summary_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let err = write_run_report(tmp.path()).expect_err("no summary.json");
    match &err {
        ReportError::Read { path, .. } => assert_eq!(path, &tmp.path().join("summary.json")),
        other => panic!("expected a read error, got {other:?}"),
    }
    assert!(err.to_string().contains("summary.json"), "{err}");
    assert!(!tmp.path().join("report.html").exists());

    let err = write_compare_report(tmp.path()).expect_err("no comparison.json");
    assert!(err.to_string().contains("comparison.json"), "{err}");
}

#[test]
fn malformed_summary_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("summary.json"), "{ not json").unwrap();
    let err = write_run_report(tmp.path()).expect_err("bad summary.json");
    assert!(matches!(err, ReportError::Parse { .. }), "{err:?}");
    assert!(err.to_string().contains("summary.json"), "{err}");
}

#[test]
fn missing_or_unsafe_charts_are_said_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    run_folder(&Scenario::bundled("baseline").unwrap(), &dir);
    std::fs::remove_file(dir.join("stock_fan.svg")).unwrap();
    std::fs::write(
        dir.join("arrests_releases.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    )
    .unwrap();
    std::fs::remove_file(dir.join("scenario.toml")).unwrap();

    let html = std::fs::read_to_string(write_run_report(&dir).unwrap()).unwrap();
    assert!(html.contains("stock_fan.svg is not in this folder"));
    assert!(html.contains("arrests_releases.svg holds scripts or links and is not shown"));
    assert!(html.contains("scenario.toml is not in this folder"));
    assert_self_contained(&html);
}

#[test]
fn compare_report_holds_table_charts_fans_and_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cmp");
    let scenarios = [
        Scenario::bundled("release-first").unwrap(),
        with_description("sanctions-first", "Escalate <i>first</i> & relieve later"),
    ];
    compare_folder(&scenarios, &dir);
    let before = files(&dir);

    let path = write_compare_report(&dir).expect("report writes");
    assert_eq!(path, dir.join("report.html"));
    let mut after = files(&dir);
    after.retain(|f| f != "report.html");
    assert_eq!(before, after, "nothing but report.html is written");
    for s in &scenarios {
        assert_eq!(
            files(&dir.join(&s.name)),
            [
                "histograms.json",
                "monthly.csv",
                "scenario.toml",
                "summary.json"
            ],
            "the scenario folders are left as they were"
        );
    }

    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<h1>“release-first” vs “sanctions-first”"));
    assert!(html.contains("Escalate &lt;i&gt;first&lt;/i&gt; &amp; relieve later"));
    assert!(!html.contains("<i>"));
    for s in &scenarios {
        assert!(html.contains(&s.source.sha256), "{} sha256", s.name);
        assert!(
            html.contains(&escaped(s.source.text.trim_end())),
            "{} text, escaped",
            s.name
        );
    }
    for metric in HEADLINE {
        assert!(html.contains(&format!("<code>{metric}</code>")), "{metric}");
    }
    assert!(html.contains("paired difference (95% CI)"));
    assert!(html.contains("Better in"));

    for chart in ["compare_stock.svg", "compare_released.svg"] {
        let svg = std::fs::read_to_string(dir.join(chart)).unwrap();
        assert!(html.contains(svg.trim()), "{chart} is inlined");
    }
    // The overlay charts, plus one fan chart per scenario drawn from its saved results.
    let overlays = files(&dir).iter().filter(|f| f.ends_with(".svg")).count();
    assert_eq!(html.matches("<svg").count(), overlays + scenarios.len());
    for s in &scenarios {
        assert!(
            html.contains(&format!("scenario {} · {RUNS} runs", s.name)),
            "a fan chart of {}",
            s.name
        );
    }
    assert!(!html.contains("Chart not shown"));
    assert_self_contained(&html);

    let again = std::fs::read_to_string(write_compare_report(&dir).unwrap()).unwrap();
    assert!(html == again, "the compare report is deterministic");
}

#[test]
fn compare_report_names_a_missing_scenario_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cmp");
    let scenarios = [
        Scenario::bundled("release-first").unwrap(),
        Scenario::bundled("sanctions-first").unwrap(),
    ];
    compare_folder(&scenarios, &dir);
    std::fs::remove_file(dir.join("sanctions-first").join("summary.json")).unwrap();
    let err = write_compare_report(&dir).expect_err("a scenario folder lacks summary.json");
    let expected = dir.join("sanctions-first").join("summary.json");
    assert!(
        err.to_string().contains(&expected.display().to_string()),
        "{err}"
    );
}
