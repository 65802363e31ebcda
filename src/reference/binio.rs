//! A tiny binary container for reference caches: named sections of little-endian arrays
//! and string tables, so that a national-size table loads with a few large copies
//! instead of millions of allocations.

use anyhow::{Context, bail};

const MAGIC: &[u8; 8] = b"SPGCACHE";

/// Strings stored end to end with their end offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrTable {
    data: String,
    ends: Vec<u32>,
}

impl StrTable {
    pub fn push(&mut self, s: &str) -> u32 {
        self.data.push_str(s);
        self.ends.push(self.data.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Writes sections in order.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(kind: &str) -> Self {
        let mut w = Writer {
            buf: MAGIC.to_vec(),
        };
        w.bytes(kind.as_bytes());
        w
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(b);
    }

    pub fn u32s(&mut self, v: &[u32]) {
        self.buf.extend_from_slice(&(v.len() as u64).to_le_bytes());
        v.iter()
            .for_each(|x| self.buf.extend_from_slice(&x.to_le_bytes()));
    }

    pub fn f32s(&mut self, v: &[f32]) {
        self.buf.extend_from_slice(&(v.len() as u64).to_le_bytes());
        v.iter()
            .for_each(|x| self.buf.extend_from_slice(&x.to_le_bytes()));
    }

    pub fn strs(&mut self, t: &StrTable) {
        self.bytes(t.data.as_bytes());
        self.u32s(&t.ends);
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads sections in the order they were written.
pub struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], kind: &str) -> anyhow::Result<Self> {
        if !buf.starts_with(MAGIC) {
            bail!("not a spendgap cache file");
        }
        let mut r = Reader {
            buf,
            at: MAGIC.len(),
        };
        if r.bytes()? != kind.as_bytes() {
            bail!("cache holds another kind of table");
        }
        Ok(r)
    }

    fn len(&mut self, width: usize) -> anyhow::Result<usize> {
        let raw = self
            .buf
            .get(self.at..self.at + 8)
            .context("cache file is truncated")?;
        self.at += 8;
        let n = u64::from_le_bytes(raw.try_into().expect("8 bytes")) as usize;
        if n.saturating_mul(width) > self.buf.len() - self.at {
            bail!("cache file is truncated");
        }
        Ok(n)
    }

    pub fn bytes(&mut self) -> anyhow::Result<&'a [u8]> {
        let n = self.len(1)?;
        let out = &self.buf[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    pub fn u32s(&mut self) -> anyhow::Result<Vec<u32>> {
        let n = self.len(4)?;
        let out = self.buf[self.at..self.at + 4 * n]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        self.at += 4 * n;
        Ok(out)
    }

    pub fn f32s(&mut self) -> anyhow::Result<Vec<f32>> {
        let n = self.len(4)?;
        let out = self.buf[self.at..self.at + 4 * n]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        self.at += 4 * n;
        Ok(out)
    }

    pub fn strs(&mut self) -> anyhow::Result<StrTable> {
        let data = std::str::from_utf8(self.bytes()?)
            .context("cache text is not UTF-8")?
            .to_string();
        let ends = self.u32s()?;
        if ends.last().is_some_and(|e| *e as usize != data.len())
            || ends.windows(2).any(|w| w[0] > w[1])
        {
            bail!("cache string table is inconsistent");
        }
        if ends.iter().any(|e| !data.is_char_boundary(*e as usize)) {
            bail!("cache string table is inconsistent");
        }
        Ok(StrTable { data, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut t = StrTable::default();
        t.push("OX4 2JY");
        t.push("");
        t.push("Café");
        let mut w = Writer::new("test");
        w.u32s(&[1, 2, 3]);
        w.f32s(&[51.75, f32::NAN]);
        w.strs(&t);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes, "test").unwrap();
        assert_eq!(r.u32s().unwrap(), vec![1, 2, 3]);
        assert_eq!(r.f32s().unwrap()[0], 51.75);
        let back = r.strs().unwrap();
        assert_eq!(
            (back.get(0), back.get(1), back.get(2)),
            ("OX4 2JY", "", "Café")
        );
        for cut in 0..bytes.len() {
            let ok = Reader::new(&bytes[..cut], "test").and_then(|mut r| {
                r.u32s()?;
                r.f32s()?;
                r.strs()
            });
            assert!(ok.is_err(), "truncated at {cut} must fail, not panic");
        }
        assert!(Reader::new(&bytes, "other").is_err());
    }
}
