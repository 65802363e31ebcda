//! Money and counts as finance teams write them: every stage's messages, the report, the
//! charts and the workbook format numbers the same way, so the helpers sit below them all.

/// `£1,234.56`, `-£0.01`.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}£{}.{:02}", thousands(p / 100), p % 100)
}

/// `£1,235`: pounds rounded to the nearest, for legends where pence are noise.
pub fn whole_pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}£{}", thousands((p + 50) / 100))
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        assert_eq!(pounds(-1), "-£0.01");
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(whole_pounds(123_456_789), "£1,234,568");
        assert_eq!(whole_pounds(-149), "-£1");
        assert_eq!(pounds(i64::MIN), "-£92,233,720,368,547,758.08");
    }

    #[test]
    fn counts() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }
}
