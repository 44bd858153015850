//! Escaping text from a file before it enters the page: as HTML text or attribute, and
//! as a CSS string.
//!
//! Owns the only two ways text from a file reaches the markup. Must not format numbers or
//! choose words: that is [`super::words`].

use std::fmt::Write as _;

/// HTML-escapes text from a file.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a CSS string: anything but letters, digits, spaces and `-_.` as an escape,
/// so that no file can close the string or the `<style>` element.
pub(super) fn css_string(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<b>"a" & 'b'</b>"#),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        let s = css_string("a\"</style><script>");
        assert!(!s.contains('"') && !s.contains('<') && !s.contains('>'));
    }
}
