//! The report of a `leverage run` folder: title and lede, headline cards, findings in
//! sentences, the charts with captions, the table of metrics, the scenario text and the
//! provenance.
//!
//! Owns the run page's sections and their wording. Must not read files other than through
//! [`super::inputs`] and [`super::charts`], and must escape every text from a file.

use super::charts::{chart, figure};
use super::escape::esc;
use super::inputs::RunFolder;
use super::page::{
    CAVEAT, READING, cards, definition_list, document, footer, scenario_text, sha_line,
};
use super::words::{amount, metric_cell, metric_info, num, pct, scenario_argument, unit_label};
use crate::report::fmt;
use crate::results::{metric_unit, names};
use std::fmt::Write as _;
use std::path::Path;

/// The whole run page for the folder read as `f`; `dir` is that folder, whose `*.svg`
/// charts are inlined.
pub(super) fn run_page(f: &RunFolder, dir: &Path) -> String {
    let s = &f.summary;
    let mut b = String::new();
    let name = esc(&s.scenario);
    let runs = num(s.runs as f64);

    // Title.
    b.push_str("<header>\n<p class=\"kicker\">Simulation briefing · political prisoners and sanctions in Belarus</p>\n");
    let _ = writeln!(
        b,
        "<h1>Scenario “{name}”<span class=\"what\">{}</span></h1>",
        match &f.description {
            Some(d) => esc(d),
            None => "No description: scenario.toml is not in this folder.".to_string(),
        }
    );
    let _ = writeln!(
        b,
        "<p class=\"meta\">{runs} runs · {} months, {} · seed {} · leverage {}</p>",
        s.horizon_months,
        esc(&s.period()),
        s.seed,
        esc(&s.version)
    );
    b.push_str("</header>\n");

    // What this shows.
    b.push_str("<section id=\"shows\">\n<h2>What this shows</h2>\n");
    let _ = writeln!(
        b,
        "<p>The simulator <em>leverage</em> played the scenario “{name}” {runs} times, each \
         over {} months from {} to {}, with master seed {} (the same seed gives the same \
         results, byte for byte). It models the Belarusian regime holding political \
         prisoners and Western governments (the US, the EU, Lithuania and Poland) using \
         sanctions and relief to obtain their release. {READING}</p>",
        s.horizon_months,
        s.start,
        s.end(),
        s.seed
    );
    b.push_str("</section>\n");

    // Key findings.
    b.push_str("<section id=\"findings\">\n<h2>Key findings</h2>\n");
    cards(&mut b, &run_cards(f));
    let findings = run_findings(f);
    if findings.is_empty() {
        b.push_str("<p>summary.json holds none of the headline metrics.</p>\n");
    } else {
        b.push_str("<ul class=\"findings\">\n");
        for line in findings {
            let _ = writeln!(b, "<li>{line}</li>");
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(b, "<p class=\"caveat\">{CAVEAT}</p>");
    b.push_str("</section>\n");

    // Charts.
    let mut n = 0;
    b.push_str("<section id=\"charts\" class=\"major\">\n<h2>Charts</h2>\n");
    b.push_str("<h3>Political prisoners held, month by month</h3>\n");
    let target = match s.target_stock {
        Some(t) => format!(
            " The dashed line is the target of fewer than {}.",
            num(t as f64)
        ),
        None => String::new(),
    };
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::STOCK_FAN)),
        &format!(
            "Political prisoners held at the end of each month. The line follows the median \
             over runs; the darker band holds the middle 50% of runs and the lighter band \
             90%.{target}"
        ),
    );
    b.push_str("<h3>Arrests and releases, month by month</h3>\n");
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::ARRESTS_RELEASES)),
        "New political prisoners and prisoners released by the regime in each month, as \
         the mean over runs. Freed at the end of a sentence is not counted as a release.",
    );
    b.push_str("<h3>Distributions over runs</h3>\n");
    b.push_str(
        "<p class=\"intro\">Each histogram counts runs by a total over the whole period: how \
         often each outcome happens across the simulated histories.</p>\n",
    );
    for (metric, file) in histogram_files(f, dir) {
        let caption = match f.metric(&metric) {
            Some(m) => format!(
                "{} ({}) over the {runs} runs: median {}; {}.",
                esc(&metric_info(&metric).0),
                esc(unit_label(metric_unit(&metric))),
                num(m.p50),
                range_words(m.p05, m.p95)
            ),
            None => format!("{} over the {runs} runs.", esc(&metric_info(&metric).0)),
        };
        figure(&mut b, &mut n, &chart(dir, &file), &caption);
    }
    b.push_str("</section>\n");

    // Every metric.
    b.push_str("<section id=\"metrics\" class=\"major\">\n<h2>Every metric</h2>\n");
    let _ = writeln!(
        b,
        "<p>Totals per run over the {} months, summarised over the {runs} runs: the mean with \
         its 95% confidence interval, and the 5th, 50th (median) and 95th percentiles.</p>",
        s.horizon_months
    );
    metrics_table(&mut b, f);
    b.push_str("</section>\n");

    // Provenance, then the scenario text as an appendix.
    b.push_str("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
    run_provenance(&mut b, f);
    b.push_str("</section>\n");
    b.push_str("<section id=\"scenario\" class=\"major\">\n<h2>Appendix: the scenario file</h2>\n");
    scenario_text(&mut b, f, names::SCENARIO_TOML);
    b.push_str("</section>\n");
    footer(&mut b);

    document(
        &format!("Scenario {} — leverage briefing", s.scenario),
        &format!("leverage · scenario {} · seed {}", s.scenario, s.seed),
        &b,
    )
}

/// The headline numbers of a run.
fn run_cards(f: &RunFolder) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(m) = f.metric("released") {
        out.push((
            num(m.p50),
            "prisoners released by the regime (median over runs)".into(),
        ));
    }
    if let Some(m) = f.metric("new_arrests") {
        out.push((num(m.p50), "people newly jailed (median)".into()));
    }
    if let Some(m) = f.metric("final_stock") {
        out.push((
            num(m.p50),
            format!(
                "held at the end of {} (median; 90% of runs {}–{})",
                f.summary.end(),
                num(m.p05),
                num(m.p95)
            ),
        ));
    }
    if let Some(d) = f.share_with_deal() {
        out.push((pct(d), "of runs with a release deal".into()));
    }
    out
}

/// Plain sentences from the numbers of one run folder.
fn run_findings(f: &RunFolder) -> Vec<String> {
    let s = &f.summary;
    let mut out = Vec::new();
    if let (Some(r), Some(a)) = (f.metric("released"), f.metric("new_arrests")) {
        let mut line = format!(
            "Over {} months ({}), a median of <strong>{} prisoners are released</strong> by \
             the regime and <strong>{} people newly jailed</strong>",
            s.horizon_months,
            esc(&s.period()),
            num(r.p50),
            num(a.p50)
        );
        if let Some(c) = f.metric("sentence_completions") {
            let _ = write!(
                line,
                "; {} more walk free at the end of their sentence",
                num(c.p50)
            );
        }
        if let Some(d) = f.metric("deaths_in_custody") {
            let _ = write!(line, " and {} die in custody", num(d.p50));
        }
        line.push_str(" (medians over runs).");
        out.push(line);
    }
    if let Some(fin) = f.metric("final_stock") {
        let start = f.metric("initial_stock").map(|m| m.p50);
        let mut line = match start {
            Some(i) => {
                let change = fin.p50 - i;
                let direction = if change.abs() < 0.5 {
                    "about the same".to_string()
                } else if change < 0.0 {
                    format!("{} fewer", num(-change))
                } else {
                    format!("{} more", num(change))
                };
                format!(
                    "The number of political prisoners goes from {} at the start to a median \
                     of <strong>{}</strong> at the end of {} ({direction})",
                    num(i),
                    num(fin.p50),
                    s.end()
                )
            }
            None => format!(
                "A median of <strong>{}</strong> political prisoners are held at the end of {}",
                num(fin.p50),
                s.end()
            ),
        };
        let _ = write!(
            line,
            "; in 90% of runs it ends between {} and {}.",
            num(fin.p05),
            num(fin.p95)
        );
        out.push(line);
    }
    if let Some(line) = monthly_finding(f) {
        out.push(line);
    }
    if let (Some(t), Some(reached)) = (s.target_stock, f.share_reached_target()) {
        let t = num(t as f64);
        let line = if reached <= 0.0 {
            format!("In <strong>no run</strong> does the number held fall below the target of {t}.")
        } else {
            let mut line = format!(
                "The number held falls below the target of {t} in <strong>{} of runs</strong>",
                pct(reached)
            );
            if let Some(m) = f.metric("months_to_target") {
                let _ = write!(
                    line,
                    "; where it does, after a median of {} months",
                    num(m.p50)
                );
            }
            line.push('.');
            line
        };
        out.push(line);
    }
    if let Some(dealt) = f.share_with_deal() {
        let line = if dealt <= 0.0 {
            "<strong>No run</strong> has a release deal between the regime and a Western \
             government: every release is the regime's own decision."
                .to_string()
        } else {
            let mut line = format!(
                "A release deal is made in <strong>{} of runs</strong>",
                pct(dealt)
            );
            if let Some(m) = f.metric("months_to_first_deal") {
                let _ = write!(
                    line,
                    "; the first comes after a median of {} months",
                    num(m.p50)
                );
            }
            if let Some(d) = f.metric("deals") {
                let _ = write!(line, ", and a run has {} deals on average", num(d.mean));
            }
            line.push('.');
            line
        };
        out.push(line);
    }
    if let (Some(c), Some(r)) = (f.metric("sanctions_cost"), f.metric("relief_granted")) {
        let relief = if r.mean == 0.0 && r.p95 == 0.0 {
            "receives no sanctions relief in any run".to_string()
        } else {
            format!(
                "receives a median of {} in sanctions relief",
                amount(r.p50, "USD m")
            )
        };
        out.push(format!(
            "Sanctions cost the regime a median of {} over the period, net of Russian \
             support; it {relief}.",
            amount(c.p50, "USD m")
        ));
    }
    out
}

/// The month-by-month picture from `monthly.csv`: the average flows in and out, and where
/// the median stock turns, if it turns.
fn monthly_finding(f: &RunFolder) -> Option<String> {
    let series = |name: &str| f.monthly.series.get(name).filter(|rows| !rows.is_empty());
    let average = |name: &str| {
        series(name).map(|rows| rows.iter().map(|r| r.mean).sum::<f64>() / rows.len() as f64)
    };
    let (arrests, released) = (average("arrests")?, average("released")?);
    let mut line = format!(
        "In an average month {} people are newly jailed and {} released by the regime",
        num(arrests),
        num(released)
    );
    if let Some(stock) = series("stock") {
        let (first, last) = (stock[0].p50, stock[stock.len() - 1].p50);
        let low = stock
            .iter()
            .min_by(|a, b| a.p50.total_cmp(&b.p50))
            .filter(|r| r.p50 < first.min(last) - 0.5);
        let high = stock
            .iter()
            .max_by(|a, b| a.p50.total_cmp(&b.p50))
            .filter(|r| r.p50 > first.max(last) + 0.5);
        if let Some(r) = low {
            let _ = write!(
                line,
                "; the median number held is lowest in {} ({}) and rises again after",
                r.calendar,
                num(r.p50)
            );
        } else if let Some(r) = high {
            let _ = write!(
                line,
                "; the median number held peaks in {} ({}) and falls after",
                r.calendar,
                num(r.p50)
            );
        }
    }
    line.push('.');
    Some(line)
}

/// "90% of runs between 3 and 7", or "at least 90% of runs at 524" when the two agree.
fn range_words(p05: f64, p95: f64) -> String {
    if num(p05) == num(p95) {
        format!("at least 90% of runs at {}", num(p05))
    } else {
        format!("90% of runs between {} and {}", num(p05), num(p95))
    }
}

/// The histogram charts of a folder: one per metric of `histograms.json` that has runs,
/// then any other `hist_*.svg` in the folder, by name.
fn histogram_files(f: &RunFolder, dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for h in f.histograms.iter().flatten() {
        if h.bins.iter().all(|b| b.2 <= 0.0) {
            continue;
        }
        out.push((h.metric.clone(), format!("hist_{}.svg", h.metric)));
    }
    let mut extra: Vec<(String, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            let metric = file
                .strip_prefix("hist_")?
                .strip_suffix(".svg")?
                .to_string();
            Some((metric, file))
        })
        .filter(|(_, file)| !out.iter().any(|(_, f)| f == file))
        .collect();
    extra.sort();
    out.extend(extra);
    out
}

/// The table of every metric: label and definition, unit, mean, its 95% CI, and the p05,
/// p50 and p95 over runs.
fn metrics_table(b: &mut String, f: &RunFolder) {
    b.push_str(
        "<table>\n<thead><tr><th>Metric</th><th class=\"l\">Unit</th><th>Mean</th>\
         <th>95% CI</th><th>p05</th><th>p50</th><th>p95</th></tr></thead>\n<tbody>\n",
    );
    for name in f.metric_names() {
        let unit = unit_label(metric_unit(&name));
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"l u\">{}</td>",
            metric_cell(&name),
            esc(unit)
        );
        match f.metric(&name) {
            Some(m) => {
                let ci = m.ci95.map_or("–".to_string(), |[lo, hi]| {
                    format!("{} to {}", fmt(lo), fmt(hi))
                });
                let _ = writeln!(
                    b,
                    "<td class=\"num\">{}</td><td class=\"num\">{ci}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    fmt(m.mean),
                    fmt(m.p05),
                    fmt(m.p50),
                    fmt(m.p95)
                );
            }
            None => {
                let _ = writeln!(
                    b,
                    "<td class=\"na\" colspan=\"5\">no run has this metric</td></tr>"
                );
            }
        }
    }
    b.push_str("</tbody>\n</table>\n");
    let mut notes = Vec::new();
    match f.share_reached_target() {
        Some(r) if r <= 0.0 => notes
            .push("<code>months_to_target</code> is empty: no run reached the target".to_string()),
        Some(r) => notes.push(format!(
            "<code>months_to_target</code> counts only the {} of runs in which the stock fell \
             below the target",
            pct(r)
        )),
        None => {}
    }
    match f.share_with_deal() {
        Some(d) if d <= 0.0 => {
            notes.push("<code>months_to_first_deal</code> is empty: no run had a deal".to_string())
        }
        Some(d) => notes.push(format!(
            "<code>months_to_first_deal</code> counts only the {} of runs with a deal",
            pct(d)
        )),
        None => {}
    }
    notes.push(
        "USD amounts are millions of US dollars, summed over months; payoffs are in \
         USD-million equivalents"
            .to_string(),
    );
    let _ = writeln!(b, "<p class=\"note\">{}.</p>", notes.join("; "));
}

/// The provenance list: the leverage version, the scenario with its file and SHA-256, the
/// seed, runs, period and target, the command that reproduces the folder, and the files
/// the page was read from.
fn run_provenance(b: &mut String, f: &RunFolder) {
    let s = &f.summary;
    let mut items = vec![
        ("Results made by", format!("leverage {}", esc(&s.version))),
        ("Scenario", esc(&s.scenario)),
        (
            "Scenario file",
            format!("<code>{}</code>", esc(&f.summary.path)),
        ),
        (
            "Scenario SHA-256",
            sha_line(&s.sha256, f.scenario_matches()),
        ),
        ("Master seed", s.seed.to_string()),
        ("Runs", num(s.runs as f64)),
        (
            "Period",
            format!("{} months, {}", s.horizon_months, esc(&s.period())),
        ),
    ];
    if let Some(t) = s.target_stock {
        items.push(("Target stock", format!("fewer than {}", num(t as f64))));
    }
    items.push((
        "Reproduce",
        format!(
            "<code>leverage run {} -n {} --seed {}</code>",
            esc(&scenario_argument(&f.summary.path)),
            s.runs,
            s.seed
        ),
    ));
    items.push((
        "Read from",
        "summary.json, monthly.csv, histograms.json, scenario.toml and the charts \
         (*.svg) in this folder"
            .into(),
    ));
    definition_list(b, &items);
}
