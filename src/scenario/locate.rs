//! Finding keys in the scenario text, so that every error names a line and a column.
//!
//! Works on toml's spanned document tree: from a key path (`measures[2].cost_per_month`) to
//! the position of its value, and from a byte offset (where the parser stopped) to the key
//! path that holds it.

use super::keypath::{KeyPath, Step};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Line and column (both 1-based) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, col)
}

fn find_key<'a, 'i>(
    table: &'a DeTable<'i>,
    key: &str,
) -> Option<(
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
)> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

/// Line and column of the value at `path`, or of the deepest part of it that exists;
/// `None` for a path that does not parse.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let path = KeyPath::parse(path).ok()?;
    let doc = DeTable::parse(text).ok()?;
    let mut best: Option<usize> = None;
    let mut current: Option<&Spanned<DeValue>> = None;
    let root = doc.get_ref();
    for step in path.steps() {
        let next = match (step, current) {
            (Step::Key(k), None) => find_key(root, k).map(|(key, v)| {
                best = Some(key.span().start);
                v
            }),
            (Step::Key(k), Some(v)) => match v.get_ref() {
                DeValue::Table(t) => find_key(t, k).map(|(key, v)| {
                    best = Some(key.span().start);
                    v
                }),
                _ => None,
            },
            (Step::Index(i), Some(v)) => v.get_ref().get(*i).inspect(|v| {
                best = Some(v.span().start);
            }),
            (Step::Index(_), None) => None,
        };
        match next {
            Some(v) => current = Some(v),
            None => break,
        }
    }
    best.map(|o| line_col(text, o))
}

/// The key path (`prisoners.classes[1].arrest_share`) whose key or value holds `offset`,
/// or an empty string if none does.
pub fn path_at(text: &str, offset: usize) -> String {
    match DeTable::parse(text) {
        Ok(doc) => search_table(doc.get_ref(), offset).unwrap_or_else(|| guess_path(text, offset)),
        Err(_) => guess_path(text, offset),
    }
}

/// For text that does not parse: the table header on the offending line, or the last
/// header before it and the key on that line.
fn guess_path(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let header = |line: &str| {
        let t = line.trim();
        t.starts_with('[')
            .then(|| t.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    };
    let line = &text[line_start..line_end];
    if let Some(h) = header(line) {
        return h;
    }
    let table = text[..line_start].lines().rev().find_map(header);
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('#'));
    match (table, key) {
        (Some(t), Some(k)) => format!("{t}.{k}"),
        (Some(t), None) => t,
        (None, Some(k)) => k,
        (None, None) => String::new(),
    }
}

// Container spans do not always cover their keys (a `[table]` header), so search every
// entry rather than only those whose span holds the offset.
fn search_table(table: &DeTable, offset: usize) -> Option<String> {
    for (k, v) in table.iter() {
        let key: &str = k.get_ref();
        if k.span().contains(&offset) {
            return Some(key.to_string());
        }
        if let Some(inner) = search_value(v, offset) {
            return Some(if inner.is_empty() {
                key.to_string()
            } else if inner.starts_with('[') {
                format!("{key}{inner}")
            } else {
                format!("{key}.{inner}")
            });
        }
    }
    None
}

fn search_value(v: &Spanned<DeValue>, offset: usize) -> Option<String> {
    let inner = match v.get_ref() {
        DeValue::Table(t) => search_table(t, offset),
        DeValue::Array(a) => a.iter().enumerate().find_map(|(i, item)| {
            search_value(item, offset).map(|inner| {
                if inner.is_empty() || inner.starts_with('[') {
                    format!("[{i}]{inner}")
                } else {
                    format!("[{i}].{inner}")
                }
            })
        }),
        _ => None,
    };
    inner.or_else(|| v.span().contains(&offset).then(String::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name = \"x\"\n\n[prisoners]\narrests_per_month = -3.0\n\n[[measures]]\nname = \"a\"\n\n[[measures]]\nname = \"b\"\ncost_per_month = 5\n";

    #[test]
    fn locates_nested_keys_and_array_items() {
        assert_eq!(locate(DOC, "prisoners.arrests_per_month"), Some((4, 1)));
        assert_eq!(locate(DOC, "measures[1].cost_per_month"), Some((11, 1)));
        // A missing key falls back to the deepest part that exists.
        assert_eq!(locate(DOC, "measures[1].missing"), Some((9, 1)));
        assert_eq!(locate(DOC, "nowhere"), None);
    }

    #[test]
    fn finds_the_path_at_an_offset() {
        let at = DOC.find("-3.0").unwrap();
        assert_eq!(path_at(DOC, at), "prisoners.arrests_per_month");
        let at = DOC.find("5\n").unwrap();
        assert_eq!(path_at(DOC, at), "measures[1].cost_per_month");
    }

    #[test]
    fn guesses_the_path_in_text_that_does_not_parse() {
        let broken = "name = \"x\"\n[prisoners\n";
        assert_eq!(
            path_at(broken, broken.find("[prisoners").unwrap() + 5),
            "prisoners"
        );
        let broken = "name = \"x\"\n[prisoners]\narrests_per_month = = 3\n";
        assert_eq!(
            path_at(broken, broken.find("= 3").unwrap()),
            "prisoners.arrests_per_month"
        );
    }

    #[test]
    fn counts_lines_and_columns_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
