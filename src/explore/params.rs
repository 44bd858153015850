//! Scenario parameters addressed by their path in the file: `prisoners.arrests_per_month`,
//! `eu.benchmark.releases`, `measures[2].cost_per_month`.
//!
//! A scenario is read into its raw form with every default written out, so that a path
//! names a value whether or not the file sets it; a value is changed in that form, which
//! is written back to TOML and validated like any file. A scenario changed this way gives
//! exactly what a file with that value gives.

use crate::scenario::raw::{self, RawScenario};
use crate::scenario::{Problem, Scenario, ScenarioError, locate};
use std::fmt;
use toml::Value;

/// One step of a path: a key of a table, or an index into an array.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path to a value in a scenario file, as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamPath {
    steps: Vec<Step>,
}

impl ParamPath {
    /// Parses `a.b[2].c`. Keys are bare TOML keys (letters, digits, `_`, `-`).
    pub fn parse(text: &str) -> Result<ParamPath, String> {
        let bad = |why: &str| {
            Err(format!(
                "{text:?} is not a parameter path ({why}); write it as in the file, with dots \
                 between tables and [i] for the i-th entry of a list (from 0), for example \
                 prisoners.arrests_per_month or measures[2].cost_per_month"
            ))
        };
        let mut steps = Vec::new();
        for part in text.split('.') {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return bad(
                    "a key is empty or has a character other than letters, digits, _ and -",
                );
            }
            steps.push(Step::Key(key.to_string()));
            while !rest.is_empty() {
                let Some(close) = rest.find(']') else {
                    return bad("a [ is not closed");
                };
                let Ok(i) = rest[1..close].parse::<usize>() else {
                    return bad("an index is not a whole number");
                };
                steps.push(Step::Index(i));
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return bad("text follows a ]");
                }
            }
        }
        Ok(ParamPath { steps })
    }
}

impl fmt::Display for ParamPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.steps.iter().enumerate() {
            match s {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A numeric parameter of a scenario and its value there.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub path: String,
    pub value: f64,
    /// Written as a TOML integer: only whole values are allowed.
    pub integer: bool,
}

/// A scenario in its raw form with every default written out, ready to be changed.
#[derive(Debug, Clone)]
pub struct Editable {
    table: toml::Table,
    /// Where the scenario came from, for the errors of changed copies.
    origin: String,
    /// The scenario's own text, where the errors of changed copies point.
    text: String,
}

fn read_error(origin: &str, message: String) -> ScenarioError {
    ScenarioError::Invalid {
        path: origin.to_string(),
        problems: vec![Problem {
            key: String::new(),
            line_col: None,
            message,
        }],
    }
}

impl Editable {
    pub fn new(scenario: &Scenario) -> Result<Editable, ScenarioError> {
        let origin = scenario.source.path.clone();
        let mut raw: RawScenario = toml::from_str(&scenario.source.text)
            .map_err(|e| read_error(&origin, e.message().to_string()))?;
        // Defaults that depend on the actor are written out, so that their paths exist.
        // `west.benchmark` is not: unset, it follows the EU's.
        for (name, actor) in [
            ("us", &mut raw.us),
            ("eu", &mut raw.eu),
            ("lithuania", &mut raw.lithuania),
            ("poland", &mut raw.poland),
        ] {
            actor
                .benchmark
                .get_or_insert_with(|| raw::default_benchmark(name));
            actor
                .valuation
                .get_or_insert(crate::scenario::DEFAULT_VALUATION);
        }
        let table = toml::Table::try_from(&raw)
            .map_err(|e| read_error(&origin, format!("cannot write the scenario out: {e}")))?;
        Ok(Editable {
            table,
            origin,
            text: scenario.source.text.clone(),
        })
    }

    /// A problem with the scenario as a whole (no key, no line), naming its file.
    pub fn problem(&self, message: String) -> ScenarioError {
        read_error(&self.origin, message)
    }

    /// Every numeric value of the scenario (arrays of numbers included, entry by entry),
    /// in the order of the file's tables.
    pub fn params(&self) -> Vec<Param> {
        let mut out = Vec::new();
        for (k, v) in &self.table {
            collect(k, v, &mut out);
        }
        out
    }

    /// The parameter at `path`, if it is a number.
    pub fn get(&self, path: &ParamPath) -> Result<Param, String> {
        let v = self.lookup(path)?;
        let (value, integer) = match v {
            Value::Integer(i) => (*i as f64, true),
            Value::Float(x) => (*x, false),
            other => {
                return Err(format!(
                    "{path} is a {}, not a number: only numeric parameters can be varied",
                    other.type_str()
                ));
            }
        };
        Ok(Param {
            path: path.to_string(),
            value,
            integer,
        })
    }

    /// The text at `path`, if it is a string.
    pub fn text(&self, path: &ParamPath) -> Option<&str> {
        self.lookup(path).ok().and_then(Value::as_str)
    }

    fn lookup(&self, path: &ParamPath) -> Result<&Value, String> {
        let mut here: Option<&Value> = None;
        for (i, step) in path.steps.iter().enumerate() {
            let next = match (here, step) {
                (None, Step::Key(k)) => self.table.get(k),
                (Some(Value::Table(t)), Step::Key(k)) => t.get(k),
                (Some(Value::Array(a)), Step::Index(n)) => a.get(*n),
                _ => None,
            };
            here = Some(next.ok_or_else(|| self.missing(path, i))?);
        }
        here.ok_or_else(|| "an empty path".to_string())
    }

    fn lookup_mut(&mut self, path: &ParamPath) -> Result<&mut Value, String> {
        // Checked first with the shared lookup, so the error names what is missing.
        self.lookup(path)?;
        let mut steps = path.steps.iter();
        let Some(Step::Key(first)) = steps.next() else {
            return Err("an empty path".to_string());
        };
        let mut here = self.table.get_mut(first).expect("checked above");
        for step in steps {
            here = match (here, step) {
                (Value::Table(t), Step::Key(k)) => t.get_mut(k).expect("checked above"),
                (Value::Array(a), Step::Index(n)) => a.get_mut(*n).expect("checked above"),
                _ => unreachable!("checked above"),
            };
        }
        Ok(here)
    }

    /// Why `path` names nothing, with the keys that exist where it went wrong.
    fn missing(&self, path: &ParamPath, failed_at: usize) -> String {
        let prefix = ParamPath {
            steps: path.steps[..failed_at].to_vec(),
        };
        let parent = if failed_at == 0 {
            Some(Value::Table(self.table.clone()))
        } else {
            self.lookup(&prefix).ok().cloned()
        };
        let under = if failed_at == 0 {
            "the scenario".to_string()
        } else {
            prefix.to_string()
        };
        match parent {
            Some(Value::Table(t)) => {
                let keys: Vec<&str> = t.keys().map(String::as_str).collect();
                format!(
                    "{path} is not a parameter of the scenario: {under} has {}",
                    keys.join(", ")
                )
            }
            Some(Value::Array(a)) => format!(
                "{path} is not a parameter of the scenario: {under} has {} entries (from 0)",
                a.len()
            ),
            _ => format!("{path} is not a parameter of the scenario: {under} is a single value"),
        }
    }

    /// Sets the number at `path`; an integer parameter takes only whole values.
    pub fn set(&mut self, path: &ParamPath, value: f64) -> Result<(), String> {
        let current = self.get(path)?;
        if !value.is_finite() {
            return Err(format!("{path} must be a finite number, got {value}"));
        }
        let new = if current.integer {
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(format!(
                    "{path} is a whole number in the scenario; {value} is not one"
                ));
            }
            Value::Integer(value as i64)
        } else {
            Value::Float(value)
        };
        *self.lookup_mut(path)? = new;
        Ok(())
    }

    /// The scenario with its current values, validated as a file would be. Its source
    /// text is the changed file; errors name the original file, and their lines and
    /// columns are those of the key in that file (none if the file does not write it),
    /// not of the changed text, which the user never sees.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        let text = toml::to_string(&self.table)
            .map_err(|e| read_error(&self.origin, format!("cannot write the scenario: {e}")))?;
        Scenario::from_toml(&text, &self.origin).map_err(|e| match e {
            ScenarioError::Invalid { path, problems } => ScenarioError::Invalid {
                path,
                problems: problems
                    .into_iter()
                    .map(|p| Problem {
                        line_col: (!p.key.is_empty())
                            .then(|| locate::locate(&self.text, &p.key))
                            .flatten(),
                        ..p
                    })
                    .collect(),
            },
            other => other,
        })
    }

    /// The scenario with the given values set, leaving `self` unchanged.
    pub fn with(&self, values: &[(&ParamPath, f64)]) -> Result<Scenario, ScenarioError> {
        let mut copy = self.clone();
        for (path, v) in values {
            copy.set(path, *v)
                .map_err(|m| read_error(&self.origin, m))?;
        }
        copy.scenario()
    }
}

fn collect(path: &str, v: &Value, out: &mut Vec<Param>) {
    match v {
        Value::Integer(i) => out.push(Param {
            path: path.to_string(),
            value: *i as f64,
            integer: true,
        }),
        Value::Float(x) => out.push(Param {
            path: path.to_string(),
            value: *x,
            integer: false,
        }),
        Value::Table(t) => {
            for (k, v) in t {
                collect(&format!("{path}.{k}"), v, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                collect(&format!("{path}[{i}]"), v, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Editable {
        Editable::new(&Scenario::bundled("baseline").unwrap()).unwrap()
    }

    #[test]
    fn paths_parse_and_print_back() {
        for text in [
            "prisoners.arrests_per_month",
            "measures[2].cost_per_month",
            "prisoners.classes[1].sentence.median",
            "a[0][1]",
        ] {
            assert_eq!(ParamPath::parse(text).unwrap().to_string(), text);
        }
        for bad in ["", "a..b", "a[x]", "a[1", "a[1]b", "a b"] {
            let e = ParamPath::parse(bad).unwrap_err();
            assert!(e.contains("not a parameter path"), "{bad}: {e}");
        }
    }

    #[test]
    fn defaults_are_written_out_and_found() {
        let e = baseline();
        let p = e
            .get(&ParamPath::parse("prisoners.arrests_per_month").unwrap())
            .unwrap();
        assert_eq!((p.value, p.integer), (50.0, false));
        // The US's default benchmark, which the file does not set.
        let r = e
            .get(&ParamPath::parse("us.benchmark.releases").unwrap())
            .unwrap();
        assert_eq!((r.value, r.integer), (1300.0, true));
        let names: Vec<String> = e.params().into_iter().map(|p| p.path).collect();
        assert!(names.contains(&"prisoners.classes[1].initial_count".to_string()));
        assert!(names.contains(&"eu.valuation".to_string()));
    }

    #[test]
    fn errors_say_what_exists() {
        let e = baseline();
        let err = e
            .get(&ParamPath::parse("prisoners.arrest_rate").unwrap())
            .unwrap_err();
        assert!(err.contains("prisoners has") && err.contains("arrests_per_month"));
        let err = e.get(&ParamPath::parse("name").unwrap()).unwrap_err();
        assert!(err.contains("not a number"), "{err}");
        let err = e
            .get(&ParamPath::parse("prisoners.classes[9].initial_count").unwrap())
            .unwrap_err();
        assert!(err.contains("2 entries"), "{err}");
        let mut e = e;
        let whole = ParamPath::parse("regime.holiday_pardons").unwrap();
        assert!(e.set(&whole, 2.5).unwrap_err().contains("whole number"));
    }

    #[test]
    fn an_unchanged_copy_is_the_same_scenario() {
        let s = Scenario::bundled("baseline").unwrap();
        let again = Editable::new(&s).unwrap().scenario().unwrap();
        assert_eq!(
            format!("{:?}", again.prisoners),
            format!("{:?}", s.prisoners)
        );
        assert_eq!(again.horizon_months, s.horizon_months);
    }

    #[test]
    fn set_values_reach_the_scenario_and_are_validated() {
        let e = baseline();
        let p = ParamPath::parse("prisoners.arrests_per_month").unwrap();
        let s = e.with(&[(&p, 80.0)]).unwrap();
        assert_eq!(s.prisoners.arrests_per_month, 80.0);
        let q = ParamPath::parse("releases.refusal_probability").unwrap();
        let err = e.with(&[(&q, 1.5)]).unwrap_err().to_string();
        assert!(err.contains("releases.refusal_probability"), "{err}");
    }

    #[test]
    fn errors_of_a_changed_copy_point_into_the_file() {
        let text = "name = \"t\"\n[prisoners]\narrests_per_month = 5.0\n\
                    [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = 1\narrest_share = 1.0\n";
        let s = Scenario::from_toml(text, "t.toml").unwrap();
        let e = Editable::new(&s).unwrap();
        // Set in the file: its line there, not one of the text with defaults written out.
        let p = ParamPath::parse("prisoners.arrests_per_month").unwrap();
        let err = e.with(&[(&p, -1.0)]).unwrap_err().to_string();
        assert!(
            err.starts_with("t.toml:3:1: `prisoners.arrests_per_month`"),
            "{err}"
        );
        // A default the file does not write: the deepest table it does write.
        let q = ParamPath::parse("prisoners.death_hazard_per_month").unwrap();
        let err = e.with(&[(&q, 2.0)]).unwrap_err().to_string();
        assert!(err.starts_with("t.toml:2:2: "), "{err}");
    }
}
