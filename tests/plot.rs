//! Charts drawn from saved results: every file is written, PNGs decode at 1600x900, SVGs
//! carry their title and footer and no zero-height rectangle, and bad inputs are errors
//! that name the file.

use leverage::engine::{BatchOptions, Prepared, run_batch};
use leverage::plot::{PlotError, draw_compare, draw_run};
use leverage::report;
use leverage::results::{self, HISTOGRAM_METRICS};
use leverage::scenario::Scenario;
use std::path::{Path, PathBuf};

const RUNS: u64 = 300;
const SEED: u64 = 7;

/// Runs a small batch of a bundled scenario and saves what `leverage run` saves (plus
/// `histograms.json`) into `dir`.
fn save_batch(scenario: &str, dir: &Path, histograms: bool) -> Scenario {
    let scenario = Scenario::bundled(scenario).expect("bundled scenario");
    let prepared = Prepared::new(&scenario);
    let opts = BatchOptions {
        runs: RUNS,
        seed: SEED,
        threads: Some(2),
    };
    let stats = run_batch(&prepared, &opts, &mut |_| Ok(()), &|_| {}).expect("batch runs");
    std::fs::create_dir_all(dir).unwrap();
    results::write_atomic(
        &dir.join("summary.json"),
        report::summary_json(&scenario, SEED, &stats).as_bytes(),
    )
    .unwrap();
    results::write_atomic(
        &dir.join("monthly.csv"),
        report::monthly_csv(&scenario, &stats).as_bytes(),
    )
    .unwrap();
    if histograms {
        results::write_atomic(
            &dir.join("histograms.json"),
            report::histograms_json(&stats).as_bytes(),
        )
        .unwrap();
    }
    scenario
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn assert_png(path: &Path) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{} decodes: {e}", path.display()));
    assert_eq!(
        (img.width(), img.height()),
        (1600, 900),
        "{}",
        path.display()
    );
    // Not a blank page: the chart has ink.
    let rgb = img.to_rgb8();
    let dark = rgb
        .pixels()
        .filter(|p| p.0.iter().all(|c| *c < 100))
        .count();
    assert!(dark > 5_000, "{} looks empty", path.display());
}

/// Parses as XML-ish text: one root `<svg>` element, balanced tags, the expected words.
fn assert_svg(path: &Path, title: &str, footer: &str) {
    let svg = std::fs::read_to_string(path).unwrap();
    let body = svg.trim();
    assert!(
        body.starts_with("<svg"),
        "{} starts with <svg",
        path.display()
    );
    assert!(
        body.ends_with("</svg>"),
        "{} ends with </svg>",
        path.display()
    );
    assert!(svg.contains(r#"width="1600""#) && svg.contains(r#"height="900""#));
    assert!(
        !svg.contains(r#"height="0""#),
        "{} has a zero-height element",
        path.display()
    );
    assert!(
        !svg.contains("NaN"),
        "{} has NaN coordinates",
        path.display()
    );
    assert!(
        svg.contains(title),
        "{} lacks title {title:?}",
        path.display()
    );
    assert!(
        svg.contains(footer),
        "{} lacks footer {footer:?}",
        path.display()
    );
    assert!(svg.contains(r#"font-family="sans-serif""#));
    // Tags balance: every opened element is closed or self-closing.
    let mut depth: i64 = 0;
    for tag in svg.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        } else if tag.starts_with('/') {
            depth -= 1;
        } else if !tag.ends_with('/') {
            depth += 1;
        }
        assert!(
            depth >= 0,
            "{} closes a tag it never opened",
            path.display()
        );
    }
    assert_eq!(depth, 0, "{} has unclosed tags", path.display());
}

fn footer(scenario: &Scenario) -> String {
    format!(
        "leverage {} · scenario sha256 {} · seed {SEED}",
        results::VERSION,
        &scenario.source.sha256[..12]
    )
}

#[test]
fn draws_every_run_chart_from_saved_results() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let scenario = save_batch("baseline", dir, true);
    let written = draw_run(dir).expect("charts draw");

    let mut expected = vec![
        "stock_fan.png".to_string(),
        "stock_fan.svg".to_string(),
        "arrests_releases.png".to_string(),
        "arrests_releases.svg".to_string(),
    ];
    for m in HISTOGRAM_METRICS {
        expected.push(format!("hist_{m}.png"));
        expected.push(format!("hist_{m}.svg"));
    }
    assert_eq!(names(&written), expected);

    let period = format!(
        "{} to {}",
        scenario.start,
        scenario.calendar(scenario.horizon_months - 1)
    );
    let footer = footer(&scenario);
    for path in &written {
        assert!(path.is_file(), "{} exists", path.display());
        assert_eq!(path.parent(), Some(dir));
        if path.extension().is_some_and(|e| e == "png") {
            assert_png(path);
        } else {
            let stem = path.file_stem().unwrap().to_string_lossy();
            let title = match stem.as_ref() {
                "stock_fan" => format!("Political prisoners held, {period}"),
                "arrests_releases" => format!("New arrests and releases per month, {period}"),
                _ => String::new(),
            };
            assert_svg(path, &title, &footer);
            let svg = std::fs::read_to_string(path).unwrap();
            assert!(svg.contains(&format!("scenario baseline · {RUNS} runs · seed {SEED}")));
        }
    }
    // Only the charts and the inputs: no temporary file left behind.
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.iter().all(|f| !f.starts_with('.')), "{files:?}");
    assert_eq!(files.len(), expected.len() + 3);
}

#[test]
fn histograms_are_optional() {
    let tmp = tempfile::tempdir().unwrap();
    save_batch("baseline", tmp.path(), false);
    let written = draw_run(tmp.path()).expect("charts draw");
    assert_eq!(
        names(&written),
        [
            "stock_fan.png",
            "stock_fan.svg",
            "arrests_releases.png",
            "arrests_releases.svg"
        ]
    );
}

#[test]
fn redrawing_replaces_the_charts() {
    let tmp = tempfile::tempdir().unwrap();
    save_batch("baseline", tmp.path(), true);
    let first = draw_run(tmp.path()).unwrap();
    let before = std::fs::read(&first[1]).unwrap();
    let second = draw_run(tmp.path()).unwrap();
    assert_eq!(first, second);
    // Drawing is deterministic: same data, same SVG.
    assert_eq!(std::fs::read(&second[1]).unwrap(), before);
}

#[test]
fn missing_summary_is_a_read_error_naming_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let err = draw_run(tmp.path()).unwrap_err();
    let expected = tmp.path().join("summary.json");
    match &err {
        PlotError::Read { path, source } => {
            assert_eq!(path, &expected);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected a read error, got {other:?}"),
    }
    assert!(err.to_string().contains(&expected.display().to_string()));
}

#[test]
fn malformed_inputs_are_parse_errors_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    save_batch("baseline", tmp.path(), true);
    let monthly = tmp.path().join("monthly.csv");
    std::fs::write(
        &monthly,
        "month,calendar,series,mean,p05,p25,p50,p75,p95\n0,2024-07,stock,abc,1,1,1,1,1\n",
    )
    .unwrap();
    match draw_run(tmp.path()).unwrap_err() {
        PlotError::Parse { path, message } => {
            assert_eq!(path, monthly);
            assert!(message.contains("line 2"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }

    // A monthly.csv without the arrests series says which series it needs.
    std::fs::write(
        &monthly,
        "month,calendar,series,mean,p05,p25,p50,p75,p95\n0,2024-07,stock,1,1,1,1,1,1\n",
    )
    .unwrap();
    let err = draw_run(tmp.path()).unwrap_err();
    assert!(err.to_string().contains("`arrests`"), "{err}");

    std::fs::write(tmp.path().join("summary.json"), "{\"runs\": 3}").unwrap();
    match draw_run(tmp.path()).unwrap_err() {
        PlotError::Parse { path, .. } => assert_eq!(path, tmp.path().join("summary.json")),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn draws_a_two_scenario_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let a = save_batch("baseline", &dir.join("baseline"), true);
    let b = save_batch("bench-core", &dir.join("bench-core"), true);
    std::fs::write(
        dir.join("comparison.json"),
        r#"{"scenarios": [{"name": "baseline", "dir": "baseline"}, {"name": "bench-core", "dir": "bench-core"}]}"#,
    )
    .unwrap();
    let written = draw_compare(dir).expect("comparison draws");
    let expected: Vec<String> = [
        "stock",
        "released",
        "final_stock",
        "relief_granted",
        "deals",
    ]
    .iter()
    .flat_map(|m| [format!("compare_{m}.png"), format!("compare_{m}.svg")])
    .collect();
    assert_eq!(names(&written), expected);

    let footer = format!(
        "leverage {} · scenario sha256 {} (baseline), {} (bench-core) · seed {SEED}",
        results::VERSION,
        &a.source.sha256[..12],
        &b.source.sha256[..12]
    );
    for path in &written {
        assert_eq!(path.parent(), Some(dir));
        if path.extension().is_some_and(|e| e == "png") {
            assert_png(path);
        } else {
            let title = if path.ends_with("compare_stock.svg") {
                "Political prisoners held by scenario"
            } else {
                "scenarios compared"
            };
            assert_svg(path, title, &footer);
            let svg = std::fs::read_to_string(path).unwrap();
            assert!(svg.contains("baseline") && svg.contains("bench-core"));
        }
    }
}

#[test]
fn a_comparison_missing_a_scenario_folder_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    save_batch("baseline", &tmp.path().join("baseline"), false);
    std::fs::write(
        tmp.path().join("comparison.json"),
        r#"{"scenarios": [{"name": "baseline", "dir": "baseline"}, {"name": "other", "dir": "other"}]}"#,
    )
    .unwrap();
    match draw_compare(tmp.path()).unwrap_err() {
        PlotError::Read { path, .. } => {
            assert_eq!(path, tmp.path().join("other").join("summary.json"))
        }
        other => panic!("expected a read error, got {other:?}"),
    }
}
