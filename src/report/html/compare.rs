//! The report of a `leverage compare` folder: title and lede, each scenario's headline
//! outcomes at a glance, findings on each scenario's paired differences from the first,
//! the overlay and fan charts, the comparison table, the scenarios' texts and the
//! provenance.
//!
//! Owns the comparison page's sections and their wording. Must not read files other than
//! through [`super::inputs`] and [`super::charts`], and must escape every text from a file.

use super::charts::{chart, figure};
use super::escape::esc;
use super::inputs::{Compared, ordered_names};
use super::page::{CAVEAT, READING, definition_list, document, footer, scenario_text, sha_line};
use super::words::{
    amount, label_lower, metric_cell, metric_info, num, pct, scenario_argument, signed, unit_label,
};
use crate::plot;
use crate::report::fmt;
use crate::results::MetricSummary;
use crate::results::comparison::{ComparisonFile, PairedDifference};
use crate::results::{metric_unit, names};
use std::fmt::Write as _;
use std::path::Path;

/// The whole comparison page: `file` is `comparison.json`, `scenarios` each compared
/// scenario with its folder read, in the file's order (the first is the reference), and
/// `dir` the comparison folder, whose `compare_*.svg` charts are inlined.
pub(super) fn compare_page(file: &ComparisonFile, scenarios: &[Compared], dir: &Path) -> String {
    let names: Vec<String> = scenarios.iter().map(|s| esc(&s.name)).collect();
    let reference = names.first().cloned().unwrap_or_default();
    let runs = num(file.runs as f64);
    let mut b = String::new();

    // Title.
    b.push_str("<header>\n<p class=\"kicker\">Simulation briefing · political prisoners and sanctions in Belarus</p>\n");
    let _ = writeln!(
        b,
        "<h1>{}<span class=\"what\">{} scenarios compared run by run on common random \
         numbers</span></h1>",
        names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(" vs "),
        scenarios.len()
    );
    b.push_str("<dl>\n");
    for s in scenarios {
        let _ = writeln!(
            b,
            "<dt>{}</dt><dd>{}</dd>",
            esc(&s.name),
            match &s.folder.description {
                Some(d) => esc(d),
                None => "no description (scenario.toml is not in its folder)".into(),
            }
        );
    }
    b.push_str("</dl>\n");
    let periods: Vec<String> = scenarios
        .iter()
        .map(|s| {
            format!(
                "{} months, {}",
                s.folder.summary.horizon_months,
                s.folder.summary.period()
            )
        })
        .collect();
    let same_period = periods.windows(2).all(|w| w[0] == w[1]);
    let _ = writeln!(
        b,
        "<p class=\"meta\">{runs} runs each · {} · seed {} · leverage {}</p>",
        if same_period {
            esc(periods.first().map_or("", String::as_str))
        } else {
            "periods differ".into()
        },
        file.seed,
        esc(&file.leverage_version)
    );
    b.push_str("</header>\n");

    // What this shows.
    b.push_str("<section id=\"shows\">\n<h2>What this shows</h2>\n");
    let period_words = if same_period {
        format!("over {}", esc(periods.first().map_or("", String::as_str)))
    } else {
        format!(
            "over their own periods ({})",
            scenarios
                .iter()
                .zip(&periods)
                .map(|(s, p)| format!("{}: {}", esc(&s.name), esc(p)))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let _ = writeln!(
        b,
        "<p>The simulator <em>leverage</em> played each scenario {runs} times {period_words}, \
         with master seed {}. Run <em>i</em> of every scenario draws the same arrests, \
         sentences and events (common random numbers), so a difference between scenarios \
         within a run comes from their policies and parameters, not from luck. “{reference}” \
         is the reference: every other scenario is compared with it run by run, and the \
         share of runs in which it does better is judged by the Western governments' stated \
         aim (more released; fewer held, newly jailed or dead). {READING}</p>",
        file.seed
    );
    b.push_str("</section>\n");

    // Key findings.
    b.push_str("<section id=\"findings\">\n<h2>Key findings</h2>\n");
    at_a_glance(&mut b, scenarios);
    let findings = compare_findings(file, scenarios);
    if !findings.is_empty() {
        b.push_str("<ul class=\"findings\">\n");
        for line in findings {
            let _ = writeln!(b, "<li>{line}</li>");
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(b, "<p class=\"caveat\">{CAVEAT}</p>");
    b.push_str("</section>\n");

    // The comparison table.
    b.push_str("<section id=\"comparison\" class=\"major\">\n<h2>The comparison</h2>\n");
    let _ = writeln!(
        b,
        "<p>Means over {runs} runs with their 95% confidence intervals, and each scenario's \
         difference from “{reference}” run by run. <strong>Bold</strong> differences have a \
         95% interval that excludes zero. “Better in” is the share of paired runs in which \
         the scenario did better than the reference; “–” where neither direction is better \
         (a cost to one side that is a gain to the other).</p>"
    );
    let headline: Vec<String> = crate::report::compare::HEADLINE
        .iter()
        .filter(|m| file.metrics.contains_key(m))
        .map(|m| m.to_string())
        .collect();
    comparison_table(&mut b, file, scenarios, &headline);
    b.push_str("</section>\n");

    // Charts.
    let mut n = 0;
    b.push_str("<section id=\"charts\" class=\"major\">\n<h2>Charts</h2>\n");
    b.push_str("<h3>Political prisoners held, scenarios together</h3>\n");
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::COMPARE_STOCK)),
        "Each scenario's median number of political prisoners held at the end of each \
         month, with the middle 50% and 90% of its runs as bands.",
    );
    b.push_str("<h3>Totals over the period, side by side</h3>\n");
    for metric in plot::COMPARE_METRICS {
        let caption = format!(
            "{} per run, by scenario: the box holds the middle 50% of runs, the whiskers \
             90%, the bar marks the median.",
            esc(&metric_info(metric).0)
        );
        figure(
            &mut b,
            &mut n,
            &chart(dir, &format!("compare_{metric}.svg")),
            &caption,
        );
    }
    b.push_str("<h3>Each scenario on its own</h3>\n");
    for s in scenarios {
        let target = match s.folder.summary.target_stock {
            Some(t) => format!(
                " The dashed line is the target of fewer than {}.",
                num(t as f64)
            ),
            None => String::new(),
        };
        figure(
            &mut b,
            &mut n,
            &s.fan,
            &format!(
                "“{}”: political prisoners held at the end of each month; median run, middle \
                 50% and 90% of runs.{target}",
                esc(&s.name)
            ),
        );
    }
    b.push_str("</section>\n");

    // Every metric.
    b.push_str("<section id=\"metrics\" class=\"major\">\n<h2>Every metric compared</h2>\n");
    b.push_str(
        "<p>The same comparison for every metric in comparison.json. Totals per run over \
         the whole period.</p>\n",
    );
    let all = ordered_names(file.metrics.keys());
    comparison_table(&mut b, file, scenarios, &all);
    b.push_str("</section>\n");

    // Provenance, then the scenario texts as an appendix.
    b.push_str("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
    b.push_str(
        "<table>\n<thead><tr><th>Scenario</th><th class=\"l\">File</th><th class=\"l\">SHA-256</th>\
         <th class=\"l\">Folder</th></tr></thead>\n<tbody>\n",
    );
    for s in scenarios {
        let sha = if s.sha256 == s.folder.summary.sha256 {
            sha_line(&s.sha256, s.folder.scenario_matches())
        } else {
            format!(
                "<code>{}</code> <span class=\"warn\">(its summary.json records {})</span>",
                esc(&s.sha256),
                esc(&s.folder.summary.sha256)
            )
        };
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"l\"><code>{}</code></td><td class=\"l\">{sha}</td>\
             <td class=\"l\"><code>{}/</code></td></tr>",
            esc(&s.name),
            esc(&s.path),
            esc(&s.dir_name)
        );
    }
    b.push_str("</tbody>\n</table>\n");
    definition_list(
        &mut b,
        &[
            (
                "Results made by",
                format!("leverage {}", esc(&file.leverage_version)),
            ),
            ("Master seed", file.seed.to_string()),
            ("Runs of each scenario", runs.clone()),
            ("Reference", format!("“{reference}”")),
            (
                "Reproduce",
                format!(
                    "<code>leverage compare {} -n {} --seed {}</code>",
                    scenarios
                        .iter()
                        .map(|s| esc(&scenario_argument(&s.path)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    file.runs,
                    file.seed
                ),
            ),
            (
                "Read from",
                "comparison.json, the compare_*.svg charts, and each scenario folder's \
                 summary.json, monthly.csv and scenario.toml"
                    .into(),
            ),
        ],
    );
    b.push_str("</section>\n");
    b.push_str(
        "<section id=\"scenario\" class=\"major\">\n<h2>Appendix: the scenario files</h2>\n",
    );
    for s in scenarios {
        let _ = writeln!(b, "<h3>“{}”</h3>", esc(&s.name));
        scenario_text(
            &mut b,
            &s.folder,
            &format!("{}/{}", s.dir_name, names::SCENARIO_TOML),
        );
    }
    b.push_str("</section>\n");
    footer(&mut b);

    let plain: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    document(
        &format!("{} — leverage comparison", plain.join(" vs ")),
        &format!("leverage · {} · seed {}", plain.join(" vs "), file.seed),
        &b,
    )
}

/// A small table of each scenario's headline outcomes, from its own summary.json.
fn at_a_glance(b: &mut String, scenarios: &[Compared]) {
    b.push_str(
        "<table>\n<thead><tr><th>Scenario</th><th>Released (median)</th>\
         <th>Newly jailed (median)</th><th>Held at the end (median, 90% of runs)</th>\
         <th>Runs below target</th><th>Runs with a deal</th></tr></thead>\n<tbody>\n",
    );
    for s in scenarios {
        let f = &s.folder;
        let median = |m: &str| f.metric(m).map_or("–".to_string(), |v| num(v.p50));
        let held = f.metric("final_stock").map_or("–".to_string(), |v| {
            format!(
                "{}<span class=\"ci\">{} to {}</span>",
                num(v.p50),
                num(v.p05),
                num(v.p95)
            )
        });
        let target = match (f.share_reached_target(), f.summary.target_stock) {
            (Some(r), Some(t)) => format!(
                "{}<span class=\"ci\">below {}</span>",
                pct(r),
                num(t as f64)
            ),
            (Some(r), None) => pct(r),
            _ => "–".into(),
        };
        let _ = writeln!(
            b,
            "<tr><td><span class=\"label nw\">{}</span></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{held}</td><td class=\"num\">{target}</td>\
             <td class=\"num\">{}</td></tr>",
            esc(&s.name),
            median("released"),
            median("new_arrests"),
            f.share_with_deal().map_or("–".to_string(), pct)
        );
    }
    b.push_str("</tbody>\n</table>\n");
}

/// Whether a difference's 95% interval excludes zero.
fn clear(d: &PairedDifference) -> bool {
    d.ci95[0] > 0.0 || d.ci95[1] < 0.0
}

/// Plain sentences on each scenario's differences from the reference.
fn compare_findings(file: &ComparisonFile, scenarios: &[Compared]) -> Vec<String> {
    let Some(reference) = scenarios.first() else {
        return Vec::new();
    };
    let r = esc(&reference.name);
    let mut out = Vec::new();
    for (k, s) in scenarios.iter().enumerate().skip(1) {
        let a = esc(&s.name);
        let mut same = Vec::new();
        let mut unclear = Vec::new();
        for metric in crate::report::compare::HEADLINE {
            let Some(m) = file.metrics.get(metric) else {
                continue;
            };
            let Some(d) = m.differences.get(k - 1) else {
                continue;
            };
            let unit = m.unit.as_deref().unwrap_or_else(|| metric_unit(metric));
            if d.share_higher == 0.0 && d.share_lower == 0.0 {
                same.push(label_lower(metric));
            } else if clear(d) {
                let money = unit.starts_with("USD");
                let word = match (d.mean > 0.0, money) {
                    (true, true) => "higher",
                    (false, true) => "lower",
                    (true, false) => "more",
                    (false, false) => "fewer",
                };
                let mut line = format!(
                    "{}: <strong>{} {word}</strong> under “{a}” than under “{r}” on average \
                     (95% CI {} to {})",
                    esc(&metric_info(metric).0),
                    amount(d.mean.abs(), unit),
                    signed(d.ci95[0]),
                    signed(d.ci95[1])
                );
                if let Some(better) = d.share_better {
                    let _ = write!(
                        line,
                        "; “{a}” does better in {} of paired runs and worse in {}",
                        pct(better),
                        pct(if m.better.as_deref() == Some("lower") {
                            d.share_higher
                        } else {
                            d.share_lower
                        })
                    );
                }
                line.push('.');
                out.push(line);
            } else {
                unclear.push(format!(
                    "{} ({}, 95% CI {} to {})",
                    label_lower(metric),
                    signed(d.mean),
                    signed(d.ci95[0]),
                    signed(d.ci95[1])
                ));
            }
        }
        if !unclear.is_empty() {
            out.push(format!(
                "No clear difference between “{a}” and “{r}” in {}.",
                join_words(&unclear)
            ));
        }
        if !same.is_empty() {
            out.push(format!(
                "“{a}” and “{r}” are identical in every paired run on {}.",
                join_words(&same)
            ));
        }
    }
    out
}

/// "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The table of every metric: each scenario's mean with its 95% CI, then each other
/// scenario's paired difference from the reference and the share of runs it did better.
fn comparison_table(
    b: &mut String,
    file: &ComparisonFile,
    scenarios: &[Compared],
    metrics: &[String],
) {
    let reference = scenarios.first().map(|s| esc(&s.name)).unwrap_or_default();
    b.push_str("<table>\n<thead><tr><th>Metric</th><th class=\"l\">Unit</th>");
    for s in scenarios {
        let _ = write!(
            b,
            "<th><span class=\"nw\">“{}”</span><br>mean (95% CI)</th>",
            esc(&s.name)
        );
    }
    for s in scenarios.iter().skip(1) {
        let _ = write!(
            b,
            "<th><span class=\"nw\">“{}”</span> − <span class=\"nw\">“{reference}”</span><br>\
             paired difference (95% CI)</th><th>Better in</th>",
            esc(&s.name)
        );
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for name in metrics {
        let Some(m) = file.metrics.get(name) else {
            continue;
        };
        let unit = m.unit.as_deref().unwrap_or_else(|| metric_unit(name));
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"l u\">{}</td>",
            metric_cell(name),
            esc(unit_label(unit))
        );
        for k in 0..scenarios.len() {
            match m.scenarios.get(k).and_then(|p| p.summary) {
                Some(
                    v @ MetricSummary {
                        ci95: Some(ci95), ..
                    },
                ) => {
                    let _ = write!(
                        b,
                        "<td class=\"num\">{}<span class=\"ci\">{} to {}</span></td>",
                        fmt(v.mean),
                        fmt(ci95[0]),
                        fmt(ci95[1])
                    );
                }
                _ => b.push_str("<td class=\"na\">–</td>"),
            }
        }
        for k in 1..scenarios.len() {
            match m.differences.get(k - 1) {
                Some(d) => {
                    let _ = write!(
                        b,
                        "<td class=\"num{}\">{}<span class=\"ci\">{} to {}</span></td>\
                         <td class=\"num\">{}</td>",
                        if clear(d) { " sig" } else { "" },
                        signed(d.mean),
                        signed(d.ci95[0]),
                        signed(d.ci95[1]),
                        if d.share_higher == 0.0 && d.share_lower == 0.0 {
                            "–<span class=\"ci\">same in every run</span>".to_string()
                        } else {
                            d.share_better.map_or("–".to_string(), pct)
                        }
                    );
                }
                None => b.push_str("<td class=\"na\">–</td><td class=\"na\">–</td>"),
            }
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n");
}
