//! Word phrases the rule files are written in ("pension fund", "salar*"), matched against
//! names and categories folded to lower-case words, so that a rule reads as people write.

/// Lower-case alphanumeric words; `&` and `+` read as "and", and every other
/// non-alphanumeric character (hyphens and apostrophes too) separates words, so that a
/// phrase written with spaces finds hyphenated text ("R&M" → `r and m`, "FEES-ANALYSTS" →
/// `fees analysts`). Accented letters are kept as they are. Unlike resolve's name words,
/// nothing is joined: rule phrases are written word by word.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
            if c == '&' || c == '+' {
                out.push("and".into());
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// One word of a phrase: exact, or a prefix when written with a trailing `*`.
#[derive(Debug, Clone, PartialEq)]
struct PhraseWord {
    text: String,
    prefix: bool,
}

/// A sequence of words to find in a text's words.
#[derive(Debug, Clone, PartialEq)]
pub struct WordPattern(Vec<PhraseWord>);

impl WordPattern {
    /// `None` for a phrase with no words in it.
    pub fn parse(pattern: &str) -> Option<Self> {
        let mut out = Vec::new();
        for raw in pattern.split_whitespace() {
            let prefix = raw.ends_with('*');
            let ws = words(raw.trim_end_matches('*'));
            let n = ws.len();
            for (i, w) in ws.into_iter().enumerate() {
                out.push(PhraseWord {
                    text: w,
                    prefix: prefix && i + 1 == n,
                });
            }
        }
        (!out.is_empty()).then_some(WordPattern(out))
    }

    /// Whether the phrase occurs in `text` (already split by [`words`]).
    pub fn found_in(&self, text: &[String]) -> bool {
        let n = self.0.len();
        n <= text.len()
            && text.windows(n).any(|w| {
                w.iter().zip(&self.0).all(|(t, p)| {
                    if p.prefix {
                        t.starts_with(&p.text)
                    } else {
                        *t == p.text
                    }
                })
            })
    }
}

/// Parses every pattern, failing on an empty one with the rule it belongs to.
pub fn phrases(patterns: &[String], origin: &str) -> anyhow::Result<Vec<WordPattern>> {
    patterns
        .iter()
        .map(|p| {
            WordPattern::parse(p)
                .ok_or_else(|| anyhow::anyhow!("{origin}: the phrase {p:?} has no words"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_reads_ampersands_and_drops_punctuation() {
        assert_eq!(words("R&M - Bldgs"), ["r", "and", "m", "bldgs"]);
        assert_eq!(words("Children's Services"), ["children", "s", "services"]);
        assert_eq!(words("CAFÉ"), ["café"]);
    }

    #[test]
    fn phrases_match_whole_words_or_prefixes() {
        let p = WordPattern::parse("pension fund").unwrap();
        assert!(p.found_in(&words("OXFORDSHIRE PENSION FUND")));
        assert!(!p.found_in(&words("Pension Funding Advice")));
        let s = WordPattern::parse("salar*").unwrap();
        assert!(s.found_in(&words("Salaries - teaching")));
        assert!(!s.found_in(&words("Annual sal review")));
        assert!(WordPattern::parse("  ").is_none());
        let it = WordPattern::parse("it").unwrap();
        assert!(!it.found_in(&words("Kitchen equipment")));
        assert!(it.found_in(&words("IT Services")));
    }
}
