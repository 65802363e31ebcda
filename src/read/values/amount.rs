//! Amounts to integer pence, exactly: text is parsed as a decimal (never through a float),
//! and spreadsheet floats are rounded to the penny with the rounding made visible.

/// The largest single payment spendgap believes: £100 billion. Anything larger is a
/// keying error (or an account number in the amount column), and refusing it keeps every
/// total far from integer overflow.
pub const MAX_PENCE: i64 = 10_000_000_000_000;

/// A parsed amount, with whether sub-penny digits were rounded away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pence {
    pub pence: i64,
    /// True when the source carried digits below the penny that were rounded
    /// (half away from zero).
    pub rounded: bool,
}

/// Why a text amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    TooLarge,
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AmountError::Empty => "amount is empty",
            AmountError::NotANumber => "amount is not a number",
            AmountError::TooLarge => "amount is too large to be a payment",
        })
    }
}

/// Parses money as finance systems print it: `17,532.00`, `£1,204.50`, `(250.00)`,
/// `-0.01`, `1,996.00-`, `+12`, `9533.9100000000035`, `1.5E+03`.
///
/// Signs: a leading `-`/`+`, a trailing `-`, or accounting parentheses. Currency: a `£`,
/// `GBP` or `$`/`€` sign anywhere before the digits. Thousands separators (`,` and spaces)
/// are dropped. Digits beyond the penny are rounded half away from zero.
pub fn parse_amount(raw: &str) -> Result<Pence, AmountError> {
    parse_capped(raw, MAX_PENCE)
}

/// A sum too large for one payment, read anyway: a ledger's total line may well be over
/// [`MAX_PENCE`], and is told from a payment by equalling the rows above it.
pub fn parse_total(cell: crate::read::cell::Cell<'_>) -> Option<Pence> {
    use crate::read::cell::Cell;
    match cell {
        Cell::Text(s) => parse_capped(s, i64::MAX / 2).ok(),
        Cell::Number(x) if x.is_finite() && x.abs() < 4.0e16 => {
            parse_capped(&format!("{x}"), i64::MAX / 2).ok()
        }
        _ => None,
    }
}

fn parse_capped(raw: &str, cap: i64) -> Result<Pence, AmountError> {
    let s = super::trim(raw);
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let bytes = s.as_bytes();
    let mut negative = false;
    let mut start = 0;
    let mut end = bytes.len();
    let bracketed = bytes[0] == b'(' && bytes[end - 1] == b')';
    if bracketed {
        negative = true;
        start += 1;
        end -= 1;
    }
    // Accumulate digits of the integer part and up to three fractional digits (the third
    // decides rounding; any further non-zero digit only matters for exact halves).
    let mut int_part: i64 = 0;
    let mut frac: [u8; 2] = [0, 0];
    let mut frac_len = 0usize;
    let mut round_digit: Option<u8> = None;
    let mut sticky = false; // non-zero digit after the rounding digit
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut seen_sign = false;
    let mut exponent: Option<i32> = None;
    let mut i = start;
    while i < end {
        let c = bytes[i];
        match c {
            b'0'..=b'9' => {
                seen_digit = true;
                let d = c - b'0';
                if !seen_point {
                    int_part = int_part
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(i64::from(d)))
                        .ok_or(AmountError::TooLarge)?;
                } else if frac_len < 2 {
                    frac[frac_len] = d;
                    frac_len += 1;
                } else if round_digit.is_none() {
                    round_digit = Some(d);
                } else if d != 0 {
                    sticky = true;
                }
            }
            b'.' if !seen_point => seen_point = true,
            // A thousands separator must be followed by exactly three digits: `12,50` is a
            // decimal comma (or a typo), and is refused rather than read as 1,250.
            b',' | b' ' | b'\'' if seen_digit && !seen_point => {
                let group = &bytes[i + 1..end];
                let three = group.len() >= 3 && group[..3].iter().all(u8::is_ascii_digit);
                if !three || group.get(3).is_some_and(u8::is_ascii_digit) {
                    return Err(AmountError::NotANumber);
                }
                // `100 200` is two numbers, not 100,200; `1 204.50` is one.
                if c == b' ' && !matches!(group.get(3), Some(b'.' | b' ' | b',')) {
                    return Err(AmountError::NotANumber);
                }
            }
            b'-' | b'+' if !seen_digit && !seen_sign && !bracketed => {
                seen_sign = true;
                negative ^= c == b'-';
            }
            b'-' if seen_digit && i == end - 1 => negative = !negative,
            b'e' | b'E' if seen_digit && exponent.is_none() => {
                let exp: i32 = std::str::from_utf8(&bytes[i + 1..end])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .ok_or(AmountError::NotANumber)?;
                exponent = Some(exp);
                break;
            }
            _ if !seen_digit && is_currency_prefix(&bytes[i..end]) > 0 => {
                i += is_currency_prefix(&bytes[i..end]);
                continue;
            }
            b' ' if !seen_digit => {}
            _ => return Err(AmountError::NotANumber),
        }
        i += 1;
    }
    if !seen_digit {
        return Err(AmountError::NotANumber);
    }
    if let Some(exp) = exponent {
        return parse_scientific(&bytes[start..end], exp, negative);
    }
    let mut pence = int_part
        .checked_mul(100)
        .and_then(|v| v.checked_add(i64::from(frac[0]) * 10 + i64::from(frac[1])))
        .ok_or(AmountError::TooLarge)?;
    let rounded = round_digit.is_some_and(|d| d != 0) || sticky;
    if round_digit.is_some_and(|d| d >= 5) {
        pence = pence.checked_add(1).ok_or(AmountError::TooLarge)?;
    }
    if pence > cap {
        return Err(AmountError::TooLarge);
    }
    Ok(Pence {
        pence: if negative { -pence } else { pence },
        rounded,
    })
}

/// Bytes of a currency marker at the start of `b` (0 when none).
fn is_currency_prefix(b: &[u8]) -> usize {
    const MARKS: [&[u8]; 5] = ["£".as_bytes(), "€".as_bytes(), b"$", b"GBP", b"gbp"];
    MARKS
        .iter()
        .find(|m| b.starts_with(m))
        .map_or(0, |m| m.len())
}

/// Scientific notation (`1.2345E+03`, as Excel writes wide numbers to CSV): shift the
/// decimal point in the mantissa's digit string, then parse exactly as ordinary text.
fn parse_scientific(body: &[u8], exp: i32, negative: bool) -> Result<Pence, AmountError> {
    let mantissa = body
        .split(|&b| b == b'e' || b == b'E')
        .next()
        .unwrap_or_default();
    let digits: String = mantissa
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let point = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => mantissa[..at].iter().filter(|b| b.is_ascii_digit()).count(),
        None => digits.len(),
    };
    let shift = point as i64 + i64::from(exp);
    if !(-40..=18).contains(&shift) {
        return Err(AmountError::TooLarge);
    }
    let plain = if shift <= 0 {
        format!("0.{}{digits}", "0".repeat(shift.unsigned_abs() as usize))
    } else if shift as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(shift as usize - digits.len()))
    } else {
        let (whole, frac) = digits.split_at(shift as usize);
        format!("{whole}.{frac}")
    };
    let p = parse_amount(&plain)?;
    Ok(Pence {
        pence: if negative { -p.pence } else { p.pence },
        rounded: p.rounded,
    })
}

/// Rounds a spreadsheet number to pence. `rounded` is true when the stored number, written
/// in its shortest round-trip form, has more than two decimal places (e.g. the
/// `9533.9100000000035` artefacts of summed formulas).
pub fn pence_from_float(x: f64) -> Result<Pence, AmountError> {
    if !x.is_finite() {
        return Err(AmountError::NotANumber);
    }
    if x.abs() >= 9.0e15 {
        return Err(AmountError::TooLarge);
    }
    // Display prints the shortest representation that round-trips, so parsing it as a
    // decimal gives the value a person sees in Excel's formula bar.
    parse_amount(&format!("{x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> i64 {
        parse_amount(s).unwrap_or_else(|e| panic!("{s}: {e}")).pence
    }

    #[test]
    fn plain_and_grouped() {
        assert_eq!(p("17,532.00"), 1_753_200);
        assert_eq!(p("325.00"), 32_500);
        assert_eq!(p("910"), 91_000);
        assert_eq!(p("463.2"), 46_320);
        assert_eq!(p(" 1 204.50 "), 120_450);
        assert_eq!(p(".5"), 50);
    }

    #[test]
    fn currency_and_signs() {
        assert_eq!(p("£1,204.50"), 120_450);
        assert_eq!(p("-£1,204.50"), -120_450);
        assert_eq!(p("£-12.00"), -1_200);
        assert_eq!(p("(250.00)"), -25_000);
        assert_eq!(p("(£250.00)"), -25_000);
        assert_eq!(p("-0.01"), -1);
        assert_eq!(p("1,996.00-"), -199_600);
        assert_eq!(p("+12"), 1_200);
        assert_eq!(p("GBP 10.10"), 1_010);
    }

    #[test]
    fn rounding_is_counted() {
        let r = parse_amount("9533.9100000000035").unwrap();
        assert_eq!(
            r,
            Pence {
                pence: 953_391,
                rounded: true
            }
        );
        assert_eq!(parse_amount("0.005").unwrap().pence, 1);
        assert_eq!(parse_amount("-0.005").unwrap().pence, -1);
        assert_eq!(parse_amount("0.0049").unwrap().pence, 0);
        assert!(!parse_amount("12.50").unwrap().rounded);
        assert!(!parse_amount("12.500").unwrap().rounded);
    }

    #[test]
    fn scientific() {
        assert_eq!(p("1.5E+03"), 150_000);
        assert_eq!(p("1.23456E+05"), 12_345_600);
        assert_eq!(p("2E-2"), 2);
    }

    #[test]
    fn rejects() {
        for bad in [
            "", "  ", "TBC", "12.3.4", "1,2a", "--5", "£", "N/A", "12-05",
            // regressions: a decimal comma, a space between numbers, a sign inside brackets
            "12,50", "100 200", "1,0000", "(-5.00)", "(+5)",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        // Regression: 90000000000000000 was accepted and two of them overflowed the total.
        assert_eq!(
            parse_amount("90000000000000000"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("100,000,000,000.00").unwrap().pence, MAX_PENCE);
    }

    #[test]
    fn floats() {
        let r = pence_from_float(9533.910000000003).unwrap();
        assert_eq!(
            r,
            Pence {
                pence: 953_391,
                rounded: true
            }
        );
        assert_eq!(
            pence_from_float(1390.61).unwrap(),
            Pence {
                pence: 139_061,
                rounded: false
            }
        );
        assert_eq!(pence_from_float(-0.01).unwrap().pence, -1);
        assert_eq!(pence_from_float(22000.0).unwrap().pence, 2_200_000);
        assert!(pence_from_float(f64::NAN).is_err());
    }
}
