//! Property tests of the scenario parser and validator: whatever the text, reading it
//! returns a scenario or a list of problems, never a panic; and a scenario that is
//! accepted simulates without a NaN or an infinity reaching any output.
//!
//! Three sources of text: arbitrary strings, arbitrary TOML documents built from the
//! scenario's own key names (so that they get past the first table), and mutations of the
//! bundled scenarios (one value swapped for an extreme or wrongly typed one, a key dropped
//! or written twice). The cargo-fuzz target in `fuzz/` does the same with coverage
//! guidance; see `docs/scenario.md`.

mod common;
use common::non_finite;
use leverage::engine::{BatchOptions, Prepared, RunOutcome, run_batch};
use leverage::report;
use leverage::scenario::{BUNDLED, Scenario, ScenarioError};
use proptest::prelude::*;
use toml::{Table, Value};

/// Keys that appear in scenario files, so that generated documents reach the validator.
const KEYS: &[&str] = &[
    "name",
    "description",
    "time",
    "start",
    "horizon_months",
    "prisoners",
    "arrests_per_month",
    "death_hazard_per_month",
    "max_sentence_months",
    "classes",
    "initial_count",
    "arrest_share",
    "sentence",
    "initial_remaining",
    "kind",
    "value",
    "low",
    "high",
    "median",
    "sigma",
    "values",
    "weights",
    "regime",
    "strategy",
    "signal",
    "interval_months",
    "class",
    "us",
    "eu",
    "measures",
    "actor",
    "sector",
    "justification",
    "cost_per_month",
    "status",
    "imposed",
    "events",
    "elections",
    "holiday_months",
    "repression_waves",
    "west",
    "switches",
    "month",
    "payoffs",
    "bargaining",
    "protocol",
    "power",
];

/// Values chosen to break things: bounds, extremes, non-finite numbers, wrong types.
fn extreme_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Integer(0)),
        Just(Value::Integer(-1)),
        Just(Value::Integer(1)),
        Just(Value::Integer(600)),
        Just(Value::Integer(1200)),
        Just(Value::Integer(1_000_000)),
        Just(Value::Integer(i64::MAX)),
        Just(Value::Integer(i64::MIN)),
        Just(Value::Float(0.0)),
        Just(Value::Float(-0.0)),
        Just(Value::Float(1.0)),
        Just(Value::Float(1e6)),
        Just(Value::Float(1e-300)),
        Just(Value::Float(1e308)),
        Just(Value::Float(-1e308)),
        Just(Value::Float(f64::NAN)),
        Just(Value::Float(f64::INFINITY)),
        Just(Value::Float(f64::NEG_INFINITY)),
        Just(Value::String(String::new())),
        Just(Value::String("2024-07".into())),
        Just(Value::String("9999-12".into())),
        Just(Value::String("1000-01".into())),
        Just(Value::String("ordinary".into())),
        Just(Value::String("sanctions-first".into())),
        Just(Value::String("us".into())),
        Just(Value::String("reserve".into())),
        Just(Value::String("empirical".into())),
        Just(Value::Boolean(true)),
        Just(Value::Array(Vec::new())),
        Just(Value::Table(Table::new())),
        any::<i64>().prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
        "[a-z0-9 -]{0,12}".prop_map(Value::String),
    ]
}

/// An arbitrary TOML value, nested a few levels, keyed with the scenario's vocabulary.
fn toml_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-z_]{1,8}",
    ];
    extreme_value().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Table(m.into_iter().collect())),
        ]
    })
}

/// Reads `text`; a panic fails the property (proptest reports it with the input).
fn read(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::from_toml(text, "fuzz.toml")
}

/// Every number a run reports, and every number of the files written from a small
/// batch, is finite.
fn assert_outputs_finite(s: &Scenario, runs: u64) -> Result<(), TestCaseError> {
    let prepared = Prepared::new(s);
    let opts = BatchOptions {
        runs,
        seed: 7,
        threads: Some(1),
    };
    let mut rows = String::new();
    let mut sink = |outcomes: &[RunOutcome]| -> std::io::Result<()> {
        report::runs_csv_rows(outcomes, &mut rows);
        for o in outcomes {
            for (name, v) in leverage::engine::RUN_METRICS.iter().zip(o.metrics()) {
                if !v.is_finite() {
                    return Err(std::io::Error::other(format!(
                        "run {}: {name} is {v}",
                        o.run
                    )));
                }
            }
        }
        Ok(())
    };
    let stats = run_batch(&prepared, &opts, &mut sink, &|_| {})
        .map_err(|e| TestCaseError::fail(format!("the batch failed: {e}")))?;
    let summary = report::summary_json(s, 7, &stats);
    let monthly = report::monthly_csv(s, &stats);
    for (name, text) in [
        ("summary.json", summary.as_str()),
        ("monthly.csv", monthly.as_str()),
        ("runs.csv", rows.as_str()),
    ] {
        if let Some(why) = non_finite(name, text) {
            return Err(TestCaseError::fail(why));
        }
    }
    Ok(())
}

/// A simulation is worth running in a test when it is small: a few million prisoner-months.
fn cheap_enough(s: &Scenario) -> bool {
    let stock = s.prisoners.initial_stock() as f64;
    let arrests = s.prisoners.arrests_per_month * f64::from(s.horizon_months);
    f64::from(s.horizon_months) * (stock + arrests) < 5e7
}

/// The leaves of a TOML table, as paths of keys and indices.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn leaves(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Table(t) => {
            for (k, v) in t {
                path.push(Step::Key(k.clone()));
                out.push(path.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                path.push(Step::Index(i));
                out.push(path.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v);
    };
    let next = match (first, v) {
        (Step::Key(k), Value::Table(t)) => t.get_mut(k)?,
        (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
        _ => return None,
    };
    at(next, rest)
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Drop,
}

/// A bundled scenario with the value at one of its paths replaced or dropped.
fn mutated(scenario: usize, pick: prop::sample::Index, m: &Mutation) -> String {
    let (_, text) = BUNDLED[scenario];
    let mut doc = Value::Table(text.parse::<Table>().expect("bundled scenarios parse"));
    let mut paths = Vec::new();
    leaves(&doc, &mut Vec::new(), &mut paths);
    let path = &paths[pick.index(paths.len())];
    let (last, parent) = path.split_last().expect("a path has a last step");
    if let Some(parent) = at(&mut doc, parent) {
        match (m, last, parent) {
            (Mutation::Replace(v), step, parent) => {
                if let Some(slot) = at(parent, std::slice::from_ref(step)) {
                    *slot = v.clone();
                }
            }
            (Mutation::Drop, Step::Key(k), Value::Table(t)) => {
                t.remove(k);
            }
            (Mutation::Drop, Step::Index(i), Value::Array(a)) => {
                a.remove(*i);
            }
            _ => {}
        }
    }
    toml::to_string(&doc).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_read_or_rejected_never_a_panic(text in "\\PC{0,200}") {
        let _ = read(&text);
    }

    #[test]
    fn arbitrary_toml_lines_are_read_or_rejected_never_a_panic(
        lines in prop::collection::vec(
            prop_oneof![
                "\\[[a-z_.]{0,20}\\]?",
                "\\[\\[[a-z_.]{0,20}\\]\\]",
                "[a-z_]{1,12} = (-?[0-9.e+]{0,8}|\"[a-z0-9 -]{0,8}\"|true|nan|inf|\\[\\]|\\{\\})",
                prop::sample::select(KEYS).prop_map(|k| format!("{k} = 1")),
            ],
            0..20,
        )
    ) {
        let _ = read(&format!("name = \"fuzz\"\n{}\n", lines.join("\n")));
    }

    #[test]
    fn arbitrary_toml_documents_are_read_or_rejected_and_accepted_ones_simulate_finitely(
        mut table in prop::collection::btree_map(
            prop::sample::select(KEYS).prop_map(str::to_string),
            toml_value(),
            0..8,
        ),
        named in any::<bool>(),
    ) {
        if named {
            table.insert("name".into(), Value::String("fuzz".into()));
        }
        let doc: Table = table.into_iter().collect();
        // Some trees (a NaN key) do not serialise; those are not scenario files.
        if let Ok(text) = toml::to_string(&doc)
            && let Ok(s) = read(&text)
            && cheap_enough(&s)
        {
            assert_outputs_finite(&s, 3)?;
        }
    }

    #[test]
    fn mutated_bundled_scenarios_are_read_or_rejected_and_accepted_ones_simulate_finitely(
        scenario in 0..BUNDLED.len(),
        pick in any::<prop::sample::Index>(),
        mutation in prop_oneof![
            4 => extreme_value().prop_map(Mutation::Replace),
            1 => Just(Mutation::Drop),
        ],
    ) {
        let text = mutated(scenario, pick, &mutation);
        if let Ok(s) = read(&text)
            && cheap_enough(&s)
        {
            assert_outputs_finite(&s, 3)?;
        }
    }

    #[test]
    fn a_line_of_a_bundled_scenario_written_twice_is_rejected_or_read_never_a_panic(
        scenario in 0..BUNDLED.len(),
        pick in any::<prop::sample::Index>(),
    ) {
        let (_, text) = BUNDLED[scenario];
        let lines: Vec<&str> = text.lines().collect();
        let i = pick.index(lines.len());
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i]);
        let doubled = doubled.join("\n");
        let result = read(&doubled);
        // A key or table written twice is a TOML error; a comment or blank line is harmless.
        let line = lines[i];
        let in_multiline_string = lines[..i].iter().map(|l| l.matches("\"\"\"").count()).sum::<usize>() % 2 == 1;
        let key = line.split_once(" = ").map_or("", |(k, _)| k);
        if !in_multiline_string
            && !key.is_empty()
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            prop_assert!(result.is_err(), "a duplicated `{line}` was accepted");
        }
    }
}

/// Values every leaf of the baseline is set to in turn.
fn sweep_values() -> Vec<Value> {
    vec![
        Value::Integer(0),
        Value::Integer(-1),
        Value::Integer(1),
        Value::Integer(600),
        Value::Integer(1_000_000),
        Value::Integer(i64::MAX),
        Value::Float(0.0),
        Value::Float(1.0),
        Value::Float(1e6),
        Value::Float(1e-300),
        Value::Float(1e308),
        Value::Float(-1e308),
        Value::Float(f64::NAN),
        Value::Float(f64::INFINITY),
        Value::String(String::new()),
        Value::String("2024-07".into()),
        Value::Boolean(true),
        Value::Array(Vec::new()),
        Value::Table(Table::new()),
    ]
}

#[test]
fn every_leaf_of_every_bundled_scenario_at_every_extreme_is_read_or_rejected_and_simulates_finitely()
 {
    let (mut accepted, mut simulated, mut rejected, mut edits) = (0, 0, 0, 0);
    for (name, text) in BUNDLED {
        let doc = Value::Table(text.parse::<Table>().expect("bundled scenarios parse"));
        let mut paths = Vec::new();
        leaves(&doc, &mut Vec::new(), &mut paths);
        edits += paths.len() * sweep_values().len();
        sweep(
            name,
            &doc,
            &paths,
            &mut accepted,
            &mut simulated,
            &mut rejected,
        );
    }
    eprintln!("{edits} edits: {accepted} accepted ({simulated} simulated), {rejected} rejected");
    // The sweep exercises both sides: many edits are valid, many are not.
    assert!(
        accepted > 1000 && rejected > 1000,
        "{accepted} / {rejected}"
    );
}

fn sweep(
    name: &str,
    doc: &Value,
    paths: &[Vec<Step>],
    accepted: &mut usize,
    simulated: &mut usize,
    rejected: &mut usize,
) {
    for path in paths {
        for v in sweep_values() {
            let mut edited = doc.clone();
            if let Some(slot) = at(&mut edited, path) {
                *slot = v.clone();
            }
            let Ok(text) = toml::to_string(&edited) else {
                continue;
            };
            match read(&text) {
                Ok(s) => {
                    *accepted += 1;
                    if cheap_enough(&s) {
                        *simulated += 1;
                        if let Err(e) = assert_outputs_finite(&s, 1) {
                            panic!("{name}: {path:?} = {v}: {e}");
                        }
                    }
                }
                Err(e) => {
                    *rejected += 1;
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}
