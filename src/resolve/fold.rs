//! Names folded and cut into words, the same way for the register, the ledger, the
//! set-aside rules and a person's overrides, so that every comparison starts alike.

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents taken off (`Café` → `cafe`).
pub fn fold(raw: &str) -> String {
    // Web exports leave HTML's ampersand behind.
    let raw: std::borrow::Cow<str> = if raw.contains("&amp;") {
        raw.replace("&amp;", "&").into()
    } else {
        raw.into()
    };
    if raw.is_ascii() {
        return raw.to_ascii_lowercase();
    }
    raw.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of a folded text: `&` and `+` become "and"; full stops, apostrophes and hyphens
/// join what they separate (`A.G.S.` → `ags`, `Co-op` → `coop`); other punctuation
/// separates.
pub fn words(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for c in folded.chars() {
        match c {
            '.' | '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2013}' => {}
            '&' | '+' => {
                flush(&mut cur, &mut out);
                out.push("and".into());
            }
            c if c.is_alphanumeric() => cur.push(c),
            _ => flush(&mut cur, &mut out),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Whether `phrase` occurs in `words` as consecutive words.
pub fn contains(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}
