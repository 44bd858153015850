//! Fuzz target: any bytes, read as a scenario file, give a scenario or a list of problems,
//! never a panic; a scenario that is accepted simulates two runs with every reported number
//! finite (the accumulators' debug assertions check each value pushed, too).

#![no_main]

use leverage::engine::{BatchOptions, Prepared, RunOutcome, run_batch};
use leverage::report;
use leverage::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = Scenario::from_toml(text, "fuzz.toml") else {
        return;
    };
    // Keep each input fast: a few million prisoner-months at most.
    let months = f64::from(s.horizon_months);
    let work =
        months * (s.prisoners.initial_stock() as f64 + s.prisoners.arrests_per_month * months);
    if work > 2e7 {
        return;
    }
    let prepared = Prepared::new(&s);
    let opts = BatchOptions {
        runs: 2,
        seed: 1,
        threads: Some(1),
    };
    let mut rows = String::new();
    let mut sink = |outcomes: &[RunOutcome]| -> std::io::Result<()> {
        for o in outcomes {
            for v in o.metrics() {
                assert!(v.is_finite(), "run {} has a metric {v}", o.run);
            }
        }
        report::runs_csv_rows(outcomes, &mut rows);
        Ok(())
    };
    let stats = run_batch(&prepared, &opts, &mut sink, &|_| {}).expect("a batch of two runs");
    for (name, text) in [
        ("summary.json", report::summary_json(&s, 1, &stats)),
        ("monthly.csv", report::monthly_csv(&s, &stats)),
        ("runs.csv", rows),
    ] {
        if let Some(why) = non_finite(name, &text) {
            panic!("a non-finite number in an output: {why}\n{text}");
        }
    }
});

/// Why an output holds a non-finite number, if it does. serde_json writes NaN and
/// infinities as `null`, so in JSON only the optional metrics no run produced may be null;
/// in CSV every field that parses as a number ("NaN" and "inf" do) must be finite. Text
/// fields (a scenario named "ordinany") are not numbers.
fn non_finite(name: &str, text: &str) -> Option<String> {
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        match v {
            serde_json::Value::Null => (path != "metrics.months_to_target"
                && path != "metrics.months_to_first_deal")
                .then(|| format!("null (a NaN or an infinity) at {path}")),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            serde_json::Value::Object(o) => o.iter().find_map(|(k, x)| {
                walk(
                    x,
                    &if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                )
            }),
            _ => None,
        }
    }
    if name.ends_with(".json") {
        return match serde_json::from_str(text) {
            Ok(v) => walk(&v, "").map(|why| format!("{name}: {why}")),
            Err(e) => Some(format!("{name} is not JSON: {e}")),
        };
    }
    text.lines().find_map(|line| {
        line.split(',')
            .any(|f| f.trim().parse::<f64>().is_ok_and(|v| !v.is_finite()))
            .then(|| format!("{name}: {line}"))
    })
}
