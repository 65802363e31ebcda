//! Text made safe to place in a document: control characters (a stray ESC or form feed
//! in a payee's name, as ledgers exported from old systems carry) are not allowed in
//! XML, so one of them would make an SVG chart, the report or a workbook sheet invalid.

use std::borrow::Cow;

/// `text` without control characters; line breaks and tabs become spaces.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// A whole rendered document (HTML or SVG) without control characters: its own line
/// breaks and tabs stay.
pub fn printable_document(text: String) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return text;
    }
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

/// `text` as XML character data or an attribute value: printable, with `&`, `<`, `>`
/// and both quotes escaped (SVG written by hand, where no template engine escapes).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_leaves_no_markup_and_no_control_characters() {
        assert_eq!(
            xml_escape("A & B <x> \"q\" 'a'\u{1b}"),
            "A &amp; B &lt;x&gt; &quot;q&quot; &#39;a&#39;"
        );
    }

    #[test]
    fn control_characters_go() {
        assert_eq!(printable("ACME\u{1b} LTD\u{c}"), "ACME LTD");
        assert_eq!(printable("two\nlines"), "two lines");
        assert!(matches!(printable("plain £ é"), Cow::Borrowed(_)));
        assert_eq!(printable("\u{85}x\u{7f}"), "x");
        assert_eq!(
            printable_document("<p>a\u{1b}b</p>\n".into()),
            "<p>ab</p>\n"
        );
    }
}
