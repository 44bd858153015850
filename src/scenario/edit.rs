//! Changing a scenario by key path: `--set`, `--range`, the sensitivity's points, the
//! tournament's cells and the calibration's draws all edit a scenario here.
//!
//! A scenario is read into its raw form with every default written out, so that a path
//! names a value whether or not the file sets it; a value is changed in that tree and the
//! tree is validated as it stands, without being written out and read back. A scenario
//! changed this way gives exactly what a file with that value gives, and its errors point
//! at the key in the user's own file.

use super::keypath::{KeyPath, Step};
use super::locate;
use super::raw::{self, RawScenario};
use super::types::{Problem, Scenario, ScenarioError, Source};
use toml::Value;

/// A numeric parameter of a scenario and its value there.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its key path as written (`measures[2].cost_per_month`).
    pub path: String,
    /// Its value in the scenario, written or by default.
    pub value: f64,
    /// Written as a TOML integer: only whole values are allowed.
    pub integer: bool,
}

/// Why a value of an [`Editable`] cannot be read or changed: a path that names nothing
/// or not a number, a value the key does not take. The user's to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The path names nothing in the scenario.
    #[error("{path} is not a parameter of the scenario: {under} {found}")]
    NotFound {
        /// The path given.
        path: KeyPath,
        /// Where it went wrong: `the scenario`, or the longest prefix that exists.
        under: String,
        /// What is there instead.
        found: Found,
    },
    /// The path names a value that is not a number.
    #[error("{path} is a {kind}, not a number: only numeric parameters can be varied")]
    NotANumber {
        /// The path given.
        path: KeyPath,
        /// The TOML type of the value there (`string`, `table`...).
        kind: &'static str,
    },
    /// A value to set is infinite or not a number.
    #[error("{path} must be a finite number, got {value}")]
    NotFinite {
        /// The path given.
        path: KeyPath,
        /// The value refused.
        value: f64,
    },
    /// A value to set at an integer parameter is not a whole number.
    #[error("{path} is a whole number in the scenario; {value} is not one")]
    NotWhole {
        /// The path given.
        path: KeyPath,
        /// The value refused.
        value: f64,
    },
    /// The tree, as changed, is not a raw scenario.
    #[error(transparent)]
    Raw(#[from] toml::de::Error),
    /// The scenario's text, to write values into, is not TOML.
    #[error("cannot edit the scenario text: {0}")]
    Text(#[source] toml_edit::TomlError),
    /// The text does not have a key the path goes through, nor a place to add it.
    #[error("`{0}` is not in the scenario text")]
    NotInText(KeyPath),
}

/// What is where a path of [`EditError::NotFound`] went wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A table with these keys.
    Keys(Vec<String>),
    /// An array of this many entries.
    Entries(usize),
    /// A single value.
    Value,
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Found::Keys(keys) => write!(f, "has {}", keys.join(", ")),
            Found::Entries(n) => write!(f, "has {n} entries (from 0)"),
            Found::Value => write!(f, "is a single value"),
        }
    }
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
    /// `scenario` ready to be changed: its file's text read again into the raw form with
    /// every default written out; errors name its file.
    pub fn new(scenario: &Scenario) -> Result<Editable, ScenarioError> {
        let origin = &scenario.source.path;
        let raw: RawScenario = toml::from_str(&scenario.source.text)
            .map_err(|e| read_error(origin, e.message().to_string()))?;
        Editable::from_raw(raw, origin, &scenario.source.text)
    }

    /// A raw scenario, to be changed; `origin` names it in errors, which point into
    /// `text`, the file the user wrote (empty: no lines).
    pub fn from_raw(
        mut raw: RawScenario,
        origin: &str,
        text: &str,
    ) -> Result<Editable, ScenarioError> {
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
            .map_err(|e| read_error(origin, format!("cannot write the scenario out: {e}")))?;
        Ok(Editable {
            table,
            origin: origin.to_string(),
            text: text.to_string(),
        })
    }

    /// A problem with the scenario as a whole (no key, no line), naming its file.
    pub fn problem(&self, message: impl std::fmt::Display) -> ScenarioError {
        read_error(&self.origin, message.to_string())
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
    pub fn get(&self, path: &KeyPath) -> Result<Param, EditError> {
        let v = self.lookup(path)?;
        let (value, integer) = match v {
            Value::Integer(i) => (*i as f64, true),
            Value::Float(x) => (*x, false),
            other => {
                return Err(EditError::NotANumber {
                    path: path.clone(),
                    kind: other.type_str(),
                });
            }
        };
        Ok(Param {
            path: path.to_string(),
            value,
            integer,
        })
    }

    /// The value at `path`, whatever it is.
    pub fn value(&self, path: &KeyPath) -> Result<&Value, EditError> {
        self.lookup(path)
    }

    /// The text at `path`, if it is a string.
    pub fn text(&self, path: &KeyPath) -> Option<&str> {
        self.lookup(path).ok().and_then(Value::as_str)
    }

    fn lookup(&self, path: &KeyPath) -> Result<&Value, EditError> {
        path.lookup(&self.table).map_err(|i| self.missing(path, i))
    }

    fn lookup_mut(&mut self, path: &KeyPath) -> Result<&mut Value, EditError> {
        // Checked first with the shared lookup, so the error names what is missing.
        self.lookup(path)?;
        Ok(path.lookup_mut(&mut self.table).expect("checked above"))
    }

    /// Why `path` names nothing, with the keys that exist where it went wrong.
    fn missing(&self, path: &KeyPath, failed_at: usize) -> EditError {
        let prefix = path.prefix(failed_at);
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
        let found = match parent {
            Some(Value::Table(t)) => Found::Keys(t.keys().cloned().collect()),
            Some(Value::Array(a)) => Found::Entries(a.len()),
            _ => Found::Value,
        };
        EditError::NotFound {
            path: path.clone(),
            under,
            found,
        }
    }

    /// Sets the number at `path`; an integer parameter takes only whole values.
    pub fn set(&mut self, path: &KeyPath, value: f64) -> Result<(), EditError> {
        let current = self.get(path)?;
        if !value.is_finite() {
            return Err(EditError::NotFinite {
                path: path.clone(),
                value,
            });
        }
        let new = if current.integer {
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(EditError::NotWhole {
                    path: path.clone(),
                    value,
                });
            }
            Value::Integer(value as i64)
        } else {
            Value::Float(value)
        };
        *self.lookup_mut(path)? = new;
        Ok(())
    }

    /// Sets the value at `path`, whatever it is; the last step may name a key its table
    /// does not have yet, which is added. For values that are not numbers: a strategy's
    /// name, a distribution.
    pub fn set_value(&mut self, path: &KeyPath, value: Value) -> Result<(), EditError> {
        let steps = path.steps();
        if let (Some(Step::Key(key)), n) = (steps.last(), steps.len()) {
            if n == 1 {
                self.table.insert(key.clone(), value);
                return Ok(());
            }
            if let Value::Table(t) = self.lookup_mut(&path.prefix(n - 1))? {
                t.insert(key.clone(), value);
                return Ok(());
            }
        }
        *self.lookup_mut(path)? = value;
        Ok(())
    }

    /// The raw scenario as it stands.
    pub fn raw(&self) -> Result<RawScenario, EditError> {
        Ok(self.table.clone().try_into()?)
    }

    /// The scenario with its current values, validated as a file would be. Its source
    /// text is the changed file, written out for provenance; errors name the original
    /// file, and their lines and columns are those of the key in that file (none if the
    /// file does not write it), not of the changed text, which the user never sees.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        let text = toml::to_string(&self.table)
            .map_err(|e| read_error(&self.origin, format!("cannot write the scenario: {e}")))?;
        match self.raw() {
            Ok(raw) => Scenario::from_raw(raw, Source::new(&self.origin, text), &self.text),
            // A value the raw form cannot hold (a count set to -1): the message and key
            // the parser gives for such a file.
            Err(_) => Scenario::from_toml(&text, &self.origin).map_err(|e| self.relocate(e)),
        }
    }

    /// Problems located in the user's file rather than in the changed text.
    fn relocate(&self, e: ScenarioError) -> ScenarioError {
        match e {
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
        }
    }

    /// The scenario with the given values set, leaving `self` unchanged.
    pub fn with(&self, values: &[(&KeyPath, f64)]) -> Result<Scenario, ScenarioError> {
        let mut copy = self.clone();
        for (path, v) in values {
            copy.set(path, *v).map_err(|m| self.problem(m))?;
        }
        copy.scenario()
    }
}

impl Editable {
    /// Writes the values at `paths` into `text`, a scenario file, keeping its comments and
    /// layout, and returns the new text. A key the file leaves out is added: a
    /// distribution whole, as an inline table (its keys make sense only together), and
    /// any other table as a `[header]` with just the keys written.
    pub fn write_into(&self, text: &str, paths: &[KeyPath]) -> Result<String, EditError> {
        let mut doc: toml_edit::DocumentMut = text.parse().map_err(EditError::Text)?;
        for path in paths {
            self.write_one(doc.as_table_mut(), path)?;
        }
        Ok(doc.to_string())
    }

    fn write_one(&self, root: &mut toml_edit::Table, path: &KeyPath) -> Result<(), EditError> {
        let steps = path.steps();
        let absent = |n: usize| EditError::NotInText(path.prefix(n));
        let mut here = Cursor::Table(root);
        for (i, step) in steps.iter().enumerate() {
            let whole = || self.lookup(&path.prefix(i + 1)).map(edit_value);
            let last = i + 1 == steps.len();
            here = match (here, step) {
                (Cursor::Table(t), Step::Key(k)) => {
                    let k = k.as_str();
                    if last
                        || (!t.contains_key(k)
                            && is_distribution(self.lookup(&path.prefix(i + 1))?))
                    {
                        t[k] = toml_edit::Item::Value(whole()?);
                        return Ok(());
                    }
                    if !t.contains_key(k) {
                        t[k] = toml_edit::Item::Table(toml_edit::Table::new());
                    }
                    match &mut t[k] {
                        toml_edit::Item::Table(t) => Cursor::Table(t),
                        toml_edit::Item::ArrayOfTables(a) => Cursor::Tables(a),
                        toml_edit::Item::Value(v) => {
                            Cursor::value(v).ok_or_else(|| absent(i + 2))?
                        }
                        toml_edit::Item::None => return Err(absent(i + 1)),
                    }
                }
                (Cursor::Inline(t), Step::Key(k)) => {
                    if last || !t.contains_key(k) {
                        t.insert(k, whole()?);
                        return Ok(());
                    }
                    let v = t.get_mut(k).ok_or_else(|| absent(i + 1))?;
                    Cursor::value(v).ok_or_else(|| absent(i + 2))?
                }
                (Cursor::Array(a), Step::Index(n)) => {
                    if last {
                        if *n >= a.len() {
                            return Err(absent(i + 1));
                        }
                        a.replace(*n, whole()?);
                        return Ok(());
                    }
                    let v = a.get_mut(*n).ok_or_else(|| absent(i + 1))?;
                    Cursor::value(v).ok_or_else(|| absent(i + 2))?
                }
                (Cursor::Tables(a), Step::Index(n)) if !last => {
                    Cursor::Table(a.get_mut(*n).ok_or_else(|| absent(i + 1))?)
                }
                _ => return Err(absent(i + 1)),
            };
        }
        Err(absent(steps.len()))
    }
}

/// Where [`Editable::write_into`] is in the text: a table, an inline table, an array,
/// or an array of tables.
enum Cursor<'a> {
    Table(&'a mut toml_edit::Table),
    Inline(&'a mut toml_edit::InlineTable),
    Array(&'a mut toml_edit::Array),
    Tables(&'a mut toml_edit::ArrayOfTables),
}

impl<'a> Cursor<'a> {
    fn value(v: &'a mut toml_edit::Value) -> Option<Cursor<'a>> {
        match v {
            toml_edit::Value::InlineTable(t) => Some(Cursor::Inline(t)),
            toml_edit::Value::Array(a) => Some(Cursor::Array(a)),
            _ => None,
        }
    }
}

/// A distribution: a table with a `kind` (see [`super::DistSpec`]).
fn is_distribution(v: &Value) -> bool {
    v.as_table().is_some_and(|t| t.contains_key("kind"))
}

/// A value of the raw tree as `toml_edit` writes it; tables inline.
fn edit_value(v: &Value) -> toml_edit::Value {
    match v {
        Value::String(s) => s.as_str().into(),
        Value::Integer(i) => (*i).into(),
        Value::Float(x) => (*x).into(),
        Value::Boolean(b) => (*b).into(),
        Value::Datetime(d) => (*d).into(),
        Value::Array(a) => a
            .iter()
            .map(edit_value)
            .collect::<toml_edit::Array>()
            .into(),
        Value::Table(t) => {
            let mut inline = toml_edit::InlineTable::new();
            for (k, v) in t {
                inline.insert(k, edit_value(v));
            }
            inline.into()
        }
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
    fn defaults_are_written_out_and_found() {
        let e = baseline();
        let p = e
            .get(&KeyPath::parse("prisoners.arrests_per_month").unwrap())
            .unwrap();
        assert_eq!((p.value, p.integer), (50.0, false));
        // The US's default benchmark, which the file does not set.
        let r = e
            .get(&KeyPath::parse("us.benchmark.releases").unwrap())
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
            .get(&KeyPath::parse("prisoners.arrest_rate").unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("prisoners has") && err.contains("arrests_per_month"));
        let err = e
            .get(&KeyPath::parse("name").unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a number"), "{err}");
        let err = e
            .get(&KeyPath::parse("prisoners.classes[9].initial_count").unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 entries"), "{err}");
        let mut e = e;
        let whole = KeyPath::parse("regime.holiday_pardons").unwrap();
        assert!(
            e.set(&whole, 2.5)
                .unwrap_err()
                .to_string()
                .contains("whole number")
        );
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
        let p = KeyPath::parse("prisoners.arrests_per_month").unwrap();
        let s = e.with(&[(&p, 80.0)]).unwrap();
        assert_eq!(s.prisoners.arrests_per_month, 80.0);
        let q = KeyPath::parse("releases.refusal_probability").unwrap();
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
        let p = KeyPath::parse("prisoners.arrests_per_month").unwrap();
        let err = e.with(&[(&p, -1.0)]).unwrap_err().to_string();
        assert!(
            err.starts_with("t.toml:3:1: `prisoners.arrests_per_month`"),
            "{err}"
        );
        // A default the file does not write: the deepest table it does write.
        let q = KeyPath::parse("prisoners.death_hazard_per_month").unwrap();
        let err = e.with(&[(&q, 2.0)]).unwrap_err().to_string();
        assert!(err.starts_with("t.toml:2:2: "), "{err}");
    }
}
