//! UK postcodes as keyed into ledgers and registers: a supplier's place hangs on its postcode,
//! so parsing is strict, partial codes are named rather than dropped, and keying errors are
//! repaired only when exactly one repair is a real postcode — never guessed.

use std::collections::BTreeSet;
use std::fmt;

/// A full UK postcode in canonical form (`OX4 2JY`); only `parse` makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn outward(&self) -> &str {
        &self.0[..self.0.len() - 4]
    }
    pub fn inward(&self) -> &str {
        &self.0[self.0.len() - 3..]
    }
    pub fn area(&self) -> &str {
        let o = self.outward();
        &o[..o.bytes().take_while(u8::is_ascii_alphabetic).count()]
    }
    pub fn district(&self) -> &str {
        self.outward()
    }
    pub fn sector(&self) -> &str {
        &self.0[..self.0.len() - 2]
    }
    pub fn compact(&self) -> String {
        format!("{}{}", self.outward(), self.inward())
    }
    /// The ONS `pcd` form: outward padded to 4 so the whole is 7 characters (`M1  1AE`).
    pub fn pcd7(&self) -> String {
        format!("{:<4}{}", self.outward(), self.inward())
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialKind {
    Area,
    District,
    Sector,
}

impl fmt::Display for PartialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "postcode {}", format!("{self:?}").to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostcodeError {
    Empty,
    BadFormat,
    Partial(PartialKind),
    /// Well-formed, but the lookup does not know it and no single repair is real.
    NotFound(Postcode),
    /// Several repairs are real postcodes; choosing one would be a guess.
    Ambiguous(Vec<Postcode>),
}

impl fmt::Display for PostcodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no postcode given"),
            Self::BadFormat => f.write_str("not in the format of a UK postcode"),
            Self::Partial(k) => write!(f, "only a {k} is given, not a full postcode"),
            Self::NotFound(p) => write!(f, "{p} looks like a postcode but is not a known one"),
            Self::Ambiguous(ps) => {
                let list: Vec<&str> = ps.iter().map(Postcode::as_str).collect();
                write!(f, "could be any of {}; not choosing", list.join(", "))
            }
        }
    }
}

impl std::error::Error for PostcodeError {}

/// A keying error undone by `parse_with_repair`, named as "what was typed, for what".
/// Spacing is not a repair: `OX42JY` is simply the compact form of `OX4 2JY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Repair {
    LetterOForZero,
    LetterIForOne,
    LetterLForOne,
    ZeroForLetterO,
    OneForLetterI,
    OneForLetterL,
}

/// What was typed, what the format says was meant, and that slip, in `Repair` order.
const SWAPS: [(u8, u8, Repair); 6] = [
    (b'O', b'0', Repair::LetterOForZero),
    (b'I', b'1', Repair::LetterIForOne),
    (b'L', b'1', Repair::LetterLForOne),
    (b'0', b'O', Repair::ZeroForLetterO),
    (b'1', b'I', Repair::OneForLetterI),
    (b'1', b'L', Repair::OneForLetterL),
];

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (t, m, _) = SWAPS[*self as usize];
        let (t, m) = (char::from(t), char::from(m));
        let k = |c: char| ["letter", "digit"][usize::from(c.is_ascii_digit())];
        write!(f, "{} {t} keyed in place of {} {m}", k(t), k(m))
    }
}

const OUTWARD_SHAPES: [&str; 6] = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"];

fn compact(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn shape(b: &[u8]) -> String {
    b.iter()
        .map(|c| match c {
            b'A'..=b'Z' => 'A',
            b'0'..=b'9' => '9',
            _ => '?',
        })
        .collect()
}

/// Royal Mail's letter rules, including the third/fourth-position sets that keep
/// e.g. `W1I` or `EC1C` out; all real districts of those shapes fall within them.
fn valid_outward(o: &[u8]) -> bool {
    let sh = shape(o);
    OUTWARD_SHAPES.contains(&sh.as_str())
        && leading_letters_ok(o)
        && match sh.as_str() {
            "A9A" => b"ABCDEFGHJKPSTUW".contains(&o[2]),
            "AA9A" => b"ABEHMNPRVWXY".contains(&o[3]),
            _ => true,
        }
}

fn leading_letters_ok(b: &[u8]) -> bool {
    !b"QVX".contains(&b[0]) && !b.get(1).is_some_and(|c| b"IJZ".contains(c))
}

fn valid_inward(i: &[u8]) -> bool {
    shape(i) == "9AA" && !i[1..].iter().any(|c| b"CIKMOV".contains(c))
}

fn full(c: &str) -> Option<Postcode> {
    if c == "GIR0AA" {
        return Some(Postcode("GIR 0AA".into()));
    }
    let b = c.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return None;
    }
    let (o, i) = b.split_at(b.len() - 3);
    (valid_outward(o) && valid_inward(i))
        .then(|| Postcode(format!("{} {}", &c[..o.len()], &c[o.len()..])))
}

/// Whitespace is ignored except that a first gap right after a complete outward code must be
/// the boundary: `OX4 22JY` is not read as `OX42 2JY`, while `FK 13 6PE` and `RM18 8 AX` are.
fn gap_ok(raw: &str, c: &str, outward_len: usize) -> bool {
    let mut toks = raw.split_whitespace();
    let first = toks.next().map_or(0, str::len);
    let after_outward = c.get(..first).is_some_and(|o| valid_outward(o.as_bytes()));
    toks.next().is_none() || first == outward_len || !after_outward
}

/// Parses a full postcode, ignoring case and the amount of whitespace (so `ox42jy` and
/// `OX4\u{a0}2JY` both give `OX4 2JY`); anything else out of format is an error, never a repair.
pub fn parse(raw: &str) -> Result<Postcode, PostcodeError> {
    let c = compact(raw);
    if c.is_empty() {
        return Err(PostcodeError::Empty);
    }
    if let Some(p) = full(&c)
        && gap_ok(raw, &c, p.outward().len())
    {
        return Ok(p);
    }
    match parse_partial(raw) {
        Some((kind, _)) => Err(PostcodeError::Partial(kind)),
        None => Err(PostcodeError::BadFormat),
    }
}

/// Recognises an area (`OX`), district (`OX4`, `BT34`) or sector (`OX4 2`), returned in
/// canonical form. Without a space `OX42` is read as a district, since that is a valid one.
pub fn parse_partial(raw: &str) -> Option<(PartialKind, String)> {
    let c = compact(raw);
    if c.is_empty() || !c.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let b = c.as_bytes();
    let (head, last) = b.split_at(b.len() - 1);
    let spaced = format!("{} {}", &c[..head.len()], &c[head.len()..]);
    let is_sector = last[0].is_ascii_digit() && !head.is_empty() && valid_outward(head);
    if valid_outward(b) && gap_ok(raw, &c, b.len()) {
        return Some((PartialKind::District, c));
    }
    if is_sector && gap_ok(raw, &c, head.len()) {
        return Some((PartialKind::Sector, spaced));
    }
    let area = matches!(shape(b).as_str(), "A" | "AA") && leading_letters_ok(b);
    area.then_some((PartialKind::Area, c))
}

/// Every string reachable by O/0 and I/L/1 swaps made only where some postcode shape of
/// this length demands the other kind of character; characters already of the right kind stay.
fn candidates(raw: &str) -> BTreeSet<String> {
    let (c, mut out) = (compact(raw), BTreeSet::new());
    'shapes: for sh in OUTWARD_SHAPES {
        let template = format!("{sh}9AA");
        if template.len() != c.len() {
            continue;
        }
        let mut acc = vec![String::new()];
        for (ch, want) in c.bytes().zip(template.bytes()) {
            let want_digit = want == b'9';
            let opts: Vec<u8> = if ch.is_ascii_digit() == want_digit {
                vec![ch]
            } else {
                let fits = |s: &&(u8, u8, Repair)| s.0 == ch && s.1.is_ascii_digit() == want_digit;
                SWAPS.iter().filter(fits).map(|s| s.1).collect()
            };
            if opts.is_empty() {
                continue 'shapes;
            }
            acc = acc
                .iter()
                .flat_map(|p| opts.iter().map(move |&o| format!("{p}{}", o as char)))
                .collect();
        }
        out.extend(acc.into_iter().filter(|s| gap_ok(raw, s, sh.len())));
    }
    out
}

/// Parses, and when the input is malformed or not real (per `is_real`, e.g. an NSPL lookup),
/// tries O/0 and I/L/1 keying repairs. A repair is accepted only if exactly one candidate is
/// real; several real candidates give `Ambiguous`, none gives the original error
/// (`NotFound` if the input was well-formed).
pub fn parse_with_repair(
    raw: &str,
    is_real: impl Fn(&Postcode) -> bool,
) -> Result<(Postcode, Vec<Repair>), PostcodeError> {
    let first = parse(raw);
    if let Ok(p) = &first
        && is_real(p)
    {
        return Ok((p.clone(), Vec::new()));
    }
    let found = candidates(raw).into_iter().filter_map(|s| full(&s));
    let mut real: Vec<Postcode> = found.filter(|p| is_real(p)).collect();
    match (real.pop(), first) {
        (None, Ok(p)) => Err(PostcodeError::NotFound(p)),
        (None, Err(e)) => Err(e),
        (Some(p), _) if real.is_empty() => {
            let (typed, meant) = (compact(raw), p.compact());
            let swap = |(t, m)| SWAPS.iter().find(|s| (s.0, s.1) == (t, m)).map(|s| s.2);
            let repairs = typed.bytes().zip(meant.bytes()).filter_map(swap).collect();
            Ok((p, repairs))
        }
        (Some(p), _) => Err(PostcodeError::Ambiguous([real, vec![p]].concat())),
    }
}

#[cfg(test)]
mod tests {
    use super::{PartialKind::*, PostcodeError::*, *};

    fn pc(s: &str) -> Postcode {
        parse(s).unwrap()
    }

    /// `parse_with_repair` against a lookup holding exactly `set`, shown as `code [repairs]`.
    fn fix(raw: &str, set: &[&str]) -> String {
        match parse_with_repair(raw, |p| set.contains(&p.as_str())) {
            Ok((p, r)) => format!("{p} {r:?}"),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn normalises_case_and_whitespace() {
        let spaced = ["OX4 2 JY", "O X4 2JY", "OX42JY\r\n"];
        for raw in ["ox42jy", " ox4  2jy ", "OX4\u{a0}2JY", "Ox4\t2jY"]
            .iter()
            .chain(&spaced)
        {
            assert_eq!(pc(raw).as_str(), "OX4 2JY", "{raw:?}");
        }
        for raw in ["", "   ", "\u{a0}\t"] {
            assert_eq!(parse(raw), Err(Empty));
        }
    }

    #[test]
    fn every_shape_parses_with_parts() {
        // input | canonical | area | district | sector | compact | pcd7
        for row in [
            "m11ae|M1 1AE|M|M1|M1 1|M11AE|M1  1AE",
            "B338TH|B33 8TH|B|B33|B33 8|B338TH|B33 8TH",
            "cr2 6xh|CR2 6XH|CR|CR2|CR2 6|CR26XH|CR2 6XH",
            "DN55 1PT|DN55 1PT|DN|DN55|DN55 1|DN551PT|DN551PT",
            "w1a 0ax|W1A 0AX|W|W1A|W1A 0|W1A0AX|W1A 0AX",
            "EC1A1BB|EC1A 1BB|EC|EC1A|EC1A 1|EC1A1BB|EC1A1BB",
            "OX4 2JY|OX4 2JY|OX|OX4|OX4 2|OX42JY|OX4 2JY",
            "gir0aa|GIR 0AA|GIR|GIR|GIR 0|GIR0AA|GIR 0AA",
        ] {
            let f: Vec<&str> = row.split('|').collect();
            let p = pc(f[0]);
            assert_eq!([p.as_str(), p.area(), p.district(), p.sector()], f[1..5]);
            assert_eq!([p.compact(), p.pcd7()], f[5..], "{row}");
            assert_eq!(format!("{} {}", p.outward(), p.inward()), f[1]);
            assert_eq!(parse(f[1]), Ok(p));
        }
    }

    #[test]
    fn rejects_bad_letters_and_shapes() {
        for raw in [
            "QA1 1AA", "VA1 1AA", "XA1 1AA", "AI1 1AA", "AJ1 1AA", "AZ1 1AA", "OX4 2CY", "OX4 2JI",
            "OX4 2KY", "OX4 2MY", "OX4 2OY", "OX4 2JV", "W1I 1AA", "EC1C 1BB", "BFPO 123",
            "OX4 2J", "OX4 22JY", "M1 11AE", "OX4-2JY", "ÖX4 2JY", "OX4 2JYY", "OXF4 2JY",
            "1X4 2JY", "OX4 AJY", "Q", "ZZ", "AI",
        ] {
            assert_eq!(parse(raw), Err(BadFormat), "{raw:?}");
        }
    }

    #[test]
    fn recognises_partials() {
        for (raw, kind, canon) in [
            ("OX", Area, "OX"),
            ("m", Area, "M"),
            ("OX4", District, "OX4"),
            ("bt34", District, "BT34"),
            ("OX42", District, "OX42"),
            ("O X 4", District, "OX4"),
            ("OX4 2", Sector, "OX4 2"),
            ("OX2 8", Sector, "OX2 8"),
            ("ec1a1", Sector, "EC1A 1"),
            (" m1  1 ", Sector, "M1 1"),
        ] {
            assert_eq!(parse_partial(raw), Some((kind, canon.into())), "{raw:?}");
            assert_eq!(parse(raw), Err(Partial(kind)));
        }
        assert_eq!(parse_partial("OX4 2JY"), None);
    }

    #[test]
    fn repairs_keying_errors_when_exactly_one_is_real() {
        assert_eq!(fix("TA7 ONZ", &["TA7 0NZ"]), "TA7 0NZ [LetterOForZero]");
        assert_eq!(fix("0X4 2JY", &["OX4 2JY"]), "OX4 2JY [ZeroForLetterO]");
        let both = "OX4 0JY [ZeroForLetterO, LetterOForZero]";
        assert_eq!(fix("0x4 oJY", &["OX4 0JY"]), both);
        let three = "OX4 1LY [ZeroForLetterO, LetterLForOne, OneForLetterL]";
        assert_eq!(fix("0X4 l1Y", &["OX4 1LY"]), three);
        assert_eq!(fix("ox4 2jy", &["OX4 2JY"]), "OX4 2JY []");
    }

    #[test]
    fn repairs_refused_when_ambiguous_or_not_real() {
        // B1O fits A99 (O→0 gives B10) and AA9 (1→L and O→0 give BL0).
        let both = ["B10 1AA", "BL0 1AA"];
        let ambiguous = r#"Ambiguous([Postcode("B10 1AA"), Postcode("BL0 1AA")])"#;
        assert_eq!(fix("B1O 1AA", &both), ambiguous);
        assert_eq!(fix("B1O 1AA", &both[..1]), "B10 1AA [LetterOForZero]");
        // A real input stands as it is even when a repair of it would also be real.
        assert_eq!(fix("B10 1AA", &both), "B10 1AA []");
        assert_eq!(fix("TA7 ONZ", &["TA7 0NX"]), "BadFormat");
        assert_eq!(fix("OX4 2JY", &[]), r#"NotFound(Postcode("OX4 2JY"))"#);
        // Letters where letters belong are never swapped, even if anything would be accepted.
        let all = |_: &Postcode| true;
        assert_eq!(parse_with_repair("OX4 2JI", all), Err(BadFormat));
        assert_eq!(parse_with_repair("OX4 22JY", all), Err(BadFormat));
        assert_eq!(parse_with_repair("OX4", all), Err(Partial(District)));
    }

    #[test]
    fn messages_are_plain() {
        let e = Ambiguous(vec![pc("M1 1AE"), pc("M2 1AE")]).to_string();
        assert_eq!(e, "could be any of M1 1AE, M2 1AE; not choosing");
        let e = Partial(Sector).to_string();
        assert_eq!(e, "only a postcode sector is given, not a full postcode");
        for (i, (_, _, r)) in SWAPS.iter().enumerate() {
            assert_eq!(*r as usize, i, "SWAPS must follow Repair order");
        }
        let r = Repair::LetterLForOne.to_string();
        assert_eq!(r, "letter L keyed in place of digit 1");
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZOIL0011abcoil0123456789    \t.-,/'\
            \u{a0}éß€😀İı\u{200b}"
            .chars()
            .collect();
        let pick = |r: usize| alphabet[r % alphabet.len()];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        let (mut parsed, mut repaired) = (0, 0);
        for i in 0..20_000 {
            // Half noise, half postcode-shaped strings with the odd character swapped out.
            let shaped = format!("{} 9AA", OUTWARD_SHAPES[next() % 6]);
            let s: String = match i % 2 {
                0 => (0..next() % 10).map(|_| pick(next())).collect(),
                _ => (shaped.chars())
                    .map(|k| match (k, next() % 8) {
                        (_, 0) => pick(next()),
                        ('A', _) => char::from(b'A' + (next() % 26) as u8),
                        ('9', _) => char::from(b'0' + (next() % 10) as u8),
                        _ => ' ',
                    })
                    .collect(),
            };
            let _ = parse_partial(&s);
            repaired += usize::from(parse_with_repair(&s, |p| p.as_str().len() % 2 == 0).is_ok());
            if let Ok(p) = parse(&s) {
                parsed += 1;
                assert_eq!(parse(&p.compact()).as_ref(), Ok(&p));
                assert_eq!(parse(&p.pcd7()).as_ref(), Ok(&p));
                assert!(p.sector().starts_with(p.district()) && p.district().starts_with(p.area()));
                assert!(p.as_str().ends_with(p.inward()) && p.to_string() == p.as_str());
            }
        }
        assert!(
            parsed > 1000 && repaired > parsed / 2,
            "{parsed}/{repaired}"
        );
    }
}
