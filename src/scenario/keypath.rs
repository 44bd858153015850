//! Key paths, the one way a value of a scenario is named: `prisoners.arrests_per_month`,
//! `eu.benchmark.releases`, `measures[2].cost_per_month`.
//!
//! Errors name their key with a path, `--set` and `--range` take one, and the editors of
//! [`super::edit`] and [`super::locate`] follow one through a tree; all of them parse and
//! print paths here. This module knows nothing of what the keys mean.

use std::fmt;
use toml::Value;

/// One step of a path: a key of a table, or an index into an array (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table, as written (`arrests_per_month`).
    Key(String),
    /// An entry of an array, from 0 (`[2]`).
    Index(usize),
}

/// A path to a value in a scenario file, written as in the file: dots between tables and
/// `[i]` for the i-th entry of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath {
    steps: Vec<Step>,
}

/// A text that is not a key path ([`KeyPath::parse`]): the user's to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a parameter path ({problem}); write it as in the file, with dots \
     between tables and [i] for the i-th entry of a list (from 0), for example \
     prisoners.arrests_per_month or measures[2].cost_per_month"
)]
pub struct KeyPathError {
    /// The text given.
    pub text: String,
    /// What is wrong with it.
    pub problem: KeyPathProblem,
}

/// What is wrong with a text that is not a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyPathProblem {
    /// A key is empty or has a character that is not allowed.
    #[error("a key is empty or has a character other than letters, digits, _ and -")]
    BadKey,
    /// A `[` has no `]`.
    #[error("a [ is not closed")]
    Unclosed,
    /// What is between `[` and `]` is not a whole number.
    #[error("an index is not a whole number")]
    BadIndex,
    /// Something other than `[` or `.` follows a `]`.
    #[error("text follows a ]")]
    TextAfterIndex,
}

impl KeyPath {
    /// Parses `a.b[2].c`. Keys are bare TOML keys (letters, digits, `_`, `-`).
    pub fn parse(text: &str) -> Result<KeyPath, KeyPathError> {
        let bad = |problem: KeyPathProblem| {
            Err(KeyPathError {
                text: text.to_string(),
                problem,
            })
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
                return bad(KeyPathProblem::BadKey);
            }
            steps.push(Step::Key(key.to_string()));
            while !rest.is_empty() {
                let Some(close) = rest.find(']') else {
                    return bad(KeyPathProblem::Unclosed);
                };
                let Ok(i) = rest[1..close].parse::<usize>() else {
                    return bad(KeyPathProblem::BadIndex);
                };
                steps.push(Step::Index(i));
                rest = &rest[close + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return bad(KeyPathProblem::TextAfterIndex);
                }
            }
        }
        Ok(KeyPath { steps })
    }

    /// The steps, from the root: never empty for a parsed path, and always a key first.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The first `n` steps.
    pub fn prefix(&self, n: usize) -> KeyPath {
        KeyPath {
            steps: self.steps[..n.min(self.steps.len())].to_vec(),
        }
    }

    /// The value at this path in `root`; `Err(i)` if step `i` names nothing.
    pub fn lookup<'a>(&self, root: &'a toml::Table) -> Result<&'a Value, usize> {
        let mut here: Option<&Value> = None;
        for (i, step) in self.steps.iter().enumerate() {
            let next = match (here, step) {
                (None, Step::Key(k)) => root.get(k),
                (Some(Value::Table(t)), Step::Key(k)) => t.get(k),
                (Some(Value::Array(a)), Step::Index(n)) => a.get(*n),
                _ => None,
            };
            here = Some(next.ok_or(i)?);
        }
        here.ok_or(0)
    }

    /// The value at this path in `root`, to change; `Err(i)` if step `i` names nothing.
    pub fn lookup_mut<'a>(&self, root: &'a mut toml::Table) -> Result<&'a mut Value, usize> {
        let mut steps = self.steps.iter().enumerate();
        let Some((_, Step::Key(first))) = steps.next() else {
            return Err(0);
        };
        let mut here = root.get_mut(first).ok_or(0usize)?;
        for (i, step) in steps {
            here = match (here, step) {
                (Value::Table(t), Step::Key(k)) => t.get_mut(k),
                (Value::Array(a), Step::Index(n)) => a.get_mut(*n),
                _ => None,
            }
            .ok_or(i)?;
        }
        Ok(here)
    }
}

impl fmt::Display for KeyPath {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_print_back() {
        for text in [
            "prisoners.arrests_per_month",
            "measures[2].cost_per_month",
            "prisoners.classes[1].sentence.median",
            "regime.quid-pro-quo.class",
            "a[0][1]",
        ] {
            assert_eq!(KeyPath::parse(text).unwrap().to_string(), text);
        }
        for bad in ["", "a..b", "a[x]", "a[1", "a[1]b", "a b", "[0]"] {
            let e = KeyPath::parse(bad).unwrap_err().to_string();
            assert!(e.contains("not a parameter path"), "{bad}: {e}");
        }
    }

    #[test]
    fn lookup_names_the_step_that_fails() {
        let t: toml::Table = toml::from_str("[a]\nb = [1, {c = 2}]\n").unwrap();
        let get = |p: &str| KeyPath::parse(p).unwrap().lookup(&t).cloned();
        assert_eq!(get("a.b[1].c"), Ok(Value::Integer(2)));
        assert_eq!(get("a.x"), Err(1));
        assert_eq!(get("a.b[5]"), Err(2));
        assert_eq!(get("z"), Err(0));
        let mut t = t;
        let p = KeyPath::parse("a.b[0]").unwrap();
        *p.lookup_mut(&mut t).unwrap() = Value::Integer(7);
        assert_eq!(p.lookup(&t), Ok(&Value::Integer(7)));
        assert_eq!(
            KeyPath::parse("a.b[0].c").unwrap().lookup_mut(&mut t),
            Err(3)
        );
    }
}
