//! Text spellings of money and CSV fields, made by hand from integer pence so that the
//! generator never rounds a float and can predict every byte it writes.

/// `1234567` pence → `12,345.67` (sign dropped).
pub fn thousands(pence: i64) -> String {
    let p = pence.unsigned_abs();
    let pounds = (p / 100).to_string();
    let mut out = String::with_capacity(pounds.len() + 6);
    for (i, ch) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(&format!(".{:02}", p % 100));
    out
}

/// Accounting style: `17,532.00`, credits as `(250.00)`.
pub fn accounting(pence: i64) -> String {
    if pence < 0 {
        format!("({})", thousands(pence))
    } else {
        thousands(pence)
    }
}

/// With a pound sign: `£1,204.50`, credits as `-£45.00`.
pub fn sterling(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}£{}", thousands(pence))
}

/// Plain decimal without grouping: `-1204.50`.
pub fn plain(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}{}.{:02}", p / 100, p % 100)
}

/// The double nearest to `pence / 100`; `artefact` nudges it one ulp up, as a value that
/// went through a few spreadsheet sums would be (`1263.6100000000001`).
pub fn as_f64(pence: i64, artefact: bool) -> f64 {
    let v = pence as f64 / 100.0;
    if artefact { v.next_up() } else { v }
}

/// Quotes a field when it holds the delimiter, a quote or a line break.
pub fn csv_field(s: &str, delim: char) -> String {
    if s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Always quotes, as many finance exports do for amounts.
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Joins already-escaped fields.
pub fn csv_line(fields: &[String], delim: char) -> String {
    fields.join(&delim.to_string())
}

/// Encodes text as Windows-1252 (every character the generator uses is representable).
pub fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "text not representable in Windows-1252");
    bytes.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(thousands(1_753_200), "17,532.00");
        assert_eq!(thousands(5), "0.05");
        assert_eq!(thousands(12_345_678_901), "123,456,789.01");
        assert_eq!(accounting(-25_000), "(250.00)");
        assert_eq!(sterling(120_450), "£1,204.50");
        assert_eq!(sterling(-4_500), "-£45.00");
        assert_eq!(plain(-120_450), "-1204.50");
        assert_eq!(as_f64(126_361, true).to_string(), "1263.6100000000001");
        assert_eq!(csv_field("a;b", ';'), "\"a;b\"");
        assert_eq!(windows_1252("£é"), vec![0xA3, 0xE9]);
    }
}
