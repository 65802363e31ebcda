//! Text files to UTF-8: finance exports arrive as UTF-8 (with or without a BOM),
//! Windows-1252 or Latin-1, with LF, CRLF or classic-Mac CR line endings.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text encoding spendgap can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    #[serde(rename = "windows-1252", alias = "cp1252")]
    Windows1252,
    #[serde(rename = "latin-1", alias = "iso-8859-1", alias = "latin1")]
    Latin1,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Latin1 => "latin-1",
        })
    }
}

/// The line-ending convention of a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    Lf,
    Crlf,
    /// Classic Mac OS: a lone carriage return.
    Cr,
    Mixed,
    /// A single line with no terminator.
    None,
}

/// What was found about a text file's bytes.
#[derive(Debug, Clone, Serialize)]
pub struct TextInfo {
    pub encoding: Encoding,
    pub bom: bool,
    /// Line breaks of each kind: LF, CRLF, CR (the convention follows from these).
    pub line_breaks: [usize; 3],
    /// Whether the encoding was given by the study rather than detected.
    pub encoding_from_study: bool,
}

impl TextInfo {
    /// The convention of at least 95% of the line breaks.
    pub fn line_ending(&self) -> LineEnding {
        dominant(self.line_breaks)
    }
}

/// What a text file is, without converting anything: the body after any BOM, the
/// encoding (valid UTF-8 is UTF-8; anything else is Windows-1252, the superset of Latin-1
/// that Windows finance systems write) and the line endings. Readers decode field by
/// field with [`decode_field`], so a large Windows-1252 file is never copied whole.
pub fn sniff(bytes: &[u8], forced: Option<Encoding>) -> (&[u8], TextInfo) {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &bytes[3..] } else { bytes };
    let encoding = forced.unwrap_or(if std::str::from_utf8(body).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    });
    let line_breaks = count_breaks(body);
    let info = TextInfo {
        encoding,
        bom,
        line_breaks,
        encoding_from_study: forced.is_some(),
    };
    (body, info)
}

/// [`sniff`] for a large file, a window at a time: `done(from, to)` is told as each window
/// of `bytes` has been looked at, so a mapped file's pages can be let go rather than all
/// held at once.
pub fn sniff_in_windows<'a>(
    bytes: &'a [u8],
    forced: Option<Encoding>,
    done: &dyn Fn(usize, usize),
) -> (&'a [u8], TextInfo) {
    const WINDOW: usize = 32 << 20;
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let skip = if bom { 3 } else { 0 };
    let body = &bytes[skip..];
    let (mut utf8, mut breaks) = (true, [0usize; 3]);
    let mut at = 0;
    while at < body.len() {
        let end = (at + WINDOW).min(body.len());
        let mut next = end;
        if utf8
            && forced.is_none()
            && let Err(e) = std::str::from_utf8(&body[at..end])
        {
            // A character cut by the window's end is judged with the next window.
            if e.error_len().is_none() && end < body.len() {
                next = at + e.valid_up_to();
            } else {
                utf8 = false;
            }
        }
        let counted = count_breaks_between(body, at, next);
        (0..3).for_each(|k| breaks[k] += counted[k]);
        done(skip + at, skip + next);
        at = next;
    }
    let info = TextInfo {
        encoding: forced.unwrap_or(if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Windows1252
        }),
        bom,
        line_breaks: breaks,
        encoding_from_study: forced.is_some(),
    };
    (body, info)
}

/// Decodes one field in `encoding` (ASCII, the common case, is borrowed).
pub fn decode_field(bytes: &[u8], encoding: Encoding) -> Cow<'_, str> {
    if bytes.is_ascii() {
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes),
        Encoding::Windows1252 => windows_1252(bytes),
        Encoding::Latin1 => Cow::Owned(latin1(bytes)),
    }
}

fn windows_1252(body: &[u8]) -> Cow<'_, str> {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
    text
}

/// ISO-8859-1 maps every byte to the code point of the same value.
fn latin1(body: &[u8]) -> String {
    body.iter().map(|&b| char::from(b)).collect()
}

/// Counts LF, CRLF and lone-CR line breaks, a large file in slices on all cores: the count
/// comes before a ledger's rows are read in parallel, so on one core it is time in which
/// the other one waits.
fn count_breaks(bytes: &[u8]) -> [usize; 3] {
    count_breaks_between(bytes, 0, bytes.len())
}

/// [`count_breaks`] of the breaks ending in `bytes[from..to]`.
fn count_breaks_between(bytes: &[u8], from: usize, to: usize) -> [usize; 3] {
    use rayon::prelude::*;
    const SLICE: usize = 4 << 20;
    (from..to)
        .into_par_iter()
        .step_by(SLICE)
        .map(|start| count_breaks_in(bytes, start, (start + SLICE).min(to)))
        .reduce(|| [0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]])
}

/// The breaks that end in `bytes[start..end]`; a CRLF cut by a slice boundary is judged
/// from the whole of `bytes`, so it counts once, in the slice holding its LF.
fn count_breaks_in(bytes: &[u8], start: usize, end: usize) -> [usize; 3] {
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    for at in memchr::memchr2_iter(b'\r', b'\n', &bytes[start..end]).map(|i| i + start) {
        match bytes[at] {
            b'\n' if at > 0 && bytes[at - 1] == b'\r' => crlf += 1,
            b'\n' => lf += 1,
            _ if bytes.get(at + 1) == Some(&b'\n') => {}
            _ => cr += 1,
        }
    }
    [lf, crlf, cr]
}

/// The convention of at least 95% of the breaks (files often end with one odd break).
fn dominant(counts: [usize; 3]) -> LineEnding {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return LineEnding::None;
    }
    let kinds = [LineEnding::Lf, LineEnding::Crlf, LineEnding::Cr];
    counts
        .iter()
        .zip(kinds)
        .find(|(n, _)| **n * 100 >= total * 95)
        .map_or(LineEnding::Mixed, |(_, k)| k)
}

#[cfg(test)]
fn line_ending(bytes: &[u8]) -> LineEnding {
    dominant(count_breaks(bytes))
}

#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn a_large_file_looked_at_in_windows_says_what_the_whole_says() {
        // A multi-byte character and a CRLF across the 32 MiB window boundary.
        let mut bytes = b"\xEF\xBB\xBFName,Amount\r\n".to_vec();
        bytes.resize(3 + (32 << 20) - 1, b'a');
        bytes.extend("é\r\nB,1\r\n".as_bytes());
        let (body, whole) = sniff(&bytes, None);
        let seen = std::cell::RefCell::new(Vec::new());
        let (body2, parts) = sniff_in_windows(&bytes, None, &|a, b| seen.borrow_mut().push((a, b)));
        assert_eq!(body, body2);
        assert_eq!(
            (parts.encoding, parts.bom, parts.line_breaks),
            (whole.encoding, whole.bom, whole.line_breaks)
        );
        assert_eq!(whole.encoding, Encoding::Utf8);
        let seen = seen.into_inner();
        assert_eq!(seen.last().unwrap().1, bytes.len(), "every byte looked at");
        assert!(seen.len() >= 2);
        // Not UTF-8 once a stray byte sits in the second window.
        bytes.push(0xA3);
        assert_eq!(
            sniff_in_windows(&bytes, None, &|_, _| {}).1.encoding,
            Encoding::Windows1252
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (body, i) = sniff("Net Amount (£)\r\n".as_bytes(), None);
        assert_eq!(
            (decode_field(body, i.encoding).as_ref(), i.encoding, i.bom),
            ("Net Amount (£)\r\n", Encoding::Utf8, false)
        );
        assert_eq!(i.line_ending(), LineEnding::Crlf);
        let (body, i) = sniff(b"\xEF\xBB\xBFa,b\n", None);
        assert_eq!(
            (body, i.bom, i.line_ending()),
            (&b"a,b\n"[..], true, LineEnding::Lf)
        );
    }

    #[test]
    fn windows_1252_detected() {
        let (body, i) = sniff(b"Net Amount(\xA3)\r\x93q\x94\r", None);
        assert_eq!(i.encoding, Encoding::Windows1252);
        assert_eq!(i.line_ending(), LineEnding::Cr);
        assert_eq!(
            decode_field(body, i.encoding),
            "Net Amount(£)\r\u{201c}q\u{201d}\r"
        );
    }

    #[test]
    fn forced_latin1_differs_from_1252_in_c1_range() {
        assert_eq!(
            sniff(b"\x80", Some(Encoding::Latin1)).1.encoding,
            Encoding::Latin1
        );
        assert_eq!(decode_field(b"\x80", Encoding::Latin1), "\u{80}");
        assert_eq!(decode_field(b"\x80", Encoding::Windows1252), "€");
    }

    #[test]
    fn line_endings() {
        assert_eq!(line_ending(b"a\nb\r\n"), LineEnding::Mixed);
        assert_eq!(
            line_ending(b"a\rb\rc\rd\re\rf\rg\rh\ri\rj\rk\rl\rm\rn\ro\rp\rq\rr\rs\rt\ru\r\n"),
            LineEnding::Cr
        );
        assert_eq!(line_ending(b"abc"), LineEnding::None);
    }

    #[test]
    fn breaks_counted_in_slices_add_up_wherever_the_slices_are_cut() {
        // Counted by hand: CRLF after a and d, lone CR after b and at the end, LF after c.
        let text = b"a\r\nb\rc\nd\r\n\r";
        assert_eq!(count_breaks(text), [1, 2, 2]);
        for slice in 1..=text.len() {
            let mut sum = [0; 3];
            for start in (0..text.len()).step_by(slice) {
                let n = count_breaks_in(text, start, (start + slice).min(text.len()));
                (0..3).for_each(|k| sum[k] += n[k]);
            }
            assert_eq!(sum, [1, 2, 2], "slices of {slice} bytes");
        }
    }
}
