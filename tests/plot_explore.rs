//! Charts of the explore commands, drawn from what the binary writes: `leverage sweep`
//! (a line per metric for one parameter, a heatmap for two) and `leverage sensitivity`
//! (a tornado per metric, Sobol indices with `--sobol`). Every file is written at
//! 1600x900, SVGs carry their title, footer and the numbers of the input, a tornado's
//! bars follow the ranking on both sides of the scenario's value, and a missing or
//! malformed input is an error naming the file.

use leverage::plot::{PlotError, draw_sensitivity, draw_sweep};
use serde_json::Value;
use std::path::{Path, PathBuf};

const SEED: &str = "20240701";

fn leverage(args: &[&str], out: &Path) {
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(args)
        .args(["--seed", SEED, "--quiet", "-o"])
        .arg(out)
        .assert()
        .success();
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Decodes at 1600x900 and has ink.
fn assert_png(path: &Path) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{} decodes: {e}", path.display()));
    assert_eq!(
        (img.width(), img.height()),
        (1600, 900),
        "{}",
        path.display()
    );
    let dark = img
        .to_rgb8()
        .pixels()
        .filter(|p| p.0.iter().all(|c| *c < 100))
        .count();
    assert!(dark > 5_000, "{} looks empty", path.display());
}

/// Reads an SVG and checks what every chart has: size, title, footer, no zero-height
/// element and no NaN.
fn read_svg(path: &Path, title: &str, footer: &str) -> String {
    let svg = std::fs::read_to_string(path).unwrap();
    let p = path.display();
    assert!(svg.trim_start().starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains(r#"width="1600""#) && svg.contains(r#"height="900""#),
        "{p}"
    );
    assert!(
        !svg.contains(r#"height="0""#),
        "{p} has a zero-height element"
    );
    assert!(
        !svg.contains(r#"width="0""#),
        "{p} has a zero-width element"
    );
    assert!(!svg.contains("NaN"), "{p} has NaN");
    let texts = svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t.2 == title),
        "{p} lacks title {title:?}"
    );
    assert!(
        texts.iter().any(|t| t.2 == footer),
        "{p} lacks footer {footer:?}"
    );
    svg
}

/// Every `<text>` of an SVG as `(x, y, text)`.
fn svg_texts(svg: &str) -> Vec<(f64, f64, String)> {
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let (attrs, rest) = chunk.split_once('>')?;
            let body = rest.split("</text>").next()?.trim();
            let body = body
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            Some((attr(attrs, "x")?, attr(attrs, "y")?, body))
        })
        .collect()
}

/// Every `<rect>` filled with `fill` as `(x, y, width, height)`.
fn svg_rects(svg: &str, fill: &str) -> Vec<(f64, f64, f64, f64)> {
    let fill = format!(r#"fill="{fill}""#);
    svg.split("<rect")
        .skip(1)
        .filter_map(|chunk| {
            let attrs = chunk.split('>').next()?;
            if !attrs.contains(&fill) {
                return None;
            }
            Some((
                attr(attrs, "x")?,
                attr(attrs, "y")?,
                attr(attrs, "width")?,
                attr(attrs, "height")?,
            ))
        })
        .collect()
}

fn attr(attrs: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let start = attrs.find(&key)? + key.len();
    attrs[start..].split('"').next()?.parse().ok()
}

/// The label the charts put next to a value: whole numbers from 100 up, one decimal
/// below, thousands separated (as `style::value_label`).
fn value_label(v: f64) -> String {
    let decimals = if v.abs() >= 100.0 || v.fract() == 0.0 {
        0
    } else {
        1
    };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn footer(file: &Value) -> String {
    format!(
        "leverage {} · scenario sha256 {} · seed {SEED}",
        file["leverage_version"].as_str().unwrap(),
        &file["scenario"]["sha256"].as_str().unwrap()[..12]
    )
}

fn mean(summary: &Value) -> f64 {
    summary["mean"].as_f64().unwrap()
}

#[test]
fn one_parameter_sweep_draws_a_line_per_metric_with_each_mean_labelled() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep");
    leverage(
        &[
            "sweep",
            "--set",
            "prisoners.arrests_per_month=20,40,60",
            "--metric",
            "released,final_stock",
            "-n",
            "60",
        ],
        &dir,
    );
    for m in ["released", "final_stock"] {
        assert!(
            dir.join(format!("sweep_{m}.png")).is_file(),
            "binary drew {m}"
        );
    }

    // Redrawn from the saved results alone.
    for m in ["released", "final_stock"] {
        std::fs::remove_file(dir.join(format!("sweep_{m}.png"))).unwrap();
    }
    let written = draw_sweep(&dir).expect("sweep charts draw");
    assert_eq!(
        names(&written),
        [
            "sweep_released.png",
            "sweep_released.svg",
            "sweep_final_stock.png",
            "sweep_final_stock.svg"
        ]
    );
    let file = read_json(&dir.join("sweep.json"));
    let titles = [
        (
            "released",
            "Prisoners released by the regime as prisoners.arrests_per_month varies",
        ),
        (
            "final_stock",
            "Political prisoners still held at the end as prisoners.arrests_per_month varies",
        ),
    ];
    for (metric, title) in titles {
        assert_png(&dir.join(format!("sweep_{metric}.png")));
        let svg = read_svg(
            &dir.join(format!("sweep_{metric}.svg")),
            title,
            &footer(&file),
        );
        let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.2).collect();
        for x in ["20", "40", "60", "prisoners.arrests_per_month"] {
            assert!(texts.iter().any(|t| t == x), "{metric}: x label {x}");
        }
        for legend in [
            "Mean over runs",
            "95% CI of the mean",
            "Middle 50% of runs (p25–p75)",
        ] {
            assert!(texts.iter().any(|t| t == legend), "{metric}: {legend}");
        }
        assert!(
            texts.iter().any(|t| t.contains("60 runs per cell")),
            "{metric}: subtitle"
        );
        // One labelled mean per cell, and a line through them.
        for cell in file["cells"].as_array().unwrap() {
            let label = value_label(mean(&cell["metrics"][metric]));
            assert!(
                texts.contains(&label),
                "{metric}: mean {label} not labelled"
            );
        }
        assert!(svg.contains("<polyline"), "{metric}: no line");
    }
}

#[test]
fn two_parameter_sweep_draws_a_labelled_heatmap_per_metric() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("grid");
    leverage(
        &[
            "sweep",
            "--set",
            "prisoners.arrests_per_month=30,60",
            "--set",
            "regime.holiday_pardons=0,20,40",
            "--metric",
            "released,final_stock",
            "-n",
            "40",
            "--no-plots",
        ],
        &dir,
    );
    let written = draw_sweep(&dir).expect("heatmaps draw");
    assert_eq!(written.len(), 4, "{written:?}");
    let file = read_json(&dir.join("sweep.json"));
    let (phrase_released, phrase_stock) = (
        "Prisoners released by the regime",
        "Political prisoners still held at the end",
    );
    for (metric, phrase) in [("released", phrase_released), ("final_stock", phrase_stock)] {
        assert_png(&dir.join(format!("sweep_{metric}.png")));
        let title =
            format!("{phrase} as prisoners.arrests_per_month and regime.holiday_pardons vary");
        let svg = read_svg(
            &dir.join(format!("sweep_{metric}.svg")),
            &title,
            &footer(&file),
        );
        assert!(
            !svg.contains("<polyline"),
            "{metric}: a heatmap, not a line"
        );
        let texts = svg_texts(&svg);
        let find = |label: &str| {
            texts
                .iter()
                .find(|t| t.2 == label)
                .unwrap_or_else(|| panic!("{metric}: no label {label}"))
        };
        // Rows by the first parameter (30 above 60), columns by the second (0, 20, 40
        // from left to right), and every cell labelled with its mean where its row and
        // column meet.
        let (row30, row60) = (find("30").1, find("60").1);
        assert!(row30 < row60, "{metric}: row order");
        let cols: Vec<f64> = ["0", "20", "40"].iter().map(|c| find(c).0).collect();
        assert!(
            cols[0] < cols[1] && cols[1] < cols[2],
            "{metric}: column order"
        );
        for cell in file["cells"].as_array().unwrap() {
            let v = cell["values"].as_array().unwrap();
            let (r, c) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
            let y = if r == 30.0 { row30 } else { row60 };
            let x = cols[(c / 20.0) as usize];
            let label = value_label(mean(&cell["metrics"][metric]));
            assert!(
                texts
                    .iter()
                    .any(|t| t.2 == label && (t.0 - x).abs() < 3.0 && (t.1 - y).abs() < 3.0),
                "{metric}: cell {r} x {c} not labelled {label} at ({x}, {y})"
            );
        }
        // Row and column labels.
        for label in ["30", "60", "0", "20", "40", "Colour scale"] {
            assert!(texts.iter().any(|t| t.2 == label), "{metric}: {label}");
        }
    }
}

/// Parameters whose one-at-a-time effect on the final stock differ clearly in size.
const PARAMS: &str = "prisoners.arrests_per_month,prisoners.sentence.median,\
                      events.repression_waves.probability_per_month,regime.holiday_pardons,\
                      prisoners.sentence.sigma";

#[test]
fn tornado_bars_follow_the_ranking_on_both_sides() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sens");
    leverage(
        &[
            "sensitivity",
            "--params",
            PARAMS,
            "--metric",
            "final_stock,released",
            "-n",
            "60",
        ],
        &dir,
    );
    assert!(
        dir.join("tornado_final_stock.svg").is_file(),
        "binary drew it"
    );
    let written = draw_sensitivity(&dir).expect("tornado charts draw");
    assert_eq!(
        names(&written),
        [
            "tornado_final_stock.png",
            "tornado_final_stock.svg",
            "tornado_released.png",
            "tornado_released.svg"
        ]
    );
    let file = read_json(&dir.join("sensitivity.json"));
    let titles = [
        "Political prisoners still held at the end: the parameters that move it most",
        "Prisoners released by the regime: the parameters that move it most",
    ];
    for (oat, title) in file["oat"].as_array().unwrap().iter().zip(titles) {
        let metric = oat["metric"].as_str().unwrap();
        assert_png(&dir.join(format!("tornado_{metric}.png")));
        let svg = read_svg(
            &dir.join(format!("tornado_{metric}.svg")),
            title,
            &footer(&file),
        );
        let texts = svg_texts(&svg);
        let base = mean(&oat["at_scenario"]);

        // The expected order: largest |high - low| first, parameters that left the
        // mean unchanged left out.
        let mut ranked: Vec<(String, f64, f64, f64)> = oat["effects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["param"].as_str().unwrap().to_string(),
                    mean(&e["at_low"]),
                    mean(&e["at_high"]),
                    mean(&e["change"]),
                )
            })
            .filter(|e| e.1 != base || e.2 != base)
            .collect();
        ranked.sort_by(|a, b| b.3.abs().total_cmp(&a.3.abs()));
        assert!(!ranked.is_empty(), "{metric}: some parameter has an effect");

        // Labels top to bottom in that order.
        let label_y: Vec<f64> = ranked
            .iter()
            .map(|r| {
                texts
                    .iter()
                    .find(|t| t.2 == r.0)
                    .unwrap_or_else(|| panic!("{metric}: {} not labelled", r.0))
                    .1
            })
            .collect();
        assert!(
            label_y.windows(2).all(|w| w[0] < w[1]),
            "{metric}: labels out of order {label_y:?}"
        );

        // Low bars (blue) and high bars (orange), below the legend: one per parameter
        // that moved that side, in the rows of the labels, as long as the move.
        for (fill, side) in [("#0072B2", 1usize), ("#E69F00", 2)] {
            let mut bars: Vec<(f64, f64, f64, f64)> = svg_rects(&svg, fill)
                .into_iter()
                .filter(|r| r.1 > 200.0)
                .collect();
            bars.sort_by(|a, b| a.1.total_cmp(&b.1));
            let expected: Vec<(f64, f64)> = ranked
                .iter()
                .zip(&label_y)
                .map(|(r, y)| (if side == 1 { r.1 } else { r.2 }, *y))
                .filter(|(v, _)| *v != base)
                .map(|(v, y)| ((v - base).abs(), y))
                .collect();
            assert_eq!(bars.len(), expected.len(), "{metric} {fill}: bar count");
            let (big, big_w) = expected
                .iter()
                .zip(&bars)
                .map(|(e, b)| (e.0, b.2))
                .fold((0.0, 0.0), |acc, x| if x.0 > acc.0 { x } else { acc });
            for ((size, row_y), bar) in expected.iter().zip(&bars) {
                let middle = bar.1 + bar.3 / 2.0;
                assert!(
                    (middle - row_y).abs() < bar.3 / 2.0,
                    "{metric} {fill}: bar at {middle} not in the row at {row_y}"
                );
                let want = big_w * size / big;
                assert!(
                    (bar.2 - want).abs() <= 3.0,
                    "{metric} {fill}: width {} for a move of {size}, expected {want}",
                    bar.2
                );
            }
        }
        // The scenario's value, and each side's outer value, are written out.
        assert!(
            texts.iter().any(|t| t
                .2
                .starts_with(&format!("Scenario as given: {}", value_label(base)))),
            "{metric}: scenario value"
        );
        let (name, lo, hi, _) = &ranked[0];
        if (lo - base) * (hi - base) < 0.0 {
            for v in [lo, hi] {
                assert!(
                    texts.iter().any(|t| t.2 == value_label(*v)),
                    "{metric}: {name} end {v} not labelled"
                );
            }
        }
    }
}

#[test]
fn sobol_indices_are_drawn_with_both_orders_and_their_intervals() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sobol");
    leverage(
        &[
            "sensitivity",
            "--params",
            "prisoners.arrests_per_month,prisoners.sentence.median,regime.holiday_pardons",
            "--metric",
            "final_stock",
            "--sobol",
            "--samples",
            "16",
            "-n",
            "20",
            "--no-plots",
        ],
        &dir,
    );
    let written = draw_sensitivity(&dir).expect("charts draw");
    assert_eq!(
        names(&written),
        [
            "tornado_final_stock.png",
            "tornado_final_stock.svg",
            "sobol_final_stock.png",
            "sobol_final_stock.svg"
        ]
    );
    let file = read_json(&dir.join("sensitivity.json"));
    assert_png(&dir.join("sobol_final_stock.png"));
    let svg = read_svg(
        &dir.join("sobol_final_stock.svg"),
        "Political prisoners still held at the end: how much of its variation each parameter \
         explains",
        &footer(&file),
    );
    let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.2).collect();
    for legend in ["First order (alone)", "Total (with interactions)"] {
        assert!(texts.iter().any(|t| t == legend), "{legend}");
    }
    let indices = file["sobol"]["metrics"][0]["indices"].as_array().unwrap();
    for ix in indices {
        assert!(texts.iter().any(|t| t == ix["param"].as_str().unwrap()));
        for key in ["first", "total"] {
            let v = ix[key].as_f64().unwrap();
            assert!(texts.contains(&format!("{v:.2}")), "{key} {v} not labelled");
        }
    }
    // Whiskers: one black line and two caps per 95% CI wide enough to see (the legend
    // has one more black line).
    let cis: Vec<(f64, f64)> = indices
        .iter()
        .flat_map(|ix| ["first_ci95", "total_ci95"].map(|k| ix[k].clone()))
        .map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()))
        .collect();
    let lo = cis.iter().map(|c| c.0).fold(0.0, f64::min);
    let hi = cis.iter().map(|c| c.1).fold(1.0, f64::max);
    let wide = cis
        .iter()
        .filter(|c| (c.1 - c.0) / (hi - lo) > 0.01)
        .count();
    let black = svg
        .matches(r##"<polyline fill="none" opacity="1" stroke="#000000""##)
        .count();
    assert_eq!((black - 1) % 3, 0, "{black} black lines");
    assert!(
        (black - 1) / 3 >= wide,
        "{black} black lines for {wide} intervals"
    );
}

#[test]
fn missing_inputs_name_the_file_and_malformed_ones_are_parse_errors() {
    let tmp = tempfile::tempdir().unwrap();
    match draw_sweep(tmp.path()) {
        Err(PlotError::Read { path, .. }) => assert_eq!(path, tmp.path().join("sweep.json")),
        other => panic!("expected PlotError::Read, got {other:?}"),
    }
    match draw_sensitivity(tmp.path()) {
        Err(PlotError::Read { path, .. }) => {
            assert_eq!(path, tmp.path().join("sensitivity.json"))
        }
        other => panic!("expected PlotError::Read, got {other:?}"),
    }
    std::fs::write(tmp.path().join("sweep.json"), r#"{"axes": []}"#).unwrap();
    std::fs::write(tmp.path().join("sensitivity.json"), "[]").unwrap();
    let err = draw_sweep(tmp.path()).unwrap_err();
    assert!(matches!(err, PlotError::Parse { .. }), "{err}");
    assert!(err.to_string().contains("sweep.json"), "{err}");
    let err = draw_sensitivity(tmp.path()).unwrap_err();
    assert!(matches!(err, PlotError::Parse { .. }), "{err}");
    assert!(err.to_string().contains("sensitivity.json"), "{err}");
}
